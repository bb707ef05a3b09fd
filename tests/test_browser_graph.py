"""The graph views in real Chromium: the overview and its expansion, the toggle to the full network,
lazy loading (nothing graph-related is fetched before a view is opened), and the offline build from
file://. Expected numbers come from the ``plan`` fixture and the plan graph, not from the page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import PHONE, fresh_page

from genhe_plan.graph import graph_of, indicator_links
from genhe_plan.present import urls

GRAPH_CODE = ("vis-network.min.js", "assets/graph/")


def graph_requests(watched) -> list[str]:
    return [u for u in watched.requests if any(x in u for x in GRAPH_CODE)]


def drawn(page, view: str, timeout: int = 20_000) -> None:
    page.wait_for_function(f"() => (window.genheGraphs || []).some(g => g.view === '{view}')", timeout=timeout)


def view_nodes(page, view: str) -> list[str]:
    return page.evaluate(f"() => window.genheGraphs.find(g => g.view === '{view}').nodes.getIds()")


def click_node(page, view: str, node: str) -> None:
    """A real mouse click on ``node`` of the drawn graph ``view`` (scrolled into view first)."""
    page.locator(f".graph-canvas[data-graph-view='{view}']").evaluate("el => el.scrollIntoView({block: 'center'})")
    spot = page.evaluate(
        """([view, id]) => { const g = window.genheGraphs.find(g => g.view === view);
                   const d = g.network.canvasToDOM(g.network.getPositions([id])[id]), r = g.element.getBoundingClientRect();
                   return {x: r.left + d.x, y: r.top + d.y, inside: d.x > 0 && d.y > 0 && d.x < r.width && d.y < r.height}; }""",
        [view, node],
    )
    assert spot["inside"], spot
    page.mouse.click(spot["x"], spot["y"])


@pytest.fixture(scope="module")
def links(plan):
    return indicator_links(plan, graph_of(plan))


# ------------------------------------------------------------------ the overview
def test_overview_shows_indicators_with_their_departments_and_chapters(plan, links, base_url, watched):
    page = watched.page
    page.goto(base_url + urls.html_path(urls.GRAPH), wait_until="load")
    drawn(page, "overview")
    ids = set(view_nodes(page, "overview"))
    leading = {f"department:{d}" for r in links for d, x in r["departments"].items() if x["lead"]}
    chapters = {f"chapter:{c}" for r in links for c in r["chapters"]}
    assert ids == {f"indicator:{i.id}" for i in plan.indicators} | leading | chapters
    unmoved = [r["id"] for r in links if not r["tasks"]]
    labels = page.evaluate("() => window.genheGraphs[0].nodes.get().filter(n => /没有任务推动/.test(n.label)).map(n => n.id)")
    assert labels == [f"indicator:{i}" for i in unmoved]
    # the text alternative beside it: one row per indicator, and the unmoved named in the intro
    rows = page.evaluate(
        """() => { let el = [...document.querySelectorAll('h2')].find(h => h.textContent.includes('指标由谁承担'));
                   while (el && !el.querySelector('table') && el.tagName !== 'TABLE') el = el.nextElementSibling;
                   return el ? el.querySelectorAll('tbody tr').length || el.tBodies[0].rows.length : 0; }"""
    )
    assert rows == len(plan.indicators)
    assert "graph-data.js" not in " ".join(watched.requests), "the whole graph loads only for the full network"
    assert watched.console_errors == [] and watched.foreign(base_url.rstrip("/")) == []


def test_clicking_an_indicator_expands_its_tasks_and_a_second_click_collapses(plan, links, base_url, watched):
    page = watched.page
    page.goto(base_url + urls.html_path(urls.GRAPH), wait_until="load")
    drawn(page, "overview")
    row = max(links, key=lambda r: len(r["tasks"]))
    before = set(view_nodes(page, "overview"))
    click_node(page, "overview", f"indicator:{row['id']}")
    page.wait_for_function("() => document.querySelectorAll('#graph-ov-list li').length > 0")
    tasks = set(view_nodes(page, "overview")) - before
    assert tasks == {f"task:{t}" for t in row["tasks"]}
    assert page.locator("#graph-ov-list li a").count() == len(row["tasks"])
    assert f"共 {len(row['tasks'])} 项推动指标的任务" in page.locator("#graph-ov-status").inner_text()  # says what it counts
    # a task opens its place in the plan text
    href = page.locator("#graph-ov-list li a").first.get_attribute("href")
    assert urls.html_path(urls.chapter(plan.where[row["tasks"][0]].chapter.id)).rstrip("/") in href
    click_node(page, "overview", f"indicator:{row['id']}")
    page.wait_for_function("() => document.querySelectorAll('#graph-ov-list li').length === 0")
    assert set(view_nodes(page, "overview")) == before
    assert watched.console_errors == []


def test_keyboard_expands_from_the_select_and_supporting_departments_join(plan, links, base_url, watched):
    page = watched.page
    page.goto(base_url + urls.html_path(urls.GRAPH), wait_until="load")
    drawn(page, "overview")
    page.locator("#graph-ov-expand").focus()
    page.keyboard.press("ArrowDown")  # an arrow key moves the choice, Enter expands it (graph.js overviewEvents)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#graph-ov-list li').length > 0")
    first = links[0]
    assert page.locator("#graph-ov-list li").count() == len(first["tasks"])
    page.locator("#graph-ov-support").check()
    every = {f"department:{d}" for r in links for d in r["departments"]}
    page.wait_for_function("n => window.genheGraphs[0].nodes.get().filter(x => x.type === 'department').length === n", arg=len(every))
    page.locator("#graph-ov-collapse").click()
    assert page.locator("#graph-ov-list li").count() == 0


def test_the_overview_and_the_full_network_link_to_each_other(plan, base_url, watched):
    page = watched.page
    page.goto(base_url + urls.html_path(urls.GRAPH), wait_until="load")
    drawn(page, "overview")
    page.locator("#graph-to-full").click()
    page.wait_for_url(lambda u: urlsplit(u).path.endswith(urls.html_path(urls.GRAPH_FULL)))
    drawn(page, "main")
    assert len(view_nodes(page, "main")) == graph_of(plan).number_of_nodes()
    assert any(u.endswith("assets/graph/graph-data.js") for u in watched.requests)
    page.select_option("#graph-chapter", "ch05")
    assert parse_qs(urlsplit(page.url).query) == {"chapter": ["ch05"]}, "the filter is kept in the address"
    page.locator("#graph-to-overview").click()
    page.wait_for_url(lambda u: urlsplit(u).path.endswith(urls.html_path(urls.GRAPH)))
    drawn(page, "overview")
    assert watched.console_errors == []


def test_an_old_full_network_address_goes_on_to_its_page_with_its_filter(base_url, watched):
    """The full network used to be a panel of the 图谱 page (?view=full&dept=…); such links still work."""
    page = watched.page
    page.goto(base_url + urls.html_path(urls.GRAPH) + "?view=full&dept=eco", wait_until="load")
    page.wait_for_url(lambda u: urlsplit(u).path.endswith(urls.html_path(urls.GRAPH_FULL)))
    drawn(page, "main")
    assert parse_qs(urlsplit(page.url).query) == {"dept": ["eco"]}
    assert page.locator("#graph-department").input_value() == "eco"
    assert watched.console_errors == []


# ------------------------------------------------------------------ lazy loading
@pytest.mark.parametrize("md_uri", [urls.HOME, urls.TASKS, urls.chapter("ch05")])
def test_pages_without_a_graph_fetch_nothing_graph_related(md_uri, base_url, watched):
    page = watched.page
    page.goto(base_url + urls.html_path(md_uri), wait_until="load")
    page.wait_for_load_state("networkidle")
    assert graph_requests(watched) == [] and not [u for u in watched.requests if "graph.css" in u]


def test_department_page_loads_vis_network_and_its_own_data_only_when_the_figure_is_reached(base_url, watched):
    page = watched.page
    page.goto(base_url + urls.html_path(urls.department("eco")), wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert [u for u in graph_requests(watched) if "graph.css" not in u] == [], "nothing before the figure is reached"
    page.locator("figure.graph-neighbourhood").scroll_into_view_if_needed()
    drawn(page, "focus")
    fetched = [u.rsplit("/", 1)[1] for u in graph_requests(watched) if not u.endswith(".css")]
    assert sorted(fetched) == ["eco.js", "graph.js", "layout.js", "vis-network.min.js"], fetched
    assert page.locator("figure.graph-neighbourhood canvas").is_visible()
    assert watched.console_errors == []


def test_the_open_button_draws_the_neighbourhood_without_scrolling(base_url, browser):
    """No IntersectionObserver (old browser): the button in the placeholder still opens the view."""
    with fresh_page(browser) as page:
        page.add_init_script("delete window.IntersectionObserver")
        page.goto(base_url + urls.html_path(urls.indicator("ind-16")), wait_until="load")
        page.locator("figure.graph-neighbourhood .graph-open").click()
        drawn(page, "focus")
        assert page.locator("figure.graph-neighbourhood .graph-open").count() == 0


# ------------------------------------------------------------------ offline build from disk
def test_offline_build_draws_every_view_from_file_urls(offline_site_dir, browser):
    with fresh_page(browser) as page:
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((offline_site_dir / "departments" / "eco.html").as_uri(), wait_until="load")
        page.locator("figure.graph-neighbourhood").scroll_into_view_if_needed()
        drawn(page, "focus")
        page.goto((offline_site_dir / "graph.html").as_uri(), wait_until="load")
        drawn(page, "overview")
        page.locator("#graph-to-full").click()
        page.wait_for_url(lambda u: u.endswith("/graph/full.html"))
        drawn(page, "main")
        href = page.evaluate("() => window.genheGraphs.find(g => g.view === 'main').element.closest('.graph-wrap') !== null")
        assert href and errors == []


def test_neighbourhood_labels_fit_inside_a_phone_wide_figure(base_url, browser):
    """The neighbourhood cannot be zoomed by the reader, so every node's label must be inside the figure."""
    with fresh_page(browser, **PHONE) as page:
        page.goto(base_url + urls.html_path(urls.indicator("ind-16")), wait_until="load")
        page.locator("figure.graph-neighbourhood").scroll_into_view_if_needed()
        drawn(page, "focus")
        page.wait_for_timeout(300)  # the second fit, after the first frame measured the labels
        outside = page.evaluate(
            """() => { const g = window.genheGraphs.find(g => g.view === 'focus'), r = g.element.getBoundingClientRect();
                       return g.nodes.getIds().filter(id => { const b = g.network.getBoundingBox(id);
                         const a = g.network.canvasToDOM({x: b.left, y: b.top}), z = g.network.canvasToDOM({x: b.right, y: b.bottom});
                         return a.x < -1 || a.y < -1 || z.x > r.width + 1 || z.y > r.height + 1; }); }"""
        )
        assert outside == []


