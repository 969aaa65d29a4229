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
    ("an unnamed fan", "中秋前，澜启还组织了一次赏月活动。有一位老用户将他的订单截图做成了一本相册。", True),
    ("one of many", "其中一名员工说，公司会继续投入。", False),
    ("a named person", "韩立舟说，澜启会继续投入。", False),
]


@pytest.mark.parametrize(("description", "sentence", "expected"), SOMEONE, ids=[c[0] for c in SOMEONE])
def test_an_unnamed_person_takes_the_pronoun(description, sentence, expected):
    from bot.extract.coref import someone_at

    assert (someone_at(sentence) >= 0) is expected, description


STRANGER = [
    ("a dotted name before the pronoun", "诺兰・卡特受到创业者追捧，他在2019年创办了远帆资本。", True),
    ("a dotted name after the pronoun", "他在2019年结识了诺兰・卡特。", False),
    ("no pronoun", "诺兰・卡特受到创业者追捧。", False),
    ("no dotted name", "韩立舟受到创业者追捧，他在2019年创办了远帆资本。", False),
]


@pytest.mark.parametrize(("description", "sentence", "expected"), STRANGER, ids=[c[0] for c in STRANGER])
def test_a_stranger_with_a_dotted_name_takes_the_pronoun(description, sentence, expected):
    from bot.extract.coref import stranger_before_pronoun

    assert stranger_before_pronoun(sentence) is expected, description


def _card(tmp_path, article: str, query: str) -> dict:
    """`query` answered (as JSON) from an index of one article written here, through the whole pipeline."""
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.render import to_json
    from bot.store.index import Index

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.md").write_text(article, encoding="utf-8")
    build_index([tmp_path / "a"], tmp_path / "i.sqlite")
    return to_json(answer_line(Index(tmp_path / "i.sqlite"), query))


def test_the_person_named_before_does_not_get_a_strangers_deeds(tmp_path):
    """Through the whole pipeline: 诺兰・卡特 is no entity (written once, nothing marks it), so the 他 after it
    is not 诺兰・帕克斯 of the sentence before: 帕克斯's card has neither that sentence nor 远帆资本."""
    card = _card(
        tmp_path,
        "# 星河通信发布新品\n\n星河通信首席执行官诺兰・帕克斯如同一位老练的船长，带领公司穿过了行业寒冬。\n\n"
        "诺兰・卡特受到创业者追捧，他在2019年创办了远帆资本。\n\n"
        "诺兰・帕克斯表示，公司明年将在伦敦设立研发中心。\n",
        "/who 诺兰・帕克斯",
    )
    assert card["status"] == "found" and card["entity"]["name"] == "诺兰・帕克斯"
    assert "诺兰・卡特" not in card["text"] and "远帆资本" not in card["text"], card["text"]


COREF_ORG = [
    ("该公司 at the start", "该公司2023年营收304亿元。", True),
    ("a subjectless listing sentence", "同年9月12日在科创板上市。", True),
    ("a possessive 其", "其创始人王建国毕业于清华。", True),
    ("其中 with 旗下", "其中，旗下品牌卖得最好。", True),
    ("此次 continues the listing in focus", "此次发行价为14.62港元/股，开盘后市值约85亿港元。", True),
    ("其他 is not possessive", "其他公司也在跟进。", False),
    ("其 after two leading clauses", "强劲的订单增长下，2022年底，其估值已达到80亿美元。", True),
    ("a subjectless plan", "未来10年将投入100亿美元，初期投入100亿元人民币。", True),
    ("其时 is a time word", "其时的他仔细研究了一个晚上。", False),
    ("公司内部 is not the company", "公司内部大家都叫他朱总。", False),
]


@pytest.mark.parametrize(("description", "sentence", "expected"), COREF_ORG, ids=[c[0] for c in COREF_ORG])
def test_organisation_continuation(description, sentence, expected):
    assert continues_org(sentence) is expected, description


def test_a_comparison_is_not_the_focus():
    s = "岚途科技被称为“中国版高通”。"
    assert is_comparison(s, s.index("高通")) and not is_comparison(s, 0)


_TWO_COMPANIES = """于是，在长沙的一间出租屋里，蒋予川写下了 Zentra! 的第一行代码。
在 Zentra! 先后被郑怀瑾和澄禾资本、岚途创投投资后，蒋予川成了小有名气的创业者。
2012 年，31 岁的蒋予川把 Zentra！以 3000 万美金的价格卖给了星河科技。
2015 年，蒋予川以投资人身份孵化在线表格协作平台栖木云。
晨潮周刊：从 Zentra! 到栖木云，你一直在给别人做工具。
蒋予川：我们刚服务青岚汽车时，他们的表格多得吓人，流程也很绕。
晨潮周刊：你原本是栖木云的投资人，为什么自己出来当 CEO？
蒋予川：栖木云的钱快花完了，但产品还没做成。
晨潮周刊：现在做的事和你 15 年前看到的机会有什么区别？
蒋予川：差不多是同一件事，想到这里我就很兴奋。
"""


def test_an_interviewees_we_speaks_for_no_company_when_two_are_named_equally(tmp_path):
    """Zentra! and 栖木云 four times each: 我们刚服务青岚汽车 is not put on the card of either one."""
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.render import to_json
    from bot.store.index import Index

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.txt").write_text(_TWO_COMPANIES, encoding="utf-8")
    build_index([tmp_path / "a"], tmp_path / "i.sqlite")
    card = to_json(answer_line(Index(tmp_path / "i.sqlite"), "/company Zentra!"))
    assert card["status"] == "found"
    assert "青岚汽车" not in card["text"]


def test_a_sentence_that_only_says_who_spoke_is_no_fact(tmp_path):
    """“做难而正确的事。”符国梁说。 - the quote is cut off as a sentence of its own; "符国梁说。" and
    "符国梁在一次内部会议上表示。" say nothing on a card (they were bullets before)."""
    card = _card(
        tmp_path,
        "# 柏舟科技的十年\n\n柏舟科技由符国梁于2012年创立。\n\n“做难而正确的事。”符国梁说。\n\n"
        "符国梁在一次内部会议上表示。\n\n符国梁表示，柏舟科技明年将进入东南亚市场。\n",
        "/who 符国梁",
    )
    assert card["status"] == "found"
    texts = [f["text"] for f in card["facts"]]
    assert "符国梁说。" not in texts and "符国梁在一次内部会议上表示。" not in texts, texts
    assert any("东南亚" in t for t in texts), texts
