"""The fast tier (`make test-fast`) really leaves out every test that needs Chromium or a site build.

The suite is collected in a subprocess with the Makefile's -m expression; conftest reports, for each
collected test (selected or deselected), its marks and the source of the test and of every fixture
it reaches in tests/. A test "needs Chromium or a build" when any of that source launches Chromium
or calls ``build_site`` — found by reading the code, independently of the marking rules in conftest.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FAST_TIER, ROOT, build_site

HEAVY = re.compile(r"\bbuild_site\(|sync_playwright|chromium\.launch|\bmkdocs\b.*\bbuild\b|\bdef \w+\([^)]*\bslow\b")
TIERS = {"browser", "build", "slow"}


def recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        body.append(line.strip())
    return body


def collect(tmp_path: Path, *args: str) -> dict[str, dict]:
    report = tmp_path / "tiers.json"
    env = dict(os.environ, GENHE_TIER_REPORT=str(report))
    cmd = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args, "tests"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {row["nodeid"]: row for row in json.loads(report.read_text(encoding="utf-8"))}


def heavy(row: dict) -> list[str]:
    """The test itself and the fixtures it reaches whose code builds the site or launches Chromium."""
    return sorted(name for name, src in row["sources"].items() if HEAVY.search(src))


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    everything = collect(tmp_path_factory.mktemp("tiers"), "-m", FAST_TIER)
    return everything, {nid: row for nid, row in everything.items() if row["selected"]}


def test_makefile_fast_tier_uses_the_conftest_expression_and_full_tier_runs_everything():
    assert recipe("test-fast") == [f'$(PY) -m pytest -q -n auto -m "{FAST_TIER}" tests']
    assert recipe("test") == ["$(PY) -m pytest -q tests"]  # README's command and CI's: no selection
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.findall(r"^make \S+", ci, re.M) == ["make lint", "make test"]


def test_marks_agree_with_what_the_code_needs(collected):
    everything, _ = collected
    wrong = {nid: (row["marks"], heavy(row)) for nid, row in everything.items() if bool(TIERS & set(row["marks"])) != bool(heavy(row))}
    assert not wrong, f"tier marks disagree with the code (marks, heavy fixtures): {wrong}"
    assert any("browser" in r["marks"] for r in everything.values()) and any(r["marks"] == ["build"] for r in everything.values())


def test_fast_tier_excludes_every_test_that_needs_chromium_or_a_build(collected):
    everything, fast = collected
    assert set(fast) < set(everything)
    leaking = {nid: heavy(row) for nid, row in fast.items() if heavy(row) or TIERS & set(row["marks"])}
    assert not leaking, f"the fast tier would run tests that need Chromium or a build: {leaking}"
    left_out = set(everything) - set(fast)
    assert left_out == {nid for nid, row in everything.items() if heavy(row)}
    assert "tests/test_site_smoke.py::test_home_page_title_and_zero_foreign_requests" in left_out
    # build only, no browser (the id names its engine: conftest.BOTH_ENGINES)
    assert "tests/test_crawl.py::test_every_internal_link_and_anchor_resolves[mkdocs]" in left_out


def test_build_site_refuses_to_run_in_an_unmarked_test(tmp_path):
    """The runtime guard: a direct build_site call cannot land in the fast tier unnoticed."""
    unguarded_looking = build_site  # (an alias, so test_marks_agree… does not count this test as a build)
    with pytest.raises(pytest.fail.Exception, match="not marked `build`"):
        unguarded_looking(tmp_path / "site")
    assert not (tmp_path / "site").exists()


IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def hidden_missing_imports(source: str) -> list[int]:
    """Lines that turn a missing module into a pass or a skip: ``except ImportError`` or pytest.importorskip."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
            if names & IMPORT_ERRORS:
                out.append(node.lineno)
        if isinstance(node, ast.Attribute) and node.attr == "importorskip":
            out.append(node.lineno)
    return out


def test_no_test_returns_early_or_skips_on_a_missing_import():
    found = {
        str(p.relative_to(ROOT)): lines
        for p in sorted((ROOT / "tests").rglob("*.py"))
        if (lines := hidden_missing_imports(p.read_text("utf-8")))
    }
    assert found == {}, "a missing dependency must fail the suite (pin it in requirements.txt), not pass it"
    planted = "try:\n    import jsonschema\nexcept ImportError:\n    pass\nx = pytest.importorskip('y')\n"
    assert hidden_missing_imports(planted) == [3, 5]
