"""Golden cases for worksheet import errors: one file per bad worksheet in tests/bad_worksheets/.

Each case starts from the blank 进展填报表 generated from the real plan (XLSX, or the CSV of one
sheet), applies the edits an official might make, imports it, and checks that every expected
problem is reported by sheet, row and column — and that nothing was written.

Case keys
    description  what went wrong (one line)
    format       xlsx | csv
    sheet        csv: which list's CSV to use (default 任务清单)
    encoding     csv: utf-8-sig (default), gb18030, utf-16 (with BOM) or utf-16-le (without)
    delimiter    csv: the separator (default: tab for UTF-16, as Excel's “Unicode 文本”; else comma)
    no_info      csv: true = do not add a filled 报告信息.csv (xlsx cases get a filled 报告信息 sheet)
    report       the --report id (default rp-test)
    many_rows    csv: append this many rows with unknown ids (the 100 000-row case, small)
    raw_b64      the whole file as base64 (a damaged file); ops are then ignored
    ops          list of edits: set {sheet, row_of | row, column, value} · rename_sheet {sheet, to}
                 · delete_column {sheet, column} · merge {sheet, range} · duplicate_row {sheet, row_of}
                 · info {key, value}
    expect       problems: sheet (exact), row | row_of (+ occurrence), column_contains,
                 message_contains, hint_contains
    expect_report  strings the whole printed report contains (the cap, where reading stopped)
"""

from __future__ import annotations

import base64
import csv
import io
from pathlib import Path

import pytest
import yaml

from genhe_plan.progress.worksheet import FILL, INFO_ROWS, SHEETS, worksheet_files
from genhe_plan.progress.worksheet_import import WorksheetError, import_progress

CASES = Path(__file__).resolve().parent / "bad_worksheets"
CASE_KEYS = {
    "description",
    "format",
    "sheet",
    "encoding",
    "delimiter",
    "no_info",
    "report",
    "many_rows",
    "raw_b64",
    "ops",
    "expect",
    "expect_report",
}
VALID_INFO = {
    "报告类型": "中期评估",
    "报告标题": "测试用虚构中期评估报告",
    "发布单位": "测试单位",
    "发布日期": "2024-03",
    "数据截至": "2023-12-31",
    "来源网址": "https://example.org/r.pdf",
    "页码": "第5页",
}


@pytest.fixture(scope="module")
def blank(plan) -> dict[str, bytes]:
    return worksheet_files(plan)


def _rows_xlsx(ws) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _find_row(rows: list[list[object]], ident: str, occurrence: int = 1) -> int:
    hits = [n for n, r in enumerate(rows, start=1) if r and r[0] == ident]
    assert len(hits) >= occurrence, f"{ident} occurs {len(hits)} times"
    return hits[occurrence - 1]


def build_xlsx(case: dict, blank: dict[str, bytes], path: Path) -> list[list[list[object]]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(blank["进展填报表.xlsx"]))
    info = dict(VALID_INFO)
    for op in case.get("ops", []):
        if op["op"] == "info":
            info[op["key"]] = op["value"]
            continue
        ws = wb[op["sheet"]]
        header = [c.value for c in ws[1]]
        if op["op"] == "set":
            row = op.get("row") or _find_row(_rows_xlsx(ws), op["row_of"])
            ws.cell(row, header.index(op["column"]) + 1).value = op["value"]
        elif op["op"] == "rename_sheet":
            ws.title = op["to"]
        elif op["op"] == "delete_column":
            ws.delete_cols(header.index(op["column"]) + 1)
        elif op["op"] == "merge":
            ws.merge_cells(op["range"])
        elif op["op"] == "duplicate_row":
            ws.append(_rows_xlsx(ws)[_find_row(_rows_xlsx(ws), op["row_of"]) - 1])
    info_ws = wb["报告信息"]
    for n, (key, _) in enumerate(INFO_ROWS, start=2):
        info_ws.cell(n, 2).value = info.get(key)
    wb.save(path)
    return wb


