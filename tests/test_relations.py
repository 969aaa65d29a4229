"""Relation rules across relations: the development set's shapes, born, spun words, the cue files.
One module per relation holds its own cases (tests/test_relations_<relation>.py).

The sentences are the shapes quoted in issue 10 (with made-up names) and sentences from the seeds and
the development set. Entities are given as the extractor would find them, so these tests check only
what the relation layer decides.
"""

from __future__ import annotations

import pytest

from bot.relations import values as vals
from tests.relations_helpers import fields, has, profile


def test_born_year_and_place_of_the_subject():
    flat, _ = profile("1983年生人的张楠赓，出生于知识分子家庭，是地地道道的北京人。", {"张楠赓": "p"})
    assert {"1983年", "北京"} <= fields(flat, "张楠赓", "born")


@pytest.mark.parametrize(
    "desc, corpus, value, expected",
    [
        ("the common word is what the corpus uses", "计算机 计算机 核算机", "核算机系", "计算机系"),
        (
            "the spun word is what the corpus uses: kept",
            "技能 技能 技术",
            "信息技能有限公司",
            "信息技能有限公司",
        ),
        (
            "several words",
            "研究生 研究生 研讨生 知识分子 知识分子 常识分子",
            "研讨生常识分子",
            "研究生知识分子",
        ),
    ],
)
def test_spinner_restored_only_where_the_corpus_agrees(desc, corpus, value, expected):
    assert vals.Restorer([corpus])(value) == expected, desc


def test_cue_files_load_once_and_hold_entries():
    from importlib import resources

    from bot.relations import cues

    files = [
        p.name[:-4]
        for p in resources.files("bot").joinpath("data", "relations").iterdir()
        if p.name.endswith(".txt") and p.name not in ("patterns.txt", "markers.txt", "display.txt")
    ]  # word lists (the NAME = … files are tested in test_relations_grammar.py)
    assert {"found_verbs", "failure", "planned", "past_role", "exchanges", "spinner", "captions"} <= set(
        files
    )
    for name in files:
        assert cues.words(name), name
        assert cues.words(name) is cues.words(name)  # read once
    assert cues.pairs("spinner")["核算机"] == "计算机"
    assert not any(" " in w or "#" in w for name in files for w in cues.pairs(name))


