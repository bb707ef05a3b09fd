"""The plan graph (genhe_plan/graph/: model, analyse, draw; pages/graph.py, pages/analysis.py; scripts/build_graph.py) — no browser.

Fidelity on the real plan (every link in the data is an edge), determinism of the published files,
GraphML that networkx reads back, and escaping of hostile data in graph-data.js and the page bodies.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from genhe_plan import graph
from genhe_plan.graph import draw, views
from genhe_plan.graph.analyse import betweenness
from genhe_plan.model import load_plan
from genhe_plan.pages import analysis as analysis_page
from genhe_plan.pages import graph as graph_page
from genhe_plan.present import labels as present
from genhe_plan.present import urls

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny" / "plan_data"
FILES = ["data/graph.json", "data/graph.graphml", "assets/graph/graph-data.js", "assets/graph/overview-data.js"]
IMG = "<img src=x onerror=alert(1)>"
HREF = 'x" href="javascript:alert(2)" y=\'|'


@pytest.fixture(scope="module")
def G(plan):
    return graph.build_graph(plan)


@pytest.fixture(scope="module")
def files(plan):
    return draw.graph_files(plan, graph.build_graph(plan))


def edges(G, relation):
    return {(u, v): d for u, v, d in G.edges(data=True) if d["relation"] == relation}


def script_data(js: bytes, name: str = "GENHE_GRAPH") -> dict:
    """The data a generated graph script assigns: ``window.NAME = {...};`` or, for a keyed table
    (GENHE_EGO), {key: data} of its ``window.NAME["key"] = {...};`` lines."""
    text = js.decode("utf-8")
    m = re.search(rf"^window\.{name} = (\{{.*\}});\n\Z", text, re.M | re.S)
    if m:
        return json.loads(m[1])
    keyed = re.findall(rf'^window\.{name}\[("[^"]+")\] = (\{{.*\}});$', text, re.M)
    assert keyed, text[:200]
    return {json.loads(k): json.loads(v) for k, v in keyed}


# ------------------------------------------------------------------ the graph
def test_every_node_type_and_relation_is_present(plan, G):
    assert set(graph.counts_by_type(G)) == set(graph.NODE_TYPES)
    assert all(n > 0 for n in graph.counts_by_type(G).values())
    relations = {r for _, _, r in G.edges(data="relation")}
    expected = set(graph.RELATIONS) - ({"implements"} if not any(p.tasks for p in plan.projects.values()) else set())
    assert relations == expected
    assert graph.counts_by_type(G)["task"] == len(plan.tasks)
    assert graph.counts_by_type(G)["target"] == len(plan.targets)


def test_node_ids_are_typed_and_attributes_are_plain_strings(G):
    for n, a in G.nodes(data=True):
        assert n == f"{a['type']}:{a['ident']}"
        assert {"type", "ident", "label", "title", "url"} <= set(a)
        assert all(isinstance(v, str) and v for v in a.values()), n
    for _, _, k, d in G.edges(keys=True, data=True):
        assert all(isinstance(v, str) and v for v in d.values()), k
    keys = [k for _, _, k in G.edges(keys=True)]
    assert len(keys) == len(set(keys)), "edge keys are GraphML edge ids and must be unique"


def test_urls_follow_the_site_url_scheme(plan, G):
    t = plan.tasks[0]
    assert G.nodes[f"task:{t.id}"]["url"] == f"{urls.chapter(plan.where[t.id].chapter.id)}#{t.id}"
    ind = plan.indicators[0]
    assert G.nodes[f"indicator:{ind.id}"]["url"] == urls.indicator(ind.id)
    d = plan.departments[0]
    assert G.nodes[f"department:{d.id}"]["url"] == urls.department(d.id)
    box = plan.boxes[0]
    pr = box.projects[0]
    assert G.nodes[f"project:{pr.id}"]["url"] == f"{urls.box(box.id)}#{pr.id}"


def test_every_task_with_a_lead_has_a_leads_edge_and_every_link_is_an_edge(plan, G):
    leads, supports, moves = edges(G, "leads"), edges(G, "supports"), edges(G, "moves")
    for t in plan.tasks:
        if t.lead:
            assert leads[(f"department:{t.lead.department}", f"task:{t.id}")]["basis"] == t.lead.basis
        for s in t.supporting:
            assert (f"department:{s.department}", f"task:{t.id}") in supports
        for i in t.indicators:
            assert moves[(f"task:{t.id}", f"indicator:{i.indicator}")]["basis"] == i.basis
    assert len(leads) == sum(1 for t in plan.tasks if t.lead)


def test_structure_targets_projects_places_and_conflicts(plan, G):
    contains = edges(G, "contains")
    for t in plan.tasks:
        w = plan.where[t.id]
        parent = f"section:{w.section.id}" if w.section else f"chapter:{w.chapter.id}"
        assert (parent, f"task:{t.id}") in contains
    for tg in plan.targets:
        assert any(d["relation"] == "has_target" for _, _, d in G.in_edges(f"target:{tg.id}", data=True)), tg.id
        if tg.indicator:
            assert (f"target:{tg.id}", f"indicator:{tg.indicator}") in edges(G, "measures")
    for pr in plan.projects.values():
        for t in pr.tasks:
            assert (f"project:{pr.id}", f"task:{t}") in edges(G, "implements")
        for pl in pr.places:
            assert (f"project:{pr.id}", f"place:{pl}") in edges(G, "located_in")
    conflicts = edges(G, "conflicts_with")
    for c in plan.conflicts:
        a, b = c.targets[:2]
        assert conflicts[(f"target:{a}", f"target:{b}")]["conflict"] == c.id
        if c.indicator:
            assert (f"target:{a}", f"indicator:{c.indicator}") in conflicts


def test_the_tiny_plan_builds_too():
    tiny = load_plan(TINY)
    G = graph.build_graph(tiny)
    assert G.number_of_nodes() > 0
    files = draw.graph_files(tiny, graph.build_graph(tiny))
    assert set(FILES) <= set(files) and all(f.startswith("assets/graph/ego/") for f in set(files) - set(FILES))
    assert "# 关系分析" in analysis_page.analysis_page(tiny)


# ------------------------------------------------------------------ analyses
def test_analyses_agree_with_the_model(plan, G):
    a = graph.analyse(plan, G)
    ranked = a["indicators_ranked"]
    assert [r["tasks"] for r in ranked] == sorted((r["tasks"] for r in ranked), reverse=True)
    assert {r["id"]: r["tasks"] for r in ranked} == {i.id: len(plan.tasks_moving[i.id]) for i in plan.indicators}
    assert a["indicators_unmoved"] == [i.id for i in plan.indicators if not plan.tasks_moving[i.id]]
    assert a["tasks_without_indicator"] == [t.id for t in plan.tasks if not t.indicators]
    load = {r["id"]: r for r in a["department_load"]}
    for d in plan.departments:
        if d.id in load:
            assert (load[d.id]["led"], load[d.id]["supported"]) == (len(plan.led_by[d.id]), len(plan.supported_by[d.id]))
            tasks = plan.led_by[d.id] + plan.supported_by[d.id]
            years = {y for t in tasks for y in {x[:4] for x in plan.deadlines(t.id)}}
            assert set(load[d.id]["deadlines"]) == years
        else:
            assert d.id in a["departments_idle"] and not plan.led_by[d.id] and not plan.supported_by[d.id]
    m = a["indicator_department"]
    for ind in plan.indicators:
        for d in m["departments"]:
            expected = sum(1 for t in plan.tasks_moving[ind.id] if any(x.department == d for _, x in plan.task_departments(t)))
            assert m["counts"][ind.id].get(d, 0) == expected
    central = a["central_tasks"]
    assert 0 < len(central) <= 10 and len({c["id"] for c in central}) == len(central)
    assert [c["betweenness"] for c in central] == sorted((c["betweenness"] for c in central), reverse=True)
    assert graph.analyse(plan, G) == a
    json.dumps(a)  # plain data


def _undirected_links(G: nx.MultiDiGraph) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    H.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d["relation"] != "contains")
    return H


@pytest.mark.parametrize("seed", range(25))
def test_betweenness_equals_networkx_with_leaves_pairs_and_lone_nodes(seed):
    """Our betweenness skips the search from every leaf (folded into its neighbour's): it must still be
    networkx's, on graphs with leaves, chains, two-node components and isolated nodes."""
    import random

    rng = random.Random(seed)
    R = nx.gnm_random_graph(rng.randint(3, 60), rng.randint(0, 90), seed=seed)
    R.add_edges_from([("a", "b"), ("c", "d"), ("d", "e"), ("hub", "x"), ("hub", "y"), ("hub", "z")])
    R.add_node("alone")
    ours, theirs = betweenness(R), nx.betweenness_centrality(R)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[k] - theirs[k]) for k in theirs) < 1e-12


