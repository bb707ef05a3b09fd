"""A static JSON API: one file per record under ``api/``, an index per type and a catalogue.

In: a Plan and the site's public address (``urls.public_base``). Out: ``api_files(plan)`` →
``{site path: bytes}``:

- ``api/index.json``         — the catalogue: the API's version, each type, its count, its index and
  the JSON Schema definition its records follow;
- ``api/TYPE/index.json``    — every record of the type: id, name, its file and its page on the site;
- ``api/TYPE/ID.json``       — the record: the fields it has in data/plan.json (same names and
  meaning, documented once in the data dictionary), with a value that is a plain number written as a
  JSON number (``"91.75"`` → ``91.75``; ``"≥25"``, ``"——"`` stay text), and three fields a client needs
  without reading anything else: ``url`` (its page), ``state`` (the state every page shows, the row of
  states.csv from the status model ``progress.status``; only for records that have one) and
  ``related`` (ids of the records it is linked to, by type: the graph's links and the reports that
  mention it);
- ``api/schema.json``        — the JSON Schema of every file above (``$defs``: Catalogue, TypeIndex and
  one ``…Record`` per type), with the API's ``version``.

Addresses (``url`` in records and index entries) are absolute when the site's public address is set
(SITE_URL, or site_url in mkdocs.yml), else relative to the file that holds them
(``../../indicators/ind-16/``), so a client resolves them from the JSON's own address as a browser
resolves a link.

Why static files: the site has no server; any static host (and a ``curl``) serves them, and other
sites can take one task or one indicator without parsing the whole plan.json. Why a version: version 1
(until issue 29) served the plan.json record alone with text numbers; a client that checks ``version``
knows which shape it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import models_json_schema

from ..graph import graph_of, neighbours, nid
from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..progress import status as st
from .cells import plain_number
from .plan_json import ExportState, export_states, json_bytes

ROOT = "api"
VERSION = 2
"""The shape of the API's files (``version`` in api/index.json and api/schema.json). 2: records carry
url, state and related, and numbers as numbers; 1: the plan.json record alone."""


@dataclass(frozen=True)
class RecordType:
    name: str
    title: str
    model: type[BaseModel]
    records: Callable[[Plan], Iterable[BaseModel]]
    label: Callable[[BaseModel], str]
    page: Callable[[Plan, BaseModel], str]
    """The record's place on the site, as a docs path (urls.site_url makes it an address)."""
    node: str | None = None
    """Its node type in the plan's graph (``graph.model``), whose links give ``related``."""
    numbers: tuple[str, ...] = ()
    """Fields plan.json writes as text (as the plan writes them) that the API gives as numbers when plain."""


TYPES = [
    RecordType("tasks", "任务", S.Paragraph, lambda p: p.tasks, lambda r: r.title or "", lambda p, r: urls.task(p, r.id), "task"),
    RecordType(
        "indicators",
        "指标",
        S.Indicator,
        lambda p: p.indicators,
        lambda r: r.name,
        lambda p, r: urls.indicator(r.id),
        "indicator",
        ("baseline_2020", "target_2025"),
    ),
    RecordType(
        "targets", "目标", S.Target, lambda p: p.targets, lambda r: r.metric, lambda p, r: urls.target(p, r.id), "target", ("value",)
    ),
    RecordType(
        "projects",
        "重点工程",
        S.Project,
        lambda p: [x for b in p.boxes for x in b.projects],
        lambda r: r.title,
        lambda p, r: urls.project(p, r.id),
        "project",
    ),
    RecordType(
        "departments", "部门", S.Department, lambda p: p.departments, lambda r: r.name, lambda p, r: urls.department(r.id), "department"
    ),
    RecordType("places", "地点", S.Place, lambda p: p.places, lambda r: r.name, lambda p, r: urls.place(r.id), "place"),
    RecordType("reports", "进展报告", S.ReportFile, lambda p: p.reports, lambda r: r.title, lambda p, r: urls.report(r.id)),
]
TYPE_OF_NODE = {t.node: t.name for t in TYPES if t.node}
TYPE_OF_ITEM = {"task": "tasks", "indicator": "indicators", "target": "targets", "project": "projects"}
"""API type of a reportable item kind (``progress.status.item_kind``)."""


