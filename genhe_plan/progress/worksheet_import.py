"""Read a filled 进展填报表 (XLSX, or the CSVs saved by Excel/WPS in UTF-8, GBK or UTF-16) into
plan_data/progress/<report>.yaml.

In:  worksheet files, a report id, the plan_data directory.
Out: the report YAML written (or left alone when identical: re-importing changes nothing), or a
     WorksheetError listing every problem by file, sheet, row and column with what was expected.
     Nothing is written on any error. The YAML is finally checked by the same validator as
     ``make check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..input import schema as S
from ..input.errors import PlanDataError
from ..input.load import load_bytes, load_file
from ..input.validate import pydantic_problems
from ..model import Plan
from .check import report_problems
from .status import reportable_of
from .worksheet import INFO_SHEET
from .worksheet_merge import LIST_OF_KIND, META_LABEL, SOURCE_LABEL, change_summary, compose, content, existing_meta, new_meta, report_yaml
from .worksheet_parse import read_info, read_list
from .worksheet_problems import Problems, SheetProblem, WorksheetError
from .worksheet_read import LARGE_XLSX, Table, read_tables, recognise


@dataclass
class ImportResult:
    """What an import did: the report file, whether it was written, and the change summary."""

    path: Path
    changed: bool
    summary: list[str]


def import_progress(paths: list[Path], report_id: str, data_dir: Path, plan: Plan, replace: bool = False) -> ImportResult:
    """Write plan_data/progress/<report_id>.yaml from filled worksheets.

    A new report needs its 报告信息. Into an existing report the entries of the files are merged (added
    or changed; entries not in the files are kept); ``replace`` makes the files the whole report. A
    报告信息 that differs from the existing report's is refused unless ``replace``; a report with the
    title, issuer and dates of another report is refused as a duplicate. Nothing is written when the
    result is unchanged. Raises WorksheetError (worksheet mistakes) or PlanDataError (the result fails
    validation)."""
    problems = Problems()
    target = Path(data_dir) / "progress" / f"{report_id}.yaml"
    if not re.match(S.IDENT_PATTERN, report_id):
        problems.append(
            SheetProblem(
                "--report", "-", 0, "", f"报告 id “{report_id}” 格式不对", "只用小写英文字母、数字和连字符，以字母开头，如 rp-2023-mid"
            )
        )
    items = reportable_of(plan)
    tables = read_tables(paths, problems, LARGE_XLSX)  # read here, so a test can lower it
    entries, kinds, info, info_table = _read_all(tables, items, problems)
    if tables and not kinds and not problems:
        problems.append(
            SheetProblem(
                paths[0].name,
                "-",
                0,
                "",
                "没有找到任何一张清单（指标清单、任务清单、项目清单）",
                "请导入 python -m genhe_plan worksheet 生成的表格",
            )
        )
    existing = load_file(target, f"{Path(data_dir).name}/progress/{target.name}").data if target.is_file() else None  # dates stay text
    if info is None and existing is None and not problems:
        problems.append(
            SheetProblem(
                paths[0].name,
                INFO_SHEET,
                0,
                "",
                "缺少报告信息（这是一份新报告）",
                "在“报告信息”表（或 报告信息.csv）填写报告类型、标题、发布单位、日期和来源",
            )
        )
    if info is not None and not problems:
        problems += _meta_problems(info, info_table, report_id, existing, replace, Path(data_dir))
    if problems:
        raise WorksheetError(problems)
    report = compose(report_id, info, existing, entries, replace, items)
    text = report_yaml(report)
    _validate(text, report_id, data_dir, items)
    summary = change_summary(existing, report, {e["item"] for e in entries}, items, replace)
    if existing is not None and content(existing) == content(report):  # same report, maybe written differently
        return ImportResult(target, False, summary)
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return ImportResult(target, True, summary)


def _read_all(tables: list[Table], items: dict, problems: Problems) -> tuple[list[dict], set[str], dict | None, Table | None]:
    """(entries, kinds of list read, 报告信息 values, its table) from every table, until too many problems."""
    entries, seen, kinds, info, info_table = [], {}, set(), None, None
    for table in tables:
        if problems.full():
            break
        kind = recognise(table, not table.file.lower().endswith((".xlsx", ".xlsm")), problems)
        if kind == "list":
            kinds.add(table.sheet.kind)
            entries += read_list(table, items, problems, seen)
        elif kind == "info":
            info, info_table = read_info(table, problems), table
    return entries, kinds, info, info_table


def _meta_problems(info: dict, table: Table, report_id: str, existing: dict | None, replace: bool, data_dir: Path) -> list[SheetProblem]:
    """A 报告信息 that is not the existing report's (unless --replace), or that duplicates another report."""
    out = []
    new = new_meta(info)
    if existing is not None and not replace:
        old = existing_meta(existing)
        labels = META_LABEL | SOURCE_LABEL
        diffs = [f"{labels[k]}：文件中为“{new[k] or '（空）'}”，已有报告为“{old[k] or '（空）'}”" for k in labels if new[k] != old[k]]
        if diffs:
            out.append(
                SheetProblem(
                    table.file,
                    table.name,
                    0,
                    "",
                    f"报告信息与已有报告 {report_id}（{old['title']}）不同：" + "；".join(diffs),
                    f"如果这是对同一份报告的更正，加 --replace 以文件内容整份替换 {report_id}；"
                    "如果是另一份报告，换一个 --report id（已有报告: python -m genhe_plan progress list）",
                )
            )
    key = (new["title"], new["issuer"], new["date"], new["as_of"])
    for other in sorted((data_dir / "progress").glob("*.yaml")):
        if other.stem == report_id:
            continue
        try:
            data = yaml.safe_load(other.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        old = existing_meta(data) if isinstance(data, dict) else {}
        if old and (old["title"], old["issuer"], old["date"], old["as_of"]) == key:
            out.append(
                SheetProblem(
                    table.file,
                    table.name,
                    0,
                    "",
                    f"与已有报告 {other.stem} 重复：标题、发布单位、发布日期和数据截至都相同",
                    f"同一份报告只录入一次；要更新它，用 --report {other.stem}",
                )
            )
    return out


def _validate(text: str, report_id: str, data_dir: Path, items: dict) -> None:
    """The report as ``make check`` would see it; PlanDataError when it fails."""
    rel = f"{Path(data_dir).name}/progress/{report_id}.yaml"
    raw = load_bytes(text.encode("utf-8"), rel)
    try:
        model = S.ReportFile.model_validate(raw.data)
    except ValidationError as err:
        raise PlanDataError(pydantic_problems(raw, err)) from None
    problems = report_problems([(rel, model)], {rel: raw}, items)
    if problems:
        raise PlanDataError(problems)


__all__ = ["LARGE_XLSX", "LIST_OF_KIND", "SheetProblem", "WorksheetError", "import_progress"]
