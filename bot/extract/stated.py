"""Aliases the text states: 人称「X」的 PERSON, PERSON（原名X）, PERSON（阿X）, Latin（PERSON）, X改名为Y,
以X为前身的Y, 被称为「X」的ORG, 「X部长」PERSON. The other name is an alias of the person or organisation,
never a second entity."""

from __future__ import annotations

import re
from functools import lru_cache

from bot import lexicon as lx
from bot.alternation import trie_alternation
from bot.extract.context import HAN, ArticleContext
from bot.vocab import PERSON


def _P(key: str, **subs: str) -> re.Pattern[str]:
    return lx.pattern("aliases", key, **subs)


_QUOTED_TERM = _P("quoted_term")
_NICKNAME_FORM = _P("nickname_form")
_NO_OLD_NAME = _P("no_old_name")
_CALLED_ORG = _P("called_org")
_CALLED_AFTER_BRACKET = _P("called_after_bracket")
_FULL_NAME = _P("full_name")
_LATIN_THEN_HAN = _P("latin_then_han_name")
_BIRTH_NAMED = _P("named_with_birth_name")
_REFERRING_NOUNS = lx.load_list("referring_nouns")


@lru_cache(maxsize=1)
def _called() -> re.Pattern[str]:
    return _P("called_quoted", cues=lx.alternation(sorted(lx.load_list("alias_cues"), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _former() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in lx.load_list("former_name_cues"))


def stated_person_aliases(ctx: ArticleContext) -> None:
    """人称「汤圆皇后」、「聂姑娘」的聂康和, 陆远舟（原名徐志明）, 林浩文（阿文）, Kevin（周子衡）."""
    _latin_then_han_names(ctx)
    _birth_named(ctx)
    people = sorted(ctx.people(), key=len, reverse=True)
    if not people:
        return
    alt = trie_alternation(people)  # the same matches as lx.alternation(people), linear in the text
    after, before = _P("person_bracket", people=alt), _P("latin_bracket", people=alt)
    epithet = _P("epithet_before", people=alt)
    # over the whole text: a line break inside the brackets splits the sentence (何振明（Daniel | Hughes）)
    # (the line before the break may read as a heading, so every sentence is searched)
    whole = "\n".join(s.canon for s in ctx.all_sents)
    for m in _P("person_latin_full", people=alt).finditer(whole):
        ctx.found[m.group(1)].aliases.setdefault(re.sub(r"\s+", " ", m.group(2)), "english")
    rank = {p: i for i, p in enumerate(people)}  # looked up, not scanned: a long list costs linear time
    for s in ctx.sents:
        for m in epithet.finditer(s.canon):
            _epithet(ctx, m.group("term"), m.group("person"))
        for m in lx.finditer(_called(), s.canon):
            _called_person(ctx, rank, m, s.canon[m.end() : m.end() + 12])
        for m in after.finditer(s.canon):
            _bracketed(ctx, rank, m.group(1), m.group(2), m.group(3))
        for m in before.finditer(s.canon):
            ctx.found[m.group(2)].aliases.setdefault(m.group(1), _latin_type(m.group(1)))
            if ctx.found.get(m.group(1)) and ctx.found[m.group(1)].kind == PERSON:
                ctx.found.pop(m.group(1))  # Kevin（周子衡）: one person


def _latin_type(latin: str) -> str:
    """Rowan, Milo: a bare given name is a nickname (no key that joins people across articles: many
    people are called Leo); a full name (Donald Holder) is the person's English name."""
    return "english" if " " in latin.strip() else "nickname"


def _birth_named(ctx: ArticleContext) -> None:
    """陈刚（原名陆文杰）及阿Ken（原名姚志明）: a name given a person's birth name in brackets is a person's
    (a stage or pen name), even written once; the birth name is its alias."""
    for s in ctx.sents:
        for m in lx.finditer(_BIRTH_NAMED, s.canon):
            name, born = m.group(1), m.group(2)
            if name in ctx.found or lx.is_common_word(name) or not lx.is_common_surname(born[0]):
                continue
            if any(p in name for p in ctx.people()):
                continue  # 创办人陆远舟（原名徐志明）: a title and a person found here
            f = ctx.add(name, PERSON, 2.0)
            if f:
                f.aliases.setdefault(born, "nickname")
                ctx.found.pop(born, None)


def _latin_then_han_names(ctx: ArticleContext) -> None:
    """Kevin（周子衡）: an English given name, then in brackets a name of a common surname that the model
    reads as a person — a person named once, with the English name as an alias."""
    for s in ctx.sents:
        for m in lx.finditer(_LATIN_THEN_HAN, s.canon):
            latin, han = m.group(1), m.group(2)
            if han in ctx.found or not lx.is_common_surname(han[0]) or lx.is_common_word(han):
                continue
            if not ctx.ner.get(han, {}).get("PER", 0):
                continue
            f = ctx.add(han, PERSON, 2.0)
            if f:
                f.aliases.setdefault(latin, _latin_type(latin))


_HAN_CHAR = re.compile(f"[{HAN}]")


def _called_person(ctx: ArticleContext, rank: dict[str, int], m: re.Match[str], rest: str) -> None:
    # the person right after 的, perhaps behind a title (的创办人吕文): of the names written in `rest`
    # after at most six Han characters, the first in `rank`'s order (longest first)
    starts = [0]
    while len(starts) < 7 and len(starts) <= len(rest) and _HAN_CHAR.match(rest, starts[-1]):
        starts.append(starts[-1] + 1)
    here = {rest[k:j] for k in starts for j in range(k + 1, len(rest) + 1)}
    person = min((p for p in here if p in rank), key=rank.__getitem__, default="")
    if not person:
        return
    for term in _QUOTED_TERM.findall(m.group(1)):
        if term != person:
            ctx.found[person].aliases.setdefault(term, "nickname")
            ctx.found.pop(term, None)


def _bracketed(
    ctx: ArticleContext, rank: dict[str, int], person: str, stated: str | None, other: str
) -> None:
    if other in rank and not stated and not other.isascii():
        return  # 陈刚（李刚）: two people (杜文康(Leo) is one)
    # 林浩文（阿文）: a nickname has the form 阿X / X仔 / 小X or shares a character with the name.
    nick = bool(_NICKNAME_FORM.search(other)) or any(c in other for c in person[1:])
    if stated or (nick and len(other) <= 3) or other.isascii():
        ctx.found[person].aliases.setdefault(other, _latin_type(other) if other.isascii() else "nickname")
        if stated or (other.isascii() and ctx.found.get(other) and ctx.found[other].kind == PERSON):
            ctx.found.pop(other, None)  # 杜文康(Leo): the same person, not a second one


@lru_cache(maxsize=1)
def _title_end() -> re.Pattern[str]:
    return re.compile(f"(?:{lx.alternation(sorted((w for w in lx.ROLE_WORDS if len(w) >= 2), key=len))})$")


def _epithet(ctx: ArticleContext, term: str, person: str) -> None:
    """「拼命部长」陆振华: a quoted phrase ending in a title, in apposition before the name, is what the
    person is called; a quoted name before a role and a person (「老码头」创办人X) ends in no title."""
    if term in ctx.found or term == person or not _title_end().search(term) or lx.is_generic(term):
        return
    ctx.found[person].aliases.setdefault(term, "nickname")


def called_organisations(ctx: ArticleContext) -> None:
    """被称为岛内「产业明珠」的星河积体电路制造公司（下称星积电）, 星积电…又被称为岛内「产业明珠」: the quoted
    phrase is what the organisation is called — the one named right after 的, or the sentence's
    subject when the organisation opens the sentence and no one else is named before the phrase."""
    orgs = sorted((n for n, f in ctx.found.items() if f.kind != PERSON), key=len, reverse=True)
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_CALLED_ORG, s.canon):
            term = m.group("term") or m.group("had")
            if term in ctx.found or lx.is_generic(term) or not re.fullmatch(rf"[{HAN}A-Za-z0-9]+", term):
                continue
            owner = ""
            if m.group("of"):
                rest = s.canon[m.end() :]
                owner = next((n for n in orgs if rest.startswith(n)), "")
                short = _CALLED_AFTER_BRACKET.match(rest)
                if not owner and short:
                    owner = next((n for n in orgs if short.group("short").startswith(n)), "")
            else:
                head = s.canon[: m.start()]
                owner = next((n for n in orgs if head.startswith(n)), "")
                if owner and any(p in head for p in people):
                    owner = ""  # 星积电董事长刘文远…被称为: the person may be the one called so
            if owner:
                ctx.found[owner].aliases.setdefault(term, "nickname")


def full_names(ctx: ArticleContext) -> None:
    """星苏产投全称星苏常州工业园区产业投资有限公司: the full name of an organisation found here is its legal
    name, never an entity of its own."""
    orgs = sorted((n for n, f in ctx.found.items() if f.kind != PERSON), key=len, reverse=True)
    for s in ctx.sents:
        for m in lx.finditer(_FULL_NAME, s.canon):
            owner = next((n for n in orgs if m.group("short").endswith(n)), "")
            full = m.group("full")
            if owner and full != owner and not lx.is_generic(full) and not _NO_OLD_NAME.search(full):
                ctx.found[owner].aliases.setdefault(full, "legal")
                if full in ctx.found and full != owner:
                    ctx.found.pop(full)


def former_names(ctx: ArticleContext) -> None:
    """星茶也因仿冒众多而改名为禾茶, 以远帆为前身的青禾网: the old name is an alias of the organisation now
    called by the new one (and no entity of its own, not even a person the model heard in it)."""
    prev = None
    for s in ctx.sents:
        # the sentence before, in the same paragraph or running on into this one (a line broken mid-sentence),
        # may hold the name a class noun stands for
        runs_on = prev is not None and (prev.paragraph == s.paragraph or not _SENTENCE_END.search(prev.canon))
        lead = prev.canon if prev is not None and runs_on else ""
        prev = s
        for pat in _former():
            for m in lx.finditer(pat, s.canon):
                old = m.group("old")
                named = _named_by_class_noun(ctx, lead + s.canon[: m.start("old")], old)
                _former_name(ctx, named or old, m.group("new"))


_SENTENCE_END = re.compile(r"[。！？!?]\s*$")
_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"，。；]{2,16})[”」』\"]")


