"""Step 5 — export: every open-data download of the site, as bytes.

In:  a Plan (and the plan_data directory, only to pack the raw files into plan-data.zip).
Out: ``{site path: bytes}`` — data/plan.json, data/schema.json, five CSVs, data/deadlines.ics,
     data/plan-data.zip and data/datapackage.json.

Every output is byte-identical across runs: JSON with sorted keys and a final newline, CSV with a
fixed column order and rows in plan order, ZIP entries sorted with a fixed date and mode, and the
only date that is not data (the calendar's DTSTAMP) taken from SOURCE_DATE_EPOCH.
Why UTF-8 with BOM and CRLF for CSV: Excel and WPS, which most readers of the plan use, only detect
UTF-8 when the file starts with a BOM; CRLF is the csv module's (and RFC 4180's) line end.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import hashlib
import io
import json
import os
import re
import zipfile
from itertools import combinations
from pathlib import Path

from pydantic import ConfigDict, Field

from . import schema as S
from . import urls
from .export_progress import PROGRESS_TABLE, SQLITE_RESOURCE  # progress (issue 11)
from .model import Plan
from .sqlite_export import sqlite_bytes  # progress (issue 11)

BOM = b"\xef\xbb\xbf"
SEP = "；"
DEFAULT_EPOCH = 1659312000  # 2022-08-01, the plan's publication month
UID_DOMAIN = "genhe-plan"
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
ESCAPE_OR_CHAR = re.compile(r"\\.|.", re.DOTALL)


# ---------------------------------------------------------------- plan.json and its schema
class ExportSource(S.Strict):
    path: str = Field(description="原文文件路径（相对 plan_data/）")
    sha256: str = Field(description="原文文件的 SHA-256 校验和（构建时实际计算）")
    lines: int = Field(description="原文行数")
    paragraph_lines: dict[str, int] = Field(description="段落 id → 该段在原文中的起始行号")


class PlanExport(S.Strict):
    """The whole plan in one object; each property reuses the model of its plan_data file."""

    model_config = ConfigDict(title="根河市“十四五”生态环境保护规划 — plan.json")

    meta: S.PlanFile = Field(description="规划基本信息（plan.yaml）")
    chapters: list[S.ChapterFile] = Field(description="各章，含节与段落、任务的部门/指标/地点关联（chapters/*.yaml）")
    indicators_box_title: str = Field(description="专栏1 标题（indicators.yaml）")
    indicators: list[S.Indicator] = Field(description="专栏1 的主要指标，按序号（indicators.yaml）")
    indicator_notes: list[S.IndicatorNote] = Field(description="专栏1 下方的注释（indicators.yaml）")
    targets: list[S.Target] = Field(description="量化与限期目标、“十三五”成就（targets.yaml）")
    conflicts: list[S.Conflict] = Field(description="同一度量数值不一致之处（conflicts.yaml）")
    boxes: list[S.Box] = Field(description="专栏2–10 重点工程（projects.yaml）")
    departments: list[S.Department] = Field(description="责任部门与原文点名的机构（departments.yaml）")
    places: list[S.Place] = Field(description="地点（places.yaml）")
    errata: list[S.Erratum] = Field(description="PDF 提取错误的更正（errata.yaml）")
    source: ExportSource = Field(description="原文文件与段落行号")
    reports: list[S.ReportFile] = Field(
        default_factory=list, description="已公开的进展与评估报告及其条目（progress/*.yaml）"
    )  # progress (issue 11)


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
        boxes=plan.boxes,
        departments=plan.departments,
        places=plan.places,
        errata=plan.errata,
        reports=plan.reports,  # progress (issue 11)
        source=ExportSource(path=plan.meta.source.path, sha256=plan.source.sha256, lines=len(plan.source.raw_lines), paragraph_lines=lines),
    )


def json_bytes(data: object) -> bytes:
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def plan_json(plan: Plan) -> bytes:
    return json_bytes(plan_export(plan).model_dump(mode="json", exclude_none=True))


def schema_json() -> bytes:
    """JSON Schema (draft 2020-12) of plan.json; file models appear under $defs."""
    schema = PlanExport.model_json_schema()
    return json_bytes({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema})


# ---------------------------------------------------------------- CSV
# (name, Table Schema type, Chinese description) — the header and datapackage.json come from here.
TASK_FIELDS = [
    ("id", "string", "任务 id（段落 id），网址锚点"),
    ("chapter_number", "integer", "章序号"),
    ("chapter_title", "string", "章标题"),
    ("section_title", "string", "节标题（章导语中的任务为空）"),
    ("title", "string", "任务标题（段首引领句）"),
    ("text", "string", "任务全文"),
    ("lead_department", "string", "牵头部门名称"),
    ("lead_basis", "string", "牵头依据：stated 原文写明；assigned 按职责分配"),
    ("supporting_departments", "string", "配合部门，写作“名称（依据）”，以“；”分隔"),
    ("indicators", "string", "推动的指标 id，以“；”分隔"),
    ("deadlines", "string", "所含目标的期限（YYYY、YYYY-MM 或 YYYY-MM-DD），以“；”分隔"),
    ("projects", "string", "落实此任务的重点工程 id，以“；”分隔"),
    ("places", "string", "提到的地点名称，以“；”分隔"),
    ("source_line", "integer", "在原文 plan.txt 中的起始行号"),
    ("url", "string", "网站上的位置（相对网站根目录）"),
]
TARGET_FIELDS = [
    ("id", "string", "目标 id（tg- 目标，ac- 成就）"),
    ("kind", "string", "target “十四五”目标；achievement “十三五”成就"),
    ("metric", "string", "度量什么"),
    ("comparator", "string", "比较方式：ge ≥、le ≤、eq =、gt >、lt <、about 约、done_by 限期完成、reduce_by 降低、maintain 保持"),
    ("value", "string", "数值，照原文写法"),
    ("unit", "string", "单位"),
    ("deadline", "string", "期限：YYYY、YYYY-MM 或 YYYY-MM-DD"),
    ("scope", "string", "地点或范围"),
    ("quote", "string", "原文句子"),
    ("task", "string", "所属段落/任务 id"),
    ("project", "string", "所属重点工程 id"),
    ("indicator", "string", "所度量的指标 id"),
    ("task_title", "string", "所属任务标题"),
    ("project_title", "string", "所属重点工程名称"),
]
INDICATOR_FIELDS = [
    ("id", "string", "指标 id"),
    ("number", "integer", "专栏1 中的序号"),
    ("category", "string", "类别路径，以“ › ”分隔"),
    ("name", "string", "指标名称"),
    ("unit", "string", "单位"),
    ("baseline_2020", "string", "2020年现状值，照原文"),
    ("target_2025", "string", "2025年目标值，照原文"),
    ("attribute", "string", "约束性 或 预期性"),
    ("notes", "string", "专栏1 注释全文（多条时分行）"),
]
DEPARTMENT_FIELDS = [
    ("id", "string", "部门 id"),
    ("name", "string", "名称"),
    ("kind", "string", "functional 职能部门通称；named 原文点名的机构"),
    ("category", "string", "机构类别"),
    ("remit", "string", "职责范围"),
    ("tasks_led", "integer", "牵头的任务数"),
    ("tasks_supported", "integer", "配合的任务数"),
]
LINK_FIELDS = [
    ("source_type", "string", "关联起点类型：department、task、paragraph、target、project"),
    ("source_id", "string", "起点 id"),
    (
        "relation",
        "string",
        "leads 牵头、supports 配合、moves 推动指标、measures 度量指标、implements 落实任务、located_in 涉及地点、conflicts_with 数值冲突",
    ),
    ("target_type", "string", "关联终点类型：task、paragraph、indicator、place、target"),
    ("target_id", "string", "终点 id"),
    ("basis", "string", "依据：stated 原文写明；assigned 按职责/编辑判断分配；空 = 数据本身的结构"),
    ("evidence", "string", "原文句子（stated）、理由（assigned）或冲突说明"),
]


def csv_bytes(fields: list[tuple[str, str, str]], rows: list[list[object]]) -> bytes:
    """UTF-8 with BOM, CRLF, every field quoted only when needed; None → empty cell."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([name for name, _, _ in fields])
    for row in rows:
        assert len(row) == len(fields), (row, fields)
        writer.writerow(["" if v is None else v for v in row])
    return BOM + out.getvalue().encode("utf-8")


