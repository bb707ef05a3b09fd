"""Where every kind of thing lives on the site: one place, so pages, graph and exports agree.

Each function returns a docs-relative Markdown path (``plan/ch03.md``) and, for anchored items,
an anchor. ``rel(from_uri, to_uri)`` turns two docs paths into a relative link, which MkDocs
rewrites for directory URLs and the offline build alike.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
TASKS = "tasks.md"
INDICATORS = "indicators/index.md"
PROJECTS = "projects/index.md"
DEPARTMENTS = "departments/index.md"
PLACES = "places.md"
TIMELINE = "timeline.md"
SOURCE = "source.md"
DATA = "data.md"
GRAPH = "graph.md"
ANALYSIS = "analysis.md"
CONFLICTS = "conflicts.md"
DICTIONARY = "dictionary.md"
ERRATA = "errata.md"
ABOUT = "about.md"
BENCH = "bench.md"
PROGRESS = "progress/index.md"  # progress (issue 11)


def chapter(chapter_id: str) -> str:
    return f"plan/{chapter_id}.md"


def indicator(ind_id: str) -> str:
    return f"indicators/{ind_id}.md"


def box(box_id: str) -> str:
    return f"projects/{box_id}.md"


def department(dept_id: str) -> str:
    return f"departments/{dept_id}.md"


def report(report_id: str) -> str:  # progress (issue 11)
    return f"progress/{report_id}.md"


def source_line(line: int) -> str:
    return f"{SOURCE}#L{line}"


def rel(from_uri: str, to: str) -> str:
    """Relative link from page ``from_uri`` to ``to`` (which may carry #anchor)."""
    path, _, anchor = to.partition("#")
    out = posixpath.relpath(path, posixpath.dirname(from_uri) or ".")
    return f"{out}#{anchor}" if anchor else out


def html_path(md_uri: str, directory_urls: bool = True) -> str:
    """The built page for a docs path: plan/ch03.md → plan/ch03/ (or plan/ch03.html offline)."""
    stem = md_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"
