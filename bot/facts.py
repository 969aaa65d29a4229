"""Facts: one per sentence that speaks about an entity, typed and dated; profiles built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot import lexicon as lx
from bot.segment import Sentence
from bot.vocab import REF_NAMED, REF_PRONOUN

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


def _data_lines(name: str) -> list[str]:
    """The entries of bot/data/facts/<name>.txt: one per line, `#` lines are comments."""
    from importlib import resources

    text = resources.files("bot").joinpath("data", "facts", f"{name}.txt").read_text(encoding="utf-8")
    return [x.strip() for x in text.splitlines() if x.strip() and not x.startswith("#")]


def _patterns(name: str, **given: str) -> dict[str, re.Pattern[str]]:
    """The `NAME = regex` entries of bot/data/facts/<name>.txt, compiled; `{NAME}` in a regex is an entry
    above it or one the caller gives (the speech verbs of the lexicon)."""
    out: dict[str, str] = dict(given)
    for line in _data_lines(name):
        key, _, rx = line.partition(" = ")
        out[key.strip()] = re.sub(r"\{([A-Z_]+)\}", lambda m: out[m.group(1)], rx.strip())
    return {k: re.compile(v) for k, v in out.items() if k not in given}


_P = _patterns(
    "patterns",
    SPEECH_VERBS="|".join(re.escape(v) for v in lx.SPEECH_VERBS),
    ROLES="|".join(re.escape(r) for r in sorted(lx.PROFILE_ROLES, key=len, reverse=True)),
)


def _type_rules() -> list[tuple[str, re.Pattern[str]]]:
    """The fact-type cues of bot/data/facts/types.txt (`type<TAB>pattern`), in order, one pattern per type."""
    roles = "|".join(re.escape(r) for r in lx.PROFILE_ROLES)
    alts: dict[str, list[str]] = {}
    for line in _data_lines("types"):
        name, rx = line.split("\t", 1)
        alts.setdefault(name.strip(), []).append(rx.strip().replace("{ROLES}", roles))
    return [(name, re.compile("|".join(f"(?:{a})" for a in rx))) for name, rx in alts.items()]


_RULES = _type_rules()
_YEAR = _P["YEAR"]
_RELATIVE_MONTH = _P["RELATIVE_MONTH"]


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


# What makes a sentence a fact rather than colour: a figure with its unit, a percentage, a full date.
_FIGURE = _P["FIGURE"]
_FULL_DATE = _P["FULL_DATE"]


FRAMING = tuple(re.compile(x) for x in _data_lines("framing"))
_BOILERPLATE = re.compile(
    "|".join(re.escape(w) for w in sorted(_data_lines("boilerplate"), key=len, reverse=True))
)
DEPENDENT = tuple(re.compile(x) for x in _data_lines("dependent"))


def is_framing(canon: str) -> bool:
    """How the interview came about (…接受记者访问的内容。), not a fact about anyone — unless someone says
    something after it (…接受《星河周刊》访问表示，对于…感到很错愕: a news lede, with the speaker's titles)."""
    for p in FRAMING:
        m = p.search(canon)
        if m and not _P["FRAMING_GOES_ON"].match(canon, m.end()):
            return True
    return False


# Someone speaking: 黄文义表示：“…”, 他说，“…”.
_SPEECH = _P["SPEECH"]
_BRACKETS = _P["BRACKETS"]


def fact_type(s: Sentence) -> str:
    # Speech (an interviewee's answer, a quoted statement) is a typed fact only when it also says
    # something concrete (a figure, a year): a keyword in it (教授, 产品, 博士生) is not enough.
    # A quoted name defined in brackets (（以下简称“星河”）) is no one speaking.
    speech = bool(s.speaker) or bool(_SPEECH.search(_BRACKETS.sub("", s.canon)))
    if speech and not (_FIGURE.search(s.canon) or _YEAR.search(s.canon)):
        return "quote"
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
    fact_type_: str,
    ref: int,
    at_start: bool,
    year: int | None,
    length: int,
    sources: int,
    kind: str = "",
    canon: str = "",
) -> float:
    """How strongly a fact speaks about one entity. An interviewee's answers are opinions about other
    things more often than facts about them, so they rank below sentences that name or continue them."""
    score = type_weight(fact_type_, kind, canon) + {REF_NAMED: 1.5, REF_PRONOUN: 0.5}.get(ref, -1.5)
    score += 1.0 if at_start else 0
    score += 0.5 if year else 0
    score += 0.5 * (sources - 1)
    if length > 160:
        score -= 1.5
    elif length < 12:
        score -= 1.5
    return score


