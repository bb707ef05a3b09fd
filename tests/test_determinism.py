"""Two clean builds of the same data are byte-identical: same files, same bytes, every file.

The session build (``site_dir``) is one of the two; the other is built here into a fresh folder.
Nothing is excluded: a gzip timestamp in sitemap.xml.gz or a dict-order change in a data file is a bug.
A bare ``mkdocs build`` gives the same bytes as the build command (both take the one path: the hook
calls ``genhe_plan.site.prepare``; the command adds only the date, the data folder and the swap).
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT, build_site


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    x, y = a.read_bytes(), b.read_bytes()
    if a.suffix == ".gz":
        detail = f"gzip headers {x[:10].hex()} vs {y[:10].hex()}"
        try:
            same_payload = gzip.decompress(x) == gzip.decompress(y)
        except OSError as err:
            return f"{detail}; unreadable: {err}"
        return f"{detail}; payload {'identical' if same_payload else 'differs'}"
    try:
        lx, ly = x.decode("utf-8").splitlines(), y.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        at = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
        return f"binary, {len(x)} vs {len(y)} bytes, first difference at byte {at}"
    diff = list(difflib.unified_diff(lx, ly, lineterm="", n=0))
    return "\n".join(line[:200] for line in diff[2:12])


def test_two_builds_are_byte_identical(site_dir, tmp_path):
    again = tmp_path / "site"
    done = build_site(again)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_same_site(site_dir, again)


def test_bare_mkdocs_build_equals_the_build_command(site_dir, tmp_path):
    bare = tmp_path / "bare"
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        OFFLINE="false",
        PLAN_DATA=str(DATA),
    )
    env.pop("SOURCE_DATE_EPOCH")  # the hook dates the build by the data's last commit, as the build command does
    # the `mkdocs` command as a user types it (not `python -m mkdocs`, which puts the working directory on
    # sys.path): the hook must find genhe_plan by itself
    cmd = [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(bare)]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_same_site(site_dir, bare)


def assert_same_site(site_dir: Path, again: Path) -> None:
    a, b = tree(site_dir), tree(again)
    assert len(a) > 150
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    assert (only_a, only_b) == ([], []), f"file lists differ: only in the first build {only_a[:10]}, only in the second {only_b[:10]}"
    differing = [name for name in a if a[name] != b[name]]
    if differing:
        details = "\n\n".join(f"--- {name}\n{first_difference(site_dir / name, again / name)}" for name in differing[:5])
        raise AssertionError(f"{len(differing)} of {len(a)} files differ between two builds: {differing[:15]}\n\n{details}")


def test_comparison_sees_a_one_byte_change(tmp_path):
    """The tree comparison itself can fail."""
    for name in ("a", "b"):
        (tmp_path / name / "x").mkdir(parents=True)
        (tmp_path / name / "x" / "f.txt").write_text("same\n", encoding="utf-8")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    (tmp_path / "b" / "x" / "f.txt").write_text("Same\n", encoding="utf-8")
    assert tree(tmp_path / "a") != tree(tmp_path / "b")
    assert "Same" in first_difference(tmp_path / "a" / "x" / "f.txt", tmp_path / "b" / "x" / "f.txt")
