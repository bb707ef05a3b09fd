"""Write the plan graph files without building the site.

Usage: .venv/bin/python scripts/build_graph.py [--data plan_data] [--out build/graph]

Writes data/graph.json, data/graph.graphml and assets/graph/graph-data.js under --out (the same
bytes the site build publishes) and prints the node and edge counts. Bad plan data: exit 1 with the
report of every problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from genhe_plan.graph import counts_by_type, graph_of  # noqa: E402
from genhe_plan.graph.draw import graph_files  # noqa: E402
from genhe_plan.input.errors import PlanDataError  # noqa: E402
from genhe_plan.model import load_plan  # noqa: E402
from genhe_plan.present.labels import TYPE_LABEL  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成规划关系图谱文件（graph.json、graph.graphml、graph-data.js）")
    parser.add_argument("--data", type=Path, default=ROOT / "plan_data", help="plan_data 目录")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "graph", help="输出目录（默认 build/graph/）")
    args = parser.parse_args(argv)
    try:
        plan = load_plan(args.data)
    except PlanDataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    G = graph_of(plan)
    for path, content in graph_files(plan, G).items():
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        print(f"{target}  {len(content):,} bytes")
    by_type = "、".join(f"{TYPE_LABEL[t]} {n}" for t, n in counts_by_type(G).items())
    print(f"{G.number_of_nodes()} nodes ({by_type}), {G.number_of_edges()} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
