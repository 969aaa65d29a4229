"""Facts: one per sentence that speaks about an entity, typed and dated; profiles built from them."""

from __future__ import annotations

import re
from collections import defaultdict
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
_MODEL = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,4}-?\d{1,4}[A-Z]?)(?![A-Za-z0-9])")
_EXCHANGES = (
    "纳斯达克",
    "纽交所",
    "纽约证券交易所",
    "港交所",
    "香港交易所",
    "上交所",
    "深交所",
    "科创板",
    "创业板",
    "北交所",
)
_AMOUNT = re.compile(
    r"((?:\d[\d.,]*|[一二三四五六七八九十几两百千]+)(?:多)?(?:个)?(?:亿|万)(?:元|美元|港元)?)"
)
_FOUND_VERBS = "创立|创办|创建|成立"
_FOUNDED_ANY = re.compile(_FOUND_VERBS)
_FOUNDED_AFTER = re.compile(rf"[^，。]{{0,10}}?(?:{_FOUND_VERBS})")
_FOUNDING = re.compile(rf"(?:{_FOUND_VERBS})了?[^，。]{{0,4}}$")
_LISTED_ON = re.compile(r"在([\u4e00-\u9fff]{2,10}?(?:交易所|证交所|板))(?:挂牌)?上市")
_LAUNCH = re.compile(r"(?:推出|发布)了?[\u4e00-\u9fff]{0,8}?([A-Z][A-Za-z0-9\-]{1,20})(?![A-Za-z0-9])")
_FIGURE_LABELS = ("销售额", "营收", "收入", "估值", "融资", "亏损", "利润", "市值", "投入", "出资")
_ROLES = "|".join(re.escape(r) for r in sorted(lx.PROFILE_ROLES, key=len, reverse=True))
_ROLE_BEFORE = re.compile(rf"((?:{_ROLES})(?:兼(?:{_ROLES}))?)(?:的)?$")
_ROLE_AFTER = re.compile(rf"(?:任|担任|出任)((?:{_ROLES})(?:兼(?:{_ROLES}))?)")
_TAKES_ROLE = re.compile(
    rf"(?:担任|出任|兼任|现任|曾任|历任)([^，。；]{{2,16}}?)((?:{_ROLES})(?:兼(?:{_ROLES}))?)"
)
# 1983年生人, 1974年出生, 生于1953年, and the biography form 1970年11月生，
_BORN = re.compile(
    r"((?:19|20)\d{2})年(?:生人|出生)|(?:生于|出生于)((?:19|20)\d{2})|((?:19|20)\d{2})年(?:\d{1,2}月)?生(?=[，,。；])"
)
_FOUNDED_LATER = re.compile(
    rf"于((?:19|20)\d{{2}})年(?:(\d{{1,2}})月)?(?:在[\u4e00-\u9fff]{{2,4}})?(?:正式)?(?:{_FOUND_VERBS})"
)
_MAIN_PRODUCTS = re.compile(r"(?:主要|核心|主打)产品(?:包括|有|是|为)([^。；，,“”]{2,40})")
_ORG_ROLE = re.compile(rf"的((?:{_ROLES})(?:兼(?:{_ROLES}))?)(?:之一)?")
# A sentence whose subject is a pronoun or 这位 continues the last person named (他说…, 这位投资人…).
PRONOUN_SUBJECT = re.compile(r"^[^，。]{0,6}(?:他|她)|^(?:这位|此人|该人士|现任|曾任|历任|现为)")
_FOUNDED_IN = re.compile(r"成立于((?:19|20)\d{2})年的$")
_UNDER = re.compile(r"在([\u4e00-\u9fff]{2,10}?)旗下.{0,20}$")
_FOUNDED_AT = re.compile(rf"在([\u4e00-\u9fff]{{2,3}})(?:{_FOUND_VERBS})$")


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


