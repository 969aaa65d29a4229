"""Relation rules, one sentence at a time: (description, sentence, entities, expected, forbidden).

The sentences are the shapes quoted in issue 10 (with made-up names) and sentences from the seeds and
the development set. Entities are given as the extractor would find them, so these tests check only
what the relation layer decides.
"""

from __future__ import annotations

import pytest

from bot.facts import Fact, fact_date, fact_type
from bot.relations import values as vals
from bot.relations.profile import ProfileBuilder
from bot.segment import Sentence
from bot.vocab import REF_NAMED, REF_PRONOUN

KINDS = {"p": "person", "c": "company", "b": "brand", "u": "university"}


def profile(
    sentence: str, entities: dict[str, str], ctx_year: int | None = None, corpus: str = "", refs=None
):
    """Run the profile builder on one sentence; returns {name: {(field, value), ...}} and the records."""
    ents = {
        i: {"name": n, "kind": KINDS[k], "aliases": {}, "aliases_simplified": []}
        for i, (n, k) in enumerate(entities.items(), 1)
    }
    s = Sentence(
        index=0, paragraph=0, text=sentence, canon=sentence, speaker="", question=False, heading=False
    )
    year, date = fact_date(sentence, ctx_year)
    f = Fact("a", 0, sentence, sentence, fact_type(s), year, date)
    for i, e in ents.items():
        if e["name"] in sentence:
            f.entities[i] = REF_NAMED
    for name in refs or []:
        f.entities[next(i for i, e in ents.items() if e["name"] == name)] = REF_PRONOUN
    facts = [f]
    if corpus:
        facts.append(Fact("b", 0, corpus, corpus, "event", None, ""))
    out = ProfileBuilder(ents, facts).build()
    flat = {ents[i]["name"]: {(v.field, v.text) for v in vs} for i, vs in out.items()}
    recs = {ents[i]["name"]: vs for i, vs in out.items()}
    return flat, recs


def has(flat, name, field, text):
    return (field, text) in flat.get(name, set())


def fields(flat, name, field):
    return {t for f, t in flat.get(name, set()) if f == field}


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
            "2018年，星光光电向港交所递交了上市申请，但未能通过。",
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
            "捍宇医疗是一家从事心血管领域产品开发与生产的企业，由戴宇峰创立于2016年。",
            {"捍宇医疗": "c", "戴宇峰": "p"},
            [("戴宇峰", "founded", "捍宇医疗（2016年）"), ("捍宇医疗", "founders", "戴宇峰")],
            [],
        ),
        (
            "并创办了: the person named before goes on, the sentence's opening year dates it",
            "2010年，当天语还在苦苦挣扎时，47岁的荣秀丽已经将目光投向了新的行业，并创办了唯捷创芯。",
            {"天语": "c", "荣秀丽": "p", "唯捷创芯": "c"},
            [("荣秀丽", "founded", "唯捷创芯（2010年）")],
            [("荣秀丽", "founded", "天语")],
        ),
        (
            "an investor's support is not a founding (出资支持)",
            "电池公司EnerVenue最早由煤气集团主席李家杰博士出资支持。",
            {"EnerVenue": "c", "李家杰": "p"},
            [],
            [("李家杰", "founded", "EnerVenue"), ("EnerVenue", "founders", "李家杰")],
        ),
        (
            "the supporter named in 在…支持下 did not found what an unknown professor created",
            "值得关注的是，在李家杰博士的强力支持下，崔屹教授从0到1创建了EnerVenue这家能源创新企业。",
            {"李家杰": "p", "EnerVenue": "c"},
            [],
            [("李家杰", "founded", "EnerVenue")],
        ),
        (
            "a company named as a superlative modifier is not what was founded",
            "刘万千又联合创立了全美最大的户外数字媒体公司RMG，并于2011年在纳斯达克上市。",
            {"刘万千": "p", "全美": "c"},
            [],
            [("刘万千", "founded", "全美"), ("全美", "listing", "纳斯达克 · 2011年")],
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
    "desc, sentence, entities, ctx, expected",
    [
        (
            "listing date from the clause with the listing verb, not the IPO start",
            "同年2月，星光光电启动IPO，同年8月在科创板上市。",
            {"星光光电": "c"},
            2020,
            {"exchange": "科创板", "date": "2020-08", "status": "done"},
        ),
        (
            "exchange, full date and ticker",
            "嘉楠科技于2019年11月21日在纳斯达克上市，股票代码为CAN。",
            {"嘉楠科技": "c"},
            None,
            {"exchange": "纳斯达克", "date": "2019-11-21", "ticker": "CAN"},
        ),
        (
            "a planned listing says so",
            "零跑汽车计划在港交所挂牌上市。",
            {"零跑汽车": "c"},
            None,
            {"exchange": "港交所", "status": "planned"},
        ),
        (
            "将 before the listing: planned",
            "合并完成后，智加科技将成为上市公司，在纽交所挂牌交易。",
            {"智加科技": "c"},
            None,
            {"exchange": "纽交所", "status": "planned"},
        ),
    ],
)
def test_listing(desc, sentence, entities, ctx, expected):
    _, recs = profile(sentence, entities, ctx_year=ctx)
    listing = [v.parts for vs in recs.values() for v in vs if v.field == "listing"]
    assert listing, desc
    assert {k: listing[0].get(k) for k in expected} == expected, (desc, listing)


