"""User journeys in real Chromium over HTTP: department sheet, task finder, indicator page, phone
width, print, and the relation graph. Expected numbers come from the ``plan`` fixture."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import PHONE, fresh_page

from genhe_plan.present import urls


def page_url(base_url: str, md_uri: str) -> str:
    return base_url + urls.html_path(md_uri)


def path_of(url: str, base_url: str) -> str:
    return unquote(urlsplit(url).path)[len(urlsplit(base_url).path) :]


def dept_ids(task) -> list[str]:
    return ([task.lead.department] if task.lead else []) + [s.department for s in task.supporting]


def chapter_page_of(plan, task_id: str) -> str:
    return urls.html_path(urls.chapter(plan.where[task_id].chapter.id))


# ------------------------------------------------------------------ (a) a department's task sheet
def test_department_page_lists_tasks_that_open_in_their_chapter(plan, base_url, watched):
    eco = next(d for d in plan.departments if d.name == "生态环境部门")
    page = watched.page
    assert page.goto(page_url(base_url, urls.department(eco.id))).status == 200
    # the task tables (任务 | 期限 | …); the page also lists projects, report entries and mentions in tables of their own
    head = (r"^\s*任务\s*$", r"^\s*期限\s*$")
    tasks = page.locator("article table")
    for n, words in enumerate(head, start=1):
        tasks = tasks.filter(has=page.locator(f"thead th:nth-child({n})", has_text=re.compile(words)))
    rows = tasks.locator("tbody tr")
    expected = {t.id for t in plan.led_by[eco.id]} | {t.id for t in plan.supported_by[eco.id]}
    assert rows.count() == len(plan.led_by[eco.id]) + len(plan.supported_by[eco.id]) > 0
    # the 2025 question: the deadline column says when, and 2025 appears for some of them
    assert rows.locator("td:nth-child(2)", has_text="2025年").count() > 0
    links = rows.locator("td:first-child a")
    anchors = {unquote(urlsplit(h).fragment) for h in links.evaluate_all("els => els.map(a => a.href)")}
    assert anchors == expected
    assert watched.failed == []
    first = links.first
    task_id = unquote(urlsplit(first.evaluate("a => a.href")).fragment)
    first.click()
    page.wait_for_url(lambda u: urlsplit(u).fragment == task_id)
    assert path_of(page.url, base_url) == chapter_page_of(plan, task_id)
    target = page.locator(f"[id='{task_id}']")
    assert target.count() == 1 and target.is_visible()
    assert page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id") == task_id
    assert watched.console_errors == []


# ------------------------------------------------------------------ (b) the task finder
def shown_count(page) -> int:
    text = page.locator("#tf-count").inner_text()
    m = re.search(r"显示 (\d+) 项", text)
    assert m, text
    return int(m[1])


def visible_task_ids(page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.task-finder table tbody tr'))
            .filter(r => !r.hidden && r.offsetParent !== null)
            .map(r => decodeURIComponent(new URL(r.querySelector('a').href).hash.slice(1)))"""
    )


def test_task_finder_filters_by_department_and_keyword(plan, base_url, watched):
    page = watched.page
    page.goto(page_url(base_url, urls.TASKS) + "?dept=eco")
    page.wait_for_function("() => /显示 \\d+ 项/.test(document.getElementById('tf-count').textContent)")
    eco_tasks = [t.id for t in plan.tasks if "eco" in dept_ids(t)]
    assert page.locator("#tf-dept").input_value() == "eco"
    assert shown_count(page) == len(eco_tasks)
    assert sorted(visible_task_ids(page)) == sorted(eco_tasks)

    page.locator("#tf-q").fill("医疗废物")
    wanted = sorted(t.id for t in plan.tasks if "eco" in dept_ids(t) and "医疗废物" in f"{t.title} {t.text}")
    assert wanted, "no eco task mentions 医疗废物 any more: update this test"
    page.wait_for_function("n => /显示 (\\d+) 项/.exec(document.getElementById('tf-count').textContent)[1] == n", arg=len(wanted))
    assert sorted(visible_task_ids(page)) == wanted
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"dept": ["eco"], "q": ["医疗废物"]}, page.url
    assert watched.console_errors == []


