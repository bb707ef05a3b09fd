"""Progress computation: what the published reports say, as of a date. Plain data out, no HTML.

In:  a Plan (with ``plan.reports``) and a date ``on`` — the build date from SOURCE_DATE_EPOCH
     (``build_date()``), never the wall clock, so a build is reproducible.
Out: the latest status per item, the items whose deadline passed unreported, per-indicator series
     and roll-ups by chapter, department and indicator.

Rules (documented on the 进展 page and in README):
- Dates: '2025' means 2025-12-31, '2025-06' the last day of June. A report counts from its as_of
  date; a report whose as_of is after ``on`` is ignored (it cannot be known at that date).
- Latest status of an item: the entry of the report with the latest as_of (then date, then id).
  No status is ever inferred: an item without an entry has none.
- 逾期未报告: a dated 十四五 target (or an indicator, due at the end of the period) whose deadline
  is before ``on`` and for which no report with as_of on or after the deadline mentions it (or its
  task / project), and no earlier report already said 已完成.
- Indicator series: 2020 baseline → each reported value → 2025 target. The target is compared when
  it is a number: with its written sign (≥25), else the sign of a plan target measuring the
  indicator with that value (森林覆盖率 ≥ 91.76), else a target of 0 means “not above 0” (rates
  cannot be negative); otherwise the target is not compared. 约束性 indicators whose latest value
  misses a compared target are flagged.
"""

from __future__ import annotations

import calendar
import datetime
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..input import schema as S
from ..model import Plan, per_plan
from .check import Reportable, parse_number, reportable

DEFAULT_EPOCH = 1659312000  # same default as the calendar export (2022-08-01)
UNREPORTED = "unreported"
STATUS_ORDER = [*S.STATUS_LABEL, UNREPORTED]
STATUS_LABEL = {**S.STATUS_LABEL, UNREPORTED: "无报告"}
SIGN = re.compile(r"^(≥|≤|>|<)?\s*([+-]?\d+(?:\.\d+)?)$")
SIGN_COMPARATOR = {"≥": "ge", "≤": "le", ">": "gt", "<": "lt"}
Entry = tuple[S.ReportFile, S.ProgressEntry]


def build_moment() -> datetime.datetime:
    """The build's time, from SOURCE_DATE_EPOCH (UTC); never the wall clock."""
    return datetime.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)), datetime.UTC)


def build_date() -> datetime.date:
    """The build's date, from SOURCE_DATE_EPOCH (UTC)."""
    return build_moment().date()


def end_of(d: str) -> datetime.date:
    """'2025' → 2025-12-31; '2025-06' → 2025-06-30; '2025-06-15' as is."""
    parts = [int(x) for x in d.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(*parts)


# ---------------------------------------------------------------- items
@per_plan
def reportable_of(plan: Plan) -> dict[str, Reportable]:
    """Every item a report may mention (``progress_check.reportable``, in its order), for this plan."""
    return reportable(plan.targets, plan.indicators, plan.tasks, [p for b in plan.boxes for p in b.projects])


def item_kind(plan: Plan, item_id: str) -> str | None:
    """target | indicator | task | project, or None for anything not reportable."""
    item = reportable_of(plan).get(item_id)
    return item.kind if item else None


def reportable_items(plan: Plan) -> list[tuple[str, str]]:
    """(kind, id) of every item a report may mention, in a stable order: indicators, tasks,
    projects, targets — each in plan order."""
    return [(item.kind, ident) for ident, item in reportable_of(plan).items()]


# ---------------------------------------------------------------- status
def entries_known(plan: Plan, item_id: str, on: datetime.date) -> list[Entry]:
    """Entries about the item from reports whose as_of is not after ``on``, oldest first."""
    return [(r, e) for r, e in plan.progress_of.get(item_id, []) if end_of(r.as_of) <= on]


def latest(plan: Plan, item_id: str, on: datetime.date) -> Entry | None:
    known = entries_known(plan, item_id, on)
    return known[-1] if known else None


def latest_status(plan: Plan, item_id: str, on: datetime.date) -> str:
    """A status key, or 'unreported'."""
    hit = latest(plan, item_id, on)
    return hit[1].status if hit else UNREPORTED


@dataclass(frozen=True)
class Overdue:
    item: str
    kind: str
    deadline: str
    last: Entry | None  # the latest entry before the deadline, if any (not 已完成)


def _covering_ids(plan: Plan, item_id: str) -> list[str]:
    """Ids whose entries speak for the item: itself, and for a target its task and project."""
    t = plan.by_id[item_id]
    extra = [x for x in (getattr(t, "task", None), getattr(t, "project", None)) if x] if isinstance(t, S.Target) else []
    return [item_id, *extra]


@per_plan
def overdue_unreported(plan: Plan, on: datetime.date) -> list[Overdue]:
    """Dated targets and indicators past their deadline with no report covering them (see module doc).
    Remembered per plan and date: every task, target and indicator view asks."""
    candidates = [("target", t.id, t.deadline) for t in plan.targets if t.kind == "target" and t.deadline]
    candidates += [("indicator", i.id, str(plan.meta.period_end)) for i in plan.indicators]
    out = []
    for kind, ident, deadline in candidates:
        due = end_of(deadline)
        if due >= on:
            continue
        known = sorted((e for x in _covering_ids(plan, ident) for e in entries_known(plan, x, on)), key=lambda re_: end_of(re_[0].as_of))
        if any(end_of(r.as_of) >= due or e.status == "done" for r, e in known):
            continue
        out.append(Overdue(ident, kind, deadline, known[-1] if known else None))
    return sorted(out, key=lambda o: (end_of(o.deadline), o.kind != "target", o.item))


# ---------------------------------------------------------------- roll-ups
def _zero() -> dict[str, int]:
    return {k: 0 for k in STATUS_ORDER}


def _chapter_of(plan: Plan, kind: str, item_id: str) -> str | None:
    if kind == "task":
        return plan.where[item_id].chapter.id
    if kind == "project":
        return plan.box_of[item_id].chapter
    if kind == "target":
        t = plan.by_id[item_id]
        return plan.where[t.task].chapter.id if t.task else plan.box_of[t.project].chapter
    return None


@dataclass
class Rollup:
    overall: dict[str, int] = field(default_factory=_zero)
    by_kind: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(_zero))
    by_chapter: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(_zero))
    by_department: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(_zero))
    by_indicator: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(_zero))


