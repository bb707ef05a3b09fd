"""Where every kind of thing lives on the site: one place, so pages, graph, search and exports agree.

Each function returns a docs-relative Markdown path (``plan/ch03.md``) and, for anchored items, that
path with its anchor (``plan/ch03.md#t03-1-02``): the permalink. Nothing else builds a page path or an
anchor. ``rel(from_uri, to_uri)`` turns two docs paths into a relative link, which MkDocs rewrites for
directory URLs and the offline build alike; ``site_url`` gives the built page's address, and
``public_base`` the site's public address (SITE_URL) that makes it a full one.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Plan

ROOT = Path(__file__).resolve().parents[2]

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
GRAPH_FULL = "graph/full.md"
ANALYSIS = "analysis.md"
CONFLICTS = "conflicts.md"
PLAN_ISSUES = "plan-issues.md"
DICTIONARY = "dictionary.md"
ERRATA = "errata.md"
ABOUT = "about.md"
BENCH = "bench.md"
GUIDE = "guide.md"
ARCHITECTURE = "architecture.md"
SEARCH = "search.md"
SEARCH_DECISION = "decisions/search.md"
ENGINE_DECISION = "decisions/engine.md"
PROGRESS = "progress/index.md"  # progress (issue 11)
CHANGES = "changes.md"  # record history (issue 22)
CATALOGUE = "catalogue.md"  # 信息公开目录 (issue 29)
CATALOGUE_CSV = "catalogue.csv"


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


def evaluation(report_id: str) -> str:  # the evaluation of a report (issue 30)
    return f"progress/evaluation/{report_id}.md"


def evaluation_file(report_id: str, ext: str, dept_id: str | None = None) -> str:
    """The evaluation's download: data/evaluation/ID.docx (.xlsx), one department's data/evaluation/ID/DEPT.docx."""
    return f"data/evaluation/{report_id}/{dept_id}.{ext}" if dept_id else f"data/evaluation/{report_id}.{ext}"


def source_line(line: int) -> str:
    return f"{SOURCE}#L{line}"


# ------------------------------------------------------------------ anchored records (permalinks)
def paragraph(plan: Plan, paragraph_id: str, anchor: str | None = None) -> str:
    """A task or any paragraph: its chapter page, anchored by the paragraph id (or by ``anchor``, an
    element inside the paragraph)."""
    return f"{chapter(plan.where[paragraph_id].chapter.id)}#{anchor or paragraph_id}"


task = paragraph


def project(plan: Plan, project_id: str) -> str:
    return f"{box(plan.box_of[project_id].id)}#{project_id}"


def target(plan: Plan, target_id: str) -> str:
    """A target: its own line in its task's list of targets (a 十四五 target of a task), else the
    paragraph that states it (十三五 achievements), or its project's section."""
    t = plan.by_id[target_id]
    if not t.task:
        return project(plan, t.project)
    if t.kind == "target" and plan.paragraphs[t.task].kind == "task":
        return paragraph(plan, t.task, anchor=t.id)
    return paragraph(plan, t.task)


def place(place_id: str) -> str:
    return f"{PLACES}#{place_id}"


def conflict(conflict_id: str) -> str:
    return f"{CONFLICTS}#{conflict_id}"


def finding(finding_id: str) -> str:
    """A finding (conflicts.yaml, any class) or a plan-slip erratum on the 原文问题 page."""
    return f"{PLAN_ISSUES}#{finding_id}"


def section(chapter_id: str, sec) -> str:
    """A section (schema.Section) of a chapter: the chapter page at its first paragraph (the chapter
    page when it has none)."""
    return f"{chapter(chapter_id)}#{sec.paragraphs[0].id}" if sec.paragraphs else chapter(chapter_id)


def rel(from_uri: str, to: str) -> str:
    """Relative link from page ``from_uri`` to ``to`` (which may carry #anchor)."""
    path, _, anchor = to.partition("#")
    out = _relpath(path, posixpath.dirname(from_uri))
    return f"{out}#{anchor}" if anchor else out


@cache
def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start or ".")`` for docs paths. Why: relpath asks the OS for the
    working directory on every call, a tenth of page generation over ~3,000 links."""
    if ".." in path.split("/") or ".." in start.split("/") or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start or ".")
    a = [p for p in start.split("/") if p and p != "."]
    b = [p for p in path.split("/") if p and p != "."]
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(a) - i) + b[i:]) or "."


def site_url(docs_uri: str, directory_urls: bool = True) -> str:
    """The built page's address (relative to the site root) of a docs path that may carry #anchor."""
    path, _, anchor = docs_uri.partition("#")
    return html_path(path, directory_urls) + (f"#{anchor}" if anchor else "")


def directory_urls() -> bool:
    """Whether pages live at plan/ch03/ (served) or plan/ch03.html (the offline copy: OFFLINE=true,
    the variable mkdocs.yml turns Material's offline plugin on with)."""
    return os.environ.get("OFFLINE", "").strip().lower() not in ("true", "1", "yes")


def html_path(md_uri: str, directory_urls: bool = True) -> str:
    """The built page for a docs path: plan/ch03.md → plan/ch03/ (or plan/ch03.html offline)."""
    stem = md_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def public_base() -> str:
    """The site's public address ending in "/": $SITE_URL (set at build time), else ``site_url`` in
    mkdocs.yml; "" when neither is set (the people's workbook then gives addresses from the site root
    and says so; the oEmbed JSON, paths from "/")."""
    base = os.environ.get("SITE_URL", "").strip() or _configured_site_url()
    return base.rstrip("/") + "/" if base else ""


@cache
def _configured_site_url() -> str:
    """``site_url`` in mkdocs.yml, read once per process (every embed card's oEmbed JSON asks)."""
    config = ROOT / "mkdocs.yml"
    m = re.search(r"^site_url:\s*[\"']?([^\"'\s#]*)", config.read_text(encoding="utf-8"), re.M) if config.exists() else None
    return m[1] if m else ""
