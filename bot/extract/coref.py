"""Following an entity through the text: which sentences speak about the person or the organisation
in focus without naming it (他/她 after a leading clause, 其, 该公司/这家公司/公司, subjectless
sentences), and which names are only a comparison (被称为“中国版西门子”) rather than the focus."""

from __future__ import annotations

import re

from bot import lexicon as lx


def _P(key: str) -> re.Pattern[str]:
    return lx.pattern("coref", key)


# 他/她 as the subject: at the start, or after one leading time, place or circumstance clause
# (1990年，从…毕业后，他进入…), also as the head of a description (当时52岁的她, 生于1989年的他).
# 他们/她们 are others.
_PERSON_SUBJECT = _P("person_subject")
# The organisation continues: 该公司/这家公司/该集团/公司 at the start of the sentence or of its second
# clause, a possessive 其 (其创始人王建国, 其中，旗下…), or a subjectless sentence that opens with a
# time and goes straight to a verb (同年6月18日在创业板上市).
_ORG_SUBJECT = _P("org_subject")
_TIME_THEN_VERB = _P("time_then_verb")
# An interviewee's 我们 as the subject is the organisation they speak for (我们上半年营业收入同比增长27%),
# not 我们国家 or 我们这一代.
_WE_SUBJECT = _P("we_subject")
# A name used as a comparison, not as the one the text is about.
_COMPARISON = _P("comparison")


def continues_person(canon: str) -> bool:
    return bool(_PERSON_SUBJECT.match(canon))


def continues_org(canon: str) -> bool:
    return bool(_ORG_SUBJECT.match(canon) or _TIME_THEN_VERB.match(canon))


# An unnamed person brought in (有一位顾客, 一名员工): the next 他/她 is them.
_SOMEONE = _P("someone")


def someone_at(canon: str) -> int:
    """Where an unnamed person is brought in as the subject, or -1."""
    m = _SOMEONE.search(canon)
    return m.start() if m else -1


_DOTTED_NAME = _P("dotted_name")


def stranger_before_pronoun(canon: str) -> bool:
    """A dotted foreign name comes before the sentence's 他/她 (诺兰・卡特受到追捧，他…): when it is no known
    person, the pronoun is about this stranger."""
    m = _DOTTED_NAME.search(canon)
    pronoun = re.search("[他她](?!们)", canon)
    return bool(m and pronoun and m.start() < pronoun.start())


def speaks_for_org(canon: str) -> bool:
    return bool(_WE_SUBJECT.match(canon))


def is_comparison(canon: str, pos: int) -> bool:
    """True when the name at `pos` is introduced as a comparison (被称为“中国版西门子”)."""
    return bool(_COMPARISON.search(canon[max(0, pos - 6) : pos]))