def paragraph_url(plan: Plan, pid: str) -> str:
    return f"{urls.html_path(urls.chapter(plan.where[pid].chapter.id))}#{pid}"


def paragraph_type(p: S.Paragraph) -> str:
    return "task" if p.kind == "task" else "paragraph"


def tasks_rows(plan: Plan) -> list[list[object]]:
    rows = []
    for t in plan.tasks:
        w = plan.where[t.id]
        lead = plan.department(t.lead.department).name if t.lead else None
        rows.append(
            [
                t.id,
                w.chapter.number,
                w.chapter.title,
                w.section.title if w.section else "",
                t.title,
                t.text,
                lead,
                t.lead.basis if t.lead else None,
                SEP.join(f"{plan.department(s.department).name}（{s.basis}）" for s in t.supporting),
                SEP.join(i.indicator for i in t.indicators),
                SEP.join(plan.deadlines(t.id)),
                SEP.join(pr.id for pr in plan.projects_of[t.id]),
                SEP.join(plan.place(pl).name for pl in t.places),
                w.line,
                paragraph_url(plan, t.id),
            ]
        )
    return rows


def targets_rows(plan: Plan) -> list[list[object]]:
    rows = []
    for t in plan.targets:
        task_title = plan.paragraphs[t.task].title if t.task else None
        project_title = plan.projects[t.project].title if t.project else None
        rows.append([getattr(t, name) for name, _, _ in TARGET_FIELDS[:-2]] + [task_title, project_title])
    return rows


