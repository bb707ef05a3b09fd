"""The static JSON API (genhe_plan/export/api.py): a file per record with plan.json's fields (numbers as
numbers) plus its page, its state from the status model and its related ids; every file validated
against the published api/schema.json, for the real plan and for the plan with the fixture reports;
an index per type that lists exactly those files, and a catalogue that datapackage.json points to."""

from __future__ import annotations

import json
from urllib.parse import urljoin

import jsonschema
import pytest
from conftest import PROGRESS_EPOCH, data_with_reports

from genhe_plan.export import export_files
from genhe_plan.export.api import TYPES, VERSION, api_files
from genhe_plan.export.cells import plain_number
from genhe_plan.model import load_plan
from genhe_plan.progress import status as st

API_FIELDS = {"url", "state", "related"}
"""What a record file adds to the record of plan.json."""


@pytest.fixture(scope="module")
def with_reports(tmp_path_factory):
    """The plan with the fictional progress reports of tests/fixtures, at a data date when they count."""
    data = data_with_reports(tmp_path_factory.mktemp("api") / "plan_data")
    return load_plan(data), data


@pytest.fixture(scope="module")
def published(with_reports) -> tuple[dict[str, bytes], dict, dict]:
    """(api files, plan.json, data/schema.json) of the plan with reports, at PROGRESS_EPOCH."""
    plan, data = with_reports
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", PROGRESS_EPOCH)
        exports = export_files(plan, data)
        files = api_files(plan, "")
    return files, json.loads(exports["data/plan.json"]), json.loads(exports["data/schema.json"])


def load(files: dict[str, bytes], path: str):
    return json.loads(files[path].decode("utf-8"))


def validator(schema: dict, definition: str):
    """A validator for one definition of ``schema`` ($defs/NAME), with the schema's other definitions."""
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def plan_json_records(plan_json: dict) -> dict[str, list[dict]]:
    """Each API type's records as plan.json holds them, in plan.json's order."""
    paragraphs = [p for c in plan_json["chapters"] for p in [*c["paragraphs"], *(p for s in c["sections"] for p in s["paragraphs"])]]
    return {
        "tasks": [p for p in paragraphs if p["kind"] == "task"],
        "indicators": plan_json["indicators"],
        "targets": plan_json["targets"],
        "projects": [p for b in plan_json["boxes"] for p in b["projects"]],
        "departments": plan_json["departments"],
        "places": plan_json["places"],
        "reports": plan_json["reports"],
    }


