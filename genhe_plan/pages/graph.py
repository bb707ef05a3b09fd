"""Graph views: the 图谱 page and the neighbourhood figure on node pages, with their legends.

In: a Plan and its graph (``graph.model``); styles from ``graph.draw``. Out: Markdown with HTML blocks
rendered from templates (autoescaped). Each canvas names its data file (``data-graph-src``); the loader in
overrides/partials/graph-loader.html fetches it with vis-network and graph.js when the view is opened
or scrolled into view, so a page fetches nothing graph-related until then.
"""

from __future__ import annotations

import networkx as nx
from markupsafe import Markup

from ..graph import NODE_TYPES, RELATIONS, counts_by_relation, counts_by_type, graph_of, indicator_links, neighbours, nid
from ..graph.draw import DOWNLOAD_PATHS, EDGE_STYLE, FULL_DATA, OVERVIEW_DATA, STYLE, ego_data_path
from ..graph.views import GROUP_OVER
from ..model import Plan
from ..present import labels as P
from ..present import urls
from .common import dept_link, indicator_link
from .html import link, md, render


def mark(kind: str) -> Markup:
    return Markup(render("graph_mark.html", colour=STYLE[kind][0], shape=STYLE[kind][2]))


def line_mark(relation: str) -> Markup:
    colour, dashed, width, _ = EDGE_STYLE[relation]
    return Markup(render("graph_line.html", colour=colour, dashed=dashed, width=max(width, 1.5)))


def legend_html(G: nx.MultiDiGraph, kinds: list[str] | None = None, relations: bool = True) -> str:
    """Legend as real HTML lists: shape+colour mark, the type's name and its count."""
    types, rels = counts_by_type(G), counts_by_relation(G)
    kind_items = [{"mark": mark(t), "label": P.TYPE_LABEL[t], "count": _count(G, t, types[t])} for t in (kinds or NODE_TYPES)]
    rel_items = [{"mark": line_mark(r), "label": P.RELATION_LABEL[r], "count": rels[r]} for r in RELATIONS if rels[r]] if relations else []
    return render("graph_legend.html", kinds=kind_items, relations=rel_items)


def _count(G: nx.MultiDiGraph, kind: str, n: int) -> str:
    """A node type's count; targets say what they hold (量化目标 and 十三五 achievements), so the 121
    here and the 75 on the home page explain each other; chapters count the preface beside them
    ("12（另有前言）"), as the home page does, not as a 13th chapter."""
    if kind == "chapter":
        preface = sum(1 for _, a in G.nodes(data=True) if a["type"] == "chapter" and a["label"] == P.PREFACE)
        return f"{n - preface}（另有{P.PREFACE}）" if preface else str(n)
    return f"{n}{_held(G, kind)}"


def _held(G: nx.MultiDiGraph, kind: str) -> str:
    if kind != "target":
        return ""
    return f"（{P.targets_counted([a['kind'] for _, a in G.nodes(data=True) if a['type'] == 'target'])}）"


def graph_page(plan: Plan) -> str:
    """Body of the 图谱 page: the overview (drawing + the same relations as a table) and the way to the
    full network, which has its own page (``full_network_page``)."""
    G = graph_of(plan)
    page = urls.GRAPH
    links = indicator_links(plan, G)
    unmoved = [plan.indicator(r["id"]) for r in links if not r["tasks"]]
    none = "、".join(indicator_link(plan, page, i.id, P.indicator_short(i)) for i in unmoved) or "无"
    return "\n".join(
        [
            "# 关系图谱",
            "",
            f"先看概览：专栏1 的 {len(plan.indicators)} 项主要指标、牵头推动它们的部门和这些任务所在的章各成一列（宽屏上指标居中、部门在左、章在右；手机上部门和章在左、指标在右）；连线越粗，背后的任务越多。"
            "点击（手机上轻点）指标、部门或章，展开背后的每项任务，并在它上方显示说明；再点一次收起；点击任务打开它在规划正文中的位置。"
            "用键盘：在“展开任务”中用方向键选择，按回车展开。",
            "",
            f"没有任何任务推动的指标：{none}。",
            "",
            "概览只计推动指标的任务：部门或章展开后的任务数，是其中推动专栏1 指标的任务，可能少于部门页上的全部任务数。",
            "",
            "部门分工大多是本站按职责分配的（连线提示写明“原文写明”或“按职责分配”），不代表官方分工。"
            "图下的[表格](#by-indicator)用文字列出同样的关系，在手机上更好读。",
            "",
            _switch(
                page, urls.GRAPH_FULL, f"显示完整关系网络（{G.number_of_nodes()} 个节点、{G.number_of_edges()} 条关系）", "graph-to-full"
            ),
            "",
            overview_html(plan, links),
            "",
            *indicator_table(plan, links, page),
        ]
    )


