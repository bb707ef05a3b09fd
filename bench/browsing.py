"""Benchmarks, shared by sections 3–6: a local HTTP server, headless Chromium, and the weight of a page
as loaded (response bodies summed, other hosts answered empty); opening a node page's figure."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from common import Skip, med  # first: it puts the repository on sys.path

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # the browser tests launch the same

VIEWPORT = {"width": 1280, "height": 900}
GRAPH_TIMEOUT_S = 60


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


def is_index(url: str) -> bool:
    """A response of the site's search index (search/meta.js, search/p/…, search/r/…; not search/ the page)."""
    return bool(re.search(r"/search/(meta\.js|[pr]/)", url))


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
