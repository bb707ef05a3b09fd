"""Step 1 — load: read every YAML file of plan_data/ into plain data, keeping line marks.

In:  the plan_data directory.
Out: a list of RawFile (relative path, data, {key path: (line, column)}), in sorted path order.

Why our own node walk instead of ``yaml.safe_load``: we need each key's line for error messages,
must refuse duplicate keys (PyYAML silently keeps the last) and must keep dates as strings
(PyYAML would turn ``2025-13-01`` into a raw exception).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import PlanDataError, Problem

KeyPath = tuple[str | int, ...]

_SAFE = yaml.SafeLoader("")
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": _SAFE.construct_yaml_int,
    "tag:yaml.org,2002:float": _SAFE.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SAFE.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SAFE.construct_yaml_null,
}


@dataclass
class RawFile:
    """One YAML file as plain data plus where each value sits (1-based line and column)."""

    path: str
    data: object
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def mark(self, key_path: KeyPath) -> tuple[int, int]:
        """Line/column of the deepest known ancestor of ``key_path``."""
        for cut in range(len(key_path), -1, -1):
            if key_path[:cut] in self.marks:
                return self.marks[key_path[:cut]]
        return (1, 1)


def format_path(key_path: KeyPath) -> str:
    """('sections', 2, 'title') → 'sections[2].title'."""
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def yaml_files(data_dir: Path) -> list[Path]:
    """All YAML files below data_dir, sorted for a stable order."""
    return sorted(p for p in data_dir.rglob("*.yaml") if p.is_file())


def load_dir(data_dir: Path) -> list[RawFile]:
    """Load every YAML file; collect all syntax problems before raising PlanDataError."""
    files, problems = [], []
    for path in yaml_files(data_dir):
        rel = path.relative_to(data_dir.parent).as_posix()
        try:
            files.append(load_file(path, rel))
        except PlanDataError as err:
            problems.extend(err.problems)
    if problems:
        raise PlanDataError(problems)
    return files


def load_file(path: Path, rel: str) -> RawFile:
    """Read one file. Raises PlanDataError for bad encoding, bad syntax or duplicate keys."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise PlanDataError(
            [Problem(rel, line, 1, "", "文件不是 UTF-8 编码", "请用 UTF-8 编码另存此文件（WPS/记事本: 另存为 → UTF-8）")]
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise PlanDataError([Problem(rel, 1, 1, "", "文件是空的", "每个数据文件都必须有内容；不需要的文件请删除")])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        raise PlanDataError([_syntax_problem(rel, err)]) from None
    out = RawFile(rel, None)
    problems: list[Problem] = []
    out.data = _build(node, (), out, problems)
    if problems:
        raise PlanDataError(problems)
    return out


def _syntax_problem(rel: str, err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(err, "problem", None) or str(err)
    hint = "检查缩进（只用空格，不用 Tab）、冒号后的空格、引号是否成对"
    if "\t" in problem or "tab" in problem.lower():
        hint = "YAML 不允许用 Tab 缩进，请改用空格"
    return Problem(rel, line, col, "", f"YAML 语法错误: {problem}", hint)


def _build(node: yaml.Node, key_path: KeyPath, out: RawFile, problems: list[Problem]) -> object:
    out.marks[key_path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(
                    Problem(out.path, line, col, format_path(key_path + (key,)), f"键 “{key}” 重复出现", "同一层级的键只能写一次")
                )
                continue
            result[key] = _build(value_node, key_path + (key,), out, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, key_path + (i,), out, problems) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> object:
    """Scalars as Python values; timestamps and anything unknown stay strings."""
    construct = _SCALAR_TAGS.get(node.tag)
    return construct(node) if construct else node.value
