"""One hostile plan through every writer, each output read back by its real parser (fast tier).

The plan (a throwaway repository, tests/history_repo.py's helpers) holds ``HOSTILE`` — ``<&"'``,
``]]>``, CSV and iCalendar specials, zero-width and right-to-left characters — in a department's name
and remit, a place's name, a target's metric, a finding, an indicator's reconstruction, the plan's
short title and summary, a lead's reason and a progress report's title, issuer, evidence and note;
its second commit (renaming the department, so the feeds have an entry for it) has the same text in
its message. Every file of every build step (``site.STEPS``: pages, feeds, API, embeds and oEmbed,
downloads, graph, search) is made in-process, without MkDocs, and read back (tests/hostile_outputs.py).

Each check is shown to fail on the bug it guards against (the review's planted bugs): a feed written
without escaping, a URL rule broken for any one record type, any one download garbled, a file a step
names but does not make.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import posixpath
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA
from history_repo import commit_all, git
from hostile_outputs import HOSTILE, NORMALISED, garbled, html_ids, strings_of

from genhe_plan import site
from genhe_plan.export import TABLES, export_paths
from genhe_plan.export import api as api_module
from genhe_plan.export.cells import csv_cell
from genhe_plan.pages import feed as feed_module
from genhe_plan.present import urls

EPOCH = "1715040000"  # 2024-05-07: the data date of every output
DEPT, PLACE, REPORT = "eco", "manggui", "rp-2022-annual"


def _edit(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def _poison_chapter(data) -> None:
    paragraphs = [*data.get("paragraphs", []), *(p for s in data.get("sections", []) for p in s["paragraphs"])]
    lead = next(p["lead"] for p in paragraphs if (p.get("lead") or {}).get("basis") == "assigned")
    lead["reason"] = "按职责" + HOSTILE


def poison(data) -> None:
    """HOSTILE into every free-text field that is not checked against the source."""
    first = lambda rows, key, value: next(r for r in rows if r[key] == value)  # noqa: E731
    _edit(data / "departments.yaml", lambda d: first(d["departments"], "id", DEPT).update(name="生态环境部门" + HOSTILE, remit=HOSTILE))
    _edit(data / "places.yaml", lambda d: first(d["places"], "id", PLACE).update(name="满归镇" + HOSTILE))
    _edit(data / "targets.yaml", lambda d: next(t for t in d["targets"] if t.get("deadline")).update(metric="目标" + HOSTILE))
    _edit(data / "conflicts.yaml", lambda d: d["conflicts"][0].update(summary=HOSTILE, metric="度量" + HOSTILE))
    _edit(data / "indicators.yaml", lambda d: first(d["indicators"], "id", "ind-16").update(reconstruction=HOSTILE))
    _edit(data / "plan.yaml", lambda d: d.update(short_title="根河规划" + HOSTILE, summary=[HOSTILE, *d["summary"][1:]]))
    _edit(data / "chapters" / "ch05.yaml", _poison_chapter)
    report = data / "progress" / f"{REPORT}.yaml"
    _edit(report, lambda d: d.update(title="报告" + HOSTILE, issuer="单位" + HOSTILE))
    _edit(report, lambda d: d["entries"][0].update(evidence="原话" + HOSTILE, note=HOSTILE))


@pytest.fixture(scope="module")
def hostile_build(slow, tmp_path_factory):
    """(plan, {site path: content} of every build step) of the hostile plan, at the data date EPOCH."""
    repo = tmp_path_factory.mktemp("hostile-outputs") / "repo"
    data = repo / "plan_data"
    shutil.copytree(DATA, data)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "数据初稿", "2024-01-02T09:00:00+08:00")
    shutil.copy(Path(__file__).resolve().parent / "fixtures" / "progress" / f"{REPORT}.yaml", data / "progress")
    poison(data)
    commit_all(repo, HOSTILE + "\n\n" + HOSTILE, "2024-05-06T16:00:00+08:00")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        inputs = site.Inputs(data)
        plan = inputs.plan
        made = {step.name: step.make(inputs) for step in site.STEPS if step is not site.OUTLINE}
    return plan, made, data


@pytest.fixture(autouse=True)
def _at_the_data_date(monkeypatch):
    """Every writer a test calls again runs at the build's data date (states depend on it)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def outputs(hostile_build) -> dict[str, str | bytes]:
    return {path: content for files in hostile_build[1].values() for path, content in files.items()}


def read_back(files: dict) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """({path: its texts}, {path: what is wrong}) — wrong: its parser fails, or its hostile text is not itself."""
    texts, bad = {}, {}
    for path, content in files.items():
        try:
            texts[path] = strings_of(path, content)
            problems = [] if path.startswith(NORMALISED) else garbled(texts[path])
        except KeyError:
            problems = ["no reader for this kind of file: add one to tests/hostile_outputs.py"]
        except Exception as err:  # noqa: BLE001 — any parser's error is the finding
            problems = [f"{type(err).__name__}: {err}"[:300]]
        if problems:
            bad[path] = problems
    return texts, bad


@pytest.fixture(scope="module")
def read(outputs) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    return read_back(outputs)


def test_every_output_reads_back_with_the_hostile_text_intact(outputs, read):
    assert len(outputs) > 900
    assert read[1] == {}


# Where the text must arrive, one file of each kind and writer at least (a writer that drops it, or a
# reader that misses it, fails here rather than passing the check above with nothing to check).
MUST_HOLD = [
    "feed.xml",
    f"departments/{DEPT}/feed.xml",
    "data/graph.graphml",
    "data/deadlines.ics",
    "data/departments.csv",
    "data/targets.csv",
    "data/links.csv",
    "data/plan-issues.csv",
    "data/progress.csv",
    "catalogue.csv",
    "data/plan.json",
    "data/plan.sqlite",
    "data/plan-data.zip",
    f"api/departments/{DEPT}.json",
    "api/departments/index.json",
    f"api/places/{PLACE}.json",
    f"api/reports/{REPORT}.json",
    urls.department(DEPT),
    urls.PLACES,
    urls.CONFLICTS,
    "assets/graph/graph-data.js",
]


