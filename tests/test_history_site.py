"""Record history in a real build (issue 22): a throwaway repository whose last commits change a
task's lead department under a hostile message; the built site shows the change on the task and on
更新记录, escaped, without the author's e-mail address."""

from __future__ import annotations

import re

import pytest
from atom_check import atom_problems
from conftest import build_site
from history_repo import EMAIL, make_repo


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    where = tmp_path_factory.mktemp("history-site")
    repo = make_repo(where)
    site = where / "site"
    done = build_site(site, data_dir=repo / "plan_data")
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_task_shows_its_lead_department_change(history_site):
    page = (history_site / "plan" / "ch03" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('data-task="t03-1-01"') :]
    block = block[block.index('<details class="history"') : block.index("</details>")]
    assert "修订记录（3）" in block and '<time datetime="2024-03-05T10:00:00+08:00">2024-03-05</time>' in block
    assert "<del>自然资源部门</del> → <ins>林业和草原部门</ins>" in block
    assert "改牵头部门" not in block and "script" not in block  # the commit message is not published


def test_changes_page_shows_the_change_newest_first(history_site):
    page = (history_site / "changes" / "index.html").read_text(encoding="utf-8")
    order = [page.index(f'">{day}</time>') for day in ("2024-05-06", "2024-04-01", "2024-03-05", "2024-01-02")]
    assert order == sorted(order)
    assert "改牵头部门" not in page and "修改任务 t03-1-01 的牵头部门" in page
    row = page[page.index('<div class="change" data-depts="forestry natres ndrc" data-type="task">') :][:2000]
    assert "t03-1-01" in row and "<del>自然资源部门</del> → <ins>林业和草原部门</ins>" in row
    assert 'href="../plan/ch03/#t03-1-01"' in row


def test_no_hostile_text_unescaped_and_no_email_anywhere(history_site):
    for path in history_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert EMAIL not in text, path
            assert "<script>alert(" not in text and "\x01" not in text and "\x1b" not in text, path


def test_feeds_are_built_valid_and_linked_from_every_page_head(history_site):
    assert atom_problems((history_site / "feed.xml").read_bytes()) == []
    assert atom_problems((history_site / "departments" / "forestry" / "feed.xml").read_bytes()) == []
    assert "林业和草原部门" in (history_site / "feed.xml").read_text(encoding="utf-8")
    pages = [p for p in history_site.rglob("index.html") if "assets" not in p.parts and "embed" not in p.parts]
    missing = [
        str(p)
        for p in pages
        if not re.search(
            r'<link rel="alternate" type="application/atom\+xml" title="数据更新（Atom）" href="[./]*feed\.xml">',
            p.read_text(encoding="utf-8"),
        )
    ]
    assert len(pages) > 100 and missing == []
    eco = (history_site / "departments" / "eco" / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml">Atom 源</a>' in eco  # the visible link
