"""Which words are names and which forms belong together: category words, split and cut names.

Each case is an invented article with a real sentence shape: (description, text, expected kinds,
forbidden kinds), checked as in tests/test_extract.py.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from tests.test_extract import ANY, ORG, Case, found, kinds

CASES = [
    Case(
        "a line of business written before 市场/品牌/产品 is no organisation, whatever the model reads",
        "星河优选是一家新锐美妆零售品牌，创始人赵一鸣表示，美妆市场仍在增长。星河优选的美妆产品来自全球。"
        "赵一鸣说，美妆品牌需要门店。美妆行业竞争激烈，星河优选今年开了十家店。",
        expected={"赵一鸣": "person"},
        forbidden={"美妆": ANY},
    ),
    Case(
        "a name the article mostly writes on its own stays a name though once before 产品",
        "顺腾物流今年营收过亿，顺腾物流的客户多是电商。顺腾物流产品线很长。赵一鸣说，顺腾物流会上市。",
        expected={"顺腾物流": ORG},
        forbidden={},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_forms(case: Case):
    got = kinds(case.text)
    for name, kind in case.expected.items():
        assert (got.get(name) not in (None, "person")) if kind == ORG else got.get(name) == kind, (
            case.description
        )
    for name, kind in case.forbidden.items():
        assert name not in got if kind == ANY else got.get(name) != kind, case.description


class FormCase(NamedTuple):
    """(description, text, the name that must hold the alias, the alias) or, with `same` False, two names
    that must stay apart."""

    description: str
    text: str
    name: str
    alias: str
    same: bool = True


FORMS = [
    FormCase(
        "a short name the text states (简称：X) is an alias though made of ordinary words (a word + 能源)",
        "储能系统集成商——西安星火能源技术有限公司（简称：星火能源）日前宣布完成A轮融资。星火能源是储能方案的提供者，"
        "星火能源去年营收过亿。从2018年成立以来，星火能源发布了三代产品。",
        "西安星火能源技术有限公司",
        "星火能源",
    ),
    FormCase(
        "a name ending in its class noun (X公司) is not cut inside a description: no alias glued with the words after",
        "声明说，捐赠物资是瀚澜公司实践企业公民角色的具体行动。瀚澜今年营收过亿，瀚澜创始人赵一鸣表示，瀚澜会继续捐赠。",
        "瀚澜公司",
        "瀚澜",
    ),
    FormCase(
        "a legal name of place + name + line of business + legal form holds the short form the article keeps",
        "苏州星澜生物医药科技有限公司宣布完成B轮融资。星澜CEO赵一鸣表示，星澜将继续投入研发。"
        "星澜成立于2015年，星澜的药已进入临床。",
        "苏州星澜生物医药科技有限公司",
        "星澜",
    ),
    FormCase(
        "a legal name with another proper word in it is another company (a subsidiary), not the short form's",
        "星澜创始人赵一鸣表示，星澜将继续投入研发。星澜成立于2015年，星澜的药已进入临床。"
        "星澜入股了星澜慧宇科技有限公司。",
        "星澜慧宇科技有限公司",
        "星澜",
        same=False,
    ),
]


@pytest.mark.parametrize("case", FORMS, ids=[c.description for c in FORMS])
def test_forms_of_one_name(case: FormCase):
    got = found(case.text)
    if case.same:
        assert case.name in got and case.alias in got[case.name].aliases, case.description
        assert case.alias not in got, case.description
    else:
        assert case.name not in got or case.alias not in got[case.name].aliases, case.description


LEADS = [
    Case(
        "a one-character verb before a university's name is the clause's (并获X大学), not the name's",
        "赵一鸣1990年出生，本科毕业后并获美国星澜大学全额奖学金。赵一鸣表示，那是他人生的转折。",
        expected={"美国星澜大学": ORG},
        forbidden={"获美国星澜大学": ANY},
    ),
    Case(
        "去英国读大学 names no university",
        "赵一鸣18岁去英国读大学，毕业后回国创业。赵一鸣表示，留学让他学会独立。",
        expected={"赵一鸣": "person"},
        forbidden={"英国读大学": ANY, "读大学": ANY},
    ),
    Case(
        "a 和 after a verb or a list comma begins the name (获得和远资本, 、和远资本、)",
        "2018年，星河科技获得和远资本（HY）领投的A轮融资。此后，红杉中国、和远资本、经纬中国继续跟投。"
        "和远资本合伙人赵一鸣表示看好星河科技。",
        expected={"和远资本": ORG},
        forbidden={"远资本": ANY},
    ),
    Case(
        "a 和 after a name joins two names (小米和星河科技)",
        "小米和星河科技都在做芯片。星河科技今年营收过亿。星河科技的客户多是银行。星河科技创始人赵一鸣表示，公司会上市。",
        expected={"星河科技": ORG},
        forbidden={"和星河科技": ANY},
    ),
    Case(
        "two different words glued before one name (继X, 行业老二X) show where the name starts",
        "继星澜科技(NASDAQ:XL)之后，蓝海矿机也去纳斯达克上市。蓝海矿机市值6亿美元，高于行业老二星澜科技的市值。"
        "蓝海矿机创始人赵一鸣表示，公司会继续扩产。",
        expected={"星澜科技": ORG},
        forbidden={"继星澜科技": ANY, "老二星澜科技": ANY},
    ),
    Case(
        "a party to the deal before an investor's name (领投方X) is no part of it",
        "本轮融资由辰星资本领投。本轮领投方辰星资本合伙人赵一鸣表示，看好公司前景。辰星资本此前也投过同类公司。",
        expected={"辰星资本": ORG},
        forbidden={"领投方辰星资本": ANY},
    ),
]


@pytest.mark.parametrize("case", LEADS, ids=[c.description for c in LEADS])
def test_where_a_name_starts(case: Case):
    test_forms(case)


def _context(text: str, names: dict[str, str]):
    from bot.extract.context import ArticleContext, Found
    from bot.read.clean import clean_text
    from bot.segment import segment_text, segmenter

    ctx = ArticleContext(segment_text(clean_text(text).text), segmenter())
    ctx.found = {n: Found(n, k, 1.0) for n, k in names.items()}
    return ctx


JOINED = [
    (
        "two names joined by 及, each written on its own more often, are no name together",
        "星河及青禾基金会今天宣布捐出一亿元。青禾基金会将负责执行，星河是出资人。青禾基金会去年也捐过钱。星河今年营收过亿。",
        {"星河及青禾基金会": "organization", "星河": "company"},
        {"星河", "青禾基金会"},
    ),
    (
        "the part after 和 that the text always continues the same way (晨光小|面) is a cut, not added",
        "品牌——月影火锅和晨光小面都在成都。月影火锅开了100家店，月影火锅很贵。晨光小面开了50家店，晨光小面便宜。",
        {"月影火锅和晨光小": "brand", "月影火锅": "brand"},
        {"月影火锅"},
    ),
    (
        "a name with 和 inside that the text writes as a whole stays (和 is part of it)",
        "星和重工今年营收过亿。星和重工的客户多是船厂。星和重工创始人赵一鸣表示，公司会上市。",
        {"星和重工": "company"},
        {"星和重工"},
    ),
]


@pytest.mark.parametrize(("description", "text", "names", "after"), JOINED, ids=[c[0] for c in JOINED])
def test_names_joined_by_a_conjunction(description, text, names, after):
    from bot.extract import _names_joined_by_a_conjunction

    ctx = _context(text, names)
    _names_joined_by_a_conjunction(ctx)
    assert set(ctx.found) == after, description


def test_no_alias_glued_with_the_words_after_a_class_noun():
    got = found(
        "声明说，捐赠物资是瀚澜公司实践企业公民角色的具体行动。瀚澜今年营收过亿，瀚澜创始人赵一鸣表示，瀚澜会继续捐赠。"
    )
    assert not any(a.startswith("瀚澜公司实践") for f in got.values() for a in f.aliases)


COMPOUNDS = [
    (
        "a common character before a word (全 + 场景), though the greedy split takes 全场 first",
        "全场景",
        True,
    ),
    ("ordinary words and a class noun", "芯片公司", True),
    ("a proper dictionary word inside makes a name", "比特微", False),
]


@pytest.mark.parametrize(("description", "word", "generic"), COMPOUNDS, ids=[c[0] for c in COMPOUNDS])
def test_generic_compounds(description, word, generic):
    from bot import lexicon as lx

    assert lx.is_generic_compound(word) is generic, description


QUANTIFIED = [
    (
        "a 'person' the article counts (其他X, 更多的「X」, 另一间「X」) is a noun",
        "创办人赵一鸣表示不介意被归类为「蓝店」。店里亦与其他蓝店合作。他认为要更多的「蓝店」生存下去，"
        "并与另一间「蓝店」合作。赵一鸣说，生意不错。",
        {"蓝店": "person", "赵一鸣": "person"},
        {"赵一鸣"},
    ),
    (
        "a person introduced with 这位 stays a person (位 counts people only by their title)",
        "这位赵一鸣是工程师。大家都认识这位赵一鸣。赵一鸣说，生意不错。",
        {"赵一鸣": "person"},
        {"赵一鸣"},
    ),
]


@pytest.mark.parametrize(
    ("description", "text", "names", "after"), QUANTIFIED, ids=[c[0] for c in QUANTIFIED]
)
def test_quantified_people(description, text, names, after):
    from bot.extract import _quantified_people

    ctx = _context(text, names)
    _quantified_people(ctx)
    assert set(ctx.found) == after, description


PIECES = [
    (
        "a word the article writes before the same character nearly every time is a piece of a longer word",
        "港版星盟法下月实施。对于星盟法，商界很担心。星盟法之前，大家都观望。实施星盟法后，外资会走。星盟人员也来了。"
        "星盟法条文很宽，星盟法很严。",
        "星盟",
        {},
        True,
    ),
    (
        "a short form of a name found here (X|卡车) is no piece of a word",
        "星盟卡车今年营收过亿。星盟卡车的客户多是电商。星盟卡车上市了。星盟卡车创始人赵一鸣说，星盟会继续扩张。",
        "星盟",
        {"星盟卡车": "company"},
        False,
    ),
]


@pytest.mark.parametrize(
    ("description", "text", "name", "names", "piece"), PIECES, ids=[c[0] for c in PIECES]
)
def test_part_of_a_longer_word(description, text, name, names, piece):
    from bot.extract.orgs import _part_of_a_longer_word

    assert _part_of_a_longer_word(_context(text, names), name) is piece, description


FIRST_CHARACTER = [
    (
        "the same character before a name every time, once making no word with the one before (属品), is its first",
        "急冻食品生产商品澜公司于1997年收购晨光。目前晨光仍属品澜公司旗下。",
        {"澜公司": "company"},
        {"品澜公司"},
    ),
    (
        "a character that ends a word each time (深圳|比特微) is not the name's",
        "深圳比特微今年营收过亿。深圳比特微的客户遍布全球。",
        {"比特微": "company"},
        {"比特微"},
    ),
    (
        "a describing character (即X, 旧X) is not the name's",
        "最大的客户即星澜物流。去年，星澜物流贡献了三成营收，即星澜物流仍是第一。",
        {"星澜物流": "company"},
        {"星澜物流"},
    ),
]


@pytest.mark.parametrize(
    ("description", "text", "names", "after"), FIRST_CHARACTER, ids=[c[0] for c in FIRST_CHARACTER]
)
def test_first_character_cut_off(description, text, names, after):
    from bot.extract import _first_character_cut_off

    ctx = _context(text, names)
    _first_character_cut_off(ctx)
    assert set(ctx.found) == after, description
