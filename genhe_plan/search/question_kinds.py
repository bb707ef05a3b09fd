"""What a question asks (issue 31, item 2): the kind of answer, told from how the question is put, not its topic.

In: the table ``KINDS`` below and the search records. Out: ``kinds_meta()``, the table as engine.js reads it
from the index metadata (``meta.qkinds``), and ``answers(records)``, for each record the kinds it can answer
(``meta.qa``, one bit per kind). engine.js takes the first kind of the table a question has, ranks the records
that answer it higher among those about the topic, and says so in the summary (按“什么时候”的问法，优先显示写有期限
或频次的条目). The question words (``asks``) are also taken out of the topic the records must match.

Where the patterns come from: the grammar of Chinese questions (疑问句), not from any test question.
A question is asked by

- an interrogative pronoun or phrase (特指问, 疑问代词): 什么时候/何时/哪年/多久 ask for a time or how often,
  哪里/哪儿/去哪/找谁 for a place or a person, 多少/几成/多大 for a quantity;
- the A-not-A form (正反问, V不V): with a modal or permission verb (能愿动词 能、可以、让、准、许、允许, and 管, 罚)
  it asks whether something is allowed or punished — 能不能, 让不让, 管不管, 罚不罚;
- a yes/no particle (是非问, 疑问语气词 吗/么) after such a modal verb (``frames``: the verb anywhere, the particle
  last): 还让……吗, 能……吗.

``cues`` are the nouns and verbs that name the same kind of answer without being question words (电话, 违法,
比例, 每年): they choose the kind but stay in the topic (the plan writes them). The order of the table decides
when a question has several: an interrogative pronoun asks for something more specific than a modal verb
(罚了多少 asks an amount, 能提前几天 a time).

What answers each kind (``types``, ``years``, ``words``: a record of one of the types, or with a deadline
year, or whose text has one of the words): a deadline or a frequency for a time (每年, 定期 …); an indicator or
a target, or a figure with its unit, for a quantity; a hotline, a place or a sentence giving a channel for where
to go; an indicator or target whose name is a rate (率, 比例) for a share (几成, 百分之几); a rule (禁止, 严禁, 依法, 查处, 处罚 …: the words of an obligation or a sanction,
and 许可, 允许, 开放: those of a permission) for whether something is
allowed or punished.
"""

from __future__ import annotations

import re

from .normalise import normalise
from .records import Record

KINDS: list[dict] = [
    {
        "key": "time",
        "asks": ["什么时候", "啥时候", "什么时间", "啥时", "何时", "哪一年", "哪年", "哪天", "几月", "几号", "多久", "多长时间"]
        + ["多少年", "几天", "几次", "多少次", "几回"],
        "cues": ["每年", "每月", "每天", "定期", "期限", "频次"],
        "frames": [],
        "types": [],
        "years": True,
        "words": ["每年", "每季度", "每月", "每日", "每周", "定期", "年度", "常态化", "实时", "按季度", "按月", "频次"],
        "shown": "写有期限或频次的条目",
    },
    {
        "key": "share",
        "asks": ["几成", "百分之几", "几分之几", "占多少", "占几", "多大比例", "比例多少"],
        "cues": ["比例", "占比", "比重", "比率", "覆盖率"],
        "frames": [],
        "types": [],
        "years": False,
        "words": [],
        "rates": ["indicator", "target"],
        "shown": "写有比例或比率的指标和目标",
    },
    {
        "key": "amount",
        "asks": ["多少", "几个", "多大", "多高", "多远", "多长", "多重"],
        "cues": ["总量", "数量"],
        "frames": [],
        "types": ["indicator", "target"],
        "years": False,
        "words": [],
        "shown": "写有数值的指标和目标",
    },
    {
        "key": "place",
        "asks": ["哪里", "哪儿", "在哪", "去哪", "往哪", "到哪", "上哪", "哪个地方", "什么地方", "找谁", "找哪", "跟谁说", "向谁"]
        + ["打什么电话", "打哪个电话", "什么电话", "哪个电话"],
        "cues": ["电话", "热线", "举报", "投诉"],
        "frames": [],
        "types": ["place"],
        "years": False,
        "words": ["12369", "12345", "热线", "电话", "举报", "投诉", "信访"],
        "shown": "热线、设施和地点",
    },
    {
        "key": "rule",
        "asks": ["能不能", "可不可以", "让不让", "准不准", "许不许", "允不允许", "管不管", "罚不罚", "查不查", "能否", "可否"]
        + ["违不违法", "犯不犯法", "算不算违法", "有没有人管"],
        "cues": ["违法", "违规", "犯法", "罚款", "处罚", "不让", "不准", "不许"],
        "frames": [[["能", "可以", "让", "准", "许", "允许", "管"], ["吗", "么", "不", "没"]]],
        "types": [],
        "years": False,
        "words": ["禁止", "严禁", "不得", "依法", "执法", "查处", "处罚", "罚款", "打击", "取缔", "关停", "淘汰", "追究", "责令"]
        + ["惩戒", "赔偿", "违法", "许可", "允许", "准许", "开放"],
        "shown": "写有禁止、处罚等规定的条目",
    },
]
"""The question kinds, first match wins (see the module doc for where the words come from)."""

BONUS = 160
"""What a record answering the kind asked gets (engine.js adds it to records that match the topic): enough to
pass a record about the topic of another kind, not to pass one about another topic."""

RATES = re.compile(r"率|比例|比重|占比|%")
"""A share in an indicator's or target's name (森林覆盖率, 优良天数比例, （%）): what 几成, 百分之几 ask for."""


def _answers(kind: dict, r: Record, text: str) -> bool:
    if r.type in kind["types"] or (kind["years"] and r.years):
        return True
    if r.type in kind.get("rates", []) and RATES.search(normalise(r.name)):
        return True
    return any(normalise(w) in text for w in kind["words"])


def answers(records: list[Record]) -> list[int]:
    """For each record, the kinds of ``KINDS`` it answers, bit i for kind i."""
    out = []
    for r in records:
        text = normalise(r.name + "\n".join(r.body))
        out.append(sum(1 << i for i, k in enumerate(KINDS) if _answers(k, r, text)))
    return out


def kinds_meta() -> list[dict]:
    """The table as engine.js reads it: key, question words, cues and frames (normalised), and what is shown."""
    return [
        {
            "key": k["key"],
            "asks": [normalise(w) for w in k["asks"]],
            "cues": [normalise(w) for w in k["cues"]],
            "frames": [[[normalise(w) for w in verbs], [normalise(w) for w in ends]] for verbs, ends in k["frames"]],
            "shown": k["shown"],
            "bonus": BONUS,
        }
        for k in KINDS
    ]


def question_words() -> list[str]:
    """Every kind's question words: taken out of the topic a record must match (cues are not: the plan writes them)."""
    return sorted({w for k in KINDS for w in k["asks"]}, key=lambda w: (-len(w), w))


def question_meta(records: list[Record], stop: list[str]) -> dict:
    """The index metadata's part of this table: ``stop`` (the other question words and these, longer first), ``qkinds``
    (kinds_meta) and ``qa`` (answers)."""
    words = sorted(set(stop) | set(question_words()), key=lambda w: (-len(w), w))
    return {"stop": words, "qkinds": kinds_meta(), "qa": answers(records)}


__all__ = ["BONUS", "KINDS", "answers", "kinds_meta", "question_meta", "question_words"]
