"""Site settings an operator sets once in mkdocs.yml's ``extra`` (read here, without MkDocs, so that
generation stays independent of the engine that renders it).

``publisher``  who publishes the site: the author of every feed entry and the 发布 line of 更新记录.
               ``extra.publisher`` in mkdocs.yml, or the PUBLISHER environment variable at build time;
               never a git author's name (those are the maintainers' private business).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PUBLISHER = "本知识库"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain YAML: its tags (!ENV, !!python/name) read as the plain value after them."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@cache
def _extra() -> dict:
    config = ROOT / "mkdocs.yml"
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 — a SafeLoader subclass
    except (OSError, yaml.YAMLError):
        return {}
    extra = data.get("extra") if isinstance(data, dict) else None
    return extra if isinstance(extra, dict) else {}


def publisher() -> str:
    value = os.environ.get("PUBLISHER", "").strip() or str(_extra().get("publisher") or "").strip()
    return value or DEFAULT_PUBLISHER
