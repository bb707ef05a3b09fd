"""The 原文问题 page and its CSV (genhe_plan.pages.plan_issues), without MkDocs."""

from __future__ import annotations

import csv
import io

from genhe_plan import pages
from genhe_plan.export import findings
from genhe_plan.input import schema as S
from genhe_plan.pages import plan_issues
from genhe_plan.pages.common import md
from genhe_plan.present import urls

# Words that judge rather than describe; a finding states what each place says, nothing more.
JUDGING = ("错误", "失误", "矛盾", "疏忽", "随意", "严重", "不负责", "显然", "应当改", "敷衍")


def test_findings_are_grouped_by_class_in_the_fixed_order(plan):
    page = plan_issues.plan_issues_page(plan)
    heads = [page.index(f"{{#{cls}}}") for cls in S.FINDING_CLASSES]
    assert heads == sorted(heads)
    for c in plan.findings:
        at = page.index(f'id="{c.id}"')
        section = max(h for h in heads if h < at)
        assert heads.index(section) == list(S.FINDING_CLASSES).index(c.class_), c.id


def test_every_quote_links_to_its_source_line_and_every_named_id_is_linked(plan):
    page = plan_issues.plan_issues_page(plan)
    for c in plan.findings:
        block = page[page.index(f'id="{c.id}"') : page.index("</div>", page.index(f'id="{c.id}"'))]
        for q in c.quotes:
            assert f"]({urls.rel(plan_issues.PAGE, urls.source_line(q.line))})：“{md(q.text)}”" in block, (c.id, q.line)
        for i in findings.indicators_of(c):
            assert f"({urls.indicator(i)})" in block
        for t in c.tasks:
            assert f"#{t})" in block
        for t in c.targets:
            assert f" {t} " in block
        for p in c.projects:
            assert f"#{p})" in block


def test_errata_that_may_be_the_plans_own_slips_sit_with_the_typing_slips(plan):
    page = plan_issues.plan_issues_page(plan)
    typing = page[page.index("{#typing_slip}") : page.index("{#table_notation}")]
    for e in plan.errata:
        assert (f'id="{e.id}"' in typing) == e.plan_slip
    assert "{#extraction}" in page and "PM2.5" in page[page.index("{#extraction}") :]


def test_summaries_describe_without_judging(plan):
    for c in plan.findings:
        assert not [w for w in JUDGING if w in c.summary or w in c.metric], c.id


def test_the_csv_has_a_bom_fixed_columns_and_one_row_per_item(plan):
    data = findings.FINDINGS.csv(plan)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [name for name, _, _ in findings.FIELDS]
    assert len(rows) - 1 == len(plan.findings) + len(plan.errata)
    by_id = {r[0]: r for r in rows[1:]}
    cf = by_id["cf-06"]
    assert cf[2] == "toc_heading" and cf[6] == "39；408" and "第408行：第四节 坚持深化“多源”共治" in cf[7]
    assert by_id["err-02"][2] == "typing_slip" and by_id["err-03"][2] == "extraction"


def test_the_page_and_the_csv_are_wired_into_the_site(plan, generated):
    assert plan_issues.PAGE in generated and urls.ERRATA in generated and urls.CONFLICTS in generated
    nav = str(pages.nav(plan))
    assert "原文问题" in nav and plan_issues.PAGE in nav and urls.ERRATA in nav and urls.CONFLICTS in nav
