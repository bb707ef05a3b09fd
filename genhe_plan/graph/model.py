"""Step 5a — graph model: the plan as a typed network. Knows nothing of HTML or drawing.

In:  a Plan. Out: ``build_graph(plan)`` → ``networkx.MultiDiGraph``. Nodes ``"<type>:<id>"`` of type
chapter, section, task, target, indicator, project, department, place; every attribute a plain string
taken from the data (``type``, ``ident``, ``label``, ``title`` = tooltip text, ``url`` = docs permalink
from ``urls``, and ``chapter`` where the node belongs to one). Edges carry ``relation`` (see
``RELATIONS``), and ``basis``/``evidence`` or ``conflict`` where the data has them. Edge keys are
unique across the graph. Labels come from ``present``; the views (``graph.draw``, ``pages.graph``)
style and render it.

Deterministic by construction: nodes are added in id order, edges in (source, target, key) order, so
``node_link_data`` and GraphML come out the same on every run.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from ..input import schema as S
from ..model import Plan, per_plan
from ..present import labels as P
from ..present import urls

NODE_TYPES = ["chapter", "section", "task", "target", "indicator", "project", "department", "place"]
RELATIONS = list(P.RELATION_LABEL)
"""Edge relations, in display order (their Chinese names: ``present.RELATION_LABEL``)."""


def nid(kind: str, ident: str) -> str:
    """Graph node id of a plan object: ``nid('task', 't05-2-03')`` → ``'task:t05-2-03'``."""
    return f"{kind}:{ident}"


# ------------------------------------------------------------------ nodes
def _node(node_type: str, ident: str, label: str, title: str, url: str, **extra: str | None) -> tuple[str, dict[str, str]]:
    attrs = {"type": node_type, "ident": ident, "label": label, "title": title, "url": url}
    attrs |= {k: str(v) for k, v in extra.items() if v is not None and v != ""}
    return nid(node_type, ident), attrs


def _dept_line(plan: Plan, role: str, links: list[S.DeptLink]) -> str | None:
    names = "、".join(f"{plan.department(x.department).name}（{P.BASIS_LABEL[x.basis]}）" for x in links)
    return f"{role}：{names}" if names else None


def _structure_nodes(plan: Plan):
    for ch in plan.chapters:
        yield _node("chapter", ch.id, P.chapter_label(ch), P.chapter_label(ch), urls.chapter(ch.id), chapter=ch.id)
        for sec in ch.sections:
            label = P.section_label(sec)
            yield _node("section", sec.id, label, f"{P.chapter_label(ch)}\n{label}", urls.section(ch.id, sec), chapter=ch.id)


def _task_nodes(plan: Plan):
    for t in plan.tasks:
        w = plan.where[t.id]
        place = P.chapter_label(w.chapter) + (f" › {P.section_label(w.section)}" if w.section else "")
        lines = [f"任务 {t.id}", t.title or "", place]
        lines += [x for x in (_dept_line(plan, "牵头", [t.lead] if t.lead else []), _dept_line(plan, "配合", t.supporting)) if x]
        deadlines = plan.deadlines(t.id)
        if deadlines:
            lines.append("期限：" + "、".join(P.deadline_label(d) for d in deadlines))
        yield _node(
            "task",
            t.id,
            t.title or t.id,
            "\n".join(lines),
            urls.task(plan, t.id),
            chapter=w.chapter.id,
            section=w.section.id if w.section else None,
        )


def _target_nodes(plan: Plan):
    for t in plan.targets:
        chapter = plan.where[t.task].chapter.id if t.task else plan.box_of[t.project].chapter
        scope = f"；范围：{t.scope}" if t.scope else ""
        title = f"{P.TARGET_KIND[t.kind]} {t.id}\n{P.target_label(t)}（{P.target_when(t)}{scope}）\n“{t.quote}”"
        yield _node("target", t.id, P.target_label(t), title, urls.target(plan, t.id), chapter=chapter, kind=t.kind, deadline=t.deadline)


def _thing_nodes(plan: Plan):
    for ind in plan.indicators:
        title = (
            f"指标 {ind.number}：{P.indicator_label(ind)}\n{' › '.join(ind.category)}\n"
            f"2020年：{ind.baseline_2020 or '（空）'}；2025年目标：{ind.target_2025}；{ind.attribute}"
        )
        yield _node(
            "indicator", ind.id, P.indicator_label(ind), title, urls.indicator(ind.id), number=str(ind.number), attribute=ind.attribute
        )
    for box in plan.boxes:
        for pr in box.projects:
            title = f"{P.box_label(box)}\n（{pr.number}）{pr.title}"
            yield _node("project", pr.id, pr.title, title, urls.project(plan, pr.id), chapter=box.chapter, box=box.id)
    for d in plan.departments:
        counts = f"牵头 {len(plan.led_by[d.id])} 项任务、配合 {len(plan.supported_by[d.id])} 项"
        title = f"{d.name}\n{P.DEPT_KIND.get(d.kind, d.kind)} · {counts}\n职责：{d.remit}"
        yield _node("department", d.id, d.name, title, urls.department(d.id), kind=d.kind, category=d.category)
    for pl in plan.places:
        aliases = f"\n原文亦作：{'、'.join(pl.aliases)}" if pl.aliases else ""
        yield _node("place", pl.id, pl.name, f"{pl.name}（{P.PLACE_KIND.get(pl.kind, pl.kind)}）{aliases}", urls.place(pl.id), kind=pl.kind)


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
    for p in plan.paragraphs.values():
        if p.kind != "task":  # e.g. chapter 1's achievements: the place hangs from the paragraph's section
            for pl in p.places:
                yield _edge(_holder(plan, p.id), nid("place", pl), "located_in", p.id, paragraph=p.id)
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


def neighbours(G: nx.MultiDiGraph, node_id: str) -> set[str]:
    """Nodes directly linked to ``node_id`` either way; empty when it is not in the graph."""
    return set(G.predecessors(node_id)) | set(G.successors(node_id)) if node_id in G else set()


graph_of = per_plan(build_graph)
"""``build_graph(plan)``, remembered per Plan (pages ask ~100 times per build). Do not mutate the result;
a Plan edited after its graph was built needs ``build_graph`` directly."""
