"""Benchmark section 3: page weight per page type in Chromium, search index size, time to the first search result."""

from __future__ import annotations

import gzip
from pathlib import Path

from browsing import OPENED, VIEWPORT, Load, median_load, page_load, serve
from common import DATA, med, ms, size, table

SEARCH_TERM = "医疗废物"


def page_types(plan) -> list[tuple[str, str]]:
    """(label, docs path) of one page per type; for chapter, indicator, department the heaviest one."""
    from genhe_plan.present import urls

    chapter = max(plan.chapters, key=lambda c: sum(p.kind == "task" for s in c.sections for p in s.paragraphs))
    ind = max(plan.indicators, key=lambda i: len(plan.tasks_moving[i.id]) + len(plan.targets_measuring[i.id]))
    dept = max(plan.departments, key=lambda d: len(plan.led_by[d.id]) + len(plan.supported_by[d.id]))
    return [
        ("首页（home）", urls.HOME),
        (f"章（chapter {chapter.id}，任务最多）", urls.chapter(chapter.id)),
        ("任务总览（tasks）", urls.TASKS),
        (f"指标（indicator {ind.id}，关联最多）", urls.indicator(ind.id)),
        (f"部门（department {dept.id}，任务最多）", urls.department(dept.id)),
        (f"部门 {dept.id}，打开关系图（滚动到图处）", urls.department(dept.id) + OPENED),
        (f"指标 {ind.id}，打开关系图（滚动到图处）", urls.indicator(ind.id) + OPENED),
        ("图谱（graph：概览图）", urls.GRAPH),
        ("完整关系网络（graph/full）", urls.GRAPH_FULL),
        ("原文（source）", urls.SOURCE),
    ]


SEARCH_OBSERVER = """() => {
  window.__benchFirstResult = null;
  const seen = () => document.querySelector('.md-search-result__item');
  new MutationObserver((_, obs) => {
    if (window.__benchFirstResult === null && seen()) { window.__benchFirstResult = performance.now(); obs.disconnect(); }
  }).observe(document.body, {childList: true, subtree: true});
  window.__benchTypeStart = performance.now();
}"""


def search_time(browser, base: str) -> tuple[float, float]:
    """(ms from typing to the first result, ms from navigation start to it) on a fresh home page."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(base, wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        page.evaluate(SEARCH_OBSERVER)
        box.fill(SEARCH_TERM)
        box.press("End")
        page.wait_for_function("window.__benchFirstResult !== null", timeout=30_000)
        first, start = page.evaluate("[window.__benchFirstResult, window.__benchTypeStart]")
        return first - start, first
    finally:
        context.close()


def section_pages(browser, site: Path, n: int) -> tuple[list[str], dict[str, Load]]:
    from genhe_plan.model import load_plan

    plan = load_plan(DATA)
    rows, weights = [], {}
    with serve(site) as base:
        for label, uri in page_types(plan):
            loads = [page_load(browser, base, uri)[0] for _ in range(n)]
            w = weights[uri] = median_load(loads)
            rows.append(
                [
                    label,
                    size(w.html),
                    size(w.assets),
                    size(w.html + w.assets),
                    size(w.index),
                    size(w.html + w.assets + w.index),
                    size(w.gzip),
                    str(w.requests),
                    str(len(w.blocked)),
                ]
            )
        typed, cold = zip(*(search_time(browser, base) for _ in range(n)), strict=True)
    raw = b"".join(p.read_bytes() for p in sorted((site / "search").rglob("*")) if p.is_file() and p.name != "index.html")
    return [
        "## 3. 页面体积与搜索",
        "",
        "在 Chromium 中经本地 `http.server` 打开一次（新上下文、空缓存），把该页实际请求到的每个本地响应的正文字节数相加。"
        "“页面 + 资源”不含搜索索引；本站搜索只在使用时才载入索引分片，打开页面时不取（索引一栏因此为 0），单列一栏。"
        "`http.server` 不压缩，gzip 一栏是把同样的响应正文（不含搜索索引）按 gzip -6 压缩后的合计，近似启用压缩的服务器传输量。"
        "关系图在有图的页面上只在图进入视野（或点击按钮）时才载入 vis-network、graph.js 和该图自己的数据："
        "“打开关系图”两行是把图滚动到视野中、画完并且网络空闲之后的合计；“完整关系网络”是它自己的页面（图谱页上的按钮链接到它），打开即画。",
        "",
        *table(
            [
                "页面类型（page type）",
                "HTML",
                "资源（assets）",
                "页面 + 资源",
                "搜索索引（index）",
                "合计（total）",
                "gzip（不含索引）",
                "请求数",
                "第三方请求",
            ],
            rows,
        ),
        *table(
            ["搜索（search）", "值（median）"],
            [
                ["search/ 索引文件合计（按需载入，见第 5 节）", f"{size(len(raw))}（gzip {size(len(gzip.compress(raw, 6)))}）"],
                [f"首个结果：从输入“{SEARCH_TERM}”起（typing → first result）", ms(med(typed))],
                ["首个结果：从打开首页起（navigation start → first result，含索引载入）", ms(med(cold))],
            ],
        ),
    ], weights
