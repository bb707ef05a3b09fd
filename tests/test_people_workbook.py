"""The people's workbook (data/根河规划数据.xlsx, genhe_plan/export/people.py), opened with openpyxl as a
reader's spreadsheet program would: Chinese headers, names instead of ids (ids only in 编号), the basis
in words, full page addresses, and counts that explain themselves."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from genhe_plan.export import export_paths
from genhe_plan.export.people import PATH, people_xlsx
from genhe_plan.graph import graph_of
from genhe_plan.pages.graph import legend_html
from genhe_plan.pages.overview import home_snippets

BASE = "https://example.org/genhe/"
ID_LIKE = re.compile(r"^[a-z][a-z0-9_-]*$")  # t03-1-01, ind-16, kp-02-1, tg-001, eco
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def book(plan):
    return openpyxl.load_workbook(io.BytesIO(people_xlsx(plan, BASE)))


def columns(ws) -> dict[str, list]:
    head = [c.value for c in ws[1]]
    return {h: [row[i] for row in ws.iter_rows(min_row=2, values_only=True)] for i, h in enumerate(head)}


def test_one_sheet_per_list_with_chinese_headers(plan, book):
    assert book.sheetnames == ["说明", "任务", "量化目标", "“十三五”成就", "主要指标", "重点工程", "部门"]
    assert book["任务"].max_row - 1 == len(plan.tasks) and book["主要指标"].max_row - 1 == len(plan.indicators)
    for ws in book:
        assert all(CJK.search(str(c.value)) for c in ws[1]), [c.value for c in ws[1]]


def test_no_column_but_编号_is_ids_only(book):
    for ws in list(book)[1:]:
        for head, values in columns(ws).items():
            filled = [v for v in values if v not in (None, "")]
            if head == "编号":
                assert all(ID_LIKE.match(str(v)) for v in filled), (ws.title, filled[:3])
            elif filled and all(isinstance(v, str) for v in filled):
                pieces = [p for v in filled for p in re.split(r"[；、]", v)]
                assert not all(ID_LIKE.match(p) for p in pieces), (ws.title, head, filled[:3])


def test_basis_in_words_and_addresses_in_full(book):
    tasks = columns(book["任务"])
    assert set(tasks["牵头依据"]) <= {"原文写明", "按职责分配", None}
    assert all(re.search(r"（(?:原文写明|按职责分配)）$", p) for v in tasks["配合部门（依据）"] if v for p in v.split("；"))
    for ws in list(book)[1:]:
        links = columns(ws)["网页"]
        assert links and all(v.startswith(BASE) for v in links), ws.title
    assert book["任务"]["O2"].hyperlink.target.startswith(BASE)


def test_counts_explain_themselves(plan, book):
    sentence = f"{sum(t.kind == 'target' for t in plan.targets)} 个量化目标，另有 {sum(t.kind == 'achievement' for t in plan.targets)} 项“十三五”成就数据"
    readme = " ".join(str(r[0]) for r in book["说明"].iter_rows(values_only=True))
    assert sentence in readme and BASE in readme
    assert book["量化目标"].max_row - 1 + book["“十三五”成就"].max_row - 1 == len(plan.targets)
    assert sentence in home_snippets(plan)["figures"]
    assert sentence in legend_html(graph_of(plan))  # the graph's 目标 121 says what the 121 is


def test_without_a_public_address_the_sheet_says_where_links_start(plan):
    book = openpyxl.load_workbook(io.BytesIO(people_xlsx(plan, "")))
    assert columns(book["部门"])["网页"][0] == "departments/" + plan.departments[0].id + "/"
    assert "从网站首页算起" in " ".join(str(r[0]) for r in book["说明"].iter_rows(values_only=True))


def test_bytes_are_stable_and_the_file_is_a_download(plan):
    assert people_xlsx(plan, BASE) == people_xlsx(plan, BASE)
    assert PATH in export_paths()
