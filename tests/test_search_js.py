"""The search engine (docs/assets/search/engine.js) run in Node, without a browser: fast tier.

Python is the judge: it writes the index (genhe_plan.search.index_files) and the expected answers, and
tests/js/engine_runner.js runs the engine over the same index files. Checked:

- normalisation: every character of the plan and of the blocks people type (Latin, full width, CJK,
  compatibility forms), and strings the variant rules touch, give what ``normalise`` gives;
- ``shard_of``: every bigram of the real index, for several shard counts;
- the URL rule: every record's link, directory URLs and .html, is ``urls.site_url``'s (the engine only
  reads the table Python emits into meta.js);
- ranking and highlights on a small fixture index written here;
- on the real index: the evaluation sets' floors and the containment guarantee of tests/test_search_engine.py.

Node 20 is on every developer machine and CI: without it these tests fail (they never skip).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from genhe_plan.present import urls
from genhe_plan.search import search_files
from genhe_plan.search.index import index_files, postings
from genhe_plan.search.normalise import normalise, shard_of
from genhe_plan.search.records import Record, build_records

sys.path.insert(0, str(Path(__file__).resolve().parent / "search_eval"))
from harness import load_questions, score  # noqa: E402

RUNNER = Path(__file__).resolve().parent / "js" / "engine_runner.js"


def run_engine(job: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (node, version 20) is needed to test the search engine: apt-get install nodejs")
    done = subprocess.run([node, str(RUNNER)], input=json.dumps(job, ensure_ascii=False), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def records(plan) -> list[Record]:
    return build_records(plan)


def typed_characters(plan, records) -> list[str]:
    """Each character of the plan's text, and of the blocks people type or paste from."""
    text = "".join(p.text for p in plan.paragraphs.values()) + "".join(r.name + "".join(r.body) for r in records)
    blocks = [(0x20, 0x2FF), (0x2000, 0x33FF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFFEF)]
    chars = set(text) | {chr(c) for a, b in blocks for c in range(a, b + 1)}
    return sorted(chars | {"\U0001d7d8", "\U00020000", "\U0001f600"})


@pytest.fixture(scope="module")
def real(plan, records) -> dict:
    """One run of the engine over the real index: what it was asked (``job``) and its answers."""
    samples = typed_characters(plan, records)
    samples += ["ＰＭ２．５", "PM _{2.5}", "国六b", "国 六", "O₃", "Ⅴ类", "ＡＢＣ　ｄｅｆ", "（一）", "VOCs", "１２３６９", "㎡"]
    bigrams = sorted(postings(records)) + ["a\U0001d7d8", "\U00020000字"]
    refs = sorted({r.url for r in records} | {urls.SEARCH})
    job = {
        "norm": samples,
        "shard": [[bg, n] for bg in bigrams for n in (8, 17, 91, 1000)],
        "url": [[ref, html] for ref in refs for html in (False, True)],
    }
    return {"job": job, "got": run_engine({"files": search_files(plan), **job})}


def test_normalisation_is_pythons(real):
    samples, got = real["job"]["norm"], real["got"]["norm"]
    bad = [f"{s!r} ({ord(s[0]):04X}): JS {j!r}, Python {normalise(s)!r}" for s, j in zip(samples, got, strict=True) if j != normalise(s)]
    assert bad == [], f"{len(bad)} of {len(samples)} differ:\n" + "\n".join(bad[:20])


def test_shard_of_is_pythons(real):
    assert real["got"]["shard"] == [shard_of(bg, n) for bg, n in real["job"]["shard"]]


def test_url_rule_is_pythons(real):
    """The engine reads the table Python wrote (meta.pages); it has no rule of its own to drift."""
    assert real["got"]["url"] == [urls.site_url(ref, not html) for ref, html in real["job"]["url"]]


