"""The shape of every plan_data file, as pydantic models. Every field carries a description:
the data dictionary page and the JSON Schema for editors are generated from them.

Files: plan.yaml → PlanFile; chapters/*.yaml → ChapterFile; indicators.yaml → IndicatorsFile;
targets.yaml → TargetsFile; projects.yaml → ProjectsFile; departments.yaml → DepartmentsFile;
places.yaml → PlacesFile; errata.yaml → ErrataFile; conflicts.yaml → ConflictsFile;
progress/*.yaml → ReportFile (one published progress or evaluation report per file, schema_reports.py).

What validation checks beyond each file's shape is declared here too, as markers on the fields
(marks.py): ``Key`` (a record's id), ``Ref`` (a reference to another record's id) and ``Verbatim``
(a quote of the source). The shared types are in schema_types.py; both are re-exported from here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from .marks import Key, Ref, Verbatim
from .schema_reports import REPORT_YEAR_MAX as REPORT_YEAR_MAX
from .schema_reports import REPORT_YEAR_MIN as REPORT_YEAR_MIN
from .schema_reports import STATUS_LABEL as STATUS_LABEL
from .schema_reports import ProgressEntry as ProgressEntry
from .schema_reports import ReportFile
from .schema_reports import report_id_problem as report_id_problem
from .schema_types import DATE_RE as DATE_RE
from .schema_types import IDENT_PATTERN as IDENT_PATTERN
from .schema_types import YEAR_MAX, Ident, Short, Strict, Text, check_date

QuotedText = Annotated[Text, Verbatim()]
QuotedShort = Annotated[Short, Verbatim()]
ROW = Verbatim(row="source_line", row_name="专栏1 该指标所在行")
"""An 专栏1 cell: its words must stand on the indicator's own row of the source table."""


# ---------------------------------------------------------------- plan.yaml
class SourceInfo(Strict):
    path: str = Field(description="原文文件路径（相对 plan_data/），如 source/plan.txt")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="原文文件的 SHA-256 校验和；原文被改动时构建失败"
    )
    description: Text = Field(description="原文的来历：从哪份文件、如何提取")


class PlanFile(Strict):
    title: Short = Field(description="规划全称，照原文")
    short_title: Short = Field(description="网站上使用的简称")
    city: Short = Field(description="编制规划的城市")
    region: Short = Field(description="所属盟市、自治区")
    published: str = Field(description="发布年月，格式 YYYY-MM")
    published_text: Short = Field(description="原文写法，如 2022年8月")
    period_start: int = Field(description="规划期起始年")
    period_end: int = Field(description="规划期结束年")
    vision_year: int = Field(description="远景目标年（原文“到二〇三五年”）")
    chapters: list[Annotated[int, Field(ge=0, le=12)]] = Field(
        description="规划包含的章序号（前言为 0）；每一章都必须有 chapters/chNN.yaml，删掉一章的文件会被发现"
    )
    upper_plans: list[Short] = Field(description="原文提到的上位规划与依据文件名称（照原文）")
    summary: list[Text] = Field(description="首页上的三句话介绍（编辑撰写，非原文）")
    source: SourceInfo = Field(description="原文文件及其校验和")
    licence: Short = Field(description="数据许可")

    @field_validator("published")
    @classmethod
    def _published_is_date(cls, value: str) -> str:
        return check_date(value, 2000, YEAR_MAX)


# ---------------------------------------------------------------- departments.yaml
def _basis_needs_evidence(link):
    """A link is either stated (with the plan's quote) or assigned (with a reason)."""
    if link.basis == "stated" and not link.quote:
        raise ValueError("basis 为 stated 时必须写 quote（原文中写明的句子）")
    if link.basis == "assigned" and not link.reason:
        raise ValueError("basis 为 assigned 时必须写 reason（分配的理由）")
    return link


