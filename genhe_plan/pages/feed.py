"""The Atom change feeds (RFC 4287): ``feed.xml`` for the whole site and ``departments/ID/feed.xml`` for
each department, so an official can follow only their own work.

In: a Plan with its ``history`` (``site.prepare``). Out: {site path: XML text}. One entry per record
change (what changed, in the words of 更新记录, and a link to the record; never the commit message,
and the publisher as author, not a git author) and one per progress report (dated by the commit that
added it, else by its own date); newest first, at most MAX_ENTRIES. Ids are ``urn:uuid`` names derived
from the commit and record, so the same history gives byte-identical feeds and an entry keeps its id
from build to build. Links are absolute with a public address set, else resolved through ``xml:base``
(the site root relative to the feed). Every text is XML-escaped here; entry content is HTML escaped once more inside
``type="html"``, as the RFC asks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from ..history import Change
from ..history.records import printable
from ..model import Plan
from ..present import urls
from ..present.changes import ACTION_LABEL, change_departments, change_summary, cut, record_target
from ..present.changes import escape as html_escape
from ..present.labels import TYPE_LABEL
from ..present.settings import publisher
from ..present.xml import escape, quoteattr

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED = "feed.xml"
MAX_ENTRIES = 100
EPOCH = "2022-08-01T00:00:00+08:00"
"""The feed's date when it has no entry: the plan's publication."""


def department_feed(dept_id: str) -> str:
    return f"departments/{dept_id}/feed.xml"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str
    link: str
    """Docs path (with #anchor) of the record, or "" when it no longer exists."""
    author: str
    kind: str
    depts: tuple[str, ...]
    """Departments the entry concerns (its department feeds)."""
    content: str
    """HTML."""


def feed_paths(plan: Plan) -> list[str]:
    """The files ``feed_files`` makes, named without making them (pages link to them)."""
    return [SITE_FEED, *(department_feed(d.id) for d in plan.departments)]


def feed_files(plan: Plan) -> dict[str, str]:
    entries = change_entries(plan) + report_entries(plan)
    entries.sort(key=lambda e: _utc(e.updated), reverse=True)
    title = plan.meta.short_title
    out = {SITE_FEED: feed_xml(SITE_FEED, f"{title} · 数据更新", urls.CHANGES, entries, _urn("feed"))}
    for d in plan.departments:
        mine = [e for e in entries if d.id in e.depts]
        out[department_feed(d.id)] = feed_xml(
            department_feed(d.id), f"{title} · {d.name}的数据更新", urls.department(d.id), mine, _urn(f"feed:department:{d.id}")
        )
    return out


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'genhe-plan:' + name)}"


def _utc(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date).astimezone(dt.UTC)


def change_entries(plan: Plan) -> list[Entry]:
    h = plan.history
    if h is None:
        return []
    out = []
    for c in h.changes:  # type: ignore[attr-defined]
        if c.kind == "report" and c.action == "added":
            continue  # the report's own entry says it
        found = record_target(plan, c.kind, c.id) if c.kind != "report" else (urls.report(c.id), c.id)
        name = f"{c.id} {cut(found[1], 40)}".strip() if found else c.id
        out.append(
            Entry(
                _urn(f"change:{c.commit.sha}:{c.kind}:{c.id}"),
                f"{ACTION_LABEL[c.action]}{TYPE_LABEL[c.kind]} {name}",
                c.commit.date,
                found[0] if found else "",
                publisher(),
                c.kind,
                tuple(change_departments(plan, c)),
                _change_html(plan, c),
            )
        )
    return out


def _change_html(plan: Plan, c: Change) -> str:
    """What changed, in the words of 更新记录 (never the commit message), and the revision."""
    return f"<p>{change_summary(plan, c, html_escape)}</p><p>修订 <code>{c.commit.sha[:12]}</code>，{c.commit.date[:10]}</p>"


