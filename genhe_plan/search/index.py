"""The search index as script files the browser loads on demand, over HTTP and from file://.

In: records (records.py), synonyms and errata. Out: {uri: text} under ``search/``:

- ``search/meta.js``  — rules, synonyms, facets, per-record ranking data (type, chapter, lead
  department, deadline years, name length) and the address of every page a result links to, as a
  directory URL and as the offline build's .html (``pages``, from urls.site_url: the engine has no
  URL rule of its own); loaded on the first keystroke.
- ``search/p/N.js``   — postings shard N: {bigram: [record delta, position, …]} for the bigrams
  whose hash (normalise.shard_of) is N. A query loads only the shards of its own bigrams.
- ``search/r/N.js``   — records N·K … N·K+K−1 as shown in results (label, text, link, chapter…),
  loaded only for the results on screen.

Why scripts calling ``genheSearchLoad(kind, n, data)`` and not JSON + fetch(): fetch() and ES
modules do not work from file:// (the offline build); a <script> does. Why positions in the
postings: "the record contains the query" is decided from consecutive bigram positions, without
loading any record text, so a query's cost stays the few shards of its own bigrams at any data size.
The shard count grows with the postings (about SHARD_BYTES each), the shard size does not.
"""

from __future__ import annotations

import json
from collections import defaultdict

from ..present import urls
from ..present.script_json import script_json
from .lexicon import RARE, lexicon_shards, record_sets, shard_total
from .normalise import ASKING, CHANNELS, DROP, JOINERS, KIND_WORDS, PARTICLES, RULES, SCOPE, SEPARATOR, STOP, normalise, shard_of
from .question_kinds import question_meta
from .records import TYPES, Record

SHARD_BYTES = 6_000  # target raw size of a postings shard
RECORD_BYTES = 6_000  # target raw size of a record shard
VERSION = 1


def indexed_text(r: Record) -> str:
    """The normalised text the postings describe: name, then each body part, separated."""
    return SEPARATOR.join(normalise(x) for x in [r.name, *r.body])


def _js(kind: str, n: int, data: object) -> str:
    return f'genheSearchLoad("{kind}",{n},{script_json(data)});\n'


def postings(records: list[Record]) -> dict[str, list[int]]:
    """{bigram: [record delta, position, …]} in record then position order."""
    out: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    for i, r in enumerate(records):
        text = indexed_text(r)
        for pos in range(len(text) - 1):
            bg = text[pos : pos + 2]
            if SEPARATOR in bg:
                continue
            out[bg] += [i - last.get(bg, 0), pos]
            last[bg] = i
    return dict(out)


