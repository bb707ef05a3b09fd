"""The evaluation (issue 30): the indicator rule per target kind of 专栏1, the rows against the status
model, the .docx and .xlsx read back, --dept, determinism, and the site's page and downloads.

Reports: the fictional ones of tests/fixtures/progress/ plus tests/fixtures/evaluation/rp-2025-h1
(as of 2025-06-30: ind-16 91.8 已完成, t06-2-01 已完成 in rp-2024-annual, kp-07-2 滞后).
The LibreOffice rendering of the site's documents is in tests/test_evaluation_office.py (full tier).
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import shutil
import zipfile
from collections import defaultdict
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import data_with_reports

from genhe_plan.cli import main
from genhe_plan.export.evaluation import departments, evaluation_files, evaluation_paths
from genhe_plan.input import schema as S
from genhe_plan.model import load_plan
from genhe_plan.pages.evaluation import evaluation_page
from genhe_plan.present import urls
from genhe_plan.progress import evaluation as ev
from genhe_plan.progress import status as st

ROOT = Path(__file__).resolve().parent.parent
H1 = ROOT / "tests" / "fixtures" / "evaluation" / "rp-2025-h1.yaml"
ON = datetime.date(2025, 6, 30)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    target = data_with_reports(tmp_path_factory.mktemp("evaluation") / "plan_data")
    shutil.copy(H1, target / "progress" / H1.name)
    return target


@pytest.fixture(scope="module")
def plan(data):
    return load_plan(data)


@pytest.fixture(scope="module")
def written(data, tmp_path_factory) -> dict[str, Path]:
    """The command's documents: the whole plan (with the workbook) and forestry's."""
    out = tmp_path_factory.mktemp("documents")
    files = {"all": out / "评估.docx", "xlsx": out / "评估.xlsx", "forestry": out / "林草.docx"}
    common = ["--data", str(data), "evaluation", "--report", "rp-2025-h1"]
    assert main([*common, "--out", str(files["all"]), "--xlsx", str(files["xlsx"])]) == 0
    assert main([*common, "--dept", "forestry", "--out", str(files["forestry"])]) == 0
    return files


# ---------------------------------------------------------------- the rule, one test per kind of 专栏1
def with_value(plan, ind_id: str, value: float | None, **changes):
    """A new Plan (the status model remembers per Plan object) in which one report, as of ON, gives the
    indicator ``value`` (None: no report mentions it); ``changes`` replace fields of the indicator."""
    ind = plan.indicator(ind_id).model_copy(update=changes)
    progress = defaultdict(list, {k: v for k, v in plan.progress_of.items() if k != ind_id})
    reports = list(plan.reports)
    if value is not None:
        entry = S.ProgressEntry(item=ind_id, status="on_track", value=value, unit=ind.unit, evidence="测试原话。")
        r = S.ReportFile(
            id="rp-test",
            kind="其他",
            title="测试报告",
            issuer="测试",
            date="2025-07",
            as_of="2025-06-30",
            source={"document": "测试"},
            entries=[entry],
        )
        progress[ind_id] = [(r, entry)]
        reports.append(r)
    indicators = [ind if i.id == ind_id else i for i in plan.indicators]
    return dataclasses.replace(plan, progress_of=progress, reports=reports, indicators=indicators, by_id={**plan.by_id, ind_id: ind})


def outcome(plan, ind_id, value, **changes) -> ev.Outcome:
    p = with_value(plan, ind_id, value, **changes)
    return ev.outcome(p, p.indicator(ind_id), ON)


def test_signed_target_ge_25(plan):
    assert plan.indicator("ind-20").target_2025 == "≥25"
    assert outcome(plan, "ind-20", 25).label == ev.REACHED
    assert outcome(plan, "ind-20", 24.9).label == ev.MISSED
    assert "≥25" in outcome(plan, "ind-20", 30).basis


def test_bare_number_takes_the_plan_targets_sign(plan):
    assert plan.indicator("ind-16").target_2025 == "91.76"
    assert outcome(plan, "ind-16", 91.8).label == ev.REACHED
    assert outcome(plan, "ind-16", 91.75).label == ev.MISSED
    assert "tg-" in outcome(plan, "ind-16", 91.8).basis  # says which plan target gave the direction


@pytest.mark.parametrize("ind_id", ["ind-03", "ind-19", "ind-21"])
def test_zero_means_not_above_zero(plan, ind_id):
    assert plan.indicator(ind_id).target_2025 == "0"
    assert outcome(plan, ind_id, 0).label == ev.REACHED
    assert outcome(plan, ind_id, 0.3).label == ev.MISSED


def test_absent_means_zero(plan):
    assert plan.indicator("ind-06").target_2025 == "不出现"
    assert outcome(plan, "ind-06", 0).label == ev.REACHED
    assert outcome(plan, "ind-06", 1).label == ev.MISSED


def test_not_lower_compares_with_the_2020_value_and_cannot_without_one(plan):
    assert (plan.indicator("ind-14").target_2025, plan.indicator("ind-14").baseline_2020) == ("不降低", "")
    o = outcome(plan, "ind-14", 20)
    assert o.label == ev.NOT_NUMERIC and "2020 年现状值" in o.basis  # the plan's 2020 cell is empty
    assert outcome(plan, "ind-14", 20, baseline_2020="20").label == ev.REACHED
    assert outcome(plan, "ind-14", 19.9, baseline_2020="20").label == ev.MISSED


def test_stable_is_not_numerically_comparable(plan):
    assert plan.indicator("ind-15").target_2025 == "保持稳定"
    for value in (78.5, 10, 99):
        assert outcome(plan, "ind-15", value).label == ev.NOT_NUMERIC


def test_upper_level_target_is_not_numerically_comparable(plan):
    upper = [i.id for i in plan.indicators if i.target_2025 == "完成上级目标任务"]
    assert len(upper) == 13
    for ind_id in upper:
        o = outcome(plan, ind_id, 100)
        assert o.label == ev.NOT_NUMERIC and "需以上级考核结果为准" in o.basis


def test_reduction_indicator_with_a_number_is_at_least(plan):
    """专栏1 writes 完成上级目标任务 for every reduction; a number there would be the reduction's size."""
    assert outcome(plan, "ind-10", 18, target_2025="18").label == ev.REACHED
    assert outcome(plan, "ind-10", 10, target_2025="18").label == ev.MISSED
    assert outcome(plan, "ind-19", 1, target_2025="18").label == ev.NOT_NUMERIC  # no direction written


