"""Step 2 — validate: schema per file, then cross-file references, then fidelity to the source.

In:  the RawFiles from load, and the plan_data directory (for the source text).
Out: a Validated bundle of typed models plus the Source; or PlanDataError with *all* problems,
     each naming file, line, key path and what was expected, in plain Chinese.

Which fields are ids, references and quotes of the source is declared in the schema (marks.py);
the checks here walk those declarations and name no model's fields.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from pathlib import Path

from pydantic import ValidationError

from ..progress.check import report_problems, reportable
from . import schema as S
from .errors import PlanDataError, Problem
from .fidelity import fidelity
from .load import RawFile
from .marks import Key, Ref, declared_in, marked, records
from .plain_words import department_ids_by_name, pydantic_problems
from .source import Source, read_source
from .validated import FILES, REQUIRED, Validated, problem_at

__all__ = ["FILES", "REQUIRED", "Validated", "model_for", "pydantic_problems", "validate"]

# Which file declares each kind of id (its Key): references to a kind are checked only when that file is sound.
DECLARED_IN = declared_in(S.FILE_MODELS)
KIND_NAMES = {
    "department": "部门",
    "indicator": "指标",
    "place": "地点",
    "paragraph": "段落/任务",
    "task": "任务",
    "project": "重点工程",
    "target": "目标",
    "chapter": "章",
}
"""What each kind of referenced id is called in an error report."""


def model_for(rel_path: str) -> type[S.Strict] | None:
    inner = rel_path.split("/", 1)[1] if "/" in rel_path else rel_path
    for pattern, model in S.FILE_MODELS.items():
        if fnmatch.fnmatch(inner, pattern):
            return model
    return None


def validate(files: list[RawFile], data_dir: Path, problems: list[Problem] | None = None) -> Validated:
    """Check everything that can be checked and raise once with every problem.

    ``problems`` are those the loader already found (syntax); their files count as unsound, and
    references into an unsound file are not checked, so a broken file does not cause a cascade of
    "unknown id" errors elsewhere.
    """
    problems = list(problems or [])
    prefix = data_dir.name
    inner = lambda path: path.split("/", 1)[1]  # noqa: E731
    unsound = {inner(p.file) for p in problems}
    raw = {f.path: f for f in files}
    typed = _typed_files(files, problems, unsound, inner)
    plan_meta = typed.get("plan.yaml")
    chapter_files = [f"chapters/ch{n:02d}.yaml" for n in (plan_meta.chapters if plan_meta else [])]
    for name in REQUIRED + chapter_files:
        if f"{prefix}/{name}" not in raw and name not in unsound:
            problems.append(
                Problem(f"{prefix}/{name}", 1, 1, "", "缺少必需的数据文件", "请恢复此文件（可从 git 历史或 data/plan-data.zip 中取回）")
            )
            unsound.add(name)
    v = Validated.of(typed, prefix, raw=raw, unsound=unsound)
    if v.plan is not None:
        v.source, source_problem = _read_source(v, data_dir, prefix)
        problems += [source_problem] if source_problem else []
    problems += _references(v)
    problems += _progress(v)
    if v.source and "errata.yaml" not in unsound:  # verbatim checks need the errata
        problems += fidelity(v)
    if problems:
        raise PlanDataError(problems)
    return v


def _typed_files(files: list[RawFile], problems: list[Problem], unsound: set[str], inner) -> dict[str, object]:
    """Each file through its schema model; a file that fails joins ``unsound`` and its problems ``problems``."""
    typed: dict[str, object] = {}
    id_of_name = department_ids_by_name(files)
    for f in files:
        model = model_for(f.path)
        if f.path.endswith(".yml"):
            problems.append(
                Problem(
                    f.path, 1, 1, "", "文件扩展名是 .yml，本项目的数据文件必须以 .yaml 结尾", f"请把文件改名为 {Path(f.path).stem}.yaml"
                )
            )
        elif model is None:
            problems.append(Problem(f.path, 1, 1, "", "不认识这个文件", "数据文件只能是: " + "、".join(S.FILE_MODELS)))
        else:
            try:
                typed[inner(f.path)] = model.model_validate(f.data)
                continue
            except ValidationError as err:
                problems.extend(pydantic_problems(f, err, id_of_name))
        unsound.add(inner(f.path))
    return typed


def _read_source(v: Validated, data_dir: Path, prefix: str) -> tuple[Source | None, Problem | None]:
    """The source text, or a problem naming plan.yaml's source.path when it cannot be read."""
    path = data_dir / v.plan.source.path
    errata = [(e.line, e.original, e.corrected) for e in v.errata.errata]
    try:
        return read_source(path, errata), None
    except FileNotFoundError:
        return None, problem_at(
            v,
            f"{prefix}/plan.yaml",
            ("source", "path"),
            f"找不到原文文件 {v.plan.source.path}",
            "原文应在 plan_data/source/plan.txt；检查路径拼写，或从 git 历史恢复",
        )
    except UnicodeDecodeError:
        return None, problem_at(
            v,
            f"{prefix}/plan.yaml",
            ("source", "sha256"),
            "原文文件 plan.txt 的校验和不符：原文被改动了（已不是 UTF-8 编码）",
            "原文是依据，不应修改；请从 git 历史恢复 plan.txt",
        )


