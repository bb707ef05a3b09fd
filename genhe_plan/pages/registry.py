"""The page registry: one declaration per page type, from which generation, nav and front matter come.

A ``PageType`` says where its pages live (``uri``), which plan items make pages (``items``; none for a
single page), how a page is built (``build``; none for a hand-written page in docs/), where it sits in
the navigation (``nav`` section and ``title``), whether it carries a graph view (``graph``: then
overrides/main.html loads the graph scripts) and what search should know (``meta``: front matter such
as ``search: {boost: 3}``). The order of ``PAGES`` is the order of the navigation.

Adding a page type = adding one entry here (and its builder).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import yaml

from ..graph import nid
from ..graph.draw import FULL_DATA, OVERVIEW_DATA
from ..model import Plan
from ..present import urls
from ..present.labels import box_label, chapter_label, indicator_short
from ..progress import status
from . import analysis, catalogue, dictionary, evaluation, graph, history, lookup, overview, plan_issues, plan_text, progress, search_page

Item = object
Uri = str | Callable[[Item], str]


@dataclass(frozen=True)
class PageType:
    name: str
    uri: Uri
    build: Callable[..., str] | None = None
    """``build(plan)`` for a single page, ``build(plan, item)`` per item; None: hand-written in docs/."""
    items: Callable[[Plan], Iterable[Item]] | None = None
    nav: str | tuple[str, ...] | None = None
    """Nav section the pages appear in: a title, or a path of titles for a subsection (None: top level)."""
    title: str | Callable[[Item], str] | None = None
    """Nav title; None lists the page bare in its section (the section's index page)."""
    graph: Callable[[Plan, Item], bool] | bool = False
    meta: Callable[[Plan, Item], dict] | dict = field(default_factory=dict)

    def pages(self, plan: Plan) -> list[tuple[str, Item]]:
        if self.items is None:
            return [(self.uri if isinstance(self.uri, str) else self.uri(None), None)]
        return [(self.uri(item), item) for item in self.items(plan)]  # type: ignore[operator]

    def nav_title(self, item: Item) -> str | None:
        return self.title(item) if callable(self.title) else self.title

    def front_matter(self, plan: Plan, item: Item) -> dict:
        graph = self.graph(plan, item) if callable(self.graph) else self.graph
        meta = self.meta(plan, item) if callable(self.meta) else self.meta
        return ({"graph": True} if graph else {}) | meta

    def markdown(self, plan: Plan, item: Item) -> str:
        assert self.build is not None
        body = self.build(plan) if self.items is None else self.build(plan, item)
        return with_front_matter(body, self.front_matter(plan, item))


def with_front_matter(markdown: str, meta: dict) -> str:
    if not meta:
        return markdown
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + markdown


def _has_tasks(plan: Plan, d) -> bool:
    return bool(plan.led_by[d.id] or plan.supported_by[d.id])


def _dept_meta(plan: Plan, d) -> dict:
    # Why the boost: a search for 生态环境部门 should open the department that carries 50 tasks
    # before bodies with similar names (生态环境部) that carry none.
    return {"search": {"boost": 3}} if _has_tasks(plan, d) else {}


PAGES: list[PageType] = [
    PageType("home", urls.HOME, title="首页"),
    PageType("chapter", lambda ch: urls.chapter(ch.id), plan_text.chapter_page, lambda p: p.chapters, "规划正文", chapter_label),
    PageType("tasks", urls.TASKS, overview.tasks_page, title="任务总览", meta={"hide": ["navigation"]}),
    PageType("indicators", urls.INDICATORS, lookup.indicators_index, nav="指标"),
    PageType(
        "indicator",
        lambda i: urls.indicator(i.id),
        lookup.indicator_page,
        lambda p: p.indicators,
        "指标",
        indicator_short,
        graph=lambda p, i: graph.has_neighbourhood(p, nid("indicator", i.id)),
    ),
    PageType("projects", urls.PROJECTS, lookup.projects_index, nav="重点工程"),
    PageType(
        "box",
        lambda b: urls.box(b.id),
        lookup.box_page,
        lambda p: p.boxes,
        "重点工程",
        box_label,
        graph=lambda p, b: any(graph.has_neighbourhood(p, nid("project", pr.id)) for pr in b.projects),
    ),
    PageType("departments", urls.DEPARTMENTS, lookup.departments_index, nav="责任部门"),
    PageType(
        "department",
        lambda d: urls.department(d.id),
        lookup.department_page,
        lambda p: p.departments,
        "责任部门",
        lambda d: d.name,
        graph=lambda p, d: graph.has_neighbourhood(p, nid("department", d.id)),
        meta=_dept_meta,
    ),
    PageType("timeline", urls.TIMELINE, overview.timeline_page, title="时间表"),
    PageType("progress", urls.PROGRESS, lambda plan: progress.progress_page(plan, status.data_date()), nav="进展"),
    PageType("report", lambda r: urls.report(r.id), progress.report_page, lambda p: p.reports, "进展", lambda r: r.title),
    PageType(
        "evaluation",
        lambda r: urls.evaluation(r.id),
        evaluation.evaluation_page,
        lambda p: p.reports,
        ("进展", "实施情况评估"),
        lambda r: r.title,
        meta={"hide": ["navigation", "toc"]},
    ),
    PageType(
        "graph",
        urls.GRAPH,
        graph.graph_page,
        nav="关系图谱",
        title="图谱",
        graph=True,
        meta={"hide": ["navigation", "toc"], "graph_opens_on_load": OVERVIEW_DATA},
    ),
    PageType(
        "graph_full",
        urls.GRAPH_FULL,
        graph.full_network_page,
        nav="关系图谱",
        title="完整关系网络",
        graph=True,
        meta={"hide": ["navigation", "toc"], "graph_opens_on_load": FULL_DATA},
    ),
    PageType("analysis", urls.ANALYSIS, analysis.analysis_page, nav="关系图谱", title="关系分析"),
    PageType("source", urls.SOURCE, plan_text.source_page, nav="原文", title="规划原文", meta={"search": {"exclude": True}}),
    PageType("plan_issues", urls.PLAN_ISSUES, plan_issues.plan_issues_page, nav=("原文", "原文问题")),
    PageType("errata", urls.ERRATA, overview.errata_page, nav=("原文", "原文问题"), title="勘误表"),
    PageType("conflicts", urls.CONFLICTS, overview.conflicts_page, nav=("原文", "原文问题"), title="数值不一致"),
    PageType("places", urls.PLACES, lookup.places_page, nav="原文", title="地点"),
    PageType("data", urls.DATA, nav="数据下载", title="下载"),
    PageType("changes", urls.CHANGES, history.changes_page, nav="数据下载", title="更新记录"),
    PageType("catalogue", urls.CATALOGUE, catalogue.catalogue_page, nav="数据下载", title="信息公开目录"),
    PageType(
        "dictionary",
        urls.DICTIONARY,
        lambda plan: dictionary.dictionary_page() + "\n" + search_page.synonyms_markdown(plan),
        nav="数据下载",
        title="数据字典",
    ),
    PageType("about", urls.ABOUT, nav="关于", title="关于本站"),
    PageType("guide", urls.GUIDE, nav="关于", title="使用说明"),
    PageType("search", urls.SEARCH, search_page.search_page, nav="关于", title="搜索"),
    PageType("search_decision", urls.SEARCH_DECISION, nav="关于", title="搜索的设计"),
    PageType("engine_decision", urls.ENGINE_DECISION, nav="关于", title="渲染引擎"),
    PageType("architecture", urls.ARCHITECTURE, nav="关于", title="架构与开发"),
    PageType("bench", urls.BENCH, lambda plan: overview.bench_page(), nav="关于", title="性能测量"),
]


def generate(plan: Plan, registry: list[PageType] = PAGES) -> dict[str, str]:
    """{docs path: Markdown with front matter} of every generated page, sorted by path."""
    out = {uri: pt.markdown(plan, item) for pt in registry if pt.build for uri, item in pt.pages(plan)}
    return dict(sorted(out.items()))


def nav(plan: Plan, registry: list[PageType] = PAGES) -> list:
    """MkDocs nav in registry order. Why titles are HTML-escaped: Material prints nav titles as raw
    HTML, and department and indicator names are data. A page type without pages (实施情况评估 before
    any report) opens no section: an empty one became a link to “none” in Zensical's nav."""
    sections: dict[tuple[str, ...], list] = {(): []}
    for pt in registry:
        if not pt.pages(plan):
            continue
        path = (pt.nav,) if isinstance(pt.nav, str) else tuple(pt.nav or ())
        for depth in range(1, len(path) + 1):
            if path[:depth] not in sections:
                sections[path[:depth]] = []
                sections[path[: depth - 1]].append({html.escape(path[depth - 1], quote=False): sections[path[:depth]]})
        for uri, item in pt.pages(plan):
            title = pt.nav_title(item)
            sections[path].append(uri if title is None else {html.escape(title, quote=False): uri})
    return sections[()]


def graph_pages(plan: Plan, registry: list[PageType] = PAGES) -> list[str]:
    """Docs paths of the pages that carry a graph view (tests and bench use it)."""
    return [uri for pt in registry for uri, item in pt.pages(plan) if pt.front_matter(plan, item).get("graph")]
