"""Facts: one per sentence that speaks about an entity, typed and dated; profiles built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import lexicon as lx
from bot.segment import Sentence
from bot.vocab import FACT_TYPES, REF_NAMED, REF_PRONOUN, REF_SPEAKER  # noqa: F401  (re-exported)

TYPE_WEIGHT = {
    "born": 5,
    "education": 5,
    "founded": 6,
    "role": 4,
    "listing": 5,
    "figure": 4,
    "product": 3.5,
    "event": 3,
    "quote": 1.5,
    "relation": 2,
    "mention": 1,
}

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "born",
        re.compile(r"\d{4}年(?:生人|出生)|出生于|生于\d{4}|出生在|\d{4}年(?:\d{1,2}月)?生(?=[，,。；])"),
    ),
    ("education", re.compile(r"毕业|本科|硕士|博士生?|读研|攻读|连读|专修|学的(?:还)?是|研究生")),
    ("founded", re.compile(r"创立|创办|创建|成立|联合创始|出资")),
    ("listing", re.compile(r"上市|纳斯达克|纽交所|港交所|敲钟|股票代码|IPO|挂牌|登陆")),
    (
        "figure",
        re.compile(
            r"(?:\d[\d.,]*|[一二三四五六七八九十几两百千]+)(?:多)?(?:个)?(?:亿|万)(?:元|美元|港元|台|颗|件)?"
            r"|销售额|营收|估值|融资|亏损|利润|市值"
        ),
    ),
    ("role", re.compile("|".join(re.escape(r) for r in lx.PROFILE_ROLES))),
    ("product", re.compile(r"推出|发布|研发|产品|品牌|系列|芯片|矿机|摄像|型号|量产")),
]
_YEAR = re.compile(r"((?:19|20)\d{2})年(?:(\d{1,2})月)?(?:(\d{1,2})日)?")
_RELATIVE_MONTH = re.compile(r"同年(\d{1,2})月")
# A sentence whose subject is a pronoun or 这位 continues the last person named (他说…, 这位投资人…).
PRONOUN_SUBJECT = re.compile(r"^[^，。]{0,6}(?:他|她)|^(?:这位|此人|该人士|现任|曾任|历任|现为)")


@dataclass
class Fact:
    article: str
    sentence: int
    text: str
    canon: str
    type: str
    year: int | None
    date: str  # 2013-04, 2019-09-30 or ''
    entities: dict[int, int] = field(
        default_factory=dict
    )  # entity id -> REF_NAMED / REF_PRONOUN / REF_SPEAKER


def fact_type(s: Sentence) -> str:
    for name, rule in _RULES:
        if rule.search(s.canon):
            return name
    if s.speaker:
        return "quote"
    if _YEAR.search(s.canon):
        return "event"
    return "relation"


def fact_date(canon: str, context_year: int | None) -> tuple[int | None, str]:
    m = _YEAR.search(canon)
    if m:
        y = int(m.group(1))
        parts = [f"{y:04d}"] + [f"{int(g):02d}" for g in m.groups()[1:] if g]
        return y, "-".join(parts)
    m = _RELATIVE_MONTH.search(canon)
    if m and context_year:
        return context_year, f"{context_year:04d}-{int(m.group(1)):02d}"
    return None, ""


def fact_strength(
    fact_type_: str, ref: int, at_start: bool, year: int | None, length: int, sources: int
) -> float:
    """How strongly a fact speaks about one entity. An interviewee's answers are opinions about other
    things more often than facts about them, so they rank below sentences that name or continue them."""
    score = TYPE_WEIGHT.get(fact_type_, 1) + {REF_NAMED: 1.5, REF_PRONOUN: 0.5}.get(ref, -1.5)
    score += 1.0 if at_start else 0
    score += 0.5 if year else 0
    score += 0.5 * (sources - 1)
    if length > 160:
        score -= 1.5
    elif length < 12:
        score -= 1.5
    return score


_KEY_TYPES = frozenset({"founded", "listing", "figure", "product", "born", "education"})


def aboutness(
    canon: str, name: str, ref: int, at_start: bool, others_first: bool, fact_type_: str, dated: bool
) -> float:
    """How much a sentence is about the entity rather than merely naming it: its subject (by name or by
    reference) or topic (张楠赓的公司) ranks up; a name only inside a list (A、B和C) or behind someone
    else's subject ranks down; dated key facts (founding, listing, funding, launch) rank up."""
    score = 0.0
    if name:
        i = canon.find(name)
        around = canon[max(0, i - 1) : i] + canon[i + len(name) : i + len(name) + 1]
        if "、" in around:
            score -= 2.0
        elif canon[i + len(name) : i + len(name) + 1] == "的" and not at_start and i <= 12:
            score += 0.5
        if others_first and not at_start:
            score -= 1.0
    elif ref == REF_PRONOUN:
        score += 0.3
    if dated and fact_type_ in _KEY_TYPES:
        score += 0.5
    return score


def year_context(sentences: list[Sentence]) -> list[int | None]:
    """The last explicit year before each sentence in its paragraph (for 同年4月)."""
    out: list[int | None] = []
    last: int | None = None
    para = -1
    for s in sentences:
        if s.paragraph != para:
            para = s.paragraph
        m = list(_YEAR.finditer(s.canon))
        out.append(last)
        if m:
            last = int(m[-1].group(1))
    return out


# The profile builder lives in bot.relations (typed relations, cue words as data); imported last
# because it reads Fact and the reference levels from this module.
from bot.relations.profile import ProfileBuilder  # noqa: E402

__all__ = ["Fact", "ProfileBuilder", "fact_type", "fact_date", "fact_strength", "year_context"]
