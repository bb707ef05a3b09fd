"""Fidelity of plan_data to the source text: checksum, verbatim fields, coverage, indicator values."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from genhe_plan.input.fidelity import verbatim_fields

DATA = Path(__file__).resolve().parents[1] / "plan_data"

SOURCE_SHA = "615a61d3b8dccda2c3b2a364242ad37e5bbe6c76125d2b1d6a3532a4676a23da"


def test_source_checksum_is_recorded_and_matches(plan):
    data = (DATA / "source" / "plan.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SOURCE_SHA == plan.meta.source.sha256


def test_every_verbatim_field_is_in_the_joined_source(plan):
    from genhe_plan.input.load import load_dir
    from genhe_plan.input.validate import validate

    v = validate(load_dir(DATA), DATA)
    fields = list(verbatim_fields(v))
    assert len(fields) > 300
    missing = [(f, p, t[:30]) for f, p, t, _, _ in fields if t not in plan.source.joined]
    assert missing == []


def _body_lines(plan):
    """Body text lines: after the table of contents, without headings and without the 专栏1 table."""
    lines = plan.source.corrected_lines
    start = next(i for i, line in enumerate(lines) if line.strip() == "前 言" and i > 70)
    heading = re.compile(r"^(第[一二三四五六七八九十]+[章节]|专栏\s*\d+|[（(]\s*[一二三四五六七八九十]+\s*[)）].{0,38}$|\d\.\s*\S{1,15}$)")
    for no, line in enumerate(lines[start + 1 :], start + 2):
        s = line.rstrip()
        if not s or heading.match(s) or "\t" in s or s.startswith("注："):
            continue
        yield no, s


def test_body_text_is_covered_by_the_data_to_99_percent(plan):
    covered_text = "".join(p.text for p in plan.paragraphs.values())
    covered_text += "".join(t for b in plan.boxes for pr in b.projects for t in pr.text)
    covered_text += "".join(n.text for n in plan.notes)
    total = missing = 0
    report = []
    for no, s in _body_lines(plan):
        total += len(s)
        if s not in covered_text:
            missing += len(s)
            report.append(f"line {no}: {s[:60]}")
    ratio = 1 - missing / total
    print(f"coverage {ratio:.4%} of {total} characters; missing lines:\n" + "\n".join(report))
    assert ratio >= 0.99, "\n".join(report)


def test_every_indicator_value_is_in_its_source_row(plan):
    assert len(plan.indicators) == 21
    assert [i.number for i in plan.indicators] == list(range(1, 22))
    for ind in plan.indicators:
        row = plan.source.corrected_lines[ind.source_line - 1]
        assert row.split("\t")[0].strip() in (str(ind.number), "") or str(ind.number) in row
        for value in (ind.name, ind.baseline_2020, ind.target_2025, ind.attribute):
            assert value in row, (ind.id, value, row)


def test_specific_indicator_values(plan):
    forest = next(i for i in plan.indicators if i.name == "森林覆盖率")
    assert (forest.baseline_2020, forest.target_2025, forest.attribute) == ("91.75", "91.76", "约束性")
    rural = next(i for i in plan.indicators if i.name == "农村生活污水治理率")
    assert (rural.baseline_2020, rural.target_2025, rural.attribute) == ("—", "≥25", "预期性")


def test_every_target_value_is_in_its_quote_and_deadlines_in_range(plan):
    targets = [t for t in plan.targets if t.kind == "target"]
    assert len(targets) >= 40
    for t in plan.targets:
        if t.value is not None:
            assert t.value in t.quote
        if t.kind == "target" and t.deadline:
            assert 2020 <= int(t.deadline[:4]) <= 2035


def test_every_task_in_chapters_3_to_12_has_a_lead_with_basis(plan):
    for t in plan.tasks:
        if plan.where[t.id].chapter.number >= 3:
            assert t.lead is not None, t.id
            for link in [t.lead, *t.supporting]:
                assert (link.basis == "stated" and link.quote and link.quote in t.text) or (link.basis == "assigned" and link.reason), (
                    t.id,
                    link,
                )


def test_leads_are_not_lumped_on_one_department(plan):
    from collections import Counter

    leads = Counter(t.lead.department for t in plan.tasks if t.lead)
    assert len(leads) >= 10
    assert leads.most_common(1)[0][1] / sum(leads.values()) < 0.5


def test_errata_are_applied_and_recorded(plan):
    assert "教鲁古雅" not in plan.source.joined and "教鲁古雅" in "".join(plan.source.raw_lines)
    assert any(e.original == "教鲁古雅" and e.corrected == "敖鲁古雅" for e in plan.errata)
    assert " and " not in plan.source.joined