def shard_count(post: dict[str, list[int]]) -> int:
    size = sum(len(k) * 3 + 4 + len(v) * 4 for k, v in post.items())
    return max(8, -(-size // SHARD_BYTES))


def record_row(r: Record, chapter_labels: dict[str, str], dept_names: dict[str, str]) -> list:
    """[label, text, url, type, chapter label, lead department, deadline(, state)]: what a result shows;
    the state ([id, key, basis, label], progress.status) only for records that have one."""
    row = [r.label, "\n".join(r.body), r.url, r.type, chapter_labels.get(r.chapter, ""), dept_names.get(r.dept, ""), r.deadline]
    return [*row, r.state] if r.state else row


def page_table(records: list[Record]) -> dict[str, list[str]]:
    """{docs path: [directory URL, .html URL]} of every page a record links to, and the search page."""
    paths = sorted({r.url.partition("#")[0] for r in records} | {urls.SEARCH})
    return {p: [urls.site_url(p, True), urls.site_url(p, False)] for p in paths}


def everyday_words(said: list[list[str]]) -> list[list]:
    """[word people say (normalised), concept number], longest first: the engine takes each stretch of a
    query once, by the longest word that matches (汽车尾气 before 尾气)."""
    words = [[normalise(w), i] for i, ws in enumerate(said) for w in ws]
    return sorted(words, key=lambda x: (-len(x[0]), x[0]))


def name_forms(records: list[Record], aliases: dict[str, list[str]]) -> list[list]:
    """[record number, normalised name] of places, departments and indicators (and place aliases, and a
    town's name without 镇/乡/市): what a query with one character wrong is tried against."""
    out = set()
    for i, r in enumerate(records):
        if r.type not in ("place", "department", "indicator"):
            continue
        for name in [r.name, *aliases.get(r.id, [])]:
            n = normalise(name.split("（")[0].split("(")[0])
            out.add((i, n))
            if n[-1:] in ("镇", "乡", "市") and len(n) >= 4:
                out.add((i, n[:-1]))
    return sorted([i, n] for i, n in out if len(n) >= 3)


def near_terms(terms: list[str], records: list[Record], aliases: dict[str, list[str]]) -> list[str]:
    """The plan's terms of 3 to 8 characters, normalised, that are not already a name in ``name_forms``."""
    named = {n for _, n in name_forms(records, aliases)}
    return sorted({t for t in map(normalise, terms) if 3 <= len(t) <= 8 and t not in named})


def _postings_shards(post: dict[str, list[int]], n_shards: int) -> dict[int, dict[str, list[int]]]:
    shards: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for bg in sorted(post):
        shards[shard_of(bg, n_shards)][bg] = post[bg]
    return shards


def _lexicon_files(records: list[Record], lexicon: dict[str, list[list]]) -> tuple[int, dict[str, str]]:
    """(number of lexicon shards, {search/l/N.js: script}) for the thesaurus bridge (none without one)."""
    if not lexicon:
        return 0, {}
    n = shard_total(lexicon)
    lex, _ = lexicon_shards(lexicon, record_sets([indexed_text(r) for r in records]), n)
    return n, {f"search/l/{i}.js": _js("l", i, lex.get(i, {})) for i in range(n)}


def index_files(
    records: list[Record],
    chapters: list[tuple[str, str]],
    departments: list[tuple[str, str]],
    synonyms: list[tuple[str, list[str]]],
    errata: list[tuple[str, str]],
    concepts: list[tuple[str, list[str]]] = (),
    aliases: dict[str, list[str]] | None = None,
    terms: list[str] = (),
    lexicon: dict[str, list[list]] | None = None,
) -> dict[str, str]:
    """Every file of the search index, {uri under the site root: script text}. ``terms``: the plan's terms, for a query one
    character off (尾旷库 → 尾矿库); ``lexicon``: the thesaurus bridge (search.lexicon.bridge), sharded as search/l/N.js."""
    post = postings(records)
    n_lex, lex_files = _lexicon_files(records, lexicon or {})
    # concepts.yaml, then synonyms.yaml: a synonym also counts inside a longer query (雾霾天 → 重污染天气)
    tables = [("everyday", said, plan) for said, plan in concepts] + [("synonym", [typed], plan) for typed, plan in synonyms]
    shards = _postings_shards(post, n_shards := shard_count(post))
    chapter_index, dept_index, type_index = ({k: i for i, (k, _) in enumerate(x)} for x in (chapters, departments, TYPES))
    labels, names = dict(chapters), dict(departments)
    rows = [record_row(r, labels, names) for r in records]
    per = max(1, RECORD_BYTES // max(1, sum(len(json.dumps(x, ensure_ascii=False)) for x in rows) // max(1, len(rows))))
    meta = {
        "v": VERSION,
        "shards": n_shards,
        "per": per,
        "n": len(records),
        "drop": DROP,
        "rules": [list(r) for r in RULES],
        **question_meta(records, STOP),
        "particles": PARTICLES,
        "joiners": JOINERS,
        "asking": ASKING,
        "kinds": KIND_WORDS,
        "syn": [[typed, list(plan_words)] for typed, plan_words in synonyms],
        "concepts": [[[normalise(p) for p in words], kind] for kind, _, words in tables],
        "everyday": everyday_words([said for _, said, _ in tables]),
        "names": name_forms(records, aliases or {}),
        "terms": near_terms(terms, records, aliases or {}),
        "channels": CHANNELS,
        "scope": [normalise(w) for w in SCOPE],
        "errata": [[a, b] for a, b in errata if len(normalise(a)) >= 2 and normalise(a) != normalise(b)],
        "types": [list(t) for t in TYPES],
        "chapters": [list(c) for c in chapters],
        "depts": [list(d) for d in departments],
        "ty": [type_index[r.type] for r in records],
        "ch": [chapter_index.get(r.chapter, -1) for r in records],
        "dp": [dept_index.get(r.dept, -1) for r in records],
        "yr": [r.years for r in records],
        "nl": [len(normalise(r.name)) for r in records],
        "adj": [r.adjust for r in records],
        "pages": page_table(records),
        "lex": n_lex,
        "rare": RARE,
    }
    files = {"search/meta.js": _js("meta", 0, meta)}
    files |= {f"search/p/{n}.js": _js("p", n, shards.get(n, {})) for n in range(n_shards)}
    files |= lex_files
    files |= {f"search/r/{n}.js": _js("r", n, rows[n * per : (n + 1) * per]) for n in range(-(-len(rows) // per))}
    return dict(sorted(files.items()))


__all__ = ["index_files", "indexed_text", "page_table", "postings"]
