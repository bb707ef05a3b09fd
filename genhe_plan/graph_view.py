"""Rendering of the plan graph: layout, pyvis data, the graph files and the Markdown/HTML fragments.

In:  a Plan, its graph (``graph.build_graph``) and, for the analysis page, ``graph.analyse``'s result.
Out: bytes of data/graph.json, data/graph.graphml and assets/graph/graph-data.js; page bodies as
     Markdown with plain-HTML blocks. Reached through the public functions of ``genhe_plan.graph``.

Why pyvis only supplies data: its HTML template links Bootstrap from a CDN and inserts text unescaped.
pyvis turns a copy of the networkx graph into vis-network nodes, edges and options; we write those as
a script file (a script, not fetched JSON, so it also works from file://) that
docs/assets/graph/graph.js draws with the vendored vis-network, building tooltips as DOM text.
"""

from __future__ import annotations

import io
import json
import math

import networkx as nx
from pyvis.network import Network

from . import urls
from .graph import NODE_TYPES, RELATIONS, TYPE_LABEL, counts_by_relation, counts_by_type, nid
from .model import Plan
from .pages.common import BASIS_LABEL, attr, chapter_label, link, md

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


def layout(plan: Plan, G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Pixel positions on type rings (see RING); neighbours on a ring alternate radius (STAGGER) so that
    labels next to each other do not overlap. Deterministic: plan order and node ids only, no randomness."""
    angle = _sectors(plan, G)
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


def page_urls(url: str) -> tuple[str, str]:
    """docs path (maybe with #anchor) → (URL with directory URLs, URL of the offline .html build)."""
    path, _, anchor = url.partition("#")
    tail = f"#{anchor}" if anchor else ""
    return urls.html_path(path, True) + tail, urls.html_path(path, False) + tail


def _edge_title(d: dict) -> str:
    """Tooltip text of an edge: relation, basis, evidence. graph.js puts "from → to" above it."""
    rel = d["relation"]
    what = RELATIONS[rel] + (f"（{BASIS_LABEL[d['basis']]}）" if d.get("basis") else "")
    if rel == "conflicts_with":
        what += f"：{d['metric']}（{d['conflict']}）"
    return "\n".join(x for x in (what, d.get("evidence")) if x)


def styled_copy(G: nx.MultiDiGraph, pos: dict[str, tuple[int, int]]) -> nx.MultiDiGraph:
    """A copy of G carrying vis-network styling; G itself is never touched (from_nx mutates its input)."""
    view = G.copy()
    for n, a in view.nodes(data=True):
        colour, _, shape, _, size, font, length = STYLE[a["type"]]
        url_dir, url_file = page_urls(a.pop("url"))
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


def vis_data(plan: Plan, G: nx.MultiDiGraph) -> dict:
    """pyvis's nodes, edges and options for G, plus the legend vocabulary graph.js needs."""
    net = Network(directed=True, cdn_resources="local")
    net.from_nx(styled_copy(G, layout(plan, G)))
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.edges.inherit_colors(False)
    options = json.loads(net.options.to_json())
    options["edges"] |= {"arrows": {"to": {"enabled": True, "scaleFactor": 0.45}}, "selectionWidth": 2, "hoverWidth": 0.5}
    options["interaction"] |= {"hover": True, "tooltipDelay": 120, "keyboard": {"enabled": True, "bindToWindow": False}}
    options["nodes"] = {
        "borderWidth": 1,
        "font": {"face": "system-ui, sans-serif", "color": "#1f1f1f"},
        "scaling": {"label": {"drawThreshold": 4}},
    }
    options["layout"] = {"improvedLayout": False}
    for i, e in enumerate(net.edges):
        e["id"] = f"e{i}"
    return {
        "nodes": sorted(net.nodes, key=lambda n: n["id"]),
        "edges": net.edges,
        "options": options,
        "types": {t: {"label": TYPE_LABEL[t], "color": STYLE[t][0], "shape": STYLE[t][2]} for t in NODE_TYPES},
        "relations": {r: RELATIONS[r] for r in RELATIONS},
        "search_order": SEARCH_ORDER,
        "type_order": NODE_TYPES,
    }


def script_bytes(data: object, name: str = "GENHE_GRAPH") -> bytes:
    """``window.NAME = {...};`` with <, >, & (and U+2028/2029) escaped so no data can end the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch in "&<>\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    head = "/* 根河市“十四五”生态环境保护规划 · 关系图谱数据。由 genhe_plan/graph_view.py 生成，请勿手改。 */\n"
    return f"{head}window.{name} = {text};\n".encode()


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    """GraphML; every attribute is already a non-empty string, so no conversion is needed."""
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().rstrip(b"\n") + b"\n"


def graph_files(plan: Plan, G: nx.MultiDiGraph) -> dict[str, bytes]:
    data = nx.node_link_data(G, edges="edges")
    return {
        "data/graph.json": (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode(),
        "data/graph.graphml": graphml_bytes(G),
        "assets/graph/graph-data.js": script_bytes(vis_data(plan, G)),
    }


# ------------------------------------------------------------------ HTML pieces
def _mark(kind: str) -> str:
    """An inline SVG of a node type's shape and colour (decorative: the text next to it names the type)."""
    colour, shape = STYLE[kind][0], STYLE[kind][2]
    body = {
        "box": '<rect x="1" y="4" width="14" height="8" rx="2"/>',
        "dot": '<circle cx="8" cy="8" r="6"/>',
        "triangle": '<polygon points="8,1 15,14 1,14"/>',
        "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
        "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
        "square": '<rect x="2" y="2" width="12" height="12"/>',
        "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
        "star": '<polygon points="8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.6 3.2,15 5,9.5 0.5,6 6,6"/>',
    }[shape]
    return f'<svg class="graph-mark" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="{colour}">{body}</svg>'


def _line(relation: str) -> str:
    colour, dashed, width, _ = EDGE_STYLE[relation]
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        f'<svg class="graph-mark" viewBox="0 0 24 8" width="24" height="8" aria-hidden="true" focusable="false">'
        f'<line x1="0" y1="4" x2="24" y2="4" stroke="{colour}" stroke-width="{max(width, 1.5)}"{dash}/></svg>'
    )


def legend_html(G: nx.MultiDiGraph, kinds: list[str] | None = None, relations: bool = True) -> str:
    """Legend as real HTML lists: shape+colour mark, the type's name and its count."""
    types = counts_by_type(G)
    items = [f'<li>{_mark(t)}{TYPE_LABEL[t]} <span class="graph-count">{types[t]}</span></li>' for t in (kinds or NODE_TYPES)]
    out = ['<div class="graph-legend">', '<p class="graph-legend-title" id="graph-legend-nodes">节点</p>']
    out.append('<ul aria-labelledby="graph-legend-nodes">' + "".join(items) + "</ul>")
    if relations:
        rels = counts_by_relation(G)
        items = [f'<li>{_line(r)}{RELATIONS[r]} <span class="graph-count">{rels[r]}</span></li>' for r in RELATIONS if rels[r]]
        out += [
            '<p class="graph-legend-title" id="graph-legend-edges">关系（连线）</p>',
            '<ul aria-labelledby="graph-legend-edges">' + "".join(items) + "</ul>",
        ]
    return "\n".join(out + ["</div>"])


def _options(pairs: list[tuple[str, str]], everything: str) -> str:
    return f'<option value="">{everything}</option>' + "".join(f'<option value="{attr(v)}">{attr(label)}</option>' for v, label in pairs)


def graph_page_markdown(plan: Plan, G: nx.MultiDiGraph) -> str:
    types, rels = counts_by_type(G), counts_by_relation(G)
    page = urls.GRAPH
    chapters = [(c.id, chapter_label(c)) for c in plan.chapters]
    depts = [
        (d.id, f"{d.name}（牵头 {len(plan.led_by[d.id])}、配合 {len(plan.supported_by[d.id])}）")
        for d in plan.departments
        if plan.led_by[d.id] or plan.supported_by[d.id]
    ]
    summary = "、".join(f"{TYPE_LABEL[t]} {types[t]}" for t in NODE_TYPES)
    alt = f"规划关系图谱：{G.number_of_nodes()} 个节点（{summary}），{G.number_of_edges()} 条关系。"
    controls = [
        '<div class="graph-wrap" data-graph="main" role="region" aria-label="规划关系图谱">',
        '<form class="graph-controls" id="graph-controls" role="search" aria-label="搜索与筛选图谱">',
        '<label for="graph-search">搜索节点</label>',
        '<input type="search" id="graph-search" name="q" list="graph-search-list" placeholder="如：森林覆盖率" autocomplete="off">',
        '<datalist id="graph-search-list"></datalist>',
        '<label for="graph-chapter">按章筛选</label>',
        f'<select id="graph-chapter" name="chapter">{_options(chapters, "全部章节")}</select>',
        '<label for="graph-department">按部门筛选</label>',
        f'<select id="graph-department" name="dept">{_options(depts, "全部部门")}</select>',
        '<button type="submit" class="md-button">查找</button>',
        '<button type="button" class="md-button" id="graph-reset">显示全部</button>',
        "</form>",
        '<p class="graph-status" id="graph-status" role="status" aria-live="polite"></p>',
        f'<div class="graph-canvas" id="graph-canvas" data-label="{attr(alt)}"></div>',
        '<noscript><p class="graph-noscript">图谱需要启用 JavaScript 才能显示。下面“图中有什么”一节列出了全部节点与关系的数量；'
        "“关系分析”页用表格回答同样的问题。</p></noscript>",
        legend_html(G),
        "</div>",
    ]
    type_rows = [f"| {TYPE_LABEL[t]} | {types[t]} | {STYLE[t][1]}色{STYLE[t][3]} |" for t in NODE_TYPES]
    rel_rows = [f"| {RELATIONS[r]} | {rels[r]} | {md(EDGE_STYLE[r][3])} |" for r in RELATIONS]
    return "\n".join(
        [
            "# 关系图谱",
            "",
            f"下图把规划的章节、任务、目标、指标、重点工程、责任部门和地点画成一张关系网，共 {G.number_of_nodes()} 个节点、"
            f"{G.number_of_edges()} 条关系。把鼠标移到节点或连线上查看说明，点击节点打开它所在的页面；可以搜索节点，或按章、按部门只显示相关的部分。"
            "滚轮缩放，拖动平移；聚焦图后也可用方向键平移、用 +/- 缩放。",
            "",
            "部门分工大多是本站按职责分配的（连线提示写明“原文写明”或“按职责分配”），不代表官方分工。",
            "",
            *controls,
            "",
            "## 图中有什么",
            "",
            "| 节点类型 | 数量 | 图中样式 |",
            "|---|---:|---|",
            *type_rows,
            "",
            "| 关系 | 数量 | 含义 |",
            "|---|---:|---|",
            *rel_rows,
            "",
            f"同样的问题的文字版答案见{link(page, urls.ANALYSIS, '关系分析')}。整张图可下载为 {link(page, 'data/graph.graphml', 'GraphML')}"
            f"（Gephi、Cytoscape 等软件可打开）和 {link(page, 'data/graph.json', 'JSON')}（networkx node-link 格式）。",
            "",
        ]
    )


def neighbourhood_markdown(plan: Plan, G: nx.MultiDiGraph, node_id: str) -> str:
    """<figure> with a div[data-focus] that graph.js fills with the node and its direct neighbours."""
    if node_id not in G:
        return ""
    neighbours = set(G.predecessors(node_id)) | set(G.successors(node_id))
    if not neighbours:
        return ""
    kinds = [t for t in NODE_TYPES if any(G.nodes[n]["type"] == t for n in neighbours | {node_id})]
    by_type = "、".join(
        f"{TYPE_LABEL[t]} {sum(G.nodes[n]['type'] == t for n in neighbours)}"
        for t in kinds
        if any(G.nodes[n]["type"] == t for n in neighbours)
    )
    label = G.nodes[node_id]["label"]
    alt = f"关系图：“{label}”及与它直接相连的 {len(neighbours)} 个节点（{by_type}）"
    mark = "".join(f'<span class="graph-key">{_mark(t)}{TYPE_LABEL[t]}</span>' for t in kinds)
    size = "graph-canvas-small" if len(neighbours) <= 30 else "graph-canvas-large"
    return "\n".join(
        [
            "",
            '<figure class="graph-neighbourhood">',
            f'<div class="graph-canvas {size}" data-focus="{attr(node_id)}" data-label="{attr(alt)}"></div>',
            f'<figcaption>{attr(alt)}。点击节点打开它的页面。<span class="graph-keys">{mark}</span></figcaption>',
            "</figure>",
            "",
            "",
        ]
    )
