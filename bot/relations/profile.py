"""Profiles as typed relations: each value filled only where the sentence's structure says so.

Every relation has typed slots (founded: person -> organisation, date; role: title @ organisation,
current | past; listing: exchange, date, ticker, status; figure: kind, amount, year, status …) and is
taken only when the entity is the clause's subject (named, or continued by 他/她/该公司), the verb is
not negated, failed or merely planned, and the argument is of the right kind (a school is not founded,
an exchange is not a product). The cue words are data (`bot/data/relations/`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot import lexicon as lx
from bot.facts import Fact
from bot.relations import cues
from bot.relations import values as vals
from bot.vocab import PERSON_KINDS, REF_PRONOUN

QUESTION_TYPE = "question"  # see bot/relations/questions.py

_ROLES = "|".join(
    re.escape(r) for r in sorted({*lx.PROFILE_ROLES, *cues.words("titles")}, key=len, reverse=True)
)
# 董事长兼CEO, 创办人 暨执行长 (a space may stand around 暨/兼 in a Taiwanese text).
_ROLE = rf"(?:{_ROLES})(?:\s?(?:兼|暨)\s?(?:{_ROLES}))*"
# 董事长、总经理及执行董事: the titles one person holds, listed after a role verb.
_ROLE_LIST = rf"{_ROLE}(?:(?:、|及|和|以及)(?:{_ROLE}))*"
# 副常务董事及执行董事黄维义: the titles right before the name.
_ROLE_BEFORE = re.compile(rf"({_ROLE}(?:(?:及|、){_ROLE})*)(?:的)?$")
_INTERVIEWED = re.compile(rf"(?:{cues.alternation('interview_verbs')})({_ROLE})$")
_DATED = re.compile(r"(?:19|20)\d{2}\s?年")
_TAKES_ROLE = re.compile(
    rf"(现任|担任|出任|兼任|曾任|曾担任|历任|现为|出任了|担任了)([^，。；]{{0,16}}?)({_ROLE_LIST})"
)
# The organisation's own class word between its name and a title (香港中华煤气集团主席 for 香港中华煤气).
_ORG_CLASS = re.compile(rf"(?:{cues.alternation('org_class')})$")
_BARE_TITLES = frozenset({"教授", "所长", "院长", "博士", "主席"})
_FOUNDER_TITLE = re.compile(cues.alternation("founder_titles"))
_FOUND_VERB = re.compile(
    rf"(?:{cues.alternation('found_verbs')}|{cues.alternation('register_verbs')})(?![人者])"
)  # not 创办人
_REGISTER_VERB = re.compile(cues.alternation("register_verbs"))
_NOT_REGISTERED = re.compile(rf"^(?:{cues.alternation('not_registered')})")
# After the founder's name and before the verb: a title, a group word, an adverb (罗乐风夫妇创办, 崔屹教授创办).
_AGENT_TAIL = re.compile(
    rf"(?:{_ROLE}|{cues.alternation('academic_titles')}|博士|先生|女士)?"
    rf"(?:{cues.alternation('agent_groups')})?(?:共同|联合|一起|一同|亲自|一手|携手)?"
)
# 为该公司行政总裁: a role at the organisation 该公司 refers to (认为, 作为, 称为 … are not 为 "is").
_ROLE_AT_PRONOUN = re.compile(
    rf"(?<![认以作因称视行更较极最尤广])(为|是|任|现任|担任|出任|成为)了?"
    rf"(?:该公司|这家公司|该集团|该企业|这家企业)的?({_ROLE_LIST})(?:一职)?(?=[，,。；]|$)"
)
# 目前担任公司董事长, 目前在公司担任执行董事: a subjectless clause naming the organisation only by its
# class word (公司, 集团) — the organisation in focus (cue words: bot/data/relations/focus_org.txt).
_FOCUS_ORG = rf"(?:{cues.alternation('focus_org')})"
_ROLE_AT_FOCUS = re.compile(
    rf"^(?:{cues.alternation('role_adverbs')})*(?:(?:担任|出任|任)了?{_FOCUS_ORG}的?({_ROLE_LIST})"
    rf"|在{_FOCUS_ORG}(?:担任|出任|任)({_ROLE_LIST}))(?:一职)?(?=[，,。；]|$)"
)
# 父亲兼企业创办人万隆, 公司创始人张三表示: the class word, a title, then the person.
_FOCUS_TITLE = re.compile(rf"(?:^|[兼，,、：:]){_FOCUS_ORG}的?({_ROLE})$")
_DEPARTURE = re.compile(cues.alternation("departure"))
_DISMISSED = re.compile(rf"被(?:{cues.alternation('dismissal')})了?({_ROLE})(?:职务|一职|职位)?的")
# 原本由万洪建担任的副主席一职，改由他弟弟万宏伟接任
_HANDED_OVER = re.compile(rf"({_ROLE})一职[，,]?(?:改由|交由|由)")
_SHORT_GAP = re.compile(r"^[^，。；]{0,8}?$")
_STUDIED = re.compile(cues.alternation("edu_verbs"))
_ACADEMIC = re.compile(rf"(?:{cues.alternation('academic_titles')})")
# Between an institute and a scholar's name: nothing, 的, or a department or descriptor
# (斯坦福大学能源界专家崔屹教授, 清源大学材料系张三教授) — never a verb (邀请, 聘请).
_SCHOLAR_GAP = re.compile(
    r"(?:的)?(?:[\u4e00-\u9fff]{1,8}?(?:系|学院|研究所|实验室|专家|学者|科学家))?(?:的)?"
)
# 清华大学教授，博士生导师魏少军教授: a list of titles between the institute and the name.
_TITLE_LIST = re.compile(rf"(?:(?:{cues.alternation('academic_titles')}|{_ROLE})[，、,]?)+")
_NOT_SCHOLAR_GAP = re.compile(
    r"邀请|聘请|请|和|与|及|对|向|给|称|说|认为|表示|介绍|采访|访问|合作|支持|前|原"
)
_LISTING_VERB = re.compile(cues.alternation("listing_verbs"))
_NOT_A_LISTING = re.compile(r"^(?:公司|企业|路|申请|计划|之路|前夕|辅导|进程|梦)")
_FAILURE = re.compile(cues.alternation("failure"))
_PLANNED = re.compile(cues.alternation("planned"))
_TARGET = re.compile(cues.alternation("target"))
_PAST = re.compile(cues.alternation("past_role"))
_NEGATED = re.compile(r"(?:未|没|没有|不|并未|从未)$")
_EXCHANGE = re.compile(cues.alternation("exchanges"))
_EXCHANGE_NAMED = re.compile(r"在([\u4e00-\u9fff]{2,8}?(?:交易所|证交所))")
_TICKER = re.compile(r"(?:股票|证券)代码[为是:：]?\s*([A-Z]{1,6}|\d{4,6})")
_FIGURE_LABEL = re.compile(cues.alternation("figure_labels"))
# 完成9000万美元D轮融资: the round written before the label.
_ROUND = re.compile(rf"((?:Pre-?)?[A-H]\+?|{cues.alternation('funding_rounds')})轮$")
_BORN = re.compile(
    r"((?:19|20)\d{2})年(?:生人|出生)|(?:生于|出生于)((?:19|20)\d{2})|((?:19|20)\d{2})年(?:\d{1,2}月)?生(?=[，,。；]|$)"
)
_BORN_PLACE = re.compile(
    r"(?:地地道道的|土生土长的|出生于|生于|出生在)([\u4e00-\u9fff]{2,6}?)人?(?=[，。,]|$)"
)
# 他/她 near the start, also after a leading time clause (于是在2002年，她拿出…).
# 他们, 她的丈夫, 她父亲: not the person the pronoun stands for.
_NOT_THE_PRONOUN = r"[们的父母丈妻儿女哥姐弟妹老家公团同朋先太爸妈爷奶]"
_TIME_LEAD = r"(?:[^，。]{0,12}?(?:年|月|日|后|时|初|底|末)[，,])?"
_PRONOUN_START = re.compile(
    rf"^{_TIME_LEAD}[^，。]{{0,6}}?(?:他|她)(?!们)|^(?:这位|此人|该人士|现任|曾任|历任|现为)"
)
_ORG_PRONOUN = re.compile(r"^[^，。]{0,8}?(?:该公司|这家公司|该集团|这家企业|该企业|公司)")
_CONTINUES = re.compile(r"^(?:并|又|随后|后来|之后|便|就|再|最后|最终|而后|同时|还|也|于是|进而|遂)")
_CO_AGENT = re.compile(r"^(?:和|与|及|、|以及|同|跟)(?:好友|同学|妻子|丈夫|搭档|伙伴|校友)?$")
_MAIN_PRODUCTS = re.compile(r"(?:主要|核心|主打)产品(?:包括|有|是|为)([^。；，,“”]{2,40})")
_MODEL = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,4}-?\d{1,4}[A-Z]?)(?![A-Za-z0-9])")
_LAUNCH = re.compile(r"(?:推出|发布)了?[\u4e00-\u9fff]{0,8}?([A-Z][A-Za-z0-9\-]{1,20})(?![A-Za-z0-9])")
_SERIES = re.compile(r"“([\u4e00-\u9fff]{2,5})”系列")
_UNDER = re.compile(r"在([\u4e00-\u9fff]{2,10}?)旗下.{0,20}$")
_HQ = re.compile(r"总部(?:位于|设在|设于)([\u4e00-\u9fff]{2,6}?)(?=[，。,、；]|$)")
# 总部迁至新加坡, 已更改新加坡为总部: a move; the newer place is the headquarters.
_HQ_MOVED = re.compile(
    rf"总部(?:已经?)?(?:{cues.alternation('hq_moves')})([\u4e00-\u9fff]{{2,6}}?)(?=[，。,、；]|$)"
    r"|(?:更改|改|变更|改设|设)了?([\u4e00-\u9fff]{2,6}?)为(?:新的?)?总部(?=[，。,、；]|$)"
)
_NOT_DONE = re.compile(r"将|要|拟|可能|或|计划|打算|准备|不排除|有望|传闻")
_ORG_FOUNDED_AFTER = re.compile(
    r"(?:公司|集团)?(?:成立于|创立于|创办于|始创于|于)((?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)"
    r"(?:在[\u4e00-\u9fff]{2,4})?(?:正式)?(成立|创立|创办|注册成立)?"
)
# ORG在2019年成立。 (a bare 成立 ending the clause: not 在2019年成立了研究院, which founds something else)
_ORG_FOUNDED_IN = re.compile(
    r"在((?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)(?:正式)?(成立|创立|创办)(?=[，。；,]|$)"
)
# The rest of a Latin legal name after the short name, up to its closing quote.
_LEGAL_TAIL = re.compile(r"(?:\s[A-Za-z][A-Za-z.,&\s]{0,40}?)?[」”\"』]")
_ORG_PRONOUN_FOUNDED = re.compile(
    r"[，,](?:公司|该公司|其)(?:成立于|于)((?:19|20)\d{2}年(?:\d{1,2}月)?)(?:正式)?(?:成立|创立|创办)?"
)
# Gamera Game是一家2018年成立的独立游戏发行公司, 海思是2004年成立的: the company is the subject.
_ORG_IS_FOUNDED = re.compile(
    r"(?:是|为)(?:一[家个间所])?(?:于|在)?((?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)"
    r"(?:在[\u4e00-\u9fff]{2,4})?(?:正式)?(?:成立|创立|创办|注册成立)的"
)
_ORG_FOUNDED_BEFORE = re.compile(
    r"(?:成立于|创立于|创办于)?((?:19|20)\d{2}年(?:\d{1,2}月)?)(?:成立|创立|创办)?的$"
)


_DATE_LEAD = re.compile(r"^[^，。]{0,14}?(?:年|月|日)(?:初|底|中|末)?[，,]")


@dataclass
class Value:
    """One profile value: what the card shows, the entity it links to, its typed parts, its sources."""

    field: str
    text: str
    entity: int | None = None
    parts: dict = field(default_factory=dict)
    sources: set[int] = field(default_factory=set)

    def record(self) -> dict:
        return {
            "field": self.field,
            "value": self.text,
            "entity": self.entity,
            "parts": self.parts,
            "sources": sorted(self.sources),
        }


def _noparen(canon: str) -> str:
    return re.sub(r"[(（][^)）]{0,30}[)）]", "", canon)


def _positions(text: str, name: str) -> list[int]:
    out, i = [], text.find(name) if name else -1
    while i >= 0:
        out.append(i)
        i = text.find(name, i + len(name))
    return out


def _is_place(text: str) -> bool:
    tags = lx.dictionary_tags()
    return any(tags.get(text[:n], "").startswith("ns") for n in (2, 3)) and len(text) <= 6


@dataclass
class _Sent:
    """One fact as the rules see it: where each entity is named, and who the sentence is about."""

    i: int
    f: Fact
    canon: str
    people: list[tuple[int, str, int]]  # (entity, name as written, position)
    orgs: list[tuple[int, str, int]]
    pronoun_person: int | None
    pronoun_org: int | None


class ProfileBuilder:
    """Structured fields for each entity, every value with the facts (sources) that support it."""

    def __init__(self, entities: dict[int, dict], facts: list[Fact]) -> None:
        self.entities = entities
        self.facts = facts
        self.names: dict[int, list[str]] = {
            eid: sorted({e["name"], *e["aliases_simplified"]}, key=len, reverse=True)
            for eid, e in entities.items()
        }
        self.values: dict[int, dict[tuple[str, str], Value]] = defaultdict(dict)
        self.restore = vals.Restorer(f.canon for f in facts)
        self.left: dict[tuple[int, int], set[int]] = defaultdict(set)  # (person, organisation) -> sources
        self._by_place: dict[tuple[str, int], _Sent] = {}
        self._by_name: dict[str, int] | None = None
        self._bad_org = {
            eid
            for eid, e in entities.items()
            if e["kind"] not in PERSON_KINDS
            and (
                vals.is_exchange(e["name"])
                or e["name"] in cues.words("generic_values")
                or not vals.clean_name(e["name"])
                or re.fullmatch(r"(?:一|某|这|那|该)[家个款位].{0,10}", e["name"])
                # 能源界著名学者斯坦福大学: a scholar's description run into the school's name
                or (vals.is_school(e["name"]) and re.search(r"学者|专家|著名|知名", e["name"]))
            )
        }
        self.article_org = self._article_orgs()

    def _article_orgs(self) -> dict[str, int]:
        """Each article's company in focus: the one it names in far more sentences than any other
        organisation (at least three, and three times the next), so that a bare 公司 can stand for it."""
        counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for f in self.facts:
            for eid in f.entities:
                if self.entities[eid]["kind"] not in PERSON_KINDS and eid not in self._bad_org:
                    counts[f.article][eid] += 1
        out = {}
        for art, c in counts.items():
            ranked = sorted(c.values(), reverse=True)
            top = max(c, key=lambda e: c[e])
            if self.entities[top]["kind"] != "company":
                continue  # a brand, a school, an investor: not where a bare 公司 points
            if ranked[0] >= 3 and (len(ranked) == 1 or ranked[0] >= 3 * ranked[1]):
                out[art] = top
        return out

    # ---- recording ------------------------------------------------------------------------------
    def put(
        self, eid: int, field_: str, text: str, i: int | None, entity: int | None = None, **parts
    ) -> None:
        text = text.strip("，,。 ")
        if not text:
            return
        v = self.values[eid].get((field_, text))
        if v is None:
            v = self.values[eid][(field_, text)] = Value(
                field_, text, entity, {k: p for k, p in parts.items()}
            )
        if i is not None:
            v.sources.add(i)

    def name(self, eid: int) -> str:
        return self.entities[eid]["name"]

    def is_person(self, eid: int) -> bool:
        return self.entities[eid]["kind"] in PERSON_KINDS

    # ---- reading a sentence ---------------------------------------------------------------------
    def _sent(self, i: int, f: Fact) -> _Sent:
        canon = _noparen(f.canon)
        people, orgs = [], []
        taken: list[tuple[int, int]] = []
        spans = []
        for eid in f.entities:
            for n in self.names[eid]:
                for p in _positions(canon, n):
                    spans.append((p, p + len(n), eid, n))
        # The longest name wins where two overlap (嘉楠科技 over 嘉楠).
        for p, end, eid, n in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(p < e and s < end for s, e in taken):
                continue
            taken.append((p, end))
            if self.is_person(eid):
                if vals.clean_name(self.name(eid)):
                    people.append((eid, n, p))
            elif eid not in self._bad_org:
                orgs.append((eid, n, p))
        people.sort(key=lambda x: x[2])
        orgs.sort(key=lambda x: x[2])
        pron_person = next((e for e, r in f.entities.items() if r == REF_PRONOUN and self.is_person(e)), None)
        pron_org = next(
            (e for e, r in f.entities.items() if r == REF_PRONOUN and not self.is_person(e)), None
        )
        if pron_person is not None and not _PRONOUN_START.match(canon):
            pron_person = None
        if pron_org is not None and not _ORG_PRONOUN.match(canon):
            pron_org = None
        return _Sent(i, f, canon, people, orgs, pron_person, pron_org)

    def subject(self, s: _Sent) -> int | None:
        """The sentence's subject: the entity named first, after at most a date or place lead, or the
        person or company a pronoun at its start continues."""
        if s.pronoun_person is not None:
            return s.pronoun_person
        if s.pronoun_org is not None:
            return s.pronoun_org
        named = sorted(s.people + s.orgs, key=lambda x: x[2])
        if not named:
            return None
        eid, _n, pos = named[0]
        if re.search(r"(?:在|据|对|向|给|被|让|跟|随)$", s.canon[:pos]):
            return None  # 在李家杰博士的强力支持下: a preposition's object is not the subject
        lead = re.match(
            r"^(?:[^，。]{0,14}?(?:年|月|日|后|时|前|初|底|中)[，,]?\s*)?(?:在[^，。]{0,10}?，)?", s.canon
        )
        if pos - (lead.end() if lead else 0) <= 4:
            return eid
        # 公告显示，星途科技…; 据悉，飞步科技…: a short lead clause naming no one.
        first = re.match(r"^[^，。]{1,8}[，,]", s.canon)
        return eid if first and 0 <= pos - first.end() <= 2 else None

    def agents(self, s: _Sent, vpos: int) -> list[int]:
        """Who does the verb at `vpos`: the person named last before it in its clause (with those joined to
        them by 和/与/、), else — when nothing is named before it in the clause — the sentence's subject."""
        cs, _ce = vals.clause_at(s.canon, vpos)
        before = [p for p in s.people if cs <= p[2] < vpos]
        orgs_before = [o for o in s.orgs if cs <= o[2] < vpos]
        if before:
            last = before[-1]
            if any(o[2] > last[2] for o in orgs_before) and re.search(
                r"的$", s.canon[: min(o[2] for o in orgs_before if o[2] > last[2])]
            ):
                return []  # 张三的公司创立… : the company acts, not the person
            out = [last[0]]
            for prev in reversed(before[:-1]):
                gap = s.canon[prev[2] + len(prev[1]) : last[2]]
                if not _CO_AGENT.match(gap):
                    break
                out.append(prev[0])
                last = prev
            return out
        if re.search(r"我|我们|他们|她们|大家|对方", s.canon[cs:vpos]):
            return []
        if re.match(r"^其$", s.canon[cs:vpos]) and cs > 0:
            # 有魔童称号的王维基，其创办的香港电视: 其 is the person the clause before ends with.
            ends = [p for p in s.people if p[2] + len(p[1]) == cs - 1]
            return [ends[0][0]] if ends else []
        if _CONTINUES.match(s.canon[cs:vpos]):
            # …荣秀丽已经将目光投向了新的行业，并创办了唯捷创芯: the last person named before goes on.
            prior = [p for p in s.people if p[2] < cs]
            if prior and not any(prior[-1][2] < q[2] < vpos for q in s.people if q[0] != prior[-1][0]):
                return [prior[-1][0]]
        if orgs_before:
            return []
        subj = self.subject(s)
        prefix = s.canon[cs:vpos]
        pron = re.match(r"^[^，。]{0,4}?([他她])(.?)", prefix)
        if pron:
            first = re.search(r"[他她]", s.canon)
            ours = pron.group(1) == first.group(0) and not re.match(_NOT_THE_PRONOUN, pron.group(2))
            # 她拿出全部积蓄注册了…: the clause's own subject is the pronoun; 她的丈夫…, 他则… (after 她): someone else
            if not ours:
                return []
            if s.pronoun_person is not None:
                return [s.pronoun_person]
        if len(prefix) > 8 or re.search(r"教授|博士|先生|女士|老师|总裁|董事长", prefix):
            return []  # 崔屹教授从0到1创建了…: someone the extractor does not know does it
        if subj is not None and self.is_person(subj):
            # A subject named earlier holds only while no other person stands between it and the verb.
            pos = next((p[2] for p in s.people if p[0] == subj), 0)
            if any(pos < p[2] < vpos for p in s.people if p[0] != subj):
                return []
            return [subj]
        return []

    def org_subject(self, s: _Sent, pos: int) -> int | None:
        """The company a verb or label at `pos` is about: the one named last before it, not in a list (A、B和C),
        else the company 该公司 continues."""
        before = [o for o in s.orgs if o[2] < pos and not s.canon[o[2] + len(o[1]) :].startswith("最")]
        if before:
            eid, n, p = before[-1]
            around = s.canon[max(0, p - 1) : p] + s.canon[p + len(n) : p + len(n) + 1]
            if "、" in around:
                return None
            people_between = [q for q in s.people if p < q[2] < pos]
            if people_between and not re.match(r"^(?:的)?(?:" + _ROLES + ")", s.canon[p + len(n) :]):
                return None
            return eid
        return s.pronoun_org

    def when(self, s: _Sent, start: int, pos: int) -> str:
        """The date written in the clause before `pos`, or in a bare date clause just before it."""
        cs, _ = vals.clause_at(s.canon, start)
        ctx = s.f.year
        date = vals.date_in(s.canon[cs:pos], ctx)
        if not date and cs > 0:
            ps, pe = vals.clause_at(s.canon, cs - 2)
            if pe - ps <= 12:
                date = vals.date_in(s.canon[ps:pe], ctx)
        lead = _DATE_LEAD.match(s.canon)
        if not date and lead and lead.end() <= cs + 1:
            # 2020年，在X旗下，杨作兴创立了Y: the sentence opens with the date of what it tells.
            date = vals.date_in(lead.group(0), ctx)
        return date

    # ---- the relations --------------------------------------------------------------------------
    def build(self) -> dict[int, list[Value]]:
        sents = [self._sent(i, f) for i, f in enumerate(self.facts)]
        by_place = {(s.f.article, s.f.sentence): s for s in sents if s.f.type != QUESTION_TYPE}
        self._by_place = by_place
        for s in sents:
            if s.f.type == QUESTION_TYPE:
                self.org_founded(s)  # a statement in a question turn: its founding date, nothing else
                continue
            self.founded(s)
            self.founder_titles(s)
            self.org_founded(s)
            self.roles(s)
            self.departures(s)
            self.born(s)
            self.education(s)
            self.listing(s)
            self.figures(s)
            self.products(s, by_place)
            self.places_and_parents(s)
            self.related(s)
        return self._finish()

    def founded(self, s: _Sent) -> None:
        """PERSON (和PERSON) … 创立(了) ORG, 由PERSON创办的ORG, ORG于2009年由PERSON创立."""
        for m in _FOUND_VERB.finditer(s.canon):
            vpos, vend = m.start(), m.end()
            cs, ce = vals.clause_at(s.canon, vpos)
            if _NEGATED.search(s.canon[max(cs, vpos - 3) : vpos]) or _FAILURE.search(s.canon[cs:ce]):
                continue
            if _PLANNED.search(s.canon[cs:vpos]):
                continue
            agents = self.agents(s, vpos)
            if s.canon[vend : vend + 1] == "于" and not (agents and self._passive(s, agents[0])):
                continue  # 成立于2013年: the organisation's date, not a founder's act
            if not agents:
                continue
            after = s.canon[vend:].removeprefix("了")
            target = None
            for oid, n, p in s.orgs:
                gap = s.canon[vend:p]
                if (
                    p >= vend
                    and p < ce
                    and len(gap) <= 12
                    and not re.search(r"[，。；]", gap)
                    # 全美最大的…公司: a modifier; 最早/最初 are adverbs of the next clause's verb
                    and not re.match(r"的|最(?!早|初|先|终|后|近)", s.canon[p + len(n) :])
                ):
                    target = (oid, n, p)
                    break
            by = self._passive_at(s, agents[0], vpos)
            if target is None and by is not None:
                # ORG由…PERSON创办: the organisation named before 由, not one inside the agent's description.
                before = [o for o in s.orgs if o[2] + len(o[1]) <= by]
                target = before[-1] if before else None
            if target is None or not after:
                continue
            if _REGISTER_VERB.fullmatch(m.group(0)) and (
                target[2] < vend or _NOT_REGISTERED.match(s.canon[target[2] + len(target[1]) :])
            ):
                continue  # 注册了天语商标, 注册资本: registering is founding only of the company itself
            oid = target[0]
            if vals.is_school(target[1]) or self.entities[oid]["kind"] == "university":
                continue
            date = self.when(s, vpos, vpos)
            if s.canon[vend : vend + 1] == "于":
                date = vals.date_in(s.canon[vend : vend + 12], None) or date  # 由戴宇峰创立于2016年
            for pid in agents:
                self._founded(pid, oid, date, s.i)

    def _passive(self, s: _Sent, pid: int) -> bool:
        """由PERSON创立: the person named right after 由."""
        return any(p[0] == pid and s.canon[: p[2]].endswith("由") for p in s.people)

    def _passive_at(self, s: _Sent, pid: int, vpos: int) -> int | None:
        """Where the 由 stands that makes `pid` the agent of the verb at `vpos`: right before the name
        (由戴宇峰创立), or before a description of which the name is the head, the name then standing right
        before the verb (由堡狮龙创办人罗定邦长子罗乐风夫妇创办: 罗乐风, not 罗定邦 nor 堡狮龙)."""
        for _e, n, p in (q for q in s.people if q[0] == pid):
            if s.canon[:p].endswith("由"):
                return p - 1
            by = s.canon.rfind("由", 0, p)
            if p >= vpos or by < 0 or p - by > 24:
                continue
            chain = s.canon[by + 1 : vpos]
            if re.search(r"[，,。；、：:]|被|把", chain) or _FOUND_VERB.search(s.canon, by + 1, p):
                continue
            if _AGENT_TAIL.fullmatch(s.canon[p + len(n) : vpos]):
                return by
        return None

    def _founded(self, pid: int, oid: int, date: str, i: int) -> None:
        org = self.name(oid)
        self.put(
            pid,
            "founded",
            org + (f"（{vals.show_date(date)}）" if date else ""),
            i,
            entity=oid,
            organisation=org,
            date=date,
        )
        self.put(oid, "founders", self.name(pid), i, entity=pid, person=self.name(pid))
        if date:
            self.put(oid, "founded", vals.show_date(date), i, date=date, year=int(date[:4]))

    def founder_titles(self, s: _Sent) -> None:
        """ORG(的)创始人PERSON, PERSON是ORG的创始人: the title says who founded what."""
        for m in _FOUNDER_TITLE.finditer(s.canon):
            org = next((o for o in s.orgs if s.canon[: m.start()].rstrip('的 」”\x27"').endswith(o[1])), None)
            if org is None or vals.is_school(org[1]):
                continue
            rest = s.canon[m.end() :]
            tail = re.match(rf"^(?:\s?(?:兼|暨)\s?(?:{_ROLES}))*(?:之一)?(?:的)?", rest)
            at = m.end() + (tail.end() if tail else 0)
            person = next((p for p in s.people if p[2] == at), None)
            if person is None:
                # PERSON是ORG的创始人 / 作为ORG创始人的PERSON
                # (朱江明是安防巨头大华股份的创始人之一: a short description of the company may stand between)
                before = s.canon[: org[2]]
                person = next(
                    (
                        p
                        for p in s.people
                        if re.search(
                            rf"{re.escape(p[1])}(?:是|为)(?:[\u4e00-\u9fff]{{2,6}}(?<!的))?$", before
                        )
                        and not any(p[2] < q[2] < org[2] for q in s.people + s.orgs if q[1] != p[1])
                    ),
                    None,
                )
            if person is None:
                continue
            if _PAST.search(s.canon[max(0, org[2] - 4) : org[2]]):
                continue
            self._founded(person[0], org[0], "", s.i)

    def org_founded(self, s: _Sent) -> None:
        """ORG成立于2013年, ORG于2009年在苏州成立, 成立于2015年的ORG — the company is the subject."""
        for oid, n, p in s.orgs:
            cs, ce = vals.clause_at(s.canon, p)
            at = p + len(n)
            tail = _LEGAL_TAIL.match(s.canon, at)
            if tail and tail.end() > at:
                at = (
                    tail.end()
                )  # 「Roadget Business Pte. LTD.」在2019年成立: the rest of the quoted legal name
            m = _ORG_FOUNDED_AFTER.match(s.canon, at) or _ORG_FOUNDED_IN.match(s.canon, at)
            if m and (
                m.group(2)
                or s.canon[p + len(n) :].startswith(("成立于", "创立于", "创办于", "始创于", "公司成立于"))
            ):
                if any(p < q[2] < m.end() for q in s.people):
                    continue
                date = vals.date_in(m.group(1), None)
                self.put(oid, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))
                continue
            m = _ORG_IS_FOUNDED.match(s.canon, p + len(n))
            if m and not any(m.end() <= o[2] < ce for o in s.orgs):  # …成立的Y公司的子公司: Y's year
                date = vals.date_in(m.group(1), None)
                self.put(oid, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))
                continue
            m = _ORG_FOUNDED_BEFORE.search(s.canon, cs, p)
            if m and not s.people:
                date = vals.date_in(m.group(1), None)
                self.put(oid, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))
        # …星途科技总部位于江苏苏州，公司于2009年成立: 公司/该公司 goes on with the sentence's company.
        subj = self.subject(s)
        if subj is not None and not self.is_person(subj):
            for m in _ORG_PRONOUN_FOUNDED.finditer(s.canon):
                date = vals.date_in(m.group(1), None)
                self.put(subj, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))

    def roles(self, s: _Sent) -> None:
        """ORG(的)TITLE PERSON; PERSON 担任/现任/曾任 ORG TITLE (past when 曾任, 历任, 此前 …)."""
        for pid, _pname, pos in s.people:
            m = _ROLE_BEFORE.search(s.canon, 0, pos)
            if m:
                head = s.canon[: m.start()].rstrip('的」”\x27" ')
                cls = _ORG_CLASS.search(head)
                org = max(
                    (
                        o
                        for o in s.orgs
                        if head.endswith(o[1])
                        or (cls and head[: cls.start()].rstrip('」”\x27"').endswith(o[1]))
                    ),
                    key=lambda o: len(o[1]),
                    default=None,
                )
                if org is not None:
                    lead = re.split(r"[，,。；]", s.canon[max(0, org[2] - 4) : org[2]])[-1]
                    past = bool(_PAST.search(lead)) or s.canon[org[2] + len(org[1]) : m.start()].startswith(
                        "前"
                    )
                    self._role(pid, org[0], m.group(1), "past" if past else "current", s.i)
        for m in _TAKES_ROLE.finditer(s.canon):
            org = next((o for o in s.orgs if o[1] in m.group(2) and o[2] >= m.start(2)), None)
            if org is None:
                continue
            agents = self.agents(s, m.start())
            if not agents:
                continue
            cs, _ = vals.clause_at(s.canon, m.start())
            past = m.group(1).startswith(("曾", "历")) or bool(_PAST.search(s.canon[cs : m.start()]))
            # 1998年，求伯君推荐雷军出任金山的总经理: a dated appointment is history unless 现任/目前/至今.
            dated = _DATED.search(s.canon) and not re.search(r"现任|目前|至今|如今", s.canon)
            founded_it = any(
                f.end() <= org[2] and not re.search(r"[，。；]", s.canon[f.end() : org[2]])
                for f in _FOUND_VERB.finditer(s.canon)
            ) or re.search(rf"(?:{cues.alternation('found_verbs')})了?{re.escape(org[1])}", s.canon)
            past = past or (bool(dated) and m.group(1) != "现任" and not founded_it)
            for pid in agents[:1]:
                self._role(pid, org[0], m.group(3), "past" if past else "current", s.i)
        self._roles_at_pronoun(s)
        self._roles_at_focus(s)
        self._roles_in_apposition(s)
        self._successions(s)
        self._scholars(s)
        # 这位…韦豪创芯的创始合伙人之一: the role of the person the sentence continues.
        if s.pronoun_person is not None:
            for m in re.finditer(rf"的({_ROLE})(?:之一)?", s.canon):
                org = next((o for o in s.orgs if s.canon[: m.start()].endswith(o[1])), None)
                if org and not any(p[2] < m.start() for p in s.people):
                    self._role(s.pronoun_person, org[0], m.group(1), "current", s.i)

    def _org_in_focus(self, s: _Sent, pos: int) -> int | None:
        """The organisation 该公司 at `pos` refers to: the sentence's subject when it is one, else the one a
        pronoun continues, else the only organisation named before it."""
        subj = self.subject(s)
        if subj is not None and not self.is_person(subj):
            return subj
        if s.pronoun_org is not None:
            return s.pronoun_org
        before = {o[0] for o in s.orgs if o[2] < pos}
        return before.pop() if len(before) == 1 else None

    def _roles_at_pronoun(self, s: _Sent) -> None:
        """PERSON为该公司行政总裁: a role at the organisation in focus."""
        for m in _ROLE_AT_PRONOUN.finditer(s.canon):
            agents = self.agents(s, m.start())
            oid = self._org_in_focus(s, m.start())
            if len(agents) != 1 or oid is None:
                continue
            cs, _ = vals.clause_at(s.canon, m.start())
            lead = s.canon[cs : m.start()]
            dated = m.group(1) in ("任", "担任", "出任") and _DATED.search(lead)
            past = bool(_PAST.search(lead)) or (bool(dated) and not re.search(r"现任|目前|至今|如今", lead))
            self._role(agents[0], oid, m.group(2), "past" if past else "current", s.i)

    def departures(self, s: _Sent) -> None:
        """PERSON(、PERSON和PERSON)已经从ORG离职, PERSON离开了ORG: the person has left the organisation."""
        for m in _DEPARTURE.finditer(s.canon):
            cs, ce = vals.clause_at(s.canon, m.start())
            lead = s.canon[cs : m.start()]
            if _NEGATED.search(lead[-3:]) or _PLANNED.search(lead) or re.search(r"将|要|想|会|可能", lead):
                continue
            org = next(
                (
                    o
                    for o in s.orgs
                    if cs <= o[2] < m.start()
                    and o[2] + len(o[1]) == m.start()
                    and re.search(r"(?:从|自)$", s.canon[: o[2]])
                ),
                None,
            ) or next((o for o in s.orgs if o[2] == m.end() + (s.canon[m.end() : m.end() + 1] == "了")), None)
            if org is None:
                continue
            at = min(m.start(), org[2])
            start = s.canon.rfind("从", cs, at + 1) if org[2] < m.start() else m.start()
            for pid in self.agents(s, start if start >= 0 else at):
                self.left[(pid, org[0])].add(s.i)

    def _apply_moves(self) -> None:
        """An organisation whose headquarters moved shows the place it moved to, not the older one."""
        for table in self.values.values():
            hq = [k for k, v in table.items() if v.field == "headquarters"]
            if any(table[k].parts.get("moved") for k in hq):
                for k in hq:
                    if not table[k].parts.get("moved"):
                        del table[k]

    def _apply_departures(self) -> None:
        """A person who left an organisation no longer leads it; their titles there are past (a founder's
        title goes: the founding itself stays true)."""
        for (pid, oid), _src in self.left.items():
            for key, v in list(self.values.get(pid, {}).items()):
                if v.field != "roles" or v.entity != oid or v.parts.get("status") != "current":
                    continue
                del self.values[pid][key]
                if _FOUNDER_TITLE.fullmatch(v.parts.get("title", "")):
                    continue
                self._role(pid, oid, v.parts["title"], "past", None)
                self.values[pid][
                    ("roles", f"{v.parts['organisation']} {v.parts['title']}（曾任）")
                ].sources |= v.sources
            for key, v in list(self.values.get(oid, {}).items()):
                if v.field == "leaders" and v.entity == pid:
                    del self.values[oid][key]

    def _focus_org(self, s: _Sent, pos: int) -> int | None:
        """The organisation a bare 公司/企业 at `pos` stands for: the one the sentence names (only one), else
        the one it continues, else the one its article is about; None when that is not clear."""
        named = {o[0] for o in s.orgs if o[2] < pos}
        if len(named) == 1:
            return named.pop()
        if named:
            return self._org_in_focus(s, pos)
        # 该集团执行董事王志辉，是…香港纺织…董事: an organisation named only after it is not the one meant.
        return s.pronoun_org if s.pronoun_org is not None else self.article_org.get(s.f.article)

    def _roles_at_focus(self, s: _Sent) -> None:
        """由戴宇峰创立于2016年，目前担任公司董事长…; 她…目前在公司担任执行董事; 父亲兼企业创办人万隆."""
        for cs, ce in vals.clauses(s.canon):
            m = _ROLE_AT_FOCUS.match(s.canon[cs:ce])
            if not m or cs == 0:
                continue
            title = m.group(1) or m.group(2)
            who = self._clause_subject(s, cs)
            oid = self._focus_org(s, cs)
            if who is None or oid is None:
                continue
            past = bool(_PAST.search(m.group(0)[: (m.start(1) if m.group(1) else m.start(2))]))
            self._role(who, oid, title, "past" if past else "current", s.i)
        for pid, _n, pos in s.people:
            m = _FOCUS_TITLE.search(s.canon, 0, pos)
            if not m:
                continue
            oid = self._focus_org(s, m.start())
            if oid is None:
                continue
            title = m.group(1)
            self._role(pid, oid, title, "current", s.i)
            if _FOUNDER_TITLE.search(title):
                self._founded(pid, oid, "", s.i)

    def _roles_in_apposition(self, s: _Sent) -> None:
        """——何晓飞，浙江大学教授。 (a title after the name); 来到ORG，采访了负责人PERSON; 创始人周曦是… at the
        start of a sentence in an article about one organisation, after a sentence naming only that one."""
        for pid, n, pos in s.people:
            end = pos + len(n)
            if s.canon[end : end + 1] in ("，", ","):
                org = next((o for o in s.orgs if o[2] == end + 1), None)
                if org is not None:
                    after = org[2] + len(org[1])
                    t = re.compile(rf"的?({_ROLE}|{cues.alternation('academic_titles')})(?=[。；]|$)").match(
                        s.canon, after
                    )
                    if t:
                        scholar = self.entities[org[0]]["kind"] == "university" or vals.is_school(org[1])
                        self._role(pid, org[0], t.group(1), "current", s.i, leads=not scholar)
            m = _INTERVIEWED.search(s.canon, 0, pos)
            if m:
                cs, _ = vals.clause_at(s.canon, m.start())
                prev = [o for o in s.orgs if o[2] < cs and vals.clause_at(s.canon, max(cs - 2, 0))[0] <= o[2]]
                if prev and prev[-1][0] != self.subject(s):
                    self._role(pid, prev[-1][0], m.group(1), "current", s.i)
            lead = re.match(rf"^({_ROLE})$", s.canon[:pos])
            oid = self.article_org.get(s.f.article)
            if lead and oid is not None and not s.orgs and pid == self.subject(s):
                before = self._by_place.get((s.f.article, s.f.sentence - 1))
                if before is not None and before.orgs and {o[0] for o in before.orgs} == {oid}:
                    self._role(pid, oid, lead.group(1), "current", s.i)
                    if _FOUNDER_TITLE.fullmatch(lead.group(1)):
                        self._founded(pid, oid, "", s.i)

    def _successions(self, s: _Sent) -> None:
        """被罢免副主席职务的…万洪建: a past post; …副主席一职，改由…万宏伟接任: the successor holds it now and
        the one who held it (由万洪建担任的) no longer does."""
        for m in _DISMISSED.finditer(s.canon):
            _cs, ce = vals.clause_at(s.canon, m.start())
            person = next((p for p in s.people if m.end() <= p[2] < ce), None)
            if person is None:
                continue
            between = {o[0] for o in s.orgs if m.end() <= o[2] < person[2]}
            oid = between.pop() if len(between) == 1 else self._focus_org(s, m.start())
            if oid is not None:
                self._role(person[0], oid, m.group(1), "past", s.i)
        for m in _HANDED_OVER.finditer(s.canon):
            after = next((p for p in s.people if p[2] >= m.end() and p[2] - m.end() <= 8), None)
            if after is None or not re.match(
                cues.alternation("succession"), s.canon[after[2] + len(after[1]) :]
            ):
                continue
            if not _SHORT_GAP.match(s.canon[m.end() : after[2]]):
                continue
            subj = self.subject(s)
            oid = subj if subj is not None and not self.is_person(subj) else self._focus_org(s, m.start())
            if oid is None:
                continue
            self._role(after[0], oid, m.group(1), "current", s.i)
            cs, _ = vals.clause_at(s.canon, m.start())
            held = next(
                (p for p in s.people if cs <= p[2] < m.start() and s.canon[: p[2]].endswith("由")), None
            )
            if held is not None and held[0] != after[0]:
                self._role(held[0], oid, m.group(1), "past", s.i)

    def _clause_subject(self, s: _Sent, cs: int) -> int | None:
        """Who a subjectless clause at `cs` goes on about: the one person the sentence names before it, when
        that person is the agent there (由戴宇峰创立…, 戴宇峰创立了…) or the pronoun at its start."""
        before = {p[0] for p in s.people if p[2] < cs}
        if not before and s.pronoun_person is not None and not s.people:
            return s.pronoun_person
        if len(before) != 1 or any(p[2] >= cs for p in s.people):
            return None
        pid = before.pop()
        pos = next(p[2] for p in s.people if p[0] == pid)
        if s.canon[:pos].endswith("由") or self.subject(s) == pid:
            return pid
        return None

    def _scholars(self, s: _Sent) -> None:
        """斯坦福大学能源界专家崔屹教授: an academic title after a name, with the institute just before it."""
        for pid, n, pos in s.people:
            title = _ACADEMIC.match(s.canon, pos + len(n))
            if not title:
                continue
            inst = [
                o
                for o in s.orgs
                if o[2] < pos
                and (
                    self.entities[o[0]]["kind"] == "university"
                    or vals.is_school(o[1])
                    or o[1].endswith(("研究院", "研究所", "科学院", "实验室"))
                )
            ]
            if not inst:
                continue
            oid, oname, opos = inst[-1]
            gap = s.canon[opos + len(oname) : pos]
            if not (_SCHOLAR_GAP.fullmatch(gap) and not _NOT_SCHOLAR_GAP.search(gap)) and not (
                _TITLE_LIST.fullmatch(gap)
            ):
                continue
            if any(opos < q[2] < pos for q in s.people) or any(opos < o[2] < pos for o in s.orgs):
                continue
            ocs, _ = vals.clause_at(s.canon, opos)
            lead = s.canon[ocs:opos]
            if _STUDIED.search(lead):
                continue  # 毕业于清华大学的张三教授: he studied there, he need not teach there
            past = bool(_PAST.search(lead)) or lead.endswith(("前", "原"))
            # A professor holds a post at the university; they do not lead it.
            self._role(pid, oid, title.group(0), "past" if past else "current", s.i, leads=False)

    def _role(self, pid: int, oid: int, title: str, status: str, i: int, leads: bool = True) -> None:
        org = self.name(oid)
        title = re.sub(r"\s+", "", title)
        text = f"{org} {title}" + ("（曾任）" if status == "past" else "")
        self.put(pid, "roles", text, i, entity=oid, title=title, organisation=org, status=status)
        if status == "current" and leads:
            self.put(
                oid,
                "leaders",
                f"{self.name(pid)}（{title}）",
                i,
                entity=pid,
                person=self.name(pid),
                title=title,
                status=status,
            )

    def born(self, s: _Sent) -> None:
        m = _BORN.search(s.canon)
        place = None
        for pm in _BORN_PLACE.finditer(s.canon):
            if _is_place(pm.group(1)):
                place = pm
                break
        if not m and not place:
            return
        at = m.start() if m else place.start()
        who = self.agents(s, at) or ([s.people[0][0]] if len(s.people) == 1 else [])
        if len(who) != 1:
            return
        pid = who[0]
        if m:
            year = next(g for g in m.groups() if g)
            self.put(pid, "born", f"{year}年", s.i, year=int(year))
        if place:
            self.put(pid, "born", place.group(1), s.i, place=place.group(1))

    def education(self, s: _Sent) -> None:
        recs = vals.education(s.canon, self.restore)
        if not recs:
            return
        first_school = min((s.canon.find(r["school"]) for r in recs if r["school"] in s.canon), default=0)
        # Who studied there: the subject of the school's clause (张三和李四均毕业于…: both), else the
        # person named closest before the school, else the one a pronoun continues.
        who = self.agents(s, max(first_school, 0))
        if not who:
            before = [p for p in s.people if p[2] < first_school]
            # A person named after the school: in the school's own clause (毕业于清华大学的张三), or as the
            # subject of the main clause after a 毕业后 time clause (北航本科毕业后，张楠赓…); not elsewhere
            # (他毕业于清华大学，师从张三教授: the teacher did not study there).
            cs, ce = vals.clause_at(s.canon, max(first_school, 0))
            after = [
                p[0]
                for p in s.people[:1]
                if cs <= p[2] < ce
                or (re.search(r"(?:后|之后|以后|时|期间)$", s.canon[cs:ce]) and 0 <= p[2] - (ce + 1) <= 2)
            ]
            who = [before[-1][0]] if before else after
        if not who and s.pronoun_person is not None:
            who = [s.pronoun_person]
        for pid in who:
            self._education(s, pid, recs)

    def _education(self, s: _Sent, pid: int, recs: list[dict]) -> None:
        for r in recs:
            uni = next((o for o in s.orgs if o[1] == r["school"]), None)
            self.put(
                pid,
                "education",
                vals.show_education(r),
                s.i,
                entity=uni[0] if uni else None,
                school=r["school"],
                major=r["major"],
                degree=r["degree"],
                year=r["year"],
            )

    def listing(self, s: _Sent) -> None:
        fail = _FAILURE.search(s.canon)
        for m in _LISTING_VERB.finditer(s.canon):
            vpos = m.start()
            if _NOT_A_LISTING.match(s.canon[m.end() :]) or s.canon[max(0, vpos - 2) : vpos] in (
                "申请",
                "计划",
            ):
                continue
            cs, ce = vals.clause_at(s.canon, vpos)
            if fail and fail.start() >= cs:
                continue  # 递交了上市申请，但未能通过
            if _NEGATED.search(s.canon[max(cs, vpos - 3) : vpos]):
                continue
            planned = _PLANNED.search(s.canon[cs:vpos]) or re.search(r"将(?!近)|有望", s.canon[:vpos])
            status = "planned" if planned else "done"
            exchanges = _EXCHANGE.findall(s.canon[cs:ce]) or [
                x.group(1) for x in _EXCHANGE_NAMED.finditer(s.canon[cs:ce])
            ]
            if not exchanges:
                whole = list(dict.fromkeys(_EXCHANGE.findall(s.canon)))
                exchanges = whole if len(whole) == 1 else []
            if not exchanges and re.search(r"(?:在|赴)香港", s.canon[cs:vpos]):
                exchanges = ["香港"]
            if not exchanges:
                continue
            oid = self.org_subject(s, vpos)
            if oid is None:
                continue
            date = self.when(s, vpos, vpos) if status == "done" else ""
            ticker = _TICKER.search(s.canon)
            ex = exchanges[0]
            parts = [ex]
            if date:
                parts.append(vals.show_date(date))
            if ticker:
                parts.append(ticker.group(1))
            text = " · ".join(parts) + ("（计划）" if status == "planned" else "")
            self.put(
                oid,
                "listing",
                text,
                s.i,
                exchange=ex,
                date=date,
                ticker=ticker.group(1) if ticker else "",
                status=status,
            )
            return
        t = _TICKER.search(s.canon)
        if t:
            oid = self.org_subject(s, t.start())
            if oid is not None:
                self.put(
                    oid,
                    "listing",
                    f"股票代码 {t.group(1)}",
                    s.i,
                    exchange="",
                    date="",
                    ticker=t.group(1),
                    status="done",
                )

    def figures(self, s: _Sent) -> None:
        labels = cues.pairs("figure_labels")
        seen: set[str] = set()
        for m in _FIGURE_LABEL.finditer(s.canon):
            label, j, end = m.group(0), m.start(), m.end()
            cs, ce = vals.clause_at(s.canon, j)
            after = vals.AMOUNT.search(s.canon, end, min(ce, end + 10))
            before = None
            for b in vals.AMOUNT.finditer(s.canon, max(cs, j - 12), j):
                before = b
            gap_after = after.start() - end if after else 99
            gap_before = j - before.end() if before else 99
            am = before if gap_before < gap_after and gap_before <= 3 else after
            if am is None or am.group(1) in seen:
                continue
            if re.fullmatch(r"[百千]+(?:万|亿)", am.group(1)) or re.search(
                r"(?:平均|人均|每人|单店)\S{0,2}$", s.canon[cs:j]
            ):
                continue  # 年收入在百万以上, 牙医平均年收入: an order of magnitude or an average, not the company's
            if am is after and re.search(r"[\u4e00-\u9fff]{4,}", s.canon[end : am.start()]):
                continue
            seen.add(am.group(1))
            if s.canon[am.end() : am.end() + 1] == "、" or s.canon[end : end + 2] in ("来源", "结构"):
                continue  # 4.51亿元、5.97亿元、5.15亿元 for 2018-2020: no one figure per year
            oid = self._figure_owner(s, j, cs)
            if oid is None:
                continue
            year = vals.date_in(s.canon[cs:j], None)[:4]
            status = "actual"
            if _TARGET.search(s.canon[cs : am.start()]):
                status = "target"
            elif _PLANNED.search(s.canon[cs : am.start()]) or re.search(
                r"将(?!近)|有望", s.canon[: am.start()]
            ):
                status = "planned"
            kind = labels.get(label, label)
            rnd = _ROUND.search(s.canon[cs:j])
            if rnd and kind == "融资":
                kind = f"{rnd.group(1)}轮融资"  # one round, not the company's total
            amount = vals.amount(am.group(1))
            text = f"{year + '年' if year else ''}{kind} {amount}" + {
                "planned": "（预计）",
                "target": "（目标）",
            }.get(status, "")
            self.put(
                oid,
                "figures",
                text,
                s.i,
                kind=kind,
                amount=amount,
                year=int(year) if year else None,
                status=status,
            )

    def _figure_owner(self, s: _Sent, j: int, cs: int) -> int | None:
        """The company a figure at `j` belongs to: named in the label's clause right before it (营收,
        的营收, 2020年营收), or the sentence's company when the clause goes on with 其/公司/该公司. An
        investor (由顺为资本领投) or a company that only owns something else's figure (客户的销售收入) is not."""
        here = [o for o in s.orgs if cs <= o[2] < j]
        if here:
            eid, n, p = here[-1]
            gap = s.canon[p + len(n) : j]
            if "的" in gap[1:] or s.canon[:p].endswith("由") or re.match(r"领投|跟投|参投|投资|注资", gap):
                return None
            if any(p < q[2] < j for q in s.people):
                return None
            return eid
        if re.match(r"^(?:后者|前者|其中|其他|另|对方)", s.canon[cs:j]):
            return None
        if len(s.orgs) == 1 and s.orgs[0][2] < j and j - s.orgs[0][2] <= 40 and not s.people:
            return s.orgs[0][0]  # 创立神眸这条产品线，我预计总投入50个亿: the one company the sentence names
        if re.match(r"^(?:其|公司|该公司|这家公司|集团)", s.canon[cs:j]):
            subj = self.subject(s)
            if subj is not None and not self.is_person(subj):
                return subj
            return s.pronoun_org
        return None

    def products(self, s: _Sent, by_place: dict) -> None:
        canon = s.canon
        subj = self.subject(s)
        for oid, _oname, pos in s.orgs:
            m = _MAIN_PRODUCTS.search(canon, pos)
            if m and oid == subj:
                listed = m.group(1)
                items = (
                    [listed.rsplit("的", 1)[1]] if "的" in listed else re.split(r"[、]|和|及|以及|与", listed)
                )
                for item in items:
                    self._product(oid, item.strip("等。 "), s.i)
            if s.f.type in ("product", "founded", "event", "relation", "figure"):
                for mm in _MODEL.finditer(canon):
                    if self.org_subject(s, mm.start()) != oid:
                        continue
                    code = mm.group(1)
                    pre = canon[max(0, mm.start() - 2) : mm.start()]
                    mention = next((n for e, n, p in s.orgs if e == oid and p + len(n) == mm.start()), None)
                    if mention:
                        self._product(oid, mention + code, s.i, s, mm.start())  # 零跑C11, 比特大陆S7
                        continue
                    named = bool(re.fullmatch(r"[\u4e00-\u9fff]{2}", pre)) and not lx.is_generic(pre)
                    if named and re.search(r"(?:研发|推出|发布|生产|自研)的$", canon[: mm.start() - 2]):
                        self._product(oid, pre + code, s.i, s, mm.start())  # 嘉楠研发的勘智K210
                    elif not re.search(r"[\u4e00-\u9fff]$", pre) and not re.fullmatch(
                        r"[A-Z]{1,2}\d{1,2}", code
                    ):
                        self._product(oid, code, s.i, s, mm.start())
                for mm in _SERIES.finditer(canon):
                    if self.org_subject(s, mm.start()) == oid or subj == oid:
                        self._product(oid, mm.group(1), s.i, s, mm.start())
                if "品牌" in canon and self.entities[oid]["kind"] != "brand":
                    for bid, _bname, bpos in s.orgs:
                        if self.entities[bid]["kind"] == "brand" and bid != oid and bpos > pos:
                            self.put(oid, "brands", self.name(bid), s.i, entity=bid)
            for mm in _LAUNCH.finditer(canon):
                name = mm.group(1)
                looks_named = re.search(r"\d", name) or not name.isupper() or len(name) >= 5
                if mm.start() > pos and looks_named and self.org_subject(s, mm.start()) == oid:
                    self._product(oid, name, s.i, s, mm.start())
        if not s.orgs and s.people:
            self._products_of_neighbour(s, by_place)

    def _product(self, oid: int, name: str, i: int, s: _Sent | None = None, at: int = -1) -> None:
        if s is not None and at >= 0:
            cs, _ = vals.clause_at(s.canon, at)
            if _PLANNED.search(s.canon[cs:at]) or re.search(r"将(?:要|会)?推出|还将|代号", s.canon[cs:at]):
                return  # 还将推出代号D01的轿车: not a product yet
        name = self.restore(name.strip("“”\"' "))
        if not (2 <= len(name) <= 12) or vals.is_exchange(name) or name in cues.words("generic_values"):
            return
        if any(name == n for n in self.names[oid]):
            return
        if self._by_name is None:
            self._by_name = {n: e for e, names in self.names.items() for n in names}
        linked = self._by_name.get(name)
        linked = linked if linked != oid else None
        self.put(oid, "products", name, i, entity=linked, name=name)

    def _products_of_neighbour(self, s: _Sent, by_place: dict) -> None:
        """张楠赓研发出…“阿瓦隆”系列。同年4月…创立嘉楠科技: a product named beside a founding sentence about
        the same person belongs to what they founded."""
        names = [m.group(1) for m in _SERIES.finditer(s.canon)]
        if not names:
            return
        for other in (
            by_place.get((s.f.article, s.f.sentence + 1)),
            by_place.get((s.f.article, s.f.sentence - 1)),
        ):
            if other is None or not _FOUND_VERB.search(other.canon):
                continue
            if not {p[0] for p in s.people} & {p[0] for p in other.people}:
                continue
            for oid, _n, p in other.orgs:
                if p > _FOUND_VERB.search(other.canon).start():
                    for name in names:
                        self._product(oid, name, s.i)

    def places_and_parents(self, s: _Sent) -> None:
        subj = self.subject(s)
        for oid, _n, pos in s.orgs:
            m = _UNDER.search(s.canon, max(0, pos - 32), pos)
            if m:
                parent = next((o for o in s.orgs if o[1] in m.group(1) and o[0] != oid), None)
                if parent:
                    self.put(oid, "parent", self.name(parent[0]), s.i, entity=parent[0])
                    self.put(parent[0], "brands", self.name(oid), s.i, entity=oid)
            # Where a company was founded (在南京创办) is not where it is based: only a 总部 cue says that.
            hq = _HQ.search(s.canon)
            if hq and oid == subj and _is_place(hq.group(1)):
                self.put(oid, "headquarters", hq.group(1), s.i, place=hq.group(1), moved=False)
        for m in _HQ_MOVED.finditer(s.canon):
            place = m.group(1) or m.group(2)
            cs, _ = vals.clause_at(s.canon, m.start())
            named = {o[0] for o in s.orgs}
            oid = subj if subj is not None and not self.is_person(subj) else None
            if oid is None and len(named) == 1:
                oid = next(iter(named))
            if oid is None or not _is_place(place) or _NOT_DONE.search(s.canon[cs : m.start()]):
                continue
            self.put(oid, "headquarters", place, s.i, place=place, moved=True)

    def related(self, s: _Sent) -> None:
        ids = [e for e in s.f.entities if e not in self._bad_org]
        for a in ids:
            for b in ids:
                if a != b:
                    self.put(a, "related", self.name(b), s.i, entity=b)

    # ---- finishing ------------------------------------------------------------------------------
    def _finish(self) -> dict[int, list[Value]]:
        self._apply_departures()
        self._apply_moves()
        out: dict[int, list[Value]] = {}
        for eid, e in self.entities.items():
            # Aliases as the corpus writes them (a spun 技能 restored to 技术 in a legal name).
            for alias, typ in e["aliases"].items():
                self.put(eid, "aliases", self.restore(alias), None, type=typ, written=alias)
        for eid, table in self.values.items():
            items = _same_schools(list(table.values()))
            kept: list[Value] = []
            for v in sorted(items, key=lambda v: (-len(v.sources), min(v.sources, default=0))):
                if v.field != "related" and v.field != "aliases":
                    bigger = next(
                        (k for k in items if k is not v and k.field == v.field and _less_specific(v, k)), None
                    )
                    if bigger is not None:
                        bigger.sources |= v.sources
                        continue
                kept.append(v)
            # A person's founding with the co-founders named beside it (嘉楠科技（2013年4月，与李佳轩）).
            for v in kept:
                if v.field == "founded" and v.entity is not None and self.is_person(eid):
                    others = [
                        k.entity
                        for k in self.values.get(v.entity, {}).values()
                        if k.field == "founders" and k.entity not in (None, eid) and k.sources & v.sources
                    ]
                    if others:
                        v.parts["with"] = [self.name(o) for o in others]
                        names = "、".join(self.name(o) for o in others)
                        date = vals.show_date(v.parts["date"]) if v.parts.get("date") else ""
                        v.text = f"{self.name(v.entity)}（{date + '，' if date else ''}与{names}）"
            edu = [v for v in kept if v.field == "education"]
            if len(edu) > 1:
                # Schools in the order of study (本科 before 研究生), not by how many sentences tell them:
                # the same card whatever else the index holds.
                at = [i for i, v in enumerate(kept) if v.field == "education"]
                for i, v in zip(at, sorted(edu, key=_study_order), strict=True):
                    kept[i] = v
                edu = [v for v in kept if v.field == "education"]
            if edu:
                kept = [v for v in kept if v.field != "related" or not _shown_school(v, edu)]
            out[eid] = kept
        return out