def report_entries(plan: Plan) -> list[Entry]:
    h = plan.history
    added = {c.id: c.commit.date for c in (h.changes if h is not None else []) if c.kind == "report" and c.action == "added"}  # type: ignore[attr-defined]
    out = []
    for r in plan.reports:
        items = {e.item for e in r.entries}
        depts = sorted({dl.department for t in plan.tasks for _, dl in plan.task_departments(t) if _reports_on(plan, t.id, items)})
        content = (
            f"<p>{html_escape(r.kind)}，{html_escape(r.issuer)}发布，数据截至 {html_escape(r.as_of)}；涉及 {len(r.entries)} 个条目。</p>"
        )
        out.append(
            Entry(
                _urn(f"report:{r.id}"),
                f"新进展报告 {r.title}",
                added.get(r.id) or _date(r.date),
                urls.report(r.id),
                r.issuer,
                "report",
                tuple(depts),
                content,
            )
        )
    return out


def _reports_on(plan: Plan, task_id: str, items: set[str]) -> bool:
    return task_id in items or any(t.id in items for t in plan.targets_of.get(task_id, []))


def _date(value: str) -> str:
    """A report date (YYYY, YYYY-MM or YYYY-MM-DD) as an RFC 3339 time: its first day, Beijing time."""
    parts = (value.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]:0>2}-{parts[2]:0>2}T00:00:00+08:00"


def feed_xml(path: str, title: str, page: str, entries: list[Entry], feed_id: str) -> str:
    """One Atom document. ``path``: the feed's own site path; ``page``: the docs path of the HTML page
    it mirrors (rel=alternate). Links are from the site root, and ``xml:base`` says where that is: the
    public address when one is set (SITE_URL or mkdocs.yml's site_url; then the links are absolute
    too), else the site root relative to the feed (RFC 4287 §2, resolved against the feed's own URL)."""
    public = urls.public_base()
    base = public or ("../" * path.count("/") or "./")
    root = public  # "" → links relative to xml:base
    shown = entries[:MAX_ENTRIES]
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="zh-CN" xml:base={_a(base)}>',
        f"  <id>{feed_id}</id>",
        f"  <title>{_x(title)}</title>",
        f"  <subtitle>{_x(_subtitle(len(entries), len(shown)))}</subtitle>",
        f"  <updated>{shown[0].updated if shown else EPOCH}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={_a(root + path)}/>',
        f'  <link rel="alternate" type="text/html" href={_a(root + urls.site_url(page))}/>',
        f"  <author><name>{_x(publisher())}</name></author>",
        "  <generator>genhe_plan</generator>",
    ]
    for e in shown:
        lines += _entry_xml(e, root)
    return "\n".join([*lines, "</feed>", ""])


def _subtitle(total: int, shown: int) -> str:
    more = f"（共 {total} 条，这里是最新的 {shown} 条；全部见网站“更新记录”页）" if total > shown else ""
    return "规划数据（任务、目标、指标、工程、部门、地点、原文问题）的修改和新的进展报告，最新的在前" + more


def _entry_xml(e: Entry, up: str) -> list[str]:
    return [
        "  <entry>",
        f"    <id>{e.id}</id>",
        f"    <title>{_x(e.title)}</title>",
        f"    <updated>{e.updated}</updated>",
        f"    <author><name>{_x(e.author or publisher())}</name></author>",
        *([f'    <link rel="alternate" type="text/html" href={_a(up + urls.site_url(e.link))}/>'] if e.link else []),
        f"    <category term={_a(e.kind)} label={_a(TYPE_LABEL.get(e.kind, e.kind))}/>",
        *(f"    <category term={_a('department:' + d)}/>" for d in e.depts),
        f'    <content type="html">{_x(e.content)}</content>',
        "  </entry>",
    ]


def _x(text: str) -> str:
    return escape(printable(text))


def _a(text: str) -> str:
    return quoteattr(printable(text))
