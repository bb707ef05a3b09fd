"""Hostile data: markup and script payloads in every free-text field that is not checked against the
source text, built into a real site and opened in real Chromium. Nothing may run, every payload must
show as literal text, and no injected element or attribute may exist in the DOM."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, Watched, build_site, serve

from genhe_plan.present import urls

P_IMG = "<img src=x onerror=alert(1)>"
P_SCRIPT = "<script>alert(2)</script>"
P_ATTR = '" onmouseover="alert(3)'
P_HREF = '<a href="javascript:alert(4)">href 点此</a>'

# Each field gets its own alert number, so a dialog names the field that leaked.
DEPT = "eco"
DEPT_NAME = f"生态环境部门{P_IMG}"  # alert(1)
REMIT = f"生态环境监管{P_SCRIPT}{P_ATTR}"  # alert(2), alert(3)
INDICATOR = "ind-16"
RECONSTRUCTION = f"复原说明<img src=x onerror=alert(5)>{P_HREF}"  # alert(5), alert(4)
TARGET_METRIC_SUFFIX = '" onmouseover="alert(6)'
CONFLICT_PREFIX = '<script>alert(7)</script><a href="javascript:alert(8)">href 详情</a>'
PLACE = "manggui"
PLACE_NAME = "满归镇<img src=x onerror=alert(9)>"
REASON = '按职责" onmouseover="alert(10)<img src=x onerror=alert(11)>'
SUMMARY = "规划摘要<img src=x onerror=alert(12)><script>alert(13)</script>"

# Material's navigation chrome, where nav titles and the page title are printed: header (with the
# topic), tabs, both sidebars and every nav list. Department names reach all of them through the nav.
NAV_ZONES = ".md-header, .md-tabs, .md-sidebar, .md-nav"


def _read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def poison(data: Path) -> dict[str, str]:
    """Write the payloads into the copy at ``data``; return what was changed where (for messages)."""
    changed = {}
    f = data / "departments.yaml"
    d = _read(f)
    dept = next(x for x in d["departments"] if x["id"] == DEPT)
    assert dept["kind"] == "functional"
    dept["name"], dept["remit"] = DEPT_NAME, REMIT
    _write(f, d)

    f = data / "indicators.yaml"
    d = _read(f)
    next(x for x in d["indicators"] if x["id"] == INDICATOR)["reconstruction"] = RECONSTRUCTION
    _write(f, d)

    f = data / "targets.yaml"
    d = _read(f)
    target = next(x for x in d["targets"] if x.get("indicator") == INDICATOR and x["kind"] == "target")
    target["metric"] += TARGET_METRIC_SUFFIX
    changed["target_metric"] = target["metric"]
    changed["target_task"] = target["task"]
    _write(f, d)

    f = data / "conflicts.yaml"
    d = _read(f)
    conflict = d["conflicts"][0]
    conflict["summary"] = CONFLICT_PREFIX + conflict["summary"]
    changed["conflict"] = conflict["id"]
    _write(f, d)

    f = data / "places.yaml"
    d = _read(f)
    next(x for x in d["places"] if x["id"] == PLACE)["name"] = PLACE_NAME
    _write(f, d)

    f = data / "plan.yaml"
    d = _read(f)
    d["summary"][0] = SUMMARY + d["summary"][0]
    _write(f, d)

    for f in sorted((data / "chapters").glob("*.yaml")):
        d = _read(f)
        for para in [*d.get("paragraphs", []), *(p for s in d.get("sections", []) for p in s.get("paragraphs", []))]:
            lead = para.get("lead") or {}
            if lead.get("department") == DEPT and lead.get("basis") == "assigned":
                lead["reason"] = REASON
                changed["reason_task"] = para["id"]
                changed["reason_chapter"] = f.stem
                _write(f, d)
                return changed
    raise AssertionError("no task with an assigned lead of the eco department: update this test")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = root / "plan_data"
    shutil.copytree(DATA, data)
    changed = poison(data)
    done = build_site(root / "site", data)
    assert done.returncode == 0, "the build refused hostile text in free-text fields:\n" + done.stdout + done.stderr
    server = serve(root / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/", changed, root / "site"
    server.shutdown()


@pytest.fixture
def page_(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    yield watched
    context.close()


INJECTED_JS = """zones => Array.from(document.querySelectorAll(
        'img[src="x"], [onmouseover], [onerror], a[href^="javascript:"], script:not([type]), script[type*="javascript"], script[type="module"]'))
    .filter(e => e.tagName !== 'SCRIPT' || e.textContent.includes('alert('))
    .map(e => ({html: e.outerHTML.slice(0, 120), nav: !!e.closest(zones)}))"""


def injected(page) -> tuple[list[str], list[str]]:
    """(injected elements outside the navigation, injected elements inside it)."""
    found = page.evaluate(INJECTED_JS, NAV_ZONES)
    return [f["html"] for f in found if not f["nav"]], [f["html"] for f in found if f["nav"]]


def assert_inert(w: Watched) -> None:
    """No payload ran and none became an element or attribute, anywhere in the page."""
    page = w.page
    page.wait_for_timeout(150)
    assert w.dialogs == [], f"a payload ran: {w.dialogs}"
    outside, inside = injected(page)
    assert (outside, inside) == ([], []), f"injected elements: in the page {outside}, in the navigation {inside}"


def test_navigation_shows_department_name_literally(hostile, page_):
    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.department(DEPT)), wait_until="load")
    for zone in NAV_ZONES.split(", "):  # every zone is real on this page, or the check below proves nothing
        assert page.locator(zone).count() >= 1, f"{zone} matches nothing: Material's markup changed, update NAV_ZONES"
    # the name is printed in the navigation (sidebar link, header topic) — as text
    assert page.locator(".md-nav__link", has_text=DEPT_NAME).count() >= 1
    assert page.locator(".md-header__topic", has_text=DEPT_NAME).count() >= 1
    assert page_.dialogs == []
    assert injected(page)[1] == [], "a department name became markup in the navigation"
    assert_inert(page_)
    # the check itself can fail: an element planted in the sidebar nav is seen, and seen as navigation
    page.evaluate("""() => { const i = document.createElement('img'); i.setAttribute('src', 'x');
                             document.querySelector('.md-sidebar .md-nav__link').appendChild(i); }""")
    assert injected(page) == ([], ['<img src="x">'])


def shows(page, text: str) -> int:
    return page.get_by_text(text, exact=False).count()


def test_home_shows_summary_literally(hostile, page_):
    base, _, _ = hostile
    page_.page.goto(base, wait_until="load")
    assert shows(page_.page, SUMMARY) >= 1
    assert_inert(page_)


def test_department_page_shows_name_and_reason_literally(hostile, page_):
    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.department(DEPT)), wait_until="load")
    assert page.locator("h1").inner_text().startswith(DEPT_NAME)
    page.locator(".dept-kind").hover()
    badge = page.locator(".basis[title]").filter(has_text="按职责分配")
    titles = badge.evaluate_all("els => els.map(e => e.title)")
    assert REASON in titles
    badge.first.hover()
    assert_inert(page_)


def test_department_remit_shows_literally(hostile, page_):
    """The remit shows exactly as written: not as markup, and not with Markdown's backslash escapes."""
    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.department(DEPT)), wait_until="load")
    remit = page.locator(".dept-kind").inner_text()
    assert REMIT in remit, remit
    assert "\\(" not in remit, remit
    assert_inert(page_)