def test_no_report_is_no_report(plan):
    assert outcome(plan, "ind-20", None).label == ev.NO_REPORT


def test_every_indicator_gets_an_outcome_that_agrees_with_the_progress_comparison(plan):
    e = ev.evaluate(plan, "rp-2025-h1")
    for ind_id, o in e.outcomes.items():
        c = st.state(plan, ind_id, ON).comparison
        assert (o.label in (ev.REACHED, ev.MISSED)) == (c is not None)
        if c is not None:
            assert (o.label == ev.REACHED) == c.met


# ---------------------------------------------------------------- the document read back
def tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def rows_by_id(table: list[list[str]], col: int = 0) -> dict[str, list[str]]:
    return {row[col]: row for row in table[1:] if len(set(row)) > 1}  # group rows are one merged cell


def test_document_holds_every_indicator_task_and_project_with_the_states(plan, written):
    t = tables(written["all"])
    assert t[0][0] == ev.INDICATOR_HEAD and t[1][0] == ev.TASK_HEAD and t[2][0] == ev.PROJECT_HEAD
    indicators = {row[0]: row for row in t[0][1:]}
    assert sorted(indicators, key=int) == [str(i.number) for i in plan.indicators]  # all 21
    states = st.states(plan, ON)
    forest = indicators["16"]
    assert forest[6].startswith("91.8%（截至2025年6月30日") and forest[7] == "已完成" and forest[8] == "达到"
    for ind in plan.indicators:
        assert indicators[str(ind.number)][7] == ev.state_text(states[ind.id])
    tasks, projects = rows_by_id(t[1]), rows_by_id(t[2])
    assert set(tasks) == {x.id for x in plan.tasks} and set(projects) == set(plan.projects)
    assert tasks["t06-2-01"][4] == "已完成" and "集中式饮用水水源地规范化建设已完成" in tasks["t06-2-01"][5]
    assert projects["kp-07-2"][3] == "滞后" and "进度滞后" in projects["kp-07-2"][4]
    for ident, row in [*tasks.items(), *projects.items()]:
        assert row[len(row) - 3 if ident in projects else 4] == ev.state_text(states[ident])
    assert projects["kp-07-2"][2] == ev.deadline_cell(states["kp-07-2"].deadline)


def test_document_counts_and_carry_over_come_from_the_rows(plan, written):
    e = ev.evaluate(plan, "rp-2025-h1")
    t = tables(written["all"])
    counts = t[3]
    assert counts[0] == e.counts_head and counts[1:] == e.counts
    assert [int(x) for x in counts[1][1:-1]] == [sum(st.states(plan, ON)[i].key == k for i in e.indicator_ids) for k in st.STATE_LABEL]
    carry = t[7]
    assert carry[0] == ev.CARRY_HEAD
    carried = {row[1] for row in carry[1:]}
    assert "kp-07-2" in carried and "ind-03" in carried  # 滞后; 0.3 against 0
    assert "t06-2-01" not in carried and "ind-16" not in carried  # 已完成; 达到