def test_task_finder_sorts_by_clicking_a_header(plan, base_url, watched):
    page = watched.page
    page.goto(page_url(base_url, urls.TASKS))
    headers = page.locator(".task-finder table thead th")
    page.wait_for_function("() => document.querySelector('.task-finder thead th button') !== null")
    deadline = headers.filter(has_text="期限")
    assert deadline.get_attribute("aria-sort") == "none"
    before = visible_task_ids(page)
    deadline.locator("button").click()
    assert deadline.get_attribute("aria-sort") == "ascending"
    ascending = visible_task_ids(page)
    assert sorted(ascending) == sorted(before) and ascending != before
    firsts = [plan.deadlines(t)[0] if plan.deadlines(t) else "9999" for t in ascending]
    assert firsts == sorted(firsts)
    deadline.locator("button").click()
    assert deadline.get_attribute("aria-sort") == "descending"
    assert [h.get_attribute("aria-sort") for h in headers.all()].count("none") == headers.count() - 1
    assert watched.console_errors == []


# ------------------------------------------------------------------ (c) an indicator and the tasks moving it
def test_indicator_page_lists_the_tasks_that_move_it(plan, base_url, watched):
    ind = next(i for i in plan.indicators if i.name == "森林覆盖率")
    moving = [t.id for t in plan.tasks_moving[ind.id]]
    assert moving
    page = watched.page
    assert page.goto(page_url(base_url, urls.indicator(ind.id))).status == 200
    table = page.locator("h2", has_text="推动此指标的任务").locator("xpath=following-sibling::*[.//table][1]//table")
    hrefs = table.locator("tbody tr td:first-child a").evaluate_all("els => els.map(a => a.href)")
    assert watched.failed == []
    assert [unquote(urlsplit(h).fragment) for h in hrefs] == moving
    for h, t in zip(hrefs, moving, strict=True):
        assert path_of(h, base_url) == chapter_page_of(plan, t)
    table.locator("tbody tr td:first-child a").first.click()
    page.wait_for_url(lambda u: urlsplit(u).fragment == moving[0])
    assert page.locator(f"[id='{moving[0]}']").is_visible()
    # and the chapter lists the indicator back under that task
    assert page.locator(f"[data-task='{moving[0]}'] a[href*='{ind.id}']").count() >= 1
    assert watched.console_errors == []


# ------------------------------------------------------------------ (d) phone width
PHONE_PAGES = [urls.department("eco"), urls.TASKS, urls.indicator("ind-16"), urls.chapter("ch09"), urls.GRAPH]


