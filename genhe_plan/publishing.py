"""Publishing a site folder safely: one build at a time, a fresh temporary folder, a swap at the end.

What a person (or cron, or CI) running ``python -m genhe_plan build --site-dir S`` can count on:

- **One at a time.** A build holds ``.S.lock`` (beside ``S``) from start to swap. A second build into
  the same folder says it is waiting and waits; it never writes into the first one's folders.
- **Never half a site.** Each build renders into its own fresh folder ``.S.building-XXXX`` beside ``S``
  (same file system, so the swap is two renames); ``S`` is replaced only after the whole build passed.
  Folders left by a build that was killed (SIGKILL, power loss) are removed by the next build, under
  the lock, so they can't belong to a running build.
- **Interrupted cleanly.** ``interruptible`` turns SIGTERM and SIGHUP (a closed terminal) into the same
  KeyboardInterrupt as Ctrl-C, so the ``finally`` blocks remove temporary folders and the command prints
  one line and exits non-zero.

POSIX locks (``fcntl.flock``); where there are none (Windows), builds are not serialised, but each still
uses its own temporary folder.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from . import fsio

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


@contextlib.contextmanager
def site_lock(site: Path):
    """Hold the lock of ``site`` (``.NAME.lock`` beside it); wait, saying so once, while another build holds it."""
    if fcntl is None:
        yield
        return
    path = site.with_name(f".{site.name}.lock")
    with open(path, "a+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"另一个构建正在生成 {site}，等待它结束……", file=sys.stderr, flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _prefix(site: Path) -> str:
    return f".{site.name}.building-"


@contextlib.contextmanager
def work_folder(site: Path):
    """A fresh temporary folder beside ``site`` for this build, removed afterwards whatever happens; the
    leftovers of killed builds (same prefix) are removed first. Call it holding ``site_lock``."""
    for stale in site.parent.glob(_prefix(site) + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=_prefix(site), dir=site.parent))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def swap(new: Path, site: Path, old: Path) -> None:
    """Put the finished folder ``new`` in the place of ``site`` (moved to ``old``, inside the build's own
    temporary folder, removed with it). Signals wait until both renames are done."""
    with fsio.blocked_signals():
        if site.exists():
            site.rename(old)
        new.rename(site)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@contextlib.contextmanager
def interruptible():
    """SIGTERM and SIGHUP raise KeyboardInterrupt, as Ctrl-C does, while the block runs (main thread
    only; the previous handlers come back after)."""
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    try:
        old = {n: signal.signal(getattr(signal, n), _interrupt) for n in names}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for n, handler in old.items():
            signal.signal(getattr(signal, n), handler)


__all__ = ["interruptible", "site_lock", "swap", "work_folder"]
