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

from ..export.cells import csv_text
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
    """The Tables of every file; ``large``: bytes above which a workbook is read row by row (LARGE_XLSX).
    A folder, a missing file, another file type, or an XLSX given together with CSVs is a problem."""
    tables: list[Table] = []
    if _mixed_formats(paths, problems):
        return tables
    for path in paths:
        name = path.name
        if path.is_dir():
            problems.append(
                SheetProblem(
                    name or str(path), "-", 0, "", "这是一个文件夹，不是文件", f"写出其中的文件，如 {path}/进展填报表.xlsx，或 {path}/*.csv"
                )
            )
        elif not path.is_file():
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


def _mixed_formats(paths: list[Path], problems: list[SheetProblem]) -> bool:
    """An XLSX given with CSVs: the same lists twice, and which one counts is a guess; refused."""
    xlsx = [p.name for p in paths if p.suffix.lower() in (".xlsx", ".xlsm")]
    csvs = [p.name for p in paths if p.suffix.lower() in (".csv", ".txt")]
    if xlsx and csvs:
        problems.append(
            SheetProblem(
                xlsx[0],
                "-",
                0,
                "",
                f"同时给出了 XLSX（{'、'.join(xlsx)}）和 CSV（{'、'.join(csvs)}）：同一份填报表只导入一种格式",
                "填的是 .xlsx 就只导入 .xlsx；填的是 CSV 就只导入各张 .csv（及 报告信息.csv）",
            )
        )
    return bool(xlsx and csvs)


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
        problems.append(unreadable_xlsx(path))
        return []
    formulas = _unsaved_formulas(path, wb)
    out = []
    for ws in wb.worksheets:
        rows = [_xlsx_row(r) for r in ws.iter_rows(values_only=True)]
        merged = [(r.min_row, r.min_col, str(r)) for r in ws.merged_cells.ranges]
        out.append(Table(path.name, ws.title, rows, merged, formulas=formulas.get(ws.title, {})))
    return out


OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
"""The first bytes of an OLE/CFB compound file: an Excel 97–2003 .xls, or a workbook with an opening
password (Excel and WPS wrap an encrypted .xlsx in one, with streams EncryptionInfo and EncryptedPackage)."""


def unreadable_xlsx(path: Path) -> SheetProblem:
    """Why openpyxl could not open the file, as far as its first bytes tell."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in head:
        what = "无法作为 XLSX 打开：文件设置了打开密码（加密的工作簿是 OLE/CFB 复合文件，以 D0 CF 11 E0 开头，不是 .xlsx 的 ZIP 格式）"
        hint = "在 Excel/WPS 中输入密码打开，取消密码（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空后确定）后另存为 .xlsx 再导入"
    elif head.startswith(OLE_MAGIC):
        what = "无法作为 XLSX 打开：这是旧版 Excel 97–2003 工作簿（.xls，OLE/CFB 复合文件），只是扩展名写成了 .xlsx"
        hint = "用 WPS/Excel 打开后另存为 .xlsx（Excel 工作簿）"
    else:
        what = "无法作为 XLSX 打开（文件损坏，或不是 .xlsx）"
        hint = "用 WPS/Excel 打开后另存为 .xlsx（Excel 工作簿）"
    return SheetProblem(path.name, "-", 0, "", what, hint)


ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
"""How an XLSX file writes a character XML cannot hold (a control character: _x0001_; a literal “_x” as
_x005F_x); openpyxl leaves shared strings escaped."""


def _xlsx_row(row) -> list[object]:
    return [ESCAPED.sub(lambda m: chr(int(m[1], 16)), v) if isinstance(v, str) and "_x" in v else v for v in row]


def _read_large_xlsx(path: Path, problems: list[SheetProblem]) -> list[Table]:
    """Row by row (read-only mode). Merged cells come from each sheet's XML (read-only sheets do not
    list them); formula cells are not checked (only a program writes such a file, and its rows are
    refused for what they hold)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception:  # noqa: BLE001 — as _read_xlsx
        problems.append(unreadable_xlsx(path))
        return []
    out = []
    with zipfile.ZipFile(path) as zf:
        for ws in wb.worksheets:
            xml = zf.read(ws._worksheet_path) if ws._worksheet_path in zf.namelist() else b""
            merged = []
            for ref in re.findall(rb'<mergeCell ref="(([A-Z]+)(\d+)(?::[A-Z]+\d+)?)"', xml):
                merged.append((int(ref[2]), _column_number(ref[1].decode()), ref[0].decode()))
            out.append(Table(path.name, ws.title, LazyRows(map(_xlsx_row, ws.iter_rows(values_only=True))), merged))
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


