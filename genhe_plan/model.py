"""Step 3 — model: the validated plan as one object with the lookups every output needs.

In:  a Validated bundle. Out: a Plan. Outputs (pages, graph, export) receive a Plan and never read
YAML. Every list is in plan order (chapter, section, paragraph) or id order, so outputs built from
it are deterministic.
"""

from __future__ import annotations

import functools
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .input import schema as S
from .input.load import load_dir_partial
from .input.source import Source
from .input.validate import Validated, validate


@dataclass
class Where:
    """Where a paragraph sits: its chapter, its section (None for a chapter intro), source line."""

    chapter: S.ChapterFile
    section: S.Section | None
    line: int | None


@dataclass
class Plan:
    meta: S.PlanFile
    chapters: list[S.ChapterFile]
    paragraphs: dict[str, S.Paragraph]
    where: dict[str, Where]
    tasks: list[S.Paragraph]
    indicators: list[S.Indicator]
    notes: list[S.IndicatorNote]
    box_title: str
    targets: list[S.Target]
    # Why two lists: outputs written before issue 12 read ``conflicts`` as "the same metric with two
    # values" (graph edges, ⚠ marks). ``findings`` holds every record of conflicts.yaml, all classes.
    conflicts: list[S.Conflict]
    boxes: list[S.Box]
    projects: dict[str, S.Project]
    box_of: dict[str, S.Box]
    departments: list[S.Department]
    places: list[S.Place]
    errata: list[S.Erratum]
    source: Source
    findings: list[S.Conflict] = field(default_factory=list)
    reviewed: list[S.ReviewedClause] = field(default_factory=list)  # clauses that are not commitments
    synonyms: list[S.Synonym] = field(default_factory=list)
    concepts: list[S.Concept] = field(default_factory=list)
    by_id: dict[str, object] = field(default_factory=dict)
    led_by: dict[str, list[S.Paragraph]] = field(default_factory=lambda: defaultdict(list))
    supported_by: dict[str, list[S.Paragraph]] = field(default_factory=lambda: defaultdict(list))
    targets_of: dict[str, list[S.Target]] = field(default_factory=lambda: defaultdict(list))
    tasks_moving: dict[str, list[S.Paragraph]] = field(default_factory=lambda: defaultdict(list))
    targets_measuring: dict[str, list[S.Target]] = field(default_factory=lambda: defaultdict(list))
    projects_of: dict[str, list[S.Project]] = field(default_factory=lambda: defaultdict(list))
    paragraphs_at: dict[str, list[S.Paragraph]] = field(default_factory=lambda: defaultdict(list))
    projects_at: dict[str, list[S.Project]] = field(default_factory=lambda: defaultdict(list))
    notes_of: dict[str, list[S.IndicatorNote]] = field(default_factory=lambda: defaultdict(list))
    conflicts_of: dict[str, list[S.Conflict]] = field(default_factory=lambda: defaultdict(list))
    # progress reports (plan_data/progress/), oldest as_of first; item id → [(report, entry)] in that order
    reports: list[S.ReportFile] = field(default_factory=list)
    progress_of: dict[str, list[tuple[S.ReportFile, S.ProgressEntry]]] = field(default_factory=lambda: defaultdict(list))
    # record history (genhe_plan.history.History), read from git by site.prepare; None: not read
    history: object | None = None

    # ------------------------------------------------------------ convenience
    def department(self, ident: str) -> S.Department:
        return self.by_id[ident]  # type: ignore[return-value]

    def indicator(self, ident: str) -> S.Indicator:
        return self.by_id[ident]  # type: ignore[return-value]

    def place(self, ident: str) -> S.Place:
        return self.by_id[ident]  # type: ignore[return-value]

    def deadlines(self, task_id: str) -> list[str]:
        """Sorted distinct deadlines of the task's targets (e.g. ['2022-12', '2025'])."""
        return sorted({t.deadline for t in self.targets_of[task_id] if t.deadline and t.kind == "target"})

    def task_departments(self, task: S.Paragraph) -> list[tuple[str, S.DeptLink]]:
        """[('lead', link), ('supporting', link), …] in display order."""
        out = [("lead", task.lead)] if task.lead else []
        return out + [("supporting", s) for s in task.supporting]


