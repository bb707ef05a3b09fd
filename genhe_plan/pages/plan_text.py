"""Pages of the plan's own text: one page per chapter (tasks with their links) and the full source.

In: a Plan. Out: {docs path: Markdown}.
"""

from __future__ import annotations

from collections import defaultdict

from ..input import schema as S
from ..model import Plan
from ..present import urls
from ..present.labels import ROLE_LABEL, chapter_label, deadline_label, indicator_label, section_label
from .badges import item_badge
from .common import basis_badge, dept_link, indicator_link, place_link, project_link, target_line
from .embed import embed_button
from .history import task_history
from .html import attr, link, md


def chapter_pages(plan: Plan) -> dict[str, str]:
    return {urls.chapter(ch.id): chapter_page(plan, ch) for ch in plan.chapters}


def chapter_page(plan: Plan, ch: S.ChapterFile) -> str:
    page = urls.chapter(ch.id)
    out = [f"# {md(chapter_label(ch))}", ""]
    n_tasks = sum(p.kind == "task" for s in ch.sections for p in s.paragraphs)
    if n_tasks:
        out += [
            f'<p class="chapter-facts">本章 {len(ch.sections)} 节、{n_tasks} 项任务。每项任务下列出责任部门（标明“原文写明”或“按职责分配”）、期限、目标、指标、重点工程与原文位置。</p>',
            "",
        ]
    out += [paragraph_block(plan, page, p) for p in ch.paragraphs]
    for sec in ch.sections:
        out += [f"## {md(section_label(sec))}", ""]
        out += [paragraph_block(plan, page, p) for p in sec.paragraphs]
    return "\n".join(out) + "\n"


def paragraph_block(plan: Plan, page: str, p: S.Paragraph) -> str:
    if p.kind != "task":
        cls = f"para para-{p.kind}"
        return f'<div class="{cls}" id="{attr(p.id)}" markdown>\n\n{md(p.text)}\n\n{source_ref(plan, page, p)}\n\n</div>\n'
    meta = task_meta(plan, page, p)
    return "\n".join(
        [
            f"### {md(p.title or '')} {{#{p.id} .task-title}}",
            "",
            f'<div class="task" data-task="{attr(p.id)}" markdown>',
            "",
            f'<p class="task-id">任务编号 {attr(p.id)}</p>',
            "",
            f'<div class="task-text" markdown>\n\n{md(p.text)}\n\n</div>',
            "",
            *meta,
            "",
            task_history(plan, p.id, page),
            embed_button(plan, page, p.id),
            "</div>",
            "",
        ]
    )


def source_ref(plan: Plan, page: str, p: S.Paragraph) -> str:
    line = plan.where[p.id].line
    return f'<span class="src-ref">{link(page, urls.source_line(line), f"原文第 {line} 行")}</span>' if line else ""


def task_meta(plan: Plan, page: str, p: S.Paragraph) -> list[str]:
    rows = []
    for role, dl in plan.task_departments(p):
        rows.append(
            f"- **{ROLE_LABEL[role]}部门**：{dept_link(plan, page, dl.department)} {basis_badge(dl)}"
            + (f"<br><small>{md(dl.reason)}</small>" if dl.basis == "assigned" else f"<br><small>“{md(dl.quote or '')}”</small>")
        )
    rows.append(f"- **进展**：{item_badge(plan, page, p.id)}")
    deadlines = plan.deadlines(p.id)
    rows.append(
        "- **期限**：" + ("、".join(deadline_label(d) for d in deadlines) if deadlines else "原文未写具体期限（规划期 2021—2025 年）")
    )
    targets = [t for t in plan.targets_of[p.id] if t.task == p.id]
    if targets:
        rows.append("- **目标**：")
        rows += [f'    - <span id="{attr(t.id)}"></span>{target_line(plan, page, t)}' for t in targets]
    if p.indicators:
        rows.append(
            "- **推动指标**："
            + "；".join(
                f"{indicator_link(plan, page, i.indicator, indicator_label(plan.indicator(i.indicator)))} {basis_badge(i)}"
                for i in p.indicators
            )
        )
    if plan.projects_of.get(p.id):
        rows.append("- **重点工程**：" + "；".join(project_link(plan, page, pr.id) for pr in plan.projects_of[p.id]))
    if p.places:
        rows.append("- **地点**：" + "、".join(place_link(plan, page, pl) for pl in p.places))
    rows.append(f"- **原文**：{source_ref(plan, page, p)}")
    return rows


def source_page(plan: Plan) -> str:
    """The whole plan.txt, line by line, errata marked, each paragraph linked to its task."""
    page = urls.SOURCE
    starts = defaultdict(list)
    for pid, w in plan.where.items():
        if w.line:
            starts[w.line].append(pid)
    fixes = defaultdict(list)
    for e in plan.errata:
        fixes[e.line].append(e)
    out = [
        "# 规划原文",
        "",
        f'<p class="lead">以下是规划 PDF 提取出的全文（{len(plan.source.raw_lines)} 行，SHA-256 <code>{plan.source.sha256[:16]}…</code>），'
        f"逐行保留提取时的分页与表格痕迹。<del>删除线</del>后的<ins>下划线</ins>文字是登记在案的勘误（见{link(page, urls.ERRATA, '勘误表')}）。"
        "每段右侧的链接通往该段在规划正文中的位置。</p>",
        "",
    ]
    for no, raw in enumerate(plan.source.raw_lines, 1):
        if not raw.strip():
            continue
        text = md(raw.rstrip()).replace("\t", '<span class="tab"></span>')
        for e in fixes.get(no, []):
            text = text.replace(md(e.original), f'<del title="原文">{md(e.original)}</del><ins title="更正">{md(e.corrected)}</ins>')
        refs = " ".join(link(page, urls.paragraph(plan, pid), "→ " + pid) for pid in starts.get(no, []))
        out += [
            f'<div class="src-line" id="L{no}" markdown>',
            "",
            f'<span class="ln" aria-hidden="true">{no}</span> {text} <span class="src-links">{refs}</span>',
            "",
            "</div>",
        ]
    return "\n".join(out) + "\n"
