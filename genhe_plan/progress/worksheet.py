"""The 三张清单 (指标清单、任务清单、项目清单) officials fill in once a year, as XLSX and CSV.

``worksheet_files(plan)`` → {file name: bytes}: 进展填报表.xlsx (the three lists prefilled with the
plan's items, a 报告信息 sheet and a 填写说明 sheet; status as a dropdown, frozen header, column
widths for Chinese) and one CSV per sheet (UTF-8 with BOM, for WPS/Excel users without XLSX).
``import_progress`` (worksheet_import.py) reads a filled copy back. No cell is ever a formula: a text
beginning with = + - @ (a report quote, a department name) is written by the rule of
genhe_plan/export/cells.py (CSV: a leading apostrophe the import takes off; XLSX: a string cell).

Why the bytes are fixed: openpyxl stamps the save time into docProps/core.xml and every zip entry;
we rewrite both with the build date from SOURCE_DATE_EPOCH so the same plan gives the same file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..export.cells import append_row, csv_bytes
from ..export.xlsx import display_width, table_sheet, workbook_bytes
from ..input import schema as S
from ..model import Plan
from . import status as st
from .evaluation import department_scope

XLSX_NAME = "进展填报表.xlsx"
FILL = ["状态", "报告值", "单位", "报告原话", "备注"]  # the columns officials fill in, on every list


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str  # indicator | task | project
    id_column: str
    columns: list[str]  # prefilled columns, id first; FILL follows


SHEETS = [
    Sheet(
        "指标清单", "indicator", "指标编号", ["指标编号", "序号", "指标名称", "属性", "2020年现状值", "2025年目标值", "期限", "责任部门"]
    ),
    Sheet("任务清单", "task", "任务编号", ["任务编号", "章", "任务", "牵头部门", "配合部门", "目标", "期限"]),
    Sheet("项目清单", "project", "项目编号", ["项目编号", "专栏", "工程名称", "责任部门", "目标", "期限"]),
]
INFO_SHEET = "报告信息"
INFO_HEADER = ["项目", "内容"]
INFO_ROWS = [
    ("报告类型", "年度报告、中期评估、终期评估、部门报送、其他 之一"),
    ("报告标题", "照报告原文"),
    ("发布单位", "照报告原文"),
    ("发布日期", "如 2024-03-15、2024-03 或 2024"),
    ("数据截至", "报告所述情况的截止日期，如 2023-12-31"),
    ("来源网址", "公开网址（http:// 或 https:// 开头）；未上网则留空并填来源文件"),
    ("来源文件", "文件名称与文号"),
    ("页码", "如 第3页"),
]
STAMP_KEY = "填报表版本"
STAMP_ROW = (
    STAMP_KEY,
    "自动填写，请勿修改：导出时这份报告的版本（报告 id · 内容校验码 · 导出时的数据日期）；报告在导出后被改过，导入时会提示",
)
"""The last 报告信息 row of a worksheet made for an existing report (``--report``): which report, in which
state. Importing it after the report changed is refused (``import-progress --ignore-stale`` overrides)."""
HELP_SHEET = "填写说明"
HELP = [
    "本表用于录入一份已公开（或正式报送）的进展、评估报告。每份报告填一份表。",
    "只填报告中明确提到的条目：在“状态”列选择状态，在“报告原话”列逐字摘录报告中的原话；报告没有提到的条目留空，不要推测。",
    "状态只能是：" + "、".join(S.STATUS_LABEL.values()) + "。",
    "指标的“报告值”只写数字（如 91.8），单位写在“单位”列，须与表中预填的单位一致。",
    "不要改动编号列、工作表名称和第一行的列名；不要合并单元格。",
    "“报告信息”表填写报告的类型、标题、发布单位、日期和来源。",
    "填好后运行: python -m genhe_plan import-progress 进展填报表.xlsx --report rp-年份-类型（如 rp-2023-mid），再运行 make check。",
    "CSV 版本（每张清单一个文件）可用 WPS/Excel 打开填写，另存时 UTF-8、GBK 或 UTF-16“Unicode 文本”均可；"
    "Big5、乱码（如 “ä»»åŠ¡”）或丢失字符（GBK 把 NH₃ 存成 NH?）的文件会被拒绝。导入方法相同；XLSX 与 CSV 不要一起导入。",
    "导入时会核对：填写行的编号与预填的名称或任务文字仍是同一条目（排序时选中整张表，只排序编号列会让填写内容对不上条目；"
    "预填文字被清空的不核对，以编号为准）；单元格中不能有看不见的控制字符或乱码；报告原话、备注最多 5000 字，标题等最多 200 字；"
    "加了打开密码的 XLSX 请先取消密码。有错误时列出前 50 处，不写入任何文件。",
    "按已有报告导出的表在“报告信息”末尾有“填报表版本”，请勿修改；导出之后报告又被改过，导入会被拒绝，"
    "请重新导出，把填写内容复制过去（确要以这份表为准，加 --ignore-stale）。",
    "加 --replace 整份替换报告时，所给文件里根本没有的条目也会被删除：导入前先列出，在终端中输入“是”（或 y）确认，不在终端中运行时须加 --yes。"
    "与已有报告标题、发布单位相同，日期只是精确程度不同（如 2024-03 与 2024-03-15）的，可能是重复录入，需加 --yes 确认。",
]


# ---------------------------------------------------------------- rows
def _targets_text(plan: Plan, item_id: str) -> str:
    out = []
    for t in plan.targets_of[item_id]:
        if t.kind != "target":
            continue
        value = f" {S.COMPARATOR_SIGN[t.comparator]}{t.value}{t.unit or ''}" if t.value else ""
        out.append(f"{t.metric}{value}")
    return "；".join(out)


def _deadlines_text(plan: Plan, item_id: str) -> str:
    return "；".join(plan.deadlines(item_id))


def sheet_rows(plan: Plan, sheet: Sheet) -> list[list[object]]:
    """Prefilled rows (prefilled columns + FILL, the unit prefilled for indicators), in plan order."""
    rows: list[list[object]] = []
    if sheet.kind == "indicator":
        for i in plan.indicators:
            depts = "；".join(plan.department(d).name for d in indicator_departments(plan, i.id))
            rows.append([i.id, i.number, i.name, i.attribute, i.baseline_2020, i.target_2025, str(plan.meta.period_end), depts])
            rows[-1] += ["", "", i.unit or "", "", ""]
    elif sheet.kind == "task":
        for t in plan.tasks:
            w = plan.where[t.id]
            lead = plan.department(t.lead.department).name if t.lead else ""
            supporting = "；".join(plan.department(s.department).name for s in t.supporting)
            head = [t.id, f"第{w.chapter.number}章", f"{t.title} {t.text}" if t.title and not t.text.startswith(t.title) else t.text]
            rows.append([*head, lead, supporting, _targets_text(plan, t.id), _deadlines_text(plan, t.id), "", "", "", "", ""])
    else:
        for b in plan.boxes:
            for pr in b.projects:
                leads = dict.fromkeys(plan.department(plan.paragraphs[t].lead.department).name for t in pr.tasks if plan.paragraphs[t].lead)
                rows.append(
                    [
                        pr.id,
                        f"专栏{b.number}",
                        pr.title,
                        "；".join(leads),
                        _targets_text(plan, pr.id),
                        _deadlines_text(plan, pr.id),
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    return rows


def indicator_departments(plan: Plan, ind_id: str) -> list[str]:
    """Department ids leading or supporting a task that moves the indicator, in department order."""
    ids = {
        d for t in plan.tasks_moving.get(ind_id, []) if t.kind == "task" for _, link in plan.task_departments(t) for d in [link.department]
    }
    return [d.id for d in plan.departments if d.id in ids]


def for_department(plan: Plan, sheet: Sheet, rows: list[list[object]], dept: str) -> list[list[object]]:
    """Only the department's rows (``evaluation.department_scope``: tasks it leads or supports, projects
    implementing those tasks, indicators those tasks move)."""
    tasks, projects, indicators = department_scope(plan, dept)
    keep = {"task": tasks, "project": projects, "indicator": indicators}[sheet.kind]
    return [r for r in rows if r[0] in keep]


def prefill(rows: list[list[object]], sheet: Sheet, report: S.ReportFile) -> list[list[object]]:
    """The rows with the report's entries in the FILL columns (status label, value, unit, quote, note)."""
    said = {e.item: e for e in report.entries}
    out = []
    width = len(sheet.columns)
    for row in rows:
        e = said.get(row[0])
        if e is not None:
            value = "" if e.value is None else (e.value if isinstance(e.value, int | float) else str(e.value))
            row = [*row[:width], S.STATUS_LABEL[e.status], value, e.unit or row[width + 2], e.evidence, e.note or ""]
        out.append(row)
    return out


