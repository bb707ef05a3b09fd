"""Read the history of the data directory from git: which commits changed which data files, and the
files' text before and after. Only ``git`` through subprocess; nothing here knows the plan's schema.

In: the plan_data directory. Out: a ``GitLog`` — the commits that touched it (newest first, merges
left out: a merge only repeats its branch's commits) with their changed files as blob ids, and a way
to read blobs in one batch — or ``None`` with a note saying, in plain words, why there is no history
(no git, not a repository, a shallow clone). Never raises for a missing or odd repository.

Why the committer date: it is when the change reached the branch the site is built from (an author
date can be weeks older after a rebase). Author e-mail addresses are read by git but never kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..progress.dates import reported_epoch
from .records import printable

NULL_BLOB = "0" * 40
NO_GIT = "本副本没有 git 仓库（例如下载的压缩包），无法列出数据的修订记录；在 git 仓库中生成网站即可看到。"
SHALLOW = "本副本是浅克隆（git clone --depth），只含最近的提交，修订记录不完整，因此不列出；完整克隆后生成网站即可看到。"
NO_COMMITS = "数据目录尚无提交记录。"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    """Committer date, ISO 8601 with the committer's offset (2026-11-29T10:00:00+08:00)."""
    author: str
    """Author name only (never the e-mail address)."""
    message: str
    files: tuple[tuple[str, str, str], ...] = ()
    """(path relative to the data directory, blob before, blob after); NULL_BLOB for absent."""

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass
class GitLog:
    root: Path
    key: str
    """A digest of the log (commits and the blobs they changed): equal keys, equal history."""
    entries: list[tuple[str, tuple[tuple[str, str, str], ...]]] = field(default_factory=list)

    @functools.cached_property
    def commits(self) -> list[Commit]:
        heads = _cat(self.root, [sha for sha, _ in self.entries])
        return [_commit(sha, files, head) for (sha, files), head in zip(self.entries, heads, strict=True)]

    def blobs(self, ids: list[str]) -> dict[str, bytes]:
        """{blob id: bytes} for every id, read with one ``git cat-file --batch``."""
        return dict(zip(ids, _cat(self.root, ids), strict=True))


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


PUBLICATION_EPOCH = 1659312000
"""2022-08-01, the plan's publication: the data date outside a git checkout."""
NOT_RECORDS = (":!synonyms.yaml", ":!concepts.yaml", ":!schema")
"""What in the data directory changes no record: the search vocabulary and the editors' schema files."""


def data_epoch(data_dir: Path) -> int:
    """The data date: the time of the last commit that changed a record under ``data_dir`` (a commit that
    only edits the search vocabulary or the schema files does not move it), else PUBLICATION_EPOCH.
    Why not the wall clock: the same data must build the same site, and a state (期限已过) is only as
    recent as the data it comes from."""
    out = _git(Path(data_dir), "log", "-1", "--format=%ct", "--", ".", *NOT_RECORDS) if Path(data_dir).is_dir() else None
    text = out.decode().strip() if out else ""
    return int(text) if text.isdigit() else PUBLICATION_EPOCH


def date_the_build(data_dir: Path) -> None:
    """Set SOURCE_DATE_EPOCH, the date every state and stamp of the build is computed at (progress.status
    reads it), unless it is set already (a reproducible-build date, a test's): ``data_epoch``, or the
    newest report's 数据截至 when that is later (a report imported and not yet committed counts in the
    preview; ``progress.dates``)."""
    if "SOURCE_DATE_EPOCH" not in os.environ:  # not setdefault: its argument, a git call, would run every time
        os.environ["SOURCE_DATE_EPOCH"] = str(max(data_epoch(data_dir), reported_epoch(data_dir)))


def read_log(data_dir: Path) -> tuple[GitLog | None, str]:
    """The commits that changed files under ``data_dir``, newest first, or (None, why not)."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        return None, NO_GIT
    info = _git(data_dir, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
    if info is None:
        return None, NO_GIT
    top, prefix, shallow = (info.decode("utf-8", "replace").split("\n") + ["", "", ""])[:3]
    if shallow.strip() == "true":
        return None, SHALLOW
    root = Path(top)
    raw = _git(root, "log", "--no-merges", "--no-renames", "--raw", "--no-abbrev", "-z", "--format=%x01%H", "--", prefix or ".")
    if raw is None:
        return None, NO_GIT
    entries = _parse_raw(raw, prefix)
    if not entries:
        return None, NO_COMMITS
    return GitLog(root, hashlib.sha256(prefix.encode() + b"\0" + raw).hexdigest(), entries), ""


def _parse_raw(raw: bytes, prefix: str) -> list[tuple[str, tuple[tuple[str, str, str], ...]]]:
    """[(commit, ((path, old blob, new blob), …))] from ``git log --raw -z --format=%x01%H``."""
    out = []
    for chunk in raw.split(b"\x01")[1:]:
        fields = chunk.split(b"\x00")
        sha = fields[0].strip().decode()
        files = []
        rest = fields[1:]
        i = 0
        while i + 1 < len(rest):
            meta, path = rest[i].strip(), rest[i + 1].decode("utf-8", "replace")
            i += 2
            if not meta.startswith(b":"):
                continue
            _, _, old, new, _status = meta.decode().split(" ")[:5]
            if path.startswith(prefix):
                files.append((path[len(prefix) :], old, new))
        out.append((sha, tuple(sorted(files))))
    return out


def _cat(root: Path, ids: list[str]) -> list[bytes]:
    """The raw objects named by ``ids`` (in order), read in one batch; b"" for an id git lacks."""
    if not ids:
        return []
    raw = _git(root, "cat-file", "--batch", stdin=("\n".join(ids) + "\n").encode()) or b""
    out, pos = [], 0
    for _ in ids:
        nl = raw.find(b"\n", pos)
        if nl < 0:
            out.append(b"")
            continue
        head = raw[pos:nl].split(b" ")
        if len(head) < 3 or head[1] == b"missing":
            out.append(b"")
            pos = nl + 1
            continue
        size = int(head[2])
        out.append(raw[nl + 1 : nl + 1 + size])
        pos = nl + 1 + size + 1
    return out


_PERSON = re.compile(rb"^(?P<name>.*?) <[^>]*> (?P<ts>\d+) (?P<tz>[+-]\d{4})$")


def _commit(sha: str, files: tuple, raw: bytes) -> Commit:
    """A Commit from a raw commit object: author name, committer date, message (decoded leniently)."""
    head, _, message = raw.partition(b"\n\n")
    author, date = "", ""
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        m = _PERSON.match(value)
        if key == b"author" and m:
            author = printable(m["name"].decode("utf-8", "replace"))
        elif key == b"committer" and m:
            date = _iso(int(m["ts"]), m["tz"].decode())
    return Commit(sha, date, author, printable(message.decode("utf-8", "replace")).strip(), files)


def _iso(ts: int, tz: str) -> str:
    sign = -1 if tz[0] == "-" else 1
    offset = dt.timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])) * sign
    return dt.datetime.fromtimestamp(ts, dt.timezone(offset)).isoformat()
