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

from common import DATA, ROOT, html_pages, med, our_build_cmd, ratio, repeat, secs, size, table


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
steps = {"import genhe_plan": clock() - t0}
data = Path(sys.argv[1])
t0 = clock(); plan = site.load(data); steps["load, validate, history"] = clock() - t0
t0 = clock(); G = site.graph_of(plan); steps["graph model"] = clock() - t0
for step in site.OUTPUTS:
    t0 = clock(); step.make(plan, G, data); steps[step.name + ("" if step.where == site.HERE else f"（{step.where}）")] = clock() - t0
print(json.dumps(steps))
"""
"""The hook's share of a build, step by step, as a build meets it: in a new process (first imports and
first calls included), in ``site.OUTPUTS``'s order."""


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
        f"hook 的份额逐步看（每步在新进程中计时，含首次导入与首次调用，{runs} 次的中位数；合计 {secs(total)}；"
        "标“beside”的步骤在子进程里与本进程的页面同时进行，渲染前等它；标“later”的在子进程里与 MkDocs 渲染页面同时进行）：",
        "",
        *table(["步骤（step, genhe_plan.site）", "时间（cold）", "占合计"], [[n, secs(t), f"{t / total:.0%}"] for n, t in rows]),
    ]


BEFORE_ONE_PATH = ("776f7b7", "1.07×", 0.39, 119)
"""Section 1 as measured before issue 19 (commit, ratio, prepare() in s, pages): genhe_plan build then prepared
the site in its own process while MkDocs started and handed it over (handoff.py, since deleted)."""

ONE_PATH_SERIAL = ("8138366", "1.46×")
"""Section 1 after issue 19's one path, before the files were made beside the rendering (site.Beside)."""

BUILD_PAIRS_MIN = 5
"""Section 1 runs at least this many pairs: the ratio is what the issue asks about and sits close to its target."""


def history_note() -> str:
    """How section 1 came to its present ratio: the commits before and after issue 19's one path."""
    return (
        f"改为一条构建路径之前（提交 {BEFORE_ONE_PATH[0]}：生成在另一进程里与 MkDocs 启动并行，再交给 hook）比值为 {BEFORE_ONE_PATH[1]}，"
        f"当时 prepare() {secs(BEFORE_ONE_PATH[2])}、{BEFORE_ONE_PATH[3]} 个页面。一条路径、全部生成都在渲染之前依次进行时"
        f"（提交 {ONE_PATH_SERIAL[0]}，网站已有 281 页）比值为 {ONE_PATH_SERIAL[1]}；现在页面以外的文件与渲染同时生成（标“later”的步骤，"
        "不在 MkDocs 等待的路径上），hook 在渲染前只做导入、载入和页面（两个进程各做一半）。"
    )


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
        build.beside.wait()  # the files made beside count too
        prep_times.append(time.perf_counter() - start)
    config = materialise_plain(build, work / "plain")
    sites = [work / f"site-{i}" for i in range(pairs)]
    plain_sites = [work / "plain" / f"site-{i}" for i in range(pairs)]
    plain_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d"]
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
        "由 hook 在 MkDocs 的进程里调用 `genhe_plan.site.prepare()`（载入、校验、生成页面：载入后分出的子进程生成一半页面，"
        "随后在 MkDocs 渲染页面的同时写出页面以外的文件——下载、API、订阅源、嵌入卡片、图谱数据、搜索索引，见 `site.Beside`），成功后换入网站目录。"
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
        f"中位时间之差 {secs(t_ours - t_plain)}。作为参照，在同一进程内单独调用 prepare() 并等子进程写完需 {secs(t_prep)}"
        "（另需导入 genhe_plan；子进程把约 1,100 个文件写入临时目录，本机磁盘建文件慢）；构建中 hook 在 on_config 里只等载入和页面，"
        "子进程的文件在 MkDocs 渲染完页面、复制文件之前（on_env）才取（本机 2 核，与其他任务共用）。",
        "",
        history_note(),
        "",
        *cold_steps(pairs),
        "",
    ]
    return lines, sites[-1]
