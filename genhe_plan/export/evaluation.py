"""The evaluation downloads of every report (issue 30): the whole plan's document and workbook and one
document per department, as bytes keyed by site path (``present.urls.evaluation_file``).

In: a Plan with its reports. Out: ``evaluation_files(plan)`` → {site path: bytes};
``evaluation_paths(plan)`` names the same paths without making them (the report pages link to them
before the files are made). With no report there is nothing.
"""

from __future__ import annotations

from ..model import Plan
from ..present import urls
from ..progress import evaluation as ev
from .evaluation_docx import evaluation_docx
from .evaluation_xlsx import evaluation_xlsx


def departments(plan: Plan) -> list[str]:
    """Ids of the departments that lead or support a task: those with a document of their own."""
    return [d.id for d in plan.departments if plan.led_by[d.id] or plan.supported_by[d.id]]


def evaluation_paths(plan: Plan) -> list[str]:
    out = []
    for r in plan.reports:
        out += [urls.evaluation_file(r.id, "docx"), urls.evaluation_file(r.id, "xlsx")]
        out += [urls.evaluation_file(r.id, "docx", d) for d in departments(plan)]
    return sorted(out)


def evaluation_files(plan: Plan) -> dict[str, bytes]:
    out = {}
    for r in plan.reports:
        whole = ev.evaluate(plan, r.id)
        out[urls.evaluation_file(r.id, "docx")] = evaluation_docx(whole)
        out[urls.evaluation_file(r.id, "xlsx")] = evaluation_xlsx(whole)
        for d in departments(plan):
            out[urls.evaluation_file(r.id, "docx", d)] = evaluation_docx(ev.evaluate(plan, r.id, dept=d))
    return dict(sorted(out.items()))
