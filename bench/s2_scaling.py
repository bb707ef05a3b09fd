"""Benchmark section 2: the build of plan_data ×k (bench/scale.py): time and peak memory."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import scale
from common import DATA, TooSlow, html_pages, med, our_build_cmd, ratio, repeat, search_index_bytes, secs, size, table


def keep_site(work: Path, site: Path, k: int, kept: dict[int, Path]) -> Path:
    """Move the ×k site out of its scratch folder into ``kept``, which holds ×1 and the largest k only."""
    kept_site = work / f"site-x{k}"
    shutil.rmtree(kept_site, ignore_errors=True)
    site.rename(kept_site)
    for old in [x for x in kept if x not in (1, k)]:
        shutil.rmtree(kept.pop(old), ignore_errors=True)
    kept[k] = kept_site
    return kept_site


def scaling_rows(work: Path, n: int, ks: tuple[int, ...], limit: float, kept: dict[int, Path]) -> tuple[list[list[str]], list[int]]:
    """Build plan_data ×k for each k: the table's rows, and the factors left out after one ran past ``limit``."""
    from genhe_plan.model import load_plan

    rows, base, untested = [], None, []
    for k in ks:
        data = scale.scale_data(DATA, work / f"scaled-{k}" / "plan_data", k)
        checks = repeat(n, lambda _i, d=data: [sys.executable, "-m", "genhe_plan", "--data", str(d), "check"], work, f"check-x{k}")
        plan = load_plan(data)
        site = work / f"scaled-{k}" / "site"
        try:
            builds = repeat(n, lambda _i, d=data, s=site: our_build_cmd(d, s), work, f"build-x{k}", limit=limit)
        except TooSlow:
            counts = [str(len(plan.tasks)), str(len(plan.paragraphs)), str(len(plan.targets))]
            rows.append([f"×{k}", *counts, "—", "—", secs(med(r.seconds for r in checks)), f"> {limit:.0f} s", "—", "—", "—"])
            untested = [x for x in ks if x > k]
            shutil.rmtree(work / f"scaled-{k}", ignore_errors=True)
            break
        t, rss = med(r.seconds for r in builds), med(r.maxrss_kib for r in builds)
        site = keep_site(work, site, k, kept)
        index_bytes = search_index_bytes(site)
        base = base or (t, rss)
        rows.append(
            [
                f"×{k}",
                str(len(plan.tasks)),
                str(len(plan.paragraphs)),
                str(len(plan.targets)),
                str(html_pages(site)),
                size(index_bytes) if index_bytes else "—",
                secs(med(r.seconds for r in checks)),
                secs(t),
                ratio(t, base[0]),
                size(rss * 1024),
                ratio(rss, base[1]),
            ]
        )
        shutil.rmtree(work / f"scaled-{k}", ignore_errors=True)
    return rows, untested


def section_scaling(work: Path, n: int, ks: tuple[int, ...], limit: float, kept: dict[int, Path]) -> list[str]:
    """Section 2; ``kept`` receives the sites of ×1 and of the largest k built (section 6 measures a node
    page on them)."""
    rows, untested = scaling_rows(work, n, ks, limit, kept)
    return [
        "## 2. 数据规模扩展（Scaling）",
        "",
        "`bench/scale.py` 把每章的导语段落和各节重复 k 次（新 id 加后缀 `-x2` …，正文不变，逐字核对照样通过），属于任务的目标随任务复制，"
        "重点工程列出复制的任务。每个副本先经 `python -m genhe_plan --data DIR check` 校验，再计时构建。"
        "峰值内存是构建进程树中最大进程的 RSS（`os.wait4` 的 ru_maxrss）。比值相对 ×1。"
        f"单次构建超过 {limit:.0f} s 即停止，记为“> {limit:.0f} s”，更大的规模不再测。",
        "",
        *table(
            [
                "规模（k）",
                "任务",
                "段落",
                "目标",
                "HTML 页数",
                "搜索索引",
                "校验（check）",
                "构建时间（build）",
                "时间比值",
                "峰值内存（peak RSS）",
                "内存比值",
            ],
            rows,
        ),
        *(
            [f"未测 {'、'.join(f'×{x}' for x in untested)}：前一规模的构建超过 {limit:.0f} s 的上限（time limit `--limit`）。", ""]
            if untested
            else []
        ),
    ]
