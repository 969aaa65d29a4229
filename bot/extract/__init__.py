"""Entity extraction for one article: signals add evidence, the article decides.

Each signal is a small function in the ordered list `SIGNALS`; it reads the article's sentences
through an `ArticleContext` and adds candidates with a kind and a weight. Cue words and patterns
are data (`bot/data/lexicon/*.txt`). Generic nouns and fragments are refused at the door
(`bot.extract.generic`), and the article's decision (`found`) is tidied at the end: short forms fold
into long ones, names never written on their own are dropped as fragments.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot import lexicon as lx
from bot.extract import aliases, heads, investors, ner, orgs, people, quoted, stated
from bot.extract.context import HAN, IS_HAN, ArticleContext, Found
from bot.segment import Sentence
from bot.vocab import BRAND, COMPANY, ORGANIZATION, PERSON, PRODUCT

SIGNALS: list[tuple[str, Callable[[ArticleContext], None]]] = [
    ("people", people.find_people),
    ("latin_people", people.find_latin_people),
    ("pictured", people.find_pictured_people),
    ("brands", orgs.find_brands),
    ("dash", orgs.find_dash_names),
    ("quoted", quoted.find_quoted_names),
    ("investors", investors.find_investors),
    ("suffix", orgs.find_orgs_by_suffix),
    ("role", orgs.find_orgs_by_role),
    ("list", orgs.find_orgs_by_list),
    ("examples", orgs.find_listed_examples),
    ("pairs", orgs.find_org_pairs),
    ("founded", orgs.find_founded_objects),
    ("defined", orgs.find_defined_names),
    ("class", orgs.find_named_after_class),
    ("code", orgs.find_coded_names),
    ("sites", orgs.find_latin_sites),
    ("latin_context", orgs.find_latin_orgs_by_context),
    ("context", orgs.find_orgs_by_context),
    ("ner", orgs.find_orgs_by_ner),
    ("repeated", heads.find_repeated_heads),
    ("clause_heads", heads.find_clause_heads),
    ("branches", heads.find_branches),
    ("acquired", heads.find_acquired),
    ("latin", orgs.find_latin_names),
    ("aliases", aliases.find_aliases),
    ("nicknames", aliases.nicknames),
    ("stated", stated.stated_person_aliases),
    ("called_orgs", stated.called_organisations),
    ("full_names", stated.full_names),
    ("former", stated.former_names),
    ("titles", aliases.title_aliases),
    ("short", aliases.short_forms),
    ("variants", aliases.business_variants),
    ("transliterations", aliases.transliterations),
    ("latin_surnames", aliases.latin_surnames),
]


_CLASSES = "|".join(lx.CLASS_NOUNS)


def extract_entities(
    sentences: list[Sentence],
    segmenter,
    words: list[str] | None = None,
    known: dict[str, str] | None = None,
    use_ner: bool = True,
) -> dict[str, Found]:
    votes = ner.tag_counts([s.canon for s in sentences if not s.heading]) if use_ner else {}
    ctx = ArticleContext(sentences, segmenter, known=known, words=words, ner=votes)
    for name, signal in SIGNALS:
        ctx.signal = name
        signal(ctx)
    ctx.signal = ""
    _fold_short_forms(ctx)
    _short_form_of_a_legal_name(ctx)
    _stem_and_line_of_business(ctx)
    _stem_and_class_noun(ctx)
    _legal_name_abbreviated(ctx)
    _names_joined_by_a_conjunction(ctx)
    _one_name_after_two_leads(ctx)
    _drop_fragments(ctx)
    _title_glued_to_a_name(ctx)
    _description_before_a_name(ctx)
    _name_cut_inside_a_description(ctx)
    _name_runs_on(ctx)
    _first_character_cut_off(ctx)
    _quantified_people(ctx)
    _person_only_in_organisation_names(ctx)
    _kind_from_name(ctx)
    return ctx.found


def _fold_short_forms(ctx: ArticleContext) -> None:
    """A short form found as an entity of its own folds into the long form; a person wins over an org."""
    for name, f in list(ctx.found.items()):
        if name not in ctx.found:
            continue
        queue = list(f.aliases)
        while queue:
            alias = queue.pop(0)
            other = ctx.found.get(alias)
            if other is not None and other is not f and other.kind != PERSON and f.kind != PERSON:
                f.score += other.score
                # the folded entity's aliases are folded in turn (七号有限公司 brings 七号公司 along)
                queue += [a for a in other.aliases if a != name and a not in f.aliases]
                f.aliases.update({a: t for a, t in other.aliases.items() if a != name})
                f.signals |= other.signals
                if other.kind == BRAND:
                    f.kind = BRAND
                del ctx.found[alias]


_PLACE_TAGS = ("ns", "nrt")  # jieba tags many districts nrt (a transliteration) as well as ns


def _short_form_of_a_legal_name(ctx: ArticleContext) -> None:
    """苏州星河生物医药科技有限公司 written once, 星河 written again and again: a legal name made of a place,
    a name the article keeps using, words of a line of business and the legal form is that name's full
    form; the two are one organisation (the short form an alias), not two."""
    tags = lx.dictionary_tags()
    for long, f in list(ctx.found.items()):
        if f.kind == PERSON or not long.endswith(lx.LEGAL_FORMS):
            continue
        for short, g in list(ctx.found.items()):
            if g is f or g.kind == PERSON or short not in long or ctx.count(short) < 2 * ctx.count(long):
                continue
            lead, rest = long.split(short, 1)
            if lead and not all(tags.get(t, "").startswith(_PLACE_TAGS) for t in ctx.seg.cut(lead)):
                continue
            middle = [t for t in ctx.seg.cut(rest) if t not in lx.ORG_SUFFIXES and t not in lx.LEGAL_FORMS]
            if not all(
                (lx.is_generic(t) or tags.get(t, "").startswith(_PLACE_TAGS)) and t not in ctx.found
                for t in middle
            ):
                continue
            f.aliases[short] = "short"
            f.aliases.update({a: t for a, t in g.aliases.items() if a != long})
            f.score += g.score
            f.signals |= g.signals
            if g.kind == BRAND:
                f.kind = BRAND
            del ctx.found[short]


_GROUP_LINKS = lx.load_list("group_links")
_PRODUCT_TAILS = frozenset(lx.load_list("product_nouns"))


def _stem_and_line_of_business(ctx: ArticleContext) -> None:
    """星河教育 written again and again, and 星河 more often still: a name, then an ordinary noun for the
    line of business (教育, 物流), is one organisation with its stem - the stem is its short form,
    not a second organisation. Products (星河手机) stay apart, and so do a group and its unit when the
    article links them (星河音乐是星河旗下…)."""
    tags = lx.dictionary_tags()
    for long, f in list(ctx.found.items()):
        toks = ctx.seg.cut(long)
        if f.kind == PERSON or len(toks) < 2 or long not in ctx.found:
            continue
        tail = toks[-1]
        stem = long[: -len(tail)]
        g = ctx.found.get(stem)
        if g is None or g.kind == PERSON or len(stem) < 2 or lx.is_generic(stem):
            continue
        if tail in _PRODUCT_TAILS or not lx.is_generic(tail) or tags.get(tail, "") not in ("n", "vn"):
            continue
        if ctx.count(stem) <= ctx.count(long) or ctx.count(long) < 2:
            continue
        if any(
            re.search(f"{re.escape(a)}.{{0,6}}(?:{'|'.join(_GROUP_LINKS)}).{{0,6}}{re.escape(b)}", ctx.text)
            for a, b in ((stem, long), (long, stem))
        ):
            continue
        f.aliases.setdefault(stem, "short")
        f.aliases.update({a: t for a, t in g.aliases.items() if a != long})
        f.score += g.score
        f.signals |= g.signals
        del ctx.found[stem]


def _stem_and_class_noun(ctx: ArticleContext) -> None:
    """星积电 written again and again, 星积公司 once, 星积 never on its own: the stem and a class noun is the
    organisation the article names with that stem - one name, not a second organisation."""
    for long, f in list(ctx.found.items()):
        noun = next((c for c in lx.CLASS_NOUNS if long.endswith(c)), "")
        stem = long[: -len(noun)] if noun else ""
        if f.kind == PERSON or len(stem) < 2 or stem in ctx.found:
            continue
        others = [
            n
            for n, g in ctx.found.items()
            if g is not f and g.kind != PERSON and n.startswith(stem) and 0 < len(n) - len(stem) <= 2
        ]
        if len(others) != 1:
            continue
        other = others[0]
        if ctx.count(other) < 2 or ctx.count(stem) != ctx.count(other) + ctx.count(long):
            continue  # the stem written on its own (or in a third name) may be a name of its own
        g = ctx.found[other]
        g.aliases.setdefault(long, "name")
        g.aliases.update({a: t for a, t in f.aliases.items() if a not in (other, stem)})
        g.score += f.score
        g.signals |= f.signals
        del ctx.found[long]


_LEGAL_RUN = re.compile(
    rf"[{HAN}]{{2,16}}(?:[（(][{HAN}]{{2,3}}[)）])?[{HAN}]{{0,8}}?(?:{'|'.join(lx.LEGAL_FORMS)})"
)


_LEGAL_FORM = re.compile("|".join(map(re.escape, lx.LEGAL_FORMS)))
# How far before its legal form a _LEGAL_RUN match can start: 16 characters, a bracketed place, 8 more.
_LEGAL_REACH = 16 + 5 + 8


def _legal_runs(text: str) -> set[str]:
    """{m.group(0) for m in _LEGAL_RUN.finditer(text)}, each search started at most _LEGAL_REACH before the
    next legal form (no match can start earlier): the pattern is tried at a few places near 有限公司 and
    the like, not at every character of the article."""
    out: set[str] = set()
    pos = 0
    while (form := _LEGAL_FORM.search(text, pos)) is not None:
        m = _LEGAL_RUN.search(text, max(pos, form.start() - _LEGAL_REACH))
        if m is None:
            break
        out.add(m.group(0))
        pos = m.end()
    return out


def _legal_name_abbreviated(ctx: ArticleContext) -> None:
    """星塘创投 … 星塘创业投资管理（北京）有限公司创立于2004年: a legal name that starts with the short name's
    first word and holds the rest of its characters in order (创投: 创业投资) is its full name - the
    article's short form abbreviates it. The legal name becomes an alias, whatever words it is made of."""
    runs = _legal_runs(ctx.text)  # found once, not once per name
    if not runs:
        return
    # Each run under every pair of characters it holds: a name meets only the runs that hold its first
    # two characters, so a list of thousands of legal names costs linear time, not names x runs.
    by_pair: dict[str, set[str]] = {}
    for run in runs:
        for i in range(len(run) - 1):
            by_pair.setdefault(run[i : i + 2], set()).add(run)
    for short, f in list(ctx.found.items()):
        if f.kind == PERSON or len(short) < 3 or not IS_HAN.match(short):
            continue
        for long in by_pair.get(short[:2], ()):
            k = long.find(short[:2])
            if k < 0 or long in ctx.found or long in f.aliases or short in long:
                continue
            long = long[k:]
            rest, body = short[2:], long[2:]
            pos = 0
            for ch in rest:
                pos = body.find(ch, pos) + 1
                if pos == 0:
                    break
            else:
                if not any(long in g.aliases for g in ctx.found.values()):
                    f.aliases.setdefault(long, "legal")


