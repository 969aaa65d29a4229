"""Generic nouns are never entities: class nouns, determiner phrases, fragments of clauses.

`AI芯片`, `矿机`, `芯片公司`, `这家公司`, `创投` name a kind of thing or point back at one; `人李默`
and `毕业后` are pieces of a sentence cut in the wrong place. Each rule is a small function in an
ordered list; the first that matches says why (tests name it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot import lexicon as lx
from bot.extract import ner
from bot.vocab import PERSON

_NAME_ONLY_SUFFIXES = lx.load_list("name_only_suffixes")
# Suffixes that name a line of business rather than make a name (AI芯片, 智能汽车, 工业软件).
_CATEGORY_SUFFIXES = lx.load_list("category_suffixes")
_ACRONYM = re.compile(r"^[A-Za-z0-9]{1,5}$")
_TIME_ENDINGS = frozenset(lx.load_list("time_word_endings"))
_PERSON_THEN_ORG = frozenset(lx.load_list("person_then_org_chars"))
_CLASS_NOUN_FIRST = lx.pattern("generic", "class_noun_first")
_CLAUSE_INSIDE = lx.pattern("generic", "clause_inside")
_CLASS_WORD = lx.pattern("generic", "class_word")
_TIME_PHRASE = lx.pattern("generic", "time_phrase")


@lru_cache(maxsize=1)
def _determiner() -> re.Pattern[str]:
    dets = "|".join(sorted(lx.load_list("determiners"), key=len, reverse=True))
    measures = "".join(lx.load_list("measure_words"))
    classes = "|".join(lx.CLASS_NOUNS)
    return re.compile(rf"^(?:{dets})[{measures}]|(?:{dets})[{measures}](?:{classes})")


@lru_cache(maxsize=1)
def _function_chars() -> frozenset[str]:
    return frozenset(lx.load_list("function_chars"))


def _is_generic_head(head: str, suffix: str) -> bool:
    if not head:
        return True
    if _ACRONYM.match(head) and head.upper() == head:
        return len(head) <= 3  # AI芯片, GPU公司, IT企业: a technology and a class, not a company
    tag = lx.dictionary_tags().get(head, "")
    if tag.startswith("ns"):
        # 美国公司, 中国企业 are a place and a class noun (上林集团 has a name suffix, not a class noun).
        return suffix in lx.CLASS_NOUNS
    return lx.is_generic(head) or lx.is_generic_compound(head)


def class_noun_first(ctx, name: str) -> bool:
    """上市公司远帆国际: a class noun before the name belongs to the sentence, not to the name."""
    return bool(_CLASS_NOUN_FIRST.match(name))


def bare_class(ctx, name: str) -> bool:
    """A suffix or class noun on its own (公司, 创投, 资本, 巨头, 房企, 国营厂)."""
    return (
        name in lx.CLASS_NOUNS or name in lx.ORG_SUFFIXES or name in lx.INVESTOR_SUFFIXES or _class_word(name)
    )


def _class_word(name: str) -> bool:
    m = _CLASS_WORD.match(name)
    if not m:
        return False
    head = m.group("head")
    # 江南厂 (a place), 红星厂 (a proper word): a name; 国营厂, 纺织厂: an ordinary noun before the class
    return len(head) == 1 or (lx.is_generic(head) and lx.dictionary_tags().get(head, "") in ("n", "vn", "b"))


def time_phrase(ctx, name: str) -> bool:
    """明远创立两年后: a span of time after a founding verb is no organisation it founded."""
    return bool(_TIME_PHRASE.match(name))


def determiner_phrase(ctx, name: str) -> bool:
    """这家公司, 该公司, 一家物流服务公司, 过多家公司."""
    return bool(_determiner().search(name))


def starts_with_function_char(ctx, name: str) -> bool:
    return name[0] in _function_chars() and name not in ctx.article_names and not ctx.lead_in_name(name)


def holds_a_clause(ctx, name: str) -> bool:
    """陆远舟的远舟资本, 他还曾在青禾: a name has no particle or pronoun inside."""
    if _CLAUSE_INSIDE.search(name):
        return True
    return any(len(tok) >= 2 and tok in lx.BOUNDARY for tok in ctx.seg.cut(name)) if len(name) > 4 else False


def generic_head(ctx, name: str) -> bool:
    """上市公司, 网购公司, GPU公司, AI芯片, 芯片公司: an ordinary word before a class noun (公司, 企业)
    or a category (芯片, 汽车). A name suffix (科技, 集团, 大学) makes a name of any word: 星河科技,
    浪潮集团 and 交通大学 are names. A name the article's repeated usage establishes (七号公司) is one."""
    if name in ctx.article_names:
        return False
    if name.endswith(lx.LEGAL_FORMS):
        form = max((f for f in lx.LEGAL_FORMS if name.endswith(f)), key=len)
        head = re.sub(r"[(（][^()（）]*[)）]", "", name[: -len(form)])
        # 电子技术股份有限公司, 科技集团股份有限公司: a legal form after ordinary words is a fragment,
        # unless the article introduces it as a whole name ((以下简称「星积电」) follows it).
        if ctx.signal in ("aliases", "latin"):
            return False  # …（以下简称「星积电」）, 新能源科技有限公司（KLE）: introduced as a whole name
        return len(head) <= 1 or all(lx.is_generic(t) or lx.is_generic_compound(t) for t in ctx.seg.cut(head))
    for suffix in sorted((*lx.CLASS_NOUNS, *_CATEGORY_SUFFIXES), key=len, reverse=True):
        if name.endswith(suffix):
            head = name[: -len(suffix)]
            # AI芯片公司: peel one more class or category (芯片) before judging what is left.
            return _is_generic_head(head, suffix) or (len(head) >= 2 and generic_head(ctx, head))
    return False