# ------------------------------------------------------------------ ranking on a fixture index
FIXTURE = [
    Record("ind-a", "indicator", "森林覆盖率", "森林覆盖率（%）", ["2025年目标值 77"], "indicators/ind-a.md", years=[2025]),
    Record("ind-b", "indicator", "空气质量优良天数比率", "空气质量优良天数比率", ["2025年目标值 95"], "indicators/ind-b.md", years=[2025]),
    Record("dep-a", "department", "林业和草原部门", "林业和草原部门", ["森林资源保护"], "departments/dep-a.md", dept="dep-a"),
    Record("t-1", "task", "提高森林覆盖率。", "提高森林覆盖率。", ["实施造林工程，森林覆盖率达到77%。"], "plan/ch08.md#t-1", "ch08"),
    Record("t-2", "task", "加强医疗废物处置。", "加强医疗废物处置。", ["医疗废物集中收集处置，处置率100%。"], "plan/ch09.md#t-2", "ch09"),
    Record("t-3", "task", "推进垃圾分类。", "推进垃圾分类。", ["满归镇建设垃圾转运站，城镇垃圾无害化处理。"], "plan/ch09.md#t-3", "ch09"),
    Record("tg-1", "target", "森林覆盖率", "森林覆盖率", ["到2025年，森林覆盖率达到77%"], "plan/ch08.md#tg-1", "ch08", years=[2025]),
    Record("p-1", "paragraph", "", "第二章", ["十三五期间，空气质量持续改善，PM _{2.5}浓度下降。"], "plan/ch02.md#p-1", "ch02"),
    Record(
        "t-4",
        "task",
        "加强施工噪声管理。",
        "加强施工噪声管理。",
        ["建筑施工噪声达标，畅通环保“12369”投诉渠道。"],
        "plan/ch05.md#t-4",
        "ch05",
    ),
    Record("p-2", "paragraph", "", "第九章", ["医院垃圾不得混入生活垃圾，河水清澈。"], "plan/ch09.md#p-2", "ch09"),
    Record("ind-c", "indicator", "地表水水质优良比例", "地表水水质优良比例", ["2025年目标值 100"], "indicators/ind-c.md", years=[2025]),
    Record("manggui", "place", "满归镇", "满归镇", ["镇"], "places.md#manggui"),
    Record(
        "dep-b", "department", "住房和城乡建设部门", "住房和城乡建设部门", ["城镇污水与垃圾处理设施"], "departments/dep-b.md", dept="dep-b"
    ),
    Record("wwtp", "place", "根河市城市污水处理厂", "根河市城市污水处理厂", ["设施"], "places.md#wwtp"),
    Record("t-5", "task", "整治河道。", "整治河道。", ["地表水断面达标，地表水水质改善。"], "plan/ch05.md#t-5", "ch05"),
    Record("station", "place", "根河空气自动监测站", "根河空气自动监测站", ["设施"], "places.md#station"),
    Record("mine", "place", "敖鲁古雅山矿山", "敖鲁古雅山矿山", ["设施"], "places.md#mine"),
    Record("aoluguya", "place", "敖鲁古雅鄂温克民族乡", "敖鲁古雅鄂温克民族乡", ["原文亦作：敖鲁古雅乡"], "places.md#aoluguya"),
    Record("tg-city", "target", "主城区污水全收集", "主城区污水全收集", ["主城区污水全收集、全处理"], "plan/ch06.md#tg-city", "ch06"),
    Record("p-3", "paragraph", "", "第五章", ["主城区空气质量持续改善。"], "plan/ch05.md#p-3", "ch05"),
]
ALIASES = {"aoluguya": ["敖鲁古雅乡"]}
CHAPTERS = [("ch02", "第二章"), ("ch05", "第五章"), ("ch08", "第八章"), ("ch06", "第六章"), ("ch09", "第九章")]
CONCEPTS = [(["吵", "噪音扰民"], ["噪声"]), (["医院垃圾"], ["医疗废物"]), (["河水"], ["地表水"]), (["城里"], ["主城区"])]
SYNONYMS = [("医废", ["医疗废物"])]
ERRATA = [("森林复盖率", "森林覆盖率")]
TERMS = ["垃圾分类", "医疗废物"]
LEXICON = {"林子": [["森林", 0.8]], "区空": [["噪声", 0.8]]}  # as search.lexicon.bridge writes it (区空: no word)