def test_listing_in_a_list_of_companies_belongs_to_none():
    flat, _ = profile(
        "目前已经上市的本土射频前端企业包括卓胜微、艾为电子、唯捷创芯等。",
        {"卓胜微": "c", "艾为电子": "c", "唯捷创芯": "c"},
    )
    assert not any(f == "listing" for vs in flat.values() for f, _ in vs)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected",
    [
        (
            "历任 makes the role past; the founding after it is dated",
            "王强历任星海通信副总裁，2017年创立星光光电。",
            {"王强": "p", "星海通信": "c", "星光光电": "c"},
            [("王强", "roles", "星海通信 副总裁（曾任）"), ("王强", "founded", "星光光电（2017年）")],
        ),
        (
            "曾任 is past, 现任 current (a biography continued by the subject)",
            "周建平曾任华通电子副总经理，现任星途科技董事长兼总裁。",
            {"周建平": "p", "华通电子": "c", "星途科技": "c"},
            [("周建平", "roles", "华通电子 副总经理（曾任）"), ("周建平", "roles", "星途科技 董事长兼总裁")],
        ),
        (
            "ORG TITLE PERSON is current; the company gets its leader",
            "美东时间11月21日，嘉楠董事长兼CEO张楠赓按下敲钟的电子钮。",
            {"嘉楠": "c", "张楠赓": "p"},
            [("张楠赓", "roles", "嘉楠 董事长兼CEO"), ("嘉楠", "leaders", "张楠赓（董事长兼CEO）")],
        ),
        (
            "a dated appointment by someone else is history",
            "第一次是在1998年，求伯君推荐雷军出任金山的总经理。",
            {"求伯君": "p", "雷军": "p", "金山": "c"},
            [("雷军", "roles", "金山 总经理（曾任）")],
        ),
        (
            "a founder-chairman's dated role stays current",
            "2014年11月，李斌在上海创立了蔚来汽车，并担任蔚来汽车董事长。",
            {"李斌": "p", "蔚来汽车": "c"},
            [("李斌", "roles", "蔚来汽车 董事长"), ("李斌", "founded", "蔚来汽车（2014年11月）")],
        ),
        (
            "此前 before a quote is not a past role",
            "此前，吉利控股集团董事长李书福就曾感慨，造车是一场马拉松。",
            {"吉利控股集团": "c", "李书福": "p"},
            [("李书福", "roles", "吉利控股集团 董事长")],
        ),
    ],
)
def test_roles(desc, sentence, entities, expected):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)


def test_title_after_a_quoted_company_name():
    flat, _ = profile(
        "一份文件还显示，「SHEIN」创始人兼CEO许仰天也已成为新加坡永久居民。", {"SHEIN": "c", "许仰天": "p"}
    )
    assert has(flat, "许仰天", "roles", "SHEIN 创始人兼CEO") and has(flat, "许仰天", "founded", "SHEIN")


def test_founding_a_predecessor_is_not_founding_the_company():
    flat, _ = profile(
        "2012年便在南京创办SHEIN的前身Sheinside，仅用一年时间就达到了25万注册用户。",
        {"SHEIN": "c", "许仰天": "p"},
    )
    assert not fields(flat, "许仰天", "founded")


def test_bare_titles_are_not_roles():
    flat, _ = profile("创始人张三表示，今年会更好。", {"张三": "p"})
    assert not fields(flat, "张三", "roles")


