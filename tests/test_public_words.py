"""Chinese first (issue 29): no English sentence on any public page of the built site, outside code and
quoted data. A sentence here is four or more Latin words in a row (ids such as t03-1-01, units such as
PM2.5 and a gloss in brackets are not). Scripts, styles, code and pre blocks are not read text."""

from __future__ import annotations

import html
import re

ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,.']+[A-Za-z]{2,}){3,}")
NOT_TEXT = re.compile(r"<script.*?</script>|<style.*?</style>|<code.*?</code>|<pre.*?</pre>|<svg.*?</svg>", re.S)


def english_sentences(page: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", NOT_TEXT.sub(" ", page)))
    return [m.group(0)[:80] for m in ENGLISH.finditer(text)]


def test_the_check_finds_an_english_sentence():
    assert english_sentences("<p>提交说明：Record the plan findings cf-20, cf-21 (a typing slip)</p>") == ["Record the plan findings cf"]
    assert english_sentences("<p>PM2.5 浓度</p><code>python -m genhe_plan build --site-dir site</code>") == []


def test_no_public_page_carries_an_english_sentence(site_dir):
    found = {}
    for path in sorted(site_dir.rglob("*.html")):
        if "assets" in path.parts:
            continue
        hits = english_sentences(path.read_text(encoding="utf-8", errors="replace"))
        if hits:
            found[str(path.relative_to(site_dir))] = hits[:3]
    assert found == {}
