"""Record history on the site: a collapsed 修订记录 under each record and the site-wide 更新记录 page.

In: a Plan whose ``history`` was read by ``site.prepare`` (``genhe_plan.history``). Out: Markdown. Every
commit message, author name and old/new value is untrusted text and goes through ``md()``; department
ids are shown by name, long texts as a word diff (<del>/<ins>) with unchanged stretches elided.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import weakref
from functools import lru_cache

from ..history import Change, FieldChange, History
from ..model import Plan
from ..present import urls
from ..present.labels import BASIS_LABEL
from .html import attr, link, md, render

TYPE_LABEL = {
    "task": "任务",
    "target": "目标",
    "indicator": "指标",
    "project": "重点工程",
    "department": "部门",
    "place": "地点",
    "finding": "原文问题",
    "erratum": "勘误",
    "report": "进展报告",
}
ACTION_LABEL = {"added": "新增", "changed": "修改", "removed": "删除"}
FIELD_LABEL = {
    "title": "标题",
    "text": "正文",
    "kind": "类别",
    "name": "名称",
    "lead": "牵头部门",
    "lead.department": "牵头部门",
    "lead.basis": "牵头部门的依据",
    "lead.reason": "牵头部门的理由",
    "lead.quote": "牵头部门的原文",
    "supporting": "配合部门",
    "indicators": "推动指标",
    "places": "地点",
    "metric": "度量",
    "comparator": "比较方式",
    "value": "数值",
    "unit": "单位",
    "deadline": "期限",
    "quote": "原文摘录",
    "quotes": "原文摘录",
    "task": "所属任务",
    "tasks": "任务",
    "project": "所属工程",
    "indicator": "指标",
    "targets": "目标",
    "scope": "范围",
    "remit": "职责",
    "mentions": "原文提及",
    "aliases": "别名",
    "summary": "说明",
    "class": "类别",
    "baseline_2020": "2020 年基期值",
    "target_2025": "2025 年目标值",
    "attribute": "指标属性",
    "category": "分类",
    "source_line": "原文行号",
    "line": "原文行号",
    "original": "原文",
    "corrected": "更正为",
    "reason": "理由",
    "entries": "报告条目",
    "status": "状态",
    "issuer": "发布单位",
    "date": "日期",
    "as_of": "数据截至",
}
LONG_TEXT = 20
"""Texts longer than this (on either side) are shown as a word diff instead of old → new."""
CONTEXT = 12
MESSAGE_MAX = 2000


def history_of(plan: Plan) -> History | None:
    return getattr(plan, "history", None)


# ------------------------------------------------------------------ values
def value_text(plan: Plan, field: str, value: object) -> str:
    """A field value as plain text: department ids by name, lists joined, mappings as key values."""
    if value is None:
        return "（无）"
    if isinstance(value, str) and (field == "department" or field.endswith(".department")):
        return _dept_name(plan, value)
    if isinstance(value, list):
        return "；".join(_item_text(plan, v) for v in value) or "（空）"
    if isinstance(value, dict):
        return _item_text(plan, value)
    return str(value)


def _dept_name(plan: Plan, ident: str) -> str:
    d = plan.by_id.get(ident)
    return d.name if d is not None and type(d).__name__ == "Department" else ident


def _item_text(plan: Plan, item: object) -> str:
    if not isinstance(item, dict):
        return str(item)
    parts = [_dept_name(plan, item["department"])] if isinstance(item.get("department"), str) else []
    parts += [_pair(k, v) for k, v in item.items() if k != "department"]
    return "，".join(parts)


def _pair(key: str, value: object) -> str:
    if key in ("indicator", "item", "id"):
        return str(value)
    if key == "basis":
        return BASIS_LABEL.get(str(value), str(value))
    return f"{FIELD_LABEL.get(key, key)}：{value}"


_TOKEN = re.compile(r"[A-Za-z0-9_.%+\-]+|\s+|.", re.S)
_TOKEN_TAIL = re.compile(r"[A-Za-z0-9_.%+\-]*$")
_WORD = re.compile(r"[A-Za-z0-9_.%+\-]+")


@lru_cache(maxsize=4096)
def word_diff(old: str, new: str) -> str:
    """Markdown inline text: the two texts as one, removed words in <del>, added in <ins>, long
    unchanged stretches cut to CONTEXT characters either side of a change. Why the common prefix and
    suffix are cut first: most edits touch a few words of a long text, and the matcher is quadratic."""
    old, new = old[:5000], new[:5000]
    start = len(os.path.commonprefix([old, new]))
    start -= len(_TOKEN_TAIL.search(old[:start])[0])  # back to a word start
    end = len(os.path.commonprefix([old[start:][::-1], new[start:][::-1]]))
    if end and _WORD.match(old[len(old) - end]):
        end -= len(_WORD.match(old[len(old) - end :])[0])  # forward to a word end
    a = ([old[:start]] if start else []) + _TOKEN.findall(old[start : len(old) - end])
    b = ([old[:start]] if start else []) + _TOKEN.findall(new[start : len(new) - end])
    if end:
        a.append(old[len(old) - end :])
        b.append(old[len(old) - end :])
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    same = sum(len("".join(a[i1:i2])) for op, i1, i2, _, _ in ops if op == "equal")
    if 2 * same < 0.5 * (len(old) + len(new)):  # rewritten rather than edited: a word diff would be confetti
        return f"<del>{md(_cut(old))}</del> → <ins>{md(_cut(new))}</ins>"
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.append(md(_elide("".join(a[i1:i2]), head=i1 > 0 or j1 > 0, tail=i2 < len(a) or j2 < len(b))))
            continue
        if i2 > i1:
            out.append(f"<del>{md(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{md(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _elide(text: str, head: bool, tail: bool) -> str:
    keep_head, keep_tail = (CONTEXT if head else 0), (CONTEXT if tail else 0)
    if len(text) <= keep_head + keep_tail + 1:
        return text
    return text[:keep_head] + "…" + (text[-keep_tail:] if keep_tail else "")


def field_line(plan: Plan, f: FieldChange) -> str:
    """One changed field as Markdown inline text: label, then old → new or a word diff; a list field
    item by item (增加 …, 删去 …, or an item's own old → new)."""
    label = f'<span class="h-field">{md(FIELD_LABEL.get(f.field, f.field))}</span>：'
    if isinstance(f.old, list | None) and isinstance(f.new, list | None):
        return label + "；".join(_list_parts(plan, f.old or [], f.new or []))
    return label + _old_new(value_text(plan, f.field, f.old), value_text(plan, f.field, f.new))


def _old_new(old: str, new: str) -> str:
    if max(len(old), len(new)) > LONG_TEXT:
        return f'<span class="h-diff">{word_diff(old, new)}</span>'
    return f"<del>{md(_cut(old))}</del> → <ins>{md(_cut(new))}</ins>"


def _identities(items: list) -> dict[str, object]:
    """{identity: item}: a department, indicator or report item by its id (so its other fields show
    as that item's change), anything else by its whole value; repeats numbered."""
    out: dict[str, object] = {}
    for x in items:
        key = next((f"{k}={x[k]}" for k in ("department", "indicator", "item") if isinstance(x, dict) and isinstance(x.get(k), str)), None)
        key = key or (x if isinstance(x, str) else json.dumps(x, ensure_ascii=False, sort_keys=True))
        n = 1
        while f"{key}#{n}" in out:
            n += 1
        out[f"{key}#{n}"] = x
    return out


def _list_parts(plan: Plan, old: list, new: list) -> list[str]:
    before, after = _identities(old), _identities(new)
    parts = []
    for key in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        if a is None:
            parts.append(f"增加 <ins>{md(_cut(_item_text(plan, b)))}</ins>")
        elif b is None:
            parts.append(f"删去 <del>{md(_cut(_item_text(plan, a)))}</del>")
        else:
            parts.append(_old_new(_item_text(plan, a), _item_text(plan, b)))
    return parts or ["顺序调整"]


def _short(subject: str, n: int = 60) -> str:
    """A commit subject short enough for a heading and the page's table of contents."""
    return subject if len(subject) <= n else subject[:n] + "…"


def _cut(text: str, n: int = 300) -> str:
    return text if len(text) <= n else text[:n] + f"…（共 {len(text)} 字）"


def message_text(message: str, n: int = MESSAGE_MAX) -> str:
    return _cut(message, n)


# ------------------------------------------------------------------ one record
_summaries: weakref.WeakKeyDictionary[History, dict[int, str]] = weakref.WeakKeyDictionary()


def change_summary(plan: Plan, c: Change) -> str:
    """What one change did, as Markdown inline text (without the record's name). Kept per history:
    a change shows on its record and on 更新记录 alike."""
    if c.action != "changed":
        return ACTION_LABEL[c.action]
    memo = _summaries.setdefault(plan.history, {})  # type: ignore[arg-type]
    if id(c) not in memo:
        memo[id(c)] = "修改 " + "；".join(field_line(plan, f) for f in c.fields)
    return memo[id(c)]


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
        who = f"提交 <code>{c.commit.sha[:7]}</code>" + (f"，{md(_cut(c.commit.author, 80))}" if c.commit.author else "")
        lines.append(
            f'- <time datetime="{attr(c.commit.date)}">{c.commit.day}</time> · {md(prefix)}{change_summary(plan, c)}'
            f"<br><small>“{md(_cut(c.commit.subject, 200))}”（{who}，{link(page, urls.CHANGES + '#c-' + c.commit.sha[:12], '更新记录')}）</small>"
        )
    return "\n".join(
        [f'<details class="history" markdown>\n<summary>修订记录（{len(changes)}）</summary>', "", *lines, "", "</details>", ""]
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
def record_target(plan: Plan, kind: str, ident: str) -> tuple[str, str] | None:
    """(docs path with anchor, name) of a record that exists now; None for a record since removed."""
    x = plan.by_id.get(ident) if kind != "erratum" else next((e for e in plan.errata if e.id == ident), None)
    if x is None:
        return None
    name = next((v for a in ("title", "name", "metric", "original") if isinstance(v := getattr(x, a, None), str) and v), "")
    where = {
        "task": lambda: urls.task(plan, ident) if ident in plan.paragraphs else None,
        "target": lambda: urls.target(plan, ident),
        "indicator": lambda: urls.indicator(ident),
        "project": lambda: urls.project(plan, ident) if ident in plan.projects else None,
        "department": lambda: urls.department(ident),
        "place": lambda: urls.place(ident),
        "finding": lambda: urls.finding(ident),
        "erratum": lambda: urls.ERRATA,
    }
    to = where.get(kind, lambda: None)()
    return (to, name) if to else None


def record_link(plan: Plan, page: str, kind: str, ident: str) -> str:
    if kind == "report":
        rep = next((r for r in plan.reports if r.id == ident), None)
        return link(page, urls.report(ident), f"{ident} {rep.title}") if rep else md(ident)
    found = record_target(plan, kind, ident)
    if found is None:
        return md(ident) + "（已删除）"
    to, name = found
    return link(page, to, f"{ident} {_cut(str(name), 40)}".strip())


def change_departments(plan: Plan, c: Change) -> list[str]:
    """Departments a change concerns: those the record names before or after, and for a target those
    of its task now."""
    out = set(c.departments)
    if c.kind == "target":
        t = plan.by_id.get(c.id)
        task = plan.paragraphs.get(getattr(t, "task", None) or "")
        if task is not None:
            out |= {dl.department for _, dl in plan.task_departments(task)}
    return sorted(out)


def changes_page(plan: Plan) -> str:
    h = history_of(plan) or History(note="未读取修订记录。")
    page = urls.CHANGES
    out = [
        "# 更新记录",
        "",
        '<p class="lead">本站数据（<code>plan_data/</code> 中的 YAML）的每一次修改，按提交列出，最新的在前：'
        "修改了哪条记录、哪个字段、原来是什么、改成了什么，以及提交说明。日期取自提交本身；"
        "部门以名称显示，长文本中<del>删去</del>和<ins>增加</ins>的文字已标出。每条记录的页面上也有它自己的“修订记录”。</p>",
        "",
    ]
    if h.note:
        return "\n".join([*out, f'<p class="history-note">{md(h.note)}</p>', ""])
    commits = h.commits()
    out += [f"共 {len(commits)} 次提交、{len(h.changes)} 处记录改动。", "", filter_form(plan, h), ""]
    for commit, changes in commits:
        out += commit_block(plan, page, commit, changes)
    return "\n".join(out) + "\n"


def filter_form(plan: Plan, h: History) -> str:
    kinds = [(k, TYPE_LABEL[k]) for k in TYPE_LABEL if any(c.kind == k for c in h.changes)]
    named = {d for c in h.changes for d in change_departments(plan, c)}
    depts = [(d.id, d.name) for d in plan.departments if d.id in named]
    return render("changes_filter.html", kinds=kinds, depts=depts)


def commit_block(plan: Plan, page: str, commit, changes: list[Change]) -> list[str]:
    body = commit.message.partition("\n")[2].strip()
    out = [
        f'<section class="commit" id="c-{commit.sha[:12]}" markdown>',
        "",
        f'### <time datetime="{attr(commit.date)}">{commit.day}</time> · {md(_short(commit.subject))}',
        "",
        f'<p class="commit-meta">提交 <code>{commit.sha[:12]}</code>'
        + (f" · {md(_cut(commit.author, 80))}" if commit.author else "")
        + f" · {len(changes)} 处改动</p>",
        "",
    ]
    if body or _short(commit.subject) != commit.subject:
        text = [md(message_text(commit.subject)), *(md(message_text(p)) for p in body.split("\n\n") if p.strip())]
        out += [
            '<details class="commit-message" markdown>',
            "<summary>完整提交说明</summary>",
            "",
            *[f"{t}\n" for t in text],
            "</details>",
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
        f"**{TYPE_LABEL[c.kind]}** {record_link(plan, page, c.kind, c.id)}：{change_summary(plan, c)}\n\n</div>\n"
    )
