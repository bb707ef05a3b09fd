"""Engine parity (issue 20): the site from MkDocs Material and from Zensical, side by side → bench/ENGINES.md.

Parity (what tests/test_engines.py asserts, on the test session's builds):
- pages: the same HTML files in both sites;
- anchors: on every page the same ids, less the theme's own (ids starting ``__``: ``__drawer``,
  ``__search``, Zensical's ``__skip``): every heading, task and paragraph anchor a link can name;
- content: on every page the same article (``md-content__inner``), once links are resolved to site
  paths (the engines spell the same link differently: ``./#cf-01``, ``#cf-01`` and
  ``../conflicts/#cf-01``; ``dir/index.html`` is ``dir/``; percent-encoding undone),
  code blocks reduced to their text (Zensical's SuperFences marks them up and escapes quotes) and white space folded;
- downloads: every file the project makes that is not a page (the generated data, graph and search
  files of ``site.prepare()`` and the non-Markdown files of docs/) byte-identical in both.

Side by side (this script only, numbers, no assertion): build time (median of N builds of each,
alternating) and page weight of a few page types at first load: the HTML plus the stylesheets and
scripts it links (lazy graph code not counted), raw and gzip -6.

Usage: ``python bench/engines.py [--runs N] [--out PATH]`` (needs Zensical: ``make zensical``).
"""

from __future__ import annotations

import argparse
import gzip
import html
import html.parser
import os
import posixpath
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from common import DATA, our_build_cmd, run_measured

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ENGINES = ("mkdocs", "zensical")
SAMPLE_PAGES = {
    "首页": "index.html",
    "章": "plan/ch03/index.html",
    "任务总览": "tasks/index.html",
    "部门": "departments/eco/index.html",
    "图谱": "graph/index.html",
    "搜索": "search/index.html",
    "404": "404.html",
}


class _Refs(html.parser.HTMLParser):
    """ids of a page, and the stylesheets and scripts it links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])


def _parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def anchors(page: Path) -> set[str]:
    """The page's ids a link can name (the theme's own, ``__…``, left out)."""
    return {i for i in _parse(page).ids if not i.startswith("__")}


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
LINK = re.compile(r'(href|src)="([^"#:?]*)([#?][^"]*)?"')
CODE = re.compile(r'(?:<div class="highlight">)?<pre[^>]*>(.*?)</pre>(?:</div>)?', re.S)
TAG = re.compile(r"<[^>]+>")
INDEX = re.compile(r"/index\.html$")


def article(site: Path, page: str) -> str:
    """The page's article, links resolved to site paths, code blocks as their text (Zensical highlights
    them), Zensical's skip target left out, white space folded."""
    found = ARTICLE.search((site / page).read_text(encoding="utf-8"))
    text = (found.group(1) if found else "").replace('<a id="__skip" tabindex="-1"></a>', "")
    text = CODE.sub(lambda m: "<pre>" + html.unescape(TAG.sub("", m[1])).strip() + "</pre>", text)
    here = posixpath.dirname("/" + page) + "/"

    def resolve(m: re.Match) -> str:
        link = unquote(m[2])
        path = posixpath.normpath(posixpath.join(here, link)) + ("/" if link.endswith("/") else "") if link else "/" + page
        return f'{m[1]}="{INDEX.sub("/", path)}{unquote(m[3] or "")}"'

    return re.sub(r"\s+", " ", LINK.sub(resolve, text)).strip()


def content_files(root: Path = ROOT) -> list[str]:
    """Site paths of every file the project makes that is not a page: ``site.prepare()``'s generated
    files and docs/ (Markdown left out: pages)."""
    sys.path.insert(0, str(root))
    from genhe_plan.site import prepare

    generated = {uri for uri in prepare(root / "plan_data").files if not uri.endswith(".md")}
    docs = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*") if p.is_file() and p.suffix != ".md"}
    return sorted(generated | docs)


@dataclass
class Parity:
    pages: int = 0
    only_in: dict[str, list[str]] = field(default_factory=dict)
    """engine → pages only that engine wrote"""
    anchors: int = 0
    anchor_gaps: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    """page → (ids only in the first site, ids only in the second)"""
    content_gaps: list[str] = field(default_factory=list)
    """pages whose article differs"""
    downloads: int = 0
    download_gaps: list[str] = field(default_factory=list)
    """files missing from a site or differing in bytes"""

    @property
    def ok(self) -> bool:
        return not (any(self.only_in.values()) or self.anchor_gaps or self.content_gaps or self.download_gaps)

    def problems(self) -> list[str]:
        out = [f"only in {engine}: {page}" for engine, pages in self.only_in.items() for page in pages]
        out += [f"{page}: ids only in {ENGINES[0]} {a}, only in {ENGINES[1]} {b}" for page, (a, b) in self.anchor_gaps.items()]
        out += [f"{page}: the article differs" for page in self.content_gaps]
        return out + [f"download differs or is missing: {f}" for f in self.download_gaps]


