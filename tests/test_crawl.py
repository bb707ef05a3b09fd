"""Crawl the whole built site: every page in real Chromium (HTTP, and a sample of the offline build
over file://), and every internal link and #anchor in the built HTML checked without a browser."""

from __future__ import annotations

import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for t, name in LINK_ATTRS:
            if tag == t and a.get(name) is not None:
                self.links.append((tag, a[name]))


def parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_path(site: Path, page: Path) -> str:
    """The served path of a built file: plan/ch03/index.html → plan/ch03/ (index.html is implied)."""
    rel = page.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site: Path, from_disk: bool = False) -> tuple[int, list[str]]:
    """Every internal link resolves to a file; every #anchor exists in its target page.

    ``from_disk``: the offline build is opened from file://, where a root-absolute link (/assets/…)
    points at the file system root, so none may appear (404.html, which only a web server shows, aside).
    """
    pages = html_pages(site)
    parsed = {p: parse(p) for p in pages}
    ids = {p.resolve(): parsed[p].ids for p in pages}
    root = "http://site.invalid/"
    problems, checked = [], 0
    for page, info in parsed.items():
        here = root + url_path(site, page)
        for tag, raw in info.links:
            url = urljoin(here, raw)
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel", "javascript", "data") or (
                parts.scheme in ("http", "https") and parts.netloc != "site.invalid"
            ):
                continue
            checked += 1
            where = f"{page.relative_to(site)}: <{tag}> {raw!r}"
            if from_disk and raw.startswith("/") and page.name != "404.html":
                problems.append(f"{where} is root-absolute: broken from file://")
                continue
            path = unquote(parts.path)[1:]
            if ".." in Path(path).parts or not (site / path).resolve().is_relative_to(site.resolve()):
                problems.append(f"{where} leaves the site")
                continue
            target = target_file(site, path)
            if target is None:
                problems.append(
                    f"{where} → {path or '/'} does not exist" + (" (directory without trailing slash)" if (site / path).is_dir() else "")
                )
                continue
            if parts.fragment and tag == "a":
                anchor = unquote(parts.fragment)
                known = ids.get(target.resolve())
                if known is None:
                    problems.append(f"{where} → #{anchor} on a non-HTML file")
                elif anchor not in known:
                    problems.append(f"{where} → #{anchor} missing in {target.relative_to(site)}")
    return checked, problems


def test_every_internal_link_and_anchor_resolves(site_dir):
    checked, problems = check_links(site_dir)
    assert checked > 1000, f"only {checked} links checked: did the build change shape?"
    assert problems == [], f"{len(problems)} broken links, first 30:\n" + "\n".join(problems[:30])


def test_every_internal_link_and_anchor_resolves_offline(offline_site_dir):
    checked, problems = check_links(offline_site_dir, from_disk=True)
    assert checked > 1000
    assert problems == [], f"{len(problems)} broken links, first 30:\n" + "\n".join(problems[:30])


