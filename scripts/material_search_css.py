"""Write overrides/zensical/assets/material-search.css: the rules of Material for MkDocs' stylesheet
that style its search dialog (every rule whose selector names ``md-search``, inside the same @media
blocks), taken from the installed mkdocs-material. Why: the site's header search keeps Material's
search markup (overrides/partials/search.html); Zensical's classic look styles only its own search
button, so the Zensical build ships these rules (engines.zensical). tests/test_engines.py checks the
file still equals what this script writes.

    .venv/bin/python scripts/material_search_css.py
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "overrides" / "zensical" / "assets" / "material-search.css"
WANTED = re.compile(r"md-search")


def blocks(css: str):
    """(prelude, body) of each top-level block; body is the text inside the braces."""
    i = 0
    while True:
        open_ = css.find("{", i)
        if open_ < 0:
            return
        depth, j = 1, open_ + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        yield css[i:open_].strip(), css[open_ + 1 : j - 1]
        i = j


def search_rules(css: str) -> str:
    """The rules of ``css`` whose selector names md-search, nested @media/@supports kept."""
    out = []
    for prelude, body in blocks(css):
        if prelude.startswith(("@media", "@supports")):
            inner = search_rules(body)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif not prelude.startswith("@") and WANTED.search(prelude):
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def material_css() -> tuple[str, str]:
    import material

    sheets = sorted((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))
    css = re.sub(r"/\*.*?\*/", "", sheets[0].read_text(encoding="utf-8"), flags=re.S)
    return css.removeprefix('@charset "UTF-8";'), sheets[0].name


ZENSICAL_FIX = """/* Zensical's classic look hides .md-search on narrow screens (its search opens from a button);
   Material keeps it, and opens its dialog from the header's search icon (the __search toggle). */
@media screen and (max-width:59.984375em){.md-search{display:block}}
"""


def generated() -> str:
    css, name = material_css()
    head = (
        f"/* Material for MkDocs {version('mkdocs-material')} ({name}): its search dialog rules, for the site's header search\n"
        "   under Zensical (scripts/material_search_css.py writes this file). Copyright (c) 2016-2025 Martin Donath;\n"
        "   MIT licence: https://github.com/squidfunk/mkdocs-material/blob/master/LICENSE */\n"
    )
    return head + search_rules(css).replace("}", "}\n") + ZENSICAL_FIX


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(generated(), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)
