"""Where entities are named or referred to in an article, and the per-sentence facts that follow.

Coreference is kept simple and local: an interview answer belongs to its speaker (or to the person the
article names most when answers are labelled 答/A); 他/她 continues the person last named within three
sentences; 该公司/其 the organisation last named as a subject (or last named at all); an interviewee's
我们 speaks for the organisation the article is about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import lexicon as lx
from bot.alternation import trie_alternation
from bot.extract import coref
from bot.facts import Fact, fact_date, fact_type, year_context
from bot.model import Article, Entity, Mention, Sentence
from bot.normalize import to_simplified
from bot.vocab import PERSON, REF_NAMED, REF_PRONOUN, REF_SPEAKER

from .entities import alias_table

# Cue patterns: bot/data/patterns/corpus.txt.
LEADING_CLAUSE = lx.pattern("corpus", "leading_clause")  # a time or source clause before the subject
_GENERIC_ANSWER = lx.pattern("corpus", "generic_answer")  # answers labelled 答/A: the interview subject's
_INTRODUCED = lx.pattern("corpus", "introduced")  # the name that 的是 introduces
_ONLY_WHO_SPOKE = lx.pattern("corpus", "only_who_spoke")  # 韩立舟说。: the quote is the sentence before
_NOT_WORD = re.compile(r"[\W_]+")
_FUNCTION_CHARS = frozenset(lx.load_list("function_chars"))


def is_everyday(name: str) -> bool:
    """知道, 一起: a dictionary word; 也好 (fine too): a short name that opens with a function character
    (都, 也, 就) reads as a clause wherever an article did not find it as a name, word or not."""
    return lx.is_generic(name) or (len(name) <= 3 and name[0] in _FUNCTION_CHARS)


def name_pattern(table: Mapping[str, int]) -> re.Pattern[str] | None:
    """Every name, longest first (so 恒岳科技 wins over 恒岳), as a trie: its cost per character does not
    grow with the number of names (a plain alternation's did: names × text, issue 20)."""
    return re.compile(trie_alternation(table)) if table else None


def find_mentions(
    canon: str,
    pattern: re.Pattern[str] | None,
    table: Mapping[str, int],
    skip: frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """(entity id, position) of each name in the sentence; names in `skip` are words here."""
    if pattern is None:
        return []
    return [(table[m.group(0)], m.start()) for m in pattern.finditer(canon) if m.group(0) not in skip]


def everyday_names_not_found(art: Article, everyday: frozenset[str]) -> frozenset[str]:
    """知道, 一起: a name that is also an everyday word is a mention only in an article whose extraction
    found it (or an alias of it); elsewhere it is the word (星塘创投…知道了结果)."""
    if not everyday:
        return everyday
    own = {to_simplified(n) for n in art.extracted}
    own |= {to_simplified(a) for e in art.extracted.values() for a in e.aliases}
    return everyday - own


def fact_key(canon: str) -> str:
    """What makes two sentences the same statement: their words, without punctuation or spaces."""
    return _NOT_WORD.sub("", canon)


def raw_fact_key(f: Fact) -> str:
    """A quote known only by its speaker keeps its article in the key (it never merges across articles)."""
    return fact_key(f.canon) if any(f.entities.values()) else f"{f.article}:{fact_key(f.canon)}"


def build_facts(
    articles: Sequence[Article], entities: Mapping[int, Entity]
) -> tuple[list[Fact], list[Mention]]:
    """The per-sentence facts of these articles and every mention of a known entity in them."""
    table = alias_table(entities)
    pattern = name_pattern(table)
    speakers = {to_simplified(e.name): eid for eid, e in entities.items() if e.kind == PERSON}
    everyday = frozenset(n for n in table if is_everyday(n))
    facts: list[Fact] = []
    mentions: list[Mention] = []
    for art in articles:
        skip = everyday_names_not_found(art, everyday)
        found_in = [find_mentions(s.canon, pattern, table, skip) for s in art.sentences]
        reader = _Reader(entities, speakers, *_article_subjects(art.sentences, found_in, entities))
        years = year_context(list(art.sentences))
        for s, ctx_year, found in zip(art.sentences, years, found_in, strict=True):
            mentions += [Mention(eid, art.id, s.index) for eid, _ in found]
            f = reader.fact(art.id, s, ctx_year, found)
            if f is not None:
                facts.append(f)
    return facts, mentions


def _article_subjects(
    sents: Sequence[Sentence], found_in: list[list[tuple[int, int]]], entities: Mapping[int, Entity]
) -> tuple[int | None, int | None]:
    """The person the article names most (whose 答/A answers are), and the organisation it is about
    (named most, at least three times, no tie): whom an interviewee's 我们 speaks for."""
    named = Counter(eid for found in found_in for eid, _ in found if entities[eid].kind == PERSON)
    subject = named.most_common(1)[0][0] if named else None
    orgs_named = Counter(
        eid
        for s, found in zip(sents, found_in, strict=True)
        for eid, pos in found
        if entities[eid].kind != PERSON and not coref.is_comparison(s.canon, pos)
    ).most_common(2)
    # A tie (从 Nimbus! 到云雀表单, four times each) names no organisation the article is about.
    tied = len(orgs_named) == 2 and orgs_named[0][1] == orgs_named[1][1]
    home_org = orgs_named[0][0] if orgs_named and orgs_named[0][1] >= 3 and not tied else None
    return subject, home_org


@dataclass
class _Reader:
    """Reads one article sentence by sentence, remembering who a later 他/她/该公司 can mean."""

    entities: Mapping[int, Entity]
    speakers: Mapping[str, int]
    subject: int | None  # the interview subject (答/A)
    home_org: int | None  # the organisation the article is about
    person: tuple[int, int] | None = None  # (entity id, sentence index) a later 他/她 means
    org: tuple[int, int] | None = None  # the organisation last named
    focus_org: tuple[int, int] | None = None  # the organisation last named as a subject

    def fact(
        self, article: str, s: Sentence, ctx_year: int | None, found: list[tuple[int, int]]
    ) -> Fact | None:
        if s.heading or s.question:
            return None
        explicit = {eid: pos for eid, pos in reversed(found)}
        implicit = self._speaker_refs(s)
        self._follow_people(s, explicit, implicit)
        self._follow_orgs(s, explicit, implicit)
        if not explicit and not implicit:
            return None
        if not explicit and len(_NOT_WORD.sub("", s.canon)) < 10:
            return None  # "是的。" says nothing on its own
        if len(explicit) <= 1 and _ONLY_WHO_SPOKE.match(s.canon):
            return None
        year, date = fact_date(s.canon, ctx_year)
        f = Fact(article, s.index, s.text, s.canon, fact_type(s), year, date)
        for eid in explicit:
            f.entities[eid] = REF_NAMED
        for eid, ref in implicit.items():
            f.entities.setdefault(eid, ref)
        return f

    def _speaker_refs(self, s: Sentence) -> dict[int, int]:
        """Entity -> how the sentence refers to it without naming it (REF_PRONOUN, REF_SPEAKER)."""
        implicit: dict[int, int] = {}
        if s.speaker and s.speaker in self.speakers:
            implicit[self.speakers[s.speaker]] = REF_SPEAKER
        elif _GENERIC_ANSWER.fullmatch(s.speaker) and self.subject is not None:
            implicit[self.subject] = REF_SPEAKER
        if implicit and self.home_org is not None and coref.speaks_for_org(s.canon):
            implicit.setdefault(self.home_org, REF_PRONOUN)
        return implicit

    def _follow_people(self, s: Sentence, explicit: dict[int, int], implicit: dict[int, int]) -> None:
        people = [eid for eid in explicit if self.entities[eid].kind == PERSON]
        if not people and coref.stranger_before_pronoun(s.canon):
            self.person = None  # 诺兰・卡特受到追捧，他…: someone the extraction did not keep
            return
        if not people and self.person and s.index - self.person[1] <= 3 and coref.continues_person(s.canon):
            implicit[self.person[0]] = REF_PRONOUN
        someone = coref.someone_at(s.canon)
        if someone >= 0 and all(explicit[e] > someone for e in people):
            # 有一位顾客将他的会员卡…寄给了周文远: a later 他 is that customer, not 周文远
            self.person = None
        elif people:
            # The one a later 他/她 means: the first named, unless another is what 是 introduces
            # (…一致行动人的是林慧清。她今年42岁…).
            focus = [
                e for e in people if _INTRODUCED.fullmatch(s.canon[max(0, explicit[e] - 2) : explicit[e]])
            ]
            self.person = (min(focus or people, key=lambda e: explicit[e]), s.index)

    def _follow_orgs(self, s: Sentence, explicit: dict[int, int], implicit: dict[int, int]) -> None:
        # Organisations named here, leaving out comparisons (被称为“中国版西门子”).
        orgs = [
            eid
            for eid in explicit
            if self.entities[eid].kind != PERSON and not coref.is_comparison(s.canon, explicit[eid])
        ]
        if not orgs and coref.continues_org(s.canon):
            # 该公司/其/同年9月在科创板上市 continue the organisation in focus: the one last named as a
            # subject, else the one last named at all.
            if self.focus_org and s.index - self.focus_org[1] <= 4:
                implicit.setdefault(self.focus_org[0], REF_PRONOUN)
            elif self.org and s.index - self.org[1] <= 3:
                implicit.setdefault(self.org[0], REF_PRONOUN)
        if orgs:
            first = min(orgs, key=lambda e: explicit[e])
            self.org = (first, s.index)
            if explicit[first] - LEADING_CLAUSE.match(s.canon).end() <= 6:
                self.focus_org = (first, s.index)
        elif self.focus_org and implicit.get(self.focus_org[0]) == REF_PRONOUN:
            self.focus_org = (self.focus_org[0], s.index)  # still the one being talked about