def _decode(raw: bytes) -> tuple[str | None, str]:
    """(text, "") of UTF-8 (with or without BOM), UTF-16 (Excel “Unicode 文本”, with or without BOM) or
    GBK; (None, why) when it is none of them, or GBK reading gives characters no Chinese text has (the
    bytes were Big5, or not text)."""
    head = raw[:400]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif _utf16_zeros(head):  # UTF-16 without its mark: every ASCII character (digits, tabs) has a zero byte
        odd, even = head[1::2].count(0), head[0::2].count(0)
        encodings = ["utf-16-le" if odd >= even else "utf-16-be"]
    else:
        encodings = ["utf-8-sig", "gb18030"]
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return (None, _big5_or_garbled(raw, text)) if enc == "gb18030" and _garbled(text) else (text, "")
    return None, "无法识别文件编码"


def _utf16_zeros(head: bytes) -> bool:
    """Zero bytes as UTF-16 has them: several, nearly all at odd (little-endian) or at even positions.
    A stray NUL in UTF-8 or GBK text is one zero, and reported as a control character in its cell."""
    odd, even = head[1::2].count(0), head[0::2].count(0)
    return max(odd, even) >= 4 and min(odd, even) * 10 <= max(odd, even)


def _garbled(text: str) -> bool:
    """GBK reading of bytes that were not GBK: private-use characters, or many rare ones (a real worksheet
    in GBK uses the common characters of GB 2312 only)."""
    sample = text[:20000]
    if re.search("[\ue000-\uf8ff]", sample):
        return True
    cjk = re.findall("[\u3400-\u9fff]", sample)
    rare = sum(1 for c in cjk if not _in_gb2312(c))
    return len(cjk) >= 20 and rare * 5 > len(cjk)


def _in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _big5_or_garbled(raw: bytes, text: str) -> str:
    shown = re.sub(r"\s+", " ", text[:12])
    try:
        raw.decode("big5")
    except UnicodeDecodeError:
        return f"文件编码不对：按 GBK 读出来是乱码（开头是 “{shown}”）"
    return f"文件编码是 Big5（繁体中文），按 GBK 读出来是乱码（开头是 “{shown}”）"


MOJIBAKE_CHARS = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
"""What the bytes 0x80–0xBF (the continuation bytes of UTF-8) look like read as Windows-1252 or Latin-1."""
MOJIBAKE = re.compile(f"[\u00c2-\u00df][{MOJIBAKE_CHARS}]|[\u00e0-\u00ef][{MOJIBAKE_CHARS}]{{2}}|[\u00f0-\u00f4][{MOJIBAKE_CHARS}]{{3}}")


def mojibake(text: str) -> tuple[str, str] | None:
    """(garbled, meant) when the text holds UTF-8 read as Latin-1/Windows-1252 and saved again (“Ã©” for
    “é”, “ä»»åŠ¡” for “任务”): the first such run and what it was."""
    for m in MOJIBAKE.finditer(text):
        end = m.end()
        while (nxt := MOJIBAKE.match(text, end)) is not None:  # the whole garbled word, not one character
            end = nxt.end()
        try:
            meant = b"".join(_byte(c) for c in text[m.start() : end]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        return text[m.start() : end][:24], meant[:8]
    return None


def _byte(c: str) -> bytes:
    try:
        return c.encode("cp1252")
    except UnicodeEncodeError:
        return c.encode("latin-1")  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: Latin-1 keeps them as C1 controls


def _read_csv(path: Path, problems: list[SheetProblem]) -> Table | None:
    raw = path.read_bytes()
    text, why = _decode(raw)
    garbled = mojibake(text[:4000]) if text else None
    if text is None or garbled:
        what = why or f"文件编码不对：中文是 UTF-8 被当作 Latin-1（西欧）读过又保存的乱码（“{garbled[0]}” 本是 “{garbled[1]}”）"
        problems.append(
            SheetProblem(
                path.name, "-", 0, "", what, "用 WPS/Excel 另存为 “CSV UTF-8” 或 “CSV（逗号分隔）”；乱码的文件请从原始填报表重新另存"
            )
        )
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
    # csv_text: the apostrophe the worksheet put before a text beginning with = + - @ comes off again (export.cells)
    rows = [[csv_text(c) for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
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
