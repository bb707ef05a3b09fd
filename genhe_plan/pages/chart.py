"""The per-indicator chart on an indicator's page: 2020 baseline → reported values → 2025 target, as an
inline SVG with the same data in a table after it (numbers from ``progress.status.indicator_series``,
states from the status model: ``progress.status.state`` and each report's own status).

Why the axis is chosen from the indicator's meaning, not from the data's range: a range fitted to
91.75 and 91.76 turns a 0.01-point change into a cliff. A percentage is drawn on 0–100 %, or, when its
values sit in a narrow band, on a window of at least ``MIN_PERCENT_WINDOW`` points with the cut-off
axis marked and said in words; any other quantity starts at zero (or spans its negative values).

Why SVG + table and no chart library: no script, no CDN, readable by screen readers (the table)
and in print. Points without a number appear in the table only.
"""

from __future__ import annotations

import datetime
import html
import math
from dataclasses import dataclass

from ..model import Plan
from ..present.labels import deadline_label
from ..progress import status as st
from .badges import entry_badge, status_badge
from .html import attr

MIN_PERCENT_WINDOW = 10.0
"""A zoomed percentage axis spans at least this many points (a 0.01 change stays a flat line)."""
W, H, LEFT, RIGHT, TOP, BOTTOM = 360, 226, 52, 20, 28, 40
FONT_PX = 13
"""The SVG's text size (progress.css says the same): drawn at 357 px wide on a 390 px phone, 13 × 357/360 ≥ 12 px."""


@dataclass(frozen=True)
class Axis:
    lo: float
    hi: float
    cut: bool  # the axis does not start at zero: drawn with a break mark and said in the caption

    def ticks(self) -> list[float]:
        step = _nice_step((self.hi - self.lo) / 4)
        first = math.ceil(self.lo / step) * step
        return [round(first + i * step, 6) for i in range(int((self.hi - first) / step + 1e-9) + 1)]