def test_task_finder_with_hostile_names_and_query(hostile, page_):
    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.TASKS) + f"?dept={DEPT}", wait_until="load")
    assert page.locator("#tf-dept option:checked").inner_text() == DEPT_NAME
    assert shows(page, DEPT_NAME) >= 1
    page.locator("#tf-q").fill("onerror=alert(1)>")
    page.wait_for_function("() => /显示 [1-9]\\d* 项/.test(document.getElementById('tf-count').textContent)")
    page.locator("#tf-q").fill(P_ATTR)
    page.wait_for_function("() => /显示 \\d+ 项/.test(document.getElementById('tf-count').textContent)")
    assert "onmouseover" in page.url  # the hostile query went to the address bar, encoded
    page.reload(wait_until="load")
    assert page.locator("#tf-q").input_value() == P_ATTR
    assert_inert(page_)


def test_indicator_page_shows_reconstruction_and_metric_literally(hostile, page_):
    base, changed, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.indicator(INDICATOR)), wait_until="load")
    assert shows(page, RECONSTRUCTION) >= 1
    assert shows(page, changed["target_metric"]) >= 1
    page.get_by_text(changed["target_metric"]).first.hover()
    assert_inert(page_)


@pytest.mark.parametrize(
    "md_uri, literal",
    [
        (urls.CONFLICTS, CONFLICT_PREFIX),
        (urls.PLACES, PLACE_NAME),
        (urls.TIMELINE, TARGET_METRIC_SUFFIX),
        (urls.DEPARTMENTS, DEPT_NAME),
        (urls.ANALYSIS, DEPT_NAME),
    ],
)
def test_listing_pages_show_payloads_literally(hostile, page_, md_uri, literal):
    base, _, _ = hostile
    page_.page.goto(base + urls.html_path(md_uri), wait_until="load")
    assert shows(page_.page, literal) >= 1, f"{md_uri} does not show {literal!r} as text"
    assert_inert(page_)


def test_chapter_page_shows_reason_literally(hostile, page_):
    base, changed, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.chapter(changed["reason_chapter"])) + f"#{changed['reason_task']}", wait_until="load")
    task = page.locator(f"[data-task='{changed['reason_task']}']")
    assert REASON in task.inner_text()
    assert REASON in task.locator(".basis").evaluate_all("els => els.map(e => e.title)")
    task.locator(".basis").first.hover()
    assert shows(page, DEPT_NAME) >= 1
    assert_inert(page_)