def info_values(report: S.ReportFile | None) -> dict[str, str]:
    """报告信息 key → value of an existing report (empty for a new one)."""
    if report is None:
        return {}
    src = report.source
    return {
        "报告类型": report.kind,
        "报告标题": report.title,
        "发布单位": report.issuer,
        "发布日期": report.date,
        "数据截至": report.as_of,
        "来源网址": src.url or "",
        "来源文件": src.document or "",
        "页码": src.page or "",
    }


def report_stamp(report: S.ReportFile) -> str:
    """A short digest of what the report says (its validated content, not its YAML layout)."""
    return hashlib.sha256(report.model_dump_json().encode("utf-8")).hexdigest()[:12]


def info_rows(info: dict[str, str]) -> list[tuple[str, str]]:
    """The 报告信息 rows: INFO_ROWS, and the stamp row when the worksheet is for an existing report."""
    return INFO_ROWS + ([STAMP_ROW] if info.get(STAMP_KEY) else [])


def headers(sheet: Sheet) -> list[str]:
    return [*sheet.columns, *FILL]


# ---------------------------------------------------------------- CSV
def csv_sheet(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with BOM; a text a spreadsheet would read as a formula gets a leading apostrophe, which
    the import takes off again (``cells.csv_bytes``, ``cells.csv_text``)."""
    return csv_bytes(header, rows)


# ---------------------------------------------------------------- XLSX
def xlsx_bytes(
    tables: list[tuple[Sheet, list[str], list[list[object]]]],
    info_filled: dict[str, str] | None = None,
    help_lines: list[str] | None = None,
) -> bytes:
    """The workbook: one sheet per (sheet, header, rows) with an autofilter, then 报告信息 (values of
    ``info_filled``) and 填写说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for sheet, header, rows in tables:
        ws = table_sheet(wb, sheet.name, header, rows, freeze="B2")
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows), 1) + 1}"
        for col, name in enumerate(header, 1):
            letter = get_column_letter(col)
            ws[f"{letter}1"].font = bold
            if name in FILL:
                ws[f"{letter}1"].fill = fill
            widest = max([display_width(name), *(display_width(r[col - 1]) for r in rows)])
            ws.column_dimensions[letter].width = max(8, min(widest + 2, 50 if name not in ("任务", "目标") else 60))
            if widest > 50:
                for r in range(2, len(rows) + 2):
                    ws[f"{letter}{r}"].alignment = Alignment(wrap_text=True, vertical="top")
        status_col = get_column_letter(header.index("状态") + 1)
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(S.STATUS_LABEL.values()) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="状态",
            error="请从下拉列表中选择状态",
            promptTitle="状态",
            prompt="报告没有提到此条目时留空",
        )
        dv.add(f"{status_col}2:{status_col}{max(len(rows), 1) + 1}")  # a department's list may be empty: row 2 still
        ws.add_data_validation(dv)
    _info_and_help(wb, info_filled or {}, help_lines or HELP, bold)
    return workbook_bytes(wb, st.data_date())