class DeptLink(Strict):
    department: Annotated[Ident, Ref("department")] = Field(description="部门 id（见 departments.yaml）")
    basis: Literal["stated", "assigned"] = Field(
        description="依据：stated = 原文写明（须附 quote）；assigned = 按部门职责分配（须附 reason）"
    )
    quote: QuotedText | None = Field(None, description="basis 为 stated 时：原文中写明该部门的句子（逐字）")
    reason: Short | None = Field(None, description="basis 为 assigned 时：为何由该部门承担的简短理由")

    @model_validator(mode="after")
    def _evidence(self) -> DeptLink:
        return _basis_needs_evidence(self)


class IndicatorLink(Strict):
    indicator: Annotated[Ident, Ref("indicator")] = Field(description="指标 id（见 indicators.yaml）")
    basis: Literal["stated", "assigned"] = Field(
        description="依据：stated = 原文在该任务中写明此指标（须附 quote）；assigned = 编辑判断该任务推动此指标（须附 reason）"
    )
    quote: QuotedText | None = Field(None, description="basis 为 stated 时：任务原文中提到该指标的句子（逐字）")
    reason: Short | None = Field(None, description="basis 为 assigned 时：简短理由")

    @model_validator(mode="after")
    def _evidence(self) -> IndicatorLink:
        return _basis_needs_evidence(self)


class Mention(Strict):
    quote: QuotedText = Field(description="原文中出现该名称的句子（逐字）")
    paragraph: Annotated[Ident, Ref("paragraph")] = Field(description="该句所在段落的 id")


class Department(Strict):
    id: Annotated[Ident, Key("department")] = Field(description="稳定 id，用于网址，不随名称修改而变")
    name: Short = Field(description="名称；kind 为 named 时照原文")
    kind: Literal["functional", "named"] = Field(
        description="functional = 县级市通常承担此类工作的职能部门（通称，原文未必出现）；named = 原文点名的机构"
    )
    category: Literal["government", "party", "upper_level", "mass_org", "company", "judicial", "hotline", "other"] = Field(
        description="机构类别：government 政府部门、party 党委机构、upper_level 上级机关、mass_org 群团组织、company 企业、judicial 司法机关、hotline 热线、other 其他"
    )
    remit: Text = Field(description="职责范围（编辑撰写，用于说明 assigned 分工的依据）")
    mentions: list[Mention] = Field(default_factory=list, description="原文中出现该机构的句子")


class DepartmentsFile(Strict):
    departments: list[Department] = Field(description="全部责任部门与原文点名的机构")


# ---------------------------------------------------------------- chapters/*.yaml
class Paragraph(Strict):
    id: Annotated[Ident, Key("paragraph", also="task")] = Field(
        description="稳定 id（任务以 t 开头，如 t05-2-03），用于网址与锚点，修改正文时不变"
    )
    kind: Literal["text", "task", "goal", "principle"] = Field(
        description="段落类型：text 叙述（成就、形势、章导语）；task 任务（指导行动的段落）；goal 目标；principle 原则"
    )
    title: QuotedShort | None = Field(None, description="任务标题：原文段首的引领句（逐字，通常以“。”结尾）")
    text: QuotedText = Field(description="段落全文（逐字，已接合分页断句）")
    lead: DeptLink | None = Field(None, description="牵头部门（第三至十二章的任务必填）")
    supporting: list[DeptLink] = Field(default_factory=list, description="配合部门")
    indicators: list[IndicatorLink] = Field(default_factory=list, description="此任务推动的规划指标（专栏1）")
    places: list[Annotated[Ident, Ref("place")]] = Field(default_factory=list, description="此段提到的地点 id（见 places.yaml）")

    @model_validator(mode="after")
    def _task_has_title(self) -> Paragraph:
        if self.kind == "task" and not self.title:
            raise ValueError("任务段落（kind: task）必须有 title（段首引领句）")
        return self


