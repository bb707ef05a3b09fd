"""Benchmark section 1: our full build vs a plain ``mkdocs build`` of the same generated Markdown (no hook)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import DATA, ROOT, Run, html_pages, med, our_build_cmd, ratio, repeat, secs, size, table


def drop_top_level_keys(yaml_text: str, keys: set[str]) -> str:
    """mkdocs.yml without the given top-level keys (and their indented blocks)."""
    out, skipping = [], False
    for line in yaml_text.splitlines(keepends=True):
        top = re.match(r"^([A-Za-z_][\w-]*):", line)
        if top:
            skipping = top[1] in keys
        elif line.strip() and not line[0].isspace():
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def materialise_plain(build, target: Path) -> Path:
    """docs/ plus every generated file written out, and an mkdocs.yml without the hook.

    The hand-written pages get their <!-- plan:… --> markers filled (the hook's on_page_markdown
    does that), so both builds render the same Markdown. Returns the config path.
    """
    import yaml

    from genhe_plan.pages import fill_markers

    docs = target / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for md in sorted(docs.rglob("*.md")):
        md.write_text(fill_markers(md.read_text(encoding="utf-8"), build.snippets), encoding="utf-8")
    for uri, content in build.files.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(fill_markers(content, build.snippets) if uri.endswith(".md") else content, encoding="utf-8")
    text = drop_top_level_keys((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), {"hooks", "watch", "nav"})
    text = re.sub(r"(?m)^docs_dir:.*$", f"docs_dir: '{docs}'", text)
    text = re.sub(r"(?m)^(\s+custom_dir:\s*)(\S+)\s*$", lambda m: f"{m[1]}'{ROOT / m[2]}'", text)
    text += "\n" + yaml.safe_dump({"nav": build.nav}, allow_unicode=True, sort_keys=False)
    # what the hook's on_config adds to extra (the graph loader's assets), as JSON (valid YAML flow)
    from genhe_plan.graph import draw

    graph_extra = f"  graph_assets: {json.dumps(draw.GRAPH_ASSETS)}\n  graph_css: {json.dumps(draw.GRAPH_CSS)}\n"
    text = re.sub(r"(?m)^extra:\n", lambda m: m[0] + graph_extra, text, count=1)
    config = target / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


COLD_STEPS = r"""
import json, sys, time
from pathlib import Path
clock = time.perf_counter
t0 = clock()
from genhe_plan import site
steps = {"import genhe_plan.site": clock() - t0}
inputs = site.Inputs(Path(sys.argv[1]))
t0 = clock(); inputs.plan; steps["load, validate, history"] = clock() - t0
t0 = clock(); inputs.graph; steps["graph model"] = clock() - t0
for step in site.STEPS:
    t0 = clock(); step.make(inputs); steps[step.name] = clock() - t0
print(json.dumps(steps))
"""
"""The hook's share of a cold build, step by step, as a build meets it: in a new process (each step imports
what it runs at its first call, so first imports are counted in the step that needs them), in
``site.STEPS``'s order, with nothing read from the cache."""


def cold_steps(runs: int) -> list[str]:
    """A table: each step of ``site.prepare()`` in a new process (median of ``runs``), the largest first."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false")
    env.setdefault("SOURCE_DATE_EPOCH", "1659312000")
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", COLD_STEPS, str(DATA)], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        for name, t in json.loads(done.stdout.strip().splitlines()[-1]).items():
            times.setdefault(name, []).append(t)
    rows = sorted(((name, med(ts)) for name, ts in times.items()), key=lambda r: -r[1])
    total = sum(t for _, t in rows)
    return [
        f"冷构建中 hook 的份额逐步看（每步在新进程中计时，含该步首次导入所需模块与首次调用，{runs} 次的中位数；合计 {secs(total)}；"
        "各步在一个进程里依次进行，缓存命中时整步跳过）：",
        "",
        *table(["步骤（step, genhe_plan.site）", "时间（cold）", "占合计"], [[n, secs(t), f"{t / total:.0%}"] for n, t in rows]),
    ]


BEFORE_ONE_PATH = ("776f7b7", "1.07×", 0.39, 119)
"""Section 1 as measured before issue 19 (commit, ratio, prepare() in s, pages): genhe_plan build then prepared
the site in its own process while MkDocs started and handed it over (handoff.py, since deleted)."""

ONE_PATH_SERIAL = ("8138366", "1.46×")
"""Section 1 after issue 19's one path, before the files were made in a forked child."""

FORKED = ("77034b2", "1.11×", "1.55×")
"""Section 1 with the forked child (site.Beside, retired in issue 28): idle machine, and a loaded one."""

BUILD_PAIRS_MIN = 5
"""Section 1 runs at least this many rounds: the ratios are what the issue asks about and sit close to its targets."""


