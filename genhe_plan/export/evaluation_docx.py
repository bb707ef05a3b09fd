"""The evaluation (``progress.evaluation.Evaluation``) as a Word document in the format of Chinese
official documents (GB/T 9704), written with python-docx.

In:  an Evaluation. Out: the .docx bytes, the same for the same input (core properties dated by the
     status date, zip entries dated 1980-01-01 by ``export.xlsx.fixed_zip``).

Layout: A4; 公文 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). The title and the account
on a portrait page; the tables in a landscape section (Why the landscape margins are the portrait ones
turned: a landscape page bound into a portrait document keeps its binding edge — the portrait left —
at its top, as Word does when a section is turned). Title 方正小标宋简体 二号, body 仿宋_GB2312 三号 with
a fixed 28 pt line, headings 黑体 / 楷体_GB2312 三号, tables 仿宋_GB2312 五号 with a 黑体 header row
repeated on every page, page numbers “— 1 —” at the foot.

Fonts: a run names one East Asian font; where it is missing, Word, WPS and LibreOffice each substitute
a Chinese font of their own (LibreOffice through fontconfig), so the document opens everywhere and
looks right where the 公文 fonts are installed. Latin letters and digits: Times New Roman.

Why a few raw elements (``OxmlElement``): python-docx has no API for the East Asian font slot, a
repeated header row or a page-number field; each is one element made through python-docx's own factory.
"""

from __future__ import annotations

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..progress import evaluation as ev
from .xlsx import fixed_zip

TITLE_FONT, BODY_FONT, HEAD_FONT, KAI_FONT, LATIN = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "Times New Roman"
SIZE_TITLE, SIZE_BODY, SIZE_TABLE = Pt(22), Pt(16), Pt(10.5)
A4_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TURNED_MM = {"top": MARGINS_MM["left"], "bottom": MARGINS_MM["right"], "left": MARGINS_MM["bottom"], "right": MARGINS_MM["top"]}
TEXT_WIDTH_LANDSCAPE_MM = A4_MM[1] - TURNED_MM["left"] - TURNED_MM["right"]  # 225
# Column widths in mm, each table's adding up to the landscape text width (225 mm).
WIDTHS = {
    "indicator": [11, 32, 14, 15, 15, 20, 40, 18, 18, 42],
    "task": [20, 46, 44, 19, 26, 42, 28],
    "project": [20, 45, 19, 28, 67, 46],
    "counts": [27, *([22] * 8), 22],
    "outcomes": [45, 45, 45, 45, 45],
    "departments": [40, 17, *([18] * 8), 24],
    "late": [30, 22, 24, 109, 40],
    "carry": [20, 22, 46, 42, 95],
    "findings": [20, 45, 35, 125],
}


def _east_asian(style_or_run_element, name: str) -> None:
    style_or_run_element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


STYLES = {
    # name: (East Asian font, size, centred, body spacing: first-line indent and the fixed 28 pt line)
    "Normal": (BODY_FONT, SIZE_BODY, False, True),
    "公文标题": (TITLE_FONT, SIZE_TITLE, True, False),
    "副标题": (KAI_FONT, SIZE_BODY, True, True),
    "一级标题": (HEAD_FONT, SIZE_BODY, False, True),
    "二级标题": (KAI_FONT, SIZE_BODY, False, True),
    "表格文字": (BODY_FONT, SIZE_TABLE, False, False),
    "表格表头": (HEAD_FONT, SIZE_TABLE, True, False),
    "表格分组": (KAI_FONT, SIZE_TABLE, False, False),
    "页码": ("宋体", Pt(14), True, False),
}


STYLE_IDS = {name: name for name in STYLES} | {"Normal": None}
"""Style id of each style: python-docx makes a new style's id from its name."""


def _styles(doc) -> None:
    """The paragraph styles of the document (one run format each: cells and lines only name a style)."""
    for name, (font, size, centred, body) in STYLES.items():
        style = doc.styles[name] if name == "Normal" else doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name != "Normal":
            style.base_style = doc.styles["Normal"]
        style.font.name, style.font.size = LATIN, size
        _east_asian(style.element, font)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        fmt.first_line_indent = Pt(32) if name == "Normal" else Pt(0)  # two characters of 三号
        if body:
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    doc.styles["表格分组"].font.bold = True
    for name in ("一级标题", "二级标题"):
        doc.styles[name].paragraph_format.keep_with_next = True  # never alone at the foot of a page
    assert all(doc.styles[name].style_id == STYLE_IDS[name] for name in STYLES if name != "Normal")


def _para(doc, text: str, style: str = "Normal"):
    return doc.add_paragraph(text, style=style)


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side, value in (TURNED_MM if landscape else MARGINS_MM).items():
        setattr(section, f"{side}_margin", Mm(value))
    section.footer_distance = Mm(20) if not landscape else Mm(12)


