"""The status model: what state every record (indicator, target, task, project) shows, as of the
data date. Plain data out, no HTML. Every badge, table, list, CSV column, plan.json, plan.sqlite and
search result reads ``state(plan, item, on)`` (or ``states``); nothing else decides a state.

In:  a Plan (with ``plan.reports``) and a date ``on`` — the data date from SOURCE_DATE_EPOCH
     (``data_date()``: the time of the last commit, i.e. the last change of the data), never the
     wall clock, so a build is reproducible.
Out: a ``State`` per record; the records overdue without any report, the reported ones past their
     deadline, per-indicator series and roll-ups by chapter, department and indicator.

Rules (the same words are on the 进展 page, ``RULES``):
- Dates: '2025' means 2025-12-31, '2025-06' the last day of June. A report counts from its as_of
  date; a report whose as_of is after ``on`` is ignored (it cannot be known at that date).
- Reported directly: the record's own entry in the latest report that mentions it (latest as_of,
  then publication date, then id).
- Covered through a link the plan makes, when no report mentions the record itself: the latest
  entry about a linked record — for a target, the task or project it belongs to and the indicator
  it measures; for a task, a key project that implements it. The state says which record and report
  it comes from. Indicators and projects are only ever reported directly.
- Not reported: no report mentions the record or a linked record. Then, when its deadline passed,
  the state is 期限已过，未见报告, else 无报告. No status is ever inferred beyond these links.
- Deadline: a target's own; a task's or project's: the earliest deadline of its targets; an
  indicator's: the end of the plan period (2025). It has passed when it is before the data date.
- Reported status and computed comparison are separate: the status is what a report says; the
  comparison (已达到目标值 / 未达到目标值) is computed from a reported number against the plan's
  target and is labelled as computed.
- Comparison: an indicator's latest reported number against its 2025 target by the one rule of
  ``target_rule`` (≥25 as written; 91.76 with the sign of the plan target that measures it; 0 and
  不出现 as “not above 0”; 不降低 as “not below the 2020 value”; 保持稳定, 完成上级目标任务: none). A
  target with a number and a sign (≥ ≤ = > <) is compared with its own reported number, else with
  its indicator's latest number when the units agree. 约束性 indicators that miss are flagged.
"""

from __future__ import annotations

import datetime
import os
from collections import defaultdict
from dataclasses import dataclass, field

from ..input import schema as S
from ..model import Plan, per_plan, report_order
from .check import Reportable, parse_number, reportable
from .dates import end_of
from .target_rule import COMPARED, target_rule

DEFAULT_EPOCH = 1659312000  # 2022-08-01, the plan's publication: when nothing set SOURCE_DATE_EPOCH
OVERDUE = "overdue"
"""State of a record whose deadline passed with no report mentioning it or a linked record."""
UNREPORTED = "unreported"
"""State of a record no report mentions (directly or through a link) whose deadline has not passed."""
STATE_ORDER = [*S.STATUS_LABEL, OVERDUE, UNREPORTED]
STATE_LABEL = {**S.STATUS_LABEL, OVERDUE: "期限已过，未见报告", UNREPORTED: "无报告"}
STATUS_ORDER, STATUS_LABEL = STATE_ORDER, STATE_LABEL  # the names the roll-up tables used
REPORTED, COVERED, NONE = "reported", "covered", "none"
BASIS_LABEL = {REPORTED: "报告直接提到", COVERED: "经规划关联", NONE: "未见报告"}
VIA_LABEL = {"task": "据所属任务", "project": "据所属重点工程", "indicator": "据所度量的指标", "implements": "据落实它的重点工程"}
"""How a covered record got its state, by link (the short label next to the status)."""
PASSED_LABEL = "期限已过"
MET_LABEL = {True: "已达到目标值", False: "未达到目标值"}
Entry = tuple[S.ReportFile, S.ProgressEntry]