def full_network_page(plan: Plan) -> str:
    """Body of the 完整关系网络 page: the whole graph with search and filters, its legend and counts.
    Why its own page, not a panel of the 图谱 page: the page then runs the network's scripts as it
    loads (front matter graph_opens_on_load), and the view has an address of its own."""
    G = graph_of(plan)
    types, rels = counts_by_type(G), counts_by_relation(G)
    page, (json_path, graphml_path) = urls.GRAPH_FULL, DOWNLOAD_PATHS
    summary = "、".join(f"{P.TYPE_LABEL[t]} {_count(G, t, types[t])}" for t in NODE_TYPES)
    full = render(
        "graph_main.html",
        chapters=[(c.id, P.chapter_label(c)) for c in plan.chapters],
        departments=_dept_options(plan),
        alt=f"规划关系图谱：{G.number_of_nodes()} 个节点（{summary}），{G.number_of_edges()} 条关系。",
        legend=Markup(legend_html(G)),
        src=FULL_DATA,
    )
    type_rows = [f"| {P.TYPE_LABEL[t]} | {types[t]} | {STYLE[t][1]}色{STYLE[t][3]}{_held(G, t)} |" for t in NODE_TYPES]
    rel_rows = [f"| {P.RELATION_LABEL[r]} | {rels[r]} | {md(EDGE_STYLE[r][3])} |" for r in RELATIONS]
    return "\n".join(
        [
            "# 完整关系网络",
            "",
            "规划的章节、任务、目标、指标、重点工程、责任部门和地点画成的一张网："
            "把鼠标移到节点或连线上查看说明，点击节点打开它所在的页面；可以搜索节点，或按章、按部门只显示相关的部分（筛选写在地址里，可以分享）。"
            "电脑上滚轮缩放、拖动平移；手机上双指张合缩放、单指拖动平移，轻点节点打开它的页面；聚焦图后也可用方向键平移、用 +/- 缩放。"
            f"筛选后，节点按类型自上而下分层（{'、'.join(P.TYPE_LABEL[t] for t in NODE_TYPES)}），每个节点写出全名，所选部门边框加粗；手机上每层并排两列。",
            "",
            _switch(page, urls.GRAPH, "返回概览图", "graph-to-overview"),
            "",
            full,
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
            f"同样的问题的文字版答案见{link(page, urls.ANALYSIS, '关系分析')}，各指标由谁承担见{link(page, urls.GRAPH, '概览图')}下的表格。"
            f"整张图可下载为 {link(page, graphml_path, 'GraphML')}（Gephi、Cytoscape 等软件可打开）和 {link(page, json_path, 'JSON')}"
            "（networkx node-link 格式）。",
            "",
        ]
    )


def _switch(page: str, target: str, text: str, ident: str) -> str:
    """The button-styled link between the overview and the full network (a Markdown link, so MkDocs
    writes its address for directory and .html builds alike)."""
    return f"{link(page, target, text)}{{ .md-button #{ident} }}\n{{ .graph-toggle-row }}"


def _dept_options(plan: Plan) -> list[tuple[str, str]]:
    return [
        (d.id, f"{d.name}（牵头 {len(plan.led_by[d.id])}、配合 {len(plan.supported_by[d.id])}）")
        for d in plan.departments
        if plan.led_by[d.id] or plan.supported_by[d.id]
    ]


