"""The graph layout module (docs/assets/graph/layout.js) run in Node, without a browser: fast tier.

Python makes the inputs (the real overview data from ``graph.draw``, box sizes like those vis-network
measures, long and short) and judges the positions: no two boxes overlap, columns fit the room they
are given, and the semantic zoom never labels a node below 12 CSS px. The browser tests
(tests/test_browser_graph.py) measure the same on what Chromium draws."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from genhe_plan.graph import graph_of
from genhe_plan.graph.draw import vis_data
from genhe_plan.graph.views import overview, vis_index

RUNNER = Path(__file__).resolve().parent / "js" / "graph_runner.js"


def run(*calls) -> list:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (node, version 20) is needed to test the graph layout: apt-get install nodejs")
    done = subprocess.run(
        [node, str(RUNNER)], input=json.dumps(list(calls), ensure_ascii=False), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def overlapping(pos: dict, sizes: dict) -> list:
    ids = sorted(pos)
    out = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if (
                abs(pos[a]["x"] - pos[b]["x"]) * 2 < sizes[a]["w"] + sizes[b]["w"]
                and abs(pos[a]["y"] - pos[b]["y"]) * 2 < sizes[a]["h"] + sizes[b]["h"]
            ):
                out.append((a, b))
    return out


def boxes(ids, seed: int, widest: int = 160) -> dict:
    rnd = random.Random(seed)
    return {i: {"w": rnd.randint(40, widest), "h": rnd.choice([26, 39, 52, 65])} for i in ids}


@pytest.fixture(scope="module")
def overview_data(plan):
    G = graph_of(plan)
    vis = vis_data(plan, G)
    return overview(plan, G, vis, vis_index(vis))


@pytest.mark.parametrize("room", [340, 800])
@pytest.mark.parametrize("count", [1, 6, 17, 45])
def test_ego_and_grid_place_boxes_without_overlap_inside_the_room(count, room):
    ids = [f"n{i}" for i in range(count)]
    sizes = boxes(["c", *ids], seed=count * room)
    ego, grid = run(["ego", ["c", ids, sizes, room]], ["grid", [ids, sizes, room, 0]])
    assert set(ego) == {"c", *ids} and overlapping(ego, sizes) == []
    assert overlapping(grid, sizes) == []
    width = max(p["x"] + sizes[i]["w"] / 2 for i, p in grid.items()) - min(p["x"] - sizes[i]["w"] / 2 for i, p in grid.items())
    assert width <= max(room, max(s["w"] for s in sizes.values())), width


@pytest.mark.parametrize("room", [300, 1180])
def test_layers_put_each_type_under_the_last_side_by_side_without_overlap(room):
    """The full network's filter (?dept=): one layer per type, each below the one before, as many boxes
    side by side as the room holds (on a phone two of half its width, not one column)."""
    groups = [[f"a{i}" for i in range(13)], [f"b{i}" for i in range(16)], [], [f"c{i}" for i in range(3)]]
    sizes = boxes([i for g in groups for i in g], seed=room, widest=room // 2 - 20)
    (pos,) = run(["layers", [groups, sizes, room]])
    assert set(pos) == {i for g in groups for i in g} and overlapping(pos, sizes) == []
    for upper, lower in zip([g for g in groups if g], [g for g in groups if g][1:], strict=False):
        assert max(pos[i]["y"] + sizes[i]["h"] / 2 for i in upper) < min(pos[i]["y"] - sizes[i]["h"] / 2 for i in lower)
    assert all(len({pos[i]["x"] for i in g}) >= 2 for g in groups if g)  # side by side, every layer
    width = max(p["x"] + sizes[i]["w"] / 2 for i, p in pos.items()) - min(p["x"] - sizes[i]["w"] / 2 for i, p in pos.items())
    assert width <= room, width


@pytest.mark.parametrize("expand", [[], ["department:eco"], ["chapter:ch05", "indicator:ind-16"]])
def test_overview_columns_never_overlap(overview_data, expand):
    d = overview_data
    every = [n["id"] for key in ("indicators", "departments", "chapters", "tasks") for n in d[key]]
    sizes = boxes(every, seed=len(expand), widest=150)
    state = {"support": bool(expand), "open": {i: True for i in expand}, "tasks": []}
    (tasks,) = run(["tasksBehind", [d, expand[0], True]]) if expand else ([],)
    state["tasks"] = tasks
    model = run(["overviewModel", [d]])[0]
    wide, narrow = run(["overviewWide", [d, model, state, sizes]], ["overviewNarrow", [d, state, sizes]])
    assert overlapping(wide, sizes) == [] and overlapping(narrow, sizes) == []
    assert {n["id"] for n in d["indicators"]} <= set(narrow)
    # narrow: two columns, each no wider than its widest box
    assert len({p["x"] for p in narrow.values()}) == 2


def test_semantic_zoom_labels_nothing_below_12_px_and_everything_in_a_filter():
    types = {"chapter": 24, "department": 20, "task": 12, "target": 11}
    far, near, few = run(["labelSizes", [types, 0.08, 450]], ["labelSizes", [types, 1.2, 450]], ["labelSizes", [types, 0.08, 40]])
    assert far["chapter"] * 0.08 >= 12 and far["task"] == 0 and far["target"] == 0
    assert all(size * 1.2 >= 12 for size in near.values())
    assert all(size * 0.08 >= 12 for size in few.values())


def test_overlap_check_finds_a_planted_overlap():
    (pairs,) = run(
        [
            "overlaps",
            [
                {
                    "a": {"x": 0, "y": 0, "w": 100, "h": 30},
                    "b": {"x": 60, "y": 10, "w": 100, "h": 30},
                    "c": {"x": 0, "y": 40, "w": 100, "h": 30},
                },
                0,
            ],
        ]
    )
    assert pairs == [["a", "b"]]
