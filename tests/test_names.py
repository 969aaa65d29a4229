"""Which entities an article names and what it calls them (issue 18): quoted names, titled people,
stated aliases, names whose head is an everyday word. Invented sentences in the shapes real articles use.
"""

from __future__ import annotations

import pytest

from tests.test_extract import ANY, ORG, Case, found, kinds


def check(case: Case) -> None:
    got = kinds(case.text)
    for name, kind in case.expected.items():
        if kind == ORG:
            assert got.get(name) not in (None, "person"), (case.description, got)
        else:
            assert got.get(name) == kind, (case.description, got)
    for name, kind in case.forbidden.items():
        if kind == ANY:
            assert name not in got, (case.description, got)
        else:
            assert got.get(name) != kind, (case.description, got)


QUOTED = [
    Case(
        "a quoted name after a class noun, then a role",
        "出行平台「云帆出行」创始人赵一鸣表示，「云帆出行」今年盈利。",
        expected={"云帆出行": ORG},
        forbidden={},
    ),
    Case(
        "an everyday word quoted twice as a founded name",
        "2016年，他和合伙人创立“随手”。“随手”的目标不是规模。",
        expected={"随手": ORG},
        forbidden={},
    ),
    Case(
        "an outlet in 《》 joined by someone",
        "赵一鸣1981年加入《晨报周刊》，后来离开《晨报周刊》。",
        expected={"晨报周刊": ORG},
        forbidden={},
    ),
    Case(
        "a quoted name founded in a year",
        "「晨曦書店」成立于2019年11月。「晨曦書店」已完成融资。",
        expected={"晨曦书店": ORG},
        forbidden={},
    ),
    Case(
        "a name quoted once right after a class noun",
        "那时候，本地广告公司「晨光创意」因为看过他们的作品，找他们合作。",
        expected={"晨光创意": ORG},
        forbidden={},
    ),
    Case(
        "a Latin name once right after a class noun, ending the phrase",
        "他于2007年与朋友自组公司Brightwo，帮客户编写应用程式。",
        expected={"Brightwo": ORG},
        forbidden={},
    ),
    Case(
        "an acronym once after a class noun stays out",
        "他们在公司ERP，以及平台SaaS上花了很多钱。",
        expected={},
        forbidden={"ERP": ANY, "SaaS": ANY},
    ),
    Case(
        "a dictionary word quoted once after a class noun stays a word",
        "公司「出海」的计划很大，公司「转型」也很难。",
        expected={},
        forbidden={"出海": ANY, "转型": ANY},
    ),
    Case(
        "an everyday word quoted once stays a word",
        "公司『有人』成立『R小队』，负责新项目。",
        expected={},
        forbidden={"有人": ANY},
    ),
    Case(
        "a quote with no organisation cue stays a word",
        "他说“出海”很重要，“出海”是大势所趋。",
        expected={},
        forbidden={"出海": ANY},
    ),
]


@pytest.mark.parametrize("case", QUOTED, ids=[c.description for c in QUOTED])
def test_quoted_names(case: Case):
    check(case)


