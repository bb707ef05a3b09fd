"""The shape of genhe_plan: the pipeline's layers import only downwards, no module imports itself
back through a cycle, functions stay short, and adding a field touches only the places it should.
"""

from __future__ import annotations

import ast
import copy
import csv
import io
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "genhe_plan"

# Lower layers never import higher ones (a module may import its own layer and any lower one). A name
# is a module or package under genhe_plan; a module not named takes the layer of its closest package.
# The stage packages whose __init__ only documents (input, present, progress, audit) sit at the bottom:
# importing one of their modules runs the package's __init__ first, and that imports nothing.
LAYERS = [
    {"input", "input.errors", "input.source", "input.load", "input.schema", "present", "progress", "audit", "fsio", "cache"}
    | {"input.marks", "input.schema_types", "input.schema_reports", "input.plain_words"},
    {"input.validated", "input.fidelity"},
    {"input.validate", "progress.check", "progress.worksheet_problems", "progress.worksheet_merge"},
    {"model"},
    {
        "present.labels",
        "present.urls",
        "search.dictionary",
        "audit.checks",
        "audit.commitments",
        "progress.status",
        "progress.target_rule",
        "history",
    },
    {"present.changes", "progress.evaluation"},
    {"graph"},
    {"search"},
    {"export", "pages"},
    {"site", "cli", "__main__", "__init__", "publishing", "progress.worksheet", "progress.worksheet_import", "progress.reports", "engines"}
    | {"progress.worksheet_read", "progress.worksheet_parse"},
]
MAX_FUNCTION_LINES = 60


def module_name(path: Path, root: Path = ROOT) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def imports(path: Path, root: Path = ROOT) -> set[str]:
    """genhe_plan modules imported by the file (relative imports resolved); ``root`` holds genhe_plan/."""
    pkg = root / "genhe_plan"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            mod = ".".join(base + (node.module.split(".") if node.module else []))
            for alias in node.names:
                out.add(
                    f"{mod}.{alias.name}"
                    if (pkg / Path(*f"{mod}.{alias.name}".split(".")[1:])).with_suffix(".py").exists()
                    or (pkg / Path(*f"{mod}.{alias.name}".split(".")[1:]) / "__init__.py").exists()
                    else mod
                )
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    out = {m for m in out if m == "genhe_plan" or m.startswith("genhe_plan.")}
    # importing genhe_plan.pages.html runs genhe_plan/pages/__init__.py first: count the packages too
    return out | {".".join(m.split(".")[:i]) for m in out for i in range(2, m.count(".") + 1)}


def build_import_graph(root: Path = ROOT) -> nx.DiGraph:
    """Module → module it imports, for every module of ``root``/genhe_plan."""
    G = nx.DiGraph()
    for path in sorted((root / "genhe_plan").rglob("*.py")):
        G.add_node(module_name(path, root))
        for target in imports(path, root):
            if target != module_name(path, root):
                G.add_edge(module_name(path, root), target)
    return G


@pytest.fixture(scope="module")
def import_graph() -> nx.DiGraph:
    return build_import_graph()


def layer_of(module: str) -> int:
    parts = module.split(".")[1:] or ["__init__"]
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        for i, names in enumerate(LAYERS):
            if name in names:
                return i
    raise AssertionError(f"{module} is in no layer of LAYERS")


def import_cycles(G: nx.DiGraph) -> list[list[str]]:
    """Cycles of imports; a package's __init__ re-exporting its own modules is not a cycle of meaning."""
    G = G.copy()
    G.remove_edges_from([(a, b) for a, b in list(G.edges) if a.startswith(b + ".") or b.startswith(a + ".")])
    return sorted(sorted(c) for c in nx.simple_cycles(G))


def layer_breaches(G: nx.DiGraph) -> list[tuple[str, str]]:
    """Imports from a lower step of the pipeline up to a higher one."""
    return sorted((a, b) for a, b in G.edges if layer_of(b) > layer_of(a))


def test_no_import_cycles_between_modules(import_graph):
    assert import_cycles(import_graph) == []


def test_layers_import_only_downwards(import_graph):
    assert layer_breaches(import_graph) == [], "a lower step of the pipeline imports a higher one"


def test_graph_model_knows_nothing_of_html_or_pages(import_graph):
    graph_modules = [m for m in import_graph if m.startswith("genhe_plan.graph")]
    assert graph_modules
    for m in graph_modules:
        assert not any(t.startswith("genhe_plan.pages") for t in import_graph.successors(m)), m
        text = (PKG / Path(*m.split(".")[1:])).with_suffix(".py")
        source = (text if text.exists() else text.with_suffix("") / "__init__.py").read_text(encoding="utf-8")
        assert "<div" not in source and "<span" not in source and "html.escape" not in source, m


def test_the_import_checker_sees_a_planted_cycle(tmp_path):
    """The checks above can fail: a copy of genhe_plan whose model imports pages.registry (which imports
    model) has a cycle and a layer breach, and importing model alone breaks on the half-initialised module."""
    shutil.copytree(PKG, tmp_path / "genhe_plan", ignore=shutil.ignore_patterns("__pycache__"))
    assert import_cycles(build_import_graph(tmp_path)) == []
    model = tmp_path / "genhe_plan" / "model.py"
    planted = "from __future__ import annotations\n\nfrom .pages import registry  # planted, before model defines Plan\n"
    model.write_text(model.read_text(encoding="utf-8").replace("from __future__ import annotations\n", planted, 1), encoding="utf-8")
    G = build_import_graph(tmp_path)
    assert any({"genhe_plan.model", "genhe_plan.pages.registry"} <= set(c) for c in import_cycles(G))
    assert ("genhe_plan.model", "genhe_plan.pages.registry") in layer_breaches(G)
    assert [m.split(":")[0] for m in modules_failing_alone(["genhe_plan.model"], tmp_path)] == ["genhe_plan.model"]


