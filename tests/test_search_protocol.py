"""The protocol question sets (issue 31) keep their rule; no search is run here.

tests/search_eval/protocol_a.yaml and protocol_final.yaml: 60 items each, 40 residents and 20 officials;
at most 10 % of the residents share a two-character string with their first answer's text, none contains a
four-character string of the plan, every answer id is a record id (tests/search_eval/protocol_check.py).
The checker is shown planted faults, so a broken checker fails here too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parent / "search_eval"
sys.path.insert(0, str(EVAL))

import protocol_check as pc  # noqa: E402
from harness import load_questions  # noqa: E402

SETS = [EVAL / "protocol_a.yaml", EVAL / "protocol_final.yaml"]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return pc.record_texts()


@pytest.fixture(scope="module")
def grams() -> set[str]:
    return pc.plan_fourgrams()


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_set_keeps_the_rule(path, texts, grams):
    items = pc.check_set(path, texts, grams)
    s = pc.summary(items)
    assert (s["items"], s["residents"], s["officials"]) == (60, 40, 20), s
    assert s["share_rate"] <= pc.MAX_SHARED, [(i.query, i.shared) for i in items if i.shared]
    assert s["residents_with_plan_fourgram"] == 0, [(i.query, i.fourgrams) for i in items if i.fourgrams]
    assert s["unknown_ids"] == [], s["unknown_ids"]
    assert all(1 <= len(i.answers) <= 3 for i in items), [i.query for i in items if not 1 <= len(i.answers) <= 3]
    assert pc.rule_holds(s)


def test_sets_load_in_the_harness_and_do_not_repeat():
    queries = [q["query"] for path in SETS for q in load_questions(path)]
    assert len(queries) == 120
    assert len(set(queries)) == len(queries), sorted(q for q in queries if queries.count(q) > 1)


def _write(tmp_path: Path, rows: list[tuple[str, str, list[str]]]) -> Path:
    lines = ["questions:"] + [f"- {{query: {q}, group: {g}, answers: [{', '.join(a)}]}}" for q, g, a in rows]
    path = tmp_path / "planted.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_checker_catches_planted_faults(tmp_path, texts, grams):
    clean = ("满山的树能占几成", "resident", ["ind-16"])
    rows = [
        ("森林覆盖率现在多少", "resident", ["ind-16"]),  # the indicator's own name: shares 森林, has 森林覆盖
        ("一年到头天蓝的日子占几成", "resident", ["no-such-record"]),
        ("森林覆盖率目标值", "official", ["tg-046"]),  # officials are exempt
    ] + [clean] * 7
    items = pc.check_set(_write(tmp_path, rows), texts, grams)
    assert "森林" in items[0].shared and "森林覆盖" in items[0].fourgrams
    assert items[1].unknown == ("no-such-record",)
    assert items[2].shared == () and items[2].fourgrams == ()
    assert all(i.shared == () and i.fourgrams == () for i in items[3:])
    s = pc.summary(items)
    assert (s["residents"], s["residents_sharing_bigram"], s["residents_with_plan_fourgram"]) == (9, 1, 1)
    assert not pc.rule_holds(s)


def test_share_rate_above_ten_percent_fails(tmp_path, texts, grams):
    sharing = ("森林长得好不好", "resident", ["ind-16"])  # 森林 only; no plan four-gram
    clean = ("满山的树能占几成", "resident", ["ind-16"])
    one = pc.summary(pc.check_set(_write(tmp_path, [sharing] + [clean] * 9), texts, grams))
    two = pc.summary(pc.check_set(_write(tmp_path, [sharing] * 2 + [clean] * 8), texts, grams))
    assert one["residents_with_plan_fourgram"] == 0 and one["share_rate"] == 0.1 and pc.rule_holds(one)
    assert two["share_rate"] == 0.2 and not pc.rule_holds(two)
