"""The people's workbook, data/根河规划数据.xlsx: the plan's lists for a reader who opens them in Excel or
WPS rather than a program. The CSVs keep their stable English keys for machines; this workbook says the
same in words: Chinese headers, names instead of ids (each sheet keeps the id in one column, 编号), the
basis written out (原文写明 / 按职责分配), one sheet per list, and a 说明 sheet that explains the counts
(75 个量化目标，另有 46 项“十三五”成就数据).

Links: the 网页 column is a real hyperlink (openpyxl ``cell.hyperlink``), not text to copy. With a public
address it is the full address. Without one it shows the path from the site root and links relative to
the workbook's own place, data/ (``../departments/eco/``; ``.html`` pages in the offline copy): Excel
resolves a relative hyperlink against the folder of the open workbook (unless the file's 超链接基础 /
Hyperlink base property says otherwise), LibreOffice against the document's location (checked: it
opens data/…xlsx's ``../departments/eco/`` as the site's departments/eco/). So the links work where the
file sits in the site or its offline copy; a copy saved elsewhere loses them, which the 说明 sheet says.

Numbers: a value that is a plain number (``91.75``, ``100``, ``1,500``: ``cells.plain_number``) is a
numeric cell, so it sorts and sums; notation such as ``≥25`` or ``——`` stays text as the plan writes it.
Every row goes through ``cells.append_row`` (``xlsx.table_sheet``): no cell is ever a formula.

In: a Plan and the site's public address (``urls.public_base``: SITE_URL, else mkdocs.yml's site_url).
Out: the workbook's bytes, identical for the same plan, address and build date.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Plan
from ..present import urls
from ..present.labels import BASIS_LABEL, chapter_label, indicator_short, targets_counted
from ..progress import status as st
from .cells import plain_number
from .xlsx import display_width, table_sheet, workbook_bytes

PATH = "data/根河规划数据.xlsx"
UP = "../" * PATH.count("/")
"""From the workbook's folder back to the site root: where a relative 网页 link starts."""
Sheet = tuple[str, list[str], list[list[object]]]


def number(value: object) -> object:
    """A plain number as a number (int or float), anything else as written."""
    n = plain_number(value)
    return value if n is None else n


def _dept(plan: Plan, link) -> str:
    return f"{plan.department(link.department).name}（{BASIS_LABEL[link.basis]}）"


def _basis_text(link) -> str:
    return f"原文：{link.quote}" if link.basis == "stated" else f"理由：{link.reason}"


def task_sheet(plan: Plan, page: Callable[[str], str]) -> Sheet:
    head = [
        "编号",
        "章",
        "节",
        "任务",
        "任务全文",
        "牵头部门",
        "牵头依据",
        "依据说明",
        "配合部门（依据）",
        "推动的指标",
        "重点工程",
        "涉及地点",
        "期限",
        "进展状态",
        "网页",
    ]
    rows = []
    for t in plan.tasks:
        w = plan.where[t.id]
        rows.append(
            [
                t.id, chapter_label(w.chapter), w.section.title if w.section else "", t.title, t.text,
                plan.department(t.lead.department).name if t.lead else "", BASIS_LABEL[t.lead.basis] if t.lead else "",
                _basis_text(t.lead) if t.lead else "", "；".join(_dept(plan, s) for s in t.supporting),
                "；".join(indicator_short(plan.indicator(i.indicator)) for i in t.indicators),
                "；".join(pr.title for pr in plan.projects_of[t.id]), "；".join(plan.place(p).name for p in t.places),
                "；".join(plan.deadlines(t.id)), st.state(plan, t.id).label, page(urls.task(plan, t.id)),
            ]
        )  # fmt: skip
    return "任务", head, rows


def target_sheet(plan: Plan, page: Callable[[str], str], kind: str) -> Sheet:
    head = ["编号", "度量什么", "数值", "单位", "期限", "地点或范围", "原文", "所属任务或工程", "度量的主要指标", "进展状态", "网页"]
    rows = []
    for t in (t for t in plan.targets if t.kind == kind):
        owner = plan.paragraphs[t.task].title if t.task else plan.projects[t.project].title if t.project else ""
        state = st.state(plan, t.id).label if kind == "target" else "（成就数据，不计进展）"
        rows.append(
            [
                t.id, t.metric, number(t.value), t.unit or "", t.deadline or "", t.scope or "", t.quote, owner,
                indicator_short(plan.indicator(t.indicator)) if t.indicator else "", state, page(urls.target(plan, t.id)),
            ]
        )  # fmt: skip
    return ("量化目标" if kind == "target" else "“十三五”成就"), head, rows


