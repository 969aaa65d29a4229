"""Aliases the article introduces: (下称“X”), tickers, nicknames, 张总-style forms, short forms."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from bot import lexicon as lx
from bot.extract.context import HAN, IS_HAN, ArticleContext
from bot.segment import Sentence
from bot.vocab import COMPANY, PERSON, UNIVERSITY


def _P(key: str) -> re.Pattern[str]:
    return lx.pattern("aliases", key)


# (股票代码：06188.HK，下称“远帆汽车”), (以下简称「X」): 下称 anywhere inside the bracket.
_CALLED = _P("called")
# Tickers: 股票代码HYK, 股票代码：06188.HK, NASDAQ:HYK, (1426), 0466.HK
_TICKER = _P("ticker")


def find_aliases(ctx: ArticleContext) -> None:
    for s in ctx.sents:
        for m in lx.finditer(_CALLED, s.canon):
            left = s.canon[: m.start()]
            # The longest name found that ends here: its ends looked up (sorting every name found for
            # each （下称…） was quadratic in an article of many).
            long_name = next((left[-k:] for k in range(len(left), 0, -1) if left[-k:] in ctx.found), "")
            form = next((f for f in lx.LEGAL_FORMS if left.endswith(f)), "")
            if not long_name and form:
                core = ctx.left_name(left[: -len(form)], allow_common=True, max_len=16)
                long_name = core + form if len(core) >= 2 else ""
            if not long_name:
                long_name = ctx.left_name(left, allow_common=True, max_len=20)
            long_name = _starts_at_short_form(left, m.group(1), long_name)
            if long_name:
                f = ctx.add(long_name, COMPANY, 1)
                # （简称：光年能源）: the text states the short name; that it is also made of ordinary words
                # (奇点 + 能源) does not make it less of a name.
                if f:
                    ctx.article_names.add(m.group(1))
                short = ctx.add(m.group(1), COMPANY, 2)
                if f and short and f is not short:
                    f.aliases[short.name] = "short"
        for m in lx.finditer(_TICKER, s.canon):
            ticker = next(g for g in m.groups() if g)
            org = _subject_org(ctx, s, m.start())
            if org and not (
                ticker.isdigit()
                and len(ticker) == 4
                and 1900 <= int(ticker) <= 2100
                and "(" not in m.group(0)
            ):
                ctx.found[org].aliases[ticker] = "ticker"
                if ticker.endswith(".HK"):
                    ctx.found[org].aliases[ticker[:-3]] = "ticker"


def _starts_at_short_form(left: str, short: str, long_name: str) -> str:
    """远帆科技集团股份有限公司（简称“远帆科技”）, 澄芯微创（天津）电子技术股份有限公司（以下简称“澄芯微创”）:
    the full name begins where the short form does. A cut that missed it (科技集团股份有限公司, stopped
    at an ordinary word or at a bracketed place) is a bare suffix; extend it back to the short form."""
    tail = left[-40:]
    anchor = next((short[:k] for k in range(len(short), 1, -1) if short[:k] in tail), "")
    at = long_name.find(anchor) if anchor else -1
    if at > 0 and long_name[:at].endswith(lx.CLASS_NOUNS):
        # 智能出行服务公司七号有限公司（简称“七号公司”）: the class noun before the name is the sentence's
        return long_name[at:]
    if not anchor or anchor in long_name:
        return long_name
    full = tail[tail.rfind(anchor) :].replace("（", "(").replace("）", ")")
    if re.search(r"[，。；、,;：:“”\"\s]", full) or not long_name or not full.endswith(long_name[-2:]):
        return long_name
    return full


def _subject_org(ctx: ArticleContext, s: Sentence, pos: int) -> str:
    """The organisation a ticker belongs to: the nearest one named before it in the sentence."""
    best, best_end = "", -1
    for n, f in ctx.found.items():
        if f.kind == PERSON:
            continue
        i = s.canon.rfind(n, 0, pos)
        if i >= 0 and i + len(n) > best_end or (i >= 0 and i + len(n) == best_end and len(n) > len(best)):
            best, best_end = n, i + len(n)
    if best:
        return best
    counts = Counter({n: ctx.count(n) for n, f in ctx.found.items() if f.kind != PERSON})
    return counts.most_common(1)[0][0] if counts else ""


# “家电教母”, 「阿强哥」, 『茶叶大王』: Traditional and corner quotes mark a nickname as surely as curly ones.
_QUOTED_TERM = re.compile(rf"[“\"「『]([{HAN}A-Za-z]{{2,5}})[”\"」』]")


# Up to this many people, asking for each name in a sentence is cheaper than cutting it into pieces.
_FEW_PEOPLE = 40


def nicknames(ctx: ArticleContext) -> None:
    people = ctx.people()
    order = {p: i for i, p in enumerate(people)}
    longest = max(map(len, people), default=0)
    recent: list[str] = []
    for s in ctx.sents:
        named = _people_named(s.canon, people, order, longest)
        _nickname_before_name(ctx, s.canon, people)
        for m in lx.finditer(_QUOTED_TERM, s.canon):
            _quoted_nickname(ctx, s.canon, m, people, named, recent)
        if named:
            recent = (recent + named)[-3:]


def _people_named(canon: str, people: set[str], order: dict[str, int], longest: int) -> list[str]:
    """The people (of two characters or more) the sentence names, in the order `people` has: each name
    looked for in the sentence when the article names a few, the sentence's pieces looked up in `people`
    when it names many (a list of thousands)."""
    if len(people) <= _FEW_PEOPLE:
        return [p for p in people if len(p) >= 2 and p in canon]
    inside = {canon[i:j] for i in range(len(canon)) for j in range(i + 2, min(i + longest, len(canon)) + 1)}
    return sorted(inside & people, key=order.__getitem__)


def _nickname_before_name(ctx: ArticleContext, canon: str, people: set[str]) -> None:
    """有鬼才称号的陆远舟, 有鬼才之称的陆远舟: a nickname right before the name, without quotes."""
    for m in lx.finditer(_NICKNAME_BEFORE_NAME, canon):
        after_name = canon[m.end() : m.end() + 4]
        person = next((p for p in people if after_name.startswith(p)), "")
        if person and m.group(1) not in ctx.found:
            ctx.found[person].aliases.setdefault(m.group(1), "nickname")


def _quoted_nickname(
    ctx: ArticleContext, canon: str, m: re.Match[str], people: set[str], named: list[str], recent: list[str]
) -> None:
    """A quoted term that the sentence says someone is called (人称“南瓜陈”, 有“家电教母”之称)."""
    term = m.group(1)
    before = canon[max(0, m.start() - 10) : m.start()]
    after = canon[m.end() : m.end() + 4]
    strong = _CALLED_STRONG.search(before)
    called = _CALLED_AFTER.match(after)
    if lx.is_generic(term):
        return
    if term in ctx.found:
        # 以“韩胖”自居: the text says the name is what a person calls himself; a person of the same surname
        # the people signal made of it is that person, not a second one.
        owner = next((p for p in named + recent[::-1] if p != term and p[0] == term[0]), "")
        if not (owner and (strong or called) and ctx.found[term].kind == PERSON):
            return
        ctx.found.pop(term)
        people.discard(term)
        ctx.found[owner].aliases[term] = "nickname"
        return
    # 她也因此被同行称为“家电教母”: the person named here is the one called so; a comparison
    # (“中国版西门子”) is no nickname: 版/式/之/第 mark it.
    passive = _CALLED_PASSIVE.search(before)
    if passive and len(named) == 1 and not _COMPARISON_MARK.search(term):
        ctx.found[named[0]].aliases.setdefault(term, "nickname")
        return
    for person in named + recent[::-1]:
        if person not in ctx.found:
            continue  # a name just folded into another person as a nickname
        weak = _POSSESSIVE_END.search(before)
        shares = person[0] in term or ((strong or called) and any(c in term for c in person[1:]))
        # after a bare 的 only a surname at either end of the phrase links it (他的“老张”, not 我们的「每日快讯」)
        weak = weak and person[0] in (term[0], term[-1])
        # 有“家电教母”之称: the phrase itself says it is what people call her.
        if (shares and (strong or weak)) or (called and person in named):
            if term != person:
                ctx.found[person].aliases[term] = "nickname"
            return


def title_aliases(ctx: ArticleContext) -> None:
    """张总, 杨董, 王博, 李老师: an alias only when one person in the article has that surname."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for p in ctx.people():
        by_surname[p[0]].append(p)
    for surname, title in set(_TITLE_ALIAS.findall(ctx.text)):
        form = surname + title
        owners = sorted(by_surname.get(surname, []), key=ctx.count, reverse=True)
        if len(owners) > 1 and ctx.count(owners[0]) >= 3 * max(ctx.count(o) for o in owners[1:]):
            owners = owners[:1]  # 周文远 ×9 beside 周子衡 ×1: the article's 周生 is the one it keeps naming
        if len(owners) != 1 or ctx.count(form) < 2 or form in ctx.found or form in lx.dictionary_tags():
            continue  # 卫生, 先生, 毕生: words of the language, not a form of address
        ctx.found[owners[0]].aliases.setdefault(form, "nickname")


