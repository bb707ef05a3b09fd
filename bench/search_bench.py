"""Section 5 of the benchmarks: the record search (issue 10), measured in Chromium.

- answer quality on tests/search_eval/questions.yaml: answered@1, @3 and MRR, our engine vs Material's
  built-in search (a site built from BASELINE, the last commit with Material's search);
- bytes fetched for the first query (index files only, and everything after typing started), gzip -6,
  on the real data (×1) and ×20 data (bench/scale.py);
- typing → results rendered in the header box, cold (first pass) and warm (second pass), median over
  the question set;
- page weight without searching: home page, ours vs BASELINE (which fetches Material's whole index).

Usage: ``python bench/search_bench.py [--runs N] [--out PATH]`` writes only this section into
bench/RESULTS.md (replacing its previous "## 5." section); bench/run.py runs it as section 5.
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "tests" / "search_eval"))

BASELINE = "0b1ab1f"  # last commit with Material's built-in search
TITLE = "5. 搜索（Search）"
FIRST_QUERIES = ["医疗废物", "满归镇", "森林覆盖率目标是多少", "加强入河排污口排查整治"]
# tests/search_eval/colloquial.yaml through the engine of 0fc7fbc, before concepts.yaml, question intent and
# near names (issue 18): (answered@1, answered@3, n), measured in Chromium with tests/search_eval/harness.py.
COLLOQUIAL_BEFORE = ("0fc7fbc", 44, 62, 97)
# Held-out colloquial sets (issue 18, second round): file, when it was written, and (answered@1, answered@3)
# through the engine before that round's changes, measured in Node (tests/js/engine_runner.js) when written.
HELD_OUT = [
    ("colloquial_heldout.yaml", "本轮改动之前写，其未命中促成了概念表的新词（“之后”偏乐观）", (40, 48)),
    ("colloquial_late.yaml", "本轮中途写，测过一次后又据其未命中改了两处", (20, 26)),
    ("colloquial_final.yaml", "本轮全部改动之后写，只测一次", (25, 28)),
    ("colloquial_review.yaml", "协调人另写，写时未看本轮改动与搜索结果", (26, 36)),
    ("colloquial_fresh.yaml", "本轮之后由另一人写，未看任何结果；“之前”为本次会话开始时的引擎", (40, 45)),
]

TIMING_JS = """async ([qs, pass]) => {
  const input = document.getElementById('gs-header-q'), out = [];
  input.focus();
  for (const q of qs) {
    const done = new Promise(res => {
      const obs = new MutationObserver(() => { if (document.documentElement.dataset.gsQuery === q) { obs.disconnect(); res(); } });
      obs.observe(document.documentElement, {attributes: true, attributeFilter: ['data-gs-query']});
    });
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input'));
    await done;
    out.push(performance.now() - t0);
  }
  return out; }"""


def build(data: Path, site: Path, cwd: Path = ROOT) -> None:
    cmd = [sys.executable, "-m", "genhe_plan", "--data", str(data), "build", "--site-dir", str(site)]
    env = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1659312000"}
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(done.stdout[-2000:] + done.stderr[-2000:])


def baseline_site(work: Path) -> Path | None:
    """A site built with Material's search from BASELINE (git archive), or None when git cannot."""
    src = work / "baseline"
    src.mkdir()
    archive = subprocess.run(["git", "archive", BASELINE], cwd=ROOT, capture_output=True)
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    build(src / "plan_data", work / "baseline-site", cwd=src)
    return work / "baseline-site"


