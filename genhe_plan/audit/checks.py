"""The mechanical half of the audit of the plan's own problems (issue 12).

In:  plain data — the source lines, targets, indicators and notes (so tests can feed small
     hand-made fixtures) — or a whole Plan through ``run(plan)``.
Out: a list of Finding: the class (a key of schema.FINDING_CLASSES), the source lines involved and a
     short neutral description. A finding is a *candidate*: a person decides whether it becomes a
     record in conflicts.yaml / errata.yaml, and ``uncovered(plan)`` lists candidates no record
     covers yet (tests require none on the real data).

Why plain data in, not a Plan: each check must be testable on a fixture that plants exactly one
problem. The checks that need judgement (scope words, definitions, names written two ways) are
reviewed by hand and recorded directly in conflicts.yaml.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..input import schema as S

HEADING = re.compile(r"^(第[一二三四五六七八九十]+[章节])\s*(.+?)\s*$")
TOC_ENTRY = re.compile(r"^(第[一二三四五六七八九十]+[章节])\s*(.+?)(?:\.{2,}|\s)*\t?\s*\d+\s*$")
# Repetition of a word of 2–6 characters, directly or joined by 和 (“能力和能力”). Why not 、:
# lists such as “加工业、工业互联网” repeat characters across item boundaries.
DUPLICATE = re.compile(r"([\u4e00-\u9fff]{2,6})和?\1")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9/+.]*")
# Abbreviations and symbols the plan uses on purpose (units, pollutants, standards, programmes).
LATIN_ALLOWED = frozenset({"A", "III", "GDP", "PM", "EI", "S", "a", "b", "VOCs", "NH", "I/M", "O", "BOD", "CCER", "EOD", "PPP"})
DASHES = re.compile(r"^[-—–－]+$")
NUMBER = re.compile(r"^[≥≤<>约]?\d+(?:\.\d+)?$")


@dataclass(frozen=True, order=True)
class Finding:
    cls: str  # a key of schema.FINDING_CLASSES
    lines: tuple[int, ...]
    detail: str

    @property
    def label(self) -> str:
        return S.FINDING_CLASSES[self.cls]


# ------------------------------------------------------------------ class 4: TOC vs headings
def toc_and_headings(lines: Sequence[str]) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """([(line, 第X章/节, title)] of the table of contents, [...] of the body headings).

    The TOC is every numbered line that ends in a page number; body headings are numbered lines
    without one. Both lists keep source order."""
    toc, body = [], []
    for no, raw in enumerate(lines, 1):
        text = raw.strip()
        if m := TOC_ENTRY.match(text):
            toc.append((no, m[1], m[2].rstrip(".").strip()))
        elif (m := HEADING.match(text)) and len(text) <= 40:
            body.append((no, m[1], m[2]))
    return toc, body


def check_toc(lines: Sequence[str]) -> list[Finding]:
    """Each TOC entry against the body heading at the same position, character by character."""
    toc, body = toc_and_headings(lines)
    out = []
    for (tl, tn, tt), (bl, bn, bt) in zip(toc, body, strict=False):
        if tn != bn or tt != bt:
            ops = difflib.SequenceMatcher(None, tt, bt, autojunk=False).get_opcodes()
            diff = [f"第 {i1 + 1} 字起 目录 “{tt[i1:i2]}” / 正文 “{bt[j1:j2]}”" for op, i1, i2, j1, j2 in ops if op != "equal"]
            out.append(Finding("toc_heading", (tl, bl), f"目录 “{tn} {tt}” 与正文 “{bn} {bt}” 不同：{'；'.join(diff[:3])}"))
    if len(toc) != len(body):
        out.append(Finding("toc_heading", (toc[-1][0] if toc else 1,), f"目录 {len(toc)} 条，正文标题 {len(body)} 条"))
    return out


# ------------------------------------------------------------------ class 7: typing slips
def check_text(lines: Sequence[str]) -> list[Finding]:
    """Duplicated words, Latin words that are no known abbreviation, unbalanced Chinese quotes."""
    out, depth, opened = [], 0, 0
    for no, line in enumerate(lines, 1):
        for m in DUPLICATE.finditer(line):
            out.append(Finding("typing_slip", (no,), f"词语重复：“{m[0]}”"))
        for m in LATIN.finditer(line):
            if m[0] not in LATIN_ALLOWED:
                out.append(Finding("typing_slip", (no,), f"中文句中的英文词：“{m[0]}”"))
        for ch in line:
            if ch == "“":
                depth, opened = depth + 1, opened or no
            elif ch == "”":
                depth -= 1
                if depth < 0:
                    out.append(Finding("typing_slip", (no,), "引号不成对：多出一个后引号 ”"))
                    depth = 0
        if depth and line.rstrip().endswith("。"):  # a sentence ended with a quote still open
            out.append(Finding("typing_slip", (opened,), "引号不成对：前引号 “ 没有对应的后引号"))
            depth = 0
        if not depth:
            opened = 0
    return out


# ------------------------------------------------------------------ classes 1, 2, 3: targets
def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def check_deadlines(targets: Iterable[S.Target], published: str) -> list[Finding]:
    """Targets (not achievements) whose deadline is earlier than the publication month."""
    out = []
    for t in targets:
        if t.kind == "target" and t.deadline and t.deadline[:7] < published[:7]:
            out.append(Finding("stale_deadline", (), f"{t.id}：期限 {t.deadline} 早于规划发布（{published}）"))
    return out


def _key(t: S.Target) -> str:
    return t.indicator or t.metric


def check_values(targets: Sequence[S.Target]) -> list[Finding]:
    """Class 1: two targets for the same metric (same indicator, or same metric name) with different
    values or deadlines. Class 3: a target for a metric at or below what an achievement records."""
    out = []
    groups: dict[str, list[S.Target]] = defaultdict(list)
    for t in targets:
        groups[_key(t)].append(t)
    for key, group in sorted(groups.items()):
        goals = [t for t in group if t.kind == "target" and t.value is not None]
        done = [t for t in group if t.kind == "achievement"]
        for i, a in enumerate(goals):
            for b in goals[i + 1 :]:
                if (a.value, a.unit) != (b.value, b.unit):
                    out.append(
                        Finding("value_mismatch", (), f"{a.id}/{b.id}：{key} 目标值 {a.value}{a.unit or ''} 与 {b.value}{b.unit or ''}")
                    )
        for g in goals:
            for d in done:
                gv, dv = _number(g.value), _number(d.value)
                higher_is_better = g.comparator in ("ge", "gt", "maintain", "eq", "about")
                if gv is not None and dv is not None and g.unit == d.unit and higher_is_better and gv < dv:
                    out.append(
                        Finding(
                            "target_not_above_achieved",
                            (),
                            f"{d.id}/{g.id}：{key} 已达到 {d.value}{d.unit or ''}，目标 {g.value}{g.unit or ''}",
                        )
                    )
    return out


# ------------------------------------------------------------------ classes 7, 8: 专栏1
def check_indicator_table(indicators: Sequence[S.Indicator], notes: Sequence[S.IndicatorNote]) -> list[Finding]:
    """No-baseline notations other than the note's, blank baselines, and % indicators whose 2025
    target is not a number."""
    out = []
    stated = {m for n in notes for m in re.findall(r"“([-—–－]+)”", n.text)}
    marks = {i.baseline_2020 for i in indicators if DASHES.match(i.baseline_2020 or "")}
    odd = [i for i in indicators if (DASHES.match(i.baseline_2020 or "") and i.baseline_2020 not in stated) or not i.baseline_2020]
    if odd and (len(marks | stated) > 1 or any(not i.baseline_2020 for i in odd)):
        rows = "、".join(f"{i.id} 第 {i.number} 项（“{i.baseline_2020}”）" for i in sorted(odd, key=lambda i: i.number))
        out.append(Finding("typing_slip", (), f"“没有基数”的写法与注释不同：{rows}"))
    for i in indicators:
        if i.unit == "%" and not NUMBER.match(i.target_2025):
            out.append(Finding("table_notation", (), f"{i.id} 第 {i.number} 项以 % 计，2025年目标值写作 “{i.target_2025}”"))
    return out


def check_note_names(indicators: Sequence[S.Indicator], notes: Sequence[S.IndicatorNote]) -> list[Finding]:
    """Class 8: a note that names an index (…指数) by a name no row uses."""
    out = []
    names = [i.name for i in indicators]
    for n in notes:
        found = re.findall(r"“([^”]*指数[^”]*)”", n.text) + re.findall(r"([\u4e00-\u9fff]{2,10}指数)", n.text)
        for quoted in {re.split(r"[的即据按照]", q)[-1] for q in found}:
            if not any(quoted == nm or nm.startswith(quoted + " ") for nm in names):
                ids = "、".join(n.indicators)
                out.append(Finding("table_notation", (), f"注 {n.number}（{ids}）中的 “{quoted}” 与专栏1 的指标名称不同"))
    return sorted(set(out))


# ------------------------------------------------------------------ the whole plan
def run(plan) -> list[Finding]:
    """Every mechanical check on a Plan, sorted."""
    lines = plan.source.raw_lines
    out = check_toc(lines) + check_text(lines)
    out += check_deadlines(plan.targets, plan.meta.published)
    out += check_values(plan.targets)
    out += check_indicator_table(plan.indicators, plan.notes)
    out += check_note_names(plan.indicators, plan.notes)
    return sorted(out)


def _covered(plan, f: Finding) -> bool:
    """A finding is covered when a record of its class quotes one of its lines or names every id
    the finding names; typing slips may also be covered by an erratum on the same line."""
    ids = set(re.findall(r"\b(?:tg|ac|ind)-\d+\b", f.detail))
    for c in plan.findings:
        if c.class_ != f.cls:
            continue
        named = set(c.targets) | set(c.indicators) | ({c.indicator} if c.indicator else set())
        if (set(f.lines) & {q.line for q in c.quotes}) or (ids and ids <= named):
            return True
    return f.cls == "typing_slip" and any(e.line in f.lines for e in plan.errata)


def uncovered(plan, found: list[Finding] | None = None) -> list[Finding]:
    """Mechanical findings (``found``, else ``run(plan)``) that no record in conflicts.yaml / errata.yaml accounts for."""
    return [f for f in (run(plan) if found is None else found) if not _covered(plan, f)]
