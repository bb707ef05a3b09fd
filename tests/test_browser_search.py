"""Site search in real Chromium: real queries typed into Material's search box, real result lists.

A "result" is one ``li.md-search-result__item`` (Material groups hits by page); its visible links are
the page link and the best-matching section link(s) directly inside it (hits folded into "在该页上还有 …"
are not counted). Every expectation is derived from the plan data, so renumbered ids don't break it.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from conftest import Watched

from genhe_plan import urls

PENDING_META = ("正在初始化", "键入以开始搜索")
TOP = 3


def run_search(page, query: str, timeout: float = 20_000) -> tuple[str, list[list[str]]]:
    """Type ``query`` into Material's search box; return (meta text, [[hrefs of one result], …])."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")  # Material searches on keyup: an empty box resets the result list
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__meta') || {}).textContent.includes('键入以开始搜索')", timeout=timeout
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        """(pending) => {
            const m = document.querySelector('.md-search-result__meta');
            return m && !pending.some(p => m.textContent.includes(p));
        }""",
        arg=list(PENDING_META),
        timeout=timeout,
    )
    meta = page.inner_text(".md-search-result__meta")
    groups = page.eval_on_selector_all(
        "li.md-search-result__item",
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
            want.add((page_of(urls.PLACES), None))
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


SEARCH_BUG_SEGMENT = (
    "Material 9.8's experimental Chinese query segmenter (search worker `segment()`) never tries the whole "
    "query as one index term (loop `j < query.length`), so 黑臭水体 is searched as 黑* 臭* 水* and any page "
    "with a 水… word outranks 指标6 城市黑臭水体比例 and the task 加强黑臭水体防治"
)

QUERIES = [
    pytest.param("医疗废物", id="medical-waste"),
    pytest.param("森林覆盖率", id="forest-cover"),
    pytest.param("生态环境部门", id="eco-dept"),
    pytest.param("满归镇", id="manggui"),
    pytest.param("黑臭水体", id="black-odorous-water", marks=pytest.mark.xfail(strict=True, reason=SEARCH_BUG_SEGMENT)),
    pytest.param("清洁取暖", id="clean-heating"),
    pytest.param("尾矿库", id="tailings"),
    pytest.param("生态保护红线", id="redline"),
    pytest.param("12369", id="hotline-12369"),
    pytest.param("农村生活污水", id="rural-sewage"),
]


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    """One home page for all queries: the search index is built once, each query resets the box."""
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


def test_clicking_the_result_opens_the_task(plan, base_url, watched):
    task = next(t for t in plan.tasks if "医疗废物" in (t.title or ""))
    chapter = page_of(urls.chapter(plan.where[task.id].chapter.id))
    page = watched.page
    page.goto(base_url, wait_until="load")
    run_search(page, "医疗废物")
    link = page.locator("li.md-search-result__item > a").filter(has=page.locator("h2")).first
    href = link.evaluate("a => a.href")
    assert where(href, base_url) == (chapter, task.id)
    link.click()
    page.wait_for_url(lambda u: urlsplit(u).path.endswith(chapter) and urlsplit(u).fragment == task.id)
    heading = page.locator(f"[id='{task.id}']")
    assert heading.count() == 1
    assert task.title.rstrip("。") in heading.inner_text()
    assert watched.console_errors == []


def test_search_works_offline_from_file_url(offline_site_dir, plan, watched):
    """The offline build opened from disk: search runs through the vendored iframe-worker shim."""
    task = next(t for t in plan.tasks if "医疗废物" in (t.title or ""))
    chapter_file = urls.html_path(urls.chapter(plan.where[task.id].chapter.id), directory_urls=False)
    root = offline_site_dir.as_uri() + "/"
    page = watched.page
    page.goto(root + "index.html", wait_until="load")
    meta, groups = run_search(page, "医疗废物")
    assert groups, f"offline search returned nothing; meta {meta!r}"
    found = [[where(h, root) for h in g] for g in groups[:TOP]]
    assert any((chapter_file, task.id) in g for g in found), found
    assert [u for u in watched.requests if u.startswith(("http:", "https:"))] == []
    assert watched.console_errors == []
