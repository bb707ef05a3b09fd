"""The second engine (issue 20): Zensical renders the same prepared site as MkDocs Material.

Fast: the derived config (engines.zensical.derived_config), the staging folder, the message when
Zensical is missing, the vendored search dialog CSS. Build tier: both engines' session builds have
the same pages, anchors, article text and download bytes (bench/engines.py's parity check, which a planted
difference of each kind fails). The browser tests of conftest.BOTH_ENGINES run on both sites.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import DATA, ROOT
from mkdocs.utils.yaml import yaml_load

from genhe_plan import cli
from genhe_plan.engines import zensical

sys.path.insert(0, str(ROOT / "bench"))
import engines as parity  # noqa: E402  (bench/engines.py)

sys.path.insert(0, str(ROOT / "scripts"))
import material_search_css  # noqa: E402  (scripts/material_search_css.py)


def load(text: str) -> dict:
    """YAML as MkDocs and Zensical read it (!ENV and python tags): MkDocs' own loader."""
    return yaml_load(text)


STUB = SimpleNamespace(
    nav=[{"首页": "index.md"}, {"任务": [{"总览": "tasks/index.md"}]}], extra={"graph_assets": {"vis": "v.js"}, "graph_css": ["g.css"]}
)


def test_derived_config_drops_the_hook_and_writes_what_the_hook_would_set():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    original, derived = load(text), load(zensical.derived_config(text, STUB))
    assert "hooks" in original and "hooks" not in derived
    assert derived["nav"] == STUB.nav
    assert derived["extra"] == {**original["extra"], **STUB.extra}  # polyfills etc. kept
    assert (derived["docs_dir"], derived["site_dir"], derived["theme"]["custom_dir"]) == ("docs", "site", "theme")
    assert derived["theme"] == {**original["theme"], "custom_dir": "theme", "variant": zensical.VARIANT}
    assert derived["plugins"] == [*original["plugins"], {"search": {"enabled": False}}]
    assert derived["extra_css"] == [*zensical.THEME_CSS, *original["extra_css"]]
    names = [e if isinstance(e, str) else next(iter(e)) for e in original["markdown_extensions"]]
    assert [e if isinstance(e, str) else next(iter(e)) for e in derived["markdown_extensions"]] == [*names, "pymdownx.highlight"]
    assert derived["markdown_extensions"][-1] == {"pymdownx.highlight": {"use_pygments": False}}  # code left plain, as Material does
    toc = next(e["toc"] for e in derived["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert callable(toc["slugify"]) and toc["slugify"]("第一章 Ab", "-") == "第一章-ab"  # the python tag survives
    changed = {"hooks", "nav", "extra", "docs_dir", "site_dir", "theme", "plugins", "extra_css", "markdown_extensions"}
    assert {k: v for k, v in derived.items() if k not in changed} == {k: v for k, v in original.items() if k not in changed}


def test_derived_config_keeps_environment_tags_for_zensical(monkeypatch):
    """OFFLINE and DIRECTORY_URLS still switch the offline build: the !ENV tags are passed on, not resolved."""
    derived = zensical.derived_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), STUB)
    monkeypatch.setenv("OFFLINE", "true")
    monkeypatch.setenv("DIRECTORY_URLS", "false")
    config = load(derived)
    assert config["plugins"][0] == {"offline": {"enabled": True}} and config["use_directory_urls"] is False


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    from genhe_plan.site import prepare

    build = prepare(DATA)
    stage = tmp_path_factory.mktemp("stage") / "zensical"
    return build, stage, zensical.stage(build, stage)


def test_stage_holds_every_generated_file_docs_with_markers_filled_and_the_layered_theme(staged):
    build, stage, config = staged
    assert config == stage / "mkdocs.yml" and "hooks" not in load(config.read_text(encoding="utf-8"))
    for uri, content in build.files.items():
        data = (stage / "docs" / uri).read_bytes()
        assert data == (content.encode("utf-8") if isinstance(content, str) else content) or uri.endswith(".md"), uri
    for src in (ROOT / "docs").rglob("*"):
        if src.is_file() and src.suffix != ".md":
            assert (stage / "docs" / src.relative_to(ROOT / "docs")).read_bytes() == src.read_bytes()
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<!-- plan:" in home
    assert (stage / "docs" / "index.md").read_text(encoding="utf-8") == build.fill_markers(home) != home
    theme = {p.relative_to(stage / "theme").as_posix() for p in (stage / "theme").rglob("*") if p.is_file()}
    assert {"main.html", "partials/header.html", "partials/search.html", "assets/material-search.css"} <= theme
    assert not [t for t in theme if t.startswith(("hooks/", "zensical/"))]


