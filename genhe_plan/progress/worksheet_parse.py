"""Parsing the Tables of a filled 进展填报表: each row of the 三张清单 → a report entry (``read_list``),
the 报告信息 sheet → the report's metadata (``read_info``), with a SheetProblem for every bad cell.

In:  Tables (worksheet_read), the plan's reportable items. Out: entry dicts and the metadata dict, as
the report YAML holds them.
"""

from __future__ import annotations

import itertools
import re

from ..input import schema as S
from .check import ITEM_KIND_LABEL, parse_number, suggest
from .worksheet import FILL, INFO_ROWS, SHEETS
from .worksheet_problems import MAX_PROBLEMS, Problems, SheetProblem
from .worksheet_read import Table, cell_text, column_letter

LABEL_TO_KEY = {v: k for k, v in S.STATUS_LABEL.items()} | {k: k for k in S.STATUS_LABEL}
KINDS = ["年度报告", "中期评估", "终期评估", "部门报送", "其他"]


# ---------------------------------------------------------------- the 三张清单
def read_list(table: Table, items: dict, problems: list[SheetProblem], seen: dict[str, tuple[str, int]]) -> list[dict]:
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
    ident, status = cell_text(cells[sheet.id_column]), cell_text(cells["状态"])
    filled = [c for c in ("报告值", "报告原话", "备注") if cell_text(cells[c])]
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


def read_info(table: Table, problems: list[SheetProblem]) -> dict | None:
    """Report metadata from the 报告信息 sheet; None when it was left empty."""
    values: dict[str, tuple[str, int]] = {}
    for n, row in enumerate(itertools.islice(table.rows, 1, None), start=2):
        key = cell_text(row[0]) if row else ""
        if key in INFO_KEYS:
            values[INFO_KEYS[key]] = (cell_text(row[1]) if len(row) > 1 else "", n)
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