TITLED_PEOPLE = [
    Case(
        "a title glued to the surname (人马 is a word)",
        "「云帆出行」创始人马知遥博士表示，公司已完成融资。",
        expected={"马知遥": "person"},
        forbidden={},
    ),
    Case(
        "a bracketed former name",
        "三位股东沈砚秋（原名沈家鸣）、陈岷（原名陈嘉澍）是控股股东。",
        expected={"陈岷": "person"},
        forbidden={},
    ),
    Case(
        "a bracketed office",
        "你去问岑家瀚（2005年时任工商党主席），他也会这样说。",
        expected={"岑家瀚": "person"},
        forbidden={},
    ),
    Case(
        "a name ending like a time word, titled again and again",
        "疫情指挥中心指挥官赵时中特别前往接机。指挥官赵时中特别前往机场。指挥官赵时中特别表示感谢。",
        expected={"赵时中": "person"},
        forbidden={},
    ),
    Case(
        "a word after a title stays a word however often (任期 is a word)",
        "赵一鸣担任主席。在主席任期内，他推动改革。主席任期内，球队两次失利。主席任期内，他辞职。",
        expected={"赵一鸣": "person"},
        forbidden={"任期内": ANY},
    ),
    Case(
        "a dictionary name that labels many interview answers",
        "刘翔辞去了主席一职。刘翔表示，他会继续关注。记者采访了刘翔。\n\n"
        "记者：你怎么看？\n\n刘翔：我很满意。我们做了很多事。我们会继续。\n\n"
        "记者：下一步呢？\n\n刘翔：我会休息。然后再看。也许会回来。\n\n"
        "记者：还有呢？\n\n刘翔：没有了。谢谢大家。再见。",
        expected={"刘翔": "person"},
        forbidden={},
    ),
    Case(
        "a date's 年 is no surname: the name after it is found",
        "1995年他为江湖人物秦国骏效力。1998年秦国骏被捕。1998年秦国骏被判监13年。",
        expected={"秦国骏": "person"},
        forbidden={"年秦国": ANY},
    ),
    Case(
        "a number's 万 is no surname",
        "日本捐赠的97万剂疫苗今运抵。全台有3万人接种，2万人预约。赵一鸣表示感谢。",
        expected={},
        forbidden={"万剂": ANY, "万人": ANY},
    ),
    Case(
        "a bracketed office before the name, 丶 written for 、 after it",
        "和中央有联系的人如（全国人大常委）秦家辉丶（基本法委员会副主任）郑慧敏有提过。",
        expected={"秦家辉": "person"},
        forbidden={},
    ),
    Case(
        "a space between the title and the name",
        "财联社（杭州，记者 郑晓丹）讯，10月24日，星河证券举办首个投资者节。",
        expected={"郑晓丹": "person"},
        forbidden={},
    ),
    Case(
        "a noun of office before the name",
        "由指挥官李明远带队，警员进入现场。",
        expected={"李明远": "person"},
        forbidden={},
    ),
]


@pytest.mark.parametrize("case", TITLED_PEOPLE, ids=[c.description for c in TITLED_PEOPLE])
def test_titled_people(case: Case):
    check(case)