def short_forms(ctx: ArticleContext) -> None:
    """恒岳科技 is also 恒岳, 深圳锐芯微集团 also 锐芯微, 清华大学 also 清华 — when the text uses them."""
    tags = lx.dictionary_tags()
    for name, f in list(ctx.found.items()):
        if f.kind == PERSON:
            continue
        base = name
        # Suffixes come off repeatedly: 澄芯微创(天津)电子技术股份有限公司 -> … -> 澄芯微创.
        for _ in range(3):
            for sfx in lx.ORG_SUFFIXES:
                if base.endswith(sfx) and len(base) - len(sfx) >= 2:
                    base = base[: -len(sfx)]
                    break
            else:
                break
        cands = {base}
        toks = ctx.seg.cut(base)
        if len(toks) > 1 and tags.get(toks[0], "").startswith("ns"):
            cands.add(base[len(toks[0]) :])
        for c in cands:
            person = ctx.found.get(c)
            if person is not None and person.kind == PERSON:
                continue  # 岑伯年集团 and its founder 岑伯年: his name is not the group's
            if c != name and len(c) >= 2 and not lx.is_generic(c) and ctx.count(c) > ctx.count(name):
                f.aliases.setdefault(c, "short")
    # Abbreviations of universities (北京航空航天大学 -> 北航) used in the same article.
    for name, f in list(ctx.found.items()):
        if f.kind != UNIVERSITY or len(name) < 5:
            continue
        for m in lx.finditer(_UNIVERSITY_SHORT, ctx.text):
            ab = m.group(1) or m.group(2)
            if ab[0] == name[0] and ab[1] in name[1:-2] and ab not in ctx.found:
                f.aliases.setdefault(ab, "short")