def first_query_bytes(browser, base: str, query: str) -> tuple[int, int, int]:
    """(gzip bytes of search/ index files, gzip bytes of everything fetched after typing, raw bytes of everything)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, wait_until="load")
    page.wait_for_load_state("networkidle")
    responses = []
    page.on("response", lambda r: responses.append(r))
    box = page.locator("#gs-header-q")
    box.click()
    box.fill(query)
    page.wait_for_function("q => document.documentElement.dataset.gsQuery === q", arg=query, timeout=30_000)
    index = total = raw = 0
    for r in responses:
        body = r.body()
        packed = len(gzip.compress(body, 6))
        total, raw = total + packed, raw + len(body)
        index += packed if "/search/" in r.url else 0
    context.close()
    return index, total, raw


def page_weight(browser, url: str) -> int:
    """Bytes (gzip -6) a fresh page load fetches, without typing anything."""
    context = browser.new_context()
    page = context.new_page()
    sizes = []
    page.on("response", lambda r: sizes.append(r))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    total = 0
    for r in sizes:
        try:
            total += len(gzip.compress(r.body(), 6))
        except Exception:  # noqa: BLE001 — redirects have no body
            pass
    context.close()
    return total


def latency(browser, base: str, queries: list[str]) -> tuple[float, float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, wait_until="load")
    cold = page.evaluate(TIMING_JS, [queries, 1])
    warm = page.evaluate(TIMING_JS, [queries, 2])
    context.close()
    return statistics.median(cold), statistics.median(warm)


MEASURED = ("ours", "ours_s", "lat", "x1", "home", "mat", "mat_s", "home_before", "x20", "files1", "files20")
"""What ``measure`` returns, by name (``section`` writes them into the report)."""


def measure(browser, n: int, site: Path | None) -> dict:
    """Every figure of the section: answer quality (ours, Material), latency, first-query bytes at ×1 and ×20,
    home page weight, index files. A site is built when none is given; Material's when git has BASELINE."""
    import harness
    import scale
    from browsing import serve

    mat = mat_s = home_before = None
    work = Path(tempfile.mkdtemp(prefix="genhe-search-bench-"))
    try:
        if site is None:
            site = work / "site"
            build(ROOT / "plan_data", site)
        material = baseline_site(work)
        questions = harness.load_questions()
        sentences = harness.load_questions(harness.QUESTIONS.with_name("sentences.yaml"))
        colloquial = harness.load_questions(harness.QUESTIONS.with_name("colloquial.yaml"))
        with serve(site) as base:
            ours = harness.evaluate_ours(browser, base, questions)
            ours_s = harness.evaluate_ours(browser, base, sentences)
            ours_c = harness.evaluate_ours(browser, base, colloquial)
            held = {f: harness.evaluate_ours(browser, base, harness.load_questions(harness.QUESTIONS.with_name(f))) for f, _, _ in HELD_OUT}
            lat = [latency(browser, base, [q["query"] for q in questions]) for _ in range(n)]
            x1 = {q: first_query_bytes(browser, base, q) for q in FIRST_QUERIES}
            home = page_weight(browser, base)
        if material:
            with serve(material) as base:
                mat = harness.evaluate_material(browser, base, questions)
                mat_s = harness.evaluate_material(browser, base, sentences)
                home_before = page_weight(browser, base)
        data20 = scale.scale_data(ROOT / "plan_data", work / "x20" / "plan_data", 20)
        site20 = work / "x20" / "site"
        build(data20, site20)
        with serve(site20) as base:
            x20 = {q: first_query_bytes(browser, base, q) for q in FIRST_QUERIES}
        gz = lambda fs: (len(fs), sum(len(gzip.compress(f.read_bytes(), 6)) for f in fs))  # noqa: E731
        files1, files20 = gz(sorted((site / "search").rglob("*.js"))), gz(sorted((site20 / "search").rglob("*.js")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    found = dict(ours=ours, ours_s=ours_s, lat=lat, x1=x1, home=home, mat=mat, mat_s=mat_s, home_before=home_before)
    return found | dict(x20=x20, files1=files1, files20=files20, ours_c=ours_c, held=held)


def quality(name: str, r: dict) -> list[str]:
    """A row of the answer-quality table."""
    return [
        name,
        f"{r['at1']}/{r['n']}（{r['at1'] / r['n']:.0%}）",
        f"{r['at3']}/{r['n']}（{r['at3'] / r['n']:.0%}）",
        f"{r['mrr']:.3f}",
    ]


def section(browser, n: int = 3, site: Path | None = None) -> list[str]:
    from common import size

    m = measure(browser, n, site)
    ours, ours_s, lat, x1, home, mat, mat_s, home_before, x20, files1, files20 = (m[k] for k in MEASURED)
    ours_c = m["ours_c"]
    rows = [quality("本站记录搜索（ours）", ours)] + ([quality(f"Material 内置搜索（{BASELINE}）", mat)] if mat else [])
    rows += [quality("本站，整句问题（ours, sentences.yaml）", ours_s)]
    rows += [quality(f"Material，整句问题（{BASELINE}, sentences.yaml）", mat_s)] if mat else []
    rows += [quality("本站，口语问题（ours, colloquial.yaml）", ours_c)]
    lines = [
        f"## {TITLE}",
        "",
        f"评测集 `tests/search_eval/questions.yaml`（{ours['n']} 个问题）：答案记录在第 1 位 / 前 3 位的问题数，及 MRR（前 10 位）。"
        f"Material 一栏是提交 {BASELINE}（本站改用记录搜索之前）构建的网站，在其页头搜索框中输入同样的问题；"
        "它的结果是页面和标题，链接到答案记录所在页面的锚点（整页记录则到该页）即算答对。",
        "",
        "| 引擎（engine） | 第 1 位（answered@1） | 前 3 位（answered@3） | MRR |",
        "|---|--:|--:|--:|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
        f"本站未排第 1 的问题：{'、'.join(ours['misses']) or '无'}。",
        "",
        f"整句问题集 `tests/search_eval/sentences.yaml`（{ours_s['n']} 个，带“的”“怎么”“什么时候”等词的整句提问；文件中注明了哪些题写于改动排序之前、"
        f"哪些之后）本站未排第 1 的：{'、'.join(ours_s['misses']) or '无'}。",
        "",
        *colloquial_lines(ours_c),
        *held_out_lines(m["held"]),
        "首次查询取到的字节数（新上下文打开首页，然后输入；gzip -6）。“索引”只计 `search/` 下的文件，“合计”是输入后取到的全部响应"
        "（含 search.js 以外的一切；search.js 随页面载入，已在页面体积中）。×20 为 `bench/scale.py` 放大 20 倍的数据。",
        "",
        "| 查询 | ×1 索引 | ×1 合计 | ×1 未压缩 | ×20 索引 | ×20 合计 | ×20 未压缩 | ×20 / ×1（gzip 合计） |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for q in FIRST_QUERIES:
        a, b = x1[q], x20[q]
        lines.append(
            f"| {q} | {size(a[0])} | {size(a[1])} | {size(a[2])} | {size(b[0])} | {size(b[1])} | {size(b[2])} | {b[1] / max(1, a[1]):.2f} |"
        )
    lines += [
        "",
        f"索引文件：×1 共 {files1[0]} 个、{size(files1[1])}（gzip 合计）；×20 共 {files20[0]} 个、{size(files20[1])}——"
        "一次查询只取元数据、自身二元组所在的分片和屏幕上结果所在的记录分片。注意 ×20 的数据是原文的重复，gzip 压缩得格外好，"
        "所以另列未压缩字节数。",
        "",
        "| 时间（typing → results，页头搜索框） | 中位数（median） |",
        "|---|--:|",
        f"| 冷（每个问题第一次输入，含载入分片） | {statistics.median(c for c, _ in lat):.1f} ms |",
        f"| 热（同一页面第二遍，分片已载入） | {statistics.median(w for _, w in lat):.1f} ms |",
        "",
        "页面体积（不搜索，新上下文打开首页，gzip -6 合计）："
        + (f"本站 {size(home)}，{BASELINE} {size(home_before)}（Material 每页都取整个搜索索引）。" if mat else f"本站 {size(home)}。"),
        "",
    ]
    return lines


def colloquial_lines(r: dict) -> list[str]:
    commit, at1, at3, n = COLLOQUIAL_BEFORE
    return [
        f"口语问题集 `tests/search_eval/colloquial.yaml`（{r['n']} 个：居民的日常说法、问句、错别字，写于 issue 18 的改动之前）："
        f"改动前（提交 {commit} 的引擎）第 1 位 {at1}/{n}、前 3 位 {at3}/{n}；现在第 1 位 {r['at1']}/{r['n']}、前 3 位 {r['at3']}/{r['n']}。"
        f"未排第 1 的：{'、'.join(r['misses']) or '无'}。",
        "",
    ]


def held_out_lines(held: dict[str, dict]) -> list[str]:
    """A table of the held-out colloquial sets: before (Node, when written) and now (Chromium)."""
    rows = []
    for f, when, (b1, b3) in HELD_OUT:
        r = held[f]
        rows.append(
            f"| `{f}`（{r['n']}） | {when} | {b1}/{r['n']} → {r['at1']}/{r['n']}（{r['at1'] / r['n']:.0%}） | "
            f"{b3}/{r['n']} → {r['at3']}/{r['n']}（{r['at3'] / r['n']:.0%}） |"
        )
    return [
        "留出的口语问题集（issue 18 第二轮；“之前”为写成时在 Node 中对本轮改动之前的引擎所测，“现在”为 Chromium）：",
        "",
        "| 问题集 | 怎样写成 | 第 1 位（之前 → 现在） | 前 3 位（之前 → 现在） |",
        "|---|---|--:|--:|",
        *rows,
        "",
    ]


def main(argv: list[str]) -> int:
    from browsing import chromium

    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else BENCH / "RESULTS.md"
    n = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    with chromium() as browser:
        lines = section(browser, n)
    text = out.read_text(encoding="utf-8") if out.exists() else "# 性能测量结果（Benchmark results）\n"
    text = re.sub(rf"\n## {re.escape(TITLE)}\n.*?(?=\n## |\Z)", "\n", text, flags=re.S).rstrip("\n")
    out.write_text(text + "\n\n" + "\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
