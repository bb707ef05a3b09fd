"""Mentions in context (genhe_plan/pages/mentions.py): every sentence of the plan that names a place,
department or indicator, split into what the plan commits to and what it reports as past."""

from __future__ import annotations

import re

from genhe_plan.pages.mentions import mentions, mentions_markdown, name_forms
from genhe_plan.present import urls
from genhe_plan.site import prepare


def place_names(plan) -> tuple[str, ...]:
    return tuple(n for p in plan.places for n in [*name_forms(p.name), *p.aliases])


def test_each_mention_holds_the_name_and_past_means_chapter_one_or_thirteenth_plan(plan):
    town = next(p for p in plan.places if p.name == "满归镇")
    found = mentions(plan, [town.name, *town.aliases], place_names(plan))
    assert found and any(m.past for m in found) and any(not m.past for m in found)
    for m in found:
        assert m.spans and all(m.sentence[a:b] in (town.name, *town.aliases) for a, b in m.spans)
        chapter = plan.where[m.target.partition("#")[2]].chapter.number if m.target.startswith("plan/") else None
        assert m.past == (chapter == 1 or "十三五" in m.sentence), (m.sentence, chapter)


def test_a_name_inside_a_longer_name_of_something_else_is_not_a_mention(plan):
    """根河 (the river) is not mentioned by 根河市 (the city) or 根河市主城区."""
    river = next(p for p in plan.places if p.name.startswith("根河（"))
    for m in mentions(plan, name_forms(river.name), place_names(plan)):
        for a, _ in m.spans:
            assert not m.sentence[a:].startswith("根河市"), m.sentence


def test_indicator_names_are_tried_without_their_parenthesis():
    assert name_forms("细颗粒物 (PM2.5) 浓度", inner=True) == ["细颗粒物 (PM2.5) 浓度", "细颗粒物浓度", "PM2.5"]
    assert name_forms("敖鲁古雅鄂温克民族乡（原址）") == ["敖鲁古雅鄂温克民族乡（原址）", "敖鲁古雅鄂温克民族乡"]


def test_markdown_marks_the_name_and_escapes_the_rest(plan):
    lines = mentions_markdown(plan, urls.PLACES, ["五峰山"], place_names(plan))
    items = [line for line in lines if line.startswith("- ")]
    assert items and all("<mark>五峰山</mark>" in line for line in items)
    assert lines[0].startswith("**规划要做的")


def test_pages_list_the_sentences(plan):
    files = prepare(__import__("conftest").DATA).files
    places = files[urls.PLACES]
    assert places.count("规划要做的") >= 10 and "<mark>玉泉河</mark>" in places and "过去的情况" in places
    ind = next(i for i in plan.indicators if i.name == "森林覆盖率")
    assert "## 原文中提到它的句子" in files[urls.indicator(ind.id)] and "<mark>森林覆盖率</mark>" in files[urls.indicator(ind.id)]
    eco = next(d for d in plan.departments if d.name == "生态环境部门")
    assert "<mark>生态环境部门</mark>" in files[urls.department(eco.id)]


def test_no_place_lists_the_same_line_twice(plan):
    """A project repeating its chapter's words is shown with its 专栏 and title, so two mentions never read
    alike (阿龙山镇: the ch09 paragraph and 专栏8's project hold the same sentence)."""
    for place in plan.places:
        lines = mentions_markdown(plan, urls.PLACES, [place.name, *place.aliases], place_names(plan))
        shown = [re.sub(r"\]\([^)]*\)", "]", line) for line in lines if line.startswith("- ")]  # as read: no link targets
        assert len(shown) == len(set(shown)), place.name


def test_every_place_is_a_heading_and_claims_nothing_its_sentences_deny(plan):
    """The places page lists 21 places: each is a heading (the page's table of contents is the way to one)
    inside the block its id names; a place no task is tagged with says nothing about where it occurs,
    because its sentences show it (根河市 read “仅见于第一章或前言” above 19 sentences from 第三、四章…)."""
    page = prepare(__import__("conftest").DATA).files[urls.PLACES]
    blocks = re.findall(r'<div class="place" id="([^"]+)" markdown>\n\n(.*?)</div>', page, re.S)
    assert [b[0] for b in blocks] == [p.id for p in plan.places]
    for place, (_, body) in zip(plan.places, blocks, strict=True):
        assert body.startswith(f"## {place.name}\n"), place.name
        assert "仅见于" not in body, place.name
        assert "规划要做的" in body or "过去的情况" in body, f"{place.name}: no sentence names it"
