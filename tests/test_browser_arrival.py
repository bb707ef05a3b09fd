"""Landing and search honesty (issue 29 item 3), in real Chromium on each engine's site.

- every record type lands with its words marked on screen, targets included (a target's anchor is an
  empty ``<span id>`` before its words: the list item that holds it is the record);
- the bar that names the marked words sits in the text, so it covers no mark wherever the page scrolls;
- ``?h=`` shows only words found on the page, cut short, and nothing when nothing matched;
- Enter in the header box opens the first result only when it holds the whole query, else the search page;
- a query without Chinese says the plan is searched in Chinese and offers the chapters as topics.

Records, words and expectations come from the plan (``build_records``), never from the page.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

import pytest
from conftest import DESKTOP, PHONE, fresh_page

from genhe_plan.present import urls
from genhe_plan.search.normalise import normalise
from genhe_plan.search.records import TYPES, build_records

# the record that landed, its marks, and for each mark (scrolled to the bottom edge of the screen, where the
# old bar sat) whether it is the topmost thing at its centre: nothing — bar, header, panel — covers it
LANDED = """() => {
  const t = document.querySelector('.gs-landed'), header = document.querySelector('.md-header');
  const all = Array.from(document.querySelectorAll('mark.gs-hit')), bar = document.querySelector('.gs-landing');
  const marks = all.filter(m => m.checkVisibility({ visibilityProperty: true }));  // not those in a closed <details>
  const first = marks[0] && marks[0].getBoundingClientRect();
  const out = { landed: t && (t.id || (t.querySelector('[id]') || {}).id || t.tagName), marks: marks.map(m => m.textContent),
    outside: all.filter(m => !m.closest('.gs-landed, .gs-landed-part')).length,
    firstTop: first ? first.top : null, firstBottom: first ? first.bottom : null, height: innerHeight,
    headerBottom: header ? header.getBoundingClientRect().bottom : 0, bar: bar && bar.textContent, covered: [] };
  for (const m of marks.slice(0, 12)) {
    m.scrollIntoView({ block: 'end' });
    const r = m.getClientRects()[0], x = r.left + r.width / 2, y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y);
    if (y > 0 && y < innerHeight && !(top === m || m.contains(top))) out.covered.push(m.textContent + ' under ' + (top && top.className));
  }
  return out; }"""


def han_word(text: str, n: int = 4) -> str:
    """The first ``n`` characters of the first run of two or more Chinese characters in ``text``."""
    run = re.search(r"[\u4e00-\u9fff]{2,}", text)
    assert run, text
    return run.group()[:n]


ISSUE_TARGETS = {"tg-015": "噪声", "tg-018": "饮用水"}  # the targets the issue landed on, with the word searched


def case(plan, which: str) -> tuple[str, str]:
    """(record id, a word of its own) for a type (its first record) or one of ISSUE_TARGETS."""
    if which in ISSUE_TARGETS:
        return which, ISSUE_TARGETS[which]
    r = next(r for r in build_records(plan) if r.type == which)
    return r.id, han_word(r.name or r.body[0])


def record_url(base_url: str, plan, rid: str, words: list[str]) -> str:
    """The record's page with ``words`` carried as ?h=… and its #anchor, as a result's link is made."""
    r = next(r for r in build_records(plan) if r.id == rid)
    page, _, anchor = r.url.partition("#")
    return base_url + urls.site_url(page) + "?" + "&".join("h=" + quote(w) for w in words) + ("#" + anchor if anchor else "")


@pytest.mark.parametrize("which", [key for key, _ in TYPES] + list(ISSUE_TARGETS))
def test_every_record_type_lands_with_its_words_marked_on_screen(which, plan, base_url, browser):
    rid, word = case(plan, which)
    with fresh_page(browser, **PHONE) as page:
        page.goto(record_url(base_url, plan, rid, [word]), wait_until="load")
        page.wait_for_selector(".gs-landed")
        page.wait_for_timeout(100)  # the first mark is scrolled into view after the record
        got = page.evaluate(LANDED)
        anchor = next(r for r in build_records(plan) if r.id == rid).url.partition("#")[2]
        if anchor:
            assert got["landed"] == anchor, got
        assert got["marks"] and got["outside"] == 0, got
        assert all(normalise(m) == normalise(word) for m in got["marks"]), got
        assert got["headerBottom"] <= got["firstTop"] and got["firstBottom"] <= got["height"], got
        assert got["bar"] and word in got["bar"], got
        assert got["covered"] == [], got


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_the_bar_names_only_words_found_on_the_page_and_is_short(options, plan, base_url, browser):
    quote_text = next(t for t in plan.targets if t.id == "tg-015").quote
    long_phrase = quote_text[6:36]  # thirty characters as they stand in the text
    crafted = ["<script>alert(1)</script>", "森林防火不存在词组", "噪声"]
    with fresh_page(browser, **options) as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(record_url(base_url, plan, "tg-015", crafted), wait_until="load")
        page.wait_for_selector(".gs-landing")
        bar = page.locator(".gs-landing").inner_text()
        assert "噪声" in bar and "script" not in bar and "森林防火" not in bar, bar
        assert page.locator(".gs-landing").evaluate("b => getComputedStyle(b).position") == "static"
        # dismissible: the marks, the bar and ?h= go
        page.get_by_role("button", name="清除标记").click()
        assert page.evaluate("document.querySelectorAll('mark.gs-hit, .gs-landing').length") == 0
        assert "h=" not in page.evaluate("location.search")
        # nothing matched: nothing is said
        page.goto(record_url(base_url, plan, "tg-015", crafted[:2]), wait_until="load")
        page.wait_for_selector(".gs-landed")
        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelectorAll('mark.gs-hit, .gs-landing').length") == 0
        assert "script" not in page.locator("article").inner_text() and dialogs == []
        # a long phrase of the page's own words is marked, and named in the bar only cut short
        page.goto(record_url(base_url, plan, "tg-015", [long_phrase]), wait_until="load")
        page.wait_for_selector(".gs-landing")
        bar = page.locator(".gs-landing").inner_text()
        assert long_phrase not in bar and len(bar) < len(long_phrase), bar


def header_enter(page, query: str) -> str:
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_function("q => document.documentElement.dataset.gsQuery === q", arg=query)
    first = page.locator("#gs-header-list a.gs-link").first.evaluate("a => a.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return first


def test_enter_opens_the_first_result_only_when_it_holds_the_whole_query(plan, base_url, browser):
    with fresh_page(browser, **DESKTOP) as page:
        start = base_url + urls.site_url(urls.chapter("ch03"))
        for query in ["water pm", "噪音扰民"]:  # a stray Latin pair; an everyday word found through 噪声
            page.goto(start, wait_until="load")
            header_enter(page, query)
            parts = urlsplit(page.url)
            assert parts.path.endswith("/" + urls.site_url(urls.SEARCH)) and unquote(parts.query).replace("+", " ") == "q=" + query, (
                page.url
            )
        page.goto(start, wait_until="load")
        first = header_enter(page, "黑臭水体")
        page.wait_for_url(first)


@pytest.mark.parametrize("query", ["forest fire", "senlin"])
def test_a_query_without_chinese_says_so_and_offers_the_topics(query, plan, base_url, browser):
    chapters = {base_url + urls.site_url(urls.chapter(c.id)) for c in plan.chapters}
    with fresh_page(browser, **PHONE) as page:
        page.goto(base_url + urls.site_url(urls.SEARCH) + "?q=" + quote(query), wait_until="load")
        page.wait_for_function("() => /结果/.test(document.getElementById('gs-status').textContent)")
        status = page.locator("#gs-status")
        assert "中文" in status.inner_text(), status.inner_text()
        offered = set(status.locator("a").evaluate_all("as => as.map(a => a.href)"))
        assert offered == chapters, offered ^ chapters
        # a Chinese query is not told
        page.goto(base_url + urls.site_url(urls.SEARCH) + "?q=" + quote("黑臭水体"), wait_until="load")
        page.wait_for_function("() => /找到/.test(document.getElementById('gs-status').textContent)")
        assert "中文" not in page.locator("#gs-status").inner_text()
