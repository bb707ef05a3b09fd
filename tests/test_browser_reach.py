"""Keyboard and phone, round two (issue 29 item 4), in real Chromium on each engine's site.

- the header search closes when the focus leaves it, and it has no Tab stop without a visible focus;
- the graph overview's 展开任务 select is walked with the arrow keys and applied with Enter;
- no text under 12 px at 390 px on the nine page types a resident opens on a phone (PHONE_PAGES),
  with every <details> opened: badges, commit hashes, the chart's SVG labels (their drawn size);
- the indicator charts' labels never overlap one another nor leave the chart, at 390 and 1280 px;
- the full network's department filter reads as a graph on a phone (whole labels, boxes side by side,
  at most three screens tall) and its chapter labels never overlap at the first view, 320 to 1280 px;
- every page reflows at 320 px and at 200 % zoom (1280 px at 200 % is a 640 px CSS viewport): no
  sideways scrolling, no text cut off (ellipsis, clipped overflow, or past the screen's edge).

Expected names come from the plan; sizes and boxes are measured in the page.
"""

from __future__ import annotations

import pytest
from conftest import DESKTOP, PHONE, fresh_page
from test_accessibility import NO_MOTION, PHONE_PAGES
from test_browser_graph import LABELS, drawn, placed
from test_keyboard import FOCUSED

from genhe_plan.graph import graph_of
from genhe_plan.present import urls

OPEN_PANEL = "() => document.getElementById('__search').checked"


def open_header_search(page, url: str, query: str = "") -> None:
    page.goto(url, wait_until="load")
    page.add_style_tag(content=NO_MOTION)
    page.keyboard.press("/")
    if query:
        page.keyboard.type(query)
        page.wait_for_function("q => document.documentElement.dataset.gsQuery === q", arg=query)
    assert page.evaluate(OPEN_PANEL)


@pytest.mark.parametrize("key", ["Tab", "Shift+Tab"])
def test_the_header_search_closes_when_the_focus_leaves_it(key, base_url, browser):
    with fresh_page(browser, **DESKTOP) as page:
        open_header_search(page, base_url + urls.site_url(urls.chapter("ch03")), "黑臭水体")
        for _ in range(30):
            page.keyboard.press(key)
            if not page.evaluate("() => !!document.activeElement.closest('.md-search')"):
                break
        assert not page.evaluate("() => !!document.activeElement.closest('.md-search')"), "the focus never left the search"
        assert page.evaluate(OPEN_PANEL) is False
        assert page.locator(".md-search__output").evaluate("o => o.getBoundingClientRect().height === 0 || !o.checkVisibility()")


@pytest.mark.parametrize("query", ["", "黑臭水体"], ids=["empty", "results"])
def test_the_header_search_has_no_tab_stop_without_visible_focus(query, base_url, browser):
    """Each stop in the panel is a control or a link with its ring on screen. Why not FOCUSED's ring alone:
    the empty results region (tabindex=0) had a white outline, drawn outside a box that clips it."""
    with fresh_page(browser, **DESKTOP) as page:
        open_header_search(page, base_url, query)
        stops = []
        for _ in range(12):
            page.keyboard.press("Tab")
            if not page.evaluate("() => !!document.activeElement.closest('.md-search')"):
                break
            stops.append(
                page.evaluate(FOCUSED)
                | {"control": page.evaluate("() => document.activeElement.matches('a[href], button, input, select')")}
            )
        hidden = [s for s in stops if not (s["onScreen"] and s["seen"] and s["ring"] and s["control"])]
        assert hidden == [], hidden


def test_the_overview_select_walks_with_arrows_and_applies_with_enter(plan, base_url, browser):
    forestry = next(d.name for d in plan.departments if d.id == "forestry")
    with fresh_page(browser, **DESKTOP) as page:
        page.goto(base_url + urls.site_url(urls.GRAPH), wait_until="load")
        page.wait_for_function("() => (window.genheGraphs || []).some(g => g.view === 'overview')", timeout=20_000)
        options = page.locator("#graph-ov-expand option").all_inner_texts()
        page.locator("#graph-ov-expand").focus()
        for _ in range(options.index(forestry)):
            page.keyboard.press("ArrowDown")
        assert page.locator("#graph-ov-list li").count() == 0  # an arrow key only moves the choice
        assert page.evaluate("() => document.getElementById('graph-ov-expand').selectedOptions[0].textContent") == forestry
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('#graph-ov-list li').length > 0")
        assert page.locator("#graph-ov-status").inner_text().startswith("已展开：" + forestry)


