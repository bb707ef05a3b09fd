"""Escaping and HTML fragments: every piece of data that lands in a page goes through here.

``md()`` makes data safe as Markdown inline text, ``attr()`` as an HTML attribute value, ``link()``
writes a Markdown link between docs paths (MkDocs rewrites it for directory URLs and the offline
build; ``--strict`` catches any that break), ``json_script()`` a JSON island, and ``render()`` a Jinja2
template from ``pages/templates`` with autoescape on — the way every non-Markdown HTML block (graph
views, legends, the task finder's form, badges) is written.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import jinja2

from ..present import urls
from ..present.script_json import script_json

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: object) -> str:
    """Data text → safe Markdown inline text: HTML escaped, Markdown specials backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")


def attr(text: object) -> str:
    return html.escape(str(text), quote=True)


def link(page: str, target: str, text: str) -> str:
    """Markdown link from page ``page`` to ``target`` (a docs path, maybe with #anchor)."""
    return f"[{md(text)}]({urls.rel(page, target)})"


def stacked_table(head: list[str], rows: list[str]) -> list[str]:
    """A Markdown table (``head``: the column names; ``rows``: its "| … |" lines) that a phone shows one
    block per row, each cell after its column's name (div.stack-table: a11y.js labels the cells,
    site.css stacks them; without script the table scrolls sideways)."""
    return ['<div class="stack-table" markdown>', "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head), *rows, "", "</div>"]


def json_script(element_id: str, data: object) -> str:
    """A JSON island safe inside HTML (``present.script_json``: no data can close the script)."""
    return f'<script type="application/json" id="{element_id}">{script_json(data)}</script>'


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("genhe_plan.pages", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(template: str, **context: object) -> str:
    """A template from pages/templates rendered with autoescape (data is escaped unless wrapped in
    ``markupsafe.Markup`` by the caller, which then vouches that it is already safe HTML).

    Why the memo: small fragments (badges, status marks) are rendered a thousand times per build with
    a handful of distinct arguments; templates are pure functions of their context."""
    try:
        # the type is part of the key: Markup("<b>") == "<b>", but only the first may pass unescaped
        return _render_memo(template, tuple(sorted((k, type(v), v) for k, v in context.items())))
    except TypeError:  # an unhashable value (a list of options): render directly
        return _env().get_template(template).render(**context)


@lru_cache(maxsize=8192)
def _render_memo(template: str, context: tuple) -> str:
    return _env().get_template(template).render(**{k: v for k, _, v in context})