def contains_a_person(ctx, name: str) -> bool:
    """人周文远, 赵建明以公司: an organisation candidate that swallowed a person found in the article."""
    # The people inside the name, by looking its pieces up (not every person up in it: linear in a list).
    pieces = {name[i:j] for i in range(len(name)) for j in range(i + 2, len(name) + 1)}
    for person in pieces:
        f = ctx.found.get(person)
        if f is not None and f.kind == PERSON and person != name:
            rest = name.replace(person, "", 1)
            if rest not in lx.ORG_SUFFIXES and not name.startswith(person):
                return True
            if name.startswith(person) and rest[:1] in _function_chars() | _PERSON_THEN_ORG:
                return True
    return False


def extends_a_found_org(ctx, name: str) -> bool:
    """青禾毕竟, 远帆集团获美国Nova基金会: an organisation found here plus the words after it."""
    if name.endswith(lx.LEGAL_FORMS):
        return False  # 青川时代新能源科技股份有限公司 is the legal name of 青川时代, not an extension
    if ctx.ner.get(name, {}).get("ORG", 0) >= 3:
        return (
            False  # 明远书院 beside 明远: the model reads the whole name as one organisation again and again
        )
    # The organisations found here that the name starts with, by looking its beginnings up (linear in a
    # list of names, where scanning every found name for each was quadratic).
    for k in range(1, len(name)):
        other = name[:k]
        f = ctx.found.get(other)
        if f is None or f.kind == PERSON:
            continue
        rest = name[len(other) :]
        for _ in range(4):  # 上海远帆医疗 + 科技 + 股份有限公司: only suffixes follow
            sfx = next((x for x in (*lx.ORG_SUFFIXES, *lx.CLASS_NOUNS) if rest.startswith(x)), "")
            if not sfx:
                break
            rest = rest[len(sfx) :]
        if rest and not rest.isascii():
            return True
    return False


# Signals that only see where a word stands (after 公司, before a suffix, the model's ORG tag, a cue
# verb): their candidate yields to the model reading the word as an ordinary one. Structural
# patterns (公司——北极星, 下称“X”, an English name in brackets) name a thing on purpose and keep it.
_WEAK_SIGNALS = frozenset({"class", "suffix", "context", "ner", "list", "pairs", "role", ""})


def model_reads_a_word(ctx, name: str) -> bool:
    """公司营收为…, 网购公司, 助学扶贫基金: the NER model reads the name (or the word before a class noun
    or 基金) as an ordinary verb or noun every time the article uses it, and never as a name."""
    if ctx.signal not in _WEAK_SIGNALS or name.endswith(lx.LEGAL_FORMS) or name in ctx.article_names:
        return False
    if ner.ordinary_word(ctx.ner.get(name, {})):
        return True
    for suffix in (*lx.CLASS_NOUNS, *lx.INVESTOR_SUFFIXES):
        head = name[: -len(suffix)]
        if name.endswith(suffix) and len(head) >= 2 and ner.ordinary_word(ctx.ner.get(head, {})):
            return not ner.proper(ctx.ner.get(name, {}))
    return False


