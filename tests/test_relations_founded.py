"""Founding rules (bot/relations/founded.py, questions.py): who founded what, and when an organisation
was founded.

Cases are (description, sentence(s), entities, expected, forbidden): entities as the extractor
would find them (p person, c company, b brand, u university), so they check only what the relation
layer decides.
"""

from __future__ import annotations

import pytest

from tests.relations_helpers import article_profile, fields, has, profile


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "classmates at a school found nothing",
            "张三和李四均毕业于清源大学少年班。",
            {"张三": "p", "李四": "p", "清源大学": "u"},
            [("张三", "education", "清源大学")],
            [("张三", "founded", "清源大学"), ("李四", "founded", "清源大学")],
        ),
        (
            "the founder who invites someone is not founding the company the other joins",
            "恒远集团创办人李明在2011年邀请王强出任星光光电CEO。",
            {"恒远集团": "c", "李明": "p", "王强": "p", "星光光电": "c"},
            [("李明", "founded", "恒远集团"), ("王强", "roles", "星光光电 CEO（曾任）")],
            [
                ("王强", "founded", "星光光电"),
                ("王强", "founded", "恒远集团"),
                ("李明", "roles", "星光光电 CEO"),
            ],
        ),
        (
            "a listing application that failed is no listing",
            "2018年，星光光电向港交所递交了上市申请，但最终被否。",
            {"星光光电": "c"},
            [],
            [("星光光电", "listing", "港交所")],
        ),
        (
            "a company's founding verb with a school after it founds no school",
            "张三毕业于清源大学后创立了星光光电。",
            {"张三": "p", "清源大学": "u", "星光光电": "c"},
            [("张三", "founded", "星光光电")],
            [("张三", "founded", "清源大学")],
        ),
        (
            "a negated founding is none",
            "李明未能创立星光光电。",
            {"李明": "p", "星光光电": "c"},
            [],
            [("李明", "founded", "星光光电")],
        ),
        (
            "co-founders joined by 和好友 both founded it, with the date of the clause before",
            "同年4月，张楠赓和好友李佳轩共出资10万元在北京创立嘉楠科技，决定做区块链芯片。",
            {"张楠赓": "p", "李佳轩": "p", "嘉楠科技": "c"},
            [
                ("张楠赓", "founded", "嘉楠科技（2013年4月，与李佳轩）"),
                ("李佳轩", "founded", "嘉楠科技（2013年4月，与张楠赓）"),
                ("嘉楠科技", "founded", "2013年4月"),
            ],
            [],
        ),
        (
            "passive founding: 由PERSON创立于YEAR",
            "翎心医疗是一家从事骨科领域产品研发与生产的企业，由韩闻远创立于2017年。",
            {"翎心医疗": "c", "韩闻远": "p"},
            [("韩闻远", "founded", "翎心医疗（2017年）"), ("翎心医疗", "founders", "韩闻远")],
            [],
        ),
        (
            "并创办了: the person named before goes on, the sentence's opening year dates it",
            "2011年，当岚语还在艰难求生时，45岁的祁婉芸已经将目光转向了新的领域，并创办了翎捷创芯。",
            {"岚语": "c", "祁婉芸": "p", "翎捷创芯": "c"},
            [("祁婉芸", "founded", "翎捷创芯（2011年）")],
            [("祁婉芸", "founded", "岚语")],
        ),
        (
            "an investor's support is not a founding (出资支持)",
            "电池公司Nexolyte最早由电力集团主席许澄川博士出资支持。",
            {"Nexolyte": "c", "许澄川": "p"},
            [],
            [("许澄川", "founded", "Nexolyte"), ("Nexolyte", "founders", "许澄川")],
        ),
        (
            "the supporter named in 在…支持下 did not found what an unknown professor created",
            "值得一提的是，在许澄川博士的大力支持下，彭书珩教授从无到有创建了Nexolyte这家储能创新企业。",
            {"许澄川": "p", "Nexolyte": "c"},
            [],
            [("许澄川", "founded", "Nexolyte")],
        ),
        (
            "a company named as a superlative modifier is not what was founded",
            "邱明川又联合创立了全美最大的社区广告公司KVX，并于2012年在纳斯达克上市。",
            {"邱明川": "p", "全美": "c"},
            [],
            [("邱明川", "founded", "全美"), ("全美", "listing", "纳斯达克 · 2012年")],
        ),
        (
            "founding a predecessor is not founding the company",
            "2013年便在合肥创办LUMORA的前身Lumorahome，仅用两年时间就达到了8万注册用户。",
            {"LUMORA": "c", "苗启川": "p"},
            [],
            [("苗启川", "founded", "")],
        ),
    ],
)
def test_founded(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities, ctx_year=2013)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        (
            "the short name inside a quoted legal name, 在YYYY年成立",
            "据彭博社报道，「Velmora Trading Pte. LTD.」在2020年成立，股权变更手续在今年年初完成。",
            {"2020年"},
        ),
        (
            "在YYYY年成立了 something else founds that, not the company",
            "Velmora在2020年成立了研究院。",
            set(),
        ),
    ],
)
def test_founding_year_after_a_legal_name(desc, sentence, expected):
    flat, _ = profile(sentence, {"Velmora": "c", "彭博社": "c"})
    assert fields(flat, "Velmora", "founded") == expected, (desc, flat)