# Types that only a person has: on an organisation's card a sentence with 博士生 or 毕业 in it is no
# education fact of the organisation's.
_PERSON_TYPES = frozenset({"born", "education"})


def type_weight(fact_type_: str, kind: str, canon: str = "") -> float:
    if kind != "person" and fact_type_ in _PERSON_TYPES:
        # the organisation's own type of the sentence (创建了VoltNova… by 蒋立言博士's side)
        own = next((n for n, rule in _RULES if n not in _PERSON_TYPES and rule.search(canon)), "relation")
        return TYPE_WEIGHT[own]
    return TYPE_WEIGHT.get(fact_type_, 1)


# An opinion or a plan in the first person, with nothing concrete in it, is colour, not a fact.
_OPINION = _P["OPINION"]


def figures(canon: str) -> set[str]:
    """Amounts with a unit (300亿港元, 17.26%, 645名); bare counts of years or people are left out."""
    return {
        re.sub(r"\s+", "", m.group(0))
        for m in _FIGURE.finditer(canon)
        if not _P["PEOPLE_COUNT"].search(m.group(0))
    }


def years(canon: str) -> set[str]:
    return {m.group(1) for m in _YEAR.finditer(canon)}


@lru_cache(maxsize=4096)
def informativeness(canon: str) -> float:
    """How much concrete content a sentence carries: figures with their units, a full date; opinion,
    guesses and forecasts rank down. Cached: a merged fact is scored once for each of its entities."""
    n = len(figures(canon))
    score = 0.5 * min(n, 2)
    score += 0.3 if _FULL_DATE.search(canon) else 0.0
    # (other names are not counted: which of them are known entities grows with the corpus, and a seed
    # card must not change when unrelated articles are added)
    if _OPINION.search(canon):
        score -= 0.7  # a forecast's figures are not facts yet (我们估算，到2040年…份额将升至80%)
    if any(p.search(canon) for p in DEPENDENT):
        score -= 1.0  # 也是该奖创办以来的第三位亚裔得主: which prize is in the sentence before
    if _P["LABEL_ONLY"].match(canon):
        score -= 10.0  # 宋江： (a speaker's label, merged from ten lines): nothing is said in it
    if _P["CAPTION_RUN_IN"].search(canon):
        score -= 3.0  # …董事长张三2011年，李四呼吁…: a caption glued to the next sentence
    if is_promotion(canon):
        score -= 2.0  # 秉承…宗旨, 为每位员工打造了温馨家园: promotion, no event, date or amount
    return score


def is_promotion(canon: str) -> bool:
    """A mission statement or thanks (two or more of boilerplate.txt's words) with no date, no amount and no
    titled work (发布了《…责任书》 tells an event)."""
    return (
        not figures(canon)
        and not _YEAR.search(canon)
        and "《" not in canon
        and len(set(_BOILERPLATE.findall(canon))) >= 2
    )


_KEY_TYPES = frozenset({"founded", "listing", "figure", "product", "born", "education"})


# A leading adverbial clause: its names set the scene for the sentence's own subject.
_ADVERBIAL = _P["ADVERBIAL"]


def aboutness(
    canon: str, name: str, ref: int, at_start: bool, others_first: bool, fact_type_: str, dated: bool
) -> float:
    """How much a sentence is about the entity rather than merely naming it: its subject (by name or by
    reference) or topic (陈书耕的公司) ranks up; a name only inside a list (A、B和C) or behind someone
    else's subject ranks down; dated key facts (founding, listing, funding, launch) rank up."""
    score = 0.0
    if name:
        i = canon.find(name)
        lead = _ADVERBIAL.match(canon)
        if lead and i < lead.end() and canon.find(name, lead.end()) < 0:
            score -= 3.0  # named only in a leading clause (在星途与远帆入场之后，…恒岳是…)
        around = canon[max(0, i - 1) : i] + canon[i + len(name) : i + len(name) + 1]
        if "、" in around:
            score -= 2.0
        elif _P["OF"].match(canon, i + len(name)) and not at_start and i <= 12:
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


__all__ = [
    "Fact",
    "fact_type",
    "fact_date",
    "fact_strength",
    "informativeness",
    "year_context",
]
