"""The one rule that says whether an indicator's 2025 target (专栏1) can be compared with a reported
number, and how. The 进展 comparison (``status.indicator_series``: 已达到 / 未达到目标值) and the
evaluation's 完成情况 (``progress.evaluation``) both read it.

In:  a Plan and an indicator. Out: a ``Rule`` — the kind of target as 专栏1 writes it (``KIND_LABEL``),
     the comparator and number when it is comparable, and one sentence (``why``) saying where the
     comparison comes from, or why there is none.

Kinds:
- signed     a written sign (≥25): that sign.
- number     a bare number (91.76): the sign of a plan target measuring the indicator with that value
             (森林覆盖率 ≥ 91.76); else, for a reduction indicator (its name ends in 降低 or 减少比例:
             the number is the size of the reduction), ≥; else not comparable — the plan gives no direction.
- zero       0 with no plan target giving a sign: not above 0 (a rate or a count cannot be negative).
- absent     不出现: not above 0 (nothing of it appears).
- not_lower  不降低: not below the 2020 value, when that is a number; else not comparable.
- stable     保持稳定: not comparable — the plan gives no range for “stable”.
- upper      完成上级目标任务: not comparable — the number is set by the higher level's assessment.
- other      anything else: not comparable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..input import schema as S
from ..model import Plan
from .check import parse_number

SIGN = re.compile(r"^(≥|≤|>|<)?\s*([+-]?\d+(?:\.\d+)?)$")
SIGN_COMPARATOR = {"≥": "ge", "≤": "le", ">": "gt", "<": "lt"}
COMPARED = ("ge", "le", "gt", "lt", "eq")
UPPER = "完成上级目标任务"
WORDS = {"不出现": "absent", "不降低": "not_lower", "保持稳定": "stable", UPPER: "upper"}
KIND_LABEL = {
    "signed": "带符号的数值",
    "number": "数值",
    "zero": "0",
    "absent": "不出现",
    "not_lower": "不降低",
    "stable": "保持稳定",
    "upper": UPPER,
    "other": "其他文字",
}


@dataclass(frozen=True)
class Rule:
    kind: str  # a key of KIND_LABEL
    comparator: str | None  # ge | le | gt | lt | eq; None: not comparable
    number: float | None
    why: str  # where the comparison comes from, or why there is none (Chinese, one clause)


def is_reduction(ind: S.Indicator) -> bool:
    """An indicator whose number is the size of a reduction (单位地区生产总值能源消耗降低, 氮氧化物排放量减少比例)."""
    return ind.name.endswith("降低") or ind.name.endswith("减少比例")


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.10g}"


def indicator_rule(plan: Plan, ind: S.Indicator) -> Rule:
    """The Rule for the indicator's 2025 target (see the module doc)."""
    text = ind.target_2025.strip()
    m = SIGN.match(text)
    if m and m[1]:
        return Rule("signed", SIGN_COMPARATOR[m[1]], float(m[2]), f"目标值写作“{text}”")
    if m:
        return _bare_number(plan, ind, float(m[2]))
    kind = WORDS.get(text, "other")
    if kind == "absent":
        return Rule(kind, "le", 0.0, "目标为“不出现”，报告值不高于 0 即为达到")
    if kind == "not_lower":
        base = parse_number(ind.baseline_2020)
        if base is None:
            return Rule(kind, None, None, "目标为“不降低”，但规划的 2020 年现状值不是数值，无从比较")
        return Rule(kind, "ge", base, f"目标为“不降低”，报告值不低于 2020 年现状值 {_fmt(base)} 即为达到")
    if kind == "stable":
        return Rule(kind, None, None, "目标为“保持稳定”，规划未给出数值范围")
    if kind == "upper":
        return Rule(kind, None, None, f"目标为“{UPPER}”，需以上级考核结果为准")
    return Rule(kind, None, None, f"目标写作“{text}”，不是数值")


def _bare_number(plan: Plan, ind: S.Indicator, number: float) -> Rule:
    for t in plan.targets_measuring[ind.id]:
        if t.kind == "target" and t.comparator in COMPARED and parse_number(t.value) == number:
            sign = S.COMPARATOR_SIGN[t.comparator]
            return Rule("number", t.comparator, number, f"方向取自规划目标 {t.id}（{t.metric} {sign}{t.value}{t.unit or ''}）")
    if number == 0:
        return Rule("zero", "le", 0.0, "目标值为 0，比率和数量不能为负，报告值不高于 0 即为达到")
    if is_reduction(ind):
        return Rule("number", "ge", number, "指标为降低（减少）幅度，报告值不低于目标值即为达到")
    return Rule("number", None, None, "目标值为数值，但规划未写明比较方向")


def target_rule(plan: Plan, ind: S.Indicator) -> tuple[str, float] | None:
    """(comparator, number) for the 2025 target, or None when it is not comparable."""
    rule = indicator_rule(plan, ind)
    return (rule.comparator, rule.number) if rule.comparator else None
