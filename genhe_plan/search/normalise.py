"""Search normalisation: the one definition of "the same text" for the index and the browser.

In: any text. Out: its search form — per character NFKC (full/half width), lower case, without
whitespace and the ``_ { }`` an extraction leaves in subscripts (``PM _{2.5}`` → ``pm2.5``); then
same-length variant rules (国六 → 国6). docs/assets/search/engine.js implements the same steps and
receives ``RULES``/``DROP``/``STOP``/``PARTICLES`` in the index metadata, so the two cannot drift apart silently
(tests/test_search_js.py runs both, in Node, over every character of the plan and the blocks people
type; tests/test_search_engine.py over a few strings in Chromium).

Why same-length rules only: the browser maps every normalised character back to the displayed
text to highlight the match; a rule that changed the length would shift every highlight after it.
"""

from __future__ import annotations

import unicodedata
from functools import cache

DROP = " \t\r\n\u3000\u00a0\u200b_{}"
# Variant spellings the plan and its readers both use. Same length on both sides (see module doc).
RULES: list[tuple[str, str]] = [
    ("国一", "国1"),
    ("国二", "国2"),
    ("国三", "国3"),
    ("国四", "国4"),
    ("国五", "国5"),
    ("国六", "国6"),
]

ASKING = {
    "when": ["什么时候", "啥时候", "何时", "哪一年", "哪年", "多久", "几年", "哪天", "多长时间"],
    "amount": ["是多少", "多少", "多大", "几个"],
    "quality": [
        "好不好",
        "怎么样",
        "咋样",
        "干不干净",
        "达标了吗",
        "达标没有",
        "达不达标",
        "达标吗",
        "好吗",
        "干净吗",
        "多不多",
        "有多少",
        "高不高",
        "大不大",
        "脏不脏",
        "够不够",
        "安不安全",
        "安全吗",
        "严不严重",
        "严重吗",
        "超不超标",
        "超标吗",
        "合不合格",
        "合格吗",
        "高吗",
        "多吗",
        "有多好",
        "有多差",
        "有多脏",
        "有多高",
        "有多严重",
        "好不好看",
        "变好了吗",
        "变好没有",
        "改善了吗",
        "改善没有",
    ],
    "how": ["怎么", "如何", "怎样", "咋"],
    "who": ["归谁管", "谁管", "哪个部门", "什么部门", "哪个单位"],
    "contact": ["电话", "举报", "投诉", "热线", "找谁", "反映"],
}
"""Question words that say what kind of answer is wanted: a date (when), a figure (amount), how things
stand (quality: the topic's indicator, then its targets) or whom to call (contact: the sentences that
give the channels, CHANNELS) or how something is done (how, unless it asks how things stand: 怎么样 is
quality): the tasks and projects; or who is in charge of something (who: 归谁管, 哪个部门 — not 谁负责, which
asks for the task that names its lead department): the departments whose remit has the topic. engine.js ranks those records higher: for when, amount and how a little,
for quality and contact enough to lift them over records that only mention the topic."""
# Question words people add to a query besides those of ASKING (which are question words too, but for
# whom to call: 举报, 投诉 … are also what the plan writes about); a query is also tried without them.
STOP = sorted(
    {
        "归哪个部门管",
        "打什么电话",
        "打哪个电话",
        "哪个部门管",
        "归哪个部门",
        "可不可以",
        "还有没有",
        "管什么",
        "管不管",
        "能不能",
        "会不会",
        "要不要",
        "是不是",
        "行不行",
        "有哪些",
        "是什么",
        "怎么办",
        "有没有",
        "为什么",
        "有多大",
        "谁负责",
        "在哪里",
        "电话",
        "找谁",
        "为啥",
        "哪些",
        "什么",
        "是否",
        "负责",
        "谁来",
        "谁在",
        "是谁",
        "由谁",
        "在哪",
        "哪里",
        "啥",
        "谁",
        "吗",
        "呢",
        "?",
        "!",
        "。",
        *(w for kind, words in ASKING.items() if kind != "contact" for w in words),
    },
    key=lambda w: (-len(w), w),
)
"""Question words, taken out in this order (a longer one before any shorter one it holds): a query without
them is what the user asks about (森林覆盖率是多少, 谁在监测水质)."""

SCOPE = [
    "根河市",
    "根河",
    "全市",
    "本市",
    "我市",
    "我们这里",
    "我们这儿",
    "我们这",
    "咱们这",
    "咱们",
    "当地",
    "这边",
    "这儿",
    "今年",
    "现在",
    "目前",
]
"""Words that only say where or when a resident asks from (the plan is 根河市's, for now): a question
(one with question words) is also tried without them, so 根河空气怎么样 reaches 空气 (the indicator)
and not only the records that happen to write 根河空气 (根河空气自动监测站). Plain queries keep them:
根河 is also the river."""
CHANNELS = ["12369", "12345", "热线", "举报", "投诉"]
"""Words of the plan's sentences that give people a channel (a hotline, where to report)."""
KIND_WORDS = {"目标": "target", "指标": "indicator", "任务": "task", "工程": "project", "项目": "project", "部门": "department"}
"""A piece of a question that is only one of these words names the kind of record wanted (森林蓄积量的目标
→ a target about 森林蓄积量), not a word the record must contain."""
JOINERS = ["和", "与", "及", "或", "要", "在", "对", "把", "被", "给", "向", "从", "将"]
"""One-character words that join the words of a question (企业要公开, 保护和修复). engine.js cuts at them
only a piece the plan never writes as it stands: they also occur inside the plan's own terms."""
PARTICLES = ["的"]
"""Particles that join the pieces of a question (满归镇的垃圾): engine.js cuts a question into pieces at
these and at the question words, and ranks first the records that hold every piece. Only 的: other
one-character particles (要, 和, 在, 对) occur inside the plan's own terms (主要, 碳中和, 存在, 针对)."""
SEPARATOR = "\u0001"  # between a record's fields: a match never spans two fields


@cache
def norm_char(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch).lower()
    return "".join(c for c in out if c not in DROP)


def normalise(text: str) -> str:
    """Search form of ``text`` (see module doc)."""
    out = "".join(norm_char(ch) for ch in text)
    for a, b in RULES:
        out = out.replace(a, b)
    return out


def shard_of(bigram: str, shards: int) -> int:
    """Which postings shard holds ``bigram``: FNV-1a over its UTF-16 code units (as the browser sees it)."""
    data = bigram.encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(data), 2):
        h ^= int.from_bytes(data[i : i + 2], "little")
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards
