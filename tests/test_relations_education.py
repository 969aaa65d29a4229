"""Education rule (bot/relations/education.py, values.education): school, major, degree, year; one
school under one name.

Cases are (description, sentence(s), entities, expected, forbidden): entities as the extractor
would find them (p person, c company, b brand, u university), so they check only what the relation
layer decides.
"""

from __future__ import annotations

import pytest

from bot.relations import values as vals
from tests.relations_helpers import article_profile, fields, profile


@pytest.mark.parametrize(
    "desc, sentence, entities, person, expected",
    [
        (
            "school, major and degree, spun 核算机 restored, the clause after dropped",
            "1983年生人的张楠赓，北京航空航天大学核算机系本科毕业后，在航天科工集团工作了几年。",
            {"张楠赓": "p"},
            "张楠赓",
            ["北京航空航天大学 · 计算机 · 本科"],
        ),
        (
            "a clause without a school adds its degree and year to the school before",
            "本科毕业的卢景深，拿到了康奈尔大学的录取通知书，并在2008年取得了计算机博士学位。",
            {"卢景深": "p"},
            "卢景深",
            ["康奈尔大学 · 计算机 · 博士（2008年）"],
        ),
        (
            "two schools in one clause, each with its major and degree",
            "邵宛伶先后在赣南师范大学物理系攻读理学学士学位和华南师范大学心理学硕士学位。",
            {"邵宛伶": "p"},
            "邵宛伶",
            ["赣南师范大学 · 物理 · 学士", "华南师范大学 · 心理学 · 硕士"],
        ),
        (
            "a department after the school is the school's",
            "早年毕业于扬州大学医学院临床医学专业。",
            {"彭书珩": "p"},
            None,
            [],
        ),
        (
            "a professor is not a student",
            "清华大学教授，博士生导师魏少军教授指出。",
            {"魏少军": "p"},
            "魏少军",
            [],
        ),
        (
            "an abbreviation and 学的还是",
            "因为杨作兴是90年代清华本硕博连读的“三清”博士，学的还是核物理。",
            {"杨作兴": "p"},
            "杨作兴",
            ["清华 · 核物理 · 本硕博连读/博士"],
        ),
    ],
)
def test_education(desc, sentence, entities, person, expected):
    flat, _ = profile(sentence, entities, corpus="计算机 计算机 研究生 研究生")
    if person is None:
        return
    assert fields(flat, person, "education") == set(expected), (desc, flat)


