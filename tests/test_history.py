"""Record history from git (issue 22 part 1), without a site build: a throwaway repository with its
own commits (tests/history_repo.py) read by genhe_plan.history and shown by pages.history."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from history_repo import AUTHOR, EMAIL, HOSTILE_SUBJECT, NEW_REASON, OLD_REASON, make_repo

from genhe_plan import history
from genhe_plan.history.git import NO_GIT, SHALLOW
from genhe_plan.model import load_plan
from genhe_plan.pages import history as ph
from genhe_plan.present.changes import word_diff
from genhe_plan.present.settings import publisher


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def read(repo):
    return history.read(repo / "plan_data")


@pytest.fixture(scope="module")
def plan_with_history(repo, read):
    plan = load_plan(repo / "plan_data")
    plan.history = read
    return plan


def test_lead_department_change_is_read_at_field_level(read):
    (change,) = [c for c in read.of("task", "t03-1-01") if c.commit.day == "2024-03-05"]
    assert change.action == "changed"
    assert [(f.field, f.old, f.new) for f in change.fields] == [("lead.department", "natres", "forestry")]
    assert change.commit.date == "2024-03-05T10:00:00+08:00"
    assert set(change.departments) >= {"natres", "forestry"}


def test_changes_are_newest_first_and_the_first_commit_adds_every_record(read, plan_with_history):
    days = [c.commit.day for c in read.changes]
    assert days == sorted(days, reverse=True)
    added = {(c.kind, c.id) for c in read.changes if c.commit.day == "2024-01-02"}
    assert ("task", "t03-1-01") in added and ("department", "eco") in added and ("indicator", "ind-01") in added
    assert len([k for k in added if k[0] == "task"]) == len(plan_with_history.tasks)
    (report,) = read.of("report", "rp-2022-annual")
    assert report.action == "added" and report.commit.day == "2024-05-06"


def test_untrusted_commit_text_is_cleaned_and_the_email_never_kept(read):
    commit = read.of("task", "t03-1-01")[1].commit
    assert commit.author == AUTHOR
    assert "\x01" not in commit.message and "\x1b" not in commit.message and "\x07" not in commit.message
    assert commit.subject.startswith("改牵头部门 <script>") and len(commit.subject) == len(HOSTILE_SUBJECT.strip())
    assert EMAIL not in json.dumps([vars(c.commit) for c in read.changes], ensure_ascii=False)


def test_record_history_block_escapes_and_names_departments(plan_with_history):
    block = ph.task_history(plan_with_history, "t03-1-01", "plan/ch03.md")
    assert block.startswith('<details class="history"') and "修订记录（3）" in block
    summary = block[block.index("<summary>") : block.index("</summary>")]  # the record's dates, on the closed block
    assert '生成日期 <time datetime="2024-01-02T09:00:00+08:00">2024-01-02</time>' in summary
    assert '最近修改 <time datetime="2024-04-01T08:30:00+08:00">2024-04-01</time>' in summary
    assert "<del>自然资源部门</del> → <ins>林业和草原部门</ins>" in block
    assert "script" not in block and "Mallory" not in block  # commit messages and git authors are not the public's
    assert "\x01" not in block and EMAIL not in block
    assert "2024-03-05" in block and "2024-04-01" in block


def test_long_text_change_is_a_word_diff(plan_with_history):
    block = ph.task_history(plan_with_history, "t03-1-01", "plan/ch03.md")
    assert "<ins>中的生态空间</ins>" in block and "林业和草原" in block
    assert OLD_REASON not in block and NEW_REASON not in block  # neither text whole: the difference marked


def test_changes_page_lists_commits_with_filters(plan_with_history):
    page = ph.changes_page(plan_with_history)
    order = [page.index(f'">{day}</time>') for day in ("2024-05-06", "2024-04-01", "2024-03-05", "2024-01-02")]
    assert order == sorted(order) and page.index('id="c-') < order[0]  # newest first
    assert 'data-type="task" data-depts="' in page and '<option value="forestry">林业和草原部门</option>' in page
    assert "<script>" not in page and "]]>" not in page
    assert EMAIL not in page and "\x01" not in page
    assert "加粗" not in page and "数据初稿" not in page and "Mallory" not in page  # no commit message, no git author
    assert "· 修改任务 t03-1-01 的牵头部门" in page and publisher() in page  # the revision told from its changes


def test_history_is_deterministic_with_or_without_cache(repo, read):
    shutil.rmtree(repo / ".cache", ignore_errors=True)
    fresh = history.read(repo / "plan_data")
    again = history.read(repo / "plan_data")  # from the cache written just now
    key = lambda h: [(c.commit.sha, c.commit.date, c.commit.message, c.kind, c.id, c.action, c.fields) for c in h.changes]  # noqa: E731
    assert key(fresh) == key(again) == key(read)


def test_shallow_clone_gives_a_note_and_no_history(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    h = history.read(clone / "plan_data")
    assert h.changes == [] and h.note == SHALLOW


def test_tree_without_git_gives_a_note(tmp_path, repo):
    shutil.copytree(repo / "plan_data", tmp_path / "plan_data")
    h = history.read(tmp_path / "plan_data")
    assert h.changes == [] and h.note == NO_GIT
    plan = load_plan(tmp_path / "plan_data")
    plan.history = h
    assert NO_GIT in ph.task_history(plan, "t03-1-01", "plan/ch03.md")
    assert NO_GIT in ph.changes_page(plan)


def test_git_missing_gives_a_note(repo, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert history.read(repo / "plan_data").note == NO_GIT


def test_word_diff_marks_only_the_changed_words():
    assert word_diff("abc def ghi", "abc dxf ghi") == "abc <del>def</del><ins>dxf</ins> ghi"
    assert word_diff("same", "same more") == "same<ins> more</ins>"
    assert word_diff("完全不同的一句话在这里写着", "另一句毫无关系的内容").startswith("<del>完全不同")
    assert word_diff("<b>旧</b>文字很长很长", "<b>新</b>文字很长很长") == "&lt;b&gt;<del>旧</del><ins>新</ins>&lt;/b&gt;文字很长很长"
