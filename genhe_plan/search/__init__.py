"""Step 4e — search: record-level Chinese search that runs in the browser, over HTTP and file://.

In: a Plan. Out: ``search_files(plan)`` → {uri: text} (the sharded index, search/…); the full search
page is ``pages.search_page``. The engine is docs/assets/search/engine.js (no DOM: tested in Node by
tests/test_search_js.py), its views (header box, search page) docs/assets/search/search.js; see
docs/decisions/search.md for why it is our own engine.
"""

from __future__ import annotations

from ..model import Plan
from .dictionary import terms
from .index import index_files, indexed_text
from .lexicon import bridge, read_groups
from .records import build_records, facets

__all__ = ["search_files"]


def search_files(plan: Plan) -> dict[str, str]:
    f = facets(plan)
    synonyms = [(s.typed, list(s.plan)) for s in plan.synonyms]
    errata = [(e.original, e.corrected) for e in plan.errata]
    concepts = [(c.everyday, c.plan) for c in plan.concepts]
    aliases = {p.id: list(p.aliases) for p in plan.places}
    records = build_records(plan)
    lexicon = bridge(read_groups(), [indexed_text(r) for r in records])
    return index_files(records, f["chapters"], f["departments"], synonyms, errata, concepts, aliases, terms(plan), lexicon)
