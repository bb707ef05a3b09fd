"""Mentions in context: each sentence of the plan that names a place, department or indicator, split into
what the plan commits to for 2021–2025 and what it reports as past (第一章 and 十三五 achievements).

In: a Plan and the names of one thing. Out: ``mentions(plan, names)`` → [Mention] in the plan's order;
``mentions_markdown(plan, page, names)`` → the two lists as Markdown, the name marked, every piece of
text escaped. Used by the places page and the department and indicator pages (pages/lookup.py).

Why sentences and not paragraphs: a resident looking up 玉泉河 wants the sentence that says what happens
to it, not a 200-character paragraph; the link leads to the paragraph, where the search marks it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from ..model import Plan
from ..present import urls
from ..present.labels import chapter_label, project_label
from .html import link, md

SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
PAST_CHAPTERS = {1}  # 生态环境保护成就与形势: the 十三五 review
PAST_WORDS = ("十三五", "“十三五”")


@dataclass(frozen=True)
class Mention:
    sentence: str
    target: str  # docs path with #anchor: the paragraph or project that holds the sentence
    where: str  # its chapter (a paragraph's) or 专栏 and title (a project's), as shown
    past: bool  # a report of the past (第一章, 十三五), not a commitment
    spans: tuple[tuple[int, int], ...] = ()  # where the name occurs in the sentence


@dataclass(frozen=True)
class _Sentences:
    rows: tuple[tuple[str, str, str, bool], ...]
    """(sentence, target, where, in a past chapter), in the plan's order."""
    text: str
    """The sentences joined by newlines (no sentence holds one)."""
    starts: tuple[int, ...]
    """Where each sentence starts in ``text``."""

    def naming(self, names: list[str]) -> list[int]:
        """The sentences (indexes into ``rows``) that hold any of the names. Why through one joined text:
        str.find jumps from one occurrence to the next instead of testing each of ~1,500 sentences (the 52
        department pages: 8 ms instead of 22 ms)."""
        found = set()
        for n in names:
            at = self.text.find(n)
            while at >= 0:
                found.add(bisect_right(self.starts, at) - 1)
                at = self.text.find(n, at + 1)
        return sorted(found)


_LAST: list = [None, None]  # the plan last split and its _Sentences: pages ask once per place, department, indicator


def _sentences(plan: Plan) -> _Sentences:
    """Every sentence of the plan's paragraphs and projects, with its target and where: the chapter of a
    paragraph, the 专栏 and title of a project (a project often repeats its chapter's words, and two lines
    both reading 第九章 would look like one sentence listed twice)."""
    if _LAST[0] is plan:
        return _LAST[1]
    out = []
    for p in plan.paragraphs.values():
        ch = plan.where[p.id].chapter
        out += [(s, urls.paragraph(plan, p.id), chapter_label(ch), ch.number in PAST_CHAPTERS) for s in SENTENCE.findall(p.text)]
    for pr in plan.projects.values():
        where = project_label(plan.box_of[pr.id], pr)
        out += [(s, urls.project(plan, pr.id), where, False) for t in pr.text for s in SENTENCE.findall(t)]
    rows = tuple((s.strip(), t, w, past) for s, t, w, past in out if s.strip())
    starts = tuple(accumulate((len(s) + 1 for s, *_ in rows[:-1]), initial=0)) if rows else ()
    _LAST[:] = [plan, _Sentences(rows, "\n".join(s for s, *_ in rows), starts)]
    return _LAST[1]


def name_forms(name: str, inner: bool = False) -> list[str]:
    """A name as the plan's sentences write it: whole and without a parenthesis (敖鲁古雅鄂温克民族乡（原址） →
    敖鲁古雅鄂温克民族乡); with ``inner`` also what the parenthesis holds (细颗粒物 (PM2.5) 浓度 → PM2.5)."""
    bare = re.sub(r"\s*[（(][^）)]*[）)]\s*", "", name)
    held = re.findall(r"[（(]\s*([^）)]+?)\s*[）)]", name) if inner else []
    return [n for n in dict.fromkeys([name, bare, *held]) if len(n) >= 2]


def _spans(sentence: str, names: list[str], others: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the names occur in the sentence, longest first, leaving out any inside a longer name of
    something else (根河 inside 根河市, the city, is not the river 根河)."""
    taken: list[tuple[int, int, bool]] = []  # (start, end, one of ``names``)
    for n in sorted(set(names) | set(others), key=len, reverse=True):
        for m in re.finditer(re.escape(n), sentence):
            if not any(a < m.end() and m.start() < b for a, b, _ in taken):
                taken.append((m.start(), m.end(), n in names))
    return sorted((a, b) for a, b, mine in taken if mine)


def mentions(plan: Plan, names: list[str], others: tuple[str, ...] = ()) -> list[Mention]:
    """Each sentence that names the thing (``names``; ``others``: the names of everything else of its kind)."""
    names = [n for n in names if len(n) >= 2]
    others = tuple(o for o in others if o not in names)
    sentences = _sentences(plan)
    return [
        Mention(s, target, where, past or any(w in s for w in PAST_WORDS), tuple(spans))
        for s, target, where, past in (sentences.rows[i] for i in sentences.naming(names))
        if (spans := _spans(s, names, others))
    ]


def _marked(m: Mention) -> str:
    """The sentence as safe Markdown (pages.html.md), the name in <mark> where it occurs."""
    out, at = [], 0
    for a, b in m.spans:
        out += [md(m.sentence[at:a]), f"<mark>{md(m.sentence[a:b])}</mark>"]
        at = b
    return "".join(out) + md(m.sentence[at:])


def mentions_markdown(plan: Plan, page: str, names: list[str], others: tuple[str, ...] = ()) -> list[str]:
    """Markdown lines: “规划要做的” and “过去的情况”, each a list of marked sentences linking to their paragraph."""
    found = mentions(plan, names, others)
    out = []
    for past, title in ((False, "规划要做的（“十四五”）"), (True, "过去的情况（第一章、“十三五”）")):
        items = [m for m in found if m.past == past]
        if items:
            out += [f"**{md(title)}**（{len(items)} 句）", "", f'<div class="mentions mentions-{"past" if past else "plan"}" markdown>', ""]
            out += [f"- {_marked(m)} — {link(page, m.target, m.where)}" for m in items]
            out += ["", "</div>", ""]
    return out
