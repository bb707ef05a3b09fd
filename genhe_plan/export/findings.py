"""plan-issues.csv: the plan's own problems (conflicts.yaml, every class) and the errata, one row each.

Declared as a ``tables.Table`` (FINDINGS), so the CSV, datapackage.json and the data dictionary share
its column descriptions. The 原文问题 page (``pages.plan_issues``) shows the same records.
"""

from __future__ import annotations

from ..input import schema as S
from ..model import Plan
from ..present import urls
from .columns import Table, keyed

CSV_PATH = "data/plan-issues.csv"
ERRATUM_CLASS = "typing_slip"  # errata with plan_slip are listed with the typing slips
FIELDS = [
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


def indicators_of(c: S.Conflict) -> list[str]:
    return ([c.indicator] if c.indicator else []) + [i for i in c.indicators if i != c.indicator]


def findings_rows(plan: Plan) -> list[dict[str, object]]:
    """One row per finding (in class order, then file order), then one per erratum."""
    rows = [_finding_row(c, cls, label) for cls, label in S.FINDING_CLASSES.items() for c in plan.findings if c.class_ == cls]
    return rows + [_erratum_row(e) for e in plan.errata]


def _finding_row(c: S.Conflict, cls: str, label: str) -> dict[str, object]:
    return {
        "id": c.id,
        "record": "finding",
        "class": cls,
        "class_label": label,
        "metric": c.metric,
        "summary": c.summary,
        "lines": "；".join(str(q.line) for q in c.quotes),
        "quotes": "；".join(f"第{q.line}行：{q.text}" for q in c.quotes),
        "targets": "；".join(c.targets),
        "indicators": "；".join(indicators_of(c)),
        "tasks": "；".join(c.tasks),
        "projects": "；".join(c.projects),
        "url": urls.site_url(urls.finding(c.id)),
    }


def _erratum_row(e: S.Erratum) -> dict[str, object]:
    return {
        "id": e.id,
        "record": "erratum",
        "class": ERRATUM_CLASS if e.plan_slip else "extraction",
        "class_label": S.FINDING_CLASSES[ERRATUM_CLASS] if e.plan_slip else "PDF 提取造成的更正",
        "metric": e.original,
        "summary": f"{e.original} → {e.corrected or '（删去）'}：{e.reason}",
        "lines": str(e.line),
        "quotes": f"第{e.line}行：{e.original}",
        **dict.fromkeys(("targets", "indicators", "tasks", "projects"), ""),
        "url": urls.site_url(urls.finding(e.id if e.plan_slip else "extraction")),
    }


FINDINGS = Table(
    "plan-issues",
    "原文问题",
    "规划原文自身的问题（同一度量数值不一致、期限早于印发、目标不高于已达水平、目录与正文标题不一致等八类）与勘误，逐条附原文行号与引文",
    "id",
    findings_rows,
    keyed(FIELDS),
)
