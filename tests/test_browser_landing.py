"""Landing on the answer (issue 18 part 4), in real Chromium on the built site.

A search result's link carries the words it matched (``?h=…``); on arrival (docs/assets/search/search.js,
``arrival``) the record is outlined, its matched words are marked and scrolled into view below the fixed
header, at 1280 and 390 px, over HTTP and from file://; the marks can be cleared. The carried words are
data: crafted links mark nothing harmful and break nothing.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import DESKTOP, PHONE, fresh_page

from genhe_plan.present import urls
from genhe_plan.search.normalise import normalise

LANDED_JS = """() => {
  const t = document.querySelector('.gs-landed'), header = document.querySelector('.md-header');
  const marks = Array.from(document.querySelectorAll('mark.gs-hit'));
  const first = marks[0] && marks[0].getBoundingClientRect();
  return {id: t && t.id, marks: marks.map(m => m.textContent), markChildren: marks.filter(m => m.children.length).length,
          firstTop: first ? first.top : null, firstBottom: first ? first.bottom : null,
          headerBottom: header ? header.getBoundingClientRect().bottom : 0, height: innerHeight,
          bar: (document.querySelector('.gs-landing') || {}).textContent || null}; }"""


def first_result_href(page, search_url: str) -> str:
    page.goto(search_url, wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#gs-results a.gs-link').length > 0")
    return page.locator("#gs-results a.gs-link").first.evaluate("a => a.href")


def check_landing(page, href: str, query: str) -> None:
    """The record (the #anchor's element, or the page's article for a record that is a whole page)."""
    assert "?h=" in href, href
    anchor = href.partition("#")[2]
    page.goto(href, wait_until="load")
    page.wait_for_selector(".gs-landed")
    got = page.evaluate(LANDED_JS)
    assert got["id"] == anchor if anchor else got["id"] is not None, got
    assert got["marks"] and got["markChildren"] == 0, got
    assert any(normalise(m) in normalise(query) or normalise(query) in normalise(m) for m in got["marks"]), got
    assert got["headerBottom"] <= got["firstTop"] and got["firstBottom"] <= got["height"], got  # on screen, below the header
    assert got["bar"] and "已标出搜索词" in got["bar"], got
    page.get_by_role("button", name="清除标记").click()
    after = page.evaluate(LANDED_JS)
    assert after["marks"] == [] and after["id"] is None and after["bar"] is None, after
    assert "h=" not in page.evaluate("location.search") and page.evaluate("location.hash") == ("#" + anchor if anchor else "")


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_a_result_lands_with_the_record_and_its_words_marked(browser, base_url, options):
    with fresh_page(browser, **options) as page:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        href = first_result_href(page, base_url + urls.site_url(urls.SEARCH) + "?q=" + quote("医疗废物怎么处理"))
        check_landing(page, href, "医疗废物")
        assert errors == []


def test_landing_works_from_file_url(browser, offline_site_dir):
    root = offline_site_dir.as_uri() + "/"
    with fresh_page(browser, **PHONE) as page:
        href = first_result_href(page, root + urls.site_url(urls.SEARCH, directory_urls=False) + "?q=" + quote("黑臭水体"))
        assert href.startswith("file://"), href
        check_landing(page, href, "黑臭水体")


HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    '"><script>window.__pwned=1</script>',
    "</mark><img src=x onerror=window.__pwned=1>",
    "javascript:window.__pwned=1",
    "医疗废物" * 400,
]
MALFORMED = ["%E0%A4%A", "%", "%%zz", "%FF%FE", "%ED%A0%80", "%00%00"]


def test_crafted_links_mark_nothing_harmful_and_break_nothing(browser, base_url, plan):
    task = next(t for t in plan.tasks if "医疗废物" in (t.title or ""))
    page_url = base_url + urls.site_url(urls.task(plan, task.id).partition("#")[0])
    # the real word first: a link carries at most 8 words (the rest are dropped)
    query = "&".join(["h=" + quote("医疗废物")] + ["h=" + quote(h) for h in HOSTILE] + ["h=" + m for m in MALFORMED])
    with fresh_page(browser, **DESKTOP) as page:
        errors, dialogs = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_url, wait_until="load")
        images = page.evaluate("document.querySelectorAll('img').length")
        page.goto(f"{page_url}?{query}#{task.id}", wait_until="load")
        page.wait_for_selector(".gs-landed")
        got = page.evaluate(LANDED_JS)
        assert page.evaluate("window.__pwned") is None and dialogs == [] and errors == []
        assert page.evaluate("document.querySelectorAll('img').length") == images
        assert got["markChildren"] == 0 and got["marks"] and all(normalise(m) == normalise("医疗废物") for m in got["marks"]), got
        assert len(got["bar"]) < 400, got["bar"]  # at most 8 words of 40 characters are carried
        # a link of nothing but malformed escapes: the page loads and nothing is marked
        page.goto(f"{page_url}?h=%E0%A4%A&h=%#%E0%A4%A", wait_until="load")
        page.wait_for_timeout(300)
        assert page.evaluate("document.querySelectorAll('mark.gs-hit').length") == 0 and errors == []


def test_phone_search_page_shows_results_in_the_first_screen(browser, base_url):
    """At 390 px the filters fold away (a closed <details>): the first result starts on the first screen."""
    with fresh_page(browser, **PHONE) as page:
        page.goto(base_url + urls.site_url(urls.SEARCH) + "?q=" + quote("医疗废物"), wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('#gs-results a.gs-link').length > 0")
        top = page.locator("#gs-results a.gs-link").first.evaluate("a => a.getBoundingClientRect().top")
        assert top < page.evaluate("innerHeight"), top
        assert page.evaluate("document.getElementById('gs-filters').open") is False
        page.goto(base_url + urls.site_url(urls.SEARCH) + "?q=" + quote("医疗废物") + "&type=task", wait_until="load")
        assert page.evaluate("document.getElementById('gs-filters').open") is True  # a set filter shows


def test_a_place_lands_on_its_sentences_split_commitments_and_past(browser, base_url):
    """玉泉河: the first result is the place; its entry on the places page lists the plan's sentences that
    name it, the name marked, under 规划要做的 / 过去的情况."""
    with fresh_page(browser, **DESKTOP) as page:
        href = first_result_href(page, base_url + urls.site_url(urls.SEARCH) + "?q=" + quote("满归镇"))
        assert urls.site_url(urls.PLACES).rstrip("/") in href and href.endswith("#manggui"), href
        page.goto(href, wait_until="load")
        page.wait_for_selector(".gs-landed")
        entry = page.locator("#manggui")
        assert entry.locator(".mentions-plan li").count() >= 1 and entry.locator(".mentions-past li").count() >= 1
        assert entry.locator(".mentions-plan li mark").first.inner_text() == "满归镇"
        assert "规划要做的" in entry.inner_text() and "过去的情况" in entry.inner_text()
