"""Drawing of the plan graph: styles, layout, pyvis data and the graph files. No HTML.

In:  a Plan and its graph (``graph.model``). Out: ``graph_files(plan, G)`` → bytes of data/graph.json,
data/graph.graphml and the drawing data: assets/graph/graph-data.js (the whole graph),
overview-data.js and one ego/<type>/<id>.js per node page (``graph.views``); ``STYLE``/``EDGE_STYLE`` for the legends that
``pages.graph`` renders. ``GRAPH_ASSETS``/``GRAPH_CSS`` name the browser files a graph view needs.

Why pyvis only supplies data: its HTML template links Bootstrap from a CDN and inserts text unescaped.
pyvis turns a copy of the networkx graph into vis-network nodes, edges and options; we write those as
script files (scripts, not fetched JSON, so they also load from file://) that
docs/assets/graph/graph.js draws with the vendored vis-network, building tooltips as DOM text.
"""

from __future__ import annotations

import json
import math

import networkx as nx

from ..model import Plan
from ..present import labels as P
from ..present import urls
from ..present.script_json import script_json
from ..present.xml import escape, quoteattr
from . import views
from .model import NODE_TYPES, nid

GRAPH_ASSETS = {
    "vis": "assets/vendor/vis-network/vis-network.min.js",
    "layout": "assets/graph/layout.js",
    "code": "assets/graph/graph.js",
}
"""Scripts every graph view needs (docs paths), in the order they run: vis-network, the pure layout
module, the views. Nothing loads them with the page: the loader in
overrides/partials/graph-loader.html adds them, with the view's data file, when a view is opened or
scrolled into view."""
FULL_DATA = "assets/graph/graph-data.js"
"""The whole graph (``window.GENHE_GRAPH``): loaded only when someone opens the full network."""
OVERVIEW_DATA = "assets/graph/overview-data.js"
"""The overview (``window.GENHE_OVERVIEW``, see ``graph.views.overview``)."""


def ego_data_path(node_id: str) -> str:
    """Data file of a node's neighbourhood view: ``department:eco`` → assets/graph/ego/department/eco.js."""
    kind, _, ident = node_id.partition(":")
    return f"assets/graph/ego/{kind}/{ident}.js"


EGO_TYPES = ("indicator", "department", "project")
"""Node types whose pages show a neighbourhood view (pages.lookup); each gets an ego data file."""
GRAPH_CSS = ["assets/graph/graph.css"]
"""Stylesheets the graph needs, linked only on pages with a graph view (overrides/main.html). Why not the vendored vis-network.min.css: graph.css repeats the only
rules it needs (the tooltip), so 225 kB need not load; the file ships beside the script anyway."""

# type: colour, colour name, vis shape, shape name, size, label font size, displayed label length
STYLE = {
    "chapter": ("#1b5e20", "深绿", "box", "方框（标签在框内）", 0, 24, 8),
    "section": ("#7cb342", "浅绿", "triangle", "三角", 9, 12, 10),
    "task": ("#0072b2", "蓝", "dot", "圆点", 9, 12, 12),
    "target": ("#e69f00", "橙", "diamond", "菱形", 7, 11, 12),
    "indicator": ("#d55e00", "朱红", "square", "正方形", 15, 20, 14),
    "project": ("#cc79a7", "粉紫", "hexagon", "六边形", 11, 12, 12),
    "department": ("#6a3d9a", "紫", "star", "星形", 15, 20, 14),
    "place": ("#8c6d31", "棕", "triangleDown", "倒三角", 9, 12, 10),
}
# relation: colour, dashed, width, what it means (drawn at EDGE_OPACITY, full colour when highlighted)
EDGE_OPACITY = {"contains": 0.7, "supports": 0.5, "has_target": 0.7}
EDGE_STYLE = {
    "contains": ("#bdbdbd", False, 1, "章包含节，节（或章导语）包含任务"),
    "has_target": ("#e6b85c", False, 1, "任务、重点工程（或目标所在的节）提出的量化或限期目标"),
    "leads": ("#6a3d9a", False, 1.5, "部门牵头任务（连线提示写明依据：原文写明或按职责分配）"),
    "supports": ("#b39ddb", True, 1, "部门配合任务"),
    "moves": ("#d55e00", False, 1.5, "任务推动专栏1 的指标"),
    "measures": ("#f4a582", False, 1, "目标度量某项指标"),
    "implements": ("#cc79a7", False, 1, "重点工程落实任务"),
    "located_in": ("#a68a5b", True, 1, "任务或重点工程涉及的地点"),
    "conflicts_with": ("#c62828", True, 2.5, "同一度量在原文中数值不一致（见“数值不一致”页）"),
}
SEARCH_ORDER = ["indicator", "department", "project", "task", "place", "chapter", "section", "target"]


