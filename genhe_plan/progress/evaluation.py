"""The evaluation (终期评估) of the plan through its three lists — 指标、主要任务、重点工程 — as plain rows.

In:  a Plan (with its reports), one report, the date ``on`` the status model is read at (default: the
     report's own as_of) and optionally a department. Out: an ``Evaluation`` — every cell as text, no
     HTML, no layout — which the writers turn into a .docx (``export.evaluation_docx``), a workbook
     (``export.evaluation_xlsx``) and a print page (``pages.evaluation``).

Nothing here decides a state: each row shows ``status.states(plan, on)``; an indicator's 完成情况 is
its reported number against the plan's target by ``target_rule`` (the one rule the 进展 page also
uses). The account is counts only; the carry-over list (结转事项) is what the reports say is unfinished
or not reached — items no report mentions are counted, never judged.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from ..input import schema as S
from ..model import Plan
from ..present.labels import (
    BASIS_LABEL,
    NO_DEADLINE,
    ROLE_LABEL,
    TYPE_LABEL,
    box_label,
    chapter_label,
    date_label,
    deadline_label,
    indicator_short,
    paragraph_label,
    report_source,
    target_label,
)
from . import status as st
from .target_rule import UPPER, indicator_rule

REACHED, MISSED, NOT_NUMERIC, NO_REPORT = "达到", "未达到", "不能按数值判断", "无报告"
OUTCOMES = [REACHED, MISSED, NOT_NUMERIC, NO_REPORT]
LISTS = {"indicator": "指标", "task": "主要任务", "project": "重点工程"}

INDICATOR_HEAD = ["序号", "指标", "单位", "属性", "2020年现状值", "2025年目标值", "报告值", "状态", "完成情况", "依据"]
TASK_HEAD = ["编号", "任务", "牵头/配合部门", "期限", "状态", "报告原话", "来源"]
PROJECT_HEAD = ["编号", "工程", "期限", "状态", "报告原话", "来源"]
LATE_HEAD = ["期限", "类别", "编号", "名称", "状态"]
CARRY_HEAD = ["类别", "编号", "名称", "状态或完成情况", "报告原话或依据"]
FINDING_HEAD = ["原文问题", "涉及指标", "类别", "说明"]


@dataclass(frozen=True)
class Outcome:
    """An indicator's 完成情况 (one of OUTCOMES) and the sentence it rests on (依据)."""

    label: str
    basis: str


@dataclass(frozen=True)
class Group:
    """Rows under one heading (a chapter, a 专栏)."""

    title: str
    rows: list[list[str]]
    ids: list[str]


@dataclass(frozen=True)
class Evaluation:
    report: S.ReportFile
    on: datetime.date
    dept: S.Department | None
    title: str
    subtitle: str
    account: list[str]
    indicators: list[list[str]]  # INDICATOR_HEAD
    indicator_ids: list[str]
    outcomes: dict[str, Outcome]  # indicator id → 完成情况
    tasks: list[Group]  # TASK_HEAD, by chapter
    projects: list[Group]  # PROJECT_HEAD, by 专栏
    counts: list[list[str]]  # 清单 + STATE_LABEL + 合计
    outcome_counts: list[list[str]]  # OUTCOMES + 合计
    departments: list[list[str]]  # 部门, 角色 + STATE_LABEL + 合计
    late: list[list[str]]  # LATE_HEAD
    carry: list[list[str]]  # CARRY_HEAD
    carry_note: str
    findings: list[list[str]]  # FINDING_HEAD

    @property
    def title_lines(self) -> list[str]:
        """The title in two lines, broken after the plan's name."""
        cut = self.title.index("实施情况评估")
        return [self.title[:cut], self.title[cut:]]

    @property
    def counts_head(self) -> list[str]:
        return ["清单", *st.STATE_LABEL.values(), "合计"]

    @property
    def departments_head(self) -> list[str]:
        return ["部门", "角色", *st.STATE_LABEL.values(), "合计"]


# ---------------------------------------------------------------- the rule
def outcome(plan: Plan, ind: S.Indicator, on: datetime.date) -> Outcome:
    """达到 / 未达到 when the latest reported number can be compared with the target (``target_rule``);
    不能按数值判断 when the target is not a comparable number or the reports give no number; 无报告
    when no report known at ``on`` mentions the indicator."""
    if not st.entries_known(plan, ind.id, on):
        return Outcome(NO_REPORT, f"截至{date_label(on)}没有报告提到此指标")
    rule = indicator_rule(plan, ind)
    if rule.comparator is None:
        return Outcome(NOT_NUMERIC, rule.why)
    c = st.state(plan, ind.id, on).comparison
    if c is None:
        return Outcome(NOT_NUMERIC, "报告未给出数值")
    return Outcome(REACHED if c.met else MISSED, f"{c.text}（计算）；{rule.why}")


