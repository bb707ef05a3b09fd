"""Keyboard only, in real Chromium at 1280 and 390 px: the first ten Tab stops of every page type are
on screen and visibly focused (no 0×0 scheme toggle, no link of the closed phone drawer, no closed
search box), the skip link comes first, says 跳到正文 and leads into the page's text, and the phone's
menu button opens the drawer by keyboard. Expected words come from the page, counts from nothing."""

from __future__ import annotations

import pytest
from conftest import DESKTOP, PHONE, fresh_page
from test_accessibility import NO_MOTION, PHONE_PAGES

from genhe_plan.present import urls

# each stop: what it is, where it is, and whether a person can see it and the focus ring on it
FOCUSED = """() => { const a = document.activeElement, r = a.getBoundingClientRect(), s = getComputedStyle(a);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || (s.boxShadow && s.boxShadow !== 'none');
  return { what: a.tagName + ' ' + (a.getAttribute('aria-label') || a.textContent || a.value || '').trim().slice(0, 24),
           box: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
           onScreen: r.width >= 2 && r.height >= 2 && r.left >= -1 && r.right <= innerWidth + 1 && r.bottom > 0 && r.top < innerHeight,
           seen: a.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
           ring: !!ring, inMain: !!a.closest('main, article') }; }"""


def tab_stops(page, n: int) -> list[dict]:
    stops = []
    for _ in range(n):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


def open_still(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.add_style_tag(content=NO_MOTION)  # a stop is judged where it rests, not halfway through a slide


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("md_uri", PHONE_PAGES)
def test_first_ten_tab_stops_are_visible(md_uri, device, base_url, browser):
    with fresh_page(browser, **(PHONE if device == "phone" else DESKTOP)) as page:
        open_still(page, base_url + urls.html_path(md_uri))
        stops = tab_stops(page, 10)
        assert stops[0]["what"] == "A 跳到正文", stops[0]
        hidden = [s for s in stops if not (s["onScreen"] and s["seen"] and s["ring"])]
        assert hidden == [], f"{md_uri} ({device}): Tab stops a person cannot see:\n" + "\n".join(map(str, hidden))


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_skip_link_leads_into_the_text(options, base_url, browser):
    with fresh_page(browser, **options) as page:
        open_still(page, base_url + urls.html_path(urls.department("eco")))
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        after = tab_stops(page, 1)[0]
        assert after["inMain"] and after["onScreen"], after


def test_phone_menu_opens_by_keyboard_and_closed_drawer_takes_no_focus(base_url, browser):
    with fresh_page(browser, **PHONE) as page:
        open_still(page, base_url + urls.html_path(urls.chapter("ch09")))
        drawer_links = page.locator(".md-sidebar--primary a[href]").count()
        assert drawer_links > 20
        stops = tab_stops(page, 40)
        assert [s for s in stops if not s["onScreen"]] == []
        open_still(page, base_url + urls.html_path(urls.chapter("ch09")))  # from the top: the menu button is the second stop
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "导航菜单"
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null")
        inside = page.evaluate(FOCUSED)
        assert inside["onScreen"] and inside["seen"], inside
        assert page.evaluate("() => document.getElementById('__drawer').checked")
