"""Following an entity through the text: which sentences speak about the person or the organisation
in focus without naming it (他/她 after a leading clause, 其, 该公司/这家公司/公司, subjectless
sentences), and which names are only a comparison (被称为“中国版英伟达”) rather than the focus."""

from __future__ import annotations

import re

# 他/她 as the subject: at the start, or after one leading time, place or circumstance clause
# (1990年，从…毕业后，他进入…). 他们/她们 are others.
_PERSON_SUBJECT = re.compile(
    r"^(?:[^，。；：“”]{0,24}[，,]\s*){0,2}(?:[^，。；“”]{0,4}?)(?:他|她)(?!们)|^(?:这位|此人|该人士|现任|曾任|历任|现为)"
)
# The organisation continues: 该公司/这家公司/该集团/公司 at the start of the sentence or of its second
# clause, a possessive 其 (其创始人王建国, 其中，旗下…), or a subjectless sentence that opens with a
# time and goes straight to a verb (同年9月12日在科创板上市).
_ORG_SUBJECT = re.compile(
    r"^(?:[^，。；“”]{0,16}[，,]\s*)?(?:该公司|这家公司|该集团|这家企业|该企业|该品牌|公司(?!内部|员工|同事|里))"
    r"|^(?:[^，。；“”]{0,12}[，,]\s*){0,2}其(?!他|它|中的|实|次|后|余|时|间)"
    r"|^(?:此次|本次)(?:发行|上市|融资|募资|IPO|交易)"
    r"|^其中[，,]\s*旗下"
)
_TIME_THEN_VERB = re.compile(
    r"^(?:同年|次年|当年|随后|此后|之后|目前|如今|截至[^，。]{0,12}?|未来\d{1,2}年|今年|明年)?(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?"
    r"(?<=[年月日后今前至])"
    r"[，,]?\s*(?:又|再|便|还|将|正式|成功|顺利|已|计划)?(?:在|于|完成|获得|推出|发布|登陆|上市|成立|宣布|实现|递交|启动|迎来|与|向|投入|投资)"
)
# An interviewee's 我们 as the subject is the organisation they speak for (我们一季度销售收入同比增长39%),
# not 我们国家 or 我们这一代.
_WE_SUBJECT = re.compile(
    r"^(?:[^，。；“”]{0,16}[，,]\s*)?我们(?:公司|团队)?(?!国家|社会|中国|人类|这一?代|年轻人|普通人|每个人|大家|自己)"
)
# A name used as a comparison, not as the one the text is about.
_COMPARISON = re.compile(r"(?:中国版|版的|被称为|被誉为|称为|誉为|堪比|对标|媲美|如同|好比)[“\"「]?$")


def continues_person(canon: str) -> bool:
    return bool(_PERSON_SUBJECT.match(canon))


def continues_org(canon: str) -> bool:
    return bool(_ORG_SUBJECT.match(canon) or _TIME_THEN_VERB.match(canon))


# An unnamed person brought in (有一位米粉, 一名员工): the next 他/她 is them.
_SOMEONE = re.compile(r"(?:有|^|[，,])\s*(?:一|另一)(?:位|名)[\u4e00-\u9fff]")


def someone_at(canon: str) -> int:
    """Where an unnamed person is brought in as the subject, or -1."""
    m = _SOMEONE.search(canon)
    return m.start() if m else -1


def speaks_for_org(canon: str) -> bool:
    return bool(_WE_SUBJECT.match(canon))


def is_comparison(canon: str, pos: int) -> bool:
    """True when the name at `pos` is introduced as a comparison (被称为“中国版英伟达”)."""
    return bool(_COMPARISON.search(canon[max(0, pos - 6) : pos]))
