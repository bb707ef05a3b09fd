"""The records of one data file's text, as plain JSON-able dicts keyed by (record type, id).

In: a path relative to plan_data and the file's bytes (any version from git). Out: {(type, id): fields}.
Which file holds which records is declared once in ``FILE_RECORDS``; a file no entry matches, or a
version that no longer parses, holds no records (history shows what it can and never fails a build).

Why a plain YAML read and not the validating loader: old versions were valid under the schema of their
day, not today's; history compares what was written, field by field.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Iterator

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Key = tuple[str, str]

TYPES = ("task", "target", "indicator", "project", "department", "place", "finding", "erratum", "report")
"""Record types in display order."""


def _listed(key: str, kind: str) -> Callable[[dict], Iterator[tuple[str, dict]]]:
    def items(doc: dict) -> Iterator[tuple[str, dict]]:
        for rec in doc.get(key) or []:
            if isinstance(rec, dict) and rec.get("id") is not None:
                yield kind, rec

    return items


def _tasks(doc: dict) -> Iterator[tuple[str, dict]]:
    groups = [doc.get("paragraphs") or []] + [(s or {}).get("paragraphs") or [] for s in doc.get("sections") or [] if isinstance(s, dict)]
    for paras in groups:
        for p in paras:
            if isinstance(p, dict) and p.get("kind") == "task" and p.get("id") is not None:
                yield "task", p


def _projects(doc: dict) -> Iterator[tuple[str, dict]]:
    for box in doc.get("boxes") or []:
        for pr in (box or {}).get("projects") or [] if isinstance(box, dict) else []:
            if isinstance(pr, dict) and pr.get("id") is not None:
                yield "project", pr


def _report(doc: dict) -> Iterator[tuple[str, dict]]:
    if doc.get("id") is not None:
        yield "report", doc


FILE_RECORDS: dict[str, Callable[[dict], Iterator[tuple[str, dict]]]] = {
    "chapters/*.yaml": _tasks,
    "targets.yaml": _listed("targets", "target"),
    "indicators.yaml": _listed("indicators", "indicator"),
    "projects.yaml": _projects,
    "departments.yaml": _listed("departments", "department"),
    "places.yaml": _listed("places", "place"),
    "conflicts.yaml": _listed("conflicts", "finding"),
    "errata.yaml": _listed("errata", "erratum"),
    "progress/*.yaml": _report,
}


def handles(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in FILE_RECORDS)


def records_of(path: str, text: bytes) -> dict[Key, dict]:
    """{(type, id): fields} of one file version; {} when it holds no records or does not parse."""
    extract = next((f for pattern, f in FILE_RECORDS.items() if fnmatch.fnmatchcase(path, pattern)), None)
    if extract is None or not text:
        return {}
    try:
        doc = yaml.load(text, Loader=Loader)
    except yaml.YAMLError:
        return {}
    if not isinstance(doc, dict):
        return {}
    return {(kind, str(rec["id"])): plain(rec) for kind, rec in extract(doc)}


def plain(value: object) -> object:
    """YAML values as JSON values: dates as ISO strings, keys as strings, text printable."""
    if isinstance(value, dict):
        return {printable(str(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return printable(value)
    return value


_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Text any page, feed or JSON file can carry: control characters (which XML 1.0 forbids and a
    terminal may obey) become U+FFFD; line ends become \\n. Why here: commit messages and data values
    are untrusted, and cleaning them once where they are read protects every output."""
    return _UNPRINTABLE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