@pytest.mark.parametrize(
    "desc, canon, expected",
    [
        (
            "background stated before the question",
            "我看资料澜思是2006年成立的，经过这么多年积累，在不少方面已经有自己的技术。",
            True,
        ),
        ("a question mark", "澜思是2006年成立的？", False),
        ("a question particle", "澜思是2006年成立的吗", False),
        ("an interrogative word", "澜思是哪一年成立的", False),
        ("是不是", "澜思是不是2006年成立的", False),
    ],
)
def test_question_turn_statements(desc, canon, expected):
    from bot.relations.questions import declarative

    assert declarative(canon) is expected, desc


QA_ARTICLE = """星光光电创始人张三接受本报专访

星光光电创始人张三日前接受了本报记者的专访。
问：我看资料星光光电是2004年成立的，经过这么多年积累，已经有了自己的技术。您怎么看待现在的竞争？
答：星光光电一直专注做芯片，竞争对我们是好事。
问：有人说星光光电是2005年成立的吗？
答：这个不重要，重要的是我们一直在做。
问：您觉得未来五年会怎样？
答：星光光电会继续投入研发。
"""


def test_a_founding_year_stated_in_a_question_turn_reaches_the_profile(tmp_path):
    """Questions are never facts, but the interviewer's declarative background gives the founding year;
    a founding year asked about (吗) gives none."""
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.render import to_json
    from bot.store.index import Index

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "qa.txt").write_text(QA_ARTICLE, encoding="utf-8")
    build_index([tmp_path / "a"], tmp_path / "i.sqlite")
    a = to_json(answer_line(Index(tmp_path / "i.sqlite"), "/company 星光光电"))
    assert a["status"] == "found"
    founded = a["profile"].get("founded", [])
    assert [v["year"] for v in founded] == [2004], founded
    assert founded[0]["sources"]  # cited by its article
    assert "2004年成立" not in " ".join(f["text"] for f in a["facts"])  # the question is still no fact