def figures(canon: str) -> list[tuple[str, str]]:
    """(label, amount) pairs: 营收4009亿元, 完成400亿美元融资, 估值达到3000亿美元 — the amount on either side."""
    out = []
    for label in _FIGURE_LABELS:
        j = canon.find(label)
        if j < 0:
            continue
        after = _AMOUNT.search(canon, j + len(label), j + len(label) + 16)
        before = None
        for m in _AMOUNT.finditer(canon, max(0, j - 12), j):
            before = m
        # The nearer amount belongs to the label (完成400亿美元融资，估值达到3000亿美元).
        gap_after = after.start() - j - len(label) if after else 99
        gap_before = j - before.end() if before else 99
        am = before if gap_before < gap_after else after
        if am and not any(am.group(1) == a for _, a in out):
            out.append((label, am.group(1)))
    return out


def date_before(canon: str, pos: int) -> str:
    """The date written closest before `pos` (同年4月 takes the year mentioned before it)."""
    best, year = "", None
    for m in re.finditer(r"((?:19|20)\d{2})年(?:(\d{1,2})月)?|同年(\d{1,2})月", canon[:pos]):
        if m.group(1):
            year = int(m.group(1))
            best = f"{year:04d}" + (f"-{int(m.group(2)):02d}" if m.group(2) else "")
        elif year:
            best = f"{year:04d}-{int(m.group(3)):02d}"
    return best


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


def _positions(text: str, name: str) -> list[int]:
    out, i = [], text.find(name) if name else -1
    while i >= 0:
        out.append(i)
        i = text.find(name, i + len(name))
    return out


_EDU = re.compile(r"毕业|本科|硕士|博士|读研|攻读|连读|专修|学的(?:还)?是|研究生|获得.{0,6}学位")


def _is_place(text: str) -> bool:
    """A place name: its first word is one the dictionary tags as a place (广东湛江, 北京, 福建宁德)."""
    tags = lx.dictionary_tags()
    return any(tags.get(text[:n], "").startswith("ns") for n in (2, 3)) and len(text) <= 6


# ---- profiles ------------------------------------------------------------------------------------


def _clauses(canon: str) -> list[str]:
    return [c for c in re.split(r"[，；。！？]", canon) if c]


def _noparen(canon: str) -> str:
    return re.sub(r"[(（][^)）]{0,30}[)）]", "", canon)


