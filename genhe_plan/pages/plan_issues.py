"""The 原文问题 page and its CSV: the plan's own problems (conflicts.yaml, every class) and the
errata, grouped by the eight classes of schema.FINDING_CLASSES.

In:  a Plan. Out: ``plan_issues_page(plan)`` → Markdown for PAGE; ``findings_csv(plan)`` → the bytes
of CSV_PATH (UTF-8 with BOM, CRLF, fixed columns). Nothing here knows MkDocs.

Why the wording is spare: officials of the bodies that wrote the plan read this page. Each item
says what each place of the plan says, with its line, and whether the plan explains the difference —
never why it happened or who is at fault.
"""

from __future__ import annotations

from ..export.findings import CSV_PATH, ERRATUM_CLASS, indicators_of
from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..present.labels import cn, indicator_label, paragraph_label
from .html import attr, link, md

PAGE = urls.PLAN_ISSUES


def _errata_in(plan: Plan, cls: str) -> list[S.Erratum]:
    return [e for e in plan.errata if e.plan_slip] if cls == ERRATUM_CLASS else []


def _related(plan: Plan, page: str, c: S.Conflict) -> list[str]:
    """Markdown list items linking the tasks, targets, indicators and projects a finding names."""
    out = []
    if c.tasks:
        out.append("涉及段落：" + "；".join(link(page, urls.paragraph(plan, p), paragraph_label(plan.paragraphs[p])) for p in c.tasks))
    if c.targets:
        by_id = {t.id: t for t in plan.targets}
        kinds = {"target": "目标", "achievement": "成就"}
        items = [link(page, urls.target(plan, t), f"{kinds[by_id[t].kind]} {t} {by_id[t].metric}") for t in c.targets]
        out.append("涉及目标：" + "；".join(items))
    if ids := indicators_of(c):
        out.append("涉及指标：" + "；".join(link(page, urls.indicator(i), indicator_label(plan.indicator(i))) for i in ids))
    if c.projects:
        items = []
        for p in c.projects:
            box, pr = plan.box_of[p], plan.projects[p]
            items.append(link(page, urls.project(plan, p), f"专栏{box.number}（{cn(pr.number)}）{pr.title}"))
        out.append("涉及重点工程：" + "；".join(items))
    return [f"- {x}" for x in out]


def _finding(plan: Plan, page: str, c: S.Conflict) -> list[str]:
    out = [f'<div class="plan-issue" id="{attr(c.id)}" markdown>', "", f"### {md(c.metric)}", "", md(c.summary), ""]
    out += [f"- {link(page, urls.source_line(q.line), f'原文第 {q.line} 行')}：“{md(q.text)}”" for q in c.quotes]
    out += _related(plan, page, c)
    out += ["", f"<small>编号 {md(c.id)}</small>", "", "</div>", ""]
    return out


def _erratum(page: str, e: S.Erratum) -> list[str]:
    corrected = f"“{md(e.corrected)}”" if e.corrected else "删去"
    return [
        f'<div class="plan-issue" id="{attr(e.id)}" markdown>',
        "",
        f"### 勘误：“{md(e.original)}”",
        "",
        f"{md(e.reason)}。本站在数据中更正为{corrected}，原文文件不改。",
        "",
        f"- {link(page, urls.source_line(e.line), f'原文第 {e.line} 行')}：“{md(e.original)}”",
        "",
        f"<small>编号 {md(e.id)}，见{link(page, urls.ERRATA, '勘误表')}</small>",
        "",
        "</div>",
        "",
    ]


def plan_issues_page(plan: Plan) -> str:
    page = PAGE
    counts = {cls: sum(1 for c in plan.findings if c.class_ == cls) + len(_errata_in(plan, cls)) for cls in S.FINDING_CLASSES}
    out = [
        "# 原文问题",
        "",
        "本页按类别列出《规划》文本中前后写法不同、期限或统计口径需要对照阅读之处，以及 PDF 提取时更正的文字。"
        "每条只照录原文并注明行号（点击行号可查看原文该行），说明两处各写了什么、原文是否作了说明；"
        "本站不修改原文，也不推断原因。",
        "",
        f"共 {sum(counts.values())} 条。下载：{link(page, CSV_PATH, 'plan-issues.csv')}（UTF-8，可用 Excel、WPS 打开）。"
        f"原有的{link(page, urls.ERRATA, '勘误表')}和{link(page, urls.CONFLICTS, '数值不一致')}页面仍可查看。",
        "",
    ]
    out += [f"- [{md(label)}](#{cls})：{counts[cls]} 条" for cls, label in S.FINDING_CLASSES.items()]
    out.append("")
    for cls, label in S.FINDING_CLASSES.items():
        out += [f"## {md(label)} {{#{cls}}}", ""]
        items = [c for c in plan.findings if c.class_ == cls]
        for c in items:
            out += _finding(plan, page, c)
        for e in _errata_in(plan, cls):
            out += _erratum(page, e)
        if not counts[cls]:
            out += ["目前没有登记的条目。", ""]
    extraction = [e for e in plan.errata if not e.plan_slip]
    if extraction:
        out += ["## 仅由 PDF 提取造成的更正 {#extraction}", "", "以下更正只涉及提取格式，与规划文本本身无关。", ""]
        out += [
            f"- {link(page, urls.source_line(e.line), f'原文第 {e.line} 行')}：“{md(e.original)}” → “{md(e.corrected)}”（{md(e.reason)}）"
            for e in extraction
        ]
        out.append("")
    return "\n".join(out)
