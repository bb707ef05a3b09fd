"""The search index files (genhe_plan/search): deterministic, sharded, and synonyms.yaml validated in plain words."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from genhe_plan.input.errors import PlanDataError
from genhe_plan.model import load_plan
from genhe_plan.present.script_json import script_json
from genhe_plan.search import search_files
from genhe_plan.search.index import SHARD_BYTES, postings
from genhe_plan.search.normalise import RULES, normalise, shard_of
from genhe_plan.search.records import build_records
from genhe_plan.site import prepare

ROOT = Path(__file__).resolve().parent.parent
LOAD = re.compile(r'^genheSearchLoad\("(meta|p|r|l)",(\d+),(.*)\);\n$', re.S)


def test_index_is_byte_identical_across_runs(plan):
    assert search_files(plan) == search_files(plan)


def test_index_does_not_depend_on_the_hash_seed(plan):
    """Set and dict-of-set order changes with PYTHONHASHSEED: two interpreters with different seeds (and this
    one) must write the same bytes, file by file."""
    code = (
        "import hashlib; from pathlib import Path; from genhe_plan.model import load_plan; from genhe_plan.search import search_files; "
        "f = search_files(load_plan(Path('plan_data'))); "
        "print('\\n'.join(k + ' ' + hashlib.sha256(f[k].encode()).hexdigest() for k in sorted(f)))"
    )
    files = search_files(plan)
    expected = [f"{k} {hashlib.sha256(files[k].encode()).hexdigest()}" for k in sorted(files)]
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        differing = sorted(set(done.stdout.splitlines()) ^ set(expected))
        assert differing == [], f"PYTHONHASHSEED={seed} changes these search files"


def test_every_file_is_one_loader_call_with_sorted_json(plan):
    for uri, text in search_files(plan).items():
        m = LOAD.match(text)
        assert m, uri
        data = json.loads(m[3])
        assert script_json(data) == m[3]


def test_postings_shards_hold_their_bigrams_and_stay_small(plan):
    files = search_files(plan)
    meta = json.loads(LOAD.match(files["search/meta.js"])[3])
    sizes = []
    for n in range(meta["shards"]):
        text = files[f"search/p/{n}.js"]
        sizes.append(len(text.encode("utf-8")))
        shard = json.loads(LOAD.match(text)[3])
        assert all(shard_of(bg, meta["shards"]) == n for bg in shard)
    assert max(sizes) < 4 * SHARD_BYTES * 3, max(sizes)  # UTF-8 Chinese is 3 bytes a character


def test_positions_spell_out_each_record(plan):
    records = build_records(plan)
    post = postings(records)
    r = next(i for i, x in enumerate(records) if x.id == "ind-16")
    starts = {p for bg, flat in post.items() if bg == "森林" for p in _positions(flat, r)}
    assert 0 in starts  # the indicator's name starts with 森林


def _positions(flat: list[int], record: int) -> list[int]:
    out, r = [], 0
    for i in range(0, len(flat), 2):
        r += flat[i]
        if r == record:
            out.append(flat[i + 1])
    return out


def test_normalise_handles_width_subscripts_and_guo_liu():
    assert normalise("ＰＭ２．５") == normalise("PM _{2.5}") == "pm2.5"
    assert normalise("国六b") == "国6b"
    assert all(len(a) == len(b) for a, b in RULES)


def test_dictionary_page_shows_the_synonym_table(plan):
    from genhe_plan.present.urls import DICTIONARY

    page = prepare(__import__("conftest").DATA).files[DICTIONARY]
    assert "搜索同义词表" in page
    for s in plan.synonyms:
        assert s.typed in page and all(w in page for w in s.plan)


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        ("synonyms:\n- typed: 能耗\n  plan: [能量消费总量]\n", "synonyms.yaml:4:10: synonyms[0].plan[0]: “能量消费总量” 不在原文中"),
        (
            "synonyms:\n- typed: 能耗\n  plan: [能源消耗]\n- typed: 能耗\n  plan: [能源]\n",
            "synonyms.yaml:5:10: synonyms[1].typed: “能耗” 重复",
        ),
        ("synonyms:\n- typed: 耗\n  plan: [能源消耗]\n", "synonyms.yaml:3:10: synonyms[0].typed: 太短（现在是 “耗”）"),
        ("synonyms:\n- typed: 能耗\n  plan: []\n", "synonyms.yaml:4:9: synonyms[0].plan: 不能是空列表"),
        ("synonyms:\n- typed: 能耗\n  plans: [能源消耗]\n", "synonyms[0].plans: 不认识的键"),
    ],
)
def test_bad_synonyms_are_reported_in_plain_words(copy_data, yaml_text, expected):
    (copy_data / "synonyms.yaml").write_text("# yaml-language-server: $schema=schema/synonyms.schema.json\n" + yaml_text, encoding="utf-8")
    with pytest.raises(PlanDataError) as err:
        load_plan(copy_data)
    assert expected in err.value.report(), err.value.report()


def test_synonyms_file_is_optional(copy_data):
    (copy_data / "synonyms.yaml").unlink()
    assert load_plan(copy_data).synonyms == []


def test_lexicon_shards_hold_words_the_plan_never_writes_under_a_rare_bigram(plan):
    """search/l/N.js (issue 31): every word lies in the shard of its rarest bigram, which at most meta.rare records
    have; no word is written in the plan; every target is, in at most lexicon.MAX_DF records; weights 0.8 or 0.5."""
    from genhe_plan.search.index import indexed_text
    from genhe_plan.search.lexicon import MAX_DF, record_sets

    files = search_files(plan)
    meta = json.loads(LOAD.match(files["search/meta.js"])[3])
    texts = [indexed_text(r) for r in build_records(plan)]
    sets, joined = record_sets(texts), "\u0001".join(texts)
    words = 0
    assert meta["lex"] > 0
    for n in range(meta["lex"]):
        for word, targets in json.loads(LOAD.match(files[f"search/l/{n}.js"])[3]).items():
            words += 1
            bgs = [word[i : i + 2] for i in range(len(word) - 1)]
            key = min(bgs, key=lambda bg: len(sets.get(bg, ())))
            assert shard_of(key, meta["lex"]) == n and len(sets.get(key, ())) <= meta["rare"], word
            assert word not in joined, word
            assert 1 <= len(targets) <= 3 and all(w in joined and wt in (0.8, 0.5) for w, wt in targets), (word, targets)
            assert all(sum(1 for t in texts if w in t) <= MAX_DF for w, _ in targets), (word, targets)
    assert words > 2500, words  # the whole thesaurus's groups that touch the plan, not a hand-made list
