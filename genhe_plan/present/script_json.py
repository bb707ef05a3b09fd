"""Data written into a script: the one JSON-in-script escaper of the site.

In: any JSON-able value. Out: compact JSON text (sorted keys, UTF-8 characters kept) that can stand
anywhere inside a ``<script>`` element or a ``.js`` file — a JSON island
(``<script type="application/json">``), the graph data files (``window.GENHE_GRAPH = …;``) and the
search index files (``genheSearchLoad(…);``) all use it.

Why these characters: ``<`` could start ``</script>`` or ``<!--`` (which changes how the HTML parser
looks for the end of the script), ``>`` and ``&`` are escaped too so the text is also inert if it is
ever pasted into an HTML or XML context, and U+2028/U+2029 end a line in older JavaScript engines.
Each becomes a JSON ``\\uXXXX`` escape, so ``json.loads`` and ``JSON.parse`` read the same value back.
"""

from __future__ import annotations

import json

ESCAPED = "<>&\u2028\u2029"
_TABLE = {ord(ch): f"\\u{ord(ch):04x}" for ch in ESCAPED}


def script_json(data: object) -> str:
    """``data`` as JSON that no value in it can break out of the script element it is written into."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(_TABLE)
