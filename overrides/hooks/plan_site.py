"""MkDocs hook: wires MkDocs events to genhe_plan; its only logic is when to reload genhe_plan under serve.

on_config  under ``mkdocs serve`` or a bare ``mkdocs build``: (re)load the genhe_plan code if it
           changed and run load → validate → model → pages here, unless data and code are as at the
           last build (bad data aborts with the report); set the nav and tell the theme which scripts
           and styles a graph view needs
on_files   from ``python -m genhe_plan build``: take the site it prepared while MkDocs started
           (``genhe_plan.handoff``; its bad-data report aborts the same way) and set the same; then
           add every generated page and data file (nothing is written into docs/)
on_pre_page / on_env  fill in the late pages and other files when MkDocs first needs them (the build
           command hands them over after the pages; MkDocs reads the late pages last)
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


def _current_handoff():
    """genhe_plan as it is on disk now. Why: `mkdocs serve` rebuilds when a file in genhe_plan/ changes,
    but Python would keep running the modules it imported first; they are dropped (and imported again)
    when the code's fingerprint changed since the last build, and kept, with their caches, otherwise."""
    handoff = importlib.import_module("genhe_plan.handoff")
    code = handoff.fingerprint([ROOT / "genhe_plan"])
    if getattr(handoff, "code_fingerprint", None) != code:
        for name in [m for m in sys.modules if m == "genhe_plan" or m.startswith("genhe_plan.")]:
            del sys.modules[name]
        handoff = importlib.import_module("genhe_plan.handoff")
        handoff.code_fingerprint = code
    return handoff


def _prepare_here() -> dict:
    site, errors = importlib.import_module("genhe_plan.site"), importlib.import_module("genhe_plan.errors")
    try:
        return site.handoff_payload(site.prepare(_state["data_dir"]))
    except errors.PlanDataError as err:
        raise Abort(err.report()) from None


def on_config(config):
    handoff = _current_handoff()
    _state["handoff"], _state["prepared"] = handoff, os.environ.get(handoff.ENV)
    _state["data_dir"] = Path(os.environ.get("PLAN_DATA", ROOT / "plan_data"))
    if not _state["prepared"]:
        key = handoff.fingerprint([_state["data_dir"]], [os.environ.get("SOURCE_DATE_EPOCH", "")])
        _take(config, handoff.served(key, _prepare_here))
    return config


def _take(config, site: dict) -> None:
    _state["site"], _state["late"] = site, site.get("late") and _state["handoff"].late(Path(_state["prepared"]))
    config["nav"] = site["nav"]
    config["extra"]["graph_assets"] = site["graph_assets"]
    config["extra"]["graph_css"] = site["graph_css"]
    log.info("plan data: %s", site["summary"])


def _receive(path: Path) -> dict:
    try:
        return _state["handoff"].read(path)
    except _state["handoff"].Failed as err:
        raise Abort(str(err)) from None


def on_files(files, config):
    if _state["prepared"]:  # Why here, not in on_config: MkDocs lists docs/ and the theme meanwhile
        _take(config, _receive(Path(_state["prepared"])))
    for uri, content in _state["site"]["files"].items():
        files.append(File.generated(config, uri, content=content))
    _state["placeholders"] = {uri: File.generated(config, uri, content=b"") for uri in _state["site"].get("placeholders", [])}
    for file in _state["placeholders"].values():  # named now (nav, link check), after the pages; filled later
        files.append(file)
    return files


def on_pre_page(page, config, files):
    if page.file.src_uri in _state["placeholders"]:
        _fill_late(config, files)
    return page


def on_env(env, config, files):
    _fill_late(config, files)
    return env


def _fill_late(config, files) -> None:
    if _state["late"]:  # the build command hands over the late pages and other files after the pages
        late, _state["late"] = _receive(_state["late"])["files"], None
        if set(_state["placeholders"]) - set(late):
            raise Abort(f"构建命令没有交来这些文件（files named but not made）: {sorted(set(_state['placeholders']) - set(late))}")
        for uri, content in late.items():
            if uri in _state["placeholders"]:
                _state["placeholders"][uri].content_bytes = content if isinstance(content, bytes) else content.encode()
            else:
                files.append(File.generated(config, uri, content=content))


def on_page_markdown(markdown, page, config, files):
    return _state["handoff"].fill_markers(markdown, _state["site"]["snippets"])