def overview_html(plan: Plan, links: list[dict]) -> str:
    """The overview drawing's block (template graph_overview.html): controls, canvas, how to read it."""
    leading = [d for d in plan.departments if any(d.id in r["departments"] and r["departments"][d.id]["lead"] for r in links)]
    chapters = [c for c in plan.chapters if any(c.id in r["chapters"] for r in links)]
    supporting = {d for r in links for d in r["departments"]}
    groups = [
        {"label": "指标", "options": [(nid("indicator", i.id), P.indicator_short(i)) for i in plan.indicators]},
        {"label": "部门", "options": [(nid("department", d.id), d.name) for d in plan.departments if d.id in supporting]},
        {"label": "章", "options": [(nid("chapter", c.id), P.chapter_label(c)) for c in chapters]},
    ]
    moved = sum(1 for r in links if r["tasks"])
    alt = (
        f"概览图：{len(plan.indicators)} 项主要指标中 {moved} 项有任务推动；左列 {len(leading)} 个牵头部门，"
        f"右列是这些任务所在的 {len(chapters)} 章，连线粗细表示推动指标的任务数。同样的关系见下方表格。"
    )
    columns = (
        "部门：紫色边框；指标：橙色边框（灰色虚线框表示没有任务推动）；章：绿色边框。"
        "展开后出现所展开项目背后的任务（蓝色边框）。连线越粗，背后的任务越多；把鼠标移到连线上（手机上轻点连线）可看到任务数；图上方的提示行给出所点项目页面的链接。手机上图按两列排列，字不小于 12 像素；下方表格列出同样的关系。"
    )
    return render("graph_overview.html", groups=groups, alt=alt, columns=columns, src=OVERVIEW_DATA)


def indicator_table(plan: Plan, links: list[dict], page: str) -> list[str]:
    """The overview as text: per indicator, its tasks' leading and supporting departments and chapters."""
    out = [
        "## 指标由谁承担、来自哪些章 {#by-indicator}",
        "",
        "概览图的文字版：每项指标有几项任务推动，这些任务由哪些部门牵头、哪些部门配合，分布在哪些章（括号内为任务数）。",
        "",
        "| 指标 | 推动它的任务 | 牵头部门 | 配合部门 | 任务所在的章 |",
        "|---|---:|---|---|---|",
    ]
    chapters = {c.id: c for c in plan.chapters}
    for r in links:
        ind = plan.indicator(r["id"])
        name = indicator_link(plan, page, ind.id, P.indicator_short(ind))
        if not r["tasks"]:
            out.append(f"| {name} | 0 | **没有任务推动** | — | — |")
            continue
        lead = "、".join(f"{dept_link(plan, page, d)}（{len(x['lead'])}）" for d, x in r["departments"].items() if x["lead"]) or "—"
        sup = "、".join(f"{dept_link(plan, page, d)}（{len(x['support'])}）" for d, x in r["departments"].items() if x["support"]) or "—"
        chs = "、".join(f"{link(page, urls.chapter(c), P.chapter_short(chapters[c]))}（{len(ts)}）" for c, ts in r["chapters"].items())
        out.append(f"| {name} | {len(r['tasks'])} | {lead} | {sup} | {chs} |")
    return [*out, ""]


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
    grouped = any(n > GROUP_OVER for _, n in counts)
    figure = render(
        "graph_neighbourhood.html",
        node=node_id,
        src=ego_data_path(node_id),
        size="graph-canvas-small" if len(near) <= 30 or grouped else "graph-canvas-large",
        alt=f"关系图：“{G.nodes[node_id]['label']}”及与它直接相连的 {len(near)} 个节点（{by_type}）"
        + ("；数量多的按章归组" if grouped else ""),
        kinds=[{"mark": mark(t), "label": P.TYPE_LABEL[t]} for t in kinds],
    )
    return f"\n{figure}\n\n"
