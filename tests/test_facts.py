"""Fact types, concreteness and the ranking signals: (description, sentence, expected)."""

from __future__ import annotations

import pytest

from bot.answer.facts import rank_facts
from bot.facts import fact_type, figures, informativeness, is_framing, is_promotion, type_weight
from bot.segment import Sentence


def _s(text: str, speaker: str = "") -> Sentence:
    return Sentence(0, 0, text, text, speaker=speaker)


TYPES = [
    ("born", "苏映雪出生于1967年，自小成绩优异。", "", "born"),
    ("a degree", "刘启帆获得了斯坦福大学材料科学博士学位。", "", "education"),
    ("博士 as a title is no education", "在郑怀瑾博士的大力支持下，秦岷教授创建了Voltaris。", "", "founded"),
    ("dropping out is education", "西北工业大学大一新生蒋予川决定辍学创业。", "", "education"),
    ("an age is no founding", "成立17年的澄禾集团，背后站着多家知名VC/PE。", "", "relation"),
    ("a founding", "据悉，岚途科技成立于2019年3月。", "", "founded"),
    ("the board is no title", "2022年3月8日，澜启董事会要求管理层认真研究储能产业。", "", "event"),
    ("a title", "2009年，温景行回到南京大学，任职教授。", "", "role"),
    ("a figure", "澄禾集团获得了1500万美元的A轮投资。", "", "figure"),
    ("an answer without figures is a quote", "我们那时是师范学生，学的是古典文学。", "韩立舟", "quote"),
    ("an answer with a figure keeps its type", "我们二季度订单收入同比增长27%。", "韩立舟", "figure"),
    (
        "quoted speech without figures",
        "罗启明表示：“Voltaris为储能行业开发出了全新的电池。”",
        "",
        "quote",
    ),
    (
        "a name defined in brackets is no speech",
        "记者获悉，杭州青柚医疗科技股份有限公司（以下简称“青柚医疗”）已向港交所递交招股书。",
        "",
        "listing",
    ),
    (
        "quoted speech after the brackets still is",
        "青柚医疗（以下简称“青柚”）董事长孟凡表示：“我们不急于扩张。”",
        "",
        "quote",
    ),
]


@pytest.mark.parametrize(("description", "sentence", "speaker", "expected"), TYPES, ids=[t[0] for t in TYPES])
def test_fact_types(description, sentence, speaker, expected):
    assert fact_type(_s(sentence, speaker)) == expected, description


def test_person_only_types_do_not_lift_an_organisation():
    s = "澄禾集团创始人邵清禾出生于1958年，17岁那年到纺织厂做了一名学徒。"
    assert type_weight("born", "person", s) > type_weight("born", "company", s)


FIGURES = [
    ("money and a share", "苏映雪持有公司18.62%的股份，身家超过35亿元。", {"18.62%", "35亿元"}),
    ("people are not amounts", "公司现在一共有13人。", set()),
    ("Chinese numerals", "公司每年亏损几个亿，还要融资数十亿元。", {"数十亿元"}),
]


@pytest.mark.parametrize(("description", "sentence", "expected"), FIGURES, ids=[f[0] for f in FIGURES])
def test_figures(description, sentence, expected):
    assert figures(sentence) == expected, description


CONCRETE = [
    (
        "a dated amount beats colour",
        "2012年5月，澄禾集团获得了1500万美元的A轮投资。",
        "澄禾集团背后站着多家知名VC/PE。",
    ),
    (
        "a fact beats one that leans on the sentence before",
        "秦岷荣膺2022国际材料奖。",
        "秦岷也是该奖设立以来的第三位华裔得主。",
    ),
    ("a fact beats an attribution", "小米宣布造车。", "对于小米选择造车，陆鸣远就如此论断。"),
    (
        "a fact beats someone's forecast",
        "神眸累计销量接近1000万台。",
        "杨作兴判断，若无线摄像头占比提升至90%，年出货量有望在2035年达到100亿台。",
    ),
    (
        "a fact beats a forecast",
        "神眸累计销量接近1000万台。",
        "我们判断，到2035年，无线摄像头的占比将升至90%。",
    ),
    (
        "anything beats a line that is only a speaker's label",
        "他约的是来自美国的朋友。",
        "孟凡：",
    ),
    (
        "a sentence beats a caption run into the next sentence's date clause",
        "2011年，孟凡呼吁保护丝绸。",
        "星河丝绸有限公司董事长宋岚2011年，孟凡呼吁保护丝绸。",
    ),
    (
        "a plain statement beats a mission statement with no date or amount",
        "星河证券举办了首个客户日活动。",
        "同时，星河文化为每个员工营建了美好的精神家园。",
    ),
    (
        "thanks and praise with no date or amount rank below a plain statement",
        "星河科技为晶圆厂提供传送设备。",
        "创始人表示：“感谢投资机构对于星河科技的认可和支持，赋能我们发展。”",
    ),
    (
        "an answer that opens by saying yes to a question it does not show ranks below a statement",
        "星河商会每年举办两次论坛。",
        "必定是，但每个人有不同想法，主要有两种考虑。",
    ),
    (
        "没错 opening an answer",
        "星河商会每年举办两次论坛。",
        "没错，我们相信科技能改变生活。",
    ),
    (
        "到时候: the time is the sentence before's",
        "星河商会每年举办两次论坛。",
        "到时候星河已成立25年，中央就不会等。",
    ),
    (
        "这些 opening a clause: what they are is in the sentence before",
        "星河商会每年举办两次论坛。",
        "但在当时，这些都不足以构成离任的猜测。",
    ),
]

