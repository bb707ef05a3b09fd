"""Status marks: the badge every view of a task, target, indicator or project shows, and the keys the
task finder filters on. Never an inferred status: the latest reported one, else “deadline passed, no
report”, else “no report” (``status``). Why its own module: the link helpers (``common``) and the 进展
pages (``progress``) both need it, and progress uses the link helpers.
"""

from __future__ import annotations

import datetime

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..progress import status as st
from .html import render

OVERDUE = "overdue"
"""Badge key of an item whose deadline passed with no report covering it (not a reported status)."""
BADGE_LABEL = {**st.STATUS_LABEL, OVERDUE: "期限已过，未见报告"}
FINDER_STATUSES = [*S.STATUS_LABEL, OVERDUE, st.UNREPORTED]
"""The task finder's 进展 options: every reported status, then the two marks for no report."""


def status_badge(key: str, title: str = "", href: str = "") -> str:
    """An inline status mark; the label is visible text (not colour alone), ``title`` the hover text.
    With ``href`` (a docs path relative to the page) the mark is a Markdown link, so MkDocs rewrites
    it for directory URLs and the offline build like every other link (raw HTML hrefs it leaves alone).
    Why brackets in the title are entities: the mark sits inside the link text's [ ]."""
    span = render("status_badge.html", key=key, label=BADGE_LABEL[key], title=title)
    if not href:
        return span
    return "[" + span.replace("[", "&#91;").replace("]", "&#93;") + f"]({href})"


def overdue_ids(plan: Plan, on: datetime.date) -> frozenset[str]:
    """Ids of the items ``status.overdue_unreported`` lists."""
    return frozenset(o.item for o in st.overdue_unreported(plan, on))


def item_state(plan: Plan, item_id: str, on: datetime.date | None = None) -> tuple[str, st.Entry | None]:
    """(badge key, latest entry): the latest reported status, else OVERDUE when the item's deadline
    (or, for a task, one of its targets' deadlines) passed unreported, else 'unreported'. Never inferred."""
    on = on or st.build_date()
    hit = st.latest(plan, item_id, on)
    if hit:
        return hit[1].status, hit
    late = overdue_ids(plan, on)
    targets = [t.id for t in plan.targets_of.get(item_id, []) if t.kind == "target"]
    return (OVERDUE if item_id in late or any(t in late for t in targets) else st.UNREPORTED), None


def item_badge(plan: Plan, page: str, item_id: str, on: datetime.date | None = None) -> str:
    """The status mark every view of a task, target, indicator or project shows (see item_state);
    it links to the report it comes from, or to the 进展 page."""
    key, hit = item_state(plan, item_id, on)
    if hit:
        report = hit[0]
        return status_badge(key, f"{report.title}（截至 {report.as_of}）", urls.rel(page, urls.report(report.id)))
    why = "期限已过，尚无公开报告说明完成情况" if key == OVERDUE else "尚无公开的评估或进展报告提到此项"
    return status_badge(key, why, urls.rel(page, urls.PROGRESS))
