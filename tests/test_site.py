"""Assembling the site (genhe_plan.site): the steps, and the files made beside the engine's rendering.

``Beside`` makes half the pages and then the files of the LATER steps in a forked child while this process
makes the other pages and MkDocs renders them (or all here, where forking is unsafe). The site must not
depend on which: same files, same bytes; a failure in the child fails the build with the child's
traceback, whichever phase it fails in; a child nobody waits for is stopped.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time

import pytest
from conftest import DATA, ROOT

from genhe_plan import site
from genhe_plan.graph import graph_of


@pytest.fixture(params=["fork", "here"])
def mode(request, monkeypatch):
    """Both ways Beside can run: forked (what `genhe_plan build` does) and in this process (serve)."""
    monkeypatch.setattr(site, "_can_fork", lambda: request.param == "fork")
    return request.param


def test_files_made_beside_are_written_where_named_and_read_back(mode):
    steps = [
        site.Step("page", lambda plan, G, d: {"p/x.md": "# 根河\n"}, where=site.BESIDE),
        site.Step("two", lambda plan, G, d: {"a/b.txt": "根河\n", "c.bin": b"\x00\xff"}, linked=lambda plan: ["c.bin"]),
    ]
    beside = site.Beside(steps, None, None, DATA)
    assert beside.linked == ["c.bin"] and beside.steps == ["two"]
    assert beside.first() == {"p/x.md": "# 根河\n"}
    made = beside.wait()
    assert sorted(made) == ["a/b.txt", "c.bin"]
    assert made["c.bin"] == beside.dir / "c.bin"
    assert beside.files() == {"a/b.txt": "根河\n".encode(), "c.bin": b"\x00\xff"}


@pytest.mark.parametrize("where", ["beside", "later"])
def test_a_failing_step_in_the_child_fails_with_its_traceback(mode, where):
    def broken(plan, G, data_dir):
        raise ValueError("no such indicator: ind-99")

    steps = [site.Step("broken", broken, where=where)]
    if mode == "here":  # made before Beside returns: the error is raised as it is
        with pytest.raises(ValueError, match="ind-99"):
            site.Beside(steps, None, None, DATA)
        return
    beside = site.Beside(steps, None, None, DATA)
    with pytest.raises(RuntimeError, match=r"(?s)making the site's files failed.*ValueError: no such indicator: ind-99"):
        beside.first()  # a failure before the first files are made is raised here; a later one …
        beside.wait()  # … here


def test_a_child_nobody_waits_for_is_stopped(monkeypatch):
    """A build that fails before it waits (a broken link under --strict) leaves no process behind."""
    monkeypatch.setattr(site, "_can_fork", lambda: True)
    beside = site.Beside([site.Step("slow", lambda plan, G, d: time.sleep(60) or {})], None, None, DATA)
    pid, folder = beside._child[0], beside.dir.parent
    assert folder.exists()
    del beside
    gc.collect()
    with pytest.raises(ChildProcessError):  # stopped and reaped: no such child any more
        os.waitpid(pid, os.WNOHANG)
    assert not folder.exists(), "its folder is removed too"


def test_forking_needs_a_single_thread(monkeypatch):
    monkeypatch.delenv("GENHE_PLAN_FORK", raising=False)
    import threading

    assert site._can_fork() == (sys.platform == "linux" and threading.active_count() == 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not site._can_fork(), "a second thread (mkdocs serve's server) rules forking out"
    finally:
        stop.set()
        thread.join()
    monkeypatch.setenv("GENHE_PLAN_FORK", "0")
    assert not site._can_fork()


def test_each_later_step_makes_the_files_it_names_for_links():
    plan = site.load(DATA)
    G = graph_of(plan)
    later = [s for s in site.OUTPUTS if s.where == site.LATER]
    assert later, "some files are made beside the rendering"
    for step in later:
        named, made = set(step.linked(plan)), set(step.make(plan, G, DATA))
        assert named <= made, f"{step.name}: names files it does not make: {sorted(named - made)[:5]}"
    every = {uri for s in later for uri in s.linked(plan)}
    assert {"data/plan.json", "data/graph.json", "feed.xml", "api/tasks/t03-1-01.json", "embed/tasks/t03-1-01/index.html"} <= every


DIGEST = r"""
import hashlib, json, sys
from pathlib import Path
from genhe_plan import site
build = site.prepare(Path(sys.argv[1]))
print(json.dumps({"forked": bool(build.beside._child), "files": {u: hashlib.sha256(c if isinstance(c, bytes) else c.encode()).hexdigest() for u, c in build.files.items()}}))
"""


def test_the_site_is_the_same_whether_forked_or_not():
    """prepare() in a fresh process (one thread: it forks) and with GENHE_PLAN_FORK=0: the same files."""
    runs = {}
    for fork in ("1", "0"):
        env = dict(os.environ, GENHE_PLAN_FORK=fork, SOURCE_DATE_EPOCH="1659312000")
        done = subprocess.run([sys.executable, "-c", DIGEST, str(DATA)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        runs[fork] = json.loads(done.stdout.strip().splitlines()[-1])
    assert runs["1"]["forked"] and not runs["0"]["forked"]
    assert runs["1"]["files"] == runs["0"]["files"]
    assert len(runs["1"]["files"]) > 500 and "data/plan.sqlite" in runs["1"]["files"] and "search/meta.js" in runs["1"]["files"]


def test_the_pages_made_beside_and_here_are_all_the_pages_once():
    plan = site.load(DATA)
    heavy, rest = site._pages(plan, heavy=True), site._pages(plan, heavy=False)
    assert heavy and rest and not heavy.keys() & rest.keys()
    assert {**heavy, **rest} == site.pages.generate(plan)
    assert "analysis.md" in heavy and any(uri.startswith("plan/ch") for uri in heavy)


def test_release_removes_the_files_made_beside_and_forgets_the_prepared_site(mode):
    """MkDocs' on_shutdown calls release(): a later build in the same process (a second `genhe_plan build`
    run in-process, serve after a stop) prepares anew instead of being handed a site whose files are gone."""
    first = site.prepared(DATA)
    assert site.prepared(DATA) is first, "reused while the data is unchanged"
    folder = first.beside.dir.parent
    assert folder.exists()
    site.release()
    assert not folder.exists()
    again = site.prepared(DATA)
    assert again is not first and "data/plan.json" in again.beside.wait()
    site.release()