RULES = [
    "只写年份的期限视为该年 12 月 31 日，只写年月的视为该月最后一天。**数据日期**是 plan_data/ 最后一次修改记录的提交时间与"
    "已录入报告中最晚的数据截止日期（as_of）两者中较晚的一个：刚导入、尚未提交的报告在生成网站预览时即计入。"
    "数据截止日期晚于数据日期的报告不计入（只在构建时另行指定数据日期 SOURCE_DATE_EPOCH 时出现）。",
    "**报告直接提到**：条目本身出现在报告中时，取提到它的最近一份报告（按数据截止日期，其次发布日期）中的状态。",
    "**经规划关联**：报告没有直接提到条目时，取规划自身写明的关联条目最近一次被报告的状态，并注明来自哪一条："
    "目标取其所属任务或重点工程、其所度量的指标；任务取落实它的重点工程。指标和重点工程只看直接提到它们的报告。",
    "**未见报告**：报告既没有提到条目本身，也没有提到关联条目。期限已过的显示“期限已过，未见报告”，其余显示“无报告”。本站不作其他推断。",
    "**期限**：目标取自身期限；任务、重点工程取其所含目标中最早的期限；指标取规划期末 2025 年底。期限早于数据日期即为“期限已过”；"
    "有报告但状态不是“已完成”的条目另标“期限已过”。",
    "**报告状态与计算比较分开**：状态是报告的原话归类；“已达到目标值 / 未达到目标值”是本站用报告数值与规划目标值计算的比较，"
    "标为“计算”。指标的 2025 年目标为数字时才比较（“不出现”视为不高于 0，“不降低”视为不低于 2020 年现状值；“保持稳定”“完成上级目标任务”不比较）；带 ≥ ≤ = > < 的数值目标与自身的报告值比较，没有时与所度量指标的最新报告值比较（单位须相同）。"
    "约束性指标未达到目标时特别标出。",
]
"""The rules above in the words of the 进展 page (Markdown)."""


def data_moment() -> datetime.datetime:
    """The data's time, from SOURCE_DATE_EPOCH (UTC: the last commit that changed a record, or the newest
    report's 数据截至 if later, set by every build and command through ``history.git.date_the_build``);
    never the wall clock."""
    return datetime.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)), datetime.UTC)


def data_date() -> datetime.date:
    """The data date (“数据日期”) every state is computed at, from SOURCE_DATE_EPOCH (UTC)."""
    return data_moment().date()


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
class Comparison:
    """A computed comparison (not a reported status): a reported number against the plan's target."""

    value: float
    unit: str | None
    comparator: str  # ge | le | gt | lt | eq
    target: float
    met: bool
    report: str  # id of the report the number comes from
    item: str  # id of the record whose entry gave the number

    @property
    def label(self) -> str:
        return MET_LABEL[self.met]

    @property
    def text(self) -> str:
        """'报告值 91.8%，目标 ≥91.76%'."""
        unit = self.unit or ""
        sign = S.COMPARATOR_SIGN[self.comparator]
        return f"报告值 {format_number(self.value)}{unit}，目标 {sign}{format_number(self.target)}{unit}"


@dataclass(frozen=True)
class State:
    """What every view shows for one record (see the module doc for the rules)."""

    item: str
    kind: str  # indicator | task | project | target
    key: str  # a status key, OVERDUE or UNREPORTED: what the badge shows
    basis: str  # REPORTED | COVERED | NONE
    entry: Entry | None  # the report entry the status comes from
    via: str | None  # COVERED: the linked record the entry is about
    link: str | None  # COVERED: task | project | indicator | implements (a key of VIA_LABEL)
    deadline: str | None
    passed: bool  # the deadline is before the data date
    comparison: Comparison | None

    @property
    def label(self) -> str:
        return STATE_LABEL[self.key]

    @property
    def status(self) -> str | None:
        """The reported status (directly or through a link), or None."""
        return self.entry[1].status if self.entry else None

    @property
    def report(self) -> S.ReportFile | None:
        return self.entry[0] if self.entry else None

    @property
    def late(self) -> bool:
        """Reported (directly or through a link), deadline passed, and not reported 已完成."""
        return self.passed and self.entry is not None and self.status != "done"

    @property
    def via_label(self) -> str:
        return VIA_LABEL[self.link] if self.link else ""

    def why(self) -> str:
        """One sentence: where the state comes from (the badge's hover text, CSV ``state_source``)."""
        if self.entry is None:
            return "期限已过，没有报告提到此项或与之关联的条目" if self.key == OVERDUE else "没有报告提到此项或与之关联的条目"
        r = self.entry[0]
        head = f"{r.title}（截至 {r.as_of}）"
        return head if self.basis == REPORTED else f"{head}对{self.via_label[1:]} {self.via} 的陈述"


def deadline_of(plan: Plan, kind: str, item_id: str) -> str | None:
    """A target's deadline; the earliest of a task's or project's targets; the period end for an indicator."""
    if kind == "indicator":
        return str(plan.meta.period_end)
    if kind == "target":
        return plan.by_id[item_id].deadline
    dated = [t.deadline for t in plan.targets_of.get(item_id, []) if t.kind == "target" and t.deadline]
    return min(dated, key=end_of) if dated else None


