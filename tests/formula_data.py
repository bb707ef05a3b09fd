"""Texts a spreadsheet would run as formulas, and a copy of plan_data carrying them where an official
or a report could put them: report quotes, a note, a report title, a department name. Used by
test_formula_cells.py (the writers, read back with csv and openpyxl) and test_formula_office.py (the
published files and the worksheet opened in LibreOffice).

The expectations here are written out by hand from the OWASP rule (a leading apostrophe in CSV; the
text unchanged in a string cell in XLSX), not computed with genhe_plan's own function.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import data_with_reports

LINK = '=HYPERLINK("http://x","y")'
HOSTILE = [LINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
"""Every first character OWASP lists: = + - @ TAB CR."""
LEGIT = ["-3.5", "-", "—", "---", "+2", "1e-05", "根河市", "'引号开头", ""]
"""Left as they are: numbers, the plan's dash notation, ordinary text (one beginning with an apostrophe)."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

REPORT = "rp-2023-mid"
QUOTES = {"ind-16": LINK, "ind-03": "+1+1", "t09-7-02": "@SUM(A1)", "kp-02-1": "-2+3"}
"""Report entry → its quote (报告原话) in the poisoned report; ind-16 and ind-03 are indicators, t09-7-02 a task
and kp-02-1 a project, so every list of the worksheet carries one."""
NOTE = ("kp-02-1", "=1+1")
TITLE = '=HYPERLINK("http://t","t")测试用虚构中期评估报告'
DEPT = "eco"
DEPT_NAME = "@SUM(A1)生态环境部门"


def poison(data: Path) -> Path:
    """Write the formula texts into the copy of plan_data at ``data`` (made with the fixture reports)."""
    f = data / "progress" / f"{REPORT}.yaml"
    report = yaml.safe_load(f.read_text(encoding="utf-8"))
    report["title"] = TITLE
    for e in report["entries"]:
        e["evidence"] = QUOTES.get(e["item"], e["evidence"])
        if e["item"] == NOTE[0]:
            e["note"] = NOTE[1]
    assert {e["item"] for e in report["entries"]} >= set(QUOTES), "the fixture report changed: update QUOTES"
    f.write_text(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), encoding="utf-8")
    f = data / "departments.yaml"
    depts = yaml.safe_load(f.read_text(encoding="utf-8"))
    next(d for d in depts["departments"] if d["id"] == DEPT)["name"] = DEPT_NAME
    f.write_text(yaml.safe_dump(depts, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    return data


def poisoned_data(target: Path) -> Path:
    """A copy of plan_data with the fixture reports, poisoned."""
    return poison(data_with_reports(target))


def starts_like_formula(text: str) -> bool:
    """What a spreadsheet would run: a text beginning with one of FORMULA_START that is neither a plain
    number nor dashes only (written independently of genhe_plan.export.cells)."""
    if not text.startswith(FORMULA_START) or set(text) == {"-"}:
        return False
    try:
        float(text)
    except ValueError:
        return True
    return text.lower().lstrip("+-") in ("inf", "nan", "infinity")
