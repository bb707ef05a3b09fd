"""The jieba dictionary holds the plan's own terms, and every curated term really occurs in the plan."""

from __future__ import annotations

import jieba

from genhe_plan.search.dictionary import KEY_TERMS, jieba_userdict, terms


def test_curated_terms_occur_in_the_source(plan):
    missing = [t for t in KEY_TERMS if t not in plan.source.joined]
    assert missing == []


def test_terms_include_departments_places_and_indicators(plan):
    found = set(terms(plan))
    assert {"生态环境部门", "满归镇", "森林覆盖率", "医疗废物"} <= found
    assert all(d.name in found for d in plan.departments if 2 <= len(d.name) <= 16 and " " not in d.name)


def test_jieba_keeps_plan_terms_whole_with_the_dictionary(plan):
    import io

    jieba.load_userdict(io.BytesIO(jieba_userdict(plan).encode("utf-8")))
    for term in ("医疗废物", "森林覆盖率", "生态环境部门", "黑臭水体"):
        assert term in jieba.lcut(f"加强{term}的管理"), term


def test_userdict_is_sorted_and_stable(plan):
    text = jieba_userdict(plan)
    lines = text.splitlines()
    assert lines == sorted(lines) and text == jieba_userdict(plan)
