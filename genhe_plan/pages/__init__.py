"""Step 5 — pages: the site's generated Markdown, from a Plan.

``generate(plan)`` returns {docs path: Markdown}; ``nav(plan)`` the navigation — both from the page
registry (``registry.PAGES``). ``home_snippets(plan)`` fills the markers of the hand-written home
page. Nothing here knows MkDocs: the hook adapts it.
"""

from __future__ import annotations

from ..present.markers import fill_markers
from .overview import home_snippets
from .registry import PAGES, PageType, generate, graph_pages, nav

__all__ = ["PAGES", "PageType", "fill_markers", "generate", "graph_pages", "home_snippets", "nav"]
