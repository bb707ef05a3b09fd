"""Open data of the progress reports: data/progress.csv, one row per report entry.

Declared as a ``columns.Table`` (PROGRESS), listed in ``tables.TABLES``; the rows come from the model,
never YAML.
"""

from __future__ import annotations

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..progress import status as st
from .columns import Table, keyed

PROGRESS_FIELDS = [
    ("report_id", "string", "报告 id"),
    ("report_kind", "string", "报告类型：年度报告、中期评估、终期评估、部门报送、其他"),
    ("report_title", "string", "报告标题"),
    ("report_issuer", "string", "发布或报送单位"),
    ("report_date", "string", "报告发布日期（YYYY、YYYY-MM 或 YYYY-MM-DD）"),
    ("as_of", "string", "报告数据截至日期"),
    ("item_type", "string", "条目类型：target 目标、indicator 指标、task 任务、project 重点工程"),
    ("item_id", "string", "条目 id"),
    ("status", "string", "状态 key：" + "、".join(f"{k} {v}" for k, v in S.STATUS_LABEL.items())),
    ("status_label", "string", "状态（中文）"),
    ("value", "string", "报告中的数值（指标为数字）"),
    ("unit", "string", "单位"),
    ("evidence", "string", "报告原话"),
    ("note", "string", "编辑附注"),
    ("source", "string", "报告出处：网址或文件名称与文号，及页码"),
    ("url", "string", "网站上该报告的页面（相对网站根目录）"),
]


def source_of(r: S.ReportFile) -> str:
    return "；".join(x for x in (r.source.url, r.source.document, r.source.page) if x)


def progress_rows(plan: Plan) -> list[dict[str, object]]:
    """One row per (report, entry): reports in time order, entries as written."""
    return [_row(plan, r, e) for r in plan.reports for e in r.entries]


def _row(plan: Plan, r: S.ReportFile, e: S.ProgressEntry) -> dict[str, object]:
    return {
        "report_id": r.id,
        "report_kind": r.kind,
        "report_title": r.title,
        "report_issuer": r.issuer,
        "report_date": r.date,
        "as_of": r.as_of,
        "item_type": st.item_kind(plan, e.item),
        "item_id": e.item,
        "status": e.status,
        "status_label": S.STATUS_LABEL[e.status],
        "value": None if e.value is None else st.format_number(e.value),
        "unit": e.unit,
        "evidence": e.evidence,
        "note": e.note,
        "source": source_of(r),
        "url": urls.site_url(urls.report(r.id)),
    }


PROGRESS = Table(
    "progress",
    "进展",
    "已公开的进展与评估报告中，每份报告对各目标、指标、任务、重点工程的状态、数值和原话（尚无报告时只有表头）",
    None,
    progress_rows,
    keyed(PROGRESS_FIELDS),
)
