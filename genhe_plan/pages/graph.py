"""Graph views: the 图谱 page and the neighbourhood figure on node pages, with their legends.

In: a Plan and its graph (``graph.model``); styles from ``graph.draw``. Out: Markdown with HTML blocks
rendered from templates (autoescaped). graph.js draws into the canvases from assets/graph/graph-data.js.
"""

from __future__ import annotations

import networkx as nx
from markupsafe import Markup

from .. import present as P
from .. import urls
from ..graph import NODE_TYPES, RELATIONS, counts_by_relation, counts_by_type, graph_of, neighbours
from ..graph.draw import EDGE_STYLE, STYLE
from ..model import Plan
from .html import link, md, render


def mark(kind: str) -> Markup:
    return Markup(render("graph_mark.html", colour=STYLE[kind][0], shape=STYLE[kind][2]))


def line_mark(relation: str) -> Markup:
    colour, dashed, width, _ = EDGE_STYLE[relation]
    return Markup(render("graph_line.html", colour=colour, dashed=dashed, width=max(width, 1.5)))


def legend_html(G: nx.MultiDiGraph, kinds: list[str] | None = None, relations: bool = True) -> str:
    """Legend as real HTML lists: shape+colour mark, the type's name and its count."""
    types, rels = counts_by_type(G), counts_by_relation(G)
    kind_items = [{"mark": mark(t), "label": P.TYPE_LABEL[t], "count": types[t]} for t in (kinds or NODE_TYPES)]
    rel_items = [{"mark": line_mark(r), "label": P.RELATION_LABEL[r], "count": rels[r]} for r in RELATIONS if rels[r]] if relations else []
    return render("graph_legend.html", kinds=kind_items, relations=rel_items)


def graph_page(plan: Plan) -> str:
    """Body of the 图谱 page: intro, controls, canvas, legend, and the text alternative."""
    G = graph_of(plan)
    types, rels = counts_by_type(G), counts_by_relation(G)
    page = urls.GRAPH
    depts = [
        (d.id, f"{d.name}（牵头 {len(plan.led_by[d.id])}、配合 {len(plan.supported_by[d.id])}）")
        for d in plan.departments
        if plan.led_by[d.id] or plan.supported_by[d.id]
    ]
    summary = "、".join(f"{P.TYPE_LABEL[t]} {types[t]}" for t in NODE_TYPES)
    controls = render(
        "graph_main.html",
        chapters=[(c.id, P.chapter_label(c)) for c in plan.chapters],
        departments=depts,
        alt=f"规划关系图谱：{G.number_of_nodes()} 个节点（{summary}），{G.number_of_edges()} 条关系。",
        legend=Markup(legend_html(G)),
    )
    type_rows = [f"| {P.TYPE_LABEL[t]} | {types[t]} | {STYLE[t][1]}色{STYLE[t][3]} |" for t in NODE_TYPES]
    rel_rows = [f"| {P.RELATION_LABEL[r]} | {rels[r]} | {md(EDGE_STYLE[r][3])} |" for r in RELATIONS]
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
            controls,
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


def has_neighbourhood(plan: Plan, node_id: str) -> bool:
    return bool(neighbours(graph_of(plan), node_id))


def neighbourhood(plan: Plan, node_id: str) -> str:
    """<figure> with a div[data-focus] that graph.js fills with the node and its direct neighbours;
    "" when the node has none."""
    G = graph_of(plan)
    near = neighbours(G, node_id)
    if not near:
        return ""
    kinds = [t for t in NODE_TYPES if any(G.nodes[n]["type"] == t for n in near | {node_id})]
    counts = [(t, sum(G.nodes[n]["type"] == t for n in near)) for t in kinds]
    by_type = "、".join(f"{P.TYPE_LABEL[t]} {n}" for t, n in counts if n)
    figure = render(
        "graph_neighbourhood.html",
        node=node_id,
        size="graph-canvas-small" if len(near) <= 30 else "graph-canvas-large",
        alt=f"关系图：“{G.nodes[node_id]['label']}”及与它直接相连的 {len(near)} 个节点（{by_type}）",
        kinds=[{"mark": mark(t), "label": P.TYPE_LABEL[t]} for t in kinds],
    )
    return f"\n{figure}\n\n"
