"""Benchmark section 4: draw time of our graph views vs pyvis 0.3.2 defaults on the same graph."""

from __future__ import annotations

import re
from pathlib import Path

from browsing import GRAPH_HOOK, GRAPH_TIMEOUT_S, OPENED, Load, load_weight, median_load, page_load, serve
from common import DATA, ROOT, Skip, med, ms, ratio, secs, size, table


def graph_draw(browser, url: str) -> tuple[float | None, float | None, Load]:
    """(ms to first afterDrawing or None after the timeout, ms to stabilisation or None, weight)."""

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def wait(page):
        try:
            page.wait_for_function("window.__benchGraph && window.__benchGraph.firstDraw !== null", timeout=GRAPH_TIMEOUT_S * 1000)
        except PlaywrightTimeout:  # reported as "> 60 s"
            pass

    load, page = load_weight(browser, url, setup=lambda p: p.add_init_script(GRAPH_HOOK), wait=wait)
    try:
        first, stable = page.evaluate("[window.__benchGraph.firstDraw, window.__benchGraph.stabilized]")
    finally:
        page.context.close()
    return first, stable, load


def pyvis_page(plan, target: Path) -> tuple[Path, int, int]:
    """pyvis 0.3.2 with its defaults on a copy of our graph; returns (html path, nodes, edges)."""
    from pyvis.network import Network

    from genhe_plan.graph import build_graph

    graph = build_graph(plan).copy()  # pyvis's from_nx mutates the graph it is given
    net = Network(cdn_resources="in_line")
    net.from_nx(graph)
    target.mkdir(parents=True, exist_ok=True)
    html = target / "pyvis.html"
    html.write_text(net.generate_html(), encoding="utf-8")
    return html, graph.number_of_nodes(), graph.number_of_edges()


def graph_js_note() -> str:
    js = ROOT / "docs" / "assets" / "graph" / "graph.js"
    if not js.exists():
        return "docs/assets/graph/graph.js 不存在"
    text = js.read_text(encoding="utf-8")
    exposed = re.findall(r"window\.(genhe\w*)\s*=", text)
    return "graph.js 暴露 " + "、".join(f"`window.{e}`" for e in sorted(set(exposed))) if exposed else "graph.js 未暴露网络对象"


DRAWS_MIN = 5
"""Our draw times are medians of at least this many loads (each takes well under a second; a pyvis draw
takes half a minute, so it keeps N): single loads on this shared 2-core machine swing by ±30%."""


def fmt_draw(values: list[float | None]) -> tuple[str, float | None]:
    if any(v is None for v in values):
        return f"> {GRAPH_TIMEOUT_S} s", None
    m = med(values)
    return (secs(m / 1000) if m >= 1000 else ms(m)), m


def draws(browser, base: str, uri: str, n: int) -> tuple[str, float | None, Load]:
    """n first draws of a graph view: navigation start → first afterDrawing (图谱 page, 完整关系网络 page),
    or scroll → first afterDrawing for an OPENED node page. (formatted median, median ms, median weight)"""
    from genhe_plan.present import urls

    times, loads = [], []
    for _ in range(n):
        if uri.endswith(OPENED):
            load, ms_ = page_load(browser, base, uri)
        else:
            path, _, query = uri.partition("?")
            ms_, _stable, load = graph_draw(browser, base + urls.html_path(path) + (f"?{query}" if query else ""))
        times.append(ms_)
        loads.append(load)
    text, value = fmt_draw(times)
    return text, value, median_load(loads)