def test_betweenness_equals_networkx_on_the_plan(plan, G):
    H = _undirected_links(G)
    assert sum(1 for _, d in H.degree() if d == 1) > 50, "the plan's graph has many leaves: the case folding is for"
    ours, theirs = betweenness(H), nx.betweenness_centrality(H)
    assert max(abs(ours[k] - theirs[k]) for k in theirs) < 1e-12


# ------------------------------------------------------------------ files
def test_graph_files_are_byte_identical_across_runs(plan, files):
    assert set(FILES) <= set(files)
    twin = copy.deepcopy(plan)
    again = draw.graph_files(twin, graph.build_graph(twin))
    assert again == files
    for content in files.values():
        assert content.endswith(b"\n")


def test_graph_files_do_not_depend_on_the_hash_seed(files):
    """set order changes with PYTHONHASHSEED; nothing published may depend on it."""
    code = (
        "import hashlib, sys; from pathlib import Path; from genhe_plan.model import load_plan; from genhe_plan.graph import build_graph; from genhe_plan.graph.draw import graph_files; "
        "p = load_plan(Path('plan_data')); f = graph_files(p, build_graph(p)); print(' '.join(hashlib.sha256(f[k]).hexdigest() for k in sorted(f)))"
    )
    expected = " ".join(hashlib.sha256(files[k]).hexdigest() for k in sorted(files))
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True)
        assert out.stdout.strip() == expected


