"""Step 5b — graph: the plan as a typed network, its analyses, and the graph outputs of the site.

In:  a Plan. Out:
- ``build_graph(plan)`` → ``networkx.MultiDiGraph``. Nodes ``"<type>:<id>"`` of type chapter, section,
  task, target, indicator, project, department, place; every attribute a string taken from the data
  (``type``, ``ident``, ``label``, ``title`` = tooltip text, ``url`` = docs path from ``urls``, and
  ``chapter`` where the node belongs to one). Edges carry ``relation`` (see ``RELATIONS``), and
  ``basis``/``evidence`` or ``conflict`` where the data has them. Edge keys are unique across the graph.
- ``analyse(plan, G)`` → plain dicts and lists (see its docstring).
- ``graph_files``, ``graph_page_markdown``, ``neighbourhood_markdown``, ``analysis_page_markdown`` and
  ``GRAPH_ASSETS``/``GRAPH_CSS``: the public face of the rendering in ``graph_view``.

Deterministic by construction: nodes are added in id order, edges in (source, target, key) order, so
``node_link_data`` and GraphML come out the same on every run.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from . import schema as S
from . import urls
from .model import Plan
from .pages.common import BASIS_LABEL, chapter_label, deadline_label, indicator_label, section_label, task_ref

NODE_TYPES = ["chapter", "section", "task", "target", "indicator", "project", "department", "place"]
TYPE_LABEL = {
    "chapter": "章",
    "section": "节",
    "task": "任务",
    "target": "目标",
    "indicator": "指标",
    "project": "重点工程",
    "department": "部门",
    "place": "地点",
}
RELATIONS = {
    "contains": "包含",
    "has_target": "提出目标",
    "leads": "牵头",
    "supports": "配合",
    "moves": "推动指标",
    "measures": "度量指标",
    "implements": "落实任务",
    "located_in": "涉及地点",
    "conflicts_with": "数值不一致",
}
DEPT_KIND = {"functional": "职能部门（通称）", "named": "原文点名的机构"}
PLACE_KIND = {
    "city": "城市",
    "town": "镇/乡/街道",
    "river": "河流",
    "lake": "湖泊水库",
    "park": "公园",
    "reserve": "保护地",
    "site": "设施/场所",
    "area": "区域",
    "company_site": "企业厂区",
}


def nid(kind: str, ident: str) -> str:
    """Graph node id of a plan object: ``nid('task', 't05-2-03')`` → ``'task:t05-2-03'``."""
    return f"{kind}:{ident}"


# ------------------------------------------------------------------ nodes
def _node(node_type: str, ident: str, label: str, title: str, url: str, **extra: str | None) -> tuple[str, dict[str, str]]:
    attrs = {"type": node_type, "ident": ident, "label": label, "title": title, "url": url}
    attrs |= {k: str(v) for k, v in extra.items() if v is not None and v != ""}
    return nid(node_type, ident), attrs


def _dept_line(plan: Plan, role: str, links: list[S.DeptLink]) -> str | None:
    names = "、".join(f"{plan.department(x.department).name}（{BASIS_LABEL[x.basis]}）" for x in links)
    return f"{role}：{names}" if names else None


def _target_label(t: S.Target) -> str:
    value = f"{S.COMPARATOR_SIGN[t.comparator]} {t.value or ''}{t.unit or ''}".strip()
    return f"{t.metric} {value}"


def _structure_nodes(plan: Plan):
    for ch in plan.chapters:
        yield _node("chapter", ch.id, chapter_label(ch), chapter_label(ch), urls.chapter(ch.id), chapter=ch.id)
        for sec in ch.sections:
            first = sec.paragraphs[0].id if sec.paragraphs else None
            url = f"{urls.chapter(ch.id)}#{first}" if first else urls.chapter(ch.id)
            yield _node("section", sec.id, section_label(sec), f"{chapter_label(ch)}\n{section_label(sec)}", url, chapter=ch.id)


def _task_nodes(plan: Plan):
    for t in plan.tasks:
        w = plan.where[t.id]
        place = chapter_label(w.chapter) + (f" › {section_label(w.section)}" if w.section else "")
        lines = [f"任务 {t.id}", t.title or "", place]
        lines += [x for x in (_dept_line(plan, "牵头", [t.lead] if t.lead else []), _dept_line(plan, "配合", t.supporting)) if x]
        deadlines = plan.deadlines(t.id)
        if deadlines:
            lines.append("期限：" + "、".join(deadline_label(d) for d in deadlines))
        yield _node(
            "task",
            t.id,
            t.title or t.id,
            "\n".join(lines),
            task_ref(plan, t.id),
            chapter=w.chapter.id,
            section=w.section.id if w.section else None,
        )


def _target_nodes(plan: Plan):
    for t in plan.targets:
        if t.task:
            url, chapter = task_ref(plan, t.task), plan.where[t.task].chapter.id
        else:
            box = plan.box_of[t.project]
            url, chapter = f"{urls.box(box.id)}#{t.project}", box.chapter
        kind = "“十四五”目标" if t.kind == "target" else "“十三五”成就"
        when = deadline_label(t.deadline) if t.deadline else "原文未写期限"
        scope = f"；范围：{t.scope}" if t.scope else ""
        title = f"{kind} {t.id}\n{_target_label(t)}（{when}{scope}）\n“{t.quote}”"
        yield _node("target", t.id, _target_label(t), title, url, chapter=chapter, kind=t.kind, deadline=t.deadline)


def _thing_nodes(plan: Plan):
    for ind in plan.indicators:
        title = (
            f"指标 {ind.number}：{indicator_label(ind)}\n{' › '.join(ind.category)}\n"
            f"2020年：{ind.baseline_2020 or '（空）'}；2025年目标：{ind.target_2025}；{ind.attribute}"
        )
        yield _node(
            "indicator", ind.id, indicator_label(ind), title, urls.indicator(ind.id), number=str(ind.number), attribute=ind.attribute
        )
    for box in plan.boxes:
        for pr in box.projects:
            title = f"专栏{box.number} {box.title}\n（{pr.number}）{pr.title}"
            yield _node("project", pr.id, pr.title, title, f"{urls.box(box.id)}#{pr.id}", chapter=box.chapter, box=box.id)
    for d in plan.departments:
        counts = f"牵头 {len(plan.led_by[d.id])} 项任务、配合 {len(plan.supported_by[d.id])} 项"
        title = f"{d.name}\n{DEPT_KIND.get(d.kind, d.kind)} · {counts}\n职责：{d.remit}"
        yield _node("department", d.id, d.name, title, urls.department(d.id), kind=d.kind, category=d.category)
    for pl in plan.places:
        aliases = f"\n原文亦作：{'、'.join(pl.aliases)}" if pl.aliases else ""
        yield _node(
            "place", pl.id, pl.name, f"{pl.name}（{PLACE_KIND.get(pl.kind, pl.kind)}）{aliases}", f"{urls.PLACES}#{pl.id}", kind=pl.kind
        )


# ------------------------------------------------------------------ edges
def _edge(u: str, v: str, relation: str, tag: str = "", **extra: str | None) -> tuple[str, str, str, dict[str, str]]:
    """(u, v, key, attrs). Why the long key: GraphML writes it as the edge id, which must be unique."""
    key = ":".join(x for x in (relation, tag, u, v) if x)
    attrs = {"relation": relation} | {k: str(x) for k, x in extra.items() if x is not None and x != ""}
    return u, v, key, attrs


def _holder(plan: Plan, paragraph_id: str) -> str:
    """The node a paragraph's things hang from: the task itself, else its section, else its chapter."""
    if plan.paragraphs[paragraph_id].kind == "task":
        return nid("task", paragraph_id)
    w = plan.where[paragraph_id]
    return nid("section", w.section.id) if w.section else nid("chapter", w.chapter.id)


