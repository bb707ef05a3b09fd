"""genhe_plan — the 根河市“十四五”生态环境保护规划 as data, and the site built from it.

The pipeline, one module per step:

    load (YAML → raw data with line marks) → validate (schema + cross references + fidelity)
    → model (the plan as objects with lookups) → outputs: pages, graph, export, search_dict

Outputs never read YAML; they receive the model.
"""

__version__ = "1.0.0"
