"""Merged facts and their ranking: near-identical per-sentence facts become one fact with several sources,
each entity of a fact gets a score (is it the subject? is it only compared with?), and profile values
cite the merged facts they come from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot import lexicon as lx
from bot.extract import coref
from bot.facts import Fact, aboutness, fact_strength, informativeness
from bot.model import Entity, ProfileValue
from bot.normalize import to_simplified
from bot.vocab import PERSON, REF_NAMED, REF_PRONOUN, REF_SPEAKER

# Cue patterns: bot/data/patterns/corpus.txt. A name, a title, then a person: the name qualifies the person.
_ROLE_ALT = lx.alternation(sorted({*lx.PROFILE_ROLES, *lx.ROLE_WORDS}, key=len, reverse=True))
_QUALIFIES = lx.pattern("corpus", "qualifies", roles=_ROLE_ALT)
_QUALIFIED = lx.pattern("corpus", "qualified", roles=_ROLE_ALT)
_LEAD = lx.pattern("corpus", "subject_lead")  # the subject is named first, after at most a date clause
_CO_SUBJECT = lx.pattern("corpus", "co_subject")

TWIN_WINDOW = 300  # near twins are looked for among an entity's last this many merged facts


@dataclass
class FactGroups:
    """Per-sentence facts grouped into merged facts (rows 1..n): each row's fact (references at their
    strongest), key, per-sentence fact ids and (article, sentence) sources; `row_of` gives each input
    fact's row, in input order."""

    rows: list[Fact] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    raws: list[list[int]] = field(default_factory=list)
    sources: dict[int, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    by_entity: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    row_of: list[int] = field(default_factory=list)

    def add(self, raw_id: int, f0: Fact, key: str, by_key: dict[str, int]) -> None:
        f = Fact(f0.article, f0.sentence, f0.text, f0.canon, f0.type, f0.year, f0.date, dict(f0.entities))
        # A quote attributed only by who speaks stays with its article (the key says so).
        if key not in by_key and REF_NAMED in f.entities.values():
            twin = self.near_twin(key, f)
            if twin is not None:
                by_key[key] = twin
        if key not in by_key:
            by_key[key] = len(self.rows) + 1
            self.rows.append(f)
            self.keys.append(key)
            self.raws.append([])
        row = by_key[key]
        self.row_of.append(row)
        self.raws[row - 1].append(raw_id)
        for eid in f.entities:
            if row not in self.by_entity[eid]:
                self.by_entity[eid].append(row)
        if (f.article, f.sentence) not in self.sources[row]:
            self.sources[row].append((f.article, f.sentence))
        merged = self.rows[row - 1].entities
        for eid, ref in f.entities.items():
            merged[eid] = max(merged.get(eid, REF_SPEAKER), ref)

    def near_twin(self, key: str, f: Fact) -> int | None:
        """A fact from another article that says the same thing in nearly the same words (a repost, a
        rewrite that swapped a word or two) — compared only among facts about the same entity."""
        from rapidfuzz import fuzz

        eid = max(f.entities, key=lambda e: f.entities[e])
        for row in self.by_entity.get(eid, [])[-TWIN_WINDOW:]:
            if any(a == f.article for a, _ in self.sources[row]):
                continue
            other = self.keys[row - 1]
            if abs(len(other) - len(key)) <= max(4, len(key) // 8) and fuzz.ratio(key, other) >= 90:
                return row
        return None


def group_facts(facts: Iterable[tuple[int, Fact, str]]) -> FactGroups:
    """Near-identical facts (equal keys, or near twins from other articles) become one merged fact."""
    groups = FactGroups()
    by_key: dict[str, int] = {}
    for raw_id, f, key in facts:
        groups.add(raw_id, f, key, by_key)
    return groups


def stable_ids(keys: Sequence[str], old_ids: Mapping[str, int], next_id: int) -> list[int]:
    """A merged fact keeps its id when its key survives (profile sources cite them); new ones count on."""
    out: list[int] = []
    for k in keys:
        if k in old_ids:
            out.append(old_ids[k])
        else:
            out.append(next_id)
            next_id += 1
    return out


class Scorer:
    """How much a merged fact says about each of its entities."""

    def __init__(self, entities: Mapping[int, Entity]) -> None:
        self.entities = entities
        self._simp: dict[int, str] = {}

    def simp(self, eid: int) -> str:
        if eid not in self._simp:
            self._simp[eid] = to_simplified(self.entities[eid].name)
        return self._simp[eid]

    def score(self, f: Fact, eid: int, ref: int, sources: int) -> float:
        e = self.entities[eid]
        canon = f.canon
        here = to_simplified(next((n for n in [e.name, *e.aliases] if to_simplified(n) in canon), ""))
        lead = _LEAD.match(canon).end()
        at = canon.find(here) if here else -1
        qualifies = self._qualifies(f, eid, here, at)
        at_start = self._at_start(f, e, here, at, lead) and not qualifies
        if at_start and self._named_before(f, e, at):
            at_start = False  # 赵一是钱二的助理: the one of its kind named first is the subject
        if ref == REF_PRONOUN and at < 0 and not coref.speaks_for_org(canon):
            at_start = True  # 其估值已超过80亿美元, 他随后创办了…: the one referred to is the subject
        score = fact_strength(f.type, ref, at_start, f.year, len(canon), sources, e.kind, canon)
        # Someone else named at the start is the sentence's subject.
        first = min((i for o in f.entities if o != eid and (i := canon.find(self.simp(o))) >= 0), default=-1)
        others_first = 0 <= first - lead <= 4
        if e.kind != PERSON and not at_start and coref.continues_person(canon):
            others_first = True  # 他8年来买了价值20万元的青禾产品: a person is the subject
        score += aboutness(canon, here, ref, at_start, others_first or qualifies, f.type, bool(f.date))
        if qualifies:
            score -= 1.0
        if at >= 0 and coref.is_comparison(canon, at):
            score -= 2.0  # 与海外的“导师”韦斯顿…: a comparison says nothing about him
        return score + informativeness(canon)

    def _qualifies(self, f: Fact, eid: int, here: str, at: int) -> bool:
        """青禾集团创始人韩其远出生于1958年: the organisation only qualifies the person after it, who is the
        subject; the person counts as named first."""
        return at >= 0 and any(
            _QUALIFIES.match(f.canon, at + len(here), p)
            for o in f.entities
            if o != eid and self.entities[o].kind == PERSON and (p := f.canon.find(self.simp(o))) > at
        )

    def _named_before(self, f: Fact, e: Entity, at: int) -> bool:
        """Another entity of the same kind (person, or not) is named before `at`, and not as a co-subject
        joined to it (张三和李四创立…)."""
        for o in f.entities:
            other = self.entities[o]
            if o == e.id or (other.kind == PERSON) != (e.kind == PERSON):
                continue
            name = self.simp(o)
            i = f.canon.find(name) if name else -1
            if 0 <= i and i + len(name) <= at and not _CO_SUBJECT.match(f.canon[i + len(name) : at]):
                return True
        return False

    @staticmethod
    def _at_start(f: Fact, e: Entity, here: str, at: int, lead: int) -> bool:
        at_start = bool(here) and 0 <= f.canon.find(here) - lead <= 4
        if not at_start and at >= 0 and e.kind == PERSON:
            at_start = bool(_QUALIFIED.search(f.canon[max(0, lead) : at])) and at - lead <= 24
        return at_start


def profile_values(
    values: Iterable, fact_ids: Sequence[int], row_of: Sequence[int], own: Sequence[Fact]
) -> list[ProfileValue]:
    """The profile builder's values as records citing merged fact ids and articles. `own` are the facts the
    builder read (their index is a value's source), `row_of` maps the first of them to merged rows."""
    return [
        ProfileValue(
            v.field,
            v.text,
            v.entity,
            v.parts,
            tuple(sorted({fact_ids[row_of[i] - 1] for i in v.sources if i < len(row_of)})),
            tuple(sorted({own[i].article for i in v.sources})),
        )
        for v in values
    ]
