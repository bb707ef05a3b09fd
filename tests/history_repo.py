"""A throwaway git repository holding a copy of plan_data, with commits the tests make themselves
(the real data and the real repository are never touched). Used by test_history*.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_SUBJECT = "改牵头部门 <script>alert('x')</script> ]]> \x01\x07\x1b[31m & \"引号\" " + "长" * 10000
HOSTILE_BODY = "第二段 <b>加粗</b> ]]><!-- --> &amp; javascript:alert(1)"
AUTHOR = 'Eve & "Mallory" Q'
EMAIL = "eve.secret@example.org"
OLD_REASON = "按职责：主体功能区落实与国土空间开发保护格局属自然资源部门"
NEW_REASON = "按职责：主体功能区落实与国土空间开发保护格局中的生态空间属林业和草原部门"


def git(repo: Path, *args: str, date: str = "2024-03-05T10:00:00+08:00", **kw) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME=AUTHOR,
        GIT_AUTHOR_EMAIL=EMAIL,
        GIT_COMMITTER_NAME=AUTHOR,
        GIT_COMMITTER_EMAIL=EMAIL,
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True, **kw)
    return done.stdout.decode()


def commit_all(repo: Path, message: str, date: str) -> None:
    msg = repo / ".git" / "MSG"
    msg.write_bytes(message.encode())
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--cleanup=verbatim", "-F", str(msg), date=date)


def set_lead(repo: Path, task_id: str, dept: str) -> str:
    """Change a task's lead department in its chapter file; returns the old department id."""
    path = next((repo / "plan_data" / "chapters").glob(f"ch{task_id[1:3]}.yaml"))
    text = path.read_text(encoding="utf-8")
    m = re.search(rf"- id: {task_id}\n(?:.*\n)*?    lead:\n      department: (\S+)\n", text)
    assert m, task_id
    path.write_text(text[: m.start(1)] + dept + text[m.end(1) :], encoding="utf-8")
    return m[1]


def make_repo(where: Path) -> Path:
    """repo/plan_data with four commits: the data as it is; a task's lead department changed (hostile
    message); that lead's reason reworded; a progress report added."""
    repo = where / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "plan_data", repo / "plan_data")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "数据初稿", "2024-01-02T09:00:00+08:00")
    set_lead(repo, "t03-1-01", "forestry")
    commit_all(repo, HOSTILE_SUBJECT + "\n\n" + HOSTILE_BODY, "2024-03-05T10:00:00+08:00")
    ch = repo / "plan_data" / "chapters" / "ch03.yaml"
    text = ch.read_text(encoding="utf-8")
    ch.write_text(text.replace(OLD_REASON, NEW_REASON, 1), encoding="utf-8")
    commit_all(repo, "理由随牵头部门更新", "2024-04-01T08:30:00+08:00")
    shutil.copy(ROOT / "tests" / "fixtures" / "progress" / "rp-2022-annual.yaml", repo / "plan_data" / "progress")
    commit_all(repo, "录入 2022 年度报告", "2024-05-06T16:00:00+08:00")
    return repo
