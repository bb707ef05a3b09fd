"""Hand-over of a prepared site from ``python -m genhe_plan build`` to the MkDocs hook. Plain data only.

In: the build command's ``site.prepare`` result as plain data (``site.handoff_payload``). Out: the same
dict in the hook's process. ``fill_markers`` lives here too, as the hook needs it either way, and so does the cache ``mkdocs serve``
rebuilds use (``fingerprint``, ``served``): this module's state lives as long as the genhe_plan code on
disk is unchanged.

Why: MkDocs spends about half a second starting (imports, theme, config) before the hook's on_config
runs, and preparing the site takes about as long. The build command starts MkDocs first and prepares
the site meanwhile in its own process, so the two overlap; the hook then only reads a marshal dump of
str/bytes/list/dict (which imports nothing of the pipeline and, unlike pickle, can carry no code). ``mkdocs serve`` and a bare ``mkdocs
build`` have no hand-over: the hook prepares the site itself, as before. This module imports nothing
heavy: the hook loads it on every build.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ENV = "GENHE_PREPARED"
"""Environment variable naming the hand-over file; set by the build command for its MkDocs process."""
WAIT_S = 600
MARKER = re.compile(r"<!--\s*plan:([a-z_]+)\s*-->")


class Failed(Exception):
    """The build command could not prepare the site; the message is the report to show."""


def fill_markers(markdown: str, snippets: dict[str, str]) -> str:
    """Replace <!-- plan:NAME --> in hand-written pages; an unknown NAME is left visible on purpose."""
    return MARKER.sub(lambda m: snippets.get(m[1], m[0]), markdown)


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write(path: Path, payload: dict) -> None:
    _atomic(path, marshal.dumps(payload))


def write_failure(path: Path, report: str) -> None:
    _atomic(path.with_name(path.name + ".failed"), report.encode("utf-8"))


def late(path: Path) -> Path:
    """Where the build command hands over the files no page links to, after the pages (``site.late_files``)."""
    return path.with_name(path.name + ".late")


def read(path: Path, wait_s: float = WAIT_S) -> dict:
    """The payload at ``path`` once the build command has written it; Failed with its report if it
    could not, or if nothing came within ``wait_s`` seconds."""
    failed = path.with_name(path.name + ".failed")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if path.exists():
            return marshal.loads(path.read_bytes())
        if failed.exists():
            raise Failed(failed.read_text(encoding="utf-8"))
        time.sleep(0.005)
    raise Failed(f"构建命令在 {wait_s:.0f} 秒内没有交来生成的页面（no prepared site at {path}）")


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


_served: dict[str, dict] = {}


def served(key: str, make: Callable[[], dict]) -> dict:
    """The payload ``make()`` gave for ``key`` the last time, else a new one. Why: under ``mkdocs serve``
    an edit of a hand-written page or of the theme rebuilds the site, but the plan data and the code are
    as before, so the prepared site is too; only the last key is kept."""
    if key not in _served:
        _served.clear()
        _served[key] = make()
    return _served[key]
