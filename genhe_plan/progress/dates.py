"""The dates of the progress record: a plan date's last day (``end_of``) and the newest date the recorded
reports speak of (``reported_epoch``), which the data date never lags behind.

Why the reports count in the data date: the data date is otherwise the last commit that changed a record,
so a report just imported (not yet committed) would be dated after it and left out of the preview that
README's update cycle asks the official to look at before committing. The newest report's 数据截至 is a
fact of the inputs, so the build stays deterministic: the same files give the same date.

Read as plain YAML (no validation): a broken report file is the validator's to report, not this module's.
"""

from __future__ import annotations

import calendar
import datetime
import re
from pathlib import Path

import yaml

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
"""input.schema's date pattern (tests/test_build_cli.py checks they agree). Why a copy: the data date is
set by every command before anything else; importing the schema would load pydantic for it, and a build
whose steps all come from the cache loads nothing heavy."""


def end_of(d: str) -> datetime.date:
    """'2025' → 2025-12-31; '2025-06' → 2025-06-30; '2025-06-15' as is."""
    parts = [int(x) for x in d.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(*parts)


def reported_epoch(data_dir: Path) -> int:
    """Midnight (UTC) of the latest 数据截至 (``as_of``, its last day) of the reports in
    ``data_dir/progress/``, as a Unix time; 0 when there is none (or none that reads as a date)."""
    latest = None
    for path in sorted((Path(data_dir) / "progress").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        as_of = str(data.get("as_of", "")) if isinstance(data, dict) else ""
        if not DATE_RE.match(as_of):
            continue
        try:
            day = end_of(as_of)
        except ValueError:  # 2024-13: the validator says so
            continue
        latest = day if latest is None or day > latest else latest
    if latest is None:
        return 0
    return int(datetime.datetime(latest.year, latest.month, latest.day, tzinfo=datetime.UTC).timestamp())
