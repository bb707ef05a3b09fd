"""XLSX helpers shared by the workbooks (export.people, progress.worksheet): a sheet of rows under a
header (no text written as a formula: ``cells.append_row``), column widths that fit Chinese text, and
the saved workbook as a byte-stable archive.

Why the bytes are rewritten: openpyxl stamps the save time into docProps/core.xml and every zip entry;
``fixed_zip`` sets the entry dates to 1980-01-01 and the document dates to the build date.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile

from .cells import append_row


def display_width(text: str) -> int:
    """Columns a text needs: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def fixed_zip(data: bytes, stamp: datetime.datetime) -> bytes:
    """The same archive with fixed entry dates and the build date as created/modified time."""
    out = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE.sub(rb"\g<1>" + iso + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content, compresslevel=9)
    return out.getvalue()


def table_sheet(wb, name: str, header: list[str], rows: list[list[object]], freeze: str):
    """A new sheet ``name`` of workbook ``wb``: the header, then the rows; panes frozen at ``freeze``
    ("A2": the header row; "B2": also the first column). Every row goes through ``cells.append_row``:
    no text becomes a formula."""
    ws = wb.create_sheet(name)
    append_row(ws, header)
    for row in rows:
        append_row(ws, row)
    ws.freeze_panes = freeze
    return ws


def workbook_bytes(wb, day: datetime.date) -> bytes:
    """Workbook ``wb`` saved: creator genhe_plan, created on ``day`` (the data date), fixed archive."""
    stamp = datetime.datetime.combine(day, datetime.time())
    wb.properties.creator = "genhe_plan"
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue(), stamp)