def _less_specific(a: Value, b: Value) -> bool:
    """`a` says less than `b` about the same thing (2013 vs 2013年4月; 嘉楠科技 vs 嘉楠科技（2013年4月）;
    CEO vs 董事长兼CEO at the same company; a past role that is also current)."""
    pa, pb = a.parts, b.parts
    if a.field == "listing":
        if pa.get("exchange") and pa.get("exchange") == pb.get("exchange"):
            no_date = not pa.get("date") and bool(pb.get("date"))
            no_ticker = not pa.get("ticker") and bool(pb.get("ticker")) and pa.get("date") == pb.get("date")
            return no_date or no_ticker
        return not pa.get("exchange") and bool(pa.get("ticker")) and pa.get("ticker") == pb.get("ticker")
    if a.field == "founded" and a.entity is not None:
        return a.entity == b.entity and not pa.get("date") and bool(pb.get("date"))
    if "date" in pa and "date" in pb and not pa.get("exchange"):
        return bool(pa["date"]) and pb["date"].startswith(pa["date"]) and len(pb["date"]) > len(pa["date"])
    if a.field == "roles":
        same_org = pa.get("organisation") == pb.get("organisation")
        if same_org and pa.get("title") == pb.get("title"):
            return pa.get("status") == "past" and pb.get("status") == "current"
        return (
            same_org and pa.get("title", "") in pb.get("title", "") and pa.get("status") == pb.get("status")
        )
    if a.field == "leaders":
        return a.entity == b.entity and pa.get("title", "") in pb.get("title", "") and a.text != b.text
    if a.field == "education":
        degrees_a = set(filter(None, (pa.get("degree") or "").split("/")))
        degrees_b = set(filter(None, (pb.get("degree") or "").split("/")))
        return (
            pa.get("school") == pb.get("school")
            and all(not pa.get(k) or pa.get(k) == pb.get(k) for k in ("major", "year"))
            and degrees_a <= degrees_b
            and a.text != b.text
        )
    if a.field == "born":
        return False
    return a.text != b.text and a.text in b.text and a.field not in ("figures",)


