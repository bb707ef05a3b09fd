"""Open data of the progress reports: data/progress.csv, one row per report entry, and
data/states.csv, one row per record with the state every page shows (``progress.status.state``).

Declared as ``columns.Table``s (PROGRESS, STATES), listed in ``tables.TABLES``; the rows come from the
model and the status model, never YAML. ``state_fields`` is shared by plan.json and plan.sqlite.
"""

from __future__ import annotations

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..present.labels import report_source
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
    return report_source(r)


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


STATE_FIELDS = [
    ("item_type", "string", "条目类型：indicator 指标、task 任务、project 重点工程、target 目标"),
    ("item_id", "string", "条目 id"),
    ("state", "string", "显示的状态 key：" + "、".join(f"{k} {v}" for k, v in st.STATE_LABEL.items())),
    ("state_label", "string", "显示的状态（中文），与网站各处相同"),
    ("basis", "string", "状态从何而来：reported 报告直接提到；covered 经规划关联（见 via_item）；none 未见报告"),
    ("via_link", "string", "经规划关联时的关联：task 所属任务、project 所属重点工程、indicator 所度量的指标、implements 落实它的重点工程"),
    ("via_item", "string", "经规划关联时，报告所提到的关联条目 id"),
    ("report_id", "string", "状态所依据的报告 id"),
    ("as_of", "string", "该报告的数据截至日期"),
    ("deadline", "string", "期限：目标自身的；任务、重点工程取所含目标最早的；指标为规划期末"),
    ("deadline_passed", "string", "期限早于数据日期：true 或 false"),
    ("comparison", "string", "计算比较（不是报告状态）：met 已达到目标值、missed 未达到目标值；空 = 无可比较的数值"),
    ("comparison_text", "string", "计算比较所用的报告值与目标值"),
    ("data_date", "string", "计算状态所依据的数据日期（数据最后一次更改的日期）"),
]


def state_rows(plan: Plan) -> list[dict[str, object]]:
    """One row per reportable record, as every page shows it at the data date."""
    on = st.data_date()
    return [_state_row(s, on) for s in st.states(plan, on).values()]


def _state_row(s: st.State, on) -> dict[str, object]:
    c = s.comparison
    return {
        "item_type": s.kind,
        "item_id": s.item,
        "state": s.key,
        "state_label": s.label,
        "basis": s.basis,
        "via_link": s.link,
        "via_item": s.via,
        "report_id": s.report.id if s.report else None,
        "as_of": s.report.as_of if s.report else None,
        "deadline": s.deadline,
        "deadline_passed": "true" if s.passed else "false",
        "comparison": None if c is None else ("met" if c.met else "missed"),
        "comparison_text": None if c is None else c.text,
        "data_date": on.isoformat(),
    }


STATES = Table(
    "states",
    "状态",
    "每个指标、任务、重点工程和目标在网站上显示的状态（按“进展”页的计算规则，截至数据日期），及其依据的报告",
    "item_id",
    state_rows,
    keyed(STATE_FIELDS),
)
