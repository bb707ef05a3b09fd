"""The build command: a failed build leaves the last good site untouched, and says why in words."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT, build_site

from genhe_plan.site import STEPS, prepare


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_bad_edit_fails_the_build_and_keeps_the_last_good_site(site_dir, copy_data, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    # the session's good build stands in for "the last good site"
    for path in site_dir.rglob("*"):
        if path.is_file():
            target = site / path.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    before = _tree(site)
    chapter = copy_data / "chapters" / "ch05.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("department: eco", "department: huanbaoju", 1), encoding="utf-8")

    done = build_site(site, copy_data)

    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "ch05.yaml:" in output and "未知部门 “huanbaoju”" in output and "保持不变" in output
    assert "Traceback" not in output
    assert _tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "plan_data", "site"]  # no half-built folder left


def test_the_data_date_is_the_last_change_to_a_record_not_to_the_search_vocabulary(tmp_path, monkeypatch):
    """A commit that only edits synonyms.yaml, concepts.yaml or the editors' schema files changes no record,
    so it does not move the data date (which decides 期限已过 and stamps the calendar). Every build and
    command sets it the same way (history.git.date_the_build), unless SOURCE_DATE_EPOCH is set already."""
    from history_repo import commit_all, git

    from genhe_plan.history.git import PUBLICATION_EPOCH, data_epoch, date_the_build

    repo = tmp_path / "repo"
    data = repo / "plan_data"
    (data / "schema").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for name in ("targets.yaml", "synonyms.yaml", "concepts.yaml", "schema/targets.schema.json"):
        (data / name).write_text("{}\n", encoding="utf-8")
    commit_all(repo, "records", "2024-03-05T10:00:00+08:00")
    for i, name in enumerate(("synonyms.yaml", "concepts.yaml", "schema/targets.schema.json")):
        (data / name).write_text("[]\n", encoding="utf-8")
        commit_all(repo, f"vocabulary {i}", f"2024-04-0{i + 1}T10:00:00+08:00")
    records = int(git(repo, "log", "-1", "--format=%ct", "--", "plan_data/targets.yaml"))
    assert data_epoch(data) == records
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    date_the_build(data)
    assert os.environ["SOURCE_DATE_EPOCH"] == str(records)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795925635")
    date_the_build(data)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1795925635", "a date set already wins"
    (data / "targets.yaml").write_text("[]\n", encoding="utf-8")
    commit_all(repo, "a record", "2024-05-01T10:00:00+08:00")
    assert data_epoch(data) == int(git(repo, "log", "-1", "--format=%ct")) != records
    outside = tmp_path / "copy"
    outside.mkdir()
    assert data_epoch(outside) == PUBLICATION_EPOCH, "outside a git checkout: the plan's publication"


def test_a_report_imported_and_not_yet_committed_counts_in_the_data_date(tmp_path, monkeypatch):
    """README's order is import, build, look, then commit: the preview must already show the new report.
    The data date is the later of the last record commit and the newest report's 数据截至 (its last day,
    midnight UTC), so a report whose as_of is after the last commit still counts; an older one moves nothing."""
    from history_repo import commit_all, git

    from genhe_plan.history.git import data_epoch, date_the_build

    repo = tmp_path / "repo"
    data = repo / "plan_data"
    (data / "progress").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (data / "targets.yaml").write_text("{}\n", encoding="utf-8")
    commit_all(repo, "records", "2024-03-05T10:00:00+08:00")
    committed = data_epoch(data)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (data / "progress" / "rp-old.yaml").write_text("id: rp-old\nas_of: 2023-12\n", encoding="utf-8")
    (data / "progress" / "rp-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")  # the validator's to report
    date_the_build(data)
    assert os.environ["SOURCE_DATE_EPOCH"] == str(committed), "a report older than the last commit moves nothing"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (data / "progress" / "rp-new.yaml").write_text("id: rp-new\ndate: 2025-07\nas_of: '2025-06'\n", encoding="utf-8")
    date_the_build(data)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1751241600"  # 2025-06-30T00:00:00Z
    from genhe_plan.input.schema import DATE_RE
    from genhe_plan.progress import dates
    from genhe_plan.progress.status import data_date, end_of

    assert data_date() == end_of("2025-06")
    assert dates.DATE_RE.pattern == DATE_RE.pattern


@pytest.mark.build
def test_a_link_to_a_missing_file_fails_the_build(tmp_path, monkeypatch):
    """--strict must see MkDocs' warnings (with --quiet it did not: a page linking to a file nobody made
    was published with the link left broken). The site's config, theme and hook; docs/ with one bad link.
    Nothing is left in the temporary folder."""
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    for shared in ("overrides", "plan_data", "genhe_plan"):  # the theme and hook; what `watch` names
        (tmp_path / shared).symlink_to(ROOT / shared)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    about = tmp_path / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[旧表格](data/gone.csv)\n", encoding="utf-8")

    done = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml")

    assert done.returncode == 1, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "data/gone.csv" in output and "in strict mode" in output and "保持不变" in output
    assert not (tmp_path / "site").exists()
    assert list((tmp_path / "tmp").iterdir()) == [], "no temporary folder is left behind"


def _start_build(site: Path) -> subprocess.Popen:
    """The build command as build_site runs it, started in the background."""
    cmd = [sys.executable, "-m", "genhe_plan", "build", "--site-dir", str(site)]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _building(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}.building-*"))


def _wait_for(what, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_two_builds_into_one_folder_both_finish_with_a_whole_site(site_dir, tmp_path):
    """A cron build and a person's build at once: the second waits for the first (saying so), both exit 0,
    and the folder holds the whole site, file for file the session's build (before: ~100 of 1,128 files)."""
    site = tmp_path / "site"
    first = _start_build(site)
    _wait_for(lambda: _building(site) or first.poll() is not None)
    second = _start_build(site)
    out1, err1 = first.communicate(timeout=600)
    out2, err2 = second.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert "另一个构建正在生成" in err2 and "等待它结束" in err2
    assert _tree(site) == _tree(site_dir)
    assert not _building(site)