def indicator_sheet(plan: Plan, page: Callable[[str], str]) -> Sheet:
    head = ["编号", "序号", "指标", "类别", "单位", "2020年现状值", "2025年目标值", "属性", "推动它的任务", "进展状态", "网页"]
    rows = [
        [
            i.id, i.number, i.name, " › ".join(i.category), i.unit or "", number(i.baseline_2020), number(i.target_2025), i.attribute,
            "；".join(t.title for t in plan.tasks if any(x.indicator == i.id for x in t.indicators)),
            st.state(plan, i.id).label, page(urls.indicator(i.id)),
        ]
        for i in plan.indicators
    ]  # fmt: skip
    return "主要指标", head, rows


def project_sheet(plan: Plan, page: Callable[[str], str]) -> Sheet:
    head = ["编号", "专栏", "重点工程", "内容", "落实的任务", "进展状态", "网页"]
    rows = [
        [
            pr.id, f"专栏{box.number} {box.title}", pr.title, "\n".join(pr.text),
            "；".join(plan.paragraphs[t].title for t in pr.tasks), st.state(plan, pr.id).label, page(urls.project(plan, pr.id)),
        ]
        for box in plan.boxes
        for pr in box.projects
    ]  # fmt: skip
    return "重点工程", head, rows


def department_sheet(plan: Plan, page: Callable[[str], str]) -> Sheet:
    head = ["编号", "部门或机构", "职责范围", "牵头任务数", "配合任务数", "网页"]
    rows = [
        [d.id, d.name, d.remit or "", len(plan.led_by[d.id]), len(plan.supported_by[d.id]), page(urls.department(d.id))]
        for d in plan.departments
    ]
    return "部门", head, rows


def readme_sheet(plan: Plan, base: str, sheets: list[Sheet]) -> Sheet:
    lines = [
        [f"《根河市“十四五”生态环境保护规划》（{plan.meta.published_text}）的结构化数据，供阅读和核对；各表的行与网站、CSV 下载相同。"],
        [f"规划共有 {targets_counted([t.kind for t in plan.targets])}（第一章写的“十三五”成绩，单列在“十三五”成就表，不是“十四五”目标）。"],
        [
            "“牵头依据”“配合部门（依据）”：原文写明 = 规划原文写明了该部门（附原文）；按职责分配 = 原文未写明，由本站按部门职责分配（附理由，不代表官方分工）。"
        ],
        ["“进展状态”与网站上的相同：只依据已公开的评估或进展报告，从不推测。"],
        [
            f"“网页”列是每条记录在网站上的完整网址（以 {base} 开头），点击即可打开。"
            if base
            else "“网页”列是每条记录在网站上的位置（从网站首页算起的路径）。点击打开的链接相对本文件所在的位置（网站的 data 文件夹），"
            "在网站上或网站的离线副本中打开本文件时有效；文件另存到别处后，请在网站首页的地址后加上该路径。"
        ],
        ["数值、2020年现状值、2025年目标值中的纯数字是数字单元格，可以排序、计算；“≥25”“——”等写法照原文保留为文字。"],
        ["“编号”是数据中的固定编号，与 CSV、JSON 等下载文件中的 id 相同，可用来对照。"],
        *([f"{name}：{len(rows)} 行"] for name, _, rows in sheets),
    ]
    return "说明", ["说明"], lines


def people_sheets(plan: Plan, base: str) -> list[Sheet]:
    dirs = urls.directory_urls()

    def page(docs_path: str) -> str:
        return base + urls.site_url(docs_path, dirs)

    sheets = [
        task_sheet(plan, page),
        target_sheet(plan, page, "target"),
        target_sheet(plan, page, "achievement"),
        indicator_sheet(plan, page),
        project_sheet(plan, page),
        department_sheet(plan, page),
    ]
    return [readme_sheet(plan, base, sheets), *sheets]


def people_xlsx(plan: Plan, base: str | None = None) -> bytes:
    """The workbook (see the module doc): bold frozen header, columns sized to their text, links clickable."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, head, rows in people_sheets(plan, urls.public_base() if base is None else base):
        ws = table_sheet(wb, name, head, rows, freeze="A2")
        for col, cells in enumerate(ws.iter_cols(min_row=1), 1):
            cells[0].font = Font(bold=True)
            widest = max(display_width(c.value if c.value is not None else "") for c in cells)
            ws.column_dimensions[cells[0].column_letter].width = max(8, min(widest + 2, 60))
            for c in cells[1:]:
                if widest > 60:
                    c.alignment = Alignment(wrap_text=True, vertical="top")
                if head[col - 1] == "网页" and c.value:
                    c.hyperlink = c.value if str(c.value).startswith(("http://", "https://")) else UP + str(c.value)
    return workbook_bytes(wb, st.data_date())
