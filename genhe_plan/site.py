"""Step 4 — assemble the site: every generated page, data file and snippet, from one Plan.

In: the plan_data directory. Out: a SiteBuild the MkDocs hook hands to MkDocs. The plan is loaded
and validated exactly once per build, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import pages, urls
from .export import export_files
from .graph import analysis_page_markdown, graph_files, graph_page_markdown, neighbourhood_markdown
from .model import Plan, load_plan
from .search import search_files, search_page, synonyms_markdown
from .search_dict import jieba_userdict

ROOT = Path(__file__).resolve().parent.parent


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


def with_graph(markdown: str) -> str:
    """Mark a page as showing a graph: overrides/main.html then loads the graph scripts once.
    Merges into the page's own front matter when it has one."""
    if markdown.startswith("---\n"):
        return "---\ngraph: true\n" + markdown[4:]
    return f"---\ngraph: true\n---\n\n{markdown}"


def prepare(data_dir: Path) -> SiteBuild:
    plan = load_plan(data_dir)

    extra = {
        urls.GRAPH: graph_page_markdown(plan),
        urls.ANALYSIS: analysis_page_markdown(plan, urls.ANALYSIS),
        urls.BENCH: bench_page(),
        urls.SEARCH: search_page(plan),
    }
    generated = pages.generate(plan, neighbourhood_markdown, extra)
    for uri in list(generated):
        if 'class="graph-' in generated[uri] or "data-focus=" in generated[uri]:
            generated[uri] = with_graph(generated[uri])
    generated[urls.DICTIONARY] += "\n" + synonyms_markdown(plan)  # search (issue 10)
    files: dict[str, str | bytes] = dict(generated)
    files |= search_files(plan)  # search (issue 10)
    jieba_dict = jieba_userdict(plan)
    files |= export_files(plan, data_dir)
    files |= graph_files(plan)
    files["data/jieba_userdict.txt"] = jieba_dict
    return SiteBuild(plan, pages.nav(plan), dict(sorted(files.items())), pages.home_snippets(plan), jieba_dict)


def bench_page() -> str:
    results = ROOT / "bench" / "RESULTS.md"
    body = results.read_text(encoding="utf-8") if results.exists() else "尚未运行基准测试（`make bench`）。\n"
    return "# 性能测量\n\n以下数字由 `make bench` 在开发机上测得，写入 `bench/RESULTS.md`；测试套件不对时间做断言。\n\n" + re.sub(
        r"^# .*\n", "", body, count=1
    )