def indicators_rows(plan: Plan) -> list[list[object]]:
    return [
        [
            i.id,
            i.number,
            " › ".join(i.category),
            i.name,
            i.unit,
            i.baseline_2020,
            i.target_2025,
            i.attribute,
            "\n".join(f"注{n.number}：{n.text}" for n in plan.notes_of[i.id]),
        ]
        for i in plan.indicators
    ]


def departments_rows(plan: Plan) -> list[list[object]]:
    return [[d.id, d.name, d.kind, d.category, d.remit, len(plan.led_by[d.id]), len(plan.supported_by[d.id])] for d in plan.departments]


def evidence(link: S.DeptLink | S.IndicatorLink) -> str | None:
    return link.quote if link.basis == "stated" else link.reason


def links_rows(plan: Plan) -> list[list[object]]:
    """One row per relation: paragraphs in plan order, then targets, projects, conflicts."""
    rows: list[list[object]] = []
    for p in plan.paragraphs.values():
        kind = paragraph_type(p)
        for role, link in plan.task_departments(p):
            rows.append(["department", link.department, "leads" if role == "lead" else "supports", kind, p.id, link.basis, evidence(link)])
        rows += [[kind, p.id, "moves", "indicator", i.indicator, i.basis, evidence(i)] for i in p.indicators]
        rows += [[kind, p.id, "located_in", "place", pl, None, None] for pl in p.places]
    rows += [["target", t.id, "measures", "indicator", t.indicator, None, t.quote] for t in plan.targets if t.indicator]
    for b in plan.boxes:
        for pr in b.projects:
            rows += [["project", pr.id, "implements", paragraph_type(plan.paragraphs[t]), t, None, None] for t in pr.tasks]
            rows += [["project", pr.id, "located_in", "place", pl, None, None] for pl in pr.places]
    for c in plan.conflicts:
        rows += [["target", a, "conflicts_with", "target", b, None, c.summary] for a, b in combinations(c.targets, 2)]
        if c.indicator:
            rows += [["target", a, "conflicts_with", "indicator", c.indicator, None, c.summary] for a in c.targets]
    return rows


CSV_TABLES = {
    "tasks": (
        TASK_FIELDS,
        tasks_rows,
        "任务",
        "规划中的全部任务（kind 为 task 的段落）：所在章节、全文、牵头与配合部门及依据、期限、指标、工程、地点",
        "id",
    ),
    "targets": (TARGET_FIELDS, targets_rows, "目标", "原文中的量化或限期目标，以及第一章的“十三五”成就数据", "id"),
    "indicators": (INDICATOR_FIELDS, indicators_rows, "主要指标", "专栏1 的主要指标及注释", "id"),
    "departments": (DEPARTMENT_FIELDS, departments_rows, "部门", "责任部门与原文点名的机构，及牵头、配合的任务数", "id"),
    "links": (LINK_FIELDS, links_rows, "关联", "所有关联（牵头、配合、推动指标、度量、落实、地点、冲突）及其依据", None),
    "progress": PROGRESS_TABLE,  # progress (issue 11)
}


# ---------------------------------------------------------------- iCalendar
def deadline_date(deadline: str) -> datetime.date:
    """'2025' → 2025-12-31; '2025-06' → 2025-06-30; '2025-06-15' as is."""
    parts = [int(x) for x in deadline.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(*parts)


def ics_escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> bytes:
    """RFC 5545 §3.1: lines of at most 75 octets; continuation lines start with one space.
    Why by octet and never inside a character or an escape: a Chinese character is 3 octets, and
    some calendar apps misread a fold between the backslash and the letter of an escape (\\n)."""
    out, current = [], b""
    for token in ESCAPE_OR_CHAR.findall(line):
        b = token.encode("utf-8")
        if len(current) + len(b) > 75:
            out.append(current)
            current = b" "
        current += b
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


def summary_of(t: S.Target) -> str:
    if t.value is None:
        return t.metric
    return f"{t.metric} {S.COMPARATOR_SIGN[t.comparator]}{t.value}{t.unit or ''}"


def where_of(plan: Plan, t: S.Target) -> str:
    if t.task:
        p = plan.paragraphs[t.task]
        return f"任务：{p.title or p.text[:40]}"
    box = plan.box_of[t.project]
    return f"重点工程：专栏{box.number} {plan.projects[t.project].title}"


def dtstamp() -> str:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def dated_targets(plan: Plan) -> list[S.Target]:
    return [t for t in plan.targets if t.kind == "target" and t.deadline]


def deadlines_ics(plan: Plan) -> bytes:
    """One all-day VEVENT per dated target, in plan order."""
    stamp = dtstamp()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//genhe-plan//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(plan.meta.short_title + ' 期限目标')}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for t in dated_targets(plan):
        day = deadline_date(t.deadline)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{t.id}@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(summary_of(t))}",
            f"DESCRIPTION:{ics_escape(t.quote + chr(10) + where_of(plan, t) + chr(10) + '期限：' + t.deadline)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(ics_fold(line) for line in lines)


