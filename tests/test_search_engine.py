"""The search engine's guarantees, run on the real built site in real Chromium (docs/assets/search/search.js).

1. Containment: every place, department, indicator, project and target name, and a few hundred
   n-grams drawn deterministically from the plan's text, return a result that contains them, and
   whole-query matches rank above partial ones. All queries run in one page.evaluate batch.
2. Variants: errata, PM2.5 written as PM _{2.5}, 国六/国6, full/half width, the synonym table — and
   no synonym outside the table.
3. Ranking: the record named after the query comes first (ties: records with the same name).
Plus: every result link's anchor exists in the built page; Python and JS normalise alike.
"""

from __future__ import annotations

import random
import re

import pytest

from genhe_plan.present import urls
from genhe_plan.search.normalise import normalise
from genhe_plan.search.records import build_records

SEED = 20220801
NGRAMS = 300

BATCH_JS = """async qs => {
  const out = [];
  for (const q of qs) {
    const r = await genheSearch.search(q, {});
    const top = r.hits.slice(0, 5);
    const rows = await genheSearch.rows(top);
    out.push({hits: r.hits.slice(0, 40).map(h => [h.r, h.tier, h.needles[0] || '']), tiers: r.hits.map(h => h.tier),
              texts: rows.map(row => row[0] + '\\u0001' + row[1])});
  }
  return out; }"""


@pytest.fixture(scope="module")
def records(plan):
    return build_records(plan)


@pytest.fixture(scope="module")
def run_search(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url, wait_until="load")

    def run(queries: list[str]) -> list[dict]:
        return page.evaluate(BATCH_JS, queries)

    run.page = page
    yield run
    assert errors == []
    context.close()


def names(plan) -> list[str]:
    out = [p.name for p in plan.places] + [a for p in plan.places for a in p.aliases]
    out += [d.name for d in plan.departments] + [i.name for i in plan.indicators]
    out += [pr.title for pr in plan.projects.values()] + [t.metric for t in plan.targets]
    return sorted(set(out))


def ngrams(plan, n: int = NGRAMS) -> list[str]:
    """Deterministic substrings (2–8 characters) of paragraph and project texts."""
    texts = [p.text for p in plan.paragraphs.values()] + [t for pr in plan.projects.values() for t in pr.text]
    rnd = random.Random(SEED)
    out: list[str] = []
    while len(out) < n:
        text = rnd.choice(texts)
        size = rnd.randint(2, 8)
        start = rnd.randrange(0, max(1, len(text) - size))
        gram = text[start : start + size]
        if len(normalise(gram)) >= 2:
            out.append(gram)
    return out


def tier_failure(q: str, tiers: list[int]) -> str | None:
    """What breaks the containment guarantee in a result list's tiers (3 whole query … 1 partial), or None:
    no whole-query result, or a lower tier above a whole-query match. Also run in Node (test_search_js.py)."""
    if not tiers or tiers[0] != 3:
        return f"{q!r}: no whole-query result (tiers {tiers[:5]})"
    if tiers != sorted(tiers, reverse=True):
        return f"{q!r}: a partial match ranks above a whole-query match (tiers {tiers[:8]})"
    return None


def test_every_name_and_drawn_ngram_is_found_whole_first(plan, run_search):
    queries = names(plan) + ngrams(plan)
    results = run_search(queries)
    bad = []
    for q, res in zip(queries, results, strict=True):
        if failed := tier_failure(q, res["tiers"]):
            bad.append(failed)
        else:
            n = normalise(q)
            own = [t for (_, _, needle), t in zip(res["hits"], res["texts"], strict=False) if needle == n]
            if own and not any(n in normalise(t) for t in own):
                bad.append(f"{q!r}: the result said to contain it does not")
    assert bad == [], f"{len(bad)} of {len(queries)} failed:\n" + "\n".join(bad[:30])


def test_ngram_draw_is_deterministic(plan):
    assert ngrams(plan, 20) == ngrams(plan, 20)


def ids_of(res, records) -> list[str]:
    return [records[r].id for r, _, _ in res["hits"]]


VARIANTS = [
    ("PM2.5", "ind-02"),
    ("PM _{2.5}", "ind-02"),
    ("PM_{2.5}", "ind-02"),
    ("ＰＭ２．５", "ind-02"),
    ("pm2.5", "ind-02"),
    ("国6b", "tg-007"),
    ("国Ⅵb", None),  # roman numerals are not in the rules: no whole match is promised
]


def test_variant_spellings_find_the_same_record(run_search, records):
    queries = [q for q, want in VARIANTS if want]
    for (q, want), res in zip([v for v in VARIANTS if v[1]], run_search(queries), strict=True):
        assert want in ids_of(res, records)[:3], (q, ids_of(res, records)[:5])


def test_guo_liu_and_guo_6_find_each_other(plan, run_search, records):
    six, liu = run_search(["国6", "国六"])
    assert any("国六" in t for t in six["texts"]), "国6 should find the text that says 国六"
    assert any("国6" in t for t in liu["texts"]), "国六 should find the text that says 国6"


def test_errata_original_finds_the_corrected_text(plan, run_search, records):
    for e in plan.errata:
        if len(normalise(e.original)) < 2 or normalise(e.original) == normalise(e.corrected):
            continue
        (res,) = run_search([e.original])
        assert res["tiers"] and res["tiers"][0] == 3, e.original
        assert any(normalise(e.corrected) in normalise(t) for t in res["texts"]), (e.original, res["texts"][:2])


def test_every_synonym_finds_its_plan_wording(plan, run_search):
    typed = [s.typed for s in plan.synonyms]
    for s, res in zip(plan.synonyms, run_search(typed), strict=True):
        assert res["tiers"] and res["tiers"][0] == 3, s.typed
        words = [normalise(w) for w in [s.typed, *s.plan]]
        assert any(any(w in normalise(t) for w in words) for t in res["texts"]), (s.typed, res["texts"][:2])


