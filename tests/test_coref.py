"""Following an entity through the text (bot.extract.coref): who a sentence speaks about unnamed."""

from __future__ import annotations

import pytest

from bot.extract.coref import continues_org, continues_person, is_comparison

COREF_PERSON = [
    ("pronoun after a leading time clause", "1990年，从浙江大学毕业后，他进入了华为。", True),
    ("pronoun at the start", "她说，公司会继续投入研发。", True),
    ("they are others", "他们都来自清华。", False),
    ("no pronoun", "公司去年营收增长两成。", False),
]


@pytest.mark.parametrize(
    ("description", "sentence", "expected"), COREF_PERSON, ids=[c[0] for c in COREF_PERSON]
)
def test_person_continuation(description, sentence, expected):
    assert continues_person(sentence) is expected, description


SOMEONE = [
    ("an unnamed fan", "春节前，小米还组织了一次年夜饭活动。有一位米粉将他的购物单据做成了一本书。", True),
    ("one of many", "其中一名员工说，公司会继续投入。", False),
    ("a named person", "雷军说，小米会继续投入。", False),
]


@pytest.mark.parametrize(("description", "sentence", "expected"), SOMEONE, ids=[c[0] for c in SOMEONE])
def test_an_unnamed_person_takes_the_pronoun(description, sentence, expected):
    from bot.extract.coref import someone_at

    assert (someone_at(sentence) >= 0) is expected, description


COREF_ORG = [
    ("该公司 at the start", "该公司2023年营收304亿元。", True),
    ("a subjectless listing sentence", "同年9月12日在科创板上市。", True),
    ("a possessive 其", "其创始人王建国毕业于清华。", True),
    ("其中 with 旗下", "其中，旗下品牌卖得最好。", True),
    ("此次 continues the listing in focus", "此次发行价为14.62港元/股，开盘后市值约85亿港元。", True),
    ("其他 is not possessive", "其他公司也在跟进。", False),
    ("其 after two leading clauses", "亮眼的业绩增速下，2021年初，其估值已达到500亿美元。", True),
    ("a subjectless plan", "未来10年将投入100亿美元，初期投入100亿元人民币。", True),
    ("其时 is a time word", "其时的他仔细研究了一个晚上。", False),
    ("公司内部 is not the company", "公司内部大家都叫他朱总。", False),
]


@pytest.mark.parametrize(("description", "sentence", "expected"), COREF_ORG, ids=[c[0] for c in COREF_ORG])
def test_organisation_continuation(description, sentence, expected):
    assert continues_org(sentence) is expected, description


def test_a_comparison_is_not_the_focus():
    s = "摩尔线程被称为“中国版英伟达”。"
    assert is_comparison(s, s.index("英伟达")) and not is_comparison(s, 0)


_TWO_COMPANIES = """于是，在哈尔滨的一个民房里，戴志康写下了 Discuz! 的第一行代码。
在 Discuz! 先后被周鸿祎和红杉中国、谷歌投资后，戴志康成为了创业明星。
2010 年，29 岁的戴志康把 Discuz！以 5000 万美金的价格卖给了腾讯。
2013 年，戴志康以投资人身份孵化零代码应用搭建平台伙伴云。
极客公园：从 Discuz! 到伙伴云，你做的事情都是为别人提供生产工具。
戴志康：我们刚服务比亚迪时，他们的数据量超级大，业务场景也很复杂。
极客公园：你原本是伙伴云的投资人，为什么选择亲自出任 CEO？
戴志康：伙伴云资金流遇到了问题，但事情还没做出来。
极客公园：现在的事业和你 20 年前看到的机会有什么不同？
戴志康：几乎是一模一样的，这种感觉让我心潮澎湃。
"""


def test_an_interviewees_we_speaks_for_no_company_when_two_are_named_equally(tmp_path):
    """Discuz! and 伙伴云 four times each: 我们刚服务比亚迪 is not put on the card of either one."""
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.render import to_json
    from bot.store.index import Index

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.txt").write_text(_TWO_COMPANIES, encoding="utf-8")
    build_index([tmp_path / "a"], tmp_path / "i.sqlite")
    card = to_json(answer_line(Index(tmp_path / "i.sqlite"), "/company Discuz!"))
    assert card["status"] == "found"
    assert "比亚迪" not in card["text"]
