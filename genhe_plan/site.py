"""Step 6 — assemble the site: every generated page, data file and snippet, from one Plan.

In: the plan_data directory. Out: a SiteBuild — nav, {path: content} of every generated file and the
snippets for hand-written pages — which the MkDocs hook (``overrides/hooks/plan_site.py``) hands to
MkDocs and any other engine could write to disk. The plan is loaded and validated exactly once per
build, here; pages come from the page registry, files from the exports, the graph drawing and the
search index (``OUTPUTS``). Files no page needs the content of (``Step.later``) are made beside the
engine while it renders the pages (``Later``). ``prepared`` keeps the last SiteBuild while the data is
unchanged (``mkdocs serve``).
"""

from __future__ import annotations

import hashlib
import os
import signal
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
from .graph import graph_of
from .graph.draw import DOWNLOAD_PATHS, GRAPH_ASSETS, GRAPH_CSS, graph_files
from .model import Plan, load_plan
from .pages.embed import embed_files, embed_paths
from .pages.feed import feed_files, feed_paths
from .search import search_files
from .search.dictionary import jieba_userdict

JIEBA_DICT = "data/jieba_userdict.txt"

Make = Callable[[Plan, object, Path], "dict[str, str | bytes]"]


@dataclass(frozen=True)
class Step:
    """One step of ``prepare()``: ``make(plan, graph, data_dir)`` → {site path: content}."""

    name: str
    make: Make
    later: bool = False
    """No page needs the content of its files: they are made beside the engine's rendering (``Later``)."""
    linked: Callable[[Plan], Iterable[str]] = lambda plan: ()
    """Of a later step: the paths of its files that pages link to, named before the files are made (MkDocs
    checks every link of a page while it renders it; tests/test_site.py checks that they are made)."""


OUTPUTS: tuple[Step, ...] = (
    Step("pages", lambda plan, G, data_dir: pages.generate(plan)),
    Step("search dictionary", lambda plan, G, data_dir: {JIEBA_DICT: jieba_userdict(plan)}, later=True, linked=lambda plan: [JIEBA_DICT]),
    Step("api", lambda plan, G, data_dir: api_files(plan), later=True, linked=api_paths),
    Step("feeds", lambda plan, G, data_dir: feed_files(plan), later=True, linked=feed_paths),
    Step("embeds", lambda plan, G, data_dir: embed_files(plan), later=True, linked=embed_paths),
    Step("downloads", lambda plan, G, data_dir: export_files(plan, data_dir), later=True, linked=lambda plan: export_paths()),
    Step("graph", lambda plan, G, data_dir: graph_files(plan, G), later=True, linked=lambda plan: DOWNLOAD_PATHS),
    Step("search index", lambda plan, G, data_dir: search_files(plan), later=True),
)
"""Every generated file comes from one of these steps (bench/s1_build.py times them one by one)."""


def _write_files(steps: Sequence[Step], plan: Plan, G: object, data_dir: Path, out: Path) -> None:
    for step in steps:
        for uri, content in step.make(plan, G, data_dir).items():
            path = out / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _can_fork() -> bool:
    """Forking is safe here: the platform has it and this process runs one thread (a child forked from a
    threaded process can inherit a lock another thread held). Off with GENHE_PLAN_FORK=0."""
    return hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get("GENHE_PLAN_FORK") != "0"


