"""Parsing the Tables of a filled 进展填报表: each row of the 三张清单 → a report entry (``read_list``),
the 报告信息 sheet → the report's metadata (``read_info``) and the worksheet's stamp (``read_stamp``),
with a SheetProblem for every bad cell.

In:  Tables (worksheet_read), the plan's reportable items and the text the worksheet prefills for each
(``prefilled_texts``: a row whose id and prefilled text no longer belong together is refused). Out:
entry dicts and the metadata dict, as the report YAML holds them, and where each came from (Origin).
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field

from ..input import schema as S
from ..model import Plan
from .check import ITEM_KIND_LABEL, parse_number, suggest
from .worksheet import FILL, INFO_ROWS, SHEETS, STAMP_KEY, sheet_rows
from .worksheet_problems import MAX_PROBLEMS, Problems, SheetProblem
from .worksheet_read import Table, cell_text, column_letter, mojibake

LABEL_TO_KEY = {v: k for k, v in S.STATUS_LABEL.items()} | {k: k for k in S.STATUS_LABEL}
KINDS = ["年度报告", "中期评估", "终期评估", "部门报送", "其他"]


TEXT_COLUMN = {"indicator": "指标名称", "task": "任务", "project": "工程名称"}
"""The prefilled column that says what each row is: a filled row's id must still be the record whose
words stand there (sorting the id column alone in Excel, or editing an id, breaks the pair)."""


@dataclass(frozen=True)
class Origin:
    """Where an entry or a 报告信息 value was written: file, sheet, row, and the sheet's header."""

    file: str
    sheet: str
    row: int
    header: tuple[str, ...]

    def column(self, name: str) -> str:
        return f"{column_letter(self.header.index(name) + 1)}（{name}）" if name in self.header else ""


@dataclass
class Reading:
    """What reading the lists needs and gathers: the reportable items, the prefilled text of each id,
    where each id was filled in (``seen``), and every id on a row of the files, filled or not (``listed``)."""

    items: dict
    texts: dict[str, str]
    seen: dict[str, Origin] = field(default_factory=dict)
    listed: set[str] = field(default_factory=set)


def prefilled_texts(plan: Plan) -> dict[str, str]:
    """id → the text the worksheet prefills in its TEXT_COLUMN, as the worksheet writer writes it."""
    out = {}
    for sheet in SHEETS:
        i = sheet.columns.index(TEXT_COLUMN[sheet.kind])
        out |= {row[0]: plain(cell_text(row[i])) for row in sheet_rows(plan, sheet)}
    return out


def plain(text: str) -> str:
    """A cell's text as compared: line ends unified, and without the “'” that keeps a text starting with
    = + - @ from being read as a formula (the worksheet writes it so; a spreadsheet may keep or drop it)."""
    text = text.replace("\r\n", "\n").strip()
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


