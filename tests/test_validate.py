"""Unit tests of genhe_plan/input/validate.py (and the error report), on a tiny hand-made plan whose line
numbers we own (tests/fixtures/tiny/plan_data), plus end-to-end checks of the CLI on the real data.

The wide catalogue of bad edits on the real plan_data lives in tests/bad_edits/ (test_errors_golden.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from genhe_plan.input import schema as S
from genhe_plan.input.errors import PlanDataError, Problem
from genhe_plan.input.validate import REQUIRED, model_for
from genhe_plan.model import load_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plan_data"
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny" / "plan_data"


def copy_of(src: Path, tmp_path: Path) -> Path:
    target = tmp_path / "plan_data"
    shutil.copytree(src, target)
    return target


def edit(data_dir: Path, rel: str, old: str, new: str) -> None:
    path = data_dir / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_after(tmp_path: Path, *edits: tuple[str, str, str], src: Path = TINY) -> list[Problem]:
    data_dir = copy_of(src, tmp_path)
    for rel, old, new in edits:
        edit(data_dir, rel, old, new)
    with pytest.raises(PlanDataError) as info:
        load_plan(data_dir)
    return info.value.problems


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "genhe_plan", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


# ------------------------------------------------------------------ the tiny plan
def test_tiny_plan_is_valid_and_modelled():
    plan = load_plan(TINY)
    assert [c.id for c in plan.chapters] == ["ch03"]
    assert [t.id for t in plan.tasks] == ["t03-1-01"]
    assert [p.id for p in plan.led_by["eco"]] == ["t03-1-01"]
    assert [t.id for t in plan.targets_of["t03-1-01"]] == ["tg-001"]
    assert [p.id for p in plan.tasks_moving["ind-01"]] == ["t03-1-01"]
    assert [p.id for p in plan.paragraphs_at["aoluguya"]] == ["t03-1-01"]
    assert plan.deadlines("t03-1-01") == ["2025"]


def test_errata_are_applied_before_the_verbatim_check():
    plan = load_plan(TINY)
    assert plan.source.raw_lines[4].startswith("教鲁古雅")
    assert plan.where["p03-1-02"].line == 5
    assert plan.where["t03-1-01"].line == 4


def test_without_the_erratum_the_corrected_text_is_not_verbatim(tmp_path):
    data_dir = copy_of(TINY, tmp_path)
    (data_dir / "errata.yaml").write_text("errata: []\n", encoding="utf-8")
    with pytest.raises(PlanDataError) as info:
        load_plan(data_dir)
    (p,) = info.value.problems
    assert (p.file, p.line, p.column, p.path) == ("plan_data/chapters/ch03.yaml", 25, 11, "sections[0].paragraphs[1].text")
    assert "与原文不符" in p.message


# Exact places (file, line, column, key path) on the tiny plan: the line numbers are ours.
CH = "chapters/ch03.yaml"
EXACT = [
    pytest.param(
        (CH, "department: eco", "department: huanbaoju"),
        ("plan_data/chapters/ch03.yaml", 14, 19, "sections[0].paragraphs[0].lead.department", "未知部门 “huanbaoju”"),
        id="unknown-department",
    ),
    pytest.param(
        (CH, "indicator: ind-01", "indicator: ind-02"),
        ("plan_data/chapters/ch03.yaml", 18, 18, "sections[0].paragraphs[0].indicators[0].indicator", "未知指标 “ind-02”"),
        id="unknown-indicator",
    ),
    pytest.param(
        (CH, "- aoluguya", "- manggui"),
        ("plan_data/chapters/ch03.yaml", 22, 7, "sections[0].paragraphs[0].places[0]", "未知地点 “manggui”"),
        id="unknown-place",
    ),
    pytest.param(
        ("targets.yaml", "task: t03-1-01", "task: t03-1-09"),
        ("plan_data/targets.yaml", 8, 9, "targets[0].task", "未知段落/任务 “t03-1-09”"),
        id="unknown-task",
    ),
    pytest.param(
        (CH, "id: p03-1-02", "id: t03-1-01"),
        ("plan_data/chapters/ch03.yaml", 23, 9, "sections[0].paragraphs[1].id", "“t03-1-01” 重复"),
        id="duplicate-id",
    ),
    pytest.param(
        (CH, "    text: 严格", "    text: 严"),
        ("plan_data/chapters/ch03.yaml", 12, 11, "sections[0].paragraphs[0].text", "与原文不符"),
        id="not-verbatim",
    ),
    pytest.param(
        (CH, "    title: 严格", "    titel: 严格"),
        ("plan_data/chapters/ch03.yaml", 11, 12, "sections[0].paragraphs[0].titel", "不认识的键"),
        id="misspelt-key",
    ),
    pytest.param(
        (CH, "basis: assigned\n      reason: 按职责：生态环境准入属生态环境部门", "basis: assignd"),
        ("plan_data/chapters/ch03.yaml", 15, 14, "sections[0].paragraphs[0].lead.basis", "取值不对（现在是 “assignd”）"),
        id="bad-literal",
    ),
    pytest.param(
        ("indicators.yaml", "source_line: 7", "source_line: 6"),
        ("plan_data/indicators.yaml", 7, 9, "indicators[0].name", "不在原文第 6 行"),
        id="indicator-row",
    ),
    pytest.param(
        ("errata.yaml", "line: 5", "line: 4"),
        ("plan_data/errata.yaml", 4, 13, "errata[0].original", "原文第 4 行没有 “教鲁古雅”"),
        id="erratum-line",
    ),
    pytest.param(
        ("plan.yaml", "published: 2022-08", "published: 2022-8"),
        ("plan_data/plan.yaml", 6, 12, "published", "格式不对"),
        id="published-format",
    ),
    pytest.param(
        ("plan.yaml", "period_start: 2021", "period_start: 二〇二一"),
        ("plan_data/plan.yaml", 8, 15, "period_start", "应该是整数"),
        id="int-expected",
    ),
]


@pytest.mark.parametrize(("change", "expected"), EXACT)
def test_problem_is_reported_at_the_exact_place(tmp_path, change, expected):
    problems = problems_after(tmp_path, change)
    file, line, column, path, message = expected
    hits = [p for p in problems if (p.file, p.line, p.column, p.path) == (file, line, column, path) and message in p.message]
    assert hits, "\n".join(map(str, problems))


def test_missing_key_is_reported_at_its_parent(tmp_path):
    (p,) = problems_after(tmp_path, ("indicators.yaml", "  attribute: 约束性\n", ""))
    assert (p.line, p.column, p.path) == (3, 3, "indicators[0].attribute")
    assert p.message == "缺少必填项" and p.hint


def test_unknown_reference_hint_lists_known_ids(tmp_path):
    (p,) = problems_after(tmp_path, (CH, "department: eco", "department: huanbaoju"))
    assert p.hint == "可用的 id: eco（生态环境部门）"


def test_schema_problems_of_all_files_are_reported_together(tmp_path):
    problems = problems_after(
        tmp_path,
        ("plan.yaml", "city: 根河市", "city: [根河市]"),
        ("places.yaml", "kind: town", "kind: village"),
        (CH, "number: 3", "number: three"),
    )
    assert [(p.file, p.path) for p in problems] == [
        ("plan_data/chapters/ch03.yaml", "number"),
        ("plan_data/places.yaml", "places[0].kind"),
        ("plan_data/plan.yaml", "city"),
    ]


def test_reference_and_fidelity_problems_are_reported_together(tmp_path):
    problems = problems_after(
        tmp_path, (CH, "department: eco", "department: huanbaoju"), ("targets.yaml", "quote: 到2025年", "quote: 到2026年")
    )
    assert {(p.file, p.path) for p in problems} == {
        ("plan_data/chapters/ch03.yaml", "sections[0].paragraphs[0].lead.department"),
        ("plan_data/targets.yaml", "targets[0].quote"),
    }


def test_every_required_file_missing_is_reported(tmp_path):
    data_dir = copy_of(TINY, tmp_path)
    for name in ("conflicts.yaml", "errata.yaml"):
        (data_dir / name).unlink()
    with pytest.raises(PlanDataError) as info:
        load_plan(data_dir)
    assert [(p.file, p.line, p.message) for p in info.value.problems] == [
        ("plan_data/conflicts.yaml", 1, "缺少必需的数据文件"),
        ("plan_data/errata.yaml", 1, "缺少必需的数据文件"),
    ]


def test_required_files_have_a_model():
    assert all(model_for(f"plan_data/{name}") is not None for name in REQUIRED)


@pytest.mark.parametrize(
    ("rel", "model"),
    [
        ("plan_data/plan.yaml", S.PlanFile),
        ("plan_data/chapters/ch05.yaml", S.ChapterFile),
        ("plan_data/targets.yaml", S.TargetsFile),
        ("plan_data/notes.yaml", None),
        ("plan_data/schema/plan.yaml", None),
    ],
)
def test_model_for(rel, model):
    assert model_for(rel) is model


ZERO = "schema.check_date tests `month and …` / `if day:`, so month 00 and day 00 (falsy) are never checked and pass"


@pytest.mark.parametrize("value", ["2025", "2025-12", "2025-12-31", "2024-02-29", "2020", "2035-01-01", None])
def test_check_date_accepts(value):
    assert S.check_date(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-13-01", "月份 13 不存在"),
        ("2023-02-30", "2023-02-30 不存在"),
        ("2040", "2040 超出"),
        ("2019-12", "2019 超出"),
        ("2025/12", "格式不对"),
        ("二〇二五", "格式不对"),
        ("2025-1-1", "格式不对"),
        pytest.param("2025-00", "月份 0 不存在"),
        pytest.param("2025-12-00", "不存在"),
    ],
)
def test_check_date_rejects(value, message):
    with pytest.raises(ValueError, match=message):
        S.check_date(value)


# ------------------------------------------------------------------ the report
def test_problem_text_starts_with_file_line_column():
    p = Problem("plan_data/places.yaml", 6, 7, "places[1].id", "格式不对", "只用小写字母")
    assert str(p) == "plan_data/places.yaml:6:7: places[1].id: 格式不对\n    提示: 只用小写字母"
    assert str(Problem("plan_data/x.yaml", 1, 1, "", "文件是空的")) == "plan_data/x.yaml:1:1: (文件): 文件是空的"


def test_report_counts_sorts_and_deduplicates():
    b = Problem("plan_data/b.yaml", 2, 1, "x", "m")
    a = Problem("plan_data/a.yaml", 9, 1, "y", "m")
    err = PlanDataError([b, a, b])
    assert err.problems == [a, b]
    lines = err.report().splitlines()
    assert "2 处错误" in lines[0] and lines[1:] == [str(a), str(b)]
    assert str(err) == err.report()


# ------------------------------------------------------------------ BOM (positive)
def test_files_saved_with_a_bom_are_accepted(tmp_path):
    """Windows Notepad saves “UTF-8 with BOM”; that is still valid data, and lines do not shift."""
    data_dir = copy_of(DATA, tmp_path)
    for rel in ("plan.yaml", "chapters/ch05.yaml", "targets.yaml", "places.yaml"):
        path = data_dir / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    plan = load_plan(data_dir)
    assert len(plan.chapters) == len(load_plan(DATA).chapters)


def test_problem_lines_in_a_bom_file_are_not_shifted(tmp_path):
    data_dir = copy_of(TINY, tmp_path)
    path = data_dir / "places.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"kind: town", b"kind: village"))
    with pytest.raises(PlanDataError) as info:
        load_plan(data_dir)
    (p,) = info.value.problems
    assert (p.file, p.line, p.column, p.path) == ("plan_data/places.yaml", 4, 9, "places[0].kind")


# ------------------------------------------------------------------ the CLI, end to end
def test_cli_check_passes_on_the_real_data():
    done = run_cli("--data", str(DATA), "check")
    assert done.returncode == 0, done.stderr
    assert "规划数据无误" in done.stdout
    assert "Traceback" not in done.stderr


def test_cli_reports_errors_in_two_files_at_once_without_a_traceback(tmp_path):
    data_dir = copy_of(DATA, tmp_path)
    edit(data_dir, "places.yaml", "- id: manggui\n", "- id: Manggui\n")
    edit(data_dir, "indicators.yaml", "  attribute: 约束性\n", "")
    done = run_cli("--data", str(data_dir), "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert "2 处错误" in lines[0]
    assert any(line.startswith("plan_data/places.yaml:") and "Manggui" in line for line in lines), done.stderr
    assert any(line.startswith("plan_data/indicators.yaml:") and "attribute: 缺少必填项" in line for line in lines), done.stderr


def test_cli_on_a_folder_without_data_lists_the_missing_files(tmp_path):
    empty = tmp_path / "plan_data"
    empty.mkdir()
    done = run_cli("--data", str(empty), "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert all(f"plan_data/{name}:1:1:" in done.stderr for name in REQUIRED)
