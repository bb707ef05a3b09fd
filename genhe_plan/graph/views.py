"""Drawing data of the small graph views: a node's neighbourhood and the overview. No HTML.

In: the whole graph's vis-network data (``draw.vis_data``) and the plan graph. Out: plain dicts that
``draw.graph_files`` writes as script files, one per view, so a page loads only what it draws:

- ``ego(...)``: a node and its direct neighbours, for the figure on indicator, department and project
  pages (assets/graph/ego/<type>/<id>.js, ``window.GENHE_EGO[node id]``);
- ``overview(...)``: indicators in the middle, the departments that carry them on the left, the
  chapters whose tasks feed them on the right, and the tasks behind each link, which graph.js draws
  on demand (assets/graph/overview-data.js, ``window.GENHE_OVERVIEW``).

Why neighbours are grouped past ``GROUP_OVER`` of one type: 生态环境部门 has 94 tasks (×20 data:
1,880); a ring of 94 dots says nothing and grows with the data. Grouped by chapter ("第五章：12 项任务",
a click opens the chapter) the figure stays one ring of at most one node per chapter, whatever the size.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..model import Plan
from ..present import labels as P
from .analyse import indicator_links
from .model import nid

GROUP_OVER = 30
"""More neighbours of one type than this (and the type has chapters): group them by chapter."""
NODE_KEYS = ("id", "type", "label", "full_label", "title", "url_dir", "url_file", "color", "shape", "size", "font", "chapter")
EDGE_KEYS = ("id", "from", "to", "relation", "title", "color", "dashes", "width", "arrows", "basis")


def _slim(item: dict, keys: tuple[str, ...]) -> dict:
    return {k: item[k] for k in keys if k in item}


def _group_node(vis_chapter: dict, kind: str, members: list[dict], centre: str) -> dict:
    """One node standing for ``members`` (same type, same chapter); drawn in the type's colour."""
    label = f"{vis_chapter['label']}：{len(members)} 项{P.TYPE_LABEL[kind]}"
    lines = [f"{vis_chapter['full_label']}中与本节点相连的 {len(members)} 项{P.TYPE_LABEL[kind]}："]
    lines += [f"· {m['full_label']}" for m in members[:8]] + ([f"……等 {len(members)} 项（点击打开这一章）"] if len(members) > 8 else [])
    first = members[0]
    return {
        "id": f"group:{kind}:{vis_chapter['id']}:{centre}",
        "type": kind,
        "label": label,
        "full_label": label,
        "title": "\n".join(lines),
        "url_dir": vis_chapter["url_dir"],
        "url_file": vis_chapter["url_file"],
        "color": first["color"],
        "shape": first["shape"],
        "size": first.get("size", 9) + 4,
        "font": first["font"],
        "group_of": len(members),
    }


def _group_edge(centre: str, group: dict, edges: list[dict]) -> dict:
    """One edge for the grouped edges: the most common relation's style; the title counts each."""
    by_rel: dict[str, int] = defaultdict(int)
    for e in edges:
        by_rel[e["relation"]] += 1
    main = max(by_rel, key=lambda r: (by_rel[r], r == "leads", r))
    model = next(e for e in edges if e["relation"] == main)
    inward = model["to"] == centre
    title = "、".join(f"{P.RELATION_LABEL[r]} {n} 项" for r, n in sorted(by_rel.items()))
    out = _slim(model, EDGE_KEYS[:-1]) | {
        "from": group["id"] if inward else centre,
        "to": centre if inward else group["id"],
        "title": title,
    }
    out["id"] = "e-" + group["id"]
    out["width"] = min(1 + len(edges) / 4, 6)
    return out