# (description, text, name, alias that must be the name's, and must not be an entity of its own)
STATED_ALIASES = [
    (
        "人称「X」、「Y」的PERSON",
        "人称「饺子皇后」、「赵姑娘」的赵一鸣逝世。赵一鸣表示满意。赵一鸣说。",
        "赵一鸣",
        "饺子皇后",
    ),
    ("PERSON（原名X）", "创办人沈砚秋（原名沈家鸣）表示，公司会上市。沈砚秋说。", "沈砚秋", "沈家鸣"),
    ("PERSON（阿X）", "林泊舟（阿舟）是动画师。林泊舟表示，公司会继续。林泊舟说。", "林泊舟", "阿舟"),
    (
        "有「X」之称的PERSON (corner quotes)",
        "有「咖啡大王」之称的赵一鸣昨日逝世。赵一鸣表示满意。赵一鸣说。",
        "赵一鸣",
        "咖啡大王",
    ),
    (
        "被称呼为「X」 after a pronoun, sharing a character of the given name",
        "赵一鸣在报社做了37年。赵一鸣说，他喜欢纪律生活。难怪他会被称呼为「军佬鸣」。",
        "赵一鸣",
        "军佬鸣",
    ),
    (
        "以“X”自居 names the person of the sentence before",
        "赵一鸣说，公司会上市。赵一鸣表示满意。这个此前以“赵胖”自居的人瘦了很多。赵胖说。",
        "赵一鸣",
        "赵胖",
    ),
    (
        "被称为「X」的ORG（下称Y）",
        "被称为本地「护城神山」的星河半导体制造公司（下称星河半导），昨日宣布捐款。"
        "星河半导董事长赵一鸣表示满意。星河半导是全球最大的晶圆厂。",
        "星河半导",
        "护城神山",
    ),
    (
        "ORG…又被称为「X」",
        "星河半导是全球最大的晶圆厂，又被称为本地「护城神山」。星河半导董事长赵一鸣表示满意。星河半导今年盈利。",
        "星河半导",
        "护城神山",
    ),
    (
        "a quoted epithet ending in a title, right before the person",
        "「拼命部长」赵一鸣亲自到机场接机。指挥官赵一鸣表示感谢。指挥官赵一鸣说。",
        "赵一鸣",
        "拼命部长",
    ),
    (
        "a Cantonese form of address (X生) of the one person the article keeps naming",
        "长和系主席陈嘉明今早出席活动。陈嘉明没有表态。周凯丽说：「陈生好少不喜欢人。」"
        "她又说：「陈生直情没有说这件事，陈生也不觉得。」陈嘉明的儿子Victor（陈泽明）也来了。陈嘉明表示满意。",
        "陈嘉明",
        "陈生",
    ),
    (
        "an English given name before a bracketed name read once",
        "但最后Victor（陈泽明）、你朋友杨小德也要「被迫」提名？陈嘉明表示满意。陈嘉明说。",
        "陈泽明",
        "Victor",
    ),
    (
        "a name given a birth name in brackets is a person's, even once",
        "「老板」赵一鸣（原名赵家豪）、陈立（原名陆家俊）及阿Ki（原名秦家宝），是公司控股股东。赵一鸣表示满意。",
        "阿Ki",
        "秦家宝",
    ),
    (
        "a full English name in brackets broken over two lines",
        "外籍教务长何明远（Gareth\nMilne），带着几名老师离开。当时何明远为学校的代理校长。这年9月，何明远辞职。",
        "何明远",
        "Gareth Milne",
    ),
    (
        "a transliterated name cut short takes its Latin full name and stays a person",
        "报告指，包括驻秘鲁前主管范德威梅伦（Roland van Dewermeiren）在内，有人失职。"
        "有5人被开除，其余2人，包括范德威梅伦在内则主动离职。",
        "范德威梅伦",
        "Roland van Dewermeiren",
    ),
    (
        "X改名为Y",
        "星河科技是一家机器人公司。晨曦书店也因经营困难而改名为星河科技。星河科技表示。",
        "星河科技",
        "晨曦书店",
    ),
]


@pytest.mark.parametrize(
    ("description", "text", "name", "alias"), STATED_ALIASES, ids=[x[0] for x in STATED_ALIASES]
)
def test_aliases_the_text_states(description, text, name, alias):
    f = found(text)
    assert name in f and alias in f[name].aliases and alias not in f


# (description, text, name, a phrase that must not become its alias)
NOT_ALIASES = [
    (
        "a phrase after a bare 的 with the surname inside is no nickname",
        "编辑周建平表示，稿件已完成。周建平说。订户都可以收到我们的「每周时事」通讯。",
        "周建平",
        "每周时事",
    ),
    (
        "a word of the language is no form of address (卫生)",
        "卫建国是厂长。卫建国说，卫生很重要。卫建国表示，卫生要抓好。",
        "卫建国",
        "卫生",
    ),
    (
        "有一个“X” is no name of the organisation",
        "星河科技的迭代能力很强，但未来会不会有一个“白桃”。星河科技创始人赵一鸣表示满意。星河科技今年盈利。",
        "星河科技",
        "白桃",
    ),
    (
        "a quoted name before a role and the person is no epithet",
        "品牌「上海风」创办人赵一鸣逝世。赵一鸣表示满意。赵一鸣说。",
        "赵一鸣",
        "上海风",
    ),
]


@pytest.mark.parametrize(
    ("description", "text", "name", "alias"), NOT_ALIASES, ids=[x[0] for x in NOT_ALIASES]
)
def test_phrases_that_are_no_alias(description, text, name, alias):
    f = found(text)
    assert name in f and alias not in f[name].aliases