# ---------------------------------------------------------------- ZIP of the raw data
def raw_data_files(data_dir: Path) -> list[str]:
    """Relative posix names of every *.yaml, source/plan.txt and schema/*.json, sorted."""
    names = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*.yaml")}
    names |= {p.relative_to(data_dir).as_posix() for p in data_dir.glob("schema/*.json")}
    if (data_dir / "source" / "plan.txt").is_file():
        names.add("source/plan.txt")
    return sorted(n for n in names if not any(part.startswith(".") for part in n.split("/")))


def data_zip(data_dir: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in raw_data_files(data_dir):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is honoured; ZipInfo's default depends on the OS
            info.external_attr = 0o644 << 16
            zf.writestr(info, (data_dir / name).read_bytes(), compresslevel=9)
    return buf.getvalue()


# ---------------------------------------------------------------- datapackage.json
OTHER_RESOURCES = [
    (
        "plan",
        "plan.json",
        "json",
        "application/json",
        "全部数据",
        "章节、段落、任务、目标、指标、工程、部门、地点、勘误，一个 JSON 文件；结构见 schema.json",
    ),
    ("schema", "schema.json", "json", "application/schema+json", "plan.json 的 JSON Schema", "由数据模型生成（JSON Schema 2020-12）"),
    (
        "deadlines",
        "deadlines.ics",
        "ics",
        "text/calendar",
        "期限目标日历",
        "写明期限的目标，每项一个全天事件；只写年份的期限记在该年 12 月 31 日，只写年月的记在该月最后一天",
    ),
    ("plan-data", "plan-data.zip", "zip", "application/zip", "原始数据", "plan_data/ 中的 YAML 数据、原文 plan.txt 和数据模式"),
    SQLITE_RESOURCE,  # progress (issue 11)
]


def resource_integrity(content: bytes) -> dict[str, object]:
    return {"bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest()}


def datapackage(plan: Plan, files: dict[str, bytes]) -> bytes:
    """Frictionless Data Package: CSVs as tabular resources with field descriptions, the rest plain."""
    resources = []
    for name, (fields, _, title, description, key) in CSV_TABLES.items():
        schema: dict[str, object] = {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields]}
        if key:
            schema["primaryKey"] = [key]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "title": title,
                "description": description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True},
                "schema": schema,
                **resource_integrity(files[f"data/{name}.csv"]),
            }
        )
    for name, path, fmt, mediatype, title, description in OTHER_RESOURCES:
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "data-resource",
                "title": title,
                "description": description,
                "format": fmt,
                "mediatype": mediatype,
                "encoding": "utf-8" if fmt not in ("zip", "sqlite") else None,  # progress (issue 11): sqlite is binary
                **resource_integrity(files[f"data/{path}"]),
            }
        )
    m = plan.meta
    package = {
        "profile": "data-package",
        "name": "genhe-eco-plan-14th-fyp",
        "title": m.title,
        "description": f"{m.title}（{m.published_text}印发，规划期 {m.period_start}—{m.period_end} 年）的结构化数据。{m.licence}。",
        "keywords": [m.city, "十四五", "生态环境保护", "规划"],
        "licenses": [LICENCE],
        "sources": [{"title": m.title, "description": f"{m.published_text}印发。{m.source.description}"}],
        "resources": [{k: v for k, v in r.items() if v is not None} for r in resources],
    }
    return json_bytes(package)


# ---------------------------------------------------------------- all together
def export_files(plan: Plan, data_dir: Path) -> dict[str, bytes]:
    """Every open-data download, keyed by its site path (data/…), in sorted order."""
    files = {
        "data/plan.json": plan_json(plan),
        "data/schema.json": schema_json(),
        "data/deadlines.ics": deadlines_ics(plan),
        "data/plan-data.zip": data_zip(Path(data_dir)),
        "data/plan.sqlite": sqlite_bytes(plan),  # progress (issue 11)
    }
    for name, (fields, rows, *_) in CSV_TABLES.items():
        files[f"data/{name}.csv"] = csv_bytes(fields, rows(plan))
    files["data/datapackage.json"] = datapackage(plan, files)
    return dict(sorted(files.items()))