def test_missing_zensical_fails_the_build_with_the_command_to_install_it(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site-zensical"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    monkeypatch.setattr(zensical, "installed", lambda: None)
    assert cli.main(["build", "--engine", "zensical", "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Zensical is not installed" in err and "make build ENGINE=zensical" in err
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-zensical.lock", "site-zensical"]  # no staging or half-built folder left


def test_vendored_search_dialog_css_is_what_the_script_extracts_from_material():
    assert zensical.THEME_CSS == ["assets/material-search.css"]
    assert material_search_css.OUT.read_text(encoding="utf-8") == material_search_css.generated()
    css = material_search_css.OUT.read_text(encoding="utf-8")
    assert ".md-search__input" in css and ".md-search-result__item" in css and ".md-header__title" not in css


def test_both_engines_write_the_same_pages_anchors_text_and_download_bytes(engine_sites):
    report = parity.compare(engine_sites["mkdocs"], engine_sites["zensical"], parity.content_files())
    assert report.ok, "\n".join(report.problems()[:30])
    assert report.pages > 100 and report.anchors > 1000 and report.downloads > 100, report


JINJA = re.compile(
    r"\{%-?\s*(?:if|for|block|extends|include|import|from|set|macro|raw|end\w+)\b|\{\{-?\s*[\w.]+\s*(?:\|[^}]*)?-?\}\}|\{#-?\s"
)
"""A Jinja statement, expression or comment as a template holds it (``{% for``, ``{{ page.url }}``, ``{#-``)."""


def jinja_source(root: Path) -> list[str]:
    """Files under ``root`` whose text holds Jinja source."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images, archives, workbooks
        if JINJA.search(text):
            found.append(path.relative_to(root).as_posix())
    return found


def test_only_what_each_engine_needs_reaches_its_site(engine_sites):
    """No template source in any site: overrides/zensical/ (Zensical's sitemap template, the search dialog's
    stylesheet) is Zensical's theme, and Material would copy it as static files; the MkDocs hook drops it."""
    assert "zensical/sitemap.xml" in jinja_source(ROOT / "overrides"), "the check sees a template"
    for engine, site in engine_sites.items():
        assert jinja_source(site) == [], engine
    assert not (engine_sites["mkdocs"] / "zensical").exists()
    assert (engine_sites["zensical"] / "assets" / "material-search.css").is_file()


def test_parity_check_finds_a_missing_page_a_missing_anchor_changed_text_and_a_changed_download(engine_sites, tmp_path):
    other = tmp_path / "site"
    shutil.copytree(engine_sites["zensical"], other)
    (other / "about" / "index.html").unlink()
    task_page = other / "plan" / "ch03" / "index.html"
    html = task_page.read_text(encoding="utf-8")
    anchor = next(a for a in sorted(parity.anchors(task_page)) if a.startswith("t03"))
    task_page.write_text(html.replace(f'id="{anchor}"', 'id="renamed"', 1), encoding="utf-8")
    overview = other / "tasks" / "index.html"
    overview.write_text(overview.read_text(encoding="utf-8").replace("</h1>", "（改）</h1>", 1), encoding="utf-8")
    downloads = parity.content_files()
    data = next(f for f in downloads if f.endswith(".csv"))
    (other / data).write_bytes((other / data).read_bytes() + b"\n")
    report = parity.compare(engine_sites["mkdocs"], other, downloads)
    assert report.only_in == {"mkdocs": ["about/index.html"], "zensical": []}
    assert report.anchor_gaps == {"plan/ch03/index.html": ([anchor], ["renamed"])}
    assert report.content_gaps == ["plan/ch03/index.html", "tasks/index.html"]
    assert report.download_gaps == [data]


def test_bench_report_shows_parity_build_time_and_page_weight(engine_sites):
    weights = {e: {page: parity.page_weight(site, page) for page in parity.SAMPLE_PAGES.values()} for e, site in engine_sites.items()}
    assert all(raw > gz > 0 for w in weights.values() for raw, gz in w.values())
    text = parity.report(parity.Parity(pages=3), {"mkdocs": [2.0], "zensical": [1.0]}, weights, {"zensical": "0.0.73"})
    assert "| 2.0 s | 1.0 s | 0.50 |" in text and "zensical 0.0.73" in text and Path(parity.__file__).name == "engines.py"


def test_no_page_of_either_engine_has_a_canonical_link_without_a_site_url(engine_sites):
    """overrides/main.html drops Zensical's root-absolute canonical link (wrong under a sub-path and from
    file://) by matching its text: if Zensical's markup changes, this notices. (Embed cards are our own HTML,
    not the theme's: their canonical link names the record's full page, relative.)"""
    pages = {
        engine: [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] != "embed"]
        for engine, site in engine_sites.items()
    }
    found = {
        engine: [
            p.relative_to(engine_sites[engine]).as_posix() for p in pages[engine] if 'rel="canonical"' in p.read_text(encoding="utf-8")
        ]
        for engine in engine_sites
    }
    assert all(pages.values()) and found == {engine: [] for engine in engine_sites}, {e: pages[:5] for e, pages in found.items()}