def _page_number(section) -> None:
    """“— N —” centred at the foot of every page."""
    p = section.footer.paragraphs[0]
    p.style = "页码"
    p.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    p._p.append(field)
    p.add_run(" —")


def _cell_text(cell, text: str, style: str = "表格文字") -> None:
    """The cell's text in a table style. Why the style id is set on the element: python-docx's
    ``paragraph.style = name`` searches every style of the document each time (a second per table)."""
    p = cell.paragraphs[0]
    p._p.style = STYLE_IDS[style]
    p.add_run(text)


def _table(doc, head: list[str], rows: list[list[str]], widths: list[int], groups: list[tuple[str, int]] | None = None):
    """A grid table: the header (repeated on every page), then the rows; ``groups``: (title, rows
    in the group) — a merged row with the title before each group's rows."""
    assert len(widths) == len(head) and sum(widths) == TEXT_WIDTH_LANDSCAPE_MM, (head, sum(widths))
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        _cell_text(cell, text, "表格表头")
    it = iter(rows)
    for title, n in list(groups or [(None, len(rows))]):
        if title is not None:
            cells = table.add_row().cells
            _cell_text(cells[0].merge(cells[-1]), title, "表格分组")
        for _ in range(n):
            for cell, text in zip(table.add_row().cells, next(it), strict=True):
                _cell_text(cell, text)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is not broken across pages
        if len({id(c._tc) for c in row.cells}) == 1:  # a group's title, merged across the table
            row.cells[0].width = Mm(sum(widths))
            continue
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Mm(w)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # after cantSplit: the schema's order
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)
    return table


def _heading(doc, text: str, style: str = "一级标题") -> None:
    _para(doc, text, style)


def _tables(doc, e: ev.Evaluation) -> None:
    _heading(doc, "一、指标完成情况表")
    _table(doc, ev.INDICATOR_HEAD, e.indicators, WIDTHS["indicator"])
    _heading(doc, "二、主要任务完成情况表")
    _table(doc, ev.TASK_HEAD, [r for g in e.tasks for r in g.rows], WIDTHS["task"], [(g.title, len(g.rows)) for g in e.tasks])
    _heading(doc, "三、重点工程完成情况表")
    _table(doc, ev.PROJECT_HEAD, [r for g in e.projects for r in g.rows], WIDTHS["project"], [(g.title, len(g.rows)) for g in e.projects])
    _heading(doc, "四、完成情况统计")
    _heading(doc, "（一）各清单按状态统计", "二级标题")
    _table(doc, e.counts_head, e.counts, WIDTHS["counts"])
    _heading(doc, "（二）指标完成情况统计", "二级标题")
    _table(doc, [*ev.OUTCOMES, "合计"], e.outcome_counts, WIDTHS["outcomes"])
    _heading(doc, "（三）主要任务按部门统计", "二级标题")
    _table(doc, e.departments_head, e.departments or [["无", "", *([""] * 9)]], WIDTHS["departments"])
    _heading(doc, "五、期限已过事项")
    _para(doc, "期限已过，且没有报告称已完成的条目（含期限已过、未见报告的条目）。")
    _table(doc, ev.LATE_HEAD, e.late or [["无", "", "", "", ""]], WIDTHS["late"])
    _heading(doc, "六、结转事项")
    _para(doc, "报告称未完成的主要任务、重点工程和未达到目标值的指标，作为编制下一个五年规划的起点清单。" + e.carry_note)
    _table(doc, ev.CARRY_HEAD, e.carry or [["无", "", "", "", ""]], WIDTHS["carry"])
    if e.findings:
        _heading(doc, "附表：涉及指标的规划原文问题")
        _para(doc, "以下为规划原文自身的不一致或写法问题，本表只作记录，不作裁定。")
        _table(doc, ev.FINDING_HEAD, e.findings, WIDTHS["findings"])


def evaluation_docx(e: ev.Evaluation) -> bytes:
    """The document's bytes (see the module doc)."""
    doc = Document()
    _styles(doc)
    _page(doc.sections[0], landscape=False)
    _page_number(doc.sections[0])
    for line in e.title_lines:
        _para(doc, line, "公文标题")
    _para(doc, e.subtitle, "副标题")
    _para(doc, "")
    for line in e.account:
        _para(doc, line)
    tables = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(tables, landscape=True)
    _tables(doc, e)
    stamp = datetime.datetime.combine(e.on, datetime.time())
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = e.title, "genhe_plan", "genhe_plan"
    props.created = props.modified = props.last_printed = stamp
    props.revision, props.language, props.comments = 1, "zh-CN", ""
    buf = io.BytesIO()
    doc.save(buf)
    return fixed_zip(buf.getvalue(), stamp)
