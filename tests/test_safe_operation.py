"""Nothing an official types loses data (issue 27): ids that stay in their folder, writes that cannot be
half done, interruptions that say what they left.

- Every refused report id, at every entry point (``progress remove``, ``import-progress --report``,
  ``worksheet --report``), with its exact message (tests/goldens/safe_operation/*.txt; ``pytest
  --update-goldens`` rewrites them, review the diff) and the data directory byte for byte unchanged.
- A symbolic link that leaves the data directory is never written or removed through.
- A kill at each step of writing a report (in the middle of the bytes, before the flush, before the
  rename, after it) leaves the old report or the new one, never a truncated one; the same harness
  finds the truncation a plain ``write_text`` leaves (it can fail). And, as an official would meet it,
  SIGKILL the real command the moment anything in plan_data/progress/ changes, many times.
- A read-only folder, a worksheet folder that cannot be written, an interrupted command: one line in
  Chinese, no traceback, nothing changed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from conftest import data_with_reports
from sheets import golden as golden_file

from genhe_plan.cli import main
from genhe_plan.progress.worksheet import XLSX_NAME

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "goldens" / "safe_operation"
REPORT = "rp-2023-mid"


@pytest.fixture
def data(tmp_path) -> Path:
    return data_with_reports(tmp_path / "plan_data")


def snapshot(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file (and link target) under ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            out[rel] = "link→" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run(capsys, data: Path, *argv: str) -> tuple[int, str]:
    code = main(["--data", str(data), *argv])
    out = capsys.readouterr()
    return code, (out.out + out.err).replace(str(data.parent), "TMP")


def golden(request, name: str, text: str) -> None:
    golden_file(request, GOLDENS / f"{name}.txt", text)


BAD_IDS = {
    "parent-plan": "../plan",
    "parent-chapter": "../chapters/ch05",
    "absolute": "/etc/passwd",
    "backslash": "..\\plan",
    "home": "~root",
    "too-long": "rp-" + "x" * 300,
    "newline": "rp-2023-mid\n",
    "uppercase": "RP-2023",
    "chinese": "中期评估",
    "one-letter": "r",
    "space": "rp 2023",
    "dot-yaml": "rp-2023-mid.yaml",
}
ENTRY_POINTS = {
    "remove": lambda ident, ws: ["progress", "remove", ident],
    "import": lambda ident, ws: ["import-progress", str(ws / XLSX_NAME), "--report", ident],
    "worksheet": lambda ident, ws: ["worksheet", "--out", str(ws.parent / "out"), "--report", ident],
}


@pytest.fixture
def worksheet(data, tmp_path) -> Path:
    out = tmp_path / "ws"
    assert main(["--data", str(data), "worksheet", "--out", str(out), "--report", REPORT]) == 0
    return out


@pytest.fixture(scope="module")
def untouched(tmp_path_factory) -> tuple[Path, Path]:
    """(data, worksheet) shared by the refusals: each refusal must leave them byte for byte as they were,
    so one copy serves all 36 (a copy each cost most of the fast tier's time)."""
    root = tmp_path_factory.mktemp("refusals")
    data = data_with_reports(root / "plan_data")
    assert main(["--data", str(data), "worksheet", "--out", str(root / "ws"), "--report", REPORT]) == 0
    (root / "outside.txt").write_text("keep", encoding="utf-8")
    return data, root / "ws"


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("case", BAD_IDS)
def test_a_report_id_that_is_not_one_is_refused_by_name_and_nothing_changes(untouched, capsys, request, entry, case):
    data, worksheet = untouched
    capsys.readouterr()
    before = snapshot(data.parent)
    code, text = run(capsys, data, *ENTRY_POINTS[entry](BAD_IDS[case], worksheet))
    assert code == 2, text
    assert snapshot(data.parent) == before
    assert "Traceback" not in text and text.count("\n") == 1
    golden(request, f"id-{case}", text)  # the same words at every entry point


def test_progress_remove_does_not_follow_a_link_out_of_the_data_directory(data, capsys, request):
    victim = data.parent / "victim.yaml"
    victim.write_text("id: keep\n", encoding="utf-8")
    (data / "progress" / "rp-link.yaml").symlink_to(victim)
    before = snapshot(data.parent)
    code, text = run(capsys, data, "progress", "remove", "rp-link")
    assert code == 1 and snapshot(data.parent) == before
    golden(request, "remove-link", text)


def test_import_does_not_write_through_a_progress_folder_that_links_out(data, worksheet, tmp_path, capsys, request):
    elsewhere = tmp_path / "elsewhere"
    (data / "progress").rename(elsewhere)
    (data / "progress").symlink_to(elsewhere)
    ws = _another_report(worksheet)
    before = snapshot(tmp_path)
    code, text = run(capsys, data, "import-progress", str(ws), "--report", "rp-new-one")
    assert code == 1 and snapshot(tmp_path) == before, text
    golden(request, "import-link-out", text)


def test_a_read_only_progress_folder_is_named_and_nothing_changes(data, worksheet, capsys, request):
    if os.geteuid() == 0:  # root writes anyway: a read-only bind is not ours to make; use an unwritable path
        (data / "progress").chmod(0o555)
        target = data / "progress" / "rp-new-one.yaml"
        target.mkdir()  # a folder where the file must go: the rename fails as on a read-only folder
    else:
        (data / "progress").chmod(0o555)
    before = snapshot(data)
    code, text = run(capsys, data, "import-progress", str(_another_report(worksheet)), "--report", "rp-new-one")
    (data / "progress").chmod(0o755)
    assert code == 1 and snapshot(data) == before
    golden(request, "import-read-only", text)


def _another_report(worksheet: Path) -> Path:
    """The pre-filled worksheet made into a new report (another title): importing it writes a new file."""
    from openpyxl import load_workbook

    path = worksheet / XLSX_NAME
    wb = load_workbook(path)
    for row in wb["报告信息"].iter_rows(min_row=2):
        if row[0].value == "报告标题":
            row[1].value = "另一份测试报告"
        if row[0].value == "填报表版本":  # exported for rp-2023-mid: a new report starts without the stamp
            row[1].value = None
    wb.save(path)
    return path


def test_a_worksheet_folder_that_cannot_be_written_is_named(data, tmp_path, capsys, request):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    code, text = run(capsys, data, "worksheet", "--out", str(blocker / "ws"))
    assert code == 1 and "Traceback" not in text and "无法写入" in text
    golden(request, "worksheet-unwritable", text.replace(str(tmp_path), "TMP"))


# ---------------------------------------------------------------- killed while writing
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path

    point, data, ws = sys.argv[1], sys.argv[2], sys.argv[3]
    die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
    if point == "plain-write":  # the old way, planted: half the text, then killed
        def half(self, text, encoding=None):
            with open(self, "w", encoding=encoding) as f:
                f.write(text[: len(text) // 2]); f.flush(); die()
        Path.write_text = half
        import genhe_plan.fsio as fsio
        fsio.write_atomic = lambda path, text: Path(path).write_text(text, encoding="utf-8")
    elif point == "mid-bytes":
        real = os.fdopen
        class Half:
            def __init__(self, f): self.f = f
            def __enter__(self): return self
            def __exit__(self, *a): return False
            def write(self, b): self.f.write(b[: len(b) // 2]); self.f.flush(); die()
        os.fdopen = lambda fd, mode="r", *a, **k: Half(real(fd, mode, *a, **k))
    elif point == "before-flush":
        os.fsync = die
    elif point == "before-rename":
        os.replace = die
    elif point == "after-rename":
        real_replace = os.replace
        def replace_then_die(a, b):
            real_replace(a, b); die()
        os.replace = replace_then_die
    from genhe_plan.cli import main
    sys.exit(main(["--data", data, "import-progress", ws, "--report", "rp-2023-mid"]))
    """
)


def _changed_worksheet(worksheet: Path) -> Path:
    """The pre-filled worksheet with one quote changed, so importing it rewrites the report."""
    from openpyxl import load_workbook

    path = worksheet / XLSX_NAME
    wb = load_workbook(path)
    ws = wb["指标清单"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "ind-16":
            row[header.index("报告原话")].value = "森林覆盖率为91.76%。" + "更正后的长句。" * 400
    wb.save(path)
    return path


def _killed_at(point: str, data: Path, ws: Path) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, point, str(data), str(ws)], env=env, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    return (data / "progress" / f"{REPORT}.yaml").read_bytes()


def _whole(text: bytes, old: bytes) -> str:
    """'old', 'new' (a complete report with the changed quote) or 'TRUNCATED'."""
    if text == old:
        return "old"
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return "TRUNCATED"
    quotes = [e.get("evidence", "") for e in (doc or {}).get("entries", []) if e.get("item") == "ind-16"]
    return "new" if quotes and quotes[0].endswith("更正后的长句。" * 400) else "TRUNCATED"


@pytest.mark.parametrize(
    "point, expected", [("mid-bytes", "old"), ("before-flush", "old"), ("before-rename", "old"), ("after-rename", "new")]
)
def test_a_kill_at_any_step_of_writing_leaves_the_old_or_the_new_report(slow, data, worksheet, point, expected):
    old = (data / "progress" / f"{REPORT}.yaml").read_bytes()
    assert _whole(_killed_at(point, data, _changed_worksheet(worksheet)), old) == expected


def test_the_kill_harness_finds_a_plain_write_truncated(slow, data, worksheet):
    old = (data / "progress" / f"{REPORT}.yaml").read_bytes()
    assert _whole(_killed_at("plain-write", data, _changed_worksheet(worksheet)), old) == "TRUNCATED"


KILL_RUNS = 12


def test_sigkill_the_moment_the_progress_folder_changes_never_truncates(slow, data, worksheet):
    """As the issue's trial did: the real command, killed as soon as anything in plan_data/progress/
    changes (a new file, a size or time), many times; then the report is whole."""
    ws = _changed_worksheet(worksheet)
    folder = data / "progress"
    old = (folder / f"{REPORT}.yaml").read_bytes()
    seen = []
    for _ in range(KILL_RUNS):
        (folder / f"{REPORT}.yaml").write_bytes(old)
        for leftover in folder.glob(".tmp-*"):
            leftover.unlink()
        state = _folder_state(folder)
        child = subprocess.Popen([sys.executable, "-m", "genhe_plan", "--data", str(data), "import-progress", str(ws), "--report", REPORT])
        deadline = time.monotonic() + 60
        while child.poll() is None and _folder_state(folder) == state and time.monotonic() < deadline:
            pass
        child.kill()
        child.wait()
        seen.append(_whole((folder / f"{REPORT}.yaml").read_bytes(), old))
    assert "TRUNCATED" not in seen, seen


def _folder_state(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    for e in os.scandir(folder):
        try:
            st = e.stat()
        except FileNotFoundError:
            continue
        out.append((e.name, st.st_size, st.st_mtime_ns))
    return sorted(out)


def test_sigterm_during_an_import_says_so_in_one_line_and_changes_nothing(slow, data, worksheet):
    """SIGTERM (or a closed terminal) while the command loads: one Chinese line, exit non-zero, no traceback."""
    ws = _changed_worksheet(worksheet)
    before = snapshot(data)
    script = textwrap.dedent(
        """
        import os, signal, sys
        import genhe_plan.model as m
        real = m.load_plan
        def slow(*a, **k):
            os.kill(os.getpid(), signal.SIGTERM)
            return real(*a, **k)
        m.load_plan = slow
        from genhe_plan.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    argv = ["--data", str(data), "import-progress", str(ws), "--report", REPORT]
    done = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    err = done.stderr.decode()
    assert done.returncode == 130 and err == "导入已中止，数据未改变\n", err
    assert snapshot(data) == before
