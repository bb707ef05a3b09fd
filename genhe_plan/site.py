"""Step 6 — assemble the site: every generated page, data file and snippet, from one Plan.

In: the plan_data directory. Out: a SiteBuild the MkDocs hook hands to MkDocs. The plan is loaded
and validated exactly once per build, here; pages come from the page registry, files from the
exports and the graph drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import pages
from .export import export_files
from .graph import graph_of
from .graph.draw import GRAPH_ASSETS, GRAPH_CSS, download_files, view_files
from .model import Plan, load_plan
from .search import search_files
from .search_dict import jieba_userdict


@dataclass
class SiteBuild:
    plan: Plan
    nav: list
    files: dict[str, str | bytes]
    snippets: dict[str, str]
    jieba_dict: str

    @property
    def summary(self) -> str:
        p = self.plan
        return f"{len(p.tasks)} tasks, {len(p.targets)} targets, {len(p.indicators)} indicators, {len(self.files)} generated files"


def prepare(data_dir: Path) -> SiteBuild:
    """The whole site from plan_data: pages, nav, snippets and every generated file."""
    build = prepare_linked(data_dir)
    build.files = dict(sorted((build.files | unlinked_files(build.plan)).items()))
    return build


def prepare_linked(data_dir: Path) -> SiteBuild:
    """The pages and the files pages link to (downloads); ``unlinked_files`` gives the rest. Why two
    steps: MkDocs checks links while it reads the pages, but needs the unlinked files only when it
    copies files, so the build command can hand those over later (``handoff``)."""
    plan = load_plan(data_dir)
    jieba_dict = jieba_userdict(plan)
    files: dict[str, str | bytes] = dict(pages.generate(plan))
    files |= export_files(plan, data_dir)
    files |= download_files(graph_of(plan))
    files["data/jieba_userdict.txt"] = jieba_dict
    return SiteBuild(plan, pages.nav(plan), dict(sorted(files.items())), pages.home_snippets(plan), jieba_dict)


def unlinked_files(plan: Plan) -> dict[str, str | bytes]:
    """Files only scripts load: the graph views' data and the search index."""
    return dict(sorted((view_files(plan, graph_of(plan)) | search_files(plan)).items()))


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
