"""The files a reader downloads and an official fills in, opened in a real spreadsheet: the site is built
from a copy of plan_data carrying formula texts (tests/formula_data.py: report quotes, a note, a report
title, a department name), the worksheet of that report is written, and LibreOffice (headless) converts
each CSV and every sheet of each XLSX to a CSV of what its cells show. A cell that ran as a formula
would show its result ("y" for =HYPERLINK("http://x","y")); every one must show its text.

Control, so the check can fail: the same texts written without the rule (csv.writer, openpyxl's
ws.append) go through the same conversions and must show "y" and 2. CSVs are opened with formula
evaluation on, as Excel and WPS open them. LibreOffice 7.4 evaluates only cells beginning with "=" from a
CSV; the other first characters (+ - @ TAB CR), which Excel runs, are checked cell by cell in
test_formula_cells.py.

LibreOffice missing: the test fails with the install command (``make test`` installs it:
scripts/ensure_office.sh). Each run has its own LibreOffice profile, so parallel runs do not clash.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import build_site
from formula_data import DEPT_NAME, LINK, NOTE, QUOTES, REPORT, TITLE, poisoned_data

from genhe_plan.cli import main
from genhe_plan.progress.worksheet import XLSX_NAME

INSTALL = "sudo apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui"
CSV_IN = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
"""Import: comma, double quote, UTF-8, from line 1, standard cells, …, token 13 true: evaluate formulas."""
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
"""Export: UTF-8, token 9 true: the cells as shown (a formula's result); token 12 -1: every sheet."""
CONTROL = [LINK, "=1+1"]
RAN = ["y", "2"]


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory) -> Path:
    """root/site built from root/plan_data (poisoned); root/ws the worksheet of the poisoned report."""
    root = tmp_path_factory.mktemp("formula-site")
    data = poisoned_data(root / "plan_data")
    done = build_site(root / "site", data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert main(["--data", str(data), "worksheet", "--out", str(root / "ws"), "--report", REPORT]) == 0
    return root


def shown(files: list[Path], out: Path, profile: Path, csv_input: bool) -> dict[str, list[list[str]]]:
    """{converted file name: rows as LibreOffice shows them}; an XLSX gives one file per sheet."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail(f"LibreOffice (soffice) is missing; install it with: {INSTALL}  (make test does: scripts/ensure_office.sh)")
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    cmd += [f"--infilter={CSV_IN}"] if csv_input else []
    done = subprocess.run([*cmd, "--convert-to", CSV_OUT, "--outdir", str(out), *map(str, files)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
    converted = sorted(out.glob("*.csv"))
    assert len(converted) >= len(files), (done.stdout.decode(), done.stderr.decode())
    return {p.name: list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"), newline=""))) for p in converted}


def controls(folder: Path) -> list[Path]:
    """The control texts written without the rule, as a CSV and as an XLSX."""
    from openpyxl import Workbook

    folder.mkdir()
    out = io.StringIO(newline="")
    csv.writer(out).writerow(CONTROL)
    (folder / "control.csv").write_text(out.getvalue(), encoding="utf-8")
    wb = Workbook()
    wb.active.title = "control"
    wb.active.append(CONTROL)
    wb.save(folder / "control.xlsx")
    return [folder / "control.csv", folder / "control.xlsx"]


def cells_of(converted: dict[str, list[list[str]]], stem: str) -> list[str]:
    return [v for name, rows in converted.items() if name.startswith(stem) for row in rows for v in row]


def test_libreoffice_shows_every_formula_text_as_text(formula_site, tmp_path):
    site, ws = formula_site / "site" / "data", formula_site / "ws"
    control_csv, control_xlsx = controls(tmp_path / "control")
    texts = shown(
        [site / "progress.csv", site / "departments.csv", site / "indicators.csv", *sorted(ws.glob("*.csv")), control_csv],
        tmp_path / "from-csv",
        tmp_path / "profile",
        csv_input=True,
    )
    books = shown([site / "根河规划数据.xlsx", ws / XLSX_NAME, control_xlsx], tmp_path / "from-xlsx", tmp_path / "profile", csv_input=False)
    assert cells_of(texts, "control") == RAN and cells_of(books, "control") == RAN  # these settings do run formulas

    by_file = {
        "progress": [*QUOTES.values(), NOTE[1], TITLE],
        "指标清单": [QUOTES["ind-16"], QUOTES["ind-03"]],
        "任务清单": [QUOTES["t09-7-02"]],
        "项目清单": [QUOTES["kp-02-1"], NOTE[1]],
        "报告信息": [TITLE],
        "departments": [DEPT_NAME],
    }
    for stem, expected in by_file.items():  # CSV: the apostrophe, then the text
        here = set(cells_of(texts, stem))
        assert {t: "'" + t in here for t in expected} == dict.fromkeys(expected, True), stem
    assert {"---", "-----"} <= set(cells_of(texts, "indicators"))  # the plan's dash notation, shown as written

    workbook = set(cells_of(books, XLSX_NAME.removesuffix(".xlsx")))  # XLSX: the text itself
    assert {t: t in workbook for t in by_file["progress"]} == dict.fromkeys(by_file["progress"], True)
    people = set(cells_of(books, "根河规划数据"))
    assert DEPT_NAME in people and {"---", "-----"} <= people