def test_graphml_reads_back_with_networkx(G, files):
    back = nx.read_graphml(io.BytesIO(files["data/graph.graphml"]))
    assert set(back.nodes) == set(G.nodes)
    assert back.number_of_edges() == G.number_of_edges()
    n = next(iter(G.nodes))
    assert back.nodes[n]["label"] == G.nodes[n]["label"] and back.nodes[n]["type"] == G.nodes[n]["type"]
    assert {d["relation"] for _, _, d in back.edges(data=True)} == {d["relation"] for _, _, d in G.edges(data=True)}


def test_graph_json_is_node_link_data(G, files):
    text = files["data/graph.json"].decode("utf-8")
    data = json.loads(text)
    assert data["directed"] and data["multigraph"]
    assert [n["id"] for n in data["nodes"]] == list(G.nodes) == sorted(G.nodes)
    back = nx.node_link_graph(data, edges="edges")
    assert back.number_of_edges() == G.number_of_edges()
    assert "森林覆盖率" in text  # ensure_ascii=False


def test_graph_data_js_carries_pyvis_data_with_urls_and_layout(plan, G, files):
    js = files["assets/graph/graph-data.js"]
    assert not re.search(rb"[<>&]", js), "<, > and & must be \\u-escaped in script context"
    data = script_data(js)
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["edges"]["smooth"]["enabled"] is False
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == set(G.nodes) and len(data["edges"]) == G.number_of_edges()
    ind = nodes["indicator:ind-16"]
    assert (ind["url_dir"], ind["url_file"]) == ("indicators/ind-16/", "indicators/ind-16.html")
    t = plan.tasks[0]
    ch = plan.where[t.id].chapter.id
    assert nodes[f"task:{t.id}"]["url_file"] == f"plan/{ch}.html#{t.id}"
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(nodes), "no two nodes on the same spot"
    assert {n["shape"] for n in data["nodes"]} == {draw.STYLE[t][2] for t in graph.NODE_TYPES}
    assert all(isinstance(n["title"], str) and n["title"] for n in data["nodes"])