@lru_cache(maxsize=1)
def _source_frame() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words around an outlet cited as a source (据…报道), compiled once: one ending right before a
    position, one starting right at it."""

    def alt(name: str) -> str:
        return "|".join(re.escape(w) for w in sorted(lx.load_list(name), key=len, reverse=True))

    return re.compile(rf"(?:{alt('source_before')})\s*$"), re.compile(rf"\s*(?:{alt('source_after')})")


def only_a_news_source(ctx, name: str) -> bool:
    """据路透社消息, 据路透社报道: an outlet the article only cites as its source is no party to the story."""
    n = ctx.count(name)
    if n == 0:
        return False
    before, after = _source_frame()
    text, framed, end = ctx.text, 0, 0
    for i in ctx.occurrences(name):  # the same non-overlapping ones as text.find would visit
        if i < end:
            continue
        end = i + len(name)
        if before.search(text, max(0, i - 16), i) or after.match(text, i + len(name)):
            framed += 1
    return framed >= n


ORG_RULES: list[Callable] = [
    bare_class,
    time_phrase,
    class_noun_first,
    determiner_phrase,
    starts_with_function_char,
    holds_a_clause,
    generic_head,
    contains_a_person,
    extends_a_found_org,
    model_reads_a_word,
    only_a_news_source,
]


def word_after_surname(ctx, name: str) -> bool:
    """毕业后, 曾感叹, 能轻松: a surname-looking character and an ordinary word (verb, adjective, adverb,
    time word) rather than a given name — unless the NER model also reads it as a person."""
    if len(name) != 3 or "·" in name or ctx.ner.get(name, {}).get("PER", 0):
        return False
    tags = lx.dictionary_tags()
    if tags.get(name, "").startswith("nr"):
        return False
    return (
        any(
            tags.get(part, "")[:1] in ("v", "a", "d", "c", "p", "u", "r", "m", "t", "f")
            for part in (name[1:], name[:2])
        )
        or tags.get(name[1:], "") == "ns"
    )


def ends_like_time_word(ctx, name: str) -> bool:
    """过程中, 一年后: a time word's ending — unless the model reads a person, or the article titles the
    name again and again (指挥官陆振华)."""
    if name in ctx.titled and not any(part in lx.dictionary_tags() for part in (name[:2], name[1:])):
        return False  # but 主席任期内 ×3 is a word (任期) however often a title stands before it
    return len(name) == 3 and name[-1] in _TIME_ENDINGS and not ctx.ner.get(name, {}).get("PER", 0)


def named_like_an_org(ctx, name: str) -> bool:
    """远帆 in 远帆创投, 星途 tagged ORG by the model: the article writes it as an organisation."""
    votes = ctx.ner.get(name, {})
    if votes.get("ORG", 0) > votes.get("PER", 0):
        return True
    # Occurrences looked up, not searched for with a pattern made for each name (a list of names made
    # that quadratic, and thrashed the regex cache).
    text, suffixes = ctx.text, tuple(_NAME_ONLY_SUFFIXES)
    if "·" not in name:
        bare, end = 0, 0
        for i in ctx.occurrences(name):  # as re.findall: non-overlapping, not followed by a suffix
            if i >= end and not text.startswith(suffixes, i + len(name)):
                bare, end = bare + 1, i + len(name)
        if bare >= 3 and votes.get("PER", 0) >= 3 and not votes.get("ORG", 0):
            return False  # 周文远 read PER each time and written alone, beside 周文远基金会
        # 岑伯年集团由岑伯年于1960年创立…岑伯年生前…: a three-character name with a common surname, written
        # alone twice and marked as a person there (a founding verb, a title) is the founder the group is named
        # after.
        if bare >= 2 and name in ctx.titled and len(name) == 3 and lx.is_common_surname(name[0]):
            return False
    # Only suffixes that are no everyday verb or noun (陆远舟投资了… is a person investing).
    return "·" not in name and any(text.startswith(suffixes, i + len(name)) for i in ctx.occurrences(name))


PERSON_RULES: list[Callable] = [word_after_surname, ends_like_time_word, named_like_an_org]


def why_rejected(ctx, name: str, kind: str) -> str:
    """The name of the first rule that rejects `name` as an entity of `kind`, or ''."""
    for rule in PERSON_RULES if kind == PERSON else ORG_RULES:
        if rule(ctx, name):
            return rule.__name__
    return ""


def rejects(ctx, name: str, kind: str) -> bool:
    return bool(why_rejected(ctx, name, kind))
