"""The protocol rule for resident question sets (issue 31), checked mechanically, without running the search.

The rule: a resident item is written in everyday words, so
(a) at most 10 % of a set's resident items share any two-character string (two CJK characters in a row)
    with the answering sentence — the text (name, label and body) of the item's first answer record,
    as the search records (genhe_plan.search.records.build_records) carry it;
(b) no resident item contains a four-character string found anywhere in the plan's text
    (plan_data/source/plan.txt with its lines joined; also with every space removed, since the plan
    writes "2025 年").
Officials' items (``group: official``) use the plan's own words by nature and are exempt from both.
Every answer id, of every item, must be a record id.

In: a question set in the tests/search_eval YAML format, each item with ``group: resident|official``.
Out: ``check_set`` → per item the shared bigrams, the plan four-grams and the unknown answer ids;
``summary`` → the counts the protocol reports. ``python tests/search_eval/protocol_check.py SET…``
prints them. Only the record builder is imported from genhe_plan.search; no query is ever run.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PLAN_TEXT = ROOT / "plan_data" / "source" / "plan.txt"
MAX_SHARED = 0.10
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_TWO_CJK = re.compile(f"(?=([{_CJK}][{_CJK}]))")


def cjk_bigrams(text: str) -> set[str]:
    """Every two CJK characters in a row (overlapping)."""
    return set(_TWO_CJK.findall(text))


def plan_fourgrams(path: Path = PLAN_TEXT) -> set[str]:
    joined = "".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    grams = set()
    for text in (joined, re.sub(r"\s+", "", joined)):
        grams.update(text[i : i + 4] for i in range(len(text) - 3))
    return grams


def record_texts(data_dir: Path = ROOT / "plan_data") -> dict[str, str]:
    """Record id → the record's text (name, label, body), as the search records carry it."""
    sys.path.insert(0, str(ROOT))
    from genhe_plan.model import load_plan
    from genhe_plan.search.records import build_records

    return {r.id: "\n".join([r.name, r.label, *r.body]) for r in build_records(load_plan(data_dir))}


@dataclass(frozen=True)
class Item:
    query: str
    group: str
    answers: tuple[str, ...]
    shared: tuple[str, ...]  # bigrams shared with the first answer's text (residents only)
    fourgrams: tuple[str, ...]  # four-character strings of the query found in the plan (residents only)
    unknown: tuple[str, ...]  # answer ids that are not record ids


def load_items(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def check_item(raw: dict, texts: dict[str, str], grams: set[str]) -> Item:
    query, group = str(raw["query"]), str(raw.get("group", ""))
    answers = tuple(str(a) for a in raw["answers"])
    unknown = tuple(a for a in answers if a not in texts)
    shared: tuple[str, ...] = ()
    found: tuple[str, ...] = ()
    if group == "resident":
        first = texts.get(answers[0], "") if answers else ""
        shared = tuple(sorted(cjk_bigrams(query) & cjk_bigrams(first)))
        compact = re.sub(r"\s+", "", query)
        found = tuple(sorted({compact[i : i + 4] for i in range(len(compact) - 3)} & grams))
    return Item(query, group, answers, shared, found, unknown)


def check_set(path: Path, texts: dict[str, str] | None = None, grams: set[str] | None = None) -> list[Item]:
    texts = record_texts() if texts is None else texts
    grams = plan_fourgrams() if grams is None else grams
    return [check_item(raw, texts, grams) for raw in load_items(path)]


def summary(items: list[Item]) -> dict:
    residents = [i for i in items if i.group == "resident"]
    shared = [i for i in residents if i.shared]
    return {
        "items": len(items),
        "residents": len(residents),
        "officials": sum(1 for i in items if i.group == "official"),
        "other_group": sum(1 for i in items if i.group not in ("resident", "official")),
        "residents_sharing_bigram": len(shared),
        "share_rate": len(shared) / len(residents) if residents else 0.0,
        "residents_with_plan_fourgram": sum(1 for i in residents if i.fourgrams),
        "unknown_ids": sorted({a for i in items for a in i.unknown}),
        "items_without_answers": sum(1 for i in items if not i.answers),
    }


def rule_holds(s: dict) -> bool:
    return (
        s["residents"] > 0
        and s["share_rate"] <= MAX_SHARED
        and s["residents_with_plan_fourgram"] == 0
        and not s["unknown_ids"]
        and s["other_group"] == 0
        and s["items_without_answers"] == 0
    )


def main(paths: list[str]) -> int:
    texts, grams, ok = record_texts(), plan_fourgrams(), True
    for name in paths:
        items = check_set(Path(name), texts, grams)
        s = summary(items)
        ok = ok and rule_holds(s)
        print(f"{name}: {s}")
        for i in items:
            if i.shared or i.fourgrams or i.unknown:
                print(f"  {i.group} {i.query}  二字={list(i.shared)} 四字={list(i.fourgrams)} 无此id={list(i.unknown)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