# ------------------------------------------------------------------ readable on a phone (issue 21)
# Each labelled node: its label's size on screen (CSS px) and its box on screen; overlaps measured by
# the layout module's own check on what vis-network drew.
LABELS = """(view) => { const g = window.genheGraphs.find(g => g.view === view), s = g.network.getScale(), r = g.element.getBoundingClientRect();
  const shown = g.nodes.get().filter(n => !n.hidden && n.font && n.font.size > 0), boxes = {};
  shown.forEach(n => { const b = g.network.getBoundingBox(n.id), a = g.network.canvasToDOM({x: b.left, y: b.top}), z = g.network.canvasToDOM({x: b.right, y: b.bottom});
    boxes[n.id] = {x: (a.x + z.x) / 2, y: (a.y + z.y) / 2, w: z.x - a.x, h: z.y - a.y}; });
  const inside = shown.filter(n => { const b = boxes[n.id]; return b.x > 0 && b.y > 0 && b.x < r.width && b.y < r.height; });
  return { total: g.nodes.get().filter(n => !n.hidden).length, labelled: shown.length, inside: inside.length,
           small: inside.filter(n => n.font.size * s < 12 - 1e-6).map(n => n.id + ' ' + (n.font.size * s).toFixed(1) + 'px'),
           overlaps: window.genheGraphLayout.overlaps(boxes, 1) }; }"""


