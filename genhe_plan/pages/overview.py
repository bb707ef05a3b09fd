"""Overview pages: home figures, task finder, timeline, downloads, conflicts, errata, data dictionary.

In: a Plan. Out: {docs path: Markdown}, plus ``home_snippets`` that fill markers in docs/index.md.
"""

from __future__ import annotations

import typing
from collections import defaultdict

from pydantic import BaseModel

from .. import schema as S
from .. import urls
from ..model import Plan
from .common import (
    attr,
    chapter_label,
    deadline_label,
    indicator_label,
    json_script,
    link,
    md,
    target_line,
    task_link,
    task_ref,
)
from .lookup import indicator_table


def home_snippets(plan: Plan) -> dict[str, str]:
    page = urls.HOME
    figures = [
        ("章", len(plan.chapters) - 1, urls.chapter("ch01")),
        ("项任务", len(plan.tasks), urls.TASKS),
        ("个量化目标", sum(t.kind == "target" for t in plan.targets), urls.TIMELINE),
        ("项主要指标", len(plan.indicators), urls.INDICATORS),
        ("项重点工程", len(plan.projects), urls.PROJECTS),
        ("个责任部门与机构", len(plan.departments), urls.DEPARTMENTS),
    ]
    cards = "\n".join(f"- [**{n}** {label}]({urls.rel(page, u)})" for label, n, u in figures)
    return {
        "summary": "\n\n".join(md(s) for s in plan.meta.summary),
        "figures": f'<div class="key-figures" markdown>\n\n{cards}\n\n</div>',
        "indicators": "\n".join(indicator_table(plan, page)),
    }


# ------------------------------------------------------------------ task finder
def tasks_page(plan: Plan) -> str:
    page = urls.TASKS
    depts = sorted({d for t in plan.tasks for d in _dept_ids(t)}, key=lambda d: [x.id for x in plan.departments].index(d))
    years = sorted({d[:4] for t in plan.tasks for d in plan.deadlines(t.id)})
    chapters = [c for c in plan.chapters if any(p.kind == "task" for s in c.sections for p in s.paragraphs)]
    inds = [i for i in plan.indicators if plan.tasks_moving.get(i.id)]

    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(f'<option value="{attr(v)}">{attr(t)}</option>' for v, t in options)
        return f'<label>{label}<select name="{name}" id="tf-{name}"><option value="">全部</option>{opts}</select></label>'

    controls = "".join(
        [
            '<label>关键词<input type="search" name="q" id="tf-q" placeholder="如 医疗废物、供热"></label>',
            select("dept", "部门", [(d, plan.department(d).name) for d in depts]),
            select("chapter", "章", [(str(c.number), chapter_label(c)) for c in chapters]),
            select("year", "期限年份", [(y, f"{y}年") for y in years] + [("none", "未写期限")]),
            select("indicator", "指标", [(i.id, indicator_label(i)) for i in inds]),
        ]
    )
    rows = ["| 任务 | 章 | 牵头部门 | 配合部门 | 期限 | 指标 |", "|---|---|---|---|---|---|"]
    meta = []
    for t in plan.tasks:
        ch = plan.where[t.id].chapter
        lead = link(page, urls.department(t.lead.department), plan.department(t.lead.department).name) if t.lead else "—"
        sup = "、".join(link(page, urls.department(s.department), plan.department(s.department).name) for s in t.supporting) or "—"
        dls = plan.deadlines(t.id)
        rows.append(
            f"| {link(page, task_ref(plan, t.id), t.title or t.id)} | {ch.number} | {lead} | {sup} | "
            f"{'、'.join(deadline_label(d) for d in dls) or '—'} | {'、'.join(str(plan.indicator(i.indicator).number) for i in t.indicators) or '—'} |"
        )
        meta.append(
            {
                "id": t.id,
                "chapter": str(ch.number),
                "depts": _dept_ids(t),
                "lead": t.lead.department if t.lead else "",
                "years": sorted({d[:4] for d in dls}) or ["none"],
                "indicators": [i.indicator for i in t.indicators],
                "text": f"{t.title} {t.text}",
                "sortDeadline": dls[0] if dls else "9999",
            }
        )
    return "\n".join(
        [
            "---",
            "hide:",
            "  - navigation",
            "---",
            "",
            "# 任务总览",
            "",
            f"规划第二至十二章的全部 {len(plan.tasks)} 项任务。按部门、章、期限年份、指标或关键词筛选；点表头排序。"
            "筛选后的网址可以直接发给同事。",
            "",
            f'<form class="task-filters" data-search-exclude role="search" aria-label="筛选任务" onsubmit="return false">{controls}'
            '<button type="reset" class="md-button">清除筛选</button></form>',
            "",
            '<p class="tf-count" role="status" aria-live="polite" id="tf-count"></p>',
            "",
            '<div class="task-finder" markdown>',
            "",
            *rows,
            "",
            "</div>",
            "",
            json_script("tf-data", meta),
            "",
        ]
    )