# ---------------------------------------------------------------- scope
def department_scope(plan: Plan, dept: str) -> tuple[set[str], set[str], set[str]]:
    """(task ids, project ids, indicator ids) of a department: the tasks it leads or supports, the
    projects implementing them, the indicators those tasks move."""
    tasks = {t.id for t in plan.tasks if any(link.department == dept for _, link in plan.task_departments(t))}
    projects = {pr.id for pr in plan.projects.values() if tasks & set(pr.tasks)}
    indicators = {i.indicator for t in plan.tasks if t.id in tasks for i in t.indicators}
    return tasks, projects, indicators


def _in_scope(plan: Plan, s: st.State, scope: tuple[set[str], set[str], set[str]] | None) -> bool:
    if scope is None:
        return True
    if s.kind == "target":
        t = plan.by_id[s.item]
        return t.task in scope[0] or t.project in scope[1]
    return s.item in scope[0] | scope[1] | scope[2]


# ---------------------------------------------------------------- cells
def state_text(s: st.State) -> str:
    """The state every page shows, with where a covered state comes from: 已完成（据落实它的重点工程 kp-05-2）."""
    return f"{s.label}（{s.via_label} {s.via}）" if s.via else s.label


def said_text(plan: Plan, s: st.State) -> str:
    """The report's own words behind the state (about the linked record when covered), or ''."""
    if s.entry is None:
        return ""
    words = f"“{s.entry[1].evidence}”"
    return f"（关于 {s.via}）{words}" if s.via else words


def source_cell(s: st.State) -> str:
    r = s.report
    return f"{r.title}（截至{deadline_label(r.as_of)}；{report_source(r)}）" if r else ""


def deadline_cell(deadline: str | None) -> str:
    return deadline_label(deadline) if deadline else NO_DEADLINE


def departments_cell(plan: Plan, task: S.Paragraph) -> str:
    """牵头：生态环境部门（原文写明）；配合：林业和草原部门（按职责分配）、…"""
    parts: dict[str, list[str]] = {}
    for role, link in plan.task_departments(task):
        parts.setdefault(ROLE_LABEL[role], []).append(f"{plan.department(link.department).name}（{BASIS_LABEL[link.basis]}）")
    return "；".join(f"{role}：{'、'.join(names)}" for role, names in parts.items())


def value_cell(plan: Plan, ind: S.Indicator, on: datetime.date) -> str:
    """The latest reported number with its unit, date and report, or ''."""
    s = st.indicator_series(plan, ind.id, on)
    p = s.latest
    if p is None:
        return ""
    r = next(r for r in plan.reports if r.id == p.report)
    return f"{p.text}{ind.unit or ''}（截至{deadline_label(r.as_of)}，{r.title}；{report_source(r)}）"


def item_name(plan: Plan, s: st.State) -> str:
    obj = plan.by_id[s.item]
    if s.kind == "indicator":
        return indicator_short(obj)
    if s.kind == "task":
        return paragraph_label(obj)
    if s.kind == "target":
        return target_label(obj) if obj.value else obj.metric
    return obj.title


# ---------------------------------------------------------------- the three lists
def indicator_rows(plan: Plan, on: datetime.date, keep: set[str] | None) -> tuple[list[list[str]], list[str], dict[str, Outcome]]:
    rows, ids, outcomes = [], [], {}
    states = st.states(plan, on)
    for ind in plan.indicators:
        if keep is not None and ind.id not in keep:
            continue
        o = outcomes[ind.id] = outcome(plan, ind, on)
        notes = [f.id for f in indicator_findings(plan, ind.id)]
        basis = o.basis + (f"。规划原文问题：{'、'.join(notes)}（见附表）" if notes else "")
        head = [str(ind.number), ind.name, ind.unit or "", ind.attribute, ind.baseline_2020, ind.target_2025]
        rows.append([*head, value_cell(plan, ind, on), state_text(states[ind.id]), o.label, basis])
        ids.append(ind.id)
    return rows, ids, outcomes