def _core(name: str) -> str:
    """The distinctive part of an organisation's name: suffixes off, repeatedly (上林集团 -> 上林)."""
    base = name
    for _ in range(3):
        sfx = next((x for x in lx.ORG_SUFFIXES if base.endswith(x) and len(base) - len(x) >= 2), "")
        if not sfx:
            break
        base = base[: -len(sfx)]
    return base


def business_variants(ctx: ArticleContext) -> None:
    """上林集团 … 上林齿科接到通知: a name the model calls ORG that is the core of an organisation found
    here plus a line of business (齿科, 口腔, 手机) is that organisation under another name."""
    tags = lx.dictionary_tags()
    cores = {}
    for name, f in ctx.found.items():
        core = _core(name)
        # 上林 is a rare dictionary entry (a place); 橙子 and 菠萝 are everyday words: 菠萝手机 stays apart.
        everyday = lx.is_generic(core) and lx.frequency(core) >= 50
        if f.kind != PERSON and core != name and len(core) >= 2 and not everyday:
            cores.setdefault(core, name)
    for cand, votes in ctx.ner.items():
        if not votes.get("ORG", 0) or cand in ctx.found or votes.get("PER", 0):
            continue
        for core, owner in cores.items():
            rest = cand[len(core) :]
            if not cand.startswith(core) or len(rest) < 2 or rest in lx.ORG_SUFFIXES:
                continue
            if tags.get(rest, "x")[:2] in ("x", "nr", "ns") or not IS_HAN.match(rest):
                continue  # the rest must be an ordinary word of the language, not a name or a place
            ctx.found[owner].aliases.setdefault(cand, "name")