def schema_problems(files: dict[str, bytes]) -> list[str]:
    """Every file under api/ checked against api/schema.json: the catalogue, each type index and each
    record against the definition the catalogue names; the schema itself against its metaschema."""
    schema = load(files, "api/schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    catalogue = load(files, "api/index.json")
    check = {"api/index.json": "Catalogue"}
    for entry in catalogue["types"]:
        check[f"api/{entry['index']}"] = "TypeIndex"
        for r in load(files, f"api/{entry['index']}")["records"]:
            check[f"api/{entry['type']}/{r['path']}"] = entry["schema"].removeprefix("schema.json#/$defs/")
    assert set(check) | {"api/schema.json"} == set(files), "every file is a catalogue, an index, a record or the schema"
    return [f"{path}: {e.message}" for path, name in check.items() for e in validator(schema, name).iter_errors(load(files, path))]


def test_every_api_file_follows_the_versioned_schema(plan, published):
    files, _, _ = published
    assert schema_problems(files) == []  # the plan with reports, at PROGRESS_EPOCH
    real = api_files(plan, "")
    assert schema_problems(real) == []  # the real plan, at its own data date
    assert load(real, "api/schema.json")["version"] == load(real, "api/index.json")["version"] == VERSION == 2
    assert all(load(real, f"api/{t.name}/index.json")["version"] == VERSION for t in TYPES)


def test_every_record_file_is_the_record_of_plan_json_with_numbers_as_numbers(published):
    files, plan_json, _ = published
    expected = plan_json_records(plan_json)
    assert set(expected) == {t.name for t in TYPES}
    assert all(expected[t] for t in expected), "every type has records (the fixture reports included)"
    converted = 0
    for t in TYPES:
        for record in expected[t.name]:
            served = load(files, f"api/{t.name}/{record['id']}.json")
            for name in t.numbers:
                if plain_number(record.get(name)) is not None:
                    assert served[name] == plain_number(record[name]) and not isinstance(served[name], str), (record["id"], name)
                    served[name], converted = record[name], converted + 1
            assert {k: v for k, v in served.items() if k not in API_FIELDS} == record, (t.name, record["id"])
        on_disk = {p for p in files if p.startswith(f"api/{t.name}/") and p != f"api/{t.name}/index.json"}
        assert on_disk == {f"api/{t.name}/{r['id']}.json" for r in expected[t.name]}
    assert converted > 50  # most indicator and target values are plain numbers
    ind = load(files, "api/indicators/ind-16.json")
    assert (ind["baseline_2020"], ind["target_2025"]) == (91.75, 91.76)
    assert load(files, "api/indicators/ind-20.json")["target_2025"] == "≥25"  # not a plain number: text as written


def test_records_carry_the_state_of_the_status_model(with_reports, published):
    files, plan_json, _ = published
    plan, _ = with_reports
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", PROGRESS_EPOCH)
        states = st.states(plan, st.data_date())
    keys = set()
    for t in TYPES:
        for r in plan_json_records(plan_json)[t.name]:
            served = load(files, f"api/{t.name}/{r['id']}.json")
            if r["id"] not in states:
                assert "state" not in served, r["id"]  # departments, places, reports, 十三五 achievements
                continue
            s = states[r["id"]]
            assert (served["state"]["state"], served["state"]["state_label"], served["state"]["basis"]) == (s.key, s.label, s.basis)
            assert served["state"].get("report_id") == (s.report.id if s.report else None)
            keys.add(s.key)
    assert len(keys) >= 3, keys  # the fixture reports give several states, so the check compares something


def test_records_name_their_related_records(with_reports, published):
    files, _, _ = published
    plan, _ = with_reports
    ind = load(files, "api/indicators/ind-16.json")["related"]
    assert ind["tasks"] == sorted(t.id for t in plan.tasks_moving["ind-16"])
    assert ind["targets"] == sorted(t.id for t in plan.targets_measuring["ind-16"])
    task = plan.paragraphs["t05-1-01"]
    related = load(files, "api/tasks/t05-1-01.json")["related"]
    assert related["departments"] == sorted(x.department for _, x in plan.task_departments(task))
    assert related["indicators"] == sorted(i.indicator for i in task.indicators)
    report = plan.reports[0]
    served = load(files, f"api/reports/{report.id}.json")["related"]
    assert sorted(x for ids in served.values() for x in ids) == sorted(e.item for e in report.entries)
    for e in report.entries:
        kind = {"task": "tasks", "indicator": "indicators", "target": "targets", "project": "projects"}[st.item_kind(plan, e.item)]
        assert report.id in load(files, f"api/{kind}/{e.item}.json")["related"]["reports"], e.item
    for path in (p for p in files if p.count("/") == 2 and not p.endswith(("index.json", "schema.json"))):
        for kind, ids in load(files, path)["related"].items():
            assert all(f"api/{kind}/{i}.json" in files for i in ids), (path, kind)  # every related id resolves


def test_record_urls_resolve_from_the_file_or_are_absolute_with_a_public_address(plan, published):
    files, _, _ = published
    site = "https://plan.example.gov.cn/genhe/"
    record = load(files, "api/indicators/ind-16.json")
    assert urljoin(site + "api/indicators/ind-16.json", record["url"]) == site + "indicators/ind-16/"
    entry = load(files, "api/tasks/index.json")["records"][0]
    assert urljoin(site + "api/tasks/index.json", entry["url"]) == site + "plan/ch03/#" + entry["id"]
    absolute = api_files(plan, site)
    assert load(absolute, "api/indicators/ind-16.json")["url"] == site + "indicators/ind-16/"
    assert load(absolute, "api/tasks/index.json")["records"][0]["url"] == site + "plan/ch03/#" + entry["id"]


def test_the_schema_check_rejects_a_record_with_a_wrong_field(published):
    files, _, _ = published
    schema = load(files, "api/schema.json")
    task = load(files, "api/tasks/t03-1-01.json")
    assert list(validator(schema, "ParagraphRecord").iter_errors(task)) == []
    task["lead"] = {"department": "eco"}  # no basis
    task["colour"] = "green"
    problems = sorted(e.validator for e in validator(schema, "ParagraphRecord").iter_errors(task))
    assert problems == ["additionalProperties", "anyOf"], problems  # lead: a DeptLink (with its basis) or null
    ind = load(files, "api/indicators/ind-16.json")
    del ind["related"]
    ind["state"] = {"state": "done"}
    assert len(list(validator(schema, "IndicatorRecord").iter_errors(ind))) >= 2  # related missing, state incomplete


def test_indexes_list_every_record_in_plan_order_and_validate(published):
    files, plan_json, _ = published
    index_schema = load(files, "api/schema.json")
    catalogue = load(files, "api/index.json")
    assert list(validator(index_schema, "Catalogue").iter_errors(catalogue)) == []
    assert [t["type"] for t in catalogue["types"]] == [t.name for t in TYPES]
    expected = plan_json_records(plan_json)
    for entry in catalogue["types"]:
        index = load(files, f"api/{entry['index']}")
        assert list(validator(index_schema, "TypeIndex").iter_errors(index)) == [], entry["type"]
        assert entry["count"] == index["count"] == len(index["records"]) == len(expected[entry["type"]])
        assert [r["id"] for r in index["records"]] == [r["id"] for r in expected[entry["type"]]]
        assert all(f"api/{entry['type']}/{r['path']}" in files for r in index["records"])
        definition = entry["schema"].split("#/$defs/")[1]
        assert entry["schema"] == f"schema.json#/$defs/{definition}" and definition in index_schema["$defs"]
        assert index["schema"] == f"../{entry['schema']}"
    assert list(validator(index_schema, "TypeIndex").iter_errors({"type": "tasks"})) != []


def test_api_is_byte_identical_across_runs(plan):
    assert api_files(plan) == api_files(plan)


def test_datapackage_points_to_the_api(published, with_reports):
    files, _, _ = published
    plan, data = with_reports
    package = json.loads(export_files(plan, data)["data/datapackage.json"])
    api = package["api"]
    assert api["catalogue"] == "../api/index.json" and api["schema"] == "../api/schema.json"
    catalogue = load(files, "api/index.json")
    assert [(t["type"], t["count"]) for t in api["types"]] == [(t["type"], t["count"]) for t in catalogue["types"]]
    for t in api["types"]:
        assert t["index"].removeprefix("../") in files
        some = load(files, t["index"].removeprefix("../"))["records"][0]["id"]
        assert t["record"].removeprefix("../").replace("{id}", some) in files
        assert t["schema"] == "../api/" + next(c["schema"] for c in catalogue["types"] if c["type"] == t["type"])


def test_every_index_entry_links_to_its_record_on_the_built_site(plan, site_dir):
    """Each record's url, resolved from its index file, is a page of the built site that carries the record's anchor."""
    missing, root = [], "http://site/"
    for t in TYPES:
        index = json.loads((site_dir / "api" / t.name / "index.json").read_text(encoding="utf-8"))
        for r in index["records"]:
            path, _, anchor = urljoin(f"{root}api/{t.name}/index.json", r["url"]).removeprefix(root).partition("#")
            page = site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path
            if not page.is_file() or (anchor and f'id="{anchor}"' not in page.read_text(encoding="utf-8")):
                missing.append(f"{t.name}/{r['id']}: {r['url']}")
    assert missing == []