def test_no_synonym_outside_the_table(plan, run_search):
    """垃圾 is not in the table: every whole-query result says 垃圾 itself."""
    assert all("垃圾" != s.typed for s in plan.synonyms)
    (res,) = run_search(["垃圾"])
    whole = [t for t, tier in zip(res["texts"], res["tiers"], strict=False) if tier == 3]
    assert whole and all("垃圾" in t for t in whole)


def test_record_named_after_the_query_comes_first(plan, run_search, records):
    """Indicators, departments, places, projects, tasks: searched by name, they come first (or tie with same-named records)."""
    cases = [(i.name, i.id) for i in plan.indicators] + [(d.name, d.id) for d in plan.departments]
    cases += [(p.name, p.id) for p in plan.places] + [(pr.title, pr.id) for pr in plan.projects.values()]
    cases += [(t.title, t.id) for t in plan.tasks]
    by_id = {r.id: r for r in records}
    bad = []
    for (q, want), res in zip(cases, run_search([q for q, _ in cases]), strict=True):
        got = ids_of(res, records)
        if want not in got:
            bad.append(f"{q!r}: {want} not in the first 40")
            continue
        before = got[: got.index(want)]
        if any(normalise(by_id[r].name) != normalise(by_id[want].name) for r in before):
            bad.append(f"{q!r}: {want} is at {got.index(want) + 1}, after {before[:3]}")
    assert bad == [], "\n".join(bad)


def test_task_beats_pages_that_only_list_it(plan, run_search, records):
    """A task's lead sentence: the task itself, not the department or section that lists it."""
    task = next(t for t in plan.tasks if t.title == "加强黑臭水体防治。")
    (res,) = run_search(["加强黑臭水体防治"])
    assert ids_of(res, records)[0] == task.id


def test_python_and_browser_normalise_alike(run_search):
    samples = ["ＰＭ２．５", "PM _{2.5}", "国六b", "O₃", "Ⅴ类", "ＡＢＣ　ｄｅｆ", "（一）", "VOCs", "１２３６９", "㎡"]
    got = run_search.page.evaluate("async xs => Promise.all(xs.map(x => genheSearch.norm(x)))", samples)
    assert got == [normalise(s) for s in samples]


def test_every_record_link_exists_in_the_built_site(site_dir, records):
    missing = []
    for r in records:
        path, _, anchor = r.url.partition("#")
        page = site_dir / urls.html_path(path)
        page = page / "index.html" if page.suffix != ".html" else page
        if not page.exists():
            missing.append(f"{r.id}: no page {page}")
        elif anchor and not re.search(rf'id="{re.escape(anchor)}"', page.read_text(encoding="utf-8")):
            missing.append(f"{r.id}: no #{anchor} in {path}")
    assert missing == []


# ------------------------------------------------------------------ questions in whole sentences
def test_a_question_word_in_the_middle_does_not_glue_its_neighbours(run_search, records):
    """危险废物在哪里处置: without 在哪里 the rest reads 危险废物处置, found verbatim only in 危险废物处置场
    (a groundwater task); records holding both pieces, in their names, come first."""
    by_id = {r.id: r for r in records}
    (res,) = run_search(["危险废物在哪里处置"])
    first = by_id[ids_of(res, records)[0]]
    assert "危险废物" in first.name and "处置" in first.name, first.name


def test_the_rare_piece_of_a_question_outweighs_the_common_ones(run_search, records):
    """满归镇的垃圾怎么处理: the project that names 满归镇 and its 垃圾 beats tasks about 垃圾处理 in general."""
    by_id = {r.id: r for r in records}
    (res,) = run_search(["满归镇的垃圾怎么处理"])
    first = by_id[ids_of(res, records)[0]]
    assert "满归镇" in "\n".join([first.name, *first.body]) and "垃圾" in "\n".join([first.name, *first.body]), first.id


def test_a_piece_that_names_a_kind_of_record_asks_for_that_kind(plan, run_search, records):
    """X的目标 / X的指标 / X有哪些工程: the kind is not a word the record must contain."""
    by_id = {r.id: r for r in records}
    got = run_search(["森林蓄积量的目标", "化学需氧量的指标", "生物多样性保护有哪些工程"])
    kinds = [by_id[ids_of(res, records)[0]].type for res in got]
    assert kinds == ["target", "indicator", "project"], kinds


def test_when_asks_for_a_target_with_a_deadline(run_search, records):
    by_id = {r.id: r for r in records}
    (res,) = run_search(["碳排放什么时候达峰"])
    first = by_id[ids_of(res, records)[0]]
    assert first.type == "target" and first.years, first.id


def test_a_piece_the_plan_never_writes_is_cut_at_its_joining_words(run_search, records):
    """企业要公开哪些环境信息: 企业要公开 occurs nowhere, so it is read as 企业 + 公开 (要 joins them);
    the task about enterprises disclosing environmental information comes first, not the government one."""
    by_id = {r.id: r for r in records}
    (res,) = run_search(["企业要公开哪些环境信息"])
    first = by_id[ids_of(res, records)[0]]
    assert "企业" in first.name and "公开" in first.name, first.name


def test_a_bureau_name_in_a_question_finds_its_department(run_search, records):
    """People name departments as bureaus (水利局, 卫健委; synonyms.yaml maps them): asked in a sentence,
    the department comes first."""
    by_id = {r.id: r for r in records}
    got = run_search(["水利局有哪些任务", "卫健委负责什么", "生态环境局的任务"])
    assert [by_id[ids_of(res, records)[0]].id for res in got] == ["water", "health", "eco"]
