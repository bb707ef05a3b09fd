"""Step 6 — assemble the site: every generated page, data file and snippet, from one Plan.

In: the plan_data directory. Out: a SiteBuild the MkDocs hook hands to MkDocs. The plan is loaded
and validated exactly once per build, here; pages come from the page registry, files from the
exports and the graph drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import pages
from .export import export_files, export_paths
from .graph import graph_of
from .graph.draw import DOWNLOAD_PATHS, GRAPH_ASSETS, GRAPH_CSS, graph_files
from .model import Plan, load_plan
from .search import search_files
from .search_dict import jieba_userdict


@dataclass
class SiteBuild:
    plan: Plan
    nav: list
    files: dict[str, str | bytes]
    snippets: dict[str, str]

    @property
    def summary(self) -> str:
        p = self.plan
        return f"{len(p.tasks)} tasks, {len(p.targets)} targets, {len(p.indicators)} indicators, {len(self.files)} generated files"


def prepare(data_dir: Path) -> SiteBuild:
    """The whole site from plan_data: pages, nav, snippets and every generated file."""
    build = prepare_pages(data_dir)
    build.files = dict(sorted((build.files | late_files(build.plan, data_dir)).items()))
    return build


def prepare_pages(data_dir: Path) -> SiteBuild:
    """The pages but the late ones (and the jieba dictionary); ``late_files`` makes the rest. Why two
    steps: MkDocs reads the pages first and needs the other files only when it copies them, so the build
    command hands those over later (``handoff``), naming early the ones it must know
    (``placeholder_paths``)."""
    plan = load_plan(data_dir)
    files: dict[str, str | bytes] = dict(pages.generate(plan, late=False))
    files["data/jieba_userdict.txt"] = jieba_userdict(plan)
    return SiteBuild(plan, pages.nav(plan), dict(sorted(files.items())), pages.home_snippets(plan))


def placeholder_paths(plan: Plan) -> list[str]:
    """Late files MkDocs must know before it reads the pages: the late pages (it reads them last) and the
    downloads pages link to (for its link check)."""
    return sorted([*pages.late_uris(plan), *export_paths(), *DOWNLOAD_PATHS])


def late_files(plan: Plan, data_dir: Path) -> dict[str, str | bytes]:
    """The late pages, downloads, the graph views' data and the search index."""
    G = graph_of(plan)
    files = pages.generate(plan, late=True) | export_files(plan, data_dir) | graph_files(plan, G) | search_files(plan)
    return dict(sorted(files.items()))


def handoff_payload(build: SiteBuild) -> dict:
    """What the MkDocs hook needs, as plain data (``handoff``): nav, files, snippets, the graph assets."""
    return {
        "nav": build.nav,
        "files": build.files,
        "snippets": build.snippets,
        "summary": build.summary,
        "graph_assets": GRAPH_ASSETS,
        "graph_css": GRAPH_CSS,
    }