QUERIES = ["森林覆盖率", "医废", "森林复盖率", "空气质量优良天数比率是多少", "医", "森林覆盖面积"]
QUERIES += ["施工太吵", "医院垃圾", "河水干不干净", "满规镇", "噪声投诉电话", "满归镇的垃圾"]
QUERIES += [
    "森林覆盖率高不高",
    "根河空气怎么样",
    "根河空气",
    "敖鲁古雅",
    "河水怎么治理",
    "污水处理厂归谁管",
    "森林覆盖率达标吗",
    "林业局",
    "分类垃圾",
    "谁在整治河道",
    "河水有多好",
    "河水改善了吗",
    "城里空气怎么样",
    "垃圾分累",
    "林子有多大",
    "主城区空气",
    "满归镇空气",
]


@pytest.fixture(scope="module")
def fixture_run() -> dict:
    """One run of the engine over an index of FIXTURE: QUERIES, the same with a filter, highlights."""
    files = index_files(FIXTURE, CHAPTERS, [("dep-a", "林业和草原部门")], SYNONYMS, ERRATA, CONCEPTS, ALIASES, TERMS, LEXICON)
    marks = [["PM _{2.5}浓度下降", ["pm2.5"]], ["国六b标准", ["国6b"]]]
    out = run_engine({"files": files, "search": QUERIES, "top": 20, "marks": marks})
    out["filtered"] = run_engine({"files": files, "search": ["森林覆盖率"], "filters": {"type": "task"}})["search"]
    return out


def ranked(results: list[dict]) -> list[list[tuple[str, int]]]:
    return [[(FIXTURE[r].id, tier) for r, tier, *_ in res["hits"]] for res in results]


def test_named_record_first_then_body_matches_then_partial(fixture_run):
    hits = ranked(fixture_run["search"])[0]
    assert hits[0] == ("ind-a", 3)  # an indicator named after the query
    assert {"tg-1", "t-1"} <= {i for i, t in hits if t == 3}
    tiers = [t for _, t in hits]
    assert tiers == sorted(tiers, reverse=True)
    texts = {r.id: normalise(r.name + "".join(r.body)) for r in FIXTURE}
    assert all("森林覆盖率" in texts[i] for i, t in hits if t == 3)


def test_synonym_erratum_and_question_words(fixture_run):
    _, syn, typo, question, short, *_ = ranked(fixture_run["search"])
    assert syn[0] == ("t-2", 3)
    assert typo[0] == ("ind-a", 3)
    assert question[0] == ("ind-b", 3)
    assert short == [] and fixture_run["search"][4]["short"]


def test_filters_and_partial_matches(fixture_run):
    assert ranked(fixture_run["filtered"]) == [[("t-1", 3)]]
    partial = ranked(fixture_run["search"])[5]
    assert {"ind-a", "tg-1", "t-1"} <= {i for i, _ in partial} and all(t == 1 for _, t in partial)


def test_highlight_maps_back_to_the_displayed_text(fixture_run):
    # the mark ends at the last character that matched: the dropped "}" after it stays unmarked
    assert fixture_run["marks"] == [[["PM _{2.5", True], ["}浓度下降", False]], [["国六b", True], ["标准", False]]]


def test_everyday_words_reach_the_plan_words_below_literal_matches(fixture_run):
    loud, hospital = fixture_run["search"][6], fixture_run["search"][7]
    assert ranked([loud])[0][0] == ("t-4", 2)
    assert loud["hits"][0][4] == [["everyday", "吵", "噪声"]]
    assert "通过日常说法（吵→噪声）" in loud["summary"]
    # 医院垃圾 is written in p-2: that literal match first, the plan's 医疗废物 (t-2) after it
    assert ranked([hospital])[0][:2] == [("p-2", 3), ("t-2", 2)]
    assert "1 条包含整个搜索词" in hospital["summary"] and "通过日常说法（医院垃圾→医疗废物）" in hospital["summary"]


