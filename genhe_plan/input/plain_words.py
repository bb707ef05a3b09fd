"""Pydantic's errors in plain words: what an official sees when a file does not fit its schema.

In:  one RawFile and pydantic's ValidationError for it.
Out: Problems naming the line, key path, what is wrong and what to write instead, in Chinese.
"""

from __future__ import annotations

from pydantic import ValidationError

from . import schema as S
from .errors import Problem
from .load import KeyPath, RawFile, format_path

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


def department_ids_by_name(files: list[RawFile]) -> dict[str, str]:
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
