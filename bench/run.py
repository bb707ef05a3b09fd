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

A section that cannot run (Chromium missing, graph module not there yet, a failed build) is written
as "跳过 (skipped)" or "失败 (failed)" with the reason, and the other sections still run.

A scaled build that runs past ``--limit`` seconds (300; 120 with ``--quick``) is stopped and shown
as "> limit"; larger factors are then left out, so one run stays bounded.

Usage: ``python bench/run.py [--quick] [--runs N] [--scales 1,5,10,20] [--limit S] [--out PATH] [--only build,graph]``
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = ROOT / "plan_data"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
SEARCH_TERM = "医疗废物"
GRAPH_TIMEOUT_S = 60
BUILD_LIMIT_S = 300
SCALES = (1, 5, 10, 20)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import scale  # noqa: E402


class Skip(Exception):
    """A section cannot run here; the message says why (written to RESULTS.md)."""


# ------------------------------------------------------------------ measuring processes
@dataclass
class Run:
    seconds: float
    maxrss_kib: int
    returncode: int
    log: str


class TooSlow(Exception):
    """A run went past the time limit and was stopped."""


def run_measured(cmd: list[str], log_path: Path, cwd: Path = ROOT, limit: float | None = None) -> Run:
    """Run ``cmd``; wall time and peak RSS of its process tree (wait4: the largest process).

    Past ``limit`` seconds the run's own process group (started here, in a new session) is killed
    and TooSlow raised. Why poll wait4 instead of subprocess's wait(timeout): only wait4 returns the
    child's resource usage.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false")
    env.setdefault("SOURCE_DATE_EPOCH", "1659312000")
    # Why: this sandbox sets PYTHONDONTWRITEBYTECODE, so genhe_plan would be compiled from source on every
    # run (about 60 ms), while MkDocs' modules come compiled from site-packages; Python on a user's
    # machine caches both, and so do these runs.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if limit is not None and time.perf_counter() - start > limit:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -signal.SIGKILL
                raise TooSlow(f"{' '.join(cmd[1:4])} … ran past {limit:.0f} s")
            time.sleep(0.01)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss, proc.returncode, log_path.read_text(encoding="utf-8", errors="replace"))


def repeat(n: int, cmd: Callable[[int], list[str]], work: Path, what: str, cwd: Path = ROOT, limit: float | None = None) -> list[Run]:
    """Run n times (cmd(i) gives the i-th command); raise RuntimeError with the log tail on failure."""
    runs = []
    for i in range(n):
        r = run_measured(cmd(i), work / f"{what}-{i}.log", cwd, limit)
        if r.returncode != 0:
            tail = "\n".join(r.log.strip().splitlines()[-8:])
            raise RuntimeError(f"{what} 失败（exit {r.returncode}），日志末尾（log tail）：\n{tail}")
        runs.append(r)
    return runs


def med(values) -> float:
    return statistics.median(values)


def secs(x: float) -> str:
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms"


def ms(x: float) -> str:
    return f"{x:.0f} ms"


def size(n: float) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.2f} MiB"
    return f"{n / 1024:.1f} KiB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def table(head: list[str], rows: list[list[str]], numeric: bool = True) -> list[str]:
    """A Markdown table; with ``numeric`` every column but the first is right-aligned."""
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i == 0 or not numeric else "---:" for i in range(len(head))) + "|"]
    return out + ["| " + " | ".join(r) + " |" for r in rows] + [""]


# ------------------------------------------------------------------ 1. full build vs plain mkdocs
def our_build_cmd(data: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "genhe_plan", "--data", str(data), "build", "--site-dir", str(site)]


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


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def is_index(url: str) -> bool:
    """A response of the site's search index (search/meta.js, search/p/…, search/r/…; not search/ the page)."""
    return bool(re.search(r"/search/(meta\.js|[pr]/)", url))


def search_index_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in sorted((site / "search").rglob("*")) if p.is_file() and p.name != "index.html")


BUILD_PAIRS_MIN = 5
"""Section 1 runs at least this many pairs: the ratio is what the issue asks about and sits close to its target."""