class _Api(BaseModel):
    model_config = ConfigDict(extra="forbid")


URL_HELP = (
    "网站上的页面：设置了网站公开地址时为完整网址，否则相对本文件（如 ../../indicators/ind-16/，像网页中的链接一样从本文件的地址解析）"
)


class IndexEntry(_Api):
    id: str = Field(description="记录 id（与 plan.json 中相同）")
    name: str = Field(description="记录名称：任务的标题、指标或部门的名称、目标的度量……")
    path: str = Field(description="记录文件，相对本索引，如 t03-1-01.json")
    url: str = Field(description=URL_HELP)


class TypeIndex(_Api):
    version: int = Field(description="API 的版本（结构有变化时加一）")
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
    version: int = Field(description="API 的版本（结构有变化时加一；与 schema.json 的 version 相同）")
    title: str = Field(description="数据集名称")
    description: str = Field(description="说明")
    plan_json: str = Field(description="同一份数据的单文件版本（相对本文件）")
    types: list[CatalogueType] = Field(description="各类记录")


class Related(_Api):
    """Ids of the records one record is linked to, by API type; each resolves to ``../TYPE/ID.json``."""

    tasks: list[str] = Field(description="关联的任务 id")
    indicators: list[str] = Field(description="关联的指标 id")
    targets: list[str] = Field(description="关联的目标 id")
    projects: list[str] = Field(description="关联的重点工程 id")
    departments: list[str] = Field(description="关联的部门 id（牵头或配合）")
    places: list[str] = Field(description="关联的地点 id")
    reports: list[str] = Field(description="提到该记录的进展报告 id；报告本身列出它提到的条目")


NUMBER_HELP = "；纯数字（如 91.75、100、1,500）写作 JSON 数字，其他写法（如 ≥25、——）保持文字"


def record_model(t: RecordType) -> type[BaseModel]:
    """The model of a record file of type ``t``: the plan.json model, its ``numbers`` fields a number
    or the text, plus url, state and related. Used for the published schema."""
    numbers = {}
    for name in t.numbers:
        info = t.model.model_fields[name]
        kind = int | float | str if info.is_required() else int | float | str | None
        numbers[name] = (kind, Field(... if info.is_required() else None, description=(info.description or "") + NUMBER_HELP))
    return create_model(
        f"{t.model.__name__}Record",
        __base__=t.model,
        __doc__=f"api/{t.name}/ID.json：一条{t.title}（字段与 plan.json 相同，另加 url、state、related）",
        url=(str, Field(description=URL_HELP)),
        state=(ExportState | None, Field(None, description="网站上显示的状态（与 states.csv 的一行相同）；没有进展状态的记录无此项")),
        related=(Related, Field(description="与之关联的记录 id，按类型")),
        **numbers,
    )


RECORD_MODELS = {t.name: record_model(t) for t in TYPES}


def _dump(model: BaseModel) -> dict:
    return model.model_dump(mode="json", exclude_none=True, by_alias=True)


def address(base: str, docs_path: str, up: str) -> str:
    """A page's address for a file ``up`` levels below the site root: absolute with ``base``."""
    return (base or up) + urls.site_url(docs_path)


def related(plan: Plan, t: RecordType, r: BaseModel) -> Related:
    """The graph's links of the record (other records only, not chapters or sections) and its reports."""
    out: dict[str, list[str]] = {name: [] for name in Related.model_fields}
    G = graph_of(plan)
    for node in sorted(neighbours(G, nid(t.node, r.id))) if t.node else ():  # type: ignore[attr-defined]
        kind = G.nodes[node]["type"]
        if kind in TYPE_OF_NODE:
            out[TYPE_OF_NODE[kind]].append(G.nodes[node]["ident"])
    if t.name == "reports":
        for e in r.entries:  # type: ignore[attr-defined]
            out[TYPE_OF_ITEM[st.item_kind(plan, e.item)]].append(e.item)
    else:
        out["reports"] = list(dict.fromkeys(report.id for report, _ in plan.progress_of.get(r.id, [])))  # type: ignore[attr-defined]
    return Related(**out)