def test_vis_data_is_what_pyvis_makes(plan, G):
    """draw.pyvis_items/PYVIS_OPTIONS reproduce pyvis 0.3.2's from_nx and options (the build does not
    import pyvis, which loads IPython)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="local")
    net.from_nx(draw.styled_copy(G, draw.layout(plan, G)))
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.edges.inherit_colors(False)
    assert json.loads(net.options.to_json()) == draw.PYVIS_OPTIONS
    nodes, edges = draw.pyvis_items(draw.styled_copy(G, draw.layout(plan, G)))
    assert sorted(nodes, key=lambda n: n["id"]) == sorted(net.nodes, key=lambda n: n["id"])
    assert edges == net.edges


def test_graphml_is_valid_and_complete(G, files):
    back = nx.read_graphml(io.BytesIO(files["data/graph.graphml"]), force_multigraph=True)
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))
    assert back.graph["name"] == G.graph["name"]


def test_rendering_does_not_touch_the_model_graph(plan):
    G = graph.graph_of(plan)
    before = json.dumps(nx.node_link_data(G, edges="edges"), sort_keys=True)
    draw.graph_files(plan, graph.build_graph(plan))
    assert json.dumps(nx.node_link_data(G, edges="edges"), sort_keys=True) == before


# ------------------------------------------------------------------ hostile data
@pytest.fixture(scope="module")
def evil(plan):
    bad = copy.deepcopy(plan)
    bad.indicator("ind-16").name = IMG
    bad.department("eco").name = IMG + HREF
    bad.tasks[0].title = HREF + IMG
    bad.targets[0].metric = IMG
    next(iter(bad.projects.values())).title = IMG
    return bad


def test_hostile_labels_are_escaped_in_graph_data_js(evil):
    js = draw.graph_files(evil, graph.build_graph(evil))["assets/graph/graph-data.js"]
    assert b"<img" not in js and b"<" not in js
    data = script_data(js)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["indicator:ind-16"]["full_label"].startswith("16. " + IMG)  # the data survives, as text
    assert nodes["department:eco"]["full_label"] == IMG + HREF


def test_hostile_labels_are_escaped_in_page_fragments(evil):
    analysis = analysis_page.analysis_page(evil)
    page = graph_page.graph_page(evil) + graph_page.full_network_page(evil)
    focus = graph_page.neighbourhood(evil, "indicator:ind-16") + graph_page.neighbourhood(evil, "department:eco")
    for text in (analysis, page, focus):
        assert "<img" not in text
    html_blocks = "\n".join(line for line in page.splitlines() if line.startswith("<"))
    assert 'data-graph="overview"' in html_blocks and "indicator:ind-16" in html_blocks
    for text in (html_blocks, focus):  # HTML: no attribute can be opened by data (Markdown text may keep a ")
        assert 'href="javascript' not in text
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in analysis
    quote_escaped = ("&quot; href=&quot;javascript", "&#34; href=&#34;javascript")  # html.escape / Jinja autoescape
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and any(q in page for q in quote_escaped)
    for line in analysis.splitlines():
        if line.startswith("|") and "&lt;img" in line and "\\|" in line:
            break
    else:
        pytest.fail("a | inside a table cell must be escaped")


# ------------------------------------------------------------------ page fragments and assets
def test_full_network_page_markdown_has_controls_legend_and_text_alternative(plan, G):
    md = graph_page.full_network_page(plan)
    for needle in (
        'data-graph="main"',
        'id="graph-search"',
        'id="graph-chapter"',
        'id="graph-department"',
        'id="graph-canvas"',
        "<noscript>",
    ):
        assert needle in md
    assert '<label for="graph-search">' in md and '<label for="graph-chapter">' in md and '<label for="graph-department">' in md
    assert "<script" not in md
    for t, n in graph.counts_by_type(G).items():
        assert f"| {present.TYPE_LABEL[t]} | {n} |" in md
    assert "](../analysis.md)" in md and "](../data/graph.graphml)" in md and "](../graph.md){ .md-button #graph-to-overview }" in md


def test_overview_page_links_to_the_full_network_and_holds_no_full_network(plan, G):
    md = graph_page.graph_page(plan)
    assert "](graph/full.md){ .md-button #graph-to-full }" in md and f"{G.number_of_nodes()} 个节点" in md
    assert 'data-graph-view="overview"' in md and 'data-graph="main"' not in md and "<noscript>" in md


def test_graph_data_files_are_the_views_data_and_name_their_globals(plan, G, files):
    """The generated graph scripts are the whole graph, the overview and one ego file per node page;
    each defines only its own global, which graph.js reads."""
    generated = {path for path in files if path.startswith("assets/")}
    ego = {draw.ego_data_path(n) for n, t in G.nodes(data="type") if t in draw.EGO_TYPES and G.degree(n)}
    assert generated == {draw.FULL_DATA, draw.OVERVIEW_DATA} | ego
    assert re.search(rb"^window\.GENHE_GRAPH = \{", files[draw.FULL_DATA], re.M)
    assert re.search(rb"^window\.GENHE_OVERVIEW = \{", files[draw.OVERVIEW_DATA], re.M)
    eco = files[draw.ego_data_path("department:eco")]
    assert b'window.GENHE_EGO["department:eco"] = {' in eco and b"GENHE_GRAPH" not in eco
    js = (ROOT / "docs" / "assets" / "graph" / "graph.js").read_text(encoding="utf-8")
    for name in ("GENHE_GRAPH", "GENHE_OVERVIEW", "GENHE_EGO", "new vis.Network"):
        assert name in js, name
    assert re.search(r"\)\.vis\s*=\s*\w+\.vis\s*\|\|", (ROOT / "docs" / draw.GRAPH_ASSETS["vis"]).read_text(encoding="utf-8"))


def test_ego_files_stay_small_and_group_crowded_neighbourhoods(plan, G, files):
    """A node page's data is its neighbourhood only; past GROUP_OVER tasks they are grouped by chapter,
    so the busiest department's file does not grow with the number of its tasks."""
    eco = script_data(files[draw.ego_data_path("department:eco")], "GENHE_EGO")["department:eco"]
    assert len(graph.neighbours(G, "department:eco")) > views.GROUP_OVER
    groups = [n for n in eco["nodes"] if n.get("group_of")]
    assert groups and sum(n["group_of"] for n in groups) == len(graph.neighbours(G, "department:eco"))
    assert len(eco["nodes"]) <= len(plan.chapters) + 1
    assert all(n["url_dir"].startswith("plan/") for n in groups)
    ind = script_data(files[draw.ego_data_path("indicator:ind-16")], "GENHE_EGO")["indicator:ind-16"]
    assert {n["id"] for n in ind["nodes"]} == graph.neighbours(G, "indicator:ind-16") | {"indicator:ind-16"}
    assert all({e["from"], e["to"]} <= {n["id"] for n in ind["nodes"]} for e in ind["edges"])
    biggest = max(len(v) for k, v in files.items() if k.startswith("assets/graph/ego/"))
    assert biggest < len(files[draw.FULL_DATA]) / 10