@pytest.mark.parametrize(
    "desc, sentences, refs, expected, forbidden",
    [
        (
            "自…成立以来 after the organisation's name",
            ["作为国内储能的先行者，青柚能源自2012年创立以来，便受到资本追捧。"],
            {},
            [("青柚能源", "founded", "2012年")],
            [],
        ),
        (
            "a sentence opening with 从…成立以来 is about the organisation right after its comma",
            ["从2012年成立以来，青柚能源自主研发了三代储能系统。"],
            {},
            [("青柚能源", "founded", "2012年")],
            [],
        ),
        (
            "自…成立后 opening the sentence, the month kept",
            ["自2012年3月正式成立后，青柚能源完成了五轮融资。"],
            {},
            [("青柚能源", "founded", "2012年3月")],
            [],
        ),
        (
            "an opening since-clause whose subject is a bare 公司 or something before the name gives the name nothing",
            ["从2012年成立以来，公司与青柚能源合作了三次。"],
            {},
            [],
            [("青柚能源", "founded", "2012")],
        ),
        (
            "自…成立 of something else is not the organisation's",
            ["青柚能源自2012年成立研发中心以来，申请了多项专利。"],
            {},
            [],
            [("青柚能源", "founded", "2012")],
        ),
        (
            "公司自…成立至今 after a comma may be another company named between: not taken",
            ["资料显示，青柚能源的运营主体为“杭州青柚科技有限公司”，公司自2015年成立至今已拿到4轮融资。"],
            {},
            [],
            [("青柚能源", "founded", "2015")],
        ),
        (
            "公司于… without a founding verb is not a founding",
            ["青柚能源是一家储能公司。", "公司于2016年推出首款产品。"],
            {1: ["青柚能源"]},
            [],
            [("青柚能源", "founded", "2016")],
        ),
    ],
)
def test_founding_dates_since_and_after_a_bare_company(desc, sentences, refs, expected, forbidden):
    flat = article_profile(sentences, {"青柚能源": "c"}, refs=refs)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "A与B (with a short description of B) founded it: both are founders",
            "2016年，孟凡与大学室友宋岚在杭州创办了储能公司青柚能源。",
            {"孟凡": "p", "宋岚": "p", "青柚能源": "c"},
            [
                ("孟凡", "founded", "青柚能源（2016年，与宋岚）"),
                ("青柚能源", "founders", "孟凡"),
                ("青柚能源", "founders", "宋岚"),
            ],
            [],
        ),
        (
            "a verb between the two names is no conjunction",
            "孟凡同意宋岚创办青柚能源。",
            {"孟凡": "p", "宋岚": "p", "青柚能源": "c"},
            [("宋岚", "founded", "青柚能源")],
            [("孟凡", "founded", "青柚能源")],
        ),
        (
            "founding a unit of an organisation is not founding the organisation",
            "孟凡曾任星河半导体高级总监，并参与成立星河半导体华南研发中心。",
            {"孟凡": "p", "星河半导体": "c"},
            [],
            [("星河半导体", "founders", "")],
        ),
        (
            "the organisation followed by 这家… is the one founded",
            "孟凡从零创建了青柚能源这家储能企业。",
            {"孟凡": "p", "青柚能源": "c"},
            [("孟凡", "founded", "青柚能源")],
            [],
        ),
    ],
)
def test_founders_joined_and_units(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        ("a quoted name, then 成立于", "「青柚能源」成立于2019年11月，是一家储能公司。", {"2019年11月"}),
        ("a quoted name, then 创立于", "「青柚能源」创立于2018年，总部位于深圳。", {"2018年"}),
        ("a quoted name, then 于…推出: no founding", "「青柚能源」于2018年推出首款产品。", set()),
    ],
)
def test_founding_date_after_a_quoted_name(desc, sentence, expected):
    flat, _ = profile(sentence, {"青柚能源": "c"})
    assert fields(flat, "青柚能源", "founded") == expected, (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        ("spaces around the year", "青柚能源成立于 2014 年，是一家储能公司。", {"2014年"}),
        ("spaces around year and month", "青柚能源成立于 2014 年 5 月。", {"2014年5月"}),
    ],
)
def test_founding_date_written_with_spaces(desc, sentence, expected):
    flat, _ = profile(sentence, {"青柚能源": "c"})
    assert fields(flat, "青柚能源", "founded") == expected, (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a dated founding whose founder the extractor missed still dates the organisation",
            "2007年创立青柚集团，更一度是三家上市公司的大股东。",
            {"青柚集团": "c"},
            [("青柚集团", "founded", "2007年")],
            [],
        ),
        (
            "the organisation in quotes after the verb, a pronoun as the unknown founder",
            "2015年，他和合伙人创立“青柚”，一次喝茶时想到了新的方向。",
            {"青柚": "c"},
            [("青柚", "founded", "2015年")],
            [],
        ),
        (
            "a class noun before the object's name, a Hong Kong founding verb (自组公司X)",
            "他当年亦看准网购兴起，于2007年与朋友自组公司Starriver，替商户设计网页。",
            {"Starriver": "c"},
            [("Starriver", "founded", "2007年")],
            [],
        ),
        (
            "a class noun then a unit of the organisation dates nothing",
            "2019年成立公司青柚集团华南研发中心。",
            {"青柚集团": "c"},
            [],
            [("青柚集团", "founded", "")],
        ),
        (
            "an undated founding gives no date",
            "他和合伙人创立了青柚集团。",
            {"青柚集团": "c"},
            [],
            [("青柚集团", "founded", "")],
        ),
        (
            "a relative clause before the object is not the founding of the organisation",
            "2007年他加入了创立不久的青柚集团。",
            {"青柚集团": "c"},
            [],
            [("青柚集团", "founded", "")],
        ),
        (
            "a unit founded in a dated clause does not date the organisation",
            "2019年成立青柚集团华南研发中心。",
            {"青柚集团": "c"},
            [],
            [("青柚集团", "founded", "")],
        ),
        (
            "a registered trademark dates nothing",
            "2010年注册了青柚商标。",
            {"青柚": "b"},
            [],
            [("青柚", "founded", "")],
        ),
        (
            "成立于DATE right before the name, its 的 left out",
            "成立于2007年青柚教育，近年收购了多家补习社。",
            {"青柚教育": "c"},
            [("青柚教育", "founded", "2007年")],
            [],
        ),
        (
            "a first shop opened under its own name is the founding, with its founders",
            "1996年，孟凡与丈夫宋岚在重庆开出了第一家“青柚鸡”。",
            {"孟凡": "p", "宋岚": "p", "青柚鸡": "b"},
            [("青柚鸡", "founded", "1996年"), ("青柚鸡", "founders", "孟凡"), ("青柚鸡", "founders", "宋岚")],
            [],
        ),
        (
            "a shop opened under a quoted name dates it",
            "于是，他决定于1994年开设「青柚滩」，售卖高级服装。",
            {"青柚滩": "b"},
            [("青柚滩", "founded", "1994年")],
            [],
        ),
        (
            "the first store of an existing brand is no founding",
            "2019年1月，青柚日记开始做线下，在广州开了第一家青柚日记实体门店。",
            {"青柚日记": "b"},
            [],
            [("青柚日记", "founded", "")],
        ),
        (
            "making a list public is no shop",
            "2019年，监管部门公开「青柚」的处罚决定。",
            {"青柚": "b"},
            [],
            [("青柚", "founded", "")],
        ),
    ],
)
def test_founding_stories_and_dated_objects(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentences, entities, refs, expected, forbidden",
    [
        (
            "a subjectless dated founding goes on with the one person the sentence before is about",
            ["2002年行业放开，张三再次抓住了机会。", "2007年创立星河集团，后来还成了几家上市公司的股东。"],
            {"张三": "p", "星河集团": "c"},
            {},
            [("张三", "founded", "星河集团（2007年）"), ("星河集团", "founders", "张三")],
            [],
        ),
        (
            "a bare 他 with partners, someone else named only after the verb",
            [
                "今年是张三做年度讲座的第八年。",
                "2015年，他和合伙人创立“星河”，一次和友人李四喝茶时谈到了新的方向。",
            ],
            {"张三": "p", "李四": "p", "星河": "c"},
            {},
            [("张三", "founded", "星河（2015年）")],
            [("李四", "founded", "")],
        ),
        (
            "two people in the sentence before: no one is carried",
            ["张三和李四是大学同学。", "2007年创立星河集团。"],
            {"张三": "p", "李四": "p", "星河集团": "c"},
            {},
            [("星河集团", "founded", "2007年")],
            [("张三", "founded", ""), ("李四", "founded", "")],
        ),
        (
            "a relative clause (成立仅5年的X) founds nothing for the person before",
            ["张三是矿机行业的老兵。", "成立仅仅5年的星河集团将登陆港股。"],
            {"张三": "p", "星河集团": "c"},
            {},
            [],
            [("张三", "founded", "")],
        ),
        (
            "an organisation named before the verb is its subject",
            ["张三是矿机行业的老兵。", "2019年，星河集团创立了青柚科技。"],
            {"张三": "p", "星河集团": "c", "青柚科技": "c"},
            {},
            [],
            [("张三", "founded", "")],
        ),
        (
            "a place phrase before the verb is no subject: the pronoun's person founds it",
            ["于是硕士毕业后，他和同学凑了些钱，在东莞一间旧厂房里成立星河创新公司。"],
            {"张三": "p", "星河创新公司": "c"},
            {0: ["张三"]},
            [("张三", "founded", "星河创新公司")],
            [],
        ),
    ],
)
def test_founders_carried_from_context(desc, sentences, entities, refs, expected, forbidden):
    flat = article_profile(sentences, entities, refs)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, expected, forbidden",
    [
        (
            "创始人为 + a long description + the person at the clause's end",
            "青禾生物成立于2015年，创始人为星河研究院首任院长、清源大学药学院教授，知名病毒学家孟凡院士。",
            [("孟凡", "founded", "青禾生物"), ("青禾生物", "founders", "孟凡")],
            [],
        ),
        (
            "two people after the title: which one is not clear",
            "青禾生物成立于2015年，创始人为孟凡和宋岚。",
            [],
            [("青禾生物", "founders", "")],
        ),
        (
            "the person does not end the clause: something else is said of them",
            "青禾生物成立于2015年，创始人为孟凡的学生宋岚。",
            [],
            [("青禾生物", "founders", "孟凡")],
        ),
        (
            "a person's sentence: the title is theirs to tell, not a company's",
            "孟凡说，创始人是宋岚。",
            [],
            [("孟凡", "founded", "")],
        ),
    ],
)
def test_founder_at_the_end_of_a_description(desc, sentence, expected, forbidden):
    flat, _ = profile(sentence, {"青禾生物": "c", "孟凡": "p", "宋岚": "p", "清源大学": "u"})
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected",
    [
        (
            "PERSON是 + a longer description with letters + ORG的创办人之一",
            "孟凡（阿凡）是动画及CG（Computer Graphics）制作公司Qingyu Studio的创办人之一。",
            {"孟凡": "p", "Qingyu Studio": "c"},
            [("孟凡", "founded", "Qingyu Studio")],
        ),
        (
            "a founder's title, more epithets of the same person, then 的 and the name",
            "本地糕点品牌「星河码头」创办人、人称「月饼女王」、「阿秀姐」的孟凡逝世，享年81岁。",
            {"孟凡": "p", "星河码头": "b"},
            [("孟凡", "founded", "星河码头"), ("星河码头", "founders", "孟凡")],
        ),
        (
            "a publication's founder after its title marks",
            "记者向《星河毛》创办人孟凡询问该刊是否打算上市。",
            {"孟凡": "p", "星河毛": "b"},
            [("孟凡", "founded", "星河毛"), ("孟凡", "roles", "星河毛 创办人")],
        ),
    ],
)
def test_founders_behind_descriptions_and_title_marks(desc, sentence, entities, expected):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, forbidden",
    [
        (
            "a kinship noun after a name: the relative founds, not the one named",
            "星河前副主席孟凡侄女创办青禾地产，位列全国百强。",
            {"孟凡": "p", "青禾地产": "c"},
            [("孟凡", "founded", "青禾地产")],
        ),
        (
            "a generic industry noun is no organisation founded",
            "孟凡创办房企「青禾」，位列全国百强。",
            {"孟凡": "p", "房企": "c", "青禾": "c"},
            [("孟凡", "founded", "房企")],
        ),
    ],
)
def test_no_founding_for_a_relative_or_a_generic_noun(desc, sentence, entities, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in forbidden:
        assert not has(flat, name, field, text), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        ("a date lead, the name, a bare 成立", "2016年，青禾书院成立。", {"2016年"}),
        ("the date between the name and the verb", "青禾书院2015年成立，总部位于深圳。", {"2015年"}),
        (
            "a school's 创校 opening a time clause",
            "2016年青禾书院创校时，曾打算办成一所双语高中。",
            {"2016年"},
        ),
        ("成立了 with an object founds something else", "2019年青禾书院成立了研究院。", set()),
        ("成立的 is a relative clause about something else", "2018年青禾书院成立的分校停办了。", set()),
        ("no date, no founding date", "青禾书院成立后，招生很顺利。", set()),
    ],
)
def test_a_bare_founding_verb_after_the_name(desc, sentence, expected):
    flat, _ = profile(sentence, {"青禾书院": "c"})
    assert fields(flat, "青禾书院", "founded") == expected, (desc, flat)


