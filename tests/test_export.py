"""Open-data downloads: CSV that Excel opens, a valid calendar, a reproducible ZIP, JSON that round-trips."""

from __future__ import annotations

import copy
import csv
import datetime
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest

from genhe_plan import export, graph
from genhe_plan.export import ical, package, plan_json
from genhe_plan.export.api import api_files
from genhe_plan.export.tables import Column, Table
from genhe_plan.graph import draw
from genhe_plan.input import schema as S
from genhe_plan.search import search_files
from genhe_plan.search.dictionary import jieba_userdict

DATA = Path(__file__).resolve().parent.parent / "plan_data"
CSVS = ["data/tasks.csv", "data/targets.csv", "data/indicators.csv", "data/departments.csv", "data/links.csv"]
TRICKY = 'a, "quoted" value;\nsecond line, with \\ backslash'


@pytest.fixture(scope="module")
def files(plan) -> dict[str, bytes]:
    return export.export_files(plan, DATA)


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def unfold(ics: bytes) -> list[str]:
    return ics.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


# ------------------------------------------------------------ all files
def test_every_download_is_there_and_identical_across_runs(plan, files):
    expected = {"data/plan.json", "data/schema.json", "data/deadlines.ics", "data/plan-data.zip", "data/datapackage.json", *CSVS}
    expected.add("data/plan-issues.csv")
    expected |= {"data/progress.csv", "data/plan.sqlite", "data/states.csv"}  # progress (issues 11, 17)
    expected.add("data/根河规划数据.xlsx")  # the people's workbook (issue 21)
    assert set(files) == expected
    assert all(isinstance(v, bytes) for v in files.values())
    assert export.export_files(plan, DATA) == files
    assert export.export_paths() == list(files), "the build names these to MkDocs before making them"


def test_output_does_not_depend_on_where_the_data_lives(plan, files, tmp_path):
    copied = tmp_path / "elsewhere"
    shutil.copytree(DATA, copied)
    assert export.export_files(plan, copied) == files


def test_files_can_be_written_and_read_back(files, tmp_path):
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    assert read_csv((tmp_path / "data/tasks.csv").read_bytes())
    assert zipfile.ZipFile(tmp_path / "data/plan-data.zip").testzip() is None


def generated_files(plan) -> dict[str, bytes]:
    """What the build must publish besides pages, straight from the functions that make it: the downloads
    (exports, the graph's files, the search dictionary, the JSON API) and the scripts the graph views and search load."""
    G = graph.graph_of(plan)
    made = export.export_files(plan, DATA) | draw.download_files(G) | draw.view_files(plan, G)
    made |= {"data/jieba_userdict.txt": jieba_userdict(plan), **search_files(plan), **api_files(plan)}
    return {uri: content if isinstance(content, bytes) else content.encode("utf-8") for uri, content in made.items()}


def test_every_built_download_is_byte_for_byte_what_the_export_functions_make(plan, site_dir):
    """The hook, not only the exports, is checked: an empty or stale file in the built site fails here."""
    made = generated_files(plan)
    built = {str(p.relative_to(site_dir)) for p in (site_dir / "data").rglob("*") if p.is_file()} - {"data/index.html"}
    assert built == {uri for uri in made if uri.startswith("data/")}, "the built data/ folder lists other files"
    assert len(made) > len(built) and any(uri.startswith("search/") for uri in made)
    differing = sorted(uri for uri, content in made.items() if (site_dir / uri).read_bytes() != content)
    assert differing == [], "built files differ from what genhe_plan makes (empty, stale or re-encoded)"


# ------------------------------------------------------------ CSV
@pytest.mark.parametrize("name", CSVS)
def test_csv_has_bom_crlf_and_parses(files, name):
    content = files[name]
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.endswith(b"\r\n")
    rows = read_csv(content)
    assert rows, name
    header = content.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    assert all(set(r) == set(header) for r in rows)


