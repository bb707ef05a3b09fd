"""The static JSON API (genhe_plan/export/api.py): a file per record with plan.json's fields, validated
against the published schemas, an index per type that lists exactly those files, and a catalogue that
datapackage.json points to."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from genhe_plan.export import export_files
from genhe_plan.export.api import TYPES, api_files
from genhe_plan.model import load_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plan_data"
REPORTS = ROOT / "tests" / "fixtures" / "progress"


@pytest.fixture(scope="module")
def with_reports(tmp_path_factory):
    """The plan with the fictional progress reports of tests/fixtures, so the reports type is not empty."""
    data = tmp_path_factory.mktemp("api") / "plan_data"
    shutil.copytree(DATA, data)
    for f in sorted(REPORTS.glob("*.yaml")):
        shutil.copy(f, data / "progress" / f.name)
    return load_plan(data), data


@pytest.fixture(scope="module")
def published(with_reports) -> tuple[dict[str, bytes], dict, dict]:
    """(api files, plan.json, data/schema.json) of the plan with reports."""
    plan, data = with_reports
    exports = export_files(plan, data)
    return api_files(plan), json.loads(exports["data/plan.json"]), json.loads(exports["data/schema.json"])


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


def test_every_record_file_is_the_record_of_plan_json_and_follows_the_schema(published):
    files, plan_json, schema = published
    expected = plan_json_records(plan_json)
    assert set(expected) == {t.name for t in TYPES}
    assert all(expected[t] for t in expected), "every type has records (the fixture reports included)"
    for t in TYPES:
        check = validator(schema, t.model.__name__)
        for record in expected[t.name]:
            served = load(files, f"api/{t.name}/{record['id']}.json")
            assert served == record, (t.name, record["id"])
            assert list(check.iter_errors(served)) == [], (t.name, record["id"])
        on_disk = {p for p in files if p.startswith(f"api/{t.name}/") and p != f"api/{t.name}/index.json"}
        assert on_disk == {f"api/{t.name}/{r['id']}.json" for r in expected[t.name]}


def test_the_schema_check_rejects_a_record_with_a_wrong_field(published):
    files, _, schema = published
    task = load(files, "api/tasks/t03-1-01.json")
    assert list(validator(schema, "Paragraph").iter_errors(task)) == []
    task["lead"] = {"department": "eco"}  # no basis
    task["colour"] = "green"
    problems = sorted(e.validator for e in validator(schema, "Paragraph").iter_errors(task))
    assert problems == ["additionalProperties", "anyOf"], problems  # lead: a DeptLink (with its basis) or null


def test_indexes_list_every_record_in_plan_order_and_validate(published):
    files, plan_json, schema = published
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
        assert entry["schema"] == f"../data/schema.json#/$defs/{definition}" and definition in schema["$defs"]
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


def test_every_index_entry_links_to_its_record_on_the_built_site(plan, site_dir):
    """Each record's url is a page of the built site that carries the record's anchor."""
    missing = []
    for t in TYPES:
        index = json.loads((site_dir / "api" / t.name / "index.json").read_text(encoding="utf-8"))
        for r in index["records"]:
            path, _, anchor = r["url"].partition("#")
            page = site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path
            if not page.is_file() or (anchor and f'id="{anchor}"' not in page.read_text(encoding="utf-8")):
                missing.append(f"{t.name}/{r['id']}: {r['url']}")
    assert missing == []
