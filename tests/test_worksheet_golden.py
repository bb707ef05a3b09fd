"""Golden cases for worksheet import errors: one file per bad worksheet in tests/bad_worksheets/.

Each case starts from the blank 进展填报表 generated from the real plan (XLSX, or the CSV of one
sheet), applies the edits an official might make, imports it, and checks that every expected
problem is reported by sheet, row and column — and that nothing was written.

Case keys
    description  what went wrong (one line)
    format       xlsx | csv
    sheet        csv: which list's CSV to use (default 任务清单)
    encoding     csv: utf-8-sig (default), gb18030, utf-16 (with BOM) or utf-16-le (without); big5 (what
                 Excel in a Traditional Chinese Windows saves; characters Big5 lacks become “?”);
                 mojibake (UTF-8 read as Windows-1252 and saved again as UTF-8)
    delimiter    csv: the separator (default: tab for UTF-16, as Excel's “Unicode 文本”; else comma)
    no_info      csv: true = do not add a filled 报告信息.csv (xlsx cases get a filled 报告信息 sheet)
    info_of      fill 报告信息 with the metadata of this fixture report (tests/fixtures/progress/) instead
    existing     fixture reports (tests/fixtures/progress/ID.yaml) already in the data directory
    replace, assume_yes, ignore_stale   true = import-progress --replace, --yes, --ignore-stale
    also         blank worksheet files given as well (e.g. [任务清单.csv] next to the .xlsx)
    folder       true = give the folder holding the files instead of the files
    report       the --report id (default rp-test)
    many_rows    csv: append this many rows with unknown ids (the 100 000-row case, small)
    raw_b64      the whole file as base64 (a damaged file); ops are then ignored
    ops          list of edits: set {sheet, row_of | row, column, value, repeat (value times N)}
                 · rename_sheet {sheet, to} · delete_column {sheet, column} · merge {sheet, range}
                 · duplicate_row {sheet, row_of} · info {key, value} (a key not in INFO_ROWS, such as
                 填报表版本, is added as a row) · reverse_ids {sheet} (the id column alone reversed, as
                 sorting only that column in Excel does) · keep_only {sheet, ids} (the other rows
                 deleted, as in a department's worksheet) · fill_many {sheet, count, cells, repeat_cell,
                 repeat} (the first count rows get these cells; repeat_cell's value times repeat)
    expect       problems: sheet (exact), row | row_of (+ occurrence), column_contains,
                 message_contains, hint_contains
    expect_report  strings the whole printed report contains (the cap, where reading stopped)

Every case also checks that nothing in the data directory changed (no file added, removed or edited).
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
    "info_of",
    "existing",
    "replace",
    "assume_yes",
    "ignore_stale",
    "also",
    "folder",
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


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
ENCODINGS = {
    "big5": lambda text: text.encode("big5", errors="replace"),
    "mojibake": lambda text: text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
}


def info_of(case: dict) -> dict[str, str]:
    """The 报告信息 values of the case: VALID_INFO, or a fixture report's metadata."""
    if "info_of" not in case:
        return dict(VALID_INFO)
    r = yaml.safe_load((FIXTURES / f"{case['info_of']}.yaml").read_text(encoding="utf-8"))
    src = r["source"]
    values = [r["kind"], r["title"], r["issuer"], r["date"], r["as_of"], src.get("url"), src.get("document"), src.get("page")]
    return {k: "" if v is None else str(v) for (k, _), v in zip(INFO_ROWS, values, strict=True)}


def _info_rows(case: dict) -> list[tuple[str, str]]:
    """(key, value) of every 报告信息 row after the case's info ops: INFO_ROWS, then keys added."""
    info = info_of(case)
    for op in case.get("ops", []):
        if op["op"] == "info":
            info[op["key"]] = op["value"]
    return [(k, info.get(k) or "") for k, _ in INFO_ROWS] + [(k, v) for k, v in info.items() if k not in dict(INFO_ROWS)]


def _edit_rows(op: dict, rows: list[list[object]], header: list[object]) -> list[list[object]]:
    """The edits that work on a sheet's rows the same way in XLSX and CSV (row 1 = header)."""
    if op["op"] == "reverse_ids":
        ids = [r[0] for r in rows[1:]][::-1]
        return [rows[0], *([i, *r[1:]] for i, r in zip(ids, rows[1:], strict=True))]
    if op["op"] == "keep_only":
        return [rows[0], *(r for r in rows[1:] if r[0] in op["ids"])]
    if op["op"] == "fill_many":
        out = [list(r) for r in rows]
        for r in out[1 : op["count"] + 1]:
            for name, value in op["cells"].items():
                r[header.index(name)] = value * (op.get("repeat", 1) if name == op.get("repeat_cell") else 1)
        return out
    raise AssertionError(op)


ROW_OPS = {"reverse_ids", "keep_only", "fill_many"}


