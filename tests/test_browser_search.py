"""Site search in real Chromium: real queries typed into the header search box, real result lists.

A "result" is one ``li.md-search-result__item`` of the header box (docs/assets/search/search.js); its
link goes to one record's permalink. Every expectation is derived from the plan data, so renumbered
ids don't break it. Engine-level guarantees (containment, variants, ranking) are in test_search_engine.py.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import Watched

from genhe_plan.present import urls
from genhe_plan.present.labels import deadline_label

TOP = 3


def run_search(page, query: str, timeout: float = 20_000) -> tuple[str, list[list[str]]]:
    """Type ``query`` into the header search box; return (status text, [[href of one result], …])."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.wait_for_function("q => document.documentElement.dataset.gsQuery === q", arg=query, timeout=timeout)
    meta = page.inner_text("#gs-header-meta")
    groups = page.eval_on_selector_all(
        "#gs-header-list li.md-search-result__item",
        "els => els.map(li => Array.from(li.children).filter(c => c.tagName === 'A').map(a => a.href))",
    )
    return meta, groups


def where(href: str, root: str) -> tuple[str, str]:
    """Absolute result href → (site path like 'plan/ch09/', anchor or '')."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    root_path = urlsplit(root).path
    assert path.startswith(root_path), (href, root)
    return path[len(root_path) :], unquote(parts.fragment)


def page_of(md_uri: str) -> str:
    return urls.html_path(md_uri)


def anchored(md_ref: str) -> tuple[str, str]:
    path, _, anchor = md_ref.partition("#")
    return page_of(path), anchor


def expected_for(plan, query: str) -> set[tuple[str, str | None]]:
    """Pages (anchor None = any link to that page) and anchors a searcher for ``query`` wants to find."""
    want: set[tuple[str, str | None]] = set()
    for ind in plan.indicators:
        if query in ind.name:
            want.add((page_of(urls.indicator(ind.id)), None))
    for d in plan.departments:
        if query in d.name:
            want.add((page_of(urls.department(d.id)), None))
    for pl in plan.places:
        if query in pl.name or any(query in a for a in pl.aliases):
            want.add((page_of(urls.PLACES), pl.id))
            want |= {anchored(f"{urls.chapter(plan.where[p.id].chapter.id)}#{p.id}") for p in plan.paragraphs_at.get(pl.id, [])}
    for t in plan.tasks:
        if query in (t.title or ""):
            want.add(anchored(f"{urls.chapter(plan.where[t.id].chapter.id)}#{t.id}"))
    for box in plan.boxes:
        for pr in box.projects:
            if query in pr.title:
                want.add(anchored(f"{urls.box(box.id)}#{pr.id}"))
    if not want:  # nothing is named after the query: the tasks whose text says it
        for t in plan.tasks:
            if query in t.text:
                want.add(anchored(f"{urls.chapter(plan.where[t.id].chapter.id)}#{t.id}"))
    return want


def hit(found: list[list[tuple[str, str]]], want: set[tuple[str, str | None]]) -> bool:
    for group in found:
        for path, anchor in group:
            if (path, anchor) in want or (path, None) in want:
                return True
    return False


QUERIES = [
    pytest.param("医疗废物", id="medical-waste"),
    pytest.param("森林覆盖率", id="forest-cover"),
    pytest.param("生态环境部门", id="eco-dept"),
    pytest.param("满归镇", id="manggui"),
    pytest.param("黑臭水体", id="black-odorous-water"),
    pytest.param("清洁取暖", id="clean-heating"),
    pytest.param("尾矿库", id="tailings"),
    pytest.param("生态保护红线", id="redline"),
    pytest.param("12369", id="hotline-12369"),
    pytest.param("农村生活污水", id="rural-sewage"),
    pytest.param("贝尔茨河", id="beierci"),
]


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    """One home page for all queries: each query replaces the last one in the box."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    watched.page.goto(base_url, wait_until="load")
    yield watched
    context.close()


@pytest.mark.parametrize("query", QUERIES)
def test_query_finds_expected_page_in_top_three(query, plan, base_url, search_page):
    want = expected_for(plan, query)
    assert want, f"the plan data no longer names anything after {query!r}: update this test"
    meta, groups = run_search(search_page.page, query)
    found = [[where(h, base_url) for h in g] for g in groups[:TOP]]
    assert search_page.console_errors == []
    assert search_page.foreign(base_url.rstrip("/")) == []
    assert hit(found, want), f"{query!r}: none of {sorted(want, key=str)} in the first {TOP} results; meta {meta!r}, got {found}"


def test_year_query_returns_results(base_url, search_page):
    meta, groups = run_search(search_page.page, "2025")
    assert groups, f"no results for 2025; meta {meta!r}"
    assert "没有找到" not in meta
    assert search_page.console_errors == []


def test_result_shows_type_chapter_department_deadline_and_marked_sentence(plan, search_page):
    task = next(t for t in plan.tasks if "医疗废物" in (t.title or ""))
    run_search(search_page.page, "医疗废物")
    first = search_page.page.locator("#gs-header-list li").first
    text = first.inner_text()
    assert "任务" in text and "第九章" in text
    assert plan.department(task.lead.department).name in text
    assert all(deadline_label(d) in text for d in plan.deadlines(task.id))
    assert first.locator("mark").first.inner_text() == "医疗废物"


