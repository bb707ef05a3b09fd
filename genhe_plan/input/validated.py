"""The bundle validation hands on: every file's typed model, by name, with where it came from.

In:  the typed models of the files that passed their schema (validate.py).
Out: ``Validated``, whose fields are named by ``FILES``, never by position; ``documents()`` gives
     each file's model with its path, so the checks walk every file without naming them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from . import schema as S
from .errors import Problem
from .load import KeyPath, RawFile, format_path
from .source import Source

# file (relative to plan_data) → (the field of Validated that holds it, its content when the file is
# missing or unsound: empty, so a broken file adds no ids and no references of its own).
FILES: dict[str, tuple[str, object]] = {
    "plan.yaml": ("plan", None),
    "departments.yaml": ("departments", S.DepartmentsFile(departments=[])),
    "indicators.yaml": ("indicators", S.IndicatorsFile(box_title="-", indicators=[], notes=[])),
    "targets.yaml": ("targets", S.TargetsFile(targets=[])),
    "conflicts.yaml": ("conflicts", S.ConflictsFile(conflicts=[])),
    "projects.yaml": ("projects", S.ProjectsFile(boxes=[])),
    "places.yaml": ("places", S.PlacesFile(places=[])),
    "errata.yaml": ("errata", S.ErrataFile(errata=[])),
    "commitments_reviewed.yaml": ("reviewed", S.CommitmentsReviewedFile(reviewed=[])),
    "synonyms.yaml": ("synonyms", S.SynonymsFile(synonyms=[])),
    "concepts.yaml": ("concepts", S.ConceptsFile(concepts=[])),
}
OPTIONAL = ["commitments_reviewed.yaml", "synonyms.yaml", "concepts.yaml"]  # absent = nothing written
REQUIRED = [name for name in FILES if name not in OPTIONAL]


@dataclass
class Validated:
    """Typed content of every file, with the RawFile it came from (for later error marks)."""

    plan: S.PlanFile | None
    chapters: list[S.ChapterFile]
    departments: S.DepartmentsFile
    indicators: S.IndicatorsFile
    targets: S.TargetsFile
    conflicts: S.ConflictsFile
    projects: S.ProjectsFile
    places: S.PlacesFile
    errata: S.ErrataFile
    reviewed: S.CommitmentsReviewedFile
    synonyms: S.SynonymsFile
    concepts: S.ConceptsFile
    source: Source | None = None
    prefix: str = "plan_data"  # the data directory's name, which every file path starts with
    raw: dict[str, RawFile] = field(default_factory=dict)
    # id(chapter model) → the file it came from. Why identity, not chapter id: a mistyped id must
    # still be reported in the file the official edited.
    chapter_paths: dict[int, str] = field(default_factory=dict)
    unsound: set[str] = field(default_factory=set)  # files (relative to plan_data) with problems
    reports: list[tuple[str, S.ReportFile]] = field(default_factory=list)  # (file, report), sorted by file

    @classmethod
    def of(cls, typed: dict[str, object], prefix: str, **rest) -> Validated:
        """The bundle from {file relative to plan_data: its model}; a file not there gets its empty content."""
        chapters = sorted(((p, m) for p, m in typed.items() if isinstance(m, S.ChapterFile)), key=lambda pm: (pm[1].number, pm[0]))
        return cls(
            **{attr: typed.get(name, empty) for name, (attr, empty) in FILES.items()},
            chapters=[m for _, m in chapters],
            chapter_paths={id(m): f"{prefix}/{p}" for p, m in chapters},
            reports=[(f"{prefix}/{p}", m) for p, m in sorted(typed.items()) if isinstance(m, S.ReportFile)],
            prefix=prefix,
            **rest,
        )

    def chapter_file(self, ch: S.ChapterFile) -> str:
        return self.chapter_paths[id(ch)]

    def documents(self) -> Iterator[tuple[str, S.Strict]]:
        """(path, model) of every file read: chapters, the single files, then the reports."""
        yield from ((self.chapter_file(ch), ch) for ch in self.chapters)
        for name, (attr, _) in FILES.items():
            if getattr(self, attr) is not None:
                yield f"{self.prefix}/{name}", getattr(self, attr)
        yield from self.reports


def problem_at(v: Validated, fn: str, path: KeyPath, msg: str, hint: str = "") -> Problem:
    """A problem at ``path`` of file ``fn``, with the line and column the key was written at."""
    line, col = v.raw[fn].mark(path) if fn in v.raw else (1, 1)
    return Problem(fn, line, col, format_path(path), msg, hint)