def record_data(plan: Plan, t: RecordType, r: BaseModel, state: ExportState | None, base: str) -> dict:
    """One record file's content (see the module doc)."""
    data = r.model_dump(mode="json", exclude_none=True)
    for name in t.numbers:
        number = plain_number(data.get(name))
        if number is not None:
            data[name] = number
    data["url"] = address(base, t.page(plan, r), "../../")
    data["related"] = related(plan, t, r).model_dump(mode="json")
    if state is not None:
        data["state"] = state.model_dump(mode="json", exclude_none=True)
    return data


CATALOGUE, INDEX_SCHEMA = f"{ROOT}/index.json", f"{ROOT}/schema.json"


def type_index_path(t: RecordType) -> str:
    return f"{ROOT}/{t.name}/index.json"


def record_path(t: RecordType, r: BaseModel) -> str:
    return f"{ROOT}/{t.name}/{r.id}.json"  # type: ignore[attr-defined]


def api_paths(plan: Plan) -> list[str]:
    """The files ``api_files`` makes, named without making them (the data page links to some)."""
    return [CATALOGUE, INDEX_SCHEMA, *(p for t in TYPES for p in (type_index_path(t), *(record_path(t, r) for r in t.records(plan))))]


def schema_ref(t: RecordType) -> str:
    """The definition a record file of ``t`` follows, relative to api/."""
    return f"schema.json#/$defs/{RECORD_MODELS[t.name].__name__}"


def type_files(plan: Plan, t: RecordType, states: dict[str, ExportState], base: str) -> dict[str, bytes]:
    """The index of one type and a file per record."""
    records = list(t.records(plan))
    entries = [IndexEntry(id=r.id, name=t.label(r), path=f"{r.id}.json", url=address(base, t.page(plan, r), "../../")) for r in records]
    index = TypeIndex(version=VERSION, type=t.name, title=t.title, schema=f"../{schema_ref(t)}", count=len(records), records=entries)
    files = {type_index_path(t): json_bytes(_dump(index))}
    return files | {record_path(t, r): json_bytes(record_data(plan, t, r, states.get(r.id), base)) for r in records}  # type: ignore[attr-defined]


def catalogue(plan: Plan) -> Catalogue:
    types = [
        CatalogueType(type=t.name, title=t.title, count=len(list(t.records(plan))), index=f"{t.name}/index.json", schema=schema_ref(t))
        for t in TYPES
    ]
    description = (
        "每条记录一个 JSON 文件：字段与 plan.json 相同（纯数字写作数字），另有 url（网页）、state（网站显示的状态）和 related（关联记录的 id）；"
        "每类一个索引。各文件的结构见 schema.json。"
    )
    return Catalogue(version=VERSION, title=plan.meta.title, description=description, plan_json="../data/plan.json", types=types)


def index_schema() -> dict:
    """JSON Schema (2020-12) of every file under api/: the catalogue, the type indexes and each type's records."""
    models = [(Catalogue, "validation"), (TypeIndex, "validation"), *((m, "validation") for m in RECORD_MODELS.values())]
    _, schema = models_json_schema(models, ref_template="#/$defs/{model}")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "api/ 的文件", "version": VERSION, **schema}


def api_files(plan: Plan, base: str | None = None) -> dict[str, bytes]:
    """Every file under api/, in sorted order; ``base``: the public address (default ``urls.public_base``)."""
    base = urls.public_base() if base is None else base
    files = {CATALOGUE: json_bytes(_dump(catalogue(plan))), INDEX_SCHEMA: json_bytes(index_schema())}
    states = {s.item_id: s for s in export_states(plan)}
    for t in TYPES:
        files |= type_files(plan, t, states, base)
    return dict(sorted(files.items()))