def compare(first: Path, second: Path, downloads: list[str]) -> Parity:
    """Parity of two built sites (``first`` MkDocs', ``second`` Zensical's)."""
    p = Parity()
    a, b = html_pages(first), html_pages(second)
    p.pages = len(a | b)
    p.only_in = {ENGINES[0]: sorted(a - b), ENGINES[1]: sorted(b - a)}
    for page in sorted(a & b):
        ia, ib = anchors(first / page), anchors(second / page)
        p.anchors += len(ia | ib)
        if ia != ib:
            p.anchor_gaps[page] = (sorted(ia - ib), sorted(ib - ia))
        if article(first, page) != article(second, page):
            p.content_gaps.append(page)
    p.downloads = len(downloads)
    for f in downloads:
        fa, fb = first / f, second / f
        if not (fa.is_file() and fb.is_file() and fa.read_bytes() == fb.read_bytes()):
            p.download_gaps.append(f)
    return p


def page_weight(site: Path, page: str) -> tuple[int, int]:
    """(bytes, gzip -6 bytes) of the page and the stylesheets and scripts it links, at first load."""
    path = site / page
    files = [path]
    for ref in _parse(path).assets:
        if urlsplit(ref).scheme or ref.startswith("//"):
            continue
        ref_path = urlsplit(ref).path
        target = (site / ref_path.lstrip("/") if ref_path.startswith("/") else path.parent / ref_path).resolve()
        if target.is_file():
            files.append(target)
    raw = b"".join(f.read_bytes() for f in files)
    return len(raw), sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def build(engine: str, out: Path) -> float:
    """Seconds of one ``python -m genhe_plan build`` with ``engine``, run as section 1 of RESULTS.md runs
    its builds (``common.run_measured``); raises when it fails."""
    run = run_measured(our_build_cmd(DATA, out, engine), out.with_name(out.name + ".log"))
    if run.returncode != 0:
        raise SystemExit(f"{engine} build failed:\n{run.log[-4000:]}")
    return run.seconds


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def report(parity: Parity, times: dict[str, list[float]], weights: dict[str, dict[str, tuple[int, int]]], versions: dict[str, str]) -> str:
    mk, zs = ENGINES
    lines = [
        "# 引擎对照（MkDocs Material 与 Zensical）",
        "",
        "`python bench/engines.py` 写出本文件：同一份 `site.prepare()` 输出分别由两个引擎构建（`make build` 与 "
        "`make build ENGINE=zensical`）。一致性三项由 `tests/test_engines.py` 在每次 `make test` 中断言；时间与体积只报告数字。",
        "",
        f"版本：mkdocs-material {versions.get('mkdocs-material', '?')}，mkdocs {versions.get('mkdocs', '?')}，zensical {versions.get('zensical', '?')}；"
        f"nproc {os.cpu_count()}，Python {sys.version.split()[0]}。",
        "",
        "## 一致性",
        "",
        "| 项 | 比较了 | 不一致 |",
        "|---|---:|---:|",
        f"| HTML 页面 | {parity.pages} | {sum(len(v) for v in parity.only_in.values())} |",
        f"| 页面锚点（id，主题自身的 `__…` 除外） | {parity.anchors} | {sum(len(a) + len(b) for a, b in parity.anchor_gaps.values())} |",
        f"| 页面正文（链接换算成站内路径后） | {parity.pages} | {len(parity.content_gaps)} |",
        f"| 下载与数据文件（逐字节） | {parity.downloads} | {len(parity.download_gaps)} |",
        "",
    ]
    if not parity.ok:
        lines += ["不一致之处：", ""] + [f"- {p}" for p in parity.problems()[:50]] + [""]
    tm, tz = statistics.median(times[mk]), statistics.median(times[zs])
    lines += [
        "## 构建时间",
        "",
        f"各 {len(times[mk])} 次、交替运行的中位数（`python -m genhe_plan build`，含 Python 启动和 `site.prepare()`）。",
        "",
        "| MkDocs Material | Zensical | Zensical / Material |",
        "|---:|---:|---:|",
        f"| {tm:.1f} s | {tz:.1f} s | {tz / tm:.2f} |",
        "",
        "## 页面体积（首次载入）",
        "",
        "页面 HTML 加上它链接的样式表和脚本（按需载入的图谱代码不计）；括号内为 gzip -6。",
        "",
        "| 页 | MkDocs Material | Zensical | Zensical / Material |",
        "|---|---:|---:|---:|",
    ]
    for label, page in SAMPLE_PAGES.items():
        (rm, gm), (rz, gz) = weights[mk][page], weights[zs][page]
        lines.append(f"| {label} `{page}` | {_kb(rm)}（{_kb(gm)}） | {_kb(rz)}（{_kb(gz)}） | {rz / rm:.2f}（{gz / gm:.2f}） |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(BENCH / "ENGINES.md"))
    args = parser.parse_args(argv)
    from importlib.metadata import version

    versions = {name: version(name) for name in ("mkdocs-material", "mkdocs", "zensical")}
    times: dict[str, list[float]] = {e: [] for e in ENGINES}
    with tempfile.TemporaryDirectory() as tmp:
        sites = {e: Path(tmp) / f"site-{e}" for e in ENGINES}
        for _ in range(args.runs):
            for e in ENGINES:
                times[e].append(build(e, sites[e]))
        parity = compare(sites["mkdocs"], sites["zensical"], content_files())
        weights = {e: {page: page_weight(sites[e], page) for page in SAMPLE_PAGES.values()} for e in ENGINES}
    Path(args.out).write_text(report(parity, times, weights, versions), encoding="utf-8")
    print(f"wrote {args.out}" + ("" if parity.ok else f"; parity problems: {len(parity.problems())}"))
    return 0 if parity.ok else 1


if __name__ == "__main__":
    sys.exit(main())
