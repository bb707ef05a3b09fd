"""A phone (390×844) in real Chromium: no page scrolls sideways and no table of the text passes the
right edge of the screen (wide tables are stacked, one block per row: a11y.js and site.css).

The pages: every page of the built site that is not one record's page, plus the first record page of
each collection (a chapter, an indicator, a department, a project) — found in the built site, so a
new page is covered without editing this list."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PHONE, fresh_page

OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - innerWidth,
  tables: Array.from(document.querySelectorAll('article table'))
    .filter(t => t.getBoundingClientRect().right > innerWidth + 1)
    .map(t => Math.round(t.getBoundingClientRect().width) + ' px: ' +
              Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim()).join(' | ').slice(0, 80)) })"""


def phone_sample(site: Path) -> list[str]:
    """Site paths ("" for home, "graph/full/", …) of the pages described in the module docstring."""
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if "assets" not in p.parts)
    top = [p for p in pages if p.count("/") == 0]
    first_record = {}
    for p in pages:
        if p.count("/") >= 1:
            first_record.setdefault(p.split("/")[0], p)
    return [("" if p == "." else p + "/") for p in top + sorted(first_record.values())]


def test_sample_covers_every_page_type(site_dir):
    sample = phone_sample(site_dir)
    assert "" in sample and "graph/" in sample and "progress/" in sample
    assert {p.split("/")[0] for p in sample if p.count("/") > 1} >= {"plan", "indicators", "departments", "projects"}


def test_no_page_scrolls_sideways_and_every_table_fits(site_dir, base_url, browser):
    wide = {}
    with fresh_page(browser, **PHONE) as page:
        for path in phone_sample(site_dir):
            page.goto(base_url + path, wait_until="load")
            found = page.evaluate(OVERFLOW)
            if found["page"] > 1 or found["tables"]:
                wide[path or "/"] = found
    assert wide == {}, "\n".join(f"{p}: page {f['page']} px too wide; tables {f['tables']}" for p, f in wide.items())


@pytest.mark.parametrize("path", ["", "progress/"])
def test_a_stacked_table_shows_every_column(path, base_url, browser):
    """The home page's indicator table and the 进展 counts: on a phone each row is one block in which
    every column's value follows its heading (the non-zero count is no longer off-screen)."""
    with fresh_page(browser, **PHONE) as page:
        page.goto(base_url + path, wait_until="load")
        report = page.evaluate(
            """() => { const t = document.querySelector('article table'); const heads = t.querySelectorAll('thead th').length;
                 const cells = Array.from(t.querySelectorAll('tbody tr:first-child td'));
                 return { heads, cells: cells.length, labelled: cells.slice(1).every(td => td.dataset.label),
                          shown: cells.every(td => { const r = td.getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth; }) }; }"""
        )
        assert report["heads"] >= 4 and report["cells"] == report["heads"] and report["labelled"] and report["shown"], report


def test_stacked_rows_use_the_width_of_the_text(site_dir, base_url, browser):
    """A stacked row is as wide as the article's text, not as its content (Material's table wrapper
    shrinks to fit: a department's task blocks were half the screen wide)."""
    narrow = {}
    with fresh_page(browser, **PHONE) as page:
        for path in phone_sample(site_dir):
            page.goto(base_url + path, wait_until="load")
            found = page.evaluate(
                """() => Array.from(document.querySelectorAll('article .stack-table--labelled tbody tr')).filter(tr => {
                     const text = tr.closest('.stack-table--labelled').getBoundingClientRect().width;
                     return tr.getBoundingClientRect().width < text * 0.9; }).length"""
            )
            if found:
                narrow[path or "/"] = found
    assert narrow == {}, narrow
