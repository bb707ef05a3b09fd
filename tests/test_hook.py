"""The MkDocs hook under ``mkdocs serve`` (overrides/hooks/plan_site.py + genhe_plan.site's cache).

A rebuild after an edit of a hand-written page or of the theme reads every step back from the cache (plan
data and code unchanged); an edit of the plan data makes every step again with the loaded code; an edit of
the code drops the genhe_plan modules and imports them again. The hook runs in a child process here:
dropping modules in the test process would split its classes in two.
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
seen = []

def build(label):
    config = {"extra": {}}
    hook.on_config(config)
    made = hook._state["build"].made
    seen.append([label, id(sys.modules["genhe_plan.site"]), made, bool(config["nav"]), config["extra"]["graph_assets"]["vis"]])

build("first")                                   # makes every step (the cache is empty)
build("docs edited")                             # data and code unchanged: every step read back
data = Path(os.environ["PLAN_DATA"])
(data / "plan.yaml").write_text((data / "plan.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
build("data edited")                             # every step made again, same modules
sys.modules["genhe_plan.site"].code_fingerprint = "stale"
build("code edited")                             # modules dropped and imported again; the code on disk is as it was
print(json.dumps(seen))
"""


def test_serve_rebuilds_make_only_what_changed(slow, copy_data, tmp_path):
    env = dict(os.environ, PLAN_DATA=str(copy_data), SOURCE_DATE_EPOCH="1659312000", GENHE_PLAN_CACHE=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    every = [step.name for step in site.STEPS]
    assert [made for _, _, made, *_ in seen] == [every, [], every, []], seen
    (_, first, *_), (_, docs, *_), (_, data, *_), (_, code, *_) = seen
    assert first == docs == data != code, "modules are kept until the code changes"
    assert all(nav and vis.endswith("vis-network.min.js") for *_, nav, vis in seen)


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