def _edges(plan: Plan):
    for ch in plan.chapters:
        for p in ch.paragraphs:
            if p.kind == "task":
                yield _edge(nid("chapter", ch.id), nid("task", p.id), "contains")
        for sec in ch.sections:
            yield _edge(nid("chapter", ch.id), nid("section", sec.id), "contains")
            for p in sec.paragraphs:
                if p.kind == "task":
                    yield _edge(nid("section", sec.id), nid("task", p.id), "contains")
    for t in plan.tasks:
        task = nid("task", t.id)
        for role, link in plan.task_departments(t):
            relation = "leads" if role == "lead" else "supports"
            yield _edge(nid("department", link.department), task, relation, basis=link.basis, evidence=link.quote or link.reason)
        for il in t.indicators:
            yield _edge(task, nid("indicator", il.indicator), "moves", basis=il.basis, evidence=il.quote or il.reason)
        for pl in t.places:
            yield _edge(task, nid("place", pl), "located_in")
    for tg in plan.targets:
        holder = _holder(plan, tg.task) if tg.task else nid("project", tg.project)
        yield _edge(holder, nid("target", tg.id), "has_target")
        if tg.indicator:
            yield _edge(nid("target", tg.id), nid("indicator", tg.indicator), "measures")
    for pr in plan.projects.values():
        for t in pr.tasks:
            if plan.paragraphs[t].kind == "task":
                yield _edge(nid("project", pr.id), nid("task", t), "implements")
        for pl in pr.places:
            yield _edge(nid("project", pr.id), nid("place", pl), "located_in")
    for c in plan.conflicts:
        for a, b in combinations(c.targets, 2):
            yield _edge(nid("target", a), nid("target", b), "conflicts_with", c.id, conflict=c.id, metric=c.metric)
        if c.indicator:
            for a in c.targets:
                yield _edge(nid("target", a), nid("indicator", c.indicator), "conflicts_with", c.id, conflict=c.id, metric=c.metric)