class Section(Strict):
    id: Annotated[Ident, Key("section")] = Field(description="节 id，如 ch05-s2")
    number: Annotated[int, Field(ge=1, le=20)] = Field(description="节序号（第X节）")
    title: QuotedShort = Field(description="节标题，照正文（不照目录）")
    paragraphs: list[Paragraph] = Field(description="本节全部段落，按原文顺序")


class ChapterFile(Strict):
    id: Annotated[Ident, Key("chapter")] = Field(description="章 id：ch00 为前言，ch01–ch12 为各章")
    number: Annotated[int, Field(ge=0, le=12)] = Field(description="章序号，前言为 0")
    title: Short = Field(description="章标题，照正文")
    paragraphs: list[Paragraph] = Field(default_factory=list, description="章导语段落（第一节之前的文字）")
    sections: list[Section] = Field(default_factory=list, description="各节")


# ---------------------------------------------------------------- indicators.yaml
class Indicator(Strict):
    id: Annotated[Ident, Key("indicator")] = Field(description="指标 id，如 ind-16")
    number: Annotated[int, Field(ge=1, le=21)] = Field(description="专栏1 中的序号 1–21")
    category: list[Short] = Field(description="类别路径，如 [生态环境质量, 空气质量]")
    name: Annotated[Short, ROW] = Field(description="指标名称，照原文（不含单位）")
    unit: Short | None = Field(None, description="单位，照原文括号内文字，如 % 或 微克/立方米")
    baseline_2020: Annotated[str, ROW] = Field(description="2020年现状值，照原文写法（含 “——” 等；原表为空时写空字符串）")
    target_2025: Annotated[Short, ROW] = Field(description="2025年目标值，照原文写法")
    attribute: Annotated[Literal["约束性", "预期性"], ROW] = Field(description="指标属性：约束性 或 预期性")
    source_line: int = Field(description="专栏1 中该行在原文 plan.txt 中的行号")
    reconstruction: Text | None = Field(None, description="原表跨页错位时，如何复原此行的说明")


class IndicatorNote(Strict):
    id: Annotated[Ident, Key("note")] = Field(description="注释 id，如 note-1")
    number: int = Field(description="注序号")
    text: QuotedText = Field(description="注释全文，逐字")
    indicators: list[Annotated[Ident, Ref("indicator")]] = Field(description="此注说明的指标 id")


class IndicatorsFile(Strict):
    box_title: Short = Field(description="专栏1 标题，照原文")
    indicators: list[Indicator] = Field(description="专栏1 的 21 项指标")
    notes: list[IndicatorNote] = Field(description="专栏1 下方的注释")


# ---------------------------------------------------------------- targets.yaml
Comparator = Literal["ge", "le", "eq", "gt", "lt", "about", "done_by", "reduce_by", "maintain"]
COMPARATOR_SIGN = {
    "ge": "≥",
    "le": "≤",
    "eq": "=",
    "gt": ">",
    "lt": "<",
    "about": "约",
    "done_by": "完成",
    "reduce_by": "降低",
    "maintain": "保持",
}


