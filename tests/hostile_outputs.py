"""Readers for every kind of file the site generates, and the check that hostile text came through
them exactly (used by test_hostile_outputs.py).

``strings_of(path, content)`` reads one generated file with the real parser for its kind — an XML
parser for Atom, networkx for GraphML, icalendar, csv, openpyxl, json, sqlite3, an HTML tokenizer
(after Python-Markdown for the generated Markdown pages) — and returns every text it holds, as that
parser sees it. ``garbled(strings)`` names each place where the hostile text is not exactly itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import markdown
import networkx as nx
import openpyxl
import yaml

# Markup (<&"'), a CDATA end, the characters CSV and iCalendar escape, then zero-width and
# right-to-left characters. The rare CJK characters 㐀… mark its parts, so a cut or an escape
# left visible is seen wherever the text lands.
MARKUP = "㐀<&\"'㐁]]>㐂,;\\㐃"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff㐄\u202e㐅\u202c\u200f\u061c㐆"
HOSTILE = MARKUP + INVISIBLE
START = HOSTILE[0]
MARKERS = "㐁㐂㐃㐄㐅㐆"
_ANY = re.compile(f"[{START}{MARKERS}]")

# The extensions Python-Markdown needs to read the generated pages as MkDocs does (tables, HTML blocks
# with Markdown inside, attribute lists for anchors).
MD_EXTENSIONS = ["tables", "attr_list", "md_in_html", "def_list", "footnotes", "admonition"]


class _Texts(HTMLParser):
    """Every text and attribute value of an HTML document, with character references resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        # Why not the download attribute: it suggests a file name, from which quotes are dropped on purpose.
        self.out.append(f"<{tag}")
        for name, value in attrs:  # "@name", then its value
            self.out += [f"@{name}"] + ([value] if value and name != "download" else [])

    def handle_data(self, data):
        self.out.append(data)


def html_ids(strings: list[str]) -> set[str]:
    """The element ids among ``html_strings``' output."""
    return {strings[i + 1] for i, s in enumerate(strings[:-1]) if s == "@id"}


def html_strings(text: str) -> list[str]:
    parser = _Texts()
    parser.feed(text)
    parser.close()
    return parser.out


def json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*json_strings(k), *json_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def xml_strings(content: bytes) -> list[str]:
    """Texts and attribute values; an element of ``type="html"`` (Atom's escaped HTML) is read as HTML."""
    root = ET.fromstring(content)
    out = []
    for e in root.iter():
        html_text = e.get("type") == "html" and e.text
        out += [s for s in [e.tail, *e.attrib.values()] if s] + (html_strings(e.text) if html_text else [e.text] if e.text else [])
    return out


def graphml_strings(content: bytes) -> list[str]:
    G = nx.read_graphml(io.BytesIO(content))
    out = [str(n) for n in G.nodes] + [str(v) for _, data in G.nodes(data=True) for v in data.values()]
    return out + [str(v) for *_, data in G.edges(data=True) for v in data.values()] + [str(v) for v in G.graph.values()]


def ics_strings(content: bytes) -> list[str]:
    """Property values as a calendar shows them; an X- property (X-WR-CALNAME, the calendar's name)
    is TEXT by convention, so its escapes are read as TEXT's."""
    cal = icalendar.Calendar.from_ical(content)
    values = [value for component in cal.walk() for value in component.values()]
    return [_text_unescaped(str(v)) if isinstance(v, icalendar.vUnknown) else str(v) for v in values]


def _text_unescaped(value: str) -> str:
    """TEXT's backslash escapes read back (RFC 5545 §3.3.11); icalendar leaves X- properties as written."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def csv_strings(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]


def xlsx_strings(content: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def sqlite_strings(content: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.sqlite"
        path.write_bytes(content)
        db = sqlite3.connect(path)
        try:
            tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'")]
            return [v for t in tables for row in db.execute(f'SELECT * FROM "{t}"') for v in row if isinstance(v, str)]
        finally:
            db.close()


def zip_strings(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert z.testzip() is None
        return [s for name in z.namelist() if name.endswith(".yaml") for s in json_strings(yaml.safe_load(z.read(name)))]


_JS_DATA = re.compile(r'window\.\w+(?:\["[^"]*"\])?\s*=\s*([\[{].*?);?\s*$', re.S)
_JS_CALL = re.compile(r"^\w+\((.*)\);?\s*$", re.S)


def js_strings(content: bytes) -> list[str]:
    """A data script (its last statement ``window.NAME = JSON;``) read as JSON; a script of code holds no data."""
    text = content.decode("utf-8")
    m = _JS_DATA.search(text)
    if m:
        return json_strings(json.loads(m[1]))
    m = _JS_CALL.match(text)  # the search index's shards: genheSearchLoad("p", 13, {…})
    if m:
        return json_strings(json.loads(f"[{m[1]}]"))
    assert START not in text, "a script of code holds plan text"
    return []


READERS = {
    ".xml": xml_strings,
    ".graphml": graphml_strings,
    ".ics": ics_strings,
    ".csv": csv_strings,
    ".xlsx": xlsx_strings,
    ".sqlite": sqlite_strings,
    ".json": lambda c: json_strings(json.loads(c)),
    ".html": lambda c: html_strings(c.decode("utf-8")),
    ".md": lambda c: html_strings(markdown.markdown(c.decode("utf-8"), extensions=MD_EXTENSIONS)),
    ".zip": zip_strings,
    ".js": js_strings,
    ".txt": lambda c: c.decode("utf-8").splitlines(),
    ".docx": lambda c: zip_xml_strings(c),
    ".css": lambda c: [c.decode("utf-8")],
}


def zip_xml_strings(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return [s for name in z.namelist() if name.endswith(".xml") for s in xml_strings(z.read(name))]


NORMALISED = ("search/",)
"""Files holding text in its search form (search/normalise.py: lower case, zero-width spaces dropped)
and cut into n-grams: read by their parser, but the text is not expected to be itself there."""


def strings_of(path: str, content: str | bytes) -> list[str]:
    """Every text of one generated file, read by the parser for its kind (KeyError: no reader yet)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return READERS[Path(path).suffix](data)


def garbled(strings: list[str]) -> list[str]:
    """Each place where the hostile text is not itself: escaped twice, cut by markup, a quote or escape
    character lost or left visible. From its first character on, a string holds the whole text or, cut
    (a shortened label), its beginning up to the string's end or a "…"; each later marker 㐁… stands
    after exactly the text that precedes it (so a piece split off by a broken quote is seen too)."""
    return [repr(s[:160]) for s in strings if _ANY.search(s) and _garbled(s)]


def _garbled(s: str) -> bool:
    for m in re.finditer(re.escape(START), s):
        rest = s[m.start() :]
        shown = rest.split("…")[0]
        if not rest.startswith(HOSTILE) and not (HOSTILE.startswith(shown) and (shown == rest or rest[len(shown)] == "…")):
            return True
    markers = ((i, c) for i, c in enumerate(HOSTILE) if c in MARKERS)
    return any(s[max(0, m.start() - i) : m.start()] != HOSTILE[:i] for i, c in markers for m in re.finditer(c, s))