def section_build(work: Path, n: int) -> tuple[list[str], Path]:
    """Our build and the plain mkdocs build, run in interleaved pairs (ours, plain, ours, plain …).
    Why pairs: a slow spell on this shared machine then slows both halves of a pair, and the median of
    the pairs' ratios is steadier than a ratio of two medians taken minutes apart."""
    from genhe_plan.site import prepare

    pairs = max(n, BUILD_PAIRS_MIN)
    prepare(DATA)  # warm imports so the timed calls measure the work, not the first import
    prep_times = []
    for _ in range(pairs):
        start = time.perf_counter()
        build = prepare(DATA)
        prep_times.append(time.perf_counter() - start)
    config = materialise_plain(build, work / "plain")
    sites = [work / f"site-{i}" for i in range(pairs)]
    plain_sites = [work / "plain" / f"site-{i}" for i in range(pairs)]
    plain_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d"]
    # one untimed run of each first: compiled modules cached, files in the page cache, for both alike
    repeat(1, lambda _i: our_build_cmd(DATA, work / "site-warm"), work, "build-warm")
    repeat(1, lambda _i: [*plain_cmd, str(work / "plain" / "site-warm")], work, "plain-mkdocs-warm", cwd=work / "plain")
    ours, plain = [], []
    for i in range(pairs):
        ours += repeat(1, lambda _i, i=i: our_build_cmd(DATA, sites[i]), work, f"build-{i}")
        plain += repeat(1, lambda _i, i=i: [*plain_cmd, str(plain_sites[i])], work, f"plain-mkdocs-{i}", cwd=work / "plain")
    t_ours, t_plain, t_prep = med(r.seconds for r in ours), med(r.seconds for r in plain), med(prep_times)
    rss_ours, rss_plain = med(r.maxrss_kib for r in ours), med(r.maxrss_kib for r in plain)
    ratios = sorted(a.seconds / b.seconds for a, b in zip(ours, plain, strict=True))
    lines = [
        "## 1. 完整构建（Full build）",
        "",
        "真实数据（`plan_data/`）。“我们的构建”是 `python -m genhe_plan build`：运行 `mkdocs build --strict`，"
        "由 hook 在 MkDocs 的进程里调用 `genhe_plan.site.prepare()`（载入、校验、生成页面、下载文件、图谱数据与搜索索引），成功后换入网站目录。"
        "“普通 mkdocs build”把同一次 `genhe_plan.site.prepare()` 生成的全部页面和文件写入临时 docs 目录"
        "（附 `docs/` 的副本，标记已填好），用去掉 `hooks:` 并写入同一导航的 mkdocs.yml 构建，同样 `--strict`。"
        f"两者之差就是我们的生成开销。两种构建先各运行一次不计时（编译好的模块缓存下来，文件进入页缓存），再交替运行 {pairs} 对（我们的、普通的、我们的……），"
        "比值取各对比值的中位数（median of per-pair ratios）：机器一时变慢时同一对的两次都变慢，比值比两个相隔几分钟的中位数之比稳定。",
        "",
        *table(
            ["测量（measure）", f"时间（median of {pairs}）", "峰值内存（peak RSS）", "HTML 页数（pages）"],
            [
                ["我们的构建（genhe_plan build）", secs(t_ours), size(rss_ours * 1024), str(html_pages(sites[-1]))],
                ["普通 mkdocs build（same Markdown, no hook）", secs(t_plain), size(rss_plain * 1024), str(html_pages(plain_sites[-1]))],
                ["其中 site.prepare()（进程内：载入、校验、生成）", secs(t_prep), "—", "—"],
            ],
        ),
        f"比值（ratio）我们的 / 普通：**{ratio(med(ratios), 1)}**（{pairs} 对中最小 {ratio(ratios[0], 1)}、最大 {ratio(ratios[-1], 1)}），"
        f"中位时间之差 {secs(t_ours - t_plain)}。作为参照，在同一进程内单独调用 prepare() 需 {secs(t_prep)}"
        "（另需导入 genhe_plan 约 0.3–0.4 s）；生成与 MkDocs 启动并行，MkDocs 只等生成得最慢的一步（本机 2 核，与其他任务共用）。",
        "",
    ]
    return lines, sites[-1]


