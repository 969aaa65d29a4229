"""People: a surname and one or two characters, decided per article from every cue that sees the name.

Evidence per candidate: how often the article writes it (and in which length), a title or kinship
word before it, a speech verb or function word after it, a founding verb after it, an interview
label, a statistical NER vote. The article-wide length decision prefers the form the article keeps
using (陈书耕 every time, not 陈书). A rare surname needs more evidence than a common one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from bot import lexicon as lx
from bot.extract import ner
from bot.extract.context import IS_HAN, ArticleContext
from bot.vocab import PERSON


def _P(key: str, **subs: str) -> re.Pattern[str]:
    return lx.pattern("people", key, **subs)


_ADDRESS_ENDINGS = frozenset(lx.load_list("address_endings"))
_QUANTITY_CHARS = frozenset(lx.load_list("quantity_chars"))

# Transliterated foreign names: 卡尔·韦斯顿, 莱恩·哈德森.
_TRANS = lx.pattern_text("people", "trans")
_FOREIGN = _P("foreign", trans=_TRANS)
# A time word, a date or an age right after a name (韩立舟今天表示, 韩立舟1962年出生, 罗川33岁); a bare
# number is none (星芯01 is a chip, 贝克街221号 an address).
_AFTER_TIME = _P("after_time")
_FOUNDS = _P("founds")
# Co-founders named once: 与黄启文等人在香港创立了…, 和好友孙启明共同创办…, 由蒋立言博士创立.
_COFOUNDER = _P("cofounder")
# 1982年出生的蒋立言, 现年56岁的许秀丽: an age or birth year before a name marks a person.
_BORN_BEFORE = _P("born_before")


@lru_cache(maxsize=1)
def _role_before() -> re.Pattern[str]:
    # 记者 卢文, 董事长 郑某某: some outlets put a space between the title and the name
    return re.compile(
        "(?:" + "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True)) + r")[ \u3000]?$"
    )


@lru_cache(maxsize=1)
def _role_ends() -> frozenset[str]:
    """The characters a `_role_before` match can end on: a title's last character, the space after it, or
    the newline `$` may stand before."""
    return frozenset({w[-1] for w in lx.ROLE_WORDS} | {" ", "\u3000", "\n"})


def _titled_at(t: str, i: int) -> bool:
    """`_role_before().search(t, max(0, i - 8), i)`: a title ends right before t[i]. Searched only when
    t[i - 1] can end one: most characters cannot, and the search tries every title at eight starts."""
    return i > 0 and t[i - 1] in _role_ends() and _role_before().search(t, max(0, i - 8), i) is not None


@lru_cache(maxsize=1)
def _after() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(lx.AFTER_NAME, key=len, reverse=True)))


@dataclass
class _Stats:
    mentions: int = 0
    before: int = 0  # a title, kinship word, birth year or founding verb marks it
    after: int = 0  # a speech verb, function word or time word follows it
    ner: int = 0  # the statistical model tagged it PER
    labels: int = 0  # interview labels (宋江：…), counted in mentions, outside the text the model reads


def _inside_word(t: str, i: int) -> bool:
    """The character ends a dictionary word begun before it (供应|链, 非常|强, 过程|中, 一张|饼), or is the
    unit of a number written in digits (1998|年 is a date, not the surname 年)."""
    if i == 0:
        return False
    if t[i - 1] in _QUANTITY_CHARS or t[i - 1].isdigit():
        return True
    tags = lx.dictionary_tags()
    return t[i - 1 : i + 1] in tags or (i >= 2 and t[i - 2 : i + 1] in tags)


@lru_cache(maxsize=1)
def _bracket_note() -> re.Pattern[str]:
    roles = "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True) if len(w) >= 2)
    return _P("bracket_note", roles=roles)


@lru_cache(maxsize=1)
def _bracket_office_before() -> re.Pattern[str]:
    roles = "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True) if len(w) >= 2)
    return _P("bracket_office_before", roles=roles)


def _cue_after(rest: str) -> bool:
    return bool(_after().match(rest) or _AFTER_TIME.match(rest) or _bracket_note().match(rest)) or not rest


@lru_cache(maxsize=1)
def _title_or_speech() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Titles of two characters or more, and speech verbs, as patterns (one match per surname seen,
    instead of a startswith over every word)."""

    def alt(words) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))

    return alt(w for w in lx.ROLE_WORDS if len(w) >= 2), alt(lx.SPEECH_VERBS)


