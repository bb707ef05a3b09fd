"""Step 4a — progress pages: the 进展 page, one page per report and the
status badge (the per-indicator chart is ``pages.chart``). Markdown (with small inline HTML) from a Plan; the numbers come from ``status``.

``progress_pages(plan, on)`` → {docs path: Markdown}; ``progress_nav(plan)`` → the nav entry;
``status_badge(key)`` for other pages to call.
Every piece of data goes through ``md()`` / ``attr()`` / ``html.escape``.
"""

from __future__ import annotations

import datetime
import html

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..present.labels import TYPE_LABEL, chapter_label, date_label, deadline_label, indicator_label, paragraph_label, target_label
from ..progress import status as st
from .badges import RULES_ANCHOR, entry_badge, item_badge, status_badge
from .common import dept_link, indicator_link
from .evaluation import downloads
from .history import own_history
from .html import attr, link, md, stacked_table

NO_REPORTS = "尚无公开的评估或进展报告"


def item_ref(plan: Plan, item_id: str) -> str | None:
    """docs path (with anchor) where an item is shown."""
    kind = st.item_kind(plan, item_id)
    if kind == "indicator":
        return urls.indicator(item_id)
    if kind == "task":
        return urls.task(plan, item_id)
    if kind == "project":
        return urls.project(plan, item_id)
    if kind == "target":
        return urls.target(plan, item_id)
    return None


def item_name(plan: Plan, item_id: str) -> str:
    obj = plan.by_id[item_id]
    if isinstance(obj, S.Indicator):
        return indicator_label(obj)
    if isinstance(obj, S.Paragraph):
        return paragraph_label(obj)
    if isinstance(obj, S.Target):
        return target_label(obj) if obj.value else obj.metric
    return getattr(obj, "title", item_id)


def item_link(plan: Plan, page: str, item_id: str) -> str:
    ref = item_ref(plan, item_id)
    return link(page, ref, item_name(plan, item_id)) if ref else md(item_id)


def source_text(r: S.ReportFile) -> str:
    """Where the report can be read: a link when it has a URL, else the document reference; page."""
    parts = []
    if r.source.url:
        parts.append(f'<a href="{attr(r.source.url)}">{html.escape(r.source.url)}</a>')
    if r.source.document:
        parts.append(md(r.source.document))
    if r.source.page:
        parts.append(md(r.source.page))
    return "，".join(parts)


# ---------------------------------------------------------------- the 进展 page
def progress_pages(plan: Plan, on: datetime.date | None = None) -> dict[str, str]:
    on = on or st.data_date()
    pages = {urls.PROGRESS: progress_page(plan, on)}
    for r in plan.reports:
        pages[urls.report(r.id)] = report_page(plan, r, on)
    return pages


def progress_nav(plan: Plan) -> list:
    return [urls.PROGRESS, *[{r.title: urls.report(r.id)} for r in plan.reports]]


def progress_page(plan: Plan, on: datetime.date) -> str:
    page = urls.PROGRESS
    out = [
        "# 进展",
        "",
        f"本页依据**已公开的**评估和进展报告，截至数据日期 {date_label(on)}（数据最后一次更改的日期）。"
        f"本站不推测任何条目的进展：每个条目显示的状态按本页末尾的{link(page, f'{urls.PROGRESS}#{RULES_ANCHOR}', '计算规则')}得出，"
        "全站各处（徽标、表格、清单、下载数据、搜索结果）取自同一规则。"
        '<button class="md-button print-button" type="button" onclick="window.print()">打印本页</button>',
        "",
    ]
    out += reports_section(plan, page, on)
    out += overdue_section(plan, page, on)
    out += passed_section(plan, page, on)
    roll = st.rollup(plan, on)
    out += ["## 按状态统计", "", "每个条目按计算规则取一个状态。", ""]
    out += stacked_table(["状态", "条目数"], [f"| {status_badge(k)} | {n} |" for k, _, n in st.counts_line(roll.overall)])
    out += [""]
    out += _count_table("类别", roll.by_kind, lambda kind: TYPE_LABEL[kind])
    out += ["", *flagged_section(plan, page, on)]
    chapters = {c.id: c for c in plan.chapters}
    out += [
        "## 按章",
        "",
        "任务、重点工程和目标按所在章统计。",
        "",
        *_count_table("章", roll.by_chapter, lambda cid: link(page, urls.chapter(cid), chapter_label(chapters[cid]))),
    ]
    out += [
        "## 按牵头部门",
        "",
        "任务按牵头部门统计。",
        "",
        *_count_table("部门", roll.by_department, lambda d: dept_link(plan, page, d)),
    ]
    out += [
        "## 按指标",
        "",
        "指标本身、推动它的任务和度量它的目标。",
        "",
        *_count_table("指标", roll.by_indicator, lambda i: indicator_link(plan, page, i, indicator_label(plan.indicator(i)))),
    ]
    out += [f"## 计算规则 {{#{RULES_ANCHOR}}}", "", *(f"- {r}" for r in st.RULES), ""]
    return "\n".join(out) + "\n"


def reports_section(plan: Plan, page: str, on: datetime.date) -> list[str]:
    """Every report known at ``on``, newest first, with date and source; or the honest 尚无…."""
    out = ["## 报告", ""]
    known = [r for r in plan.reports if st.end_of(r.as_of) <= on]
    if not known:
        return [*out, f"**{NO_REPORTS}。**", "", "如您见到已公开的年度报告、中期评估或终期评估，欢迎告知，我们将逐条录入并注明出处。", ""]
    out += ["| 报告 | 类型 | 发布单位 | 发布日期 | 数据截至 | 来源 | 实施情况评估 |", "|---|---|---|---|---|---|---|"]
    for r in reversed(known):
        out.append(
            f"| {link(page, urls.report(r.id), r.title)} | {md(r.kind)} | {md(r.issuer)} | {deadline_label(r.date)} | "
            f"{deadline_label(r.as_of)} | {source_text(r)} | {link(page, urls.evaluation(r.id), '评估表')}（"
            f"{link(page, urls.evaluation_file(r.id, 'docx'), 'Word')}） |"
        )
    return [*out, ""]


