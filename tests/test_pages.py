"""Page generator: escaping, links, markers — without MkDocs."""

from __future__ import annotations

import copy

from genhe_plan import pages
from genhe_plan.pages import fill_markers
from genhe_plan.pages.html import json_script, md
from genhe_plan.present import urls

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