def build_graph(plan: Plan) -> nx.MultiDiGraph:
    """The plan as a typed MultiDiGraph (see the module docstring). Nodes in id order, edges sorted.

    Targets stated in a paragraph that is not a task (mostly 第一章's achievements) hang from that
    paragraph's section (or chapter) by ``has_target``, so no target is left unconnected.
    """
    G = nx.MultiDiGraph(name="根河市“十四五”生态环境保护规划")
    nodes = [*_structure_nodes(plan), *_task_nodes(plan), *_target_nodes(plan), *_thing_nodes(plan)]
    G.add_nodes_from(sorted(nodes, key=lambda n: n[0]))
    edges = {(u, v, k): a for u, v, k, a in _edges(plan)}
    G.add_edges_from((u, v, k, edges[u, v, k]) for u, v, k in sorted(edges))
    return G


_CACHE: list[tuple[weakref.ref, nx.MultiDiGraph]] = []


def graph_of(plan: Plan) -> nx.MultiDiGraph:
    """``build_graph(plan)``, remembered for the last few Plan objects (pages ask ~100 times per build).

    Do not mutate the result; a Plan edited after its graph was built needs ``build_graph`` directly.
    """
    for ref, G in _CACHE:
        if ref() is plan:
            return G
    G = build_graph(plan)
    _CACHE[:] = [(r, g) for r, g in _CACHE[-3:] if r() is not None] + [(weakref.ref(plan), G)]
    return G


# ------------------------------------------------------------------ analyses
def _by_relation(G: nx.MultiDiGraph, relation: str) -> list[tuple[str, str, dict]]:
    return [(u, v, d) for u, v, d in G.edges(data=True) if d["relation"] == relation]


def analyse(plan: Plan, G: nx.MultiDiGraph) -> dict:
    """Plain-data answers read off the graph (ids are plan ids, not node ids):

    - ``indicators_ranked``: [{id, number, name, tasks, stated, assigned, targets}] most-moved first
    - ``indicators_unmoved``: [indicator id] no task moves
    - ``tasks_without_indicator``: [task id] in plan order
    - ``department_load``: [{id, name, led, supported, total, deadlines: {year: tasks}, no_deadline}]
      for departments with tasks, busiest first; ``departments_idle``: [department id] with none
    - ``indicator_department``: {indicators: [id], departments: [id], counts: {ind: {dept: n}}} — n tasks
      the department leads or supports that move the indicator (zero cells left out)
    - ``central_tasks``: top 10 [{id, title, betweenness, degree}]

    Why centrality leaves out ``contains``: the chapter/section tree would make every task a bridge
    between its section and the rest; without it a task is central when it joins departments,
    indicators, projects, places and targets that would otherwise be far apart.
    """
    moves = defaultdict(Counter)
    for _, v, d in _by_relation(G, "moves"):
        moves[G.nodes[v]["ident"]][d["basis"]] += 1
    ranked = [
        {
            "id": ind.id,
            "number": ind.number,
            "name": ind.name,
            "tasks": sum(moves[ind.id].values()),
            "stated": moves[ind.id]["stated"],
            "assigned": moves[ind.id]["assigned"],
            "targets": len(plan.targets_measuring.get(ind.id, [])),
        }
        for ind in plan.indicators
    ]
    ranked.sort(key=lambda r: (-r["tasks"], r["number"]))
    return {
        "indicators_ranked": ranked,
        "indicators_unmoved": [r["id"] for r in sorted(ranked, key=lambda r: r["number"]) if r["tasks"] == 0],
        "tasks_without_indicator": [
            t.id for t in plan.tasks if not any(d["relation"] == "moves" for _, _, d in G.out_edges(nid("task", t.id), data=True))
        ],
        **_department_load(plan, G),
        "indicator_department": _indicator_department(plan, G),
        "central_tasks": _central_tasks(G),
    }