def _count_table(head: str, groups: dict[str, dict[str, int]], label) -> list[str]:
    """Counts per group and state, zero columns of the whole table left out; stacked on a phone."""
    keys = [k for k in st.STATE_ORDER if any(c[k] for c in groups.values())]
    rows = [f"| {label(g)} | " + " | ".join(str(c[k]) for k in keys) + " |" for g, c in groups.items()]
    return [*stacked_table([head, *(st.STATE_LABEL[k] for k in keys)], rows), ""]


def _state_rows(plan: Plan, page: str, states: list[st.State], on: datetime.date, last: bool) -> list[str]:
    rows = []
    for s in states:
        row = f"| {deadline_label(s.deadline)} | {TYPE_LABEL[s.kind]} | {item_link(plan, page, s.item)} | {item_badge(plan, page, s.item, on)}"
        rows.append(row + (f" | {link(page, urls.report(s.report.id), s.report.title)} |" if last else " |"))
    return rows


def overdue_section(plan: Plan, page: str, on: datetime.date) -> list[str]:
    """Exactly the records shown as 期限已过，未见报告 (``status.overdue``)."""
    overdue = st.overdue(plan, on)
    out = ["## 期限已过，未见报告", ""]
    if not overdue:
        return [*out, "没有期限已过而未见报告的条目。", ""]
    counts = "、".join(f"{TYPE_LABEL[k]} {n} 项" for k, n in _by_kind(overdue))
    out += [f"以下 {len(overdue)} 项（{counts}）的期限已过（截至 {date_label(on)}），没有报告提到它们或与之关联的条目。", ""]
    return [*out, *stacked_table(["期限", "类别", "条目", "状态"], _state_rows(plan, page, overdue, on, False)), ""]


def passed_section(plan: Plan, page: str, on: datetime.date) -> list[str]:
    """Records with a report whose deadline passed and whose status is not 已完成 (``status.passed_not_done``)."""
    late = st.passed_not_done(plan, on)
    if not late:
        return []
    out = ["## 期限已过，报告未称已完成", "", f"以下 {len(late)} 项有报告（直接或经规划关联），但期限已过而最近的报告未称“已完成”。", ""]
    return [*out, *stacked_table(["期限", "类别", "条目", "状态", "报告"], _state_rows(plan, page, late, on, True)), ""]


def _by_kind(states: list[st.State]) -> list[tuple[str, int]]:
    order = ["target", "indicator", "task", "project"]
    return [(k, n) for k in order if (n := sum(s.kind == k for s in states))]


def flagged_section(plan: Plan, page: str, on: datetime.date) -> list[str]:
    flagged = [s for s in (st.indicator_series(plan, i.id, on) for i in plan.indicators) if s.flagged]
    if not flagged:
        return []
    out = ["## 约束性指标未达目标", "", "| 指标 | 最新报告值 | 目标 | 报告 |", "|---|---|---|---|"]
    for s in flagged:
        ind = plan.indicator(s.indicator)
        out.append(
            f"| {indicator_link(plan, page, ind.id, indicator_label(ind))} | {md(s.latest.text)}{md(ind.unit or '')} | "
            f"{md(ind.target_2025)} | {link(page, urls.report(s.latest.report), s.latest.label)} |"
        )
    return [*out, ""]


# ---------------------------------------------------------------- one page per report
def report_page(plan: Plan, r: S.ReportFile, on: datetime.date | None = None) -> str:
    page = urls.report(r.id)
    out = [
        f"# {md(r.title)}",
        "",
        '<button class="md-button print-button" type="button" onclick="window.print()">打印本页</button>',
        "",
        "| | |",
        "|---|---|",
        f"| 类型 | {md(r.kind)} |",
        f"| 发布单位 | {md(r.issuer)} |",
        f"| 发布日期 | {deadline_label(r.date)} |",
        f"| 数据截至 | {deadline_label(r.as_of)} |",
        f"| 来源 | {source_text(r)} |",
        "",
        own_history(plan, "report", r.id, page),
        "## 实施情况评估",
        "",
        f"按本报告的数据截至日期（{deadline_label(r.as_of)}）汇总的指标、主要任务、重点工程三张清单完成情况："
        f"{link(page, urls.evaluation(r.id), '打印版（网页）')}。",
        "",
        *downloads(plan, page, r),
        f"## 报告涉及的 {len(r.entries)} 个条目",
        "",
        "“报告状态”是本报告的说法；“当前状态”是该条目按计算规则在全站显示的状态（可能来自更新的报告）。",
        "",
    ]
    rows = []
    for e in r.entries:
        kind = st.item_kind(plan, e.item)
        value = f"{md(st.format_number(e.value))}{md(e.unit or '')}" if e.value is not None else "—"
        rows.append(
            f"| {TYPE_LABEL.get(kind, '')} | {item_link(plan, page, e.item)} | {entry_badge(r, e)} | {value} | “{md(e.evidence)}” | "
            f"{md(e.note or '')} | {item_badge(plan, page, e.item, on)} |"
        )
    out += stacked_table(["类别", "条目", "报告状态", "数值", "报告原话", "附注", "当前状态"], rows)
    return "\n".join([*out, "", link(page, urls.PROGRESS, "← 全部进展"), ""])
