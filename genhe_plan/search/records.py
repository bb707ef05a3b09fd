"""Search records: one per thing a searcher wants to land on, built from the Plan.

In: a Plan. Out: a list of Record in a fixed order (named things first: indicators, departments,
places, projects, sections; then tasks, paragraphs, targets), so equal scores break the same way on
every build. Each record links to its permalink: a docs path plus the anchor the page builders
give it (``plan/ch05.md#t05-1-01``); tests/test_search_engine.py checks every anchor in the built
pages.

``name`` is what the record is called (a task's lead sentence, an indicator's name…); a match in the
name ranks above a match in ``body``. Paragraphs have no name: their first sentence is only a label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..present.labels import PLACE_KIND, box_label, chapter_label, deadline_label, indicator_label, project_label, section_label
from ..progress import status as st

TYPES = [
    ("indicator", "指标"),
    ("department", "部门"),
    ("place", "地点"),
    ("project", "重点工程"),
    ("task", "任务"),
    ("target", "目标"),
    ("section", "章节"),
    ("paragraph", "原文段落"),
]


@dataclass
class Record:
    id: str
    type: str  # a key of TYPES
    name: str  # scored as the title; "" when the record has no name of its own
    label: str  # shown as the result's title
    body: list[str]
    url: str  # docs path with #anchor
    chapter: str = ""  # chapter id
    dept: str = ""  # lead department id
    years: list[int] = field(default_factory=list)
    deadline: str = ""  # as shown, e.g. 2025年、2022年12月
    adjust: int = 0  # added to the score: −80 for 十三五 achievements (history, not what to do now)
    state: list[str] = field(default_factory=list)  # [id, state key, basis, label] from progress.status; [] if none


def build_records(plan: Plan) -> list[Record]:
    out: list[Record] = []
    out += [_indicator(plan, i) for i in plan.indicators]
    out += [_department(d) for d in plan.departments]
    out += [_place(p) for p in plan.places]
    for box in plan.boxes:
        out.append(Record(box.id, "section", box_label(box), box_label(box), [], urls.box(box.id), box.chapter))
        out += [_project(plan, box, pr) for pr in box.projects]
    for ch in plan.chapters:
        out.append(Record(ch.id, "section", chapter_label(ch), chapter_label(ch), [], urls.chapter(ch.id), ch.id))
        for sec in ch.sections:
            out.append(Record(sec.id, "section", section_label(sec), section_label(sec), [], urls.section(ch.id, sec), ch.id))
    out += [_task(plan, t) for t in plan.tasks]
    out += [_paragraph(plan, p) for p in plan.paragraphs.values() if p.kind != "task"]
    out += [_target(plan, t) for t in plan.targets]
    states = st.states(plan, st.data_date())  # the shown state comes from the status model, as on every page
    for r in out:
        if r.type in ("indicator", "task", "project", "target") and r.id in states:
            s = states[r.id]
            r.state = [r.id, s.key, s.basis, s.label + (f"（{s.via_label}）" if s.via_label else "")]
    return out


def _years(deadlines: list[str]) -> list[int]:
    return sorted({int(d[:4]) for d in deadlines if d})


def facets(plan: Plan) -> dict[str, list[tuple[str, str]]]:
    """What results can be filtered by, as (value, label): chapters, departments that lead tasks, and
    deadline years (every “十四五” target's, and the period's end, which indicators carry). The index
    (``search_files``) and the search page's form share it."""
    years = _years([t.deadline for t in plan.targets if t.kind == "target" and t.deadline] + [str(plan.meta.period_end)])
    return {
        "chapters": [(c.id, chapter_label(c)) for c in plan.chapters],
        "departments": [(d.id, d.name) for d in plan.departments if plan.led_by.get(d.id)],
        "years": [(str(y), f"{y}年") for y in years],
    }


def _indicator(plan: Plan, ind: S.Indicator) -> Record:
    body = [" › ".join(ind.category), f"单位 {ind.unit}" if ind.unit else "", f"2020年现状值 {ind.baseline_2020}"]
    body += [f"2025年目标值 {ind.target_2025}", ind.attribute, *(n.text for n in plan.notes_of[ind.id])]
    label = indicator_label(ind)
    return Record(
        ind.id,
        "indicator",
        ind.name,
        label,
        [b for b in body if b],
        urls.indicator(ind.id),
        years=[plan.meta.period_end],
        deadline=deadline_label(str(plan.meta.period_end)),
    )


def _department(d: S.Department) -> Record:
    return Record(d.id, "department", d.name, d.name, [d.remit], urls.department(d.id), dept=d.id)


def _place(p: S.Place) -> Record:
    body = ([f"原文亦作：{'、'.join(p.aliases)}"] if p.aliases else []) + [PLACE_KIND[p.kind]]
    return Record(p.id, "place", p.name, p.name, body, urls.place(p.id))


def _project(plan: Plan, box: S.Box, pr: S.Project) -> Record:
    deadlines = sorted({t.deadline for t in plan.targets_of[pr.id] if t.deadline and t.kind == "target"})
    leads = [plan.paragraphs[t].lead.department for t in pr.tasks if t in plan.paragraphs and plan.paragraphs[t].lead]
    return Record(
        pr.id,
        "project",
        pr.title,
        project_label(box, pr),
        list(pr.text),
        urls.project(plan, pr.id),
        box.chapter,
        leads[0] if leads else "",
        _years(deadlines),
        "、".join(deadline_label(d) for d in deadlines),
    )


def _task(plan: Plan, t: S.Paragraph) -> Record:
    deadlines = plan.deadlines(t.id)
    ch = plan.where[t.id].chapter.id
    lead = t.lead.department if t.lead else ""
    return Record(
        t.id,
        "task",
        t.title or "",
        t.title or "",
        [t.text],
        urls.task(plan, t.id),
        ch,
        lead,
        _years(deadlines),
        "、".join(deadline_label(d) for d in deadlines),
    )


def _paragraph(plan: Plan, p: S.Paragraph) -> Record:
    where = plan.where[p.id]
    label = where.section and section_label(where.section) or chapter_label(where.chapter)
    return Record(p.id, "paragraph", "", label, [p.text], urls.paragraph(plan, p.id), where.chapter.id)


def _target(plan: Plan, t: S.Target) -> Record:
    url = urls.target(plan, t.id)
    if t.task and t.task in plan.paragraphs:
        ch, lead = plan.where[t.task].chapter.id, plan.paragraphs[t.task].lead
        dept = lead.department if lead else ""
    else:
        ch, dept = plan.box_of[t.project].chapter, ""
    label = ("十三五成就：" if t.kind == "achievement" else "") + t.metric
    deadline = t.deadline or ""
    years = _years([deadline]) if t.kind == "target" else []
    adjust = -80 if t.kind == "achievement" else 0
    return Record(
        t.id,
        "target",
        t.metric,
        label,
        [t.quote],
        url,
        ch,
        dept,
        years,
        deadline_label(deadline) if t.kind == "target" and deadline else "",
        adjust,
    )
