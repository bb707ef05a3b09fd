"""MkDocs hook: wires MkDocs events to genhe_plan. No logic of its own.

on_config  take the prepared site: from the build command (``genhe_plan.handoff``: it prepared the
           site while MkDocs started) or, under ``mkdocs serve`` or a bare ``mkdocs build``, by
           (re)loading the genhe_plan code and running load → validate → model → pages here (bad data
           aborts with the report either way); set the nav, tell the theme which scripts and styles
           a graph view needs (search is the site's own: its index is among the generated files)
on_files   add every generated page and data file (nothing is written into docs/)
on_env     add the files only scripts load, when the build command hands them over after the pages
on_page_markdown  fill the <!-- plan:NAME --> markers of hand-written pages
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.plugins.genhe_plan")
_state: dict = {}


def _fresh(module: str):
    """genhe_plan as it is on disk now. Why: `mkdocs serve` rebuilds when a file in genhe_plan/ changes,
    but Python would keep running the modules it imported first; dropping them picks up code edits."""
    for name in [m for m in sys.modules if m == "genhe_plan" or m.startswith("genhe_plan.")]:
        del sys.modules[name]
    return importlib.import_module(module)


def _prepare_here() -> dict:
    site, errors = _fresh("genhe_plan.site"), importlib.import_module("genhe_plan.errors")
    data_dir = Path(os.environ.get("PLAN_DATA", ROOT / "plan_data"))
    try:
        return site.handoff_payload(site.prepare(data_dir))
    except errors.PlanDataError as err:
        raise Abort(err.report()) from None


def on_config(config):
    handoff = _fresh("genhe_plan.handoff")
    prepared = os.environ.get(handoff.ENV)
    try:
        _state["site"] = site = handoff.read(Path(prepared)) if prepared else _prepare_here()
    except handoff.Failed as err:
        raise Abort(str(err)) from None
    _state["fill_markers"], _state["late"] = handoff.fill_markers, site.get("late") and handoff.late(Path(prepared))
    _state["read"], _state["failed"] = handoff.read, handoff.Failed
    config["nav"] = site["nav"]
    config["extra"]["graph_assets"] = site["graph_assets"]
    config["extra"]["graph_css"] = site["graph_css"]
    log.info("plan data: %s", site["summary"])
    return config


def on_files(files, config):
    for uri, content in _state["site"]["files"].items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_env(env, config, files):
    if _state["late"]:  # the build command hands over the files only scripts load after the pages
        try:
            late = _state["read"](_state["late"])
        except _state["failed"] as err:
            raise Abort(str(err)) from None
        for uri, content in late["files"].items():
            files.append(File.generated(config, uri, content=content))
    return env


def on_page_markdown(markdown, page, config, files):
    return _state["fill_markers"](markdown, _state["site"]["snippets"])
