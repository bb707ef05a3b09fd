"""Putting an import together, with no file read or written: the report composed from the existing
one and the file's entries (``compose``), its YAML text (``report_yaml``), what changed
(``change_summary``) and whether two reports say the same (``content``).
"""

from __future__ import annotations

import yaml

HEADER_LINE = "# yaml-language-server: $schema=../schema/report.schema.json\n"
META_LABEL = {"kind": "报告类型", "title": "报告标题", "issuer": "发布单位", "date": "发布日期", "as_of": "数据截至"}
SOURCE_LABEL = {"url": "来源网址", "document": "来源文件", "page": "页码"}
LIST_OF_KIND = {"indicator": "指标清单", "task": "任务清单", "project": "项目清单", "target": "目标（YAML）"}


def report_yaml(report: dict) -> str:
    return HEADER_LINE + yaml.safe_dump(report, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)


def content(report: dict) -> tuple:
    """What a report says, whatever the order of its keys and entries or its YAML layout."""
    meta = {k: (str(v) if not isinstance(v, dict) else {a: str(b) for a, b in v.items()}) for k, v in report.items() if k != "entries"}
    entries = sorted((e.get("item", ""), sorted(e.items(), key=str)) for e in report.get("entries", []) if isinstance(e, dict))
    return repr(sorted(meta.items(), key=str)), repr(entries)


def new_meta(info: dict) -> dict:
    return {k: info.get(k) or None for k in (*META_LABEL, *SOURCE_LABEL)}


def existing_meta(existing: dict) -> dict:
    source = existing.get("source") or {}
    return {k: (str(existing[k]) if existing.get(k) is not None else None) for k in META_LABEL} | {
        k: (str(source[k]) if source.get(k) is not None else None) for k in SOURCE_LABEL
    }


def compose(report_id: str, info: dict | None, existing: dict | None, entries: list[dict], replace: bool, items: dict) -> dict:
    """Metadata from the 报告信息 sheet (else the existing file). Entries: with ``replace`` those of the
    files; else the existing entries, each replaced by the file's entry for the same item, plus the
    file's new ones (nothing is dropped)."""
    if info is not None:
        source = {k: info[k] for k in ("url", "document", "page") if k in info}
        meta = {"id": report_id, **{k: info[k] for k in ("kind", "title", "issuer", "date", "as_of")}, "source": source}
    else:
        meta = {k: v for k, v in existing.items() if k != "entries"} | {"id": report_id}
    new = {e["item"]: e for e in entries}
    old = [] if replace else [e for e in (existing or {}).get("entries", []) if isinstance(e, dict)]
    merged = [new.pop(e.get("item"), e) for e in old] + list(new.values())
    order = {ident: i for i, ident in enumerate(items)}  # items come in report order (check.reportable)
    merged.sort(key=lambda e: order.get(e.get("item"), len(order)))
    return {**{k: meta[k] for k in ("id", "kind", "title", "issuer", "date", "as_of", "source") if k in meta}, "entries": merged}


def change_summary(existing: dict | None, report: dict, from_file: set[str], items: dict, replace: bool) -> list[str]:
    """Per list: 新增 added, 更改 changed, 未变 in the files and unchanged, 保留 kept (not in the files,
    merge) or 删除 removed (--replace); and whether the 报告信息 changed."""
    old = {e.get("item"): e for e in (existing or {}).get("entries", []) if isinstance(e, dict)}
    new = {e["item"]: e for e in report["entries"]}
    counts: dict[str, dict[str, int]] = {}
    for ident in [*new, *(i for i in old if i not in new)]:
        info = items.get(ident)
        name = LIST_OF_KIND[info.kind] if info else "其他"
        if ident not in old:
            what = "新增"
        elif ident not in new:
            what = "删除"
        elif old[ident] == new[ident]:
            what = "未变" if ident in from_file else "保留"
        else:
            what = "更改"
        counts.setdefault(name, {}).setdefault(what, 0)
        counts[name][what] += 1
    head = f"{report['id']}（{'整份替换' if replace else ('合并' if existing else '新报告')}）"
    lines = [head]
    for name in [*LIST_OF_KIND.values(), "其他"]:
        if name in counts:
            c = counts[name]
            lines.append(f"  {name}: " + "、".join(f"{w} {c.get(w, 0)}" for w in ("新增", "更改", "未变", "保留", "删除") if c.get(w)))
    if existing is not None and {k: v for k, v in existing.items() if k != "entries"} != {
        k: v for k, v in report.items() if k != "entries"
    }:
        lines.append("  报告信息: 已更新")
    return lines
