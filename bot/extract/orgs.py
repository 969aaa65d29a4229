"""Organisations and brands: each signal a small function that adds evidence to the article's context.

Suffixes (有限公司, 科技, 大学), roles (ORG创始人PERSON), lists (A、B等公司), pairs (A与B两大巨头),
brands (品牌——X(EN)), founding objects (创立了X), a class noun and a dash (机器人公司——北极星),
an English name in brackets (视觉科技(Vision++)), names used the way organisations are (X推出,
X旗下), and the statistical NER vote. Kinds come from the evidence, not from jieba's dictionary:
北极星 is a company when the article uses it as one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from bot import lexicon as lx
from bot.extract import ner
from bot.extract.context import HAN, IS_HAN, ArticleContext, names_inside
from bot.vocab import BRAND, COMPANY, INVESTOR, UNIVERSITY

# An English or mixed name: letters, digits and + # & . - ' (Vision++, C#, AT&T, Yahoo!, Node.js).
# Accented letters go on inside a name (Galénic, Nestlé): a name is not cut at its first é.
LATIN_NAME = (
    r"[A-Za-z][A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff+#&.!'\-]*(?: [A-Za-z0-9+#&.!'\-]+){0,3}"
)
_CONTINUERS = lx.load_list("name_continuers")
_SUFFIX_WORDS = set(lx.ORG_SUFFIXES) | set(lx.CLASS_NOUNS) | set(lx.load_list("exchange_words"))
# Suffixes that end an organisation's name where it stands (不含 芯片/汽车…, which also end ordinary nouns).
_NAME_SUFFIXES = lx.load_list("name_suffixes")
_ASSOCIATIONS = lx.load_list("association_suffixes")
_NOT_COMPANY_ENDINGS = lx.load_list("not_company_endings")
_SOCIETY_ENDINGS = lx.load_list("society_endings")
_CATEGORY_HEADS = lx.load_list("category_heads")
_CLAUSE_CHARS = frozenset(lx.load_list("clause_chars"))


def _P(key: str, **subs: str) -> re.Pattern[str]:
    return lx.pattern("orgs", key, **subs)


_CLASSES = "|".join(lx.CLASS_NOUNS)
_ROLES = "|".join(re.escape(r) for r in sorted(lx.PROFILE_ROLES, key=len, reverse=True))
_ROLE_AT = _P("role", roles=_ROLES)
_PRONOUN_NEXT = _P("pronoun_next")
_LIST = _P("list", classes=_CLASSES)
_LIST_SPLIT = _P("list_split")
_PAIR = _P("pair", classes=_CLASSES)
_BRAND_ENGLISH = _P("brand_english", LATIN_NAME=LATIN_NAME)
_BRAND_DASH = _P("brand_dash")
_BRAND_LATIN = _P("brand_latin")
_DASH_NAME = _P("dash_name", classes="|".join([*lx.CLASS_NOUNS, *lx.load_list("dash_classes")]))
_FOUNDING_VERB = _P("founding_verb")
_INCUBATED_CLASS = _P("incubated_class")
# A dictionary word this frequent is an everyday word (研发 1976), as in bot/extract/heads.py.
_EVERYDAY_FREQ = 1000
_FOUNDED_SPAN = _P("founded_span")
_CLAUSE_IN_SPAN = _P("clause_in_span")
_CLAUSE_IN_NAME = _P("clause_in_name")
_FOUNDED_IN = _P("founded_in")
_IS_COMPANY = _P("is_company")
_CLASS_LEAD = _P("class_lead")
_EXAMPLES = _P("examples")


def kind_for(name: str) -> str:
    if name.endswith(lx.UNIVERSITY_SUFFIXES):
        return UNIVERSITY
    if name.endswith(lx.INVESTOR_SUFFIXES):
        return INVESTOR
    return COMPANY


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(_NAME_SUFFIXES, key=len, reverse=True)))


_PLACE_BEFORE = re.compile(rf"[(（]([{HAN}]{{2,3}})[)）]$")


def find_orgs_by_suffix(ctx: ArticleContext) -> None:
    tags = lx.dictionary_tags()
    for s in ctx.sents:
        for m in lx.finditer(_suffix_pattern(), s.canon):
            suffix = m.group(0)
            after = s.canon[m.end() :]
            if any(after.startswith(c) for c in _CONTINUERS):
                continue
            legal = suffix in lx.LEGAL_FORMS or suffix in lx.UNIVERSITY_SUFFIXES or suffix in _ASSOCIATIONS
            before = s.canon[: m.start()]
            left = ctx.left_name(before, allow_common=legal, max_len=16 if legal else 8)
            # A fixed pattern ending where `left` starts (one compiled per name thrashed the regex cache).
            place = (
                _PLACE_BEFORE.search(before, 0, len(before) - len(left))
                if legal and left and before.endswith(left)
                else None
            )
            if place:  # 澄芯微创(天津)电子技术股份有限公司: the place in brackets sits inside the name
                head = ctx.left_name(before[: place.start()], max_len=8)
                if len(head) >= 2:
                    left = f"{head}({place.group(1)}){left}"
            if legal:
                left = _after_the_clause(ctx, left, tags)
            if len(left) < 2:
                continue
            if suffix == lx.word("company") and (
                len(ctx.seg.cut(left)) > 1 or lx.is_generic(left) or not IS_HAN.match(left)
            ):
                continue
            core = "".join(t for t in ctx.seg.cut(left) if not tags.get(t, "").startswith("ns"))
            if not legal and (len(core) < 2 or lx.is_common_word(core) or not IS_HAN.match(core)):
                continue
            ctx.add(left + suffix, kind_for(suffix), 1.0)


def _after_the_clause(ctx: ArticleContext, left: str, tags: dict[str, str]) -> str:
    """并获美国北岭大学, 因美国大湖食品公司, 刚考进大学, 镇上第一个大学: the words a legal form or 大学 lets
    into a name stop at a clause's own word - a one-character verb or preposition, a numeral - and a
    verb alone (考上) is no name."""
    toks = ctx.seg.cut(left)
    cut = max(
        (j for j, t in enumerate(toks) if t in _CLAUSE_CHARS or tags.get(t, "").startswith("m")),
        default=-1,
    )
    rest = toks[cut + 1 :]
    if len(rest) == 1 and tags.get(rest[0]) == "v":
        return ""
    return "".join(rest)


def find_orgs_by_role(ctx: ArticleContext) -> None:
    people = ctx.people()
    longest = max(map(len, people), default=0)  # people looked up by the text's pieces (linear in a list)
    for s in ctx.sents:
        for m in lx.finditer(_ROLE_AT, s.canon):
            rest = s.canon[m.end() :]
            follows = any(rest[:k] in people for k in range(1, min(longest, len(rest)) + 1))
            if not follows and not _PRONOUN_NEXT.match(rest[:2]):
                # ORG的创始合伙人之一 with the person named earlier in the sentence still counts.
                if not (
                    m.group(0).startswith(lx.word("of"))
                    and names_inside(s.canon[: m.start()], people, longest)
                ):
                    continue
            left = s.canon[: m.start()]
            left = re.sub(r"[（(][^（()）]{1,40}[)）]$", "", left)
            left = re.sub(r"[)）”\"」]$", "", left)
            name = ctx.left_name(left, max_len=8)
            if name.endswith(lx.NATIONALITY_ENDINGS):
                continue  # 法国籍合伙人: who the person is, not where they work
            if len(name) >= 2 and name not in people and not lx.is_generic(name):
                ctx.add(name, COMPANY, 1.5)


def find_orgs_by_list(ctx: ArticleContext) -> None:
    for s in ctx.sents:
        for m in lx.finditer(_LIST, s.canon):
            body = m.group(1)
            if "、" not in body:
                continue
            names = [ctx.strip_lead(it) for it in _LIST_SPLIT.split(body)]
            names = [
                n
                for n in names
                if 2 <= len(n) <= 8
                and not lx.is_generic(n)
                and IS_HAN.match(n)
                and not all(lx.is_generic(t) or len(t) == 1 for t in ctx.seg.cut(n))
            ]
            if len(names) >= 2:
                for n in names:
                    ctx.add(n, COMPANY, 0.8)


def find_listed_examples(ctx: ArticleContext) -> None:
    """社企餐厅，例如远山会的 Sunnycafe、星河会于南街的星河小馆等: examples given of a kind of organisation."""
    for s in ctx.sents:
        for m in lx.finditer(_EXAMPLES, s.canon):
            body = m.group(1)
            if "、" not in body:
                continue  # one example is as likely a description as a name
            for item in body.split("、"):  # not at 和/与: 和风资本 is one name
                name = item.rsplit(lx.word("of"), 1)[-1].strip()
                toks = ctx.seg.cut(name)
                if not 2 <= len(name) <= 12 or lx.is_generic(name) or all(lx.is_generic(t) for t in toks):
                    continue
                ctx.add(name, kind_for(name), 1.0)


def find_org_pairs(ctx: ArticleContext) -> None:
    """星途与远帆两大巨头, 青禾和恒岳这两家公司: two names, then how many of a kind they are."""
    for s in ctx.sents:
        for m in lx.finditer(_PAIR, s.canon):
            names = [ctx.left_name(m.group(1), max_len=8), m.group(2)]
            names = [
                n
                for n in names
                if 2 <= len(n) <= 8
                and not lx.is_generic(n)
                and not all(lx.is_generic(t) or len(t) == 1 for t in ctx.seg.cut(n))
            ]
            if len(names) == 2:
                for n in names:
                    ctx.add(n, COMPANY, 0.8)


def find_brands(ctx: ArticleContext) -> None:
    for s in ctx.sents:
        for m in lx.finditer(_BRAND_ENGLISH, s.canon):
            f = ctx.add(m.group(1), BRAND, 3)
            if f:
                f.aliases[m.group(2).strip()] = "english"
        for m in lx.finditer(_BRAND_DASH, s.canon):
            ctx.add(m.group(1), BRAND, 2)
        for m in lx.finditer(_BRAND_LATIN, s.canon):
            name = m.group(1)
            # AI品牌, DTC品牌: an upper-case abbreviation of three letters or fewer names a kind of brand
            if not (name.isupper() and len(name) <= 3) and name not in ctx.found:
                ctx.add(name, BRAND, 2)


def find_dash_names(ctx: ArticleContext) -> None:
    """成立了机器人公司——北极星, 旗下品牌——X: a class noun, a dash, then the name (an everyday word too)."""
    for s in ctx.sents:
        for m in lx.finditer(_DASH_NAME, s.canon):
            name = m.group(1)
            if ctx.count(name) >= 2 or re.match(r"[（(][A-Za-z]", s.canon[m.end() :]):
                ctx.add(name, BRAND if lx.word("brand") in m.group(0) else COMPANY, 2.5)


def _founded_name(ctx: ArticleContext, rest: str) -> str:
    """The name a founding verb's object starts with: a span the article repeats, marks with a Latin
    bracket or a legal suffix; else the proper name segmentation finds there."""
    span = _FOUNDED_SPAN.match(rest)
    if span and not _CLAUSE_IN_SPAN.search(span.group(1)):
        cand = span.group(1)
        recurs = ctx.count(cand) >= 2
        english = re.match(r"[（(][A-Za-z]", rest[len(cand) :])
        if (recurs or english or cand.endswith(lx.ORG_SUFFIXES)) and not lx.is_generic(cand):
            return cand
    name = ctx.right_name(rest)
    # 已成立创新研究中心: the object as written was refused above, and the name found inside it is only
    # its first everyday word (研发) - no name. An everyday word the article writes as the whole object
    # (创立了青禾，) is taken by the span above.
    if span and name and len(name) < len(span.group(1)) and lx.word_frequency(name) >= _EVERYDAY_FREQ:
        return ""
    return name


def find_founded_objects(ctx: ArticleContext) -> None:
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_FOUNDING_VERB, s.canon):
            # 创办人 暨执行长韩立舟: 创办人 is a title, what follows it is no founded object.
            rest = s.canon[m.end() :]
            # 孵化低代码开发平台云雀, 创建了储能电池公司远帆能源: a description ending in a class noun,
            # then the name. The name after the class noun wins; without one (创立了青禾公司并…) the
            # object is read as written.
            after_class = _INCUBATED_CLASS.sub("", rest, count=1)
            name = ""
            if after_class != rest:
                name = _founded_name(ctx, after_class)
                if m.group(0).startswith(lx.word("incubate")):
                    rest = after_class
            name = name or _founded_name(ctx, rest)
            if name and name not in people and not _CLAUSE_IN_NAME.search(name):
                ctx.add(name, UNIVERSITY if name.endswith(lx.UNIVERSITY_SUFFIXES) else COMPANY, 1.5)
        for m in lx.finditer(_FOUNDED_IN, s.canon):
            ctx.add(m.group(2), COMPANY, 1.5)
        # 恒岳算是少有的一家……的AI创业公司: a name that *is* a company, at the start of a clause
        # (…之后，如今，恒岳算是…).
        for m in lx.finditer(_IS_COMPANY, s.canon):
            name = ctx.strip_lead(m.group(1))
            if (
                len(name) >= 2
                and not lx.is_generic(name)
                and name not in people
                and len(ctx.seg.cut(name)) == 1
                and ctx.count(name) >= 2
            ):
                ctx.add(name, COMPANY, 1.0)


_CONTEXT_CUES = lx.load_list("context_cues")


def find_orgs_by_context(ctx: ArticleContext) -> None:
    """Names the dictionary marks as proper (nt/nz) or does not know, used as organisations act.

    Only sentences holding a cue are segmented (the name stands right before it); how often a name
    occurs is then counted in the plain text, which costs far less than segmenting everything.
    """
    tags = lx.dictionary_tags()
    people = ctx.people()
    cued: Counter[str] = Counter()
    with ctx.seg.learned(ctx.words):  # the article's new words are the candidate names here
        for s in ctx.sents:
            if not any(c in s.canon for c in _CONTEXT_CUES):
                continue
            for tok, pos in _words_before_cues(ctx, s.canon):
                if (
                    len(tok) < 2
                    or not IS_HAN.match(tok)
                    or tok in people
                    or tok in _SUFFIX_WORDS
                    or lx.is_generic_compound(tok)
                    or tok.endswith(lx.word("board"))  # 科创板, 创业板: markets, not companies
                ):
                    continue
                tag = tags.get(tok)
                if (tag is None or tag in ("nt", "nz")) and any(
                    s.canon[pos:].startswith(c) for c in _CONTEXT_CUES
                ):
                    cued[tok] += 1
    for tok in cued:
        n = ctx.count(tok)
        if n >= 2:
            ctx.add(tok, COMPANY, 0.5 * n)


_CUE_AT = re.compile("(?=" + lx.alternation(_CONTEXT_CUES) + ")")


def _words_before_cues(ctx: ArticleContext, canon: str) -> list[tuple[str, int]]:
    """(word, where it ends) for the words of the sentence's cut that a context cue follows (punctuation
    marks left out: no name), and maybe others: only the runs of the sentence where a cue starts are cut
    (Segmenter.words_ending_at), the whole sentence when that cannot serve."""
    cues = {m.start() for m in lx.finditer(_CUE_AT, canon)}
    near = ctx.seg.words_ending_at(canon, cues)
    if near is not None:
        return near
    out, pos = [], 0
    for tok in ctx.seg.cut(canon):
        start = canon.find(tok, pos)
        pos = start + len(tok) if start >= 0 else pos
        out.append((tok, pos))
    return out


def find_orgs_by_ner(ctx: ArticleContext) -> None:
    """The statistical model's ORG tags, as one vote: kept when the article repeats the name or another
    signal agrees; generic nouns (GPU公司) are refused by the generic rules in `ctx.add`."""
    people = ctx.people()
    for name, votes in ctx.ner.items():
        org, per = votes.get("ORG", 0), votes.get("PER", 0)
        if org == 0 or per > org or name in people:
            continue
        if len(name) < 2 or len(name) > 12 or re.search(r"\d{3,}|[a-z]{5,}$|^[a-z]", name):
            continue  # file names, URLs, lower-case words from markup
        n = ctx.count(name)
        steady = _steady(ctx, name, org, n)
        if name.endswith(_NOT_COMPANY_ENDINGS):
            continue  # boards, authorities and courts are not companies
        if name.endswith(_SOCIETY_ENDINGS) and not steady:
            continue  # 证监会, 国务院: authorities, unless the article keeps naming one as an organisation
        if lx.dictionary_tags().get(name, "").startswith("ns") or votes.get("LOC", 0) >= org:
            continue  # 香港, 纳斯达克: places the model sometimes calls ORG
        agree = name in ctx.found
        ascii_name = name.isascii()
        if ascii_name and not agree:
            continue  # ASIC, GPU, SaaS: the model calls technologies ORG; a Latin name needs another signal
        if lx.is_generic(name) and not agree and (org < 2 or org < 0.6 * n):
            continue  # 电信, 国产: an ordinary word the model sometimes calls ORG (青禾 is ORG each time)
        if lx.is_generic_compound(name) and not agree and not name.endswith(lx.ORG_SUFFIXES) and not steady:
            continue  # 新时代(管理学), 江南纺织(及服装设计中心): ordinary words, no name suffix, the model alone
        if not agree and _part_of_a_longer_word(ctx, name):
            continue  # 国安|法 fourteen times of fifteen: a piece of another word (a law), not a name
        if not agree and _modifies_categories(ctx, name):
            continue  # 美妆市场, 美妆品牌, 美妆圈: a line of business the model once called ORG
        if not agree and org * 3 < n and _always_before_a_noun(ctx, name):
            continue  # 南山国际教育, 南山国际学校: words that qualify the noun after them each time
        if n >= 2 and (org >= 2 or agree) or (n >= 3 and not ascii_name):
            ctx.add(name, kind_for(name), 0.8 * min(org, 4))


def _part_of_a_longer_word(ctx: ArticleContext, name: str) -> bool:
    """The article writes the same Han character after the word 85 % of the times or more (国安法, three
    times or more): the word is a piece of a longer one. When the two characters after it are always the same
    (青禾园|服务), the name runs on instead (extract._name_runs_on), so that case is left alone."""
    spots = ctx.starts(name)
    if len(spots) < 3:
        return False
    end = len(name)
    ones = Counter(ctx.text[i + end : i + end + 1] for i in spots)
    char, n = ones.most_common(1)[0]
    twos = {ctx.text[i + end : i + end + 2] for i in spots}
    if any(other.startswith(name + char) for other in ctx.found):
        return False  # 星运|卡车 found as a name: the short form of a name, not a piece of a word
    return bool(IS_HAN.match(char)) and n * 20 >= 17 * len(spots) and len(twos) > 1


def _always_before_a_noun(ctx: ArticleContext, name: str) -> bool:
    """南山国际|教育, 南山国际|学校, 南山国际|交流书院: the article never ends the name - an ordinary noun follows
    it every time, so it is a modifier of that noun (the model read it ORG once in a while), not a name."""
    tags = lx.dictionary_tags()
    spots = ctx.starts(name)
    for i in spots:
        toks = ctx.seg.cut(ctx.text[i + len(name) : i + len(name) + 6])
        nxt = toks[0] if toks else ""
        if not (
            IS_HAN.match(nxt) and len(nxt) >= 2 and tags.get(nxt, "") in ("n", "vn") and lx.is_generic(nxt)
        ):
            return False
    return bool(spots)


def _modifies_categories(ctx: ArticleContext, name: str) -> bool:
    """The article writes the word before a category noun (市场, 品牌, 产品, 圈) at least half the times it
    writes it: it names a line of business, as 美妆 in 美妆市场 and 美妆品牌 does, not an organisation."""
    spots = ctx.starts(name)
    heads = sum(1 for i in spots if ctx.text.startswith(_CATEGORY_HEADS, i + len(name)))
    return bool(spots) and heads * 2 >= len(spots)


def _steady(ctx: ArticleContext, name: str, org: int, n: int) -> bool:
    """香港星光会 (ORG 13 of 31), 明远书院 (28 of 45), 南湾电视台 (4 of 4): a long name the dictionary does
    not know, which the model reads ORG again and again, is a name whatever its last word, unless the
    article always continues it the same way (江南纺织|及服装设计中心 each time: the model cut a longer name)."""
    if org < 3 or org * 2.5 < n or len(name) < 4 or name in lx.dictionary_tags():
        return False
    end = len(name)
    nexts = {ctx.text[i + end : i + end + 2] for i in ctx.starts(name)}
    return not (len(nexts) == 1 and bool(IS_HAN.match(next(iter(nexts)) or "a")))


_NAME_LINKS = {
    "of",
    "and",
    "the",
    "for",
    "de",
    "la",
    "du",
    "da",
    "von",
    "van",
    "der",
    "des",
    "del",
    "und",
}  # Bank of America


def find_latin_names(ctx: ArticleContext) -> None:
    """An English or mixed name in brackets after a Chinese name (视觉科技(Vision++), 灵瞳(LINTONE)):
    the Chinese name is an organisation when the article repeats either form."""
    pat = re.compile(rf"([{HAN}A-Za-z0-9·]{{2,14}})\s*[(（]({LATIN_NAME})(?:[,，]\s*([A-Z]{{2,6}}))?[)）]")
    people = ctx.people()
    for s in ctx.sents:
        for m in pat.finditer(s.canon):
            latin = m.group(2).strip()
            words = latin.split()
            if len(words) > 1 and any(w.isalpha() and w.islower() and w not in _NAME_LINKS for w in words):
                continue  # 星辰链（Nova blockchain）: a lower-case noun among the words makes a term (nuvo is a name)
            # The longest name found that the bracket follows: its ends looked up (sorting every name
            # found for each bracket was quadratic in a list of names).
            g1 = m.group(1)
            head = next((g1[-k:] for k in range(len(g1), 0, -1) if g1[-k:] in ctx.found), "")
            if head:
                ctx.found[head].aliases.setdefault(latin, "english")
                if m.group(3):
                    ctx.found[head].aliases.setdefault(m.group(3), "english")
                continue
            left = ctx.left_name(m.group(1), max_len=10)
            if not left:
                # 香港南方电力（CityPower）, 新能源科技有限公司（KLE）: ordinary words before an English name make
                # a name when the English is a word or the Chinese has a company suffix; 公开募股(IPO) is a term.
                wide = ctx.left_name(m.group(1), allow_common=True, max_len=10)
                if not (latin.isupper() and len(latin) <= 4) or wide.endswith(lx.ORG_SUFFIXES):
                    left = wide
            if len(left) < 2 or left in people or len(latin) < 2:
                continue
            if _longer_person(ctx, people, left, latin):
                continue
            if ctx.count(left) >= 2 or ctx.count(latin) >= 2 or left.endswith(lx.ORG_SUFFIXES):
                f = ctx.add(left, kind_for(left), 1.5)
                if f:
                    f.aliases.setdefault(latin, "english")
                    if m.group(3):
                        f.aliases.setdefault(m.group(3), "english")


# Pieter van Oosterhuis, Sir Edmund Hale: a person's name in Latin letters (two words or more, each
# capitalised or a family-name particle)
_LATIN_PERSON_NAME = re.compile(r"[A-Z][a-z]+(?: (?:van|von|de|der|den|da|du|di|del|la|le|[A-Z][a-z]+))+")


def _longer_person(ctx: ArticleContext, people: set[str], left: str, latin: str) -> bool:
    """范德威伦（Pieter van der Weylen）: the people signal cut a transliterated name (范德威) that the
    article never writes alone; with a person's name in Latin letters after it, the whole run is that
    person (renamed, the Latin name an alias), not a company."""
    owner = next((p for p in people if left.startswith(p) and left != p), "")
    if not owner or not _LATIN_PERSON_NAME.fullmatch(latin) or left.endswith(lx.ORG_SUFFIXES):
        return False
    if ctx.count(owner) > ctx.count(left):
        return False  # written alone too: two names, or a name and more words
    f = ctx.found.pop(owner)
    f.name = left
    f.aliases.setdefault(latin, "english")
    ctx.found[left] = f
    people.discard(owner)
    people.add(left)
    return True


# X是一家…公司, X是2004年成立的, X是青禾的一个…: the sentence says what the name is.
_IS_A = _P("is_a", LATIN_NAME=LATIN_NAME)


_FOUNDED_IN_YEAR = _P("founded_in_year")
# 一家名为「Nordway Trading Pte. LTD.」的新加坡公司
_NAMED = _P("named", LATIN_NAME=LATIN_NAME)
_LATIN_LEGAL = re.compile(
    r"\s+(?:Business\s+)?(?:Pte\.?|Ltd\.?|LTD\.?|Inc\.?|LLC|Co\.?|Limited|Corp\.?|Corporation|GmbH)\b.*$"
)


def find_defined_names(ctx: ArticleContext) -> None:
    """青芯是2006年成立的, Quillo Game是一家2017年成立的手游开发公司, 一家名为「X」的公司:
    a name defined as an organisation."""
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_NAMED, s.canon):
            full = m.group(1).strip()
            short = _LATIN_LEGAL.sub("", full) if full.isascii() else full
            f = ctx.add(short, COMPANY, 2.5)
            if f and short != full:
                f.aliases.setdefault(full, "legal")
        for m in lx.finditer(_FOUNDED_IN_YEAR, s.canon):
            name = ctx.left_name(s.canon[: m.start()], max_len=8)
            if len(name) >= 2 and name not in people and ctx.count(name) >= 2:
                ctx.add(name, COMPANY, 2.0)
        m = _IS_A.match(s.canon)
        if not m:
            continue
        name = m.group(1).strip()
        if not name.isascii():
            name = ctx.strip_lead(name)
            tags = lx.dictionary_tags()
            if any(tags.get(t, "")[:1] in ("d", "c", "p", "v", "r", "u") for t in ctx.seg.cut(name)):
                continue  # 青禾毕竟是…: an adverb or verb is no part of a name
        if len(name) >= 2 and name not in people and ctx.count(name) >= 2 and not lx.is_generic(name):
            ctx.add(name, COMPANY, 2.0)


# 电池公司VoltNova, 发行商Quillo Game, 网购公司南方电视: a class noun, then the name (no dash).
_CLASS_THEN_NAME = _P("class_then_name", LATIN_NAME=LATIN_NAME)


_ONE_LATIN_NAME = re.compile(r"[A-Z][a-z]{3,}[A-Za-z]*")
_PHRASE_END = re.compile(r"[，。；、,;]")


def _latin(name: str) -> bool:
    """Written in Latin letters, accented ones included (Galénic)."""
    return not re.search(rf"[{HAN}]", name)


def find_named_after_class(ctx: ArticleContext) -> None:
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_CLASS_THEN_NAME, s.canon):
            raw = m.group(1).strip()
            name = raw if _latin(raw) else ctx.right_name(s.canon[m.start(1) :])
            # 自组公司Brisko，帮客户…: a Latin name (no acronym) that ends the noun phrase names it once
            once = _latin(name) and _ONE_LATIN_NAME.fullmatch(name) and _PHRASE_END.match(s.canon, m.end(1))
            if not name or name in people or (ctx.count(name) < 2 and not once):
                continue
            if not _latin(name) and (lx.is_generic(name) or lx.dictionary_tags().get(name)):
                continue
            if not _latin(name) and name not in ctx.words and not ner.proper(ctx.ner.get(name, {})):
                continue  # a Chinese name here needs the article's new words or the model to agree
            if _latin(name) and (len(name) < 3 or (name.isupper() and len(name) <= 4)):
                continue  # CEO, IPO, SaaS-like words and acronyms need another signal
            ctx.add(name, COMPANY, 1.5)


# 南方电视(1426), SBC星河广播(0632): a name followed by a stock code in brackets is a listed company.
_CODE_AFTER = re.compile(
    rf"([{HAN}A-Za-z0-9]{{2,14}})[(（](\d{{4,5}}|[A-Z]{{2,5}}\.[A-Z]{{1,2}}|\d{{4,5}}\.HK)[)）]"
)


def find_coded_names(ctx: ArticleContext) -> None:
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_CODE_AFTER, s.canon):
            code = m.group(2)
            if code.isdigit() and 1900 <= int(code) <= 2100 and len(code) == 4:
                continue  # (2019): a year
            name = ctx.left_name(m.group(1), max_len=10) or ctx.left_name(
                m.group(1), allow_common=True, max_len=10
            )
            name = _CLASS_LEAD.sub("", name)  # 上市公司远帆国际集团(02317)
            if len(name) >= 2 and name not in people:
                f = ctx.add(name, COMPANY, 2.0)
                if f:
                    f.aliases.setdefault(code.removesuffix(".HK"), "ticker")
                    latin = re.search(
                        r"([A-Za-z][A-Za-z0-9&.\-]{1,15})$", m.group(1)[: len(m.group(1)) - len(name)]
                    )
                    if latin:  # SBC星河广播(0632): the English name written right before the Chinese one
                        f.aliases.setdefault(latin.group(1), "english")


@lru_cache(maxsize=1)
def _latin_org_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    after = "|".join(f"(?:{p})" for p in lx.load_list("org_cues_after"))
    before = "|".join(f"(?:{p})" for p in lx.load_list("org_cues_before"))
    return re.compile(after), re.compile(before)


_LATIN_TOKEN = re.compile(rf"(?<![A-Za-z0-9.])({LATIN_NAME})")


def find_latin_orgs_by_context(ctx: ArticleContext) -> None:
    """Nimbus! 先后被陆远舟和远帆资本投资, 把 Nimbus! 以3000万美金卖给了青禾: a Latin name the article
    repeats and treats as an organisation (invested in, sold, acquired, founded). A word or an acronym
    (SaaS, CEO, IPO) needs a capital letter and more than four letters, or a mark such as ! + #."""
    after, before = _latin_org_cues()
    people = ctx.people()
    cued: Counter[str] = Counter()
    for s in ctx.sents:
        for m in _LATIN_TOKEN.finditer(s.canon):
            name = m.group(1).strip().rstrip(".")
            if after.match(s.canon, m.end()) or before.search(s.canon[max(0, m.start() - 8) : m.start()]):
                cued[name] += 1
    for name, n in cued.items():
        wide = name[:-1] + "！" if name.endswith("!") else ""  # Yahoo！ with the full-width mark
        if name in people or not re.search(r"[A-Z]", name) or ctx.count(name) + ctx.count(wide) < 2:
            continue
        if len(re.sub(r"[^A-Za-z]", "", name)) <= 4 and not re.search(r"[!+#&]", name):
            continue
        f = ctx.add(name, COMPANY, 1.5 * n)
        if f and wide and ctx.count(wide):
            f.aliases.setdefault(wide, "name")


# QuilloMart网站, LumaPay平台: a Latin name used as a website, app or platform, more than once.
_LATIN_SITE = _P("latin_site", LATIN_NAME=LATIN_NAME)


def find_latin_sites(ctx: ArticleContext) -> None:
    seen: Counter[str] = Counter(m.group(1) for s in ctx.sents for m in lx.finditer(_LATIN_SITE, s.canon))
    for name, n in seen.items():
        if len(name) >= 4 and not (name.isupper() and len(name) <= 4) and ctx.count(name) >= 3:
            ctx.add(name, BRAND, 1.5 * n)
