"""Reading the files of a filled 进展填报表: XLSX workbooks (small ones whole, large ones row by row)
and CSVs saved by Excel/WPS (UTF-8, GBK or UTF-16, any of comma, tab or semicolon), each sheet a Table;
``recognise`` tells which sheet a Table is (one of the 三张清单, 报告信息, 填写说明).

In:  paths. Out: Tables, and SheetProblems for what cannot be read (a missing or damaged file, an
unknown encoding or sheet). Nothing here knows what a row means (worksheet_parse does).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .worksheet import HELP_SHEET, INFO_HEADER, INFO_SHEET, SHEETS, Sheet
from .worksheet_problems import SheetProblem


class LazyRows:
    """The rows of a large sheet, read from the file only as far as they are asked for (reading stops
    early once a file cannot succeed, so 100 000 bad rows are never all read). ``rows[0]``, iteration
    (from the start each time) and truth work as for a list."""

    def __init__(self, rows):
        self._rows = iter(rows)
        self._read: list[list[object]] = []

    def _upto(self, n: int) -> None:
        while len(self._read) < n:
            row = next(self._rows, None)
            if row is None:
                return
            self._read.append(list(row))

    def __getitem__(self, i: int) -> list[object]:
        self._upto(i + 1)
        return self._read[i]

    def __bool__(self) -> bool:
        self._upto(1)
        return bool(self._read)

    def __iter__(self):
        n = 0
        while True:
            self._upto(n + 1)
            if n >= len(self._read):
                return
            yield self._read[n]
            n += 1


@dataclass
class Table:
    file: str
    name: str  # sheet name (XLSX) or the sheet recognised from the header (CSV)
    rows: list[list[object]] | LazyRows  # row 1 = header
    merged: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, "A5:A6")
    sheet: Sheet | None = None
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, 0-based column) → formula without a saved result


def column_letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------- reading files
def read_tables(paths: list[Path], problems: list[SheetProblem], large: int | None = None) -> list[Table]:
    """The Tables of every file; ``large``: bytes above which a workbook is read row by row (LARGE_XLSX)."""
    tables: list[Table] = []
    for path in paths:
        name = path.name
        if not path.is_file():
            problems.append(SheetProblem(name, "-", 0, "", "找不到这个文件", "检查文件名和路径"))
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            tables += _read_xlsx(path, problems, LARGE_XLSX if large is None else large)
        elif path.suffix.lower() in (".csv", ".txt"):
            table = _read_csv(path, problems)
            tables += [table] if table else []
        else:
            problems.append(
                SheetProblem(name, "-", 0, "", f"不支持的文件类型 {path.suffix or '（无扩展名）'}", "请用 .xlsx，或另存为 .csv")
            )
    return tables


LARGE_XLSX = 2_000_000
"""Bytes above which a workbook is read row by row (a real 进展填报表 is about 100 KB): openpyxl's full
load of 100 000 rows takes minutes; read-only mode reads only the rows asked for."""


def _read_xlsx(path: Path, problems: list[SheetProblem], large: int) -> list[Table]:
    from openpyxl import load_workbook

    if path.stat().st_size > large:
        return _read_large_xlsx(path, problems)
    try:
        wb = load_workbook(path, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a damaged or mislabelled file
        problems.append(
            SheetProblem(
                path.name, "-", 0, "", "无法作为 XLSX 打开（文件损坏，或不是 .xlsx）", "用 WPS/Excel 打开后另存为 .xlsx（Excel 工作簿）"
            )
        )
        return []
    formulas = _unsaved_formulas(path, wb)
    out = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merged = [(r.min_row, r.min_col, str(r)) for r in ws.merged_cells.ranges]
        out.append(Table(path.name, ws.title, rows, merged, formulas=formulas.get(ws.title, {})))
    return out


def _read_large_xlsx(path: Path, problems: list[SheetProblem]) -> list[Table]:
    """Row by row (read-only mode). Merged cells come from each sheet's XML (read-only sheets do not
    list them); formula cells are not checked (only a program writes such a file, and its rows are
    refused for what they hold)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception:  # noqa: BLE001 — as _read_xlsx
        problems.append(
            SheetProblem(
                path.name, "-", 0, "", "无法作为 XLSX 打开（文件损坏，或不是 .xlsx）", "用 WPS/Excel 打开后另存为 .xlsx（Excel 工作簿）"
            )
        )
        return []
    out = []
    with zipfile.ZipFile(path) as zf:
        for ws in wb.worksheets:
            xml = zf.read(ws._worksheet_path) if ws._worksheet_path in zf.namelist() else b""
            merged = []
            for ref in re.findall(rb'<mergeCell ref="(([A-Z]+)(\d+)(?::[A-Z]+\d+)?)"', xml):
                merged.append((int(ref[2]), _column_number(ref[1].decode()), ref[0].decode()))
            out.append(Table(path.name, ws.title, LazyRows(ws.iter_rows(values_only=True)), merged))
    return out