@pytest.mark.parametrize(
    "desc, sentences, expected, forbidden",
    [
        (
            "an institution the extractor missed, written twice, founded by the clause's subject",
            ["1990年又建成了杭州织锦博物馆。", "孟凡创办杭州织锦博物馆之后，到各地收集了大批老绣片。"],
            [("孟凡", "founded", "杭州织锦博物馆")],
            [],
        ),
        (
            "written once: no evidence that it is a name",
            ["孟凡创办杭州织锦博物馆之后，到各地收集了大批老绣片。"],
            [],
            [("孟凡", "founded", "")],
        ),
        (
            "everyday words before the class word describe, they do not name",
            ["传统织锦研究中心很小。", "孟凡创办传统织锦研究中心之后，到各地收集了大批老绣片。"],
            [],
            [("孟凡", "founded", "")],
        ),
        (
            "someone's own studio is no name",
            ["自己的设计工作室很小。", "孟凡创办了自己的设计工作室，接了很多订单。"],
            [],
            [("孟凡", "founded", "")],
        ),
    ],
)
def test_an_institution_founded_under_its_own_name(desc, sentences, expected, forbidden):
    flat = article_profile(sentences, {"孟凡": "p"})
    for name, field, text in expected:
        assert any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a subjectless time clause is done by the people the main clause starts with",
            "在创办星河之前，孟凡、宋岚都曾在外企共事多年。",
            {"星河": "c", "孟凡": "p", "宋岚": "p"},
            [("星河", "founders", "孟凡"), ("星河", "founders", "宋岚")],
            [],
        ),
        (
            "之前 after the organisation is no unit of it",
            "趁着这波热度出资创办星河书院之前，孟凡另一个身份是青禾教育创始人。",
            {"星河书院": "c", "孟凡": "p", "青禾教育": "c"},
            [("孟凡", "founded", "星河书院")],
            [],
        ),
        (
            "a time clause with its own subject keeps it",
            "宋岚创办星河之前，孟凡已经在外企工作了十年。",
            {"星河": "c", "孟凡": "p", "宋岚": "p"},
            [("星河", "founders", "宋岚")],
            [("星河", "founders", "孟凡")],
        ),
        (
            "the main clause does not start with the person: nobody is the founder",
            "创办星河之前，很多年里孟凡都在外企工作。",
            {"星河": "c", "孟凡": "p"},
            [],
            [("星河", "founders", "孟凡")],
        ),
    ],
)
def test_founders_of_a_time_clause(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)
    for name, field, text in forbidden:
        assert not has(flat, name, field, text), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentences, expected, forbidden",
    [
        (
            "公司于YEAR成立 dates the organisation whose founding the sentence before told without a date",
            [
                "那是他们从翠湖大学毕业那年，也是青禾动画成立的年份。",
                "公司于2013年成立，头一年赚的钱都拿去买了设备。",
            ],
            [("青禾动画", "founded", "2013年")],
            [("翠湖大学", "founded", "2013年")],
        ),
        (
            "成立于 after the class word too",
            ["三人决定创业，青禾动画创立的时候只有一台电脑。", "公司成立于2013年5月。"],
            [("青禾动画", "founded", "2013年5月")],
            [],
        ),
        (
            "the sentence before names no founding: nothing (the nearest name is not enough)",
            ["他们从翠湖大学毕业后加入了青禾动画。", "公司于2013年成立。"],
            [],
            [("青禾动画", "founded", "2013年"), ("翠湖大学", "founded", "2013年")],
        ),
        (
            "the sentence before dates its founding itself: that date stands, no second one",
            ["青禾动画于2012年成立。", "公司于2013年成立。"],
            [("青禾动画", "founded", "2012年")],
            [("青禾动画", "founded", "2013年")],
        ),
        (
            "another event of the company, not its founding",
            ["也是青禾动画成立的年份。", "公司于2013年上市。"],
            [],
            [("青禾动画", "founded", "2013年")],
        ),
    ],
)
def test_founding_dated_in_the_next_sentence(desc, sentences, expected, forbidden):
    flat = article_profile(sentences, {"青禾动画": "c", "翠湖大学": "c"})
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat.get(name))
    for name, field, text in forbidden:
        assert (field, text) not in flat.get(name, set()), (desc, flat.get(name))


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "a legal name no entity holds, opening a sentence with its founding date, dates its abbreviation",
            ["原股东青枫创投继续加持。", "青枫创业投资管理（北京）有限公司创立于2004年，主要投资早期项目。"],
            {"青枫创投": "c"},
            [("青枫创投", "founded", "2004年")],
            [],
        ),
        (
            "于YEAR成立 after the legal name",
            ["本轮由青枫创投领投。", "青枫创业投资管理有限公司于2004年6月成立。"],
            {"青枫创投": "c"},
            [("青枫创投", "founded", "2004年6月")],
            [],
        ),
        (
            "a short name whose characters are not all in the legal name is not its abbreviation",
            ["本轮由青枫卡车领投。", "北京青枫多多信息技术有限公司成立于2013年。"],
            {"青枫卡车": "c"},
            [],
            [("青枫卡车", "founded", "2013年")],
        ),
        (
            "two organisations of the article abbreviate it: which one is not clear",
            ["青枫创投与青枫投资都参与了。", "青枫创业投资管理有限公司创立于2004年。"],
            {"青枫创投": "c", "青枫投资": "c"},
            [],
            [("青枫创投", "founded", "2004年"), ("青枫投资", "founded", "2004年")],
        ),
        (
            "another organisation of the article, other first characters",
            ["本轮由远山资本领投。", "青枫创业投资管理有限公司创立于2004年。"],
            {"远山资本": "c"},
            [],
            [("远山资本", "founded", "2004年")],
        ),
    ],
)
def test_legal_name_founded_dates_its_abbreviation(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat.get(name))
    for name, field, text in forbidden:
        assert (field, text) not in flat.get(name, set()), (desc, flat.get(name))


