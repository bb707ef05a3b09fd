"""Shared fixtures: the real plan, a real build of the site, a real HTTP server, real Chromium.

Browser tests never skip: if Chromium is missing they fail with the install command (``make test``
installs it). The site is built once per test session into a temporary folder.

Two tiers (see tests/README.md). Tests are marked here, from the fixtures they use, never by hand:
``browser`` = needs real Chromium (any test whose fixtures reach ``browser``), ``build`` = needs a
full mkdocs build (fixtures reaching ``site_dir``, ``offline_site_dir`` or any fixture in
BUILD_FIXTURES). ``make test-fast`` deselects both (FAST_TIER); ``make test`` runs everything.
``build_site`` refuses to run inside a test without the ``build`` mark, so a build cannot slip into
the fast tier through a direct call either.

Two engines (issue 20): ``site_dir``, ``offline_site_dir`` and ``base_url`` are built by the engine the
``engine`` fixture names: MkDocs, except in the modules of BOTH_ENGINES, whose every test runs once per
engine (ids ``[mkdocs]``/``[zensical]``). A missing Zensical fails those tests (``make test`` installs it).

``--update-goldens`` rewrites the expected reports of tests/bad_edits/ from the actual output.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from genhe_plan.history.git import date_the_build
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # also read by bench/browsing.py and tests/search_eval

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plan_data"
# One data date for the test process and every build it starts (as site.load and the CLI set it): exports
# a test makes directly, without loading through them, are dated like the builds they are compared with.
date_the_build(DATA)
# The build steps' cache (genhe_plan.cache) is off for the tests and every build they start: what they compare
# is made every time. tests/test_site.py turns it on in a folder of its own.
os.environ["GENHE_PLAN_CACHE"] = "0"
BROWSER_FIXTURES = {"browser"}
BUILD_FIXTURES = {"site_dir", "offline_site_dir", "hostile", "progress_site", "progress_build", "history_site"}
BUILD_FIXTURES.add("engine_sites")  # every engine's site (tests/test_engines.py); its own line, as the set above grows often
BUILD_FIXTURES.add("formula_site")  # the site built from plan_data carrying formula texts (tests/test_formula_office.py)
SLOW_FIXTURES = {"slow"}
"""A test or fixture that asks for ``slow`` runs many processes or makes every output (the kill loops, the
hostile plan through every writer, the build cache, the evaluation documents): full tier only."""
FAST_TIER = "not browser and not build and not slow"  # the -m expression of `make test-fast` (checked in test_tiers.py)
ENGINES = ["mkdocs", "zensical"]
BOTH_ENGINES = {"test_crawl.py", "test_browser_search.py", "test_browser_graph.py", "test_accessibility.py", "test_browser_pages.py"}
"""Test modules run against the site of each engine (``engine`` parametrised), the rest against MkDocs'."""
BOTH_ENGINES.add("test_browser_arrival.py")  # landing and search honesty (issue 29 item 3); own line, as the set grows
BOTH_ENGINES.add("test_browser_reach.py")  # keyboard, phone text size, graph on a phone, reflow (issue 29 item 4)


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the expected report text of every tests/bad_edits/ case from the actual output",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs real Chromium (set automatically from the fixtures used)")
    config.addinivalue_line("markers", "build: needs a full mkdocs build of the site (set automatically from the fixtures used)")
    config.addinivalue_line("markers", "slow: many processes or every output made (set automatically from the `slow` fixture)")


def tier_marks(fixturenames) -> set[str]:
    """The tier marks a test gets from the fixtures it uses (directly or through other fixtures)."""
    names = set(fixturenames)
    marks = set()
    if names & BROWSER_FIXTURES:
        marks.add("browser")
    if names & BUILD_FIXTURES:
        marks.add("build")
    if names & SLOW_FIXTURES:
        marks.add("slow")
    return marks


@pytest.fixture(scope="session")
def slow() -> None:
    """Asked for by a test or fixture too slow for `make test-fast` (conftest.SLOW_FIXTURES); it does nothing
    else. The full tier (`make test`, CI) runs it."""


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames and Path(metafunc.definition.fspath).name in BOTH_ENGINES:
        metafunc.parametrize("engine", ENGINES, indirect=True, scope="session")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name in sorted(tier_marks(getattr(item, "fixturenames", ()))):
            item.add_marker(name)


_DESELECTED: list = []


def pytest_deselected(items):
    _DESELECTED.extend(items)


