"""The <!-- plan:NAME --> markers of hand-written pages in docs/, filled with generated snippets
(``overview.home_snippets``) when the page is rendered."""

from __future__ import annotations

import re

MARKER = re.compile(r"<!--\s*plan:([a-z_]+)\s*-->")


def fill_markers(markdown: str, snippets: dict[str, str]) -> str:
    """Replace <!-- plan:NAME --> in hand-written pages; an unknown NAME is left visible on purpose."""
    return MARKER.sub(lambda m: snippets.get(m[1], m[0]), markdown)
