"""The plan as a network: ``model`` builds it, ``analyse`` reads answers off it, ``draw`` lays it out
and writes the graph files (graph.json, GraphML, the drawing data). No HTML here: ``pages.graph`` and
``pages.analysis`` render it.
"""

from __future__ import annotations

from .analyse import analyse, counts_by_relation, counts_by_type, indicator_links
from .model import NODE_TYPES, RELATIONS, build_graph, graph_of, neighbours, nid

__all__ = [
    "NODE_TYPES",
    "RELATIONS",
    "analyse",
    "build_graph",
    "counts_by_relation",
    "counts_by_type",
    "graph_of",
    "indicator_links",
    "neighbours",
    "nid",
]