def placed(page, view: str) -> None:
    drawn(page, view)
    page.wait_for_function(
        f"() => document.querySelector(\".graph-canvas[data-graph-view='{view}']\").hasAttribute('data-graph-placed')", timeout=20_000
    )
    page.wait_for_timeout(200)


@pytest.mark.parametrize("options", [PHONE, {"viewport": {"width": 1280, "height": 900}}], ids=["phone", "desktop"])
def test_overview_labels_are_readable_as_drawn_and_never_overlap(plan, options, base_url, browser):
    with fresh_page(browser, **options) as page:
        page.goto(base_url + urls.html_path(urls.GRAPH), wait_until="load")
        placed(page, "overview")
        got = page.evaluate(LABELS, "overview")
        assert got["labelled"] == got["total"] >= len(plan.indicators), got
        assert got["small"] == [] and got["overlaps"] == [], got
        page.select_option("#graph-ov-expand", "department:forestry")  # expanded: tasks join, still readable
        page.wait_for_function("() => document.querySelectorAll('#graph-ov-list li').length > 0")
        page.wait_for_timeout(400)
        got = page.evaluate(LABELS, "overview")
        assert got["small"] == [] and got["overlaps"] == [], got


@pytest.mark.parametrize("options", [PHONE, {"viewport": {"width": 1280, "height": 900}}], ids=["phone", "desktop"])
@pytest.mark.parametrize("md_uri", [urls.department("forestry"), urls.indicator("ind-16")])
def test_neighbourhood_labels_do_not_overlap_and_read_at_12_px(md_uri, options, base_url, browser):
    with fresh_page(browser, **options) as page:
        page.goto(base_url + urls.html_path(md_uri), wait_until="load")
        page.locator("figure.graph-neighbourhood").scroll_into_view_if_needed()
        placed(page, "focus")
        got = page.evaluate(LABELS, "focus")
        assert got["labelled"] == got["total"] > 1 and got["small"] == [] and got["overlaps"] == [], got


