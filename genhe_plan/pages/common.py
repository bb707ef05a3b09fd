"""Plan-aware Markdown pieces shared by the page builders: links to records, badges, target lines.

Labels and value formats come from ``present``, permalinks from ``urls``, escaping from ``html``.
"""

from __future__ import annotations

from ..input import schema as S
from ..model import Plan
from ..present import labels as P
from ..present import urls
from .badges import comparison_text, item_badge, item_state
from .html import link, md, render


def task_link(plan: Plan, page: str, task_id: str) -> str:
    return link(page, urls.task(plan, task_id), P.paragraph_label(plan.paragraphs[task_id]))


def titled_task_link(plan: Plan, page: str, task_id: str) -> str:
    """A task link named by its title (its id when it has none), as tables of tasks show it."""
    return link(page, urls.task(plan, task_id), plan.paragraphs[task_id].title or task_id)


def dept_link(plan: Plan, page: str, dept_id: str) -> str:
    return link(page, urls.department(dept_id), plan.department(dept_id).name)


def lead_link(plan: Plan, page: str, task: S.Paragraph) -> str:
    return dept_link(plan, page, task.lead.department) if task.lead else "—"


def indicator_link(plan: Plan, page: str, ind_id: str, text: str | None = None) -> str:
    return link(page, urls.indicator(ind_id), text if text is not None else plan.indicator(ind_id).name)


def project_link(plan: Plan, page: str, project_id: str, with_box: bool = True) -> str:
    pr, box = plan.projects[project_id], plan.box_of[project_id]
    return link(page, urls.project(plan, project_id), P.project_label(box, pr) if with_box else pr.title)


def place_link(plan: Plan, page: str, place_id: str) -> str:
    return link(page, urls.place(place_id), plan.place(place_id).name)


def basis_badge(link_: S.DeptLink | S.IndicatorLink) -> str:
    """A visible mark of where a link comes from; the reason or quote as hover text and in print."""
    why = link_.quote if link_.basis == "stated" else link_.reason
    return render("badge.html", basis=link_.basis, label=P.BASIS_LABEL[link_.basis], why=why or "")


def target_line(plan: Plan, page: str, t: S.Target) -> str:
    """One target as a Markdown list item body: metric, comparator, value, deadline, quote."""
    when = f"（{P.deadline_label(t.deadline)}）" if t.deadline else f"（{P.NO_DEADLINE}）"
    ind = f" · 指标 {indicator_link(plan, page, t.indicator)}" if t.indicator else ""
    scope = f" · {md(t.scope)}" if t.scope else ""
    conflicts = plan.conflicts_of.get(t.id)
    conflict = " · ⚠️ " + link(page, urls.conflict(conflicts[0].id), "与他处数值不一致") if conflicts else ""
    state = ""
    if t.kind == "target":
        compared = comparison_text(item_state(plan, t.id))
        state = f" · 进展 {item_badge(plan, page, t.id)}" + (f" · {md(compared)}" if compared else "")
    return f"**{md(t.metric)}** {md(P.target_value(t))}{when}{scope}{ind}{conflict}{state}<br>“{md(t.quote)}”"


def task_target_summary(plan: Plan, task_id: str) -> str:
    """The task's “十四五” targets as metric and value, “；”-separated ('—' when none)."""
    return "；".join(md(P.target_label(x)) for x in plan.targets_of[task_id] if x.kind == "target") or "—"


def task_chapters(plan: Plan) -> str:
    """The chapters that hold the plan's tasks, from the data (never written by hand): "第三至十二章"."""
    return P.chapter_span([plan.where[t.id].chapter.number for t in plan.tasks])


def departments_with_tasks(plan: Plan) -> set[str]:
    """Ids of the departments that lead or support at least one task."""
    return {x.department for t in plan.tasks for _, x in plan.task_departments(t)}
