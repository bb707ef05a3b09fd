"""The MkDocs hook under ``mkdocs serve`` (overrides/hooks/plan_site.py + genhe_plan.site's cache).

A rebuild after an edit of a hand-written page or of the theme reuses the prepared site (plan data and
code unchanged); an edit of the plan data prepares it again with the loaded code; an edit of the code
drops the genhe_plan modules and imports them again. The hook runs in a child process here: dropping
modules in the test process would split its classes in two.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT

from genhe_plan import site

SCRIPT = r"""
import importlib.util, json, os, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("plan_site_hook", sys.argv[1] + "/overrides/hooks/plan_site.py")
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)
calls, seen, now = [], [], []

def build(label):
    now[:] = [label]
    site = sys.modules.get("genhe_plan.site")
    if site is not None and not getattr(site.prepare, "counted", False):
        real = site.prepare
        def counted(data_dir):
            calls.append(now[0])
            return real(data_dir)
        counted.counted = True
        site.prepare = counted
    config = {"extra": {}}
    hook.on_config(config)
    seen.append([label, id(sys.modules["genhe_plan.site"]), bool(config["nav"]), config["extra"]["graph_assets"]["vis"]])

build("first")                                   # prepares (first build: nothing cached)
build("docs edited")                             # data and code unchanged: the prepared site is reused
data = Path(os.environ["PLAN_DATA"])
(data / "plan.yaml").write_text((data / "plan.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
build("data edited")                             # prepares again, same modules
sys.modules["genhe_plan.site"].code_fingerprint = "stale"
build("code edited")                             # modules dropped and imported again: prepares
print(json.dumps({"calls": calls, "seen": seen}))
"""


def test_serve_rebuilds_reuse_what_did_not_change(copy_data):
    env = dict(os.environ, PLAN_DATA=str(copy_data), SOURCE_DATE_EPOCH="1659312000")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # the first build's prepare ran before the counter could be put in place (its module was not loaded)
    assert out["calls"] == ["data edited"], out
    (_, first, *_), (_, docs, *_), (_, data, *_), (_, code, *_) = out["seen"]
    assert first == docs == data != code, "modules are kept until the code changes"
    assert all(nav and vis.endswith("vis-network.min.js") for _, _, nav, vis in out["seen"])


def test_fingerprint_follows_content_and_extra(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "a" / "__pycache__").mkdir()
    (tmp_path / "a" / "__pycache__" / "x.pyc").write_bytes(b"1")
    first = site.fingerprint([tmp_path / "a"], ["epoch 1"])
    (tmp_path / "a" / "__pycache__" / "x.pyc").write_bytes(b"2")
    assert site.fingerprint([tmp_path / "a"], ["epoch 1"]) == first, "compiled files do not count"
    assert site.fingerprint([tmp_path / "a"], ["epoch 2"]) != first
    (tmp_path / "a" / "x.yaml").write_text("x: 2\n", encoding="utf-8")
    assert site.fingerprint([tmp_path / "a"], ["epoch 1"]) != first


def test_served_makes_once_per_key_and_keeps_only_the_last():
    made = []

    def make(tag):
        return lambda: made.append(tag) or {"tag": tag}

    assert site.served("k1", make("a")) == {"tag": "a"}
    assert site.served("k1", make("b")) == {"tag": "a"}
    assert site.served("k2", make("c")) == {"tag": "c"}
    assert site.served("k1", make("d")) == {"tag": "d"}
    assert made == ["a", "c", "d"]


FIRST_BUILD = r"""
import importlib.util, sys
loads = []
sys.addaudithook(lambda event, args: loads.append(args[0]) if event == "import" and args[0] == "genhe_plan.history" else None)  # imported by genhe_plan.site
spec = importlib.util.spec_from_file_location("plan_site_hook", sys.argv[1] + "/overrides/hooks/plan_site.py")
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)
hook.on_config({"extra": {}})
print(len(loads))
"""


def test_a_first_build_imports_the_code_once(copy_data):
    """The first on_config of a process reads genhe_plan as it is on disk: dropping and importing it
    again (which a code edit under serve needs) would cost every cold run a quarter of a second for nothing."""
    env = dict(os.environ, PLAN_DATA=str(copy_data), SOURCE_DATE_EPOCH="1659312000")
    done = subprocess.run([sys.executable, "-c", FIRST_BUILD, str(ROOT)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "1"
