"""Step 2b — validate progress reports (plan_data/progress/*.yaml) against the plan.

In:  the Validated bundle (plan files already typed) and the typed reports with their RawFiles.
Out: a list of Problems in the same plain words as the plan data: unknown item id (with
     suggestions), a value that is not a number for a numeric indicator or target, a unit that is
     not the item's, one item twice in a report, a report id that is not its file name, two reports
     with one id, a publication date before the as_of date.

Which items can be reported on (``reportable``): 十四五 targets (kind target), indicators, tasks
(paragraphs of kind task) and key projects. Achievements (十三五成就) are history, not reportable.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..input import schema as S
from ..input.errors import Problem

NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
ITEM_KIND_LABEL = {"target": "目标", "indicator": "指标", "task": "任务", "project": "重点工程"}


@dataclass(frozen=True)
class Reportable:
    """One item a report may refer to: its kind, whether its value must be a number, its unit."""

    kind: str  # target | indicator | task | project
    numeric: bool
    unit: str | None
    label: str


def parse_number(value: object) -> float | None:
    """91.8, '91.8', ' 91.8 ' → 91.8; anything else (text, '约92', '92%') → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip() if value is not None else ""
    return float(text) if NUMBER.match(text) else None


def reportable(targets, indicators, tasks, projects) -> dict[str, Reportable]:
    """{id: Reportable} from the plan's typed lists (targets of kind achievement are left out), in the
    order reports, worksheets and roll-ups list them: indicators, tasks, projects, targets — each in
    the order given."""
    out: dict[str, Reportable] = {}
    for i in indicators:
        out[i.id] = Reportable("indicator", True, i.unit, f"{i.number}. {i.name}")
    for p in tasks:
        out[p.id] = Reportable("task", False, None, p.title or p.text[:30])
    for pr in projects:
        out[pr.id] = Reportable("project", False, None, pr.title)
    for t in targets:
        if t.kind == "target":
            out[t.id] = Reportable("target", parse_number(t.value) is not None, t.unit, t.metric)
    return out


def report_problems(reports: list[tuple[str, S.ReportFile]], raw: dict, items: dict[str, Reportable] | None) -> list[Problem]:
    """Problems of every report. ``reports`` are (file path, model); ``raw`` maps path → RawFile.
    ``items`` is None when a plan file the ids come from is itself broken: ids are then not checked,
    so one broken file does not cascade into "unknown id" errors here."""
    problems: list[Problem] = []
    ids = Counter(r.id for _, r in reports)
    same = lambda r: (r.title, r.issuer, r.date, r.as_of)  # noqa: E731 — one report, entered twice
    first_of = {}
    for _, r in reports:
        first_of.setdefault(same(r), r.id)
    for fn, r in reports:
        where = lambda path, fn=fn: raw[fn].mark(path) if fn in raw else (1, 1)  # noqa: E731

        def add(path, msg, hint="", fn=fn, where=where):
            line, col = where(path)
            problems.append(Problem(fn, line, col, _fmt(path), msg, hint))

        stem = PurePosixPath(fn).stem
        if r.id != stem:
            add(("id",), f"报告 id “{r.id}” 与文件名 {stem}.yaml 不一致", f"把 id 改为 {stem}，或把文件改名为 {r.id}.yaml")
        if ids[r.id] > 1:
            add(("id",), f"报告 id “{r.id}” 重复", "每份报告一个文件、一个 id")
        if first_of[same(r)] != r.id:
            add(
                ("title",),
                f"与报告 {first_of[same(r)]} 重复：标题、发布单位、发布日期和数据截至都相同",
                f"同一份报告只录入一次：把两份合并到 {first_of[same(r)]}，删去这一份",
            )
        if _date_key(r.date) < _date_key(r.as_of)[: len(_date_key(r.date))]:
            add(("date",), f"发布日期 {r.date} 早于数据截止日期 as_of {r.as_of}", "date 是报告印发日期，as_of 是报告所述情况的截止日期")
        seen: dict[str, int] = {}
        for i, e in enumerate(r.entries):
            if e.item in seen:
                add(
                    ("entries", i, "item"),
                    f"条目 “{e.item}” 在这份报告中出现了两次（另见 entries[{seen[e.item]}]）",
                    "同一份报告中每个条目只写一次；请合并",
                )
            seen.setdefault(e.item, i)
            if items is None:
                continue
            info = items.get(e.item)
            if info is None:
                add(("entries", i, "item"), f"未知条目 “{e.item}”", "可用的 id: " + suggest(e.item, items))
                continue
            if info.numeric and e.value is not None and parse_number(e.value) is None:
                add(
                    ("entries", i, "value"),
                    f"{ITEM_KIND_LABEL[info.kind]} {e.item} 的数值应为数字（现在是 “{str(e.value)[:40]}”）",
                    "只写数字，如 91.8；单位写在 unit；无法给出数字时删去 value，在 note 中说明",
                )
            if info.numeric and e.value is not None and (e.unit or None) != (info.unit or None):
                add(
                    ("entries", i, "unit"),
                    f"单位 “{e.unit or '（空）'}” 与{ITEM_KIND_LABEL[info.kind]} {e.item} 的单位 “{info.unit or '（无单位）'}” 不一致",
                    f"请换算为 {info.unit}" if info.unit else "此指标没有单位：删去 unit",
                )
    return problems


def suggest(ident: str, items: dict[str, Reportable], limit: int = 12) -> str:
    """Known ids with the same prefix (tg-, ind-, t05-, kp-…), nearest first, with their names."""
    head = ident.split("-")[0]
    near = sorted(i for i in items if i.split("-")[0] == head) or sorted(items)
    near.sort(key=lambda i: (_distance(i, ident), i))
    shown = [f"{i}（{items[i].label[:20]}）" for i in near[:limit]]
    return "、".join(shown) + (" …" if len(near) > limit else "")


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit (ind-61 → ind-16)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _date_key(d: str) -> tuple[int, ...]:
    return tuple(int(x) for x in d.split("-"))


def _fmt(path) -> str:
    from ..input.load import format_path

    return format_path(path)
