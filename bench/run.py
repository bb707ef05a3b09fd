"""Benchmarks: build time, scaling, page weight, search and graph draw time → bench/RESULTS.md.

In:  the repository (plan_data/, docs/, mkdocs.yml) and Chromium at /usr/bin/chromium.
Out: bench/RESULTS.md (Markdown; the site's 性能测量 page shows it). Every figure is the median of
     N runs (N = 3; ``--quick`` sets N = 1 for a smoke run). Numbers only: nothing here asserts a
     time, and the file holds no wall-clock date, so two runs differ only in their measurements.

Sections:
1. our full build vs a plain ``mkdocs build`` of the same generated Markdown (no hook);
2. scaling: the build of plan_data ×k (bench/scale.py), time and peak memory;
3. page weight per page type in Chromium, search index size, time to the first search result;
4. graph draw time of our graph page vs pyvis 0.3.2 defaults on the same graph;
5. search (bench/search_bench.py): answer quality vs Material's search, bytes per first query at ×1/×20, latency.
6. node pages: weight and draw time of a node page at ×1 and at the largest scale.

Code: one module per section (s1_build, s2_scaling, s3_pages, s4_graph, search_bench for 5,
s6_node_pages), shared helpers in common (measured runs, number formats, tables) and browsing (local
server, Chromium, page weight); this file parses the options, runs the sections and writes the report.

A section that cannot run (Chromium missing, graph module not there yet, a failed build) is written
as "跳过 (skipped)" or "失败 (failed)" with the reason, and the other sections still run.

A scaled build that runs past ``--limit`` seconds (300; 120 with ``--quick``) is stopped and shown
as "> limit"; larger factors are then left out, so one run stays bounded.

Usage: ``python bench/run.py [--quick] [--runs N] [--scales 1,5,10,20] [--limit S] [--out PATH] [--only build,graph]``
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from browsing import chromium  # noqa: E402
from common import BUILD_LIMIT_S, DATA, ROOT, SCALES, Skip, our_build_cmd, repeat, table  # noqa: E402
from s1_build import BUILD_PAIRS_MIN, section_build  # noqa: E402
from s2_scaling import section_scaling  # noqa: E402
from s3_pages import section_pages  # noqa: E402
from s4_graph import DRAWS_MIN, section_graph  # noqa: E402
from s6_node_pages import section_node_scaling  # noqa: E402


# ------------------------------------------------------------------ report
def machine(browser_version: str) -> list[str]:
    import material
    import mkdocs

    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(errors="replace"), re.M)
        cpu = found[1].strip() if found else ""
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.M)
        mem = f"{int(found[1]) / 1024 / 1024:.1f} GiB" if found else ""
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    rows = [
        ["CPU 核数（nproc）", str(nproc)],
        ["CPU", cpu or "—"],
        ["内存（memory）", mem or "—"],
        ["Python", platform.python_version()],
        ["系统（OS）", f"{platform.system()} {platform.machine()}"],
        ["MkDocs / Material", f"{mkdocs.__version__} / {getattr(material, '__version__', '?')}"],
        ["Chromium", browser_version or "—"],
    ]
    return ["## 测量环境（Machine）", "", *table(["项目（item）", "值（value）"], rows, numeric=False)]


SECTIONS = ("build", "scale", "pages", "graph", "search", "node")
"""Section keys in RESULTS.md order (``--only``)."""


TITLES = {
    "build": "1. 完整构建（Full build）",
    "scale": "2. 数据规模扩展（Scaling）",
    "pages": "3. 页面体积与搜索",
    "graph": "4. 图谱绘制时间（Graph draw time）",
    "node": "6. 节点页随数据增长（Node page scaling）",
}
NO_SITE = "第 1 节的构建没有成功，没有网站可测（no site: section 1 failed）"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; ``only`` becomes the set of section keys to measure (node brings scale along)."""
    parser = argparse.ArgumentParser(description="Benchmarks → bench/RESULTS.md (medians of N runs).")
    parser.add_argument("--quick", action="store_true", help="one run per figure (smoke run)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3; 1 with --quick)")
    parser.add_argument("--scales", default=",".join(map(str, SCALES)), help="scale factors for section 2")
    parser.add_argument(
        "--limit", type=float, help=f"seconds after which a scaled build is stopped (default {BUILD_LIMIT_S}; 120 with --quick)"
    )
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument(
        "--only",
        help=f"comma-separated sections to measure ({','.join(SECTIONS)}); the others keep their text in --out. "
        "node needs scale, which then runs too; pages/graph/search without build use one untimed build",
    )
    args = parser.parse_args(argv)
    args.only = set(args.only.split(",")) if args.only else set(SECTIONS)
    if args.only - set(SECTIONS):
        parser.error(f"unknown sections {sorted(args.only - set(SECTIONS))}; known: {', '.join(SECTIONS)}")
    args.only |= {"scale"} if "node" in args.only else set()
    args.n = args.runs or (1 if args.quick else 3)
    args.limit = args.limit or (120 if args.quick else BUILD_LIMIT_S)
    args.ks = tuple(int(k) for k in args.scales.split(","))
    return args


