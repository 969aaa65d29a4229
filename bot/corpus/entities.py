"""Entities across articles: merging what each article found, display names, alias and key tables."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot import lexicon as lx
from bot.model import Entity, Extraction
from bot.normalize import initials_key, name_key, pinyin_key, strip_legal_suffix, to_simplified
from bot.settings import curated_entities
from bot.vocab import PERSON

_HAN = re.compile(r"[\u4e00-\u9fff]")


class Union:
    """Union-find over string nodes."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


class _Node:
    """The names one (person?, name key) pair collects over the articles."""

    __slots__ = ("aliases", "kinds", "names", "score")

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.aliases: dict[str, str] = {}
        self.score = 0.0


def entity_keys(name: str, aliases: Iterable[str], person: bool) -> set[str]:
    """The keys under which an entity joins others (and is found again by a later increment)."""
    keys = {name_key(name)} | {name_key(a) for a in aliases}
    if not person:
        keys |= {strip_legal_suffix(k) for k in keys}
    return {f"{int(person)}:{k}" for k in keys if k}


def keys_of(e: Entity) -> set[str]:
    return entity_keys(e.name, e.aliases, e.kind == PERSON)


def merge_entities(
    extractions: Iterable[Mapping[str, Extraction]], curated: Sequence[Mapping[str, Any]] | None = None
) -> dict[int, Entity]:
    """One entity per real-world thing: names and aliases shared across articles join (never by surname).

    `extractions` are the articles' name -> Extraction tables; `curated` the entries of
    config/entities.yaml (read from there when not given). Ids are 1.. by descending score."""
    if curated is None:
        curated = curated_entities()
    uf = Union()
    info: dict[str, _Node] = {}
    for extracted in extractions:
        for name, e in extracted.items():
            node = f"{e.kind == PERSON}:{name_key(name)}"
            uf.find(node)
            d = info.setdefault(node, _Node())
            d.names[name] += 1
            d.kinds[e.kind] += 1
            d.score += e.score
            d.aliases.update(e.aliases)
    _add_curated(info, curated)
    _join_shared_keys(info, uf)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in info:
        groups[uf.find(node)].append(node)
    ordered = sorted(groups.values(), key=lambda ns: -sum(info[n].score for n in ns))
    return {i: _entity(i, [info[n] for n in nodes]) for i, nodes in enumerate(ordered, 1)}


def _add_curated(info: dict[str, _Node], curated: Sequence[Mapping[str, Any]]) -> None:
    for c in curated:
        node = f"{c.get('kind') == PERSON}:{name_key(c['name'])}"
        if node in info:
            for a in c.get("aliases") or []:
                info[node].aliases[str(a)] = "curated"
            if c.get("kind"):
                info[node].kinds[c["kind"]] += 100


def _join_shared_keys(info: dict[str, _Node], uf: Union) -> None:
    """Join organisations that share a name or alias key (恒岳科技 in one article, 北京恒岳...(下称恒岳科技)
    in another)."""
    by_key: dict[str, str] = {}
    for node, d in info.items():
        is_person = node.startswith("True")
        keys = {name_key(n) for n in d.names} | {name_key(a) for a, t in d.aliases.items() if t != "nickname"}
        if not is_person:
            keys |= {strip_legal_suffix(k) for k in keys}
        for k in keys:
            tagged = f"{is_person}:{k}"
            if tagged in by_key:
                uf.union(by_key[tagged], node)
            else:
                by_key[tagged] = node


def _entity(eid: int, nodes: list[_Node]) -> Entity:
    names: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    aliases: dict[str, str] = {}
    score = 0.0
    for n in nodes:
        names.update(n.names)
        kinds.update(n.kinds)
        aliases.update(n.aliases)
        score += n.score
    kind = kinds.most_common(1)[0][0]
    if "brand" in kinds and kind == "company":
        kind = "brand"
    display = display_name(kind, names, aliases)
    typed = dict(aliases)
    for n in set(names) | set(aliases):
        if n != display and n not in typed:
            typed[n] = "legal" if n.endswith(lx.LEGAL_FORMS) else "name"
    typed.pop(display, None)
    return Entity(eid, display, kind, score, typed)


def display_name(kind: str, names: Counter[str], aliases: Mapping[str, str]) -> str:
    """A person: the name the articles use most. An organisation: a plain company name (恒岳科技) over
    the legal form or a bare short form."""
    if kind == PERSON:
        return names.most_common(1)[0][0]
    pool = list(names) + [a for a, t in aliases.items() if t in ("short", "name", "curated")]

    def rank(n: str) -> tuple:
        return (
            not _HAN.search(n),
            n.endswith(lx.LEGAL_FORMS),
            n.endswith(lx.CLASS_NOUNS),  # 青禾 over 青禾公司: a class noun adds nothing to the name
            not n.endswith(lx.ORG_SUFFIXES),
            -names.get(n, 0),
            len(n),
        )

    return min(pool, key=rank)


def alias_table(entities: Mapping[int, Entity]) -> dict[str, int]:
    """Simplified name or alias -> entity id; on a clash the higher-scored entity wins."""
    table: dict[str, int] = {}
    for eid, e in sorted(entities.items(), key=lambda kv: kv[1].score):
        for n in [e.name, *e.aliases]:
            simp = to_simplified(n)
            if len(simp) >= 2 and not (simp.isascii() and len(simp) < 3 and e.aliases.get(n) != "ticker"):
                table[simp] = eid
    return table


def names_of(e: Entity) -> set[str]:
    """The entity's name and aliases, Simplified."""
    return {to_simplified(n) for n in [e.name, *e.aliases]}


AliasRow = tuple[int, str, str, str, str, str, str]  # entity, alias, type, key, pinyin, initials, simp


def alias_rows(e: Entity, traditional: str) -> list[AliasRow]:
    """The rows by which a reader finds an entity: each name by key, pinyin, initials and Simplified form;
    a person's name by its surname's own reading too; an organisation also without its legal suffix."""
    rows = [(e.name, "name"), *e.aliases.items()]
    if traditional and traditional != e.name:
        rows.append((traditional, "traditional"))
    seen = set()
    out: list[AliasRow] = []
    for alias, typ in rows:
        if alias in seen:
            continue
        seen.add(alias)
        key = name_key(alias)
        simp = to_simplified(alias)
        out.append((e.id, alias, typ, key, pinyin_key(alias), initials_key(alias), simp))
        surname = lx.SURNAME_READINGS.get(key[:1]) if e.kind == PERSON else None
        if surname and typ in ("name", "traditional"):
            # Also the surname's own reading: 曾毓群 answers to zeng yuqun as well as ceng yuqun.
            out.append((e.id, alias, typ, key, surname + pinyin_key(alias[1:]), "", simp))
        short = strip_legal_suffix(key)
        if short != key:
            out.append((e.id, alias, typ, short, pinyin_key(short), "", simp))
    return out