_JOINING_CHARS = "和及与"


def _names_joined_by_a_conjunction(ctx: ArticleContext) -> None:
    """青禾村和大碗先生, 远帆及远帆基金会, 《十点钟》及钟记传媒 -> 钟及钟记传媒: two names joined by 和/及/与 taken
    as one. The text writes each part on its own more often than the whole: the whole is no name; the
    parts are the names (the second keeps the evidence the signal saw, which ended on it)."""
    for name, f in list(ctx.found.items()):
        if f.kind == PERSON:
            continue
        n = ctx.count(name)
        for j in range(1, len(name) - 2):
            if name[j] not in _JOINING_CHARS:
                continue
            first, second = name[:j], name[j + 1 :]
            if ctx.count(second) <= n or (len(first) > 1 and ctx.count(first) <= n):
                continue
            del ctx.found[name]
            nexts = {ctx.text[i + len(second) : i + len(second) + 1] for i in ctx.starts(second)}
            cut = len(nexts) == 1 and bool(IS_HAN.match(next(iter(nexts)) or "a"))
            if second not in ctx.found and not cut:  # 晨光小|面 each time: a cut, not a name
                g = ctx.add(second, f.kind, f.score)
                if g is not None:
                    g.aliases.update({a: t for a, t in f.aliases.items() if a != second})
            break


