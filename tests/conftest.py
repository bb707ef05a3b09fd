"""Shared fixtures: the real plan, a real build of the site, a real HTTP server, real Chromium.

Browser tests never skip: if Chromium is missing they fail with the install command (``make test``
installs it). The site is built once per test session into a temporary folder.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
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


def build_site(site_dir: Path, data_dir: Path = DATA, offline: bool = False) -> subprocess.CompletedProcess:
    """Run the real build command (mkdocs build --strict through our CLI)."""
    cmd = [sys.executable, "-m", "genhe_plan", "--data", str(data_dir), "build", "--site-dir", str(site_dir)]
    if offline:
        cmd.append("--offline")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def plan():
    from genhe_plan.model import load_plan

    return load_plan(DATA)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("build") / "site"
    done = build_site(site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.fixture(scope="session")
def offline_site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("build-offline") / "site"
    done = build_site(site, offline=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def base_url(site_dir):
    server = serve(site_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (installs it) or `apt-get install -y chromium fonts-noto-cjk`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page plus what it requested and logged, for zero-third-party and no-error assertions."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)

    def foreign(self, allowed_prefix: str) -> list[str]:
        return [u for u in self.requests if not (u.startswith(allowed_prefix) or u.startswith("data:") or u.startswith("blob:"))]


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page)
    context.close()


@pytest.fixture
def copy_data(tmp_path) -> Path:
    """A writable copy of plan_data/ for tests that edit data."""
    target = tmp_path / "plan_data"
    shutil.copytree(DATA, target)
    return target
