"""Error types: one for mistakes in the data (shown to people), everything else is a bug.

Why: an official editing YAML must see *where* and *what* in plain words, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the data: where it is and what was expected."""

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path or '(文件)'}: {self.message}"
        return f"{text}\n    提示: {self.hint}" if self.hint else text


class PlanDataError(Exception):
    """Raised when the plan data has mistakes. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        head = f"规划数据有 {len(self.problems)} 处错误，网站未生成（plan data has errors; nothing was built）:"
        return "\n".join([head, *(str(p) for p in self.problems)])
