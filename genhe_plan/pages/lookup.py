"""Pages that look the plan up by thing: indicators, key projects, departments, places.

In: a Plan. Out: {docs path: Markdown}. Each detail page ends with a neighbourhood graph slot that
the graph module fills (``neighbourhood``), so pages stay independent of the graph's rendering.
"""

from __future__ import annotations

from collections import defaultdict

from ..graph import nid
from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..present.labels import DEPT_KIND, ROLE_LABEL, box_label, chapter_label, deadline_label, departments_counted, indicator_label
from ..progress import status as st
from .badges import comparison_text, entry_badge, item_badge, item_state, said_text
from .chart import indicator_chart
from .common import (
    basis_badge,
    departments_with_tasks,
    dept_link,
    indicator_link,
    lead_link,
    place_link,
    project_link,
    target_line,
    task_chapters,
    task_link,
    task_target_summary,
    titled_task_link,
)
from .embed import embed_button
from .feed import department_feed
from .graph import neighbourhood
from .history import own_history
from .html import attr, link, md, stacked_table
from .mentions import mentions_markdown, name_forms
from .progress import item_link


# ------------------------------------------------------------------ indicators
def indicator_table(plan: Plan, page: str) -> list[str]:
    rows = ["| 序号 | 类别 | 指标 | 2020年现状值 | 2025年目标值 | 属性 | 任务 | 进展 |", "|---:|---|---|---|---|---|---:|---|"]
    for ind in plan.indicators:
        rows.append(
            f"| {ind.number} | {md(' › '.join(ind.category))} | {link(page, urls.indicator(ind.id), indicator_label(ind))} | "
            f"{md(ind.baseline_2020) or '（空）'} | {md(ind.target_2025)} | {md(ind.attribute)} | {len(plan.tasks_moving[ind.id])} | "
            f"{item_badge(plan, page, ind.id)} |"
        )
    return rows


def indicators_index(plan: Plan) -> str:
    page = urls.INDICATORS
    notes = [f"{n.number}. {md(n.text)}" for n in plan.notes]
    return "\n".join(
        [
            "# 主要指标（专栏1）",
            "",
            f"《{md(plan.box_title)}》共 {len(plan.indicators)} 项。“任务”列是推动该指标的任务数。",
            "",
            *indicator_table(plan, page),
            "",
            "**注：**",
            "",
            *[f"- {n}" for n in notes],
            "",
            '!!! note "关于本表"',
            "    原文表格跨三页且列错位，本站逐行复原；每个数值都与原文该行核对过，复原说明见各指标页。",
            "",
        ]
    )


def indicator_page(plan: Plan, ind: S.Indicator) -> str:
    return indicator_body(plan, ind) + neighbourhood(plan, nid("indicator", ind.id))


def indicator_body(plan: Plan, ind: S.Indicator) -> str:
    page = urls.indicator(ind.id)
    out = [
        f"# {md(indicator_label(ind))}",
        "",
        "| 项目 | 内容 |",
        "|---|---|",
        f"| 类别 | {md(' › '.join(ind.category))} |",
        f"| 单位 | {md(ind.unit or '—')} |",
        f"| 2020年现状值 | {md(ind.baseline_2020) or '（原表为空）'} |",
        f"| 2025年目标值 | {md(ind.target_2025)} |",
        f"| 属性 | {md(ind.attribute)} |",
        f"| 进展 | {item_badge(plan, page, ind.id)} |",
        *([f"| 与目标值比较 | {md(cmp_)} |"] if (cmp_ := comparison_text(item_state(plan, ind.id))) else []),
        f"| 原文 | {link(page, urls.source_line(ind.source_line), f'专栏1，原文第 {ind.source_line} 行')} |",
        "",
        own_history(plan, "indicator", ind.id, page),
        embed_button(plan, page, ind.id),
    ]
    if ind.reconstruction:
        out += ['!!! info "表格复原说明"', f"    {md(ind.reconstruction)}", ""]
    for n in plan.notes_of.get(ind.id, []):
        out += [f"> 注{n.number}：{md(n.text)}", ""]
    for c in plan.conflicts_of.get(ind.id, []):
        out += ['!!! warning "原文数值不一致"', f"    {md(c.summary)} {link(page, urls.conflict(c.id), '详见')}", ""]
    targets = plan.targets_measuring.get(ind.id, [])

    def listed(items: list[S.Target]) -> list[str]:
        return [f"- {target_line(plan, page, t)} — {task_link(plan, page, t.task) if t.task else ''}" for t in items]

    out += ["## 度量此指标的目标", ""]
    out += listed([t for t in targets if t.kind == "target"]) or ["原文正文中没有为此指标写出单独的量化目标。"]
    achieved = [t for t in targets if t.kind == "achievement"]
    if achieved:
        out += ["", "## “十三五”成就（第一章）", "", *listed(achieved)]
    out += ["", "## 进展", "", indicator_chart(plan, ind.id)]
    out += ["", "## 推动此指标的任务", ""]
    tasks = plan.tasks_moving.get(ind.id, [])
    if tasks:
        out += ["| 任务 | 牵头部门 | 依据 |", "|---|---|---|"]
        for t in tasks:
            il = next(i for i in t.indicators if i.indicator == ind.id)
            out.append(f"| {task_link(plan, page, t.id)} | {lead_link(plan, page, t)} | {basis_badge(il)} |")
    else:
        out.append("目前没有任务与此指标关联（见关系分析）。")
    said = mentions_markdown(plan, page, name_forms(ind.name, inner=True))
    out += ["", "## 原文中提到它的句子", "", *(said or ["规划正文没有逐字写出这个指标的名称（见上面的目标和任务）。"])]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ projects
