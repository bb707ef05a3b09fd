"""The problems a worksheet import reports: one SheetProblem per mistake (file, sheet, row, column,
what was expected), collected in Problems (capped at MAX_PROBLEMS: reading stops once a file cannot
succeed any more), raised together as WorksheetError.

Shared by reading (worksheet_read), parsing (worksheet_parse) and the import (worksheet_import).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SheetProblem:
    """One mistake in a filled worksheet: file, sheet, row (1-based, as Excel shows), column."""

    file: str
    sheet: str
    row: int
    column: str  # "H（状态）" or ""
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file} › {self.sheet}" + (f" › 第{self.row}行" if self.row else "") + (f" {self.column}列" if self.column else "")
        return f"{where}: {self.message}" + (f"\n    提示: {self.hint}" if self.hint else "")


MAX_PROBLEMS = 50
"""Problems listed at most; reading stops once a file has more (it cannot succeed any more)."""


class Problems(list):
    """The problems found so far, and where reading stopped because there were too many."""

    stopped: str = ""

    def full(self) -> bool:
        return len(self) > MAX_PROBLEMS


class WorksheetError(Exception):
    def __init__(self, problems: list[SheetProblem]):
        self.problems = sorted(set(problems))
        self.stopped = getattr(problems, "stopped", "")
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        more = "超过" if self.stopped else ""
        head = f"填报表有{more} {n} 处错误，未写入任何文件（worksheet has errors; nothing was written）:"
        lines = [head, *(str(p) for p in self.problems[:MAX_PROBLEMS])]
        if n > MAX_PROBLEMS:
            lines.append(f"……另有 {n - MAX_PROBLEMS} 处错误未列出；请先改正以上各处再导入。")
        if self.stopped:
            lines.append(f"错误太多，读到 {self.stopped} 时停止检查（后面的行没有检查）。")
        return "\n".join(lines)