def graph_views(plan) -> list[tuple[str, str]]:
    """(label, docs path) of the views timed: the overview, the full network, and the neighbourhood figure
    of the busiest department and indicator (opened by scrolling to it)."""
    from genhe_plan.present import urls

    dept = max(plan.departments, key=lambda d: len(plan.led_by[d.id]) + len(plan.supported_by[d.id]))
    ind = max(plan.indicators, key=lambda i: len(plan.tasks_moving[i.id]) + len(plan.targets_measuring[i.id]))
    return [
        ("本站图谱页：概览图（overview，打开页面即画）", urls.GRAPH),
        ("本站完整关系网络页（full network，graph/full/，打开页面即画）", urls.GRAPH_FULL),
        (f"部门页 {dept.id} 的邻域图（从滚动到图起 scroll → draw）", urls.department(dept.id) + OPENED),
        (f"指标页 {ind.id} 的邻域图（从滚动到图起 scroll → draw）", urls.indicator(ind.id) + OPENED),
    ]


def section_graph(browser, site: Path, n: int, work: Path) -> list[str]:
    from genhe_plan.model import load_plan

    if not (site / "assets" / "graph" / "graph.js").exists():
        raise Skip("网站中没有 assets/graph/graph.js（graph.js not written yet）")
    plan = load_plan(DATA)
    html, nodes, edges = pyvis_page(plan, work / "pyvis")
    with serve(site) as base:
        ours = [(label, *draws(browser, base, uri, max(n, DRAWS_MIN))) for label, uri in graph_views(plan)]
    with serve(html.parent) as base:
        theirs = [graph_draw(browser, base + html.name) for _ in range(n)]
    if ours[1][2] is None:
        raise Skip(f"完整关系网络在 {GRAPH_TIMEOUT_S} s 内没有画出（no afterDrawing; {graph_js_note()}）")
    py_s, py_m = fmt_draw([t[0] for t in theirs])
    stab_s, _ = fmt_draw([t[1] for t in theirs])
    py_w = median_load([t[2] for t in theirs])
    blocked = sorted({u.split("/")[2] for t in theirs for u in t[2].blocked})
    full_m = ours[1][2]
    rel = ratio(py_m, full_m) if py_m is not None else f"> {ratio(GRAPH_TIMEOUT_S * 1000, full_m)}"
    rows = [[label, text, "—", size(w.html + w.assets), size(w.gzip), str(w.requests)] for label, text, _m, w in ours]
    rows.append(
        [
            "pyvis 0.3.2 默认（defaults, in_line），同一张完整的图",
            py_s,
            stab_s,
            size(py_w.html + py_w.assets),
            size(py_w.gzip),
            str(py_w.requests),
        ]
    )
    return [
        "## 4. 图谱绘制时间（Graph draw time）",
        "",
        f"完整关系网络与 pyvis 对照画的是同一张图（`genhe_plan.graph.build_graph(plan)`：{nodes} 个节点、{edges} 条边）。"
        "时间从导航开始（navigation start）到 vis-network 第一次触发 `afterDrawing`（节点页的邻域图从把图滚动到视野中起算，"
        "其间载入 vis-network、graph.js 和该节点的数据文件）：在页面脚本之前注入的脚本包装 `vis.Network.prototype.emit` 记下这一刻"
        f'（{graph_js_note()}）。本站各图关闭物理模拟、位置预先算好，第一次绘制就是完整的图。对照是 pyvis 0.3.2 的默认设置（`Network(cdn_resources="in_line")`、`from_nx` 图的副本、'
        "物理模拟开启，稳定化后才第一次绘制），其模板从 CDN 引用的 Bootstrap 以空响应代替"
        f"（{'、'.join(blocked) or '无'}）。超过 {GRAPH_TIMEOUT_S} s 记为“> {GRAPH_TIMEOUT_S} s”。体积不含搜索索引。",
        "",
        *table(
            [
                "图（view）",
                "首次绘制（first afterDrawing）",
                "稳定化完成（stabilizationIterationsDone）",
                "页面 + 资源（weight）",
                "gzip",
                "请求数",
            ],
            rows,
        ),
        f"比值（ratio）首次绘制 pyvis / 本站完整关系网络：**{rel}**；概览图：{ours[0][1]}；"
        f"邻域图：{ours[2][1]}（部门）、{ours[3][1]}（指标）。pyvis 页面把 vis-network 与 CSS 内联在 HTML 中，没有搜索。",
        "",
    ]
