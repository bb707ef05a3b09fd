"""Step 4a — pages: the whole site's generated Markdown, from a Plan.

``generate(plan, neighbourhood, graph_pages)`` returns {docs path: Markdown}; ``nav(plan)`` the
navigation; ``home_snippets(plan)`` fills the markers of the hand-written home page. Nothing here
knows MkDocs: the hook adapts it.
"""

from __future__ import annotations

import html
import re

from .. import urls
from ..model import Plan
from .common import chapter_label
from .lookup import Neighbourhood, lookup_pages
from .overview import conflicts_page, dictionary_page, errata_page, home_snippets, tasks_page, timeline_page
from .plan_text import chapter_pages, source_page

__all__ = ["fill_markers", "generate", "home_snippets", "nav"]
MARKER = re.compile(r"<!--\s*plan:([a-z_]+)\s*-->")


def generate(plan: Plan, neighbourhood: Neighbourhood, extra: dict[str, str] | None = None) -> dict[str, str]:
    pages = chapter_pages(plan)
    pages |= lookup_pages(plan, neighbourhood)
    pages |= {
        urls.TASKS: tasks_page(plan),
        urls.TIMELINE: timeline_page(plan),
        urls.SOURCE: source_page(plan),
        urls.CONFLICTS: conflicts_page(plan),
        urls.ERRATA: errata_page(plan),
        urls.DICTIONARY: dictionary_page(),
    }
    pages |= extra or {}
    return dict(sorted(pages.items()))


def nav(plan: Plan) -> list:
    """MkDocs nav: hand-written pages and every generated page, in reading order.

    Why titles are HTML-escaped: Material prints nav titles as raw HTML, and department and
    indicator names are data.
    """
    return _escape_titles(_nav(plan))


def _escape_titles(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            out.append({html.escape(title, quote=False): _escape_titles(value) if isinstance(value, list) else value})
        else:
            out.append(item)
    return out


def _nav(plan: Plan) -> list:
    return [
        {"首页": urls.HOME},
        {"规划正文": [{chapter_label(c): urls.chapter(c.id)} for c in plan.chapters]},
        {"任务总览": urls.TASKS},
        {"指标": [urls.INDICATORS, *[{f"{i.number}. {i.name}": urls.indicator(i.id)} for i in plan.indicators]]},
        {"重点工程": [urls.PROJECTS, *[{f"专栏{b.number} {b.title}": urls.box(b.id)} for b in plan.boxes]]},
        {"责任部门": [urls.DEPARTMENTS, *[{d.name: urls.department(d.id)} for d in plan.departments]]},
        {"时间表": urls.TIMELINE},
        {"关系图谱": [{"图谱": urls.GRAPH}, {"关系分析": urls.ANALYSIS}]},
        {"原文": [{"规划原文": urls.SOURCE}, {"勘误表": urls.ERRATA}, {"数值不一致": urls.CONFLICTS}, {"地点": urls.PLACES}]},
        {"数据下载": [{"下载": urls.DATA}, {"数据字典": urls.DICTIONARY}]},
        {
            "关于": [
                {"关于本站": urls.ABOUT},
                {"使用说明": "guide.md"},
                {"搜索": urls.SEARCH},
                {"搜索的设计": "decisions/search.md"},
                {"性能测量": urls.BENCH},
            ]
        },
    ]


def fill_markers(markdown: str, snippets: dict[str, str]) -> str:
    """Replace <!-- plan:NAME --> in hand-written pages; an unknown NAME is left visible on purpose."""
    return MARKER.sub(lambda m: snippets.get(m[1], m[0]), markdown)
