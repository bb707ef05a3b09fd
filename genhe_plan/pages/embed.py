"""Embeddable cards (issue 22 part 3): ``embed/indicators|tasks|projects/ID/`` — one small standalone
page per record for an <iframe> on another site (the city portal, a news article), and its oEmbed JSON.

In: a Plan. Out: {site path: text} — ``embed/KIND/ID/index.html`` and ``embed/KIND/ID/oembed.json``.
A card has no header, navigation or search: the record, its state (``progress.status.state``, the one
status model every view uses), the plan's own words and source line, and links to the full page that
open in the top window (``target=_top``). Its style is inline, so a card is one request of a few KB
with zero third-party requests, readable from 300 to 600 px.

Height: a card's height depends on its text and its width (t05-1-01 needs 493 px at 480 wide, 536 at
374), so no one suggested size fits every card. Each card reports its own height to the page that embeds
it: one inline script (``REPORTER``, no data in it) posts ``{type: "genhe-embed-height", height}`` to the
parent window on load, on resize and when asked; the snippet (``snippet``: the <iframe> and the
listener ``LISTENER``, inline, no CDN) sets the iframe's height to it, accepting messages only from
its own iframes' windows. Where the embedding page strips scripts, the iframe keeps the suggested
WIDTH × HEIGHT and scrolls: nothing is cut off.

Why files and not MkDocs pages: the theme would add the header and navigation a card must not have.
Links are relative to the card (``../../../``), to plan/ch03/ or, in the offline copy, plan/ch03.html;
the oEmbed JSON names the card by its path from the site root, absolute when SITE_URL (or mkdocs.yml's
site_url: ``urls.public_base``) is set.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Plan
from ..present import urls
from ..present.labels import box_label, chapter_label, deadline_label, indicator_short, paragraph_label, section_label
from ..progress import status as st
from .html import link, render

KINDS = ("indicators", "tasks", "projects")
WIDTH, HEIGHT = 480, 360
"""The iframe size the snippet and the oEmbed JSON suggest (the card reads from 300 to 600 px); the
listener then sets the height the card reports."""
MESSAGE = "genhe-embed-height"
"""The ``type`` of the message a card posts with its height, and (with "?") the question asking for it."""
REPORTER = (
    "<script>(function(){if(window.parent===window)return;"
    "function send(){window.parent.postMessage({type:'" + MESSAGE + "',height:"
    "Math.ceil(document.documentElement.getBoundingClientRect().height)},'*')}"
    "addEventListener('load',send);addEventListener('resize',send);"
    "addEventListener('message',function(e){if(e.source===window.parent&&e.data==='" + MESSAGE + "?')send()});"
    "if(window.ResizeObserver)new ResizeObserver(send).observe(document.body)})();</script>"
)
"""The card's script: posts the card's height to the embedding page (nothing else; no data inside)."""
LISTENER = (
    "<script>(function(){if(window.genheEmbed)return;window.genheEmbed=1;"
    "addEventListener('message',function(e){var d=e.data;if(!d||d.type!=='" + MESSAGE + "')return;"
    "var f=document.querySelectorAll('iframe[data-genhe-embed]');"
    "for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source){var h=Math.ceil(+d.height);"
    "if(h>0&&h<10000)f[i].style.height=h+'px'}});"
    "var f=document.querySelectorAll('iframe[data-genhe-embed]');"
    "for(var i=0;i<f.length;i++)if(f[i].contentWindow)f[i].contentWindow.postMessage('" + MESSAGE + "?','*')})();</script>"
)
"""The snippet's script: sizes each card iframe (``data-genhe-embed``) to the height its card reports,
once per page however many cards it embeds; asks cards already loaded for their height."""
QUOTE_MAX = 160


def card_path(kind: str, ident: str) -> str:
    """Site path of a card's directory, e.g. embed/tasks/t03-1-01/."""
    return f"embed/{kind}/{ident}/"


def record_card(plan: Plan, ident: str) -> str | None:
    """The card path of an indicator, task or project id; None for any other record."""
    if ident in plan.projects:
        return card_path("projects", ident)
    if ident in plan.paragraphs and plan.paragraphs[ident].kind == "task":
        return card_path("tasks", ident)
    if any(i.id == ident for i in plan.indicators):
        return card_path("indicators", ident)
    return None


@dataclass(frozen=True)
class Card:
    kind: str
    ident: str
    label: str
    title: str
    page: str
    """Docs path (with #anchor) of the record's full page."""
    facts: list[tuple[str, str]]
    quote: str
    line: int | None


def _carded(plan: Plan) -> list[tuple[str, object]]:
    """Every record that has a card, with its kind: indicators, tasks, projects."""
    return [
        *(("indicators", i) for i in plan.indicators),
        *(("tasks", t) for t in plan.tasks),
        *(("projects", pr) for b in plan.boxes for pr in b.projects),
    ]


CARD_FILES = ("index.html", "oembed.json")


def embed_paths(plan: Plan) -> list[str]:
    """The files ``embed_files`` makes, named without making them (record pages link to their card)."""
    return [card_path(kind, r.id) + name for kind, r in _carded(plan) for name in CARD_FILES]  # type: ignore[attr-defined]


