"""MkDocs hook: wires MkDocs events to genhe_plan; its only logic is when to reload genhe_plan under serve.

on_config         (re)load the genhe_plan code if it changed on disk, then ``genhe_plan.site.prepare()``:
                  every generated page and file, the nav and the theme's extra values, each step read
                  back from its cache while its inputs are unchanged (bad data aborts with the report)
on_files          add every generated page and file (nothing is written into docs/); drop the theme's
                  files for Zensical (overrides/zensical/), which Material would publish as they are
on_page_markdown  fill the <!-- plan:NAME --> markers of hand-written pages

``mkdocs serve``, a bare ``mkdocs build`` and ``python -m genhe_plan build`` all take this one path.
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

log = logging.getLogger("mkdocs.plugins.genhe_plan")
_state: dict = {}


def _current_site():
    """genhe_plan.site as it is on disk now. Why: `mkdocs serve` rebuilds when a file in genhe_plan/
    changes, but Python would keep running the modules it imported first; they are dropped (and imported
    again) when the code's fingerprint changed since the last build, and kept, with their caches, otherwise."""
    if str(ROOT) not in sys.path:  # here, not at import: MkDocs restores sys.path after importing a hook
        sys.path.insert(0, str(ROOT))
    fresh = "genhe_plan.site" not in sys.modules  # a first import reads the code as it is now: no second one
    site = importlib.import_module("genhe_plan.site")
    code = site.fingerprint([ROOT / "genhe_plan"])
    if not fresh and getattr(site, "code_fingerprint", None) != code:
        for name in [m for m in sys.modules if m == "genhe_plan" or m.startswith("genhe_plan.")]:
            del sys.modules[name]
        site = importlib.import_module("genhe_plan.site")
    site.code_fingerprint = code
    return site


def on_config(config):
    site = _current_site()
    errors = importlib.import_module("genhe_plan.input.errors")
    try:
        build = site.prepare(Path(os.environ.get("PLAN_DATA", ROOT / "plan_data")))
    except errors.PlanDataError as err:
        raise Abort(err.report()) from None
    _state["build"] = build
    config["nav"] = build.nav
    config["extra"].update(build.extra)
    log.info("plan data: %s", build.summary)
    return config


def on_files(files, config):
    for file in [f for f in files if f.src_uri.startswith("zensical/") and f.src_dir in config.theme.dirs]:
        files.remove(file)  # overrides/zensical/: Zensical's theme, not Material's (a Jinja sitemap, a stylesheet)
    for uri, content in _state["build"].files.items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    return _state["build"].fill_markers(markdown)