def test_no_former_name_when_none_is_given():
    f = found("星河科技是一家机器人公司。星河科技创始人赵一鸣表示，公司于2019年改名为星河科技。")
    assert all(t != "former" for t in f["星河科技"].aliases.values())


REPEATED_HEADS = [
    Case(
        "a head that is an ordinary word, written often, once before a role and a person",
        "鼎盛茶叶是一家老厂。鼎盛茶叶的总经理赵一鸣说，鼎盛茶叶今年扩产。记者走进鼎盛茶叶的车间。",
        expected={"鼎盛茶叶": ORG},
        forbidden={},
    ),
    Case(
        "a class noun after a number word, named by the article again and again",
        "七号公司董事长兼CEO赵一鸣表示满意。七号公司成立于2012年。七号公司今年上市。",
        expected={"七号公司": ORG},
        forbidden={},
    ),
    Case(
        "a Latin name written before the Han one becomes its English name",
        "美妆品牌HARMOY 酸梅今年开店。HARMOY 酸梅创始人Damon表示满意。酸梅的门店很大。酸梅还会开店。",
        expected={"酸梅": ORG},
        forbidden={"HARMOY": ANY},
    ),
    Case(
        "an everyday word before a role stays a word",
        "团队创始人赵一鸣表示，团队很年轻。团队今年扩张。团队会继续招人。",
        expected={},
        forbidden={"团队": ANY},
    ),
    Case(
        "a department before a role is no company",
        "星河科技自动驾驶事业部总经理赵一鸣表示满意。事业部今年扩张，事业部会招人。",
        expected={},
        forbidden={"事业部": ANY},
    ),
    Case(
        "the end of a longer name is no name of its own",
        "阿里巴巴创始人赵一鸣表示满意。阿里巴巴今年扩张，阿里巴巴会招人。",
        expected={},
        forbidden={"巴巴": ANY},
    ),
]


@pytest.mark.parametrize("case", REPEATED_HEADS, ids=[c.description for c in REPEATED_HEADS])
def test_repeated_heads(case: Case):
    check(case)


def test_a_repeated_head_takes_its_legal_name_and_english_name():
    f = found("鼎盛茶叶有限公司成立多年。鼎盛茶叶的总经理赵一鸣说，鼎盛茶叶今年扩产。鼎盛茶叶很忙。")
    assert f["鼎盛茶叶"].aliases.get("鼎盛茶叶有限公司") == "legal"


LATIN_PEOPLE = [
    Case(
        "a Latin given name after a title, written again",
        "星河科技创始人Damon表示，公司今年盈利。Damon说，明年会开新店。",
        expected={"Damon": "person"},
        forbidden={},
    ),
    Case(
        "a Latin name in brackets after a person is that person",
        "星河科技创始人赵一鸣(Damon)表示满意。创始人Damon说，明年会开新店。Damon还说。",
        expected={"赵一鸣": "person"},
        forbidden={"Damon": ANY},
    ),
    Case(
        "an upper-case word after a title is no given name",
        "星河科技CEO表示，公司的SaaS业务增长。SaaS是重点。",
        expected={},
        forbidden={"SaaS": "person"},
    ),
]


@pytest.mark.parametrize("case", LATIN_PEOPLE, ids=[c.description for c in LATIN_PEOPLE])
def test_latin_people(case: Case):
    check(case)