def _one_name_after_two_leads(ctx: ArticleContext) -> None:
    """继恒岳科技 and 老二恒岳科技, each written once: two different words glued before the same name
    (a preposition, a rank) show where the name starts. The name is what they share."""
    tags = lx.dictionary_tags()
    tails: dict[str, list[str]] = {}
    for name, f in ctx.found.items():
        if f.kind == PERSON:
            continue
        for k in range(1, min(2, len(name) - 3) + 1):
            tails.setdefault(name[k:], []).append(name)
    for tail, names in tails.items():
        core = tail
        for sfx in lx.ORG_SUFFIXES:
            if core.endswith(sfx):
                core = core[: -len(sfx)]
                break
        names = [n for n in names if n in ctx.found]
        # 江东师范大学, 湘南师范大学: places (or other proper words) before a name make other names
        if any(tags.get(n[: len(n) - len(tail)], "").startswith(("ns", "nt", "nz")) for n in names):
            continue
        if len(names) < 2 or len(core) < 2 or lx.is_generic(core):
            continue
        if any(ctx.count(n) > 1 for n in names):
            continue  # a name the article writes again is a name of its own (北京星河科技 beside 上海星河科技)
        merged = ctx.found.get(tail) or ctx.found.pop(names[0])
        for other in names:
            g = ctx.found.pop(other, None)
            if g is None or g is merged:
                continue
            merged.score += g.score
            merged.signals |= g.signals
            merged.aliases.update(g.aliases)
        merged.name = tail
        ctx.found[tail] = merged


