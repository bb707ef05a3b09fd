"""Read a filled 进展填报表 (XLSX, or the CSVs saved by Excel/WPS in UTF-8, GBK or UTF-16) into
plan_data/progress/<report>.yaml.

In:  worksheet files, a report id, the plan_data directory.
Out: the report YAML written (or left alone when identical: re-importing changes nothing), or a
     WorksheetError listing every problem by file, sheet, row and column with what was expected.
     Nothing is written on any error. The YAML is finally checked by the same validator as
     ``make check``; what it finds is named by the sheet, row and column it came from.

Checks beyond single cells: a worksheet made for an existing report (``worksheet --report``) whose
report changed since is refused unless ``ignore_stale``; a ``replace`` that would delete entries the
files do not show at all (one CSV given, a department's sheet, the targets kept in YAML) needs ``yes``
or ``confirm``; a report whose title and issuer are another's, with dates equal but for precision
(2024-03 and 2024-03-15), needs ``yes``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..fsio import inside, write_atomic
from ..input import schema as S
from ..input.errors import Problem
from ..input.load import load_bytes, load_file
from ..input.validate import pydantic_problems
from ..model import Plan
from .check import report_problems
from .status import data_date, end_of, reportable_of
from .worksheet import INFO_SHEET, STAMP_KEY, report_stamp
from .worksheet_merge import LIST_OF_KIND, META_LABEL, SOURCE_LABEL, change_summary, compose, content, existing_meta, new_meta, report_yaml
from .worksheet_parse import Origin, Reading, info_cells, prefilled_texts, read_info, read_list, read_stamp
from .worksheet_problems import Problems, SheetProblem, WorksheetError
from .worksheet_read import LARGE_XLSX, Table, read_tables, recognise


@dataclass
class ImportResult:
    """What an import did: the report file, whether it was written, and the change summary."""

    path: Path
    changed: bool
    summary: list[str]


@dataclass
class Read:
    """What the files hold: entries, the lists read, the 报告信息 values and their table."""

    entries: list[dict]
    kinds: set[str]
    info: dict | None
    info_table: Table | None


Confirm = Callable[[list[str]], bool]
"""Asks a person (on a terminal) whether to go on despite what the lines say; True to go on."""


def import_progress(
    paths: list[Path],
    report_id: str,
    data_dir: Path,
    plan: Plan,
    replace: bool = False,
    *,
    yes: bool = False,
    ignore_stale: bool = False,
    confirm: Confirm | None = None,
) -> ImportResult:
    """Write plan_data/progress/<report_id>.yaml from filled worksheets.

    A new report needs its 报告信息. Into an existing report the entries of the files are merged (added
    or changed; entries not in the files are kept); ``replace`` makes the files the whole report. A
    报告信息 that differs from the existing report's is refused unless ``replace``; a report with the
    title, issuer and dates of another report is refused as a duplicate. ``yes`` (or ``confirm``
    answering True) lets through what needs a person's word (see the module docstring). Nothing is
    written when the result is unchanged. Raises WorksheetError."""
    data_dir = Path(data_dir)
    problems = Problems()
    target = data_dir / "progress" / f"{report_id}.yaml"
    if not re.match(S.IDENT_PATTERN, report_id):
        problems.append(
            SheetProblem(
                "--report", "-", 0, "", f"报告 id “{report_id}” 格式不对", "只用小写英文字母、数字和连字符，以字母开头，如 rp-2023-mid"
            )
        )
    reading = Reading(reportable_of(plan), prefilled_texts(plan))
    tables = read_tables(paths, problems, LARGE_XLSX)  # read here, so a test can lower it
    got = _read_all(tables, reading, problems)
    existing = load_file(target, f"{data_dir.name}/progress/{target.name}").data if target.is_file() else None  # dates stay text
    problems += _whole_problems(paths, tables, got, existing, problems)
    if got.info is not None and not problems:
        problems += _meta_problems(got.info, got.info_table, report_id, existing, replace, data_dir, yes)
    if got.info_table is not None and not problems and not ignore_stale:
        problems += _stamp_problems(got.info_table, report_id, target, existing)
    if problems:
        raise WorksheetError(problems)
    report = compose(report_id, got.info, existing, got.entries, replace, reading.items)
    text = report_yaml(report)
    _validate(text, report, data_dir, reading, got.info_table)
    summary = change_summary(existing, report, {e["item"] for e in got.entries}, reading.items, replace) + _as_of_note(report)
    if existing is not None and content(existing) == content(report):  # same report, maybe written differently
        return ImportResult(target, False, summary)
    _confirm_deletions(existing, report, reading, yes, confirm)
    target.parent.mkdir(exist_ok=True)
    write_atomic(inside(data_dir, target), text)  # all or nothing; never through a link leaving plan_data/
    return ImportResult(target, True, summary)


def _read_all(tables: list[Table], reading: Reading, problems: Problems) -> Read:
    """Entries, the kinds of list read, the 报告信息 values and its table, from every table, until too many problems."""
    got = Read([], set(), None, None)
    for table in tables:
        if problems.full():
            break
        kind = recognise(table, not table.file.lower().endswith((".xlsx", ".xlsm")), problems)
        if kind == "list":
            got.kinds.add(table.sheet.kind)
            got.entries += read_list(table, reading, problems)
        elif kind == "info":
            got.info, got.info_table = read_info(table, problems), table
    return got


def _whole_problems(paths: list[Path], tables: list[Table], got: Read, existing: dict | None, problems: Problems) -> list[SheetProblem]:
    """No list at all; no 报告信息 for a new report (only when nothing else is wrong: they follow from it)."""
    if problems or not paths:
        return []
    if tables and not got.kinds:
        return [
            SheetProblem(
                paths[0].name,
                "-",
                0,
                "",
                "没有找到任何一张清单（指标清单、任务清单、项目清单）",
                "请导入 python -m genhe_plan worksheet 生成的表格",
            )
        ]
    if got.info is None and existing is None:
        return [
            SheetProblem(
                paths[0].name,
                INFO_SHEET,
                0,
                "",
                "缺少报告信息（这是一份新报告）",
                "在“报告信息”表（或 报告信息.csv）填写报告类型、标题、发布单位、日期和来源",
            )
        ]
    return []


def _meta_problems(
    info: dict, table: Table, report_id: str, existing: dict | None, replace: bool, data_dir: Path, yes: bool
) -> list[SheetProblem]:
    """A 报告信息 that is not the existing report's (unless --replace), or that duplicates another report
    (or may: the same title and issuer, dates equal but for precision, unless ``yes``)."""
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
    for other, old in _other_reports(data_dir, report_id):
        same = (old["title"], old["issuer"]) == (new["title"], new["issuer"])
        dates = [(new[k], old[k]) for k in ("date", "as_of")]
        if same and all(a == b for a, b in dates):
            out.append(
                SheetProblem(
                    table.file,
                    table.name,
                    0,
                    "",
                    f"与已有报告 {other} 重复：标题、发布单位、发布日期和数据截至都相同",
                    f"同一份报告只录入一次；要更新它，用 --report {other}",
                )
            )
        elif same and not yes and all(_same_day(a, b) for a, b in dates):
            shown = "；".join(f"{META_LABEL[k]} {a} 与 {b}" for k, (a, b) in zip(("date", "as_of"), dates, strict=True) if a != b)
            out.append(
                SheetProblem(
                    table.file,
                    table.name,
                    0,
                    "",
                    f"可能与已有报告 {other} 重复：标题、发布单位相同，日期只是精确程度不同（{shown}）",
                    f"同一份报告只录入一次：要更新它，用 --report {other}；确是另一份报告时加 --yes 再导入",
                )
            )
    return out


def _other_reports(data_dir: Path, report_id: str) -> list[tuple[str, dict]]:
    """(id, metadata) of every other report file that reads as YAML."""
    out = []
    for other in sorted((data_dir / "progress").glob("*.yaml")):
        if other.stem == report_id:
            continue
        try:
            data = yaml.safe_load(other.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            out.append((other.stem, existing_meta(data)))
    return out


def _same_day(a: str | None, b: str | None) -> bool:
    """2024-03 and 2024-03-15 (or 2024 and 2024-03): one date may be the other, written less precisely."""
    if not a or not b:
        return a == b
    short, long = sorted((str(a), str(b)), key=len)
    return long == short or long.startswith(short + "-")


STAMP = re.compile(r"^(\S+)\s*·\s*([0-9a-f]{12})\s*·\s*(\S+)$")


def _stamp_problems(table: Table, report_id: str, target: Path, existing: dict | None) -> list[SheetProblem]:
    """The worksheet was made for another report, or for this one before it changed (or was removed)."""
    stamp, row = read_stamp(table)
    if not stamp:
        return []
    where = (table.file, table.name, row, "B（内容）")
    m = STAMP.match(stamp)
    if m is None:
        return [
            SheetProblem(
                *where, f"{STAMP_KEY} “{stamp[:40]}” 被改动过", "这一格请勿修改：重新导出填报表，或清空这一格（不再核对报告是否改过）"
            )
        ]
    made_for, digest, made = m.groups()
    if made_for != report_id:
        return [
            SheetProblem(
                *where,
                f"这份填报表是为报告 {made_for} 导出的，却要导入到 {report_id}",
                f"更新那份报告用 --report {made_for}；录入另一份新报告请用空白填报表（python -m genhe_plan worksheet）",
            )
        ]
    ignore = "确要以这份表为准，加 --ignore-stale 再导入"
    if existing is None:
        return [SheetProblem(*where, f"报告 {made_for} 在导出这份填报表（数据日期 {made}）之后被删除了", ignore)]
    try:
        now = report_stamp(S.ReportFile.model_validate(existing))
    except ValidationError:
        now = "（无法读取）"
    if now == digest:
        return []
    changed = datetime.datetime.fromtimestamp(target.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return [
        SheetProblem(
            *where,
            f"报告 {made_for} 在导出这份填报表之后被改过：填报表是按版本 {digest}（数据日期 {made}）导出的，"
            f"报告现在是版本 {now}（文件最后修改于 {changed}）；按这份表导入会覆盖之后的修改",
            f"重新导出 python -m genhe_plan worksheet --report {made_for}，把这份表的填写内容复制过去再导入；{ignore}",
        )
    ]


AS_OF_NOTE = (
    "  注意: 数据截至 {as_of} 晚于此前的数据日期 {today}：此后生成网站时，数据日期是已录入报告中最晚的数据截至日期 {end}"
    "（见“进展”页的规则），期限早于这一天、又未见完成报告的条目将显示“期限已过”。数据截至写错了的话，改正后重新导入。"
)


def _as_of_note(report: dict) -> list[str]:
    """A line for the summary when the report speaks of a time after the data date: the next build's data
    date moves to it (``progress.dates.reported_epoch``), which may turn deadlines into 期限已过."""
    end, today = end_of(str(report["as_of"])), data_date()
    return [AS_OF_NOTE.format(as_of=report["as_of"], today=today, end=end)] if end > today else []


def _confirm_deletions(existing: dict | None, report: dict, reading: Reading, yes: bool, confirm: Confirm | None) -> None:
    """Entries --replace would delete although no row of the files shows them (a list not given, a
    department's sheet, targets kept in YAML): go on only with ``yes`` or a person's confirmation."""
    kept = {e["item"] for e in report["entries"]}
    gone: dict[str, list[str]] = {}
    for e in (existing or {}).get("entries", []):
        item = e.get("item") if isinstance(e, dict) else None
        if item not in kept and item not in reading.listed:
            info = reading.items.get(item)
            gone.setdefault(LIST_OF_KIND[info.kind] if info else "其他", []).append(str(item))
    if not gone or yes:
        return
    order = [*LIST_OF_KIND.values(), "其他"]
    lines = [
        f"  {name} {len(gone[name])} 条：{'、'.join(gone[name][:30])}{' 等' if len(gone[name]) > 30 else ''}"
        for name in order
        if name in gone
    ]
    head = f"--replace 将删除报告 {report['id']} 中 {sum(map(len, gone.values()))} 个所给文件里没有的条目"
    if confirm is not None and confirm([head + "：", *lines]):
        return
    hint = (
        "这些条目不在所给的文件中（只给了部分清单、按部门导出的表，或写在 YAML 中的目标）。"
        "确要删除：在终端中输入“是”确认，或加 --yes；要保留：去掉 --replace（合并导入）"
    )
    raise WorksheetError([SheetProblem("--replace", "-", 0, "", head + "：" + "；".join(line.strip() for line in lines), hint)])


def ask_on_terminal(lines: list[str]) -> bool:
    """Print the lines and ask; True when the answer is 是 or y."""
    print("\n".join(lines))
    try:
        answer = input("确认删除以上条目？输入 是 或 y 确认，其他任何输入取消: ")
    except EOFError:
        return False
    return answer.strip().lower() in ("是", "y", "yes")


FIELD_COLUMN = {"status": "状态", "value": "报告值", "unit": "单位", "evidence": "报告原话", "note": "备注"}
ENTRY_PATH = re.compile(r"^entries\[(\d+)\](?:\.(\w+))?")


def _validate(text: str, report: dict, data_dir: Path, reading: Reading, info_table: Table | None) -> None:
    """The report as ``make check`` would see it; a WorksheetError naming the sheet, row and column each
    problem came from (never the key path of a YAML file that was not written)."""
    rel = f"{Path(data_dir).name}/progress/{report['id']}.yaml"
    raw = load_bytes(text.encode("utf-8"), rel)
    try:
        model = S.ReportFile.model_validate(raw.data)
    except ValidationError as err:
        found = pydantic_problems(raw, err)
    else:
        found = report_problems([(rel, model)], {rel: raw}, reading.items)
    if found:
        raise WorksheetError([_where(p, report, reading.seen, info_table) for p in found])


def _where(p: Problem, report: dict, seen: dict[str, Origin], info_table: Table | None) -> SheetProblem:
    """A problem of the composed report, at the worksheet cell its value came from."""
    m = ENTRY_PATH.match(p.path)
    if m:
        item = report["entries"][int(m[1])].get("item")
        at = seen.get(item)
        if at is None:  # an entry kept from the existing report: it is in that file
            return SheetProblem(p.file, f"已有条目 {item}", 0, "", f"{p.path}: {p.message}", p.hint)
        return SheetProblem(at.file, at.sheet, at.row, at.column(FIELD_COLUMN.get(m[2] or "", at.header[0])), p.message, p.hint)
    field = p.path.removeprefix("source.").split(".")[0].split("[")[0]
    field = {"source": "url", "": "url"}.get(field, field)  # the source as a whole: at its first row
    label = (META_LABEL | SOURCE_LABEL).get(field)
    if info_table is not None and label:
        row = info_cells(info_table).get(label, ("", 0))[1]
        return SheetProblem(info_table.file, info_table.name, row, "B（内容）" if row else "", f"{label}: {p.message}", p.hint)
    return SheetProblem(p.file, "-", 0, "", f"{p.path or '(文件)'}: {p.message}", p.hint)


__all__ = ["LARGE_XLSX", "LIST_OF_KIND", "SheetProblem", "WorksheetError", "ask_on_terminal", "import_progress"]