@pytest.mark.parametrize(
    "desc, sentence, expected, forbidden",
    [
        (
            "a subjectless 至今 clause dates the organisation opening an earlier clause",
            "钱一舟说，别家只招一类人， 青禾餐厅却为不同背景的人提供工作，2010年在新加坡创办至今，已培训逾千人。",
            [("青禾餐厅", "founded", "2010年")],
            [],
        ),
        (
            "以来 too, right after the organisation's clause",
            "青禾餐厅专门聘用听障员工，2012年成立以来客流翻了一倍。",
            [("青禾餐厅", "founded", "2012年")],
            [],
        ),
        (
            "a person opening a clause after the organisation is the one the clause goes on with",
            "青禾餐厅很有名，钱一舟却另有打算，2010年创办至今已培训逾千人。",
            [],
            [("青禾餐厅", "founded", "2010年")],
        ),
        (
            "an organisation named only inside a clause is no subject",
            "钱一舟很喜欢青禾餐厅，2010年创办至今已培训逾千人。",
            [],
            [("青禾餐厅", "founded", "2010年")],
        ),
        (
            "a clause that names its own subject is not subjectless",
            "青禾餐厅很有名，远山基金2010年成立至今投了十家。",
            [],
            [("青禾餐厅", "founded", "2010年")],
        ),
    ],
)
def test_founded_until_now_goes_on_with_the_clause_subject(desc, sentence, expected, forbidden):
    flat, _ = profile(sentence, {"青禾餐厅": "c", "钱一舟": "p", "远山基金": "c"})
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat.get(name))
    for name, field, text in forbidden:
        assert not has(flat, name, field, text), (desc, flat.get(name))
