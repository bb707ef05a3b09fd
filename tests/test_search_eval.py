"""The evaluation sets (tests/search_eval/questions.yaml; sentences.yaml, whole-sentence questions;
colloquial.yaml, residents' everyday wording, questions and typos; colloquial_heldout.yaml, _late.yaml and
_final.yaml, the same kind written apart from the ranking changes) hold a floor in Chromium: ≥ 95% of the
first two answered in the top three, ≥ 90% of the colloquial and first held-out sets.
tests/test_search_js.py runs the same sets through the engine in Node in the fast tier.

The numbers themselves (answered@1, @3, MRR, compared with Material's search) are in bench/RESULTS.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "search_eval"))

from harness import evaluate_ours, load_questions  # noqa: E402


def test_question_set_is_big_enough_and_names_real_records(plan):
    from genhe_plan.search.records import build_records

    questions = load_questions()
    sentences = load_questions(Path(__file__).resolve().parent / "search_eval" / "sentences.yaml")
    colloquial = load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial.yaml")
    heldout = load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial_heldout.yaml")
    late = load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial_late.yaml")
    final = load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial_final.yaml")
    review = load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial_review.yaml")
    fresh = load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial_fresh.yaml")
    ids = {r.id for r in build_records(plan)}
    assert len(questions) >= 60 and len(sentences) >= 50 and len(colloquial) >= 80 and len(heldout) >= 40
    assert [
        a for q in questions + sentences + colloquial + heldout + late + final + review + fresh for a in q["answers"] if a not in ids
    ] == []


def test_at_least_95_percent_answered_in_top_three(browser, base_url):
    result = evaluate_ours(browser, base_url)
    assert result["at3"] >= 0.95 * result["n"], result


def test_sentence_questions_answered_in_top_three(browser, base_url):
    """tests/search_eval/sentences.yaml: questions asked in whole sentences (with 的, 怎么, 什么时候 …)."""
    result = evaluate_ours(browser, base_url, load_questions(Path(__file__).resolve().parent / "search_eval" / "sentences.yaml"))
    assert result["n"] >= 50 and result["at3"] >= 0.95 * result["n"], result


def test_colloquial_questions_answered_in_top_three(browser, base_url):
    """tests/search_eval/colloquial.yaml: how residents ask (尾气, 太吵, 医院垃圾, 满规镇 …)."""
    result = evaluate_ours(browser, base_url, load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial.yaml"))
    assert result["n"] >= 80 and result["at3"] >= 0.9 * result["n"], result


def test_held_out_colloquial_questions_answered_in_top_three(browser, base_url):
    """tests/search_eval/colloquial_heldout.yaml: written before the changes it measures (井水, 交警 …)."""
    result = evaluate_ours(browser, base_url, load_questions(Path(__file__).resolve().parent / "search_eval" / "colloquial_heldout.yaml"))
    assert result["n"] >= 40 and result["at3"] >= 0.9 * result["n"], result
