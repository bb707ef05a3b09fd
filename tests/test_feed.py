"""The Atom change feeds (issue 22 part 2) from a throwaway repository with its own commits: valid Atom
(tests/atom_check.py, whose rules are each shown to fail), the lead department change and the new
progress report as entries, hostile text escaped, per-department feeds, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from atom_check import NS, atom_problems
from history_repo import EMAIL, make_repo

from genhe_plan import history
from genhe_plan.model import load_plan
from genhe_plan.pages.feed import SITE_FEED, department_feed, feed_files


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
    assert "&lt;script&gt;" in content and "<script>" not in content  # the message, as text inside the HTML
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
    assert (
        ET.fromstring(files[department_feed("forestry")]).find(NS + "link[@rel='alternate']").get("href") == "../../departments/forestry/"
    )
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