def _department_load(plan: Plan, G: nx.MultiDiGraph) -> dict:
    load, idle = [], []
    for d in plan.departments:
        roles = Counter()
        years, undated = Counter(), 0
        for _, task, data in G.out_edges(nid("department", d.id), data=True):
            roles[data["relation"]] += 1
            task_years = {x[:4] for x in plan.deadlines(G.nodes[task]["ident"])}
            years.update(task_years)
            undated += not task_years
        total = roles["leads"] + roles["supports"]
        if not total:
            idle.append(d.id)
            continue
        row = {"id": d.id, "name": d.name, "led": roles["leads"], "supported": roles["supports"], "total": total}
        load.append(row | {"deadlines": dict(sorted(years.items())), "no_deadline": undated})
    load.sort(key=lambda r: (-r["total"], -r["led"], r["id"]))
    return {"department_load": load, "departments_idle": idle}


def _indicator_department(plan: Plan, G: nx.MultiDiGraph) -> dict:
    counts: dict[str, Counter] = defaultdict(Counter)
    for u, task, d in G.edges(data=True):
        if d["relation"] not in ("leads", "supports"):
            continue
        for _, ind, e in G.out_edges(task, data=True):
            if e["relation"] == "moves":
                counts[G.nodes[ind]["ident"]][G.nodes[u]["ident"]] += 1
    depts = [d.id for d in plan.departments if any(counts[i.id][d.id] for i in plan.indicators)]
    return {
        "indicators": [i.id for i in plan.indicators],
        "departments": depts,
        "counts": {i.id: {d: counts[i.id][d] for d in depts if counts[i.id][d]} for i in plan.indicators},
    }


EXACT_BETWEENNESS_UP_TO = 1000  # nodes; the real plan has about 400


def _central_tasks(G: nx.MultiDiGraph, top: int = 10) -> list[dict]:
    """Tasks by betweenness centrality. Why sampled above 1,000 nodes: exact betweenness is
    O(nodes × edges) and took minutes on the ×10 benchmark data; a fixed seed keeps it deterministic."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    H.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d["relation"] != "contains")
    n = H.number_of_nodes()
    sample = None if n <= EXACT_BETWEENNESS_UP_TO else EXACT_BETWEENNESS_UP_TO // 4
    between = nx.betweenness_centrality(H, k=sample, seed=42 if sample else None)
    tasks = [n for n, t in G.nodes(data="type") if t == "task"]
    tasks.sort(key=lambda n: (-round(between[n], 12), -H.degree(n), n))
    return [
        {"id": G.nodes[n]["ident"], "title": G.nodes[n]["label"], "betweenness": round(between[n], 4), "degree": H.degree(n)}
        for n in tasks[:top]
    ]


def counts_by_type(G: nx.MultiDiGraph) -> dict[str, int]:
    c = Counter(t for _, t in G.nodes(data="type"))
    return {t: c[t] for t in NODE_TYPES}


def counts_by_relation(G: nx.MultiDiGraph) -> dict[str, int]:
    c = Counter(r for _, _, r in G.edges(data="relation"))
    return {r: c[r] for r in RELATIONS}


# ------------------------------------------------------------------ public rendering API
GRAPH_ASSETS = ["assets/vendor/vis-network/vis-network.min.js", "assets/graph/graph-data.js", "assets/graph/graph.js"]
"""Scripts a page showing a graph needs, in this order (docs paths; the page generator adds the tags)."""
GRAPH_CSS = ["assets/graph/graph.css"]
"""Stylesheets the graph needs (docs paths). Why not the vendored vis-network.min.css: graph.css repeats
the only rules it needs (the tooltip), so 225 kB need not load; the file ships beside the script anyway."""

from . import graph_analysis as _analysis  # noqa: E402
from . import graph_view as _view  # noqa: E402  (graph_view reads the names above; only called at run time)


def graph_files(plan: Plan) -> dict[str, bytes]:
    """{docs path: bytes}: data/graph.json, data/graph.graphml, assets/graph/graph-data.js. Byte-stable."""
    return _view.graph_files(plan, graph_of(plan))


def graph_page_markdown(plan: Plan) -> str:
    """Body of the 图谱 page (urls.GRAPH): intro, controls, canvas, legend, text alternative."""
    return _view.graph_page_markdown(plan, graph_of(plan))


def neighbourhood_markdown(plan: Plan, node_id: str) -> str:
    """A small graph of ``node_id`` (e.g. ``"indicator:ind-16"``) and its neighbours; "" when it has none."""
    return _view.neighbourhood_markdown(plan, graph_of(plan), node_id)


def analysis_page_markdown(plan: Plan, page_uri: str) -> str:
    """Body of the 关系分析 page at ``page_uri``: the analyses as tables with links."""
    G = graph_of(plan)
    return _analysis.analysis_page_markdown(plan, G, analyse(plan, G), page_uri)