def ego(vis: dict, index: dict, centre: str) -> dict:
    """The centre node and its direct neighbours (grouped by chapter past GROUP_OVER of one type),
    with the edges among them and the drawing options. ``index`` is ``vis_index(vis)``."""
    nodes, adjacent = index["nodes"], index["adjacent"]
    near: dict[str, list[str]] = defaultdict(list)
    for e in adjacent[centre]:
        other = e["to"] if e["from"] == centre else e["from"]
        if other not in near[nodes[other]["type"]]:
            near[nodes[other]["type"]].append(other)
    keep, groups, group_edges = {centre}, [], []
    for kind, members in sorted(near.items()):
        if len(members) <= GROUP_OVER or any("chapter" not in nodes[m] for m in members):
            keep.update(members)
            continue
        by_chapter: dict[str, list[str]] = defaultdict(list)
        for m in sorted(members):
            by_chapter[nodes[m]["chapter"]].append(m)
        for chapter, ids in by_chapter.items():
            group = _group_node(nodes[nid("chapter", chapter)], kind, [nodes[m] for m in ids], centre)
            links = [e for e in adjacent[centre] if e["from"] in ids or e["to"] in ids]
            groups.append(group)
            group_edges.append(_group_edge(centre, group, links))
    drawn = [_slim(nodes[n], NODE_KEYS) for n in sorted(keep)] + groups
    edges = [_slim(e, EDGE_KEYS) for e in vis["edges"] if e["from"] in keep and e["to"] in keep]
    return {"centre": centre, "nodes": drawn, "edges": edges + group_edges, "options": vis["options"], "type_order": vis["type_order"]}


def vis_index(vis: dict) -> dict:
    """{nodes: {id: node}, adjacent: {id: [edge]}} of the whole graph's vis data (edges in file order)."""
    nodes = {n["id"]: n for n in vis["nodes"]}
    adjacent: dict[str, list[dict]] = {n: [] for n in nodes}
    for e in vis["edges"]:
        adjacent[e["from"]].append(e)
        if e["to"] != e["from"]:
            adjacent[e["to"]].append(e)
    return {"nodes": nodes, "adjacent": adjacent}


def overview(plan: Plan, G: nx.MultiDiGraph, vis: dict, index: dict) -> dict:
    """Indicators, the departments and chapters linked to them through tasks, and those tasks.

    ``links``: per indicator (plan order) its task node ids, ``departments`` {node id: {lead, support}}
    and ``chapters`` {node id: [task node ids]} (``graph.analyse.indicator_links`` with node ids).
    ``unmoved``: indicator node ids no task moves. Positions are left to graph.js, which lays the
    three columns out for what is shown (leading departments only, or with supporting ones).
    """
    nodes = index["nodes"]
    links, used = [], {"department": set(), "chapter": set(), "task": set()}
    for row in indicator_links(plan, G):
        tasks = [nid("task", t) for t in row["tasks"]]
        depts = {
            nid("department", d): {r: [nid("task", t) for t in ts] for r, ts in roles.items()} for d, roles in row["departments"].items()
        }
        chapters = {nid("chapter", c): [nid("task", t) for t in ts] for c, ts in row["chapters"].items()}
        links.append({"indicator": nid("indicator", row["id"]), "tasks": tasks, "departments": depts, "chapters": chapters})
        used["task"].update(tasks)
        used["department"].update(depts)
        used["chapter"].update(chapters)
    pick = lambda ids: [_slim(nodes[n], NODE_KEYS) for n in sorted(ids)]  # noqa: E731
    return {
        "indicators": [_slim(nodes[nid("indicator", i.id)], NODE_KEYS) for i in plan.indicators],
        "departments": [
            _slim(nodes[nid("department", d.id)], NODE_KEYS) for d in plan.departments if nid("department", d.id) in used["department"]
        ],
        "chapters": [_slim(nodes[nid("chapter", c.id)], NODE_KEYS) for c in plan.chapters if nid("chapter", c.id) in used["chapter"]],
        "tasks": pick(used["task"]),
        "links": links,
        "unmoved": [link["indicator"] for link in links if not link["tasks"]],
        "edge_style": {r: vis_edge_style(vis, r) for r in ("leads", "supports", "moves", "contains")},
        "options": vis["options"],
    }


def vis_edge_style(vis: dict, relation: str) -> dict:
    """Colour, dashes and weight of the first edge of ``relation`` in the vis data (graph.js reuses it)."""
    e = next((e for e in vis["edges"] if e["relation"] == relation), None)
    return _slim(e, ("color", "dashes", "width", "arrows")) if e else {}
