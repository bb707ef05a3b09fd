"""The yearly workflow: worksheet → filled by an official → import → model → pages and downloads."""

from __future__ import annotations

import csv
import datetime
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from genhe_plan import export
from genhe_plan.cli import main
from genhe_plan.export.tables import BOM
from genhe_plan.input import schema as S
from genhe_plan.input.load import load_file
from genhe_plan.model import load_plan
from genhe_plan.pages.progress import progress_pages
from genhe_plan.progress.worksheet import XLSX_NAME, worksheet_files
from genhe_plan.progress.worksheet_import import import_progress

ROOT = Path(__file__).resolve().parent.parent
INFO = ["中期评估", "测试用虚构中期评估报告", "测试单位", "2024-03", "2023-12-31", "https://example.org/r.pdf", None, "第5页"]


@pytest.fixture(scope="module")
def blank(plan):
    return worksheet_files(plan)


def test_worksheet_is_deterministic_and_shaped_for_officials(plan, blank, monkeypatch):
    from openpyxl import load_workbook

    assert worksheet_files(plan) == blank
    # a build date 400 days after the current one (whatever the Makefile or the default set it to)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1659312000")) + 400 * 86400
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    later = worksheet_files(plan)[XLSX_NAME]
    assert later != blank[XLSX_NAME]  # the only date in the file is the build date
    with zipfile.ZipFile(io.BytesIO(later)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        day = datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%Y-%m-%dT00:00:00Z").encode()
        assert day in zf.read("docProps/core.xml")
    wb = load_workbook(io.BytesIO(blank[XLSX_NAME]))
    assert wb.sheetnames == ["指标清单", "任务清单", "项目清单", "报告信息", "填写说明"]
    tasks = wb["任务清单"]
    assert tasks.freeze_panes == "B2"
    assert tasks.max_row == len(plan.tasks) + 1
    dv = tasks.data_validations.dataValidation[0]
    assert dv.type == "list" and "按进度推进" in dv.formula1 and str(dv.sqref) == f"H2:H{len(plan.tasks) + 1}"
    assert tasks.column_dimensions["C"].width >= 40  # task text is Chinese: wide column
    assert [c.value for c in wb["指标清单"][17]][:3] == ["ind-16", 16, "森林覆盖率"]
    for name in ("指标清单.csv", "任务清单.csv", "项目清单.csv", "报告信息.csv"):
        assert blank[name].startswith(BOM)


def _fill(blank: dict[str, bytes], path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(blank[XLSX_NAME]))
    ind = wb["指标清单"]
    col = {c.value: c.column for c in ind[1]}
    row = next(r for r in range(2, ind.max_row + 1) if ind.cell(r, 1).value == "ind-16")
    ind.cell(row, col["状态"]).value, ind.cell(row, col["报告值"]).value = "滞后", 91.5
    ind.cell(row, col["报告原话"]).value = "森林覆盖率为91.5%。"
    tasks = wb["任务清单"]
    tasks.cell(2, 8).value, tasks.cell(2, 11).value, tasks.cell(2, 12).value = "已完成", "主体功能区战略已落实。", "测试附注"
    projects = wb["项目清单"]
    projects.cell(2, 7).value, projects.cell(2, 10).value = "未启动", "尚未启动。"
    info = wb["报告信息"]
    for n, value in enumerate(INFO, start=2):
        info.cell(n, 2).value = value
    info.cell(5, 2).value = datetime.datetime(2024, 3, 15)  # Excel turns a typed date into a date cell
    wb.save(path)


def test_round_trip_xlsx(plan, blank, tmp_path, capsys):
    data = tmp_path / "plan_data"
    shutil.copytree(ROOT / "plan_data", data)
    filled = tmp_path / "filled.xlsx"
    _fill(blank, filled)
    assert main(["--data", str(data), "import-progress", str(filled), "--report", "rp-2023-mid"]) == 0
    target = data / "progress" / "rp-2023-mid.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/report.schema.json\n")
    assert main(["--data", str(data), "import-progress", str(filled), "--report", "rp-2023-mid"]) == 0
    assert "没有变化" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == text
    assert main(["--data", str(data), "check"]) == 0
    p = load_plan(data)
    (report,) = p.reports
    assert (report.date, report.as_of, report.source.url) == ("2024-03-15", "2023-12-31", "https://example.org/r.pdf")
    assert [(e.item, e.status, e.value) for e in report.entries] == [
        ("ind-16", "delayed", 91.5),
        (p.tasks[0].id, "done", None),
        (p.boxes[0].projects[0].id, "not_started", None),
    ]
    assert report.entries[1].note == "测试附注"
    page = progress_pages(p, datetime.date(2026, 11, 1))
    assert "测试用虚构中期评估报告" in page["progress/index.md"] and "森林覆盖率为91.5%。" in page["progress/rp-2023-mid.md"]
    files = export.export_files(p, data)
    rows = list(csv.DictReader(io.StringIO(files["data/progress.csv"].decode("utf-8-sig"), newline="")))
    assert [r["item_id"] for r in rows] == ["ind-16", p.tasks[0].id, p.boxes[0].projects[0].id]
    with zipfile.ZipFile(io.BytesIO(files["data/plan-data.zip"])) as zf:
        assert "progress/rp-2023-mid.yaml" in zf.namelist()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_saved_by_wps_or_excel_updates_an_existing_report(plan, blank, tmp_path, encoding):
    data = tmp_path / "plan_data"
    (data / "progress").mkdir(parents=True)
    existing = ROOT / "tests" / "fixtures" / "progress" / "rp-2023-mid.yaml"
    shutil.copy(existing, data / "progress" / "rp-2023-mid.yaml")
    rows = list(csv.reader(io.StringIO(blank["任务清单.csv"].decode("utf-8-sig"), newline="")))
    rows[1][7], rows[1][10] = "基本完成", "基本完成。"
    out = io.StringIO(newline="")
    csv.writer(out, delimiter="\t" if encoding == "utf-16" else ",").writerows(rows)
    path = tmp_path / "任务清单.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    written, changed, summary = vars(import_progress([path], "rp-2023-mid", data, plan)).values()
    assert changed and summary == [
        "rp-2023-mid（合并）",
        "  指标清单: 保留 2",
        "  任务清单: 新增 1、保留 1",
        "  项目清单: 保留 1",
        "  目标（YAML）: 保留 1",
    ]
    report = S.ReportFile.model_validate(load_file(written, "plan_data/progress/rp-2023-mid.yaml").data)
    assert report.title == "测试用虚构中期评估报告"  # metadata kept from the existing file
    items = [e.item for e in report.entries]
    assert plan.tasks[0].id in items
    assert {"ind-16", "ind-03", "tg-053", "kp-02-1", "t09-7-02"} <= set(items)  # merged: nothing not in the file is lost
    assert import_progress([path], "rp-2023-mid", data, plan).changed is False


def test_worksheet_cli_writes_files(tmp_path):
    assert main(["worksheet", "--out", str(tmp_path / "ws")]) == 0
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == sorted(
        ["报告信息.csv", "任务清单.csv", "指标清单.csv", "项目清单.csv", XLSX_NAME]
    )
