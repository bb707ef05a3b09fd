"""The scalar types and rules every schema model shares: the base model that refuses unknown keys, the
text and id types, dates as officials write them, and the markers a field carries for validation
(marks.py walks them).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=200)]
IDENT_PATTERN = r"^[a-z][a-z0-9-]{1,40}$"
Ident = Annotated[str, StringConstraints(pattern=IDENT_PATTERN)]

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
YEAR_MIN, YEAR_MAX = 2020, 2035


class Strict(BaseModel):
    """Base: unknown keys are errors, so a misspelt key is caught."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


def check_date(value: str | None, lo: int = YEAR_MIN, hi: int = YEAR_MAX) -> str | None:
    """Accept 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' with a real calendar date within [lo, hi]."""
    if value is None:
        return None
    m = DATE_RE.match(str(value))
    if not m:
        raise ValueError(f"日期 “{value}” 格式不对，应写成 2025、2025-12 或 2025-12-31")
    year = int(m[1])
    month = int(m[2]) if m[2] is not None else None
    day = int(m[3]) if m[3] is not None else None
    if not lo <= year <= hi:
        raise ValueError(f"年份 {year} 超出允许范围 {lo}–{hi}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"月份 {month} 不存在（应为 1–12）")
    if day is not None:
        import datetime

        try:
            datetime.date(year, month, day)
        except ValueError:
            raise ValueError(f"日期 {value} 不存在") from None
    return str(value)
