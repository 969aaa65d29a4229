"""One fact as the relation rules see it (`View`), and the grammar they share (`Reader`): the
subject, the agents of a verb, the organisation in focus, the date of a clause.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bot import lexicon as lx
from bot.facts import Fact
from bot.relations import cues
from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.record import Recorder
from bot.vocab import PERSON_KINDS, PRODUCT, REF_PRONOUN

_PAREN = re.compile(r"[(（][^)）]{0,30}[)）]")


def noparen(canon: str) -> str:
    return _PAREN.sub("", canon)


def positions(text: str, name: str) -> list[int]:
    out, i = [], text.find(name) if name else -1
    while i >= 0:
        out.append(i)
        i = text.find(name, i + len(name))
    return out


def possessive(s: View, named: tuple[int, str, int]) -> bool:
    """The name is a possessive modifier (张三的儿子, 张三侄女): someone of theirs is meant, not them."""
    end = named[2] + len(named[1])
    return s.canon.startswith(g.OF, end) or bool(g.KIN_AFTER.match(s.canon, end))


def is_place(text: str) -> bool:
    """A place, or a place and where in it (深圳南山, 班加罗尔郊外): a dictionary place at its start, or one of
    the places the dictionary does not tag as such (data/relations/places.txt)."""
    if len(text) > 6:
        return False
    tags = lx.dictionary_tags()
    if any(tags.get(text[:n], "").startswith("ns") for n in range(2, len(text) + 1)):
        return True
    return text in _PLACES or any(text.startswith(p) for p in _PLACES if len(p) > 2)


_PLACES = frozenset(cues.words("places"))


@dataclass
class View:
    """One fact as the rules see it: where each entity is named, and who the sentence is about."""

    i: int
    f: Fact
    canon: str
    people: list[tuple[int, str, int]]  # (entity, name as written, position)
    orgs: list[tuple[int, str, int]]
    pronoun_person: int | None
    pronoun_org: int | None
    # `Reader.subject`, once worked out (the rules ask for it about six times per sentence). Views are not
    # changed once made; a rule's narrowed copy (dataclasses.replace) starts with an empty memo (init=False).
    subject_memo: list[int | None] = field(default_factory=list, init=False, repr=False, compare=False)


class Reader(Recorder):
    """The sentence view the relation rules share: who is named where, the subject, the agents of a verb,
    the organisation a label or a bare 公司 is about, the date of a clause."""

    def __init__(self, entities: dict[int, dict], facts: list[Fact]) -> None:
        super().__init__(entities)
        self.facts = facts
        self.names: dict[int, list[str]] = {
            eid: sorted({e["name"], *e["aliases_simplified"]}, key=len, reverse=True)
            for eid, e in entities.items()
        }
        self.restore = vals.Restorer(f.canon for f in facts)
        self.left: dict[tuple[int, int], set[int]] = defaultdict(set)  # (person, organisation) -> sources
        self.left_bare: dict[int, set[int]] = defaultdict(
            set
        )  # person -> sources of 张三辞职 (no organisation)
        self.by_place: dict[tuple[str, int], View] = {}
        self.by_name: dict[str, int] | None = None
        self.bad_org = {
            eid
            for eid, e in entities.items()
            if e["kind"] not in PERSON_KINDS
            and (
                vals.is_exchange(e["name"])
                or e["name"] in cues.words("generic_values")
                or not vals.clean_name(e["name"])
                or g.SOME_ONE.fullmatch(e["name"])
                or g.LIST_NAME.search(e["name"])
                # 材料界著名学者北岭大学: a scholar's description run into the school's name
                or (vals.is_school(e["name"]) and g.SCHOLAR_WORDS.search(e["name"]))
            )
        }
        self.article_org = self.article_orgs()
        # The company an article is mostly about (twice as often as any other): where a bare title before
        # a person (创始人张三) holds when the sentence names no organisation.
        self.article_subject = self.article_orgs(ratio=2, kinds=("company", "brand"))
        self._texts: dict[str, str] | None = None
        self._by_article: dict[str, set[int]] | None = None

    def article_text(self, article: str) -> str:
        """The sentences of an article that name someone, joined: the article's own evidence for a name."""
        if self._texts is None:
            texts: dict[str, list[str]] = defaultdict(list)
            for f in self.facts:
                texts[f.article].append(f.canon)
            self._texts = {a: "\n".join(v) for a, v in texts.items()}
        return self._texts.get(article, "")

    def article_entities(self, article: str) -> set[int]:
        """The entities an article's sentences name or refer to."""
        if self._by_article is None:
            found: dict[str, set[int]] = defaultdict(set)
            for f in self.facts:
                found[f.article].update(f.entities)
            self._by_article = dict(found)
        return self._by_article.get(article, set())

    def article_orgs(self, ratio: int = 3, kinds: tuple[str, ...] = ("company",)) -> dict[str, int]:
        """Each article's company in focus: the one it names in far more sentences than any other
        organisation (at least three, and `ratio` times the next), so that a bare 公司 can stand for it."""
        counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for f in self.facts:
            for eid in f.entities:
                # A product is no competitor: an article about a company names its product as often as it.
                kind = self.entities[eid]["kind"]
                if kind not in PERSON_KINDS and kind != PRODUCT and eid not in self.bad_org:
                    counts[f.article][eid] += 1
        out = {}
        for art, c in counts.items():
            ranked = sorted(c.values(), reverse=True)
            top = max(c, key=lambda e: c[e])
            if self.entities[top]["kind"] not in kinds:
                continue  # a brand, a school, an investor: not where a bare 公司 points
            if ranked[0] >= 3 and (len(ranked) == 1 or ranked[0] >= ratio * ranked[1]):
                out[art] = top
        return out

    def view(self, i: int, f: Fact) -> View:
        # 丶 (a radical) typed for the list comma 、 in Hong Kong texts: the same length, so positions hold.
        canon = g.SPACED_DATE.sub("", noparen(f.canon)).replace(g.RADICAL_COMMA, g.LIST_COMMA)
        people, orgs = [], []
        taken: list[tuple[int, int]] = []
        spans = []
        for eid in f.entities:
            for n in self.names[eid]:
                for p in positions(canon, n):
                    spans.append((p, p + len(n), eid, n))
        # The longest name wins where two overlap (恒岳科技 over 恒岳).
        for p, end, eid, n in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(p < e and s < end for s, e in taken):
                continue
            taken.append((p, end))
            if self.is_person(eid):
                if vals.clean_name(self.name(eid)):
                    people.append((eid, n, p))
            elif eid not in self.bad_org:
                orgs.append((eid, n, p))
        people.sort(key=lambda x: x[2])
        orgs.sort(key=lambda x: x[2])
        pron_person = next((e for e, r in f.entities.items() if r == REF_PRONOUN and self.is_person(e)), None)
        pron_org = next(
            (e for e, r in f.entities.items() if r == REF_PRONOUN and not self.is_person(e)), None
        )
        if pron_person is not None and not g.PRONOUN_START.match(canon):
            pron_person = None
        if pron_org is not None and not g.ORG_PRONOUN.match(canon):
            pron_org = None
        return View(i, f, canon, people, orgs, pron_person, pron_org)

    def subject(self, s: View) -> int | None:
        """The sentence's subject: the entity named first, after at most a date or place lead, or the
        person or company a pronoun at its start continues."""
        if not s.subject_memo:
            s.subject_memo.append(self._subject(s))
        return s.subject_memo[0]

    def _subject(self, s: View) -> int | None:
        if s.pronoun_person is not None:
            return s.pronoun_person
        if s.pronoun_org is not None:
            return s.pronoun_org
        named = sorted(s.people + s.orgs, key=lambda x: x[2])
        if not named:
            return None
        eid, _n, pos = named[0]
        if g.PREPOSITION_END.search(s.canon[:pos]):
            return None  # 在蒋立言博士的大力支持下: a preposition's object is not the subject
        lead = g.SUBJECT_LEAD.match(s.canon)
        if pos - (lead.end() if lead else 0) <= 4:
            return eid
        # 公告显示，星途科技…; 据悉，远帆科技…: a short lead clause naming no one.
        first = g.SHORT_LEAD.match(s.canon)
        return eid if first and 0 <= pos - first.end() <= 2 else None

    def agents(self, s: View, vpos: int) -> list[int]:
        """Who does the verb at `vpos`: the person named last before it in its clause (with those joined to
        them by 和/与/、), else — when nothing is named before it in the clause — the sentence's subject."""
        cs, _ce = vals.clause_at(s.canon, vpos)
        before = [p for p in s.people if cs <= p[2] < vpos]
        orgs_before = [o for o in s.orgs if cs <= o[2] < vpos]
        if before:
            return self._named_agents(s, before, orgs_before)
        if g.OTHER_PRONOUN.search(s.canon[cs:vpos]):
            return []
        if g.ITS_ONLY.match(s.canon[cs:vpos]) and cs > 0:
            # 有鬼才称号的陆远舟，其创办的南方电视: 其 is the person the clause before ends with.
            ends = [p for p in s.people if p[2] + len(p[1]) == cs - 1]
            return [ends[0][0]] if ends else []
        if g.CONTINUES.match(s.canon[cs:vpos]):
            # …许秀丽已经把目光转向了别的行业，并创办了澄芯微创: the last person named before goes on.
            prior = [p for p in s.people if p[2] < cs]
            if prior and not any(prior[-1][2] < q[2] < vpos for q in s.people if q[0] != prior[-1][0]):
                return [prior[-1][0]]
        if orgs_before:
            return []
        return self._subject_agent(s, cs, vpos)

    @staticmethod
    def _named_agents(s: View, before: list[tuple[int, str, int]], orgs_before: list) -> list[int]:
        """The person named last before the verb in its clause, with those joined to them by 和/与/、."""
        last = before[-1]
        if possessive(s, last):
            return []  # 星河前副主席张三侄女李四创办…: the niece, named or not, acts — not 张三
        if any(o[2] > last[2] for o in orgs_before) and g.OF_END.search(
            s.canon[: min(o[2] for o in orgs_before if o[2] > last[2])]
        ):
            return []  # 张三的公司创立… : the company acts, not the person
        out = [last[0]]
        for prev in reversed(before[:-1]):
            gap = s.canon[prev[2] + len(prev[1]) : last[2]]
            if not (g.CO_AGENT.match(gap) or g.CO_AGENT_DESCRIBED.match(gap)):
                break
            out.append(prev[0])
            last = prev
        return out

    def _subject_agent(self, s: View, cs: int, vpos: int) -> list[int]:
        """Nothing named before the verb in its clause: the pronoun starting it, or the sentence's subject
        while no one else stands between."""
        subj = self.subject(s)
        prefix = s.canon[cs:vpos]
        pron = g.PRONOUN_PREFIX.match(prefix)
        if pron:
            first = g.PRONOUN.search(s.canon)
            ours = pron.group(1) == first.group(0) and not g.NOT_THE_PRONOUN_RX.match(pron.group(2))
            # 她拿出所有存款注册了…: the clause's own subject is the pronoun; 她的丈夫…, 他则… (after 她): someone else
            if not ours:
                return []
            if s.pronoun_person is not None:
                return [s.pronoun_person]
        long_prefix = len(prefix) > 8 and not g.LOCATIVE_PREFIX.fullmatch(
            prefix
        )  # (在杭州一处厂房内: a place)
        if long_prefix or g.TITLE_IN_PREFIX.search(prefix):
            return []  # 秦岳教授从0到1创建了…: someone the extractor does not know does it
        if subj is not None and self.is_person(subj):
            # A subject named earlier holds only while no other person stands between it and the verb.
            pos = next((p[2] for p in s.people if p[0] == subj), 0)
            # (a person in a possessive modifier, 张三的长孙、李四的儿子, is no subject of their own)
            if any(pos < p[2] < vpos and not possessive(s, p) for p in s.people if p[0] != subj):
                return []
            return [subj]
        return []

    def carried_subject(self, s: View, vpos: int) -> int | None:
        """2007年创立X (after a sentence about 张三 alone): the person the sentence before is about goes on, when
        this one names no one and nothing but a date and a bare 他/她 stands before the verb at `vpos`."""
        if s.pronoun_person is not None or any(q[2] < vpos for q in s.people + s.orgs):
            return None
        if not g.CARRIED_PREFIX.match(s.canon[:vpos]):
            return None
        before = self.by_place.get((s.f.article, s.f.sentence - 1))
        if before is None:
            return None
        people = {p[0] for p in before.people}
        return people.pop() if len(people) == 1 and before.pronoun_person in (None, *people) else None

    def org_subject(self, s: View, pos: int) -> int | None:
        """The company a verb or label at `pos` is about: the one named last before it, not in a list (A、B和C),
        else the company 该公司 continues."""
        before = [o for o in s.orgs if o[2] < pos and not s.canon[o[2] + len(o[1]) :].startswith(g.MOST)]
        if before:
            eid, n, p = before[-1]
            around = s.canon[max(0, p - 1) : p] + s.canon[p + len(n) : p + len(n) + 1]
            if g.LIST_COMMA in around:
                return None
            people_between = [q for q in s.people if p < q[2] < pos]
            if people_between and not g.TITLE_AFTER.match(s.canon[p + len(n) :]):
                return None
            return eid
        return s.pronoun_org

    def when(self, s: View, start: int, pos: int) -> str:
        """The date written in the clause before `pos`, or in a bare date clause just before it."""
        cs, _ = vals.clause_at(s.canon, start)
        ctx = s.f.year
        date = vals.date_in(s.canon[cs:pos], ctx)
        if not date and cs > 0:
            ps, pe = vals.clause_at(s.canon, cs - 2)
            if pe - ps <= 12:
                date = vals.date_in(s.canon[ps:pe], ctx)
        lead = g.DATE_LEAD.match(s.canon)
        if not date and lead and lead.end() <= cs + 1:
            # 2020年，在X旗下，韩立舟创立了Y: the sentence opens with the date of what it tells.
            date = vals.date_in(lead.group(0), ctx)
        return date

    def org_in_focus(self, s: View, pos: int) -> int | None:
        """The organisation 该公司 at `pos` refers to: the sentence's subject when it is one, else the one a
        pronoun continues, else the only organisation named before it."""
        subj = self.subject(s)
        if subj is not None and not self.is_person(subj):
            return subj
        if s.pronoun_org is not None:
            return s.pronoun_org
        before = {o[0] for o in s.orgs if o[2] < pos}
        return before.pop() if len(before) == 1 else None

    def focus_org(self, s: View, pos: int) -> int | None:
        """The organisation a bare 公司/企业 at `pos` stands for: the one the sentence names (only one), else
        the one it continues, else the one its article is about; None when that is not clear."""
        named = {o[0] for o in s.orgs if o[2] < pos}
        last = max((o[2] + len(o[1]) for o in s.orgs if o[2] < pos), default=-1)
        if named and g.THIS_COMPANY.search(s.canon, last, pos):
            # 辞去星河CTO一职，创办了这家公司，现任公司董事长: another company than the one named
            return s.pronoun_org if s.pronoun_org is not None else self.article_org.get(s.f.article)
        if len(named) == 1:
            return named.pop()
        if named:
            return self.org_in_focus(s, pos)
        # 该集团执行董事王志远，是…江南纺织…董事: an organisation named only after it is not the one meant.
        return s.pronoun_org if s.pronoun_org is not None else self.article_org.get(s.f.article)

    def clause_subject(self, s: View, cs: int) -> int | None:
        """Who a subjectless clause at `cs` goes on about: the one person the sentence names before it, when
        that person is the agent there (由孙浩然创立…, 孙浩然创立了…) or the pronoun at its start."""
        before = {p[0] for p in s.people if p[2] < cs}
        if not before and s.pronoun_person is not None and not s.people:
            return s.pronoun_person
        if len(before) != 1 or any(p[2] >= cs for p in s.people):
            return None
        pid = before.pop()
        pos = next(p[2] for p in s.people if p[0] == pid)
        if s.canon[:pos].endswith(g.BY) or self.subject(s) == pid:
            return pid
        return None


@dataclass(frozen=True)
class Rule:
    """One relation rule: the profile fields it fills and the function that reads one sentence."""

    name: str
    fields: tuple[str, ...]
    apply: Callable[[Reader, View], None]
