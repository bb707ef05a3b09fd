"""The concept table (plan_data/concepts.yaml: everyday words → the plan's words): validated in plain
words with file:line, shown on the data dictionary page, and emitted into the search index."""

from __future__ import annotations

import json
import re

import pytest

from genhe_plan.input.errors import PlanDataError
from genhe_plan.model import load_plan
from genhe_plan.present.urls import DICTIONARY
from genhe_plan.search import search_files
from genhe_plan.search.normalise import normalise
from genhe_plan.site import prepare

HEADER = "# yaml-language-server: $schema=schema/concepts.schema.json\n"


def test_every_plan_wording_is_in_the_source(plan):
    """The table only expands to terms the plan contains (validation enforces it; this states it)."""
    names = {d.name for d in plan.departments}
    assert [w for c in plan.concepts for w in c.plan if not (plan.source.contains(w) or w in names)] == []


def test_dictionary_page_shows_the_concept_table(plan):
    page = prepare(__import__("conftest").DATA).files[DICTIONARY]
    assert "日常说法表" in page
    for c in plan.concepts:
        assert all(w in page for w in c.everyday) and all(w in page for w in c.plan), c.id
    assert "词林 Bg07A03=" not in page or any(c.cilin == "Bg07A03=" for c in plan.concepts)


def test_index_carries_concepts_longest_word_first(plan):
    text = search_files(plan)["search/meta.js"]
    meta = json.loads(re.match(r'^genheSearchLoad\("meta",0,(.*)\);\n$', text, re.S)[1])
    words = [w for w, _ in meta["everyday"]]
    assert [len(w) for w in words] == sorted((len(w) for w in words), reverse=True)
    said = {normalise(w) for c in plan.concepts for w in c.everyday} | {normalise(s.typed) for s in plan.synonyms}
    assert set(words) == said
    for _, n in meta["everyday"]:
        terms, kind = meta["concepts"][n]
        assert kind in ("everyday", "synonym") and terms


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        (
            "concepts:\n- id: noise\n  everyday: [吵]\n  plan: [吵闹声]\n",
            "concepts.yaml:5:10: concepts[0].plan[0]: “吵闹声” 不在原文中",
        ),
        (
            "concepts:\n- id: noise\n  everyday: [吵]\n  plan: [噪声]\n- id: loud\n  everyday: [太吵, 吵]\n  plan: [噪声]\n",
            "concepts.yaml:7:18: concepts[1].everyday[1]: “吵” 重复（第 1 条已有）",
        ),
        (
            "concepts:\n- id: noise\n  everyday: [噪声]\n  plan: [声环境]\n- id: sound\n  everyday: [声环境]\n  plan: [噪声]\n",
            "concepts.yaml:4:14: concepts[0].everyday[0]: 说法构成循环：“噪声” → “声环境” → “噪声”",
        ),
        (
            "concepts:\n- id: noise\n  everyday: [吵]\n  plan: [噪声]\n- id: noise\n  everyday: [闹]\n  plan: [噪声]\n",
            "concepts.yaml:6:7: concepts[1].id: id “noise” 重复",
        ),
        (
            "concepts:\n- id: noise\n  everyday: [噪音]\n  plan: [噪声]\n",
            "concepts[0].everyday[0]: “噪音” 重复（synonyms.yaml已有）",
        ),
        (
            "concepts:\n- id: noise\n  everyday: [吵]\n  plan: [噪声]\n  cilin: Bg07A3=\n",
            "concepts.yaml:6:10: concepts[0].cilin: 格式不对（现在是 “Bg07A3=”）",
        ),
    ],
)
def test_bad_concepts_are_reported_with_file_and_line(copy_data, yaml_text, expected):
    (copy_data / "concepts.yaml").write_text(HEADER + yaml_text, encoding="utf-8")
    with pytest.raises(PlanDataError) as err:
        load_plan(copy_data)
    assert expected in err.value.report(), err.value.report()


def test_concepts_file_is_optional(copy_data):
    (copy_data / "concepts.yaml").unlink()
    assert load_plan(copy_data).concepts == []


def test_seed_script_lists_groups_with_a_plan_word_and_an_everyday_word():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from seed_concepts import candidates

    lines = ["Bg07A03= 噪音 噪声", "Bg07A04# 噪声 杂音", "Aa01A01= 人 士", "Bh01A03= 森林 树林 林子"]
    got = candidates(lines, "加强噪声管理，保护森林。")
    assert got == [("Bg07A03=", ["噪声"], ["噪音"]), ("Bh01A03=", ["森林"], ["树林", "林子"])]