def _nice_step(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def value_axis(unit: str, values: list[float]) -> Axis:
    """The y axis for ``values`` measured in ``unit`` (see the module doc)."""
    lo, hi = min(values), max(values)
    if "%" in unit and 0 <= lo and hi <= 100:
        spread = hi - lo
        if spread >= 40 or lo < 30:
            return Axis(0.0, 100.0, False)
        window = max(MIN_PERCENT_WINDOW, spread * 2.5)
        top = min(100.0, math.ceil((hi + window / 4) / 5) * 5)
        bottom = max(0.0, top - math.ceil(window / 5) * 5)
        return Axis(bottom, top, bottom > 0)
    if lo >= 0:
        step = _nice_step(hi / 4 if hi > 0 else 1)
        return Axis(0.0, math.ceil(hi * 1.1 / step) * step or step, False)
    step = _nice_step((hi - lo) / 4)
    return Axis(math.floor(lo / step) * step, max(0.0, math.ceil(hi / step) * step), False)


def indicator_chart(plan: Plan, ind_id: str, on: datetime.date | None = None) -> str:
    """<figure>: the SVG (when two or more points have numbers), the data table, and a flag when the
    latest reported value misses the target."""
    on = on or st.data_date()
    s = st.indicator_series(plan, ind_id, on)
    ind = plan.indicator(ind_id)
    unit = ind.unit or ""
    caption = f"{ind.name}：2020年现状值、各次报告值与{plan.meta.period_end}年目标值"
    note = ""
    if s.flagged:
        note = '<p class="progress-flag">约束性指标：最新报告值未达到目标。</p>'
    elif s.misses:
        note = '<p class="progress-flag">最新报告值未达到目标。</p>'
    svg, axis_note = _svg(s, caption, unit)
    return f'<figure class="progress-chart">{svg}{axis_note}{_table(plan, s, ind_id, caption, unit, on)}{note}</figure>\n'


def _table(plan: Plan, s: st.Series, ind_id: str, caption: str, unit: str, on: datetime.date) -> str:
    """The chart's data: each point, its time, its value and what the status model says of it."""
    now = st.state(plan, ind_id, on)
    rows = []
    for p in s.points:
        if p.kind == "report":
            report = next(r for r in plan.reports if r.id == p.report)
            state = entry_badge(report, next(e for e in report.entries if e.item == ind_id))
        elif p.kind == "target":
            state = f"目标；当前：{status_badge(now.key, now.why(), item=ind_id)}"
        else:
            state = "基准值（规划原文）"
        value = f"{html.escape(p.text or '—')}{html.escape(unit) if p.value is not None else ''}"
        rows.append(
            f'<tr><th scope="row">{html.escape(p.label)}</th><td>{html.escape(deadline_label(p.date))}</td><td>{value}</td><td>{state}</td></tr>'
        )
    return (
        f'<div class="progress-data"><table><caption>{html.escape(caption)}</caption>'
        '<thead><tr><th scope="col">数据</th><th scope="col">时间</th><th scope="col">数值</th><th scope="col">状态</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _year(d: str) -> float:
    end = st.end_of(d)
    return end.year + (end.timetuple().tm_yday - 1) / 366


def _svg(s: st.Series, caption: str, unit: str) -> tuple[str, str]:
    """(the SVG, a sentence on a cut-off axis) — ("", "") with fewer than two numbers to draw."""
    pts = [p for p in s.points if p.value is not None]
    if len(pts) < 2:
        return "", ""
    axis = value_axis(unit, [p.value for p in pts])
    years = [_year(p.date) for p in pts]
    x0, x1 = min(years), max(years)
    fx = lambda y: LEFT + (y - x0) / ((x1 - x0) or 1) * (W - LEFT - RIGHT)  # noqa: E731
    fy = lambda v: TOP + (axis.hi - v) / (axis.hi - axis.lo) * (H - TOP - BOTTOM)  # noqa: E731
    parts = [
        f'<svg class="progress-svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{attr(caption)}（数据见图后的表格）">',
        *_axes(axis, unit, fy),
        f'<polyline points="{" ".join(f"{fx(_year(p.date)):.1f},{fy(p.value):.1f}" for p in pts if p.kind != "target")}" class="series"/>',
    ]
    for i, p in enumerate(pts):
        parts += _point(p, fx(_year(p.date)), fy(p.value), unit, above=i % 2 == 0)
    said = []
    if unit and not unit_on_ticks(axis, unit):
        said.append(f"纵轴单位：{html.escape(unit)}。")
    if axis.cut:
        said.append(f"纵轴从 {st.format_number(axis.lo)}{html.escape(unit)} 起（已截断，见轴上的折断标记）。")
    note = f'<p class="progress-axis-note">{"".join(said)}</p>' if said else ""
    return "".join(parts) + "</svg>", note


def unit_on_ticks(axis: Axis, unit: str) -> bool:
    """Whether every tick label can carry the unit. Why not always: a long unit (起/每万枚) on each tick
    would run past the chart's left edge; it is then said once, in the sentence under the chart."""
    return max(_text_width(st.format_number(t) + unit) for t in axis.ticks()) <= LEFT - 8


def _axes(axis: Axis, unit: str, fy) -> list[str]:
    out = [f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" class="axis"/>']
    out.append(f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" class="axis"/>')
    per_tick = unit_on_ticks(axis, unit)
    for t in axis.ticks():
        y = fy(t)
        out.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" class="grid"/>')
        label = st.format_number(t) + (unit if per_tick else "")
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{html.escape(label)}</text>')
    if axis.cut:  # the break mark: a zigzag across the foot of the y axis
        b = H - BOTTOM
        out.append(
            f'<polyline points="{LEFT - 6},{b - 6} {LEFT + 6},{b - 10} {LEFT - 6},{b - 14} {LEFT + 6},{b - 18}" class="axis-break"/>'
        )
    return out


def _text_width(text: str) -> float:
    """About how wide ``text`` is drawn at FONT_PX: a CJK character 1 em, any other 0.6 em."""
    return sum(FONT_PX if ord(c) > 0x2E7F else FONT_PX * 0.6 for c in text)


def _point(p: st.Point, x: float, y: float, unit: str, above: bool) -> list[str]:
    """A point (a line across the chart for the target) labelled with its source, value and year. The label
    goes above or below the point as asked, unless that side would leave the plot (below the x axis is
    where the years are)."""
    value = f"{p.text}{unit}"
    title = f"<title>{html.escape(p.label)}：{html.escape(value)}</title>"
    short = {"baseline": "2020年现状", "target": "目标"}.get(p.kind, p.label[:10])
    anchor = "start" if x < W / 2 else "end"
    if y + 17 > H - BOTTOM - 2:
        above = True
    elif y - 9 - FONT_PX < 2:
        above = False
    dy = -9 if above else 17
    out = [f'<text x="{x:.1f}" y="{H - BOTTOM + 24}" text-anchor="middle">{html.escape(p.date[:4])}</text>']
    if p.kind == "target":
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" class="target-line"/>')
        out.append(f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" class="target">{title}</rect>')
    else:
        kind = "baseline" if p.kind == "baseline" else f"report status-{p.status}"
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="{attr(kind)}">{title}</circle>')
    out.append(
        f'<text x="{x:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" class="point-label">{html.escape(short)} {html.escape(value)}</text>'
    )
    return out
