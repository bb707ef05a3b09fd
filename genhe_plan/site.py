"""Step 6 — assemble the site: every generated page, data file and snippet, from one Plan.

In: the plan_data directory. Out: a SiteBuild — nav, {path: content} of every generated file and the
snippets for hand-written pages — which the MkDocs hook (``overrides/hooks/plan_site.py``) hands to
MkDocs and any other engine could write to disk. The plan is loaded and validated exactly once per
build, here; pages come from the page registry, files from the exports, the graph drawing and the
search index (``OUTPUTS``). A child forked after loading (``Beside``) makes half the pages meanwhile,
then, while the engine renders them, every file no page needs the content of (``Step.where``).
``prepared`` keeps the last SiteBuild while the data is unchanged (``mkdocs serve``).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import tempfile
import threading
import traceback
import weakref
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import history, pages
from .export import export_files, export_paths
from .export.api import api_files, api_paths
from .export.evaluation import evaluation_files, evaluation_paths
from .graph import graph_of
from .graph.draw import DOWNLOAD_PATHS, GRAPH_ASSETS, GRAPH_CSS, graph_files
from .history.git import date_the_build
from .model import Plan, load_plan
from .pages.catalogue import catalogue_files
from .pages.embed import embed_files, embed_paths
from .pages.feed import feed_files, feed_paths
from .present import urls
from .search import search_files
from .search.dictionary import jieba_userdict

JIEBA_DICT = "data/jieba_userdict.txt"

Make = Callable[[Plan, object, Path], "dict[str, str | bytes]"]

HERE, BESIDE, LATER = "here", "beside", "later"


@dataclass(frozen=True)
class Step:
    """One step of ``prepare()``: ``make(plan, graph, data_dir)`` → {site path: content}."""

    name: str
    make: Make
    where: str = LATER
    """HERE: made in this process before prepare() returns. BESIDE: made in the child (``Beside``) at the
    same time, and prepare() waits for them too. LATER: made in the child while the engine renders the
    pages, waited for before it copies files (no page needs their content)."""
    linked: Callable[[Plan], Iterable[str]] = lambda plan: ()
    """Of a LATER step: the paths of its files that pages link to, named before the files are made (MkDocs
    checks every link of a page while it renders it; tests/test_site.py checks that they are made)."""


HEAVY_PAGES = frozenset({"chapter", "analysis"})
"""Page types made in the child (BESIDE) while this process makes the rest: about half the pages' time."""


def _pages(plan: Plan, heavy: bool) -> dict[str, str]:
    return pages.generate(plan, [pt for pt in pages.PAGES if (pt.name in HEAVY_PAGES) == heavy])


OUTPUTS: tuple[Step, ...] = (
    Step("pages", lambda plan, G, data_dir: _pages(plan, heavy=False), where=HERE),
    Step("pages: chapters, analysis", lambda plan, G, data_dir: _pages(plan, heavy=True), where=BESIDE),
    Step("search dictionary", lambda plan, G, data_dir: {JIEBA_DICT: jieba_userdict(plan)}, linked=lambda plan: [JIEBA_DICT]),
    Step("api", lambda plan, G, data_dir: api_files(plan), linked=api_paths),
    Step("feeds", lambda plan, G, data_dir: feed_files(plan), linked=feed_paths),
    Step("catalogue", lambda plan, G, data_dir: catalogue_files(plan), linked=lambda plan: [urls.CATALOGUE_CSV]),
    Step("embeds", lambda plan, G, data_dir: embed_files(plan), linked=embed_paths),
    Step("downloads", lambda plan, G, data_dir: export_files(plan, data_dir), linked=lambda plan: export_paths()),
    Step("evaluations", lambda plan, G, data_dir: evaluation_files(plan), linked=evaluation_paths),
    Step("graph", lambda plan, G, data_dir: graph_files(plan, G), linked=lambda plan: DOWNLOAD_PATHS),
    Step("search index", lambda plan, G, data_dir: search_files(plan)),
)
"""Every generated file comes from one of these steps (bench/s1_build.py times them one by one)."""


