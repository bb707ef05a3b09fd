"""Assembling the site (genhe_plan.site) and its steps' cache (genhe_plan.cache).

A build whose steps are read back from the cache must be the build that makes them: same files, same
bytes. The cache key must move with every input (a data file, the code, the environment) and only with
them; an entry that cannot be read is made again; a fully cached build loads and imports nothing heavy.
The tests run with the cache off (conftest sets GENHE_PLAN_CACHE=0); these turn it on in a folder of
their own.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest
from conftest import DATA, ROOT

from genhe_plan import cache, site

NAMES = [step.name for step in site.STEPS]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GENHE_PLAN_CACHE", str(folder))
    return folder


def same(a: site.SiteBuild, b: site.SiteBuild) -> bool:
    return (a.files, a.nav, a.snippets, a.extra, a.counts) == (b.files, b.nav, b.snippets, b.extra, b.counts)


def test_a_cached_build_is_the_build_that_makes_every_step(slow, cache_dir, monkeypatch):
    cold = site.prepare(DATA)
    assert list(cold.made) == NAMES and sorted(p.name for p in cache_dir.iterdir()) == sorted(
        f"{n.replace(' ', '-')}.pickle" for n in NAMES
    )
    warm = site.prepare(DATA)
    assert warm.made == () and "nothing (all from the cache)" in warm.summary
    assert same(warm, cold) and warm.files is not cold.files
    monkeypatch.setenv("GENHE_PLAN_CACHE", "0")
    uncached = site.prepare(DATA)
    assert list(uncached.made) == NAMES and same(uncached, cold)
    assert len(cold.files) > 500 and {"plan/ch01.md", "data/plan.sqlite", "search/meta.js", "feed.xml", site.JIEBA_DICT} <= set(cold.files)
    outputs = [pickle.loads((cache_dir / f"{n.replace(' ', '-')}.pickle").read_bytes())[1] for n in NAMES[1:]]
    assert sum(map(len, outputs)) == len(cold.files), "no two steps make the same file"


def test_the_site_and_the_offline_copy_keep_an_entry_each(slow, cache_dir, monkeypatch):
    monkeypatch.setenv("OFFLINE", "false")
    online = site.prepare(DATA)
    monkeypatch.setenv("OFFLINE", "true")
    offline = site.prepare(DATA)
    assert list(online.made) == list(offline.made) == NAMES and online.files != offline.files
    monkeypatch.setenv("OFFLINE", "false")
    assert site.prepare(DATA).made == ()
    assert len(list(cache_dir.iterdir())) == 2 * len(NAMES)


def test_a_data_edit_makes_every_step_again_and_a_copy_of_the_same_data_makes_none(slow, cache_dir, tmp_path):
    import shutil

    one, two = tmp_path / "a" / "plan_data", tmp_path / "b" / "plan_data"
    shutil.copytree(DATA, one)
    shutil.copytree(DATA, two)
    first = site.prepare(one)
    assert list(first.made) == NAMES
    assert site.prepare(two).made == (), "the key is the data's content, not where it lies"
    (two / "plan.yaml").write_text((two / "plan.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert list(site.prepare(two).made) == NAMES


def test_the_key_follows_the_code_the_environment_and_what_the_steps_read_elsewhere(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "genhe_plan").mkdir(parents=True)
    (root / "genhe_plan" / "site.py").write_text("A = 1\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_url: ''\n", encoding="utf-8")
    monkeypatch.setattr(site, "ROOT", root)
    for name in site.ENV:
        monkeypatch.delenv(name, raising=False)
    keys = [site.inputs_key(DATA)]
    assert site.inputs_key(DATA) == keys[0]
    (root / "genhe_plan" / "site.py").write_text("A = 2\n", encoding="utf-8")
    keys.append(site.inputs_key(DATA))
    (root / "mkdocs.yml").write_text("site_url: https://example.org/\n", encoding="utf-8")
    keys.append(site.inputs_key(DATA))
    for name, value in [("OFFLINE", "true"), ("SITE_URL", "https://example.org/"), ("SOURCE_DATE_EPOCH", "1795925635")]:
        monkeypatch.setenv(name, value)
        keys.append(site.inputs_key(DATA))
    (root / "genhe_plan" / "__pycache__").mkdir()
    (root / "genhe_plan" / "__pycache__" / "site.cpython-311.pyc").write_bytes(b"compiled")
    assert site.inputs_key(DATA) == keys[-1], "compiled files do not count"
    assert len(set(keys)) == len(keys), keys


def test_an_entry_that_cannot_be_read_is_made_again(slow, cache_dir):
    cold = site.prepare(DATA)
    (cache_dir / "graph.pickle").write_bytes(b"\x80\x05 cut short")
    (cache_dir / "feeds.pickle").write_bytes(pickle.dumps("not a (key, value) pair"))
    (cache_dir / "api.pickle").unlink()
    again = site.prepare(DATA)
    assert sorted(again.made) == ["api", "feeds", "graph"] and same(again, cold)
    assert site.prepare(DATA).made == ()


def test_kept_makes_once_per_key_keeps_one_entry_per_step_and_can_be_off(cache_dir, monkeypatch):
    made = []

    def make(tag):
        return lambda: made.append(tag) or {"x.txt": tag}

    assert cache.kept("a step", "k1", make("a")) == {"x.txt": "a"}
    assert cache.kept("a step", "k1", make("b")) == {"x.txt": "a"}
    assert cache.kept("a step", "k2", make("c")) == {"x.txt": "c"}
    assert cache.kept("a step", "k1", make("d")) == {"x.txt": "d"}
    assert made == ["a", "c", "d"]
    left = cache_dir / ".tmp-a-step.pickle.x1y2"  # a write a kill interrupted
    left.write_bytes(b"half")
    cache.kept("a step", "k3", make("e"))
    assert [p.name for p in cache_dir.iterdir()] == ["a-step.pickle"], "the latest entry only, no leftover"
    monkeypatch.setenv("GENHE_PLAN_CACHE", "0")
    assert cache.folder() is None
    assert cache.kept("a step", "k3", make("f")) == {"x.txt": "f"} and made[-1] == "f"


def test_a_cache_that_cannot_be_written_does_not_fail_the_build(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GENHE_PLAN_CACHE", str(blocked / "cache"))
    assert cache.kept("a step", "k", lambda: {"x.txt": "made"}) == {"x.txt": "made"}


def test_fingerprint_follows_content_and_extra_not_the_folder(tmp_path):
    for where in ("a", "b"):
        (tmp_path / where / "data").mkdir(parents=True)
        (tmp_path / where / "data" / "x.yaml").write_text("x: 1\n", encoding="utf-8")
    first = site.fingerprint([tmp_path / "a" / "data"], ["epoch 1"])
    assert site.fingerprint([tmp_path / "b" / "data"], ["epoch 1"]) == first, "a copy elsewhere: the same inputs"
    assert site.fingerprint([tmp_path / "a" / "data"], ["epoch 2"]) != first
    (tmp_path / "a" / "data" / "x.yaml").write_text("x: 2\n", encoding="utf-8")
    assert site.fingerprint([tmp_path / "a" / "data"], ["epoch 1"]) != first
    (tmp_path / "b" / "data" / "x.yaml").rename(tmp_path / "b" / "data" / "y.yaml")
    assert site.fingerprint([tmp_path / "b" / "data"], ["epoch 1"]) != first, "a renamed file is another input"


WARM = r"""
import json, sys
from pathlib import Path
from genhe_plan import site
build = site.prepare(Path(sys.argv[1]))
heavy = ["genhe_plan.model", "genhe_plan.pages.registry", "networkx", "openpyxl", "pydantic", "jieba"]
print(json.dumps({"made": build.made, "imported": [m for m in heavy if m in sys.modules]}))
"""


def test_a_build_whose_steps_are_all_kept_loads_and_imports_nothing_heavy(cache_dir):
    """Why a cached build is quick, said without a clock: it reads the entries back and imports neither
    the loader (pydantic) nor any step's libraries (networkx, openpyxl, jieba)."""
    runs = []
    for _ in range(2):
        env = dict(os.environ, GENHE_PLAN_CACHE=str(cache_dir))
        done = subprocess.run([sys.executable, "-c", WARM, str(DATA)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    cold, warm = runs
    assert cold["made"] == NAMES and set(cold["imported"]) >= {"genhe_plan.model", "networkx", "openpyxl"}
    assert warm == {"made": [], "imported": []}