def _named_by_class_noun(ctx: ArticleContext, before: str, old: str) -> str:
    """计划办一所“星河中学”，只是…，最后学校改名为X: the old name is a class noun (学校, 公司) standing for the
    organisation the sentence named last in quotes - one of that kind (its last character is the noun's:
    中学 for 学校) or one found here as an organisation."""
    noun = next((c for c in _REFERRING_NOUNS if old.endswith(c)), "")
    if not noun:
        return ""
    for m in reversed(list(_QUOTED.finditer(before))):
        name = m.group(1)
        f = ctx.found.get(name)
        if name[-1] in noun or (f is not None and f.kind != PERSON):
            return name
    return ""


def _former_name(ctx: ArticleContext, old: str, new: str) -> None:
    # The longest names found that `new` starts and `old` ends with, looked up (not sorted each time).
    new_name = next((new[:k] for k in range(len(new), 0, -1) if new[:k] in ctx.found), "")
    old_name = next((old[-k:] for k in range(len(old), 0, -1) if old[-k:] in ctx.found), "")
    old_name = old_name or ctx.left_name(old, allow_common=True, max_len=8)
    if not new_name or ctx.found[new_name].kind == PERSON or len(old_name) < 2 or old_name == new_name:
        return
    if lx.is_generic(old_name) or old_name in lx.CLASS_NOUNS or _NO_OLD_NAME.search(old_name):
        return  # 该公司于2019年改名为X: no old name is given
    ctx.found[new_name].aliases.setdefault(old_name, "former")
    ctx.found.pop(old_name, None)
