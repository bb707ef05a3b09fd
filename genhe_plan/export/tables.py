"""The CSV tables, declared column by column (``columns.Column``: name, Table Schema type, Chinese
description, getter), and ``TABLES``, the list of every one of them in download order.

One declaration feeds the CSV header and cells, datapackage.json's field list and the 数据字典 page,
so the three cannot drift. Adding a column = adding one ``Column`` (its getter defaults to the record's
attribute of the same name). ``links`` is the graph's own edge list (``graph.model``), so the download
and the drawing show the same relations. The findings and progress tables live beside their rows
(``findings``, ``progress``) and are listed here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..graph import graph_of
from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..progress import status as st
from .columns import BOM, Column, Table, keyed
from .findings import FINDINGS
from .progress import PROGRESS, STATES

SEP = "；"
STRUCTURE = ("contains", "has_target")
"""Graph relations links.csv leaves out: the chapter tree and target ownership are columns of
tasks.csv and targets.csv."""


def _join(items: Iterable[str]) -> str:
    return SEP.join(items)


def _lead(plan: Plan, t: S.Paragraph) -> str | None:
    return plan.department(t.lead.department).name if t.lead else None


def _state_columns() -> list[Column]:
    """The record's shown state (``progress.status.state``; details in states.csv): key and label."""

    def get(plan: Plan, r, field: str) -> str | None:
        if getattr(r, "kind", None) == "achievement":
            return None
        s = st.state(plan, r.id)
        return s.key if field == "key" else s.label

    return [
        Column("state", "string", "网站显示的进展状态 key（依据见 states.csv）", lambda plan, r: get(plan, r, "key")),
        Column("state_label", "string", "网站显示的进展状态（中文）", lambda plan, r: get(plan, r, "label")),
    ]


def _section_title(plan: Plan, t: S.Paragraph) -> str:
    w = plan.where[t.id]
    return w.section.title if w.section else ""


TASKS = Table(
    "tasks",
    "任务",
    "规划中的全部任务（kind 为 task 的段落）：所在章节、全文、牵头与配合部门及依据、期限、指标、工程、地点",
    "id",
    lambda plan: plan.tasks,
    [
        Column("id", "string", "任务 id（段落 id），网址锚点"),
        Column("chapter_number", "integer", "章序号", lambda plan, t: plan.where[t.id].chapter.number),
        Column("chapter_title", "string", "章标题", lambda plan, t: plan.where[t.id].chapter.title),
        Column("section_title", "string", "节标题（章导语中的任务为空）", _section_title),
        Column("title", "string", "任务标题（段首引领句）"),
        Column("text", "string", "任务全文"),
        Column("lead_department", "string", "牵头部门名称", _lead),
        Column("lead_basis", "string", "牵头依据：stated 原文写明；assigned 按职责分配", lambda plan, t: t.lead.basis if t.lead else None),
        Column(
            "supporting_departments",
            "string",
            "配合部门，写作“名称（依据）”，以“；”分隔",
            lambda plan, t: _join(f"{plan.department(s.department).name}（{s.basis}）" for s in t.supporting),
        ),
        Column("indicators", "string", "推动的指标 id，以“；”分隔", lambda plan, t: _join(i.indicator for i in t.indicators)),
        Column(
            "deadlines", "string", "所含目标的期限（YYYY、YYYY-MM 或 YYYY-MM-DD），以“；”分隔", lambda plan, t: _join(plan.deadlines(t.id))
        ),
        Column("projects", "string", "落实此任务的重点工程 id，以“；”分隔", lambda plan, t: _join(pr.id for pr in plan.projects_of[t.id])),
        Column("places", "string", "提到的地点名称，以“；”分隔", lambda plan, t: _join(plan.place(pl).name for pl in t.places)),
        Column("source_line", "integer", "在原文 plan.txt 中的起始行号", lambda plan, t: plan.where[t.id].line),
        Column("url", "string", "网站上的位置（相对网站根目录）", lambda plan, t: urls.site_url(urls.task(plan, t.id))),
        *_state_columns(),
    ],
)

