"""Step 2c — fidelity: every text the schema marks ``Verbatim`` (marks.py) is in the source, and the
search vocabularies (synonyms.yaml, concepts.yaml) use only the source's words.

In:  a Validated bundle whose source was read and whose errata.yaml is sound.
Out: the problems found, each at the file, line and key path of the text.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from .errors import Problem
from .load import KeyPath
from .marks import Verbatim, marked
from .validated import Validated, problem_at


def verbatim_fields(v: Validated) -> Iterator[tuple[str, KeyPath, str, Verbatim, BaseModel]]:
    """(file, key path, text, its marker, the record holding it) for every text marked ``Verbatim``."""
    for fn, model in v.documents():
        for path, text, m, record in marked(model, Verbatim):
            yield fn, path, text, m, record


def fidelity(v: Validated) -> list[Problem]:
    """The source's checksum, each erratum's original on its line, every verbatim text, the vocabularies."""
    problems, src, prefix = [], v.source, v.prefix
    if src.sha256 != v.plan.source.sha256:
        problems.append(
            problem_at(
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
                problem_at(
                    v, f"{prefix}/errata.yaml", ("errata", i, "original"), f"原文第 {e.line} 行没有 “{e.original}”", "检查行号和原写法"
                )
            )
    for fn, path, text, m, record in verbatim_fields(v):
        problems += _verbatim_problems(v, fn, path, text, m, record)
    return problems + _synonym_problems(v, prefix) + _concept_problems(v, prefix)


def _verbatim_problems(v: Validated, fn: str, path: KeyPath, text: str, m: Verbatim, record: BaseModel) -> list[Problem]:
    """One text against the source: on its row (``row``), or anywhere, and then on its line (``starts_on``)."""
    src, out = v.source, []
    if m.row:
        line = getattr(record, m.row)
        row = src.corrected_lines[line - 1] if 1 <= line <= len(src.raw_lines) else ""
        if text not in row:
            out.append(problem_at(v, fn, path, f"“{text}” 不在原文第 {line} 行（{m.row_name}）", "照原表填写"))
        return out
    if not src.contains(text):
        out.append(
            problem_at(
                v,
                fn,
                path,
                f"文字与原文不符：“{text[:40]}{'…' if len(text) > 40 else ''}” 不是原文中的一段",
                "必须逐字照录原文（可接合分页断句）；更正提取错误请写入 errata.yaml",
            )
        )
    found = src.lines_of(text) if m.starts_on else []
    if found and getattr(record, m.starts_on) not in found:
        shown = "、".join(str(n) for n in found[:5])
        out.append(
            problem_at(
                v,
                fn,
                (*path[:-1], m.starts_on),
                f"引文不在原文第 {getattr(record, m.starts_on)} 行：“{text[:20]}{'…' if len(text) > 20 else ''}” 出现在第 {shown} 行",
                f"把 {m.starts_on} 改为 {found[0]}（或改正引文）",
            )
        )
    return out


def _synonym_problems(v: Validated, prefix: str) -> list[Problem]:
    """synonyms.yaml: every plan wording is in the source (or is a department's name); each typed word once."""
    fn, problems, seen = f"{prefix}/synonyms.yaml", [], set()
    names = {d.name for d in v.departments.departments}
    for i, syn in enumerate(v.synonyms.synonyms):
        if syn.typed in seen:
            problems.append(
                problem_at(v, fn, ("synonyms", i, "typed"), f"“{syn.typed}” 重复", "每个输入词只写一条，把原文写法都列在它的 plan 下")
            )
        seen.add(syn.typed)
        for j, word in enumerate(syn.plan):
            if word == syn.typed:
                problems.append(
                    problem_at(v, fn, ("synonyms", i, "plan", j), f"“{word}” 与 typed 相同", "plan 只写原文中与 typed 不同的写法")
                )
            elif not v.source.contains(word) and word not in names:
                problems.append(
                    problem_at(
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
            problems.append(problem_at(v, fn, ("concepts", i, "id"), f"id “{c.id}” 重复", "每条概念用不同的 id"))
        ids.add(c.id)
        for j, word in enumerate(c.everyday):
            if word in typed or word in leads:
                before = "synonyms.yaml" if word in typed else f"第 {where[word][0] + 1} 条"
                problems.append(problem_at(v, fn, ("concepts", i, "everyday", j), f"“{word}” 重复（{before}已有）", "一个说法只写在一条里"))
                continue
            leads[word], where[word] = list(c.plan), (i, j)
        for j, word in enumerate(c.plan):
            if word in c.everyday:
                problems.append(problem_at(v, fn, ("concepts", i, "plan", j), f"“{word}” 同时写在 everyday 中", "plan 只写原文写法"))
            elif not v.source.contains(word) and word not in names:
                problems.append(
                    problem_at(
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
                        problem_at(
                            v, fn, ("concepts", i, "everyday", j), f"说法构成循环：{chain}", "去掉其中一条，让日常说法只指向原文写法"
                        )
                    )
                    stack = []
                    break
                if nxt in leads and nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return problems
