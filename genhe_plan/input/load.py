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
    """All YAML files below data_dir (.yaml, and .yml so a wrong extension is reported), sorted."""
    return sorted(p for p in data_dir.rglob("*.y*ml") if p.is_file() and p.suffix in (".yaml", ".yml"))


def load_dir_partial(data_dir: Path) -> tuple[list[RawFile], list[Problem]]:
    """Load every YAML file that parses, and the problems of those that do not.

    Why partial: the validator still checks the good files, so one run reports every mistake.
    """
    files, problems = [], []
    for path in yaml_files(data_dir):
        rel = path.relative_to(data_dir.parent).as_posix()
        try:
            files.append(load_file(path, rel))
        except PlanDataError as err:
            problems.extend(err.problems)
    return files, problems


def load_dir(data_dir: Path) -> list[RawFile]:
    """Load every YAML file; raise PlanDataError with all syntax problems if any file is bad."""
    files, problems = load_dir_partial(data_dir)
    if problems:
        raise PlanDataError(problems)
    return files


def load_file(path: Path, rel: str) -> RawFile:
    """Read one file. Raises PlanDataError for bad encoding, bad syntax or duplicate keys."""
    return load_bytes(path.read_bytes(), rel)


def load_bytes(raw: bytes, rel: str) -> RawFile:
    """The content of a data file named ``rel`` (the name problems are reported under), as load_file reads it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise PlanDataError(
            [Problem(rel, line, 1, "", "文件不是 UTF-8 编码", "请用 UTF-8 编码另存此文件（WPS/记事本: 另存为 → UTF-8）")]
        ) from None
    text = text.removeprefix("\ufeff")
    empty = Problem(rel, 1, 1, "", "文件是空的", "每个数据文件都必须有内容；不需要的文件请删除")
    if not text.strip():
        raise PlanDataError([empty])
    try:
        node = _compose(text)
    except yaml.reader.ReaderError as err:
        raise PlanDataError([_reader_problem(rel, text, err)]) from None
    except yaml.YAMLError as err:
        raise PlanDataError([_syntax_problem(rel, text, err)]) from None
    if node is None:  # only comments
        raise PlanDataError([empty])
    out = RawFile(rel, None)
    problems: list[Problem] = []
    out.data = _build(node, (), out, problems)
    if problems:
        raise PlanDataError(problems)
    return out


_PROBLEM_WORDS = {
    "found unexpected end of stream": "文件在引号闭合之前就结束了",
    "could not find expected ':'": "找不到应有的冒号“: ”",
    "mapping values are not allowed here": "此处不能出现“键: 值”（缩进不对，或值里含有“: ”需要加引号）",
    "found character '\\t' that cannot start any token": "出现了 Tab 字符",
    "expected <block end>, but found": "缩进不对齐",
}


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when present (fast); on any error compose again with the pure-Python
    parser, whose error marks and messages the problem wording below relies on."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _syntax_problem(rel: str, text: str, err: yaml.YAMLError) -> Problem:
    """A PyYAML error in plain words, at the line where the broken construct starts.

    Why context_mark for quotes and keys: PyYAML notices an unclosed quote only at the end of the
    file and a missing colon only on the next line; the context mark is where the official typed it.
    """
    problem = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None) or ""
    mark = getattr(err, "problem_mark", None)
    if ("quoted scalar" in context or "simple key" in context) and getattr(err, "context_mark", None):
        mark = err.context_mark
    mark = mark or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    words = next((cn for en, cn in _PROBLEM_WORDS.items() if problem.startswith(en)), "")
    hint = "检查缩进（只用空格）、冒号后的空格、引号是否成对"
    source_line = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
    if "\\t" in problem or "\t" in problem:
        hint = "YAML 不允许用 Tab 缩进，请改用空格"
    elif "：" in source_line:
        hint = "键后面要用英文冒号加空格“: ”，不要用中文全角冒号“：”"
    elif "quoted scalar" in context:
        hint = "这一行的引号没有成对：补上结尾的引号"
    message = f"YAML 语法错误: {words}（{problem}）" if words else f"YAML 语法错误: {problem}"
    return Problem(rel, line, col, "", message, hint)


def _reader_problem(rel: str, text: str, err: yaml.reader.ReaderError) -> Problem:
    """An unprintable character (often pasted from a PDF), located by line and column."""
    before = text[: err.position]
    line, col = before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1
    code = err.character if isinstance(err.character, int) else ord(err.character)
    return Problem(rel, line, col, "", f"文件中有不可见的控制字符 U+{code:04X}（常见于从 PDF 复制的文字）", "删除该字符后重新保存")


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
