"""How much a merged fact says about each of its entities (bot/corpus/ranking.py, Scorer): who the
sentence's subject is decides.

Cases are (description, sentence, the entity asked about, the same sentence's score must be lower or
higher for it than for a plain sentence about it): entities as the extractor would find them.
"""

from __future__ import annotations

import pytest

from bot.corpus.ranking import Scorer
from bot.facts import Fact
from bot.model import Entity
from bot.vocab import REF_NAMED

ENTITIES = {
    1: Entity(1, "王建国", "person", 3.0, {}),
    2: Entity(2, "李秀英", "person", 3.0, {}),
    3: Entity(3, "星河科技", "company", 2.0, {}),
    4: Entity(4, "远山资本", "company", 2.0, {}),
}
NAMES = {e.name: e.id for e in ENTITIES.values()}


def _score(canon: str, name: str) -> float:
    refs = {eid: REF_NAMED for n, eid in NAMES.items() if n in canon}
    f = Fact("a1", 0, canon, canon, "relation", None, "", refs)
    return Scorer(ENTITIES).score(f, NAMES[name], REF_NAMED, 1)


@pytest.mark.parametrize(
    "desc, sentence, name, plain",
    [
        (
            "another person named first is the subject, though the name follows within four characters",
            "李秀英是王建国的助理和学生，一路跟随他学习。",
            "王建国",
            "王建国是李秀英的老师，一路带着她学习。",
        ),
        (
            "another company named first is the subject",
            "远山资本是星河科技的老股东，一直在加持。",
            "星河科技",
            "星河科技是远山资本的被投企业，一直在成长。",
        ),
    ],
)
def test_someone_else_named_first_is_the_subject(desc, sentence, name, plain):
    assert _score(sentence, name) < _score(plain, name), desc


@pytest.mark.parametrize(
    "desc, sentence, name, before",
    [
        ("another person named first, then 是", "李秀英是王建国的助理。", "王建国", True),
        ("co-subjects joined by 和", "李秀英和王建国一起创立了公司。", "王建国", False),
        ("co-subjects joined by 、", "李秀英、王建国都来自苏州。", "王建国", False),
        ("an organisation before a person only qualifies them", "星河科技王建国今天到场。", "王建国", False),
        ("a company before a company, then a verb", "远山资本投资了星河科技。", "星河科技", True),
        ("the entity itself first", "王建国是李秀英的老师。", "王建国", False),
    ],
)
def test_named_before_is_another_of_the_same_kind_not_joined(desc, sentence, name, before):
    refs = {eid: REF_NAMED for n, eid in NAMES.items() if n in sentence}
    f = Fact("a1", 0, sentence, sentence, "relation", None, "", refs)
    e = ENTITIES[NAMES[name]]
    assert Scorer(ENTITIES)._named_before(f, e, sentence.find(name)) is before, desc