class Later:
    """The files of the later steps, written to a private directory while the engine renders the pages.

    Why: MkDocs spends most of a build rendering pages on one core, and no page needs these files' bytes;
    a child forked after loading (it shares the loaded plan, nothing is copied or pickled) makes them on
    another core meanwhile. The files are the same either way; where forking is unsafe or missing
    (``_can_fork``: ``mkdocs serve``'s server threads, Windows) they are made here, before returning.
    ``wait()`` gives them, or raises what went wrong in the child.
    """

    def __init__(self, steps: Sequence[Step], plan: Plan, G: object, data_dir: Path) -> None:
        self.steps = [step.name for step in steps]
        self.linked = sorted({uri for step in steps for uri in step.linked(plan)})
        self._tmp = tempfile.TemporaryDirectory(prefix="genhe-plan-")
        self.dir = Path(self._tmp.name) / "files"
        self._failed = Path(self._tmp.name) / "failed.txt"
        self._child: list[int] = []
        self._made: dict[str, Path] | None = None
        self.closed = False
        self._stop = weakref.finalize(self, _stop, self._child)  # also when the object is dropped unclosed
        pid = os.fork() if _can_fork() else None
        if pid == 0:
            _child_main(steps, plan, G, data_dir, self.dir, self._failed)
        if pid is None:
            _write_files(steps, plan, G, data_dir, self.dir)
        else:
            self._child.append(pid)

    def close(self) -> None:
        """Stop the child if nobody waited for it (the build failed first) and remove the files."""
        self._stop()
        self._tmp.cleanup()
        self.closed = True

    def wait(self) -> dict[str, Path]:
        """Every later file, site path → its path on disk, once the child has made them."""
        if self._made is None:
            if self._child:
                _, status = os.waitpid(self._child.pop(), 0)
                if os.waitstatus_to_exitcode(status) != 0:
                    why = self._failed.read_text(encoding="utf-8") if self._failed.exists() else f"exit status {status}"
                    raise RuntimeError(f"making the site's data files failed:\n{why}")
            found = (p for p in self.dir.rglob("*") if p.is_file()) if self.dir.exists() else ()
            self._made = {p.relative_to(self.dir).as_posix(): p for p in sorted(found)}
        return self._made

    def files(self) -> dict[str, bytes]:
        return {uri: path.read_bytes() for uri, path in self.wait().items()}


def _child_main(steps: Sequence[Step], plan: Plan, G: object, data_dir: Path, out: Path, failed: Path) -> None:
    """The forked child: make the files, leave through os._exit (no atexit handlers, no flush of the
    parent's buffers, no finalizers of the parent's objects)."""
    code = 1
    try:
        _write_files(steps, plan, G, data_dir, out)
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
    later: Later
    snippets: dict[str, str]
    extra: dict[str, object] = field(default_factory=lambda: {"graph_assets": GRAPH_ASSETS, "graph_css": GRAPH_CSS})
    """Values the theme's templates read (``config.extra``): the scripts and styles a graph view needs."""

    @property
    def files(self) -> dict[str, str | bytes]:
        """Every generated file, site path → content, the later ones included (waits for them)."""
        return dict(sorted({**self.early, **self.later.files()}.items()))

    @property
    def summary(self) -> str:
        p = self.plan
        beside = ", ".join(self.later.steps)
        return f"{len(p.tasks)} tasks, {len(p.targets)} targets, {len(p.indicators)} indicators; {len(self.early)} pages and files, and {beside} made beside"

    def fill_markers(self, markdown: str) -> str:
        """A hand-written page with its <!-- plan:NAME --> markers filled."""
        return pages.fill_markers(markdown, self.snippets)


def load(data_dir: Path) -> Plan:
    """The validated plan with its history. Why a thread for the history: reading it is mostly waiting
    for git, which runs while the plan loads."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(history.read, data_dir)
        plan = load_plan(data_dir)
        plan.history = reading.result()
    return plan


def prepare(data_dir: Path) -> SiteBuild:
    """The whole site from plan_data: pages, nav, snippets and every generated file (``OUTPUTS``); the
    later steps' files are still being made when it returns (``SiteBuild.later``)."""
    plan = load(data_dir)
    G = graph_of(plan)
    later = Later([s for s in OUTPUTS if s.later], plan, G, data_dir)
    early: dict[str, str | bytes] = {}
    for step in OUTPUTS:
        if not step.later:
            early |= step.make(plan, G, data_dir)
    return SiteBuild(plan, pages.nav(plan), dict(sorted(early.items())), later, pages.home_snippets(plan))


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
    build = served(key, lambda: prepare(data_dir))
    if build.later.closed:  # the engine is done with it (MkDocs' on_shutdown): a new build needs new files
        _served.clear()
        build = served(key, lambda: prepare(data_dir))
    return build  # type: ignore[return-value]