def _drop_fragments(ctx: ArticleContext) -> None:
    """A name never written except inside a longer name found here (微光 in 星之微光) is a fragment."""
    # Which found names hold each found name, by looking each name's pieces up once (asking every name
    # of every other was quadratic in a list of names); in `found`'s order, as before.
    holders: dict[str, list[str]] = {}
    for n in ctx.found:
        pieces = {n[i:j] for i in range(len(n)) for j in range(i + 1, len(n) + 1)} - {n}
        for piece in pieces & ctx.found.keys():
            holders.setdefault(piece, []).append(n)
    for short in sorted(ctx.found, key=len):
        if short not in ctx.found or ctx.found[short].kind == PERSON:
            continue
        longer = [n for n in holders.get(short, ()) if n in ctx.found]
        if not longer:
            continue
        alone = ctx.count(short) - sum(ctx.count(n) for n in longer)
        if alone <= 0:
            ctx.found[longer[0]].score += ctx.found[short].score
            del ctx.found[short]


def _title_glued_to_a_name(ctx: ArticleContext) -> None:
    """韩明博 beside 韩明, where the text writes 韩明博士 again and again: the last character opens a title
    (博士, 教授, 总裁) after the person the article also names alone, so it is that person, not another."""
    for long, f in list(ctx.found.items()):
        short = long[:-1]
        g = ctx.found.get(short)
        if f.kind != PERSON or len(short) < 2 or g is None or g.kind != PERSON:
            continue
        spots = ctx.occurrences(long)
        glued = sum(
            1
            for i in spots
            if any(
                w.startswith(long[-1]) and ctx.text.startswith(w, i + len(short))
                for w in lx.ROLE_WORDS
                if len(w) >= 2
            )
        )
        if spots and glued * 2 >= len(spots):
            g.score += f.score
            del ctx.found[long]


_TRADE_ENDINGS = lx.load_list("trade_endings")


def _description_before_a_name(ctx: ArticleContext) -> None:
    """储能设备商远帆国际, written once (a headline), beside 远帆国际 written again: a line of
    business ending in a class noun (…商, …公司) put before a name the article keeps using is that
    name described, not an organisation of its own."""
    for long, f in list(ctx.found.items()):
        if f.kind == PERSON or ctx.count(long) > 1:
            continue
        for i in range(1, len(long) - 1):
            short, lead = long[i:], long[:i]
            g = ctx.found.get(short)
            if g is None or g.kind == PERSON or ctx.count(short) < 2 or lead in ctx.found:
                continue
            # …or one character glued on in a line written once (——记星途医药董事长…, a headline)
            if len(lead) == 1 or lead.endswith(lx.CLASS_NOUNS + _TRADE_ENDINGS):
                g.score += f.score
                del ctx.found[long]
                break


_RUN_TO_CLASS = re.compile(rf"([{HAN}]{{1,6}}?)(?:{_CLASSES})")


