"""ONE-OFF bootstrap, kept for provenance: how the first plan_data/ was cut from plan.txt.

It was run once (2026-11-29). Since then plan_data/ is the source of truth and is edited by hand;
running this again would overwrite reviewed data, so it refuses when plan_data/chapters exists.

What it did: split the body into chapters/sections/paragraphs (page breaks joined: a line that does
not end in 。；： continues in the next non-heading line); made every section paragraph of
chapters 3–12 a task whose title is its lead phrase; proposed a lead and supporting departments per
task from keyword rules over the task text (basis `stated` with the sentence when the text names
the department, otherwise `assigned` with the rule's reason); linked places by name; parsed 专栏2–10.
Everything it proposed was then reviewed by hand.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "plan_data" / "source" / "plan.txt"
OUT = ROOT / "plan_data"
CN = "一二三四五六七八九十"
HEAD_CH = re.compile(r"^第([一二三四五六七八九十]+)章\s*(.+)$")
HEAD_SEC = re.compile(r"^第([一二三四五六七八九十]+)节\s*(.+)$")
HEAD_BOX = re.compile(r"^专栏\s*(\d+)\s*(.+?)\s*$")
HEAD_SUB = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.+)$")
ERRATA = [
    ("教鲁古雅", "敖鲁古雅", "乡名为敖鲁古雅（原文他处亦作“敖鲁古雅乡”），“教”为字形相近的识别错误"),
    ("指导 and 规范作用", "指导和规范作用", "中文句中混入英文单词 and，应为“和”"),
    ("PM _{2.5}", "PM2.5", "PDF 提取把下标 2.5 压平为 LaTeX 式的 _{2.5}；恢复为通用写法 PM2.5"),
    ("PM_{2.5}", "PM2.5", "PDF 提取把下标 2.5 压平为 LaTeX 式的 _{2.5}；恢复为通用写法 PM2.5"),
]


def cn_num(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN.index(s[1]) + 1
    if "十" in s:
        a, b = s.split("十")
        return (CN.index(a) + 1) * 10 + (CN.index(b) + 1 if b else 0)
    return CN.index(s) + 1


def fix(text: str) -> str:
    for a, b, _ in ERRATA:
        text = text.replace(a, b)
    return text


def is_heading(s: str) -> bool:
    return bool(
        HEAD_CH.match(s)
        or HEAD_SEC.match(s)
        or HEAD_BOX.match(s)
        or (HEAD_SUB.match(s) and len(s) <= 40 and "。" not in s)
        or s == "前 言"
        or re.match(r"^\d\.\s*\S+$", s)
        and len(s) < 20
    )


def body_lines() -> list[tuple[int, str]]:
    lines = SRC.read_text(encoding="utf-8").split("\n")
    start = next(i for i, s in enumerate(lines) if s.strip() == "前 言" and i > 70)
    return [(i + 1, s.rstrip()) for i, s in enumerate(lines) if i >= start and s.strip()]


def blocks(lines):
    """Yield ('head', line, text) or ('para', line, joined text); repeated 专栏 titles are transparent."""
    seen_boxes, buf, buf_line = set(), "", 0
    for no, s in lines:
        m = HEAD_BOX.match(s)
        if m and m[1] in seen_boxes:
            continue  # repeated box header on a new page
        if m:
            seen_boxes.add(m[1])
        if is_heading(s) and not buf:
            yield "head", no, s
            continue
        if is_heading(s) and buf:  # paragraph truncated by the source before a heading
            yield "para", buf_line, buf
            buf = ""
            yield "head", no, s
            continue
        if not buf:
            buf_line = no
        buf += s
        if s[-1] in "。；：" or "\t" in s:
            yield "para", buf_line, buf
            buf = ""
    if buf:
        yield "para", buf_line, buf


DEPTS = [
    # id, name, category, remit, keywords (title hits weigh triple)
    (
        "eco",
        "生态环境部门",
        "government",
        "生态环境统一监督管理：污染防治、环评与排污许可、环境监测与执法、核与辐射、固废危废监管、应对气候变化",
        [
            "环评",
            "排污许可",
            "监测",
            "执法",
            "VOCs",
            "危险废物",
            "辐射",
            "环境风险",
            "督察",
            "温室气体",
            "噪声",
            "臭氧",
            "重金属",
            "新污染物",
            "化学物质",
            "环境应急",
            "分区管控",
        ],
    ),
    (
        "ndrc",
        "发展改革部门",
        "government",
        "国民经济规划、产业政策、能源消费总量和强度控制、节能、价格与投资",
        ["产业", "能源", "节能", "能耗", "清洁能源", "价格", "投资", "低碳", "碳达峰", "循环经济", "新能源", "生态产品价值"],
    ),
    (
        "industry",
        "工业和信息化部门",
        "government",
        "工业结构调整、工业节能与清洁生产、绿色制造",
        ["工业", "清洁生产", "绿色制造", "企业技术改造", "园区"],
    ),
    (
        "natres",
        "自然资源部门",
        "government",
        "国土空间规划与用途管制、矿产资源、生态修复、自然资源确权",
        ["国土空间", "矿山", "矿产", "用地", "生态修复", "三线", "自然资源", "地质"],
    ),
    (
        "forestry",
        "林业和草原部门",
        "government",
        "森林草原湿地保护修复、自然保护地、野生动植物与生物多样性",
        ["森林", "草原", "湿地", "林", "自然保护地", "野生", "生物多样性", "植树", "造林", "鼠虫害", "防火"],
    ),
    (
        "water",
        "水利部门",
        "government",
        "水资源管理、河湖长制、水土保持、饮用水工程与防洪",
        ["水资源", "河湖", "河长", "用水", "节水", "水土流失", "防洪", "堤防", "供水", "水源"],
    ),
    (
        "housing",
        "住房和城乡建设部门",
        "government",
        "城镇污水与垃圾处理设施、建筑节能与绿色建筑、城市建设与市容",
        ["污水处理", "管网", "生活垃圾", "垃圾", "建筑", "城镇", "供热", "施工扬尘", "黑臭水体", "市政", "园林", "绿地"],
    ),
    (
        "agri",
        "农牧部门",
        "government",
        "农业农村面源污染、畜禽养殖污染、化肥农药减量、农村人居环境",
        ["农业", "农村", "畜禽", "化肥", "农药", "耕地", "农膜", "秸秆", "养殖"],
    ),
    (
        "transport",
        "交通运输部门",
        "government",
        "交通运输结构、运输车辆与公共交通、道路与交通基础设施",
        ["交通", "运输", "公交", "道路", "柴油", "车辆", "充电"],
    ),
    (
        "police",
        "公安部门",
        "government",
        "机动车登记与路检路查、环境违法犯罪侦查、社会生活噪声",
        ["机动车", "路检", "犯罪", "公安", "禁鸣"],
    ),
    ("health", "卫生健康部门", "government", "医疗卫生机构管理、医疗废物源头管理", ["医疗", "卫生", "健康"]),
    (
        "market",
        "市场监督管理部门",
        "government",
        "产品质量与计量、油品质量、市场主体监管",
        ["油品", "市场监管", "产品质量", "锅炉能效", "计量", "塑料"],
    ),
    (
        "commerce",
        "商务部门",
        "government",
        "商贸流通、再生资源回收行业、绿色消费与快递外卖包装",
        ["消费", "商场", "超市", "快递", "回收", "再生资源"],
    ),
    ("emergency", "应急管理部门", "government", "安全生产与突发事件应急体系、尾矿库安全", ["应急", "突发", "安全生产"]),
    ("finance", "财政部门", "government", "财政资金保障与预算管理", ["资金", "财政", "投入", "补贴", "补助"]),
    ("education", "教育部门", "government", "学校教育与生态文明教育", ["教育", "学校", "课程", "中小学"]),
    ("publicity", "宣传部门", "party", "党委宣传部门：理论宣讲、新闻舆论、生态文化传播", ["宣传", "宣讲", "舆论", "文化", "新闻", "媒体"]),
    ("culture", "文化和旅游部门", "government", "文化与旅游、生态旅游", ["旅游", "文旅", "景区"]),
    ("hrss", "人力资源和社会保障部门", "government", "人才引进、培养与职业能力建设", ["人才", "培训", "队伍"]),
    ("science", "科技部门", "government", "科技创新与成果转化", ["科技", "技术创新", "成果转化", "研发"]),
    ("justice", "司法行政部门", "government", "法治政府建设、普法与行政执法监督", ["法规", "法治", "普法", "司法"]),
    ("weather", "气象部门", "government", "气象监测预报、气候变化监测与重污染天气预报", ["气象", "气候", "预报", "预警"]),
    (
        "towns",
        "各镇（乡、街道）人民政府",
        "government",
        "属地管理：辖区内环境整治、农村人居环境与基层落实",
        ["乡镇", "属地", "嘎查村", "基层"],
    ),
]
NAMED = [
    # id, name as written, category, remit
    ("gov", "根河市人民政府", "government", "规划实施主体：组织领导、统筹协调、评估考核（原文作“根河市政府”“根河市人民政府”“市政府”）"),
    ("party", "根河市委", "party", "党委领导，落实生态环境保护党政同责（原文作“根河市委”）"),
    ("eco-committee", "市生态环境保护委员会", "government", "统筹协调全市生态环境保护工作"),
    ("monitoring-centre", "根河市生态环境监测中心", "government", "生态环境监测"),
    ("epb", "根河市环境保护局", "government", "原环境保护主管部门（机构改革前名称，见“十三五”成就）"),
    ("mee", "生态环境部", "upper_level", "国家生态环境主管部门"),
    ("nmg-eco", "自治区生态环境厅", "upper_level", "内蒙古自治区生态环境主管部门"),
    ("jinhe-gov", "金河镇政府", "government", "金河镇人民政府"),
    ("dalin", "根河大林公司", "company", "原文点名的企业（锅炉烟气与粉尘治理）"),
    ("guangming", "根河光明热电有限责任公司", "company", "原文点名的热电企业（脱硫脱硝改造）"),
    ("hotline-12369", "环保“12369”", "hotline", "环保举报热线"),
    ("hotline-12345", "政府“12345”", "hotline", "政府服务热线"),
    ("hotline-110", "公安“110”", "hotline", "公安报警电话"),
    ("hotline-12319", "住建“12319”", "hotline", "住房和城乡建设服务热线"),
    ("npc", "人大", "other", "人民代表大会，对规划评估考核结果实施监督"),
    ("union", "工会", "mass_org", "群团组织，参与环境保护行动"),
    ("youth-league", "共青团", "mass_org", "群团组织，参与环境保护行动"),
    ("womens-fed", "妇联", "mass_org", "群团组织，参与环境保护行动"),
    ("criminal-justice", "刑事司法部门", "judicial", "与行政执法联动的刑事司法机关"),
]
# words in a task that *state* a functional department
STATED = {
    "eco": ["生态环境部门"],
    "transport": ["交通部门"],
    "industry": ["工信"],
    "agri": ["农牧"],
    "education": ["教育部门"],
    "natres": ["自然资源、"],
    "water": ["水利、"],
    "forestry": ["林草、"],
    "civil": ["民政"],
}
PLACES = [
    ("genhe", "根河市", "city", []),
    ("manggui", "满归镇", "town", []),
    ("alongshan", "阿龙山镇", "town", []),
    ("jinhe", "金河镇", "town", []),
    ("derbur", "得耳布尔镇", "town", []),
    ("aoluguya", "敖鲁古雅鄂温克民族乡", "town", ["敖鲁古雅乡"]),
    ("haolibao", "好里堡", "area", []),
    ("genhe-river", "根河（河流）", "river", ["根河流域", "根河、激流河", "根河、潮查河", "根河玉泉河"]),
    ("jiliu-river", "激流河", "river", []),
    ("chaocha-river", "潮查河", "river", []),
    ("yuquan-river", "玉泉河", "river", []),
    ("beierci-wetland", "满归贝尔茨河国家湿地公园", "park", ["贝尔茨河"]),
    ("wufengshan", "五峰山", "area", []),
    ("main-urban", "根河市主城区", "area", ["主城区"]),
    ("aluguya-mine", "敖鲁古雅山矿山", "site", []),
    ("wwtp", "根河市城市污水处理厂", "site", ["根河市区污水处理厂"]),
    ("thermal-plant", "根河热电厂", "site", []),
]


def lead_phrase(text: str) -> str:
    m = re.match(r"^(.{2,40}?。)", text)
    if m:
        return m[1]
    m = re.match(r"^(.{2,40}?)[，,；：]", text)
    return m[1] if m else text[:30]


def sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。；]*[。；]?", text) if s]


def assign(title: str, text: str, chapter: int):
    scores = {}
    for did, _, _, _, kws in DEPTS:
        s = sum(3 * title.count(k) + text.count(k) for k in kws)
        if s:
            scores[did] = s
    stated = {}
    for did, words in STATED.items():
        for w in words:
            for sent in sentences(text):
                if w in sent:
                    stated.setdefault(did, sent)
    ranked = sorted(scores, key=lambda d: (-scores[d], [x[0] for x in DEPTS].index(d)))
    if chapter in (5, 9) and "eco" in ranked[:2]:  # pollution and risk chapters: eco leads when in the top two
        ranked.remove("eco")
        ranked.insert(0, "eco")
    if chapter == 12 and title in ("加强组织领导。",):
        ranked.insert(0, "gov")
    if not ranked:
        ranked = ["eco"]
    names = {d[0]: d for d in DEPTS}

    def link(did):
        if did in stated:
            return {"department": did, "basis": "stated", "quote": stated[did]}
        if did == "gov":
            return {"department": "gov", "basis": "assigned", "reason": "组织领导类保障措施由市政府统筹"}
        kws = [k for k in names[did][4] if k in text][:4]
        return {"department": did, "basis": "assigned", "reason": f"按职责（{names[did][3][:24]}…）；任务涉及：{'、'.join(kws)}"}

    lead = link(ranked[0])
    support = [link(d) for d in ranked[1:3] if d in stated or scores.get(d, 0) >= 2]
    support += [link(d) for d in stated if d not in ranked[:3]]
    return lead, support


def places_in(text: str) -> list[str]:
    found = []
    for pid, name, _, aliases in PLACES:
        if pid == "genhe":
            continue
        if any(w in text for w in [name, *aliases]):
            found.append(pid)
    return found


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s))


def dump(path: Path, data: dict, schema: str) -> None:
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    path.write_text(
        f"# yaml-language-server: $schema=../schema/{schema}\n"
        if "/" in str(path.relative_to(OUT))
        else f"# yaml-language-server: $schema=schema/{schema}\n",
        encoding="utf-8",
    )
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


@dataclass
class Cut:
    """Where the walk through the plan's text is: the chapters and 专栏 so far, the current chapter, section,
    box (``"skip"`` inside 专栏1, whose notes indicators.yaml holds) and project, and paragraphs per section."""

    chapters: list = field(default_factory=list)
    boxes: list = field(default_factory=list)
    ch: dict | None = None
    sec: dict | None = None
    box: dict | str | None = None
    proj: dict | None = None
    counters: dict = field(default_factory=dict)


def heading(cut: Cut, no: int, text: str) -> None:
    """A heading opens a chapter, a section, a 专栏 or one of its projects (or is a project's text line)."""
    if text == "前 言" or (m := HEAD_CH.match(text)):
        n = 0 if text == "前 言" else cn_num(m[1])
        title = "前言" if text == "前 言" else m[2].strip()
        cut.ch = {"id": f"ch{n:02d}", "number": n, "title": title, "paragraphs": [], "sections": []}
        cut.chapters.append(cut.ch)
        cut.sec = cut.box = None
    elif (m := HEAD_SEC.match(text)) and cut.box is None:
        n = cn_num(m[1])
        cut.sec = {"id": f"{cut.ch['id']}-s{n}", "number": n, "title": m[2].strip(), "paragraphs": []}
        cut.ch["sections"].append(cut.sec)
    elif m := HEAD_BOX.match(text):
        n = int(m[1])
        if n == 1:
            cut.box = "skip"
            return
        cut.box = {"id": f"box-{n:02d}", "number": n, "title": m[2].strip(), "chapter": cut.ch["id"], "projects": []}
        cut.boxes.append(cut.box)
        cut.proj = None
    elif (m := HEAD_SUB.match(text)) and isinstance(cut.box, dict) and len(text) <= 40:
        n = cn_num(m[1])
        cut.proj = {"id": f"kp-{cut.box['number']:02d}-{n}", "number": n, "title": m[2].strip(), "text": [], "tasks": [], "places": []}
        cut.box["projects"].append(cut.proj)
    elif isinstance(cut.box, dict) and cut.proj is not None:
        cut.proj["text"].append(text)
    elif cut.box != "skip":
        raise SystemExit(f"unhandled heading at line {no}: {text}")


def paragraph(cut: Cut, text: str) -> None:
    """A paragraph: skipped in 专栏1's notes, a project's text inside a 专栏, else a chapter or section paragraph."""
    if cut.box == "skip":
        if text.startswith("注") or re.match(r"^\d\.", text) or "\t" in text:
            return
        cut.box = None
    if isinstance(cut.box, dict):
        if cut.proj is None:
            box = cut.box
            cut.proj = {"id": f"kp-{box['number']:02d}-1", "number": 1, "title": box["title"], "text": [], "tasks": [], "places": []}
            box["projects"].append(cut.proj)
        cut.proj["text"].append(text)
        return
    ch, sec = cut.ch, cut.sec
    key = (ch["number"], sec["number"] if sec else 0)
    cut.counters[key] = cut.counters.get(key, 0) + 1
    (sec["paragraphs"] if sec else ch["paragraphs"]).append(new_paragraph(ch["number"], sec, key[1], cut.counters[key], text))


def new_paragraph(n: int, sec: dict | None, section: int, seq: int, text: str) -> dict:
    """Paragraph ``seq`` of section ``section`` of chapter ``n``: its kind, id, title, departments and places."""
    is_task = sec is not None and n >= 3
    kind_ = "task" if is_task else ("goal" if n == 2 and sec and sec["number"] == 3 else "text")
    if n == 2 and sec and sec["number"] == 2:
        kind_ = "principle"
    para = {"id": f"{'t' if kind_ in ('task', 'principle') else 'p'}{n:02d}-{section}-{seq:02d}", "kind": kind_}
    if kind_ in ("task", "principle") or (kind_ == "goal" and text.startswith("——")):
        para["title"] = lead_phrase(text)
    para["text"] = text
    if kind_ == "task" and n >= 3:
        lead, support = assign(para["title"], text, n)
        para["lead"] = lead
        if support:
            para["supporting"] = support
    if pl := places_in(text):
        para["places"] = pl
    return para


def write_files(chapters: list, boxes: list) -> None:
    """The chapter files, projects, places, departments and errata, each pointing at its schema."""
    for b in boxes:
        for p in b["projects"]:
            p["places"] = places_in("".join(p["text"]) + p["title"])
    for c in chapters:
        dump(OUT / "chapters" / f"{c['id']}.yaml", c, "chapter.schema.json")
    dump(OUT / "projects.yaml", {"boxes": boxes}, "projects.schema.json")
    dump(
        OUT / "places.yaml",
        {"places": [{"id": p, "name": n, "kind": k, **({"aliases": a} if a else {})} for p, n, k, a in PLACES]},
        "places.schema.json",
    )
    depts = [{"id": d, "name": n, "kind": "functional", "category": c, "remit": r} for d, n, c, r, _ in DEPTS]
    depts += [{"id": d, "name": n, "kind": "named", "category": c, "remit": r} for d, n, c, r in NAMED]
    dump(OUT / "departments.yaml", {"departments": depts}, "departments.schema.json")
    src = SRC.read_text(encoding="utf-8").split("\n")
    errata = []
    for a, b, why in ERRATA:
        for ln, text in enumerate(src, 1):
            if a in text:
                errata.append({"id": f"err-{len(errata) + 1:02d}", "line": ln, "original": a, "corrected": b, "reason": why})
    dump(OUT / "errata.yaml", {"errata": errata}, "errata.schema.json")


def main() -> int:
    if (OUT / "chapters").exists() and "--force" not in sys.argv:
        print("plan_data/chapters exists: refusing to overwrite reviewed data", file=sys.stderr)
        return 1
    (OUT / "chapters").mkdir(parents=True, exist_ok=True)
    cut = Cut()
    for kind, no, text in blocks(body_lines()):
        text = fix(text)
        if kind == "head":
            heading(cut, no, text)
        else:
            paragraph(cut, text)
    write_files(cut.chapters, cut.boxes)
    print(f"{len(cut.chapters)} chapters, {sum(len(b['projects']) for b in cut.boxes)} projects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