def _skeleton(syllables: str, latin: bool) -> str:
    """The consonants of a name as a transliteration keeps them (Hudson -> hdsn, 哈德森 hadesen -> hdsn)."""
    s = syllables.lower()
    if latin:
        for a, b in (("ph", "f"), ("th", "t"), ("sh", "s"), ("ch", "k"), ("ck", "k"), ("c", "k"), ("r", "l")):
            s = s.replace(a, b)
        s = re.sub(r"[hwy]", "", s)
    else:
        for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"), ("x", "s"), ("q", "c"), ("j", "z")):
            s = s.replace(a, b)
        s = re.sub(r"[wy]", "", s)
    s = re.sub(r"[aeiouv\W\d]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def sounds_alike(latin: str, han: str) -> bool:
    """Hudson/哈德森, Ryan/莱恩, Carl/卡尔: the same consonants, an r heard as l or not written at all."""
    from pypinyin import lazy_pinyin

    zh = _skeleton("".join(lazy_pinyin(han)), False)
    return bool(zh) and zh in (_skeleton(latin, True), _skeleton(latin.replace("r", ""), True))


_LATIN_PERSON = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,12}) ([A-Z][a-z]{1,14})(?![A-Za-z])")
_NICKNAME_BEFORE_NAME = _P("nickname_before_name")
_CALLED_STRONG = _P("called_strong")
_CALLED_AFTER = _P("called_after")
_CALLED_PASSIVE = _P("called_passive")
_COMPARISON_MARK = _P("comparison_mark")
_POSSESSIVE_END = _P("possessive_end")
_TITLE_ALIAS = _P("title_alias")
_UNIVERSITY_SHORT = _P("university_short")
_DOTTED = re.compile(rf"([{HAN}]{{2,4}})[·・•‧]([{HAN}]{{2,5}})")


def transliterations(ctx: ArticleContext) -> None:
    """莱恩・哈德森 … 拜会Ryan Hudson: an English name whose given and family names both sound like the
    two parts of a transliterated name in the same article is that person (consonants compared:
    Ryan/莱恩 l-n, Hudson/哈德森 h-d-s-n). One part alone is not enough."""
    people = ctx.people()
    # The regex cannot tell where the name ends (科技奇才莱恩・哈德森如同): every split is a candidate.
    dotted = {
        (m.group(1)[-i:], m.group(2)[:j])
        for m in lx.finditer(_DOTTED, ctx.text)
        for i in range(1, len(m.group(1)) + 1)
        for j in range(2, len(m.group(2)) + 1)
    }
    for given_en, family_en in set(_LATIN_PERSON.findall(ctx.text)):
        if len(_skeleton(family_en, True)) < 2:
            continue  # one consonant matches too much by chance
        for given_zh, family_zh in dotted:
            if not (sounds_alike(family_en, family_zh) and sounds_alike(given_en, given_zh)):
                continue
            person = next(
                (p for p in people if p.endswith(family_zh) and (p == family_zh or given_zh in p)), ""
            )
            if person:
                ctx.found[person].aliases.setdefault(f"{given_en} {family_en}", "english")


def _surname_reading(name: str) -> str:
    """The Mandarin reading of a Chinese name's surname (曾 read zeng as a surname), without tones."""
    from pypinyin import lazy_pinyin

    ch = name[0]
    return lx.SURNAME_READINGS.get(ch) or "".join(lazy_pinyin(ch))


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    # Some two thousand distinct toned readings among the dictionary's 40,000 characters: each one's tone
    # marks are taken off once (built in each worker process on first use).
    toned = {r for readings in set(pinyin_dict.values()) for r in readings.split(",")}
    return frozenset(
        "".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c)) for r in toned
    )


def _reads_as_pinyin(word: str) -> bool:
    """Hong (Kong), Shanghai (Garden), Li (Ning): one or two pinyin syllables - a romanised Chinese word,
    not an English given name."""
    w, syl = word.lower(), _pinyin_syllables()
    return w in syl or any(w[:i] in syl and w[i:] in syl for i in range(1, len(w)))


def latin_surnames(ctx: ArticleContext) -> None:
    """你朋友杨欣然… Yvonne Yang 就是…: an English name whose family name is the reading of the surname of
    exactly one person the article names is that person's English name; its given name written alone
    (Yvonne是…) is an alias too. Two people of that surname, or one who has an English name already,
    leave the name unlinked."""
    people = [p for p in ctx.people() if len(p) in (2, 3) and "·" not in p]
    for given_en, family_en in set(_LATIN_PERSON.findall(ctx.text)):
        full = f"{given_en} {family_en}"
        if (
            _reads_as_pinyin(given_en)
            or full in ctx.found
            or any(full in f.aliases for f in ctx.found.values())
        ):
            continue
        same = [p for p in people if _surname_reading(p) == family_en.lower()]
        if len(same) != 1 or any(t == "english" for t in ctx.found[same[0]].aliases.values()):
            continue
        f = ctx.found[same[0]]
        f.aliases.setdefault(full, "english")
        # the given name alone, when no other English name in the article shares it
        alone = re.search(rf"(?<![A-Za-z]){given_en}(?! ?[A-Za-z])", ctx.text)
        if alone and {fam for g, fam in _LATIN_PERSON.findall(ctx.text) if g == given_en} == {family_en}:
            f.aliases.setdefault(given_en, "english")
