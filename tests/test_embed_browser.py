"""Embed cards in real Chromium (issue 22 part 3): each card kind loads inside an <iframe> of another
page at 300 and 600 px — no site header, navigation or search, no sideways scroll, no third-party
request, at most 60 KB gzip with everything it loads — its links open in the top window, and a record
page's 嵌入 control gives a snippet with the card's full address."""

from __future__ import annotations

import gzip

import pytest
from conftest import fresh_page

CARDS = ["embed/indicators/ind-16/", "embed/tasks/t03-1-01/", "embed/projects/kp-02-1/"]


def host(base_url: str, card: str, width: int) -> str:
    return f'<!doctype html><html lang="zh"><title>host</title><body><iframe id="c" src="{base_url}{card}" width="{width}" height="420" title="card"></iframe></body></html>'


@pytest.mark.parametrize("card", CARDS)
@pytest.mark.parametrize("width", [300, 600])
def test_card_loads_in_an_iframe_bare_light_and_local(card, width, base_url, browser):
    with fresh_page(browser) as page:
        requests, bodies = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("response", lambda r: bodies.append(r.body()) if r.url.startswith(base_url) else None)
        page.set_content(host(base_url, card, width), wait_until="load")
        frame = page.frame_locator("#c")
        frame.locator("article.card h1 a").wait_for()
        inner = page.frames[1]
        assert inner.url == base_url + card
        assert inner.evaluate("document.querySelectorAll('header, nav, .md-header, .md-search, form, script').length") == 0
        assert inner.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert inner.evaluate("Array.from(document.links).every(a => a.target === '_top')")
        assert inner.evaluate("document.querySelector('.status').textContent.length > 0")
        assert [u for u in requests if not u.startswith(base_url) and not u.startswith(("data:", "about:"))] == []
        assert sum(len(gzip.compress(b)) for b in bodies) <= 60 * 1024


def test_card_link_opens_the_full_page_in_the_top_window(base_url, browser):
    with fresh_page(browser) as page:
        page.set_content(host(base_url, CARDS[1], 480), wait_until="load")
        page.frame_locator("#c").locator("article.card h1 a").click()
        page.wait_for_url(base_url + "plan/ch03/#t03-1-01")
        assert page.locator("#t03-1-01").count() == 1


def test_embed_control_gives_the_full_address(base_url, browser):
    with fresh_page(browser) as page:
        page.goto(base_url + "indicators/ind-16/", wait_until="load")
        page.locator("details.embed-snippet summary").click()
        code = page.locator("textarea.embed-code").input_value()
        assert code.startswith(f'<iframe src="{base_url}embed/indicators/ind-16/" ')
        assert page.locator("details.embed-snippet a", has_text="oEmbed JSON").get_attribute("href").endswith("oembed.json")