def _write_files(steps: Sequence[Step], plan: Plan, G: object, data_dir: Path, out: Path) -> None:
    for step in steps:
        for uri, content in step.make(plan, G, data_dir).items():
            path = out / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _found(folder: Path) -> dict[str, Path]:
    found = (p for p in folder.rglob("*") if p.is_file()) if folder.exists() else ()
    return {p.relative_to(folder).as_posix(): p for p in sorted(found)}


def _can_fork() -> bool:
    """Forking is safe here: Linux (Windows has no fork; on macOS a forked child can crash in system
    libraries, which is why Python spawns there) and this process runs one thread (a child forked from a
    threaded process can inherit a lock another thread held). Off with GENHE_PLAN_FORK=0."""
    return sys.platform == "linux" and threading.active_count() == 1 and os.environ.get("GENHE_PLAN_FORK") != "0"


class Beside:
    """The BESIDE and LATER steps' files, written by a child forked after loading to a private directory.

    Why: MkDocs renders pages on one core, and only the pages must be ready before it starts; a child
    (it shares the loaded plan: nothing is copied or pickled) first makes half the pages while this
    process makes the other half (``first()`` waits for them), then, while MkDocs renders, every file no
    page needs the content of (``wait()`` gives them, or raises what went wrong in the child). The files
    are the same either way; where forking is unsafe or missing (``_can_fork``: ``mkdocs serve``'s server
    threads, Windows, macOS) they are all made here, before the constructor returns.
    """

    def __init__(self, steps: Sequence[Step], plan: Plan, G: object, data_dir: Path) -> None:
        first, then = [s for s in steps if s.where == BESIDE], [s for s in steps if s.where == LATER]
        self.steps = [step.name for step in then]
        self.linked = sorted({uri for step in then for uri in step.linked(plan)})
        self._tmp = tempfile.TemporaryDirectory(prefix="genhe-plan-")
        self.dir = Path(self._tmp.name) / "files"
        self._first = Path(self._tmp.name) / "first"
        self._failed = Path(self._tmp.name) / "failed.txt"
        self._child: list[int] = []
        self._signal: int | None = None  # read end of a pipe: a byte when the first files are made
        self._made: dict[str, Path] | None = None
        self._stop = weakref.finalize(self, _stop, self._child)  # also when the object is dropped unclosed
        if not _can_fork():
            _write_files(first, plan, G, data_dir, self._first)
            _write_files(then, plan, G, data_dir, self.dir)
            return
        self._signal, signal_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(self._signal)
            _child_main(
                lambda: _write_files(first, plan, G, data_dir, self._first),
                signal_w,
                lambda: _write_files(then, plan, G, data_dir, self.dir),
                self._failed,
            )
        os.close(signal_w)
        self._child.append(pid)

    def first(self) -> dict[str, str]:
        """The BESIDE steps' files (pages: text), once the child has made them."""
        if self._signal is not None:
            done = os.read(self._signal, 1)
            os.close(self._signal)
            self._signal = None
            if not done:  # the child ended before it made them: its error
                self.wait()
        return {uri: path.read_text(encoding="utf-8") for uri, path in _found(self._first).items()}

    def wait(self) -> dict[str, Path]:
        """Every LATER file, site path → its path on disk, once the child has made them."""
        if self._made is None:
            if self._child:
                _, status = os.waitpid(self._child.pop(), 0)
                if os.waitstatus_to_exitcode(status) != 0:
                    why = self._failed.read_text(encoding="utf-8") if self._failed.exists() else f"exit status {status}"
                    raise RuntimeError(f"making the site's files failed:\n{why}")
            self._made = _found(self.dir)
        return self._made

    def files(self) -> dict[str, bytes]:
        return {uri: path.read_bytes() for uri, path in self.wait().items()}

    def close(self) -> None:
        """Stop the child if nobody waited for it (the build failed first) and remove the files."""
        if self._signal is not None:
            os.close(self._signal)
            self._signal = None
        self._stop()
        self._tmp.cleanup()


def _child_main(first: Callable[[], None], signal_w: int, then: Callable[[], None], failed: Path) -> None:
    """The forked child: make the first files, say so through the pipe, make the rest; leave through
    os._exit (no atexit handlers, no flush of the parent's buffers, no finalizers of its objects)."""
    code = 1
    try:
        first()
        os.write(signal_w, b"1")
        os.close(signal_w)
        then()
        code = 0
    except BaseException:
        failed.write_text(traceback.format_exc(), encoding="utf-8")
    finally:
        os._exit(code)