@pytest.mark.parametrize(
    "desc, sentence, entities, expected",
    [
        (
            "预计 is planned, 已经花了 actual",
            "创立神眸这条产品线，我预计总投入50个亿，到今天已经花了22个亿。",
            {"神眸": "b"},
            [("总投入", "50亿", "planned"), ("已投入", "22亿", "actual")],
        ),
        (
            "数十亿 keeps its 数",
            "星光光电2020年营收数十亿元。",
            {"星光光电": "c"},
            [("营收", "数十亿元", "actual")],
        ),
        (
            "超过 stays with the amount",
            "星光光电估值超过100亿美元。",
            {"星光光电": "c"},
            [("估值", "超过100亿美元", "actual")],
        ),
        (
            "a full-width decimal point (and the round it was)",
            "据悉，EnerVenue完成1．25亿美元A轮融资。",
            {"EnerVenue": "c"},
            [("A轮融资", "1.25亿美元", "actual")],
        ),
        (
            "累计亏损 is its own kind",
            "估值140亿元的依图科技累计亏损72.68亿元。",
            {"依图科技": "c"},
            [("累计亏损", "72.68亿元", "actual")],
        ),
        (
            "目标 is a target",
            "星光光电的目标是2025年营收100亿元。",
            {"星光光电": "c"},
            [("营收", "100亿元", "target")],
        ),
    ],
)
def test_figures(desc, sentence, entities, expected):
    _, recs = profile(sentence, entities)
    got = {
        (v.parts["kind"], v.parts["amount"], v.parts["status"])
        for vs in recs.values()
        for v in vs
        if v.field == "figures"
    }
    assert set(expected) <= got, (desc, got)


@pytest.mark.parametrize(
    "desc, sentence, entities",
    [
        (
            "the investor who led a round owns no figure",
            "两年后获由顺为资本领投的5亿元融资。",
            {"顺为资本": "c"},
        ),
        (
            "后者 is another company",
            "也有韦豪创芯的身影，例如爱芯元智，后者在4月刚完成了一笔10亿元的融资。",
            {"韦豪创芯": "c"},
        ),
        (
            "a customer's revenue is not the company's",
            "报告期内，云从科技前五大客户的销售收入为3.02亿元。",
            {"云从科技": "c"},
        ),
        (
            "a series of amounts over years is no one figure",
            "2018年-2020年云从科技销售收入为4.51亿元、5.97亿元、5.15亿元。",
            {"云从科技": "c"},
        ),
        (
            "an average per dentist, in orders of magnitude, is not the company's revenue",
            "过去三年，瑞尔集团全职牙医平均年收入在百万以上，最高超200万元。",
            {"瑞尔集团": "c"},
        ),
    ],
)
def test_figures_that_belong_to_no_one(desc, sentence, entities):
    flat, _ = profile(sentence, entities)
    assert not any(f == "figures" for vs in flat.values() for f, _ in vs), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "the company's own model",
            "例如在设计架构上，嘉楠研发的勘智K210是全球首款RISC-V边缘AI芯片。",
            {"嘉楠": "c"},
            ["勘智K210"],
            [],
        ),
        (
            "a model after the maker's name",
            "比特大陆S7和S9矿机成为那个时代的机皇。",
            {"比特大陆": "c"},
            ["比特大陆S7"],
            [],
        ),
        (
            "a future model is not a product",
            "零跑汽车还将推出代号D01的轿车。",
            {"零跑汽车": "c"},
            [],
            ["D01"],
        ),
        (
            "another maker's model is not this one's",
            "再看蔚来的对手，小鹏P7卖得很好。",
            {"蔚来": "c"},
            [],
            ["小鹏P7", "P7"],
        ),
        (
            "an exchange is never a product",
            "嘉楠科技推出了纳斯达克系列。",
            {"嘉楠科技": "c"},
            [],
            ["纳斯达克"],
        ),
    ],
)
def test_products(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    got = {t for vs in flat.values() for f, t in vs if f == "products"}
    assert set(expected) <= got and not set(forbidden) & got, (desc, got)


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
            "本科毕业的何晓飞，拿到了芝加哥大学的录取通知书，并在2005年取得了计算机博士学位。",
            {"何晓飞": "p"},
            "何晓飞",
            ["芝加哥大学 · 计算机 · 博士（2005年）"],
        ),
        (
            "two schools in one clause, each with its major and degree",
            "杨惠仙先后在闽南师范大学化学系攻读理学学士学位和华东师范大学教育学硕士学位。",
            {"杨惠仙": "p"},
            "杨惠仙",
            ["闽南师范大学 · 化学 · 学士", "华东师范大学 · 教育学 · 硕士"],
        ),
        (
            "a department after the school is the school's",
            "早年毕业于苏州大学医学院临床医学专业。",
            {"戴宇峰": "p"},
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
        ("department as major", "早年毕业于苏州大学医学院临床医学专业", ("苏州大学", "临床医学")),
        ("的-department", "16岁就考入了湖南大学的机械与汽车工程学院", ("湖南大学", "机械与汽车工程学院")),
        ("country before the school", "从美国伊利诺伊大学取得博士学位后", ("伊利诺伊大学", "")),
    ],
)
def test_school_names(desc, clause, expected):
    recs = vals.education(clause, lambda s: s)
    assert (recs[0]["school"], recs[0]["major"]) == expected, desc


