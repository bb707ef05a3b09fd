"""The report files in plan_data/progress/: list them (``report_table``) and remove one (``remove``).

Read as plain YAML, not through the validated plan, so a broken report can still be listed and
removed (that is how an official undoes a bad import); item kinds come from the plan when it loads.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import fsio
from ..input import schema as S
from .worksheet_import import LIST_OF_KIND

COLUMNS = ["id", "类型", "标题", "发布日期", "数据截至", *LIST_OF_KIND.values(), "其他"]


def report_files(data_dir: Path) -> list[Path]:
    return sorted((Path(data_dir) / "progress").glob("*.yaml"))


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def report_table(data_dir: Path, kinds: dict[str, str]) -> list[list[str]]:
    """One row per report file: id, kind, title, dates and entries per list (``kinds``: item id →
    indicator | task | project | target; other ids count as 其他)."""
    rows = []
    for path in report_files(data_dir):
        data = _read(path)
        counts = dict.fromkeys([*LIST_OF_KIND.values(), "其他"], 0)
        for e in data.get("entries") or []:
            item = e.get("item") if isinstance(e, dict) else None
            counts[LIST_OF_KIND.get(kinds.get(item, ""), "其他")] += 1
        head = [
            path.stem,
            str(data.get("kind", "?")),
            str(data.get("title", "（无法读取）")),
            str(data.get("date", "")),
            str(data.get("as_of", "")),
        ]
        rows.append(head + [str(n) for n in counts.values()])
    return rows


def format_table(rows: list[list[str]]) -> str:
    """Tab-separated, with the header: readable in a terminal and pastable into a spreadsheet."""
    return "\n".join("\t".join(r) for r in [COLUMNS, *rows]) + "\n"


def remove(data_dir: Path, report_id: str) -> Path:
    """Delete plan_data/progress/<report_id>.yaml; KeyError (a sentence for the official) when the id is
    not a report id (``..``, a path, too long: nothing outside the folder can be named), when there is no
    such report, or when the file is a link or lies outside the data directory."""
    problem = S.report_id_problem(report_id)
    if problem:
        raise KeyError(problem)
    folder = Path(data_dir) / "progress"
    path = folder / f"{report_id}.yaml"
    if path.is_symlink():
        raise KeyError(f"{path} 是一个链接（symbolic link），不是报告文件；为安全起见不删除它，请手工处理")
    try:
        fsio.inside(data_dir, path)
    except fsio.OutsideFolder:
        raise KeyError(f"{folder} 指向数据目录之外，不删除任何文件") from None
    if not path.is_file():
        known = "、".join(p.stem for p in report_files(data_dir)) or "（无）"
        raise KeyError(f"没有报告 {report_id}；已有: {known}")
    fsio.remove(path)
    return path
