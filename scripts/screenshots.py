"""The README's phone screenshots (390 px wide): the 图谱 overview, the full network zoomed in, a
department's neighbourhood figure and ind-16's chart, taken in Debian's Chromium from a built site.

    make build && .venv/bin/python scripts/screenshots.py [site] [out]

Writes docs/assets/screenshots/*.png (the README shows them). The label sizes and overlaps these show
are checked by tests/test_browser_graph.py; this script only takes the pictures.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"
SHOTS = [
    ("phone-graph-overview", "graph/", ".graph-canvas[data-graph-view='overview']", None),
    (
        "phone-full-network-zoomed",
        "graph/full/",
        "#graph-canvas",
        """() => { const g = window.genheGraphs[0], p = g.network.getPositions(['department:forestry'])['department:forestry'];
                   g.network.moveTo({ position: p, scale: 0.8, animation: false }); }""",
    ),
    ("phone-department-figure", "departments/forestry/", "figure.graph-neighbourhood", None),
    ("phone-indicator-chart", "indicators/ind-16/", "figure.progress-chart", None),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def shoot(page, base: str, name: str, path: str, selector: str, then: str | None, out: Path) -> None:
    page.goto(base + path, wait_until="load")
    page.add_style_tag(content=STILL)
    page.locator(selector).first.scroll_into_view_if_needed()
    if "graph" in selector:
        page.wait_for_function("() => (window.genheGraphs || []).length > 0", timeout=20_000)
    page.wait_for_timeout(1200)
    if then:
        page.evaluate(then)
        page.wait_for_timeout(600)
    box, scrolled = page.locator(selector).first.bounding_box(), page.evaluate("() => window.scrollY")
    clip = {"x": 0, "y": max(0, box["y"] + scrolled - 8), "width": 390, "height": min(box["height"] + 16, 1100)}
    page.screenshot(path=str(out / f"{name}.png"), clip=clip, full_page=True)


def main(site: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_context(**PHONE).new_page()
        for name, path, selector, then in SHOTS:
            shoot(page, base, name, path, selector, then, out)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else ROOT / "site", Path(args[1]) if len(args) > 1 else ROOT / "docs" / "assets" / "screenshots")