def test_how_things_stand_prefers_the_topics_indicator(fixture_run):
    """河水干不干净: the indicator of 地表水 (reached through 河水) over the sentence that only says 河水."""
    assert ranked([fixture_run["search"][8]])[0][0] == ("ind-c", 2)


def test_a_name_with_one_character_wrong_is_offered(fixture_run):
    near = fixture_run["search"][9]
    assert near["suggest"] == "满归镇" and ranked([near])[0][0] == ("manggui", 3)
    assert near["summary"].startswith("找到 ") and "按相近的写法" in near["summary"]


def test_whom_to_call_prefers_the_sentence_with_the_channel(fixture_run):
    assert ranked([fixture_run["search"][10]])[0][0][0] == "t-4"


def test_partial_matches_mark_no_bigram_across_two_pieces(fixture_run):
    """满归镇的垃圾: 镇垃 spans 满归镇|垃圾; it must not be marked (inside 城镇垃圾, say)."""
    needles = [n for hit in fixture_run["search"][11]["hits"] for n in hit[3]]
    assert needles and "镇垃" not in needles


def test_a_not_a_question_asks_how_things_stand(fixture_run):
    """森林覆盖率高不高: 高不高 is a question word (not searched for) asking how things stand: the indicator."""
    assert ranked([fixture_run["search"][12]])[0][0] == ("ind-a", 3)


def test_a_question_is_also_tried_without_where_it_is_asked_from(fixture_run):
    """根河空气怎么样 asks about 空气 (the indicator), not the station that happens to be called 根河空气…;
    the plain query 根河空气 keeps its whole-term match first."""
    question, plain = ranked(fixture_run["search"][13:15])
    assert question[0] == ("ind-b", 3)
    assert plain[0] == ("station", 3)


def test_a_place_named_by_its_alias_without_its_suffix_comes_first(fixture_run):
    """敖鲁古雅 is 敖鲁古雅乡 without 乡: the township before the mine named after it (a shorter name)."""
    assert ranked([fixture_run["search"][15]])[0][:2] == [("aoluguya", 3), ("mine", 3)]


def test_how_prefers_the_task_and_who_the_department(fixture_run):
    """河水怎么治理: the task that says what is done (t-5) over the indicator named 地表水 (ind-c), which wins
    without a question word; 污水处理厂归谁管: the department whose remit has 污水…处理 over the plant itself."""
    how, who = ranked(fixture_run["search"][16:18])
    assert how[0] == ("t-5", 2) and ("ind-c", 2) in how
    assert who[0] == ("dep-b", 1) and ("wwtp", 3) in who


def test_a_yes_no_question_and_an_office_called_by_its_first_words(fixture_run):
    """森林覆盖率达标吗: 达标吗 is a question word, not left in the topic (森林覆盖率达标 is written nowhere);
    林业局: the office of the department whose name begins 林业 (林业和草原部门), as a synonym."""
    yes_no, office = fixture_run["search"][18:20]
    assert ranked([yes_no])[0][0] == ("ind-a", 3)
    assert ranked([office])[0][0] == ("dep-a", 3) and office["hits"][0][4] == [["synonym", "林业局", "林业和草原部门"]]


# ------------------------------------------------------------------ the evaluation sets, in Node
# (answered first, in the top three) at least; colloquial_heldout.yaml was written before the changes it
# measures, colloquial_late.yaml after the held-out set had informed the concept table, colloquial_final.yaml
# after all of them (see their headers).
FLOORS = {
    "questions.yaml": (0.9, 0.97),
    "sentences.yaml": (0.95, 0.97),
    "colloquial.yaml": (0.85, 0.97),
    "colloquial_heldout.yaml": (0.85, 0.95),
    "colloquial_late.yaml": (0.75, 0.9),
    "colloquial_final.yaml": (0.75, 0.84),
    "colloquial_review.yaml": (0.7, 0.94),
    "colloquial_fresh.yaml": (
        0.85,
        0.94,
    ),  # written after the second round by someone who saw no results: 44/50, 48/50  # the coordinator's set, unseen by the round that tuned the table: 27/38, 36/38
}