def build_csv(case: dict, blank: dict[str, bytes], tmp: Path) -> list[Path]:
    name = case.get("sheet", "任务清单")
    rows = list(csv.reader(io.StringIO(blank[f"{name}.csv"].decode("utf-8-sig"), newline="")))
    for op in case.get("ops", []):
        header = rows[0]
        if op["op"] == "set":
            row = op.get("row") or _find_row(rows, op["row_of"])
            rows[row - 1][header.index(op["column"])] = op["value"]
        elif op["op"] == "delete_column":
            i = header.index(op["column"])
            rows = [r[:i] + r[i + 1 :] for r in rows]
        elif op["op"] == "duplicate_row":
            rows.append(list(rows[_find_row(rows, op["row_of"]) - 1]))
    width = len(rows[0])
    rows += [[f"t99-{n}", *[""] * (width - 6), "已完成", "", "", "原话", ""] for n in range(case.get("many_rows", 0))]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=case.get("delimiter", "\t" if case.get("encoding", "").startswith("utf-16") else ",")).writerows(rows)
    path = tmp / f"{name}.csv"
    path.write_bytes(out.getvalue().encode(case.get("encoding", "utf-8-sig")))
    paths = [path]
    if not case.get("no_info"):
        info = tmp / "报告信息.csv"
        lines = [["项目", "内容", "说明"], *([k, VALID_INFO.get(k, ""), ""] for k, _ in INFO_ROWS)]
        buf = io.StringIO(newline="")
        csv.writer(buf).writerows(lines)
        info.write_bytes(buf.getvalue().encode("utf-8-sig"))
        paths.append(info)
    return paths


def run_case(case: dict, blank, plan, tmp_path: Path):
    data = tmp_path / "plan_data"
    (data / "progress").mkdir(parents=True)
    work = tmp_path / "in"
    work.mkdir()
    if "raw_b64" in case:
        path = work / ("进展填报表.xlsx" if case["format"] == "xlsx" else f"{case.get('sheet', '任务清单')}.csv")
        path.write_bytes(base64.b64decode(case["raw_b64"]))
        paths, sheets = [path], None
    elif case["format"] == "xlsx":
        path = work / "进展填报表.xlsx"
        wb = build_xlsx(case, blank, path)
        paths, sheets = [path], {ws.title: _rows_xlsx(ws) for ws in wb.worksheets}
    else:
        paths = build_csv(case, blank, work)
        delimiter = case.get("delimiter", "\t" if case.get("encoding", "").startswith("utf-16") else ",")
        text = paths[0].read_bytes().decode(case.get("encoding", "utf-8-sig"))
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        paths, sheets = paths, {case.get("sheet", "任务清单"): rows}
    with pytest.raises(WorksheetError) as err:
        import_progress(paths, case.get("report", "rp-test"), data, plan)
    assert list((data / "progress").iterdir()) == [], "nothing may be written on error"
    return err.value, sheets


def cases():
    return [pytest.param(p, id=p.stem) for p in sorted(CASES.glob("*.yaml"))]


@pytest.mark.parametrize("path", cases())
def test_bad_worksheet_is_reported(path: Path, blank, plan, tmp_path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    error, sheets = run_case(case, blank, plan, tmp_path)
    problems = error.problems
    report = "\n".join(map(str, problems))
    printed = error.report()
    assert printed.count("\n") < 200, "the output is capped"
    for text in case.get("expect_report", []):
        assert text in printed, f"expected {text!r} in:\n{printed}"
    for p in problems:
        assert "Traceback" not in str(p) and p.message.strip()
    for exp in case["expect"]:
        row = exp.get("row")
        if "row_of" in exp:
            row = _find_row(sheets[exp["sheet"]], exp["row_of"], exp.get("occurrence", 1))
        hit = [
            p
            for p in problems
            if p.sheet == exp["sheet"]
            and (row is None or p.row == row)
            and exp.get("column_contains", "") in p.column
            and exp["message_contains"] in p.message
            and exp.get("hint_contains", "") in p.hint
        ]
        assert hit, f"expected {exp} (row {row}) in:\n{report}"


def test_cases_are_well_formed():
    paths = sorted(CASES.glob("*.yaml"))
    assert len(paths) >= 30
    for path in paths:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(case) <= CASE_KEYS, path.name
        assert case["description"] and case["format"] in ("xlsx", "csv") and case["expect"], path.name
        assert all("message_contains" in e and "sheet" in e for e in case["expect"]), path.name


def test_fill_columns_are_on_every_list():
    for sheet in SHEETS:
        assert sheet.id_column == sheet.columns[0]
        assert not set(FILL) & set(sheet.columns)


@pytest.mark.parametrize("name", ["01-renamed-sheet", "03-merged-cells", "05-text-in-numeric-cell", "28-published-before-as-of"])
def test_a_large_workbook_read_row_by_row_reports_the_same(name, blank, plan, tmp_path, monkeypatch):
    """Workbooks above LARGE_XLSX are read in read-only mode, row by row (merged cells from the XML)."""
    from genhe_plan.progress import worksheet_import

    monkeypatch.setattr(worksheet_import, "LARGE_XLSX", 0)
    test_bad_worksheet_is_reported(CASES / f"{name}.yaml", blank, plan, tmp_path)
