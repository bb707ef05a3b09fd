"""Helpers shared by the page builders: escaping, links, badges.

Every piece of data that lands in a page goes through ``md()`` (Markdown text) or ``attr()`` (an
HTML attribute value). Links are Markdown links between .md files, so MkDocs rewrites them for
directory URLs and for the offline build, and ``--strict`` catches any that break.
"""

from __future__ import annotations

import html
import json
import re

from .. import schema as S
from .. import urls
from ..model import Plan

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
BASIS_LABEL = {"stated": "原文写明", "assigned": "按职责分配"}
ROLE_LABEL = {"lead": "牵头", "supporting": "配合"}


def md(text: str) -> str:
    """Data text → safe Markdown inline text: HTML escaped, Markdown specials backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")


def attr(text: object) -> str:
    return html.escape(str(text), quote=True)


def link(page: str, target: str, text: str) -> str:
    """Markdown link from page ``page`` to ``target`` (a docs path, maybe with #anchor)."""
    return f"[{md(text)}]({urls.rel(page, target)})"


def json_script(element_id: str, data: object) -> str:
    """A JSON island safe inside HTML: <, >, & escaped so no data can close the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def task_ref(plan: Plan, task_id: str) -> str:
    """docs path with anchor of a task or paragraph."""
    return f"{urls.chapter(plan.where[task_id].chapter.id)}#{task_id}"


def task_link(plan: Plan, page: str, task_id: str) -> str:
    return link(page, task_ref(plan, task_id), paragraph_label(plan.paragraphs[task_id]))


def paragraph_label(p: S.Paragraph) -> str:
    """A short name for a paragraph: its title, else its first sentence, else its start and “…”."""
    if p.title:
        return p.title
    first = p.text.split("。")[0]
    return first + "。" if len(first) <= 30 else p.text[:24] + "…"


def dept_link(plan: Plan, page: str, dept_id: str) -> str:
    return link(page, urls.department(dept_id), plan.department(dept_id).name)


def basis_badge(link_: S.DeptLink | S.IndicatorLink) -> str:
    """A visible mark of where a link comes from; the reason or quote as hover text and in print."""
    why = link_.quote if link_.basis == "stated" else link_.reason
    return f'<span class="basis basis-{link_.basis}" title="{attr(why or "")}">{BASIS_LABEL[link_.basis]}</span>'


def indicator_label(ind: S.Indicator) -> str:
    return f"{ind.number}. {ind.name}" + (f"（{ind.unit}）" if ind.unit else "")


def chapter_label(ch: S.ChapterFile) -> str:
    return "前言" if ch.number == 0 else f"第{cn(ch.number)}章 {ch.title}"


def section_label(sec: S.Section) -> str:
    return f"第{cn(sec.number)}节 {sec.title}"


def cn(n: int) -> str:
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")


def deadline_label(d: str) -> str:
    parts = d.split("-")
    return f"{parts[0]}年" + (f"{int(parts[1])}月" if len(parts) > 1 else "") + (f"{int(parts[2])}日" if len(parts) > 2 else "")


def target_line(plan: Plan, page: str, t: S.Target) -> str:
    """One target as a Markdown list item body: metric, comparator, value, deadline, quote."""
    value = f"{S.COMPARATOR_SIGN[t.comparator]} {md(t.value or '')}{md(t.unit or '')}".strip()
    when = f"（{deadline_label(t.deadline)}）" if t.deadline else "（原文未写期限）"
    ind = f" · 指标 {link(page, urls.indicator(t.indicator), plan.indicator(t.indicator).name)}" if t.indicator else ""
    scope = f" · {md(t.scope)}" if t.scope else ""
    conflict = (
        " · ⚠️ " + link(page, urls.CONFLICTS + f"#{plan.conflicts_of[t.id][0].id}", "与他处数值不一致")
        if plan.conflicts_of.get(t.id)
        else ""
    )
    return f"**{md(t.metric)}** {value}{when}{scope}{ind}{conflict}<br>“{md(t.quote)}”"
