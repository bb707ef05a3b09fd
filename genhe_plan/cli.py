"""Command line: ``python -m genhe_plan check | build [--offline] [--engine E] [--site-dir DIR] [--config FILE] | serve-zensical | schema | commitments | audit``.

check   validate plan_data/ without building (exit 1 and every problem listed on bad data); also
        fails when a dated or quantified clause is neither a target nor reviewed, or when the
        mechanical audit finds a candidate problem no record in conflicts.yaml/errata.yaml covers
commitments  list every clause with a year or a quantity and the targets covering it (exit 1 if any
        is uncovered)
audit   list the mechanical audit's candidates and whether a record covers each
build   mkdocs build --strict into a temporary folder, then swap it into place: a failed build
        leaves the last good site untouched; --engine zensical renders the same site with Zensical
serve-zensical [--dev-addr HOST:PORT]  zensical serve on the staged site
schema  write the JSON Schema files editors use (plan_data/schema/*.json)
worksheet [--out DIR] [--report ID] [--dept ID]  write the 三张清单 (XLSX + CSV) officials fill in each
        year; --report fills in an existing report to update it, --dept keeps one department's rows
import-progress FILE… --report ID [--replace] [--yes] [--ignore-stale]  merge a filled worksheet into
        plan_data/progress/ID.yaml (or, with --replace, make it the whole report); prints what changed
progress list | remove ID        the report files: list them, or remove one
evaluation --report ID [--as-of DATE] [--dept ID] --out FILE.docx [--xlsx FILE.xlsx]  the evaluation
        (终期评估: 指标、主要任务、重点工程 完成情况) from the recorded reports, as a Word document in the
        official-document format and, with --xlsx, the same tables as a workbook
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from pathlib import Path

from . import fsio, publishing
from .history.git import date_the_build
from .input.errors import PlanDataError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plan_data"


def cmd_check(args: argparse.Namespace) -> int:
    plan = _load_or_report(args)
    if plan is None:
        return 1
    if _coverage_failures(plan):
        return 1
    print(
        f"规划数据无误: {len(plan.chapters)} 章, {len(plan.tasks)} 项任务, {len(plan.targets)} 个目标, "
        f"{len(plan.indicators)} 项指标, {len(plan.projects)} 项重点工程, {len(plan.departments)} 个部门, {len(plan.reports)} 份进展报告"
    )
    return 0


def _coverage_failures(plan) -> int:
    """Print clauses no target covers and audit candidates no record covers; return how many."""
    from .audit import checks as audit
    from .audit import commitments

    missing = commitments.uncovered(plan)
    for c in missing:
        print(f"未覆盖的承诺: {c.where} 第 {c.line} 行: {'；'.join(c.missing)}", file=sys.stderr)
    if missing:
        print("    提示: 把它写成 targets.yaml 中的目标（逐字引文），或在 commitments_reviewed.yaml 中说明为何不是承诺", file=sys.stderr)
    candidates = audit.uncovered(plan)
    for f in candidates:
        print(f"未登记的原文问题: {f.label}: {f.detail}（行 {', '.join(map(str, f.lines)) or '—'}）", file=sys.stderr)
    if candidates:
        print("    提示: 核对原文后在 conflicts.yaml（或 errata.yaml）中登记，或改进 genhe_plan/audit/checks.py 的检查", file=sys.stderr)
    return len(missing) + len(candidates)


def _load_or_report(args: argparse.Namespace):
    from .model import load_plan

    try:
        return load_plan(Path(args.data))
    except PlanDataError as err:
        print(err.report(), file=sys.stderr)
        return None


def cmd_commitments(args: argparse.Namespace) -> int:
    from .audit import commitments

    plan = _load_or_report(args)
    if plan is None:
        return 1
    print(commitments.report(plan), end="")
    return 1 if commitments.uncovered(plan) else 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .audit import checks as audit

    plan = _load_or_report(args)
    if plan is None:
        return 1
    found = audit.run(plan)
    missing = set(audit.uncovered(plan, found))
    for f in found:
        lines = ", ".join(map(str, f.lines)) or "—"
        print(f"{'未登记' if f in missing else '已登记'}\t{f.label}\t行 {lines}\t{f.detail}")
    print(f"共 {len(found)} 个候选，{len(missing)} 个未登记；已登记的原文问题 {len(plan.findings)} 条")
    return 1 if missing else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a fresh temporary folder beside the site, then swap it into place, all under a lock: a
    failed or interrupted build leaves the last good site untouched, and a second build into the same
    folder waits for the first (never two half sites). MkDocs (the default): ``mkdocs build --strict``,
    whose hook prepares the site (``site.prepare``). Zensical: the same prepared site staged on disk."""
    site = Path(args.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    with publishing.site_lock(site), publishing.work_folder(site) as work:
        env = build_env(args, args.offline)
        out = work / "site"
        built = _zensical_build(args, out, env) if args.engine == "zensical" else _mkdocs_build(out, Path(args.config))
        if not built:
            print(f"构建失败，{site} 保持不变（build failed; the last good site is untouched）", file=sys.stderr)
            return 1
        publishing.swap(out, site, work / "old")
    print(f"网站已生成: {site}")
    return 0


def build_env(args: argparse.Namespace, offline: bool) -> dict[str, str]:
    """The environment a build runs in: online or offline, the data directory (the data date ``main`` set).
    Set in this process, where MkDocs and its hook run (and Zensical's staging), and returned for Zensical's
    own process."""
    os.environ.update(NO_MKDOCS_2_WARNING="1", OFFLINE="true" if offline else "false", PLAN_DATA=str(Path(args.data).resolve()))
    return dict(os.environ)


def _mkdocs_build(out: Path, config: Path) -> bool:
    """``mkdocs build --strict`` into ``out``, run in this process as the ``mkdocs`` command runs it (why not
    a subprocess: a second Python start and imports cost a tenth of a second and buy nothing). A bad-data
    report from the hook, or a warning under --strict, is printed and gives False. (Not --quiet: it drops
    warnings before --strict counts them, so a broken link passed.)"""
    import click
    from mkdocs.__main__ import cli

    args = ["build", "--strict", "-f", str(config), "-d", str(out)]
    try:
        cli.main(args, prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as err:
        err.show()
        return False
    except click.exceptions.Abort:  # click's word for Ctrl-C inside its command: ours to report
        raise KeyboardInterrupt from None
    return True


def _zensical_stage(args: argparse.Namespace, stage_dir: Path) -> Path | None:
    """The prepared site staged for Zensical (``engines.zensical.stage``): its config's path, or None
    (reported) when Zensical is missing or the data is bad."""
    from .engines import zensical

    if zensical.installed() is None:
        print(
            f"Zensical 未安装（Zensical is not installed in {sys.prefix}）: run `make build ENGINE=zensical`, "
            f"which installs {zensical.REQUIREMENTS.name}",
            file=sys.stderr,
        )
        return None
    from .site import prepare

    try:
        build = prepare(Path(args.data))
    except PlanDataError as err:
        print(err.report(), file=sys.stderr)
        return None
    return zensical.stage(build, stage_dir)


def _zensical_build(args: argparse.Namespace, out: Path, env: dict[str, str]) -> bool:
    """Zensical's site into ``out``, staged beside it (in the build's own temporary folder)."""
    from .engines import zensical

    stage_dir = out.with_name(out.name + ".stage")
    config = _zensical_stage(args, stage_dir)
    ok = config is not None and zensical.run(config, env) == 0
    if ok:
        (stage_dir / "site").rename(out)
    return ok


def cmd_serve_zensical(args: argparse.Namespace) -> int:
    """``zensical serve`` on the staged site (staged once: restart it after an edit of plan_data/ or docs/)."""
    from .engines import zensical

    env = build_env(args, offline=False)
    config = _zensical_stage(args, ROOT / "build" / "zensical-serve")
    if config is None:
        return 1
    return zensical.run(config, env, serve=args.dev_addr)


def json_schemas() -> dict[str, str]:
    """{file name: JSON Schema text} for every data file kind."""
    from .input.schema import FILE_MODELS

    out = {}
    for pattern, model in FILE_MODELS.items():
        name = pattern.replace("chapters/*.yaml", "chapter.yaml").replace("progress/*.yaml", "report.yaml").replace(".yaml", ".schema.json")
        out[name] = json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def cmd_schema(args: argparse.Namespace) -> int:
    target = Path(args.data) / "schema"
    target.mkdir(exist_ok=True)
    for name, text in sorted(json_schemas().items()):
        fsio.write_atomic(target / name, text)
    print(f"已写入 {target}")
    return 0


def cmd_worksheet(args: argparse.Namespace) -> int:
    from .progress.worksheet import worksheet_files

    if args.report and not _report_id_ok(args.report):
        return 2
    plan = _load_or_report(args)
    if plan is None:
        return 1
    try:
        files = worksheet_files(plan, report=args.report, dept=args.dept)
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            fsio.write_atomic(out / name, content)
    except OSError as err:
        print(f"无法写入 {out}：{_os_reason(err)}。请换一个可写的文件夹（--out 文件夹）", file=sys.stderr)
        return 1
    what = f"，已填入报告 {args.report} 的全部条目" if args.report else ""
    what += f"，只含部门 {plan.department(args.dept).name} 的条目" if args.dept else ""
    print(f"填报表已写入 {out}（进展填报表.xlsx，及每张清单的 CSV{what}）")
    return 0


def cmd_import_progress(args: argparse.Namespace) -> int:
    from .model import load_plan
    from .progress.worksheet_import import WorksheetError, ask_on_terminal, import_progress

    if not _report_id_ok(args.report):
        return 2
    try:
        plan = load_plan(Path(args.data))
        files, asks = [Path(f) for f in args.files], ask_on_terminal if sys.stdin.isatty() else None
        done = import_progress(
            files, args.report, Path(args.data), plan, replace=args.replace, yes=args.yes, ignore_stale=args.ignore_stale, confirm=asks
        )
    except (PlanDataError, WorksheetError) as err:
        print(err.report(), file=sys.stderr)
        return 1
    except fsio.OutsideFolder:
        print(f"{Path(args.data) / 'progress'} 指向数据目录之外（链接），未写入任何文件", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"无法写入报告文件：{_os_reason(err)}。数据未改变", file=sys.stderr)
        return 1
    print("\n".join(done.summary))
    if done.changed:
        print(f"已写入 {done.path}；下一步: make check（校验），make build（生成网站，在 site/ 中查看），然后提交 plan_data/progress/")
    else:
        print(f"没有变化，未改动 {done.path}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from .progress import reports

    if args.action == "remove":
        if not args.id:
            print("请写出要删除的报告 id：python -m genhe_plan progress remove ID（progress list 列出已有报告）", file=sys.stderr)
            return 2
        if not _report_id_ok(args.id):
            return 2
        try:
            path = reports.remove(Path(args.data), args.id)
        except KeyError as err:
            print(err.args[0], file=sys.stderr)
            return 1
        except OSError as err:
            print(f"无法删除：{_os_reason(err)}。数据未改变", file=sys.stderr)
            return 1
        print(f"已删除 {path}；下一步: make check，make build")
        return 0
    kinds = {}
    plan = _load_or_report(args)
    if plan is not None:
        from .progress.status import reportable_of

        kinds = {ident: item.kind for ident, item in reportable_of(plan).items()}
    rows = reports.report_table(Path(args.data), kinds)
    print(reports.format_table(rows) if rows else "plan_data/progress/ 中还没有报告", end="" if rows else "\n")
    return 0


def _report_id_ok(report_id: str) -> bool:
    """Print why ``report_id`` is not a report id (schema.report_id_problem); True when it is one."""
    from .input.schema import report_id_problem

    problem = report_id_problem(report_id)
    if problem:
        print(problem, file=sys.stderr)
    return not problem


def _os_reason(err: OSError) -> str:
    """An operating system's refusal in words: read-only, no permission, disk full, name too long."""
    reasons = {
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "文件夹是只读的",
        errno.ENOSPC: "磁盘已满",
        errno.ENAMETOOLONG: "文件名太长",
        errno.ENOENT: "文件夹不存在",
        errno.ENOTDIR: "路径中有一项不是文件夹",
        errno.EISDIR: "同名的文件夹已存在",
    }
    where = err.filename2 or err.filename  # a rename names its target second; the temporary file is no one's business
    return reasons.get(err.errno, err.strerror or type(err).__name__) + (f"（{where}）" if where else "")


INTERRUPTED = {
    "build": "构建已中止，网站未改变",
    "evaluation": "已中止，评估文档可能没有写完，请重新生成",
    "import-progress": "导入已中止，数据未改变",
    "progress": "操作已中止，数据未改变",
    "worksheet": "已中止，填报表可能不完整，请重新生成",
    "schema": "已中止，数据未改变",
}


def cmd_evaluation(args: argparse.Namespace) -> int:
    from .export.evaluation_docx import evaluation_docx
    from .export.evaluation_xlsx import evaluation_xlsx
    from .fsio import write_atomic
    from .input.schema import check_date
    from .progress import evaluation, status

    plan = _load_or_report(args)
    if plan is None:
        return 1
    try:
        on = status.end_of(check_date(args.as_of, 2021, 2030)) if args.as_of else None
    except ValueError as err:
        print(f"--as-of {args.as_of}: {err}", file=sys.stderr)
        return 2
    try:
        e = evaluation.evaluate(plan, args.report, on, args.dept)
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 1
    files = {Path(args.out): evaluation_docx(e)} | ({Path(args.xlsx): evaluation_xlsx(e)} if args.xlsx else {})
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content)
    except OSError as err:
        print(f"无法写入评估文档：{_os_reason(err)}。请换一个可写的位置（--out）", file=sys.stderr)
        return 1
    done = [str(p) for p in files]
    what = f"，只含部门 {e.dept.name} 的条目" if e.dept else ""
    print(f"评估文档已写入 {'、'.join(done)}（状态截至 {e.on.isoformat()}{what}）")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m genhe_plan", description="根河市“十四五”生态环境保护规划 数据与网站")
    parser.add_argument("--data", default=os.environ.get("PLAN_DATA", str(DATA)), help="plan_data 目录")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check", help="只校验数据").set_defaults(func=cmd_check)
    b = sub.add_parser("build", help="生成网站")
    b.add_argument("--site-dir", default=str(ROOT / "site"))
    b.add_argument("--offline", action="store_true", help="离线版（可从 file:// 打开）")
    b.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs", help="渲染引擎（默认 MkDocs Material）")
    b.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="MkDocs 配置文件（默认本仓库的 mkdocs.yml）")
    b.set_defaults(func=cmd_build)
    z = sub.add_parser("serve-zensical", help="用 Zensical 预览网站")
    z.add_argument("--dev-addr", default="127.0.0.1:8000")
    z.set_defaults(func=cmd_serve_zensical)
    sub.add_parser("schema", help="写出 JSON Schema").set_defaults(func=cmd_schema)
    sub.add_parser("commitments", help="列出含年份或数量的分句及覆盖它们的目标").set_defaults(func=cmd_commitments)
    sub.add_parser("audit", help="列出机械检查发现的原文问题候选").set_defaults(func=cmd_audit)
    w = sub.add_parser("worksheet", help="生成进展填报表（三张清单，XLSX 与 CSV）")
    w.add_argument("--out", default="worksheet", help="输出目录（默认 ./worksheet）")
    w.add_argument("--report", help="填入已有报告 ID 的全部条目和报告信息（用于更新这份报告）")
    w.add_argument("--dept", help="只含这个部门（牵头或配合）的任务、重点工程和指标")
    w.set_defaults(func=cmd_worksheet)
    i = sub.add_parser("import-progress", help="把填好的填报表合并到 plan_data/progress/ID.yaml")
    i.add_argument("files", nargs="+", metavar="FILE", help="填好的 .xlsx，或一个或多个 .csv")
    i.add_argument("--report", required=True, help="报告 id，如 rp-2023-mid")
    i.add_argument("--replace", action="store_true", help="以文件内容整份替换已有报告（不保留文件中没有的条目）")
    i.add_argument(
        "--yes", action="store_true", help="不再询问：--replace 删除文件中没有的条目、日期只是精确程度不同的疑似重复报告，都照样导入"
    )
    i.add_argument("--ignore-stale", action="store_true", help="填报表导出后报告又被改过时，仍以填报表为准导入")
    i.set_defaults(func=cmd_import_progress)
    pr = sub.add_parser("progress", help="已录入的进展报告：list 列出，remove ID 删除")
    pr.add_argument("action", choices=["list", "remove"])
    pr.add_argument("id", nargs="?", help="remove 时：报告 id")
    pr.set_defaults(func=cmd_progress)
    ev = sub.add_parser("evaluation", help="由已录入的报告生成实施情况评估文档（指标、主要任务、重点工程三张清单，Word 与 Excel）")
    ev.add_argument("--report", required=True, help="报告 id，如 rp-2025-final")
    ev.add_argument("--as-of", help="状态截至日期 YYYY、YYYY-MM 或 YYYY-MM-DD（默认：报告的数据截至日期）")
    ev.add_argument("--dept", help="只含这个部门（牵头或配合）的任务、相关重点工程和指标")
    ev.add_argument("--out", required=True, help="输出的 .docx 文件")
    ev.add_argument("--xlsx", help="另把同样的表格写成 .xlsx 文件")
    ev.set_defaults(func=cmd_evaluation)
    args = parser.parse_args(argv)
    date_the_build(Path(args.data))  # every command computes states at the data's date, as a build does
    with publishing.interruptible():
        try:
            return args.func(args)
        except KeyboardInterrupt:  # Ctrl-C, SIGTERM, a closed terminal (publishing.interruptible)
            print(INTERRUPTED.get(args.cmd, "已中止"), file=sys.stderr)
            return 130
