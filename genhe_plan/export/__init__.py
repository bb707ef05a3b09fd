"""Step 5c — export: every open-data download of the site, as bytes.

In:  a Plan (and the plan_data directory, only to pack the raw files into plan-data.zip).
Out: ``export_files(plan, data_dir)`` → ``{site path: bytes}``: data/plan.json and data/schema.json
(``plan_json``), one CSV per declared table (``tables``), data/deadlines.ics (``ical``),
data/plan-data.zip and data/datapackage.json (``package``). Every output is byte-identical across runs.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Plan
from . import plan_json
from .findings import FINDINGS
from .ical import deadlines_ics
from .package import data_zip, datapackage
from .tables import TABLES

TABLES.append(FINDINGS)

__all__ = ["TABLES", "export_files", "export_paths"]


def export_files(plan: Plan, data_dir: Path) -> dict[str, bytes]:
    """Every open-data download, keyed by its site path (data/…), in sorted order."""
    files = {
        "data/plan.json": plan_json.plan_json(plan),
        "data/schema.json": plan_json.schema_json(),
        "data/deadlines.ics": deadlines_ics(plan),
        "data/plan-data.zip": data_zip(Path(data_dir)),
    }
    files |= {t.path: t.csv(plan) for t in TABLES}
    files["data/datapackage.json"] = datapackage(plan, files)
    return dict(sorted(files.items()))


def export_paths() -> list[str]:
    """The site paths ``export_files`` writes, without making the files (the build command names them
    to MkDocs before it has made them; tests/test_export.py checks the two agree)."""
    fixed = ["data/plan.json", "data/schema.json", "data/deadlines.ics", "data/plan-data.zip", "data/datapackage.json"]
    return sorted([*fixed, *(t.path for t in TABLES)])
