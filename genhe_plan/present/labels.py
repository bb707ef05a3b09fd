"""Presentation: how plan things are named and how their values are written, in plain text.

One place for every label, count word and value format, so pages, graph views and exports agree.
In: schema objects (no Plan needed). Out: plain strings — never HTML or Markdown; the callers escape
for where the text lands (``pages.html.md``/``attr``, Jinja autoescape, CSV, iCalendar).
"""

from __future__ import annotations

import datetime

from ..input import schema as S

BASIS_LABEL = {"stated": "原文写明", "assigned": "按职责分配"}
ROLE_LABEL = {"lead": "牵头", "supporting": "配合"}
DEPT_KIND = {"functional": "职能部门（通称）", "named": "原文点名的机构"}
TARGET_KIND = {"target": "“十四五”目标", "achievement": "“十三五”成就"}
PLACE_KIND = {
    "city": "城市",
    "town": "镇/乡/街道",
    "river": "河流",
    "lake": "湖泊水库",
    "park": "公园",
    "reserve": "保护地",
    "site": "设施/场所",
    "area": "区域",
    "company_site": "企业厂区",
}
TYPE_LABEL = {  # every kind of thing: graph nodes, reportable items, records with a history
    "chapter": "章",
    "section": "节",
    "task": "任务",
    "target": "目标",
    "indicator": "指标",
    "project": "重点工程",
    "department": "部门",
    "place": "地点",
    "finding": "原文问题",
    "erratum": "勘误",
    "report": "进展报告",
}
RELATION_LABEL = {
    "contains": "包含",
    "has_target": "提出目标",
    "leads": "牵头",
    "supports": "配合",
    "moves": "推动指标",
    "measures": "度量指标",
    "implements": "落实任务",
    "located_in": "涉及地点",
    "conflicts_with": "数值不一致",
}
NO_DEADLINE = "原文未写期限"


def cn(n: int) -> str:
    """Chinese numeral for chapter and section numbers: 3 → 三, 12 → 十二, 21 → 二十一."""
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")


def chapter_label(ch: S.ChapterFile) -> str:
    return "前言" if ch.number == 0 else f"第{cn(ch.number)}章 {ch.title}"


def chapter_short(ch: S.ChapterFile) -> str:
    """The chapter's number alone: 第五章 (前言 for chapter 0), where space is short (graph, tables)."""
    return "前言" if ch.number == 0 else f"第{cn(ch.number)}章"


def section_label(sec: S.Section) -> str:
    return f"第{cn(sec.number)}节 {sec.title}"


def indicator_short(ind: S.Indicator) -> str:
    """An indicator as lists name it: its number in 专栏1 and its name (16. 森林覆盖率)."""
    return f"{ind.number}. {ind.name}"


def indicator_label(ind: S.Indicator) -> str:
    return indicator_short(ind) + (f"（{ind.unit}）" if ind.unit else "")


def project_label(box: S.Box, project: S.Project) -> str:
    """A key project with its box: 专栏8 生活垃圾治理工程."""
    return f"专栏{box.number} {project.title}"


def box_label(box: S.Box) -> str:
    return f"专栏{box.number} {box.title}"


def paragraph_label(p: S.Paragraph) -> str:
    """A short name for a paragraph: its title, else its first sentence, else its start and “…”."""
    if p.title:
        return p.title
    first = p.text.split("。")[0]
    return first + "。" if len(first) <= 30 else p.text[:24] + "…"


def deadline_label(d: str) -> str:
    """'2025' → 2025年; '2022-12' → 2022年12月; '2021-07-01' → 2021年7月1日."""
    parts = d.split("-")
    return f"{parts[0]}年" + (f"{int(parts[1])}月" if len(parts) > 1 else "") + (f"{int(parts[2])}日" if len(parts) > 2 else "")


def date_label(d: datetime.date) -> str:
    """A calendar date: 2026年11月29日."""
    return f"{d.year}年{d.month}月{d.day}日"


def report_source(r: S.ReportFile) -> str:
    """Where a report can be read: its URL, document and page, as recorded (测试文件〔2023〕1号；第2页)."""
    return "；".join(x for x in (r.source.url, r.source.document, r.source.page) if x)


def target_value(t: S.Target) -> str:
    """Comparator, value and unit: '≥ 95%', '完成' (done_by without a number)."""
    return f"{S.COMPARATOR_SIGN[t.comparator]} {t.value or ''}{t.unit or ''}".strip()


def target_label(t: S.Target) -> str:
    """Metric and value: '森林覆盖率 ≥ 95%'."""
    return f"{t.metric} {target_value(t)}"


def target_when(t: S.Target) -> str:
    return deadline_label(t.deadline) if t.deadline else NO_DEADLINE


def targets_counted(kinds: list[str]) -> str:
    """The targets' count with the 十三五 achievements said beside it (both are targets in the data; ``kinds``:
    each one's kind): "75 个量化目标，另有 46 项“十三五”成就数据". Say this wherever the counts could be confused."""
    return f"{kinds.count('target')} 个量化目标，另有 {kinds.count('achievement')} 项“十三五”成就数据"
