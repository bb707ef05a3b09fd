"""Step 4a — the evaluation page of a report: the tables of ``progress.evaluation`` as a print-ready
page (A4 landscape: ``.evaluation-print`` takes the named page ``evaluation`` of progress.css), with a
print button and the downloads (.docx, .xlsx, one .docx per department).

``evaluation_page(plan, report)`` → Markdown; ``downloads(plan, page, report)`` → the download links,
also shown on the report's own page. Every cell goes through ``md()``.
"""

from __future__ import annotations

from ..export.evaluation import departments
from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..progress import evaluation as ev
from .html import link, md

PRINT = '<button class="md-button print-button" type="button" onclick="window.print()">打印本页</button>'


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return ["无。", ""]
    out = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    return [*out, *("| " + " | ".join(md(c) for c in row) + " |" for row in rows), ""]


def _download(page: str, target: str, text: str, name: str) -> str:
    """A Markdown link (MkDocs checks and rewrites it) that saves the file under a readable Chinese name
    (attr_list's ``download`` attribute; the name is data-free apart from department names, quotes dropped)."""
    return link(page, target, text) + '{ download="' + name.replace('"', "").replace("}", "") + '" }'


def downloads(plan: Plan, page: str, r: S.ReportFile) -> list[str]:
    """The evaluation's files: the whole plan's document and workbook, then one document per department."""
    base = f"规划实施情况评估（{r.id}）"
    whole = [
        _download(page, urls.evaluation_file(r.id, "docx"), "评估文档（Word，.docx）", f"{base}.docx"),
        _download(page, urls.evaluation_file(r.id, "xlsx"), "评估表格（Excel，.xlsx）", f"{base}.xlsx"),
    ]
    per_dept = [
        _download(page, urls.evaluation_file(r.id, "docx", d), plan.department(d).name, f"{base}（{plan.department(d).name}）.docx")
        for d in departments(plan)
    ]
    return [f"- 全市：{'；'.join(whole)}", f"- 各部门（本部门牵头或配合的任务、相关重点工程和指标）：{'、'.join(per_dept)}", ""]


def evaluation_page(plan: Plan, r: S.ReportFile) -> str:
    page = urls.evaluation(r.id)
    e = ev.evaluate(plan, r.id)
    out = ['<div class="evaluation-print" markdown>', "", f"# {md(e.title)}", "", md(e.subtitle), "", PRINT, ""]
    out += ['<div class="evaluation-downloads" markdown>', "", "**下载**", "", *downloads(plan, page, r), "</div>", ""]
    out += [*(md(line) + "\n" for line in e.account)]
    out += ["## 一、指标完成情况表", "", *_table(ev.INDICATOR_HEAD, e.indicators)]
    out += ["## 二、主要任务完成情况表", ""]
    for g in e.tasks:
        out += [f"### {md(g.title)}", "", *_table(ev.TASK_HEAD, g.rows)]
    out += ["## 三、重点工程完成情况表", ""]
    for g in e.projects:
        out += [f"### {md(g.title)}", "", *_table(ev.PROJECT_HEAD, g.rows)]
    out += ["## 四、完成情况统计", "", "### 各清单按状态统计", "", *_table(e.counts_head, e.counts)]
    out += ["### 指标完成情况统计", "", *_table([*ev.OUTCOMES, "合计"], e.outcome_counts)]
    out += ["### 主要任务按牵头部门统计", "", *_table(e.departments_head, e.departments)]
    out += ["## 五、期限已过事项", "", "期限已过，且没有报告称已完成的条目（含期限已过、未见报告的条目）。", ""]
    out += _table(ev.LATE_HEAD, e.late)
    out += [
        "## 六、结转事项",
        "",
        "报告称未完成的主要任务、重点工程和未达到目标值的指标，作为编制下一个五年规划的起点清单。" + md(e.carry_note),
        "",
    ]
    out += _table(ev.CARRY_HEAD, e.carry)
    if e.findings:
        out += ["## 附表：涉及指标的规划原文问题", "", "以下为规划原文自身的不一致或写法问题，本表只作记录，不作裁定。", ""]
        out += _table(ev.FINDING_HEAD, e.findings)
    out += [link(page, urls.report(r.id), f"← {r.title}"), "", "</div>", ""]
    return "\n".join(out)
