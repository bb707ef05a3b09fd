"""Step 6 — assemble the site: every generated page, data file and snippet, from one Plan.

In: the plan_data directory. Out: a SiteBuild — nav, {path: content} of every generated file, the
snippets for hand-written pages and the theme's extra values — which the MkDocs hook
(``overrides/hooks/plan_site.py``) hands to MkDocs and ``engines.zensical`` writes to disk. All of it
comes from one ordered list of steps (``STEPS``), made one after the other in this process; the plan is
loaded and validated at most once per build, here, when the first step needs it.

Why a cache: each step's output is kept under ``.cache/genhe_plan/steps/`` (``genhe_plan.cache``), keyed
by a fingerprint of everything it is made from (``inputs_key``). A build with unchanged data and code,
and a rebuild under ``mkdocs serve`` after an edit of a hand-written page or the theme, read every step
back and load nothing; an edit of the data or the code makes every step again (each reads the whole plan).
Why each step imports what it runs itself: a build whose steps are all kept imports none of it (pydantic,
networkx, openpyxl, jieba: half a second).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .history.git import date_the_build, read_log
from .present.markers import fill_markers

if TYPE_CHECKING:
    import networkx as nx

    from .model import Plan

ROOT = Path(__file__).resolve().parent.parent
JIEBA_DICT = "data/jieba_userdict.txt"
ENV = ("SOURCE_DATE_EPOCH", "SITE_URL", "OFFLINE", "PUBLISHER")
"""The environment values that change what the steps make (progress.status, present.urls, pages.embed)."""
READ_OUTSIDE = ("mkdocs.yml", "bench/RESULTS.md")
"""What the steps read besides the data and genhe_plan/: site_url (present.urls), the 性能测量 page (pages.overview)."""


class Inputs:
    """What the steps are made from: the data directory, and the plan and its graph, loaded when a step
    first asks for them."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)

    @functools.cached_property
    def plan(self) -> Plan:
        return load(self.data_dir)

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        from .graph import graph_of

        return graph_of(self.plan)


@dataclass(frozen=True)
class Step:
    """One step of ``prepare()``: ``make(inputs)`` → {site path: content} (the outline: nav, snippets …)."""

    name: str
    make: Callable[[Inputs], dict]


def _outline(i: Inputs) -> dict:
    from . import pages
    from .graph.draw import GRAPH_ASSETS, GRAPH_CSS

    p = i.plan
    return {
        "nav": pages.nav(p),
        "snippets": pages.home_snippets(p),
        "extra": {"graph_assets": GRAPH_ASSETS, "graph_css": GRAPH_CSS},
        "counts": f"{len(p.tasks)} tasks, {len(p.targets)} targets, {len(p.indicators)} indicators",
    }


def _pages(i: Inputs) -> dict[str, str]:
    from .pages import generate

    return generate(i.plan)


def _dictionary(i: Inputs) -> dict[str, str]:
    from .search.dictionary import jieba_userdict

    return {JIEBA_DICT: jieba_userdict(i.plan)}


def _api(i: Inputs) -> dict[str, str | bytes]:
    from .export.api import api_files

    return api_files(i.plan)


def _feeds(i: Inputs) -> dict[str, str | bytes]:
    from .pages.feed import feed_files

    return feed_files(i.plan)


def _catalogue(i: Inputs) -> dict[str, bytes]:
    from .pages.catalogue import catalogue_files

    return catalogue_files(i.plan)


def _embeds(i: Inputs) -> dict[str, str | bytes]:
    from .pages.embed import embed_files

    return embed_files(i.plan)


def _downloads(i: Inputs) -> dict[str, str | bytes]:
    from .export import export_files

    return export_files(i.plan, i.data_dir)


def _evaluations(i: Inputs) -> dict[str, bytes]:
    from .export.evaluation import evaluation_files

    return evaluation_files(i.plan)


def _graph(i: Inputs) -> dict[str, bytes]:
    from .graph.draw import graph_files

    return graph_files(i.plan, i.graph)


def _search(i: Inputs) -> dict[str, str | bytes]:
    from .search import search_files

    return search_files(i.plan)


OUTLINE = Step("outline", _outline)
"""The nav, the home page's snippets, the theme's extra values (the scripts and styles a graph view
needs) and the plan's counts for the log."""