def links_of(plan: Plan, kind: str, item_id: str) -> list[tuple[str, str]]:
    """(link, linked id) whose entries cover the record when no report mentions it, in preference order."""
    if kind == "target":
        t = plan.by_id[item_id]
        return [(link, other) for link, other in (("task", t.task), ("project", t.project), ("indicator", t.indicator)) if other]
    if kind == "task":
        return [("implements", pr.id) for pr in plan.projects_of.get(item_id, [])]
    return []


def _covering(plan: Plan, kind: str, item_id: str, on: datetime.date) -> tuple[Entry, str, str] | None:
    """The latest entry about a linked record (latest report first, then link order)."""
    found = [(latest(plan, other, on), i, link, other) for i, (link, other) in enumerate(links_of(plan, kind, item_id))]
    found = [f for f in found if f[0]]
    if not found:
        return None
    hit = max(found, key=lambda f: (report_order(f[0][0]), -f[1]))
    return hit[0], hit[3], hit[2]


@per_plan
def states(plan: Plan, on: datetime.date) -> dict[str, State]:
    """{record id: State} for every reportable record, in ``reportable_items`` order. Remembered per
    plan and date: every page asks."""
    out: dict[str, State] = {}
    for kind, ident in reportable_items(plan):
        deadline = deadline_of(plan, kind, ident)
        passed = deadline is not None and end_of(deadline) < on
        direct = latest(plan, ident, on)
        covered = None if direct else _covering(plan, kind, ident, on)
        if direct:
            entry, basis, via, link = direct, REPORTED, None, None
        elif covered:
            (entry, via, link), basis = covered, COVERED
        else:
            entry, basis, via, link = None, NONE, None, None
        key = entry[1].status if entry else (OVERDUE if passed else UNREPORTED)
        out[ident] = State(ident, kind, key, basis, entry, via, link, deadline, passed, _comparison(plan, kind, ident, on))
    return out


def state(plan: Plan, item_id: str, on: datetime.date | None = None) -> State:
    """The State of one record at ``on`` (default: the data date)."""
    return states(plan, on or data_date())[item_id]


def overdue(plan: Plan, on: datetime.date) -> list[State]:
    """Records shown as 期限已过，未见报告 — exactly those, by deadline, then kind (targets first), then id."""
    order = {"target": 0, "indicator": 1, "task": 2, "project": 3}
    late = [s for s in states(plan, on).values() if s.key == OVERDUE]
    return sorted(late, key=lambda s: (end_of(s.deadline), order[s.kind], s.item))


def passed_not_done(plan: Plan, on: datetime.date) -> list[State]:
    """Records with a report (directly or through a link) whose deadline passed and whose status is not 已完成."""
    order = {"target": 0, "indicator": 1, "task": 2, "project": 3}
    late = [s for s in states(plan, on).values() if s.late]
    return sorted(late, key=lambda s: (end_of(s.deadline), order[s.kind], s.item))


def _comparison(plan: Plan, kind: str, item_id: str, on: datetime.date) -> Comparison | None:
    if kind == "indicator":
        s = indicator_series(plan, item_id, on)
        if s.misses is None:
            return None
        return Comparison(s.latest.value, s.unit, s.comparator, s.target, not s.misses, s.latest.report, item_id)
    if kind != "target":
        return None
    t = plan.by_id[item_id]
    goal = parse_number(t.value) if t.value is not None else None
    if goal is None or t.comparator not in COMPARED:
        return None
    sources = [item_id] + ([t.indicator] if t.indicator and (plan.indicator(t.indicator).unit or None) == (t.unit or None) else [])
    for source in sources:
        numbered = [(r, e) for r, e in entries_known(plan, source, on) if e.value is not None and parse_number(e.value) is not None]
        if numbered:
            r, e = numbered[-1]
            value = parse_number(e.value)
            return Comparison(value, t.unit, t.comparator, goal, meets(value, t.comparator, goal), r.id, source)
    return None


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
    """Counts of shown state (``State.key``: a status, 'overdue' or 'unreported') over every reportable item; by chapter (tasks,
    projects, targets), by lead department (tasks) and by indicator (the indicator, the tasks that
    move it and the targets that measure it). Groups are keyed by id and inserted in plan order."""
    out = Rollup()
    status = {ident: x.key for ident, x in states(plan, on).items()}
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