# ---------------------------------------------------------------- the 三张清单
def read_list(table: Table, reading: Reading, problems: list[SheetProblem]) -> list[dict]:
    """Entries from one filled list; problems for every bad row."""
    sheet = table.sheet
    header = [cell_text(v) for v in table.rows[0]] if table.rows else []

    def problem(row: int, col_name: str, message: str, hint: str = "") -> None:
        col = f"{column_letter(header.index(col_name) + 1)}（{col_name}）" if col_name in header else ""
        problems.append(SheetProblem(table.file, table.name, row, col, message, hint))

    needed = [sheet.id_column, *FILL]
    missing = [c for c in needed if c not in header]
    for c in missing:
        problem(1, "", f"缺少列 “{c}”", "第一行的列名不要改动或删除；可重新生成填报表，把填写内容复制过去")
    for name in sorted({h for h in header if h and header.count(h) > 1}):
        problem(1, "", f"列名 “{name}” 出现了不止一次", "删除重复的列")
    for row, col, ref in table.merged:
        problems.append(
            SheetProblem(
                table.file, table.name, row, column_letter(col), f"合并了单元格 {ref}", "取消合并：每个单元格单独填写，每行一个条目"
            )
        )
    if missing or table.merged:
        return []
    col = {name: header.index(name) for name in [*needed, TEXT_COLUMN[sheet.kind]] if name in header}
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
        if _bad_characters(n, cells, problem):
            continue
        entry = _row_entry(Origin(table.file, table.name, n, tuple(header)), sheet, cells, reading, problem)
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


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Characters no cell should hold (tab and line breaks are fine): NUL and the other control characters,
mostly brought in by copying from another program."""


def character_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) for a control character or Latin-1 mojibake in a cell's text, else None."""
    garbled = mojibake(text)
    if garbled:
        return (
            f"文字乱码（编码错误）：“{garbled[0]}” 本是 “{garbled[1]}”（UTF-8 被当作 Latin-1/西欧编码读过又保存）",
            "从原始文件或报告原文重新复制这一格；CSV 请另存为 “CSV UTF-8”",
        )
    hit = CONTROL.search(text)
    if hit:
        code = ord(hit[0])
        name = {0: "NUL 空字符", 0x0B: "垂直制表符", 0x0C: "换页符", 0x1B: "ESC", 0x7F: "DEL"}.get(code, "控制字符")
        around = CONTROL.sub("▯", text[max(0, hit.start() - 8) : hit.start() + 8])
        return (
            f"单元格中有看不见的控制字符 U+{code:04X}（{name}），在 “{around}” 的 ▯ 处",
            "删掉这个字符（多半是从别的程序复制来的）：重新输入这一格，或从报告原文重新复制",
        )
    return None


def _bad_characters(n: int, cells: dict, problem) -> bool:
    """A problem for each cell of the row holding a control character or mojibake; whether there was one."""
    found = False
    for name, value in cells.items():
        bad = character_problem(value) if isinstance(value, str) else None
        if bad:
            problem(n, name, *bad)
            found = True
    return found


def _row_entry(at: Origin, sheet, cells: dict, reading: Reading, problem) -> dict | None:
    """One row → an entry dict, or None (row left empty, or a problem was reported)."""
    n = at.row
    ident, status = cell_text(cells[sheet.id_column]), cell_text(cells["状态"])
    reading.listed.add(ident)
    filled = [c for c in ("报告值", "报告原话", "备注") if cell_text(cells[c])]
    if not ident:
        if status or filled:
            problem(n, sheet.id_column, "这一行填写了内容，但没有编号", "编号列不要清空；新条目不能在表中添加")
        return None
    if not status:
        if filled:
            problem(n, "状态", f"填写了{'、'.join(filled)}，但没有选择状态", "从下拉列表选择状态；报告没有提到此条目时整行留空")
        return None
    info = reading.items.get(ident)
    if info is None or info.kind != sheet.kind:
        other = f"（“{ident}” 是{ITEM_KIND_LABEL[info.kind]}编号，应填在{_sheet_of(info.kind)}）" if info else ""
        same_kind = {k: v for k, v in reading.items.items() if v.kind == sheet.kind}
        problem(
            n,
            sheet.id_column,
            f"不认识的{ITEM_KIND_LABEL[sheet.kind]}编号 “{ident}”{other}",
            "" if info else "可用的编号: " + suggest(ident, same_kind),
        )
        return None
    if _text_mismatch(n, sheet, ident, cells, reading.texts, problem):
        return None
    if ident in reading.seen:
        first = reading.seen[ident]
        problem(n, sheet.id_column, f"编号 {ident} 重复：{first.sheet} 第{first.row}行已经填写过", "同一条目只填一行；请合并")
        return None
    reading.seen[ident] = at
    return _entry(n, ident, status, cells, info, problem)