def test_overview_data_answers_the_three_questions(plan, G, files):
    ov = script_data(files[draw.OVERVIEW_DATA], "GENHE_OVERVIEW")
    assert [n["id"] for n in ov["indicators"]] == [f"indicator:{i.id}" for i in plan.indicators]
    moved = {i.id for i in plan.indicators if plan.tasks_moving[i.id]}
    assert set(ov["unmoved"]) == {f"indicator:{i.id}" for i in plan.indicators if i.id not in moved}
    link = next(x for x in ov["links"] if x["indicator"] == "indicator:ind-16")
    want = sorted(f"task:{t.id}" for t in plan.tasks_moving["ind-16"])
    assert sorted(link["tasks"]) == want
    for dept, roles in link["departments"].items():
        for t in roles["lead"]:
            assert G.has_edge(dept, t) and any(d["relation"] == "leads" for d in G.get_edge_data(dept, t).values())
    assert sorted(t for ts in link["chapters"].values() for t in ts) == want
    assert {n["id"] for n in ov["tasks"]} == {t for x in ov["links"] for t in x["tasks"]}


def test_built_pages_load_graph_code_only_through_the_lazy_loader(site_dir):
    """Only the two pages whose view opens as they load (图谱, 完整关系网络) have <script src> for the graph
    code: vis-network, graph.js and that view's data, in this order and before Material's bundle. Pages
    with a graph view carry the inline loader and the graph stylesheet, and every view names a data
    file that exists; other pages carry neither."""
    with_graph, opening = 0, {"graph/index.html": draw.OVERVIEW_DATA, "graph/full/index.html": draw.FULL_DATA}
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(site_dir).as_posix()
        srcs = re.findall(r'<script[^>]* src="([^"]+)"', html)
        graph_srcs = [s for s in srcs if "vis-network" in s or "/graph/" in s or s.startswith("graph/")]
        if rel in opening:
            assert [s.rsplit("assets/", 1)[1] for s in graph_srcs] == [
                *(a.split("assets/", 1)[1] for a in draw.GRAPH_ASSETS.values()),
                opening[rel].split("assets/", 1)[1],
            ]
            assert srcs.index(graph_srcs[-1]) < next(i for i, s in enumerate(srcs) if "javascripts/bundle" in s), f"{rel}: {srcs}"
        else:
            assert graph_srcs == [], f"{rel}: {srcs}"
        views_here = re.findall(r'data-graph-src="([^"]+)"', html)
        drawn = 'class="graph-canvas' in html
        assert bool(views_here) == drawn, rel
        assert ("window.genheGraph.draw" in html) == drawn, f"{rel}: loader iff a view"
        assert ("assets/graph/graph.css" in html) == drawn, f"{rel}: graph stylesheet iff a view"
        for src in views_here:
            assert (site_dir / src).is_file(), f"{rel}: {src}"
        with_graph += drawn
    assert with_graph >= 2  # the graph page and at least one neighbourhood


