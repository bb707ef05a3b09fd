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

from genhe_plan import graph, present, urls
from genhe_plan.graph import draw
from genhe_plan.model import load_plan
from genhe_plan.pages import analysis as analysis_page
from genhe_plan.pages import graph as graph_page

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny" / "plan_data"
FILES = ["data/graph.json", "data/graph.graphml", "assets/graph/graph-data.js"]
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


def script_data(js: bytes) -> dict:
    text = js.decode("utf-8")
    m = re.search(r"^window\.GENHE_GRAPH = (\{.*\});\n\Z", text, re.M | re.S)
    assert m, text[:200]
    return json.loads(m[1])


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
    assert set(files) == set(FILES)
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


# ------------------------------------------------------------------ files
def test_graph_files_are_byte_identical_across_runs(plan, files):
    assert set(files) == set(FILES)
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
    page = graph_page.graph_page(evil)
    focus = graph_page.neighbourhood(evil, "indicator:ind-16") + graph_page.neighbourhood(evil, "department:eco")
    for text in (analysis, page, focus):
        assert "<img" not in text
    for text in (page, focus):  # HTML: no attribute can be opened by data
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
def test_graph_page_markdown_has_controls_legend_and_text_alternative(plan, G):
    md = graph_page.graph_page(plan)
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
    assert "](analysis.md)" in md and "](data/graph.graphml)" in md


# What each graph script defines and uses, read from the scripts themselves.
DEFINES = {"GENHE_GRAPH": r"window\.GENHE_GRAPH\s*=", "vis": r"\)\.vis\s*=\s*\w+\.vis\s*\|\|"}
USES = {"GENHE_GRAPH": r"window\.GENHE_GRAPH\b", "vis": r"\bnew vis\.|window\.vis\b"}


def test_graph_scripts_are_all_loaded_and_in_dependency_order(files):
    """GRAPH_ASSETS includes every script the graph code generates, and a script that uses a global
    (window.GENHE_GRAPH from the generated data, vis from the vendored library) comes after the one defining it."""
    generated = {path for path in files if path.startswith("assets/")}
    assert generated and generated <= set(draw.GRAPH_ASSETS), f"generated {sorted(generated)} but loads {draw.GRAPH_ASSETS}"
    assert len(set(draw.GRAPH_ASSETS)) == len(draw.GRAPH_ASSETS)
    text = {p: (files[p] if p in files else (ROOT / "docs" / p).read_bytes()).decode("utf-8") for p in draw.GRAPH_ASSETS}
    users = 0
    for name in DEFINES:
        defined_in = [i for i, p in enumerate(draw.GRAPH_ASSETS) if re.search(DEFINES[name], text[p])]
        used_in = [i for i, p in enumerate(draw.GRAPH_ASSETS) if re.search(USES[name], text[p]) and i not in defined_in]
        assert len(defined_in) == 1, f"{name} is defined by {[draw.GRAPH_ASSETS[i] for i in defined_in]}"
        assert used_in, f"no graph script uses {name}: update DEFINES/USES"
        assert all(defined_in[0] < i for i in used_in), f"{draw.GRAPH_ASSETS} loads a user of {name} before its definition"
        users += len(used_in)
    assert users >= 2


def test_built_pages_load_the_graph_scripts_exactly_where_a_graph_is_drawn(site_dir):
    """Every built page with a graph canvas loads GRAPH_ASSETS (in that order) and GRAPH_CSS; no other page
    loads the graph scripts (the stylesheet is site-wide)."""
    wanted = set(draw.GRAPH_ASSETS) | set(draw.GRAPH_CSS)
    with_graph = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        refs = re.findall(r'<(?:script[^>]* src|link[^>]* href)="([^"]+)"', html)
        here = page.parent.relative_to(site_dir).as_posix()
        loaded = [os.path.normpath(os.path.join(here, r)).replace(os.sep, "/") for r in refs if "://" not in r]
        scripts = [p for p in loaded if p in wanted and p.endswith(".js")]
        styles = [p for p in loaded if p in wanted and p.endswith(".css")]
        drawn = 'class="graph-canvas' in html
        with_graph += drawn
        rel = page.relative_to(site_dir).as_posix()
        assert scripts == (draw.GRAPH_ASSETS if drawn else []), f"{rel}: graph canvas {drawn}, scripts {scripts}"
        assert not drawn or styles == draw.GRAPH_CSS, f"{rel}: graph canvas, styles {styles}"
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
    for path in [*draw.GRAPH_ASSETS, *draw.GRAPH_CSS]:
        assert path == "assets/graph/graph-data.js" or (docs / path).is_file(), path
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
