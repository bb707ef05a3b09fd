"""Record-level changes: for each commit, which records it added, removed or changed, and in which fields.

In: a GitLog (``history.git``). Out: ``Change`` values, newest commit first, and inside one commit in
record-type order then id. Records are compared as the commit left them against its parent, across
all files the commit touched, so a record moved from one file to another is unchanged unless its fields
changed. A field that holds a mapping (``lead``) is compared key by key (``lead.department``).

Why a cache: parsing every version of every data file is most of the cost (0.4 s for the first 20
commits, more as history grows). Records are cached per blob id under ``.cache/genhe_plan/history/``
in the repository: a blob id names its bytes, so the cache never goes stale; delete it at will.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .git import NULL_BLOB, Commit, GitLog
from .records import TYPES, Key, handles, records_of

CACHE_VERSION = "2"  # bump when records_of changes what it extracts


@dataclass(frozen=True)
class FieldChange:
    field: str
    """Field name as written in the YAML; a key of a mapping field as ``lead.department``."""
    old: object
    new: object
    """None when the field is absent on that side."""


@dataclass(frozen=True)
class Change:
    commit: Commit
    kind: str
    id: str
    action: str
    """added, changed or removed."""
    fields: tuple[FieldChange, ...]
    departments: tuple[str, ...]
    """Department ids the record names before or after (a department record: itself), sorted."""


def changes_of(log: GitLog) -> list[Change]:
    """Every record change in the log, newest commit first; read from the cache when the log is as
    at the last build."""
    cache = _BlobCache(log.root)
    known = cache.read_changes(log.key)
    if known is not None:
        return known
    out = _changes(log, cache)
    cache.write_changes(log.key, out)
    return out


def _changes(log: GitLog, cache: _BlobCache) -> list[Change]:
    needed = sorted({b for c in log.commits for path, old, new in c.files if handles(path) for b in (old, new) if b != NULL_BLOB})
    parsed = cache.read(needed)
    missing = [b for b in needed if b not in parsed]
    if missing:
        paths = {b: path for c in log.commits for path, old, new in c.files for b in (old, new)}
        for blob, text in log.blobs(missing).items():
            parsed[blob] = records_of(paths[blob], text)
            cache.write(blob, parsed[blob])
    out = []
    for commit in log.commits:
        before: dict[Key, dict] = {}
        after: dict[Key, dict] = {}
        for path, old, new in commit.files:
            if handles(path):
                before.update(parsed.get(old, {}))
                after.update(parsed.get(new, {}))
        out += _compare(commit, before, after)
    return out


def _compare(commit: Commit, before: dict[Key, dict], after: dict[Key, dict]) -> list[Change]:
    out = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (TYPES.index(k[0]), k[1])):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        action = "added" if old is None else "removed" if new is None else "changed"
        fields = field_changes(old, new) if action == "changed" else ()
        depts = set(_departments(old)) | set(_departments(new)) | ({key[1]} if key[0] == "department" else set())
        out.append(Change(commit, key[0], key[1], action, tuple(fields), tuple(sorted(depts))))
    return out


def field_changes(old: dict, new: dict) -> list[FieldChange]:
    out = []
    for name in _keys(old, new):
        a, b = old.get(name), new.get(name)
        if a == b or name == "id":
            continue
        if isinstance(a, dict | None) and isinstance(b, dict | None) and (a or b):
            a, b = a or {}, b or {}
            out += [FieldChange(f"{name}.{k}", a.get(k), b.get(k)) for k in _keys(a, b) if a.get(k) != b.get(k)]
        else:
            out.append(FieldChange(name, a, b))
    return out


def _keys(old: dict, new: dict) -> list[str]:
    return list(new) + [k for k in old if k not in new]


def _departments(value: object) -> list[str]:
    if isinstance(value, dict):
        own = [value["department"]] if isinstance(value.get("department"), str) else []
        return own + [d for k, v in value.items() if k != "department" for d in _departments(v)]
    if isinstance(value, list):
        return [d for v in value for d in _departments(v)]
    return []


class _BlobCache:
    """Records per blob id, and the last log's changes, as JSON files; an unreadable or unwritable
    cache means no cache."""

    def __init__(self, root: Path):
        self.dir = root / ".cache" / "genhe_plan" / "history" / CACHE_VERSION

    def read(self, blobs: list[str]) -> dict[str, dict[Key, dict]]:
        out = {}
        for b in blobs:
            try:
                rows = json.loads((self.dir / f"{b}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            out[b] = {(kind, ident): rec for kind, ident, rec in rows}
        return out

    def write(self, blob: str, records: dict[Key, dict]) -> None:
        self._put(f"{blob}.json", [[kind, ident, rec] for (kind, ident), rec in records.items()])

    def read_changes(self, key: str) -> list[Change] | None:
        try:
            data = json.loads((self.dir / f"changes-{key}.json").read_text(encoding="utf-8"))
            commits = [Commit(c["sha"], c["date"], c["author"], c["message"]) for c in data["commits"]]
            return [
                Change(commits[i], kind, ident, action, tuple(FieldChange(*f) for f in fields), tuple(depts))
                for i, kind, ident, action, fields, depts in data["changes"]
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write_changes(self, key: str, changes: list[Change]) -> None:
        commits = list(dict.fromkeys(c.commit for c in changes))
        index = {c.sha: i for i, c in enumerate(commits)}
        data = {
            "commits": [{"sha": c.sha, "date": c.date, "author": c.author, "message": c.message} for c in commits],
            "changes": [
                [index[c.commit.sha], c.kind, c.id, c.action, [[f.field, f.old, f.new] for f in c.fields], list(c.departments)]
                for c in changes
            ],
        }
        for old in self.dir.glob("changes-*.json") if self.dir.is_dir() else []:
            old.unlink(missing_ok=True)
        self._put(f"changes-{key}.json", data)

    def _put(self, name: str, data: object) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            os.replace(tmp, self.dir / name)
        except OSError:
            return
