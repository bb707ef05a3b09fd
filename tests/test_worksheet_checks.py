"""The import's cross-checks that need a whole workflow rather than one bad file (tests/bad_worksheets/
holds the refusals): the 填报表版本 stamp of a worksheet made for a report, --replace asking on a
terminal, --yes for a possible duplicate, what is accepted (an emptied prefilled text, the “'” that
keeps a text from being a formula), the note when 数据截至 is after the data date, and the worksheet
command's clear refusals (a department with no tasks, an output folder that cannot be written).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import data_with_reports
from sheets import set_row, sheet, write_sheet

from genhe_plan import fsio
from genhe_plan.cli import main
from genhe_plan.input.load import load_file
from genhe_plan.model import load_plan
from genhe_plan.progress.worksheet import HELP, SHEETS, STAMP_KEY, XLSX_NAME, for_department, report_stamp, sheet_rows, worksheet_files
from genhe_plan.progress.worksheet_import import WorksheetError, import_progress

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path) -> Path:
    return data_with_reports(tmp_path / "plan_data")


def test_a_worksheet_made_for_a_report_carries_its_stamp(data):
    from openpyxl import load_workbook

    plan = load_plan(data)
    report = next(r for r in plan.reports if r.id == "rp-2023-mid")
    files = worksheet_files(plan, report="rp-2023-mid")
    info = {r[0]: r[1] for r in csv.reader(io.StringIO(files["报告信息.csv"].decode("utf-8-sig"), newline=""))}
    rid, digest, made = info[STAMP_KEY].split(" · ")
    assert (rid, digest) == ("rp-2023-mid", report_stamp(report)) and len(digest) == 12 and made[:2] == "20"
    wb = load_workbook(io.BytesIO(files[XLSX_NAME]))
    assert [c.value for c in wb["报告信息"][10]][:2] == [STAMP_KEY, info[STAMP_KEY]]
    assert STAMP_KEY not in worksheet_files(plan)["报告信息.csv"].decode("utf-8-sig")  # a blank worksheet has none
    assert any("填报表版本" in line and "--ignore-stale" in line for line in HELP)


def test_a_stale_worksheet_is_refused_until_ignore_stale(data, tmp_path, capsys):
    out = tmp_path / "ws"
    assert main(["--data", str(data), "worksheet", "--out", str(out), "--report", "rp-2023-mid"]) == 0
    tasks = sheet(out, "任务清单")
    set_row(tasks, "t03-1-01", 状态="已完成", 报告原话="已完成。")
    paths = [str(write_sheet(tmp_path / "任务清单.csv", tasks)), str(out / "报告信息.csv")]
    target = data / "progress" / "rp-2023-mid.yaml"
    # someone corrects the report by hand after the worksheet was made
    target.write_text(target.read_text(encoding="utf-8").replace("重污染天气比率为0.3%。", "重污染天气比率为0.30%。"), encoding="utf-8")
    edited = target.read_bytes()
    capsys.readouterr()
    assert main(["--data", str(data), "import-progress", *paths, "--report", "rp-2023-mid"]) == 1
    err = capsys.readouterr().err
    assert "在导出这份填报表之后被改过" in err and "文件最后修改于" in err and "--ignore-stale" in err
    assert target.read_bytes() == edited
    assert main(["--data", str(data), "import-progress", *paths, "--report", "rp-2023-mid", "--ignore-stale"]) == 0
    written = {e["item"]: e for e in load_file(target, "plan_data/progress/rp-2023-mid.yaml").data["entries"]}
    assert written["t03-1-01"]["status"] == "done" and written["ind-03"]["evidence"] == "重污染天气比率为0.30%。"  # merged


def test_replace_asks_on_a_terminal_and_yes_or_no_decides(data, tmp_path, plan, monkeypatch, capsys):
    out = tmp_path / "ws"
    assert main(["--data", str(data), "worksheet", "--out", str(out), "--report", "rp-2023-mid"]) == 0
    paths = [out / "指标清单.csv", out / "报告信息.csv"]
    target = data / "progress" / "rp-2023-mid.yaml"
    original = target.read_bytes()
    asked = []

    def no(lines):
        asked.append(lines)
        return False

    with pytest.raises(WorksheetError) as err:
        import_progress(paths, "rp-2023-mid", data, plan, replace=True, confirm=no)
    assert "t09-7-02" in asked[0][1] + asked[0][2] and "--yes" in err.value.report() and target.read_bytes() == original
    # the command asks on a terminal: 是 goes on
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "是")
    code = main(["--data", str(data), "import-progress", *map(str, paths), "--report", "rp-2023-mid", "--replace"])
    text = capsys.readouterr().out
    assert code == 0 and "--replace 将删除报告 rp-2023-mid 中 3 个" in text and "项目清单 1 条：kp-02-1" in text
    assert {e["item"] for e in load_file(target, "plan_data/progress/rp-2023-mid.yaml").data["entries"]} == {"ind-16", "ind-03"}


def test_a_possible_duplicate_goes_in_with_yes(data, tmp_path, capsys):
    out = tmp_path / "ws"
    assert main(["--data", str(data), "worksheet", "--out", str(out), "--report", "rp-2023-mid"]) == 0
    info = [r for r in sheet(out, "报告信息") if r[0] != STAMP_KEY]
    set_row(info, "发布日期", 内容="2024-03")
    paths = [str(out / "任务清单.csv"), str(write_sheet(tmp_path / "报告信息.csv", info))]
    assert main(["--data", str(data), "import-progress", *paths, "--report", "rp-2023-other"]) == 1
    assert "可能与已有报告 rp-2023-mid 重复" in capsys.readouterr().err
    assert main(["--data", str(data), "import-progress", *paths, "--report", "rp-2023-other", "--yes"]) == 0
    assert (data / "progress" / "rp-2023-other.yaml").is_file()


def test_an_emptied_or_formula_guarded_prefilled_text_is_accepted(plan, tmp_path):
    """The id is authoritative: an emptied 任务 cell contradicts nothing; a “'” before = + - @ (what a
    worksheet writes so a spreadsheet keeps the text as text) is not part of the text."""
    data = tmp_path / "plan_data"
    (data / "progress").mkdir(parents=True)
    rows = list(csv.reader(io.StringIO(worksheet_files(plan)["任务清单.csv"].decode("utf-8-sig"), newline="")))
    set_row(rows, "t03-1-01", 任务="", 状态="已完成", 报告原话="已完成。")
    text = next(r for r in rows if r[0] == "t03-1-02")[2]
    set_row(rows, "t03-1-02", 任务="'" + text if text[0] in "=+-@" else "'=" + text, 状态="滞后", 报告原话="滞后。")
    info = [["项目", "内容"], ["报告类型", "年度报告"], ["报告标题", "测试报告"], ["发布单位", "测试单位"], ["发布日期", "2024-03"]]
    info += [["数据截至", "2023-12-31"], ["来源文件", "测试〔2024〕1号"]]
    paths = [write_sheet(tmp_path / "任务清单.csv", rows), write_sheet(tmp_path / "报告信息.csv", info)]
    with pytest.raises(WorksheetError) as err:  # “'=” + text is not the text: a stripped guard leaves “=…”
        import_progress(paths, "rp-test", data, plan)
    assert "t03-1-02" in err.value.report() and "t03-1-01" not in err.value.report()
    set_row(rows, "t03-1-02", 任务="  " + text + "  ")  # spaces around: trimmed as every cell is
    assert import_progress([write_sheet(tmp_path / "任务清单.csv", rows), paths[1]], "rp-test", data, plan).changed


def test_as_of_after_the_data_date_is_said_in_the_summary(plan, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # 2024-01-01
    data = tmp_path / "plan_data"
    (data / "progress").mkdir(parents=True)
    rows = list(csv.reader(io.StringIO(worksheet_files(plan)["任务清单.csv"].decode("utf-8-sig"), newline="")))
    set_row(rows, "t03-1-01", 状态="已完成", 报告原话="已完成。")
    info = [["项目", "内容"], ["报告类型", "年度报告"], ["报告标题", "测试报告"], ["发布单位", "测试单位"], ["发布日期", "2024-12"]]
    info += [["数据截至", "2024-06"], ["来源文件", "测试〔2024〕1号"]]
    paths = [write_sheet(tmp_path / "任务清单.csv", rows), write_sheet(tmp_path / "报告信息.csv", info)]
    done = import_progress(paths, "rp-test", data, plan)
    note = [line for line in done.summary if "注意" in line]
    assert done.changed and len(note) == 1 and "数据截至 2024-06 晚于此前的数据日期 2024-01-01" in note[0] and "2024-06-30" in note[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01: no note
    assert not [line for line in import_progress(paths, "rp-test", data, plan).summary if "注意" in line]


def test_worksheet_of_a_department_without_tasks_or_projects(plan, tmp_path, capsys):
    from openpyxl import load_workbook

    leading = {link.department for t in plan.tasks for _, link in plan.task_departments(t)}
    idle = next(d.id for d in plan.departments if d.id not in leading)
    assert main(["worksheet", "--out", str(tmp_path / "a"), "--dept", idle]) == 1
    err = capsys.readouterr().err
    assert f"部门 {idle}" in err and "没有牵头或配合的任务" in err and "Traceback" not in err
    projects = sheet_rows(plan, SHEETS[2])
    few = next(d for d in sorted(leading) if not for_department(plan, SHEETS[2], projects, d))  # tasks, no project
    assert main(["worksheet", "--out", str(tmp_path / "b"), "--dept", few]) == 0
    wb = load_workbook(tmp_path / "b" / XLSX_NAME)
    assert wb["项目清单"].max_row == 1 and wb["任务清单"].max_row > 1


def test_worksheet_into_a_folder_that_cannot_be_written(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["worksheet", "--out", str(blocker / "ws")]) == 1
    assert "无法写入" in capsys.readouterr().err

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(fsio, "write_atomic", refuse)  # a read-only folder (root ignores chmod, so simulated)
    assert main(["worksheet", "--out", str(tmp_path / "ro")]) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and "没有写入权限" in err and "--out" in err and "Traceback" not in err


SAME_RULES = [
    "UTF-8、GBK 或 UTF-16“Unicode 文本”均可",
    "Big5、乱码（如 “ä»»åŠ¡”）或丢失字符（GBK 把 NH₃ 存成 NH?）的文件会被拒绝",
    "只排序编号列会让填写内容对不上条目",
    "预填文字被清空的不核对，以编号为准",
    "报告原话、备注最多 5000 字，标题等最多 200 字",
    "“填报表版本”",
    "--ignore-stale",
    "在终端中输入“是”（或 y）确认",
    "日期只是精确程度不同（如 2024-03 与 2024-03-15）",
]


@pytest.mark.parametrize("words", SAME_RULES)
def test_readme_and_the_worksheets_help_sheet_state_the_same_rules(words):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    progress = readme[readme.index("## 每年的进展填报") : readme.index("## 发布")]
    assert words in progress and words in "".join(HELP)