def _runs_to_a_class_noun(ctx: ArticleContext, name: str) -> list[re.Match[str]]:
    """As re.finditer(name + run + class noun) over the text, from the name's occurrences (a pattern
    made and run over the whole text for each name was quadratic in an article of many)."""
    out, end = [], 0
    for i in ctx.occurrences(name):
        if i < end:
            continue
        m = _RUN_TO_CLASS.match(ctx.text, i + len(name))
        if m:
            out.append(m)
            end = m.end()
    return out


def _name_cut_inside_a_description(ctx: ArticleContext) -> None:
    """注册了远川天成通信设备公司, then 远川天成 on its own: the cut 远川天成通信 stops inside a line of
    business (通信设备) before the class noun, and is never written on its own. The name is the short
    form the article keeps using; the whole run up to the class noun is its full name."""
    for name, f in list(ctx.found.items()):
        if f.kind == PERSON or name.endswith(lx.CLASS_NOUNS):
            continue  # 星积公司|承担企业公民责任: a name ending in its class noun is not cut inside a description
        shorts = [
            a for a, t in f.aliases.items() if t == "short" and name.startswith(a) and a not in ctx.found
        ]
        if not shorts:
            continue
        short = max(shorts, key=ctx.count)
        matches = _runs_to_a_class_noun(ctx, name)
        runs = [m.group(1) for m in matches]
        if ctx.count(short) < 2 or not runs or len(runs) < ctx.count(name):
            continue  # written on its own somewhere: a name of its own (恒岳科技 beside 恒岳)
        if not all(ctx.seg.cut(r) and all(lx.is_generic(t) for t in ctx.seg.cut(r)) for r in runs):
            continue
        del ctx.found[name]
        f.aliases.pop(short, None)
        full = ctx.text[matches[0].start() - len(name) : matches[0].end()]
        f.aliases[full] = "legal"
        f.name = short
        ctx.found[short] = f


_RUN_ON_TAGS = ("n", "vn", "nz")


def _name_runs_on(ctx: ArticleContext) -> None:
    """青禾园|服务 each of four times: a name only the NER model found, which the article never writes
    without the same noun after it, ends where the article's form ends (青禾园服务). The model cut the
    name; the article's repeated form decides."""
    tags = lx.dictionary_tags()
    for name, f in list(ctx.found.items()):
        if f.kind == PERSON or f.signals != {"ner"} or ctx.count(name) < 3:
            continue
        nexts = {ctx.text[m.end() : m.end() + 2] for m in re.finditer(re.escape(name), ctx.text)}
        if len(nexts) != 1:
            continue
        tail = next(iter(nexts))
        whole = name + tail
        if not IS_HAN.match(tail) or not tags.get(tail, "").startswith(_RUN_ON_TAGS) or whole in ctx.found:
            continue
        if whole in tags or any(whole in other for other in ctx.found if other != name):
            continue
        del ctx.found[name]
        f.name = whole
        ctx.found[whole] = f


_ORGANISATION_ENDINGS = lx.load_list("organisation_endings")
# 机构 and 品牌 are no company nouns here: 星光会是一家助学机构 says what the ending says, X品牌 a brand.
_COMPANY_NOUNS = "|".join(n for n in lx.CLASS_NOUNS if n not in ("机构", lx.word("brand")))
_CALLED_COMPANY = re.compile(
    rf"(?:{_COMPANY_NOUNS})|是一[家间][^，。；]{{0,16}}?(?:{_COMPANY_NOUNS})(?=[，。；]|$)"
)


_NOT_A_FIRST_CHARACTER = frozenset(
    lx.load_list("function_chars")
    + lx.load_list("clause_chars")
    + lx.load_list("lead_boundary_chars")
    + lx.load_list("describing_chars")
)


def _first_character_cut_off(ctx: ArticleContext) -> None:
    """生产商品佳乐公司 … 仍属品佳乐公司: the segmenter joined the name's first character to the word before
    it (商品, 属品) and the name lost it. The article writes the same character before the name every
    time, and at least once that character makes no word with the one before it (属品): it is the name's."""
    tags = lx.dictionary_tags()
    for name, f in list(ctx.found.items()):
        spots = ctx.starts(name)
        if f.kind == PERSON or len(spots) < 2 or spots[0] < 2:
            continue
        leads = {ctx.text[i - 1] for i in spots}
        if len(leads) != 1:
            continue
        c = next(iter(leads))
        if not IS_HAN.match(c) or c in _NOT_A_FIRST_CHARACTER or c + name in ctx.found:
            continue
        if all(ctx.text[i - 2 : i] in tags for i in spots):
            continue  # 深圳|锐芯微 each time: the character ends a word of its own (a place), not the name
        del ctx.found[name]
        owner = next((g for g in ctx.found.values() if c + name in g.aliases), None)
        if owner is not None:  # 澜芯智元, already the short form of 澜芯智元半导体股份有限公司
            owner.score += f.score
            owner.signals |= f.signals
            owner.aliases.update({a: t for a, t in f.aliases.items() if a != owner.name})
            continue
        f.name = c + name
        ctx.found[c + name] = f