def person_at(t: str, i: int, c2: Counter[str], c3: Counter[str]) -> str:
    """The name starting at t[i] (a surname), two or three characters long, as the article writes it."""
    g2, g3 = t[i : i + 2], t[i : i + 3]
    if len(g2) < 2 or not IS_HAN.match(g2) or g2[1] in lx.STOP_NAME_CHARS:
        return ""
    three_ok = len(g3) == 3 and IS_HAN.match(g3) and g3[2] not in lx.STOP_NAME_CHARS
    titles, speech = _title_or_speech()
    if g2[1] in _ADDRESS_ENDINGS and c2[g2] >= 2 and c3[g3] < 2 and g2 not in lx.dictionary_tags():
        return g2  # 周生直情…, 周生刚在…: the article's form of address (周生 ×9), not a name 周生直
    if titles.match(t, i + 2):
        return g2  # 秦岳教授: a title right after two characters ends the name, however often it recurs
    if three_ok and c3[g3] >= 2 and c3[g3] * 2 >= c2[g2]:
        return g3
    if len(g3) == 3 and IS_HAN.match(g3) and c3[g3] >= 3 and c3[g3] == c2[g2]:
        return g3  # 聂康和 each of 20 times: the article's one form decides, though 和 is a conjunction
    # The cues after three and after two characters, each looked for once and only when a rule asks.
    cue2 = _cue_after(t[i + 2 :])
    if three_ok and (c3[g3] == 1 or c2[g2] == 1) and _cue_after(t[i + 3 :]):
        if c3[g3] == 1 and not cue2:
            return g3
        if c2[g2] == 1 and not speech.match(t, i + 2):
            # One mention: most Chinese names have three characters unless a verb starts right after two.
            return g3
    if cue2:
        return g2
    return ""


def plausible_person(name: str, titled: int, mentions: int = 1, ner: int = 0) -> bool:
    if re.search("[·・•‧]", name):
        return True
    if _not_a_name_form(name, titled, ner) or _reads_as_words(name, titled, mentions, ner):
        return False
    if not lx.is_common_surname(name[0]) and not (ner and 2 * ner >= mentions and (titled or mentions >= 2)):
        return False  # a rare surname (蒯, or 和/从/区 that are words too) needs the model's voice as well
    return not any(name.endswith(sfx) for sfx in lx.ORG_SUFFIXES)


def _not_a_name_form(name: str, titled: int, ner: int) -> bool:
    if len(name) == 2 and name[1] in _ADDRESS_ENDINGS:
        return True  # 朱总, 杨董, 杨博: a form of address (see aliases.title_aliases), not a name
    # 其 in 韩其远 is fine when the model and a title agree it is a name
    return any(c in lx.STOP_NAME_CHARS for c in name[1:]) and not (ner >= 2 or (ner and titled))


def _reads_as_words(name: str, titled: int, mentions: int, ner: int) -> bool:
    """The name is an everyday word, or starts or ends with one, and nothing else says it is a name."""
    # 宋江 is a frequent dictionary entry tagged nr; the model reading it PER again and again decides.
    dict_name = lx.dictionary_tags().get(name, "").startswith("nr") and ner >= 3 and ner >= 0.9 * mentions
    if lx.is_common_word(name) and not (ner >= 2 and len(name) == 3) and not dict_name:
        return True
    if len(name) == 3 and lx.is_common_word(name[:2]) and not (titled or ner):
        return True
    # 高通过 once is a phrase; 周建平 written the same way three times is a name
    return lx.is_common_word(name[1:]) and len(name) == 3 and not (titled or ner) and mentions < 3


def _accept(st: _Stats, foreign: bool = False) -> bool:
    n, before, after, ner = st.mentions, st.before, st.after, st.ner
    if foreign:  # 莱恩·哈德森: the dotted form is itself a strong sign of a person's name
        return n >= 2 or bool(before or after)
    return bool(
        (before and after)
        or (n >= 2 and (after >= 1 or before >= 1) and before + after >= 2)
        or (n >= 2 and before >= 1)
        or (n >= 4 and after >= 2)
        # the NER model is one more voice: with a cue, or when it recognises the name repeatedly
        or (ner >= 1 and (before or after >= 1) and n >= 1)
        or (ner >= 2 and n >= 2)
    )


def find_people(ctx: ArticleContext) -> None:
    texts = [s.canon for s in ctx.sents]
    opens = [_name_starts(t) for t in texts]
    c2, c3 = _surname_grams(texts, opens)
    stats: dict[str, _Stats] = {}
    for t, starts in zip(texts, opens, strict=True):
        _mentions_in(ctx, t, starts, c2, c3, stats)
    for t in texts:
        for m in _COFOUNDER.finditer(t):
            name = m.group(1)
            if name[0] in lx.SURNAMES and not lx.is_common_word(name):
                _cued_twice(stats, name)
    _foreign_names(ctx, texts, stats)
    # An interview label (宋江：…) is a strong cue, once per paragraph that carries it; the model never
    # reads it (it is cut off the sentence), so it is kept apart from the mentions the model votes on.
    for speaker in {(s.paragraph, s.speaker) for s in ctx.all_sents if s.speaker}:
        name = speaker[1]
        if 2 <= len(name) <= 4 and name[0] in lx.SURNAMES:
            _cued_twice(stats, name)
            stats[name].labels += 1
    for name, st in stats.items():
        st.ner = ctx.ner.get(name, {}).get("PER", 0)
        foreign = bool(re.search("[·・•‧]", name))
        if not st.before and model_reads_no_person(ctx, name):
            continue
        if st.before - st.labels >= 2:
            ctx.titled.add(name)
        if _accept(st, foreign) and plausible_person(name, st.before, st.mentions - st.labels, st.ner):
            ctx.add(name, PERSON, st.mentions + 2 * st.before + st.ner)


