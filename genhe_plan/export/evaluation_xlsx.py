"""The evaluation (``progress.evaluation.Evaluation``) as a workbook: the same tables as the .docx, one
sheet each, for officials who sort, filter or merge them into their own forms.

In: an Evaluation. Out: the .xlsx bytes, byte-stable (``export.xlsx.workbook_bytes``, dated by the
status date). The chapter or 专栏 of a task or project is a column here, where the document has a
heading row.
"""

from __future__ import annotations

from ..progress import evaluation as ev
from .xlsx import display_width, table_sheet, workbook_bytes


def sheets(e: ev.Evaluation) -> list[tuple[str, list[str], list[list[str]]]]:
    """(sheet name, header, rows) in the document's order."""
    return [
        ("说明", ["内容"], [[line] for line in [e.title, e.subtitle, *e.account, e.carry_note]]),
        ("指标完成情况", ev.INDICATOR_HEAD, e.indicators),
        ("主要任务完成情况", ["章", *ev.TASK_HEAD], [[g.title, *r] for g in e.tasks for r in g.rows]),
        ("重点工程完成情况", ["专栏", *ev.PROJECT_HEAD], [[g.title, *r] for g in e.projects for r in g.rows]),
        ("按状态统计", e.counts_head, e.counts),
        ("指标完成情况统计", [*ev.OUTCOMES, "合计"], e.outcome_counts),
        ("主要任务按部门统计", e.departments_head, e.departments),
        ("期限已过事项", ev.LATE_HEAD, e.late),
        ("结转事项", ev.CARRY_HEAD, e.carry),
        ("规划原文问题", ev.FINDING_HEAD, e.findings),
    ]


def evaluation_xlsx(e: ev.Evaluation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, head, rows in sheets(e):
        ws = table_sheet(wb, name, head, rows, freeze="A2")
        for col, title in enumerate(head, 1):
            letter = get_column_letter(col)
            ws[f"{letter}1"].font = Font(bold=True)
            widest = max([display_width(title), *(display_width(r[col - 1]) for r in rows)])
            ws.column_dimensions[letter].width = max(6, min(widest + 2, 60))
            for r in range(2, len(rows) + 2):
                ws[f"{letter}{r}"].alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.title = e.title
    return workbook_bytes(wb, e.on)