def _dept_ids(t: S.Paragraph) -> list[str]:
    return ([t.lead.department] if t.lead else []) + [s.department for s in t.supporting]


# ------------------------------------------------------------------ timeline
def timeline_page(plan: Plan) -> str:
    page = urls.TIMELINE
    by_year = defaultdict(list)
    for t in plan.targets:
        if t.kind == "target" and t.deadline:
            by_year[t.deadline[:4]].append(t)
    out = [
        "# 时间表",
        "",
        f"规划中写明期限的目标，按年份排列。订阅或导入日历：{link(page, 'data/deadlines.ics', 'deadlines.ics')}（可导入 Outlook、WPS、手机日历）。",
        "",
    ]
    for year in sorted(by_year):
        out += [f"## {year}年", ""]
        for t in sorted(by_year[year], key=lambda t: (t.deadline, t.id)):
            where = (
                task_link(plan, page, t.task)
                if t.task
                else link(page, f"{urls.box(plan.box_of[t.project].id)}#{t.project}", plan.projects[t.project].title)
            )
            out.append(f"- **{md(deadline_label(t.deadline))}** · {target_line(plan, page, t)}<br>任务：{where}")
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
    by_id = {t.id: t for t in plan.targets}
    for c in plan.conflicts:
        out += [f'<div class="conflict" id="{attr(c.id)}" markdown>', "", f"### {md(c.metric)}", "", md(c.summary), ""]
        for tid in c.targets:
            t = by_id[tid]
            where = task_link(plan, page, t.task) if t.task else md(plan.projects[t.project].title)
            out.append(f"- {target_line(plan, page, t)} — {where}")
        if c.indicator:
            ind = plan.indicator(c.indicator)
            out.append(f"- 专栏1 {link(page, urls.indicator(ind.id), indicator_label(ind))}：2025年目标值 “{md(ind.target_2025)}”")
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


# ------------------------------------------------------------------ data dictionary
def dictionary_page() -> str:
    out = ["# 数据字典", "", "plan_data/ 中每个文件、每个字段的含义与取值。由数据模式自动生成，与校验规则一致。", ""]
    for pattern, model in S.FILE_MODELS.items():
        out += [f"## {md(pattern)}", ""]
        out += _fields_table(model, seen=set())
    return "\n".join(out) + "\n"


def _fields_table(model: type[BaseModel], seen: set) -> list[str]:
    rows = [f"**{model.__name__}**", "", "| 字段 | 类型 | 必填 | 说明 |", "|---|---|---|---|"]
    nested = []
    for name, f in model.model_fields.items():
        rows.append(f"| `{name}` | {md(_type_name(f.annotation))} | {'是' if f.is_required() else '否'} | {md(f.description or '')} |")
        nested += [m for m in _models_in(f.annotation) if m not in seen]
    rows.append("")
    for m in nested:
        if m not in seen:
            seen.add(m)
            rows += _fields_table(m, seen)
    return rows


def _models_in(tp) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for a in typing.get_args(tp) for m in _models_in(a)]


def _type_name(tp) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return " / ".join(str(a) for a in typing.get_args(tp))
    if origin is typing.Annotated:
        return _type_name(typing.get_args(tp)[0])
    if origin in (list,):
        return f"列表[{_type_name(typing.get_args(tp)[0])}]"
    if origin is not None:
        return " 或 ".join(_type_name(a) for a in typing.get_args(tp) if a is not type(None))
    return {str: "文字", int: "整数"}.get(tp, getattr(tp, "__name__", str(tp)))