def _name_starts(t: str) -> list[tuple[int, bool]]:
    """(position, titled) of each surname in `t` that may start a name: one that does not end a word begun
    before it (奖金多: the model's slip, not a name, whatever it reads there) unless a title stands right
    before it (创始人马文远, though 人马 is a word of its own). Found once per sentence, for the counts
    and the mentions alike."""
    out = []
    for i, ch in enumerate(t):
        if ch in lx.SURNAMES:
            titled = _titled_at(t, i)
            if titled or not _inside_word(t, i):
                out.append((i, titled))
    return out


def _surname_grams(
    texts: list[str], opens: list[list[tuple[int, bool]]]
) -> tuple[Counter[str], Counter[str]]:
    """How often each two- and three-character run starting with a surname occurs in the article."""
    c2: Counter[str] = Counter()
    c3: Counter[str] = Counter()
    for t, starts in zip(texts, opens, strict=True):
        for i, _ in starts:
            g2, g3 = t[i : i + 2], t[i : i + 3]
            if len(g2) == 2 and IS_HAN.match(g2):
                c2[g2] += 1
            if len(g3) == 3 and IS_HAN.match(g3):
                c3[g3] += 1
    return c2, c3


def _mentions_in(
    ctx: ArticleContext,
    t: str,
    starts: list[tuple[int, bool]],
    c2: Counter[str],
    c3: Counter[str],
    stats: dict[str, _Stats],
) -> None:
    """Every name written in `t`, with the cues before and after each mention (`starts`: _name_starts)."""
    end = 0  # a mention's characters start no other
    for i, titled in starts:
        if i < end:
            continue
        name = (
            ""
            if _tail_of_a_longer_name(t, i)
            else person_at(t, i, c2, c3) or _ner_person_at(ctx, t, i, c2, c3)
        )
        if not name:
            continue
        st = stats.setdefault(name, _Stats())
        st.mentions += 1
        st.before += bool(
            titled
            or _BORN_BEFORE.search(t, max(0, i - 10), i)
            or _agent_noun_before(ctx, t, i)
            or _bracket_office_before().search(t, max(0, i - 18), i)
        )
        st.after += _cue_after(t[i + len(name) :])
        # 朱文杰在深圳创立了澄川科技: founding something marks a person as surely as a title.
        st.before += bool(_FOUNDS.match(t, i + len(name)))
        end = i + len(name)


@lru_cache(maxsize=1)
def _agent_ends() -> frozenset[str]:
    return frozenset(lx.load_list("agent_noun_ends"))


def _agent_noun_before(ctx: ArticleContext, t: str, i: int) -> bool:
    """指挥官陆振华, 作词人林远, 评论员罗天明: a noun for an office or a trade (not in the title list) ends
    right before the surname."""
    # Cut only when the text before ends on such a character (Segmenter.last_word): most do not.
    last = ctx.seg.last_word(t[max(0, i - 6) : i], _agent_ends()) if i >= 2 else ""
    if len(last) < 2 or not IS_HAN.match(last):
        return False
    return lx.dictionary_tags().get(last, "n").startswith("n")


@lru_cache(maxsize=1)
def _latin_titled() -> re.Pattern[str]:
    roles = "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True) if len(w) >= 2)
    return _P("latin_titled", roles=roles)


def find_latin_people(ctx: ArticleContext) -> None:
    """乌梅创始人Oliver, （现乌梅联合创始人Lucas）: a Latin given name right after a title is a person when
    the article writes it again or the model reads it PER; a form the article also uses as an
    organisation's name stays one."""
    titled = Counter(m.group(1) for s in ctx.sents for m in lx.finditer(_latin_titled(), s.canon))
    for name, n in titled.items():
        if name in ctx.found:
            continue
        mentions = len(re.findall(rf"(?<![A-Za-z]){name}(?![A-Za-z])", ctx.text))
        per = ctx.ner.get(name, {}).get("PER", 0)
        if mentions >= 2 or per >= 1:
            ctx.add(name, PERSON, mentions + 2 * n + per)


@lru_cache(maxsize=1)
def _pictured() -> re.Pattern[str]:
    roles = "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True) if len(w) >= 2)
    return _P("pictured", roles=roles)