def history_note() -> str:
    """How section 1 came to its present ratios: the commits before and after issue 19's one path and issue 28."""
    return (
        f"改为一条构建路径之前（提交 {BEFORE_ONE_PATH[0]}：生成在另一进程里与 MkDocs 启动并行，再交给 hook）比值为 {BEFORE_ONE_PATH[1]}，"
        f"当时 prepare() {secs(BEFORE_ONE_PATH[2])}、{BEFORE_ONE_PATH[3]} 个页面。一条路径、全部生成都在渲染之前依次进行时"
        f"（提交 {ONE_PATH_SERIAL[0]}，网站已有 281 页）比值为 {ONE_PATH_SERIAL[1]}；之后一度分出子进程与渲染并行生成（提交 {FORKED[0]}，"
        f"空闲时 {FORKED[1]}，机器繁忙时 {FORKED[2]}），只在 Linux、只在有空闲的第二个核时有效，`mkdocs serve` 下还留下临时目录，"
        "已撤销（issue 28）：现在一个进程依次生成，各步的结果按输入的指纹保存在 `.cache/genhe_plan/steps/`（`genhe_plan.cache`），"
        "数据和代码未变时直接读回。"
    )


def _timed_build(work: Path, site: Path, cache: Path, what: str) -> Run:
    """One ``genhe_plan build`` with the steps' cache in ``cache`` (empty: a cold build)."""
    os.environ["GENHE_PLAN_CACHE"] = str(cache)
    try:
        return repeat(1, lambda _i: our_build_cmd(DATA, site), work, what)[0]
    finally:
        del os.environ["GENHE_PLAN_CACHE"]


def _in_process(work: Path, rounds: int) -> dict[str, float]:
    """prepare() in this process, modules loaded, as ``mkdocs serve`` meets it (median of ``rounds``): every
    step made (no cache), every step read back (a docs-only edit), and after a one-line edit of one data
    file of a copy (every step made and kept)."""
    from genhe_plan.site import prepare

    data = work / "serve" / "plan_data"
    shutil.copytree(DATA, data)
    plan_yaml = data / "plan.yaml"
    times: dict[str, list[float]] = {"make": [], "read": [], "edit": []}
    os.environ["GENHE_PLAN_CACHE"] = str(work / "serve" / "cache")
    try:
        prepare(data)  # first imports, and the cache filled
        for i in range(rounds):
            for what, before in (("read", None), ("edit", f"\n# bench edit {i}\n")):
                if before:
                    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8") + before, encoding="utf-8")
                start = time.perf_counter()
                made = prepare(data).made
                times[what].append(time.perf_counter() - start)
                assert bool(made) == bool(before), (what, made)
        os.environ["GENHE_PLAN_CACHE"] = "0"
        for _ in range(rounds):
            start = time.perf_counter()
            prepare(DATA)
            times["make"].append(time.perf_counter() - start)
    finally:
        del os.environ["GENHE_PLAN_CACHE"]
    return {what: med(ts) for what, ts in times.items()}


