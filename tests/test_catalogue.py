"""The 信息公开目录 (issue 29): every record with 索引号, 类别, 名称, 内容概述, 生成日期 and 修改日期, as a page
and a CSV, from a throwaway repository whose history changes t03-1-01 after its first commit."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import DATA
from history_repo import make_repo

from genhe_plan import history
from genhe_plan.history.records import TYPES
from genhe_plan.model import load_plan
from genhe_plan.pages.catalogue import HEADER, catalogue_files, catalogue_page, catalogue_rows
from genhe_plan.present import urls


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("catalogue"))
    plan = load_plan(repo / "plan_data")
    plan.history = history.read(repo / "plan_data")
    return plan


def test_every_record_once_with_its_dates(plan):
    rows = catalogue_rows(plan)
    expected = (
        [("task", t.id) for t in plan.tasks]
        + [("target", t.id) for t in plan.targets]
        + [("indicator", i.id) for i in plan.indicators]
        + [("project", p) for p in plan.projects]
        + [("department", d.id) for d in plan.departments]
        + [("place", p.id) for p in plan.places]
        + [("finding", f.id) for f in plan.findings]
        + [("erratum", e.id) for e in plan.errata]
        + [("report", r.id) for r in plan.reports]
    )
    assert sorted((r.kind, r.id) for r in rows) == sorted(expected) and {r.kind for r in rows} <= set(TYPES)
    by = {r.id: r for r in rows}
    assert by["t03-1-01"].created == "2024-01-02" and by["t03-1-01"].modified == "2024-04-01"  # first published, last changed
    assert by["t03-1-02"].created == by["t03-1-02"].modified == "2024-01-02"
    assert all(r.page for r in rows), [r.id for r in rows if not r.page]
    assert all(r.summary and len(r.summary) <= 61 for r in rows if r.kind == "task")


def test_the_csv_has_the_page_rows_and_opens_in_a_spreadsheet(plan):
    raw = catalogue_files(plan)[urls.CATALOGUE_CSV]
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert table[0] == HEADER and len(table) == 1 + len(catalogue_rows(plan))
    row = next(r for r in table if r[0] == "t03-1-01")
    assert row[1] == "任务" and row[4:] == ["2024-01-02", "2024-04-01", "plan/ch03/#t03-1-01"]


def test_the_page_escapes_data_and_says_when_there_is_no_history(plan, tmp_path):
    page = catalogue_page(plan)
    assert page.startswith("# 信息公开目录") and "政府信息公开条例" in page and "<script>" not in page
    assert '<span id="t03-1-01">t03-1-01</span>' in page
    lead = page[page.index('<p class="lead">') : page.index("</p>")]
    assert "](" not in lead  # Markdown is not read inside raw HTML: a link there showed as [更新记录](changes.md)
    assert "[更新记录](changes.md)" in page
    bare = load_plan(DATA)
    bare.history = history.History(note="本副本没有 git 仓库。")
    text = catalogue_page(bare)
    assert "生成日期和修改日期因此空缺" in text and "| — | — |" in text
