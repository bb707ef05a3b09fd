"""Commitment coverage: every clause of chapters 2–12 and 专栏2–10 that carries a year or a number
with a unit, and the target record that covers it (issue 12).

In:  a Plan (paragraph texts, project texts, targets, reviewed clauses).
Out: a list of Clause — where it is, its text, the ids of the targets that cover it, and the review
     entry that explains why it is not a commitment. ``uncovered(plan)`` is the list that must be
     empty: a clause is accounted for by targets or by an entry in commitments_reviewed.yaml.

What a clause is: a sentence is cut at “；” into parts; a part carries a commitment when it has a
year (20xx年, 二〇三五年) or a number with a unit, or when an earlier part of the same sentence has a
year (“到 2023 年，……；……形成一批……模式” — the year governs both). Within such a part, the
comma-separated pieces from the year onwards, and every piece with a number, are what must be
covered: each must lie inside some target's quote.

Why pieces and not whole parts: one dated part often lists several commitments (“到2025年，……全面
达标，……达到功能区标准要求，……体系不断完善”); a target quoting only the first would otherwise hide
the last, which is exactly the qualitative kind of commitment that is easy to miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

YEAR = re.compile(r"20\d\d\s*年|二〇[二三]\w年")
UNIT = r"%|％|万|亿|项|个|家|台|次|座|公顷|亩|米|吨|天|蒸吨|起|公里|平方|立方|户|株|人|所|处|条|辆|套|倍|小时|分贝"
QUANTITY = re.compile(rf"\d+(?:\.\d+)?\s*(?:{UNIT})")
SENTENCE = re.compile(r"(?<=[。！？])")
PART = re.compile(r"(?<=；)")
PIECE = re.compile(r"[，,：](?![^“]*”)")  # commas and colons outside “…” quotes
FRAMING = re.compile(r"^(?:到|至|在)?\s*(?:20\d\d\s*年(?:年底|底前|底|前|左右)?)\s*$")  # “到 2025 年”, “2025年底前”


@dataclass
class Clause:
    where: str  # paragraph id or project id
    line: int | None
    text: str  # the part of the sentence (verbatim)
    marks: list[str]  # the years and quantities found (an inherited year is marked “承接”)
    pieces: list[str]  # the pieces that must be covered
    targets: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # pieces neither a target quote nor a review covers
    reviewed: dict[str, str] = field(default_factory=dict)  # piece → why it is not a commitment

    @property
    def covered(self) -> bool:
        return not self.missing


def _strip(text: str) -> str:
    return text.strip().rstrip("。；！？")


def marks_of(text: str) -> list[str]:
    """Years (20xx年, 二〇三五年) and numbers with a unit, in order of kind."""
    return [m[0] for m in YEAR.finditer(text)] + [m[0] for m in QUANTITY.finditer(text)]


def parts(text: str) -> list[tuple[str, list[str], list[str]]]:
    """[(part, marks, pieces to cover)] for the parts of ``text`` that carry a commitment."""
    out = []
    for sentence in SENTENCE.split(text):
        dated = False
        for part in (_strip(p) for p in PART.split(sentence)):
            if not part:
                continue
            marks = marks_of(part)
            has_year = bool(YEAR.search(part))
            if not marks and not dated:
                continue
            pieces = [_strip(x) for x in PIECE.split(part) if _strip(x)]
            first = next((i for i, x in enumerate(pieces) if YEAR.search(x)), None)
            if first is None and dated:
                first, marks = 0, ["承接上文年份", *marks]
            need = [x for i, x in enumerate(pieces) if ((first is not None and i >= first) or QUANTITY.search(x)) and not FRAMING.match(x)]
            out.append((part, marks, need))
            dated = dated or has_year
    return out


def texts(plan) -> list[tuple[str, str]]:
    """(where, text) for chapters 2–12 paragraphs and 专栏2–10 project texts, in plan order."""
    out = []
    for ch in plan.chapters:
        if ch.number < 2:
            continue
        for p in ch.paragraphs + [p for s in ch.sections for p in s.paragraphs]:
            out.append((p.id, p.text))
    for b in plan.boxes:
        for pr in b.projects:
            out += [(pr.id, t) for t in pr.text]
    return out


def clauses(plan) -> list[Clause]:
    """Every part with a year or a quantity, with the targets and review entry that cover it."""
    reviewed = {r.text: r.why for r in plan.reviewed}
    goals = [t for t in plan.targets if t.kind == "target"]
    out = []
    for where, text in texts(plan):
        # Why local targets first: a generic piece (“达到80%以上”) also occurs in other tasks' quotes.
        local = [(t.id, t.quote) for t in goals if where in (t.task, t.project)]
        anywhere = [(t.id, t.quote) for t in goals]
        for part, marks, need in parts(text):
            c = Clause(where, plan.source.line_of(part), part, marks, need)
            for piece in need:
                ids = [tid for tid, q in local if piece in q] or [tid for tid, q in anywhere if piece in q]
                c.targets += [i for i in ids if i not in c.targets]
                if piece in reviewed:
                    c.reviewed[piece] = reviewed[piece]
                elif not ids:
                    c.missing.append(piece)
            out.append(c)
    return out


def uncovered(plan) -> list[Clause]:
    return [c for c in clauses(plan) if not c.covered]


def recall(plan) -> tuple[int, int]:
    """(commitment pieces inside some target's quote, all commitment pieces). A piece listed in
    commitments_reviewed.yaml is not a commitment and counts in neither."""
    pieces = [p for c in clauses(plan) for p in c.pieces if p not in c.reviewed]
    quotes = [t.quote for t in plan.targets if t.kind == "target"]
    return sum(1 for p in pieces if any(p in q for q in quotes)), len(pieces)


def report(plan) -> str:
    """Plain-text listing for ``python -m genhe_plan commitments``: one line per clause."""
    cs = clauses(plan)
    lines = []
    for c in cs:
        status = "、".join(c.targets) or "—"
        status += "".join(f"；非承诺（{why}）：{piece}" for piece, why in c.reviewed.items())
        status += f"；未覆盖：{'；'.join(c.missing)}" if c.missing else ""
        lines.append(f"{c.where}\t第 {c.line} 行\t{status}\t{c.text}")
    covered, total = recall(plan)
    reviewed = sum(len(c.reviewed) for c in cs)
    missing = sum(len(c.missing) for c in cs)
    lines.append(
        f"共 {len(cs)} 个含年份或数量的分句、{total + reviewed} 个须覆盖的片段：{covered}/{total} 个承诺片段由目标覆盖"
        f"（{100 * covered / max(total, 1):.1f}%），{reviewed} 个经审阅列为非承诺，未覆盖 {missing} 个"
    )
    return "\n".join(lines) + "\n"