def test_account_is_counts_only(plan):
    e = ev.evaluate(plan, "rp-2025-h1")
    assert "21 项主要指标中，5 项有报告值，其中 2 项达到 2025 年目标值、1 项未达到" in e.account[1]
    assert "13 项目标为“完成上级目标任务”，需以上级考核结果为准" in e.account[1]


def test_findings_touching_an_indicator_are_noted(plan, written):
    rows = rows_by_id(tables(written["all"])[0])
    assert "cf-01" in rows["20"][9]  # 60 % and 25 % for the same rate: noted, not resolved
    findings = tables(written["all"])[-1]
    assert findings[0] == ev.FINDING_HEAD and any(r[0] == "cf-01" for r in findings[1:])


def test_department_document_has_only_its_rows(plan, written):
    tasks, projects, indicators = ev.department_scope(plan, "forestry")
    t = tables(written["forestry"])
    assert {plan.indicators[int(r[0]) - 1].id for r in t[0][1:]} == indicators
    assert set(rows_by_id(t[1])) == tasks and set(rows_by_id(t[2])) == projects
    assert "t08-1-01" in tasks and "kp-07-2" in projects and "t06-2-01" not in tasks
    assert all(r[0] == "林业和草原部门" for r in t[5][1:])  # 按部门统计: its own rows (牵头, 配合)


def test_workbook_has_the_same_tables(plan, written):
    wb = openpyxl.load_workbook(written["xlsx"])
    e = ev.evaluate(plan, "rp-2025-h1")
    sheet = [[c if c is not None else "" for c in row] for row in wb["指标完成情况"].iter_rows(values_only=True)]
    assert sheet == [ev.INDICATOR_HEAD, *e.indicators]
    assert wb["主要任务完成情况"].max_row == 1 + len(plan.tasks)


def test_documents_are_byte_identical_and_dated_by_the_data(plan):
    e = ev.evaluate(plan, "rp-2025-h1")
    from genhe_plan.export.evaluation_docx import evaluation_docx

    first, second = evaluation_docx(e), evaluation_docx(ev.evaluate(plan, "rp-2025-h1"))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(first)).core_properties
    assert props.created == props.modified == datetime.datetime(2025, 6, 30, tzinfo=datetime.UTC)


def test_layout_is_the_official_format(written):
    d = docx.Document(str(written["all"]))
    portrait, landscape = d.sections[0], d.sections[1]
    assert (round(portrait.page_width.mm), round(portrait.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (portrait.top_margin, portrait.bottom_margin, portrait.left_margin, portrait.right_margin)] == [
        37,
        35,
        28,
        26,
    ]
    assert (round(landscape.page_width.mm), round(landscape.page_height.mm)) == (297, 210)
    width = landscape.page_width - landscape.left_margin - landscape.right_margin
    for table in d.tables:
        assert abs(sum(c.width for c in table.columns) - width) < 36000  # within 1 mm of the text width
    assert d.paragraphs[0].style.name == "公文标题"


def test_unknown_report_or_department_is_said_in_chinese(data, capsys, tmp_path):
    assert main(["--data", str(data), "evaluation", "--report", "rp-none", "--out", str(tmp_path / "x.docx")]) == 1
    assert "没有 id 为 rp-none 的报告" in capsys.readouterr().err
    assert main(["--data", str(data), "evaluation", "--report", "rp-2025-h1", "--dept", "nobody", "--out", str(tmp_path / "x.docx")]) == 1
    assert "没有 id 为 nobody 的部门" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()


def test_as_of_moves_the_status_date(data, tmp_path):
    out = tmp_path / "late.docx"
    assert main(["--data", str(data), "evaluation", "--report", "rp-2025-h1", "--as-of", "2025-12-31", "--out", str(out)]) == 0
    rows = rows_by_id(tables(out)[0])
    assert rows["16"][6].startswith("91.7%") and rows["16"][8] == ev.MISSED  # rp-2025-final counts now


# ---------------------------------------------------------------- the site's page and files
def test_page_shows_the_tables_and_links_the_downloads(plan):
    r = next(r for r in plan.reports if r.id == "rp-2025-final")
    page = evaluation_page(plan, r)
    assert 'class="evaluation-print"' in page and "window.print()" in page
    assert urls.rel(urls.evaluation(r.id), urls.evaluation_file(r.id, "docx")) in page
    assert urls.rel(urls.evaluation(r.id), urls.evaluation_file(r.id, "docx", "forestry")) in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page  # the report's title is data


def test_files_are_the_paths_the_pages_name(slow, plan):
    one = dataclasses.replace(plan, reports=[r for r in plan.reports if r.id == "rp-2022-annual"])
    files = evaluation_files(one)
    assert sorted(files) == evaluation_paths(one)
    assert len(files) == 2 + len(departments(one))
    assert docx.Document(io.BytesIO(files[urls.evaluation_file("rp-2022-annual", "docx", "forestry")])).tables
