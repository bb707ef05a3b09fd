"""Step 2 — validate: schema per file, then cross-file references, then fidelity to the source.

In:  the RawFiles from load, and the plan_data directory (for the source text).
Out: a Validated bundle of typed models plus the Source; or PlanDataError with *all* problems,
     each naming file, line, key path and what was expected, in plain Chinese.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..progress.check import report_problems, reportable
from . import schema as S
from .errors import PlanDataError, Problem
from .load import KeyPath, RawFile, format_path
from .source import Source, read_source

REQUIRED = [
    "plan.yaml",
    "departments.yaml",
    "indicators.yaml",
    "targets.yaml",
    "conflicts.yaml",
    "projects.yaml",
    "places.yaml",
    "errata.yaml",
]
OPTIONAL = ["commitments_reviewed.yaml"]  # absent = nothing reviewed; the coverage check then says what is missing
# Which file declares each kind of id: references to a kind are checked only when that file is sound.
DECLARED_IN = {
    "department": "departments.yaml",
    "indicator": "indicators.yaml",
    "place": "places.yaml",
    "target": "targets.yaml",
    "project": "projects.yaml",
    "paragraph": "chapters/",
    "task": "chapters/",
    "chapter": "chapters/",
}
EMPTY = {
    "departments.yaml": S.DepartmentsFile(departments=[]),
    "targets.yaml": S.TargetsFile(targets=[]),
    "conflicts.yaml": S.ConflictsFile(conflicts=[]),
    "projects.yaml": S.ProjectsFile(boxes=[]),
    "places.yaml": S.PlacesFile(places=[]),
    "errata.yaml": S.ErrataFile(errata=[]),
    "commitments_reviewed.yaml": S.CommitmentsReviewedFile(reviewed=[]),
    "indicators.yaml": S.IndicatorsFile(box_title="-", indicators=[], notes=[]),
}


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
    source: Source | None
    raw: dict[str, RawFile] = field(default_factory=dict)
    # id(chapter model) → the file it came from. Why identity, not chapter id: a mistyped id must
    # still be reported in the file the official edited.
    chapter_paths: dict[int, str] = field(default_factory=dict)
    unsound: set[str] = field(default_factory=set)  # files (relative to plan_data) with problems
    synonyms: S.SynonymsFile = field(default_factory=lambda: S.SynonymsFile(synonyms=[]))  # optional file
    concepts: S.ConceptsFile = field(default_factory=lambda: S.ConceptsFile(concepts=[]))  # optional file
    reports: list[tuple[str, S.ReportFile]] = field(default_factory=list)  # (file, report), sorted by file

    def chapter_file(self, ch: S.ChapterFile) -> str:
        return self.chapter_paths[id(ch)]


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
    chapters = sorted(((p, m) for p, m in typed.items() if isinstance(m, S.ChapterFile)), key=lambda pm: (pm[1].number, pm[0]))
    v = Validated(
        typed.get("plan.yaml"),
        [m for _, m in chapters],
        *(typed.get(n, EMPTY[n]) for n in REQUIRED[1:]),  # same order as Validated's fields
        reviewed=typed.get(OPTIONAL[0], EMPTY[OPTIONAL[0]]),
        source=None,
        raw=raw,
        chapter_paths={id(m): f"{prefix}/{p}" for p, m in chapters},
        unsound=unsound,
        reports=[(f"{prefix}/{p}", m) for p, m in sorted(typed.items()) if isinstance(m, S.ReportFile)],
    )
    v.synonyms = typed.get("synonyms.yaml", v.synonyms)
    v.concepts = typed.get("concepts.yaml", v.concepts)
    if v.plan is not None:
        v.source, source_problem = _read_source(v, data_dir, prefix)
        problems += [source_problem] if source_problem else []
    problems += _references(v, prefix)
    problems += _progress(v)
    if v.source and "errata.yaml" not in unsound:  # verbatim checks need the errata
        problems += _fidelity(v, prefix)
    if problems:
        raise PlanDataError(problems)
    return v


def _typed_files(files: list[RawFile], problems: list[Problem], unsound: set[str], inner) -> dict[str, object]:
    """Each file through its schema model; a file that fails joins ``unsound`` and its problems ``problems``."""
    typed: dict[str, object] = {}
    id_of_name = _department_ids_by_name(files)
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
        return None, _problem(
            v,
            f"{prefix}/plan.yaml",
            ("source", "path"),
            f"找不到原文文件 {v.plan.source.path}",
            "原文应在 plan_data/source/plan.txt；检查路径拼写，或从 git 历史恢复",
        )
    except UnicodeDecodeError:
        return None, _problem(
            v,
            f"{prefix}/plan.yaml",
            ("source", "sha256"),
            "原文文件 plan.txt 的校验和不符：原文被改动了（已不是 UTF-8 编码）",
            "原文是依据，不应修改；请从 git 历史恢复 plan.txt",
        )


# ------------------------------------------------------------------ pydantic → plain words
_MESSAGES = {
    "missing": ("缺少必填项", "请补上这个键"),
    "extra_forbidden": ("不认识的键（可能拼写错误）", "请对照数据字典检查键名"),
    "string_type": ("应该是文字", "给文字加上引号试试"),
    "int_type": ("应该是整数", "如 2025"),
    "int_parsing": ("应该是整数", "如 2025"),
    "int_from_float": ("应该是整数", "如 2025"),
    "list_type": ("应该是列表", "列表的每一项另起一行，以 “- ” 开头"),
    "dict_type": ("应该是若干 “键: 值”", "检查缩进"),
    "model_type": ("应该是若干 “键: 值”", "检查缩进"),
    "string_too_short": ("不能为空", "请填写内容"),
    "too_short": ("不能是空列表", "至少写一项，每项另起一行，以 “- ” 开头"),
}


def _department_ids_by_name(files: list[RawFile]) -> dict[str, str]:
    """{name: id} from departments.yaml as written (read before any file is typed, so a chapter that
    names a department where its id belongs can be told the id)."""
    raw = next((f.data for f in files if f.path.endswith("/departments.yaml")), None)
    rows = raw.get("departments") if isinstance(raw, dict) else None
    return {
        d["name"]: d["id"] for d in rows or [] if isinstance(d, dict) and isinstance(d.get("name"), str) and isinstance(d.get("id"), str)
    }


def pydantic_problems(f: RawFile, err: ValidationError, id_of_name: dict[str, str] | None = None) -> list[Problem]:
    """Pydantic's errors of one file in plain words. ``id_of_name``: department names → ids, so a
    department written by its name (which officials know) is answered with the id to write instead."""
    out = []
    for e in err.errors(include_url=False):
        loc: KeyPath = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        line, col = f.mark(loc)
        kind = e["type"]
        got = e.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f"（现在是 “{str(got)[:60]}”）"
        ctx = e.get("ctx", {})
        if got is None and kind in ("string_type", "int_type", "list_type", "dict_type", "model_type"):
            msg, hint = "不能为空", "请在冒号后填写内容"
        elif kind == "literal_error" and loc[-1:] == ("status",):
            msg, hint = f"不认识的进展状态{shown}", "只能是: " + "、".join(f"{k}（{v}）" for k, v in S.STATUS_LABEL.items())
        elif kind == "missing" and loc == ("source",) and "/progress/" in f.path:
            msg, hint = "报告没有写来源 source", "写 source: 下的 url（网址）或 document（文件名称与文号），以及 page（页码）"
        elif kind == "literal_error":
            msg, hint = f"取值不对{shown}", "只能是: " + ctx["expected"].replace("'", "").replace(" or ", "、")
        elif kind == "string_pattern_mismatch" and "0-9a-f]{64}" in ctx.get("pattern", ""):
            msg, hint = f"格式不对{shown}", "应为 64 位十六进制校验和，字母一律小写（PowerShell 输出的大写请改成小写）"
        elif kind == "string_pattern_mismatch" and loc[-1:] == ("department",) and got in (id_of_name or {}):
            msg, hint = f"格式不对{shown}", f"部门要写 id，不写名称：“{got}”的 id 是 {id_of_name[got]}（全部 id 见 departments.yaml）"
        elif kind == "string_pattern_mismatch" and loc[-1:] == ("cilin",):
            msg, hint = (
                f"格式不对{shown}",
                "词林编码是 8 位：大类大写字母、中类小写字母、两位数字、大写字母、两位数字，再加 = # @ 之一，如 Bg07A03=",
            )
        elif kind == "string_pattern_mismatch":
            msg, hint = f"格式不对{shown}", "id 只能用小写英文字母、数字和连字符，以字母开头，如 t05-2-03"
        elif kind in ("less_than_equal", "greater_than_equal"):
            limit = f"{'最大' if kind == 'less_than_equal' else '最小'}为 {ctx.get('le', ctx.get('ge'))}"
            msg, hint = f"数值太{'大' if kind == 'less_than_equal' else '小'}（现在是 “{got}”，{limit}）", ""
        elif kind == "string_too_short" and ctx.get("min_length", 1) > 1:
            msg, hint = f"太短{shown}", f"至少 {ctx['min_length']} 个字"
        elif kind == "string_too_long":
            msg, hint = f"内容过长（{len(str(got))} 字）", f"最多 {ctx.get('max_length')} 字"
        elif kind == "value_error":
            msg, hint = str(ctx["error"]), ""
        else:
            msg, hint = _MESSAGES.get(kind, (e["msg"], ""))
            msg += shown if kind not in ("missing", "extra_forbidden") else ""
        out.append(Problem(f.path, line, col, format_path(loc), msg, hint))
    return out


# ------------------------------------------------------------------ references
def _refs(v: Validated, prefix: str):
    """Yield (file, key path, id kind, value) for every reference in the data."""
    for ch in v.chapters:
        fn = v.chapter_file(ch)
        for path, p in _paragraphs_with_paths(ch):
            if p.lead:
                yield fn, path + ("lead", "department"), "department", p.lead.department
            for i, s in enumerate(p.supporting):
                yield fn, path + ("supporting", i, "department"), "department", s.department
            for i, link in enumerate(p.indicators):
                yield fn, path + ("indicators", i, "indicator"), "indicator", link.indicator
            for i, pl in enumerate(p.places):
                yield fn, path + ("places", i), "place", pl
    fn = f"{prefix}/targets.yaml"
    for i, t in enumerate(v.targets.targets):
        for key, kind in (("task", "paragraph"), ("project", "project"), ("indicator", "indicator")):
            if getattr(t, key):
                yield fn, ("targets", i, key), kind, getattr(t, key)
    fn = f"{prefix}/conflicts.yaml"
    for i, c in enumerate(v.conflicts.conflicts):
        for j, t in enumerate(c.targets):
            yield fn, ("conflicts", i, "targets", j), "target", t
        if c.indicator:
            yield fn, ("conflicts", i, "indicator"), "indicator", c.indicator
        for key, kind, values in (
            ("indicators", "indicator", c.indicators),
            ("tasks", "paragraph", c.tasks),
            ("projects", "project", c.projects),
        ):
            for j, ident in enumerate(values):
                yield fn, ("conflicts", i, key, j), kind, ident
    fn = f"{prefix}/projects.yaml"
    for i, b in enumerate(v.projects.boxes):
        yield fn, ("boxes", i, "chapter"), "chapter", b.chapter
        for j, pr in enumerate(b.projects):
            for k, t in enumerate(pr.tasks):
                yield fn, ("boxes", i, "projects", j, "tasks", k), "task", t
            for k, pl in enumerate(pr.places):
                yield fn, ("boxes", i, "projects", j, "places", k), "place", pl
    fn = f"{prefix}/indicators.yaml"
    for i, n in enumerate(v.indicators.notes):
        for j, ind in enumerate(n.indicators):
            yield fn, ("notes", i, "indicators", j), "indicator", ind
    fn = f"{prefix}/departments.yaml"
    for i, d in enumerate(v.departments.departments):
        for j, m in enumerate(d.mentions):
            yield fn, ("departments", i, "mentions", j, "paragraph"), "paragraph", m.paragraph


def _paragraphs_with_paths(ch: S.ChapterFile):
    for i, p in enumerate(ch.paragraphs):
        yield ("paragraphs", i), p
    for i, s in enumerate(ch.sections):
        for j, p in enumerate(s.paragraphs):
            yield ("sections", i, "paragraphs", j), p


_KIND_NAMES = {
    "department": "部门",
    "indicator": "指标",
    "place": "地点",
    "paragraph": "段落/任务",
    "task": "任务",
    "project": "重点工程",
    "target": "目标",
    "chapter": "章",
}


def _ids(v: Validated, prefix: str):
    """Yield (file, key path, id kind, id) for every declared id."""
    for ch in v.chapters:
        fn = v.chapter_file(ch)
        yield fn, ("id",), "chapter", ch.id
        for i, s in enumerate(ch.sections):
            yield fn, ("sections", i, "id"), "section", s.id
        for path, p in _paragraphs_with_paths(ch):
            yield fn, path + ("id",), "paragraph", p.id
            if p.kind == "task":
                yield fn, path + ("id",), "task", p.id
    for name, attr, kind, items in (
        ("departments.yaml", "departments", "department", v.departments.departments),
        ("indicators.yaml", "indicators", "indicator", v.indicators.indicators),
        ("indicators.yaml", "notes", "note", v.indicators.notes),
        ("targets.yaml", "targets", "target", v.targets.targets),
        ("conflicts.yaml", "conflicts", "conflict", v.conflicts.conflicts),
        ("places.yaml", "places", "place", v.places.places),
        ("errata.yaml", "errata", "erratum", v.errata.errata),
        ("projects.yaml", "boxes", "box", v.projects.boxes),
    ):
        for i, item in enumerate(items):
            yield f"{prefix}/{name}", (attr, i, "id"), kind, item.id
    for i, b in enumerate(v.projects.boxes):
        for j, pr in enumerate(b.projects):
            yield f"{prefix}/projects.yaml", ("boxes", i, "projects", j, "id"), "project", pr.id


def _problem(v: Validated, fn: str, path: KeyPath, msg: str, hint: str = "") -> Problem:
    line, col = v.raw[fn].mark(path) if fn in v.raw else (1, 1)
    return Problem(fn, line, col, format_path(path), msg, hint)


def _suggest(v: Validated, kind: str, ident: str, known: list[str]) -> str:
    """Known ids to offer, with their names where the id alone says little (departments, places…)."""
    names = {d.id: d.name for d in v.departments.departments}
    names |= {i.id: i.name for i in v.indicators.indicators} | {p.id: p.name for p in v.places.places}
    choices = sorted(set(known))
    near = [c for c in choices if c.split("-")[0] == ident.split("-")[0]] or choices
    limit = 30 if kind == "department" else 12
    shown = [f"{c}（{names[c]}）" if c in names else c for c in near[:limit]]
    return "、".join(shown) + (" …" if len(near) > limit else "")


def _references(v: Validated, prefix: str) -> list[Problem]:
    problems, known = [], {}
    counts = Counter((kind, ident) for _, _, kind, ident in _ids(v, prefix))
    for fn, path, kind, ident in _ids(v, prefix):
        known.setdefault(kind, []).append(ident)
        if counts[(kind, ident)] > 1:
            problems.append(_problem(v, fn, path, f"id “{ident}” 重复", "每个 id 只能用一次；新增条目请取一个新的 id"))
    for fn, path, kind, ident in _refs(v, prefix):
        declared = DECLARED_IN[kind]
        if any(u == declared or (declared.endswith("/") and u.startswith(declared)) for u in v.unsound):
            continue  # that file has its own problems; its ids are unknown, not wrong
        if ident not in known.get(kind, []):
            hint = "可用的 id: " + _suggest(v, kind, ident, known.get(kind, []))
            problems.append(_problem(v, fn, path, f"未知{_KIND_NAMES[kind]} “{ident}”", hint))
    for ch in v.chapters:
        fn = v.chapter_file(ch)
        if not fn.endswith(f"/ch{ch.number:02d}.yaml") or ch.id != f"ch{ch.number:02d}":
            problems.append(
                _problem(
                    v,
                    fn,
                    ("id",),
                    f"章 id “{ch.id}”、序号 {ch.number} 与文件名不一致",
                    f"应为 ch{ch.number:02d}，文件名 ch{ch.number:02d}.yaml",
                )
            )
        for path, p in _paragraphs_with_paths(ch):
            if p.kind == "task" and ch.number >= 3 and p.lead is None:
                problems.append(
                    _problem(v, fn, path + ("id",), f"任务 {p.id} 缺少 lead（牵头部门）", "第三至十二章的每项任务都要写牵头部门及依据")
                )
    return problems


# ------------------------------------------------------------------ progress reports
def _progress(v: Validated) -> list[Problem]:
    """Reports checked against the plan; item ids only when the files declaring them are sound."""
    broken = any(u in ("targets.yaml", "indicators.yaml", "projects.yaml") or u.startswith("chapters/") for u in v.unsound)
    tasks = [p for ch in v.chapters for _, p in _paragraphs_with_paths(ch) if p.kind == "task"]
    projects = [pr for b in v.projects.boxes for pr in b.projects]
    items = None if broken else reportable(v.targets.targets, v.indicators.indicators, tasks, projects)
    return report_problems(v.reports, v.raw, items)


# ------------------------------------------------------------------ fidelity
def _verbatim_fields(v: Validated, prefix: str):
    """Yield (file, key path, text) for every field that must quote the source verbatim."""
    for ch in v.chapters:
        fn = v.chapter_file(ch)
        for i, s in enumerate(ch.sections):
            yield fn, ("sections", i, "title"), s.title
        for path, p in _paragraphs_with_paths(ch):
            yield fn, path + ("text",), p.text
            if p.title:
                yield fn, path + ("title",), p.title
            for key, links in (("supporting", p.supporting), ("indicators", p.indicators)):
                for i, link in enumerate(links):
                    if link.quote:
                        yield fn, path + (key, i, "quote"), link.quote
            if p.lead and p.lead.quote:
                yield fn, path + ("lead", "quote"), p.lead.quote
    for i, t in enumerate(v.targets.targets):
        yield f"{prefix}/targets.yaml", ("targets", i, "quote"), t.quote
    for i, c in enumerate(v.conflicts.conflicts):
        for j, q in enumerate(c.quotes):
            yield f"{prefix}/conflicts.yaml", ("conflicts", i, "quotes", j, "text"), q.text
    for i, b in enumerate(v.projects.boxes):
        yield f"{prefix}/projects.yaml", ("boxes", i, "title"), b.title
        for j, pr in enumerate(b.projects):
            yield f"{prefix}/projects.yaml", ("boxes", i, "projects", j, "title"), pr.title
            for k, t in enumerate(pr.text):
                yield f"{prefix}/projects.yaml", ("boxes", i, "projects", j, "text", k), t
    for i, n in enumerate(v.indicators.notes):
        yield f"{prefix}/indicators.yaml", ("notes", i, "text"), n.text
    for i, r in enumerate(v.reviewed.reviewed):
        yield f"{prefix}/commitments_reviewed.yaml", ("reviewed", i, "text"), r.text
    for i, d in enumerate(v.departments.departments):
        for j, m in enumerate(d.mentions):
            yield f"{prefix}/departments.yaml", ("departments", i, "mentions", j, "quote"), m.quote


def _fidelity(v: Validated, prefix: str) -> list[Problem]:
    problems = []
    src = v.source
    if src.sha256 != v.plan.source.sha256:
        problems.append(
            _problem(
                v,
                f"{prefix}/plan.yaml",
                ("source", "sha256"),
                "原文文件 plan.txt 的校验和不符：原文被改动了",
                f"原文是依据，不应修改；现在的校验和是 {src.sha256}",
            )
        )
    for i, e in enumerate(v.errata.errata):
        line = src.raw_lines[e.line - 1] if 1 <= e.line <= len(src.raw_lines) else ""
        if e.original not in line:
            problems.append(
                _problem(
                    v, f"{prefix}/errata.yaml", ("errata", i, "original"), f"原文第 {e.line} 行没有 “{e.original}”", "检查行号和原写法"
                )
            )
    problems += _quote_lines(v, prefix)
    for fn, path, text in _verbatim_fields(v, prefix):
        if not src.contains(text):
            problems.append(
                _problem(
                    v,
                    fn,
                    path,
                    f"文字与原文不符：“{text[:40]}{'…' if len(text) > 40 else ''}” 不是原文中的一段",
                    "必须逐字照录原文（可接合分页断句）；更正提取错误请写入 errata.yaml",
                )
            )
    problems += _synonym_problems(v, prefix)
    problems += _concept_problems(v, prefix)
    for i, ind in enumerate(v.indicators.indicators):
        row = src.corrected_lines[ind.source_line - 1] if 1 <= ind.source_line <= len(src.raw_lines) else ""
        for key in ("name", "baseline_2020", "target_2025", "attribute"):
            value = getattr(ind, key)
            if value and value not in row:
                problems.append(
                    _problem(
                        v,
                        f"{prefix}/indicators.yaml",
                        ("indicators", i, key),
                        f"“{value}” 不在原文第 {ind.source_line} 行（专栏1 该指标所在行）",
                        "照原表填写",
                    )
                )
    return problems


def _quote_lines(v: Validated, prefix: str) -> list[Problem]:
    """Quotes of findings and reviewed clauses must start on the line they name (verbatim-ness is
    checked with the other verbatim fields)."""
    located = [
        (f"{prefix}/conflicts.yaml", ("conflicts", i, "quotes", j), q)
        for i, c in enumerate(v.conflicts.conflicts)
        for j, q in enumerate(c.quotes)
    ]
    located += [(f"{prefix}/commitments_reviewed.yaml", ("reviewed", i), r) for i, r in enumerate(v.reviewed.reviewed)]
    problems = []
    for fn, path, q in located:
        found = v.source.lines_of(q.text)
        if found and q.line not in found:
            shown = "、".join(str(n) for n in found[:5])
            problems.append(
                _problem(
                    v,
                    fn,
                    (*path, "line"),
                    f"引文不在原文第 {q.line} 行：“{q.text[:20]}{'…' if len(q.text) > 20 else ''}” 出现在第 {shown} 行",
                    f"把 line 改为 {found[0]}（或改正引文）",
                )
            )
    return problems


def _synonym_problems(v: Validated, prefix: str) -> list[Problem]:
    """synonyms.yaml: every plan wording is in the source (or is a department's name); each typed word once."""
    fn, problems, seen = f"{prefix}/synonyms.yaml", [], set()
    names = {d.name for d in v.departments.departments}
    for i, syn in enumerate(v.synonyms.synonyms):
        if syn.typed in seen:
            problems.append(
                _problem(v, fn, ("synonyms", i, "typed"), f"“{syn.typed}” 重复", "每个输入词只写一条，把原文写法都列在它的 plan 下")
            )
        seen.add(syn.typed)
        for j, word in enumerate(syn.plan):
            if word == syn.typed:
                problems.append(
                    _problem(v, fn, ("synonyms", i, "plan", j), f"“{word}” 与 typed 相同", "plan 只写原文中与 typed 不同的写法")
                )
            elif not v.source.contains(word) and word not in names:
                problems.append(
                    _problem(
                        v,
                        fn,
                        ("synonyms", i, "plan", j),
                        f"“{word}” 不在原文中",
                        "plan 必须是原文中出现的写法（逐字）或部门名称；人们输入的说法写在 typed",
                    )
                )
    return problems


def _concept_problems(v: Validated, prefix: str) -> list[Problem]:
    """concepts.yaml: every plan wording is in the source (or is a department's name); ids and everyday
    words once (also across synonyms.yaml); no everyday word leads back to itself through other entries."""
    fn, problems, names = f"{prefix}/concepts.yaml", [], {d.name for d in v.departments.departments}
    ids, typed = set(), {s.typed for s in v.synonyms.synonyms}
    leads: dict[str, list[str]] = {}  # everyday word → its plan wordings
    where: dict[str, tuple[int, int]] = {}  # everyday word → (concept, position)
    for i, c in enumerate(v.concepts.concepts):
        if c.id in ids:
            problems.append(_problem(v, fn, ("concepts", i, "id"), f"id “{c.id}” 重复", "每条概念用不同的 id"))
        ids.add(c.id)
        for j, word in enumerate(c.everyday):
            if word in typed or word in leads:
                before = "synonyms.yaml" if word in typed else f"第 {where[word][0] + 1} 条"
                problems.append(_problem(v, fn, ("concepts", i, "everyday", j), f"“{word}” 重复（{before}已有）", "一个说法只写在一条里"))
                continue
            leads[word], where[word] = list(c.plan), (i, j)
        for j, word in enumerate(c.plan):
            if word in c.everyday:
                problems.append(_problem(v, fn, ("concepts", i, "plan", j), f"“{word}” 同时写在 everyday 中", "plan 只写原文写法"))
            elif not v.source.contains(word) and word not in names:
                problems.append(
                    _problem(
                        v,
                        fn,
                        ("concepts", i, "plan", j),
                        f"“{word}” 不在原文中",
                        "plan 必须是原文中出现的写法（逐字）；日常说法写在 everyday",
                    )
                )
    return problems + _concept_cycles(v, fn, leads, where)


def _concept_cycles(v: Validated, fn: str, leads: dict[str, list[str]], where: dict[str, tuple[int, int]]) -> list[Problem]:
    """An everyday word whose plan wording is itself an everyday word, … and back to the first: a cycle
    (reported at each word on it)."""
    problems = []
    for start in leads:
        stack, seen = [(start, [start])], set()
        while stack:
            word, path = stack.pop()
            for nxt in leads.get(word, []):
                if nxt == start:
                    chain = " → ".join(f"“{w}”" for w in [*path, start])
                    i, j = where[start]
                    problems.append(
                        _problem(v, fn, ("concepts", i, "everyday", j), f"说法构成循环：{chain}", "去掉其中一条，让日常说法只指向原文写法")
                    )
                    stack = []
                    break
                if nxt in leads and nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return problems
