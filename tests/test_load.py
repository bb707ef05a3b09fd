"""Unit tests of genhe_plan/input/load.py: YAML → plain data with line marks, and the problems it reports.

Every test writes its own small YAML into tmp_path; nothing here depends on plan_data/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from genhe_plan.input.errors import PlanDataError
from genhe_plan.input.load import RawFile, format_path, load_dir, load_file, yaml_files

NESTED = """\
# yaml-language-server: comment on line 1
title: 根河
source:
  path: source/plan.txt
  sha256: abc
sections:
- id: ch05-s1
  paragraphs:
  - id: t05-1-01
    lead:
      department: eco
"""


def write(tmp_path: Path, text: str | bytes, name: str = "x.yaml") -> Path:
    path = tmp_path / "plan_data" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def load(tmp_path: Path, text: str | bytes, name: str = "x.yaml") -> RawFile:
    return load_file(write(tmp_path, text, name), f"plan_data/{name}")


def problems_of(tmp_path: Path, text: str | bytes, name: str = "x.yaml"):
    with pytest.raises(PlanDataError) as info:
        load(tmp_path, text, name)
    return info.value.problems


# ------------------------------------------------------------------ marks
def test_marks_give_line_and_column_of_nested_values(tmp_path):
    raw = load(tmp_path, NESTED)
    assert raw.path == "plan_data/x.yaml"
    assert raw.marks[("title",)] == (2, 8)
    assert raw.marks[("source",)] == (4, 3)  # a mapping value starts at its first key
    assert raw.marks[("source", "sha256")] == (5, 11)
    assert raw.marks[("sections", 0)] == (7, 3)
    assert raw.marks[("sections", 0, "paragraphs", 0, "id")] == (9, 9)
    assert raw.marks[("sections", 0, "paragraphs", 0, "lead", "department")] == (11, 19)


def test_root_mark_skips_leading_comments(tmp_path):
    assert load(tmp_path, NESTED).marks[()] == (2, 1)


def test_mark_falls_back_to_the_deepest_known_ancestor(tmp_path):
    raw = load(tmp_path, NESTED)
    # pydantic reports a missing key at a path that does not exist in the file
    assert raw.mark(("sections", 0, "paragraphs", 0, "title")) == raw.marks[("sections", 0, "paragraphs", 0)]
    assert raw.mark(("sections", 0, "paragraphs", 0, "lead", "basis")) == (11, 7)
    assert raw.mark(("nowhere", 3)) == raw.marks[()]
    assert RawFile("plan_data/y.yaml", None).mark(("a",)) == (1, 1)


def test_marks_cover_every_value(tmp_path):
    raw = load(tmp_path, NESTED)

    def paths(value, prefix=()):
        yield prefix
        if isinstance(value, dict):
            for k, v in value.items():
                yield from paths(v, prefix + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from paths(v, prefix + (i,))

    assert set(paths(raw.data)) == set(raw.marks)
    assert all(line >= 1 and col >= 1 for line, col in raw.marks.values())


def test_block_scalar_mark_is_on_its_indicator_line(tmp_path):
    raw = load(tmp_path, "text: |\n  第一行\n  第二行\nnext: 1\n")
    assert raw.data["text"] == "第一行\n第二行\n"
    assert raw.marks[("text",)] == (1, 7)
    assert raw.marks[("next",)] == (4, 7)


# ------------------------------------------------------------------ scalars
@pytest.mark.parametrize("text", ["2025-13-01", "2025-12-31", "2023-02-30", "2022-08", "2025-01-01 10:00:00"])
def test_timestamps_stay_strings(tmp_path, text):
    """PyYAML would build a date (or raise ValueError for 2025-13-01); we keep the text."""
    raw = load(tmp_path, f"deadline: {text}\n")
    assert raw.data == {"deadline": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("2035", 2035),
        ("-3", -3),
        ("0x10", 16),
        ("1.5", 1.5),
        ("true", True),
        ("false", False),
        ("yes", True),  # YAML 1.1, as PyYAML's SafeLoader
        ("null", None),
        ("~", None),
        ("", None),
        ("'1'", "1"),
        ('"true"', "true"),
        ("'2025'", "2025"),
        ("约束性", "约束性"),
        ("'%'", "%"),
    ],
)
def test_scalars_parse_as_in_safe_load(tmp_path, text, value):
    got = load(tmp_path, f"v: {text}\n").data["v"]
    assert got == value and type(got) is type(value)


def test_keys_are_always_strings(tmp_path):
    assert load(tmp_path, "1: a\ntrue: b\n").data == {"1": "a", "true": "b"}


def test_aliases_are_resolved(tmp_path):
    assert load(tmp_path, "a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


# ------------------------------------------------------------------ problems
def test_duplicate_key_reported_at_the_second_key(tmp_path):
    (p,) = problems_of(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert (p.file, p.line, p.column, p.path) == ("plan_data/x.yaml", 3, 1, "a")
    assert "重复" in p.message and p.hint


def test_every_duplicate_key_in_a_file_is_reported_with_its_path(tmp_path):
    problems = problems_of(tmp_path, "a:\n  b: 1\n  b: 2\nc:\n- id: x\n  id: y\nc: 3\n")
    assert [(p.line, p.column, p.path) for p in problems] == [(3, 3, "a.b"), (6, 3, "c[0].id"), (7, 1, "c")]


def test_duplicate_key_in_flow_mapping(tmp_path):
    (p,) = problems_of(tmp_path, "x: {a: 1, a: 2}\n")
    assert (p.line, p.path) == (1, "x.a")


def test_empty_and_whitespace_only_files(tmp_path):
    for i, text in enumerate(["", "\n\n", "  \n\t\n", "\ufeff", "\ufeff \n"]):
        (p,) = problems_of(tmp_path, text, f"f{i}.yaml")
        assert (p.file, p.line, p.column, p.path) == (f"plan_data/f{i}.yaml", 1, 1, "")
        assert "空" in p.message


def test_comment_only_file_is_reported_as_empty(tmp_path):
    """Deleting everything but the `# yaml-language-server: $schema=…` first line must not crash."""
    (p,) = problems_of(tmp_path, "# yaml-language-server: $schema=schema/errata.schema.json\n")
    assert (p.line, p.column) == (1, 1) and "空" in p.message


def test_non_utf8_file_reports_the_line_of_the_first_bad_byte(tmp_path):
    (p,) = problems_of(tmp_path, "a: 1\nb: 2\nname: 根河市\n".encode("gbk"))
    assert (p.line, p.column) == (3, 1)
    assert "UTF-8" in p.message and "UTF-8" in p.hint


def test_bom_is_ignored_and_lines_are_unchanged(tmp_path):
    raw = load(tmp_path, "\ufefftitle: 根河\nb:\n  c: 1\n")
    assert raw.data == {"title": "根河", "b": {"c": 1}}
    assert raw.marks[("title",)] == (1, 8)
    assert raw.marks[("b", "c")] == (3, 6)


def test_crlf_line_endings_are_accepted(tmp_path):
    raw = load(tmp_path, b"a: 1\r\nb:\r\n  c: x\r\n")
    assert raw.data == {"a": 1, "b": {"c": "x"}}
    assert raw.marks[("b", "c")] == (3, 6)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", None),  # unclosed bracket: somewhere at or after line 2
        ("a: 1\n  b: 2\n", 2),  # bad indentation
        ("a:\n\tb: 1\n", 2),  # tab
        ("a: 1\n- b\n", 2),  # list item inside a mapping
    ],
)
def test_syntax_errors_become_problems_with_a_line(tmp_path, text, line):
    (p,) = problems_of(tmp_path, text)
    assert p.message.startswith("YAML 语法错误")
    assert p.hint and p.path == ""
    assert p.line >= 2 if line is None else p.line == line


def test_syntax_error_hint_mentions_spaces_not_tabs(tmp_path):
    (p,) = problems_of(tmp_path, "a:\n\tb: 1\n")
    assert "Tab" in p.hint


def test_load_dir_collects_problems_of_all_files(tmp_path):
    write(tmp_path, "a: 1\na: 2\n", "one.yaml")
    write(tmp_path, "", "sub/two.yaml")
    write(tmp_path, "ok: true\n", "three.yaml")
    with pytest.raises(PlanDataError) as info:
        load_dir(tmp_path / "plan_data")
    assert [p.file for p in info.value.problems] == ["plan_data/one.yaml", "plan_data/sub/two.yaml"]


def test_load_dir_returns_files_in_sorted_order_with_paths_relative_to_the_parent(tmp_path):
    for name in ("plan.yaml", "chapters/ch01.yaml", "chapters/ch00.yaml", "errata.yaml"):
        write(tmp_path, "a: 1\n", name)
    write(tmp_path, "not yaml", "notes.txt")
    files = load_dir(tmp_path / "plan_data")
    assert [f.path for f in files] == [
        "plan_data/chapters/ch00.yaml",
        "plan_data/chapters/ch01.yaml",
        "plan_data/errata.yaml",
        "plan_data/plan.yaml",
    ]
    assert yaml_files(tmp_path / "plan_data") == sorted(yaml_files(tmp_path / "plan_data"))


# ------------------------------------------------------------------ format_path
@pytest.mark.parametrize(
    ("key_path", "text"),
    [
        ((), ""),
        (("title",), "title"),
        (("sections", 2, "title"), "sections[2].title"),
        (("sections", 0, "paragraphs", 3, "lead", "department"), "sections[0].paragraphs[3].lead.department"),
        ((0,), "[0]"),
        (("a", 0, 1, "b"), "a[0][1].b"),
        (("source", "sha256"), "source.sha256"),
    ],
)
def test_format_path(key_path, text):
    assert format_path(key_path) == text