def task_groups(plan: Plan, on: datetime.date, keep: set[str] | None) -> list[Group]:
    states = st.states(plan, on)
    groups: dict[str, Group] = {}
    for t in plan.tasks:
        if keep is not None and t.id not in keep:
            continue
        s = states[t.id]
        g = groups.setdefault(plan.where[t.id].chapter.id, Group(chapter_label(plan.where[t.id].chapter), [], []))
        g.rows.append(
            [
                t.id,
                paragraph_label(t),
                departments_cell(plan, t),
                deadline_cell(s.deadline),
                state_text(s),
                said_text(plan, s),
                source_cell(s),
            ]
        )
        g.ids.append(t.id)
    return list(groups.values())


def project_groups(plan: Plan, on: datetime.date, keep: set[str] | None) -> list[Group]:
    states = st.states(plan, on)
    out = []
    for b in plan.boxes:
        kept = [pr for pr in b.projects if keep is None or pr.id in keep]
        if not kept:
            continue
        g = Group(box_label(b), [], [])
        for pr in kept:
            s = states[pr.id]
            g.rows.append([pr.id, pr.title, deadline_cell(s.deadline), state_text(s), said_text(plan, s), source_cell(s)])
            g.ids.append(pr.id)
        out.append(g)
    return out


def indicator_findings(plan: Plan, ind_id: str) -> list[S.Conflict]:
    """The plan's own problems (conflicts.yaml, every class) that name the indicator."""
    return [f for f in plan.findings if f.indicator == ind_id or ind_id in f.indicators]


def finding_rows(plan: Plan, ind_ids: list[str]) -> list[list[str]]:
    rows = []
    for f in plan.findings:
        named = [i for i in ind_ids if f.indicator == i or i in f.indicators]
        if named:
            names = "、".join(indicator_short(plan.indicator(i)) for i in named)
            rows.append([f.id, names, S.FINDING_CLASSES[f.class_], f.summary])
    return rows


# ---------------------------------------------------------------- counts, late, carried over
def _count_row(label: list[str], keys: list[str]) -> list[str]:
    n = Counter(keys)
    return [*label, *(str(n[k]) for k in st.STATE_LABEL), str(len(keys))]


def count_rows(plan: Plan, on: datetime.date, ids: dict[str, list[str]]) -> list[list[str]]:
    """One row per list (指标, 主要任务, 重点工程): how many rows show each state."""
    states = st.states(plan, on)
    return [_count_row([LISTS[kind]], [states[i].key for i in ids[kind]]) for kind in LISTS]


def outcome_rows(outcomes: dict[str, Outcome]) -> list[list[str]]:
    n = Counter(o.label for o in outcomes.values())
    return [[*(str(n[k]) for k in OUTCOMES), str(len(outcomes))]]


def department_rows(plan: Plan, on: datetime.date, task_ids: list[str], dept: str | None) -> list[list[str]]:
    """Tasks by department and state: every lead department (the whole plan), or the one department as
    lead and as supporting department (``dept``)."""
    states = st.states(plan, on)
    tasks = [plan.paragraphs[i] for i in task_ids]
    rows = []
    for d in plan.departments:
        if dept is not None and d.id != dept:
            continue
        roles = ("lead", "supporting") if dept else ("lead",)
        for role in roles:
            keys = [states[t.id].key for t in tasks if any(r == role and link.department == d.id for r, link in plan.task_departments(t))]
            if keys:
                rows.append(_count_row([d.name, ROLE_LABEL[role]], keys))
    return rows


def late_rows(plan: Plan, on: datetime.date, scope) -> list[list[str]]:
    """期限已过 and not reported 已完成: no report at all (``status.overdue``) and reported but not done
    (``status.passed_not_done``), by deadline."""
    order = {"target": 0, "indicator": 1, "task": 2, "project": 3}
    late = [s for s in [*st.overdue(plan, on), *st.passed_not_done(plan, on)] if _in_scope(plan, s, scope)]
    late.sort(key=lambda s: (st.end_of(s.deadline), order[s.kind], s.item))
    return [[deadline_cell(s.deadline), TYPE_LABEL[s.kind], s.item, item_name(plan, s), state_text(s)] for s in late]


def carry_rows(plan: Plan, on: datetime.date, e_ind: list[str], outcomes: dict[str, Outcome], items: list[str]) -> list[list[str]]:
    """结转事项: indicators 未达到, then tasks and projects a report says are not 已完成 — each as the
    report has it. Nothing without a report is listed (see ``carry_note``)."""
    states = st.states(plan, on)
    rows = []
    for i in e_ind:
        if outcomes[i].label == MISSED:
            s = states[i]
            rows.append([TYPE_LABEL["indicator"], i, item_name(plan, s), f"{MISSED}（{state_text(s)}）", outcomes[i].basis])
    for i in items:
        s = states[i]
        if s.entry is not None and s.status != "done":
            rows.append([TYPE_LABEL[s.kind], i, item_name(plan, s), state_text(s), said_text(plan, s)])
    return rows