SMALL_TEXT = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const out = [], seen = new Set(), walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || !walker.currentNode.data.trim() || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('script, style, noscript') || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) { const m = el.getScreenCTM(); size *= m ? Math.hypot(m.a, m.b) : 1; }  // as drawn
    if (size < 11.95) out.push(size.toFixed(1) + ' px ' + el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ': ' + walker.currentNode.data.trim().slice(0, 16));
  }
  return out; }"""


def test_no_text_under_12_px_on_a_phone(base_url, browser):
    small = {}
    with fresh_page(browser, **PHONE) as page:
        for md_uri in PHONE_PAGES:
            page.goto(base_url + urls.site_url(md_uri), wait_until="load")
            found = page.evaluate(SMALL_TEXT)
            if found:
                small[md_uri] = found
    assert small == {}, "\n".join(f"{p} ({len(f)}): {f[:5]}" for p, f in small.items())


CHART_OVERLAPS = """() => Array.from(document.querySelectorAll('svg.progress-svg')).flatMap(svg => {
  const boxes = Array.from(svg.querySelectorAll('text')).map(t => [t.textContent, t.getBoundingClientRect()]), out = [];
  const inside = svg.getBoundingClientRect();
  boxes.forEach(([a, r], i) => {
    if (r.left < inside.left - .5 || r.right > inside.right + .5 || r.top < inside.top - .5 || r.bottom > inside.bottom + .5) out.push(a + ' leaves the chart');
    boxes.slice(i + 1).forEach(([b, s]) => {
      if (r.left < s.right - .5 && s.left < r.right - .5 && r.top < s.bottom - .5 && s.top < r.bottom - .5) out.push(a + ' × ' + b);
    });
  });
  return out; })"""


@pytest.mark.parametrize("options", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_chart_labels_never_overlap(options, plan, base_url, browser):
    bad = {}
    with fresh_page(browser, **options) as page:
        for ind in plan.indicators:
            page.goto(base_url + urls.site_url(urls.indicator(ind.id)), wait_until="load")
            found = page.evaluate(CHART_OVERLAPS)
            if found:
                bad[ind.id] = found
    assert bad == {}, bad


NODE_AND_TIP = """([id]) => { const g = window.genheGraphs.find(g => g.view === 'overview'), r = g.element.getBoundingClientRect();
  const b = g.network.getBoundingBox(id), tl = g.network.canvasToDOM({x: b.left, y: b.top}), br = g.network.canvasToDOM({x: b.right, y: b.bottom});
  const t = g.element.querySelector('div.vis-tooltip'), s = t && getComputedStyle(t).visibility === 'visible' ? t.getBoundingClientRect() : null;
  return { node: [r.left + tl.x, r.top + tl.y, r.left + br.x, r.top + br.y], tip: s && [s.left, s.top, s.right, s.bottom] }; }"""


@pytest.mark.parametrize("options", [PHONE, DESKTOP], ids=["390px-tap", "1280px-pointer"])
def test_the_overview_tooltip_never_hides_the_node(options, plan, base_url, browser):
    node = f"indicator:{plan.indicators[-6].id}"
    with fresh_page(browser, **options) as page:
        page.goto(base_url + urls.site_url(urls.GRAPH), wait_until="load")
        page.wait_for_function("() => (window.genheGraphs || []).some(g => g.view === 'overview')", timeout=20_000)
        page.locator(".graph-canvas[data-graph-view='overview']").evaluate("el => el.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        box = page.evaluate(NODE_AND_TIP, [node])["node"]
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        page.touchscreen.tap(x, y) if options is PHONE else page.mouse.move(x, y)
        page.wait_for_function(
            "() => { const t = document.querySelector('div.vis-tooltip'); return t && getComputedStyle(t).visibility === 'visible'; }"
        )
        page.wait_for_timeout(300)  # a tap also expands the node: the graph is drawn again
        got = page.evaluate(NODE_AND_TIP, [node])
        (a, b), tip = got["node"][:2], got["tip"]
        overlap = tip[0] < got["node"][2] and a < tip[2] and tip[1] < got["node"][3] and b < tip[3]
        assert not overlap, got


@pytest.mark.parametrize("md_uri", [urls.GRAPH, urls.GRAPH_FULL])
def test_graph_help_speaks_of_touch_too(md_uri, base_url, browser):
    """The help under each graph says what a finger does, not only the mouse and the scroll wheel."""
    with fresh_page(browser, **PHONE) as page:
        page.goto(base_url + urls.site_url(md_uri), wait_until="load")
        text = page.locator("article").inner_text()
        assert "轻点" in text and "手机上" in text, text[:400]
        if md_uri == urls.GRAPH_FULL:
            assert "双指" in text and "滚轮" in text
        else:
            assert "回车" in text  # the keyboard way through 展开任务


# ------------------------------------------------------------------ the full network on a phone
NARROW = PHONE | {"viewport": {"width": 320, "height": 640}}
ZOOMED = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}
"""A 1280×900 window at 200 % zoom: the page sees a 640×450 CSS viewport."""

FILTERED = """() => { const g = window.genheGraphs.find(g => g.view === 'main'), r = g.element.getBoundingClientRect(), full = {};
  window.GENHE_GRAPH.nodes.forEach(n => { full[n.id] = n.full_label; });
  const shown = g.nodes.get().filter(n => !n.hidden), at = g.network.getPositions(shown.map(n => n.id));
  return { ids: shown.map(n => n.id), height: r.height, screen: innerHeight,
    columns: new Set(shown.map(n => Math.round(at[n.id].x))).size,
    cut: shown.filter(n => n.label !== full[n.id]).map(n => n.id + ': ' + n.label),
    outside: shown.filter(n => { const b = g.network.getBoundingBox(n.id), a = g.network.canvasToDOM({x: b.left, y: b.top}),
      z = g.network.canvasToDOM({x: b.right, y: b.bottom}); return a.x < -1 || a.y < -1 || z.x > r.width + 1 || z.y > r.height + 1; }).map(n => n.id) }; }"""


def department_view(plan, dept: str) -> set[str]:
    """The nodes ?dept= shows, from the plan's graph: the tasks the department leads or supports, their
    neighbours, and the department."""
    G = graph_of(plan)
    me = f"department:{dept}"
    core = {v for _, v, rel in G.out_edges(me, data="relation") if rel in ("leads", "supports")}
    return {me} | core | {m for n in core for m in (*G.successors(n), *G.predecessors(n))}


@pytest.mark.parametrize("options", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_the_department_filter_reads_as_a_graph(options, plan, base_url, browser):
    """?dept=forestry on a phone was one column 3,000 px tall of labels cut to 12 characters."""
    with fresh_page(browser, **options) as page:
        page.goto(base_url + urls.site_url(urls.GRAPH_FULL) + "?dept=forestry", wait_until="load")
        placed(page, "main")
        labels, shape = page.evaluate(LABELS, "main"), page.evaluate(FILTERED)
        assert set(shape["ids"]) == department_view(plan, "forestry")
        assert labels["labelled"] == labels["total"] and labels["small"] == [] and labels["overlaps"] == [], labels
        assert shape["cut"] == [] and shape["outside"] == [], shape  # whole labels, all inside the figure
        assert shape["columns"] >= 2 and shape["height"] <= 3 * shape["screen"], shape


@pytest.mark.parametrize("options", [NARROW, PHONE, ZOOMED, DESKTOP], ids=["320px", "390px", "640px", "1280px"])
def test_full_network_chapter_labels_never_overlap(options, plan, base_url, browser):
    """At the first view only the chapters are labelled (layout.js labelSizes): 第十二章 was drawn over 前言."""
    chapters = {f"chapter:{c.id}" for c in plan.chapters}
    with fresh_page(browser, **options) as page:
        page.goto(base_url + urls.site_url(urls.GRAPH_FULL), wait_until="load")
        drawn(page, "main")
        page.wait_for_function(f"(v) => ({LABELS})(v).labelled >= {len(chapters)}", arg="main", timeout=15_000)
        got = page.evaluate(LABELS, "main")
        labelled = page.evaluate(
            "() => window.genheGraphs[0].nodes.get().filter(n => !n.hidden && n.font && n.font.size > 0).map(n => n.id)"
        )
        assert set(labelled) == chapters and got["small"] == [] and got["overlaps"] == [], got


# ------------------------------------------------------------------ reflow (WCAG 1.4.4, 1.4.10)
LOST = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const out = [], root = document.scrollingElement, name = el => el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ': ' + el.textContent.trim().slice(0, 20);
  if (root.scrollWidth > innerWidth) out.push('the page scrolls sideways by ' + (root.scrollWidth - innerWidth) + ' px');
  document.querySelectorAll('body *').forEach(el => {
    if (el.closest('script, style, noscript, svg, canvas, .vis-network') || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
    for (let a = el; a; a = a.parentElement) {  // visually hidden for screen readers only (a 1 px box): not lost
      const r = a.getBoundingClientRect();
      if (getComputedStyle(a).overflow !== 'visible' && (r.width <= 1 || r.height <= 1)) return;
    }
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim()), cs = getComputedStyle(el), r = el.getBoundingClientRect();
    if (!el.textContent.trim()) return;
    if (/hidden|clip/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) out.push('cut off (' + el.scrollWidth + ' > ' + el.clientWidth + ' px) ' + name(el));
    if (own && r.width > 0 && (r.right > innerWidth + 1 || r.left < -1)) out.push('past the edge ' + name(el));
  });
  return out; }"""


@pytest.mark.parametrize("options", [NARROW, ZOOMED], ids=["320px", "640px-200pct"])
def test_every_page_type_reflows_without_loss(options, base_url, browser):
    """At 320 px, and at 200 % zoom, no page scrolls sideways and no text is cut off, at the top of the
    page and scrolled down (where the header shows the page's title): the header's site name ended in "…"."""
    lost = {}
    with fresh_page(browser, **options) as page:
        for md_uri in PHONE_PAGES:
            page.goto(base_url + urls.site_url(md_uri), wait_until="load")
            page.add_style_tag(content=NO_MOTION)
            found = page.evaluate(LOST)
            page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
            page.wait_for_timeout(300)  # Material swaps the header's site name for the page title on scroll
            found += [f"scrolled: {f}" for f in page.evaluate(LOST)]
            if found:
                lost[md_uri] = found
    assert lost == {}, "\n".join(f"{p} ({len(f)}): {f[:5]}" for p, f in lost.items())
