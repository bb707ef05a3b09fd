"""Embeddable cards (issue 22 part 3), without a build: one standalone card and oEmbed JSON per
indicator, task and project; no header, navigation, search, and no script but the one that reports the
card's height; links open in the top window; the state is the status model's; data escaped; the 嵌入
control on record pages, whose snippet carries the listener that sizes the iframe (issue 29)."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from conftest import DATA

from genhe_plan.model import load_plan
from genhe_plan.pages import generate
from genhe_plan.pages.embed import LISTENER, REPORTER, card_path, embed_files
from genhe_plan.present import urls
from genhe_plan.progress import status as st


@pytest.fixture(scope="module")
def files(plan):
    return embed_files(plan)


def cards(files):
    return {path: html for path, html in files.items() if path.endswith("index.html")}


def test_a_card_for_every_indicator_task_and_project(plan, files):
    expected = {card_path("indicators", i.id) for i in plan.indicators} | {card_path("tasks", t.id) for t in plan.tasks}
    expected |= {card_path("projects", p) for p in plan.projects}
    assert {p.removesuffix("index.html") for p in cards(files)} == expected
    assert {p.removesuffix("oembed.json") for p in files if p.endswith("oembed.json")} == expected


def test_cards_are_bare_small_and_self_contained(files):
    for path, html in cards(files).items():
        assert html.count(REPORTER) == 1, path  # the one script: it reports the card's height
        html = html.replace(REPORTER, "")
        assert not re.search(r"<(header|nav|script|form|iframe|img)\b", html), path
        assert 'class="md-' not in html and "search" not in html, path
        assert not re.search(r'(src|href)="(https?:)?//', html), path  # nothing from another host
        assert re.findall(r"<link[^>]*stylesheet", html) == [], path  # style inline
        assert len(gzip.compress(html.encode())) < 60 * 1024, path
        links = re.findall(r"<a [^>]*>", html)
        assert links and all('target="_top"' in a for a in links), path


def test_card_shows_the_record_its_state_and_source_line(plan, files):
    html = files["embed/tasks/t03-1-01/index.html"]
    t = plan.paragraphs["t03-1-01"]
    assert f'<a href="../../../plan/ch03/#t03-1-01" target="_top">{t.title}</a>' in html
    assert "<dd>" + plan.department(t.lead.department).name + "</dd>" in html
    assert f'data-state="{st.state(plan, "t03-1-01").key}">{st.state(plan, "t03-1-01").label}<' in html
    line = plan.where["t03-1-01"].line
    assert f"规划原文第 {line} 行" in html and f'href="../../../source/#L{line}"' in html
    ind = files["embed/indicators/ind-16/index.html"]
    assert "森林覆盖率" in ind and '<link rel="alternate" type="application/json+oembed" href="oembed.json"' in ind


def test_oembed_json_is_rich_with_an_iframe_of_the_card(plan, files, monkeypatch):
    data = json.loads(files["embed/projects/kp-02-1/oembed.json"])
    assert data["version"] == "1.0" and data["type"] == "rich" and data["width"] == 480 and data["height"] == 360
    assert data["title"] == plan.projects["kp-02-1"].title
    assert data["html"].startswith('<iframe src="/embed/projects/kp-02-1/" ')
    assert data["html"].endswith("></iframe>" + LISTENER) and "data-genhe-embed" in data["html"]  # sized to the card's height
    monkeypatch.setenv("SITE_URL", "https://plan.example.gov.cn/genhe")
    data = json.loads(embed_files(plan)["embed/projects/kp-02-1/oembed.json"])
    assert data["html"].startswith('<iframe src="https://plan.example.gov.cn/genhe/embed/projects/kp-02-1/" ')
    assert data["provider_url"] == "https://plan.example.gov.cn/genhe/"


def test_hostile_text_is_escaped_on_the_card():
    plan = load_plan(DATA)
    t = plan.paragraphs["t03-1-01"]
    object.__setattr__(t, "title", '<script>alert(1)</script>"></a>')
    object.__setattr__(plan.department(t.lead.department), "name", "<img src=x onerror=alert(2)>")
    html = embed_files(plan)["embed/tasks/t03-1-01/index.html"]
    assert html.count("<script>") == html.count(REPORTER) == 1 and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;/a&gt;" in html and "&lt;img src=x" in html
    oembed = json.loads(embed_files(plan)["embed/tasks/t03-1-01/oembed.json"])
    assert 'title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;/a&gt;"' in oembed["html"]


def test_record_pages_have_the_embed_control(plan):
    pages = generate(plan)
    chapter = pages[urls.chapter("ch03")]
    assert chapter.count('<details class="embed-snippet"') == sum(1 for t in plan.tasks if plan.where[t.id].chapter.id == "ch03")
    assert "(../embed/tasks/t03-1-01/index.html)" in chapter and "(../embed/tasks/t03-1-01/oembed.json)" in chapter
    assert '<details class="embed-snippet"' in pages[urls.indicator("ind-16")]
    assert pages[urls.box("box-02")].count('<details class="embed-snippet"') == len(plan.boxes[0].projects)
    assert '&lt;iframe src="/embed/indicators/ind-16/"' in pages[urls.indicator("ind-16")]
    code = re.search(r'<textarea class="embed-code"[^>]*>(.*?)</textarea>', pages[urls.indicator("ind-16")], re.S)[1]
    assert "data-genhe-embed&gt;&lt;/iframe&gt;&lt;script&gt;" in code and "postMessage" in code  # the listener, escaped


def test_offline_copy_cards_link_html_files(plan, monkeypatch):
    monkeypatch.setenv("OFFLINE", "true")
    html = embed_files(plan)["embed/tasks/t03-1-01/index.html"]
    assert 'href="../../../plan/ch03.html#t03-1-01" target="_top"' in html and 'href="../../../index.html"' in html
