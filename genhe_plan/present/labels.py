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
DEPT_CATEGORY = {
    "government": "政府部门",
    "party": "党委机构",
    "upper_level": "上级机关",
    "mass_org": "群团组织",
    "company": "企业",
    "judicial": "司法机关",
    "hotline": "举报热线",
    "other": "其他机构",
}
"""The Chinese names of departments.yaml's ``category`` (the words of its schema description)."""
PREFACE = "前言"
"""Chapter 0: the plan's preface, counted beside its chapters, never as one of them."""
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
    return PREFACE if ch.number == 0 else f"第{cn(ch.number)}章 {ch.title}"


def chapter_short(ch: S.ChapterFile) -> str:
    """The chapter's number alone: 第五章 (前言 for chapter 0), where space is short (graph, tables)."""
    return PREFACE if ch.number == 0 else f"第{cn(ch.number)}章"


def chapters_counted(numbers: list[int]) -> str:
    """The plan's chapters counted with the preface (number 0) beside them, not as one more chapter:
    "12 章，另有前言"."""
    n = sum(1 for x in numbers if x > 0)
    return f"{n} 章，另有{PREFACE}" if 0 in numbers else f"{n} 章"


def chapter_span(numbers: list[int]) -> str:
    """Chapters named by number, as a range where they run on: [3, …, 12] → "第三至十二章"; [3, 5] →
    "第三、五章" (and two in a row: "第五、六章"); [4] → "第四章"; the preface (0) is named 前言."""
    nums = sorted(set(numbers))
    named = [PREFACE] if 0 in nums else []
    nums = [n for n in nums if n > 0]
    runs: list[list[int]] = []
    for n in nums:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{cn(r[0])}至{cn(r[-1])}" if len(r) > 2 else "、".join(map(cn, r)) for r in runs]
    if parts:
        named.append("第" + "、".join(parts) + "章")
    return "和".join(named)


def departments_counted(departments: list[S.Department], with_tasks: set[str], names: bool = False) -> tuple[str, str]:
    """(short, sentence) saying what the departments' count counts: "52 个部门与机构（34 个承担任务）" and
    "52 个部门与机构中，34 个牵头或配合任务；另 18 个只在原文中提到、不承担任务：上级机关 6 个、举报热线
    4 个……" (categories by count, then in DEPT_CATEGORY order; ``names``: each category's names in
    brackets). ``with_tasks``: ids of those that lead or support a task."""
    rest = [d for d in departments if d.id not in with_tasks]
    short = f"{len(departments)} 个部门与机构（{len(departments) - len(rest)} 个承担任务）"
    head = f"{len(departments)} 个部门与机构中，{len(departments) - len(rest)} 个牵头或配合任务"
    if not rest:
        return short, head
    order = list(DEPT_CATEGORY)
    cats = sorted({d.category for d in rest}, key=lambda c: (-sum(d.category == c for d in rest), order.index(c)))
    parts = []
    for c in cats:
        members = [d.name for d in rest if d.category == c]
        parts.append(f"{DEPT_CATEGORY[c]} {len(members)} 个" + (f"（{'、'.join(members)}）" if names else ""))
    return short, f"{head}；另 {len(rest)} 个只在原文中提到、不承担任务：{'、'.join(parts)}"


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
