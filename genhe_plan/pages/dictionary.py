"""The 数据字典 page: every plan_data file and field (from the schema models) and every column of the
open-data tables (from the export declarations), so the page cannot drift from what is validated and
what is published.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel

from ..export.tables import TABLES
from ..input import schema as S
from .html import md


def dictionary_page() -> str:
    out = ["# 数据字典", "", "plan_data/ 中每个文件、每个字段的含义与取值。由数据模式自动生成，与校验规则一致。", ""]
    for pattern, model in S.FILE_MODELS.items():
        out += [f"## {md(pattern)}", ""]
        out += _fields_table(model, seen=set())
    out += [
        "## 下载的表格（CSV）",
        "",
        "数据下载页的 CSV 文件（UTF-8 带 BOM，Excel/WPS 可直接打开）逐列说明；datapackage.json 使用同一份说明。",
        "",
    ]
    for t in TABLES:
        out += [f"### {md(t.name)}.csv · {md(t.title)}", "", md(t.description), "", "| 列 | 类型 | 说明 |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.type} | {md(c.description)} |" for c in t.columns]
        out.append("")
    return "\n".join(out) + "\n"


def _fields_table(model: type[BaseModel], seen: set) -> list[str]:
    rows = [f"**{model.__name__}**", "", "| 字段 | 类型 | 必填 | 说明 |", "|---|---|---|---|"]
    nested = []
    for name, f in model.model_fields.items():
        rows.append(
            f"| `{f.alias or name}` | {md(_type_name(f.annotation))} | {'是' if f.is_required() else '否'} | {md(f.description or '')} |"
        )
        nested += [m for m in _models_in(f.annotation) if m not in seen]
    rows.append("")
    for m in nested:
        if m not in seen:
            seen.add(m)
            rows += _fields_table(m, seen)
    return rows


def _models_in(tp) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for a in typing.get_args(tp) for m in _models_in(a)]


def _type_name(tp) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return " / ".join(str(a) for a in typing.get_args(tp))
    if origin is typing.Annotated:
        return _type_name(typing.get_args(tp)[0])
    if origin in (list,):
        return f"列表[{_type_name(typing.get_args(tp)[0])}]"
    if origin is not None:
        return " 或 ".join(_type_name(a) for a in typing.get_args(tp) if a is not type(None))
    return {str: "文字", int: "整数"}.get(tp, getattr(tp, "__name__", str(tp)))
