"""Page generator: escaping, links, markers — without MkDocs."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from conftest import data_with_reports

from genhe_plan import pages
from genhe_plan.model import load_plan
from genhe_plan.pages import fill_markers
from genhe_plan.pages.html import json_script, md
from genhe_plan.present import urls
from genhe_plan.present.labels import cn

PAYLOAD = "<img src=x onerror=alert(1)> *bold* [x](javascript:alert(2)) {#id} | pipe"


def test_md_escapes_html_and_markdown():
    out = md(PAYLOAD)
    assert "<img" not in out and "&lt;img" in out
    assert "\\*bold\\*" in out and "\\[x\\]" in out and "\\|" in out and "\\{" in out


def test_json_island_cannot_close_its_script():
    out = json_script("x", {"t": "</script><script>alert(1)</script>"})
    assert out.count("</script>") == 1 and "\\u003c/script\\u003e" in out


def test_every_task_has_its_anchor_on_its_chapter_page(plan, generated):
    for t in plan.tasks:
        assert f"{{#{t.id} .task-title}}" in generated[urls.chapter(plan.where[t.id].chapter.id)]


def test_assigned_and_stated_links_are_visibly_different(plan, generated):
    chapter = generated[urls.chapter("ch05")]
    assert "basis-assigned" in chapter and "按职责分配" in chapter
    assert any(t.lead and t.lead.basis == "stated" for t in plan.tasks)
    all_pages = "".join(generated.values())
    assert "basis-stated" in all_pages and "原文写明" in all_pages


def test_hostile_department_name_is_escaped_everywhere(plan):
    evil = copy.deepcopy(plan)
    evil.department("eco").name = PAYLOAD
    generated = pages.generate(evil)
    for uri, text in generated.items():
        assert "<img src=x" not in text, uri
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in generated[urls.department("eco")]


def test_nav_lists_every_generated_page(plan, generated):

    def walk(items):
        for item in items:
            if isinstance(item, str):
                yield item
            else:
                for value in item.values():
                    yield from ([value] if isinstance(value, str) else walk(value))

    in_nav = set(walk(pages.nav(plan)))
    assert set(generated) - {urls.DICTIONARY} <= in_nav | {urls.DICTIONARY}
    assert {u for u in generated if u.endswith(".md")} <= in_nav


def test_generation_is_deterministic(plan, generated):
    assert pages.generate(plan) == generated  # a second run against the session's first


def test_markers_fill_and_unknown_markers_stay_visible(plan):
    snippets = pages.home_snippets(plan)
    out = fill_markers("a <!-- plan:figures --> b <!-- plan:nope -->", snippets)
    assert f"**{len(plan.tasks)}** 项任务" in out and "<!-- plan:nope -->" in out


def test_department_page_groups_by_chapter_with_deadlines(plan, generated):
    eco = generated[urls.department("eco")]
    led = plan.led_by["eco"]
    assert f"共牵头 **{len(led)}** 项任务" in eco
    for t in led:
        assert f"#{t.id})" in eco


def test_source_page_marks_errata_and_links_back(plan, generated):
    src = generated[urls.SOURCE]
    assert '<del title="原文">教鲁古雅</del><ins title="更正">敖鲁古雅</ins>' in src
    t = plan.tasks[0]
    assert f'id="L{plan.where[t.id].line}"' in src and f"#{t.id})" in src


def test_departments_with_tasks_are_boosted_in_search_and_filters_are_not_indexed(plan, generated):
    assert "search:\n  boost: 3\n---\n" in generated[urls.department("eco")]
    assert not generated[urls.department("mee")].startswith("---")  # 生态环境部: named, no tasks
    assert '<form class="task-filters" data-search-exclude' in generated[urls.TASKS]


def test_front_matter_comes_from_the_registry(plan, generated):
    assert generated[urls.department("eco")].startswith("---\ngraph: true\nsearch:\n  boost: 3\n---\n\n# ")
    assert generated[urls.GRAPH].startswith(
        "---\ngraph: true\nhide:\n- navigation\n- toc\ngraph_opens_on_load: assets/graph/overview-data.js\n---\n\n# 关系图谱"
    )
    assert generated[urls.SOURCE].startswith("---\nsearch:\n  exclude: true\n---\n\n# ")
    # the analysis page only has tables: it must not load the graph scripts
    assert not generated[urls.ANALYSIS].startswith("---")
    assert set(pages.graph_pages(plan)) == {u for u, md in generated.items() if md.startswith("---\ngraph: true")}


def test_template_memo_never_lets_plain_text_pass_as_markup():
    from markupsafe import Markup

    from genhe_plan.pages.html import render

    assert render("status_badge.html", key="done", label="x", title=Markup("<b>")).count("<b>") == 1
    assert "<b>" not in render("status_badge.html", key="done", label="x", title="<b>")


def test_data_dictionary_names_fields_as_the_yaml_writes_them():
    """A field whose Python name differs from its YAML key (conflicts' ``class``) is listed by the key."""
    from genhe_plan.pages import dictionary

    text = dictionary.dictionary_page()
    assert "| `class` |" in text and "`class_`" not in text


# ------------------------------------------------------------------ counts that say what they count (issue 29)
def task_chapter_numbers(plan) -> list[int]:
    return sorted({plan.where[t.id].chapter.number for t in plan.tasks})


def test_chapter_span_names_runs_and_the_preface():
    from genhe_plan.present.labels import chapter_span

    assert chapter_span(list(range(3, 13))) == "第三至十二章"
    assert chapter_span([5, 3, 4, 9, 10, 12]) == "第三至五、九、十、十二章"
    assert chapter_span([0, 1, 2]) == "前言和第一、二章" and chapter_span([7]) == "第七章"


def test_task_counts_name_the_chapters_that_hold_the_tasks(plan, generated):
    numbers = task_chapter_numbers(plan)
    assert numbers == list(range(numbers[0], numbers[-1] + 1)), "the tasks' chapters run on (else the span names them one by one)"
    span = f"第{cn(numbers[0])}至{cn(numbers[-1])}章"
    assert f"全部 {len(plan.tasks)} 项任务，都在{span}" in generated[urls.TASKS]
    assert f"本站为{span}的每项任务" in generated[urls.DEPARTMENTS]
    assert f"**{len(plan.tasks)}** 项任务（{span}）" in pages.home_snippets(plan)["figures"]
    wrong = f"第{cn(numbers[0] - 1)}至{cn(numbers[-1])}章"  # the old words counted a chapter without tasks
    assert wrong not in generated[urls.TASKS] and wrong not in generated[urls.DEPARTMENTS]


def test_the_preface_is_its_own_item_not_one_more_chapter(plan):
    from genhe_plan.graph import graph_of
    from genhe_plan.pages.graph import legend_html

    chapters = sum(1 for c in plan.chapters if c.number > 0)
    assert any(c.number == 0 for c in plan.chapters) and chapters == len(plan.chapters) - 1
    assert f"**{chapters}** 章，另有前言" in pages.home_snippets(plan)["figures"]
    legend = legend_html(graph_of(plan))
    assert f'章 <span class="graph-count">{chapters}（另有前言）</span>' in legend
    assert f'章 <span class="graph-count">{len(plan.chapters)}</span>' not in legend


def test_department_counts_say_how_many_have_tasks_and_what_the_rest_are(plan, generated):
    with_tasks = {x.department for t in plan.tasks for _, x in plan.task_departments(t)}
    rest = [d for d in plan.departments if d.id not in with_tasks]
    assert rest and {d.category for d in rest} >= {"hotline", "upper_level"}
    head = f"{len(plan.departments)} 个部门与机构中，{len(with_tasks)} 个牵头或配合任务；另 {len(rest)} 个只在原文中提到、不承担任务"
    figures = pages.home_snippets(plan)["figures"]
    assert head in figures and f"**{len(plan.departments)}** 个部门与机构（{len(with_tasks)} 个承担任务）" in figures
    hotlines = sum(d.category == "hotline" for d in rest)
    upper = sum(d.category == "upper_level" for d in rest)
    assert f"举报热线 {hotlines} 个" in figures and f"上级机关 {upper} 个" in figures
    index = generated[urls.DEPARTMENTS]
    assert head in index and all(md(d.name) in index.split("## ")[0] for d in rest)  # named in the intro


def test_graph_overview_says_it_counts_tasks_that_drive_an_indicator(plan, generated):
    assert "概览只计推动指标的任务" in generated[urls.GRAPH]
    js = (urls.ROOT / "docs" / "assets" / "graph" / "graph.js").read_text(encoding="utf-8")
    assert '" 项推动指标的任务（' in js and '" 项任务（列表见图下方）' not in js


def test_the_home_page_writes_no_count_by_hand(plan):
    """The home page's counts come from the data through its markers; its own text states none."""
    home = (urls.ROOT / "docs" / urls.HOME).read_text(encoding="utf-8")
    assert f"{len(plan.indicators)} 项" not in home
    assert f"共 {len(plan.indicators)} 项" in pages.home_snippets(plan)["indicators"]


def test_nav_opens_no_empty_section(plan):
    """A page type without pages (实施情况评估 before any report) opens no section: Zensical drew an empty
    one as a link to “none” in every page's nav. With the fixture reports, the section is there."""

    def empty(entries) -> list[str]:
        out = []
        for e in entries:
            if isinstance(e, dict):
                for title, value in e.items():
                    if isinstance(value, list):
                        out += [title] if not value else empty(value)
        return out

    assert empty(pages.nav(plan)) == []
    assert "实施情况评估" not in str(pages.nav(plan))
    with tempfile.TemporaryDirectory() as tmp:
        with_reports = load_plan(data_with_reports(Path(tmp) / "plan_data"))
        assert "实施情况评估" in str(pages.nav(with_reports)) and empty(pages.nav(with_reports)) == []
