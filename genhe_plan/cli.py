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
import-progress FILE… --report ID [--replace]  merge a filled worksheet into plan_data/progress/ID.yaml
        (or, with --replace, make it the whole report); prints what changed
progress list | remove ID        the report files: list them, or remove one
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

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
    """Build into a temporary folder, then swap it into place; a failed build leaves the last good site
    untouched. MkDocs (the default): ``mkdocs build --strict``, whose hook prepares the site
    (``site.prepare``). Zensical: the same prepared site staged on disk (``engines.zensical``)."""
    site = Path(args.site_dir).resolve()
    tmp = site.with_name(site.name + ".building")
    old = site.with_name(site.name + ".old")
    for p in (tmp, old):
        shutil.rmtree(p, ignore_errors=True)
    env = build_env(args, args.offline)
    built = _zensical_build(args, tmp, env) if args.engine == "zensical" else _mkdocs_build(tmp, Path(args.config))
    if not built:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"构建失败，{site} 保持不变（build failed; the last good site is untouched）", file=sys.stderr)
        return 1
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
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
    from .engines import zensical

    stage_dir = out.with_name(out.name + ".stage")
    config = _zensical_stage(args, stage_dir)
    ok = config is not None and zensical.run(config, env) == 0
    if ok:
        (stage_dir / "site").rename(out)
    shutil.rmtree(stage_dir, ignore_errors=True)
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
        (target / name).write_text(text, encoding="utf-8")
    print(f"已写入 {target}")
    return 0


def cmd_worksheet(args: argparse.Namespace) -> int:
    from .progress.worksheet import worksheet_files

    plan = _load_or_report(args)
    if plan is None:
        return 1
    try:
        files = worksheet_files(plan, report=args.report, dept=args.dept)
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)
    what = f"，已填入报告 {args.report} 的全部条目" if args.report else ""
    what += f"，只含部门 {plan.department(args.dept).name} 的条目" if args.dept else ""
    print(f"填报表已写入 {out}（进展填报表.xlsx，及每张清单的 CSV{what}）")
    return 0


def cmd_import_progress(args: argparse.Namespace) -> int:
    from .model import load_plan
    from .progress.worksheet_import import WorksheetError, import_progress

    try:
        plan = load_plan(Path(args.data))
        done = import_progress([Path(f) for f in args.files], args.report, Path(args.data), plan, replace=args.replace)
    except (PlanDataError, WorksheetError) as err:
        print(err.report(), file=sys.stderr)
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
        try:
            path = reports.remove(Path(args.data), args.id)
        except KeyError as err:
            print(err.args[0], file=sys.stderr)
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
    i.set_defaults(func=cmd_import_progress)
    pr = sub.add_parser("progress", help="已录入的进展报告：list 列出，remove ID 删除")
    pr.add_argument("action", choices=["list", "remove"])
    pr.add_argument("id", nargs="?", help="remove 时：报告 id")
    pr.set_defaults(func=cmd_progress)
    args = parser.parse_args(argv)
    date_the_build(Path(args.data))  # every command computes states at the data's date, as a build does
    return args.func(args)
