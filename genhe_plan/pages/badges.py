"""Status marks: the badge every view of a task, target, indicator or project shows, the mark of a
report entry, and the keys the task finder filters on. Nothing here decides a state: the status model
(``progress.status.state``) does; this module only draws it.

Every mark carries ``data-state`` (the state key); a record's mark also ``data-item`` and
``data-basis`` (reported | covered | none), a report entry's mark ``data-item`` and ``data-report``;
the 期限已过 mark ``data-passed``. tests/test_progress_states.py reads them back across the built site.
Why its own module: the link helpers (``common``) and the 进展 pages (``progress``) both need it, and
progress uses the link helpers.
"""

from __future__ import annotations

import datetime

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..progress import status as st
from .html import render

OVERDUE = st.OVERDUE
BADGE_LABEL = st.STATE_LABEL
FINDER_STATUSES = st.STATE_ORDER
"""The task finder's 进展 options: every reported status, then the two marks for no report."""
RULES_ANCHOR = "rules"
"""Anchor of the rules section on the 进展 page: every 期限已过 mark links there."""


def _linked(span: str, href: str) -> str:
    """The mark as a Markdown link, so MkDocs rewrites it for directory URLs and the offline build like
    every other link (raw HTML hrefs it leaves alone). Why brackets are entities: the mark sits inside
    the link text's [ ]."""
    return "[" + span.replace("[", "&#91;").replace("]", "&#93;") + f"]({href})" if href else span


def status_badge(key: str, title: str = "", href: str = "", **data: str) -> str:
    """An inline state mark; the label is visible text (not colour alone), ``title`` the hover text.
    ``data``: item, basis, report, via (see the module doc). With ``href`` (a docs path relative to the
    page) the mark is a Markdown link."""
    fields = {k: data.get(k, "") for k in ("item", "basis", "report", "via")}
    return _linked(render("status_badge.html", key=key, label=BADGE_LABEL[key], title=title, **fields), href)


def entry_badge(r: S.ReportFile, e: S.ProgressEntry) -> str:
    """What one report says of one record (a reported status of that report, not the record's state)."""
    return status_badge(e.status, f"{r.title}（截至 {r.as_of}）", item=e.item, report=r.id)


def passed_mark(page: str, item_id: str = "") -> str:
    """期限已过, linking to the rule that defines it."""
    span = render("passed_mark.html", item=item_id, label=st.PASSED_LABEL)
    return _linked(span, urls.rel(page, f"{urls.PROGRESS}#{RULES_ANCHOR}"))


def overdue_ids(plan: Plan, on: datetime.date) -> frozenset[str]:
    """Ids of the records shown as 期限已过，未见报告."""
    return frozenset(s.item for s in st.overdue(plan, on))


def item_state(plan: Plan, item_id: str, on: datetime.date | None = None) -> st.State:
    return st.state(plan, item_id, on)


def item_badge(plan: Plan, page: str, item_id: str, on: datetime.date | None = None) -> str:
    """The state mark every view of a task, target, indicator or project shows (``status.state``): it
    links to the report the state comes from, or to the rules on the 进展 page; a record reported but
    not 已完成 after its deadline also gets the 期限已过 mark."""
    s = st.state(plan, item_id, on)
    data = {"item": item_id, "basis": s.basis, "via": s.via_label}
    if s.entry:
        href = urls.rel(page, urls.report(s.entry[0].id))
        badge = status_badge(s.key, s.why(), href, **data)
        return badge + (" " + passed_mark(page, item_id) if s.late else "")
    return status_badge(s.key, s.why(), urls.rel(page, f"{urls.PROGRESS}#{RULES_ANCHOR}"), **data)


def comparison_text(s: st.State) -> str:
    """'计算：已达到目标值（报告值 91.8%，目标 ≥91.76%）', or '' when nothing is compared."""
    c = s.comparison
    return f"计算：{c.label}（{c.text}）" if c else ""


def said_text(s: st.State) -> str:
    """What the report behind a state says (Markdown): 报告值 and the quote; '' without a report."""
    if s.entry is None:
        return ""
    from .html import md

    e = s.entry[1]
    value = f"报告值 {md(st.format_number(e.value))}{md(e.unit or '')}；" if e.value is not None else ""
    whose = f"（{s.via_label[1:]} {md(s.via)}）" if s.via else ""
    return f"{value}报告原话{whose}：“{md(e.evidence)}”"
