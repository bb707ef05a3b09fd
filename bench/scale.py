"""A scaled copy of plan_data/ for the scaling benchmark: every chapter's content k times over.

In:  a plan_data directory and a factor k ≥ 1. Out: a new plan_data directory that passes
``python -m genhe_plan --data DIR check`` and holds k× the paragraphs, tasks and task targets.

How: each chapter's intro paragraphs and sections are repeated k−1 more times. Copy c (2…k) gets
new ids with the suffix ``-xc`` (section ``ch05-s1-x2``, task ``t05-1-01-x2``) but keeps its text,
title and quotes, so the verbatim-source check still holds and every department, indicator and
place link still points at an existing id. Targets that belong to a task are repeated for the
task's copies (``tg-005-x2`` → ``t03-7-01-x2``); key projects list the copied tasks too. Targets of
projects, conflicts, departments, places and indicators are not repeated.

Why the copy is written with yaml.safe_dump from genhe_plan's own loader: that loader keeps dates
as strings, and safe_dump quotes any string that would otherwise read back as a number or a date.

Usage: ``python bench/scale.py K OUT_DIR [--data plan_data]``
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from genhe_plan.input.load import load_file  # noqa: E402


def suffix(ident: str, c: int) -> str:
    """The id of copy ``c`` of ``ident`` (copy 1 is the original)."""
    return ident if c == 1 else f"{ident}-x{c}"


def _copy_paragraph(p: dict, c: int) -> dict:
    out = copy.deepcopy(p)
    out["id"] = suffix(p["id"], c)
    return out


def scale_chapter(data: dict, k: int) -> dict:
    """The chapter with its intro paragraphs and its sections repeated k times (new ids)."""
    out = copy.deepcopy(data)
    intro = data.get("paragraphs") or []
    sections = data.get("sections") or []
    out["paragraphs"] = [_copy_paragraph(p, c) for c in range(1, k + 1) for p in intro]
    out["sections"] = []
    for c in range(1, k + 1):
        for s in sections:
            sec = copy.deepcopy(s)
            sec["id"] = suffix(s["id"], c)
            sec["paragraphs"] = [_copy_paragraph(p, c) for p in s.get("paragraphs") or []]
            out["sections"].append(sec)
    return out


def scale_targets(data: dict, k: int) -> dict:
    """Each target of a task repeated for the task's copies; targets of projects stay single."""
    out: list[dict] = []
    for t in data["targets"]:
        out.append(t)
        if t.get("task") and not t.get("project"):
            for c in range(2, k + 1):
                dup = copy.deepcopy(t)
                dup["id"], dup["task"] = suffix(t["id"], c), suffix(t["task"], c)
                out.append(dup)
    return {**data, "targets": out}


def scale_projects(data: dict, k: int) -> dict:
    """Key projects list every copy of the tasks they implement."""
    out = copy.deepcopy(data)
    for box in out["boxes"]:
        for pr in box["projects"]:
            pr["tasks"] = [suffix(t, c) for c in range(1, k + 1) for t in pr.get("tasks") or []]
    return out


def _dump(data: dict, path: Path) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
    path.write_text(text, encoding="utf-8")


def scale_data(src: Path, dst: Path, k: int) -> Path:
    """Write the ×k copy of ``src`` to ``dst`` (replaced if present) and return ``dst``."""
    if k < 1:
        raise ValueError(f"k must be ≥ 1, got {k}")
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    if k == 1:
        return dst
    for path in sorted((dst / "chapters").glob("*.yaml")):
        _dump(scale_chapter(load_file(path, path.name).data, k), path)
    for name, scale in (("targets.yaml", scale_targets), ("projects.yaml", scale_projects)):
        path = dst / name
        _dump(scale(load_file(path, name).data, k), path)
    return dst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a ×k copy of plan_data for benchmarks.")
    parser.add_argument("k", type=int, help="scale factor (1 = a plain copy)")
    parser.add_argument("out", type=Path, help="output directory (replaced if present)")
    parser.add_argument("--data", type=Path, default=ROOT / "plan_data", help="source plan_data directory")
    args = parser.parse_args(argv)
    scale_data(args.data, args.out, args.k)
    print(f"×{args.k} copy of {args.data} written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