# ---- shapes of the development set's missing profile lines (issue 10), with made-up look-alikes ------
@pytest.mark.parametrize(
    "desc, sentence, entities, refs, expected, forbidden",
    [
        (
            "由 + appositive chain: the founder is the chain's head before 夫妇, not the father nor his company",
            "澄丰国际由岚鹿堂创办人温启荣长子温嘉朗夫妇创办，于2016年上市，温嘉朗儿子温致衡为该公司行政总裁，是家族企业。",
            {"澄丰国际": "c", "岚鹿堂": "c", "温启荣": "p", "温嘉朗": "p", "温致衡": "p"},
            [],
            [
                ("温嘉朗", "founded", "澄丰国际"),
                ("澄丰国际", "founders", "温嘉朗"),
                ("温致衡", "roles", "澄丰国际 行政总裁"),
                ("澄丰国际", "leaders", "温致衡（行政总裁）"),
            ],
            [
                ("温启荣", "founded", "澄丰国际"),
                ("澄丰国际", "founders", "温启荣"),
                ("温嘉朗", "founded", "岚鹿堂"),
                ("温嘉朗", "roles", "澄丰国际"),
                ("温启荣", "roles", "澄丰国际"),
                ("澄丰国际", "founded", "2016"),  # 于2016年上市 is the listing, not the founding
            ],
        ),
        (
            "由 + chain with a date before 由 and 兄弟 after the head",
            "星光光电于2009年由恒远集团董事长李明之子李强兄弟创立。",
            {"星光光电": "c", "恒远集团": "c", "李明": "p", "李强": "p"},
            [],
            [("李强", "founded", "星光光电（2009年）"), ("星光光电", "founders", "李强")],
            [("李明", "founded", "星光光电"), ("李强", "founded", "恒远集团")],
        ),
        (
            "由 + chain whose verb is not a founding: nothing founded",
            "星光光电由恒远集团创办人李明之子李强负责管理。",
            {"星光光电": "c", "恒远集团": "c", "李明": "p", "李强": "p"},
            [],
            [],
            [("李强", "founded", "星光光电"), ("李明", "founded", "星光光电")],
        ),
        (
            "由 + scholar with 教授 before the verb founds the company after 的; 最早 is an adverb",
            "由麻省理工学院材料界专家彭书珩教授创办的电池公司Nexolyte最早由香港澄泓电力集团主席许澄川博士出资支持。",
            {"麻省理工学院": "u", "彭书珩": "p", "Nexolyte": "c", "香港澄泓电力": "c", "许澄川": "p"},
            [],
            [
                ("彭书珩", "founded", "Nexolyte"),
                ("Nexolyte", "founders", "彭书珩"),
                ("彭书珩", "roles", "麻省理工学院 教授"),
            ],
            [
                ("许澄川", "founded", "Nexolyte"),
                ("麻省理工学院", "leaders", "彭书珩"),
                ("彭书珩", "founded", "麻省理工学院"),
            ],
        ),
        (
            "注册了 + company with a pronoun subject after a time lead founds it, dated by the lead",
            "于是在2004年，她拿出全部的600万元积蓄注册了澜启翔通通信设备公司，专门生产路由器。",
            {"祁婉芸": "p", "澜启翔通通信": "c"},
            ["祁婉芸"],
            [
                ("祁婉芸", "founded", "澜启翔通通信（2004年）"),
                ("澜启翔通通信", "founders", "祁婉芸"),
                ("澜启翔通通信", "founded", "2004年"),
            ],
            [],
        ),
        (
            "由A和B共同创办: both founded the organisation named before 由",
            "星光光电由张三和李四共同创办，总部位于杭州。",
            {"星光光电": "c", "张三": "p", "李四": "p"},
            [],
            [("星光光电", "founders", "张三"), ("星光光电", "founders", "李四")],
            [],
        ),
        (
            "a pronoun opening a clause is the one the sentence continues, not her husband",
            "2002年，她的丈夫注册了星光光电。",
            {"王芳": "p", "星光光电": "c"},
            ["王芳"],
            [],
            [("王芳", "founded", "星光光电")],
        ),
        (
            "他 opening a later clause continues the person the sentence names",
            "张三毕业于清源大学，他随后创办了星光光电。",
            {"张三": "p", "清源大学": "u", "星光光电": "c"},
            [],
            [("张三", "founded", "星光光电"), ("张三", "education", "清源大学")],
            [],
        ),
        (
            "a second pronoun of the other gender is someone else",
            "2002年，她注册了星光光电，他则创办了恒远集团。",
            {"王芳": "p", "星光光电": "c", "恒远集团": "c"},
            ["王芳"],
            [("王芳", "founded", "星光光电（2002年）")],
            [("王芳", "founded", "恒远集团")],
        ),
        (
            "the year of the company a subsidiary belongs to is not the subsidiary's",
            "星光光电是2018年成立的恒远集团的子公司。",
            {"星光光电": "c", "恒远集团": "c"},
            [],
            [],
            [("星光光电", "founded", "2018")],
        ),
        (
            "a professor who graduated from a university need not teach there",
            "毕业于清华大学的张三教授创办了星光光电。",
            {"清华大学": "u", "张三": "p", "星光光电": "c"},
            [],
            [("张三", "founded", "星光光电"), ("张三", "education", "清华大学")],
            [("张三", "roles", "清华大学")],
        ),
        (
            "registering a trade mark founds nothing",
            "2007年，她为公司注册了岚语商标。",
            {"祁婉芸": "p", "岚语": "b"},
            ["祁婉芸"],
            [],
            [("祁婉芸", "founded", "岚语"), ("岚语", "founders", "祁婉芸")],
        ),
        (
            "a plural pronoun is not the one person it follows",
            "2010年，他们注册了星光光电。",
            {"张三": "p", "星光光电": "c"},
            ["张三"],
            [],
            [("张三", "founded", "星光光电")],
        ),
        (
            "是一家YYYY年成立的…公司: the company's founding year",
            "Lumivo Games是一家2019年成立的独立游戏开发公司，现在一共有21名员工。",
            {"Lumivo Games": "c"},
            [],
            [("Lumivo Games", "founded", "2019年")],
            [],
        ),
        (
            "不是…成立的 is no founding year",
            "星光光电不是一家2018年成立的公司。",
            {"星光光电": "c"},
            [],
            [],
            [("星光光电", "founded", "2018")],
        ),
        (
            "现为该公司TITLE with one organisation named before: a current role there",
            "张三2015年加入星光光电，现为该公司CTO。",
            {"张三": "p", "星光光电": "c"},
            [],
            [("张三", "roles", "星光光电 CTO"), ("星光光电", "leaders", "张三（CTO）")],
            [],
        ),
        (
            "该公司 after two organisations and a person subject is ambiguous: no role",
            "张三离开恒远集团后加入星光光电，现为该公司CTO。",
            {"张三": "p", "恒远集团": "c", "星光光电": "c"},
            [],
            [],
            [("张三", "roles", "星光光电 CTO"), ("张三", "roles", "恒远集团 CTO")],
        ),
        (
            "认为该公司CEO is an opinion, not a role",
            "星光光电上市后，张三认为该公司CEO应当辞职。",
            {"张三": "p", "星光光电": "c"},
            [],
            [],
            [("张三", "roles", "星光光电 CEO")],
        ),
        (
            "a list of titles between the university and the scholar (seed 003)",
            "在2021年ICCAD上，清华大学教授，博士生导师魏少军教授指出，在2810家芯片设计企业中，仅有32家企业的人数超过1000人。",
            {"清华大学": "u", "魏少军": "p"},
            [],
            [("魏少军", "roles", "清华大学 教授")],
            [("清华大学", "leaders", "魏少军"), ("魏少军", "education", "清华大学")],
        ),
        (
            "a university that invites a professor does not employ him by that",
            "清华大学邀请了张三教授。",
            {"清华大学": "u", "张三": "p"},
            [],
            [],
            [("张三", "roles", "清华大学")],
        ),
        (
            "a scholar's description run into a school's name is no organisation",
            "材料界著名学者麻省理工学院彭书珩教授研制出了一种新电池。",
            {"材料界著名学者麻省理工学院": "u", "彭书珩": "p"},
            [],
            [],
            [
                ("彭书珩", "roles", "材料界著名学者麻省理工学院"),
                ("彭书珩", "related", "材料界著名学者麻省理工学院"),
            ],
        ),
        (
            "the subject of the main clause after a 毕业后 clause studied there (seed 004)",
            "但鲜为人知的是，北航计算机本科毕业后，张楠赓有过一段在事业单位做“螺丝钉”的时光。",
            {"北航": "u", "张楠赓": "p"},
            [],
            [("张楠赓", "education", "北航 · 计算机 · 本科")],
            [],
        ),
        (
            "the teacher named after a school in the next clause did not study there",
            "他毕业于清华大学，师从张三教授。",
            {"清华大学": "u", "张三": "p"},
            [],
            [],
            [("张三", "education", "清华大学")],
        ),
    ],
)
def test_dev_set_shapes(desc, sentence, entities, refs, expected, forbidden):
    flat, _ = profile(sentence, entities, ctx_year=2013, refs=refs)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


