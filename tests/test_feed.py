"""The Atom change feeds (issue 22 part 2) from a throwaway repository with its own commits: valid Atom
(tests/atom_check.py, whose rules are each shown to fail), the lead department change and the new
progress report as entries, hostile text escaped, per-department feeds, deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from atom_check import NS, atom_problems
from history_repo import EMAIL, make_repo

from genhe_plan import history
from genhe_plan.model import load_plan
from genhe_plan.pages.feed import SITE_FEED, department_feed, feed_files
from genhe_plan.present.settings import publisher


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("feed"))
    plan = load_plan(repo / "plan_data")
    plan.history = history.read(repo / "plan_data")
    return plan, feed_files(plan)


def entries(text: str) -> list[ET.Element]:
    return ET.fromstring(text).findall(NS + "entry")


def test_every_feed_is_valid_atom(feeds):
    plan, files = feeds
    assert set(files) == {SITE_FEED} | {department_feed(d.id) for d in plan.departments}
    bad = {path: atom_problems(text) for path, text in files.items() if atom_problems(text)}
    assert bad == {}


def test_lead_department_change_is_an_entry_linking_to_the_task(feeds):
    _, files = feeds
    (entry,) = [
        e for e in entries(files[SITE_FEED]) if "t03-1-01" in e.findtext(NS + "title") and "2024-03-05" in e.findtext(NS + "updated")
    ]
    content = entry.findtext(NS + "content")
    assert "<del>自然资源部门</del> → <ins>林业和草原部门</ins>" in content
    assert entry.find(NS + "link").get("href") == "plan/ch03/#t03-1-01"
    assert entry.findtext(NS + "updated") == "2024-03-05T10:00:00+08:00"
    assert "script" not in content and "alert" not in content  # the commit message is the maintainers' note: not published
    assert entry.findtext(NS + "author/" + NS + "name") == publisher()
    assert {c.get("term") for c in entry.findall(NS + "category")} >= {"task", "department:forestry", "department:natres"}


def test_new_progress_report_is_an_entry(feeds):
    _, files = feeds
    first = entries(files[SITE_FEED])[0]
    assert first.findtext(NS + "title").startswith("新进展报告") and first.findtext(NS + "updated") == "2024-05-06T16:00:00+08:00"
    assert first.find(NS + "link").get("href") == "progress/rp-2022-annual/"


def test_department_feed_holds_only_its_own_changes(feeds):
    _, files = feeds
    forestry = entries(files[department_feed("forestry")])
    assert any("t03-1-01" in e.findtext(NS + "title") for e in forestry)
    assert all(any(c.get("term") == "department:forestry" for c in e.findall(NS + "category")) for e in forestry)
    feed = ET.fromstring(files[department_feed("forestry")])
    assert feed.find(NS + "link[@rel='alternate']").get("href") == "departments/forestry/"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == "../../"  # links resolve from the site root
    assert not any(
        "t03-1-01" in e.findtext(NS + "title") and "2024" in e.findtext(NS + "updated") for e in entries(files[department_feed("health")])
    )


def test_feeds_carry_no_email_no_control_characters_and_are_deterministic(feeds):
    plan, files = feeds
    for text in files.values():
        assert EMAIL not in text and "\x01" not in text and "\x1b" not in text
        assert "<script>" not in text
    assert feed_files(plan) == files


VALID = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title>
<updated>2024-01-01T00:00:00Z</updated><author><name>a</name></author>
<entry><id>urn:x:2</id><title>e</title><updated>2024-01-01T00:00:00+08:00</updated><content type="html">c</content></entry></feed>"""


@pytest.mark.parametrize(
    "broken, problem",
    [
        (VALID.replace("<updated>2024-01-01T00:00:00+08:00</updated>", ""), "entry 1: entry has 0 atom:updated"),
        (VALID.replace("2024-01-01T00:00:00Z", "2024-01-01"), "is not an RFC 3339 date-time"),
        (VALID.replace("<id>urn:x:2</id>", "<id>plan/ch03/</id>"), "is not an absolute IRI"),
        (VALID.replace("<author><name>a</name></author>", ""), "feed has no atom:author"),
        (VALID.replace('<content type="html">c</content>', ""), "no atom:content and no alternate link"),
        (VALID.replace("</entry>", "</entry>" + VALID[VALID.index("<entry>") : VALID.index("</feed>")]), "same id and updated"),
        (VALID.replace("<title>t</title>", '<title type="markdown">t</title>'), "has type 'markdown'"),
        (VALID.replace("<title>e</title>", "<title>e</title><summary/><summary/>"), "more than one atom:summary"),
        (VALID.replace("</feed>", "<bogus/></feed>"), "unknown Atom element"),
        (VALID.replace("<title>t</title>", "<title>t &</title>"), "not well-formed XML"),
    ],
)
def test_the_checker_finds_each_broken_rule(broken, problem):
    assert atom_problems(VALID) == []
    assert any(problem in p for p in atom_problems(broken)), atom_problems(broken)


def _parsed(text: str, url: str):
    import feedparser

    return feedparser.parse(text, response_headers={"content-location": url, "content-type": "application/atom+xml"})


def test_a_real_feed_reader_reads_every_feed_and_resolves_its_links(feeds):
    """feedparser (what most readers are built on) accepts every feed without complaint and, from the
    feed's own address, resolves each entry's link to the record's page under the site."""
    _, files = feeds
    for path, text in files.items():
        parsed = _parsed(text, f"https://example.org/genhe/{path}")
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.link.startswith("https://example.org/genhe/") and "../" not in parsed.feed.link
        assert parsed.feed.author == publisher() and "Mallory" not in text  # the publisher, never a git author
        for e in parsed.entries:
            assert e.link.startswith("https://example.org/genhe/") and "../" not in e.link, (path, e.link)
    (task,) = [
        e
        for e in _parsed(files[department_feed("forestry")], "https://example.org/genhe/departments/forestry/feed.xml").entries
        if "t03-1-01" in e.title and e.updated.startswith("2024-03-05")
    ]
    assert task.link == "https://example.org/genhe/plan/ch03/#t03-1-01"


def test_with_a_public_address_every_link_is_absolute(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://genhe.example.org/plan")
    repo = make_repo(tmp_path_factory.mktemp("feed-abs"))
    plan = load_plan(repo / "plan_data")
    plan.history = history.read(repo / "plan_data")
    files = feed_files(plan)
    for text in files.values():
        root = ET.fromstring(text)
        assert root.get("{http://www.w3.org/XML/1998/namespace}base") == "https://genhe.example.org/plan/"
        hrefs = [link.get("href") for link in root.iter(NS + "link")]
        assert hrefs and all(h.startswith("https://genhe.example.org/plan/") for h in hrefs), hrefs


ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,.']+[A-Za-z]{2,}){2,}")
"""Three English words in a row: a sentence, not an id (t03-1-01) or a unit."""


def test_no_english_sentence_in_any_entry(feeds):
    """The history's commits are written in English and hold markup (history_repo); the public reads
    Chinese sentences made from the changes, and the publisher's name, in every title, author and content.
    (The fixture's commit subjects are Chinese and hostile; the real history's are English: the rule is
    checked on the real site's feeds in tests/test_history_site.py too.)"""
    _, files = feeds
    for path, text in files.items():
        for e in entries(text):
            words = " ".join(
                [e.findtext(NS + "title"), e.findtext(NS + "author/" + NS + "name"), re.sub(r"<[^>]+>", " ", e.findtext(NS + "content"))]
            )
            assert not ENGLISH.search(words), (path, ENGLISH.search(words)[0])