def test_every_task_appears_in_tasks_csv_in_plan_order(plan, files):
    rows = read_csv(files["data/tasks.csv"])
    assert [r["id"] for r in rows] == [t.id for t in plan.tasks]
    for task, row in zip(plan.tasks, rows, strict=True):
        where = plan.where[task.id]
        assert row["title"] == task.title and row["text"] == task.text
        assert row["chapter_number"] == str(where.chapter.number)
        assert row["url"] == f"plan/{where.chapter.id}/#{task.id}"
        assert row["deadlines"].split("；") == (plan.deadlines(task.id) or [""])
        if task.lead:
            assert row["lead_department"] == plan.department(task.lead.department).name
            assert row["lead_basis"] == task.lead.basis
        for s in task.supporting:
            assert f"{plan.department(s.department).name}（{s.basis}）" in row["supporting_departments"]


def test_targets_csv_has_every_target_field(plan, files):
    rows = read_csv(files["data/targets.csv"])
    assert [r["id"] for r in rows] == [t.id for t in plan.targets]
    assert set(S.Target.model_fields) <= set(rows[0])
    for t, row in zip(plan.targets, rows, strict=True):
        assert row["quote"] == t.quote and row["deadline"] == (t.deadline or "")
        if t.task and plan.paragraphs[t.task].title:
            assert row["task_title"] == plan.paragraphs[t.task].title


def test_indicators_and_departments_csv(plan, files):
    inds = read_csv(files["data/indicators.csv"])
    assert [r["number"] for r in inds] == [str(i.number) for i in plan.indicators]
    assert inds[0]["category"] == " › ".join(plan.indicators[0].category)
    assert all(n.text in next(r["notes"] for r in inds if r["id"] == i) for n in plan.notes for i in n.indicators)
    depts = read_csv(files["data/departments.csv"])
    assert [r["id"] for r in depts] == [d.id for d in plan.departments]
    led = sum(int(r["tasks_led"]) for r in depts)
    assert led == sum(1 for p in plan.paragraphs.values() if p.lead)


def test_links_csv_has_a_row_per_relation(plan, files):
    rows = read_csv(files["data/links.csv"])
    relations = {r["relation"] for r in rows}
    assert relations <= {"leads", "supports", "moves", "measures", "implements", "located_in", "conflicts_with"}
    leads = {(r["source_id"], r["target_id"]) for r in rows if r["relation"] == "leads"}
    expected = {(p.lead.department, p.id) for p in plan.paragraphs.values() if p.lead}
    assert leads == expected
    assert sum(r["relation"] == "leads" for r in rows) == len(expected)
    supports = [r for r in rows if r["relation"] == "supports"]
    assert len(supports) == sum(len(p.supporting) for p in plan.paragraphs.values())
    for r in rows:
        if r["basis"] == "stated":
            assert r["evidence"], r  # a stated link always carries the plan's words
    assert sum(r["relation"] == "measures" for r in rows) == sum(1 for t in plan.targets if t.indicator)


def test_comma_quote_and_newline_survive_the_csv_round_trip(plan):
    edited = copy.deepcopy(plan)
    task = edited.tasks[0]
    task.title = TRICKY
    task.text = TRICKY + "\r\n" + task.text
    rows = read_csv(export.export_files(edited, DATA)["data/tasks.csv"])
    assert rows[0]["title"] == TRICKY
    assert rows[0]["text"] == task.text
    assert [r["id"] for r in rows] == [t.id for t in plan.tasks]


def test_csv_helper_quotes_only_what_it_must(plan):
    columns = [Column("a", "string", "", lambda plan, r: r[0]), Column("b", "integer", "", lambda plan, r: r[1])]
    content = Table("t", "", "", None, lambda plan: [(TRICKY, 1), (None, 2)], columns).csv(plan)
    assert read_csv(content) == [{"a": TRICKY, "b": "1"}, {"a": "", "b": "2"}]