# ------------------------------------------------------------------ references
def ids(v: Validated):
    """(file, key path, id kind, id) for every id the schema marks ``Key``."""
    for fn, model in v.documents():
        for path, ident, m, record in marked(model, Key):
            yield fn, path, m.kind, ident
            if m.also and getattr(record, "kind", None) == m.also:
                yield fn, path, m.also, ident


def refs(v: Validated):
    """(file, key path, id kind, id) for every reference the schema marks ``Ref``."""
    for fn, model in v.documents():
        for path, ident, m, _ in marked(model, Ref):
            yield fn, path, m.kind, ident


def _suggest(v: Validated, kind: str, ident: str, known: list[str]) -> str:
    """Known ids to offer, with their names where the id alone says little (departments, places…)."""
    names = {d.id: d.name for d in v.departments.departments}
    names |= {i.id: i.name for i in v.indicators.indicators} | {p.id: p.name for p in v.places.places}
    choices = sorted(set(known))
    near = [c for c in choices if c.split("-")[0] == ident.split("-")[0]] or choices
    limit = 30 if kind == "department" else 12
    shown = [f"{c}（{names[c]}）" if c in names else c for c in near[:limit]]
    return "、".join(shown) + (" …" if len(near) > limit else "")


def _references(v: Validated) -> list[Problem]:
    """Ids declared once; every reference to a declared id (unless the declaring file is unsound)."""
    problems, known = [], {}
    counts = Counter((kind, ident) for _, _, kind, ident in ids(v))
    for fn, path, kind, ident in ids(v):
        known.setdefault(kind, []).append(ident)
        if counts[(kind, ident)] > 1:
            problems.append(problem_at(v, fn, path, f"id “{ident}” 重复", "每个 id 只能用一次；新增条目请取一个新的 id"))
    for fn, path, kind, ident in refs(v):
        declared = DECLARED_IN[kind]
        if any(u == declared or (declared.endswith("/") and u.startswith(declared)) for u in v.unsound):
            continue  # that file has its own problems; its ids are unknown, not wrong
        if ident not in known.get(kind, []):
            hint = "可用的 id: " + _suggest(v, kind, ident, known.get(kind, []))
            problems.append(problem_at(v, fn, path, f"未知{KIND_NAMES[kind]} “{ident}”", hint))
    return problems + _chapter_rules(v)


def _chapter_rules(v: Validated) -> list[Problem]:
    """A chapter's id and number match its file name; every task of chapters 3–12 has a lead."""
    problems = []
    for ch in v.chapters:
        fn = v.chapter_file(ch)
        if not fn.endswith(f"/ch{ch.number:02d}.yaml") or ch.id != f"ch{ch.number:02d}":
            problems.append(
                problem_at(
                    v,
                    fn,
                    ("id",),
                    f"章 id “{ch.id}”、序号 {ch.number} 与文件名不一致",
                    f"应为 ch{ch.number:02d}，文件名 ch{ch.number:02d}.yaml",
                )
            )
        for path, p in records(ch, S.Paragraph):
            if p.kind == "task" and ch.number >= 3 and p.lead is None:
                problems.append(
                    problem_at(v, fn, path + ("id",), f"任务 {p.id} 缺少 lead（牵头部门）", "第三至十二章的每项任务都要写牵头部门及依据")
                )
    return problems


# ------------------------------------------------------------------ progress reports
def _progress(v: Validated) -> list[Problem]:
    """Reports checked against the plan; item ids only when the files declaring them are sound."""
    broken = any(u in ("targets.yaml", "indicators.yaml", "projects.yaml") or u.startswith("chapters/") for u in v.unsound)
    tasks = [p for ch in v.chapters for _, p in records(ch, S.Paragraph) if p.kind == "task"]
    projects = [pr for b in v.projects.boxes for pr in b.projects]
    items = None if broken else reportable(v.targets.targets, v.indicators.indicators, tasks, projects)
    return report_problems(v.reports, v.raw, items)
