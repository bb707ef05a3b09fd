"""Writing files so that no command can leave one half written, and names that stay in their folder.

Every file the tool writes into the data directory (a report imported, a worksheet, a schema) goes
through ``write_atomic``: the bytes go to a temporary file beside the target, are flushed to disk, and
the temporary file is renamed over the target. A kill at any moment leaves the old file or the new one,
never a truncated one (a rename within one folder is atomic on POSIX and on Windows' ``os.replace``).

``inside`` refuses a path that leaves its folder (``..``, an absolute path, a symbolic link pointing
out), so an id typed on the command line can never name ``plan_data/plan.yaml`` or a file elsewhere.

``blocked_signals`` holds SIGINT/SIGTERM back while a rename that must not be interrupted happens, so an
interrupted command can truthfully say what it left unchanged.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from pathlib import Path

TEMP_PREFIX = ".tmp-"
"""Temporary files and folders beside their target start so; a folder's leftovers from a killed command
are recognisable (and ignored by everything that globs *.yaml)."""


class OutsideFolder(ValueError):
    """A path that would leave the folder it must stay in."""


def inside(folder: Path, path: Path) -> Path:
    """``path`` (absolute, its links resolved) if it lies inside ``folder`` (also resolved), else
    OutsideFolder. The file itself may not exist yet; a link on the way that leaves the folder counts."""
    root = Path(folder).resolve()
    full = (root / path).resolve()
    if full != root and root not in full.parents:
        raise OutsideFolder(f"{path} 不在 {root} 之内")
    return full


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` all or nothing: a temporary file in the same folder, flushed and synced,
    then renamed over ``path``. The file's permission bits are kept when it exists (else 0644 less the
    umask, as an ordinary write). Raises OSError (read-only folder, disk full) with the target unchanged
    and no temporary file left."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode(path))
        with blocked_signals():
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)


def remove(path: Path) -> None:
    """Remove one file (a rename is not needed: an unlink is atomic); the folder is synced after."""
    with blocked_signals():
        os.unlink(path)
    _sync_folder(Path(path).parent)


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible (nor needed) on Windows."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def blocked_signals():
    """SIGINT and SIGTERM wait until the block ends (then arrive as usual). Only in the main thread of a
    POSIX process; elsewhere a no-op."""
    mask = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, mask)
    except (OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