class Target(Strict):
    id: Annotated[Ident, Key("target")] = Field(description="目标 id，如 tg-001；成就为 ac-001")
    kind: Literal["target", "achievement"] = Field(description="target = “十四五”目标；achievement = 第一章记载的“十三五”成就")
    metric: Short = Field(description="度量什么（编辑撰写的简短名称）")
    comparator: Comparator = Field(
        description="比较方式：ge ≥、le ≤、eq =、gt >、lt <、about 约/左右、done_by 在期限前完成、reduce_by 降低/减少、maintain 保持"
    )
    value: str | None = Field(None, description="数值，照原文写法（如 91.76、95、100）；done_by 可为空")
    unit: Short | None = Field(None, description="单位，照原文（%、万亩、座……）")
    deadline: str | None = Field(None, description="期限：YYYY、YYYY-MM 或 YYYY-MM-DD；原文未写期限则为空")
    scope: Short | None = Field(None, description="地点或范围（原文写明时），如 满归镇")
    quote: QuotedText = Field(description="原文句子（逐字），须包含 value")
    task: Annotated[Ident, Ref("paragraph")] | None = Field(None, description="所属段落/任务 id")
    project: Annotated[Ident, Ref("project")] | None = Field(None, description="所属重点工程 id（专栏中的目标）")
    indicator: Annotated[Ident, Ref("indicator")] | None = Field(None, description="所度量的规划指标 id（如有）")

    @model_validator(mode="after")
    def _rules(self) -> Target:
        if not (self.task or self.project):
            raise ValueError("目标必须写 task（所属任务）或 project（所属重点工程）")
        if self.kind == "target":
            check_date(self.deadline)
        else:
            check_date(self.deadline, 2010, 2021)
        if self.comparator != "done_by" and self.value is None:
            raise ValueError("除 done_by 外，目标必须写 value（数值）")
        if self.value is not None and str(self.value) not in self.quote:
            raise ValueError(f"数值 “{self.value}” 没有出现在 quote 中；请照原文写数值")
        return self


class TargetsFile(Strict):
    targets: list[Target] = Field(description="原文中的全部量化或限期目标，以及第一章的成就数据")


# ---------------------------------------------------------------- conflicts.yaml
# The eight classes of the plan's own problems (issue 12), in the order the 原文问题 page shows them.
FINDING_CLASSES: dict[str, str] = {
    "value_mismatch": "同一度量的数值、年份或范围不一致",
    "stale_deadline": "期限早于规划发布，或专栏事项第一章已记为完成",
    "target_not_above_achieved": "目标不高于已达到的水平",
    "toc_heading": "目录标题与正文标题不一致",
    "definition": "指标定义或口径前后不一致",
    "scope_words": "同一度量的范围用词不同",
    "typing_slip": "文字错漏与同名异写",
    "table_notation": "专栏1 的目标写法与指数名称",
}
FindingClass = Literal[
    "value_mismatch",
    "stale_deadline",
    "target_not_above_achieved",
    "toc_heading",
    "definition",
    "scope_words",
    "typing_slip",
    "table_notation",
]
# Classes whose finding compares two recorded values: they need two sides (targets / indicator).
TWO_SIDED = {"value_mismatch", "target_not_above_achieved"}
_CLASS_HELP = "；".join(f"{k} = {v}" for k, v in FINDING_CLASSES.items())


class Quote(Strict):
    line: Annotated[int, Field(ge=1)] = Field(description="引文在原文 plan.txt 中的起始行号（跨页的句子写起始行）")
    text: Annotated[Text, Verbatim(starts_on="line")] = Field(description="原文引文（逐字，已接合分页断句）；必须从 line 所写的行开始出现")


