"""Benchmark section 6: weight and neighbourhood draw time of the busiest department's page at ×1 and the largest scale."""

from __future__ import annotations

from pathlib import Path

from browsing import OPENED, median_load, page_load, serve
from common import DATA, Skip, ratio, size, table
from s4_graph import DRAWS_MIN, draws


def section_node_scaling(browser, sites: dict[int, Path], n: int) -> list[str]:
    """Weight and neighbourhood draw time of the busiest department's page at ×1 and the largest scale."""
    from genhe_plan.model import load_plan
    from genhe_plan.present import urls

    if 1 not in sites or len(sites) < 2:
        raise Skip("第 2 节没有留下 ×1 与更大规模的网站（scaled sites missing: section 2 failed or was limited）")
    plan = load_plan(DATA)
    dept = max(plan.departments, key=lambda d: len(plan.led_by[d.id]) + len(plan.supported_by[d.id]))
    uri = urls.department(dept.id)
    rows, first = [], None
    for k, site in sorted(sites.items()):
        with serve(site) as base:
            closed = median_load([page_load(browser, base, uri)[0] for _ in range(n)])
            text, ms_, opened = draws(browser, base, uri + OPENED, max(n, DRAWS_MIN))
            graph_gz = opened.gzip - closed.gzip
        first = first or (closed, opened, ms_, graph_gz)
        rows.append(
            [
                f"×{k}",
                size(closed.html),
                size(closed.gzip),
                ratio(closed.gzip, first[0].gzip),
                size(opened.gzip),
                ratio(opened.gzip, first[1].gzip),
                size(graph_gz),
                ratio(graph_gz, first[3]),
                text,
                ratio(ms_, first[2]) if ms_ and first[2] else "—",
            ]
        )
    return [
        f"## 6. 节点页随数据增长（Node page at ×1 and ×{max(sites)}）",
        "",
        f"第 2 节的 ×1 与 ×{max(sites)} 网站上，任务最多的部门页（{dept.id}）：首次访问（不滚动）的体积，把关系图滚动到视野中画完后的体积，"
        "其中关系图部分（vis-network、graph.js 与该部门的邻域数据）的体积，以及邻域图从滚动起到第一次绘制的时间。"
        "gzip 不含搜索索引。邻域图中同类节点超过 30 个时按章归组，所以邻域数据不随任务数增长；页面 HTML 本身逐条列出该部门的任务，随数据增长。",
        "",
        *table(
            ["规模", "HTML", "首次访问 gzip", "比值", "打开关系图后 gzip", "比值", "其中关系图 gzip", "比值", "邻域图首次绘制", "比值"],
            rows,
        ),
    ]
