"""Benchmarks, shared: where things are, running a command measured (wall time, peak memory),
and writing the numbers (medians, sizes, ratios, Markdown tables). Used by every section module."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = ROOT / "plan_data"
BUILD_LIMIT_S = 300
SCALES = (1, 5, 10, 20)
sys.path.insert(0, str(ROOT))


class Skip(Exception):
    """A section cannot run here; the message says why (written to RESULTS.md)."""


# ------------------------------------------------------------------ measuring processes
@dataclass
class Run:
    seconds: float
    maxrss_kib: int
    returncode: int
    log: str
    cpu_seconds: float = 0.0
    """User and system time of the process (and the children it waited for): less moved than the wall time
    by other programs on a shared machine."""


class TooSlow(Exception):
    """A run went past the time limit and was stopped."""


def run_measured(cmd: list[str], log_path: Path, cwd: Path = ROOT, limit: float | None = None) -> Run:
    """Run ``cmd``; wall time and peak RSS of its process tree (wait4: the largest process).

    Past ``limit`` seconds the run's own process group (started here, in a new session) is killed
    and TooSlow raised. Why poll wait4 instead of subprocess's wait(timeout): only wait4 returns the
    child's resource usage.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false")
    env.setdefault("SOURCE_DATE_EPOCH", "1659312000")
    env.setdefault("GENHE_PLAN_CACHE", "0")  # every build makes every step, unless a section names a cache (s1_build)
    # Why: this sandbox sets PYTHONDONTWRITEBYTECODE, so genhe_plan would be compiled from source on every
    # run (about 60 ms), while MkDocs' modules come compiled from site-packages; Python on a user's
    # machine caches both, and so do these runs.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if limit is not None and time.perf_counter() - start > limit:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -signal.SIGKILL
                raise TooSlow(f"{' '.join(cmd[1:4])} … ran past {limit:.0f} s")
            time.sleep(0.01)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    return Run(seconds, usage.ru_maxrss, proc.returncode, log, usage.ru_utime + usage.ru_stime)


def repeat(n: int, cmd: Callable[[int], list[str]], work: Path, what: str, cwd: Path = ROOT, limit: float | None = None) -> list[Run]:
    """Run n times (cmd(i) gives the i-th command); raise RuntimeError with the log tail on failure."""
    runs = []
    for i in range(n):
        r = run_measured(cmd(i), work / f"{what}-{i}.log", cwd, limit)
        if r.returncode != 0:
            tail = "\n".join(r.log.strip().splitlines()[-8:])
            raise RuntimeError(f"{what} 失败（exit {r.returncode}），日志末尾（log tail）：\n{tail}")
        runs.append(r)
    return runs


def med(values) -> float:
    return statistics.median(values)


def secs(x: float) -> str:
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms"


def ms(x: float) -> str:
    return f"{x:.0f} ms"


def size(n: float) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.2f} MiB"
    return f"{n / 1024:.1f} KiB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def table(head: list[str], rows: list[list[str]], numeric: bool = True) -> list[str]:
    """A Markdown table; with ``numeric`` every column but the first is right-aligned."""
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i == 0 or not numeric else "---:" for i in range(len(head))) + "|"]
    return out + ["| " + " | ".join(r) + " |" for r in rows] + [""]


def our_build_cmd(data: Path, site: Path, engine: str = "mkdocs") -> list[str]:
    return [sys.executable, "-m", "genhe_plan", "--data", str(data), "build", "--engine", engine, "--site-dir", str(site)]


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def search_index_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in sorted((site / "search").rglob("*")) if p.is_file() and p.name != "index.html")