def test_link_checker_catches_breakage(tmp_path):
    """The checker itself must be able to fail: a missing page and a missing anchor are both reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="here"><a href="../b/">b</a> <a href="#nowhere">x</a> <a href="#here">ok</a></p>', encoding="utf-8"
    )
    (tmp_path / "index.html").write_text('<a href="a/#here">a</a> <a href="a/#gone">a</a>', encoding="utf-8")
    checked, problems = check_links(tmp_path)
    assert checked == 5
    assert len(problems) == 3, problems
    assert any("b/ does not exist" in p for p in problems)
    assert any("#nowhere missing" in p for p in problems)
    assert any("#gone missing" in p for p in problems)
    (tmp_path / "c.html").write_text('<a href="/a/#here">abs</a>', encoding="utf-8")
    assert check_links(tmp_path)[1] == problems
    assert any("root-absolute" in p for p in check_links(tmp_path, from_disk=True)[1])


class Recorder:
    """Per-page record of what one reused browser page saw."""

    def __init__(self, page):
        self.current = "?"
        self.console: dict[str, list[str]] = defaultdict(list)
        self.failed: dict[str, list[str]] = defaultdict(list)
        self.bad_status: dict[str, list[str]] = defaultdict(list)
        self.requests: dict[str, list[str]] = defaultdict(list)
        page.on("console", lambda m: self.console[self.current].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console[self.current].append(f"uncaught: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: self.bad_status[self.current].append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("request", lambda r: self.requests[self.current].append(r.url))

    def _failed(self, request):
        # leaving a page aborts what it was still fetching (the search worker's lunr scripts): not a failure
        if (request.failure or "") != "net::ERR_ABORTED":
            self.failed[self.current].append(f"{request.url} ({request.failure})")


def crawl(browser, urls_: list[str]) -> tuple[Recorder, dict[str, int | None]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    rec = Recorder(page)
    status = {}
    try:
        for url in urls_:
            rec.current = url
            response = page.goto(url, wait_until="load")
            status[url] = response.status if response is not None else None
        page.wait_for_timeout(300)  # late console errors of the last page
    finally:
        context.close()
    return rec, status


def report(rec: Recorder, what: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}: {items[:3]}" for page, items in what.items() if items)


def test_every_page_over_http_loads_cleanly(site_dir, base_url, browser):
    pages = html_pages(site_dir)
    assert len(pages) > 100
    urls_ = [base_url + url_path(site_dir, p) for p in pages]
    start = time.monotonic()
    rec, status = crawl(browser, urls_)
    took = time.monotonic() - start
    host = urlsplit(base_url).hostname
    not_ok = {u: s for u, s in status.items() if s != 200}
    foreign = {
        p: [u for u in reqs if not (urlsplit(u).scheme in ("data", "blob") or urlsplit(u).hostname == host)]
        for p, reqs in rec.requests.items()
    }
    assert not_ok == {}
    assert report(rec, rec.console) == "", "console errors"
    assert report(rec, rec.failed) == "", "failed requests"
    assert report(rec, rec.bad_status) == "", "HTTP errors"
    assert report(rec, foreign) == "", "requests to another host"
    assert took < 150, f"crawl of {len(urls_)} pages took {took:.0f}s"


OFFLINE_MUST = ["index.html", "plan/ch09.html", "tasks.html", "graph.html", "departments/eco.html"]


def offline_sample(site: Path, limit: int = 30) -> list[Path]:
    """Key pages plus an even spread of the rest. 404.html is left out: only a web server shows it, and
    MkDocs gives it root-absolute links on purpose."""
    must = [(site / m).resolve() for m in OFFLINE_MUST]
    rest = [p for p in html_pages(site) if p.resolve() not in must and p.name != "404.html"]
    step = max(1, len(rest) // (limit - len(set(must))))
    return list(dict.fromkeys(must + rest[::step]))[:limit]


def test_offline_build_pages_load_from_disk_without_network(offline_site_dir, browser):
    sample = offline_sample(offline_site_dir)
    for m in OFFLINE_MUST:
        assert (offline_site_dir / m).is_file(), f"offline build lacks {m}"
    assert 20 <= len(sample) <= 30
    urls_ = [p.as_uri() for p in sample]
    rec, _ = crawl(browser, urls_)
    network = {p: [u for u in reqs if urlsplit(u).scheme in ("http", "https", "ws", "wss")] for p, reqs in rec.requests.items()}
    assert report(rec, network) == "", "the offline build made network requests"
    assert report(rec, rec.console) == "", "console errors"
    assert report(rec, rec.failed) == "", "failed file:// requests"


@pytest.mark.parametrize("name", ["index.html", "tasks.html", "graph.html"])
def test_offline_page_really_renders(offline_site_dir, browser, name):
    """Not just 'no errors': the page's own script ran (search box, task finder count, graph canvas)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((offline_site_dir / name).as_uri(), wait_until="load")
        assert page.locator("input.md-search__input").count() == 1
        if name == "tasks.html":
            page.wait_for_function("() => /显示 \\d+ 项/.test(document.getElementById('tf-count').textContent)")
        if name == "graph.html":
            page.wait_for_selector(".graph-canvas canvas", timeout=20_000)
    finally:
        context.close()