@pytest.mark.parametrize("path", MUST_HOLD)
def test_the_hostile_text_arrives_whole(read, path):
    assert path in read[0], sorted(p for p in read[0] if p.startswith(path.split("/")[0]))[:20]
    assert any(HOSTILE in s for s in read[0][path]), path


def test_the_hostile_text_arrives_in_the_workbooks_embeds_and_oembed(read):
    kinds = {".xlsx": "data/", ".docx": "data/evaluation/", "index.html": "embed/", "oembed.json": "embed/"}
    for ending, prefix in kinds.items():
        found = [p for p in read[0] if p.startswith(prefix) and p.endswith(ending)]
        assert found and any(HOSTILE in s for p in found for s in read[0][p]), ending


# ------------------------------------------------------------------ the API's URL rule, for every type
def url_problems(files: dict, pages: dict[str, list[str]]) -> list[str]:
    """Each API index entry whose url is not a generated page carrying the record's anchor, does not
    name the record, or whose record file is missing. ``pages``: {docs path: the page's texts (``read_back``)}."""
    page_of = {urls.html_path(uri): uri for uri in pages}
    problems = []
    for t in api_module.TYPES:
        records = json.loads(files[api_module.type_index_path(t)])["records"]
        if not records:
            problems.append(f"{t.name}: no records, the rule is not checked")
        index = api_module.type_index_path(t)
        for r in records:
            path, _, anchor = r["url"].partition("#")
            path = posixpath.normpath(posixpath.join(posixpath.dirname(index), path)) + "/"  # relative to the index file
            uri = page_of.get(path)
            if uri is None:
                problems.append(f"{t.name}/{r['id']}: {r['url']} is no page")
            elif anchor and anchor not in html_ids(pages[uri]):
                problems.append(f"{t.name}/{r['id']}: {uri} has no anchor {anchor}")
            record_file = f"api/{t.name}/{r['path']}"
            if record_file not in files:
                problems.append(f"{t.name}/{r['id']}: no record file")
                continue
            # The url names the record: its page or its anchor is the record's id (a target, which has no
            # place of its own, is shown at the task or project it belongs to).
            record = json.loads(files[record_file])
            named = {r["id"], record.get("task"), record.get("project")} if t.name == "targets" else {r["id"]}
            if path.rstrip("/").rsplit("/", 1)[-1] not in named and anchor not in named:
                problems.append(f"{t.name}/{r['id']}: {r['url']} does not name the record")
    return problems


def _pages(made: dict, read) -> dict[str, list[str]]:
    return {uri: read[0][uri] for uri in made["pages"] if uri.endswith(".md")}


def test_every_record_of_every_type_has_its_page_and_anchor(hostile_build, read):
    _, made, _ = hostile_build
    assert url_problems(made["api"], _pages(made, read)) == []


@pytest.mark.parametrize("broken", [t.name for t in api_module.TYPES])
def test_a_url_rule_broken_for_any_one_type_is_caught(hostile_build, read, monkeypatch, broken):
    plan, made, _ = hostile_build
    pages = _pages(made, read)
    types = [dataclasses.replace(t, page=lambda p, r: urls.SEARCH + f"#{r.id}") if t.name == broken else t for t in api_module.TYPES]
    monkeypatch.setattr(api_module, "TYPES", types)
    problems = url_problems(api_module.api_files(plan), pages)
    assert problems and all(p.startswith(f"{broken}/") for p in problems), problems[:3]


# ------------------------------------------------------------------ the planted bugs
def test_a_feed_written_without_escaping_is_caught(hostile_build, monkeypatch):
    plan, _, _ = hostile_build
    monkeypatch.setattr(feed_module, "escape", lambda text: feed_module.printable(text))
    _, bad = read_back(feed_module.feed_files(plan))
    assert "feed.xml" in bad and f"departments/{DEPT}/feed.xml" in bad, sorted(bad)


def table_problems(plan, path: str, content: bytes) -> list[str]:
    """A CSV download read back is not exactly its table's rows (``export.tables``: header and cells)."""
    table = next((t for t in TABLES if t.path == path), None)
    if table is None:
        return []
    expected = [[c.name for c in table.columns]] + [[str(csv_cell(v)) for v in row] for row in table.rows(plan)]
    got = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return (
        []
        if got == expected
        else [f"{path}: {len(got)} rows read back, {len(expected)} expected, first differing: {_first_diff(got, expected)}"]
    )


def _first_diff(got: list, expected: list) -> str:
    return next((f"row {i}" for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b), "the row count")


def test_every_table_reads_back_to_its_rows(hostile_build):
    plan, made, _ = hostile_build
    assert [p for t in TABLES for p in table_problems(plan, t.path, made["downloads"][t.path])] == []


@pytest.mark.parametrize("path", export_paths())
def test_any_one_download_garbled_is_caught(hostile_build, path):
    """Each download with the hostile text's second marker cut out (or, where it has none or is
    compressed, cut in half) no longer reads back, or no longer reads back to its rows."""
    plan, made, _ = hostile_build
    content = made["downloads"][path]
    marker = "㐁".encode()
    bad = content.replace(marker, b"", 1) if marker in content else content[: len(content) // 2]
    assert bad != content
    assert read_back({path: bad})[1] != {} or table_problems(plan, path, bad) != [], path