def projects_index(plan: Plan) -> str:
    page = urls.PROJECTS
    out = [
        "# 重点工程（专栏2–10）",
        "",
        f"规划在专栏2–10 中列出 {len(plan.projects)} 项重点工程。",
        "",
        "| 专栏 | 名称 | 所在章 | 工程数 | 落实任务数 |",
        "|---:|---|---|---:|---:|",
    ]
    chapters = {c.id: c for c in plan.chapters}
    for b in plan.boxes:
        n_tasks = len({t for p in b.projects for t in p.tasks})
        out.append(
            f"| {b.number} | {link(page, urls.box(b.id), b.title)} | {link(page, urls.chapter(b.chapter), chapter_label(chapters[b.chapter]))} | {len(b.projects)} | {n_tasks} |"
        )
    return "\n".join(out) + "\n"


def box_page(plan: Plan, box: S.Box) -> str:
    page = urls.box(box.id)
    out = [f"# {md(box_label(box))}", ""]
    for pr in box.projects:
        said = said_text(item_state(plan, pr.id))
        out += [f"## {md(pr.title)} {{#{pr.id}}}", "", f"**进展：**{item_badge(plan, page, pr.id)}" + (f" · {said}" if said else "")]
        out += ["", *[f"{md(t)}\n" for t in pr.text]]
        out += [own_history(plan, "project", pr.id, page), embed_button(plan, page, pr.id)]
        if pr.tasks:
            out += ["**落实的任务：**", "", *[f"- {task_link(plan, page, t)}" for t in pr.tasks], ""]
        if pr.places:
            out += ["**地点：**" + "、".join(place_link(plan, page, pl) for pl in pr.places), ""]
        targets = [t for t in plan.targets_of.get(pr.id, [])]
        if targets:
            out += ["**目标：**", "", *[f"- {target_line(plan, page, t)}" for t in targets], ""]
        out.append(neighbourhood(plan, nid("project", pr.id)))
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ departments
def departments_index(plan: Plan) -> str:
    page = urls.DEPARTMENTS
    out = [
        "# 责任部门",
        "",
        f"规划原文很少写明由谁牵头。本站为{task_chapters(plan)}的每项任务列出牵头和配合部门，并标明依据：",
        '<span class="basis basis-stated">原文写明</span> 指原文点名了该部门；'
        '<span class="basis basis-assigned">按职责分配</span> 指按部门职责分配，附理由，供参考，不代表官方分工。',
        "",
        md(departments_counted(plan.departments, departments_with_tasks(plan), names=True)[1]) + "。",
        "",
    ]
    for kind in ("functional", "named"):
        out += [f"## {DEPT_KIND[kind]}", "", "| 部门 | 牵头任务 | 配合任务 | 最近期限 |", "|---|---:|---:|---|"]
        for d in sorted((d for d in plan.departments if d.kind == kind), key=lambda d: (-len(plan.led_by[d.id]), d.id)):
            dl = sorted({x for t in plan.led_by[d.id] + plan.supported_by[d.id] for x in plan.deadlines(t.id)})
            out.append(
                f"| {dept_link(plan, page, d.id)} | {len(plan.led_by[d.id])} | {len(plan.supported_by[d.id])} | {deadline_label(dl[0]) if dl else '—'} |"
            )
        out.append("")
    return "\n".join(out) + "\n"


def department_page(plan: Plan, d: S.Department) -> str:
    return department_body(plan, d) + neighbourhood(plan, nid("department", d.id))


