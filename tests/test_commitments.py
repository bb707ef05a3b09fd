"""Commitment coverage (genhe_plan.audit.commitments): what counts as a dated or quantified clause, and the
check that every such clause is a target or reviewed — passing on the real data, failing on a copy
with one review entry removed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from genhe_plan.audit import commitments as C
from genhe_plan.model import load_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plan_data"


def test_a_year_governs_the_rest_of_its_sentence_after_a_semicolon():
    text = "到 2023 年，一次性塑料制品消费量明显减少；形成一批可复制的模式。另一句没有年份。"
    got = C.parts(text)
    assert [p for p, _, _ in got] == ["到 2023 年，一次性塑料制品消费量明显减少", "形成一批可复制的模式"]
    assert got[1][1][0] == "承接上文年份" and got[1][2] == ["形成一批可复制的模式"]


def test_every_piece_from_the_year_on_must_be_covered_but_not_the_year_itself():
    (part,) = C.parts("加强管理，到2025年，噪声排放全面达标，声环境质量管理体系不断完善。")
    assert part[2] == ["噪声排放全面达标", "声环境质量管理体系不断完善"]


def test_a_number_with_a_unit_is_a_mark_but_a_hotline_is_not():
    assert C.marks_of("森林抚育 200 公顷") == ["200 公顷"]
    assert C.marks_of("畅通政府“12345”举报热线") == []
    assert C.parts("畅通政府“12345”举报热线。") == []


def test_the_real_plan_is_fully_covered(plan):
    assert [(c.where, c.line, c.missing) for c in C.uncovered(plan)] == []
    covered, total = C.recall(plan)
    assert total >= 85 and covered / total >= 0.99


def test_the_issue_examples_are_targets(plan):
    quotes = [t.quote for t in plan.targets if t.kind == "target"]
    assert any("声环境质量管理体系不断完善" in q for q in quotes)
    assert any("形成一批可复制、可推广的塑料减量和绿色物流模式" in q for q in quotes)


def test_reviewed_pieces_are_reported_as_not_commitments(plan):
    report = C.report(plan)
    assert "非承诺（ongoing）：严厉打击黑加油站和非标油生产企业" in report
    assert "未覆盖 0 个" in report.splitlines()[-1]


def _copy_without_review(tmp_path: Path, piece: str) -> Path:
    data = tmp_path / "plan_data"
    shutil.copytree(DATA, data)
    path = data / "commitments_reviewed.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line == f"- text: {piece}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines) - 1)
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    return data


def test_an_unlisted_clause_fails_the_check(tmp_path):
    data = _copy_without_review(tmp_path, "严厉打击黑加油站和非标油生产企业")
    missing = C.uncovered(load_plan(data))
    assert [(c.where, c.missing) for c in missing] == [("t05-2-04", ["严厉打击黑加油站和非标油生产企业"])]
    for cmd in ("commitments", "check"):
        done = subprocess.run(
            [sys.executable, "-m", "genhe_plan", "--data", str(data), cmd], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1, cmd
        assert "严厉打击黑加油站和非标油生产企业" in done.stdout + done.stderr
