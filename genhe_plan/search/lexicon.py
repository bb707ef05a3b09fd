"""The bridge from everyday words to the plan's words, from 《同义词词林（扩展版）》 (issue 31).

In: the thesaurus groups that touch the plan (data/cilin_plan.txt, vendored by scripts/vendor_cilin.py; licence
in data/CILIN_NOTICE.md) and the records' indexed texts. Out: ``bridge`` → {word the plan never writes
(normalised): [[plan word, weight], …]}, every word of every group, not a list grown from test questions;
``lexicon_shards`` → the same split into shards the browser loads on demand (search/l/N.js).

Weights by distance in the thesaurus: the same atomic group of synonyms (code ending ``=``) 0.8, the same group of
related words (``#``: 卡车 … 货车 … 救护车) 0.5; the curated concepts.yaml counts 1. Only plan words a searcher could
mean are targets: at least two characters, in at most ``MAX_DF`` records (not 工作, 建设), no numeral (第三, 一二).
Each everyday word keeps its ``TOP`` best targets (the heavier, then the rarer in the plan: more specific).
Only the classes of things and of the activities the plan regulates (``CLASSES``): B 物 (卡车, 淤泥, 庄稼地, 大坝),
Dm 机构 (医院), Ec07 气味 (臭味), Ia 自然现象 (核辐射), and of H 活动 the administrative, productive, transport,
health and science, policing and wrongdoing groups (Hc, Hd, Hf, Hg, Hm, Hn: 巡查, 开矿). Why: the other classes —
time (C: 时限 → 定期), quantity and function words (K, 一路 → 协同), mind (G), daily life (Hj: 参加 → 投入) — are words
the plan uses generically, and a query's stretch in them led to the wrong records on the existing sets.

Why shards keyed by a rare bigram: a word the plan never writes has a bigram that the plan writes in at most
``RARE`` records (卡车, 庄稼地's 稼地) — nearly always. The engine, once the query's postings are loaded, looks the
lexicon up only under the query's rare bigrams, so a query in the plan's own words (森林覆盖率) loads no lexicon
shard at all and the first query's download stays small. Words with no rare bigram are left out (counted).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .normalise import SEPARATOR, normalise, shard_of

CILIN = Path(__file__).resolve().parent / "data" / "cilin_plan.txt"
WEIGHTS = {"=": 0.8, "#": 0.5}
MAX_DF = 60
TOP = 3
RARE = 2
_NUMERAL = re.compile("[一二三四五六七八九十百千万两第几0-9]")
CLASSES = re.compile("^(B|Dm|Ec07|Ia|H[cdfgmn])")


def read_groups(path: Path = CILIN) -> list[tuple[str, list[str]]]:
    """[(code, words)] of the vendored thesaurus groups, in its order."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        code, *words = line.split()
        out.append((code, words))
    return out


def record_sets(texts: list[str]) -> dict[str, set[int]]:
    """bigram → the records whose indexed text has it."""
    out: dict[str, set[int]] = defaultdict(set)
    for i, t in enumerate(texts):
        for p in range(len(t) - 1):
            if SEPARATOR not in t[p : p + 2]:
                out[t[p : p + 2]].add(i)
    return out


def bridge(groups: list[tuple[str, list[str]]], texts: list[str]) -> dict[str, list[list]]:
    """{everyday word: [[plan word, weight], …]} (both normalised), best first, at most TOP each."""
    joined = SEPARATOR.join(texts)
    df: dict[str, int] = {}
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for code, words in groups:
        weight = WEIGHTS.get(code[-1:])
        if weight is None or not CLASSES.match(code):
            continue
        forms = [normalise(w) for w in words]
        plan = [w for w in forms if len(w) >= 2 and w in joined and not _NUMERAL.search(w)]
        for w in plan:
            if w not in df:
                df[w] = sum(1 for t in texts if w in t)
        plan = [w for w in plan if df[w] <= MAX_DF]
        for said in forms:
            if 2 <= len(said) <= 4 and said not in joined:
                for w in plan:
                    found[said][w] = max(found[said].get(w, 0.0), weight)
    return {
        said: [[w, wt] for w, wt in sorted(targets.items(), key=lambda x: (-x[1], df[x[0]], x[0]))[:TOP]]
        for said, targets in sorted(found.items())
        if targets
    }


SHARD_BYTES = 4_000  # target raw size of a lexicon shard: about 1 KB gzip, what each rare bigram of a query costs


def shard_total(table: dict[str, list[list]]) -> int:
    """How many lexicon shards: about SHARD_BYTES each."""
    size = sum(len(k) * 3 + sum(len(w) * 3 + 8 for w, _ in v) + 6 for k, v in table.items())
    return max(1, -(-size // SHARD_BYTES))


def lexicon_shards(table: dict[str, list[list]], sets: dict[str, set[int]], shards: int) -> tuple[dict[int, dict], int]:
    """The bridge split by the shard of each word's rarest bigram (at most RARE records have it; the first such
    on a tie): ({shard: {word: targets}}, number of words left out for want of a rare bigram)."""
    out: dict[int, dict] = defaultdict(dict)
    left_out = 0
    for said, targets in table.items():
        bgs = [said[i : i + 2] for i in range(len(said) - 1)]
        key = min(bgs, key=lambda bg: len(sets.get(bg, ())))
        if len(sets.get(key, ())) > RARE:
            left_out += 1
            continue
        out[shard_of(key, shards)][said] = targets
    return dict(out), left_out


__all__ = ["RARE", "bridge", "lexicon_shards", "read_groups", "record_sets", "shard_total"]