def find_pictured_people(ctx: ArticleContext) -> None:
    """合伙人赵一鸣（左）、钱二（右）合影: a caption's position note (左, 右, 中) marks the name before it as a
    person in the picture. Named once, with no surname the list knows (a pen name), the note and a title
    before the name are its evidence; a name after a list mark needs the caption's first name titled."""
    for s in ctx.sents:
        chained = False
        for m in lx.finditer(_pictured(), s.canon):
            name = m.group("name")
            titled = bool(m.group("role"))
            ok = (titled or chained) and not lx.is_common_word(name) and not lx.is_generic_compound(name)
            chained = ok and (titled or chained)
            if ok and name not in ctx.found and not name.endswith(lx.ORG_SUFFIXES):
                ctx.add(name, PERSON, 2.0 + titled)


def _cued_twice(stats: dict[str, _Stats], name: str) -> None:
    """A co-founder or an interview speaker: one mention with a cue on both sides."""
    st = stats.setdefault(name, _Stats())
    st.mentions += 1
    st.before += 1
    st.after += 1


def model_reads_no_person(ctx: ArticleContext, name: str) -> bool:
    """星芯01 (nz), 贝克街221号 (LOC): the NER model never reads the name as a person and reads it as
    something else — a word, a product, an organisation, or the head of a place. Without a title or a
    founding verb before it, the article has no voice left for a person."""
    votes = ctx.ner.get(name, {})
    if votes.get("PER", 0) or "·" in name:
        return False
    other = sum(votes.get(k, 0) for k in ("ORG", "LOC", ner.WORD, ner.NZ))
    place = name in _place_heads(ctx)
    return other >= 2 or place  # once may be the model slipping on a real name


def _place_heads(ctx: ArticleContext) -> frozenset[str]:
    """Every proper beginning of a word the model reads as a place, made once per article (asking each
    candidate against every word was quadratic in a list of names)."""
    key = (id(ctx.ner), len(ctx.ner))
    cached = ctx.__dict__.get("_place_heads")
    if cached is None or cached[0] != key:
        heads = frozenset(w[:k] for w, v in ctx.ner.items() if v.get("LOC", 0) for k in range(1, len(w)))
        cached = ctx.__dict__["_place_heads"] = (key, heads)
    return cached[1]


def _tail_of_a_longer_name(t: str, i: int) -> bool:
    """局长陈|黄慧玲: a title ends right before a common surname, so the name starts there, one character
    earlier (a double surname): what follows that surname is no person of its own."""
    return i > 0 and lx.is_common_surname(t[i - 1]) and _titled_at(t, i - 1)


def _ner_person_at(ctx: ArticleContext, t: str, i: int, c2: Counter[str], c3: Counter[str]) -> str:
    """A name the NER model tagged PER that starts here, if it is a plausible Chinese name.

    Not three characters whose last one begins a common word with the next (蜀锦|织造), nor a form of
    address the article writes far more often on its own (周生 ×20, 周生直情 ×2, as person_at): there the
    model read a name and the first character of the word after it."""
    for n in (3, 2):
        cand = t[i : i + n]
        if len(cand) == n and IS_HAN.match(cand) and ctx.ner.get(cand, {}).get("PER", 0) >= 1:
            glued = lx.is_common_word(t[i + 2 : i + 4])
            address = cand[1] in _ADDRESS_ENDINGS and c2[cand[:2]] >= 3 * max(c3[cand], 1)
            if n == 3 and (glued or address):
                continue
            return cand
    return ""


def _foreign_names(ctx: ArticleContext, texts: list[str], stats: dict[str, _Stats]) -> None:
    for t in texts:
        for m in _FOREIGN.finditer(t):
            # The given name is the last word before the dot (首席执行官|卡尔·韦斯顿).
            sep = re.search("[·・•‧]", m.group(0)).group(0)
            given, family = m.group(0).split(sep, 1)
            toks = ctx.seg.cut(given)
            given = toks[-1] if toks and len(toks[-1]) >= 2 else given[-2:]
            tail = family + t[m.end() :]
            # The family name ends where a cue starts (莱恩・哈德森|表示), or a word no transliterated name
            # holds (诺兰・帕克斯|如同一位), not where the characters run out.
            k = next(
                (
                    k
                    for k in range(2, len(family))
                    if _cue_after(tail[k:]) or lx.is_plain_word(tail[k : k + 2])
                ),
                len(family),
            )
            family = family[:k]
            name, rest = f"{given}{sep}{family}", tail[k:]  # as written, so mentions are found
            start = m.start() + m.group(0).index(given + sep)
            st = stats.setdefault(name, _Stats())
            st.mentions += 1
            english = bool(re.match(r"[（(][A-Z]", rest))
            st.before += _titled_at(t, start) or english
            st.after += _cue_after(rest) or english
