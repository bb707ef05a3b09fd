"""Search evaluation: run questions.yaml through a real search engine in headless Chromium.

Engines: ``ours`` (docs/assets/search/search.js, called in one page.evaluate batch) and
``material`` (Material for MkDocs' built-in search, typed into its header box, on a site built with it).
A question is answered at rank k when one of its answer records is among the first k results.
For Material, whose results are pages and headings, a result answers when it links to the record's
page and anchor (or to the page, for records that are whole pages; or to the places page, for places).

In: a built site directory. Out: {"at1", "at3", "mrr", "n", "misses"}. Used by tests/test_search_eval.py
and bench/run.py; ``python tests/search_eval/harness.py SITE [--questions FILE] [--material SITE] [--minisearch UMD.js]`` prints
the numbers (MiniSearch, a library candidate, is not vendored: pass its UMD build, e.g. from ``npm pack minisearch``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = Path(__file__).resolve().parent / "questions.yaml"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [{"query": str(q["query"]), "answers": [str(a) for a in q["answers"]], "group": str(q.get("group", ""))} for q in questions]


def by_group(questions: list[dict], ranked: list[list[list[str]]]) -> dict[str, dict]:
    """The score of each ``group`` (resident, official) of a set that marks its items with one."""
    groups = sorted({q["group"] for q in questions if q["group"]})
    return {g: score(*zip(*[(q, r) for q, r in zip(questions, ranked, strict=True) if q["group"] == g], strict=True)) for g in groups}


def record_ids(data_dir: Path = ROOT / "plan_data") -> list[str]:
    """Record ids in index order (the engine returns record numbers)."""
    from genhe_plan.model import load_plan
    from genhe_plan.search.records import build_records

    return [r.id for r in build_records(load_plan(data_dir))]


def record_urls(data_dir: Path = ROOT / "plan_data") -> dict[str, tuple[str, str]]:
    from genhe_plan.model import load_plan
    from genhe_plan.present import urls
    from genhe_plan.search.records import build_records

    out = {}
    for r in build_records(load_plan(data_dir)):
        path, _, anchor = r.url.partition("#")
        out[r.id] = (urls.html_path(path), anchor)
    return out


OURS_JS = """async qs => { const out = [];
  for (const q of qs) { const r = await genheSearch.search(q, {}); out.push(r.hits.slice(0, 10).map(h => h.r)); }
  return out; }"""


def ranks_ours(page, questions: list[dict], ids: list[str]) -> list[list[list[str]]]:
    """[[ids of result 1], [ids of result 2], …] per question."""
    found = page.evaluate(OURS_JS, [q["query"] for q in questions])
    return [[[ids[r]] for r in hits] for hits in found]


def ranks_material(page, base: str, questions: list[dict], rec_urls: dict[str, tuple[str, str]]) -> list[list[list[str]]]:
    from material_driver import run_search

    out = []
    root_path = urlsplit(base).path
    for q in questions:
        _, groups = run_search(page, q["query"])
        ranked = []
        for g in groups[:10]:
            ids = set()
            for href in g:
                parts = urlsplit(href)
                path, anchor = unquote(parts.path)[len(root_path) :], unquote(parts.fragment)
                for rid, (rpath, ranchor) in rec_urls.items():
                    if rpath == path and (ranchor in ("", anchor) or (rpath == "places/" and not anchor)):
                        ids.add(rid)
            ranked.append(sorted(ids))
        out.append(ranked)
    return out


def score(questions, ranked) -> dict:
    at1 = at3 = 0
    rr = 0.0
    misses, ranks = [], []
    for q, results in zip(questions, ranked, strict=True):
        want = set(q["answers"])
        rank = next((i + 1 for i, ids in enumerate(results) if want & set(ids)), None)
        ranks.append(rank)
        at1 += rank == 1
        at3 += rank is not None and rank <= 3
        rr += 1 / rank if rank else 0
        if rank != 1:
            misses.append(f"{q['query']}（第 {rank} 位）" if rank else f"{q['query']}（前 10 位没有）")
    n = len(questions)
    return {"n": n, "at1": at1, "at3": at3, "mrr": rr / n, "misses": misses, "ranks": ranks}


def evaluate_ours(browser, base: str, questions: list[dict] | None = None) -> dict:
    questions = questions or load_questions()
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, wait_until="load")
    ranked = ranks_ours(page, questions, record_ids())
    result = score(questions, ranked) | {"groups": by_group(questions, ranked)}
    context.close()
    return result


def evaluate_material(browser, base: str, questions: list[dict] | None = None) -> dict:
    questions = questions or load_questions()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base, wait_until="load")
    result = score(questions, ranks_material(page, base, questions, record_urls()))
    context.close()
    return result


def main(argv: list[str]) -> int:
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    site = Path(argv[0])
    questions = load_questions(Path(argv[argv.index("--questions") + 1])) if "--questions" in argv else None
    material = Path(argv[argv.index("--material") + 1]) if "--material" in argv else None
    umd = Path(argv[argv.index("--minisearch") + 1]) if "--minisearch" in argv else None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        engines = [("ours", site, evaluate_ours), ("material", material, evaluate_material)]
        engines.append(("minisearch", site if umd else None, lambda b, u, q: evaluate_minisearch(b, u, umd, q)))
        for name, where, fn in engines:
            if where is None:
                continue
            server = serve(where)
            r = fn(browser, f"http://127.0.0.1:{server.server_address[1]}/", questions)
            server.shutdown()
            print(f"{name}: @1 {r['at1']}/{r['n']}  @3 {r['at3']}/{r['n']}  MRR {r['mrr']:.3f}")
            print("   not first:", "、".join(r["misses"]))
            for g, gr in r.get("groups", {}).items():
                print(f"   {g}: @1 {gr['at1']}/{gr['n']}  @3 {gr['at3']}/{gr['n']}  MRR {gr['mrr']:.3f}")
        browser.close()
    return 0


MINISEARCH_JS = """async ([docs, qs]) => {
  const bigrams = t => { const a = Array.from(t), out = []; for (let i = 0; i + 1 < a.length; i++) out.push(a[i] + a[i + 1]); return out; };
  const norm = t => t.normalize('NFKC').toLowerCase().replace(/[\\s_{}]/g, '');
  const ms = new MiniSearch({fields: ['name', 'body'], idField: 'i', tokenize: t => bigrams(norm(t)),
                             searchOptions: {boost: {name: 3}, combineWith: 'OR'}});
  ms.addAll(docs);
  return qs.map(q => ms.search(q).slice(0, 10).map(r => r.id)); }"""


def evaluate_minisearch(browser, base: str, umd: Path, questions: list[dict] | None = None) -> dict:
    """MiniSearch (a library candidate) with a bigram tokenizer over the same records, name boosted ×3."""
    from genhe_plan.model import load_plan
    from genhe_plan.search.records import build_records

    questions = questions or load_questions()
    records = build_records(load_plan(ROOT / "plan_data"))
    docs = [{"i": i, "name": r.name, "body": "\n".join(r.body)} for i, r in enumerate(records)]
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, wait_until="load")
    page.add_script_tag(path=str(umd))
    found = page.evaluate(MINISEARCH_JS, [docs, [q["query"] for q in questions]])
    context.close()
    return score(questions, [[[records[i].id] for i in hits] for hits in found])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