# ------------------------------------------------------------------ 2. scaling
def section_scaling(work: Path, n: int, ks: tuple[int, ...], limit: float, kept: dict[int, Path]) -> list[str]:
    """Build plan_data ×k for each k; ``kept`` receives the sites of ×1 and of the largest k built
    (section 5 measures a node page on them)."""
    from genhe_plan.model import load_plan

    rows, base, untested = [], None, []
    for k in ks:
        data = scale.scale_data(DATA, work / f"scaled-{k}" / "plan_data", k)
        checks = repeat(n, lambda _i, d=data: [sys.executable, "-m", "genhe_plan", "--data", str(d), "check"], work, f"check-x{k}")
        plan = load_plan(data)
        site = work / f"scaled-{k}" / "site"
        try:
            builds = repeat(n, lambda _i, d=data, s=site: our_build_cmd(d, s), work, f"build-x{k}", limit=limit)
        except TooSlow:
            counts = [str(len(plan.tasks)), str(len(plan.paragraphs)), str(len(plan.targets))]
            rows.append([f"×{k}", *counts, "—", "—", secs(med(r.seconds for r in checks)), f"> {limit:.0f} s", "—", "—", "—"])
            untested = [x for x in ks if x > k]
            shutil.rmtree(work / f"scaled-{k}", ignore_errors=True)
            break
        t, rss = med(r.seconds for r in builds), med(r.maxrss_kib for r in builds)
        kept_site = work / f"site-x{k}"
        shutil.rmtree(kept_site, ignore_errors=True)
        site.rename(kept_site)
        for old in [x for x in kept if x not in (1, k)]:
            shutil.rmtree(kept.pop(old), ignore_errors=True)
        kept[k] = site = kept_site
        index_bytes = search_index_bytes(site)
        base = base or (t, rss)
        rows.append(
            [
                f"×{k}",
                str(len(plan.tasks)),
                str(len(plan.paragraphs)),
                str(len(plan.targets)),
                str(html_pages(site)),
                size(index_bytes) if index_bytes else "—",
                secs(med(r.seconds for r in checks)),
                secs(t),
                ratio(t, base[0]),
                size(rss * 1024),
                ratio(rss, base[1]),
            ]
        )
        shutil.rmtree(work / f"scaled-{k}", ignore_errors=True)
    return [
        "## 2. 数据规模扩展（Scaling）",
        "",
        "`bench/scale.py` 把每章的导语段落和各节重复 k 次（新 id 加后缀 `-x2` …，正文不变，逐字核对照样通过），属于任务的目标随任务复制，"
        "重点工程列出复制的任务。每个副本先经 `python -m genhe_plan --data DIR check` 校验，再计时构建。"
        "峰值内存是构建进程树中最大进程的 RSS（`os.wait4` 的 ru_maxrss）。比值相对 ×1。"
        f"单次构建超过 {limit:.0f} s 即停止，记为“> {limit:.0f} s”，更大的规模不再测。",
        "",
        *table(
            [
                "规模（k）",
                "任务",
                "段落",
                "目标",
                "HTML 页数",
                "搜索索引",
                "校验（check）",
                "构建时间（build）",
                "时间比值",
                "峰值内存（peak RSS）",
                "内存比值",
            ],
            rows,
        ),
        *(
            [f"未测 {'、'.join(f'×{x}' for x in untested)}：前一规模的构建超过 {limit:.0f} s 的上限（time limit `--limit`）。", ""]
            if untested
            else []
        ),
    ]


