"""Record history: what changed in plan_data, when and why, read from the repository's git log.

``read(data_dir)`` → ``History``: every record-level change (``changes``, newest first) or, when there
is no usable history (no git, a shallow clone, a copy outside the repository), none and a ``note``
saying why in plain words. Dates come from the commits, never the clock, so the same repository gives
the same history. Messages, names and values are untrusted text: whoever shows them escapes them.

Modules: ``git`` (subprocess git: commits, blobs), ``records`` (records of one file version),
``changes`` (record and field differences between versions).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .changes import Change, FieldChange, changes_of
from .git import Commit, read_log

__all__ = ["Change", "Commit", "FieldChange", "History", "read"]


@dataclass(eq=False)
class History:
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    """Why there is no history ("" when it was read)."""
    _by_record: dict[tuple[str, str], list[Change]] = field(default_factory=dict, repr=False)
    _position: dict[tuple[str, str, str], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by: dict[tuple[str, str], list[Change]] = defaultdict(list)
        for c in self.changes:
            by[(c.kind, c.id)].append(c)
        self._by_record = dict(by)
        self._position = {(c.commit.sha, c.kind, c.id): i for i, c in enumerate(self.changes)}

    def of(self, kind: str, ident: str) -> list[Change]:
        """The changes of one record, newest first."""
        return self._by_record.get((kind, ident), [])

    def position(self, change: Change) -> int:
        """Where a change sits in ``changes`` (0: the newest); orders changes of several records."""
        return self._position[(change.commit.sha, change.kind, change.id)]

    def commits(self) -> list[tuple[Commit, list[Change]]]:
        """[(commit, its changes)], newest first."""
        out: dict[str, tuple[Commit, list[Change]]] = {}
        for c in self.changes:
            out.setdefault(c.commit.sha, (c.commit, []))[1].append(c)
        return list(out.values())


def read(data_dir: Path) -> History:
    log, note = read_log(Path(data_dir))
    if log is None:
        return History(note=note)
    return History(changes_of(log))
