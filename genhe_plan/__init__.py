"""genhe_plan — the 根河市“十四五”生态环境保护规划 as data, and the site built from it.

The pipeline, one package per step (the folders read as the pipeline):

    input (load YAML → raw data with line marks; schema + validate: cross references, fidelity)
    → model (the plan as objects with lookups)
    → present (labels, urls) · progress (status, report checks, worksheets) · audit (plan's own problems)
    → outputs: graph, search, pages, export → site.prepare() (everything MkDocs gets) · cli

Outputs never read YAML; they receive the model.
"""

__version__ = "1.0.0"
