"""Every schema field is described, the data dictionary page shows every field, and README's error example is real."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from pydantic import BaseModel

from genhe_plan.cli import json_schemas
from genhe_plan.input import schema as S
from genhe_plan.pages.dictionary import dictionary_page

DATA = Path(__file__).resolve().parents[1] / "plan_data"


def _models():
    seen, todo = set(), list(S.FILE_MODELS.values())
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        for f in m.model_fields.values():
            from genhe_plan.pages.dictionary import _models_in

            todo += _models_in(f.annotation)
    return sorted(seen, key=lambda m: m.__name__)


def test_every_field_has_a_description():
    missing = [f"{m.__name__}.{n}" for m in _models() for n, f in m.model_fields.items() if not (f.description or "").strip()]
    assert missing == []


def test_dictionary_page_lists_every_field_of_every_model():
    page = dictionary_page()
    for m in _models():
        assert issubclass(m, BaseModel)
        assert f"**{m.__name__}**" in page
        for name, field in m.model_fields.items():
            assert f"`{field.alias or name}`" in page, f"{m.__name__}.{name} (written {field.alias or name} in YAML)"


def test_committed_json_schemas_are_up_to_date():
    for name, text in json_schemas().items():
        path = DATA / "schema" / name
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m genhe_plan schema"
        json.loads(text)


def test_every_yaml_file_points_editors_at_its_schema():
    for path in sorted(DATA.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), (path, target)


def test_readme_error_example_is_a_golden_report():
    """README's example is what `make check` really prints: the exact report of a tests/bad_edits case."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 修改数据", 1)[1]
    example = re.search(r"```\n(.*?)\n```", section, re.S)[1]
    reports = {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8")).get("report") for p in sorted((root / "tests" / "bad_edits").glob("*.yaml"))
    }
    assert example in reports.values(), f"README's error example is no case's report; pick one from tests/bad_edits/:\n{example}"
    assert f"收录了 {len(reports)} 种常见错误" in readme


CITED = re.compile(r"\b(?:tests|bench|scripts)/[\w/.-]+\.(?:py|md|sh|js)\b")


def cited_paths(text: str) -> set[str]:
    """Repository paths of tests, benchmarks and scripts that a text names."""
    return set(CITED.findall(text))


def test_every_cited_test_bench_or_script_file_exists():
    """Docstrings and docs that send a reader to a file name one that is there (not a renamed one)."""
    root = DATA.parent
    sources = [
        *root.glob("genhe_plan/**/*.py"),
        *root.glob("bench/**/*.py"),
        *root.glob("scripts/**/*.py"),
        *root.glob("overrides/**/*.py"),
    ]
    sources += [*root.glob("docs/**/*.md"), root / "README.md", root / "tests" / "README.md"]
    missing = sorted(
        f"{src.relative_to(root)}: {cited}"
        for src in sources
        for cited in cited_paths(src.read_text("utf-8"))
        if not (root / cited).exists()
    )
    assert missing == []
    assert cited_paths("见 tests/test_search_browser.py 与 bench/run.py。") == {"tests/test_search_browser.py", "bench/run.py"}