def test_an_interrupted_build_says_so_and_leaves_the_last_site(site_dir, tmp_path):
    """SIGTERM (as a closed terminal or a stopped service sends) in the middle of a build: one line, exit
    non-zero, the previous site file for file, no temporary folder left."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    before = _tree(site)
    build = _start_build(site)
    _wait_for(lambda: any((p / "site").exists() for p in _building(site)) or build.poll() is not None)
    build.send_signal(signal.SIGTERM)
    _, err = build.communicate(timeout=600)
    assert build.returncode == 130, err
    assert err.strip().splitlines()[-1] == "构建已中止，网站未改变" and "Traceback" not in err
    assert _tree(site) == before and not _building(site)


def test_a_killed_builds_leftovers_are_cleared_by_the_next_build(site_dir, tmp_path):
    site = tmp_path / "site"
    build = _start_build(site)
    _wait_for(lambda: any((p / "site").exists() for p in _building(site)) or build.poll() is not None)
    build.kill()
    build.wait()
    assert _building(site) and not site.exists()  # SIGKILL: nothing can clean up, nothing was published
    again = _start_build(site)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert not _building(site) and _tree(site) == _tree(site_dir)


def test_a_build_stopped_by_sigterm_leaves_no_temporary_folder_and_no_half_cache_entry(slow, tmp_path):
    """SIGTERM (a CI timeout, a closed terminal) while the steps are being made and kept: nothing is left
    in the temporary folder, every cache entry there is whole, and the next build reads them back. (Fast
    tier: the build is stopped while the hook makes its steps, before MkDocs renders a page.)"""
    (tmp_path / "tmp").mkdir()
    folder = tmp_path / "cache"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(tmp_path / "tmp"), GENHE_PLAN_CACHE=str(folder))
    cmd = [sys.executable, "-m", "genhe_plan", "build", "--site-dir", str(tmp_path / "site")]
    build = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list(folder.glob("*.pickle")) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert build.poll() is None, "the build ended before it could be stopped"
        build.send_signal(signal.SIGTERM)
        build.wait(timeout=60)
    finally:
        build.kill()
    assert build.returncode != 0
    assert list((tmp_path / "tmp").iterdir()) == [], "no temporary folder is left behind"
    kept = sorted(folder.glob("*.pickle"))
    assert kept and all(len(pickle.loads(p.read_bytes())) == 2 for p in kept), "every entry is whole"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENHE_PLAN_CACHE", str(folder))
        mp.setenv("OFFLINE", "false")  # as the build command sets it
        again = prepare(DATA)
    assert len(again.made) == len(STEPS) - len(kept), (again.made, kept)