class ProfileBuilder:
    """Structured fields for each entity, every value with the facts (sources) that support it."""

    def __init__(self, entities: dict[int, dict], facts: list[Fact]) -> None:
        self.entities = entities
        self.facts = facts
        self.names: dict[int, list[str]] = {
            eid: sorted({e["name"], *e["aliases_simplified"]}, key=len, reverse=True)
            for eid, e in entities.items()
        }
        self.fields: dict[int, dict[str, dict[str, set[int]]]] = defaultdict(lambda: defaultdict(dict))

    def put(self, eid: int, field_: str, value: str, fact_idx: int) -> None:
        value = value.strip("，,。 ")
        if value:
            self.fields[eid][field_].setdefault(value, set()).add(fact_idx)

    def named_in(self, eid: int, text: str) -> str:
        return next((n for n in self.names[eid] if n in text), "")

    def orgs_in(self, text: str, among) -> list[tuple[int, str, int]]:
        """Organisations among the fact's entities named in `text`, with where they stand."""
        found = []
        for eid in among:
            if self.entities[eid]["kind"] == "person":
                continue
            n = self.named_in(eid, text)
            if n:
                found.append((eid, n, text.find(n)))
        return found

    def build(self) -> dict[int, dict[str, list[tuple[str, list[int]]]]]:
        by_place = {(f.article, f.sentence): i for i, f in enumerate(self.facts)}
        for i, f in enumerate(self.facts):
            canon = _noparen(f.canon)
            people = [eid for eid in f.entities if self.entities[eid]["kind"] == "person"]
            orgs = self.orgs_in(canon, f.entities)
            if not orgs and people:
                self._products_of_neighbour(i, f, canon, by_place)
            for pid in people:
                pname = self.named_in(pid, canon)
                if not pname and f.entities[pid] == REF_PRONOUN:
                    # 现任星途科技董事长兼总裁 (a biography going on about the same person)
                    for m in _TAKES_ROLE.finditer(canon):
                        org = next((o for o in orgs if o[1] in m.group(1)), None)
                        if org:
                            self.put(pid, "roles", f"{self.entities[org[0]]['name']} {m.group(2)}", i)
                            self.put(org[0], "leaders", f"{self.entities[pid]['name']}（{m.group(2)}）", i)
                    # 这位…韦豪创芯的创始合伙人之一: the role of the person the sentence continues.
                    m = _ORG_ROLE.search(canon)
                    org = next((o for o in orgs if canon[: m.start()].endswith(o[1])), None) if m else None
                    if m and org and PRONOUN_SUBJECT.match(canon):
                        self.put(pid, "roles", f"{self.entities[org[0]]['name']} {m.group(1)}", i)
                        self.put(org[0], "leaders", f"{self.entities[pid]['name']}（{m.group(1)}）", i)
                # ORG(的)?ROLE(兼ROLE)?PERSON, 作为ORG ROLE的PERSON; PERSON(任|担任)ROLE. Patterns are
                # precompiled and anchored at each place the name stands (no per-name regex).
                for pos in _positions(canon, pname):
                    m = _ROLE_BEFORE.search(canon, 0, pos)
                    if m:
                        org = max(
                            (o for o in orgs if canon[: m.start()].rstrip("的").endswith(o[1])),
                            key=lambda o: len(o[1]),
                            default=None,
                        )
                        value = f"{self.entities[org[0]]['name']} {m.group(1)}" if org else m.group(1)
                        self.put(pid, "roles", value, i)
                        if org:
                            self.put(org[0], "leaders", f"{self.entities[pid]['name']}（{m.group(1)}）", i)
                    # …李斌在上海创立了蔚来汽车，并担任蔚来汽车董事长: the subject takes a role later on.
                    for m in _TAKES_ROLE.finditer(canon, pos + len(pname)):
                        org = next((o for o in orgs if o[1] in m.group(1)), None)
                        if org:
                            self.put(pid, "roles", f"{self.entities[org[0]]['name']} {m.group(2)}", i)
                            self.put(org[0], "leaders", f"{self.entities[pid]['name']}（{m.group(2)}）", i)
                    m = _ROLE_AFTER.match(canon, pos + len(pname))
                    if m:
                        org = max(orgs, key=lambda o: -abs(o[2] - m.start()), default=None)
                        self.put(
                            pid,
                            "roles",
                            f"{self.entities[org[0]]['name']} {m.group(1)}" if org else m.group(1),
                            i,
                        )
                        if org:
                            self.put(org[0], "leaders", f"{self.entities[pid]['name']}（{m.group(1)}）", i)
                if f.type == "born" or re.search(r"\d{4}年生人|出生", canon):
                    m = _BORN.search(canon)
                    if m:
                        self.put(pid, "born", next(g for g in m.groups() if g) + "年", i)
                for m in re.finditer(
                    r"(?:地地道道的|土生土长的|出生于|生于|出生在)([\u4e00-\u9fff]{2,6}?)人?(?=[，。,]|$)",
                    canon,
                ):
                    if _is_place(m.group(1)):
                        self.put(pid, "born_place", m.group(1), i)
                        break
                if _EDU.search(canon):
                    edu = [
                        c
                        for c in _clauses(canon)
                        if re.search(r"大学|学院|本科|硕士|博士|毕业|读研|攻读|连读|学的|专修|系", c)
                    ]
                    if edu and re.search(r"大学|学院|本科|本硕|硕士|博士|专修|学的", "".join(edu)):
                        self.put(pid, "education", "，".join(edu)[:60], i)
                # Passive: 台积电于1987年由张忠谋在新竹创立 — the organisations named before 由 PERSON.
                for ppos in _positions(canon, pname):
                    if canon[ppos - 1 : ppos] == "由":
                        after = _FOUNDED_AFTER.match(canon, ppos + len(pname))
                        if after:
                            when = date_before(canon, ppos)
                            for oid, _oname, opos in orgs:
                                if opos < ppos:
                                    self.put(
                                        pid,
                                        "founded",
                                        self.entities[oid]["name"] + (f"（{when}）" if when else ""),
                                        i,
                                    )
                                    self.put(oid, "founders", self.entities[pid]["name"], i)
                                    if when:
                                        self.put(oid, "founded", when, i)
                verb = _FOUNDED_ANY.search(canon)
                if verb:
                    for oid, _oname, pos in orgs:
                        if verb and pos > verb.start():
                            when = (
                                date_before(canon, verb.start()) or f.date or (str(f.year) if f.year else "")
                            )
                            self.put(
                                pid,
                                "founded",
                                f"{self.entities[oid]['name']}" + (f"（{when}）" if when else ""),
                                i,
                            )
                            self.put(oid, "founders", self.entities[pid]["name"], i)
                            if when:
                                self.put(oid, "founded", when, i)
            for oid, _oname, pos in orgs:
                verb = _FOUNDING.search(canon, 0, pos)
                if verb and not any(p_ for p_ in f.entities if self.entities[p_]["kind"] == "person"):
                    when = date_before(canon, verb.start()) or f.date
                    if when:
                        self.put(oid, "founded", when, i)
                if _RULES[3][1].search(canon):
                    named = [ex for ex in _EXCHANGES if ex in canon]
                    named += [
                        m.group(1)
                        for m in _LISTED_ON.finditer(canon)
                        if not any(m.group(1) in ex or ex in m.group(1) for ex in named)
                    ]
                    for ex in named:
                        self.put(
                            oid, "listing", ex + (f"（{f.date}）" if f.date and len(f.date) > 4 else ""), i
                        )
                    m = re.search(r"股票代码[为是:：]?\s*([A-Z]{1,6}|\d{4,6})", canon)
                    if m:
                        self.put(oid, "ticker", m.group(1), i)
                m = _FOUNDED_IN.search(canon, 0, pos)
                if m:
                    self.put(oid, "founded", m.group(1), i)
                subject = min(orgs, key=lambda o: o[2])[0]
                m = _FOUNDED_LATER.search(canon, pos)
                if (
                    m
                    and oid == subject
                    and not any(self.entities[p_]["kind"] == "person" for p_ in f.entities)
                ):
                    self.put(
                        oid, "founded", m.group(1) + (f"-{int(m.group(2)):02d}" if m.group(2) else ""), i
                    )
                m = _MAIN_PRODUCTS.search(canon, pos)
                if m and oid == subject:
                    listed = m.group(1)
                    # 无线、低功耗的AI智能摄像头 describes one product: its head noun after the last 的.
                    items = (
                        [listed.rsplit("的", 1)[1]]
                        if "的" in listed
                        else re.split(r"[、]|和|及|以及|与", listed)
                    )
                    for item in items:
                        item = item.strip("等。 ")
                        if 2 <= len(item) <= 12:
                            self.put(oid, "products", item, i)
                m = _UNDER.search(canon, max(0, pos - 32), pos)
                if m:
                    parent = self.orgs_in(m.group(1), f.entities)
                    if parent:
                        self.put(oid, "parent", self.entities[parent[0][0]]["name"], i)
                        self.put(parent[0][0], "brands", self.entities[oid]["name"], i)
                m = _FOUNDED_AT.search(canon, 0, pos)
                hq = re.search(r"总部(?:位于|设在)([\u4e00-\u9fff]{2,6}?)(?=[，。,、；]|$)", canon)
                subject = min(orgs, key=lambda o: o[2])[0] if orgs else None
                if m:
                    self.put(oid, "headquarters", m.group(1), i)
                elif hq and oid == subject and _is_place(hq.group(1)):
                    self.put(oid, "headquarters", hq.group(1), i)
                if f.type in ("product", "founded", "event", "relation", "figure"):
                    for mm in _MODEL.finditer(canon):
                        pre = canon[max(0, mm.start() - 2) : mm.start()]
                        prefix = (
                            pre if re.fullmatch(r"[\u4e00-\u9fff]{2}", pre) and not lx.is_generic(pre) else ""
                        )
                        if not re.fullmatch(r"[A-Z]{1,2}\d", mm.group(1)) or prefix:
                            self.put(oid, "products", prefix + mm.group(1), i)
                    for mm in re.finditer(r"“([\u4e00-\u9fff]{2,5})”系列", canon):
                        self.put(oid, "products", mm.group(1), i)
                    if re.search(r"品牌", canon) and self.entities[oid]["kind"] != "brand":
                        for bid, _bname, bpos in orgs:
                            if self.entities[bid]["kind"] == "brand" and bid != oid and bpos > pos:
                                self.put(oid, "brands", self.entities[bid]["name"], i)
                if f.type == "figure" or _RULES[4][1].search(canon):
                    for label, amount in figures(canon):
                        # The figure belongs to the organisation named last before its label, close by.
                        at = canon.find(label)
                        owner = max((o for o in orgs if o[2] < at), key=lambda o: o[2], default=None)
                        if owner is None or owner[0] != oid or at - owner[2] > 30:
                            continue
                        year = date_before(canon, at)[
                            :4
                        ]  # a year written after the label is about something else
                        when = f"{year}年" if year else ""
                        self.put(oid, "figures", f"{when}{label} {amount}".strip(), i)
                for mm in _LAUNCH.finditer(canon):
                    name = mm.group(1)
                    # Kimi, DeepSeek-R1, H20 are product names; AI, GPU are words.
                    looks_named = re.search(r"\d", name) or not name.isupper() or len(name) >= 5
                    if mm.start() > pos and looks_named:
                        self.put(oid, "products", name, i)
            # related entities: who and what is named together
            ids = list(f.entities)
            for a in ids:
                for b in ids:
                    if a != b:
                        self.put(a, "related", str(b), i)
        return self._finish()

    def _products_of_neighbour(
        self, i: int, f: Fact, canon: str, by_place: dict[tuple[str, int], int]
    ) -> None:
        """张楠赓研发出…“阿瓦隆”系列。同年4月…创立嘉楠科技: a product named beside a founding sentence about
        the same person belongs to what they founded."""
        names = [m.group(1) for m in re.finditer(r"“([\u4e00-\u9fff]{2,5})”系列", canon)]
        if not names:
            return
        for j in (by_place.get((f.article, f.sentence + 1)), by_place.get((f.article, f.sentence - 1))):
            if j is None:
                continue
            other = self.facts[j]
            if not _FOUNDED_ANY.search(other.canon) or not set(f.entities) & set(other.entities):
                continue
            for oid, _n, _p in self.orgs_in(_noparen(other.canon), other.entities):
                for name in names:
                    self.put(oid, "products", name, i)

    def _finish(self) -> dict[int, dict[str, list[tuple[str, list[int]]]]]:
        out: dict[int, dict[str, list[tuple[str, list[int]]]]] = {}
        for eid, fields in self.fields.items():
            out[eid] = {}
            for name, values in fields.items():
                ranked = sorted(values.items(), key=lambda kv: (-len(kv[1]), min(kv[1])))
                # A value contained in a longer value of the same field says nothing new.
                kept: list[tuple[str, list[int]]] = []
                for v, src in ranked:
                    if name != "related" and any(v in k for k, _ in kept):
                        continue
                    kept.append((v, sorted(src)))
                out[eid][name] = kept
        return out


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