@dataclass
class Bench:
    """One run: its options, its scratch folder, each section's Markdown lines, and whether one failed."""

    args: argparse.Namespace
    work: Path
    sections: dict[str, list[str]] = field(default_factory=dict)
    failed: bool = False
    site: Path | None = None
    scaled: dict[int, Path] = field(default_factory=dict)

    def attempt(self, key: str, title: str, fn: Callable[[], list[str]]) -> None:
        """Measure one section (if asked for); a Skip or an error is written in its place."""
        if key not in self.args.only:
            return
        started = time.perf_counter()
        try:
            self.sections[key] = fn()
        except Skip as err:
            self.sections[key] = [f"## {title}", "", f"跳过（skipped）：{err}", ""]
        except Exception as err:  # noqa: BLE001 — one broken section must not lose the others' numbers
            self.failed = True
            first, *rest = str(err).replace(str(self.work), "$TMP").replace(str(ROOT), ".").splitlines() or [""]
            self.sections[key] = [f"## {title}", "", f"失败（failed）：{type(err).__name__}: {first}", ""]
            self.sections[key] += ["```text", *rest, "```", ""] if rest else []
            print(f"[bench] {title} failed: {err}", file=sys.stderr)
        print(f"[bench] {title}: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def run_builds(b: Bench) -> None:
    """Sections 1 and 2, without a browser; a site for the browser sections either way."""
    n = b.args.n

    def build() -> list[str]:
        lines, b.site = section_build(b.work, n)
        return lines

    b.attempt("build", TITLES["build"], build)
    if b.site is None and b.args.only & {"pages", "graph", "search"} and "build" not in b.args.only:
        b.site = b.work / "site"
        repeat(1, lambda _i: our_build_cmd(DATA, b.site), b.work, "untimed-build")
    b.attempt("scale", TITLES["scale"], lambda: section_scaling(b.work, n, b.args.ks, b.args.limit, b.scaled))


def run_browser_sections(b: Bench) -> str:
    """Sections 3–6 in one Chromium; returns its version ("" when Chromium is missing: the sections say so)."""
    n = b.args.n

    def on_site(fn: Callable[[Path], list[str]]) -> Callable[[], list[str]]:
        def run() -> list[str]:
            if b.site is None:
                raise Skip(NO_SITE)
            return fn(b.site)

        return run

    try:
        with chromium() as browser:
            b.attempt("pages", TITLES["pages"], on_site(lambda site: section_pages(browser, site, n)[0]))
            b.attempt("graph", TITLES["graph"], on_site(lambda site: section_graph(browser, site, n, b.work)))
            import search_bench  # issue 10

            b.attempt("search", search_bench.TITLE, lambda: search_bench.section(browser, n, b.site))
            b.attempt("node", TITLES["node"], lambda: section_node_scaling(browser, b.scaled, n))
            return browser.version
    except Skip as err:
        for key in ("pages", "graph", "node"):
            b.sections.setdefault(key, [f"## {TITLES[key]}", "", f"跳过（skipped）：{err}", ""])
        return ""


def write_results(b: Bench, browser_version: str) -> None:
    """RESULTS.md: the head, the machine, then the sections in order (with --only, the others as they were)."""
    n, out = b.args.n, b.args.out
    head = [
        "# 性能测量结果（Benchmark results）",
        "",
        f"由 `bench/run.py` 生成（`make bench`）。每个数字都是 {n} 次运行的中位数（median of {n} run{'s' if n > 1 else ''}）"
        + ("，本次为 `--quick` 冒烟运行" if b.args.quick else "")
        + f"（第 1 节的构建至少 {BUILD_PAIRS_MIN} 轮、本站各图的绘制至少 {DRAWS_MIN} 次）；比值 = 前者 / 后者。测试套件不对时间做断言。"
        "本机是与其他虚拟机共用的 2 核机器：同时运行别的程序（测试、第二个构建）时，时间可慢 30%–80%，"
        "这里的数字来自空闲时的运行。",
        "",
    ]
    sections = dict(b.sections)
    if b.args.only != set(SECTIONS) and out.exists():  # keep the other sections' text as it was
        for text in re.split(r"(?m)^(?=## \d\. )", out.read_text(encoding="utf-8"))[1:]:
            sections.setdefault(SECTIONS[int(text[3]) - 1], text.rstrip("\n").split("\n") + [""])
    body = head + machine(browser_version) + [line for key in SECTIONS for line in sections.get(key, [])]
    out.write_text("\n".join(body).rstrip("\n") + "\n", encoding="utf-8")
    print(f"[bench] wrote {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    b = Bench(parse_args(argv), Path(tempfile.mkdtemp(prefix="genhe-bench-")))
    try:
        run_builds(b)
        write_results(b, run_browser_sections(b))
    finally:
        shutil.rmtree(b.work, ignore_errors=True)
    return 1 if b.failed else 0


if __name__ == "__main__":
    sys.exit(main())