class Conflict(Strict):
    """One problem of the plan itself. YAML key ``class`` (a Python keyword, hence ``class_``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, serialize_by_alias=True)

    id: Annotated[Ident, Key("conflict")] = Field(description="问题 id，如 cf-01")
    class_: FindingClass = Field(alias="class", description=f"问题类别（YAML 中键名写作 class）：{_CLASS_HELP}")
    metric: Short = Field(description="所涉及的度量或对象（编辑撰写的简短名称）")
    summary: Text = Field(description="中性的说明（编辑撰写，不修改原文、不作评判）：两处各写了什么，原文是否说明了原因")
    quotes: list[Quote] = Field(description="原文引文及行号（至少 1 条）；页面逐条链接到原文该行")
    targets: list[Annotated[Ident, Ref("target")]] = Field(
        default_factory=list,
        description="涉及的目标 id；数值类问题（value_mismatch、target_not_above_achieved）须两方：至少 2 个，或 1 个加 indicator",
    )
    indicator: Annotated[Ident, Ref("indicator")] | None = Field(None, description="主要涉及的指标 id（专栏1 的值参与比较时）")
    indicators: list[Annotated[Ident, Ref("indicator")]] = Field(default_factory=list, description="其他涉及的指标 id")
    tasks: list[Annotated[Ident, Ref("paragraph")]] = Field(default_factory=list, description="涉及的段落/任务 id")
    projects: list[Annotated[Ident, Ref("project")]] = Field(default_factory=list, description="涉及的重点工程 id（专栏2–10）")

    @model_validator(mode="after")
    def _two_sides(self) -> Conflict:
        if not self.quotes:
            raise ValueError("问题至少要有一条 quotes（原文引文及行号）")
        if self.class_ in TWO_SIDED and len(self.targets) + (1 if self.indicator else 0) < 2:
            raise ValueError("数值类问题至少需要两方：两个 targets，或一个 target 加 indicator")
        return self


class ConflictsFile(Strict):
    conflicts: list[Conflict] = Field(description="规划原文自身的问题（数值不一致、期限、口径、文字错漏等），按类别登记")


# ---------------------------------------------------------------- projects.yaml
class Project(Strict):
    id: Annotated[Ident, Key("project")] = Field(description="重点工程 id，如 kp-05-2（专栏5 第二项）")
    number: int = Field(description="专栏内序号（一）=1 …")
    title: QuotedShort = Field(description="工程名称，照原文")
    text: list[QuotedText] = Field(description="工程内容各段，逐字")
    tasks: list[Annotated[Ident, Ref("task")]] = Field(default_factory=list, description="此工程落实的任务 id")
    places: list[Annotated[Ident, Ref("place")]] = Field(default_factory=list, description="工程涉及的地点 id")


class Box(Strict):
    id: Annotated[Ident, Key("box")] = Field(description="专栏 id，如 box-05")
    number: Annotated[int, Field(ge=2, le=10)] = Field(description="专栏序号 2–10")
    title: QuotedShort = Field(description="专栏标题，照原文")
    chapter: Annotated[Ident, Ref("chapter")] = Field(description="专栏所在章 id")
    projects: list[Project] = Field(description="专栏内的工程")


class ProjectsFile(Strict):
    boxes: list[Box] = Field(description="专栏2–10 重点工程")


# ---------------------------------------------------------------- places.yaml
class Place(Strict):
    id: Annotated[Ident, Key("place")] = Field(description="地点 id，如 manggui")
    name: Short = Field(description="名称，照原文")
    kind: Literal["city", "town", "river", "lake", "park", "reserve", "site", "area", "company_site"] = Field(
        description="类型：city 城市、town 镇/乡/街道、river 河流、lake 湖泊水库、park 公园、reserve 保护地、site 设施/场所、area 区域、company_site 企业厂区"
    )
    aliases: list[Short] = Field(default_factory=list, description="原文中的其他写法")


class PlacesFile(Strict):
    places: list[Place] = Field(description="原文提到的城镇、河流、保护地、设施等")


# ---------------------------------------------------------------- errata.yaml
class Erratum(Strict):
    id: Annotated[Ident, Key("erratum")] = Field(description="勘误 id，如 err-01")
    line: int = Field(description="原文 plan.txt 中的行号")
    original: Short = Field(description="原文（提取结果）中的错误写法")
    corrected: str = Field(description="更正后的写法（可为空字符串，表示删去）")
    reason: Text = Field(description="为何判定为提取错误")
    plan_slip: bool = Field(
        False,
        description="true = 这处错误也可能出在规划原件上（错字、混入的英文词等），在“原文问题”页的“文字错漏”类中一并列出；false = 纯属 PDF 提取造成（如下标被压平）",
    )


class ErrataFile(Strict):
    errata: list[Erratum] = Field(description="对 PDF 提取错误的更正；每处更正都记录在此")


# ---------------------------------------------------------------- commitments_reviewed.yaml
REVIEW_REASONS: dict[str, str] = {
    "achievement": "巩固“十三五”已取得的成果，不是新的量化或限期目标",
    "ongoing": "持续性的工作要求，句中的期限或数值不约束这一项",
    "no_own_deadline": "本片段没有自己的期限或数值（句中的年份属于其他事项）",
    "background": "背景、现状或引用的名称，不是承诺",
}


class ReviewedClause(Strict):
    text: Annotated[Text, Verbatim(starts_on="line")] = Field(
        description="片段原文（逐字）：python -m genhe_plan commitments 列为“未覆盖”的那一段，照抄；覆盖检查按全文匹配"
    )
    line: Annotated[int, Field(ge=1)] = Field(description="片段在原文 plan.txt 中的起始行号（检查时核对）")
    why: Literal["achievement", "ongoing", "no_own_deadline", "background"] = Field(
        description="不作为目标的理由类别：" + "；".join(f"{k} = {v}" for k, v in REVIEW_REASONS.items())
    )
    note: Text = Field(description="审阅说明（编辑撰写）：为什么这一段不是承诺")


class CommitmentsReviewedFile(Strict):
    reviewed: list[ReviewedClause] = Field(description="含年份或数量、但经人工审阅不是承诺的片段；其余片段必须由 targets.yaml 中的目标覆盖")


# ---------------------------------------------------------------- synonyms.yaml
class Synonym(Strict):
    typed: Annotated[str, StringConstraints(min_length=2, max_length=20)] = Field(
        description="人们搜索时常输入、而原文写法不同的词，如 能耗"
    )
    plan: list[Annotated[str, StringConstraints(min_length=2, max_length=40)]] = Field(
        min_length=1, description="原文中的写法（每个都必须出现在原文中），如 [能源消耗]；搜索 typed 时也找这些词"
    )


class SynonymsFile(Strict):
    synonyms: list[Synonym] = Field(description="搜索用的同义词表（编辑维护，经校验）；表外的同义词一概不用")


# ---------------------------------------------------------------- concepts.yaml
CILIN_PATTERN = r"^[A-L][a-z]\d\d[A-Z]\d\d[=#@]$"


class Concept(Strict):
    id: Ident = Field(description="这一条的 id，如 noise")
    everyday: list[Annotated[str, StringConstraints(min_length=1, max_length=12)]] = Field(
        min_length=1, description="居民的日常说法，如 [吵, 噪音扰民]；搜索中出现这些词时，也找 plan 中的原文写法（排在字面命中之后）"
    )
    plan: list[Annotated[str, StringConstraints(min_length=2, max_length=40)]] = Field(
        min_length=1, description="规划原文的写法（每个都必须出现在原文中），如 [噪声]"
    )
    cilin: Annotated[str, StringConstraints(pattern=CILIN_PATTERN)] | None = Field(
        default=None, description="来源：《同义词词林（扩展版）》中的类别编码（如 Bg07A03=）；手工补充的条目不写"
    )


class ConceptsFile(Strict):
    concepts: list[Concept] = Field(description="日常说法 → 规划用语的概念表（编辑审核，经校验）；只扩展到原文中出现的词")


FILE_MODELS: dict[str, type[Strict]] = {
    "plan.yaml": PlanFile,
    "departments.yaml": DepartmentsFile,
    "indicators.yaml": IndicatorsFile,
    "targets.yaml": TargetsFile,
    "conflicts.yaml": ConflictsFile,
    "projects.yaml": ProjectsFile,
    "places.yaml": PlacesFile,
    "errata.yaml": ErrataFile,
    "commitments_reviewed.yaml": CommitmentsReviewedFile,
    "synonyms.yaml": SynonymsFile,
    "concepts.yaml": ConceptsFile,
    "chapters/*.yaml": ChapterFile,
    "progress/*.yaml": ReportFile,
}
