"""The 原文问题 page and its CSV: the plan's own problems (conflicts.yaml, every class) and the
errata, grouped by the eight classes of schema.FINDING_CLASSES.

In:  a Plan. Out: ``plan_issues_page(plan)`` → Markdown for PAGE; ``findings_csv(plan)`` → the bytes
of CSV_PATH (UTF-8 with BOM, CRLF, fixed columns). Nothing here knows MkDocs.

Why the wording is spare: officials of the bodies that wrote the plan read this page. Each item
says what each place of the plan says, with its line, and whether the plan explains the difference —
never why it happened or who is at fault.
"""

from __future__ import annotations

from .. import schema as S
from .. import urls
from ..export import csv_bytes
from ..model import Plan
from .common import attr, cn, indicator_label, link, md, paragraph_label, task_ref

PAGE = "plan-issues.md"
CSV_PATH = "data/plan-issues.csv"
ERRATUM_CLASS = "typing_slip"  # errata with plan_slip are listed with the typing slips
CSV_FIELDS = [
    ("id", "string", "问题 id（cf-…）或勘误 id（err-…）"),
    ("record", "string", "finding = conflicts.yaml 中的原文问题；erratum = errata.yaml 中的勘误"),
    ("class", "string", "类别：" + "、".join(S.FINDING_CLASSES) + "；extraction = 纯属 PDF 提取造成的勘误"),
    ("class_label", "string", "类别的中文名称"),
    ("metric", "string", "所涉及的度量或对象"),
    ("summary", "string", "说明（勘误为：原写法 → 更正写法：理由）"),
    ("lines", "string", "原文 plan.txt 的行号，以“；”分隔"),
    ("quotes", "string", "原文引文，写作“第N行：引文”，以“；”分隔"),
    ("targets", "string", "涉及的目标 id，以“；”分隔"),
    ("indicators", "string", "涉及的指标 id，以“；”分隔"),
    ("tasks", "string", "涉及的段落/任务 id，以“；”分隔"),
    ("projects", "string", "涉及的重点工程 id，以“；”分隔"),
    ("url", "string", "网站上的位置（相对网站根目录）"),
]


def _indicators(c: S.Conflict) -> list[str]:
    return ([c.indicator] if c.indicator else []) + [i for i in c.indicators if i != c.indicator]


def _errata_in(plan: Plan, cls: str) -> list[S.Erratum]:
    return [e for e in plan.errata if e.plan_slip] if cls == ERRATUM_CLASS else []


def _target_ref(plan: Plan, tid: str) -> str:
    t = next(t for t in plan.targets if t.id == tid)
    if t.task:
        return task_ref(plan, t.task)
    return f"{urls.box(plan.box_of[t.project].id)}#{t.project}"


def _related(plan: Plan, page: str, c: S.Conflict) -> list[str]:
    """Markdown list items linking the tasks, targets, indicators and projects a finding names."""
    out = []
    if c.tasks:
        out.append("涉及段落：" + "；".join(link(page, task_ref(plan, p), paragraph_label(plan.paragraphs[p])) for p in c.tasks))
    if c.targets:
        by_id = {t.id: t for t in plan.targets}
        kinds = {"target": "目标", "achievement": "成就"}
        items = [link(page, _target_ref(plan, t), f"{kinds[by_id[t].kind]} {t} {by_id[t].metric}") for t in c.targets]
        out.append("涉及目标：" + "；".join(items))
    if ids := _indicators(c):
        out.append("涉及指标：" + "；".join(link(page, urls.indicator(i), indicator_label(plan.indicator(i))) for i in ids))
    if c.projects:
        items = []
        for p in c.projects:
            box, pr = plan.box_of[p], plan.projects[p]
            items.append(link(page, f"{urls.box(box.id)}#{p}", f"专栏{box.number}（{cn(pr.number)}）{pr.title}"))
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


def findings_rows(plan: Plan) -> list[list[object]]:
    """One row per finding (in class order, then file order), then one per erratum."""
    rows = []
    for cls, label in S.FINDING_CLASSES.items():
        for c in (c for c in plan.findings if c.class_ == cls):
            rows.append(
                [
                    c.id,
                    "finding",
                    cls,
                    label,
                    c.metric,
                    c.summary,
                    "；".join(str(q.line) for q in c.quotes),
                    "；".join(f"第{q.line}行：{q.text}" for q in c.quotes),
                    "；".join(c.targets),
                    "；".join(_indicators(c)),
                    "；".join(c.tasks),
                    "；".join(c.projects),
                    urls.html_path(PAGE) + f"#{c.id}",
                ]
            )
    for e in plan.errata:
        cls = ERRATUM_CLASS if e.plan_slip else "extraction"
        label = S.FINDING_CLASSES[ERRATUM_CLASS] if e.plan_slip else "PDF 提取造成的更正"
        summary = f"{e.original} → {e.corrected or '（删去）'}：{e.reason}"
        quote = f"第{e.line}行：{e.original}"
        anchor = e.id if e.plan_slip else "extraction"
        rows.append(
            [e.id, "erratum", cls, label, e.original, summary, str(e.line), quote, "", "", "", "", urls.html_path(PAGE) + f"#{anchor}"]
        )
    return rows


def findings_csv(plan: Plan) -> bytes:
    """The findings download: UTF-8 with BOM, CRLF, columns in CSV_FIELDS order."""
    return csv_bytes(CSV_FIELDS, findings_rows(plan))