def test_graph_search_and_tooltip_with_hostile_labels(hostile, page_):
    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.GRAPH_FULL), wait_until="load")
    page.wait_for_selector("#graph-full .graph-canvas canvas", timeout=20_000)
    page.locator("#graph-search").fill("onerror=alert(1)")
    page.wait_for_function("() => document.getElementById('graph-status').textContent.includes('已找到')", timeout=10_000)
    page.locator("#graph-full .graph-canvas").evaluate("el => el.scrollIntoView({block: 'end'})")  # see test_browser_pages: hover jump
    status = page.locator("#graph-status").inner_text()
    assert P_IMG in status, status
    node = page.evaluate("() => window.genheGraphs.find(g => g.view === 'main').network.getSelectedNodes()[0]")
    spot = page.evaluate(
        """id => { const g = window.genheGraphs.find(g => g.view === 'main'), d = g.network.canvasToDOM(g.network.getPositions([id])[id]);
                   const r = g.element.getBoundingClientRect(); return {x: r.left + d.x, y: r.top + d.y}; }""",
        node,
    )
    page.mouse.move(spot["x"] - 30, spot["y"] - 30)
    page.mouse.move(spot["x"], spot["y"], steps=5)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    assert P_IMG in tip.inner_text(), tip.inner_text()
    assert_inert(page_)


def hover_node(page, view: str, node: str) -> str:
    """Move the mouse onto ``node`` of the drawn graph ``view``; the tooltip's text."""
    page.locator(f".graph-canvas[data-graph-view='{view}']").first.evaluate("el => el.scrollIntoView({block: 'center'})")
    spot = page.evaluate(
        """([view, id]) => { const g = window.genheGraphs.find(g => g.view === view);
                   const d = g.network.canvasToDOM(g.network.getPositions([id])[id]);
                   const r = g.element.getBoundingClientRect(); return {x: r.left + d.x, y: r.top + d.y}; }""",
        [view, node],
    )
    page.mouse.move(spot["x"] - 30, spot["y"] - 30)
    page.mouse.move(spot["x"], spot["y"], steps=5)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return tip.inner_text()


def test_graph_overview_with_hostile_labels(hostile, page_):
    """The overview's nodes, its expanded task list and the tooltips show the payloads as text."""
    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.GRAPH), wait_until="load")
    page.wait_for_function("() => (window.genheGraphs || []).some(g => g.view === 'overview')", timeout=20_000)
    assert P_IMG in hover_node(page, "overview", f"department:{DEPT}")
    page.select_option("#graph-ov-expand", f"department:{DEPT}")
    page.wait_for_function("() => document.querySelectorAll('#graph-ov-list li').length > 0")
    assert shows(page, DEPT_NAME) >= 1
    assert_inert(page_)


def test_neighbourhood_with_hostile_labels(hostile, page_):
    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.department(DEPT)), wait_until="load")
    page.locator("figure.graph-neighbourhood").scroll_into_view_if_needed()
    page.wait_for_function("() => (window.genheGraphs || []).some(g => g.view === 'focus')", timeout=20_000)
    assert P_IMG in hover_node(page, "focus", f"department:{DEPT}")
    assert_inert(page_)


def test_site_search_shows_hostile_title_literally(hostile, page_):
    base, _, _ = hostile
    page = page_.page
    page.goto(base, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("生态环境部门")
    page.wait_for_function("() => document.documentElement.dataset.gsQuery === '生态环境部门'", timeout=20_000)
    titles = page.locator("#gs-header-list li.md-search-result__item .gs-title").all_inner_texts()
    assert DEPT_NAME in titles, titles
    details = page.locator("#gs-header-list li.md-search-result__item").all_inner_texts()
    assert any(f"牵头：{DEPT_NAME}" in d for d in details)
    assert_inert(page_)


@pytest.mark.parametrize("query", [PLACE_NAME, "onerror=alert(1)>", P_ATTR, P_SCRIPT])
def test_search_page_with_hostile_data_and_query(hostile, page_, query):
    """Hostile names in results and hostile text as the query: shown as text, highlighted as text."""
    from urllib.parse import quote

    base, _, _ = hostile
    page = page_.page
    page.goto(base + urls.html_path(urls.SEARCH) + "?q=" + quote(query), wait_until="load")
    page.wait_for_function("() => !document.getElementById('gs-status').textContent.includes('JavaScript')")
    assert page.locator("#gs-q").input_value() == query
    if query in (PLACE_NAME, "onerror=alert(1)>"):
        page.wait_for_function("() => document.querySelectorAll('#gs-results li').length > 0")
        marks = page.locator("#gs-results mark").all_inner_texts()
        assert query in marks, marks
    assert_inert(page_)