def build_model(v: Validated) -> Plan:
    paragraphs, where, tasks = {}, {}, []
    for ch in v.chapters:
        for sec, paras in [(None, ch.paragraphs), *((s, s.paragraphs) for s in ch.sections)]:
            for p in paras:
                paragraphs[p.id] = p
                where[p.id] = Where(ch, sec, v.source.line_of(p.text))
                if p.kind == "task":
                    tasks.append(p)
    projects, box_of = {}, {}
    for b in v.projects.boxes:
        for pr in b.projects:
            projects[pr.id] = pr
            box_of[pr.id] = b
    plan = Plan(
        meta=v.plan,
        chapters=v.chapters,
        paragraphs=paragraphs,
        where=where,
        tasks=tasks,
        indicators=sorted(v.indicators.indicators, key=lambda i: i.number),
        notes=v.indicators.notes,
        box_title=v.indicators.box_title,
        targets=v.targets.targets,
        conflicts=[c for c in v.conflicts.conflicts if c.class_ in S.TWO_SIDED],
        findings=v.conflicts.conflicts,
        reviewed=v.reviewed.reviewed,
        boxes=sorted(v.projects.boxes, key=lambda b: b.number),
        projects=projects,
        box_of=box_of,
        departments=v.departments.departments,
        places=v.places.places,
        errata=v.errata.errata,
        source=v.source,
        synonyms=v.synonyms.synonyms,
        concepts=v.concepts.concepts,
    )
    for group in (plan.departments, plan.indicators, plan.places, plan.targets, plan.findings, plan.boxes, plan.notes):
        plan.by_id.update({x.id: x for x in group})
    plan.by_id.update(paragraphs)
    plan.by_id.update(projects)
    plan.reports = sorted((r for _, r in v.reports), key=report_order)
    _index_links(plan)
    return plan


def _index_links(plan: Plan) -> None:
    """Fill the Plan's reverse lookups (who leads what, which targets measure which indicator, …)."""
    for p in plan.paragraphs.values():
        if p.lead:
            plan.led_by[p.lead.department].append(p)
        for s in p.supporting:
            plan.supported_by[s.department].append(p)
        for link in p.indicators:
            plan.tasks_moving[link.indicator].append(p)
        for pl in p.places:
            plan.paragraphs_at[pl].append(p)
    for t in plan.targets:
        if t.task:
            plan.targets_of[t.task].append(t)
        if t.project:
            plan.targets_of[t.project].append(t)
        if t.indicator:
            plan.targets_measuring[t.indicator].append(t)
    for pr in plan.projects.values():
        for t in pr.tasks:
            plan.projects_of[t].append(pr)
        for pl in pr.places:
            plan.projects_at[pl].append(pr)
    for n in plan.notes:
        for i in n.indicators:
            plan.notes_of[i].append(n)
    for r in plan.reports:
        for e in r.entries:
            plan.progress_of[e.item].append((r, e))
    for c in plan.conflicts:
        for t in c.targets:
            plan.conflicts_of[t].append(c)
        if c.indicator:
            plan.conflicts_of[c.indicator].append(c)


def report_order(r: S.ReportFile) -> tuple:
    """Reports in time order: by the date their data refer to, then publication date, then id."""
    key = lambda d: tuple(int(x) for x in d.split("-")) + (99,) * (3 - d.count("-") - 1)  # noqa: E731 — '2023' sorts after '2023-12-31'
    return (key(r.as_of), key(r.date), r.id)


def per_plan(fn):
    """Remember ``fn(plan, *args)`` for the last few Plan objects (by identity, not equality: a Plan
    edited or rebuilt is a new object). Outputs ask the same derived data of one plan many times per
    build (its graph, its overdue items). Do not mutate what it returns."""
    memo: list[tuple[weakref.ref, tuple, object]] = []

    @functools.wraps(fn)
    def remembered(plan: Plan, *args):
        for ref, key, value in memo:
            if ref() is plan and key == args:
                return value
        value = fn(plan, *args)
        memo[:] = [m for m in memo[-3:] if m[0]() is not None] + [(weakref.ref(plan), args, value)]
        return value

    return remembered


def load_plan(data_dir: Path) -> Plan:
    """load → validate → model. Raises PlanDataError for bad data."""
    files, problems = load_dir_partial(data_dir)
    return build_model(validate(files, data_dir, problems))
