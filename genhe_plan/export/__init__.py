"""Step 5c — export: every open-data download of the site, as bytes.

In:  a Plan (and the plan_data directory, only to pack the raw files into plan-data.zip).
Out: ``export_files(plan, data_dir)`` → ``{site path: bytes}``: data/plan.json and data/schema.json
(``plan_json``), one CSV per declared table (``tables``), data/deadlines.ics (``ical``),
data/plan.sqlite (``sqlite``), data/根河规划数据.xlsx for people (``people``), data/plan-data.zip and data/datapackage.json (``package``). Every output is byte-identical across runs.
``api.api_files(plan)`` → the static JSON API under api/ (one file per record, an index per type).
"""

from __future__ import annotations

from pathlib import Path

from ..model import Plan
from . import plan_json
from .ical import deadlines_ics
from .package import data_zip, datapackage
from .people import PATH as PEOPLE_XLSX
from .people import people_xlsx
from .sqlite import sqlite_bytes
from .tables import TABLES

__all__ = ["TABLES", "export_files", "export_paths"]


FILES = {
    "data/plan.json": lambda plan, data_dir: plan_json.plan_json(plan),
    "data/schema.json": lambda plan, data_dir: plan_json.schema_json(),
    "data/deadlines.ics": lambda plan, data_dir: deadlines_ics(plan),
    "data/plan-data.zip": lambda plan, data_dir: data_zip(Path(data_dir)),
    "data/plan.sqlite": lambda plan, data_dir: sqlite_bytes(plan),
    PEOPLE_XLSX: lambda plan, data_dir: people_xlsx(plan),
}
"""The downloads that are not tables: site path → maker. datapackage.json is made last, from all others."""
DATAPACKAGE = "data/datapackage.json"


def export_files(plan: Plan, data_dir: Path) -> dict[str, bytes]:
    """Every open-data download, keyed by its site path (data/…), in sorted order."""
    files = {path: make(plan, data_dir) for path, make in FILES.items()}
    files |= {t.path: t.csv(plan) for t in TABLES}
    files[DATAPACKAGE] = datapackage(plan, files)
    return dict(sorted(files.items()))


def export_paths() -> list[str]:
    """The site paths ``export_files`` writes, without making the files (the build command names them
    to MkDocs before it has made them; tests/test_export.py checks the two agree)."""
    return sorted([*FILES, DATAPACKAGE, *(t.path for t in TABLES)])