def _info_and_help(wb, info_filled: dict[str, str], help_lines: list[str], bold) -> None:
    """The 报告信息 sheet (report kind as a dropdown; values of an existing report) and 填写说明."""
    from openpyxl.worksheet.datavalidation import DataValidation

    info = wb.create_sheet(INFO_SHEET)
    append_row(info, [*INFO_HEADER, "说明"])
    for key, explain in info_rows(info_filled):
        append_row(info, [key, info_filled.get(key, ""), explain])
    kind_dv = DataValidation(type="list", formula1='"年度报告,中期评估,终期评估,部门报送,其他"', allow_blank=True)
    kind_dv.add("B2")
    info.add_data_validation(kind_dv)
    for letter, width in (("A", 12), ("B", 50), ("C", 60)):
        info.column_dimensions[letter].width = width
        info[f"{letter}1"].font = bold
    help_ws = wb.create_sheet(HELP_SHEET)
    for line in help_lines:
        append_row(help_ws, [line])
    help_ws.column_dimensions["A"].width = 120


def worksheet_files(plan: Plan, report: str | None = None, dept: str | None = None) -> dict[str, bytes]:
    """{file name: bytes}: the XLSX workbook and one CSV per sheet (报告信息 included). ``report``: the
    id of an existing report whose entries and 报告信息 are filled in (to update it); ``dept``: only
    that department's rows. Raises KeyError naming what is unknown."""
    existing = None
    if report is not None:
        existing = next((r for r in plan.reports if r.id == report), None)
        if existing is None:
            raise KeyError(f"没有 id 为 {report} 的报告；已有: {'、'.join(r.id for r in plan.reports) or '（无）'}")
    if dept is not None and dept not in {d.id for d in plan.departments}:
        raise KeyError(f"没有 id 为 {dept} 的部门；部门 id 见 plan_data/departments.yaml 或网站“部门”页网址")
    tables = []
    for sheet in SHEETS:
        rows = sheet_rows(plan, sheet)
        rows = for_department(plan, sheet, rows, dept) if dept else rows
        rows = prefill(rows, sheet, existing) if existing else rows
        tables.append((sheet, headers(sheet), rows))
    if dept is not None and not any(rows for _, _, rows in tables):
        name = plan.department(dept).name
        raise KeyError(f"部门 {dept}（{name}）在规划中没有牵头或配合的任务，填报表中没有它的条目；不加 --dept 导出全部条目")
    info = info_values(existing)
    info |= {STAMP_KEY: f"{report} · {report_stamp(existing)} · {st.data_date().isoformat()}"} if existing else {}
    help_lines = HELP + (
        [f"本表已填入报告 {report} 的全部条目，改好后导入（合并）：python -m genhe_plan import-progress 进展填报表.xlsx --report {report}"]
        if existing
        else []
    )
    in_yaml = [e.item for e in existing.entries if st.item_kind(plan, e.item) == "target"] if existing else []
    help_lines += (
        [f"报告中另有 {len(in_yaml)} 个目标条目（{'、'.join(in_yaml)}）写在 YAML 中，不在表内；合并导入时保留。"] if in_yaml else []
    )
    files = {XLSX_NAME: xlsx_bytes(tables, info, help_lines)}
    for sheet, header, rows in tables:
        files[f"{sheet.name}.csv"] = csv_sheet(header, rows)
    files[f"{INFO_SHEET}.csv"] = csv_sheet([*INFO_HEADER, "说明"], [[k, info.get(k, ""), e] for k, e in info_rows(info)])
    return files
