"""The per-indicator chart (genhe_plan/pages/chart.py): the axis follows the indicator's meaning, the
target is a line, every point is labelled, the table after it has a state in every row."""

from __future__ import annotations

import re

import pytest

from genhe_plan.pages.chart import MIN_PERCENT_WINDOW, indicator_chart, value_axis


@pytest.mark.parametrize("values", [[91.75, 91.76], [50.0, 50.5], [99.0, 99.9], [35.0, 38.0]])
def test_close_percentages_get_a_marked_window_of_at_least_ten_points(values):
    axis = value_axis("%", values)
    assert axis.hi - axis.lo >= MIN_PERCENT_WINDOW and axis.lo <= min(values) and max(values) <= axis.hi <= 100
    assert axis.cut == (axis.lo > 0)


@pytest.mark.parametrize("values", [[0.0, 0.0], [20.0, 95.0], [5.0, 8.0]])
def test_spread_or_low_percentages_use_the_whole_scale(values):
    axis = value_axis("%", values)
    assert (axis.lo, axis.hi, axis.cut) == (0, 100, False)


def test_other_quantities_start_at_zero():
    axis = value_axis("微克/立方米", [18.0, 25.0])
    assert axis.lo == 0 and axis.hi >= 25 and not axis.cut
    assert value_axis("万吨", [-3.0, 5.0]).lo <= -3


def test_forest_cover_chart_draws_a_001_point_change_flat_with_its_target_line(plan):
    chart = indicator_chart(plan, "ind-16")
    circle = float(re.search(r'<circle cx="[\d.]+" cy="([\d.]+)"', chart)[1])
    rect = float(re.search(r'<rect x="[\d.]+" y="([\d.]+)" width="10"', chart)[1]) + 5
    assert abs(circle - rect) < 2, (circle, rect)  # 91.75 → 91.76: under two pixels apart
    assert 'class="target-line"' in chart and 'class="axis-break"' in chart and "纵轴从 85% 起（已截断" in chart
    assert re.findall(r'class="point-label">([^<]+)<', chart) == ["2020年现状 91.75%", "目标 91.76%"]
    assert "（数据见图后的表格）" in chart and "右表" not in chart


def test_every_row_of_the_data_table_has_a_state(plan):
    for ind in plan.indicators:
        chart = indicator_chart(plan, ind.id)
        states = re.findall(r"<td>([^<]*(?:<[^/][^>]*>[^<]*</[^>]+>)?[^<]*)</td></tr>", chart)
        assert states and all(s.strip() for s in states), (ind.id, states)