INVESTORS = [
    Case(
        "a lead and a follower whose head is an everyday word",
        "星河科技宣布完成A轮融资，本轮融资由北辰资本领投，源头资本跟投。星河科技创始人赵一鸣表示满意。",
        expected={"北辰资本": ORG, "源头资本": ORG},
        forbidden={},
    ),
    Case(
        "followers after descriptors, one without any suffix, 等共同参与",
        "本轮融资由北辰资本领投，上一轮领投方、老股东源头资本、苏新产投等共同参与。",
        expected={"源头资本": ORG, "苏新产投": ORG},
        forbidden={"上一轮领投方": ANY, "老股东源头资本": ANY},
    ),
    Case(
        "a Latin name and a comma inside the bracket of a follower",
        "本轮融资由北辰资本领投，C资本(Cedar Vest Capital， 简称C资本)跟投。",
        expected={"C资本": ORG},
        forbidden={"Cedar Vest Capital": ANY},
    ),
    Case(
        "a Latin investor opening the sentence, with its round",
        "RX Capital D轮领投的逻辑是看重渠道。RX Capital表示满意。",
        expected={"RX Capital": ORG},
        forbidden={},
    ),
    Case(
        "the sentence before 由 and a person who adds money are no investors",
        "本轮融资由北辰资本领投，赵一鸣博士追加投资。赵一鸣表示满意。",
        expected={"北辰资本": ORG},
        forbidden={"本轮融资由北辰资本": ANY, "赵一鸣博士": ANY},
    ),
]


@pytest.mark.parametrize("case", INVESTORS, ids=[c.description for c in INVESTORS])
def test_investor_positions(case: Case):
    check(case)


def test_a_stated_full_name_is_the_legal_name():
    f = found(
        "本轮融资由北辰资本领投，苏新产投等共同参与。苏新产投全称苏新工业园区产业投资有限公司，是国企。"
    )
    assert f["苏新产投"].aliases.get("苏新工业园区产业投资有限公司") == "legal"
    assert "苏新工业园区产业投资有限公司" not in f


CLAUSE_HEADS = [
    Case(
        "a name opening the clause, a suffix and 公司, a role and the person (都 is an adverb)",
        "据报道，在养老公寓案件中，都乐集团公司实控人赵一鸣曾多次集资。赵一鸣表示不知情。",
        expected={"都乐集团": ORG},
        forbidden={},
    ),
    Case(
        "PERSON即X团队的联合创始人: the name between the copula and the team",
        "赵一鸣表示满意。值得注意的是，赵一鸣即星游岛团队的联合创始人之一。赵一鸣说。",
        expected={"星游岛": ORG},
        forbidden={},
    ),
    Case(
        "a team named by an ordinary word stays a word",
        "赵一鸣表示满意。据介绍，研发团队负责人赵一鸣曾在大厂工作。赵一鸣说。",
        expected={},
        forbidden={"研发": ANY, "研发团队": ANY},
    ),
    Case(
        "a place before 公司 is no name",
        "赵一鸣表示满意。去年，北京公司总经理赵一鸣离职。赵一鸣说。",
        expected={},
        forbidden={"北京": ANY, "北京公司": ANY},
    ),
]


@pytest.mark.parametrize("case", CLAUSE_HEADS, ids=[c.description for c in CLAUSE_HEADS])
def test_clause_heads(case: Case):
    check(case)


BRANCHES_AND_RUNS = [
    Case(
        "an organisation speaking through a branch named by a place",
        "除了星火会，无国界志工日前公布了数字。无国界志工（香港）表示，共接获12宗要求。无国界志工（香港）指，会保密。",
        expected={"无国界志工": ORG},
        forbidden={},
    ),
    Case(
        "what a company acquires, named again",
        "成立于2007年的星河教育，近年收购了北京巨石教育、小小星球等补习社。今年8月31日，旗下的巨石教育宣布停业。",
        expected={"巨石教育": ORG},
        forbidden={"北京巨石教育": ANY},
    ),
    Case(
        "an acquired thing named once stays out",
        "星河科技去年收购了一些设备。星河科技今年盈利，星河科技扩产。",
        expected={},
        forbidden={"一些设备": ANY},
    ),
    Case(
        "a person with a place in brackets is no branch",
        "赵一鸣（香港）表示满意。赵一鸣说，公司会上市。",
        expected={"赵一鸣": "person"},
        forbidden={},
    ),
]


@pytest.mark.parametrize("case", BRANCHES_AND_RUNS, ids=[c.description for c in BRANCHES_AND_RUNS])
def test_branches_and_runs(case: Case):
    check(case)
