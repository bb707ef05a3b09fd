"""plan.json (the whole plan in one file) and schema.json (its JSON Schema), from the schema models.

JSON with sorted keys, two-space indent and a final newline, so it is byte-identical across runs.
"""

from __future__ import annotations

import json

from pydantic import ConfigDict, Field

from ..input import schema as S
from ..model import Plan
from ..progress import status as st
from .progress import state_rows


class ExportSource(S.Strict):
    path: str = Field(description="原文文件路径（相对 plan_data/）")
    sha256: str = Field(description="原文文件的 SHA-256 校验和（构建时实际计算）")
    lines: int = Field(description="原文行数")
    paragraph_lines: dict[str, int] = Field(description="段落 id → 该段在原文中的起始行号")


class ExportState(S.Strict):
    """One record's shown state (the columns of states.csv; rules on the 进展 page)."""

    item_type: str = Field(description="indicator | task | project | target")
    item_id: str = Field(description="条目 id")
    state: str = Field(description="显示的状态 key：" + "、".join(f"{k} {v}" for k, v in st.STATE_LABEL.items()))
    state_label: str = Field(description="显示的状态（中文）")
    basis: str = Field(description="reported 报告直接提到；covered 经规划关联；none 未见报告")
    via_link: str | None = Field(None, description="经规划关联时的关联：task、project、indicator、implements")
    via_item: str | None = Field(None, description="经规划关联时，报告所提到的关联条目 id")
    report_id: str | None = Field(None, description="状态所依据的报告 id")
    as_of: str | None = Field(None, description="该报告的数据截至日期")
    deadline: str | None = Field(None, description="期限")
    deadline_passed: bool = Field(description="期限早于数据日期")
    comparison: str | None = Field(None, description="计算比较（不是报告状态）：met 已达到目标值、missed 未达到目标值")
    comparison_text: str | None = Field(None, description="计算比较所用的报告值与目标值")
    data_date: str = Field(description="计算状态所依据的数据日期")


class PlanExport(S.Strict):
    """The whole plan in one object; each property reuses the model of its plan_data file."""

    model_config = ConfigDict(title="根河市“十四五”生态环境保护规划 — plan.json")

    meta: S.PlanFile = Field(description="规划基本信息（plan.yaml）")
    chapters: list[S.ChapterFile] = Field(description="各章，含节与段落、任务的部门/指标/地点关联（chapters/*.yaml）")
    indicators_box_title: str = Field(description="专栏1 标题（indicators.yaml）")
    indicators: list[S.Indicator] = Field(description="专栏1 的主要指标，按序号（indicators.yaml）")
    indicator_notes: list[S.IndicatorNote] = Field(description="专栏1 下方的注释（indicators.yaml）")
    targets: list[S.Target] = Field(description="量化与限期目标、“十三五”成就（targets.yaml）")
    conflicts: list[S.Conflict] = Field(description="同一度量数值不一致之处（conflicts.yaml 中 value_mismatch 等数值类记录）")
    findings: list[S.Conflict] = Field(description="原文问题：conflicts.yaml 的全部记录（八类），附原文引文与行号")
    boxes: list[S.Box] = Field(description="专栏2–10 重点工程（projects.yaml）")
    departments: list[S.Department] = Field(description="责任部门与原文点名的机构（departments.yaml）")
    places: list[S.Place] = Field(description="地点（places.yaml）")
    errata: list[S.Erratum] = Field(description="PDF 提取错误的更正（errata.yaml）")
    reports: list[S.ReportFile] = Field(description="已公开的进展与评估报告及其条目（progress/*.yaml；尚无报告时为空）")
    source: ExportSource = Field(description="原文文件与段落行号")
    states: list[ExportState] = Field(description="每个指标、任务、重点工程和目标在网站上显示的状态（按“进展”页的计算规则，截至数据日期）")


def plan_export(plan: Plan) -> PlanExport:
    lines = {pid: line for pid, w in plan.where.items() if (line := w.line) is not None}
    return PlanExport(
        meta=plan.meta,
        chapters=plan.chapters,
        indicators_box_title=plan.box_title,
        indicators=plan.indicators,
        indicator_notes=plan.notes,
        targets=plan.targets,
        conflicts=plan.conflicts,
        findings=plan.findings,
        boxes=plan.boxes,
        departments=plan.departments,
        places=plan.places,
        errata=plan.errata,
        reports=plan.reports,
        source=ExportSource(path=plan.meta.source.path, sha256=plan.source.sha256, lines=len(plan.source.raw_lines), paragraph_lines=lines),
        states=export_states(plan),
    )


def export_states(plan: Plan) -> list[ExportState]:
    """The rows of states.csv (``progress.state_rows``, from the status model) as typed records."""
    return [ExportState(**(row | {"deadline_passed": row["deadline_passed"] == "true"})) for row in state_rows(plan)]


def json_bytes(data: object) -> bytes:
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def plan_json(plan: Plan) -> bytes:
    return json_bytes(plan_export(plan).model_dump(mode="json", exclude_none=True))


def schema_json() -> bytes:
    """JSON Schema (draft 2020-12) of plan.json; file models appear under $defs."""
    schema = PlanExport.model_json_schema()
    return json_bytes({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema})