STEPS: tuple[Step, ...] = (
    OUTLINE,
    Step("pages", _pages),
    Step("search dictionary", _dictionary),
    Step("api", _api),
    Step("feeds", _feeds),
    Step("catalogue", _catalogue),
    Step("embeds", _embeds),
    Step("downloads", _downloads),
    Step("evaluations", _evaluations),
    Step("graph", _graph),
    Step("search index", _search),
)
"""Everything the site is made of, in order; every generated file comes from one of these steps
(bench/s1_build.py times them one by one)."""


@dataclass(frozen=True)
class SiteBuild:
    nav: list
    files: dict[str, str | bytes]
    """Every generated file, site path → content (pages: Markdown text), sorted by path."""
    snippets: dict[str, str]
    extra: dict[str, object]
    """Values the theme's templates read (``config.extra``): the scripts and styles a graph view needs."""
    made: tuple[str, ...]
    """The steps made by this build; the others were read back from the cache."""
    counts: str
    """How many tasks, targets and indicators the plan has, for the log."""

    @property
    def summary(self) -> str:
        return f"{self.counts}; {len(self.files)} files; made: {', '.join(self.made) or 'nothing (all from the cache)'}"

    def fill_markers(self, markdown: str) -> str:
        """A hand-written page with its <!-- plan:NAME --> markers filled."""
        return fill_markers(markdown, self.snippets)


def load(data_dir: Path) -> Plan:
    """The validated plan with its history, and the build dated by its data (``history.git.date_the_build``:
    a bare ``mkdocs build`` or ``serve`` gets the date ``make build`` gets). Why a thread for the history:
    reading it is mostly waiting for git, which runs while the plan loads."""
    from . import history
    from .model import load_plan

    date_the_build(data_dir)
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(history.read, data_dir)
        plan = load_plan(data_dir)
        plan.history = reading.result()
    return plan


def prepare(data_dir: Path) -> SiteBuild:
    """The whole site from plan_data: each step of ``STEPS`` read back from the cache when its inputs are
    as when it was kept, else made (loading the plan first) and kept. Bad data raises PlanDataError."""
    date_the_build(data_dir)
    key, inputs, made = inputs_key(Path(data_dir)), Inputs(data_dir), []

    def make(step: Step) -> dict:
        made.append(step.name)
        return step.make(inputs)

    # an entry per step for the site and one for the offline copy: `make build` and `make offline` alternate freely
    offline = " offline" if os.environ.get("OFFLINE", "").strip().lower() in ("true", "1", "yes") else ""
    out = {step.name: cache.kept(step.name + offline, key, lambda step=step: make(step)) for step in STEPS}
    outline = out.pop(OUTLINE.name)
    files: dict[str, str | bytes] = {}
    for part in out.values():
        files |= part
    return SiteBuild(outline["nav"], dict(sorted(files.items())), outline["snippets"], outline["extra"], tuple(made), outline["counts"])


def inputs_key(data_dir: Path) -> str:
    """A digest of everything the steps' output depends on: the data directory's files and git history,
    genhe_plan's code and templates, what they read elsewhere (``READ_OUTSIDE``), the Python version, the
    installed libraries (their versions, and even whether lxml is there, change bytes: openpyxl writes its
    XML with lxml when it can) and the environment values ``ENV``. Equal keys: equal output."""
    log, why = read_log(data_dir)
    history = log.key if log else why
    libraries = sorted({p.name for entry in sys.path if os.path.isdir(entry) for p in Path(entry).glob("*.dist-info")})
    env = [f"{name}={os.environ.get(name, '')}" for name in ENV]
    return fingerprint([data_dir, ROOT / "genhe_plan", *(ROOT / path for path in READ_OUTSIDE)], [history, sys.version, *libraries, *env])


def fingerprint(paths: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A digest of every file's path (from its root's folder on: a copy elsewhere has the same digest) and
    bytes under ``paths``, and of ``extra`` strings: equal digests mean equal inputs. Files under
    __pycache__ are left out."""
    digest = hashlib.sha256()
    for root in map(Path, paths):
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for p in files:
            digest.update(p.relative_to(root.parent).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    for x in extra:
        digest.update(x.encode() + b"\0")
    return digest.hexdigest()
