"""One state per record across the built site: every page that shows a record's state shows the same
one, the one the status model (``progress.status.state``) computes, and the 进展 page's lists hold
exactly what their headings say.

The site is built with the fictional reports of tests/fixtures/progress (``progress_build``, shared
in tests/conftest.py) at a date when every 2021–2025 deadline has passed. The states are read
back from the HTML (``data-state`` / ``data-item`` / ``data-basis`` / ``data-report`` of every mark):
from every page's file (build tier) and, for the pages a person opens first, from the DOM in Chromium
after its scripts ran (browser tier).
"""

from __future__ import annotations

import csv
import datetime
import html.parser
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import PROGRESS_EPOCH

from genhe_plan.input import schema as S
from genhe_plan.model import load_plan
from genhe_plan.present import urls
from genhe_plan.progress import status as st

ON = datetime.datetime.fromtimestamp(int(PROGRESS_EPOCH), datetime.UTC).date()
NO_REPORT_WORDS = ("未见报告", "无报告")


class Marks(html.parser.HTMLParser):
    """Every element carrying data-state or data-passed: (attributes, visible text of the element)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[dict, list[str]]] = []
        self.open: list[tuple[str, list[str] | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        text = [] if ("data-state" in a or "data-passed" in a) else None
        if text is not None:
            self.found.append((a, text))
        self.open.append((tag, text))

    def handle_endtag(self, tag):
        while self.open:
            t, _ = self.open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for _, text in self.open:
            if text is not None:
                text.append(data)


def marks_of(path: Path) -> list[tuple[dict, str]]:
    parser = Marks()
    parser.feed(path.read_text(encoding="utf-8"))
    return [(a, "".join(t).strip()) for a, t in parser.found]


@pytest.fixture(scope="module")
def reported_plan(progress_build):
    return load_plan(progress_build.parent / "plan_data")


@pytest.fixture(scope="module")
def expected(reported_plan) -> dict[str, st.State]:
    return st.states(reported_plan, ON)


@pytest.fixture(scope="module")
def site_marks(progress_build) -> dict[str, list[tuple[dict, str]]]:
    """{page path: marks} for every HTML page of the built site."""
    return {str(p.relative_to(progress_build)): marks_of(p) for p in sorted(progress_build.rglob("*.html"))}


def test_the_fixture_reports_cover_records_directly_and_through_links(expected):
    bases = defaultdict(set)
    for s in expected.values():
        bases[s.basis].add(s.kind)
    assert {"indicator", "task", "project", "target"} <= bases[st.REPORTED]
    assert {"task", "target"} <= bases[st.COVERED]
    assert expected["ind-16"].basis == st.REPORTED and expected["tg-018"].basis == st.COVERED


def test_every_page_shows_each_record_in_the_state_the_model_computes(site_marks, expected):
    shown: dict[str, set[tuple[str, str]]] = defaultdict(set)
    where: dict[str, set[str]] = defaultdict(set)
    for page, marks in site_marks.items():
        for a, text in marks:
            if "data-basis" not in a:
                continue
            item = a["data-item"]
            shown[item].add((a["data-state"], a["data-basis"]))
            where[item].add(page)
            assert text.startswith(st.STATE_LABEL[a["data-state"]]), (page, item, text)
    assert set(shown) == set(expected), "every reportable record is shown somewhere, and nothing else carries a record state"
    contradictions = {i: sorted(v) for i, v in shown.items() if v != {(expected[i].key, expected[i].basis)}}
    assert contradictions == {}
    covered = [i for i, s in expected.items() if s.basis != st.NONE]
    assert len(covered) >= 15
    for i in covered:
        assert len(where[i]) >= 2, f"{i} is shown on {where[i]}"  # its own page and the 进展 / report pages at least


def test_no_page_says_not_reported_for_a_record_a_report_covers(site_marks, expected):
    covered = {i for i, s in expected.items() if s.basis != st.NONE}
    for page, marks in site_marks.items():
        for a, text in marks:
            if a.get("data-item") in covered and "data-report" not in a:
                assert not any(w in text for w in NO_REPORT_WORDS), (page, a, text)
                assert a["data-state"] not in (st.OVERDUE, st.UNREPORTED), (page, a)


def test_report_entry_marks_say_what_that_report_says(site_marks, reported_plan):
    said = {(r.id, e.item): e.status for r in reported_plan.reports for e in r.entries}
    seen = set()
    for page, marks in site_marks.items():
        for a, text in marks:
            if "data-report" in a:
                key = (a["data-report"], a["data-item"])
                assert said[key] == a["data-state"] and text == S.STATUS_LABEL[a["data-state"]], (page, a)
                seen.add(key)
    assert seen == set(said)  # every entry of every report is shown (its report page)


def section_of(page: str, heading: str) -> str:
    """The HTML from the <h2> with this text to the next <h2> (not the table of contents' entry)."""
    head = re.search(r"<h2[^>]*>" + re.escape(heading), page)
    assert head, heading
    return page[head.end() : page.index("<h2", head.end())]


def test_the_overdue_list_holds_exactly_what_its_heading_says(progress_build, reported_plan, expected):
    page = (progress_build / "progress" / "index.html").read_text(encoding="utf-8")
    section = section_of(page, "期限已过，未见报告")
    parser = Marks()
    parser.feed(section)
    listed = [a for a, _ in parser.found if "data-basis" in a]
    overdue = {i for i, s in expected.items() if s.key == st.OVERDUE}
    assert {a["data-item"] for a in listed} == overdue and len(listed) == len(overdue)
    assert {a["data-state"] for a in listed} == {st.OVERDUE}
    assert f"以下 {len(overdue)} 项" in section
    late = section_of(page, "期限已过，报告未称已完成")
    parser = Marks()
    parser.feed(late)
    rows = {a["data-item"] for a, _ in parser.found if "data-basis" in a}
    assert rows == {s.item for s in st.passed_not_done(reported_plan, ON)} and rows
    assert all(expected[i].status != "done" and expected[i].passed for i in rows)


def test_the_counts_on_the_progress_page_match_the_states(progress_build, expected):
    page = (progress_build / "progress" / "index.html").read_text(encoding="utf-8")
    counts = section_of(page, "按状态统计")
    counts = counts[: counts.index("</table>")]
    pairs = re.findall(r'data-state="([a-z_]+)"[^>]*>[^<]*</span>(?:</a>)?</td>\s*<td[^>]*>(\d+)</td>', counts)
    want = {k: sum(s.key == k for s in expected.values()) for k in st.STATE_ORDER}
    assert {k: int(n) for k, n in pairs} == {k: n for k, n in want.items() if n}


def test_the_downloads_carry_the_same_states(progress_build, expected):
    rows = list(csv.DictReader(io.StringIO((progress_build / "data" / "states.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert {r["item_id"]: (r["state"], r["basis"]) for r in rows} == {i: (s.key, s.basis) for i, s in expected.items()}
    tasks = csv.DictReader(io.StringIO((progress_build / "data" / "tasks.csv").read_text(encoding="utf-8-sig"), newline=""))
    assert all(r["state"] == expected[r["id"]].key for r in tasks)
    doc = json.loads((progress_build / "data" / "plan.json").read_text(encoding="utf-8"))
    assert {x["item_id"]: x["state"] for x in doc["states"]} == {i: s.key for i, s in expected.items()}
    import sqlite3

    conn = sqlite3.connect(progress_build / "data" / "plan.sqlite")
    assert dict(conn.execute("SELECT item_id, state FROM states")) == {i: s.key for i, s in expected.items()}


def test_every_passed_mark_links_to_the_rule(site_marks, progress_build):
    for page, _ in site_marks.items():
        text = (progress_build / page).read_text(encoding="utf-8")
        for m in re.finditer(r'<a href="([^"]*)"[^>]*><span class="status status-(?:overdue|passed)"', text):
            assert m[1].split("#")[-1] == "rules" and "progress/" in (page + m[1]), (page, m[1])


# ------------------------------------------------------------------ in the browser
READ_MARKS = """() => Array.from(document.querySelectorAll('[data-state][data-basis]')).map(
    e => [e.dataset.item, e.dataset.state, e.dataset.basis, e.textContent.trim()])"""


@pytest.mark.parametrize(
    "md_uri",
    [
        urls.PROGRESS,
        urls.TASKS,
        urls.INDICATORS,
        urls.TIMELINE,
        "plan/ch05.md",
        "plan/ch06.md",
        "plan/ch09.md",
        urls.report("rp-2024-annual"),
    ],
)
def test_the_states_read_back_in_the_browser_agree(md_uri, progress_site, watched, expected):
    page = watched.page
    page.goto(progress_site + urls.html_path(md_uri), wait_until="load")
    marks = page.evaluate(READ_MARKS)
    assert marks, md_uri
    for item, key, basis, text in marks:
        s = expected[item]
        assert (key, basis) == (s.key, s.basis), (md_uri, item)
        if s.basis != st.NONE:
            assert not any(w in text for w in NO_REPORT_WORDS), (md_uri, item, text)
    assert watched.console_errors == []


@pytest.mark.parametrize("query", ["集中式饮用水水源水质达标率", "森林覆盖率", "突发环境事件应急预案"])
def test_search_results_show_the_same_state(query, progress_site, watched, expected):
    """The header search box's results carry each record's state from the status model."""
    page = watched.page
    page.goto(progress_site, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.wait_for_function("q => document.documentElement.dataset.gsQuery === q", arg=query, timeout=20_000)
    marks = page.eval_on_selector_all(
        "#gs-header-list [data-state][data-basis]", "els => els.map(e => [e.dataset.item, e.dataset.state, e.dataset.basis, e.textContent])"
    )
    assert marks, query
    assert any(expected[item].basis != st.NONE for item, *_ in marks), marks  # a covered record is among the results
    for item, key, basis, text in marks:
        s = expected[item]
        assert (key, basis) == (s.key, s.basis) and text.startswith(s.label), (query, item)
        if s.basis != st.NONE:
            assert not any(w in text for w in NO_REPORT_WORDS), (query, item, text)