def section_build(work: Path, n: int) -> tuple[list[str], Path]:
    """Our build, cold (an empty cache) and warm (data and code unchanged), and the plain mkdocs build, run
    in interleaved rounds (cold, warm, plain, cold …). Why rounds: a slow spell on this shared machine then
    slows all three of a round, and the median of the rounds' ratios is steadier than a ratio of two
    medians taken minutes apart."""
    from genhe_plan.site import prepare

    rounds = max(n, BUILD_PAIRS_MIN)
    load_before = _load()
    os.environ["GENHE_PLAN_CACHE"] = "0"
    build = prepare(DATA)
    del os.environ["GENHE_PLAN_CACHE"]
    config = materialise_plain(build, work / "plain")
    plain_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d"]
    # one untimed run of each first: compiled modules cached, files in the page cache, the warm cache filled
    _timed_build(work, work / "site-warm", work / "cache-warm", "build-warm")
    repeat(1, lambda _i: [*plain_cmd, str(work / "plain" / "site-warm")], work, "plain-mkdocs-warm", cwd=work / "plain")
    runs: dict[str, list[Run]] = {"cold": [], "warm": [], "plain": []}
    for i in range(rounds):
        runs["cold"].append(_timed_build(work, work / f"site-{i}", work / f"cache-cold-{i}", f"build-cold-{i}"))
        runs["warm"].append(_timed_build(work, work / f"site-warm-{i}", work / "cache-warm", f"build-warm-{i}"))
        runs["plain"] += repeat(
            1, lambda _i, i=i: [*plain_cmd, str(work / "plain" / f"site-{i}")], work, f"plain-mkdocs-{i}", cwd=work / "plain"
        )
    remade = [r for r in runs["warm"] if "made: nothing" not in r.log]
    assert not remade, f"a warm build made steps again: {remade[0].log[-500:]}"
    serve = _in_process(work, rounds)
    sites = {"cold": work / f"site-{rounds - 1}", "warm": work / f"site-warm-{rounds - 1}", "plain": work / "plain" / f"site-{rounds - 1}"}
    lines = [
        "## 1. 完整构建（Full build）",
        "",
        "真实数据（`plan_data/`）。“我们的构建”是 `python -m genhe_plan build`：运行 `mkdocs build --strict`，"
        "由 hook 在 MkDocs 的进程里调用 `genhe_plan.site.prepare()`：一个进程依次做完 `site.STEPS` 的各步（载入、校验、页面、"
        "下载、API、订阅源、嵌入卡片、图谱数据、搜索索引），每步的结果按其输入（数据文件与 git 记录、genhe_plan 的代码、已安装的库、"
        "影响输出的环境变量）的指纹保存在 `.cache/genhe_plan/steps/`，成功后换入网站目录。“冷”是缓存为空的构建（每次用新的空缓存目录），"
        "“热”是数据和代码都未变的再次构建（各步从缓存读回，不载入数据）。"
        "“普通 mkdocs build”把同一次 `genhe_plan.site.prepare()` 生成的全部页面和文件写入临时 docs 目录"
        "（附 `docs/` 的副本，标记已填好），用去掉 `hooks:` 并写入同一导航的 mkdocs.yml 构建，同样 `--strict`。两者之差就是我们的生成开销。"
        f"三种构建先各运行一次不计时（编译好的模块缓存下来，文件进入页缓存），再交替运行 {rounds} 轮（冷、热、普通、冷……），"
        "比值取各轮比值的中位数（median of per-round ratios）：机器一时变慢时同一轮的几次都变慢，比值比相隔几分钟的中位数之比稳定。",
        "",
        *_results(runs, sites, serve, rounds, (load_before, _load())),
        history_note(),
        "",
        *cold_steps(rounds),
        "",
    ]
    return lines, sites["cold"]


def _load() -> str:
    """The machine's load average (1, 5, 15 minutes), as ``uptime`` shows it."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "—"


def _results(runs: dict[str, list[Run]], sites: dict[str, Path], serve: dict[str, float], rounds: int, load: tuple[str, str]) -> list[str]:
    """Section 1's table and ratios."""
    labels = {
        "cold": "我们的构建，冷（缓存为空）",
        "warm": "我们的构建，热（数据与代码未变）",
        "plain": "普通 mkdocs build（同一份 Markdown，不用 hook）",
    }
    t = {k: med(r.seconds for r in rs) for k, rs in runs.items()}
    rows = [[labels[k], secs(t[k]), size(med(r.maxrss_kib for r in rs) * 1024), str(html_pages(sites[k]))] for k, rs in runs.items()]
    rows += [
        ["site.prepare() 进程内，各步都生成（不用缓存）", secs(serve["make"]), "—", "—"],
        ["site.prepare() 进程内，各步从缓存读回（serve 中改动手写页面后）", secs(serve["read"]), "—", "—"],
        ["site.prepare() 进程内，改动一个数据文件后（serve 中：各步重新生成并存入缓存）", secs(serve["edit"]), "—", "—"],
    ]
    ratios = {k: sorted(a.seconds / b.seconds for a, b in zip(runs[k], runs["plain"], strict=True)) for k in ("cold", "warm")}
    spread = {k: f"**{ratio(med(r), 1)}**（{rounds} 轮中最小 {ratio(r[0], 1)}、最大 {ratio(r[-1], 1)}）" for k, r in ratios.items()}
    cpu = {k: ratio(med(a.cpu_seconds / b.cpu_seconds for a, b in zip(runs[k], runs["plain"], strict=True)), 1) for k in ("cold", "warm")}
    return [
        *table(["测量（measure）", f"时间（median of {rounds}）", "峰值内存（peak RSS）", "HTML 页数（pages）"], rows),
        f"比值（ratio）冷构建 / 普通：{spread['cold']}；热构建 / 普通：{spread['warm']}。"
        f"按 CPU 时间（用户 + 系统，受同机其他程序的影响小得多）：冷 {cpu['cold']}、热 {cpu['warm']}。"
        f"`mkdocs serve` 中改动一个数据文件后重新生成需 {secs(serve['edit'])}（冷构建全程 {secs(t['cold'])}），随后 MkDocs 照常渲染。"
        f"系统负载（load average，1/5/15 分钟）：本节开始时 {load[0]}，结束时 {load[1]}（本机 2 核，与其他任务共用）。",
        "",
    ]
