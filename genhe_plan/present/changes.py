"""How a record change reads: field labels, values (departments by name), word diffs, summaries.

In: a Plan and ``history.Change`` values. Out: inline HTML text with every piece of data passed through
``esc`` — ``pages.html.md`` for Markdown pages (the default ``html.escape`` for the Atom feed) — so
the 修订记录 blocks, the 更新记录 page and the feed say the same thing, each escaped for where it lands.
Long texts become a word diff: removed words in <del>, added in <ins>, unchanged stretches elided.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import weakref
from collections.abc import Callable
from functools import lru_cache

from ..history import Change, FieldChange, History
from ..model import Plan
from . import urls
from .labels import BASIS_LABEL

Esc = Callable[[str], str]


def escape(text: str) -> str:
    return html.escape(text, quote=False)


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
def word_diff(old: str, new: str, esc: Esc = escape) -> str:
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
        return f"<del>{esc(cut(old))}</del> → <ins>{esc(cut(new))}</ins>"
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.append(esc(_elide("".join(a[i1:i2]), head=i1 > 0 or j1 > 0, tail=i2 < len(a) or j2 < len(b))))
            continue
        if i2 > i1:
            out.append(f"<del>{esc(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{esc(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _elide(text: str, head: bool, tail: bool) -> str:
    keep_head, keep_tail = (CONTEXT if head else 0), (CONTEXT if tail else 0)
    if len(text) <= keep_head + keep_tail + 1:
        return text
    return text[:keep_head] + "…" + (text[-keep_tail:] if keep_tail else "")


def field_label(name: str) -> str:
    return FIELD_LABEL.get(name, name)


def field_line(plan: Plan, f: FieldChange, esc: Esc = escape) -> str:
    """One changed field as Markdown inline text: label, then old → new or a word diff; a list field
    item by item (增加 …, 删去 …, or an item's own old → new)."""
    label = f'<span class="h-field">{esc(field_label(f.field))}</span>：'
    if isinstance(f.old, list | None) and isinstance(f.new, list | None):
        return label + "；".join(_list_parts(plan, f.old or [], f.new or [], esc))
    return label + _old_new(value_text(plan, f.field, f.old), value_text(plan, f.field, f.new), esc)


def _old_new(old: str, new: str, esc: Esc) -> str:
    if max(len(old), len(new)) > LONG_TEXT:
        return f'<span class="h-diff">{word_diff(old, new, esc)}</span>'
    return f"<del>{esc(cut(old))}</del> → <ins>{esc(cut(new))}</ins>"


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


def _list_parts(plan: Plan, old: list, new: list, esc: Esc) -> list[str]:
    before, after = _identities(old), _identities(new)
    parts = []
    for key in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        if a is None:
            parts.append(f"增加 <ins>{esc(cut(_item_text(plan, b)))}</ins>")
        elif b is None:
            parts.append(f"删去 <del>{esc(cut(_item_text(plan, a)))}</del>")
        else:
            parts.append(_old_new(_item_text(plan, a), _item_text(plan, b), esc))
    return parts or ["顺序调整"]


def short(subject: str, n: int = 60) -> str:
    """A commit subject short enough for a heading and the page's table of contents."""
    return subject if len(subject) <= n else subject[:n] + "…"


def cut(text: str, n: int = 300) -> str:
    return text if len(text) <= n else text[:n] + f"…（共 {len(text)} 字）"


def message_text(message: str, n: int = MESSAGE_MAX) -> str:
    return cut(message, n)


# ------------------------------------------------------------------ one record
_summaries: weakref.WeakKeyDictionary[History, dict[tuple[int, Esc], str]] = weakref.WeakKeyDictionary()


def change_summary(plan: Plan, c: Change, esc: Esc = escape) -> str:
    """What one change did, as Markdown inline text (without the record's name). Kept per history:
    a change shows on its record and on 更新记录 alike."""
    if c.action != "changed":
        return ACTION_LABEL[c.action]
    memo = _summaries.setdefault(plan.history, {})  # type: ignore[arg-type]
    if (id(c), esc) not in memo:
        memo[(id(c), esc)] = "修改 " + "；".join(field_line(plan, f, esc) for f in c.fields)
    return memo[(id(c), esc)]


def headline(changes: list[Change], type_label: dict[str, str]) -> str:
    """One Chinese sentence for a commit's changes, from the structured changes alone (never the commit
    message): “修改任务 t05-1-01 的期限”, or by action and type when there are several
    (“修改任务 3 项、目标 2 项；新增重点工程 1 项”)."""
    if len(changes) == 1:
        c = changes[0]
        head = f"{ACTION_LABEL[c.action]}{type_label.get(c.kind, c.kind)} {c.id}"
        if c.action == "changed" and c.fields:
            names = list(dict.fromkeys(field_label(f.field) for f in c.fields))
            head += " 的" + "、".join(names[:4]) + ("等" if len(names) > 4 else "")
        return head
    parts = []
    for action in ACTION_LABEL:
        counts = {}
        for c in changes:
            if c.action == action:
                counts[c.kind] = counts.get(c.kind, 0) + 1
        if counts:
            parts.append(ACTION_LABEL[action] + "、".join(f"{type_label.get(k, k)} {n} 项" for k, n in counts.items()))
    return "；".join(parts)


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