def pytest_collection_finish(session):
    """With GENHE_TIER_REPORT=file: write what each collected test needs, for tests/test_tiers.py."""
    out = os.environ.get("GENHE_TIER_REPORT")
    if not out:
        return
    import inspect
    import json

    def source(func) -> str:
        try:
            path = Path(inspect.getsourcefile(func) or "")
        except TypeError:
            return ""
        return inspect.getsource(func) if ROOT / "tests" in path.parents else ""

    rows = []
    selected = set(map(id, session.items))
    for item in [*session.items, *_DESELECTED]:
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        sources = {name: source(d.func) for name, ds in defs.items() for d in ds}
        sources["(test)"] = source(item.function) if hasattr(item, "function") else ""
        rows.append(
            {
                "nodeid": item.nodeid,
                "selected": id(item) in selected,
                "marks": sorted({m.name for m in item.iter_markers()}),
                "sources": sources,
            }
        )
    Path(out).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


_RUNNING: list = [None]  # the test item being set up or run


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _RUNNING[0] = item


def pytest_runtest_teardown(item):
    _RUNNING[0] = None


def build_site(
    site_dir: Path, data_dir: Path = DATA, offline: bool = False, engine: str = "mkdocs", config: Path | None = None
) -> subprocess.CompletedProcess:
    """Run the real build command (mkdocs build --strict through our CLI, with ``config`` instead of mkdocs.yml
    when given; ``engine`` "zensical": Zensical)."""
    item = _RUNNING[0]
    if item is not None and item.get_closest_marker("build") is None:
        pytest.fail(f"{item.nodeid} builds the site but is not marked `build`: use the site_dir fixture or add it to BUILD_FIXTURES")
    cmd = [sys.executable, "-m", "genhe_plan", "--data", str(data_dir), "build", "--site-dir", str(site_dir)]
    if offline:
        cmd.append("--offline")
    if engine != "mkdocs":
        cmd += ["--engine", engine]
    if config is not None:
        cmd += ["--config", str(config)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@contextlib.contextmanager
def fresh_page(browser, **options):
    """A page in a new browser context (empty cache), closed afterwards. ``options`` as for
    ``browser.new_context`` (DESKTOP when none; PHONE for a 390 px phone)."""
    context = browser.new_context(**(options or DESKTOP))
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def plan():
    from genhe_plan.model import load_plan

    return load_plan(DATA)


@pytest.fixture(scope="session")
def generated(plan) -> dict[str, str]:
    """``pages.generate(plan)`` of the real data, made once per test process (about a second each time);
    tests read it and never change it."""
    from genhe_plan import pages

    return pages.generate(plan)


@pytest.fixture(scope="session")
def engine(request) -> str:
    """The engine that builds ``site_dir``/``offline_site_dir``: "mkdocs", or each of ENGINES in BOTH_ENGINES."""
    return getattr(request, "param", "mkdocs")


_BUILT: dict[str, Path] = {}
"""The session's builds by name ("mkdocs", "zensical-offline", …): site_dir, offline_site_dir and
engine_sites share them, so each engine's site is built once per session."""


def _built(tmp_path_factory, name: str, build) -> Path:
    if name not in _BUILT:
        site = tmp_path_factory.mktemp(f"build-{name}") / "site"
        done = build(site)
        assert done.returncode == 0, done.stdout + done.stderr
        _BUILT[name] = site
    return _BUILT[name]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, engine) -> Path:
    return _built(tmp_path_factory, engine, lambda site: build_site(site, engine=engine))


@pytest.fixture(scope="session")
def offline_site_dir(tmp_path_factory, engine) -> Path:
    return _built(tmp_path_factory, f"{engine}-offline", lambda site: build_site(site, offline=True, engine=engine))


@pytest.fixture(scope="session")
def engine_sites(tmp_path_factory) -> dict[str, Path]:
    """{engine: its site} for every engine (tests/test_engines.py compares them)."""
    return {e: _built(tmp_path_factory, e, lambda site, e=e: build_site(site, engine=e)) for e in ENGINES}


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


PROGRESS_EPOCH = "1795925635"  # 2026-11-29: every 2021–2025 deadline has passed


def data_with_reports(target: Path) -> Path:
    """A copy of plan_data/ with the fictional reports of tests/fixtures/progress/ added."""
    shutil.copytree(DATA, target)
    for f in sorted((ROOT / "tests" / "fixtures" / "progress").glob("*.yaml")):
        shutil.copy(f, target / "progress" / f.name)
    return target


@pytest.fixture(scope="session")
def progress_build(tmp_path_factory) -> Path:
    """The site built with the fixture reports at PROGRESS_EPOCH; its plan_data is beside it."""
    root = tmp_path_factory.mktemp("progress-site")
    site = root / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", PROGRESS_EPOCH)
        done = build_site(site, data_with_reports(root / "plan_data"))
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.fixture(scope="session")
def progress_site(progress_build):
    server = serve(progress_build)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def copy_data(tmp_path) -> Path:
    """A writable copy of plan_data/ for tests that edit data."""
    target = tmp_path / "plan_data"
    shutil.copytree(DATA, target)
    return target
