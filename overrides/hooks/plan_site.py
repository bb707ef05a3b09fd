"""MkDocs hook: wires MkDocs events to genhe_plan. No logic of its own.

on_config  load → validate → model the plan once per build (bad data aborts with the report),
           set the nav
on_files   add every generated page and data file (nothing is written into docs/)
on_page_markdown  fill the <!-- plan:NAME --> markers of hand-written pages
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from genhe_plan import pages, site  # noqa: E402
from genhe_plan.errors import PlanDataError  # noqa: E402

log = logging.getLogger("mkdocs.plugins.genhe_plan")
_state: dict = {}


def on_config(config):
    data_dir = Path(os.environ.get("PLAN_DATA", ROOT / "plan_data"))
    try:
        _state["build"] = build = site.prepare(data_dir)
    except PlanDataError as err:
        raise Abort(err.report()) from None
    config["nav"] = build.nav
    log.info("plan data: %s", build.summary)
    return config


def on_files(files, config):
    for uri, content in _state["build"].files.items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    return pages.fill_markers(markdown, _state["build"].snippets)
