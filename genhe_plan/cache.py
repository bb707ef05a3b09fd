"""Each build step's output kept on disk between builds, keyed by a fingerprint of what it is made from.

``kept(step, key, make)`` gives what ``make()`` returned the last time ``step`` ran with the same ``key``,
read back from disk; otherwise it calls ``make()`` and keeps the value for the next build. One entry per
step name, the latest: ``<folder>/<step>.pickle`` holds (key, value), so the cache never grows beyond one
build's output per name (``site.prepare`` names the offline copy's steps apart: two builds' output). Entries are written all or nothing (``fsio.write_atomic``): a killed build leaves the old
entry or the new one. An entry that is missing, made for another key or unreadable is made again.

Where: ``.cache/genhe_plan/steps/`` in the repository (git-ignored; delete it at will), as the history
cache and Material's social and privacy plugins keep theirs. ``GENHE_PLAN_CACHE`` names another folder,
or ``0`` for none (the tests: what they compare is made every time).
Why pickle: the values are plain lists, dicts, text and bytes, written and read by this code only.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .fsio import TEMP_PREFIX, write_atomic

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def folder() -> Path | None:
    """Where the entries are kept; None when caching is off (``GENHE_PLAN_CACHE=0``)."""
    where = os.environ.get("GENHE_PLAN_CACHE", "")
    if where == "0":
        return None
    return Path(where) if where else ROOT / ".cache" / "genhe_plan" / "steps"


def kept(step: str, key: str, make: Callable[[], T]) -> T:
    """``make()``'s value for ``step`` at ``key``: read back when kept, else made and kept."""
    where = folder()
    if where is None:
        return make()
    entry = where / (re.sub(r"\W+", "-", step) + ".pickle")
    try:
        kept_key, value = pickle.loads(entry.read_bytes())
        if kept_key == key:
            return value
    except Exception:  # missing, cut short, from another version: any entry that cannot be read is made again
        pass
    value = make()
    try:
        where.mkdir(parents=True, exist_ok=True)
        for left in where.glob(f"{TEMP_PREFIX}{entry.name}.*"):  # a write a kill interrupted
            left.unlink(missing_ok=True)
        write_atomic(entry, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:  # a read-only or full disk: this build goes on, the next one makes the step again
        pass
    return value
