"""A static JSON API: one file per record under ``api/``, an index per type and a catalogue.

In: a Plan. Out: ``api_files(plan)`` → ``{site path: bytes}``:

- ``api/index.json``         — the catalogue: each type, its count, its index and the JSON Schema
  definition its records follow;
- ``api/TYPE/index.json``    — every record of the type: id, name, its file and its page on the site;
- ``api/TYPE/ID.json``       — the record itself, with exactly the fields and values it has in
  data/plan.json (the same schema models dump it), so ``data/schema.json#/$defs/NAME`` validates it;
- ``api/schema.json``        — the JSON Schema of the two kinds of index file.

Why static files: the site has no server; any static host (and a ``curl``) serves them, and other
sites can take one task or one indicator without parsing the whole plan.json. Why the record as in
plan.json and nothing more: one set of field names for every download, documented once in the data
dictionary; where a record sits (chapter, page) is in the index, not mixed into the record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from ..input import schema as S
from ..model import Plan
from ..present import urls
from .plan_json import json_bytes

ROOT = "api"
PLAN_SCHEMA = "../data/schema.json"
"""The published schema of plan.json, relative to api/index.json."""


@dataclass(frozen=True)
class RecordType:
    name: str
    title: str
    model: type[BaseModel]
    records: Callable[[Plan], Iterable[BaseModel]]
    label: Callable[[BaseModel], str]
    page: Callable[[Plan, BaseModel], str]
    """The record's place on the site, as a docs path (urls.site_url makes it an address)."""


TYPES = [
    RecordType("tasks", "任务", S.Paragraph, lambda p: p.tasks, lambda r: r.title or "", lambda p, r: urls.task(p, r.id)),
    RecordType("indicators", "指标", S.Indicator, lambda p: p.indicators, lambda r: r.name, lambda p, r: urls.indicator(r.id)),
    RecordType("targets", "目标", S.Target, lambda p: p.targets, lambda r: r.metric, lambda p, r: urls.target(p, r.id)),
    RecordType(
        "projects",
        "重点工程",
        S.Project,
        lambda p: [x for b in p.boxes for x in b.projects],
        lambda r: r.title,
        lambda p, r: urls.project(p, r.id),
    ),
    RecordType("departments", "部门", S.Department, lambda p: p.departments, lambda r: r.name, lambda p, r: urls.department(r.id)),
    RecordType("places", "地点", S.Place, lambda p: p.places, lambda r: r.name, lambda p, r: urls.place(r.id)),
    RecordType("reports", "进展报告", S.ReportFile, lambda p: p.reports, lambda r: r.title, lambda p, r: urls.report(r.id)),
]


class _Api(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndexEntry(_Api):
    id: str = Field(description="记录 id（与 plan.json 中相同）")
    name: str = Field(description="记录名称：任务的标题、指标或部门的名称、目标的度量……")
    path: str = Field(description="记录文件，相对本索引，如 t03-1-01.json")
    url: str = Field(description="记录在网站上的位置（相对网站根目录）")


class TypeIndex(_Api):
    type: str = Field(description="记录类型，即所在文件夹名，如 tasks")
    title: str = Field(description="类型的中文名称")
    schema_ref: str = Field(alias="schema", description="每个记录文件遵循的 JSON Schema 定义（相对本索引）")
    count: int = Field(description="记录数")
    records: list[IndexEntry] = Field(description="全部记录，按 plan.json 中的顺序")


class CatalogueType(_Api):
    type: str = Field(description="记录类型，如 tasks")
    title: str = Field(description="类型的中文名称")
    count: int = Field(description="记录数")
    index: str = Field(description="该类型的索引文件，相对本文件，如 tasks/index.json")
    schema_ref: str = Field(alias="schema", description="每个记录文件遵循的 JSON Schema 定义（相对本文件）")


class Catalogue(_Api):
    title: str = Field(description="数据集名称")
    description: str = Field(description="说明")
    plan_json: str = Field(description="同一份数据的单文件版本（相对本文件）")
    types: list[CatalogueType] = Field(description="各类记录")


def _dump(model: BaseModel) -> dict:
    return model.model_dump(mode="json", exclude_none=True, by_alias=True)


def record_bytes(record: BaseModel) -> bytes:
    """One record as plan.json holds it."""
    return json_bytes(record.model_dump(mode="json", exclude_none=True))


CATALOGUE, INDEX_SCHEMA = f"{ROOT}/index.json", f"{ROOT}/schema.json"


def type_index_path(t: RecordType) -> str:
    return f"{ROOT}/{t.name}/index.json"


def record_path(t: RecordType, r: BaseModel) -> str:
    return f"{ROOT}/{t.name}/{r.id}.json"  # type: ignore[attr-defined]


def api_paths(plan: Plan) -> list[str]:
    """The files ``api_files`` makes, named without making them (the data page links to some)."""
    return [CATALOGUE, INDEX_SCHEMA, *(p for t in TYPES for p in (type_index_path(t), *(record_path(t, r) for r in t.records(plan))))]


def type_files(plan: Plan, t: RecordType) -> dict[str, bytes]:
    """The index of one type and a file per record."""
    records = list(t.records(plan))
    entries = [IndexEntry(id=r.id, name=t.label(r), path=f"{r.id}.json", url=urls.site_url(t.page(plan, r))) for r in records]
    index = TypeIndex(type=t.name, title=t.title, schema=f"../{PLAN_SCHEMA}#/$defs/{t.model.__name__}", count=len(records), records=entries)
    files = {type_index_path(t): json_bytes(_dump(index))}
    return files | {record_path(t, r): record_bytes(r) for r in records}


def catalogue(plan: Plan) -> Catalogue:
    types = [
        CatalogueType(
            type=t.name,
            title=t.title,
            count=len(list(t.records(plan))),
            index=f"{t.name}/index.json",
            schema=f"{PLAN_SCHEMA}#/$defs/{t.model.__name__}",
        )
        for t in TYPES
    ]
    description = "每条记录一个 JSON 文件，字段与 plan.json 相同；每类一个索引。"
    return Catalogue(title=plan.meta.title, description=description, plan_json="../data/plan.json", types=types)


def index_schema() -> dict:
    """JSON Schema (2020-12) of api/index.json (Catalogue) and of every api/TYPE/index.json (TypeIndex)."""
    _, schema = models_json_schema([(Catalogue, "validation"), (TypeIndex, "validation")], ref_template="#/$defs/{model}")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "api/ 的索引文件", **schema}


def api_files(plan: Plan) -> dict[str, bytes]:
    """Every file under api/, in sorted order."""
    files = {CATALOGUE: json_bytes(_dump(catalogue(plan))), INDEX_SCHEMA: json_bytes(index_schema())}
    for t in TYPES:
        files |= type_files(plan, t)
    return dict(sorted(files.items()))
