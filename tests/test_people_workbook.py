"""The people's workbook (data/根河规划数据.xlsx, genhe_plan/export/people.py), opened with openpyxl as a
reader's spreadsheet program would: Chinese headers, names instead of ids (ids only in 编号), the basis
in words, full page addresses, and counts that explain themselves. Issue 29: every page is a real
hyperlink (full with a public address, else relative to the workbook's folder, which LibreOffice
resolves to the site's pages), and plain numbers are numeric cells."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from urllib.parse import unquote, urljoin

import openpyxl
import pytest

from genhe_plan.export import export_paths
from genhe_plan.export.cells import plain_number
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


def test_numbers_are_numeric_cells_and_notation_stays_text(plan, book):
    """A plain number (91.75, 100, 1,500) is a number a spreadsheet sorts and sums; ≥25 or —— stays text."""
    written = {
        "主要指标": {
            "2020年现状值": [i.baseline_2020 for i in plan.indicators],
            "2025年目标值": [i.target_2025 for i in plan.indicators],
        },
        "量化目标": {"数值": [t.value for t in plan.targets if t.kind == "target"]},
        "“十三五”成就": {"数值": [t.value for t in plan.targets if t.kind == "achievement"]},
    }
    kinds = set()
    for sheet, cols in written.items():
        shown = columns(book[sheet])
        for head, values in cols.items():
            for cell, value in zip(shown[head], values, strict=True):
                if plain_number(value) is not None:
                    assert type(cell) in (int, float) and cell == plain_number(value), (sheet, head, value, cell)
                    kinds.add(type(cell))
                else:
                    assert cell == (value or None), (sheet, head, value, cell)  # text as written; "" is an empty cell
    assert kinds == {int, float}
    row = columns(book["主要指标"])
    at = row["编号"].index("ind-16")
    assert (row["2020年现状值"][at], row["2025年目标值"][at]) == (91.75, 91.76)
    assert row["2025年目标值"][row["编号"].index("ind-20")] == "≥25"


def links_of(book) -> list[tuple[str, str]]:
    """(shown text, hyperlink target) of every 网页 cell."""
    out = []
    for ws in list(book)[1:]:
        at = [c.value for c in ws[1]].index("网页")
        out += [(row[at].value, row[at].hyperlink.target if row[at].hyperlink else None) for row in ws.iter_rows(min_row=2)]
    return out


def test_every_page_cell_is_a_hyperlink_full_with_an_address(plan, book):
    links = links_of(book)
    assert len(links) == len(plan.tasks) + len(plan.targets) + len(plan.indicators) + len(plan.projects) + len(plan.departments)
    assert all(text.startswith(BASE) and target == text for text, target in links)


def test_without_an_address_page_cells_link_relative_to_the_workbook(plan):
    """The link starts from data/, where the workbook sits: resolved from the workbook's address it is
    the page the cell names."""
    links = links_of(openpyxl.load_workbook(io.BytesIO(people_xlsx(plan, ""))))
    site = "https://example.org/site/"
    assert links and all(target == "../" + text for text, target in links)
    assert all(urljoin(site + PATH, target) == site + text for text, target in links)


def test_libreoffice_opens_the_built_workbooks_links_as_the_sites_pages(site_dir, tmp_path):
    """The workbook of the built site (no public address: relative links), opened by LibreOffice from
    its place under data/: every link it resolves is a page of the site."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is missing: make office (scripts/ensure_office.sh) installs it")
    (tmp_path / "data").mkdir()
    shutil.copy(site_dir / PATH, tmp_path / PATH)
    profile, out = tmp_path / "profile", tmp_path / "out"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "html"]
    done = subprocess.run([*cmd, "--outdir", str(out), str(tmp_path / PATH)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    hrefs = re.findall(r'href="([^"]+)"', next(out.glob("*.html")).read_text(encoding="utf-8", errors="replace"))
    pages = [unquote(h).removeprefix(tmp_path.as_uri() + "/") for h in hrefs if h.startswith("file:")]
    assert len(pages) > 100, hrefs[:5]
    missing = [p for p in pages if not (site_dir / p.partition("#")[0] / "index.html").is_file()]
    assert missing == []