def _find_row(rows: list[list[object]], ident: str, occurrence: int = 1) -> int:
    hits = [n for n, r in enumerate(rows, start=1) if r and r[0] == ident]
    assert len(hits) >= occurrence, f"{ident} occurs {len(hits)} times"
    return hits[occurrence - 1]


def build_xlsx(case: dict, blank: dict[str, bytes], path: Path) -> list[list[list[object]]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(blank["进展填报表.xlsx"]))
    for op in case.get("ops", []):
        if op["op"] == "info":
            continue
        ws = wb[op["sheet"]]
        header = [c.value for c in ws[1]]
        if op["op"] in ROW_OPS:
            rows = _edit_rows(op, _rows_xlsx(ws), header)
            ws.delete_rows(2, ws.max_row)
            for r in rows[1:]:
                ws.append(r)
        elif op["op"] == "set":
            row = op.get("row") or _find_row(_rows_xlsx(ws), op["row_of"])
            ws.cell(row, header.index(op["column"]) + 1).value = op["value"] * op.get("repeat", 1)
        elif op["op"] == "rename_sheet":
            ws.title = op["to"]
        elif op["op"] == "delete_column":
            ws.delete_cols(header.index(op["column"]) + 1)
        elif op["op"] == "merge":
            ws.merge_cells(op["range"])
        elif op["op"] == "duplicate_row":
            ws.append(_rows_xlsx(ws)[_find_row(_rows_xlsx(ws), op["row_of"]) - 1])
    info_ws = wb["报告信息"]
    for n, (key, value) in enumerate(_info_rows(case), start=2):
        info_ws.cell(n, 1).value, info_ws.cell(n, 2).value = key, value or None
    wb.save(path)
    return wb


def build_csv(case: dict, blank: dict[str, bytes], tmp: Path) -> list[Path]:
    name = case.get("sheet", "任务清单")
    rows = list(csv.reader(io.StringIO(blank[f"{name}.csv"].decode("utf-8-sig"), newline="")))
    for op in case.get("ops", []):
        header = rows[0]
        if op["op"] in ROW_OPS:
            rows = _edit_rows(op, rows, header)
        elif op["op"] == "set":
            row = op.get("row") or _find_row(rows, op["row_of"])
            rows[row - 1][header.index(op["column"])] = op["value"] * op.get("repeat", 1)
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
    encoding = case.get("encoding", "utf-8-sig")
    path.write_bytes(ENCODINGS[encoding](out.getvalue()) if encoding in ENCODINGS else out.getvalue().encode(encoding))
    paths = [path]
    if not case.get("no_info"):
        info = tmp / "报告信息.csv"
        lines = [["项目", "内容", "说明"], *([k, v, ""] for k, v in _info_rows(case))]
        buf = io.StringIO(newline="")
        csv.writer(buf).writerows(lines)
        info.write_bytes(buf.getvalue().encode("utf-8-sig"))
        paths.append(info)
    return paths


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_case(case: dict, blank, plan, tmp_path: Path):
    data = tmp_path / "plan_data"
    (data / "progress").mkdir(parents=True)
    for ident in case.get("existing", []):
        (data / "progress" / f"{ident}.yaml").write_bytes((FIXTURES / f"{ident}.yaml").read_bytes())
    before = snapshot(data)
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
        encoding = case.get("encoding", "utf-8-sig")
        text = paths[0].read_bytes().decode("utf-8-sig" if encoding in ENCODINGS else encoding, errors="replace")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        paths, sheets = paths, {case.get("sheet", "任务清单"): rows}
    for name in case.get("also", []):
        (work / name).write_bytes(blank[name])
        paths.append(work / name)
    paths = [work] if case.get("folder") else paths
    flags = {"yes": bool(case.get("assume_yes")), "ignore_stale": bool(case.get("ignore_stale"))}
    with pytest.raises(WorksheetError) as err:
        import_progress(paths, case.get("report", "rp-test"), data, plan, replace=bool(case.get("replace")), **flags)
    assert snapshot(data) == before, "nothing in the data directory may change on error"
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


@pytest.mark.parametrize(
    "name",
    [
        "01-renamed-sheet",
        "03-merged-cells",
        "05-text-in-numeric-cell",
        "28-published-before-as-of",
        "36-id-column-sorted-alone",
        "42-control-character-in-xlsx",
        "53-replace-with-a-department-sheet",
        "61-overlong-evidence",
    ],
)
def test_a_large_workbook_read_row_by_row_reports_the_same(name, blank, plan, tmp_path, monkeypatch):
    """Workbooks above LARGE_XLSX are read in read-only mode, row by row (merged cells from the XML)."""
    from genhe_plan.progress import worksheet_import

    monkeypatch.setattr(worksheet_import, "LARGE_XLSX", 0)
    test_bad_worksheet_is_reported(CASES / f"{name}.yaml", blank, plan, tmp_path)
