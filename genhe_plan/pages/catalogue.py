"""The 信息公开目录: every record of the plan's data, with the catalogue fields of the 政府信息公开条例
(第十二条: 索引、名称、内容概述、生成日期): 索引号 (the record's stable id), 类别, 名称, 内容概述, 生成日期,
修改日期 and its page. A page (``catalogue_page``) and the same rows as a CSV (``catalogue_files``).

The records are those whose changes the history follows (``history.records.TYPES``: tasks, targets,
indicators, projects, departments, places, findings, errata, reports). The dates come from the history
(``site.prepare`` attaches it): 生成日期 is the day the record was first published, 修改日期 the day of its
latest change; without a history (a download without git, a shallow clone) both are left empty and the
page says why. Every text is data: escaped on the page, formula-safe in the CSV (``export.cells``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..export.cells import csv_bytes
from ..history.records import TYPES
from ..model import Plan
from ..present import urls
from ..present.changes import cut, record_target
from ..present.labels import TYPE_LABEL
from .history import history_of
from .html import attr, link, md

SUMMARY_FIELDS = ("text", "quote", "summary", "content", "remit", "reason", "scope", "original")
SUMMARY_MAX = 60
HEADER = ["索引号", "类别", "名称", "内容概述", "生成日期", "修改日期", "网页"]


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    name: str
    summary: str
    created: str
    modified: str
    page: str
    """Docs path with #anchor."""


def _records(plan: Plan) -> list[tuple[str, object]]:
    found = {
        "task": plan.tasks,
        "target": plan.targets,
        "indicator": plan.indicators,
        "project": list(plan.projects.values()),
        "department": plan.departments,
        "place": plan.places,
        "finding": plan.findings,
        "erratum": plan.errata,
        "report": plan.reports,
    }
    return [(kind, x) for kind in TYPES for x in found.get(kind, [])]


def _summary(x: object) -> str:
    text = next((v for a in SUMMARY_FIELDS if isinstance(v := getattr(x, a, None), str) and v.strip()), "")
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX] + "…"


def _dates(plan: Plan, kind: str, ident: str) -> tuple[str, str]:
    h = history_of(plan)
    changes = h.of(kind, ident) if h is not None else []
    if not changes:
        return "", ""
    added = [c for c in changes if c.action == "added"]
    created = (added[-1] if added else changes[-1]).commit.day
    return created, changes[0].commit.day


def catalogue_rows(plan: Plan) -> list[Row]:
    rows = []
    for kind, x in _records(plan):
        ident = x.id
        found = urls.report(ident) if kind == "report" else (record_target(plan, kind, ident) or ("", ""))[0]
        name = x.title if kind == "report" else (record_target(plan, kind, ident) or ("", ident))[1]
        rows.append(Row(ident, kind, name or ident, _summary(x), *_dates(plan, kind, ident), found))
    return rows


def catalogue_files(plan: Plan) -> dict[str, bytes]:
    """{catalogue.csv: UTF-8 CSV with BOM}: the page's rows, with each page's address from the site root."""
    body = [
        [r.id, TYPE_LABEL[r.kind], r.name, r.summary, r.created, r.modified, urls.site_url(r.page) if r.page else ""]
        for r in catalogue_rows(plan)
    ]
    return {urls.CATALOGUE_CSV: csv_bytes(HEADER, body)}


def catalogue_page(plan: Plan) -> str:
    page = urls.CATALOGUE
    rows = catalogue_rows(plan)
    h = history_of(plan)
    counts = "、".join(f"{TYPE_LABEL[k]} {n}" for k in TYPES if (n := sum(r.kind == k for r in rows)))
    out = [
        "# 信息公开目录",
        "",
        '<p class="lead">本站公开的每一条记录，按《政府信息公开条例》第十二条的目录项列出：索引号（记录的固定编号，'
        "网址和下载数据中都用它）、名称、内容概述、生成日期（首次公开）和修改日期（最近一次修改）。</p>",
        "",
        f"共 {len(rows)} 条：{counts}。下载：{link(page, urls.CATALOGUE_CSV, '信息公开目录（CSV）')}。"
        f"每次修改的内容见{link(page, urls.CHANGES, '更新记录')}。",
        "",
    ]
    if h is None or h.note:
        out += [f'<p class="history-note">{md(h.note if h is not None else "未读取修订记录。")}生成日期和修改日期因此空缺。</p>', ""]
    for kind in TYPES:
        mine = [r for r in rows if r.kind == kind]
        if not mine:
            continue
        out += [f"## {TYPE_LABEL[kind]}（{len(mine)}）", "", "| 索引号 | 名称 | 内容概述 | 生成日期 | 修改日期 |", "|---|---|---|---|---|"]
        for r in mine:
            name = link(page, r.page, cut(r.name, 40)) if r.page else md(cut(r.name, 40))
            out.append(
                f'| <span id="{attr(r.id)}">{md(r.id)}</span> | {name} | {md(r.summary)} | {r.created or "—"} | {r.modified or "—"} |'
            )
        out.append("")
    return "\n".join(out) + "\n"
