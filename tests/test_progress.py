"""Progress reports: model, status computation at fixed dates, pages and open data.

The real plan_data/progress/ holds no report; the fictional reports in tests/fixtures/progress/
(three reports, every status) are copied into a temporary plan_data for these tests.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from genhe_plan import export
from genhe_plan.export.tables import BOM
from genhe_plan.input import schema as S
from genhe_plan.model import load_plan
from genhe_plan.pages.badges import entry_badge
from genhe_plan.pages.chart import indicator_chart
from genhe_plan.pages.progress import NO_REPORTS, progress_nav, progress_pages
from genhe_plan.progress import status as st

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "progress"
LATE_2026 = datetime.date(2026, 11, 1)


@pytest.fixture(scope="module")
def with_reports(tmp_path_factory):
    data = tmp_path_factory.mktemp("progress") / "plan_data"
    shutil.copytree(ROOT / "plan_data", data)
    for f in sorted(FIXTURES.glob("*.yaml")):
        shutil.copy(f, data / "progress" / f.name)
    return load_plan(data), data


def test_real_data_has_no_report(plan):
    assert plan.reports == []
    assert sorted(p.name for p in (ROOT / "plan_data" / "progress").iterdir()) == ["README.md"]


def test_fixtures_use_every_status_and_load_in_time_order(with_reports):
    plan, _ = with_reports
    assert {e.status for r in plan.reports for e in r.entries} == set(S.STATUS_LABEL)
    assert [r.id for r in plan.reports] == ["rp-2022-annual", "rp-2023-mid", "rp-2024-annual", "rp-2025-final"]
    assert [r.id for r, _ in plan.progress_of["ind-16"]] == ["rp-2023-mid", "rp-2025-final"]


def test_data_date_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795925635")
    assert st.data_date() == datetime.date(2026, 11, 29)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert st.data_date() == datetime.date(2022, 8, 1)


def test_latest_status_is_relative_to_the_date(with_reports):
    plan, _ = with_reports
    assert st.latest_status(plan, "ind-16", datetime.date(2023, 6, 1)) == st.UNREPORTED
    assert st.latest_status(plan, "ind-16", datetime.date(2024, 1, 1)) == "on_track"
    assert st.latest_status(plan, "ind-16", LATE_2026) == "mostly_done"
    assert st.latest_status(plan, "t03-1-01", LATE_2026) == st.UNREPORTED  # never inferred


def test_overdue_without_reports_at_fixed_dates(plan):
    assert st.overdue(plan, datetime.date(2021, 7, 1)) == []
    first = st.overdue(plan, datetime.date(2021, 7, 2))
    owners = [("task", plan.by_id["tg-006"].task), ("project", plan.by_id["tg-006"].project)]  # their earliest deadline
    assert [(s.kind, s.item) for s in first] == [("target", "tg-006"), *owners]
    late = st.overdue(plan, LATE_2026)
    assert {s.kind for s in late} == {"target", "indicator", "task", "project"} and len({s.item for s in late}) == len(late)
    assert "tg-001" not in {s.item for s in late}  # due 2035
    assert st.passed_not_done(plan, LATE_2026) == []  # no report: nothing reported late


def test_the_overdue_list_is_exactly_the_records_shown_overdue(with_reports):
    plan, _ = with_reports
    for on in (datetime.date(2021, 7, 2), datetime.date(2023, 1, 1), LATE_2026):
        states = st.states(plan, on)
        shown = {i for i, s in states.items() if s.key == st.OVERDUE}
        assert {s.item for s in st.overdue(plan, on)} == shown
        assert all(s.basis == st.NONE and s.passed and s.entry is None for s in st.overdue(plan, on))
        assert all(s.entry and s.passed and s.status != "done" for s in st.passed_not_done(plan, on))
        assert not shown & {s.item for s in st.passed_not_done(plan, on)}


def test_states_with_reports(with_reports):
    plan, _ = with_reports
    states = st.states(plan, LATE_2026)
    assert set(states) == {i for _, i in st.reportable_items(plan)}
    late = {s.item for s in st.overdue(plan, LATE_2026)}
    assert (states["tg-053"].key, states["tg-053"].basis) == ("done", st.REPORTED)
    tg058 = states["tg-058"]  # its task t09-7-02 reported 已完成: covered, never 未见报告
    assert (tg058.key, tg058.basis, tg058.via, tg058.link) == ("done", st.COVERED, "t09-7-02", "task")
    assert "ind-16" not in late and "ind-20" not in late and "tg-058" not in late
    tg007 = states["tg-007"]  # only a report from before its deadline, not done: reported, and late
    assert (tg007.key, tg007.basis, tg007.late) == ("not_started", st.REPORTED, True)
    assert states["ind-03"].key == "delayed" and states["ind-03"] in st.passed_not_done(plan, LATE_2026)
    assert states["tg-006"].key == st.OVERDUE and "tg-006" in late
    assert states["t03-1-01"].basis == st.NONE and states["t03-1-01"].entry is None  # never inferred from anything unlinked


def test_a_target_is_covered_by_its_task_project_and_indicator(with_reports):
    plan, _ = with_reports
    states = st.states(plan, LATE_2026)
    tg018 = states["tg-018"]  # task t06-2-01 reported 已完成, the target not mentioned
    assert (tg018.key, tg018.basis, tg018.via) == ("done", st.COVERED, "t06-2-01")
    tg017 = states["tg-017"]  # task (按进度推进) and project (基本完成) in one report: the task comes first
    assert (tg017.key, tg017.via, tg017.link) == ("on_track", "t05-1-01", "task")
    forest = [t.id for t in plan.targets_measuring["ind-16"] if t.kind == "target"]
    assert forest and all(states[t].via == "ind-16" and states[t].key == "mostly_done" for t in forest)
    compared = [states[t].comparison for t in forest if states[t].comparison]
    assert compared and all((c.met, c.value, c.item) == (False, 91.7, "ind-16") for c in compared)  # computed, labelled apart
    assert states["ind-16"].comparison.label == "未达到目标值" and states["ind-16"].status == "mostly_done"
    implemented = [t for t in plan.projects["kp-02-1"].tasks if not plan.progress_of.get(t)]
    assert implemented and all(states[t].key == "unknown" and states[t].link == "implements" for t in implemented)


def test_a_newer_direct_report_wins_and_dates_count(with_reports):
    plan, _ = with_reports
    assert st.state(plan, "ind-16", datetime.date(2024, 1, 1)).key == "on_track"
    assert st.state(plan, "ind-16", datetime.date(2023, 6, 1)).key == st.UNREPORTED  # the 2023 report is not known yet
    assert st.state(plan, "tg-053", datetime.date(2024, 1, 1)).entry[0].id == "rp-2023-mid"


def test_indicator_series_and_flags(with_reports):
    plan, _ = with_reports
    s = st.indicator_series(plan, "ind-16", LATE_2026)
    assert [(p.kind, p.value) for p in s.points] == [("baseline", 91.75), ("report", 91.76), ("report", 91.7), ("target", 91.76)]
    assert (s.comparator, s.target, s.misses, s.flagged) == ("ge", 91.76, True, True)
    assert st.indicator_series(plan, "ind-16", datetime.date(2024, 1, 1)).flagged is False
    assert st.indicator_series(plan, "ind-03", LATE_2026).flagged is True  # 0.3 against a target of 0
    ind20 = st.indicator_series(plan, "ind-20", LATE_2026)
    assert (ind20.comparator, ind20.misses, ind20.flagged) == ("ge", True, False)  # 预期性: not flagged
    ind01 = st.indicator_series(plan, "ind-01", LATE_2026)
    assert (ind01.comparator, ind01.misses, ind01.flagged) == (None, None, False)  # 完成上级目标任务


def test_rollups_count_every_item_once(with_reports):
    plan, _ = with_reports
    roll = st.rollup(plan, LATE_2026)
    assert sum(roll.overall.values()) == len(st.reportable_items(plan))
    states = st.states(plan, LATE_2026)
    assert roll.overall == {k: sum(s.key == k for s in states.values()) for k in st.STATE_ORDER}
    assert roll.overall["done"] == 5 and roll.overall["delayed"] == 1  # t09-7-02, tg-053, t06-2-01 and the covered tg-058, tg-018
    assert sum(sum(c.values()) for c in roll.by_department.values()) == sum(1 for t in plan.tasks if t.lead)
    assert roll.by_chapter["ch09"]["done"] == 3  # t09-7-02, tg-053 and tg-058 (through t09-7-02)
    assert roll.by_indicator["ind-16"]["mostly_done"] == 3  # the indicator and the two targets measuring it


def test_progress_page_without_reports_says_so(plan):
    pages = progress_pages(plan, LATE_2026)
    assert set(pages) == {"progress/index.md"}
    page = pages["progress/index.md"]
    assert NO_REPORTS in page
    assert "期限已过，未见报告" in page and "(../plan/ch03.md#tg-006)" in page  # a target links to its own line
    assert "2021年7月1日" in page and "截至数据日期 2026年11月1日" in page
    assert "## 计算规则 {#rules}" in page and all(rule in page for rule in st.RULES)
    assert progress_nav(plan) == ["progress/index.md"]


def test_progress_pages_with_reports(with_reports):
    plan, _ = with_reports
    pages = progress_pages(plan, LATE_2026)
    assert set(pages) == {"progress/index.md", *(f"progress/{r.id}.md" for r in plan.reports)}
    index = pages["progress/index.md"]
    assert NO_REPORTS not in index and "约束性指标未达目标" in index
    assert "<script>" not in "".join(pages.values())  # the fixture title carries a script tag
    final = pages["progress/rp-2025-final.md"]
    said = next((r, e) for r, e in plan.progress_of["ind-16"] if r.id == "rp-2025-final")
    assert (
        entry_badge(*said) in final and 'data-report="rp-2025-final"' in entry_badge(*said) and "“森林覆盖率为91.7%，接近目标。”" in final
    )
    assert 'href="https://example.org/test/2025-final.pdf?a=1&amp;b=2"' in final


def test_indicator_chart_is_svg_with_a_table(with_reports):
    plan, _ = with_reports
    chart = indicator_chart(plan, "ind-16", LATE_2026)
    assert chart.count("<svg") == 1 and 'role="img"' in chart and "<table" in chart
    assert chart.count("<tr>") == 5  # header + baseline + two reports + target
    assert "约束性指标：最新报告值未达到目标" in chart
    assert "<svg" not in indicator_chart(plan, "ind-01", LATE_2026)  # nothing numeric to draw: table only


def test_exports_show_the_reports(with_reports):
    plan, data = with_reports
    files = export.export_files(plan, data)
    assert files == export.export_files(plan, data)
    rows = list(csv.DictReader(io.StringIO(files["data/progress.csv"].decode("utf-8-sig"), newline="")))
    assert files["data/progress.csv"].startswith(BOM)
    assert len(rows) == sum(len(r.entries) for r in plan.reports)
    assert rows[1]["item_id"] == "ind-16" and rows[1]["value"] == "91.76" and rows[1]["status_label"] == "按进度推进"
    doc = json.loads(files["data/plan.json"])
    assert [r["id"] for r in doc["reports"]] == [r.id for r in plan.reports]
    assert "ReportFile" in json.loads(files["data/schema.json"])["$defs"]
    package = json.loads(files["data/datapackage.json"])
    assert {"progress", "plan-sqlite"} <= {r["name"] for r in package["resources"]}


def test_sqlite_has_foreign_keys_and_full_text_search(with_reports, tmp_path):
    plan, data = with_reports
    db = tmp_path / "plan.sqlite"
    db.write_bytes(export.export_files(plan, data)["data/plan.sqlite"])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == len(plan.tasks)
    assert conn.execute("SELECT count(*) FROM progress").fetchone()[0] == sum(len(r.entries) for r in plan.reports) == 13
    hits = conn.execute("SELECT kind, id FROM search WHERE search MATCH '医疗废物'").fetchall()
    assert ("target", "tg-053") in hits and ("progress", "rp-2023-mid/tg-053") in hits
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO progress (report_id, item_type, item_id, status, evidence) VALUES ('rp-none', 'task', 'x', 'done', 'e')")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"tasks", "targets", "indicators", "departments", "places", "links", "reports", "progress", "search"} <= tables


def test_sqlite_without_reports_is_stable(plan):
    assert (
        export.export_files(plan, ROOT / "plan_data")["data/plan.sqlite"]
        == export.export_files(plan, ROOT / "plan_data")["data/plan.sqlite"]
    )