def test_evaluation_sets_hold_their_floors(plan, records):
    """The sets of tests/search_eval/ through the engine on the real index (answered first / in the top
    three); the numbers, and Chromium's, are in bench/RESULTS.md section 5."""
    sets = {name: load_questions(Path(__file__).resolve().parent / "search_eval" / name) for name in FLOORS}
    queries = [q["query"] for qs in sets.values() for q in qs]
    got = iter(run_engine({"files": search_files(plan), "search": queries, "top": 10})["search"])
    for name, qs in sets.items():
        result = score(qs, [[[records[h[0]].id] for h in next(got)["hits"]] for _ in qs])
        at1, at3 = FLOORS[name]
        assert result["at1"] >= at1 * result["n"] and result["at3"] >= at3 * result["n"], (name, result)


def test_the_summary_says_when_only_part_of_the_query_matched(fixture_run):
    """空气质量优良天数比率是多少: the plan has the term, not the question; the summary names the part found
    instead of claiming the whole search term (冒黑烟的车 read “2 条包含整个搜索词”)."""
    whole, question = fixture_run["search"][0], fixture_run["search"][3]
    assert "条包含整个搜索词" in whole["summary"] and "主要部分" not in whole["summary"]
    assert "包含搜索词的主要部分（空气质量优良天数比率）" in question["summary"], question["summary"]
    assert "整个搜索词" not in question["summary"]


def test_a_verb_before_its_object_finds_the_plans_compound(fixture_run):
    """分类垃圾 (as people say it) finds 垃圾分类 (as the plan writes it), and the summary says the order was swapped."""
    swapped = fixture_run["search"][QUERIES.index("分类垃圾")]
    assert ranked([swapped])[0][0] == ("t-3", 2)  # not the query whole: below every whole-query match
    assert swapped["hits"][0][4] == [["reorder", "分类垃圾", "垃圾分类"]]
    assert "调换词序后包含（分类垃圾→垃圾分类）" in swapped["summary"]


def test_who_is_a_question_word(fixture_run):
    """谁在整治河道: 谁在 (and 谁, 是谁) only ask who; what is asked about is the rest, which the plan writes."""
    who = fixture_run["search"][QUERIES.index("谁在整治河道")]
    assert ranked([who])[0][0] == ("t-5", 3)


def test_question_words_are_taken_out_longer_first():
    from genhe_plan.search.normalise import STOP

    late = {w: i for i, w in enumerate(STOP)}
    assert [(s, w) for s in STOP for w in STOP if s != w and s in w and late[s] < late[w]] == []


@pytest.mark.parametrize("query", ["河水有多好", "河水改善了吗"])
def test_more_ways_of_asking_how_things_stand(fixture_run, query):
    """有多好, 改善了吗 ask how things stand, as 干不干净 does: the topic's indicator first."""
    assert ranked([fixture_run["search"][QUERIES.index(query)]])[0][0] == ("ind-c", 2)


def test_an_everyday_word_alone_does_not_answer_the_rest_of_the_question(fixture_run):
    """城里空气怎么样: 城里 reaches 主城区 in tg-city and p-3, but only p-3 speaks of 空气, which the plan writes;
    tg-city matched the everyday word alone, is not what the question is about and gets no how-things-stand
    bonus (the real 城里空气有多好 put 主城区污水全收集 second, above sentences on the city's air)."""
    hits = fixture_run["search"][QUERIES.index("城里空气怎么样")]["hits"]  # [record, tier, score, …]
    ids, score = [FIXTURE[h[0]].id for h in hits], {FIXTURE[h[0]].id: h[2] for h in hits}
    assert ids[0] == "p-3" and score["p-3"] > score["tg-city"], ids


