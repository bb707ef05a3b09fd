"""Where Chromium is and how it is launched, read by the browser tests (tests/conftest.py) and the
benchmarks (bench/browsing.py), so both measure and test the same headless browser.

Debian's Chromium, installed by scripts/ensure_chromium.sh (``make browser``); no browser is downloaded.
"""

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
