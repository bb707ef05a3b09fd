"""The mechanical audit (genhe_plan.audit.checks): each check finds the one problem a fixture plants, finds
nothing in a clean fixture, and on the real plan every candidate is accounted for by a record."""

from __future__ import annotations

import pytest

from genhe_plan.audit import checks as audit
from genhe_plan.input import schema as S

CLEAN_LINES = [
    "目 录",
    "第一章 总则\t1",
    "第一节 目标\t2",
    "",
    "第一章 总则",
    "第一节 目标",
    "提高应急管理能力和水平，推进“三水”统筹。",
    "开展 VOCs 治理，PM 浓度下降。",
]


def target(ident: str, metric: str, value: str | None, *, kind: str = "target", comparator: str = "ge", deadline: str | None = None, **kw):
    quote = f"{metric}{value or ''}"
    return S.Target(
        id=ident, kind=kind, metric=metric, comparator=comparator, value=value, unit="%", deadline=deadline, quote=quote, task="t01", **kw
    )


def indicator(number: int, baseline: str, target_2025: str, unit: str | None = "%", name: str | None = None):
    return S.Indicator(
        id=f"ind-{number:02d}",
        number=number,
        category=["x"],
        name=name or f"指标{number}",
        unit=unit,
        baseline_2020=baseline,
        target_2025=target_2025,
        attribute="约束性",
        source_line=100 + number,
    )


NOTE = S.IndicatorNote(id="note-1", number=1, text="“——”代表为没有基数。", indicators=["ind-01"])


def test_a_clean_fixture_has_no_findings():
    assert audit.check_toc(CLEAN_LINES) == []
    assert audit.check_text(CLEAN_LINES) == []
    goals = [target("ac-001", "秸秆综合利用率", "91", kind="achievement", deadline="2020"), target("tg-001", "秸秆综合利用率", "95")]
    assert audit.check_values(goals) == []
    assert audit.check_deadlines(goals, "2022-08") == []
    rows = [indicator(1, "——", "95"), indicator(2, "78.5", "保持稳定", unit=None, name="生态质量指数")]
    assert audit.check_indicator_table(rows, [NOTE]) == []


# ---------------------------------------------------------------- one planted problem per class
def test_toc_title_differing_from_body_heading_by_one_character():
    lines = [*CLEAN_LINES]
    lines[2] = "第一节 目的\t2"
    (f,) = audit.check_toc(lines)
    assert f.cls == "toc_heading" and f.lines == (3, 6) and "“的” / 正文 “标”" in f.detail


def test_toc_title_differing_only_in_punctuation():
    lines = [*CLEAN_LINES]
    lines[1], lines[4] = "第一章 总则，目标\t1", "第一章 总则,目标"
    (f,) = audit.check_toc(lines)
    assert f.lines == (2, 5) and "“，” / 正文 “,”" in f.detail


def test_duplicated_word():
    (f,) = audit.check_text([*CLEAN_LINES, "提高应急管理能力和能力。"])
    assert f.cls == "typing_slip" and f.lines == (9,) and "能力和能力" in f.detail


def test_stray_latin_word():
    (f,) = audit.check_text([*CLEAN_LINES, "发挥规划环评的指导 and 规范作用。"])
    assert f.lines == (9,) and "“and”" in f.detail


def test_unbalanced_quotes_but_not_across_a_page_break():
    assert audit.check_text(["中央环保督察“回", "", "头看”整改任务。"]) == []
    (f,) = audit.check_text(["2. “城市细颗粒物浓度”为年均浓度”采用简单算术平均数。"])
    assert f.lines == (1,) and "后引号" in f.detail
    (g,) = audit.check_text(["按照“两山理念推进。"])
    assert "前引号" in g.detail


def test_deadline_before_publication():
    (f,) = audit.check_deadlines([target("tg-006", "国6a", None, comparator="done_by", deadline="2021-07-01")], "2022-08")
    assert f.cls == "stale_deadline" and "tg-006" in f.detail
    assert audit.check_deadlines([target("tg-053", "医废", "100", deadline="2022-12")], "2022-08") == []


def test_same_metric_two_values():
    (f,) = audit.check_values(
        [target("tg-035", "生活污水治理率", "60", indicator="ind-20"), target("tg-037", "治理率", "25", indicator="ind-20")]
    )
    assert f.cls == "value_mismatch" and "tg-035/tg-037" in f.detail


def test_target_below_the_achieved_level():
    (f,) = audit.check_values([target("ac-019", "秸秆综合利用率", "91", kind="achievement"), target("tg-032", "秸秆综合利用率", "90")])
    assert f.cls == "target_not_above_achieved" and "ac-019/tg-032" in f.detail


def test_a_lower_is_better_target_is_not_flagged():
    got = audit.check_values([target("ac-1", "事故率", "0", kind="achievement"), target("tg-1", "事故率", "0", comparator="le")])
    assert got == []


def test_no_baseline_written_another_way():
    (f,) = audit.check_indicator_table([indicator(1, "——", "95"), indicator(7, "-----", "96")], [NOTE])
    assert f.cls == "typing_slip" and "ind-07" in f.detail and "ind-01" not in f.detail


def test_percentage_indicator_without_a_numeric_target():
    (f,) = audit.check_indicator_table([indicator(6, "0", "不出现")], [NOTE])
    assert f.cls == "table_notation" and "ind-06" in f.detail and "不出现" in f.detail


def test_index_renamed_between_row_and_note():
    rows = [indicator(15, "78.5", "保持稳定", unit=None, name="生态质量指数 (新EI)")]
    note = S.IndicatorNote(id="note-4", number=4, text="“生态质量指数”根据原统计的生态环境状况指数即新EI统计。", indicators=["ind-15"])
    (f,) = audit.check_note_names(rows, [note])
    assert f.cls == "table_notation" and "生态环境状况指数" in f.detail and "ind-15" in f.detail


# ---------------------------------------------------------------- the real plan
def test_every_candidate_on_the_real_plan_is_recorded(plan):
    assert [f"{f.label}: {f.detail}" for f in audit.uncovered(plan)] == []


@pytest.mark.parametrize(
    "cls,needle",
    [
        ("toc_heading", "同"),
        ("typing_slip", "能力和能力"),
        ("typing_slip", "and"),
        ("stale_deadline", "tg-006"),
        ("value_mismatch", "tg-035/tg-037"),
        ("target_not_above_achieved", "ac-019/tg-032"),
        ("table_notation", "生态环境状况指数"),
    ],
)
def test_the_real_plan_problems_are_found(plan, cls, needle):
    assert any(f.cls == cls and needle in f.detail for f in audit.run(plan))


def test_every_class_has_a_record(plan):
    recorded = {c.class_ for c in plan.findings}
    assert recorded == set(S.FINDING_CLASSES)