def test_a_plan_term_with_one_character_wrong_is_offered(fixture_run):
    """垃圾分累: not a name of anything, but a term of the plan (search.dictionary.terms) one character off."""
    near = fixture_run["search"][QUERIES.index("垃圾分累")]
    assert near["suggest"] == "垃圾分类" and ranked([near])[0][0] == ("t-3", 3)


def test_every_name_and_drawn_ngram_is_found_whole_first(plan, records):
    """The containment guarantee of tests/test_search_engine.py (every name and 300 n-grams drawn from the plan:
    a whole-query match first, no partial match above one, the record said to hold the query holds it), run in
    Node so that the fast tier catches a ranking change that breaks it; the browser tier runs it again in Chromium."""
    from test_search_engine import names, ngrams, tier_failure

    queries = names(plan) + ngrams(plan)
    got = run_engine({"files": search_files(plan), "search": queries, "top": 300})["search"]
    bad = []
    for q, res in zip(queries, got, strict=True):
        if failed := tier_failure(q, [h[1] for h in res["hits"]]):
            bad.append(failed)
        else:
            n = normalise(q)
            said = [records[h[0]] for h in res["hits"] if h[3] and h[3][0] == n]
            bad += [f"{q!r}: {r.id} is said to hold it and does not" for r in said if n not in normalise(r.name + "".join(r.body))]
    assert bad == [], f"{len(bad)} of {len(queries)} failed:\n" + "\n".join(bad[:30])


def test_the_swapped_order_is_searched_in_the_real_index(plan, records):
    """处理垃圾 on the real, sharded index: 垃圾处理's postings live in other shards than 处理垃圾's, and must be
    loaded too (the fixture index has one shard, so only this test sees a missing shard)."""
    (res,) = run_engine({"files": search_files(plan), "search": ["处理垃圾"], "top": 10})["search"]
    assert "调换词序后包含（处理垃圾→垃圾处理）" in res["summary"], res["summary"]
    assert all("垃圾处理" in normalise(records[h[0]].name + "".join(records[h[0]].body)) for h in res["hits"][:3])


def test_a_thesaurus_word_reaches_the_plans_word_and_says_so(fixture_run):
    """林子 (a word of 《同义词词林》's group with 森林, search/l/N.js) finds the records on 森林, below no literal match,
    and the summary names the bridge; 区空 inside 主城区空气 cuts through 空气, a word the plan writes: not taken."""
    forest = fixture_run["search"][QUERIES.index("林子有多大")]
    assert {i for i, _ in ranked([forest])[0][:3]} <= {"ind-a", "tg-1", "t-1"} and ranked([forest])[0][0][1] == 2
    assert forest["hits"][0][4] == [["cilin", "林子", "森林"]]
    assert "通过《同义词词林》的近义词（林子→森林）" in forest["summary"], forest["summary"]
    across = fixture_run["search"][QUERIES.index("主城区空气")]
    assert all(h[4] is None or h[4][0][0] != "cilin" for h in across["hits"]), across["hits"]


def test_a_first_result_resting_on_little_says_so_and_offers_chapters(fixture_run):
    """满归镇空气: only partial matches; the summary says the first result rests on some characters (naming them)
    and offers the chapters most results come from (issue 31, item 4). A whole-term match says nothing of the kind."""
    partial, whole = fixture_run["search"][QUERIES.index("满归镇空气")], fixture_run["search"][0]
    assert "最前面的结果只靠部分字词（" in partial["summary"] and "可以看看这些章：第" in partial["summary"], partial["summary"]
    assert "未必是您要问的" not in whole["summary"]