def _column_number(letters: str) -> int:
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n


def _unsaved_formulas(path: Path, values) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet: {(row, column): formula}} of formula cells whose result was never saved (a file written
    by a program, not saved again by Excel/WPS): openpyxl reads them as empty. Why the zip test first:
    loading the workbook a second time is only worth it when some sheet holds a formula at all."""
    import zipfile

    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as zf:
        if not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/")):
            return {}
    wb = load_workbook(path, data_only=False)
    out: dict[str, dict[tuple[int, int], str]] = {}
    for ws in wb.worksheets:
        saved = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") and saved.cell(cell.row, cell.column).value is None:
                    out.setdefault(ws.title, {})[(cell.row, cell.column - 1)] = cell.value
    return out


def _decode(raw: bytes) -> str | None:
    """The text of UTF-8 (with or without BOM), UTF-16 (Excel “Unicode 文本”, with or without BOM) or GBK."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif b"\x00" in raw[:400]:  # UTF-16 without its mark: every ASCII character (digits, commas) has a zero byte
        head = raw[:400]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        encodings = ["utf-16-le" if odd >= even else "utf-16-be"]
    else:
        encodings = ["utf-8-sig", "gb18030"]
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(path: Path, problems: list[SheetProblem]) -> Table | None:
    raw = path.read_bytes()
    text = _decode(raw)
    if text is None:
        problems.append(SheetProblem(path.name, "-", 0, "", "无法识别文件编码", "用 WPS/Excel 另存为 “CSV UTF-8” 或 “CSV（逗号分隔）”"))
        return None
    if not text.strip().lstrip("\ufeff").strip(",;\t\r\n "):
        problems.append(
            SheetProblem(
                path.name,
                "-",
                0,
                "",
                "文件是空的（没有任何内容）",
                "请导入填写后保存的文件；用 python -m genhe_plan worksheet 重新生成空白表",
            )
        )
        return None
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count)
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return Table(path.name, path.stem, rows)


# ---------------------------------------------------------------- recognising sheets
def recognise(table: Table, is_csv: bool, problems: list[SheetProblem]) -> str | None:
    """'list' (one of the 三张清单, table.sheet set), 'info', 'help' or None (a problem was added)."""
    header = [cell_text(v) for v in (table.rows[0] if table.rows else [])]
    by_name = {s.name: s for s in SHEETS}
    if table.name in by_name and not is_csv:
        table.sheet = by_name[table.name]
        return "list"
    if table.name == INFO_SHEET or (is_csv and header[:2] == INFO_HEADER):
        return "info"
    if table.name == HELP_SHEET:
        return "help"
    if is_csv:
        for s in SHEETS:
            if s.id_column in header:
                table.sheet = s
                return "list"
        problems.append(
            SheetProblem(
                table.file,
                table.name,
                1,
                "",
                "认不出这是哪张清单：第一行没有 指标编号、任务编号、项目编号 或 项目/内容 列",
                "请用 python -m genhe_plan worksheet 生成的表格填写，不要改动第一行",
            )
        )
        return None
    if not any(any(cell_text(v) for v in row) for row in table.rows):
        return "help"  # an empty extra sheet (Sheet1 added by WPS) is harmless
    problems.append(
        SheetProblem(
            table.file,
            table.name,
            0,
            "",
            f"不认识的工作表 “{table.name}”",
            "工作表名称只能是: "
            + "、".join([*(s.name for s in SHEETS), INFO_SHEET, HELP_SHEET])
            + "；请不要改名，也不要把清单复制到新工作表",
        )
    )
    return None