# ------------------------------------------------------------------ layout
# Rings, centre outwards: the shared "hub" nodes (departments, indicators, places) inside; around them
# each chapter owns a sector holding its targets, tasks, sections, the chapter itself and its projects.
RING = {"department": 480, "indicator": 900, "place": 1150, "target": 1450, "task": 1850, "section": 2200, "chapter": 2450, "project": 2700}
STAGGER = {"department": (0, 110, 220), "indicator": (0, 100), "target": (0, 90, 180), "task": (0, 130), "project": (0, 120)}
HUBS = ("department", "indicator", "place")
GAP = 1.5  # empty slots between two chapter sectors


def _spread(nodes: list[str], start: float, end: float) -> dict[str, float]:
    step = (end - start) / max(len(nodes), 1)
    return {n: start + (i + 0.5) * step for i, n in enumerate(nodes)}


def _mean_angle(angles: list[float]) -> float | None:
    if not angles:
        return None
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


def _sectors(plan: Plan, G: nx.MultiDiGraph) -> dict[str, float]:
    """Angles of chapter-owned nodes: each chapter a sector sized by its largest ring, in plan order."""
    order = {pid: i for i, pid in enumerate(plan.paragraphs)}
    projects = {pr: i for i, pr in enumerate(plan.projects)}
    owned: dict[str, dict[str, list[str]]] = {c.id: {"task": [], "target": [], "project": []} for c in plan.chapters}
    for t in plan.tasks:
        owned[plan.where[t.id].chapter.id]["task"].append(nid("task", t.id))
    targets = sorted(plan.targets, key=lambda t: (order[t.task] if t.task else len(order) + projects[t.project], t.id))
    for t in targets:
        chapter = plan.where[t.task].chapter.id if t.task else plan.box_of[t.project].chapter
        owned[chapter]["target"].append(nid("target", t.id))
    for box in plan.boxes:
        owned[box.chapter]["project"] += [nid("project", pr.id) for pr in box.projects]
    weight = {
        c.id: max(len(owned[c.id]["task"]), 0.8 * len(owned[c.id]["target"]), len(owned[c.id]["project"]), 0.6 * len(c.sections), 1) + GAP
        for c in plan.chapters
    }
    total, at, angle = sum(weight.values()), -math.pi / 2, {}
    for c in plan.chapters:
        width = 2 * math.pi * weight[c.id] / total
        lo, hi = at + math.pi * GAP / total, at + width - math.pi * GAP / total
        angle[nid("chapter", c.id)] = at + width / 2
        for kind in ("task", "target", "project"):
            angle |= _spread(owned[c.id][kind], lo, hi)
        fallback = _spread([nid("section", s.id) for s in c.sections], lo, hi)
        for s in c.sections:
            inside = [p.id for p in s.paragraphs]
            near = [angle[nid("task", p)] for p in inside if nid("task", p) in angle]
            near = near or [angle[nid("target", t.id)] for t in plan.targets if t.task in inside]
            angle[nid("section", s.id)] = _mean_angle(near) if near else fallback[nid("section", s.id)]
        at += width
    return {n: a for n, a in angle.items() if n in G}