# ------------------------------------------------------------------ what the question asks (question_kinds.py)
# Every record matches its question in the body only, and the one that does not answer the kind asked comes
# first in the list (an equal score breaks by record order) or scores a little higher: only the kind can lift the
# answering record over it.
KIND_FIXTURE = [
    Record("q-plain-time", "task", "推进环卫工作。", "推进环卫工作。", ["垃圾清运覆盖城乡。"], "plan/ch09.md#q1", "ch09"),
    Record("q-time", "task", "完善环卫制度。", "完善环卫制度。", ["垃圾清运情况每年公布。"], "plan/ch09.md#q2", "ch09"),
    Record("q-plain-rule", "task", "推进秸秆利用。", "推进秸秆利用。", ["秸秆焚烧问题突出。"], "plan/ch05.md#q3", "ch05"),
    Record("q-rule", "task", "加强大气管理。", "加强大气管理。", ["严禁秸秆焚烧，依法查处。"], "plan/ch05.md#q4", "ch05"),
    Record("q-plain-share", "task", "提升湿地功能。", "提升湿地功能。", ["湿地面积持续扩大。"], "plan/ch08.md#q5", "ch08"),
    Record("q-share", "target", "湿地保护率", "湿地保护率", ["湿地面积占比稳定"], "plan/ch08.md#q6", "ch08"),
    Record("q-plain-place", "task", "加强污水厂管理。", "加强污水厂管理。", ["污水厂异味扰民。"], "plan/ch06.md#q7", "ch06"),
    Record("q-place", "department", "环保热线", "环保热线", ["污水厂异味可打电话"], "departments/q8.md"),
    Record(
        "q-plain-amount",
        "task",
        "推进地膜治理。",
        "推进地膜治理。",
        ["地膜回收、地膜回收、地膜回收、地膜回收、地膜回收。"],
        "plan/ch07.md#q9",
        "ch07",
    ),
    Record("q-amount", "target", "农膜目标", "农膜目标", ["地膜回收率提高"], "plan/ch07.md#q10", "ch07"),
]
KIND_QUERIES = {
    "垃圾清运什么时候": ("q-time", "按“什么时候”的问法，优先显示写有期限或频次的条目。"),
    "秸秆焚烧让不让": ("q-rule", "按“让不让”的问法，优先显示写有禁止、处罚等规定的条目。"),
    "湿地面积占几成": ("q-share", "按“几成”的问法，优先显示写有比例或比率的指标和目标。"),
    "污水厂异味往哪说": ("q-place", "按“往哪”的问法，优先显示热线、设施和地点。"),
    "地膜回收多少": ("q-amount", "按“多少”的问法，优先显示写有数值的指标和目标。"),
}


@pytest.fixture(scope="module")
def kind_run() -> dict:
    files = index_files(KIND_FIXTURE, CHAPTERS, [], [], [])
    queries = [*KIND_QUERIES, "秸秆焚烧还让吗", "秸秆焚烧"]
    return dict(zip(queries, run_engine({"files": files, "search": queries, "top": 5})["search"], strict=True))


@pytest.mark.parametrize("query", list(KIND_QUERIES))
def test_the_kind_of_question_puts_the_record_that_answers_it_first(kind_run, query):
    """什么时候 → a deadline or frequency (每年), 让不让 → a rule (严禁, 依法查处), 几成 → a rate (湿地保护率),
    往哪 → a hotline, 多少 → a target: among records that all hold the topic, and the summary says so."""
    want, said = KIND_QUERIES[query]
    got = kind_run[query]
    assert KIND_FIXTURE[got["hits"][0][0]].id == want, [KIND_FIXTURE[h[0]].id for h in got["hits"]]
    assert said in got["summary"], got["summary"]


def test_a_modal_verb_with_a_yes_no_particle_asks_about_a_rule_and_a_plain_query_asks_nothing(kind_run):
    """还让……吗 (是非问 after a modal verb) is the rule kind; the topic alone names no kind and keeps the record order."""
    framed, plain = kind_run["秸秆焚烧还让吗"], kind_run["秸秆焚烧"]
    assert "按“让……吗”的问法" in framed["summary"], framed["summary"]
    assert "的问法" not in plain["summary"] and KIND_FIXTURE[plain["hits"][0][0]].id == "q-plain-rule"
