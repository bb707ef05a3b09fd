"""Progress shown where people look: status badges on task, target, indicator and project views, the
task finder's 进展 filter (with URL state), the timeline's passed deadlines and the indicator chart.

Fast tests generate pages from the model with the fictional fixture reports (tests/fixtures/progress)
at fixed build dates; browser tests build the site with those reports and use it in real Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PROGRESS_EPOCH as LATE_2026  # 2026-11-29: every 2021–2025 deadline has passed
from conftest import data_with_reports

from genhe_plan.model import load_plan
from genhe_plan.pages import generate
from genhe_plan.pages.badges import BADGE_LABEL, FINDER_STATUSES, OVERDUE
from genhe_plan.present import urls

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "progress"
EARLY_2023 = "1672531200"  # 2023-01-01: 2022 deadlines passed, 2025 ones not


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    return load_plan(data_with_reports(tmp_path_factory.mktemp("views") / "plan_data"))


@pytest.fixture
def pages_at(monkeypatch):
    def make(plan, epoch: str) -> dict[str, str]:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        return generate(plan)

    return make


def badge(html: str, label: str) -> bool:
    return re.search(r'class="status status-[a-z_]+"[^>]*>' + re.escape(label) + "<", html) is not None


def block_of(page: str, anchor: str) -> str:
    """The chapter-page block of a task, from its heading to the next task heading."""
    start = page.index("{#" + anchor + " ")
    nxt = page.find(" .task-title}", start + 20)
    return page[start : nxt if nxt > 0 else len(page)]


def test_task_target_indicator_and_project_views_show_the_reported_status(reported, pages_at):
    pages = pages_at(reported, LATE_2026)
    chapter = pages[urls.chapter(reported.where["t09-7-02"].chapter.id)]
    task = block_of(chapter, "t09-7-02")
    assert "**进展**：" in task and badge(task, "已完成")
    assert 'href="../../progress/rp-2025-final/"' in task or "progress/rp-2025-final" in task  # links to its report
    ind = pages[urls.indicator("ind-16")]
    assert "| 进展 | " in ind and badge(ind, "基本完成")
    assert "## 进展" in ind and "<svg" in ind and "<table" in ind  # the chart with its data table
    lead = reported.paragraphs["t09-7-02"].lead.department  # the department sheet shows it too
    sheet = pages[urls.department(lead)]
    assert "| 依据 | 进展 |" in sheet and badge(sheet, "已完成")
    for b in reported.boxes:  # every project section carries its mark
        box = pages[urls.box(b.id)]
        assert box.count("**进展：**") == len(b.projects) and box.count('class="status status-') >= len(b.projects)


def test_a_passed_deadline_without_report_says_so_and_a_future_one_does_not(reported, pages_at):
    early = pages_at(reported, EARLY_2023)[urls.TIMELINE]
    late = pages_at(reported, LATE_2026)[urls.TIMELINE]
    section = lambda page, year: page.split(f"## {year}年", 1)[1].split("\n## ", 1)[0]  # noqa: E731
    assert "期限已过" in section(early, 2022) and "期限已过" not in section(early, 2025)
    assert badge(section(late, 2025), BADGE_LABEL[OVERDUE])
    assert badge(section(early, 2025), "无报告") and not badge(section(early, 2025), BADGE_LABEL[OVERDUE])


def finder_records(page: str) -> list[dict]:
    return json.loads(re.search(r'<script type="application/json" id="tf-data">(.*?)</script>', page, re.S)[1])


def test_task_finder_offers_every_status_and_carries_each_tasks_status(reported, plan, pages_at):
    page = pages_at(reported, LATE_2026)[urls.TASKS]
    assert all(f'<option value="{k}">' in page for k in FINDER_STATUSES)
    records = {r["id"]: r["status"] for r in finder_records(page)}
    assert records["t09-7-02"] == "done"
    assert set(records.values()) <= set(FINDER_STATUSES)
    real = {r["status"] for r in finder_records(pages_at(plan, LATE_2026)[urls.TASKS])}
    assert real == {OVERDUE, "unreported"}  # no report published: nothing but the two marks, never a status


# ------------------------------------------------------------------ in the browser
def test_finder_filters_by_status_and_keeps_it_in_the_url(progress_site, watched):
    page = watched.page
    page.goto(progress_site + urls.html_path(urls.TASKS) + "?status=done", wait_until="load")
    page.wait_for_function("() => document.getElementById('tf-count').textContent.length > 0")
    shown = page.locator(".task-finder tbody tr:not([hidden])")
    assert shown.count() >= 1
    assert all(t == "已完成" for t in shown.locator("td:last-child .status").all_inner_texts())
    page.select_option("#tf-status", OVERDUE)
    page.wait_for_function("() => location.search.includes('status=overdue')")
    texts = page.locator(".task-finder tbody tr:not([hidden]) td:last-child .status").all_inner_texts()
    assert texts and set(texts) == {BADGE_LABEL[OVERDUE]}


@pytest.mark.parametrize("md_uri", [urls.PROGRESS, urls.report("rp-2025-final"), urls.indicator("ind-16"), urls.TASKS])
def test_progress_views_have_no_serious_accessibility_violations(md_uri, progress_site, watched):
    page = watched.page
    page.goto(progress_site + urls.html_path(md_uri), wait_until="load")
    assert page.locator(".status").count() >= 1
    bad = [v for v in Axe().run(page).response["violations"] if v["impact"] in {"critical", "serious"}]
    assert bad == [], [(v["id"], v["help"], [n["html"][:120] for n in v["nodes"][:3]]) for v in bad]
    assert page.locator("script:not([src]):not([type])", has_text="alert(1)").count() == 0  # the fixture's hostile title


def test_home_page_says_whether_any_report_exists(plan, reported, monkeypatch):
    from genhe_plan.pages import home_snippets

    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_2026)
    none = home_snippets(plan)["progress"]
    assert "尚无公开的评估或进展报告" in none and re.search(r"，\d+ 项条目的期限已过、未见报告", none)
    some = home_snippets(reported)["progress"]
    assert "已收录 4 份公开的评估或进展报告" in some


def test_department_and_project_pages_show_reported_values(reported, pages_at):
    pages = pages_at(reported, LATE_2026)
    lead = reported.paragraphs["t09-7-02"].lead.department
    sheet = pages[urls.department(lead)]
    entries = sheet.split("## 进展报告中的本部门条目", 1)[1]
    assert 'data-report="rp-2025-final"' in entries and "已完成市政府突发环境事件应急预案修编。" in entries
    projects = sheet.split("## 相关重点工程", 1)[1].split("\n## ", 1)[0]
    mine = {t.id for t in reported.tasks if any(link.department == lead for _, link in reported.task_departments(t))}
    expected = [pr.id for b in reported.boxes for pr in b.projects if mine & set(pr.tasks)]
    assert re.findall(r'data-item="(kp-[\d-]+)" data-basis', projects) == expected
    box = pages[urls.box(reported.box_of["kp-04-3"].id)]
    block = box[box.index("{#kp-04-3}") : box.index("**落实的任务：**", box.index("{#kp-04-3}"))]
    assert "报告原话：“挥发性有机物治理工程基本完成。”" in block and badge(block, "基本完成")