def _state_counts(keys: list[str]) -> str:
    n = Counter(keys)
    return "、".join(f"{label} {n[k]} 项" for k, label in st.STATE_LABEL.items() if n[k])


def account(plan: Plan, e_ind: list[str], outcomes: dict[str, Outcome], items: dict[str, list[str]], on: datetime.date) -> list[str]:
    """The short account: counts only, each sentence from the rows."""
    states = st.states(plan, on)
    n = Counter(o.label for o in outcomes.values())
    valued = sum(st.indicator_series(plan, i, on).latest is not None for i in e_ind)
    upper = sum(plan.indicator(i).target_2025.strip() == UPPER for i in e_ind)
    out = [
        f"{len(e_ind)} 项主要指标中，{valued} 项有报告值，其中 {n[REACHED]} 项达到 {plan.meta.period_end} 年目标值、"
        f"{n[MISSED]} 项未达到；{n[NOT_NUMERIC]} 项不能按数值判断，{n[NO_REPORT]} 项无报告。"
        + (f"{upper} 项目标为“{UPPER}”，需以上级考核结果为准。" if upper else "")
    ]
    for kind in ("task", "project"):
        if items[kind]:
            out.append(f"{len(items[kind])} 项{LISTS[kind]}中：{_state_counts([states[i].key for i in items[kind]])}。")
    return out


# ---------------------------------------------------------------- the whole
def find_report(plan: Plan, report_id: str) -> S.ReportFile:
    """The report, or KeyError naming the known ones."""
    found = next((r for r in plan.reports if r.id == report_id), None)
    if found is None:
        raise KeyError(f"没有 id 为 {report_id} 的报告；已有: {'、'.join(r.id for r in plan.reports) or '（无）'}")
    return found


def evaluate(plan: Plan, report_id: str, on: datetime.date | None = None, dept: str | None = None) -> Evaluation:
    """The evaluation from report ``report_id`` at ``on`` (default: its as_of), for one department or the
    whole plan. Raises KeyError (Chinese, naming what is known) for an unknown report or department."""
    r = find_report(plan, report_id)
    if dept is not None and dept not in {d.id for d in plan.departments}:
        raise KeyError(f"没有 id 为 {dept} 的部门；部门 id 见 plan_data/departments.yaml 或网站“部门”页网址")
    on = on or st.end_of(r.as_of)
    scope = department_scope(plan, dept) if dept else None
    rows, ind_ids, outcomes = indicator_rows(plan, on, scope[2] if scope else None)
    tasks = task_groups(plan, on, scope[0] if scope else None)
    projects = project_groups(plan, on, scope[1] if scope else None)
    ids = {"indicator": ind_ids, "task": [i for g in tasks for i in g.ids], "project": [i for g in projects for i in g.ids]}
    late = late_rows(plan, on, scope)
    carry = carry_rows(plan, on, ind_ids, outcomes, ids["task"] + ids["project"])
    d = plan.department(dept) if dept else None
    states = st.states(plan, on)
    silent = [sum(states[i].entry is None for i in ids[k]) for k in LISTS]
    head = [
        f"本表依据截至{date_label(on)}已录入的全部进展报告汇总，各条目的状态按本站“进展”页的计算规则取得；"
        "报告未提到的条目写“无报告”或“期限已过，未见报告”，不作推断。"
    ]
    tail = [f"期限已过而报告未称已完成的条目 {len(late)} 项，见“期限已过事项”；结转事项 {len(carry)} 项。"]
    return Evaluation(
        report=r,
        on=on,
        dept=d,
        title=f"{plan.meta.title}实施情况评估" + (f"（{d.name}）" if d else ""),
        subtitle=f"依据：{r.title}（{r.kind}，{r.issuer}，{deadline_label(r.date)}）　状态截至：{date_label(on)}",
        account=head + account(plan, ind_ids, outcomes, ids, on) + tail,
        indicators=rows,
        indicator_ids=ind_ids,
        outcomes=outcomes,
        tasks=tasks,
        projects=projects,
        counts=count_rows(plan, on, ids),
        outcome_counts=outcome_rows(outcomes),
        departments=department_rows(plan, on, ids["task"], dept),
        late=late,
        carry=carry,
        carry_note=f"未列入结转事项：报告未提到的指标 {silent[0]} 项、主要任务 {silent[1]} 项、重点工程 {silent[2]} 项（无报告，不作判断）。",
        findings=finding_rows(plan, ind_ids),
    )
