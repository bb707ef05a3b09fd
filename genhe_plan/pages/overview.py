"""Overview pages: home figures, task finder, timeline, downloads, conflicts, errata, data dictionary.

In: a Plan. Out: {docs path: Markdown}, plus ``home_snippets`` that fill markers in docs/index.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..present.labels import (
    chapter_label,
    chapters_counted,
    date_label,
    deadline_label,
    departments_counted,
    indicator_label,
    targets_counted,
)
from ..progress import status
from .badges import BADGE_LABEL, FINDER_STATUSES, item_badge, item_state, overdue_ids, passed_mark
from .common import (
    departments_with_tasks,
    dept_link,
    indicator_link,
    lead_link,
    project_link,
    target_line,
    task_chapters,
    task_link,
    titled_task_link,
)
from .html import attr, json_script, link, md, render
from .lookup import indicator_table

ROOT = Path(__file__).resolve().parents[2]


def home_snippets(plan: Plan) -> dict[str, str]:
    page = urls.HOME
    chapters = chapters_counted([c.number for c in plan.chapters])
    depts, rest = departments_counted(plan.departments, departments_with_tasks(plan))
    figures = [
        (chapters.partition(" ")[2], chapters.partition(" ")[0], urls.chapter("ch01")),
        (f"项任务（{task_chapters(plan)}）", len(plan.tasks), urls.TASKS),
        ("个量化目标", sum(t.kind == "target" for t in plan.targets), urls.TIMELINE),
        ("项主要指标", len(plan.indicators), urls.INDICATORS),
        ("项重点工程", len(plan.projects), urls.PROJECTS),
        (depts.partition(" ")[2], depts.partition(" ")[0], urls.DEPARTMENTS),
    ]
    cards = "\n".join(f"- [**{n}** {md(label)}]({urls.rel(page, u)})" for label, n, u in figures)
    return {
        "summary": "\n\n".join(md(s) for s in plan.meta.summary),
        "figures": f'<div class="key-figures" markdown>\n\n{cards}\n\n</div>\n\n{md(targets_counted([t.kind for t in plan.targets]))}'
        "（“十三五”成就是第一章记下的已有成绩，不是新的目标）。" + f"{md(rest)}。",
        "indicators": f"《{md(plan.box_title)}》共 {len(plan.indicators)} 项。“任务”列是推动该指标的任务数。\n\n"
        + "\n".join(indicator_table(plan, page)),
        "progress": progress_note(plan, page),
    }


def progress_note(plan: Plan, page: str) -> str:
    """The home page's answer to “was it done?”: the reports there are, or that there are none, and
    how many deadlines have passed without one."""
    on = status.data_date()
    late = overdue_ids(plan, on)
    reports = [r for r in plan.reports if status.end_of(r.as_of) <= on]
    head = f"已收录 {len(reports)} 份公开的评估或进展报告" if reports else "尚无公开的评估或进展报告"
    tail = f"，{len(late)} 项条目的期限已过、未见报告" if late else ""
    more = link(page, urls.PROGRESS, "进展")
    return f'!!! note "进展"\n    截至数据日期 {date_label(on)}（数据最后一次更改的日期），{head}{tail}。逐项情况见{more}；本站不推测任何条目的完成情况。'


# ------------------------------------------------------------------ task finder
def tasks_page(plan: Plan) -> str:
    page = urls.TASKS
    rows = ["| 任务 | 章 | 牵头部门 | 配合部门 | 期限 | 指标 | 进展 |", "|---|---|---|---|---|---|---|"]
    for t in plan.tasks:
        sup = "、".join(dept_link(plan, page, s.department) for s in t.supporting) or "—"
        dls = "、".join(deadline_label(d) for d in plan.deadlines(t.id)) or "—"
        inds = "、".join(str(plan.indicator(i.indicator).number) for i in t.indicators) or "—"
        ch = plan.where[t.id].chapter.number
        state = item_badge(plan, page, t.id)
        rows.append(f"| {titled_task_link(plan, page, t.id)} | {ch} | {lead_link(plan, page, t)} | {sup} | {dls} | {inds} | {state} |")
    return "\n".join(
        [
            "# 任务总览",
            "",
            f"规划的全部 {len(plan.tasks)} 项任务，都在{task_chapters(plan)}。按部门、章、期限年份、指标、进展或关键词筛选；点表头排序。"
            "筛选后的网址可以直接发给同事。",
            "",
            render("finder_form.html", selects=_finder_selects(plan)),
            "",
            '<p class="tf-count" role="status" aria-live="polite" id="tf-count"></p>',
            "",
            '<div class="task-finder" markdown>',
            "",
            *rows,
            "",
            "</div>",
            "",
            json_script("tf-data", [_finder_record(plan, t) for t in plan.tasks]),
            "",
        ]
    )


def _finder_selects(plan: Plan) -> list[dict]:
    """The finder's dropdowns: name, label and (value, text) options of what the tasks actually carry."""
    order = [x.id for x in plan.departments]
    depts = sorted({d for t in plan.tasks for d in _dept_ids(t)}, key=order.index)
    years = sorted({d[:4] for t in plan.tasks for d in plan.deadlines(t.id)})
    chapters = [c for c in plan.chapters if any(p.kind == "task" for s in c.sections for p in s.paragraphs)]
    inds = [i for i in plan.indicators if plan.tasks_moving.get(i.id)]
    return [
        {"name": "dept", "label": "部门", "options": [(d, plan.department(d).name) for d in depts]},
        {"name": "chapter", "label": "章", "options": [(str(c.number), chapter_label(c)) for c in chapters]},
        {"name": "year", "label": "期限年份", "options": [(y, f"{y}年") for y in years] + [("none", "未写期限")]},
        {"name": "indicator", "label": "指标", "options": [(i.id, indicator_label(i)) for i in inds]},
        {"name": "status", "label": "进展", "options": [(k, BADGE_LABEL[k]) for k in FINDER_STATUSES]},
    ]