SIZED = [PKG, ROOT / "bench", ROOT / "scripts"]
"""The Python whose functions must fit on a screen: the package, the benchmarks and the scripts."""


def long_functions(folders: list[Path] = SIZED) -> list[str]:
    out = []
    for path, name in sorted((p, p.relative_to(folder.parent)) for folder in folders for p in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    out.append(f"{name}:{node.lineno} {node.name} ({n} lines)")
    return out


def test_functions_fit_on_a_screen():
    assert long_functions() == []


def test_the_size_check_sees_a_long_function_in_a_script(tmp_path):
    """The check can fail, and counts as the others do: a function of MAX_FUNCTION_LINES lines passes, one more fails."""
    body = lambda n: "".join(f"    x{i} = {i}\n" for i in range(n))  # noqa: E731
    (tmp_path / "scripts").mkdir()
    source = f"def fits():\n{body(MAX_FUNCTION_LINES - 1)}\n\nasync def long():\n{body(MAX_FUNCTION_LINES)}"
    (tmp_path / "scripts" / "long.py").write_text(source, encoding="utf-8")
    assert long_functions([tmp_path / "scripts"]) == [f"scripts/long.py:{MAX_FUNCTION_LINES + 3} long ({MAX_FUNCTION_LINES + 1} lines)"]


# ------------------------------------------------------------------ adding a field
def test_an_optional_target_field_needs_only_schema_presentation_and_export_declaration(plan, monkeypatch):
    """Issue 9's acceptance: a new optional field on targets shows on the indicator page and in
    targets.csv by changing the schema model, the presentation (one label) and the export declaration
    — nothing in pages' control flow, site assembly or the registry."""
    from genhe_plan.export import export_files, tables
    from genhe_plan.export.tables import Column
    from genhe_plan.input import schema as S
    from genhe_plan.pages import generate
    from genhe_plan.pages.dictionary import dictionary_page
    from genhe_plan.present import labels as present
    from genhe_plan.present import urls

    # 1. schema: an optional field (a fixture copy of the model, as an editor would add it)
    Extended = type("Target", (S.Target,), {"__annotations__": {"responsible_note": str | None}, "responsible_note": None})
    edited = copy.deepcopy(plan)
    target = next(t for t in edited.targets if t.indicator and t.kind == "target")
    extended = Extended(**target.model_dump(), responsible_note="由<b>测试</b>添加")
    edited.targets[edited.targets.index(target)] = extended
    for lst in edited.targets_measuring.values():
        lst[:] = [extended if t is target else t for t in lst]
    for lst in edited.targets_of.values():
        lst[:] = [extended if t is target else t for t in lst]
    edited.by_id[extended.id] = extended
    # 2. presentation: how the field reads wherever a target is shown
    original_value = present.target_value
    monkeypatch.setattr(
        present, "target_value", lambda t: original_value(t) + (f"（{t.responsible_note}）" if getattr(t, "responsible_note", None) else "")
    )
    # 3. export declaration: one more column
    column = Column("responsible_note", "string", "责任说明", lambda p, t: getattr(t, "responsible_note", None))
    i = tables.TABLES.index(tables.TARGETS)
    tables.TABLES[i] = replace(tables.TARGETS, columns=[*tables.TARGETS.columns, column])
    try:
        page = generate(edited)[urls.indicator(extended.indicator)]
        assert "由&lt;b&gt;测试&lt;/b&gt;添加" in page  # shown, and escaped
        files = export_files(edited, ROOT / "plan_data")
        rows = list(csv.DictReader(io.StringIO(files["data/targets.csv"].decode("utf-8-sig"))))
        package = json.loads(files["data/datapackage.json"])
        fields = next(r for r in package["resources"] if r["name"] == "targets")["schema"]["fields"]
        assert fields[-1] == {"name": "responsible_note", "type": "string", "description": "责任说明"}
        assert "`responsible_note`" in dictionary_page()
        assert next(r for r in rows if r["id"] == extended.id)["responsible_note"] == "由<b>测试</b>添加"
        assert sum(bool(r["responsible_note"]) for r in rows) == 1
    finally:
        tables.TABLES[i] = tables.TARGETS


def modules_failing_alone(modules: list[str], root: Path = ROOT) -> list[str]:
    """``module: error`` for each module that fails when imported first, in a fresh interpreter state."""
    script = (
        "import importlib, sys\n"
        "bad = []\n"
        f"for m in {modules!r}:\n"
        "    for k in [k for k in sys.modules if k.startswith('genhe_plan')]: del sys.modules[k]\n"
        "    try: importlib.import_module(m)\n"
        "    except Exception as e: bad.append(f'{m}: {e!r}')\n"
        "print('\\n'.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip().splitlines()


def test_every_module_imports_on_its_own(
    slow,
):
    """Each module imported first, in a fresh interpreter state: a cycle shows up as a partially
    initialised module (the failure test_search_index.py met when run alone)."""
    modules = sorted(module_name(p) for p in PKG.rglob("*.py") if p.name != "__main__.py")
    assert modules_failing_alone(modules) == []


# Modules the site pipeline never needs, and what pulls them in when used carelessly: every build imports
# genhe_plan.site in MkDocs' process, so whatever that import drags in is paid by every build (bench section 1).
NOT_AT_BUILD = {"urllib.request": "xml.sax.saxutils imports it (~30 ms): use genhe_plan.present.xml"}


def test_importing_the_pipeline_imports_nothing_it_does_not_use():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, genhe_plan.site; print(' '.join(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(done.stdout.split())
    assert {m: why for m, why in NOT_AT_BUILD.items() if m in loaded} == {}
