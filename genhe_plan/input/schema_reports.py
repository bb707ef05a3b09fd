"""The shape of progress/*.yaml: one published progress or evaluation report per file, and the rule
for a report's id (which names that file).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from .schema_types import IDENT_PATTERN, Ident, Short, Strict, Text, check_date

REPORT_ID_MAX = 41
"""A report id's longest length (IDENT_PATTERN: a letter and up to 40 more); it names a file, a page and a URL."""


def report_id_problem(value: str) -> str:
    """What is wrong with ``value`` as a report id, in words an official understands, or "" when it is
    fine. One rule for every entry point (``import-progress --report``, ``worksheet --report``,
    ``progress remove``): the id becomes a file name under plan_data/progress/, so anything that could
    leave that folder (``..``, a slash, an absolute path) is refused by name before any file is touched."""
    shown = value if len(value) <= 60 else value[:60] + "…"
    hint = "报告 id 只用小写英文字母、数字和连字符，以字母开头，共 2–41 个字符，如 rp-2023-mid"
    if not value:
        return f"报告 id 是空的。{hint}"
    if "/" in value or "\\" in value or value.startswith("~") or ".." in value:
        return f"报告 id “{shown}” 含有路径（“/”、“\\”、“..” 或 “~”）：id 只是文件名，不能指向别的文件夹。{hint}"
    if len(value) > REPORT_ID_MAX:
        return f"报告 id 太长（{len(value)} 个字符，最多 {REPORT_ID_MAX} 个）。{hint}"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return f"报告 id 含有控制字符（如换行、制表符）。{hint}"
    if not re.fullmatch(IDENT_PATTERN.strip("^$"), value):
        return f"报告 id “{shown}” 格式不对。{hint}"
    return ""


# ---------------------------------------------------------------- progress/*.yaml
# Why ascii keys with zh labels: ids in data and URLs stay stable and typeable; people see the labels.
STATUS_LABEL = {
    "done": "已完成",
    "mostly_done": "基本完成",
    "on_track": "按进度推进",
    "delayed": "滞后",
    "not_started": "未启动",
    "unknown": "无法评估",
}
StatusKey = Literal["done", "mostly_done", "on_track", "delayed", "not_started", "unknown"]
REPORT_YEAR_MIN, REPORT_YEAR_MAX = 2021, 2030


class ReportSource(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = Field(
        None, description="报告的公开网址（http:// 或 https:// 开头）"
    )
    document: Short | None = Field(None, description="未公开上网时：文件名称与文号，如 根政办发〔2024〕12号")
    page: Short | None = Field(None, description="引文所在页码或章节，如 第3页")

    @model_validator(mode="after")
    def _somewhere(self) -> ReportSource:
        if not (self.url or self.document):
            raise ValueError("来源至少要写 url（网址）或 document（文件名称与文号）之一")
        return self


class ProgressEntry(Strict):
    item: Ident = Field(description="所报告的条目 id：目标（tg-…）、指标（ind-…）、任务（t…）或重点工程（kp-…）")
    status: StatusKey = Field(
        description="进展状态（固定词表）：done 已完成、mostly_done 基本完成、on_track 按进度推进、delayed 滞后、not_started 未启动、unknown 无法评估"
    )
    value: float | str | None = Field(
        None, description="报告中的数值；指标和带数值的目标必须是数字（如 91.8），单位写在 unit；任务、工程可照报告写文字"
    )
    unit: Short | None = Field(None, description="数值的单位，须与指标或目标的单位一致（如 %）")
    evidence: Text = Field(description="报告中支持此状态的原话（逐字摘录）")
    note: Text | None = Field(None, description="编辑附注（可选，不是报告原文）")


class ReportFile(Strict):
    id: Ident = Field(description="报告 id，与文件名相同，以字母开头，如 rp-2023-mid（文件 progress/rp-2023-mid.yaml）")
    kind: Literal["年度报告", "中期评估", "终期评估", "部门报送", "其他"] = Field(
        description="报告类型：年度报告、中期评估、终期评估、部门报送、其他"
    )
    title: Short = Field(description="报告标题，照原文")
    issuer: Short = Field(description="发布或报送单位，照原文")
    date: str = Field(description="报告发布（报送）日期：YYYY、YYYY-MM 或 YYYY-MM-DD")
    as_of: str = Field(description="报告所述情况的截止日期（数据截至）：YYYY、YYYY-MM 或 YYYY-MM-DD，须在 2021–2030 年内")
    source: ReportSource = Field(description="报告出处：网址，或文件名称与文号，及页码")
    entries: list[ProgressEntry] = Field(description="报告涉及的各条目及其状态；每个条目在一份报告中只能出现一次")

    @field_validator("date", "as_of")
    @classmethod
    def _dates(cls, value: str) -> str:
        return check_date(value, REPORT_YEAR_MIN, REPORT_YEAR_MAX)
