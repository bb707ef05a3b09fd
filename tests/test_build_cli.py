"""The build command: a failed build leaves the last good site untouched, and says why in words."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import build_site


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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan_data", "site"]  # no half-built folder left
