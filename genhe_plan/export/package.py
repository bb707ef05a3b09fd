"""plan-data.zip (the raw YAML, source and schemas) and datapackage.json (Frictionless Data Package).

The datapackage's CSV field lists come from the table declarations (``tables.TABLES``). ZIP entries
are sorted with a fixed date and mode, so the archive is byte-identical across runs.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from ..model import Plan
from . import api
from .plan_json import json_bytes
from .sqlite import SQLITE_RESOURCE
from .tables import TABLES

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}


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
        "people-workbook",
        "根河规划数据.xlsx",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "给人看的 Excel 工作簿",
        "任务、量化目标、“十三五”成就、主要指标、重点工程、部门各一张表：中文表头，名称代替编号，依据写明，附网页地址（export/people.py）",
    ),
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
    SQLITE_RESOURCE,
]


NOT_DATA = {"schema": "file"}
"""Resources that are not data to read: a JSON Schema describes plan.json. Without ``type: file``,
``frictionless validate`` reads a JSON resource as a table and a file named schema.json as a Table
Schema, and marks the package invalid."""


def resource_integrity(content: bytes) -> dict[str, object]:
    return {"bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest()}


def datapackage(plan: Plan, files: dict[str, bytes]) -> bytes:
    """Frictionless Data Package: CSVs as tabular resources with field descriptions, the rest plain."""
    resources = [_table_resource(t, files[t.path]) for t in TABLES]
    for name, path, fmt, mediatype, title, description in OTHER_RESOURCES:
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "data-resource",
                "title": title,
                "description": description,
                "format": fmt,
                "type": NOT_DATA.get(name),
                "mediatype": mediatype,
                "encoding": "utf-8" if fmt not in ("zip", "sqlite", "xlsx") else None,
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
        "api": api_description(plan),
    }
    return json_bytes(package)


def api_description(plan: Plan) -> dict:
    """The static API (export/api.py), described beside the resources. Why not as resources: a resource's
    path may not leave the package's folder (no "../"), and the API lives at api/, beside data/."""
    types = [
        {
            "type": t.type,
            "title": t.title,
            "count": t.count,
            "index": f"../api/{t.index}",
            "record": f"../api/{t.type}/{{id}}.json",
            "schema": f"../api/{t.schema_ref}",
        }
        for t in api.catalogue(plan).types
    ]
    description = (
        "每条记录一个 JSON 文件（字段与 plan.json 相同，纯数字写作数字，另有网页 url、状态 state 和关联记录 related；"
        "结构见 ../api/schema.json 中所列定义），每类一个索引；路径相对本文件。"
    )
    return {"catalogue": "../api/index.json", "schema": "../api/schema.json", "description": description, "types": types}


def _table_resource(table, content: bytes) -> dict:
    schema: dict[str, object] = {"fields": [{"name": c.name, "type": c.type, "description": c.description} for c in table.columns]}
    if table.key:
        schema["primaryKey"] = [table.key]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
        **resource_integrity(content),
    }