TARGETS = Table(
    "targets",
    "目标",
    "原文中的量化或限期目标，以及第一章的“十三五”成就数据",
    "id",
    lambda plan: plan.targets,
    [
        Column("id", "string", "目标 id（tg- 目标，ac- 成就）"),
        Column("kind", "string", "target “十四五”目标；achievement “十三五”成就"),
        Column("metric", "string", "度量什么"),
        Column(
            "comparator",
            "string",
            "比较方式：ge ≥、le ≤、eq =、gt >、lt <、about 约、done_by 限期完成、reduce_by 降低、maintain 保持",
        ),
        Column("value", "string", "数值，照原文写法"),
        Column("unit", "string", "单位"),
        Column("deadline", "string", "期限：YYYY、YYYY-MM 或 YYYY-MM-DD"),
        Column("scope", "string", "地点或范围"),
        Column("quote", "string", "原文句子"),
        Column("task", "string", "所属段落/任务 id"),
        Column("project", "string", "所属重点工程 id"),
        Column("indicator", "string", "所度量的指标 id"),
        Column("task_title", "string", "所属任务标题", lambda plan, t: plan.paragraphs[t.task].title if t.task else None),
        Column("project_title", "string", "所属重点工程名称", lambda plan, t: plan.projects[t.project].title if t.project else None),
        *_state_columns(),
    ],
)

INDICATORS = Table(
    "indicators",
    "主要指标",
    "专栏1 的主要指标及注释",
    "id",
    lambda plan: plan.indicators,
    [
        Column("id", "string", "指标 id"),
        Column("number", "integer", "专栏1 中的序号"),
        Column("category", "string", "类别路径，以“ › ”分隔", lambda plan, i: " › ".join(i.category)),
        Column("name", "string", "指标名称"),
        Column("unit", "string", "单位"),
        Column("baseline_2020", "string", "2020年现状值，照原文"),
        Column("target_2025", "string", "2025年目标值，照原文"),
        Column("attribute", "string", "约束性 或 预期性"),
        Column(
            "notes",
            "string",
            "专栏1 注释全文（多条时分行）",
            lambda plan, i: "\n".join(f"注{n.number}：{n.text}" for n in plan.notes_of[i.id]),
        ),
        *_state_columns(),
    ],
)

DEPARTMENTS = Table(
    "departments",
    "部门",
    "责任部门与原文点名的机构，及牵头、配合的任务数",
    "id",
    lambda plan: plan.departments,
    [
        Column("id", "string", "部门 id"),
        Column("name", "string", "名称"),
        Column("kind", "string", "functional 职能部门通称；named 原文点名的机构"),
        Column("category", "string", "机构类别"),
        Column("remit", "string", "职责范围"),
        Column("tasks_led", "integer", "牵头的任务数", lambda plan, d: len(plan.led_by[d.id])),
        Column("tasks_supported", "integer", "配合的任务数", lambda plan, d: len(plan.supported_by[d.id])),
    ],
)


def _edges(plan: Plan) -> list[tuple[dict, dict, dict]]:
    G = graph_of(plan)
    return [(G.nodes[u], G.nodes[v], d) for u, v, d in G.edges(data=True) if d["relation"] not in STRUCTURE]


def _evidence(plan: Plan, edge: tuple[dict, dict, dict]) -> str | None:
    source, _, d = edge
    if d["relation"] == "measures":
        return plan.by_id[source["ident"]].quote
    if d["relation"] == "conflicts_with":
        return plan.by_id[d["conflict"]].summary
    if d.get("paragraph"):
        return f"段落 {d['paragraph']}"
    return d.get("evidence")


LINKS = Table(
    "links",
    "关联",
    "关系图谱的全部关联（牵头、配合、推动指标、度量、落实、地点、冲突）及其依据；与 graph.json 的边一致（不含章节包含和目标归属）",
    None,
    _edges,
    [
        Column("source_type", "string", "关联起点类型：department、task、section、chapter、target、project", lambda plan, e: e[0]["type"]),
        Column("source_id", "string", "起点 id", lambda plan, e: e[0]["ident"]),
        Column(
            "relation",
            "string",
            "leads 牵头、supports 配合、moves 推动指标、measures 度量指标、implements 落实任务、located_in 涉及地点、conflicts_with 数值冲突",
            lambda plan, e: e[2]["relation"],
        ),
        Column("target_type", "string", "关联终点类型：task、indicator、place、target", lambda plan, e: e[1]["type"]),
        Column("target_id", "string", "终点 id", lambda plan, e: e[1]["ident"]),
        Column(
            "basis", "string", "依据：stated 原文写明；assigned 按职责/编辑判断分配；空 = 数据本身的结构", lambda plan, e: e[2].get("basis")
        ),
        Column("evidence", "string", "原文句子（stated）、理由（assigned）、冲突说明，或提到地点的段落", _evidence),
    ],
)

TABLES = [TASKS, TARGETS, INDICATORS, DEPARTMENTS, LINKS, FINDINGS, PROGRESS, STATES]
__all__ = ["BOM", "TABLES", "Column", "Table", "keyed"]
