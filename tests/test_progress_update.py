"""Updating a report: the yearly cycle an official runs, through the command line, with goldens.

worksheet --report ID (pre-filled) → edit → import-progress (merge) → progress list; --replace;
refusals (a different report under the same id, a duplicate of another report); nothing written
when nothing changed; progress remove; worksheet --dept. The expected terminal output of each step is
in tests/goldens/progress_update/*.txt (``pytest --update-goldens`` rewrites them; review the diff).
The reports are the fictional ones of tests/fixtures/progress/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import data_with_reports
from sheets import golden as golden_file
from sheets import set_row, sheet, write_sheet

from genhe_plan.cli import main
from genhe_plan.input.load import load_file
from genhe_plan.model import load_plan
from genhe_plan.progress.worksheet import XLSX_NAME

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "goldens" / "progress_update"


@pytest.fixture
def data(tmp_path) -> Path:
    return data_with_reports(tmp_path / "plan_data")


def run(capsys, *argv: str) -> tuple[int, str]:
    """Exit code and what the command printed (stdout then stderr), with the temporary path made stable."""
    code = main(list(argv))
    out = capsys.readouterr()
    text = out.out + out.err
    for arg in argv:
        if "/" in arg and Path(arg).exists():
            root = Path(arg) if Path(arg).is_dir() else Path(arg).parent
            text = text.replace(str(root.parent), "TMP")
    return code, text


def golden(request, name: str, text: str) -> None:
    golden_file(request, GOLDENS / f"{name}.txt", text)


def entries(data: Path, report: str) -> dict[str, dict]:
    doc = load_file(data / "progress" / f"{report}.yaml", f"plan_data/progress/{report}.yaml").data
    return {e["item"]: e for e in doc["entries"]}


def test_prefilled_worksheet_round_trips_and_a_merge_keeps_every_other_entry(data, tmp_path, capsys, request):
    before = entries(data, "rp-2023-mid")
    out = tmp_path / "ws"
    code, text = run(capsys, "--data", str(data), "worksheet", "--out", str(out), "--report", "rp-2023-mid")
    assert code == 0 and "已填入报告 rp-2023-mid 的全部条目" in text
    rows = sheet(out, "指标清单")
    ind16 = next(r for r in rows if r[0] == "ind-16")
    assert ind16[-5:] == ["按进度推进", "91.76", "%", "森林覆盖率为91.76%。", ""]  # status, value, unit, quote, note
    info = dict((r[0], r[1]) for r in sheet(out, "报告信息")[1:])
    assert info["报告标题"] == "测试用虚构中期评估报告" and info["数据截至"] == "2023-12-31"
    # the pre-filled workbook, imported unchanged, changes nothing and writes nothing
    stamp = (data / "progress" / "rp-2023-mid.yaml").stat().st_mtime_ns
    code, text = run(capsys, "--data", str(data), "import-progress", str(out / XLSX_NAME), "--report", "rp-2023-mid")
    assert code == 0 and (data / "progress" / "rp-2023-mid.yaml").stat().st_mtime_ns == stamp
    golden(request, "prefilled_unchanged", text)
    # one task row filled into the task list CSV alone: merged, nothing else lost
    tasks = sheet(out, "任务清单")
    set_row(tasks, "t09-7-02", 状态="按进度推进", 报告原话="应急预案修编已启动。")
    set_row(tasks, "t03-1-01", 状态="已完成", 报告原话="已完成。", 备注="测试附注")
    only = [tasks[0], *(r for r in tasks[1:] if r[0] in ("t09-7-02", "t03-1-01"))]
    code, text = run(
        capsys, "--data", str(data), "import-progress", str(write_sheet(tmp_path / "任务清单.csv", only)), "--report", "rp-2023-mid"
    )
    assert code == 0
    golden(request, "merge_one_list", text)
    after = entries(data, "rp-2023-mid")
    assert set(after) == set(before) | {"t03-1-01"}
    assert after["t09-7-02"]["status"] == "on_track" and after["ind-16"] == before["ind-16"]
    assert main(["--data", str(data), "check"]) == 0


def test_replace_makes_the_file_the_whole_report(data, tmp_path, capsys, request):
    out = tmp_path / "ws"
    assert run(capsys, "--data", str(data), "worksheet", "--out", str(out), "--report", "rp-2023-mid")[0] == 0
    indicators = sheet(out, "指标清单")
    set_row(indicators, "ind-03", 状态="", 报告值="", 单位="", 报告原话="", 备注="")  # cleared: dropped with --replace
    paths = [write_sheet(tmp_path / "指标清单.csv", indicators), out / "报告信息.csv"]
    original = (data / "progress" / "rp-2023-mid.yaml").read_bytes()
    # the other lists are not in the files: their entries would go too, so --replace asks first (here: no terminal)
    code, text = run(capsys, "--data", str(data), "import-progress", *map(str, paths), "--report", "rp-2023-mid", "--replace")
    assert code == 1 and (data / "progress" / "rp-2023-mid.yaml").read_bytes() == original
    assert "t09-7-02" in text and "kp-02-1" in text and "tg-053" in text and "ind-03" not in text  # ind-03 was cleared on purpose
    golden(request, "replace_unconfirmed", text)
    code, text = run(capsys, "--data", str(data), "import-progress", *map(str, paths), "--report", "rp-2023-mid", "--replace", "--yes")
    assert code == 0
    golden(request, "replace", text)
    assert set(entries(data, "rp-2023-mid")) == {"ind-16"}  # only what the file says


def test_a_different_report_under_an_existing_id_is_refused_naming_both(data, tmp_path, capsys, request):
    out = tmp_path / "ws"
    assert run(capsys, "--data", str(data), "worksheet", "--out", str(out), "--report", "rp-2023-mid")[0] == 0
    info = sheet(out, "报告信息")
    for row in info:
        if row[0] == "报告标题":
            row[1] = "另一份测试报告"
        if row[0] == "发布单位":
            row[1] = "测试单位戊"
    original = (data / "progress" / "rp-2023-mid.yaml").read_bytes()
    paths = [out / "指标清单.csv", write_sheet(tmp_path / "报告信息.csv", info)]
    code, text = run(capsys, "--data", str(data), "import-progress", *map(str, paths), "--report", "rp-2023-mid")
    assert code == 1 and (data / "progress" / "rp-2023-mid.yaml").read_bytes() == original
    assert "另一份测试报告" in text and "测试用虚构中期评估报告" in text and "--replace" in text
    golden(request, "refused_other_report", text)


def test_a_duplicate_report_is_refused_on_import_and_by_check(data, tmp_path, capsys, request):
    out = tmp_path / "ws"
    assert run(capsys, "--data", str(data), "worksheet", "--out", str(out), "--report", "rp-2023-mid")[0] == 0
    paths = [out / "任务清单.csv", out / "报告信息.csv"]
    code, text = run(capsys, "--data", str(data), "import-progress", *map(str, paths), "--report", "rp-2023-copy")
    assert code == 1 and not (data / "progress" / "rp-2023-copy.yaml").exists()
    golden(request, "refused_duplicate", text)
    copy = (data / "progress" / "rp-2023-mid.yaml").read_text(encoding="utf-8").replace("id: rp-2023-mid", "id: rp-2023-copy")
    (data / "progress" / "rp-2023-copy.yaml").write_text(copy, encoding="utf-8")  # written by hand instead
    code, text = run(capsys, "--data", str(data), "check")
    assert code == 1 and "重复：标题、发布单位、发布日期和数据截至都相同" in text and "rp-2023-mid" in text and "rp-2023-copy" in text


def test_progress_list_and_remove(data, capsys, request):
    code, text = run(capsys, "--data", str(data), "progress", "list")
    assert code == 0
    golden(request, "progress_list", text)
    assert text.count("\n") == 1 + len(list((data / "progress").glob("*.yaml")))
    code, text = run(capsys, "--data", str(data), "progress", "remove", "rp-2022-annual")
    assert code == 0 and not (data / "progress" / "rp-2022-annual.yaml").exists()
    assert [r.id for r in load_plan(data).reports] == ["rp-2023-mid", "rp-2024-annual", "rp-2025-final"]
    code, text = run(capsys, "--data", str(data), "progress", "remove", "rp-1999")
    assert code == 1 and "没有报告 rp-1999" in text and "rp-2023-mid" in text
    assert main(["--data", str(data), "progress", "remove"]) == 2


def test_worksheet_for_one_department(plan, tmp_path, capsys):
    from openpyxl import load_workbook

    dept = plan.tasks[0].lead.department
    out = tmp_path / "ws"
    code, text = run(capsys, "worksheet", "--out", str(out), "--dept", dept)
    assert code == 0 and plan.department(dept).name in text
    mine = {t.id for t in plan.tasks if any(link.department == dept for _, link in plan.task_departments(t))}
    assert {r[0] for r in sheet(out, "任务清单")[1:]} == mine
    assert {r[0] for r in sheet(out, "项目清单")[1:]} == {pr.id for pr in plan.projects.values() if mine & set(pr.tasks)}
    inds = sheet(out, "指标清单")
    assert {r[0] for r in inds[1:]} == {i.indicator for t in plan.tasks if t.id in mine for i in t.indicators}
    assert "责任部门" in inds[0] and all(plan.department(dept).name in r[inds[0].index("责任部门")] for r in inds[1:])
    wb = load_workbook(out / XLSX_NAME)
    assert all(wb[name].auto_filter.ref for name in ("指标清单", "任务清单", "项目清单"))
    assert run(capsys, "worksheet", "--out", str(out), "--dept", "no-such")[0] == 1
    assert run(capsys, "worksheet", "--out", str(out), "--report", "rp-none")[0] == 1


def test_worksheet_output_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "worksheet/" in ignored and "*.xlsx" in ignored