def test_full_network_on_a_phone_labels_what_the_zoom_and_a_filter_show(base_url, browser):
    with fresh_page(browser, **PHONE) as page:
        page.goto(base_url + urls.html_path(urls.GRAPH_FULL), wait_until="load")
        drawn(page, "main")
        page.wait_for_timeout(300)
        whole = page.evaluate(LABELS, "main")
        assert 0 < whole["labelled"] < whole["total"] and whole["small"] == [], whole  # chapters only, at 12 px or more
        page.evaluate(
            """() => { const g = window.genheGraphs[0], p = g.network.getPositions(['department:forestry'])['department:forestry'];
                       g.network.moveTo({ position: p, scale: 1, animation: false }); }"""
        )
        # the labels follow the zoom on vis-network's next redraw: wait for it (slow on a loaded machine), then check
        page.wait_for_function(f"(v) => ({LABELS})(v).inside >= 3", arg="main", timeout=15_000)
        near = page.evaluate(LABELS, "main")
        assert near["inside"] >= 3 and near["small"] == [], near  # zoomed in: the nodes in view are labelled
        page.select_option("#graph-department", "forestry")
        page.wait_for_function("() => document.querySelector('#graph-canvas').hasAttribute('data-graph-placed')")
        page.wait_for_function(
            f"([v, n]) => {{ const s = ({LABELS})(v); return s.total < n && s.labelled === s.total; }}",
            arg=["main", whole["total"]],
            timeout=15_000,
        )
        sub = page.evaluate(LABELS, "main")
        assert sub["labelled"] == sub["total"] < whole["total"] and sub["small"] == [] and sub["overlaps"] == [], sub