def test_neighbourhood_markdown(plan, G):
    out = graph_page.neighbourhood(plan, "indicator:ind-16")
    assert 'data-focus="indicator:ind-16"' in out and "<figcaption>" in out and out.startswith("\n")
    assert graph_page.neighbourhood(plan, "indicator:no-such") == ""
    lonely = [n for n in G if G.degree(n) == 0 and G.nodes[n]["type"] == "department"]
    if lonely:
        assert graph_page.neighbourhood(plan, lonely[0]) == ""
    assert lonely, "the plan names departments without tasks (hotlines, higher levels); the check below needs one"
    assert all(graph_page.neighbourhood(plan, n) == "" for n in lonely)


def test_analysis_page_links_point_at_real_pages(plan):
    md = analysis_page.analysis_page(plan)
    known = {urls.GRAPH, *(urls.chapter(c.id) for c in plan.chapters), *(urls.indicator(i.id) for i in plan.indicators)}
    known |= {urls.department(d.id) for d in plan.departments}
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", md)
    assert links and set(links) <= known
    for heading in (
        "## 哪些指标有最多任务推动",
        "## 没有任务推动的指标",
        "## 不推动任何指标的任务",
        "## 各部门的工作量",
        "## 指标与部门",
        "## 联系最广的任务",
    ):
        assert heading in md


def test_static_assets_are_in_place():
    docs = ROOT / "docs"
    for path in [*draw.GRAPH_ASSETS.values(), *draw.GRAPH_CSS]:
        assert (docs / path).is_file(), path
    vendor = docs / "assets" / "vendor" / "vis-network"
    pyvis_lib = Path(importlib.util.find_spec("pyvis").origin).parent / "lib" / "vis-9.1.2"
    assert (vendor / "vis-network.min.js").read_bytes() == (pyvis_lib / "vis-network.min.js").read_bytes()
    assert (vendor / "vis-network.min.css").read_bytes() == (pyvis_lib / "vis-network.css").read_bytes()
    notice = (vendor / "README.txt").read_text(encoding="utf-8") + (vendor / "LICENSE").read_text(encoding="utf-8")
    assert "9.1.2" in notice and "pyvis 0.3.2" in notice and "Apache" in notice and "MIT" in notice
    js = (docs / "assets" / "graph" / "graph.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    assert "textContent" in js and "window.genheGraphs" in js


# ------------------------------------------------------------------ the command-line script
def _script():
    spec = importlib.util.spec_from_file_location("build_graph", ROOT / "scripts" / "build_graph.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_graph_script_writes_the_files(tmp_path, files, capsys):
    assert _script().main(["--out", str(tmp_path)]) == 0
    for path in FILES:
        assert (tmp_path / path).read_bytes() == files[path]
    assert "nodes" in capsys.readouterr().out


def test_build_graph_script_reports_bad_data(copy_data, tmp_path, capsys):
    ch = copy_data / "chapters" / "ch05.yaml"
    ch.write_text(ch.read_text(encoding="utf-8").replace("department: eco", "department: no-such-dept", 1), encoding="utf-8")
    assert _script().main(["--data", str(copy_data), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "no-such-dept" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