def embed_files(plan: Plan) -> dict[str, str]:
    make = {"indicators": indicator_card, "tasks": task_card, "projects": project_card}
    out: dict[str, str] = {}
    for kind, record in _carded(plan):
        c = make[kind](plan, record)
        page, oembed = (card_path(c.kind, c.ident) + name for name in CARD_FILES)
        out[page] = card_html(plan, c)
        out[oembed] = oembed_json(plan, c)
    return out


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX] + "…"


def indicator_card(plan: Plan, ind) -> Card:
    facts = [("类别", " › ".join(ind.category)), ("单位", ind.unit or "—"), ("2020 年现状值", ind.baseline_2020 or "（原表为空）")]
    facts += [("2025 年目标值", ind.target_2025), ("属性", ind.attribute)]
    return Card(
        "indicators", ind.id, f"指标 · 专栏1 第 {ind.number} 项", indicator_short(ind), urls.indicator(ind.id), facts, "", ind.source_line
    )


def task_card(plan: Plan, t) -> Card:
    w = plan.where[t.id]
    where = chapter_label(w.chapter) + (f" {section_label(w.section)}" if w.section else "")
    facts = [(f"{'牵头' if role == 'lead' else '配合'}部门", plan.department(dl.department).name) for role, dl in plan.task_departments(t)]
    deadlines = plan.deadlines(t.id)
    facts.append(("期限", "、".join(deadline_label(d) for d in deadlines) if deadlines else "原文未写具体期限（规划期 2021—2025 年）"))
    return Card("tasks", t.id, f"任务 {t.id} · {where}", paragraph_label(t), urls.task(plan, t.id), facts, _quote(t.text), w.line)


def project_card(plan: Plan, pr) -> Card:
    box = plan.box_of[pr.id]
    facts = [("所属专栏", box_label(box)), ("落实的任务", f"{len(pr.tasks)} 项" if pr.tasks else "—")]
    text = pr.text[0] if pr.text else ""
    return Card(
        "projects",
        pr.id,
        f"重点工程 {pr.id}",
        pr.title,
        urls.project(plan, pr.id),
        facts,
        _quote(text),
        plan.source.line_of(text) if text else None,
    )


def card_html(plan: Plan, c: Card) -> str:
    up, dirs = "../../../", urls.directory_urls()
    return (
        render(
            "embed_card.html",
            site=plan.meta.short_title + " · 知识库",
            kind=c.label,
            title=c.title,
            full=up + urls.site_url(c.page, dirs),
            facts=c.facts,
            state=st.state(plan, c.ident),
            quote=c.quote,
            line=c.line or "",
            source=up + urls.site_url(urls.source_line(c.line), dirs) if c.line else "",
            home=up + ("" if dirs else "index.html"),
            as_of=st.data_date().isoformat(),  # the build's data date: states are as of it
            reporter=Markup(REPORTER),  # a constant script, no data
        )
        + "\n"
    )


def iframe(src: str, title: str) -> str:
    """The <iframe> of a card at ``src`` (``src`` first: docs/assets/embed.js rewrites the first src="…")."""
    t = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<iframe src="{src}" width="{WIDTH}" height="{HEIGHT}" style="border:0;max-width:100%" '
        f'title="{t}" loading="lazy" data-genhe-embed></iframe>'
    )


def snippet(src: str, title: str) -> str:
    """What another page pastes: the card's <iframe> and the listener that gives it the card's height."""
    return iframe(src, title) + LISTENER


def oembed_json(plan: Plan, c: Card) -> str:
    base = urls.public_base() or "/"  # the site's public address, else the site root
    data = {
        "version": "1.0",
        "type": "rich",
        "title": c.title,
        "provider_name": plan.meta.short_title + " · 知识库",
        "provider_url": base,
        "html": snippet(base + card_path(c.kind, c.ident), c.title),
        "width": WIDTH,
        "height": HEIGHT,
        "cache_age": 86400,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def embed_button(plan: Plan, page: str, ident: str) -> str:
    """The 嵌入 control of a record page (Markdown): opens to show the <iframe> snippet to copy, a link
    to the card and its oEmbed JSON. docs/assets/embed.js writes the snippet with the site's full
    address; without script it shows the path from the site root."""
    path = record_card(plan, ident)
    if path is None:
        return ""
    title = getattr(plan.by_id.get(ident), "title", None) or getattr(plan.by_id.get(ident), "name", "") or ident
    code = snippet("/" + path, paragraph_label(plan.paragraphs[ident]) if ident in plan.paragraphs else title)
    return "\n".join(
        [
            '<details class="embed-snippet" markdown>',
            "<summary>嵌入</summary>",
            "",
            "把这张卡片放进其他网页（如政府网站、新闻报道）：复制下面的代码，粘贴到网页的 HTML 中。卡片宽 300–600 像素均可阅读，不加载任何第三方资源。"
            f"代码中的小段脚本让框的高度随卡片内容自动调整；网页不允许脚本时，框保持 {HEIGHT} 像素高，内容可在框内滚动。",
            "",
            f'<textarea class="embed-code" readonly rows="5" aria-label="嵌入代码">{html.escape(code, quote=False)}</textarea>',
            "",
            f'<button type="button" class="md-button embed-copy">复制代码</button> '
            f"{link(page, path + 'index.html', '预览卡片')} · {link(page, path + 'oembed.json', 'oEmbed JSON')}",
            "",
            "</details>",
            "",
        ]
    )