def _stop(child: list[int]) -> None:
    """A child nobody waited for: stop it and reap it."""
    for pid in child:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass


@dataclass
class SiteBuild:
    plan: Plan
    nav: list
    early: dict[str, str | bytes]
    """What the engine needs before it renders: the pages."""
    beside: Beside
    """The files made beside the rendering, which the engine takes before it copies files."""
    snippets: dict[str, str]
    extra: dict[str, object] = field(default_factory=lambda: {"graph_assets": GRAPH_ASSETS, "graph_css": GRAPH_CSS})
    """Values the theme's templates read (``config.extra``): the scripts and styles a graph view needs."""

    @property
    def files(self) -> dict[str, str | bytes]:
        """Every generated file, site path → content, the later ones included (waits for them)."""
        return dict(sorted({**self.early, **self.beside.files()}.items()))

    @property
    def summary(self) -> str:
        p = self.plan
        beside = ", ".join(self.beside.steps)
        return f"{len(p.tasks)} tasks, {len(p.targets)} targets, {len(p.indicators)} indicators; {len(self.early)} pages, and {beside} made beside"

    def fill_markers(self, markdown: str) -> str:
        """A hand-written page with its <!-- plan:NAME --> markers filled."""
        return pages.fill_markers(markdown, self.snippets)


def load(data_dir: Path) -> Plan:
    """The validated plan with its history, and the build dated by its data (``history.git.date_the_build``:
    a bare ``mkdocs build`` or ``serve`` gets the date ``make build`` gets). Why a thread for the history:
    reading it is mostly waiting for git, which runs while the plan loads."""
    date_the_build(data_dir)
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(history.read, data_dir)
        plan = load_plan(data_dir)
        plan.history = reading.result()
    return plan


def prepare(data_dir: Path) -> SiteBuild:
    """The whole site from plan_data: pages, nav, snippets and every generated file (``OUTPUTS``); the
    LATER steps' files are still being made when it returns (``SiteBuild.beside``)."""
    plan = load(data_dir)
    G = graph_of(plan)
    beside = Beside([s for s in OUTPUTS if s.where != HERE], plan, G, data_dir)
    early: dict[str, str | bytes] = {}
    for step in OUTPUTS:
        if step.where == HERE:
            early |= step.make(plan, G, data_dir)
    early |= beside.first()
    return SiteBuild(plan, pages.nav(plan), dict(sorted(early.items())), beside, pages.home_snippets(plan))


def fingerprint(paths: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A digest of every file's path and bytes under ``paths`` (and of ``extra`` strings): equal digests
    mean equal inputs. Files under __pycache__ are left out."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for p in files:
            digest.update(p.as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    for x in extra:
        digest.update(x.encode() + b"\0")
    return digest.hexdigest()


_served: dict[str, object] = {}


def served(key: str, make: Callable[[], object]) -> object:
    """What ``make()`` gave for ``key`` the last time, else a new one; only the last key is kept."""
    if key not in _served:
        _served.clear()
        _served[key] = make()
    return _served[key]


def prepared(data_dir: Path) -> SiteBuild:
    """``prepare(data_dir)``, reused while the data and the build date are as at the last call. Why:
    under ``mkdocs serve`` an edit of a hand-written page or of the theme rebuilds the site, but the plan
    data is as before, and so is the prepared site. (A code edit reloads this module, and the cache with it.)"""
    key = fingerprint([data_dir], [os.environ.get(k, "") for k in ("SOURCE_DATE_EPOCH", "SITE_URL", "OFFLINE")])
    return served(key, lambda: prepare(data_dir))  # type: ignore[return-value]


def release() -> None:
    """The engine is done with the prepared site (MkDocs' on_shutdown): stop its child if nobody waited
    for it, remove the files made beside and forget it, so a later build in this process prepares anew."""
    for build in _served.values():
        build.beside.close()  # type: ignore[attr-defined]
    _served.clear()
