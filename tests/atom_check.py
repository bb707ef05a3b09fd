"""An Atom 1.0 checker for the tests: the MUST rules of RFC 4287 that a generated feed can break.

``atom_problems(text)`` → a list of plain-language problems ([] for a valid feed). It checks: well-formed
XML with the Atom namespace (4.1.1); exactly one atom:id, atom:title and atom:updated in the feed and in
each entry; ids absolute IRIs (4.2.6); dates RFC 3339 date-times (3.3); an author for the feed or for
every entry (4.1.1, 4.1.2); a person has exactly one name (3.2); at most one rel="alternate" link per
type and hreflang (4.1.1, 4.1.2); every link has an href (4.2.7); a category has a term (4.2.2); text
constructs typed text, html or xhtml (3.1); an entry without content has an alternate link (4.1.2);
content with src has a summary (4.1.2); no two entries share both id and updated (4.1.1); only Atom
element names in the Atom namespace. Why our own: no maintained Atom validator is packaged for Python;
this one is small enough to read against the RFC, and tests/test_feed.py shows each rule can fail.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2005/Atom}"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
FEED_ONCE = {"id", "title", "updated"}
FEED_AT_MOST_ONCE = {"generator", "icon", "logo", "rights", "subtitle"}
ENTRY_AT_MOST_ONCE = {"content", "published", "rights", "source", "summary"}
KNOWN = FEED_ONCE | FEED_AT_MOST_ONCE | ENTRY_AT_MOST_ONCE | {"feed", "entry", "author", "contributor", "category", "link"}
KNOWN |= {"name", "uri", "email"}


def atom_problems(text: str | bytes) -> list[str]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        return [f"not well-formed XML: {err}"]
    if root.tag != NS + "feed":
        return [f"root element is {root.tag}, not atom:feed"]
    problems = [f"unknown Atom element {el.tag}" for el in root.iter() if el.tag.startswith(NS) and el.tag[len(NS) :] not in KNOWN]
    problems += _container(root, "feed", FEED_AT_MOST_ONCE)
    entries = root.findall(NS + "entry")
    if not root.findall(NS + "author") and any(not e.findall(NS + "author") for e in entries):
        problems.append("feed has no atom:author and some entry has none either")
    seen = set()
    for i, e in enumerate(entries):
        where = f"entry {i + 1}"
        problems += [f"{where}: {p}" for p in _container(e, "entry", ENTRY_AT_MOST_ONCE)]
        content = e.find(NS + "content")
        if content is None and not [x for x in e.findall(NS + "link") if x.get("rel", "alternate") == "alternate"]:
            problems.append(f"{where}: no atom:content and no alternate link")
        if content is not None and content.get("src") and e.find(NS + "summary") is None:
            problems.append(f"{where}: content with src but no summary")
        key = (e.findtext(NS + "id"), e.findtext(NS + "updated"))
        if key in seen:
            problems.append(f"{where}: same id and updated as an earlier entry")
        seen.add(key)
    return problems


def _container(el: ET.Element, what: str, at_most_once: set[str]) -> list[str]:
    problems = []
    for name in FEED_ONCE:
        n = len(el.findall(NS + name))
        if n != 1:
            problems.append(f"{what} has {n} atom:{name} (must be exactly 1)")
    for name in at_most_once:
        if len(el.findall(NS + name)) > 1:
            problems.append(f"{what} has more than one atom:{name}")
    ident = (el.findtext(NS + "id") or "").strip()
    if el.find(NS + "id") is not None and not IRI.match(ident):
        problems.append(f"{what} id {ident!r} is not an absolute IRI")
    for name in ("updated", "published"):
        for d in el.findall(NS + name):
            if not DATE.match((d.text or "").strip()):
                problems.append(f"{what} {name} {d.text!r} is not an RFC 3339 date-time")
    for name in ("title", "subtitle", "summary", "rights"):
        for t in el.findall(NS + name):
            if t.get("type", "text") not in ("text", "html", "xhtml"):
                problems.append(f"{what} {name} has type {t.get('type')!r}")
    for person in el.findall(NS + "author") + el.findall(NS + "contributor"):
        if len(person.findall(NS + "name")) != 1:
            problems.append(f"{what} has a person without exactly one atom:name")
    alternates = [(x.get("type"), x.get("hreflang")) for x in el.findall(NS + "link") if x.get("rel", "alternate") == "alternate"]
    if len(alternates) != len(set(alternates)):
        problems.append(f"{what} has two alternate links of the same type and language")
    problems += [f"{what} has a link without href" for x in el.findall(NS + "link") if not x.get("href")]
    problems += [f"{what} has a category without term" for x in el.findall(NS + "category") if not x.get("term")]
    return problems