@pytest.mark.parametrize("md_uri", PHONE_PAGES)
def test_no_horizontal_overflow_at_phone_width(md_uri, base_url, browser):
    with fresh_page(browser, **PHONE) as page:
        page.goto(page_url(base_url, md_uri), wait_until="load")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > 391 && getComputedStyle(e).position !== 'fixed')
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right))"""
        )
        assert width <= 391, f"{md_uri}: scrollWidth {width} > 390; widest: {culprits}"


@pytest.mark.parametrize("md_uri", ["progress.md", urls.department("eco")])
def test_a_date_in_a_table_is_never_split_across_lines(md_uri, base_url, watched):
    """At 1280 px a deadline column is narrow: 2021年7月1日 wrapped as “2021年7月1 / 日”. Each date (and
    each 期限已过，未见报告) keeps its characters on one line; lines break only between dates, at 、 or ，."""
    page = watched.page
    page.goto(page_url(base_url, md_uri))
    split = page.evaluate(
        r"""() => {
          const out = [];
          for (const td of document.querySelectorAll('article td[data-label="期限"], article td[data-label="状态"]')) {
            const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
            for (let node; (node = walker.nextNode()); ) {
              for (const m of node.data.matchAll(/\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|期限已过|未见报告/g)) {
                const r = document.createRange();
                r.setStart(node, m.index);
                r.setEnd(node, m.index + m[0].length);
                const tops = new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top)));
                if (tops.size > 1) out.push(m[0]);
              }
            }
          }
          return out;
        }"""
    )
    assert page.locator('article td[data-label="期限"]').count() > 10
    assert split == [], f"{md_uri}: split over two lines: {split[:5]} ({len(split)} in all)"


# ------------------------------------------------------------------ (e) print
def test_department_page_prints_without_site_chrome(base_url, watched):
    page = watched.page
    page.goto(page_url(base_url, urls.department("eco")))
    page.emulate_media(media="print")
    display = page.evaluate(
        """() => Object.fromEntries(['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-tabs', '.md-footer', '.print-button']
            .map(s => [s, document.querySelector(s) ? getComputedStyle(document.querySelector(s)).display : 'missing']))"""
    )
    assert display == dict.fromkeys(display, "none"), display
    assert page.locator("article table").first.is_visible()
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()


# ------------------------------------------------------------------ (f) the relation graph
def test_graph_search_selects_a_node_and_opens_its_page(plan, base_url, watched):
    page = watched.page
    page.goto(page_url(base_url, urls.GRAPH_FULL), wait_until="load")
    page.wait_for_selector("#graph-full .graph-canvas canvas", state="visible", timeout=20_000)
    page.wait_for_function("() => (window.genheGraphs || []).some(g => g.view === 'main')")
    page.locator("#graph-search").fill("森林覆盖率")
    page.wait_for_function("() => document.getElementById('graph-status').textContent.includes('已找到')", timeout=10_000)
    selected = page.evaluate("() => window.genheGraphs.find(g => g.view === 'main').network.getSelectedNodes()")
    assert len(selected) == 1, selected
    node = page.evaluate("id => window.GENHE_GRAPH.nodes.find(n => n.id === id)", selected[0])
    assert "森林覆盖率" in node["full_label"], node
    ind = next(i for i in plan.indicators if i.name == "森林覆盖率")
    assert node["id"] == f"indicator:{ind.id}", "the indicator itself should win over targets and tasks mentioning it"
    assert "q=" in urlsplit(page.url).query

    # the selected node sits on the canvas: a real mouse click on it opens its page (canvas scrolled fully
    # into view first, see test_hovering_the_graph_does_not_scroll_the_page)
    page.locator("#graph-full .graph-canvas").evaluate("el => el.scrollIntoView({block: 'end'})")
    spot = page.evaluate(
        """id => { const g = window.genheGraphs.find(g => g.view === 'main'), p = g.network.getPositions([id])[id];
                   const d = g.network.canvasToDOM(p), r = g.element.getBoundingClientRect();
                   return {x: r.left + d.x, y: r.top + d.y, inside: d.x > 0 && d.y > 0 && d.x < r.width && d.y < r.height}; }""",
        selected[0],
    )
    assert spot["inside"], spot
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url(lambda u: path_of(u, base_url) == urls.html_path(urls.indicator(ind.id)), timeout=10_000)
    assert ind.name in page.locator("h1").inner_text()

    # the status line's link goes to the same page
    page.go_back(wait_until="load")
    page.wait_for_function("() => document.getElementById('graph-status').textContent.includes('已找到')", timeout=10_000)
    status_link = page.locator("#graph-status a")
    assert path_of(status_link.evaluate("a => a.href"), base_url) == urls.html_path(urls.indicator(ind.id))
    assert watched.console_errors == []
    assert watched.foreign(base_url.rstrip("/")) == []


GRAPH_HOVER_JUMP = (
    "vis-network 9.0.4 calls canvas.frame.focus() (no preventScroll) on every mouse move when "
    "interaction.keyboard.bindToWindow is false (graph-data.js options): with the 72vh canvas partly below "
    "the fold (1280x900), merely moving the mouse onto the graph scrolls the page ~255px, so the node under "
    "the pointer at mousedown is no longer there at mouseup and a click opens nothing"
)


def test_hovering_the_graph_does_not_scroll_the_page(base_url, watched):
    page = watched.page
    page.goto(page_url(base_url, urls.GRAPH_FULL), wait_until="load")
    page.wait_for_selector("#graph-full .graph-canvas canvas", state="visible", timeout=20_000)
    box = page.locator("#graph-full .graph-canvas").bounding_box()
    assert box["y"] + 40 < 900, box
    before = page.evaluate("() => window.scrollY")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40, steps=4)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.scrollY") == before
