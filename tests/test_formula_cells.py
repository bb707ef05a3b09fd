"""No CSV or XLSX cell the tool writes can be a formula (issue 27, OWASP "CSV injection").

Every writer (the declared tables, the worksheet CSVs, the people's workbook, 进展填报表.xlsx and its
报告信息/填写说明 sheets) is given the texts of tests/formula_data.py and read back with csv and openpyxl:
in CSV such a text carries a leading apostrophe, in XLSX it is the same text in a string cell with the
quotePrefix style and no sheet holds a formula element. Numbers and the plan's dash notation are left
alone. A worksheet holding such texts, imported again, yields the same text. LibreOffice opening the
files: test_formula_office.py.
"""

from __future__ import annotations

import ast
import csv
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from formula_data import DEPT, DEPT_NAME, HOSTILE, LEGIT, NOTE, QUOTES, REPORT, TITLE, poisoned_data, starts_like_formula

from genhe_plan import export
from genhe_plan.export import xlsx
from genhe_plan.export.cells import csv_cell, csv_text
from genhe_plan.export.columns import Table, keyed
from genhe_plan.export.people import PATH as PEOPLE_XLSX
from genhe_plan.input.load import load_file
from genhe_plan.model import load_plan
from genhe_plan.progress import worksheet as ws
from genhe_plan.progress.worksheet_import import import_progress

ROOT = Path(__file__).resolve().parent.parent
NUMBERS = [-3.5, 7]
"""Number cells (not text) in the rows given to the writers."""


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def expected_csv(value: object) -> str:
    """What a CSV cell must hold: an apostrophe before a text a spreadsheet would run; else the value."""
    return "'" + value if isinstance(value, str) and starts_like_formula(value) else str(value)