def _text_mismatch(n: int, sheet, ident: str, cells: dict, texts: dict[str, str], problem) -> bool:
    """The row's prefilled text is another record's, or not the record's at all: a problem naming both.
    An emptied text cell is accepted (the id says which record; nothing contradicts it)."""
    column = TEXT_COLUMN[sheet.kind]
    written = plain(cell_text(cells.get(column)))
    if not written or written == texts.get(ident, written):
        return False
    owners = [i for i, t in texts.items() if t == written]
    short = lambda t: t if len(t) <= 24 else t[:24] + "…"  # noqa: E731
    if owners:
        message = f"编号 {ident} 与这一行的“{column}”不符：“{short(written)}” 是 {owners[0]} 的，{ident} 是 “{short(texts[ident])}”"
        hint = f"这一行的填写会被记到错误的条目上。多半是只排序了编号列：编号和其他列要一起排序（先选中整张表）；请核对这一行填的是 {owners[0]} 还是 {ident}，改正编号或重新导出填报表后复制填写内容"
    else:
        message = f"编号 {ident} 与这一行的“{column}”不符：表中是 “{short(written)}”，{ident} 是 “{short(texts[ident])}”"
        hint = "编号或预填的文字被改过；预填的列不要改动。规划数据在导出后改过时，请重新导出填报表，把填写内容复制过去"
    problem(n, sheet.id_column, message, hint)
    return True


def _entry(n: int, ident: str, status: str, cells: dict, info, problem) -> dict | None:
    """The entry of a filled row whose id is known: status, value and unit, quote, note."""
    key = LABEL_TO_KEY.get(status)
    if key is None:
        problem(n, "状态", f"不认识的状态 “{status[:20]}”", "只能是: " + "、".join(S.STATUS_LABEL.values()))
    evidence = cell_text(cells["报告原话"])
    if not evidence:
        problem(n, "报告原话", "缺少报告原话", "逐字摘录报告中支持此状态的句子")
    for name in ("报告原话", "备注", "报告值"):
        _lost_encoding(n, name, cell_text(cells[name]), problem)
    value, unit = _row_value(n, cells, info, problem)
    if not (key and evidence):
        return None
    entry: dict[str, object] = {"item": ident, "status": key}
    entry |= {"value": value} if value is not None else {}
    entry |= {"unit": unit} if unit and value is not None else {}
    entry["evidence"] = evidence
    entry |= {"note": cell_text(cells["备注"])} if cell_text(cells["备注"]) else {}
    return entry


def _row_value(n: int, cells: dict, info, problem) -> tuple[object, str | None]:
    """(value, unit): a number for numeric items (problems for text or a foreign unit), else text."""
    raw, unit = cells["报告值"], cell_text(cells["单位"]) or None
    if not cell_text(raw):
        return None, unit
    if not info.numeric:
        return cell_text(raw), unit
    value = parse_number(raw)
    if value is None:
        problem(
            n,
            "报告值",
            f"报告值应为数字（现在是 “{cell_text(raw)[:30]}”）",
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
    elif not cell_text(cells["备注"]):
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


def info_cells(table: Table) -> dict[str, tuple[str, int]]:
    """报告信息 key (as the sheet names it: 报告类型, …, 填报表版本) → (its text, its row)."""
    values: dict[str, tuple[str, int]] = {}
    for n, row in enumerate(itertools.islice(table.rows, 1, None), start=2):
        key = cell_text(row[0]) if row else ""
        if key in INFO_KEYS or key == STAMP_KEY:
            values[key] = (cell_text(row[1]) if len(row) > 1 else "", n)
    return values


def read_stamp(table: Table) -> tuple[str, int]:
    """The 填报表版本 a worksheet made for an existing report carries, and its row ("" when none)."""
    return info_cells(table).get(STAMP_KEY, ("", 0))


def read_info(table: Table, problems: list[SheetProblem]) -> dict | None:
    """Report metadata from the 报告信息 sheet; None when it was left empty."""
    values = {INFO_KEYS[k]: v for k, v in info_cells(table).items() if k in INFO_KEYS}
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
        if character_problem(value):
            problem(field_, f"{key}: " + character_problem(value)[0], character_problem(value)[1])
            continue
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
    """发布日期 before 数据截至, reported at the 发布日期 cell; and a 发布日期 not after today (a report that
    is not published yet, or a mistyped year, would move the data date into the future: progress.dates)."""
    dated = [out.get("date"), out.get("as_of")]
    if out.get("date") and _valid_dates([out["date"]]):
        first = datetime.date(*([int(x) for x in str(out["date"]).split("-")] + [1, 1])[:3])
        if first > datetime.date.today():  # an input check of the import command only; builds never read the clock
            problem("date", f"发布日期 {out['date']} 晚于今天（{datetime.date.today()}）：报告还没有发布", "核对发布日期的年份和月份")
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