def rollup(plan: Plan, on: datetime.date) -> Rollup:
    """Counts of latest status (incl. 'unreported') over every reportable item; by chapter (tasks,
    projects, targets), by lead department (tasks) and by indicator (the indicator, the tasks that
    move it and the targets that measure it). Groups are keyed by id and inserted in plan order."""
    out = Rollup()
    status = {ident: latest_status(plan, ident, on) for _, ident in reportable_items(plan)}
    for kind, ident in reportable_items(plan):
        s = status[ident]
        out.overall[s] += 1
        out.by_kind[kind][s] += 1
        chapter = _chapter_of(plan, kind, ident)
        if chapter:
            out.by_chapter[chapter][s] += 1
    for t in plan.tasks:
        if t.lead:
            out.by_department[t.lead.department][status[t.id]] += 1
    for ind in plan.indicators:
        members = [ind.id, *(p.id for p in plan.tasks_moving[ind.id] if p.kind == "task")]
        members += [t.id for t in plan.targets_measuring[ind.id] if t.kind == "target"]
        for ident in dict.fromkeys(members):
            out.by_indicator[ind.id][status[ident]] += 1
    order = {c.id: i for i, c in enumerate(plan.chapters)}
    out.by_chapter = dict(sorted(out.by_chapter.items(), key=lambda kv: order.get(kv[0], 99)))
    dept_order = {d.id: i for i, d in enumerate(plan.departments)}
    out.by_department = dict(sorted(out.by_department.items(), key=lambda kv: dept_order[kv[0]]))
    out.by_kind = dict(out.by_kind)
    out.by_indicator = dict(out.by_indicator)
    return out


# ---------------------------------------------------------------- indicator series
@dataclass(frozen=True)
class Point:
    kind: str  # baseline | report | target
    label: str
    date: str
    value: float | None
    text: str
    status: str | None = None
    report: str | None = None


@dataclass(frozen=True)
class Series:
    indicator: str
    unit: str | None
    points: list[Point]
    comparator: str | None  # ge | le | gt | lt | eq, or None when the target is not compared
    target: float | None
    latest: Point | None  # the latest report point with a number
    misses: bool | None  # None: nothing to compare
    flagged: bool  # 约束性 and misses


def target_rule(plan: Plan, ind: S.Indicator) -> tuple[str, float] | None:
    """(comparator, number) for the 2025 target, or None when it is not a comparable number."""
    m = SIGN.match(ind.target_2025.strip())
    if not m:
        return None
    number = float(m[2])
    if m[1]:
        return SIGN_COMPARATOR[m[1]], number
    for t in plan.targets_measuring[ind.id]:
        if t.kind == "target" and t.comparator in ("ge", "le", "gt", "lt", "eq") and parse_number(t.value) == number:
            return t.comparator, number
    return ("le", number) if number == 0 else None


def meets(value: float, comparator: str, target: float) -> bool:
    return {"ge": value >= target, "le": value <= target, "gt": value > target, "lt": value < target, "eq": value == target}[comparator]


def indicator_series(plan: Plan, ind_id: str, on: datetime.date) -> Series:
    ind = plan.indicator(ind_id)
    points = [Point("baseline", "2020年现状值", "2020", parse_number(ind.baseline_2020), ind.baseline_2020)]
    for r, e in entries_known(plan, ind_id, on):
        num = parse_number(e.value) if e.value is not None else None
        points.append(Point("report", r.title, r.as_of, num, "" if e.value is None else format_number(e.value), e.status, r.id))
    points.append(
        Point("target", f"{plan.meta.period_end}年目标值", str(plan.meta.period_end), parse_number(ind.target_2025), ind.target_2025)
    )
    rule = target_rule(plan, ind)
    numbered = [p for p in points if p.kind == "report" and p.value is not None]
    last = numbered[-1] if numbered else None
    misses = None if (rule is None or last is None) else not meets(last.value, *rule)
    return Series(
        ind_id,
        ind.unit,
        points,
        rule[0] if rule else None,
        rule[1] if rule else None,
        last,
        misses,
        bool(misses) and ind.attribute == "约束性",
    )


def format_number(value: object) -> str:
    """91.0 → '91', 91.76 → '91.76'; text as is."""
    if isinstance(value, float):
        return f"{value:.10g}" if value != int(value) else str(int(value))
    return str(value)


def counts_line(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """[(key, label, n)] in vocabulary order, zero counts left out."""
    return [(k, STATUS_LABEL[k], counts[k]) for k in STATUS_ORDER if counts.get(k)]
