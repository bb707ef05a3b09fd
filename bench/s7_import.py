"""Benchmark: refusing a worksheet that cannot succeed (issue 17: 100 000 rows of unknown ids were
refused after ~8 minutes and 82 MB of messages).

Runs the real command (``python -m genhe_plan import-progress``) on a copy of plan_data with
1) a good worksheet (one filled row), 2) a task-list CSV with 100 000 rows of unknown ids and 3) the
same rows as XLSX; reports wall time, lines printed and the ratio to the good import. Nothing is
asserted: tests/test_worksheet_golden.py checks the behaviour (capped output, where reading stopped).

Usage: ``python bench/s7_import.py [--rows 100000] [--out PATH]`` (prints a Markdown section; with
--out also writes it there).
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))


def run(data: Path, files: list[Path]) -> tuple[float, int, int]:
    """(seconds, lines printed, exit code) of one import."""
    cmd = [sys.executable, "-m", "genhe_plan", "--data", str(data), "import-progress", *map(str, files), "--report", "rp-bench"]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, (done.stdout + done.stderr).count("\n"), done.returncode


def worksheets(work: Path, rows: int) -> dict[str, list[Path]]:
    from openpyxl import Workbook

    from genhe_plan.model import load_plan
    from genhe_plan.progress.worksheet import worksheet_files

    blank = worksheet_files(load_plan(ROOT / "plan_data"))
    for name, content in blank.items():
        (work / name).write_bytes(content)
    tasks = list(csv.reader(io.StringIO(blank["任务清单.csv"].decode("utf-8-sig"), newline="")))
    header, width = tasks[0], len(tasks[0])
    info = [["项目", "内容", "说明"], ["报告类型", "年度报告"], ["报告标题", "基准测试用虚构报告"], ["发布单位", "测试单位"]]
    info += [["发布日期", "2025-03"], ["数据截至", "2024-12-31"], ["来源网址", "https://example.org/r.pdf"], ["页码", "第1页"]]
    out = io.StringIO(newline="")
    csv.writer(out).writerows(info)
    (work / "报告信息.csv").write_bytes(out.getvalue().encode("utf-8-sig"))
    good = [header, list(tasks[1])]
    good[1][header.index("状态")], good[1][header.index("报告原话")] = "已完成", "已完成。"
    bad = [header, *([f"t99-{n}", *[""] * (width - 6), "已完成", "", "", "原话", ""] for n in range(rows))]
    paths = {}
    for name, table in (("good", good), ("bad", bad)):
        out = io.StringIO(newline="")
        csv.writer(out).writerows(table)
        (work / name).mkdir()
        path = work / name / "任务清单.csv"
        path.write_bytes(out.getvalue().encode("utf-8-sig"))
        paths[name] = [path, work / "报告信息.csv"]
    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    for row in bad:
        ws.append(row)
    info_ws = wb.create_sheet("报告信息")
    for row in info:
        info_ws.append(row)
    wb.save(work / "bad.xlsx")
    paths["bad-xlsx"] = [work / "bad.xlsx"]
    return paths


def section(rows: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="genhe-import-bench-") as tmp:
        work = Path(tmp)
        data = work / "plan_data"
        shutil.copytree(ROOT / "plan_data", data)
        paths = worksheets(work, rows)
        results = {name: run(data, files) for name, files in paths.items()}
        shutil.rmtree(data / "progress")
        (data / "progress").mkdir()
    base = results["good"][0]
    lines = [
        "## 7. 拒绝无法导入的填报表（issue 17）",
        "",
        f"一行填好的任务清单，与 {rows:,} 行未知编号（CSV、XLSX）。导入在错误超过 50 处时停止读取，只列前 50 处和总数。",
        "",
        "| 文件 | 用时 (s) | 相对正常导入 | 输出行数 | 退出码 |",
        "|---|---:|---:|---:|---:|",
    ]
    labels = {"good": "正常（1 行）", "bad": f"CSV，{rows:,} 行未知编号", "bad-xlsx": f"XLSX，{rows:,} 行未知编号"}
    for name, (seconds, printed, code) in results.items():
        lines.append(f"| {labels[name]} | {seconds:.1f} | {seconds / base:.1f}× | {printed} | {code} |")
    return [*lines, ""]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    text = "\n".join(section(args.rows))
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
