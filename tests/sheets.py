"""Helpers for tests that fill worksheets and compare printed reports with goldens: read and write a
worksheet CSV as an official's spreadsheet program would, set a row's cells, and check a golden text."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def sheet(folder: Path, name: str) -> list[list[str]]:
    """The rows of ``folder/name.csv`` (UTF-8 with BOM, as the worksheet command writes it)."""
    return list(csv.reader(io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8-sig"), newline="")))


def write_sheet(path: Path, rows: list[list[str]]) -> Path:
    """``rows`` saved as a CSV the way Excel/WPS save “CSV UTF-8” (with BOM, no formula protection)."""
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def set_row(rows: list[list[str]], ident: str, **cells: str) -> None:
    """Fill the cells (by column name) of the row whose first cell is ``ident``."""
    header = rows[0]
    row = next(r for r in rows if r[0] == ident)
    for name, value in cells.items():
        row[header.index(name)] = value


def golden(request, path: Path, text: str) -> None:
    """``text`` equals the golden file ``path``; with --update-goldens, rewrite it instead (review the diff)."""
    if request.config.getoption("--update-goldens"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden {path.name}: run pytest --update-goldens and review it"
    assert text == path.read_text(encoding="utf-8")