def test_born_year_and_place_of_the_subject():
    flat, _ = profile("1983年生人的张楠赓，出生于知识分子家庭，是地地道道的北京人。", {"张楠赓": "p"})
    assert {"1983年", "北京"} <= fields(flat, "张楠赓", "born")


def test_pronoun_subject_takes_the_role():
    flat, _ = profile("他现任星途科技董事长兼总裁。", {"周建平": "p", "星途科技": "c"}, refs=["周建平"])
    assert has(flat, "周建平", "roles", "星途科技 董事长兼总裁")


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


@pytest.mark.parametrize(
    "desc, text, expected",
    [
        ("数十亿", "营收数十亿元", "数十亿元"),
        ("近", "估值近50亿美元", "近50亿美元"),
        ("超过", "超过1000万台", "超过1000万台"),
        ("个亿", "花了22个亿", "22个亿"),
    ],
)
def test_amounts_keep_their_modifier(desc, text, expected):
    assert vals.AMOUNT.search(text).group(1) == expected, desc


def test_cue_files_load_once_and_hold_entries():
    from importlib import resources

    from bot.relations import cues

    files = [
        p.name[:-4]
        for p in resources.files("bot").joinpath("data", "relations").iterdir()
        if p.name.endswith(".txt")
    ]
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
            "晶苑国际由堡狮龙创办人罗定邦长子罗乐风夫妇创办，于2017年上市，罗乐风儿子罗正亮为该公司行政总裁，属家族生意。",
            {"晶苑国际": "c", "堡狮龙": "c", "罗定邦": "p", "罗乐风": "p", "罗正亮": "p"},
            [],
            [
                ("罗乐风", "founded", "晶苑国际"),
                ("晶苑国际", "founders", "罗乐风"),
                ("罗正亮", "roles", "晶苑国际 行政总裁"),
                ("晶苑国际", "leaders", "罗正亮（行政总裁）"),
            ],
            [
                ("罗定邦", "founded", "晶苑国际"),
                ("晶苑国际", "founders", "罗定邦"),
                ("罗乐风", "founded", "堡狮龙"),
                ("罗乐风", "roles", "晶苑国际"),
                ("罗定邦", "roles", "晶苑国际"),
                ("晶苑国际", "founded", "2017"),  # 于2017年上市 is the listing, not the founding
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
            "由斯坦福大学能源界专家崔屹教授创办的电池公司EnerVenue最早由香港中华煤气集团主席李家杰博士出资支持。",
            {"斯坦福大学": "u", "崔屹": "p", "EnerVenue": "c", "香港中华煤气": "c", "李家杰": "p"},
            [],
            [
                ("崔屹", "founded", "EnerVenue"),
                ("EnerVenue", "founders", "崔屹"),
                ("崔屹", "roles", "斯坦福大学 教授"),
            ],
            [
                ("李家杰", "founded", "EnerVenue"),
                ("斯坦福大学", "leaders", "崔屹"),
                ("崔屹", "founded", "斯坦福大学"),
            ],
        ),
        (
            "注册了 + company with a pronoun subject after a time lead founds it, dated by the lead",
            "于是在2002年，她拿出全部的1000万元积蓄注册了天宇朗通通信设备公司，开始自研手机。",
            {"荣秀丽": "p", "天宇朗通通信": "c"},
            ["荣秀丽"],
            [
                ("荣秀丽", "founded", "天宇朗通通信（2002年）"),
                ("天宇朗通通信", "founders", "荣秀丽"),
                ("天宇朗通通信", "founded", "2002年"),
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
            "2005年，她为公司注册了天语商标。",
            {"荣秀丽": "p", "天语": "b"},
            ["荣秀丽"],
            [],
            [("荣秀丽", "founded", "天语"), ("天语", "founders", "荣秀丽")],
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
            "Gamera Game是一家2018年成立的独立游戏发行公司，现在一共有13名同事。",
            {"Gamera Game": "c"},
            [],
            [("Gamera Game", "founded", "2018年")],
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
            "能源界著名学者斯坦福大学崔屹教授研究发明了一种新材料。",
            {"能源界著名学者斯坦福大学": "u", "崔屹": "p"},
            [],
            [],
            [("崔屹", "roles", "能源界著名学者斯坦福大学"), ("崔屹", "related", "能源界著名学者斯坦福大学")],
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


@pytest.mark.parametrize(
    "desc, canon, expected",
    [
        (
            "background stated before the question",
            "我看资料海思是2004年成立的，经过这么多年发展，在很多方面已经有自己的芯片。",
            True,
        ),
        ("a question mark", "海思是2004年成立的？", False),
        ("a question particle", "海思是2004年成立的吗", False),
        ("an interrogative word", "海思是哪一年成立的", False),
        ("是不是", "海思是不是2004年成立的", False),
    ],
)
def test_question_turn_statements(desc, canon, expected):
    from bot.relations.questions import declarative

    assert declarative(canon) is expected, desc


QA_ARTICLE = """星光光电创始人张三接受本报专访

星光光电创始人张三日前接受了本报记者的专访。
问：我看资料星光光电是2004年成立的，经过这么多年发展，已经有了自己的芯片。您怎么看待现在的竞争？
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


def article_profile(sentences: list[str], entities: dict[str, str], refs: dict[int, list[str]] | None = None):
    """Several sentences of one article (a bare 公司 may stand for the article's organisation)."""
    ents = {
        i: {"name": n, "kind": KINDS[k], "aliases": {}, "aliases_simplified": []}
        for i, (n, k) in enumerate(entities.items(), 1)
    }
    facts = []
    for j, text in enumerate(sentences):
        s = Sentence(index=j, paragraph=0, text=text, canon=text, speaker="", question=False, heading=False)
        year, date = fact_date(text, 2021)
        f = Fact("a", j, text, text, fact_type(s), year, date)
        for i, e in ents.items():
            if e["name"] in text:
                f.entities[i] = REF_NAMED
        for name in (refs or {}).get(j, []):
            f.entities[next(i for i, e in ents.items() if e["name"] == name)] = REF_PRONOUN
        facts.append(f)
    out = ProfileBuilder(ents, facts).build()
    return {ents[i]["name"]: {(v.field, v.text) for v in vs} for i, vs in out.items()}


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a trailing clause after 由PERSON创立 takes its roles at 公司, the organisation in focus",
            "捍宇医疗是一家从事心血管领域产品开发与生产的企业，由戴宇峰创立于2016年，目前担任公司董事长、总经理及执行董事。",
            {"捍宇医疗": "c", "戴宇峰": "p"},
            [
                ("戴宇峰", "roles", "捍宇医疗 董事长、总经理及执行董事"),
                ("捍宇医疗", "leaders", "戴宇峰（董事长、总经理及执行董事）"),
            ],
            [],
        ),
        (
            "an appositive with a space and 暨: founder and chief executive",
            "奥丁丁集团创办人 暨执行长王俊凯表示：「我们与恒星发展基金会的合作标志著 OwlPay® 在美国市场迈出了成功的一步。",
            {"奥丁丁集团": "c", "王俊凯": "p", "恒星发展基金会": "c"},
            [("王俊凯", "roles", "奥丁丁集团 创办人暨执行长"), ("王俊凯", "founded", "奥丁丁集团")],
            [("王俊凯", "roles", "恒星发展基金会")],
        ),
        (
            "ORG集团 + title + name + honorific: the class word belongs to the organisation",
            "由斯坦福大学能源界专家崔屹教授创办的电池公司EnerVenue最早由香港中华煤气集团主席李家杰博士出资支持。",
            {"李家杰": "p", "香港中华煤气": "c", "EnerVenue": "c", "崔屹": "p", "斯坦福大学": "u"},
            [("李家杰", "roles", "香港中华煤气 主席"), ("香港中华煤气", "leaders", "李家杰（主席）")],
            [("李家杰", "roles", "EnerVenue"), ("李家杰", "founded", "EnerVenue")],
        ),
        (
            "kinship + 兼 + 企业 + founder title: the one organisation the sentence names",
            "两个月前被罢免副主席职务的万洲「废太子」万洪建，日前在微信公众号发文，举报父亲兼企业创办人万隆涉嫌逃税。",
            {"万洲": "c", "万隆": "p", "万洪建": "p"},
            [("万隆", "roles", "万洲 创办人"), ("万隆", "founded", "万洲"), ("万洲", "founders", "万隆")],
            [
                ("万洪建", "roles", "万洲 创办人"),
                ("万洪建", "founded", "万洲"),
                ("万洲", "leaders", "万洪建"),
            ],
        ),
        (
            "titles joined by 及 right before the name",
            "香港中华煤气副常务董事及执行董事黄维义表示：“EnerVenue开发出了突破性的储能技术。”",
            {"香港中华煤气": "c", "黄维义": "p", "EnerVenue": "c"},
            [("黄维义", "roles", "香港中华煤气 副常务董事及执行董事")],
            [("黄维义", "roles", "EnerVenue")],
        ),
        (
            "ORG背后的掌舵人 PERSON",
            "唯捷创芯背后的掌舵人荣秀丽同样值得关注。",
            {"唯捷创芯": "c", "荣秀丽": "p"},
            [("荣秀丽", "roles", "唯捷创芯 掌舵人")],
            [],
        ),
        (
            "a title after the name (——PERSON，SCHOOL教授): a post, not a leader",
            "这家仅仅成立四年的创业公司，背后有一位身份罕见的创始人——何晓飞，浙江大学教授。",
            {"何晓飞": "p", "浙江大学": "u"},
            [("何晓飞", "roles", "浙江大学 教授")],
            [("浙江大学", "leaders", "何晓飞")],
        ),
        (
            "an interviewee's title at the organisation visited, not at the interviewer",
            "为了了解独立游戏的最后一步，观察者网来到独立游戏发行商Gamera Game，采访了负责人叶千落。",
            {"观察者网": "c", "Gamera Game": "c", "叶千落": "p"},
            [("叶千落", "roles", "Gamera Game 负责人")],
            [("叶千落", "roles", "观察者网")],
        ),
        (
            "a dated appointment written with a space before 年 is history",
            "2010 年，29 岁的戴志康把 Discuz！以 5000 万美金的价格卖给了腾讯，并出任腾讯生活电商事业部总经理。",
            {"戴志康": "p", "腾讯": "c"},
            [("戴志康", "roles", "腾讯 总经理（曾任）")],
            [("腾讯", "leaders", "戴志康")],
        ),
        (
            "该集团 before the title: an organisation named only later in the sentence is not meant",
            "该集团执行董事王志辉，是现任香港纺织及成衣研发中心董事、技术委员会成员。",
            {"王志辉": "p", "香港纺织": "c"},
            [],
            [("王志辉", "roles", "香港纺织 执行董事")],
        ),
        (
            "a class word inside a longer noun (上市公司) is no organisation in focus",
            "星光光电是一家上市公司董事长张三控制的企业。",
            {"星光光电": "c", "张三": "p"},
            [],
            [("张三", "roles", "星光光电")],
        ),
        (
            "其 after a clause ending with a person: that person founded the company",
            "武汉肺炎疫情续持，有魔童称号的王维基，其创办的香港电视(1137)上周一开始股价即大升。",
            {"王维基": "p", "香港电视": "c"},
            [("王维基", "founded", "香港电视"), ("香港电视", "founders", "王维基")],
            [],
        ),
        (
            "PERSON是 + a short description + ORG的创始人之一",
            "零跑汽车成立于2015年7月，其CEO朱江明是安防巨头大华股份的创始人之一，同时也是技术研发出身。",
            {"零跑汽车": "c", "朱江明": "p", "大华股份": "c"},
            [("朱江明", "founded", "大华股份"), ("大华股份", "founders", "朱江明")],
            [("朱江明", "founded", "零跑汽车")],
        ),
        (
            "another person's company is not the subject's",
            "张三是李四的星光光电的创始人。",
            {"张三": "p", "李四": "p", "星光光电": "c"},
            [],
            [("张三", "founded", "星光光电")],
        ),
        (
            "ORG的掌舵者 PERSON",
            "时代天使的掌舵者李华敏，出身一个牙科世家。",
            {"时代天使": "c", "李华敏": "p"},
            [("李华敏", "roles", "时代天使 掌舵者")],
            [],
        ),
        (
            "被罢免 + title: a past post at the organisation named before the person",
            "两个月前被罢免副主席职务的万洲「废太子」万洪建，日前在微信公众号发文，举报父亲兼企业创办人万隆涉嫌逃税。",
            {"万洲": "c", "万隆": "p", "万洪建": "p"},
            [("万洪建", "roles", "万洲 副主席（曾任）")],
            [("万洲", "leaders", "万洪建")],
        ),
        (
            "a post handed over: the successor holds it, the one who held it no longer does",
            "2个月后，万洲国际发布公告，原本由万洪建担任的副主席一职，改由他弟弟万宏伟接任。",
            {"万洲国际": "c", "万洪建": "p", "万宏伟": "p"},
            [
                ("万宏伟", "roles", "万洲国际 副主席"),
                ("万洲国际", "leaders", "万宏伟（副主席）"),
                ("万洪建", "roles", "万洲国际 副主席（曾任）"),
            ],
            [("万洲国际", "leaders", "万洪建")],
        ),
        (
            "a bare founder title with no organisation in focus is no role",
            "公司创始人张三表示，今年会更好。",
            {"张三": "p"},
            [],
            [("张三", "roles", ""), ("张三", "founded", "")],
        ),
    ],
)
def test_roles_in_appositions_and_trailing_clauses(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities, ctx_year=2021)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(t.startswith(text) for t in fields(flat, name, field)), (desc, flat)


