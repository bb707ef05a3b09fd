"""Step 6 — assemble the site: every generated page, data file and snippet, from one Plan.

In: the plan_data directory. Out: a SiteBuild — nav, {path: content} of every generated file and the
snippets for hand-written pages — which the MkDocs hook (``overrides/hooks/plan_site.py``) hands to
MkDocs and any other engine could write to disk. The plan is loaded and validated exactly once per
build, here; pages come from the page registry, files from the exports, the graph drawing and the
search index. ``prepared`` keeps the last SiteBuild while the data is unchanged (``mkdocs serve``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import history, pages
from .export import export_files
from .export.api import api_files
from .graph import graph_of
from .graph.draw import GRAPH_ASSETS, GRAPH_CSS, graph_files
from .model import Plan, load_plan
from .pages.embed import embed_files
from .pages.feed import feed_files
from .search import search_files
from .search.dictionary import jieba_userdict


@dataclass
class SiteBuild:
    plan: Plan
    nav: list
    files: dict[str, str | bytes]
    snippets: dict[str, str]
    extra: dict[str, object] = field(default_factory=lambda: {"graph_assets": GRAPH_ASSETS, "graph_css": GRAPH_CSS})
    """Values the theme's templates read (``config.extra``): the scripts and styles a graph view needs."""

    @property
    def summary(self) -> str:
        p = self.plan
        return f"{len(p.tasks)} tasks, {len(p.targets)} targets, {len(p.indicators)} indicators, {len(self.files)} generated files"

    def fill_markers(self, markdown: str) -> str:
        """A hand-written page with its <!-- plan:NAME --> markers filled."""
        return pages.fill_markers(markdown, self.snippets)


OUTPUTS: tuple[tuple[str, Callable[[Plan, object, Path], dict[str, str | bytes]]], ...] = (
    ("pages", lambda plan, G, data_dir: pages.generate(plan)),
    ("search dictionary", lambda plan, G, data_dir: {"data/jieba_userdict.txt": jieba_userdict(plan)}),
    ("downloads", lambda plan, G, data_dir: export_files(plan, data_dir)),
    ("api", lambda plan, G, data_dir: api_files(plan)),
    ("graph", lambda plan, G, data_dir: graph_files(plan, G)),
    ("search index", lambda plan, G, data_dir: search_files(plan)),
    ("feeds", lambda plan, G, data_dir: feed_files(plan)),
    ("embeds", lambda plan, G, data_dir: embed_files(plan)),
)
"""Every generated file comes from one of these steps, given the plan, its graph and the data directory:
name → {site path: content}. (bench/s1_build.py times them one by one.)"""


def load(data_dir: Path) -> Plan:
    """The validated plan with its history. Why a thread for the history: reading it is mostly waiting
    for git, which runs while the plan loads."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(history.read, data_dir)
        plan = load_plan(data_dir)
        plan.history = reading.result()
    return plan


def prepare(data_dir: Path) -> SiteBuild:
    """The whole site from plan_data: pages, nav, snippets and every generated file (``OUTPUTS``)."""
    plan = load(data_dir)
    G = graph_of(plan)
    files: dict[str, str | bytes] = {}
    for _name, make in OUTPUTS:
        files |= make(plan, G, data_dir)
    return SiteBuild(plan, pages.nav(plan), dict(sorted(files.items())), pages.home_snippets(plan))


def fingerprint(paths: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A digest of every file's path and bytes under ``paths`` (and of ``extra`` strings): equal digests
    mean equal inputs. Files under __pycache__ are left out."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for p in files:
            digest.update(p.as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    for x in extra:
        digest.update(x.encode() + b"\0")
    return digest.hexdigest()


_served: dict[str, object] = {}


def served(key: str, make: Callable[[], object]) -> object:
    """What ``make()`` gave for ``key`` the last time, else a new one; only the last key is kept."""
    if key not in _served:
        _served.clear()
        _served[key] = make()
    return _served[key]


def prepared(data_dir: Path) -> SiteBuild:
    """``prepare(data_dir)``, reused while the data and the build date are as at the last call. Why:
    under ``mkdocs serve`` an edit of a hand-written page or of the theme rebuilds the site, but the plan
    data is as before, and so is the prepared site. (A code edit reloads this module, and the cache with it.)"""
    key = fingerprint([data_dir], [os.environ.get(k, "") for k in ("SOURCE_DATE_EPOCH", "SITE_URL", "OFFLINE")])
    return served(key, lambda: prepare(data_dir))  # type: ignore[return-value]