def department_body(plan: Plan, d: S.Department) -> str:
    page = urls.department(d.id)
    out = [f"# {md(d.name)}", "", f'<p class="dept-kind">{DEPT_KIND[d.kind]} · 职责：{attr(d.remit)}</p>', ""]
    led, sup = plan.led_by[d.id], plan.supported_by[d.id]
    out += [
        f"共牵头 **{len(led)}** 项任务、配合 **{len(sup)}** 项任务。"
        '<button class="md-button print-button" type="button" onclick="window.print()">打印任务清单</button>',
        "",
        own_history(plan, "department", d.id, page),
        f"订阅本部门的数据更新：{link(page, department_feed(d.id), 'Atom 源')}（任务、目标的修改和新的进展报告）。",
        "",
    ]
    for role, tasks in (("lead", led), ("supporting", sup)):
        if not tasks:
            continue
        out += [f"## {ROLE_LABEL[role]}的任务", ""]
        by_chapter = defaultdict(list)
        for t in tasks:
            by_chapter[plan.where[t.id].chapter.number].append(t)
        for n in sorted(by_chapter):
            ch = plan.where[by_chapter[n][0].id].chapter
            rows = []
            for t in by_chapter[n]:
                dl = next(x for r, x in plan.task_departments(t) if x.department == d.id and r == role)
                when = "、".join(deadline_label(x) for x in plan.deadlines(t.id)) or "规划期内"
                goals = task_target_summary(plan, t.id)
                inds = "、".join(indicator_link(plan, page, i.indicator) for i in t.indicators) or "—"
                state = item_badge(plan, page, t.id)
                rows.append(f"| {titled_task_link(plan, page, t.id)} | {when} | {goals} | {inds} | {basis_badge(dl)} | {state} |")
            out += [f"### {md(chapter_label(ch))}", "", *stacked_table(["任务", "期限", "目标", "指标", "依据", "进展"], rows), ""]
    out += department_progress(plan, page, d.id)
    said = mentions_markdown(plan, page, [d.name])
    if said:
        out += ["## 原文中提到它的句子", "", *said]
    elif d.mentions:
        out += ["## 原文提及", ""]
        out += [f"- “{md(m.quote)}” — {link(page, urls.paragraph(plan, m.paragraph), m.paragraph)}" for m in d.mentions]
        out.append("")
    return "\n".join(out) + "\n"


def department_progress(plan: Plan, page: str, dept: str) -> list[str]:
    """The department's key projects (implementing a task it leads or supports) with their state and
    reported value, and every report entry about its tasks, projects and the indicators they move."""
    tasks = [t for t in plan.tasks if any(link_.department == dept for _, link_ in plan.task_departments(t))]
    ids = {t.id for t in tasks}
    projects = [pr for b in plan.boxes for pr in b.projects if ids & set(pr.tasks)]
    out = []
    if projects:
        rows = [
            f"| {project_link(plan, page, pr.id)} | {item_badge(plan, page, pr.id)} | {said_text(item_state(plan, pr.id)) or '—'} |"
            for pr in projects
        ]
        out += ["## 相关重点工程", "", "落实本部门任务的重点工程及其进展。", "", *stacked_table(["重点工程", "进展", "报告"], rows), ""]
    mine = ids | {pr.id for pr in projects} | {i.indicator for t in tasks for i in t.indicators}
    entries = [(r, e) for r in plan.reports for e in r.entries if e.item in mine]
    if entries:
        rows = []
        for r, e in entries:
            value = f"{md(st.format_number(e.value))}{md(e.unit or '')}" if e.value is not None else "—"
            rows.append(
                f"| {link(page, urls.report(r.id), r.title)} | {item_link(plan, page, e.item)} | {entry_badge(r, e)} | {value} | “{md(e.evidence)}” |"
            )
        out += ["## 进展报告中的本部门条目", "", *stacked_table(["报告", "条目", "报告状态", "数值", "报告原话"], rows), ""]
    return out


# ------------------------------------------------------------------ places
def places_page(plan: Plan) -> str:
    page = urls.PLACES
    out = ["# 地点", "", "规划原文提到的城镇、河流、保护地和设施：落在这里的任务与重点工程，以及原文中提到它的每一句。", ""]
    others = tuple(n for p in plan.places for n in [*name_forms(p.name), *p.aliases])
    for pl in plan.places:
        refs = [task_link(plan, page, p.id) for p in plan.paragraphs_at.get(pl.id, [])]
        refs += [project_link(plan, page, pr.id) for pr in plan.projects_at.get(pl.id, [])]
        aliases = f"原文亦作：{md('、'.join(pl.aliases))}" if pl.aliases else ""
        out += [
            f'<div class="place" id="{attr(pl.id)}" markdown>',
            "",
            f"## {md(pl.name)}",  # a heading: the page's table of contents lists every place
            "",
            *([aliases, ""] if aliases else []),
            *([f"**落在这里的任务与重点工程**（{len(refs)} 项）", "", *[f"- {r}" for r in refs], ""] if refs else []),
            *mentions_markdown(plan, page, [*name_forms(pl.name), *pl.aliases], others),
            own_history(plan, "place", pl.id, page),
            "</div>",
            "",
        ]
    return "\n".join(out) + "\n"