def test_a_results_state_mark_is_as_large_as_its_meta_line(search_page):
    """The state mark (.status, .72em elsewhere) in a result's meta line reads at the line's size, not smaller."""
    run_search(search_page.page, "医疗废物")
    sizes = search_page.page.evaluate(
        """() => Array.from(document.querySelectorAll('#gs-header-list .gs-meta .status')).map(s =>
             [parseFloat(getComputedStyle(s).fontSize), parseFloat(getComputedStyle(s.parentElement).fontSize)])"""
    )
    assert sizes and all(mark >= line for mark, line in sizes), sizes


def test_clicking_the_result_opens_the_task(plan, base_url, watched):
    task = next(t for t in plan.tasks if "医疗废物" in (t.title or ""))
    chapter = page_of(urls.chapter(plan.where[task.id].chapter.id))
    page = watched.page
    page.goto(base_url, wait_until="load")
    run_search(page, "医疗废物")
    link = page.locator("#gs-header-list li.md-search-result__item > a").first
    href = link.evaluate("a => a.href")
    assert where(href, base_url) == (chapter, task.id)
    link.click()
    page.wait_for_url(lambda u: urlsplit(u).path.endswith(chapter) and urlsplit(u).fragment == task.id)
    heading = page.locator(f"[id='{task.id}']")
    assert heading.count() == 1
    assert task.title.rstrip("。") in heading.inner_text()
    assert watched.console_errors == []


def test_keyboard_only_search(plan, base_url, watched):
    """'/' focuses the box, typing searches, ↓ walks the results, Enter opens one, Esc closes the box."""
    page = watched.page
    page.goto(base_url + urls.html_path(urls.chapter("ch03")), wait_until="load")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "gs-header-q"
    page.keyboard.type("黑臭水体")
    page.wait_for_function("() => document.documentElement.dataset.gsQuery === '黑臭水体'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#gs-header-list a.gs-link").nth(1)
    assert page.evaluate("() => document.activeElement.classList.contains('gs-link')")
    assert second.evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "gs-header-q"
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.getElementById('__search').checked") is False
    page.keyboard.press("/")
    first = page.locator("#gs-header-list a.gs-link").first.evaluate("a => a.href")
    page.keyboard.press("Enter")  # Enter in the box opens the first result
    page.wait_for_url(first)
    assert watched.console_errors == []


def test_phone_width_search_opens_and_fits(base_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url, wait_until="load")
    page.locator(".md-header__button[data-toggle='__search']").click()  # a11y.js: Material's label as a button
    box = page.locator("#gs-header-q")
    box.wait_for(state="visible")
    box.fill("满归镇")
    page.wait_for_function("() => document.documentElement.dataset.gsQuery === '满归镇'")
    first = page.locator("#gs-header-list a.gs-link").first
    first.wait_for(state="visible")
    # Material slides the overlay in: wait for the transition to end (it fails if the result never fits)
    page.wait_for_function(
        "() => { const r = document.querySelector('#gs-header-list a.gs-link').getBoundingClientRect();"
        " return r.left >= 0 && r.right <= 391; }",
        timeout=5_000,
    )
    box_ = first.bounding_box()
    assert box_["x"] >= 0 and box_["x"] + box_["width"] <= 391, box_
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()


def test_search_page_filters_live_in_the_url(plan, base_url, watched):
    page = watched.page
    dept = next(d for d in plan.departments if plan.led_by.get(d.id) and d.id == "eco")
    page.goto(base_url + urls.html_path(urls.SEARCH) + "?q=污染&type=task&dept=eco", wait_until="load")
    page.wait_for_function("() => /找到 \\d+ 条结果/.test(document.getElementById('gs-status').textContent)")
    assert page.locator("#gs-type").input_value() == "task"
    assert page.locator("#gs-dept").input_value() == "eco"
    items = page.locator("#gs-results li").all_inner_texts()
    assert items and all(t.startswith("任务") and f"牵头：{dept.name}" in t for t in items), items[:3]
    page.select_option("#gs-year", "2025")
    page.wait_for_function("() => location.search.includes('year=2025')")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["污染"], "type": ["task"], "dept": ["eco"], "year": ["2025"]}
    page.wait_for_function("() => document.querySelectorAll('#gs-results li').length > 0")
    assert all("2025" in t for t in page.locator("#gs-results li").all_inner_texts())
    assert watched.console_errors == []


def test_search_works_offline_from_file_url(offline_site_dir, plan, watched):
    """The offline build opened from disk: the index loads as <script> files, no fetch()."""
    task = next(t for t in plan.tasks if "医疗废物" in (t.title or ""))
    chapter_file = urls.html_path(urls.chapter(plan.where[task.id].chapter.id), directory_urls=False)
    root = offline_site_dir.as_uri() + "/"
    page = watched.page
    page.goto(root + "index.html", wait_until="load")
    meta, groups = run_search(page, "医疗废物")
    assert groups, f"offline search returned nothing; meta {meta!r}"
    found = [[where(h, root) for h in g] for g in groups[:TOP]]
    assert any((chapter_file, task.id) in g for g in found), found
    page.goto(root + urls.html_path(urls.SEARCH, directory_urls=False) + "?q=黑臭水体", wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#gs-results li').length > 0")
    href = page.locator("#gs-results a").first.evaluate("a => a.href")
    # a file:// page address ending .html (then ?h=… the matched words, and #anchor)
    assert href.startswith("file://") and re.search(r"\.html(\?h=[^#]*)?(#|$)", href), href
    assert [u for u in watched.requests if u.startswith(("http:", "https:"))] == []
    assert watched.console_errors == []