def _finder_record(plan: Plan, t: S.Paragraph) -> dict:
    """What taskfinder.js filters and sorts on, per task."""
    dls = plan.deadlines(t.id)
    return {
        "id": t.id,
        "chapter": str(plan.where[t.id].chapter.number),
        "depts": _dept_ids(t),
        "lead": t.lead.department if t.lead else "",
        "years": sorted({d[:4] for d in dls}) or ["none"],
        "indicators": [i.indicator for i in t.indicators],
        "text": f"{t.title} {t.text}",
        "sortDeadline": dls[0] if dls else "9999",
        "status": item_state(plan, t.id).key,
    }


def _dept_ids(t: S.Paragraph) -> list[str]:
    return ([t.lead.department] if t.lead else []) + [s.department for s in t.supporting]


# ------------------------------------------------------------------ timeline
def timeline_page(plan: Plan) -> str:
    page, on = urls.TIMELINE, status.data_date()
    by_year = defaultdict(list)
    for t in plan.targets:
        if t.kind == "target" and t.deadline:
            by_year[t.deadline[:4]].append(t)
    out = [
        "# 时间表",
        "",
        f"规划中写明期限的目标，按年份排列。订阅或导入日历：{link(page, 'data/deadlines.ics', 'deadlines.ics')}（可导入 Outlook、WPS、手机日历）。",
        "",
        f"截至数据日期 {date_label(on)}（数据最后一次更改的日期），期限已过的目标标有“期限已过”，并显示按计算规则得出的进展"
        f"（没有报告提到它或与之关联的条目的，显示“期限已过，未见报告”；见{link(page, f'{urls.PROGRESS}#rules', '进展页的计算规则')}）。",
        "",
    ]
    for year in sorted(by_year):
        out += [f"## {year}年", ""]
        for t in sorted(by_year[year], key=lambda t: (t.deadline, t.id)):
            where = task_link(plan, page, t.task) if t.task else project_link(plan, page, t.project, with_box=False)
            passed = f" · {passed_mark(page, t.id)}" if status.end_of(t.deadline) < on else ""
            out.append(f"- **{md(deadline_label(t.deadline))}**{passed} · {target_line(plan, page, t)}<br>任务：{where}")
        out.append("")
    undated = [t for t in plan.targets if t.kind == "target" and not t.deadline]
    if undated:
        out += ["## 原文未写期限的目标", ""]
        out += [f"- {target_line(plan, page, t)}" for t in undated]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ conflicts, errata
def conflicts_page(plan: Plan) -> str:
    page = urls.CONFLICTS
    out = ["# 原文数值不一致之处", "", "同一度量在规划不同位置写了不同数值。本站不改原文，两处都照录并在此列出。", ""]
    for c in plan.conflicts:
        out += [f'<div class="conflict" id="{attr(c.id)}" markdown>', "", f"### {md(c.metric)}", "", md(c.summary), ""]
        for tid in c.targets:
            t = plan.by_id[tid]
            where = task_link(plan, page, t.task) if t.task else md(plan.projects[t.project].title)
            out.append(f"- {target_line(plan, page, t)} — {where}")
        if c.indicator:
            ind = plan.indicator(c.indicator)
            out.append(f"- 专栏1 {indicator_link(plan, page, ind.id, indicator_label(ind))}：2025年目标值 “{md(ind.target_2025)}”")
        out += ["", "</div>", ""]
    if not plan.conflicts:
        out.append("目前没有登记的不一致。")
    return "\n".join(out) + "\n"


def errata_page(plan: Plan) -> str:
    page = urls.ERRATA
    out = [
        "# 勘误表",
        "",
        "PDF 提取造成的错误，本站在数据中更正，并在此逐条登记（原文文件本身不改）。",
        "",
        "| 编号 | 原文位置 | 提取结果 | 更正为 | 理由 |",
        "|---|---|---|---|---|",
    ]
    for e in plan.errata:
        out.append(
            f"| {md(e.id)} | {link(page, urls.source_line(e.line), f'第 {e.line} 行')} | {md(e.original)} | {md(e.corrected) or '（删去）'} | {md(e.reason)} |"
        )
    return "\n".join(out) + "\n"


def bench_page() -> str:
    """The 性能测量 page: bench/RESULTS.md as ``make bench`` last wrote it."""
    results = ROOT / "bench" / "RESULTS.md"
    body = results.read_text(encoding="utf-8") if results.exists() else "尚未运行基准测试（`make bench`）。\n"
    return "# 性能测量\n\n以下数字由 `make bench` 在开发机上测得，写入 `bench/RESULTS.md`；测试套件不对时间做断言。\n\n" + re.sub(
        r"^# .*\n", "", body, count=1
    )