def test_related_does_not_repeat_an_entity_shown_in_another_line():
    from bot.answer import _shown_elsewhere

    prof = {
        "aliases": [{"value": "澜总", "entity": None}],
        "founded": [{"value": "澜讯", "entity": 7}],
        "roles": [{"value": "澜讯 创办人", "entity": 7}],
        "related": [{"value": "澜思", "entity": 9}],
    }
    assert _shown_elsewhere(prof) == {7}


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        ("a pronoun headed by an age", "2018年，当时45岁的她辞去了星河的职务。", True),
        ("a pronoun headed by a birth year", "生于1990年的他，自称是九零后。", True),
        ("the plain pronoun still", "后来他回到了杭州。", True),
        ("他们 are others", "公司的他们都很忙。", False),
    ],
)
def test_a_pronoun_headed_by_a_description_continues_the_person(desc, sentence, expected):
    from bot.extract import coref
    from bot.relations import grammar as g

    assert coref.continues_person(sentence) is expected, desc
    assert bool(g.PRONOUN_START.match(sentence)) is expected, desc


@pytest.mark.parametrize(
    "desc, sentence, refs, expected, forbidden",
    [
        (
            "这家公司 after the company she left: 公司 is the one she founded, not the one named",
            "2016年，时年44岁的她辞去星河通信CTO一职，创办了这家公司，现任公司创始人兼董事长。",
            ["孟岚"],
            [],
            [("孟岚", "roles", "星河通信 创始人")],
        ),
    ],
)
def test_a_bare_company_after_this_company_is_not_the_one_named(desc, sentence, refs, expected, forbidden):
    flat, _ = profile(sentence, {"星河通信": "c", "孟岚": "p"}, refs=refs)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, a, b, same",
    [
        ("a school written with two class words", "星河书院", "星河学院", True),
        ("a short name and the name with its trade", "青禾", "青禾教育", True),
        ("a short name and the group", "青禾", "青禾集团有限公司", True),
        ("a unit of the company is something else", "青禾", "青禾音乐", False),
        ("two names that only share a class word", "星河学院", "青禾学院", False),
        ("a name is never cut below two characters", "星学院", "星", False),
    ],
)
def test_one_thing_written_two_ways_is_not_related_to_itself(desc, a, b, same):
    from bot.answer import _name_core

    assert (_name_core(a) == _name_core(b)) is same, (desc, _name_core(a), _name_core(b))


@pytest.mark.parametrize(
    "desc, name, own, made",
    [
        ("the card's alias and one more character", "星河日", {"星河", "星河证券"}, True),
        ("two more characters name something else", "星河资本", {"星河"}, False),
        ("another name", "青禾日", {"星河"}, False),
    ],
)
def test_a_word_made_from_the_cards_own_name_is_not_related(desc, name, own, made):
    from bot.answer import _made_from

    assert _made_from(name, own) is made, desc
