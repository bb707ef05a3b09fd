"""MkDocs hook: wires MkDocs events to genhe_plan. No logic of its own.

on_config  (re)load the genhe_plan code, then load → validate → model the plan once per build (bad
           data aborts with the report), set the nav, tell the theme which scripts and styles a
           graph view needs (search is the site's own: genhe_plan.search writes its index as generated files)
on_files   add every generated page and data file (nothing is written into docs/)
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


def on_config(config):
    site = _fresh("genhe_plan.site")
    errors, draw = importlib.import_module("genhe_plan.errors"), importlib.import_module("genhe_plan.graph.draw")
    data_dir = Path(os.environ.get("PLAN_DATA", ROOT / "plan_data"))
    try:
        _state["build"] = build = site.prepare(data_dir)
    except errors.PlanDataError as err:
        raise Abort(err.report()) from None
    _state["fill_markers"] = importlib.import_module("genhe_plan.pages").fill_markers
    config["nav"] = build.nav
    config["extra"]["graph_assets"] = draw.GRAPH_ASSETS
    config["extra"]["graph_css"] = draw.GRAPH_CSS
    log.info("plan data: %s", build.summary)
    return config


def on_files(files, config):
    for uri, content in _state["build"].files.items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    return _state["fill_markers"](markdown, _state["build"].snippets)