@pytest.mark.parametrize(
    "desc, clause, expected",
    [
        ("department as major", "早年毕业于扬州大学医学院临床医学专业", ("扬州大学", "临床医学")),
        ("的-department", "17岁就考入了湘潭大学的机械与汽车工程学院", ("湘潭大学", "机械与汽车工程学院")),
        ("country before the school", "从美国普渡大学取得博士学位后", ("普渡大学", "")),
        (
            "a university's short form before its school",
            "他毕业后选读星大的创意媒体学院学位课程",
            ("星大", "创意媒体学院"),
        ),
        (
            "an adjective ending in 大 is no university",
            "他毕业后考入最大的创意媒体学院",
            ("创意媒体学院", ""),
        ),
    ],
)
def test_school_names(desc, clause, expected):
    recs = vals.education(clause, lambda s: s)
    assert (recs[0]["school"], recs[0]["major"]) == expected, desc


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "a school with and without its country, and as a university's department: one line",
            [
                "1995年，乔慕白决定到西北大学凯洛格商学院攻读MBA，希望学成后能做一家公司的总经理。",
                "1997年底，乔慕白从美国凯洛格商学院MBA毕业并回国，加入了上海的一家外资银行。",
            ],
            {"乔慕白": "p", "西北大学": "u", "美国凯洛格商学院": "u"},
            [("education", "西北大学 · 凯洛格商学院 · MBA")],
            [("education", "凯洛格商学院 · MBA"), ("related", "美国凯洛格商学院"), ("related", "西北大学")],
        ),
        (
            "a major alone at a school with degree records adds no line; the abbreviation is no related entity",
            [
                "1983年生人的张楠赓，北京航空航天大学计算机系本科毕业后，后来回到北京航空航天大学读研究生、博士。",
                "重返北航的张楠赓继续自己的学术生涯，专修计算机体系结构。",
            ],
            {"张楠赓": "p", "北京航空航天大学": "u", "北航": "c"},
            [
                ("education", "北京航空航天大学 · 计算机 · 本科"),
                ("education", "北京航空航天大学 · 研究生/博士"),
            ],
            [
                ("education", "北京航空航天大学 · 计算机体系结构"),
                ("related", "北航"),
                ("related", "北京航空航天大学"),
            ],
        ),
    ],
)
def test_one_school_one_line(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    person = next(n for n, k in entities.items() if k == "p")
    got = flat[person]
    assert set(expected) <= got, (desc, got)
    assert not set(forbidden) & got, (desc, got)


@pytest.mark.parametrize(
    "desc, a, b, same",
    [
        ("abbreviation", "北航", "北京航空航天大学", True),
        ("with and without the country", "美国沃顿商学院", "沃顿商学院", True),
        ("a department of a university", "宾夕法尼亚大学沃顿商学院", "沃顿商学院", True),
        ("two universities", "清华大学", "北京大学", False),
        ("a different first character", "华东师范大学", "闽南师范大学", False),
    ],
)
def test_same_school(desc, a, b, same):
    from bot.relations.education import same_school

    assert same_school(a, b) is same, desc


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "拥有…学位: the school without the clause's subject and verb",
            "创始人孟凡拥有星河大学管理学院工商管理硕士学位，曾任青柚科技副总裁。",
            {"孟凡": "p", "青柚科技": "c"},
            [("孟凡", "education", "星河大学 · 工商管理")],
            [("孟凡", "education", "创始人")],
        ),
        (
            "a person's name run into a school's value: no school",
            "孟凡参加过星河师范学院的培训班。",
            {"孟凡": "p"},
            [],
            [("孟凡", "education", "孟凡")],
        ),
        (
            "a school named after a person stays a school",
            "孟凡少年时就读于宋岚中学。",
            {"孟凡": "p", "宋岚": "p"},
            [("孟凡", "education", "宋岚中学")],
            [],
        ),
        (
            "后来他去X大学深造: the pronoun and the verb are no part of the school's name",
            "孟凡毕业于星河工业大学电机系，后来他去青禾大学深造，拿到法学博士学位。",
            {"孟凡": "p"},
            [("孟凡", "education", "青禾大学 · 法学 · 博士"), ("孟凡", "education", "星河工业大学")],
            [("孟凡", "education", "后来"), ("孟凡", "education", "他去")],
        ),
        (
            "a school in a condition (若考入…) is no school studied; a pronoun before 大学 leaves no name",
            "基金会资助孟凡两年生活费，若考入海外知名大学，还会承担她大学全部学费。",
            {"孟凡": "p"},
            [],
            [("孟凡", "education", "海外知名大学"), ("孟凡", "education", "还会承担她大学")],
        ),
    ],
)
def test_school_values_never_hold_a_clause(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    got = fields(flat, "孟凡", "education")
    for _name, _field, text in expected:
        assert any(v.startswith(text) for v in got), (desc, flat)
    for _name, _field, text in forbidden:
        assert not any(v.startswith(text) for v in got), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, refs, expected, forbidden",
    [
        (
            "no one studies at the first school: a later school goes to its own clause's agent",
            "初中毕业以后，那年星河中学有许多同学都选择到日本升学，孟凡的家人决定送他到日本读书，"
            "他念完语言班半年，就选择了清源大学新闻系。",
            [],
            {"清源大学 · 新闻"},
            {"星河中学"},
        ),
        (
            "a time word before 中学 in a quote's figure of speech is no school's name",
            "他说：“原本中学系全级最后，读完大专变第一，毕业后才读到大学。”",
            ["孟凡"],
            set(),
            {"原本中学"},
        ),
        (
            "当时中学毕业: a stage of life, not a school; the named school stays",
            "当时中学毕业后，他考入了清源大学新闻系。",
            ["孟凡"],
            {"清源大学 · 新闻"},
            {"当时中学"},
        ),
        (
            "another school (另一间…中学) is no school's name",
            "她后来自己决定转到另一间英文中学。",
            ["孟凡"],
            set(),
            {"另一间英文中学"},
        ),
    ],
)
def test_schools_of_later_clauses_and_unnamed_schools(desc, sentence, refs, expected, forbidden):
    flat, _ = profile(sentence, {"孟凡": "p", "清源大学": "u"}, refs=refs)
    got = fields(flat, "孟凡", "education")
    assert expected <= got, (desc, flat)
    assert not (forbidden & got), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "schools first, then the one person a 的 describes: that person studied there",
            "拥有台大与史丹佛电机工程硕士学位，却一直热爱古典音乐的孟凡，对钢琴更是情有独钟。",
            {"孟凡": "p", "史丹佛": "p"},
            [("孟凡", "education", "台大"), ("孟凡", "education", "史丹佛 · 电机工程 · 硕士")],
            [("史丹佛", "education", "台大")],
        ),
        (
            "two people after the schools: which one is not said",
            "拥有台大硕士学位的宋岚，和同样优秀的孟凡，一起创业。",
            {"孟凡": "p", "宋岚": "p"},
            [("宋岚", "education", "台大 · 硕士")],
            [("孟凡", "education", "台大")],
        ),
    ],
)
def test_schools_before_a_described_subject(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert text in fields(flat, name, field), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


@pytest.mark.parametrize(
    "desc, clause, expected",
    [
        ("在 + Latin capitals + 毕业", "他在IVE毕业后选读星大的创意媒体学院", ["IVE", "星大"]),
        ("从 + Latin capitals + a degree + 毕业", "她从MIT硕士毕业后去了星河", ["MIT"]),
        ("毕业于 + Latin capitals", "他毕业于HKU，后来创业", ["HKU"]),
        ("working somewhere is no school", "他在Google工作了三年", []),
        ("在 + Latin capitals without a graduation verb", "他在IVE读书时认识了太太", []),
        ("Latin letters inside a longer word after 毕业于", "他毕业于HKUST", ["HKUST"]),
    ],
)
def test_latin_school_names_by_the_graduation_verb(desc, clause, expected):
    assert [r["school"] for r in vals.education(clause, lambda s: s)] == expected, desc


def test_a_latin_school_reaches_the_profile():
    flat, _ = profile("阿明在IVE毕业后选读星大的创意媒体学院学位课程。", {"阿明": "p"})
    assert {"IVE", "星大 · 创意媒体学院"} <= fields(flat, "阿明", "education")