def assert_no_formula(data: bytes) -> dict[str, list]:
    """Every cell of every sheet of the workbook ``data``: {sheet: [cell]}; none is a formula, in
    openpyxl's reading and in the sheet XML itself."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name
    wb = load_workbook(io.BytesIO(data))
    cells = {s.title: [c for row in s.iter_rows() for c in row] for s in wb.worksheets}
    formulas = [(s, c.coordinate, c.value) for s, cs in cells.items() for c in cs if c.data_type == "f"]
    assert formulas == []
    return cells


def assert_protected(cells: list, values: list[object]) -> None:
    """Each of ``values`` is in ``cells`` exactly as given; the texts a spreadsheet would run carry
    quotePrefix, nothing else does."""
    by_value = {}
    for c in cells:
        by_value.setdefault(c.value, []).append(c)
    for v in values:
        if v == "":
            continue
        found = by_value.get(v, [])
        assert found, f"{v!r} not written verbatim"
        assert {(c.data_type, bool(c.quotePrefix)) for c in found} == {
            ("s" if isinstance(v, str) else "n", isinstance(v, str) and starts_like_formula(v))
        }, v


# ---------------------------------------------------------------- the rule
@pytest.mark.parametrize("value", HOSTILE)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert csv_cell(value) == "'" + value
    assert csv_text(csv_cell(value)) == value


@pytest.mark.parametrize("value", [*LEGIT, *NUMBERS, None])
def test_numbers_dashes_and_text_stay_as_they_are(value):
    assert csv_cell(value) == ("" if value is None else value)


@pytest.mark.parametrize("value", [*HOSTILE, *LEGIT, "'=1", "''=1", "'-3.5", "'", "''", "'\t", "'a"])
def test_the_import_takes_off_exactly_the_apostrophe_the_writer_put(value):
    assert csv_text(csv_cell(value)) == value
    assert not starts_like_formula(csv_cell(value))


# ---------------------------------------------------------------- every writer, given the texts directly
ROW = [*HOSTILE, *LEGIT, *NUMBERS]
HEADER = [f"c{i}" for i in range(len(ROW))]


def test_declared_tables_csv():
    table = Table("t", "测试", "测试", None, lambda plan: [dict(zip(HEADER, ROW, strict=True))], keyed([(h, "string", h) for h in HEADER]))
    assert read_csv(table.csv(None)) == [HEADER, [expected_csv(v) for v in ROW]]


def test_worksheet_csv():
    assert read_csv(ws.csv_sheet(HEADER, [ROW, ROW])) == [HEADER, *[[expected_csv(v) for v in ROW]] * 2]


def test_xlsx_table_sheet():
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    xlsx.table_sheet(wb, "表", HEADER, [ROW], freeze="A2")
    cells = assert_no_formula(xlsx.workbook_bytes(wb, datetime.date(2024, 1, 1)))
    assert_protected(cells["表"], ROW)


def test_worksheet_workbook_with_every_sheet():
    sheet = ws.SHEETS[1]
    header = ws.headers(sheet)
    rows = [[*ROW[i : i + len(header)], *[""] * len(header)][: len(header)] for i in range(0, len(ROW), len(header))]
    info = {key: v for (key, _), v in zip(ws.INFO_ROWS, HOSTILE, strict=False)}
    cells = assert_no_formula(ws.xlsx_bytes([(sheet, header, rows)], info, HOSTILE))
    assert_protected(cells[sheet.name], ROW)
    assert_protected(cells[ws.INFO_SHEET], list(info.values()))
    assert_protected(cells[ws.HELP_SHEET], HOSTILE)


# ---------------------------------------------------------------- through the real entry points
@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    data = poisoned_data(tmp_path_factory.mktemp("formulas") / "plan_data")
    return load_plan(data), data


def by_column(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_published_files_never_start_a_cell_with_a_formula(poisoned):
    plan, data = poisoned
    files = export.export_files(plan, data)
    csvs = {p: read_csv(b) for p, b in files.items() if p.endswith(".csv")}
    running = [(p, v) for p, rows in csvs.items() for row in rows for v in row if starts_like_formula(v)]
    assert running == []
    progress = {r["item_id"]: r for r in by_column(csvs["data/progress.csv"]) if r["report_id"] == REPORT}
    assert {item: progress[item]["evidence"] for item in QUOTES} == {item: "'" + q for item, q in QUOTES.items()}
    assert progress[NOTE[0]]["note"] == "'" + NOTE[1] and progress[NOTE[0]]["report_title"] == "'" + TITLE
    assert {r["id"]: r["name"] for r in by_column(csvs["data/departments.csv"])}[DEPT] == "'" + DEPT_NAME
    assert {"---", "-----"} <= {v for r in csvs["data/indicators.csv"] for v in r}  # the plan's own dash notation, unchanged
    cells = assert_no_formula(files[PEOPLE_XLSX])
    assert any(c.value == DEPT_NAME and c.quotePrefix for cs in cells.values() for c in cs)
    assert not any(c.quotePrefix for cs in cells.values() for c in cs if isinstance(c.value, str) and c.value.startswith("---"))


def test_the_worksheet_of_a_report_never_starts_a_cell_with_a_formula(poisoned):
    plan, _ = poisoned
    files = ws.worksheet_files(plan, report=REPORT)
    for name, data in files.items():
        if name.endswith(".csv"):
            assert [v for row in read_csv(data) for v in row if starts_like_formula(v)] == [], name
    quotes = {r[0]: r[-2] for name in ("指标清单.csv", "任务清单.csv", "项目清单.csv") for r in read_csv(files[name])}
    assert {item: quotes[item] for item in QUOTES} == {item: "'" + q for item, q in QUOTES.items()}
    assert ["报告标题", "'" + TITLE] == read_csv(files["报告信息.csv"])[2][:2]
    cells = assert_no_formula(files[ws.XLSX_NAME])
    assert_protected([c for cs in cells.values() for c in cs], [*QUOTES.values(), NOTE[1], TITLE])


def test_a_worksheet_with_such_texts_imports_the_same_text(poisoned, tmp_path):
    """Written, read back (the CSVs into a report of their own, the XLSX into the existing one): the
    quotes, the note and the title are exactly the report's."""
    plan, data = poisoned
    out = tmp_path / "ws"
    out.mkdir()
    for name, content in ws.worksheet_files(plan, report=REPORT).items():
        (out / name).write_bytes(content)
    assert import_progress([out / ws.XLSX_NAME], REPORT, data, plan).changed is False
    (data / "progress" / f"{REPORT}.yaml").rename(tmp_path / "kept.yaml")
    try:
        result = import_progress(sorted(out.glob("*.csv")), REPORT, data, plan, ignore_stale=True)  # the report was moved away on purpose
        doc = load_file(result.path, f"plan_data/progress/{REPORT}.yaml").data
    finally:
        (tmp_path / "kept.yaml").replace(data / "progress" / f"{REPORT}.yaml")
    assert doc["title"] == TITLE
    entries = {e["item"]: e for e in doc["entries"]}
    assert {item: entries[item]["evidence"] for item in QUOTES} == QUOTES
    assert entries[NOTE[0]]["note"] == NOTE[1]


def test_only_cells_py_makes_csv():
    """Every CSV goes through genhe_plan/export/cells.py: no other module calls csv.writer/DictWriter."""
    makers = []
    for path in sorted((ROOT / "genhe_plan").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter") and getattr(node.value, "id", "") == "csv":
                makers.append(path.relative_to(ROOT).as_posix())
    assert makers == ["genhe_plan/export/cells.py"]