def test_a_pronoun_subject_takes_a_role_at_the_articles_organisation():
    flat = article_profile(
        [
            "捍宇医疗是一家从事心血管领域产品开发与生产的企业。",
            "捍宇医疗的产品已进入临床阶段。",
            "捍宇医疗即将在香港上市。",
            "和戴宇峰一起作为一致行动人的是杨惠仙，两人合计持股比例28．98％。",
            "她今年39岁，目前在公司担任执行董事。",
        ],
        {"捍宇医疗": "c", "戴宇峰": "p", "杨惠仙": "p"},
        refs={4: ["杨惠仙"]},
    )
    assert ("roles", "捍宇医疗 执行董事") in flat["杨惠仙"], flat
    assert not any(f == "roles" for f, _ in flat.get("戴宇峰", set())), flat


def test_no_role_at_公司_when_the_article_has_no_one_organisation():
    flat = article_profile(
        ["星光光电和恒远集团签约。", "恒远集团和星光光电合作。", "她今年39岁，目前在公司担任执行董事。"],
        {"星光光电": "c", "恒远集团": "c", "李娜": "p"},
        refs={2: ["李娜"]},
    )
    assert not any(f == "roles" for f, _ in flat.get("李娜", set())), flat


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "co-founders who left: no current role there, no leader; the founding stays",
            [
                "雷军投资了蔚来，并介绍了小米联合创始人黎万强给蔚来创始人李斌分享经验。",
                "时至今日，8位小米联合创始人中，黎万强、周光平和黄江吉已经从小米离职，雷军又要再次冲锋在前。",
            ],
            {"雷军": "p", "蔚来": "c", "小米": "c", "黎万强": "p", "李斌": "p", "周光平": "p", "黄江吉": "p"},
            [("黎万强", "founded", "小米"), ("小米", "founders", "黎万强")],
            [("黎万强", "roles", "小米"), ("小米", "leaders", "黎万强")],
        ),
        (
            "a title held before leaving becomes past",
            ["星光光电副总裁张三表示，今年会更好。", "后来张三离开了星光光电。"],
            {"星光光电": "c", "张三": "p"},
            [("张三", "roles", "星光光电 副总裁（曾任）")],
            [("星光光电", "leaders", "张三")],
        ),
        (
            "not leaving is no departure",
            ["星光光电副总裁张三表示，今年会更好。", "张三并没有离开星光光电。"],
            {"星光光电": "c", "张三": "p"},
            [("张三", "roles", "星光光电 副总裁"), ("星光光电", "leaders", "张三（副总裁）")],
            [],
        ),
    ],
)
def test_departures(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "where a company was founded is not its headquarters",
            [
                "创始人许仰天以婚纱电商起家，2012年便在南京创办SHEIN的前身Sheinside，仅用一年时间就达到了25万注册用户。"
            ],
            {"SHEIN": "c", "许仰天": "p"},
            [],
            ["南京"],
        ),
        (
            "a change of headquarters is the headquarters; speculation about a move is not",
            [
                "变化的迹象最先发生在「SHEIN」领英页面上，其公司简介已更改新加坡为总部。",
                "所以基于多方信息来看，不排除「SHEIN」要将公司核心力量乃至总部迁移到广州的可能。",
            ],
            {"SHEIN": "c"},
            ["新加坡"],
            ["广州"],
        ),
        (
            "a move makes the newer place current, the older one is no longer shown",
            ["星途科技总部位于苏州，公司于2009年成立。", "2020年，星途科技总部迁至上海。"],
            {"星途科技": "c"},
            ["上海"],
            ["苏州"],
        ),
        (
            "a planned move changes nothing",
            ["星途科技总部位于苏州，公司于2009年成立。", "星途科技计划将总部迁至上海。"],
            {"星途科技": "c"},
            ["苏州"],
            ["上海"],
        ),
    ],
)
def test_headquarters(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    org = next(n for n, k in entities.items() if k == "c")
    hq = {t for f, t in flat.get(org, set()) if f == "headquarters"}
    assert set(expected) <= hq and not set(forbidden) & hq, (desc, hq)


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        (
            "one round, labelled as such",
            "三年后，瑞尔集团再度完成9000万美元D轮融资，高盛集团和高瓴共同投资。",
            "D轮融资 9000万美元",
        ),
        (
            "the cumulative total, labelled as such",
            "至此，从2010年1月完成A轮融资2000万美元到最后E轮融资，瑞尔集团先后经历了5次资本市场融资，累积融资近4亿美元。",
            "累计融资 近4亿美元",
        ),
        ("an angel round", "星光光电去年完成了3000万元天使轮融资。", "天使轮融资 3000万元"),
        ("a plain funding figure stays plain", "星光光电去年融资3000万元。", "融资 3000万元"),
    ],
)
def test_funding_rounds(desc, sentence, expected):
    flat, _ = profile(sentence, {"瑞尔集团": "c", "星光光电": "c", "高盛": "c"})
    got = {t for vs in flat.values() for f, t in vs if f == "figures"}
    assert expected in got, (desc, got)


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "a school with and without its country, and as a university's department: one line",
            [
                "1992年，邹其芳决定到宾夕法尼亚大学沃顿商学院攻读MBA，希望归来后能做总经理一职。",
                "1996年底，邹其芳从美国沃顿商学院MBA毕业并回国，加入了香港的美资信孚银行。",
            ],
            {"邹其芳": "p", "宾夕法尼亚大学": "u", "美国沃顿商学院": "u"},
            [("education", "宾夕法尼亚大学 · 沃顿商学院 · MBA")],
            [("education", "沃顿商学院 · MBA"), ("related", "美国沃顿商学院"), ("related", "宾夕法尼亚大学")],
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
    from bot.relations.profile import same_school

    assert same_school(a, b) is same, desc


def test_related_does_not_repeat_an_entity_shown_in_another_line():
    from bot.answer import _shown_elsewhere

    prof = {
        "aliases": [{"value": "任总", "entity": None}],
        "founded": [{"value": "华为", "entity": 7}],
        "roles": [{"value": "华为 创办人", "entity": 7}],
        "related": [{"value": "海思", "entity": 9}],
    }
    assert _shown_elsewhere(prof) == {7}


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        (
            "the short name inside a quoted legal name, 在YYYY年成立",
            "据路透社报道，「Roadget Business Pte. LTD.」在2019年成立，主体变更手续在去年年底完成。",
            {"2019年"},
        ),
        (
            "在YYYY年成立了 something else founds that, not the company",
            "Roadget在2019年成立了研究院。",
            set(),
        ),
    ],
)
def test_founding_year_after_a_legal_name(desc, sentence, expected):
    flat, _ = profile(sentence, {"Roadget": "c", "路透社": "c"})
    assert fields(flat, "Roadget", "founded") == expected, (desc, flat)
