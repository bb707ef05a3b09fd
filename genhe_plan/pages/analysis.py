"""The 关系分析 page: the graph's analyses (``graph.analyse``) as tables in plain Chinese with links.

In: a Plan (its graph and analyses are computed here). Out: the page body as Markdown.
"""

from __future__ import annotations

from ..graph import analyse, graph_of
from ..model import Plan
from ..present import urls
from ..present.labels import chapter_label, indicator_short
from .common import dept_link, indicator_link, lead_link, titled_task_link
from .html import link, md


# ------------------------------------------------------------------ analysis page
def _ranks(values: list[int]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of values already sorted high to low."""
    return [values.index(v) + 1 for v in values]


def analysis_page(plan: Plan) -> str:
    G = graph_of(plan)
    a, page = analyse(plan, G), urls.ANALYSIS
    out = [
        "# 关系分析",
        "",
        f"以下各表由{link(page, urls.GRAPH, '关系图谱')}计算得出：任务与指标、部门、重点工程、地点之间的关系都取自本站数据。"
        "任务与指标、任务与部门的对应多数是编辑按职责或内容判断的（各任务下标明依据），不代表官方分工。",
        "",
    ]
    out += _indicator_sections(plan, a, page)
    out += _department_sections(plan, a, page)
    out += _central_section(plan, a, page)
    return "\n".join(out) + "\n"


def _indicator_sections(plan: Plan, a: dict, page: str) -> list[str]:
    rows = a["indicators_ranked"]
    out = [
        "## 哪些指标有最多任务推动",
        "",
        "“推动它的任务”是关联到该指标的任务数；其中“原文写明”指任务原文提到了该指标，“编辑判断”指本站判断该任务有助于该指标。",
        "",
        "| 排名 | 指标 | 推动它的任务 | 其中原文写明 | 其中编辑判断 | 度量它的目标 |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for rank, r in zip(_ranks([r["tasks"] for r in rows]), rows, strict=True):
        name = f"{r['number']}. {r['name']}"
        out.append(
            f"| {rank} | {link(page, urls.indicator(r['id']), name)} | {r['tasks']} | {r['stated']} | {r['assigned']} | {r['targets']} |"
        )
    out += ["", "## 没有任务推动的指标", ""]
    unmoved = a["indicators_unmoved"]
    if unmoved:
        out.append("本站数据中没有任何任务关联到以下指标：")
        out += ["", *[f"- {indicator_link(plan, page, i, indicator_short(plan.indicator(i)))}" for i in unmoved]]
    else:
        out.append("每项指标都至少有一项任务推动。")
    none = a["tasks_without_indicator"]
    out += [
        "",
        "## 不推动任何指标的任务",
        "",
        f"全部 {len(plan.tasks)} 项任务中，有 {len(none)} 项在本站数据中没有关联专栏1 的任何指标。",
        "",
    ]
    if none:
        out += ["| 任务 | 所在章 | 牵头部门 |", "|---|---|---|"]
        for tid in none:
            ch = plan.where[tid].chapter
            chapter = link(page, urls.chapter(ch.id), chapter_label(ch))
            out.append(f"| {titled_task_link(plan, page, tid)} | {chapter} | {lead_link(plan, page, plan.paragraphs[tid])} |")
    return out + [""]


def _wide_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table (first column text, the rest numbers) in a div that keeps the first column on one line."""
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return ['<div class="graph-table" markdown>', "", *lines, "", "</div>"]


def _department_sections(plan: Plan, a: dict, page: str) -> list[str]:
    load = a["department_load"]
    years = sorted({y for r in load for y in r["deadlines"]})
    rows = [
        [dept_link(plan, page, r["id"]), str(r["led"]), str(r["supported"]), str(r["total"])]
        + [str(r["deadlines"].get(y, "")) for y in years]
        + [str(r["no_deadline"])]
        for r in load
    ]
    out = [
        "## 各部门的工作量",
        "",
        "“牵头”“配合”是任务数；年份列是该部门牵头或配合的任务中，所含目标期限落在该年的任务数（一项任务可有几个期限）；"
        "“未写期限”是其中没有限期目标的任务数。",
        "",
        *_wide_table(["部门", "牵头", "配合", "合计", *(f"{y}年" for y in years), "未写期限"], rows),
    ]
    if a["departments_idle"]:
        idle = "、".join(dept_link(plan, page, d) for d in a["departments_idle"])
        out += ["", f"原文提到但没有分配任务的机构：{idle}。"]
    m = a["indicator_department"]
    inds = [plan.indicator(i) for i in m["indicators"]]
    rows = [[dept_link(plan, page, d), *(str(m["counts"][i.id].get(d, "")) for i in inds)] for d in m["departments"]]
    out += [
        "",
        "## 指标与部门",
        "",
        "每格是该部门牵头或配合、并推动该指标的任务数；列号是专栏1 的指标序号（点击打开指标页，名称见上文第一张表）。",
        "",
        *_wide_table(["部门", *(indicator_link(plan, page, i.id, str(i.number)) for i in inds)], rows),
    ]
    return out + [""]


def _central_section(plan: Plan, a: dict, page: str) -> list[str]:
    out = [
        "## 联系最广的任务",
        "",
        "“中介中心度”衡量图中任意两点之间的最短路径有多大比例经过该任务（不计章、节的包含关系）：数值越大，"
        "该任务越多地把不同的部门、指标、重点工程、地点和目标联系在一起。“直接关系”是与它直接相连的节点数。",
        "",
        "| 排名 | 任务 | 所在章 | 中介中心度 | 直接关系 |",
        "|---:|---|---|---:|---:|",
    ]
    for i, r in enumerate(a["central_tasks"], 1):
        ch = plan.where[r["id"]].chapter
        out.append(
            f"| {i} | {link(page, urls.task(plan, r['id']), r['title'])} | {md(chapter_label(ch))} | {r['betweenness']:.4f} | {r['degree']} |"
        )
    return out + [""]
