"""Spreadsheet cells that cannot carry formulas: the one rule every CSV and XLSX the tool writes follows.

Excel, WPS and LibreOffice read a cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (CSV injection, also called formula injection: a report quote beginning
with ``=HYPERLINK(…)`` would become a live link in whoever opens data/progress.csv). Following the
OWASP guidance on CSV injection, such a text cell is neutralised where it is written:

- CSV (``csv_bytes``; every published table and the worksheet CSVs): the cell gets a leading
  apostrophe ``'`` (OWASP's remedy); the csv module quotes the field when it needs quoting. The text
  after the apostrophe is the plan's, unchanged. ``csv_text`` takes exactly that apostrophe off again
  (the worksheet import reads CSVs through it), so a worksheet written, filled and read back yields the
  same text.
- XLSX (``append_row``; the people's workbook and 进展填报表.xlsx): the cell keeps its text unchanged and
  is written as a string cell (``t="inlineStr"``, never ``<f>``: openpyxl would otherwise write any text
  beginning with ``=`` as a formula) with the quotePrefix style, Excel's own mark of a typed leading
  apostrophe. Why both: the string type keeps the cell from being a formula when the file is opened;
  quotePrefix keeps it text when someone edits the cell and presses Enter, and shows the visible text
  unchanged (an apostrophe in the value would show).

Left alone, because no spreadsheet runs them and the plan uses them: numbers (int/float values, and
texts that are a plain decimal number such as ``-3.5`` or ``+2``) and dash-only notation (``-``,
``---``; ``—`` begins with no such character anyway).

Why a text already beginning with apostrophes before such a character gets one more: ``csv_text`` can
then always remove exactly one, and ``csv_text(csv_cell(x)) == x`` for every text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

BOM = b"\xef\xbb\xbf"
FORMULA_START = "=+-@\t\r"
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""
_LEADING = re.compile(r"('*)[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DASHES = re.compile(r"-+")


def formula_like(value: object) -> bool:
    """A text a spreadsheet would read as a formula: it begins with one of FORMULA_START (numbers and
    dash-only notation excepted)."""
    return isinstance(value, str) and value.startswith(tuple(FORMULA_START)) and not (_NUMBER.fullmatch(value) or _DASHES.fullmatch(value))


def csv_cell(value: object) -> object:
    """The value as a CSV cell: None → "", a formula-like text (or one already beginning with
    apostrophes before a formula character) → with a leading apostrophe; anything else unchanged."""
    if value is None:
        return ""
    if isinstance(value, str):
        m = _LEADING.match(value)
        if m and (m.group(1) or formula_like(value)):
            return "'" + value
    return value


def csv_text(text: str) -> str:
    """A CSV cell's text without the apostrophe ``csv_cell`` put before it (the inverse: a leading
    apostrophe is taken off only when more apostrophes or a formula character follow)."""
    return text[1:] if text.startswith("'") and _LEADING.match(text, 1) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """UTF-8 with BOM, CRLF (the csv module's line end), fields quoted only when needed; every cell
    through ``csv_cell``. Why the BOM: Excel and WPS detect UTF-8 only when the file starts with one."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([csv_cell(v) for v in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return BOM + out.getvalue().encode("utf-8")


def append_row(ws, row: Iterable[object]) -> None:
    """Append ``row`` to the openpyxl worksheet ``ws``; a formula-like text stays a string cell with
    the quotePrefix style (see the module doc), never a formula."""
    values = list(row)
    ws.append(values)
    for column, value in enumerate(values, 1):
        if formula_like(value):
            cell = ws.cell(ws.max_row, column)
            cell.data_type = "s"
            cell.quotePrefix = True


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def plain_number(value: object) -> int | float | None:
    """The number a text states when it is nothing but a number as the plan writes one: ``91.75`` →
    91.75, ``100`` → 100, ``1,500`` → 1500 (thousands grouped with commas), ``-3.5`` → -3.5; an int or
    float as it is; anything else (``≥25``, ``——``, ``7—10``, ``完成上级目标任务``, ``""``, None) → None.
    Why an int for a text without a decimal point: ``100`` stays ``100`` in JSON and in a spreadsheet,
    not ``100.0``. Used where a download gives numbers as numbers (the API, the people's workbook)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if not isinstance(value, str) or not _PLAIN_NUMBER.fullmatch(value):
        return None
    text = value.replace(",", "")
    return float(text) if "." in text else int(text)