_QUANTIFIERS = lx.load_list("quantifiers")
_QUOTES_OPEN = '「“『"'


def _quantified_people(ctx: ArticleContext) -> None:
    """其他金铺, 更多的「金铺」, 另一间「金铺」: a word the people signal took for a surname and a given name
    that the article counts (其他, 更多的, 一间…) twice or more is a noun - people are not counted so."""
    for name, f in list(ctx.found.items()):
        if f.kind != PERSON:
            continue
        counted = 0
        for i in ctx.starts(name):
            before = ctx.text[max(0, i - 4) : i].rstrip(_QUOTES_OPEN)
            counted += before.endswith(_QUANTIFIERS)
        if counted >= 2:
            del ctx.found[name]


# One-character suffixes (院, 行) open titles too (院士): only societies' endings (会) are taken alone.
_NAME_ENDINGS = tuple(
    sorted(
        {*(x for x in lx.ORG_SUFFIXES if len(x) >= 2), *lx.load_list("society_endings"), *lx.CLASS_NOUNS},
        key=len,
        reverse=True,
    )
)
_TITLES = tuple(sorted(lx.ROLE_WORDS, key=len, reverse=True))


def _person_only_in_organisation_names(ctx: ArticleContext) -> None:
    """星智会于南街的星智小馆: a 'person' the article writes only as the start of organisations' names -
    before a name ending (会, 基金会, 集团) or inside an organisation found here - is no person; the
    article never speaks of him or her (周文远 written alone beside 周文远基金会 stays)."""
    orgs = [n for n, f in ctx.found.items() if f.kind != PERSON]
    for name, f in list(ctx.found.items()):
        if f.kind != PERSON or ctx.titled & {name}:
            continue
        spots = ctx.starts(name)
        if any(ctx.text[max(0, i - 6) : i].endswith(_TITLES) for i in spots):
            continue  # 董事长赵一鸣会出席: a titled person, whatever 会 means after the name
        inside = sum(
            1
            for i in spots
            if (
                ctx.text.startswith(_NAME_ENDINGS, i + len(name))
                and not ctx.text.startswith(_TITLES, i + len(name))
            )
            or any(o != name and ctx.text.startswith(o, i) and len(o) > len(name) for o in orgs)
        )
        if spots and inside == len(spots):
            del ctx.found[name]


_PRODUCT_NOUNS = lx.load_list("product_nouns")


def _kind_from_name(ctx: ArticleContext) -> None:
    """篮协, 星光会, 自由党, 明远书院, 《晨报周刊》: a society, a party, a school, a team or a publication
    taken for a company by the signals that found it. Its ending, or the 《》 the article writes it in,
    says it is some other organisation; with no finer kind, the generic one. 品牌X is a brand and
    机器人X（Y） a product: the noun the article puts right before the name says what it is. An article
    that calls it a company (X公司, X是一家…公司) is believed."""
    for name, f in ctx.found.items():
        if f.kind != COMPANY:
            continue
        spots = ctx.starts(name)
        titled = sum(
            1 for i in spots if ctx.text[i - 1 : i] == "《" and ctx.text.startswith("》", i + len(name))
        )
        if any(_CALLED_COMPANY.match(ctx.text, i + len(name) + (1 if titled else 0)) for i in spots):
            continue
        before = {ctx.text[max(0, i - 4) : i] for i in spots}
        if name.endswith(_ORGANISATION_ENDINGS) or (spots and titled * 2 >= len(spots)):
            f.kind = ORGANIZATION
        elif any(b.endswith(_PRODUCT_NOUNS) for b in before):
            f.kind = PRODUCT
        elif any(b.endswith(lx.word("brand")) for b in before):
            f.kind = BRAND


__all__ = ["SIGNALS", "ArticleContext", "Found", "extract_entities"]