def _hub_angles(G: nx.MultiDiGraph, angle: dict[str, float], kind: str) -> dict[str, float]:
    """Hubs sit evenly round their ring, in the order of the mean direction of their neighbours."""
    nodes = [n for n, t in G.nodes(data="type") if t == kind]
    mean = {n: _mean_angle([angle[m] for m in nx.all_neighbors(G, n) if m in angle]) for n in nodes}
    seq = sorted((n for n in nodes if mean[n] is not None), key=lambda n: (mean[n], n)) + [n for n in nodes if mean[n] is None]
    slot = 2 * math.pi / max(len(seq), 1)
    offset = _mean_angle([mean[n] - i * slot for i, n in enumerate(seq) if mean[n] is not None]) or 0.0
    return {n: offset + i * slot for i, n in enumerate(seq)}


CHAPTER_LABEL = (1250, 520)
"""Width and height, in layout units, of the widest chapter label (第十二章) as the full network first
shows it on a 320 px screen: fitted, the drawing is about 0.05 screen px to a unit and graph.js draws
chapter labels at 12 screen px or more (layout.js labelSizes), with the box's margins. Measured in Chromium
(tests/test_browser_reach.py checks the labels at 320, 390 and 1280 px)."""


def _chapters_apart(angle: dict[str, float], chapters: list[str]) -> dict[str, float]:
    """Chapter angles moved apart just enough that neighbouring labels (CHAPTER_LABEL) cannot overlap:
    near the top and bottom of the ring neighbours sit side by side and need the labels' width between
    them, near the sides one above the other and need only their height (前言 and 第十二章 were 10° apart
    at the top). Each too-close pair is pushed apart symmetrically until none is; the order never changes."""
    a = [angle[c] for c in chapters]
    w, h = CHAPTER_LABEL
    radius = RING["chapter"]

    def need(mid: float) -> float:
        chord = min(w / max(abs(math.sin(mid)), 1e-9), h / max(abs(math.cos(mid)), 1e-9))
        return 2 * math.asin(min(1.0, chord / (2 * radius)))

    for _ in range(500):
        moved = False
        for i in range(len(a)):
            j = (i + 1) % len(a)
            gap = (a[j] - a[i]) % (2 * math.pi)
            short = need(a[i] + gap / 2) - gap
            if short > 1e-6:
                a[i] -= short / 2 + 1e-4
                a[j] += short / 2 + 1e-4
                moved = True
        if not moved:
            break
    return dict(zip(chapters, a, strict=True))


