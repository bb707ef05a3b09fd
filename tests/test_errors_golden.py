"""Golden cases for error messages: one file per bad edit in tests/bad_edits/NN-name.yaml.

Each case copies the real plan_data/ to a temporary folder, applies one edit (as an official editing
the YAML might), runs ``load_plan`` and compares the report — the exact text ``make check`` prints
(``PlanDataError.report()``) — whole against the case's ``report``. The expectations (``expect``)
additionally pin what must stay true when the data moves (file, the line of the edited text, key path,
message words), so ``--update-goldens`` cannot bless a report that points at the wrong place.

Adding a bad-input case is adding a file: write description, file and edit, then run
``.venv/bin/python -m pytest tests/test_errors_golden.py --update-goldens`` to fill in ``report``
(it rewrites only the ``report:`` block at the end of each file) and read the result before committing.

Case file keys
    description  what the official did wrong (one line)
    file         the file to edit, relative to plan_data/ (edits may override it)
    edit / edits one edit, or a list of edits applied in order
    expect       list of expected problems (optional; each must match one reported problem)
    xfail        "reason": a known gap in genhe_plan; the case must fail (strict), see the report
    report       the exact report text, always the last key (written by --update-goldens)

Edit keys
    type         replace | regex | append | write | delete_file | rename
    old, new     replace: literal text; regex: a Python pattern (MULTILINE) and its replacement
    count        how many occurrences to replace (default 1); fewer found = the case is stale
    within       an anchor text, e.g. "id: t05-1-01": the edit applies only inside the YAML item
                 (list item or mapping) that starts on the anchor's line — robust to data edits
    content      write: the whole new text;  write_b64: the whole new content as base64 bytes
    text         append: the text to add at the end
    to           rename: the new path, relative to plan_data/
    expand       {TOKEN: {text: X, times: N}}: TOKEN in new/content/text becomes X * N

Expectation keys
    file             exact, e.g. plan_data/chapters/ch05.yaml
    line             exact line number (use only for content the case writes itself)
    line_of          text (or, with line_of_regex: true, a pattern); the line of its occurrence-th
                     match in the edited file is the expected line
    occurrence       which match of line_of (default 1)
    within           an anchor text: search line_of only inside that YAML item (as for edits)
    column           exact column
    path             exact key path;  path_contains: substring of the key path
    message_contains substring of the message;  hint_contains: substring of the hint
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import genhe_plan.input.load as load_module
from genhe_plan.input.errors import PlanDataError, Problem
from genhe_plan.model import load_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plan_data"
CASES_DIR = Path(__file__).resolve().parent / "bad_edits"
CASE_NAME = re.compile(r"^(\d\d)-[a-z0-9-]+\.yaml$")

CASE_KEYS = {"description", "file", "edit", "edits", "expect", "xfail", "report"}
REPORT_KEY = re.compile(r"^report:", re.M)
EDIT_KEYS = {"type", "file", "old", "new", "count", "within", "content", "write_b64", "text", "to", "expand"}
EDIT_TYPES = {"replace", "regex", "append", "write", "delete_file", "rename"}
EXPECT_KEYS = {
    "file",
    "line",
    "line_of",
    "line_of_regex",
    "occurrence",
    "column",
    "path",
    "path_contains",
    "message_contains",
    "hint_contains",
    "within",
}


# ------------------------------------------------------------------ speed: parse unchanged files once
_PARSED: dict[tuple[str, str], load_module.RawFile] = {}
_ORIGINAL_LOAD_FILE = load_module.load_file


def _cached_load_file(path: Path, rel: str) -> load_module.RawFile:
    """load_file, memoised on (relative path, content hash): only the edited file is parsed again.

    Why: parsing all of plan_data takes ~0.4 s (pure-Python YAML composer); 40 cases would exceed the
    test budget. Identical bytes give an identical RawFile, and validation never mutates it.
    """
    key = (rel, hashlib.sha256(path.read_bytes()).hexdigest())
    if key not in _PARSED:
        _PARSED[key] = _ORIGINAL_LOAD_FILE(path, rel)  # PlanDataError propagates and is not cached
    return _PARSED[key]


@pytest.fixture
def fast_load(monkeypatch):
    monkeypatch.setattr(load_module, "load_file", _cached_load_file)


def copy_plan_data(tmp_path: Path) -> Path:
    """A writable copy of plan_data/; the folder keeps its name so problems read plan_data/…"""
    target = tmp_path / "plan_data"
    shutil.copytree(DATA, target)
    return target


# ------------------------------------------------------------------ reading cases
def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def read_case(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _params():
    out = []
    for path in case_files():
        case = read_case(path)
        marks = []
        if case.get("xfail"):
            # raises=AssertionError: a stale case (pytest.fail) or a harness bug still fails loudly
            marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True, raises=AssertionError))
        out.append(pytest.param(path, marks=marks, id=path.stem))
    return out


# ------------------------------------------------------------------ applying edits
def _expand(text: str, edit: dict) -> str:
    for token, spec in (edit.get("expand") or {}).items():
        text = text.replace(token, spec["text"] * spec["times"])
    return text


def _item_span(text: str, anchor: str, case_name: str) -> tuple[int, int]:
    """(start, end) offsets of the YAML item that starts on the line holding ``anchor``.

    The item ends before the next non-blank line indented less than the anchor's key
    (for "  - id: t05-1-01" the key column is 4; the next "  - id: …" is indented 2).
    """
    lines = text.splitlines(keepends=True)
    found = [i for i, line in enumerate(lines) if anchor in line]
    if len(found) != 1:
        pytest.fail(f"{case_name}: anchor {anchor!r} found on {len(found)} lines, need exactly 1 (case is stale?)")
    i = found[0]
    head = lines[i]
    key_col = len(head) - len(head.lstrip(" -"))
    end = len(lines)
    for j in range(i + 1, len(lines)):
        body = lines[j].rstrip("\r\n")
        if body.strip() and len(body) - len(body.lstrip(" ")) < key_col:
            end = j
            break
    start_off = sum(len(x) for x in lines[:i])
    return start_off, start_off + sum(len(x) for x in lines[i:end])


def apply_edit(data_dir: Path, edit: dict, default_file: str | None, case_name: str) -> None:
    rel = edit.get("file", default_file)
    target = data_dir / rel
    kind = edit["type"]
    if kind == "delete_file":
        if not target.exists():
            pytest.fail(f"{case_name}: {rel} does not exist")
        target.unlink()
        return
    if kind == "rename":
        if not target.exists():
            pytest.fail(f"{case_name}: {rel} does not exist")
        target.rename(data_dir / edit["to"])
        return
    if kind == "write":
        target.parent.mkdir(parents=True, exist_ok=True)
        if "write_b64" in edit:
            target.write_bytes(base64.b64decode(edit["write_b64"]))
        else:
            target.write_bytes(_expand(edit["content"], edit).encode("utf-8"))
        return
    text = target.read_bytes().decode("utf-8")
    if kind == "append":
        target.write_bytes((text + _expand(edit["text"], edit)).encode("utf-8"))
        return
    start, end = _item_span(text, edit["within"], case_name) if edit.get("within") else (0, len(text))
    block, count, new = text[start:end], edit.get("count", 1), _expand(edit["new"], edit)
    if kind == "replace":
        if block.count(edit["old"]) < count:
            pytest.fail(f"{case_name}: {edit['old']!r} found {block.count(edit['old'])} times in {rel}, need {count} (case is stale?)")
        block = block.replace(edit["old"], new, count)
    else:
        block, n = re.subn(edit["old"], new, block, count=count, flags=re.MULTILINE)
        if n < count:
            pytest.fail(f"{case_name}: pattern {edit['old']!r} matched {n} times in {rel}, need {count} (case is stale?)")
    target.write_bytes((text[:start] + block + text[end:]).encode("utf-8"))


# ------------------------------------------------------------------ matching problems
def _line_of(data_dir: Path, exp: dict, case_name: str) -> int:
    rel = exp["file"].split("/", 1)[1]
    text = (data_dir / rel).read_bytes().decode("utf-8", errors="replace")
    pattern = exp["line_of"] if exp.get("line_of_regex") else re.escape(exp["line_of"])
    start, end = _item_span(text, exp["within"], case_name) if exp.get("within") else (0, len(text))
    hits = [m for m in re.finditer(pattern, text, flags=re.MULTILINE) if start <= m.start() < end]
    n = exp.get("occurrence", 1)
    if len(hits) < n:
        pytest.fail(f"{case_name}: line_of {exp['line_of']!r} occurs {len(hits)} times in {exp['file']}, need {n}")
    return text.count("\n", 0, hits[n - 1].start()) + 1


def matches(problem: Problem, exp: dict, line: int | None) -> bool:
    return (
        problem.file == exp["file"]
        and (line is None or problem.line == line)
        and ("column" not in exp or problem.column == exp["column"])
        and ("path" not in exp or problem.path == exp["path"])
        and exp.get("path_contains", "") in problem.path
        and exp.get("message_contains", "") in problem.message
        and exp.get("hint_contains", "") in problem.hint
    )


def check_problem_shape(problem: Problem) -> None:
    """Every problem says where (file, line ≥ 1) and what, in a line an editor can jump to."""
    assert problem.file.startswith("plan_data/"), problem
    assert problem.line >= 1 and problem.column >= 1, problem
    assert problem.message.strip(), problem
    assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.column}: "), str(problem)
    assert "Traceback" not in str(problem)
    assert len(str(problem)) < 1500, f"problem text is {len(str(problem))} characters: the bad value is echoed in full"


def run_case(path: Path, tmp_path: Path) -> tuple[list[Problem], Path]:
    case = read_case(path)
    data_dir = copy_plan_data(tmp_path)
    for edit in case.get("edits") or [case["edit"]]:
        apply_edit(data_dir, edit, case.get("file"), path.stem)
    try:
        load_plan(data_dir)
    except PlanDataError as err:
        return err.problems, data_dir
    except Exception as err:  # noqa: BLE001 — any other exception is what the official would see as a traceback
        raise AssertionError(
            f"load_plan raised {type(err).__name__}: {err} — a user mistake must give PlanDataError, not a traceback"
        ) from err
    raise AssertionError(f"{path.stem}: the bad edit was not caught (load_plan succeeded)")


# ------------------------------------------------------------------ the exact report
def actual_report(problems: list[Problem], tmp_path: Path) -> str:
    """The text `make check` prints, with the temporary folder (if ever named) made stable."""
    return PlanDataError(problems).report().replace(str(tmp_path), "<tmp>")


def report_block(text: str) -> str:
    """``report: …`` as YAML that reads back as exactly ``text``: a literal block when it can be one."""
    lines = text.split("\n")
    literal = "report: |-\n" + "".join(f"  {line}\n" if line else "\n" for line in lines)
    for block in (literal, "report: " + json.dumps(text, ensure_ascii=False) + "\n"):
        try:
            if yaml.safe_load(block) == {"report": text}:
                return block
        except yaml.YAMLError:
            pass
    raise AssertionError(f"cannot write {text!r} as YAML")


def write_report(path: Path, text: str) -> None:
    """Replace (or add) the ``report:`` block at the end of a case file; everything above stays as written."""
    source = path.read_text(encoding="utf-8")
    m = REPORT_KEY.search(source)
    head = source[: m.start()] if m else source.rstrip("\n") + "\n"
    path.write_text(head + report_block(text), encoding="utf-8")
    assert read_case(path).get("report") == text, f"{path.name}: the rewritten file does not read back"


@pytest.mark.parametrize("case_path", _params())
def test_bad_edit_is_reported(case_path: Path, tmp_path: Path, fast_load, request) -> None:
    case = read_case(case_path)
    problems, data_dir = run_case(case_path, tmp_path)
    assert problems, "PlanDataError without problems"
    report = actual_report(problems, tmp_path)
    for p in problems:
        check_problem_shape(p)
    for exp in case.get("expect") or []:
        line = _line_of(data_dir, exp, case_path.stem) if "line_of" in exp else exp.get("line")
        assert any(matches(p, exp, line) for p in problems), f"expected {exp} (line {line}) in:\n{report}"
    if request.config.getoption("--update-goldens") and case.get("report") != report:
        write_report(case_path, report)
        case = read_case(case_path)
    expected = case.get("report")
    assert expected is not None, f"{case_path.name} has no report: run pytest tests/test_errors_golden.py --update-goldens"
    if report != expected:
        diff = "\n".join(difflib.unified_diff(expected.split("\n"), report.split("\n"), "expected", "actual", lineterm=""))
        raise AssertionError(f"{case_path.name}: the report differs (if the change is right: --update-goldens)\n{diff}")


def test_check_command_prints_exactly_the_golden_report(tmp_path: Path) -> None:
    """The golden text is what an official sees: `python -m genhe_plan check` on stderr, exit status 1."""
    case_path = CASES_DIR / "50-two-files-at-once.yaml"
    data_dir = copy_plan_data(tmp_path)
    for edit in read_case(case_path)["edits"]:
        apply_edit(data_dir, edit, None, case_path.stem)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "genhe_plan", "--data", str(data_dir), "check"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", read_case(case_path)["report"] + "\n")


def test_update_writes_a_report_that_reads_back(tmp_path: Path) -> None:
    case = tmp_path / "99-x.yaml"
    case.write_text("description: x\nfile: plan.yaml\nedit: {type: append, text: x}\n", encoding="utf-8")
    for text in ("头: \nplan_data/a.yaml:1:1: x\n    提示: y", "  leading\n\ttab\n\nend ", "控制\x01字符", "a\n"):
        write_report(case, text)
        assert read_case(case)["report"] == text
        assert case.read_text(encoding="utf-8").startswith("description: x\nfile: plan.yaml\nedit: {type: append, text: x}\nreport:")


# ------------------------------------------------------------------ the cases themselves are well formed
def test_case_files_are_well_formed() -> None:
    paths = case_files()
    assert len(paths) >= 57
    numbers = []
    for path in paths:
        m = CASE_NAME.match(path.name)
        assert m, f"{path.name}: name must be NN-lowercase-words.yaml"
        numbers.append(m[1])
        case = read_case(path)
        assert set(case) <= CASE_KEYS, f"{path.name}: unknown keys {set(case) - CASE_KEYS}"
        assert case.get("description"), path.name
        assert ("edit" in case) != ("edits" in case), f"{path.name}: give edit or edits"
        for edit in case.get("edits") or [case["edit"]]:
            assert set(edit) <= EDIT_KEYS, f"{path.name}: unknown edit keys {set(edit) - EDIT_KEYS}"
            assert edit["type"] in EDIT_TYPES, path.name
            assert edit.get("file", case.get("file")), f"{path.name}: which file?"
        if not case.get("xfail"):
            assert list(case)[-1] == "report" and isinstance(case["report"], str), f"{path.name}: report must be the last key"
        for exp in case.get("expect") or []:
            assert set(exp) <= EXPECT_KEYS, f"{path.name}: unknown expectation keys {set(exp) - EXPECT_KEYS}"
            assert exp.get("file", "").startswith("plan_data/"), path.name
            assert "message_contains" in exp, f"{path.name}: every expectation names its message"
        assert case.get("xfail") is None or isinstance(case["xfail"], str), path.name
    assert len(set(numbers)) == len(numbers), "two cases share a number"