# ------------------------------------------------------------------ browser helpers
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        raise Skip(f"没有 {CHROMIUM}（Chromium missing: run `make browser`）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Load:
    html: int
    assets: int
    index: int
    gzip: int
    requests: int
    blocked: list[str]


def load_weight(browser, url: str, setup: Callable | None = None, wait: Callable | None = None) -> tuple[Load, object]:
    """Load ``url`` in a fresh context (empty cache); sum response body sizes of local requests.

    Requests to other hosts are answered with an empty body (counted in ``blocked``). Returns the
    Load and the still-open page (caller closes its context). Why a regex that leaves local addresses
    out, not a catch-all route: Playwright then intercepts only the other hosts' requests in the
    browser; a catch-all sends every request through this Python process first, which delayed a
    page of 16 requests by 100–300 ms and made the draw times below measure the bench, not the site.
    """
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(viewport=VIEWPORT)
    local = url.split("/", 3)[:3]
    prefix = "/".join(local) + "/"
    blocked: list[str] = []

    def route(r):
        blocked.append(r.request.url)
        r.fulfill(status=200, body="")

    context.route(re.compile(rf"^(?!{re.escape(prefix)}|data:)"), route)
    page = context.new_page()
    if setup:
        setup(page)
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    if wait:
        wait(page)
    html = assets = index = packed = count = 0
    for resp in responses:
        if not resp.url.startswith(prefix):
            continue
        try:
            body = resp.body()
        except PlaywrightError:  # redirects and aborted requests have no body
            continue
        count += 1
        if not is_index(resp.url):
            packed += len(gzip.compress(body, 6))
        if resp.url.split("#")[0] == url:
            html += len(body)
        elif is_index(resp.url):
            index += len(body)
            continue
        else:
            assets += len(body)
    return Load(html, assets, index, packed, count, blocked), page


def median_load(loads: list[Load]) -> Load:
    return Load(*(int(med(getattr(x, f) for x in loads)) for f in ("html", "assets", "index", "gzip", "requests")), loads[0].blocked)


# ------------------------------------------------------------------ 3. page weight and search
OPENED = "#opened"  # page_types: measure after the page's neighbourhood figure is scrolled into view and drawn


def open_figure(page) -> float:
    """Scroll the page's neighbourhood figure into view, wait until it is drawn (GRAPH_HOOK) and the
    network is idle; ms from the scroll to the first afterDrawing."""
    start = page.evaluate(
        """() => { const t = performance.now();
                   document.querySelector('figure.graph-neighbourhood').scrollIntoView({block: 'center'}); return t; }"""
    )
    page.wait_for_function("window.__benchGraph && window.__benchGraph.firstDraw !== null", timeout=GRAPH_TIMEOUT_S * 1000)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__benchGraph.firstDraw") - start


def page_load(browser, base: str, uri: str) -> tuple[Load, float | None]:
    """Load one page_types entry in a fresh context: its weight and, for an OPENED page, the ms from
    scrolling to its figure to the figure's first draw."""
    from genhe_plan.present import urls

    path, opened = uri.removesuffix(OPENED), uri.endswith(OPENED)
    path, query = path.split("?", 1) if "?" in path else (path, "")
    drawn: list[float] = []
    setup = (lambda p: p.add_init_script(GRAPH_HOOK)) if opened else None
    wait = (lambda p: drawn.append(open_figure(p))) if opened else None
    load, page = load_weight(browser, base + urls.html_path(path) + (f"?{query}" if query else ""), setup, wait)
    page.context.close()
    return load, (drawn[0] if drawn else None)


def page_types(plan) -> list[tuple[str, str]]:
    """(label, docs path) of one page per type; for chapter, indicator, department the heaviest one."""
    from genhe_plan.present import urls

    chapter = max(plan.chapters, key=lambda c: sum(p.kind == "task" for s in c.sections for p in s.paragraphs))
    ind = max(plan.indicators, key=lambda i: len(plan.tasks_moving[i.id]) + len(plan.targets_measuring[i.id]))
    dept = max(plan.departments, key=lambda d: len(plan.led_by[d.id]) + len(plan.supported_by[d.id]))
    return [
        ("首页（home）", urls.HOME),
        (f"章（chapter {chapter.id}，任务最多）", urls.chapter(chapter.id)),
        ("任务总览（tasks）", urls.TASKS),
        (f"指标（indicator {ind.id}，关联最多）", urls.indicator(ind.id)),
        (f"部门（department {dept.id}，任务最多）", urls.department(dept.id)),
        (f"部门 {dept.id}，打开关系图（figure scrolled into view）", urls.department(dept.id) + OPENED),
        (f"指标 {ind.id}，打开关系图（figure scrolled into view）", urls.indicator(ind.id) + OPENED),
        ("图谱（graph：概览图）", urls.GRAPH),
        ("完整关系网络（graph/full）", urls.GRAPH_FULL),
        ("原文（source）", urls.SOURCE),
    ]


SEARCH_OBSERVER = """() => {
  window.__benchFirstResult = null;
  const seen = () => document.querySelector('.md-search-result__item');
  new MutationObserver((_, obs) => {
    if (window.__benchFirstResult === null && seen()) { window.__benchFirstResult = performance.now(); obs.disconnect(); }
  }).observe(document.body, {childList: true, subtree: true});
  window.__benchTypeStart = performance.now();
}"""


def search_time(browser, base: str) -> tuple[float, float]:
    """(ms from typing to the first result, ms from navigation start to it) on a fresh home page."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(base, wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        page.evaluate(SEARCH_OBSERVER)
        box.fill(SEARCH_TERM)
        box.press("End")
        page.wait_for_function("window.__benchFirstResult !== null", timeout=30_000)
        first, start = page.evaluate("[window.__benchFirstResult, window.__benchTypeStart]")
        return first - start, first
    finally:
        context.close()


def section_pages(browser, site: Path, n: int) -> tuple[list[str], dict[str, Load]]:
    from genhe_plan.model import load_plan

    plan = load_plan(DATA)
    rows, weights = [], {}
    with serve(site) as base:
        for label, uri in page_types(plan):
            loads = [page_load(browser, base, uri)[0] for _ in range(n)]
            w = weights[uri] = median_load(loads)
            rows.append(
                [
                    label,
                    size(w.html),
                    size(w.assets),
                    size(w.html + w.assets),
                    size(w.index),
                    size(w.html + w.assets + w.index),
                    size(w.gzip),
                    str(w.requests),
                    str(len(w.blocked)),
                ]
            )
        typed, cold = zip(*(search_time(browser, base) for _ in range(n)), strict=True)
    raw = b"".join(p.read_bytes() for p in sorted((site / "search").rglob("*")) if p.is_file() and p.name != "index.html")
    return [
        "## 3. 页面体积与搜索（Page weight and search）",
        "",
        "在 Chromium 中经本地 `http.server` 打开一次（新上下文、空缓存），把该页实际请求到的每个本地响应的正文字节数相加。"
        "“页面 + 资源”不含搜索索引；本站搜索只在使用时才载入索引分片，打开页面时不取（索引一栏因此为 0），单列一栏。"
        "`http.server` 不压缩，gzip 一栏是把同样的响应正文（不含搜索索引）按 gzip -6 压缩后的合计，近似启用压缩的服务器传输量。"
        "关系图在有图的页面上只在图进入视野（或点击按钮）时才载入 vis-network、graph.js 和该图自己的数据："
        "“打开关系图”两行是把图滚动到视野中、画完并且网络空闲之后的合计；“完整关系网络”是它自己的页面（图谱页上的按钮链接到它），打开即画。",
        "",
        *table(
            [
                "页面类型（page type）",
                "HTML",
                "资源（assets）",
                "页面 + 资源",
                "搜索索引（index）",
                "合计（total）",
                "gzip（不含索引）",
                "请求数",
                "第三方请求",
            ],
            rows,
        ),
        *table(
            ["搜索（search）", "值（median）"],
            [
                ["search/ 索引文件合计（按需载入，见第 5 节）", f"{size(len(raw))}（gzip {size(len(gzip.compress(raw, 6)))}）"],
                [f"首个结果：从输入“{SEARCH_TERM}”起（typing → first result）", ms(med(typed))],
                ["首个结果：从打开首页起（navigation start → first result，含索引载入）", ms(med(cold))],
            ],
        ),
    ], weights


# ------------------------------------------------------------------ 4. graph draw time
GRAPH_HOOK = """(() => {
  // Records the first 'afterDrawing' / 'stabilizationIterationsDone' of any vis.Network on the page
  // by wrapping Network.prototype.emit the moment the vis-network bundle defines it.
  const rec = window.__benchGraph = {firstDraw: null, stabilized: null};
  const patch = (N) => {
    if (typeof N !== 'function' || !N.prototype || N.prototype.__benchPatched) return N;
    const emit = N.prototype.emit;
    N.prototype.emit = function (event, ...rest) {
      if (event === 'afterDrawing' && rec.firstDraw === null) rec.firstDraw = performance.now();
      if (event === 'stabilizationIterationsDone' && rec.stabilized === null) rec.stabilized = performance.now();
      return emit.call(this, event, ...rest);
    };
    N.prototype.__benchPatched = true;
    return N;
  };
  const hook = (ns) => {
    if (!ns || (typeof ns !== 'object' && typeof ns !== 'function') || ns.__benchHooked) return ns;
    let N = patch(ns.Network);
    Object.defineProperty(ns, 'Network', {configurable: true, enumerable: true, get: () => N, set: (v) => { N = patch(v); }});
    Object.defineProperty(ns, '__benchHooked', {value: true});
    return ns;
  };
  let vis;
  Object.defineProperty(window, 'vis', {configurable: true, enumerable: true, get: () => vis, set: (v) => { vis = hook(v); }});
})();"""


def graph_draw(browser, url: str) -> tuple[float | None, float | None, Load]:
    """(ms to first afterDrawing or None after the timeout, ms to stabilisation or None, weight)."""

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def wait(page):
        try:
            page.wait_for_function("window.__benchGraph && window.__benchGraph.firstDraw !== null", timeout=GRAPH_TIMEOUT_S * 1000)
        except PlaywrightTimeout:  # reported as "> 60 s"
            pass

    load, page = load_weight(browser, url, setup=lambda p: p.add_init_script(GRAPH_HOOK), wait=wait)
    try:
        first, stable = page.evaluate("[window.__benchGraph.firstDraw, window.__benchGraph.stabilized]")
    finally:
        page.context.close()
    return first, stable, load


def pyvis_page(plan, target: Path) -> tuple[Path, int, int]:
    """pyvis 0.3.2 with its defaults on a copy of our graph; returns (html path, nodes, edges)."""
    from pyvis.network import Network

    from genhe_plan.graph import build_graph

    graph = build_graph(plan).copy()  # pyvis's from_nx mutates the graph it is given
    net = Network(cdn_resources="in_line")
    net.from_nx(graph)
    target.mkdir(parents=True, exist_ok=True)
    html = target / "pyvis.html"
    html.write_text(net.generate_html(), encoding="utf-8")
    return html, graph.number_of_nodes(), graph.number_of_edges()


def graph_js_note() -> str:
    js = ROOT / "docs" / "assets" / "graph" / "graph.js"
    if not js.exists():
        return "docs/assets/graph/graph.js 不存在"
    text = js.read_text(encoding="utf-8")
    exposed = re.findall(r"window\.(genhe\w*)\s*=", text)
    return "graph.js 暴露 " + "、".join(f"`window.{e}`" for e in sorted(set(exposed))) if exposed else "graph.js 未暴露网络对象"


DRAWS_MIN = 5
"""Our draw times are medians of at least this many loads (each takes well under a second; a pyvis draw
takes half a minute, so it keeps N): single loads on this shared 2-core machine swing by ±30%."""


def fmt_draw(values: list[float | None]) -> tuple[str, float | None]:
    if any(v is None for v in values):
        return f"> {GRAPH_TIMEOUT_S} s", None
    m = med(values)
    return (secs(m / 1000) if m >= 1000 else ms(m)), m


def draws(browser, base: str, uri: str, n: int) -> tuple[str, float | None, Load]:
    """n first draws of a graph view: navigation start → first afterDrawing (图谱 page, 完整关系网络 page),
    or scroll → first afterDrawing for an OPENED node page. (formatted median, median ms, median weight)"""
    from genhe_plan.present import urls

    times, loads = [], []
    for _ in range(n):
        if uri.endswith(OPENED):
            load, ms_ = page_load(browser, base, uri)
        else:
            path, _, query = uri.partition("?")
            ms_, _stable, load = graph_draw(browser, base + urls.html_path(path) + (f"?{query}" if query else ""))
        times.append(ms_)
        loads.append(load)
    text, value = fmt_draw(times)
    return text, value, median_load(loads)


def section_graph(browser, site: Path, n: int, work: Path) -> list[str]:
    from genhe_plan.model import load_plan
    from genhe_plan.present import urls

    if not (site / "assets" / "graph" / "graph.js").exists():
        raise Skip("网站中没有 assets/graph/graph.js（graph.js not written yet）")
    plan = load_plan(DATA)
    html, nodes, edges = pyvis_page(plan, work / "pyvis")
    dept = max(plan.departments, key=lambda d: len(plan.led_by[d.id]) + len(plan.supported_by[d.id]))
    ind = max(plan.indicators, key=lambda i: len(plan.tasks_moving[i.id]) + len(plan.targets_measuring[i.id]))
    views = [
        ("本站图谱页：概览图（overview，打开页面即画）", urls.GRAPH),
        ("本站完整关系网络页（full network，graph/full/，打开页面即画）", urls.GRAPH_FULL),
        (f"部门页 {dept.id} 的邻域图（从滚动到图起 scroll → draw）", urls.department(dept.id) + OPENED),
        (f"指标页 {ind.id} 的邻域图（从滚动到图起 scroll → draw）", urls.indicator(ind.id) + OPENED),
    ]
    with serve(site) as base:
        ours = [(label, *draws(browser, base, uri, max(n, DRAWS_MIN))) for label, uri in views]
    with serve(html.parent) as base:
        theirs = [graph_draw(browser, base + html.name) for _ in range(n)]
    if ours[1][2] is None:
        raise Skip(f"完整关系网络在 {GRAPH_TIMEOUT_S} s 内没有画出（no afterDrawing; {graph_js_note()}）")
    py_s, py_m = fmt_draw([t[0] for t in theirs])
    stab_s, _ = fmt_draw([t[1] for t in theirs])
    py_w = median_load([t[2] for t in theirs])
    blocked = sorted({u.split("/")[2] for t in theirs for u in t[2].blocked})
    full_m = ours[1][2]
    rel = ratio(py_m, full_m) if py_m is not None else f"> {ratio(GRAPH_TIMEOUT_S * 1000, full_m)}"
    rows = [[label, text, "—", size(w.html + w.assets), size(w.gzip), str(w.requests)] for label, text, _m, w in ours]
    rows.append(
        [
            "pyvis 0.3.2 默认（defaults, in_line），同一张完整的图",
            py_s,
            stab_s,
            size(py_w.html + py_w.assets),
            size(py_w.gzip),
            str(py_w.requests),
        ]
    )
    return [
        "## 4. 图谱绘制时间（Graph draw time）",
        "",
        f"完整关系网络与 pyvis 对照画的是同一张图（`genhe_plan.graph.build_graph(plan)`：{nodes} 个节点、{edges} 条边）。"
        "时间从导航开始（navigation start）到 vis-network 第一次触发 `afterDrawing`（节点页的邻域图从把图滚动到视野中起算，"
        "其间载入 vis-network、graph.js 和该节点的数据文件）：在页面脚本之前注入的脚本包装 `vis.Network.prototype.emit` 记下这一刻"
        f'（{graph_js_note()}）。本站各图关闭物理模拟、位置预先算好，第一次绘制就是完整的图。对照是 pyvis 0.3.2 的默认设置（`Network(cdn_resources="in_line")`、`from_nx` 图的副本、'
        "物理模拟开启，稳定化后才第一次绘制），其模板从 CDN 引用的 Bootstrap 以空响应代替"
        f"（{'、'.join(blocked) or '无'}）。超过 {GRAPH_TIMEOUT_S} s 记为“> {GRAPH_TIMEOUT_S} s”。体积不含搜索索引。",
        "",
        *table(
            [
                "图（view）",
                "首次绘制（first afterDrawing）",
                "稳定化完成（stabilizationIterationsDone）",
                "页面 + 资源（weight）",
                "gzip",
                "请求数",
            ],
            rows,
        ),
        f"比值（ratio）首次绘制 pyvis / 本站完整关系网络：**{rel}**；概览图：{ours[0][1]}；"
        f"邻域图：{ours[2][1]}（部门）、{ours[3][1]}（指标）。pyvis 页面把 vis-network 与 CSS 内联在 HTML 中，没有搜索。",
        "",
    ]


def section_node_scaling(browser, sites: dict[int, Path], n: int) -> list[str]:
    """Weight and neighbourhood draw time of the busiest department's page at ×1 and the largest scale."""
    from genhe_plan.model import load_plan
    from genhe_plan.present import urls

    if 1 not in sites or len(sites) < 2:
        raise Skip("第 2 节没有留下 ×1 与更大规模的网站（scaled sites missing: section 2 failed or was limited）")
    plan = load_plan(DATA)
    dept = max(plan.departments, key=lambda d: len(plan.led_by[d.id]) + len(plan.supported_by[d.id]))
    uri = urls.department(dept.id)
    rows, first = [], None
    for k, site in sorted(sites.items()):
        with serve(site) as base:
            closed = median_load([page_load(browser, base, uri)[0] for _ in range(n)])
            text, ms_, opened = draws(browser, base, uri + OPENED, max(n, DRAWS_MIN))
            graph_gz = opened.gzip - closed.gzip
        first = first or (closed, opened, ms_, graph_gz)
        rows.append(
            [
                f"×{k}",
                size(closed.html),
                size(closed.gzip),
                ratio(closed.gzip, first[0].gzip),
                size(opened.gzip),
                ratio(opened.gzip, first[1].gzip),
                size(graph_gz),
                ratio(graph_gz, first[3]),
                text,
                ratio(ms_, first[2]) if ms_ and first[2] else "—",
            ]
        )
    return [
        f"## 6. 节点页随数据增长（Node page at ×1 and ×{max(sites)}）",
        "",
        f"第 2 节的 ×1 与 ×{max(sites)} 网站上，任务最多的部门页（{dept.id}）：首次访问（不滚动）的体积，把关系图滚动到视野中画完后的体积，"
        "其中关系图部分（vis-network、graph.js 与该部门的邻域数据）的体积，以及邻域图从滚动起到第一次绘制的时间。"
        "gzip 不含搜索索引。邻域图中同类节点超过 30 个时按章归组，所以邻域数据不随任务数增长；页面 HTML 本身逐条列出该部门的任务，随数据增长。",
        "",
        *table(
            ["规模", "HTML", "首次访问 gzip", "比值", "打开关系图后 gzip", "比值", "其中关系图 gzip", "比值", "邻域图首次绘制", "比值"],
            rows,
        ),
    ]


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


def main(argv: list[str] | None = None) -> int:
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
    only = set(args.only.split(",")) if args.only else set(SECTIONS)
    if only - set(SECTIONS):
        parser.error(f"unknown sections {sorted(only - set(SECTIONS))}; known: {', '.join(SECTIONS)}")
    only |= {"scale"} if "node" in only else set()
    n = args.runs or (1 if args.quick else 3)
    limit = args.limit or (120 if args.quick else BUILD_LIMIT_S)
    ks = tuple(int(k) for k in args.scales.split(","))
    work = Path(tempfile.mkdtemp(prefix="genhe-bench-"))
    sections: dict[str, list[str]] = {}
    failed = False

    def attempt(key: str, title: str, fn: Callable[[], list[str]]) -> None:
        nonlocal failed
        if key not in only:
            return
        started = time.perf_counter()
        try:
            sections[key] = fn()
        except Skip as err:
            sections[key] = [f"## {title}", "", f"跳过（skipped）：{err}", ""]
        except Exception as err:  # noqa: BLE001 — one broken section must not lose the others' numbers
            failed = True
            first, *rest = str(err).replace(str(work), "$TMP").replace(str(ROOT), ".").splitlines() or [""]
            sections[key] = [f"## {title}", "", f"失败（failed）：{type(err).__name__}: {first}", ""]
            sections[key] += ["```text", *rest, "```", ""] if rest else []
            print(f"[bench] {title} failed: {err}", file=sys.stderr)
        print(f"[bench] {title}: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    state: dict = {}
    try:

        def build() -> list[str]:
            lines, state["site"] = section_build(work, n)
            return lines

        attempt("build", "1. 完整构建（Full build）", build)
        if "site" not in state and only & {"pages", "graph", "search"} and "build" not in only:
            state["site"] = work / "site"
            repeat(1, lambda _i: our_build_cmd(DATA, state["site"]), work, "untimed-build")
        state["scaled"] = {}
        attempt("scale", "2. 数据规模扩展（Scaling）", lambda: section_scaling(work, n, ks, limit, state["scaled"]))
        browser_version = ""
        try:
            with chromium() as browser:
                browser_version = browser.version

                def pages() -> list[str]:
                    if "site" not in state:
                        raise Skip("第 1 节的构建没有成功，没有网站可测（no site: section 1 failed）")
                    lines, state["weights"] = section_pages(browser, state["site"], n)
                    return lines

                def graph() -> list[str]:
                    if "site" not in state:
                        raise Skip("第 1 节的构建没有成功，没有网站可测（no site: section 1 failed）")
                    return section_graph(browser, state["site"], n, work)

                attempt("pages", "3. 页面体积与搜索（Page weight and search）", pages)
                attempt("graph", "4. 图谱绘制时间（Graph draw time）", graph)
                import search_bench  # issue 10

                attempt("search", search_bench.TITLE, lambda: search_bench.section(browser, n, state.get("site")))
                attempt("node", "6. 节点页随数据增长（Node page scaling）", lambda: section_node_scaling(browser, state["scaled"], n))
        except Skip as err:
            for key, title in (
                ("pages", "3. 页面体积与搜索（Page weight and search）"),
                ("graph", "4. 图谱绘制时间（Graph draw time）"),
                ("node", "6. 节点页随数据增长（Node page scaling）"),
            ):
                sections.setdefault(key, [f"## {title}", "", f"跳过（skipped）：{err}", ""])
        head = [
            "# 性能测量结果（Benchmark results）",
            "",
            f"由 `bench/run.py` 生成（`make bench`）。每个数字都是 {n} 次运行的中位数（median of {n} run{'s' if n > 1 else ''}）"
            + ("，本次为 `--quick` 冒烟运行" if args.quick else "")
            + f"（第 1 节的构建至少 {BUILD_PAIRS_MIN} 对、本站各图的绘制至少 {DRAWS_MIN} 次）；比值 = 前者 / 后者。测试套件不对时间做断言。"
            "本机是与其他虚拟机共用的 2 核机器：同时运行别的程序（测试、第二个构建）时，时间可慢 30%–80%，"
            "而我们的构建用两个核（MkDocs 与生成并行），受影响比普通 mkdocs build 更大；这里的数字来自空闲时的运行。",
            "",
        ]
        if only != set(SECTIONS) and args.out.exists():  # keep the other sections' text as it was
            for text in re.split(r"(?m)^(?=## \d\. )", args.out.read_text(encoding="utf-8"))[1:]:
                sections.setdefault(SECTIONS[int(text[3]) - 1], text.rstrip("\n").split("\n") + [""])
        body = head + machine(browser_version) + [line for key in SECTIONS for line in sections.get(key, [])]
        args.out.write_text("\n".join(body).rstrip("\n") + "\n", encoding="utf-8")
        print(f"[bench] wrote {args.out}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