def layout(plan: Plan, G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Pixel positions on type rings (see RING); neighbours on a ring alternate radius (STAGGER) so that
    labels next to each other do not overlap. Deterministic: plan order and node ids only, no randomness."""
    angle = _sectors(plan, G)
    angle |= _chapters_apart(angle, [nid("chapter", c.id) for c in plan.chapters])
    for kind in HUBS:
        angle |= _hub_angles(G, angle, kind)
    out, index, taken = {}, {}, set()
    for n in sorted(angle, key=lambda n: (angle[n], n)):
        kind = G.nodes[n]["type"]
        steps = STAGGER.get(kind, (0,))
        radius = RING[kind] + steps[index.get(kind, 0) % len(steps)]
        index[kind] = index.get(kind, 0) + 1
        xy = (round(radius * math.cos(angle[n])), round(radius * math.sin(angle[n])))
        while xy in taken:  # two nodes on one spot (e.g. a section at the mean of its targets): move out
            radius += 60
            xy = (round(radius * math.cos(angle[n])), round(radius * math.sin(angle[n])))
        out[n] = xy
        taken.add(xy)
    return out


# ------------------------------------------------------------------ pyvis data
def short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _edge_title(d: dict) -> str:
    """Tooltip text of an edge: relation, basis, evidence. graph.js puts "from → to" above it."""
    rel = d["relation"]
    what = P.RELATION_LABEL[rel] + (f"（{P.BASIS_LABEL[d['basis']]}）" if d.get("basis") else "")
    if rel == "conflicts_with":
        what += f"：{d['metric']}（{d['conflict']}）"
    return "\n".join(x for x in (what, d.get("evidence")) if x)


def styled_copy(G: nx.MultiDiGraph, pos: dict[str, tuple[int, int]]) -> nx.MultiDiGraph:
    """A copy of G carrying vis-network styling; G itself is never touched (from_nx mutates its input)."""
    view = G.copy()
    for n, a in view.nodes(data=True):
        colour, _, shape, _, size, font, length = STYLE[a["type"]]
        url = a.pop("url")
        url_dir, url_file = urls.site_url(url, True), urls.site_url(url, False)
        display = a["label"].split(" ", 1)[0] if a["type"] == "chapter" else short(a["label"], length)
        a.update(full_label=a["label"], label=display, color=colour, shape=shape, url_dir=url_dir, url_file=url_file)
        a.update(x=pos[n][0], y=pos[n][1], font={"size": font} | ({"color": "#ffffff"} if shape == "box" else {}))
        if size:
            a["size"] = size
    for _, _, d in view.edges(data=True):
        colour, dashed, width, _ = EDGE_STYLE[d["relation"]]
        d.update(title=_edge_title(d), color={"color": colour, "highlight": colour, "hover": colour}, weight=width)
        if d["relation"] in EDGE_OPACITY:
            d["color"]["opacity"] = EDGE_OPACITY[d["relation"]]
        d.pop("evidence", None)
        if dashed:
            d["dashes"] = True
    return view


PYVIS_OPTIONS = {
    "configure": {"enabled": False},
    "edges": {"color": {"inherit": False}, "smooth": {"enabled": False, "type": "dynamic"}},
    "interaction": {"dragNodes": True, "hideEdgesOnDrag": False, "hideNodesOnDrag": False},
    "physics": {
        "enabled": False,
        "stabilization": {"enabled": True, "fit": True, "iterations": 1000, "onlyDynamicEdges": False, "updateInterval": 50},
    },
}
"""pyvis 0.3.2's default options after ``toggle_physics(False)``, ``edges.smooth.enabled = False`` and
``edges.inherit_colors(False)`` (tests/test_graph.py compares them with pyvis's own)."""


def pyvis_items(view: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """The nodes and edges pyvis 0.3.2's ``Network(directed=True).from_nx(view)`` makes, without
    importing pyvis: node = its attributes + id, label, shape, size (default 10); edge = its
    attributes + from, to, arrows "to", with ``weight`` (default 1) moved to ``width``.

    Why not call pyvis: importing it loads IPython (~50 ms of every build, a tenth of our overhead);
    tests/test_graph.py checks that the result equals pyvis's on the real plan.
    """
    nodes = [
        a | {"id": n, "label": a.get("label") or n, "shape": a.get("shape", "dot"), "size": int(a.get("size", 10))}
        for n, a in view.nodes(data=True)
    ]
    edges = []
    for u, v, d in view.edges(data=True):
        e = {k: x for k, x in d.items() if k != "weight"}
        edges.append(e | {"width": d.get("weight", 1), "from": u, "to": v, "arrows": d.get("arrows", "to")})
    return nodes, edges


def vis_data(plan: Plan, G: nx.MultiDiGraph) -> dict:
    """pyvis's nodes, edges and options for G (``pyvis_items``), plus the legend vocabulary graph.js needs."""
    nodes, edges = pyvis_items(styled_copy(G, layout(plan, G)))
    options = json.loads(json.dumps(PYVIS_OPTIONS))
    options["edges"] |= {"arrows": {"to": {"enabled": True, "scaleFactor": 0.45}}, "selectionWidth": 2, "hoverWidth": 0.5}
    options["interaction"] |= {"hover": True, "tooltipDelay": 120, "keyboard": {"enabled": True, "bindToWindow": False}}
    options["nodes"] = {
        "borderWidth": 1,
        "font": {"face": "system-ui, sans-serif", "color": "#1f1f1f"},
        "scaling": {"label": {"drawThreshold": 4}},
    }
    options["layout"] = {"improvedLayout": False}
    for i, e in enumerate(edges):
        e["id"] = f"e{i}"
    return {
        "nodes": sorted(nodes, key=lambda n: n["id"]),
        "edges": edges,
        "options": options,
        "types": {t: {"label": P.TYPE_LABEL[t], "color": STYLE[t][0], "shape": STYLE[t][2]} for t in NODE_TYPES},
        "relations": dict(P.RELATION_LABEL),
        "search_order": SEARCH_ORDER,
        "type_order": NODE_TYPES,
    }


HEAD = "/* 根河市“十四五”生态环境保护规划 · 关系图谱数据。由 genhe_plan/graph/draw.py 生成，请勿手改。 */\n"


def script_bytes(data: object, name: str = "GENHE_GRAPH") -> bytes:
    """``window.NAME = {...};`` (a script, not fetched JSON, so it also loads from file://)."""
    return f"{HEAD}window.{name} = {script_json(data)};\n".encode()


def keyed_script_bytes(data: object, name: str, key: str) -> bytes:
    """``window.NAME["key"] = {...};``: one entry of a shared table (a page may load several)."""
    table = f"window.{name}"
    return f"{HEAD}{table} = {table} || {{}};\n{table}[{script_json(key)}] = {script_json(data)};\n".encode()


GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    """GraphML of G (every attribute is a non-empty string): keys sorted by name, nodes and edges in
    G's order, the edge key as the edge id. Why not ``nx.write_graphml``: it took a fifth of our build
    (ElementTree and its indenting) for what is a few lines of escaped text."""
    node_keys = sorted({k for _, a in G.nodes(data=True) for k in a})
    edge_keys = sorted({k for *_, a in G.edges(keys=True, data=True) for k in a})
    out = [GRAPHML_HEAD]
    out += [f'  <key id="g_{k}" for="graph" attr.name={quoteattr(k)} attr.type="string" />\n' for k in sorted(G.graph)]
    out += [f'  <key id="n_{k}" for="node" attr.name={quoteattr(k)} attr.type="string" />\n' for k in node_keys]
    out += [f'  <key id="e_{k}" for="edge" attr.name={quoteattr(k)} attr.type="string" />\n' for k in edge_keys]
    out.append('  <graph edgedefault="directed">\n')
    out += [f'    <data key="g_{k}">{escape(str(v))}</data>\n' for k, v in sorted(G.graph.items())]
    for n, a in G.nodes(data=True):
        out.append(f"    <node id={quoteattr(n)}>\n")
        out += [f'      <data key="n_{k}">{escape(a[k])}</data>\n' for k in node_keys if k in a]
        out.append("    </node>\n")
    for u, v, key, a in G.edges(keys=True, data=True):
        out.append(f"    <edge id={quoteattr(key)} source={quoteattr(u)} target={quoteattr(v)}>\n")
        out += [f'      <data key="e_{k}">{escape(a[k])}</data>\n' for k in edge_keys if k in a]
        out.append("    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out).encode("utf-8")


def graph_files(plan: Plan, G: nx.MultiDiGraph) -> dict[str, bytes]:
    """Download files (graph.json, GraphML) and the drawing data of every view."""
    return download_files(G) | view_files(plan, G)


DOWNLOAD_PATHS = ("data/graph.json", "data/graph.graphml")


def download_files(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """DOWNLOAD_PATHS: data/graph.json (networkx node-link) and data/graph.graphml; pages link to them."""
    data = nx.node_link_data(G, edges="edges")
    json_path, graphml_path = DOWNLOAD_PATHS
    return {
        json_path: (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode(),
        graphml_path: graphml_bytes(G),
    }


def view_files(plan: Plan, G: nx.MultiDiGraph) -> dict[str, bytes]:
    """The drawing data of every view: the whole graph, the overview and one small file per node
    whose page shows its neighbourhood. Only scripts load them; no page links to them."""
    vis = vis_data(plan, G)
    index = views.vis_index(vis)
    out = {
        FULL_DATA: script_bytes(vis),
        OVERVIEW_DATA: script_bytes(views.overview(plan, G, vis, index), "GENHE_OVERVIEW"),
    }
    for n, kind in G.nodes(data="type"):
        if kind in EGO_TYPES and index["adjacent"][n]:
            out[ego_data_path(n)] = keyed_script_bytes(views.ego(vis, index, n), "GENHE_EGO", n)
    return out
