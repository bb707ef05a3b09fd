"""Read a filled 进展填报表 (XLSX, or the CSVs saved by Excel/WPS in UTF-8, GBK or UTF-16) into
plan_data/progress/<report>.yaml.

In:  worksheet files, a report id, the plan_data directory.
Out: the report YAML written (or left alone when identical: re-importing changes nothing), or a
     WorksheetError listing every problem by file, sheet, row and column with what was expected.
     Nothing is written on any error. The YAML is finally checked by the same validator as
     ``make check``.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from .. import fsio
from ..input import schema as S
from ..input.errors import PlanDataError
from ..input.load import load_bytes, load_file
from ..input.validate import pydantic_problems
from ..model import Plan
from .check import ITEM_KIND_LABEL, parse_number, report_problems, suggest
from .status import reportable_of
from .worksheet import FILL, HELP_SHEET, INFO_HEADER, INFO_ROWS, INFO_SHEET, SHEETS, Sheet

LABEL_TO_KEY = {v: k for k, v in S.STATUS_LABEL.items()} | {k: k for k in S.STATUS_LABEL}
KINDS = ["年度报告", "中期评估", "终期评估", "部门报送", "其他"]
HEADER_LINE = "# yaml-language-server: $schema=../schema/report.schema.json\n"


@dataclass(frozen=True, order=True)
class SheetProblem:
    """One mistake in a filled worksheet: file, sheet, row (1-based, as Excel shows), column."""

    file: str
    sheet: str
    row: int
    column: str  # "H（状态）" or ""
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file} › {self.sheet}" + (f" › 第{self.row}行" if self.row else "") + (f" {self.column}列" if self.column else "")
        return f"{where}: {self.message}" + (f"\n    提示: {self.hint}" if self.hint else "")


MAX_PROBLEMS = 50
"""Problems listed at most; reading stops once a file has more (it cannot succeed any more)."""


class Problems(list):
    """The problems found so far, and where reading stopped because there were too many."""

    stopped: str = ""

    def full(self) -> bool:
        return len(self) > MAX_PROBLEMS


class WorksheetError(Exception):
    def __init__(self, problems: list[SheetProblem]):
        self.problems = sorted(set(problems))
        self.stopped = getattr(problems, "stopped", "")
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        more = "超过" if self.stopped else ""
        head = f"填报表有{more} {n} 处错误，未写入任何文件（worksheet has errors; nothing was written）:"
        lines = [head, *(str(p) for p in self.problems[:MAX_PROBLEMS])]
        if n > MAX_PROBLEMS:
            lines.append(f"……另有 {n - MAX_PROBLEMS} 处错误未列出；请先改正以上各处再导入。")
        if self.stopped:
            lines.append(f"错误太多，读到 {self.stopped} 时停止检查（后面的行没有检查）。")
        return "\n".join(lines)


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


def _letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _text(value: object) -> str:
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
def read_tables(paths: list[Path], problems: list[SheetProblem]) -> list[Table]:
    tables: list[Table] = []
    for path in paths:
        name = path.name
        if not path.is_file():
            problems.append(SheetProblem(name, "-", 0, "", "找不到这个文件", "检查文件名和路径"))
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            tables += _read_xlsx(path, problems)
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


def _read_xlsx(path: Path, problems: list[SheetProblem]) -> list[Table]:
    from openpyxl import load_workbook

    if path.stat().st_size > LARGE_XLSX:
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
    from ..export.cells import csv_text  # here, not at the top: the whole change for formula texts sits in this function

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
    # csv_text: the apostrophe the worksheet put before a text beginning with = + - @ comes off again
    rows = [[csv_text(c) for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return Table(path.name, path.stem, rows)


# ---------------------------------------------------------------- recognising sheets
def recognise(table: Table, is_csv: bool, problems: list[SheetProblem]) -> str | None:
    """'list' (one of the 三张清单, table.sheet set), 'info', 'help' or None (a problem was added)."""
    header = [_text(v) for v in (table.rows[0] if table.rows else [])]
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
    if not any(any(_text(v) for v in row) for row in table.rows):
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


# ---------------------------------------------------------------- the 三张清单
def read_list(table: Table, items: dict, problems: list[SheetProblem], seen: dict[str, tuple[str, int]]) -> list[dict]:
    """Entries from one filled list; problems for every bad row."""
    sheet = table.sheet
    header = [_text(v) for v in table.rows[0]] if table.rows else []

    def problem(row: int, col_name: str, message: str, hint: str = "") -> None:
        col = f"{_letter(header.index(col_name) + 1)}（{col_name}）" if col_name in header else ""
        problems.append(SheetProblem(table.file, table.name, row, col, message, hint))

    needed = [sheet.id_column, *FILL]
    missing = [c for c in needed if c not in header]
    for c in missing:
        problem(1, "", f"缺少列 “{c}”", "第一行的列名不要改动或删除；可重新生成填报表，把填写内容复制过去")
    for name in sorted({h for h in header if h and header.count(h) > 1}):
        problem(1, "", f"列名 “{name}” 出现了不止一次", "删除重复的列")
    for row, col, ref in table.merged:
        problems.append(
            SheetProblem(table.file, table.name, row, _letter(col), f"合并了单元格 {ref}", "取消合并：每个单元格单独填写，每行一个条目")
        )
    if missing or table.merged:
        return []
    col = {name: header.index(name) for name in needed}
    entries = []
    for n, values in enumerate(itertools.islice(table.rows, 1, None), start=2):
        if len(problems) > MAX_PROBLEMS:  # it cannot succeed any more: stop reading (100 000 bad rows)
            if isinstance(problems, Problems):
                problems.stopped = f"{table.file} › {table.name} 第{n}行"
            break
        cells = {name: values[i] if i < len(values) else None for name, i in col.items()}
        unsaved = [name for name, i in col.items() if (n, i) in table.formulas]
        for name in unsaved:
            formula = table.formulas[(n, col[name])]
            problem(
                n,
                name,
                f"单元格是公式 {formula[:30]}，但文件里没有保存计算结果",
                "在 Excel/WPS 中打开文件并保存一次（会存下结果），或把公式换成数值",
            )
        if unsaved:
            continue
        entry = _row_entry(table, n, cells, items, seen, problem)
        entries += [entry] if entry else []
    return entries


LOST = re.compile(r"\ufffd|[\u3400-\u9fff\uff00-\uffef][?]|[?][\u3400-\u9fff\uff00-\uffef]")
"""A character lost to an encoding (GBK save of NH₃ → NH?; a broken UTF-8 byte → �): “?” or “�” next to
Chinese text. A real question mark in Chinese text is the full-width “？”."""


def _lost_encoding(n: int, name: str, text: str, problem) -> None:
    if LOST.search(text):
        at = LOST.search(text).start()
        problem(
            n,
            name,
            f"“{text[max(0, at - 8) : at + 8]}” 中有 “?” 或 “�”：保存时文件编码丢失了字符（如 NH₃ 变成 NH?）",
            "请在 WPS/Excel 中“另存为” CSV UTF-8 或 .xlsx 后重新导入；原文确有问号时用全角“？”",
        )


def _row_entry(table: Table, n: int, cells: dict, items: dict, seen: dict, problem) -> dict | None:
    """One row → an entry dict, or None (row left empty, or a problem was reported)."""
    sheet = table.sheet
    ident, status = _text(cells[sheet.id_column]), _text(cells["状态"])
    filled = [c for c in ("报告值", "报告原话", "备注") if _text(cells[c])]
    if not ident:
        if status or filled:
            problem(n, sheet.id_column, "这一行填写了内容，但没有编号", "编号列不要清空；新条目不能在表中添加")
        return None
    if not status:
        if filled:
            problem(n, "状态", f"填写了{'、'.join(filled)}，但没有选择状态", "从下拉列表选择状态；报告没有提到此条目时整行留空")
        return None
    info = items.get(ident)
    if info is None or info.kind != sheet.kind:
        other = f"（“{ident}” 是{ITEM_KIND_LABEL[info.kind]}编号，应填在{_sheet_of(info.kind)}）" if info else ""
        same_kind = {k: v for k, v in items.items() if v.kind == sheet.kind}
        problem(
            n,
            sheet.id_column,
            f"不认识的{ITEM_KIND_LABEL[sheet.kind]}编号 “{ident}”{other}",
            "" if info else "可用的编号: " + suggest(ident, same_kind),
        )
        return None
    if ident in seen:
        problem(n, sheet.id_column, f"编号 {ident} 重复：{seen[ident][0]} 第{seen[ident][1]}行已经填写过", "同一条目只填一行；请合并")
        return None
    seen[ident] = (table.name, n)
    key = LABEL_TO_KEY.get(status)
    if key is None:
        problem(n, "状态", f"不认识的状态 “{status[:20]}”", "只能是: " + "、".join(S.STATUS_LABEL.values()))
    evidence = _text(cells["报告原话"])
    if not evidence:
        problem(n, "报告原话", "缺少报告原话", "逐字摘录报告中支持此状态的句子")
    for name in ("报告原话", "备注", "报告值"):
        _lost_encoding(n, name, _text(cells[name]), problem)
    value, unit = _row_value(n, cells, info, problem)
    if not (key and evidence):
        return None
    entry: dict[str, object] = {"item": ident, "status": key}
    entry |= {"value": value} if value is not None else {}
    entry |= {"unit": unit} if unit and value is not None else {}
    entry["evidence"] = evidence
    entry |= {"note": _text(cells["备注"])} if _text(cells["备注"]) else {}
    return entry


def _row_value(n: int, cells: dict, info, problem) -> tuple[object, str | None]:
    """(value, unit): a number for numeric items (problems for text or a foreign unit), else text."""
    raw, unit = cells["报告值"], _text(cells["单位"]) or None
    if not _text(raw):
        return None, unit
    if not info.numeric:
        return _text(raw), unit
    value = parse_number(raw)
    if value is None:
        problem(
            n,
            "报告值",
            f"报告值应为数字（现在是 “{_text(raw)[:30]}”）",
            "只写数字，如 91.8；单位写在“单位”列；报告没有数字时留空，在备注中说明",
        )
        return None, unit
    if (unit or None) != (info.unit or None):
        problem(
            n,
            "单位",
            f"单位 “{unit or '（空）'}” 与指标的单位 “{info.unit or '（无）'}” 不一致",
            f"请换算为 {info.unit}" if info.unit else "此指标没有单位：清空“单位”",
        )
    elif not _text(cells["备注"]):
        out_of_range = _out_of_range(value, unit)
        if out_of_range:
            problem(n, "报告值", out_of_range, "核对报告原文中的数值；如果确实如此（如变化率），在“备注”中写明原因")
    return (int(value) if value.is_integer() else value), unit


def _out_of_range(value: float, unit: str | None) -> str:
    """What the unit does not allow: a percentage outside 0–100; a negative count, amount or concentration."""
    shown = f"{value:g}"
    if unit == "%" and not 0 <= value <= 100:
        return f"百分比应在 0–100 之间（现在是 {shown}%）"
    if value < 0:
        return f"数值不应为负（现在是 {shown}{unit or ''}）"
    return ""


def _sheet_of(kind: str) -> str:
    return next((s.name for s in SHEETS if s.kind == kind), "YAML 文件（目标只能直接写在报告 YAML 中）")


# ---------------------------------------------------------------- 报告信息
INFO_KEYS = {
    "报告类型": "kind",
    "报告标题": "title",
    "发布单位": "issuer",
    "发布日期": "date",
    "数据截至": "as_of",
    "来源网址": "url",
    "来源文件": "document",
    "页码": "page",
}


def read_info(table: Table, problems: list[SheetProblem]) -> dict | None:
    """Report metadata from the 报告信息 sheet; None when it was left empty."""
    values: dict[str, tuple[str, int]] = {}
    for n, row in enumerate(itertools.islice(table.rows, 1, None), start=2):
        key = _text(row[0]) if row else ""
        if key in INFO_KEYS:
            values[INFO_KEYS[key]] = (_text(row[1]) if len(row) > 1 else "", n)
    if not any(v for v, _ in values.values()):
        return None

    def problem(field_: str, message: str, hint: str = "") -> None:
        row = values.get(field_, ("", 0))[1]
        problems.append(SheetProblem(table.file, table.name, row, "B（内容）" if row else "", message, hint))

    _info_formulas(table, {r for _, r in values.values()}, problems)
    out: dict[str, object] = {}
    for key, field_ in INFO_KEYS.items():
        value = values.get(field_, ("", 0))[0]
        if LOST.search(value):
            problem(field_, f"{key} “{value[:30]}” 中有 “?” 或 “�”：保存时文件编码丢失了字符", "请另存为 CSV UTF-8 或 .xlsx 后重新导入")
        if field_ in ("kind", "title", "issuer", "date", "as_of") and not value:
            problem(field_, f"缺少{key}", dict(INFO_ROWS)[key])
            continue
        if field_ == "kind" and value not in KINDS:
            problem(field_, f"不认识的报告类型 “{value[:20]}”", "只能是: " + "、".join(KINDS))
        if field_ in ("date", "as_of") and value:
            try:
                S.check_date(value, S.REPORT_YEAR_MIN, S.REPORT_YEAR_MAX)
            except ValueError as err:
                problem(field_, f"{key}: {err}", "写成 2024-03-15、2024-03 或 2024")
        if field_ == "url" and value and not value.startswith(("http://", "https://")):
            problem(field_, f"来源网址应以 http:// 或 https:// 开头（现在是 “{value[:40]}”）")
        if value:
            out[field_] = value
    _date_order(out, problem)
    if not (out.get("url") or out.get("document")):
        problems.append(
            SheetProblem(
                table.file,
                table.name,
                values.get("url", ("", 0))[1],
                "B（内容）",
                "报告没有来源：来源网址和来源文件都是空的",
                "至少填写其中一项，并填写页码",
            )
        )
    return out


def _info_formulas(table: Table, rows: set[int], problems: list[SheetProblem]) -> None:
    for (row, col), formula in table.formulas.items():
        if col == 1 and row in rows:
            problems.append(
                SheetProblem(
                    table.file,
                    table.name,
                    row,
                    "B（内容）",
                    f"单元格是公式 {formula[:30]}，但文件里没有保存计算结果",
                    "把公式换成文字或日期",
                )
            )


def _date_order(out: dict, problem) -> None:
    """发布日期 before 数据截至, reported at the 发布日期 cell."""
    dated = [out.get("date"), out.get("as_of")]
    if all(dated) and _valid_dates(dated):
        key = [tuple(int(x) for x in str(d).split("-")) for d in dated]
        if key[0] < key[1][: len(key[0])]:
            problem(
                "date",
                f"发布日期 {dated[0]} 早于数据截至 {dated[1]}",
                "发布日期是报告印发的日期，数据截至是报告所述情况的截止日期；请核对这两格",
            )


def _valid_dates(dates: list) -> bool:
    try:
        for d in dates:
            S.check_date(str(d), S.REPORT_YEAR_MIN, S.REPORT_YEAR_MAX)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- putting it together
def report_yaml(report: dict) -> str:
    return HEADER_LINE + yaml.safe_dump(report, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)


@dataclass
class ImportResult:
    """What an import did: the report file, whether it was written, and the change summary."""

    path: Path
    changed: bool
    summary: list[str]


META_LABEL = {"kind": "报告类型", "title": "报告标题", "issuer": "发布单位", "date": "发布日期", "as_of": "数据截至"}
SOURCE_LABEL = {"url": "来源网址", "document": "来源文件", "page": "页码"}
LIST_OF_KIND = {"indicator": "指标清单", "task": "任务清单", "project": "项目清单", "target": "目标（YAML）"}


def import_progress(paths: list[Path], report_id: str, data_dir: Path, plan: Plan, replace: bool = False) -> ImportResult:
    """Write plan_data/progress/<report_id>.yaml from filled worksheets.

    A new report needs its 报告信息. Into an existing report the entries of the files are merged (added
    or changed; entries not in the files are kept); ``replace`` makes the files the whole report. A
    报告信息 that differs from the existing report's is refused unless ``replace``; a report with the
    title, issuer and dates of another report is refused as a duplicate. Nothing is written when the
    result is unchanged. Raises WorksheetError (worksheet mistakes) or PlanDataError (the result fails
    validation)."""
    problems = Problems()
    target = Path(data_dir) / "progress" / f"{report_id}.yaml"
    if not re.match(S.IDENT_PATTERN, report_id):
        problems.append(
            SheetProblem(
                "--report", "-", 0, "", f"报告 id “{report_id}” 格式不对", "只用小写英文字母、数字和连字符，以字母开头，如 rp-2023-mid"
            )
        )
    items = reportable_of(plan)
    tables = read_tables(paths, problems)
    entries, kinds, info, info_table = _read_all(tables, items, problems)
    if tables and not kinds and not problems:
        problems.append(
            SheetProblem(
                paths[0].name,
                "-",
                0,
                "",
                "没有找到任何一张清单（指标清单、任务清单、项目清单）",
                "请导入 python -m genhe_plan worksheet 生成的表格",
            )
        )
    existing = load_file(target, f"{Path(data_dir).name}/progress/{target.name}").data if target.is_file() else None  # dates stay text
    if info is None and existing is None and not problems:
        problems.append(
            SheetProblem(
                paths[0].name,
                INFO_SHEET,
                0,
                "",
                "缺少报告信息（这是一份新报告）",
                "在“报告信息”表（或 报告信息.csv）填写报告类型、标题、发布单位、日期和来源",
            )
        )
    if info is not None and not problems:
        problems += _meta_problems(info, info_table, report_id, existing, replace, Path(data_dir))
    if problems:
        raise WorksheetError(problems)
    report = _compose(report_id, info, existing, entries, replace, items)
    text = report_yaml(report)
    _validate(text, report_id, data_dir, items)
    summary = change_summary(existing, report, {e["item"] for e in entries}, items, replace)
    if existing is not None and _content(existing) == _content(report):  # same report, maybe written differently
        return ImportResult(target, False, summary)
    target.parent.mkdir(exist_ok=True)
    fsio.write_atomic(fsio.inside(data_dir, target), text)  # all or nothing; never through a link leaving plan_data/
    return ImportResult(target, True, summary)


def _read_all(tables: list[Table], items: dict, problems: Problems) -> tuple[list[dict], set[str], dict | None, Table | None]:
    """(entries, kinds of list read, 报告信息 values, its table) from every table, until too many problems."""
    entries, seen, kinds, info, info_table = [], {}, set(), None, None
    for table in tables:
        if problems.full():
            break
        kind = recognise(table, not table.file.lower().endswith((".xlsx", ".xlsm")), problems)
        if kind == "list":
            kinds.add(table.sheet.kind)
            entries += read_list(table, items, problems, seen)
        elif kind == "info":
            info, info_table = read_info(table, problems), table
    return entries, kinds, info, info_table


def _content(report: dict) -> tuple:
    """What a report says, whatever the order of its keys and entries or its YAML layout."""
    meta = {k: (str(v) if not isinstance(v, dict) else {a: str(b) for a, b in v.items()}) for k, v in report.items() if k != "entries"}
    entries = sorted((e.get("item", ""), sorted(e.items(), key=str)) for e in report.get("entries", []) if isinstance(e, dict))
    return repr(sorted(meta.items(), key=str)), repr(entries)


def _meta(info: dict) -> dict:
    return {k: info.get(k) or None for k in (*META_LABEL, *SOURCE_LABEL)}


def _existing_meta(existing: dict) -> dict:
    source = existing.get("source") or {}
    return {k: (str(existing[k]) if existing.get(k) is not None else None) for k in META_LABEL} | {
        k: (str(source[k]) if source.get(k) is not None else None) for k in SOURCE_LABEL
    }


def _meta_problems(info: dict, table: Table, report_id: str, existing: dict | None, replace: bool, data_dir: Path) -> list[SheetProblem]:
    """A 报告信息 that is not the existing report's (unless --replace), or that duplicates another report."""
    out = []
    new = _meta(info)
    if existing is not None and not replace:
        old = _existing_meta(existing)
        labels = META_LABEL | SOURCE_LABEL
        diffs = [f"{labels[k]}：文件中为“{new[k] or '（空）'}”，已有报告为“{old[k] or '（空）'}”" for k in labels if new[k] != old[k]]
        if diffs:
            out.append(
                SheetProblem(
                    table.file,
                    table.name,
                    0,
                    "",
                    f"报告信息与已有报告 {report_id}（{old['title']}）不同：" + "；".join(diffs),
                    f"如果这是对同一份报告的更正，加 --replace 以文件内容整份替换 {report_id}；"
                    "如果是另一份报告，换一个 --report id（已有报告: python -m genhe_plan progress list）",
                )
            )
    key = (new["title"], new["issuer"], new["date"], new["as_of"])
    for other in sorted((data_dir / "progress").glob("*.yaml")):
        if other.stem == report_id:
            continue
        try:
            data = yaml.safe_load(other.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        old = _existing_meta(data) if isinstance(data, dict) else {}
        if old and (old["title"], old["issuer"], old["date"], old["as_of"]) == key:
            out.append(
                SheetProblem(
                    table.file,
                    table.name,
                    0,
                    "",
                    f"与已有报告 {other.stem} 重复：标题、发布单位、发布日期和数据截至都相同",
                    f"同一份报告只录入一次；要更新它，用 --report {other.stem}",
                )
            )
    return out


def _compose(report_id: str, info: dict | None, existing: dict | None, entries: list[dict], replace: bool, items: dict) -> dict:
    """Metadata from the 报告信息 sheet (else the existing file). Entries: with ``replace`` those of the
    files; else the existing entries, each replaced by the file's entry for the same item, plus the
    file's new ones (nothing is dropped)."""
    if info is not None:
        source = {k: info[k] for k in ("url", "document", "page") if k in info}
        meta = {"id": report_id, **{k: info[k] for k in ("kind", "title", "issuer", "date", "as_of")}, "source": source}
    else:
        meta = {k: v for k, v in existing.items() if k != "entries"} | {"id": report_id}
    new = {e["item"]: e for e in entries}
    old = [] if replace else [e for e in (existing or {}).get("entries", []) if isinstance(e, dict)]
    merged = [new.pop(e.get("item"), e) for e in old] + list(new.values())
    order = {ident: i for i, ident in enumerate(items)}  # items come in report order (check.reportable)
    merged.sort(key=lambda e: order.get(e.get("item"), len(order)))
    return {**{k: meta[k] for k in ("id", "kind", "title", "issuer", "date", "as_of", "source") if k in meta}, "entries": merged}


def change_summary(existing: dict | None, report: dict, from_file: set[str], items: dict, replace: bool) -> list[str]:
    """Per list: 新增 added, 更改 changed, 未变 in the files and unchanged, 保留 kept (not in the files,
    merge) or 删除 removed (--replace); and whether the 报告信息 changed."""
    old = {e.get("item"): e for e in (existing or {}).get("entries", []) if isinstance(e, dict)}
    new = {e["item"]: e for e in report["entries"]}
    counts: dict[str, dict[str, int]] = {}
    for ident in [*new, *(i for i in old if i not in new)]:
        info = items.get(ident)
        name = LIST_OF_KIND[info.kind] if info else "其他"
        if ident not in old:
            what = "新增"
        elif ident not in new:
            what = "删除"
        elif old[ident] == new[ident]:
            what = "未变" if ident in from_file else "保留"
        else:
            what = "更改"
        counts.setdefault(name, {}).setdefault(what, 0)
        counts[name][what] += 1
    head = f"{report['id']}（{'整份替换' if replace else ('合并' if existing else '新报告')}）"
    lines = [head]
    for name in [*LIST_OF_KIND.values(), "其他"]:
        if name in counts:
            c = counts[name]
            lines.append(f"  {name}: " + "、".join(f"{w} {c.get(w, 0)}" for w in ("新增", "更改", "未变", "保留", "删除") if c.get(w)))
    if existing is not None and {k: v for k, v in existing.items() if k != "entries"} != {
        k: v for k, v in report.items() if k != "entries"
    }:
        lines.append("  报告信息: 已更新")
    return lines


def _validate(text: str, report_id: str, data_dir: Path, items: dict) -> None:
    """The report as ``make check`` would see it; PlanDataError when it fails."""
    rel = f"{Path(data_dir).name}/progress/{report_id}.yaml"
    raw = load_bytes(text.encode("utf-8"), rel)
    try:
        model = S.ReportFile.model_validate(raw.data)
    except ValidationError as err:
        raise PlanDataError(pydantic_problems(raw, err)) from None
    problems = report_problems([(rel, model)], {rel: raw}, items)
    if problems:
        raise PlanDataError(problems)


__all__ = ["SheetProblem", "WorksheetError", "import_progress"]
