"""Step 4d — term list: the plan's own terms (indicators, departments, places, projects, task titles…)
as a jieba user dictionary, published as data/jieba_userdict.txt for anyone who segments the plan's
text with jieba (医疗废物 stays one word instead of 医疗 / 废物). The site's own search matches any
substring (``genhe_plan.search``); it reads ``terms`` only to offer a term a query misses by one character
(尾旷库 → 尾矿库). In: a Plan. Out: jieba user-dict text ("term freq" lines, sorted).
"""

from __future__ import annotations

import re

from ..model import Plan

# Domain terms a citizen or official types, each checked against the source text by the tests.
KEY_TERMS = [
    "医疗废物",
    "危险废物",
    "固体废物",
    "生活垃圾",
    "森林覆盖率",
    "森林蓄积量",
    "生态保护红线",
    "黑臭水体",
    "清洁取暖",
    "燃煤锅炉",
    "污水处理",
    "污水处理厂",
    "饮用水水源地",
    "尾矿库",
    "重金属",
    "新污染物",
    "挥发性有机物",
    "VOCs",
    "细颗粒物",
    "PM2.5",
    "碳排放",
    "碳达峰",
    "温室气体",
    "生物多样性",
    "自然保护地",
    "湿地公园",
    "农村生活污水",
    "畜禽养殖",
    "化肥",
    "农药",
    "地下水",
    "土壤污染",
    "排污许可",
    "环境影响评价",
    "环境监测",
    "生态环境执法",
    "突发环境事件",
    "噪声",
    "扬尘",
    "机动车",
    "柴油车",
    "河长制",
    "绿色矿山",
    "生态产品价值",
    "两山",
    "绿水青山就是金山银山",
    "塑料污染",
    "快递包装",
    "核与辐射",
    "放射源",
    "电磁辐射",
    "环保设施",
    "六五环境日",
    "生态文明",
    "信息公开",
    "举报热线",
    "12369",
]


def terms(plan: Plan) -> list[str]:
    found = set(KEY_TERMS)
    found.update(d.name for d in plan.departments)
    for p in plan.places:
        found.add(re.sub(r"（.*?）", "", p.name))
        found.update(p.aliases)
    for ind in plan.indicators:
        found.add(re.sub(r"\s*\(.*?\)\s*", "", ind.name))
    found.update(t.metric for t in plan.targets if len(t.metric) <= 12)
    return sorted(t for t in found if 2 <= len(t) <= 16 and " " not in t)


def jieba_userdict(plan: Plan) -> str:
    """High frequency so jieba keeps each term whole."""
    return "".join(f"{t} 100000\n" for t in terms(plan))
