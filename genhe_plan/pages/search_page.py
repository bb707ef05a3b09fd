"""The full search page, and the synonym and concept tables shown on the data dictionary page.

In: a Plan. Out: Markdown. The page is a plain form (``?q=…&type=…&ch=…&dept=…&year=…``): the
filter options are written here, escaped, so the page shows them before any script runs;
search.js reads and writes the same parameters, so a filtered search is a link to send on.
"""

from __future__ import annotations

import html

from ..model import Plan
from ..search.records import TYPES, facets
from .html import md


def _options(name: str, label: str, choices: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in [("", "全部"), *choices])
    return f'<label class="gs-field"><span>{html.escape(label)}</span><select id="gs-{name}" name="{name}">{opts}</select></label>'


def search_page(plan: Plan) -> str:
    f = facets(plan)
    form = "".join(
        [
            '<form id="gs-form" class="gs-form" role="search" method="get" aria-label="搜索与筛选">',
            '<label class="gs-field gs-query"><span>搜索词</span>',
            '<input id="gs-q" name="q" type="search" autocomplete="off" placeholder="如：医疗废物、森林覆盖率、满归镇"></label>',
            '<button type="submit" class="md-button md-button--primary">搜索</button>',
            # Why a <details>: on a phone the four filters filled the first screen; search.js opens it on a
            # wide screen, before a query is typed and when the address sets a filter.
            '<details id="gs-filters" class="gs-filters"><summary>筛选：类型、章、牵头部门、期限</summary><div class="gs-filter-fields">',
            _options("type", "类型", list(TYPES)),
            _options("ch", "章", f["chapters"]),
            _options("dept", "牵头部门", f["departments"]),
            _options("year", "期限（年）", f["years"]),
            "</div></details>",
            "</form>",
        ]
    )
    return "\n".join(
        [
            "# 搜索",
            "",
            "在规划的任务、目标、指标、重点工程、部门、地点、章节和原文段落中查找。输入原文中的任意词句（至少两个字），"
            "包含整个搜索词的结果排在前面；也可以按类型、章、牵头部门和期限筛选，筛选条件写在网址里，可以转发。",
            "",
            form,
            "",
            '<p id="gs-status" class="gs-status" role="status" aria-live="polite">需要启用 JavaScript 才能搜索。</p>',
            "",
            '<ol id="gs-results" class="gs-results"></ol>',
            "",
            '<p class="gs-more-wrap"><button type="button" id="gs-more" class="md-button" hidden>显示更多结果</button></p>',
            "",
        ]
    )


def synonyms_markdown(plan: Plan) -> str:
    """The synonym table (plan_data/synonyms.yaml) as a section of the data dictionary page."""
    out = [
        "## 搜索同义词表（synonyms.yaml 的内容）",
        "",
        "搜索左列的词时，也查找右列的原文写法。搜索只使用这张表里的同义词，外加勘误表（原文的提取错误写法可找到更正后的写法）"
        "和固定的写法规则：全角/半角、大小写、空格、PM2.5 的下标写法（PM _{2.5}）、国六/国6。",
        "",
        "| 输入 | 原文写法 |",
        "|---|---|",
    ]
    out += [f"| {md(s.typed)} | {md('、'.join(s.plan))} |" for s in plan.synonyms]
    return "\n".join(out) + "\n\n" + concepts_markdown(plan)


def concepts_markdown(plan: Plan) -> str:
    """The concept table (plan_data/concepts.yaml): everyday words → the plan's words, with its source."""
    out = [
        "## 日常说法表（concepts.yaml 的内容）",
        "",
        "居民常用的说法和规划原文的写法不同（尾气、吵、医院垃圾）。搜索中出现左列的说法时，也查找右列的原文写法；"
        "这样找到的结果排在包含整个搜索词的结果之后，结果摘要会写明用了哪个说法。右列的词都经过校验，必须出现在规划原文中。"
        "“来源”一栏注明取自《同义词词林（扩展版）》的哪个类别，空白的是编辑手工补充的（选择理由见“搜索的设计决定”）。",
        "",
        "| 日常说法 | 原文写法 | 来源 |",
        "|---|---|---|",
    ]
    out += [
        f"| {md('、'.join(c.everyday))} | {md('、'.join(c.plan))} | {md(f'词林 {c.cilin}' if c.cilin else '')} |" for c in plan.concepts
    ]
    return "\n".join(out) + "\n"
