"""XML text for the files the site writes by hand (GraphML, the Atom feeds).

Why not xml.sax.saxutils: importing it imports urllib.request (~30 ms of every build). ``quoteattr``
always writes a double-quoted value (saxutils switches to single quotes when the value holds a '"').
"""

from __future__ import annotations


def escape(text: str) -> str:
    """XML character data: &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value (newlines and tabs as references, as saxutils does)."""
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'
