"""Names whose head is an everyday word (七号公司, 兴旺丝绸, 乌梅): the article's repeated forms decide.

Cutting a name out of its context stops at an ordinary word, and the generic rules refuse a class noun
after one (七号公司) or a name made of ordinary words (兴旺丝绸有限公司). Here the article's own usage
weighs more than the dictionary: a form it writes on its own again and again (three times or more) that
stands at least once in an organisation's position — before a role, an organisation's verb or a legal
form — is a name. Words too common to be made a name without quotes (团队, 用户) and clause words stay out.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from bot import lexicon as lx
from bot.extract.context import HAN, ArticleContext, names_inside
from bot.extract.orgs import LATIN_NAME, kind_for
from bot.vocab import PERSON

_HAN_RUN_END = lx.pattern("orgs", "han_run_end")
_LATIN_PERSON = lx.pattern("orgs", "latin_person")
_NOT_COMPANY_ENDINGS = lx.load_list("not_company_endings")
_NAME_CHAR = re.compile(rf"[{HAN}A-Za-z0-9]")
_MEMBER_NOUN_END = lx.pattern("orgs", "member_noun_end")
_CLAUSE_RUN_END = lx.pattern("orgs", "clause_run_end")
_CLAUSE_CHARS = lx.pattern("orgs", "clause_chars")
_BRANCH_SPEAKS = lx.pattern("orgs", "branch_speaks")
_ACQUIRED = lx.pattern("orgs", "acquired")
# A dictionary word this frequent (团队 1103, 用户 7103) is an everyday word an article names only in
# quotes; rarer ones (乌梅 17, 兴旺 357) yield to the article's usage.
_EVERYDAY_FREQ = 1000
# Parts of speech that cannot end (or start) a name: verbs, adverbs, pronouns, prepositions, particles.
_CLAUSE_TAGS = ("v", "d", "r", "p", "u", "c", "f", "t", "q")


@lru_cache(maxsize=1)
def _cues() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in lx.load_list("head_cues_after")))


def find_repeated_heads(ctx: ArticleContext) -> None:
    """七号公司董事长兼CEO韩立舟 (七号公司 written 40 times), 兴旺丝绸的总经理林慧清 (10 times),
    WUMEI 乌梅创始人Oliver (乌梅 30 times)."""
    cued: Counter[str] = Counter()
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_cues(), s.canon):
            if m.group("role") and not _person_follows(s.canon[m.end() : m.end() + 12], people):
                continue
            run = _HAN_RUN_END.search(s.canon, max(0, m.start() - 10), m.start())
            if not run or (
                run.start() and s.canon[run.start() - 1].isascii() and s.canon[run.start() - 1].isalnum()
            ):
                continue  # 77无线: a name that starts with Latin letters or digits is another signal's
            name = _repeated_end(ctx, run.group(0))
            if name:
                cued[name] += 1
    for name in cued:
        if _covered(ctx, name) or lx.word_frequency(name) >= _EVERYDAY_FREQ:
            continue
        ctx.article_names.add(name)
        f = ctx.found.get(name) or ctx.add(name, kind_for(name), 1.5 + 0.5 * min(cued[name], 3))
        if f is not None:
            _written_forms(ctx, name, f)


def _person_follows(rest: str, people: set[str]) -> bool:
    """A person found here, or a Latin given name (创始人Oliver), right after the role or a second title."""
    return bool(_LATIN_PERSON.match(rest)) or bool(names_inside(rest[:10], people, 10))


def _repeated_end(ctx: ArticleContext, run: str) -> str:
    """The longest end of `run` (2 to 8 characters) that the article writes three times or more, made of
    words (no single character at either edge, no verb, adverb, pronoun or preposition there) that opens
    a clause at least twice (after punctuation or at a line's start)."""
    tags = lx.dictionary_tags()
    for k in range(min(8, len(run)), 1, -1):
        end = run[-k:]
        if ctx.count(end) < 3 or end in lx.CLASS_NOUNS or end.startswith(lx.ORG_SUFFIXES):
            continue
        if end.endswith(_NOT_COMPANY_ENDINGS):
            continue  # 事业部, 教育局: a department or an authority
        toks = ctx.seg.cut(end)
        if any(len(t) < 2 or tags.get(t, "x").startswith(_CLAUSE_TAGS) for t in (toks[0], toks[-1])):
            continue
        before = [ctx.text[max(0, m.start() - 1) : m.start()] for m in re.finditer(re.escape(end), ctx.text)]
        if sum(not b or not _NAME_CHAR.match(b) for b in before) < 2:
            continue  # 星途远航 makes no name 远航: a name opens a clause on its own now and then
        return end
    return ""


def _covered(ctx: ArticleContext, name: str) -> bool:
    """Another signal found it, a longer name holding it, or a person."""
    return any(name in other and name != other for other in ctx.found) or any(
        other in name for other, f in ctx.found.items() if f.kind == PERSON
    )


def _written_forms(ctx: ArticleContext, name: str, f) -> None:
    """兴旺丝绸有限公司 is its legal name; WUMEI 乌梅: the Latin name written right before it."""
    for form in lx.LEGAL_FORMS:
        if name + form in ctx.text:
            f.aliases.setdefault(name + form, "legal")
            break
    pat = lx.pattern("orgs", "latin_then", LATIN_NAME=LATIN_NAME, han=re.escape(name))
    latin = Counter(m.group(1).strip() for m in pat.finditer(ctx.text))
    for word, n in latin.items():
        if n >= 2 and len(word) >= 3:
            f.aliases.setdefault(word, "english")


def find_clause_heads(ctx: ArticleContext) -> None:
    """，也好集团公司实控人王立新, 韩立舟即青禾游团队的联合创始人之一: a name written once or twice, in an
    organisation's position — it opens the clause (after punctuation or 即 after a person), a team or
    class noun (团队, 公司) follows it, then a role, with the person after the role or before the name. The clause's boundary, not the
    dictionary, says where it starts, so an everyday first character (都) is no reason to cut it; a
    run that is a dictionary word (研发团队, 上市公司, 北京公司) or holds a pronoun or particle is none."""
    people = ctx.people()
    tags = lx.dictionary_tags()
    for s in ctx.sents:
        for m in lx.finditer(_cues(), s.canon):
            if not m.group("role"):
                continue
            before = s.canon[: m.start()]
            person_before = m.group(0).startswith(lx.word("of")) and any(p in before for p in people)
            if not (_person_follows(s.canon[m.end() : m.end() + 12], people) or person_before):
                continue
            bare = _MEMBER_NOUN_END.sub("", before)
            run = _CLAUSE_RUN_END.search(bare) if bare != before else None
            name = run.group(1) if run else ""
            if len(name) < 2 or name in ctx.found or name in tags or _CLAUSE_CHARS.search(name):
                continue
            if (
                name in lx.CLASS_NOUNS
                or any(p in name for p in people)
                or name.endswith(_NOT_COMPANY_ENDINGS)
            ):
                continue
            head = next((name[: -len(x)] for x in lx.ORG_SUFFIXES if name.endswith(x)), name)
            if len(head) < 2 or head in tags and tags[head].startswith("ns"):
                continue  # 北京集团: a place and a suffix
            ctx.article_names.add(name)
            ctx.add(name, kind_for(name), 1.5)


def find_branches(ctx: ArticleContext) -> None:
    """星光会（香港）表示, 星光会（香港）指: an organisation speaks through a branch named by a place in
    brackets; people have no place in brackets after their name. The name opens the clause and the
    article writes it twice or more, so everyday words inside it (国界, 医生) are no reason to refuse it."""
    tags = lx.dictionary_tags()
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_BRANCH_SPEAKS, s.canon):
            name, place = m.group(1), m.group(2)
            if not tags.get(place, "").startswith("ns") or name in ctx.found or ctx.count(name) < 2:
                continue
            if name in tags or _CLAUSE_CHARS.search(name) or any(p in name for p in people):
                continue
            ctx.article_names.add(name)
            ctx.add(name, kind_for(name), 2.0)


def find_acquired(ctx: ArticleContext) -> None:
    """收购了北京启航教育、小小星球等补习社 … 旗下的启航教育宣布停业: what a company acquires is a company;
    written twice or more (the place before it comes off), its everyday words (巨人, 教育) are no reason
    to refuse it."""
    tags = lx.dictionary_tags()
    people = ctx.people()
    for s in ctx.sents:
        for m in lx.finditer(_ACQUIRED, s.canon):
            name = m.group(1)
            toks = ctx.seg.cut(name)
            if len(toks) > 1 and tags.get(toks[0], "").startswith("ns") and ctx.count(name) < 2:
                name = name[len(toks[0]) :]  # 北京启航教育 once, 启航教育 again
            if len(name) < 3 or name in ctx.found or ctx.count(name) < 2 or name in tags:
                continue
            if _CLAUSE_CHARS.search(name) or any(p in name for p in people) or re.search(r"\d", name):
                continue
            ctx.article_names.add(name)
            ctx.add(name, kind_for(name), 1.5)
