"""Data written into scripts (present/script_json.py): hostile text in the plan cannot end the script it
sits in, in any output that writes data into a script — the task finder's JSON island, the graph's data
files and the search index files — and JavaScript reads back exactly the text the plan holds."""

from __future__ import annotations

import copy
import json
import subprocess
from html.parser import HTMLParser

import pytest

from genhe_plan import graph, pages
from genhe_plan.graph import draw
from genhe_plan.present import urls
from genhe_plan.present.script_json import ESCAPED, script_json
from genhe_plan.search import search_files

# Each one ends or confuses a script element, or a JavaScript line, if written as it is.
BREAKOUTS = [
    "</script><script>alert(1)</script>",
    "</SCRIPT >alert(2)",
    "<!--<script>alert(3)",
    "-->]]><![CDATA[",
    "a\u2028b\u2029c",
    "&lt;/script&gt;&amp;",
    "<\\/script>\\u003c/script>",
    "\"');alert(4);//",
    "\x00\x1f\x7f",
]


class _Scripts(HTMLParser):
    """Records each script element's text and the tags after it, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


def script_element_holds(text: str) -> bool:
    """``text`` inside <script>…</script> followed by a marker: one script, exactly ``text``, then the marker."""
    parser = _Scripts()
    parser.feed(f"<script>{text}</script><p id=after></p>")
    parser.close()
    return parser.scripts == [text] and parser.tags == ["script", "p"]


def test_the_escaper_leaves_no_markup_character_and_reads_back():
    for value in [*BREAKOUTS, {"k<&>": BREAKOUTS}, ["\u2028"] * 3]:
        out = script_json(value)
        assert not set(out) & set(ESCAPED), out
        assert json.loads(out) == value
        assert script_element_holds(out)


def test_the_checker_sees_a_breakout():
    """The check below can fail: plain json.dumps of the same data ends the script early."""
    assert not script_element_holds(json.dumps(BREAKOUTS[0], ensure_ascii=False))
    assert not script_element_holds(json.dumps(BREAKOUTS[1], ensure_ascii=False))


@pytest.fixture(scope="module")
def hostile_plan(plan):
    """The plan with a break-out string in task titles and texts, department and place names."""
    edited = copy.deepcopy(plan)
    for i, task in enumerate(edited.tasks[: len(BREAKOUTS)]):
        task.title = BREAKOUTS[i] + task.title
        task.text = task.text + BREAKOUTS[-1 - i]
    for i, dept in enumerate(edited.departments[: len(BREAKOUTS)]):
        dept.name = dept.name + BREAKOUTS[i]
    for i, place in enumerate(edited.places[: len(BREAKOUTS)]):
        place.name = BREAKOUTS[i] + place.name
    return edited


@pytest.fixture(scope="module")
def script_outputs(hostile_plan) -> dict[str, str]:
    """Every generated text that is, or holds, data written into a script."""
    out = {uri: text for uri, text in search_files(hostile_plan).items()}
    files = draw.view_files(hostile_plan, graph.build_graph(hostile_plan))
    out |= {uri: content.decode("utf-8") for uri, content in files.items() if uri.endswith(".js")}
    for uri, page in pages.generate(hostile_plan).items():
        for n, island in enumerate(islands(page)):
            out[f"{uri} island {n}"] = island
    return out


def islands(page: str) -> list[str]:
    """The text of every script element a generated page writes (JSON islands: the pages load their code
    from files), each up to the end tag an HTML parser finds."""
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    return parser.scripts


def test_hostile_plan_text_stays_inside_every_script(script_outputs):
    assert {"search/meta.js", f"{urls.TASKS} island 0"} <= set(script_outputs)
    assert any(uri.startswith("assets/graph/") for uri in script_outputs)
    broken = [uri for uri, text in script_outputs.items() if not script_element_holds(text)]
    assert broken == []
    not_json = [uri for uri, text in script_outputs.items() if " island " in uri and not _is_json(text)]
    assert not_json == [], "a page's script element holds text that is not a whole JSON value (cut short by a </script>?)"
    raw = [uri for uri, text in script_outputs.items() if set(text) & set(ESCAPED) - {">"}]
    assert raw == [], "a script output writes <, & or U+2028/9 unescaped"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def test_a_page_island_written_without_the_escaper_is_caught(hostile_plan):
    """The page check above can fail: an island of plain json.dumps is cut short at the hostile </script>."""
    plain = f'<p>x</p><script type="application/json">{json.dumps([BREAKOUTS[0]], ensure_ascii=False)}</script><p>y</p>'
    found = islands(plain)
    assert found == ['["', "alert(1)"] and not _is_json(found[0])  # the payload became a script of its own


def test_javascript_reads_the_hostile_text_back(hostile_plan, script_outputs):
    """Node evaluates each script as the browser would; the plan's hostile strings come back intact."""
    program = (
        "const vm = require('vm'); const files = JSON.parse(require('fs').readFileSync(0, 'utf8')); const seen = [];"
        "for (const [uri, text] of Object.entries(files)) {"
        "  const ctx = {window: {}, genheSearchLoad: (k, n, d) => seen.push(d)};"
        "  if (uri.includes(' island ')) seen.push(JSON.parse(text)); else { vm.runInNewContext(text, ctx); seen.push(ctx.window); }"
        "}"
        "process.stdout.write(JSON.stringify(seen));"
    )
    done = subprocess.run(["node", "-e", program], input=json.dumps(script_outputs), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    read_back = done.stdout
    for task in hostile_plan.tasks[: len(BREAKOUTS)]:
        assert json.dumps(task.title, ensure_ascii=False)[1:-1] in read_back, task.title
    for dept in hostile_plan.departments[: len(BREAKOUTS)]:
        assert json.dumps(dept.name, ensure_ascii=False)[1:-1] in read_back, dept.name
