"""Record history on the site: a collapsed 修订记录 under each record and the site-wide 更新记录 page.

In: a Plan whose ``history`` was read by ``site.prepare`` (``genhe_plan.history``). Out: Markdown, in the
public's words: each revision is told by a sentence made from its structured changes; commit messages
and git authors are not shown (the publisher is ``present.settings.publisher``). Every old/new value is
untrusted text and goes through ``md()``; department
ids are shown by name, long texts as a word diff (<del>/<ins>) with unchanged stretches elided.
"""

from __future__ import annotations

from ..history import Change, History
from ..model import Plan
from ..present import urls
from ..present.changes import change_departments, change_summary, cut, headline, record_target, short
from ..present.labels import TYPE_LABEL
from ..present.settings import publisher
from .feed import SITE_FEED
from .html import attr, link, md, render


def history_of(plan: Plan) -> History | None:
    return getattr(plan, "history", None)


def record_history(plan: Plan, changes: list[tuple[str, Change]], page: str) -> str:
    """A collapsed 修订记录 block: one line per change, newest first. ``changes``: (prefix, change),
    the prefix naming a record other than the page's own (a task's target)."""
    h = history_of(plan)
    if h is None:
        return ""
    if not changes:
        body = md(h.note) if h.note else "本站录入以来没有修改。"
        return f'<details class="history" markdown>\n<summary>修订记录</summary>\n\n{body}\n\n</details>\n'
    lines = []
    for prefix, c in changes:
        lines.append(
            f'- <time datetime="{attr(c.commit.date)}">{c.commit.day}</time> · {md(prefix)}{change_summary(plan, c, md)}'
            f"<br><small>（修订 <code>{c.commit.sha[:7]}</code>，见{link(page, urls.CHANGES + '#c-' + c.commit.sha[:12], '更新记录')}）</small>"
        )
    return "\n".join(
        [
            f'<details class="history" markdown>\n<summary>修订记录（{len(changes)}）{_dates(changes)}</summary>',
            "",
            *lines,
            "",
            "</details>",
            "",
        ]
    )


def _dates(changes: list[tuple[str, Change]]) -> str:
    """“ · 生成日期 D1 · 最近修改 D2” of the page's own record (the changes without a prefix), shown on the
    closed block: the 信息公开目录's two dates, where the record is."""
    own = [c for prefix, c in changes if not prefix]
    if not own:
        return ""
    added = [c for c in own if c.action == "added"]
    created = (added[-1] if added else own[-1]).commit
    return (
        f' · 生成日期 <time datetime="{attr(created.date)}">{created.day}</time>'
        f' · 最近修改 <time datetime="{attr(own[0].commit.date)}">{own[0].commit.day}</time>'
    )


def task_history(plan: Plan, task_id: str, page: str) -> str:
    """修订记录 of a task and of its own targets."""
    h = history_of(plan)
    if h is None:
        return ""
    items = [("", c) for c in h.of("task", task_id)]
    for t in plan.targets_of.get(task_id, []):
        if t.task == task_id:
            items += [(f"目标 {t.id}：", c) for c in h.of("target", t.id)]
    items.sort(key=lambda pc: h.position(pc[1]))
    return record_history(plan, items, page)


def own_history(plan: Plan, kind: str, ident: str, page: str) -> str:
    h = history_of(plan)
    return "" if h is None else record_history(plan, [("", c) for c in h.of(kind, ident)], page)


# ------------------------------------------------------------------ the 更新记录 page
def record_link(plan: Plan, page: str, kind: str, ident: str) -> str:
    if kind == "report":
        rep = next((r for r in plan.reports if r.id == ident), None)
        return link(page, urls.report(ident), f"{ident} {rep.title}") if rep else md(ident)
    found = record_target(plan, kind, ident)
    if found is None:
        return md(ident) + "（已删除）"
    to, name = found
    return link(page, to, f"{ident} {cut(str(name), 40)}".strip())


def changes_page(plan: Plan) -> str:
    h = history_of(plan) or History(note="未读取修订记录。")
    page = urls.CHANGES
    out = [
        "# 更新记录",
        "",
        f'<p class="lead">本站数据的每一次修订，最新的在前：修改了哪条记录、哪个字段、原来是什么、改成了什么。'
        f"发布：{md(publisher())}。日期是修订发布的日期；"
        "部门以名称显示，长文本中<del>删去</del>和<ins>增加</ins>的文字已标出。每条记录的页面上也有它自己的“修订记录”。</p>",
        "",
    ]
    if h.note:
        return "\n".join([*out, f'<p class="history-note">{md(h.note)}</p>', ""])
    commits = h.commits()
    out += [
        f"共 {len(commits)} 次修订、{len(h.changes)} 处记录改动。订阅：{link(page, SITE_FEED, 'Atom 源')}（每个部门页上另有只含本部门的源）。",
        "",
        filter_form(plan, h),
        "",
    ]
    for commit, changes in commits:
        out += commit_block(plan, page, commit, changes)
    return "\n".join(out) + "\n"


def filter_form(plan: Plan, h: History) -> str:
    kinds = [(k, TYPE_LABEL[k]) for k in TYPE_LABEL if any(c.kind == k for c in h.changes)]
    named = {d for c in h.changes for d in change_departments(plan, c)}
    depts = [(d.id, d.name) for d in plan.departments if d.id in named]
    return render("changes_filter.html", kinds=kinds, depts=depts)


def commit_block(plan: Plan, page: str, commit, changes: list[Change]) -> list[str]:
    """One revision: its date and a Chinese sentence made from the changes (``headline``), the revision's
    short id (it names the commit in the public repository), then each change. The commit message and
    author are the maintainers' notes, not the public's: not shown."""
    out = [
        f'<section class="commit" id="c-{commit.sha[:12]}" markdown>',
        "",
        f'### <time datetime="{attr(commit.date)}">{commit.day}</time> · {md(short(headline(changes, TYPE_LABEL)))}',
        "",
        f'<p class="commit-meta">修订 <code>{commit.sha[:12]}</code> · {md(publisher())} · {len(changes)} 处改动</p>',
        "",
    ]
    rows = [change_row(plan, page, c) for c in changes]
    if len(rows) > 20:
        counts = "、".join(f"{TYPE_LABEL[k]} {n}" for k, n in _counts(changes))
        out += [f'<details class="commit-changes" markdown>\n<summary>{counts}（展开）</summary>', "", *rows, "</details>", ""]
    else:
        out += rows
    return [*out, "</section>", ""]


def _counts(changes: list[Change]) -> list[tuple[str, int]]:
    return [(k, n) for k in TYPE_LABEL if (n := sum(c.kind == k for c in changes))]


def change_row(plan: Plan, page: str, c: Change) -> str:
    depts = " ".join(change_departments(plan, c))
    return (
        f'<div class="change" data-type="{attr(c.kind)}" data-depts="{attr(depts)}" markdown>\n\n'
        f"**{TYPE_LABEL[c.kind]}** {record_link(plan, page, c.kind, c.id)}：{change_summary(plan, c, md)}\n\n</div>\n"
    )