def _abbreviates(short: str, full: str) -> bool:
    """北航 for 北京航空航天大学, 清华 for 清华大学: the short name's characters in order, the first one first."""
    if len(short) >= len(full) or short[:1] != full[:1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


_SCHOOL_PREFIX = re.compile(rf"^(?:{cues.alternation('school_prefixes')})")


def _bare_school(name: str) -> str:
    return _SCHOOL_PREFIX.sub("", name)


def same_school(a: str, b: str) -> bool:
    """北航 and 北京航空航天大学, 美国沃顿商学院 and 沃顿商学院, 宾夕法尼亚大学沃顿商学院 and 沃顿商学院: one school."""
    a, b = _bare_school(a), _bare_school(b)
    if len(a) < 2 or len(b) < 2:
        return False
    return a == b or _abbreviates(a, b) or _abbreviates(b, a) or a.endswith(b) or b.endswith(a)


def _same_schools(items: list[Value]) -> list[Value]:
    """One school under one name: a person's 北航 records join their 北京航空航天大学 ones; 沃顿商学院 joins
    宾夕法尼亚大学 · 沃顿商学院; a major alone (专修计算机体系结构) at a school with degree records adds no line."""
    edu = [v for v in items if v.field == "education"]
    full = {v.parts["school"] for v in edu if v.parts.get("school", "").endswith(("大学", "学院"))}
    # A school that is another record's department (宾夕法尼亚大学 · 沃顿商学院): parent and department.
    depts = {
        v.parts["major"]: v.parts["school"]
        for v in edu
        if (v.parts.get("major") or "").endswith(("学院", "商学院")) and v.parts.get("school")
    }
    merged: dict[str, Value] = {}
    out = []
    for v in items:
        if v.field == "education":
            school = v.parts.get("school", "")
            parent = next((p for d, p in depts.items() if p != school and _bare_school(school) == d), None)
            if parent and not v.parts.get("major"):
                v.parts = {**v.parts, "school": parent, "major": _bare_school(school)}
                v.text = vals.show_education(v.parts)
                v.entity = next((k.entity for k in edu if k.parts.get("school") == parent and k.entity), None)
            target = next((f for f in full if _abbreviates(school, f)), None)
            if target:
                v.parts = {**v.parts, "school": target}
                v.text = vals.show_education(v.parts)
                v.entity = next(
                    (k.entity for k in edu if k.parts.get("school") == target and k.entity), v.entity
                )
            key = v.text
            if key in merged:
                merged[key].sources |= v.sources
                continue
            merged[key] = v
        out.append(v)
    # 专修计算机体系结构 at a school the person has degree records for: which degree it belongs to is not
    # said, so it adds no line of its own (its sources join the school's record without a major).
    for v in [v for v in out if v.field == "education"]:
        p = v.parts
        if p.get("degree") or p.get("year") or not p.get("major"):
            continue
        others = [
            k
            for k in out
            if k is not v and k.field == "education" and k.parts.get("school") == p.get("school")
        ]
        if any(k.parts.get("degree") for k in others):
            host = next((k for k in others if k.parts.get("degree") and not k.parts.get("major")), others[0])
            host.sources |= v.sources
            out.remove(v)
    return out


def _study_order(v: Value) -> tuple:
    degrees = (v.parts.get("degree") or "").split("/")
    rank = min((vals.DEGREE_ORDER.index(d) for d in degrees if d in vals.DEGREE_ORDER), default=99)
    return (v.parts.get("year") or 9999, rank, v.text)


def _shown_school(related: Value, edu: list[Value]) -> bool:
    """A related entity that is a school the education lines already show (by id or as the same school)."""
    for e in edu:
        if related.entity is not None and related.entity == e.entity:
            return True
        if any(n and same_school(related.text, n) for n in (e.parts.get("school"), e.parts.get("major"))):
            return vals.is_school(related.text) or len(related.text) <= 4
    return False
