"""Zensical, the second engine (issue 20): the same prepared site, rendered without MkDocs.

Zensical reads ``mkdocs.yml`` but runs no MkDocs hook, so what the hook hands MkDocs in memory is
written to a staging folder instead:

    <stage>/mkdocs.yml   mkdocs.yml with the hook removed; the nav, the theme's extra values, the
                         staged docs/theme folders and Zensical's own search switched off written in
    <stage>/docs/        docs/ and every generated file (``SiteBuild.files``), markers filled
    <stage>/theme/       overrides/ (less hooks/ and zensical/), then overrides/zensical/ on top:
                         the few templates that target Material's markup and differ for Zensical
    <stage>/site/        Zensical's output, moved to the site folder when the build succeeded

Why a staging folder: Zensical keeps docs_dir and site_dir inside the folder of its config file.
The YAML is rewritten node by node (``yaml.compose``/``serialize``), so tags such as ``!ENV`` and
the slugify function reach Zensical as written.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ..site import SiteBuild

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements-zensical.txt"
VARIANT = "classic"
"""Zensical's look that keeps Material's markup and styles (its default, "modern", restyles the header
and replaces the search box with a button): the site's own header search and CSS apply unchanged."""
THEME_CSS = ["assets/material-search.css"]
"""Stylesheets of overrides/zensical/ linked on every page: Material's search dialog rules (written
by scripts/material_search_css.py), which the header search's markup still uses."""
THEME_SKIP = {"hooks", "zensical"}  # overrides/ folders that are not theme (compiled files are skipped at any depth)


def _node(value) -> yaml.Node:
    return yaml.representer.SafeRepresenter().represent_data(value)


def _scalar(value: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", value)


def _set(mapping: yaml.MappingNode, key: str, value: yaml.Node) -> None:
    for i, (k, _) in enumerate(mapping.value):
        if k.value == key:
            mapping.value[i] = (k, value)
            return
    mapping.value.append((_scalar(key), value))


def _get(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in mapping.value if k.value == key), None)


def _child(mapping: yaml.MappingNode, key: str, kind: type[yaml.CollectionNode]):
    """The mapping's ``key`` (a sequence or a mapping, as ``kind``), added empty when missing."""
    node = _get(mapping, key)
    if node is None:
        node = kind("tag:yaml.org,2002:" + ("seq" if kind is yaml.SequenceNode else "map"), [])
        _set(mapping, key, node)
    assert isinstance(node, kind), f"mkdocs.yml: {key} is not a {kind.__name__}"
    return node


def derived_config(mkdocs_yml: str, build: SiteBuild) -> str:
    """mkdocs.yml as Zensical reads it from the staging folder: no hook; the nav and extra values the
    hook would set; docs/theme/site folders of the stage; Zensical's search plugin off (the site's
    search is its own, docs/assets/search/); code blocks not coloured (Zensical always adds SuperFences,
    whose Pygments colours fail the contrast check; Material leaves them plain)."""
    root = yaml.compose(mkdocs_yml, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode), "mkdocs.yml is not a mapping"
    root.value = [(k, v) for k, v in root.value if k.value != "hooks"]
    _set(root, "docs_dir", _scalar("docs"))
    _set(root, "site_dir", _scalar("site"))
    theme = _child(root, "theme", yaml.MappingNode)
    _set(theme, "custom_dir", _scalar("theme"))
    _set(theme, "variant", _scalar(VARIANT))
    _child(root, "plugins", yaml.SequenceNode).value.append(_node({"search": {"enabled": False}}))
    # first: the site's own CSS overrides it, as it overrides Material's
    _child(root, "extra_css", yaml.SequenceNode).value[:0] = [_scalar(path) for path in THEME_CSS]
    _child(root, "markdown_extensions", yaml.SequenceNode).value.append(_node({"pymdownx.highlight": {"use_pygments": False}}))
    extra = _child(root, "extra", yaml.MappingNode)
    for key, value in build.extra.items():
        _set(extra, key, _node(value))
    _set(root, "nav", _node(build.nav))
    return yaml.serialize(root, allow_unicode=True, width=1000)


def stage(build: SiteBuild, stage_dir: Path) -> Path:
    """Write the config, docs and theme Zensical builds from; the config's path."""
    shutil.rmtree(stage_dir, ignore_errors=True)
    docs = stage_dir / "docs"
    hand_written = {
        src.relative_to(ROOT / "docs").as_posix(): src.read_bytes() for src in sorted((ROOT / "docs").rglob("*")) if src.is_file()
    }
    for uri, content in {**hand_written, **build.files}.items():  # a generated file wins over a docs/ one
        if uri.endswith(".md"):  # markers filled as the hook's on_page_markdown fills them
            content = build.fill_markers(content if isinstance(content, str) else content.decode("utf-8"))
        _write(docs / uri, content.encode("utf-8") if isinstance(content, str) else content)
    theme = stage_dir / "theme"
    overrides = ROOT / "overrides"
    for layer in (overrides, overrides / "zensical"):
        for src in sorted(layer.rglob("*")):
            rel = src.relative_to(layer)
            if src.is_file() and not (layer == overrides and rel.parts[0] in THEME_SKIP) and "__pycache__" not in rel.parts:
                _write(theme / rel, src.read_bytes())
    config = stage_dir / "mkdocs.yml"
    _write(config, derived_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), build).encode("utf-8"))
    return config


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def installed() -> str | None:
    """Zensical's version, or None when it is not installed in this Python."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("zensical")
    except PackageNotFoundError:
        return None


def run(config: Path, env: dict[str, str], serve: str | None = None) -> int:
    """``zensical build --strict --clean`` on the staged config (``zensical serve`` on ``serve``, an
    address); its exit code."""
    cmd = [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", str(config)]
    if serve:
        cmd = [sys.executable, "-m", "zensical", "serve", "-a", serve, "-f", str(config)]
    return subprocess.run(cmd, cwd=config.parent, env=env).returncode