BOILERPLATE_KEPT = [
    ("one promotional word alone is no mission statement", "星河科技打造了一款扫地机器人。"),
    ("a dated sentence keeps its rank though it praises", "2019年，星河秉承创新理念助力行业发展。"),
    ("an amount keeps its rank though it praises", "星河获得2亿元融资，助力生态建设。"),
    ("a name with a year and no comma after it is prose, not a caption", "董事长孟凡2010年创办星河。"),
    ("对 inside a sentence is no answer's yes", "对星河来说，2019年是转折点。"),
    ("这些 with a noun after a verb is no opening back-reference", "星河推出了这些产品。"),
    ("当时 tells its own time", "当时，孟凡已经做出了两款芯片。"),
]


@pytest.mark.parametrize(("description", "sentence"), BOILERPLATE_KEPT, ids=[c[0] for c in BOILERPLATE_KEPT])
def test_promotion_and_caption_cues_need_their_whole_shape(description, sentence):
    assert informativeness(sentence) >= 0, description


@pytest.mark.parametrize(("description", "better", "worse"), CONCRETE, ids=[c[0] for c in CONCRETE])
def test_concrete_sentences_rank_above_colour(description, better, worse):
    assert informativeness(better) > informativeness(worse), description


def test_a_name_only_in_a_leading_clause_is_not_the_subject():
    from bot.facts import aboutness

    s = "尤其是在华为与阿里巴巴两大巨头下场之后，如今，寒武纪几乎是唯一一家坚持云端芯片的公司。"
    assert aboutness(s, "华为", 2, False, False, "relation", False) < aboutness(
        s, "寒武纪", 2, False, False, "relation", False
    )


def test_every_facts_data_file_says_what_it_feeds():
    from importlib import resources

    files = [p for p in resources.files("bot").joinpath("data", "facts").iterdir() if p.name.endswith(".txt")]
    assert {"types.txt", "patterns.txt"} <= {p.name for p in files}
    for f in files:
        assert f.read_text(encoding="utf-8").startswith("#"), f"{f.name} has no `#` header"


@pytest.mark.parametrize(
    "desc, canon, framing",
    [
        ("how the interview came about", "以下是他接受星河周刊采访的内容。", True),
        ("a bare framing with a speech verb and nothing said", "他接受本报专访时表示。", True),
        (
            "a news lede: the framing, then what was said",
            "星河党党魁、立法会议员孟凡接受《星河周刊》访问表示，对于新法例感到「很错愕」。",
            False,
        ),
        (
            "the framing, then a colon and no speech verb: the headline form",
            "孟凡接受内媒访问：我们一边飞一边修飞机",
            True,
        ),
    ],
)
def test_framing_is_only_how_the_interview_came_about(desc, canon, framing):
    assert is_framing(canon) is framing, desc


@pytest.mark.parametrize(
    "desc, sentence, promotion",
    [
        ("a mission statement", "公司秉承创新理念，致力于做源于中国的好药。", True),
        ("thanks for support", "感谢投资机构的认可和支持，我们非常荣幸。", True),
        ("a date makes it an event", "2019年，星河秉承创新理念助力行业发展。", False),
        ("an amount makes it a fact", "星河获得2亿元融资，助力生态建设。", False),
        ("a titled work released is an event", "星河发布了《社会责任书》，秉承理念，助力发展。", False),
        ("one such word is not enough", "星河致力于研发扫地机器人。", False),
    ],
)
def test_promotion_needs_two_words_and_nothing_concrete(desc, sentence, promotion):
    assert is_promotion(sentence) is promotion, desc


def _card_fact(i: int, canon: str, score: float) -> dict:
    return {
        "id": i,
        "canon": canon,
        "text": canon,
        "type": "relation",
        "score": score,
        "date": "",
        "year": None,
    }


PROMO = "公司秉承创新理念，致力于做源于中国的好药，感谢投资机构的认可和支持。"
PLAIN = [
    "星河在苏州开了第一家门店。",
    "星河的扫地机器人卖到了欧洲。",
    "创始人王五毕业于星大。",
    "星河去年搬进了新的厂房。",
    "星河和远山合作研发电池。",
    "星河的工程师大多来自本地高校。",
    "星河的产品线包括三个系列。",
    "星河的总部位于工业园区。",
]


@pytest.mark.parametrize(
    "desc, others, shown",
    [
        ("a short card with two other facts leaves promotion off", 2, False),
        ("a card with one other fact keeps it (a card with nothing is no better)", 1, True),
        ("a long card ranks it below its facts and does not drop it", 8, True),
    ],
)
def test_promotion_stays_off_a_short_card(desc, others, shown):
    facts = [_card_fact(0, PROMO, 9.0)] + [_card_fact(i, t, 1.0) for i, t in enumerate(PLAIN[:others], 1)]
    ranked = rank_facts(facts, {"name": "星河", "aliases": []})
    assert any(f["canon"] == PROMO for f in ranked) is shown, desc
