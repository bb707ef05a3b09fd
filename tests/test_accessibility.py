"""axe-core (axe_playwright_python) on every kind of page, in real Chromium over HTTP.

No violation of impact "critical" or "serious" is allowed; on the page types a resident opens on a
phone (PHONE_PAGES, at 390 px) none of any impact. The assertion message lists each violation
with its rule, help text and the offending elements, so a failure says exactly what to fix.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PHONE, fresh_page

from genhe_plan.present import urls

PAGES = [
    urls.HOME,
    urls.chapter("ch09"),
    urls.TASKS,
    urls.INDICATORS,
    urls.indicator("ind-16"),
    urls.DEPARTMENTS,
    urls.department("eco"),
    urls.TIMELINE,
    urls.GRAPH,
    urls.GRAPH_FULL,
    urls.ANALYSIS,
    urls.DATA,
    urls.SOURCE,
    urls.box("box-08"),
    urls.PLACES,
    urls.SEARCH,
    urls.PROGRESS,
    urls.PLAN_ISSUES,
    urls.CHANGES,
]
BLOCKING = {"critical", "serious"}
PHONE_PAGES = [
    urls.HOME,
    urls.chapter("ch09"),
    urls.indicator("ind-16"),
    urls.department("forestry"),
    urls.GRAPH,
    urls.PROGRESS,
    urls.SEARCH,
    urls.PLACES,
    urls.PLAN_ISSUES,
]
"""The page types a resident opens on a phone (issue 21): axe at 390 px allows no violation of any impact."""


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:4]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:240]}")
    return "\n".join(lines)


NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def audit(axe, page) -> list[dict]:
    """Blocking violations on the page as it rests. Why transitions are switched off first: axe scrolls
    elements into view to measure them, Material then fades its header tabs, and a colour sampled
    halfway through a fade is not what anyone reads."""
    page.add_style_tag(content=NO_MOTION)
    return [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]


def audit_all(axe, page) -> list[dict]:
    """Every violation, whatever its impact (moderate and minor too)."""
    page.add_style_tag(content=NO_MOTION)
    return axe.run(page).response["violations"]


@pytest.fixture(scope="module")
def phone_page(browser):
    with fresh_page(browser, **PHONE) as page:
        yield page


@pytest.mark.parametrize("md_uri", PHONE_PAGES)
def test_phone_pages_have_no_violations_at_all(md_uri, axe, base_url, phone_page):
    phone_page.goto(base_url + urls.html_path(md_uri), wait_until="load")
    phone_page.wait_for_function("() => document.querySelector('[data-toggle=__drawer]') !== null")  # a11y.js has run
    bad = audit_all(axe, phone_page)
    assert bad == [], f"{md_uri} at 390 px:\n{describe(bad)}"


@pytest.fixture(scope="module")
def shared_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("md_uri", PAGES)
def test_no_serious_accessibility_violations(md_uri, axe, base_url, shared_page):
    page = shared_page
    page.goto(base_url + urls.html_path(md_uri), wait_until="load")
    if md_uri in (urls.GRAPH, urls.GRAPH_FULL):
        page.wait_for_selector(".graph-canvas canvas", timeout=20_000)
    if page.locator("figure.graph-neighbourhood").count():  # the lazy view drawn, not its placeholder
        page.locator("figure.graph-neighbourhood").first.scroll_into_view_if_needed()
        page.wait_for_selector("figure.graph-neighbourhood canvas", timeout=20_000)
    if md_uri == urls.TASKS:
        page.wait_for_function("() => document.querySelector('.task-finder thead th button') !== null")
    bad = audit(axe, page)
    assert bad == [], f"{md_uri}:\n{describe(bad)}"


def test_graph_views_opened_have_no_serious_violations(axe, base_url, watched):
    """The overview with tasks expanded and supporting departments shown, then the full network."""
    page = watched.page
    page.goto(base_url + urls.html_path(urls.GRAPH), wait_until="load")
    page.wait_for_function("() => (window.genheGraphs || []).some(g => g.view === 'overview')", timeout=20_000)
    page.locator("#graph-ov-support").check()
    page.select_option("#graph-ov-expand", "indicator:ind-16")
    page.wait_for_selector("#graph-ov-list li a")
    bad = audit(axe, page)
    assert bad == [], describe(bad)
    page.locator("#graph-to-full").click()
    page.wait_for_function("() => (window.genheGraphs || []).some(g => g.view === 'main')", timeout=20_000)
    bad = audit(axe, page)
    assert bad == [], describe(bad)


def test_open_search_dialog_has_no_serious_violations(axe, base_url, watched):
    """The search overlay with results showing: Material's markup plus our overrides/partials/search.html."""
    page = watched.page
    page.goto(base_url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("医疗废物")
    box.press("End")
    page.wait_for_selector("li.md-search-result__item", timeout=20_000)
    bad = audit(axe, page)
    assert bad == [], describe(bad)


def test_search_page_with_results_has_no_serious_violations(axe, base_url, watched):
    page = watched.page
    page.goto(base_url + urls.html_path(urls.SEARCH) + "?q=医疗废物&type=task", wait_until="load")
    page.wait_for_selector("#gs-results li.md-search-result__item", timeout=20_000)
    bad = audit(axe, page)
    assert bad == [], describe(bad)


def test_axe_sees_a_planted_violation(axe, base_url, watched):
    """The audit can fail: an image without alt text and an unlabeled input are caught."""
    page = watched.page
    page.goto(base_url, wait_until="load")
    page.evaluate(
        """() => { const a = document.querySelector('article');
                   a.insertAdjacentHTML('beforeend', '<img src="assets/images/favicon.png"><input type="text">'); }"""
    )
    ids = {v["id"] for v in audit(axe, page)}
    assert {"image-alt", "label"} <= ids, ids


@pytest.mark.parametrize(("md_uri", "second"), [(urls.department("eco"), "期限"), (urls.PROGRESS, "类别")])
def test_stacked_tables_reflow_on_a_phone(md_uri, second, axe, base_url, browser):
    """At 390 px a department's task tables and the 进展 page's tables (lists and counts) show one block per row,
    each cell after its column's heading (a11y.js + site.css), so nothing scrolls sideways; still no
    blocking axe violation."""
    with fresh_page(browser, **PHONE) as page:
        page.goto(base_url + urls.html_path(md_uri), wait_until="load")
        page.wait_for_selector(".stack-table--labelled")
        report = page.evaluate(
            """() => Array.from(document.querySelectorAll('.stack-table table')).map(t => ({
                 labels: Array.from(t.querySelectorAll('tbody td')).every(td => td.dataset.label),
                 heads: Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim()),
                 wide: t.closest('.md-typeset__scrollwrap, .stack-table').scrollWidth > t.closest('.md-typeset__scrollwrap, .stack-table').clientWidth + 1,
                 shown: getComputedStyle(t.querySelector('tbody tr')).display }))"""
        )
        assert report and all(r["labels"] for r in report) and report[0]["heads"][1] == second, report
        assert [r for r in report if r["wide"] or r["shown"] != "block"] == [], report
        label = page.evaluate("() => getComputedStyle(document.querySelector('.stack-table tbody td:nth-child(2)'), '::before').content")
        assert second in label, label
        bad = audit(axe, page)
        assert bad == [], describe(bad)
