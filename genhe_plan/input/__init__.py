"""Steps 1–2 — input: YAML files → raw data with line marks (``load``) → typed, cross-checked data
(``schema``, ``validate``), with the plan's source text (``source``) and the errors an official reads
(``errors``). Nothing here knows about pages, graphs or MkDocs."""