def test_links_csv_is_the_graph_edge_list(plan, files):
    rows = read_csv(files["data/links.csv"])
    G = graph.build_graph(plan)
    edges = [(G.nodes[u]["ident"], d["relation"], G.nodes[v]["ident"]) for u, v, d in G.edges(data=True)]
    assert [(r["source_id"], r["relation"], r["target_id"]) for r in rows] == [e for e in edges if e[1] not in ("contains", "has_target")]
    # the place mentions of chapter 1's paragraphs are in the graph (and so in the CSV) with their paragraph
    mentions = {(pl, p.id) for p in plan.paragraphs.values() if p.kind != "task" for pl in p.places}
    assert {(r["target_id"], r["evidence"].removeprefix("段落 ")) for r in rows if r["evidence"].startswith("段落 ")} == mentions


# ------------------------------------------------------------ iCalendar
def test_ics_has_one_event_per_dated_target_and_short_lines(plan, files):
    ics = files["data/deadlines.ics"]
    dated = [t for t in plan.targets if t.kind == "target" and t.deadline]
    assert dated
    physical = ics.split(b"\r\n")
    assert physical[-1] == b"" and b"\n" not in ics.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in physical), max(physical, key=len)
    ics.decode("utf-8")  # folding never cuts a character in half
    lines = unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "PRODID:-//genhe-plan//ZH" in lines and any(line.startswith("X-WR-CALNAME:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(dated)
    uids = [line[4:] for line in lines if line.startswith("UID:")]
    assert uids == [f"{t.id}@genhe-plan" for t in dated]
    starts = [line.rsplit(":", 1)[1] for line in lines if line.startswith("DTSTART")]
    assert starts == [ical.deadline_date(t.deadline).strftime("%Y%m%d") for t in dated]


def test_deadline_dates():
    assert ical.deadline_date("2025") == datetime.date(2025, 12, 31)
    assert ical.deadline_date("2024-02") == datetime.date(2024, 2, 29)
    assert ical.deadline_date("2023-06") == datetime.date(2023, 6, 30)
    assert ical.deadline_date("2021-07-01") == datetime.date(2021, 7, 1)


def test_ics_text_is_escaped_and_folded_without_splitting_escapes():
    assert ical.ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + ical.ics_escape("中文，,;\n" * 30)
    folded = ical.ics_fold(line)
    parts = folded.split(b"\r\n")[:-1]
    assert all(len(p) <= 75 for p in parts) and all(p.startswith(b" ") for p in parts[1:])
    assert all((len(p) - len(p.rstrip(b"\\"))) % 2 == 0 for p in parts)  # no line ends inside an escape
    assert folded.decode("utf-8").replace("\r\n ", "") == line + "\r\n"


def test_ics_dtstamp_comes_from_source_date_epoch(plan, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert "DTSTAMP:19700101T000000Z" in unfold(ical.deadlines_ics(plan))
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert "DTSTAMP:20220801T000000Z" in unfold(ical.deadlines_ics(plan))


# ------------------------------------------------------------ ZIP
def test_zip_is_deterministic_and_complete(files, tmp_path):
    copied = tmp_path / "plan_data"
    shutil.copytree(DATA, copied)
    assert package.data_zip(copied) == package.data_zip(DATA) == files["data/plan-data.zip"]
    zf = zipfile.ZipFile(io.BytesIO(files["data/plan-data.zip"]))
    names = zf.namelist()
    assert names == sorted(names)
    assert {"plan.yaml", "targets.yaml", "source/plan.txt", "chapters/ch05.yaml"} <= set(names)
    assert any(n.startswith("schema/") and n.endswith(".json") for n in names)
    for info in zf.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.external_attr >> 16 == 0o644
    assert zf.read("source/plan.txt") == (DATA / "source/plan.txt").read_bytes()


# ------------------------------------------------------------ JSON
def test_plan_json_round_trips(plan, files):
    text = files["data/plan.json"].decode("utf-8")
    assert text.endswith("}\n")
    data = json.loads(text)
    again = plan_json.PlanExport.model_validate(data).model_dump(mode="json", exclude_none=True)
    assert plan_json.json_bytes(again) == files["data/plan.json"]
    assert [c["id"] for c in data["chapters"]] == [c.id for c in plan.chapters]
    assert len(data["targets"]) == len(plan.targets) and len(data["indicators"]) == len(plan.indicators)
    assert data["source"]["sha256"] == plan.source.sha256
    task = plan.tasks[0]
    assert data["source"]["paragraph_lines"][task.id] == plan.where[task.id].line
    assert any(p.get("lead") for c in data["chapters"] for s in c["sections"] for p in s["paragraphs"])


def test_schema_describes_plan_json(files):
    schema = json.loads(files["data/schema.json"])
    data = json.loads(files["data/plan.json"])
    assert schema["type"] == "object" and schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == set(data)
    assert set(schema["required"]) <= set(data)
    assert {"meta", "chapters", "indicators", "targets", "conflicts", "boxes", "departments", "places", "errata", "source"} <= set(
        schema["properties"]
    )
    refs = {m for m in _refs(schema)}
    assert refs and all(r.startswith("#/$defs/") and r.split("/")[-1] in schema["$defs"] for r in refs)
    assert {"ChapterFile", "Paragraph", "DeptLink", "Target", "Indicator", "Department"} <= set(schema["$defs"])
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema).validate(data)


def test_schema_check_rejects_a_broken_plan_json(files):
    """The validation above can fail: a task without its text, or a target whose id is a number."""
    schema = json.loads(files["data/schema.json"])
    validator = jsonschema.validators.validator_for(schema)(schema)
    data = json.loads(files["data/plan.json"])
    assert list(validator.iter_errors(data)) == []
    chapter = next(c for c in data["chapters"] if c["sections"])
    del chapter["sections"][0]["paragraphs"][0]["text"]
    data["targets"][0]["id"] = 7
    problems = sorted((str(list(e.absolute_path)[-1]), e.validator) for e in validator.iter_errors(data))
    assert problems == [("0", "required"), ("id", "type")], problems


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def test_datapackage_describes_every_resource(files):
    package = json.loads(files["data/datapackage.json"])
    assert package["profile"] == "data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["sources"] and package["title"]
    assert not any(k in package for k in ("created", "updated", "modified"))
    paths = [r["path"] for r in package["resources"]]
    assert len(paths) == len(set(paths))
    assert {f"data/{p}" for p in paths} == set(files) - {"data/datapackage.json"}
    for r in package["resources"]:
        content = files[f"data/{r['path']}"]
        assert r["bytes"] == len(content) and r["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        if r["format"] == "csv":
            assert r["encoding"] == "utf-8-sig" and r["mediatype"] == "text/csv"
            header = content.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
            fields = r["schema"]["fields"]
            assert [f["name"] for f in fields] == header
            assert all(f["type"] in {"string", "integer"} and f["description"] for f in fields)


def _frictionless(folder: Path) -> tuple[int, str]:
    """``frictionless validate`` (the real client, pinned) on folder/datapackage.json, as a reviewer runs it."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


def _write(files: dict[str, bytes], root: Path) -> Path:
    for path, content in files.items():
        if path.startswith("data/"):
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(content)
    return root / "data"


def test_frictionless_validate_accepts_the_data_package_with_reports(slow, tmp_path, monkeypatch):
    """Every resource valid, the progress tables filled from the fixture reports (not only headers); and the
    check can fail: the same package without the schema resource's ``type: file`` is refused."""
    from conftest import PROGRESS_EPOCH, data_with_reports

    from genhe_plan.model import load_plan

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PROGRESS_EPOCH)
    data = data_with_reports(tmp_path / "plan_data")
    files = export.export_files(load_plan(data), data)
    assert files["data/progress.csv"].count(b"\n") > 5
    code, out = _frictionless(_write(files, tmp_path / "good"))
    report = json.loads(out)
    assert code == 0 and report["valid"], [t["errors"] for t in report["tasks"] if not t["valid"]]
    assert len(report["tasks"]) == len(json.loads(files["data/datapackage.json"])["resources"])
    monkeypatch.setattr(package, "NOT_DATA", {})
    broken = export.export_files(load_plan(data), data)
    code, out = _frictionless(_write(broken, tmp_path / "bad"))
    assert code != 0 and not json.loads(out)["valid"]
