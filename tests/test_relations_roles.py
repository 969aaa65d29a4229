"""Role rules (bot/relations/roles.py): titles at organisations, current or past, and departures.

Cases are (description, sentence(s), entities, expected, forbidden): entities as the extractor
would find them (p person, c company, b brand, u university), so they check only what the relation
layer decides.
"""

from __future__ import annotations

import pytest

from tests.relations_helpers import article_profile, fields, has, profile


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
            "第一次是在2003年，鲍允恒推荐柯明远出任澜讯的总经理。",
            {"鲍允恒": "p", "柯明远": "p", "澜讯": "c"},
            [("柯明远", "roles", "澜讯 总经理（曾任）")],
        ),
        (
            "a founder-chairman's dated role stays current",
            "2016年9月，韩闻远在苏州创立了澜行汽车，并担任澜行汽车董事长。",
            {"韩闻远": "p", "澜行汽车": "c"},
            [("韩闻远", "roles", "澜行汽车 董事长"), ("韩闻远", "founded", "澜行汽车（2016年9月）")],
        ),
        (
            "此前 before a quote is not a past role",
            "此前，澜远控股集团董事长邱明川就曾感慨，做芯片是一场长跑。",
            {"澜远控股集团": "c", "邱明川": "p"},
            [("邱明川", "roles", "澜远控股集团 董事长")],
        ),
        (
            "a title after a quoted company name: the role, and the founding a founder's title says",
            "一份文件还显示，「LUMORA」创始人兼CEO苗启川也已取得新加坡永久居留权。",
            {"LUMORA": "c", "苗启川": "p"},
            [("苗启川", "roles", "LUMORA 创始人兼CEO"), ("苗启川", "founded", "LUMORA")],
        ),
    ],
)
def test_roles(desc, sentence, entities, expected):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)


def test_pronoun_subject_takes_the_role():
    flat, _ = profile("他现任星途科技董事长兼总裁。", {"周建平": "p", "星途科技": "c"}, refs=["周建平"])
    assert has(flat, "周建平", "roles", "星途科技 董事长兼总裁")


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a trailing clause after 由PERSON创立 takes its roles at 公司, the organisation in focus",
            "翎心医疗是一家从事骨科领域产品研发与生产的企业，由韩闻远创立于2017年，目前担任公司董事长、总经理及执行董事。",
            {"翎心医疗": "c", "韩闻远": "p"},
            [
                ("韩闻远", "roles", "翎心医疗 董事长、总经理及执行董事"),
                ("翎心医疗", "leaders", "韩闻远（董事长、总经理及执行董事）"),
            ],
            [],
        ),
        (
            "an appositive with a space and 暨: founder and chief executive",
            "翎澄宇集团创办人 暨执行长林佑谦表示：「我们与澄曦发展基金会携手，让 PayLumo® 在欧洲市场迈出了重要的一步。",
            {"翎澄宇集团": "c", "林佑谦": "p", "澄曦发展基金会": "c"},
            [("林佑谦", "roles", "翎澄宇集团 创办人暨执行长"), ("林佑谦", "founded", "翎澄宇集团")],
            [("林佑谦", "roles", "澄曦发展基金会")],
        ),
        (
            "ORG集团 + title + name + honorific: the class word belongs to the organisation",
            "由麻省理工学院材料界专家彭书珩教授创办的电池公司Nexolyte最早由香港澄泓电力集团主席许澄川博士出资支持。",
            {"许澄川": "p", "香港澄泓电力": "c", "Nexolyte": "c", "彭书珩": "p", "麻省理工学院": "u"},
            [("许澄川", "roles", "香港澄泓电力 主席"), ("香港澄泓电力", "leaders", "许澄川（主席）")],
            [("许澄川", "roles", "Nexolyte"), ("许澄川", "founded", "Nexolyte")],
        ),
        (
            "kinship + 兼 + 企业 + founder title: the one organisation the sentence names",
            "三个月前被罢免副主席职务的澄洲「太子爷」宁嘉骏，日前在微博发文，举报父亲兼企业创办人宁峦涉嫌做假账。",
            {"澄洲": "c", "宁峦": "p", "宁嘉骏": "p"},
            [("宁峦", "roles", "澄洲 创办人"), ("宁峦", "founded", "澄洲"), ("澄洲", "founders", "宁峦")],
            [
                ("宁嘉骏", "roles", "澄洲 创办人"),
                ("宁嘉骏", "founded", "澄洲"),
                ("澄洲", "leaders", "宁嘉骏"),
            ],
        ),
        (
            "titles joined by 及 right before the name",
            "香港澄泓电力副常务董事及执行董事钟立衡表示：“Nexolyte开发出了领先的储能技术。”",
            {"香港澄泓电力": "c", "钟立衡": "p", "Nexolyte": "c"},
            [("钟立衡", "roles", "香港澄泓电力 副常务董事及执行董事")],
            [("钟立衡", "roles", "Nexolyte")],
        ),
        (
            "ORG背后的掌舵人 PERSON",
            "翎捷创芯背后的掌舵人祁婉芸同样引人注目。",
            {"翎捷创芯": "c", "祁婉芸": "p"},
            [("祁婉芸", "roles", "翎捷创芯 掌舵人")],
            [],
        ),
        (
            "a title after the name (——PERSON，SCHOOL教授): a post, not a leader",
            "这家刚刚成立三年的初创公司，背后站着一位来历特别的创始人——卢景深，武汉大学教授。",
            {"卢景深": "p", "武汉大学": "u"},
            [("卢景深", "roles", "武汉大学 教授")],
            [("武汉大学", "leaders", "卢景深")],
        ),
        (
            "an interviewee's title at the organisation visited, not at the interviewer",
            "为了了解独立音乐的发行环节，翎观网来到独立音乐厂牌Lumivo Records，采访了负责人程若溪。",
            {"翎观网": "c", "Lumivo Records": "c", "程若溪": "p"},
            [("程若溪", "roles", "Lumivo Records 负责人")],
            [("程若溪", "roles", "翎观网")],
        ),
        (
            "a dated appointment written with a space before 年 is history",
            "2012 年，31 岁的郑启航把 Forumly！以 2800 万美元卖给了澜讯，并出任澜讯本地服务事业部总经理。",
            {"郑启航": "p", "澜讯": "c"},
            [("郑启航", "roles", "澜讯 总经理（曾任）")],
            [("澜讯", "leaders", "郑启航")],
        ),
        (
            "该集团 before the title: an organisation named only later in the sentence is not meant",
            "该集团执行董事王佑川，是现任香港澄织及家品研究院董事、顾问委员会成员。",
            {"王佑川": "p", "香港澄织": "c"},
            [],
            [("王佑川", "roles", "香港澄织 执行董事")],
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
            "流感疫情持续，有怪杰称号的潘致远，其创办的澄泓电视(2389)上周二开始股价即大涨。",
            {"潘致远": "p", "澄泓电视": "c"},
            [("潘致远", "founded", "澄泓电视"), ("澄泓电视", "founders", "潘致远")],
            [],
        ),
        (
            "PERSON是 + a short description + ORG的创始人之一",
            "驰岚汽车成立于2016年3月，其CEO谢知远是家电巨头澜华股份的创始人之一，本人也是工程师出身。",
            {"驰岚汽车": "c", "谢知远": "p", "澜华股份": "c"},
            [("谢知远", "founded", "澜华股份"), ("澜华股份", "founders", "谢知远")],
            [("谢知远", "founded", "驰岚汽车")],
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
            "岚光天使的掌舵者柯婉宁，出身一个中医世家。",
            {"岚光天使": "c", "柯婉宁": "p"},
            [("柯婉宁", "roles", "岚光天使 掌舵者")],
            [],
        ),
        (
            "被罢免 + title: a past post at the organisation named before the person",
            "三个月前被罢免副主席职务的澄洲「太子爷」宁嘉骏，日前在微博发文，举报父亲兼企业创办人宁峦涉嫌做假账。",
            {"澄洲": "c", "宁峦": "p", "宁嘉骏": "p"},
            [("宁嘉骏", "roles", "澄洲 副主席（曾任）")],
            [("澄洲", "leaders", "宁嘉骏")],
        ),
        (
            "a post handed over: the successor holds it, the one who held it no longer does",
            "3个月后，澄洲国际发布公告，原本由宁嘉骏担任的副主席一职，改由他弟弟宁嘉祺接任。",
            {"澄洲国际": "c", "宁嘉骏": "p", "宁嘉祺": "p"},
            [
                ("宁嘉祺", "roles", "澄洲国际 副主席"),
                ("澄洲国际", "leaders", "宁嘉祺（副主席）"),
                ("宁嘉骏", "roles", "澄洲国际 副主席（曾任）"),
            ],
            [("澄洲国际", "leaders", "宁嘉骏")],
        ),
        (
            "a bare founder title with no organisation in focus is no role",
            "公司创始人张三表示，今年会更好。",
            {"张三": "p"},
            [],
            [("张三", "roles", ""), ("张三", "founded", "")],
        ),
        (
            "a bare title with no organisation is no role",
            "创始人张三表示，今年会更好。",
            {"张三": "p"},
            [],
            [("张三", "roles", "")],
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
            "翎心医疗是一家从事骨科领域产品研发与生产的企业。",
            "翎心医疗的产品已进入注册审批阶段。",
            "翎心医疗即将在香港上市。",
            "和韩闻远一起作为一致行动人的是邵宛伶，两人合计持股比例31．46％。",
            "她今年41岁，目前在公司担任执行董事。",
        ],
        {"翎心医疗": "c", "韩闻远": "p", "邵宛伶": "p"},
        refs={4: ["邵宛伶"]},
    )
    assert ("roles", "翎心医疗 执行董事") in flat["邵宛伶"], flat
    assert not any(f == "roles" for f, _ in flat.get("韩闻远", set())), flat


def test_no_role_at_公司_when_the_article_has_no_one_organisation():
    flat = article_profile(
        ["星光光电和恒远集团签约。", "恒远集团和星光光电合作。", "她今年41岁，目前在公司担任执行董事。"],
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
                "柯明远投资了澜行，并介绍了翎米联合创始人谢知远给澜行创始人韩闻远分享经验。",
                "时至今日，6位翎米联合创始人中，谢知远、罗启帆和唐景川已经从翎米离职，柯明远又要再次亲自上阵。",
            ],
            {
                "柯明远": "p",
                "澜行": "c",
                "翎米": "c",
                "谢知远": "p",
                "韩闻远": "p",
                "罗启帆": "p",
                "唐景川": "p",
            },
            [("谢知远", "founded", "翎米"), ("翎米", "founders", "谢知远")],
            [("谢知远", "roles", "翎米"), ("翎米", "leaders", "谢知远")],
        ),
        (
            "a title held before leaving becomes past",
            ["星光光电副总裁张三表示，今年会更好。", "后来张三离开了星光光电。"],
            {"星光光电": "c", "张三": "p"},
            [("张三", "roles", "星光光电 副总裁（曾任）")],
            [("星光光电", "leaders", "张三")],
        ),
        (
            "a resignation that names no organisation: the one organisation of the person's posts, now past",
            ["星河协会主席张三表示，今年会更好。", "张三今天正式辞职，外界并不意外。"],
            {"星河协会": "c", "张三": "p"},
            [("张三", "roles", "星河协会 主席（曾任）")],
            [("星河协会", "leaders", "张三")],
        ),
        (
            "the resignation as a noun (张三的最终卸任) is one too",
            ["星河协会主席张三表示，今年会更好。", "张三的最终卸任，是一个无奈的回答。"],
            {"星河协会": "c", "张三": "p"},
            [("张三", "roles", "星河协会 主席（曾任）")],
            [("星河协会", "leaders", "张三")],
        ),
        (
            "resigning to found a company leaves an earlier job: the new post stays current",
            ["星光光电创始人张三表示，今年会更好。", "张三此前是一家公司的高管，2018年辞职创立了星光光电。"],
            {"星光光电": "c", "张三": "p"},
            [("张三", "roles", "星光光电 创始人")],
            [("张三", "roles", "星光光电 创始人（曾任）")],
        ),
        (
            "resigning and then joining: the new post stays current",
            ["星光光电副总裁张三表示，今年会更好。", "张三辞职，随后加入星光光电。"],
            {"星光光电": "c", "张三": "p"},
            [("张三", "roles", "星光光电 副总裁"), ("星光光电", "leaders", "张三（副总裁）")],
            [],
        ),
        (
            "a dated resignation is an earlier job's",
            ["星光光电副总裁张三表示，今年会更好。", "2015年，张三辞职。"],
            {"星光光电": "c", "张三": "p"},
            [("张三", "roles", "星光光电 副总裁")],
            [],
        ),
        (
            "posts at two organisations: which one was left is not said, nothing changes",
            ["星光光电副总裁张三表示，今年会更好。", "星河协会主席张三也在场。", "张三今天辞职。"],
            {"星光光电": "c", "星河协会": "c", "张三": "p"},
            [("张三", "roles", "星光光电 副总裁"), ("张三", "roles", "星河协会 主席")],
            [],
        ),
        (
            "an investor's exit (成功退出) with no one named in its clause is no resignation",
            [
                "星光光电创始人张三表示，今年会更好。",
                "读博期间，张三就创办了一家公司，并以高价卖掉，成功退出。",
            ],
            {"星光光电": "c", "张三": "p"},
            [("张三", "roles", "星光光电 创始人"), ("星光光电", "leaders", "张三（创始人）")],
            [],
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
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "titles of which the last is known by its head word, between the organisation and the name",
            "青柚科技联合创始人、CTO兼首席算法架构师孟凡博士说，算力决定一切。",
            {"青柚科技": "c", "孟凡": "p"},
            [("孟凡", "roles", "青柚科技 联合创始人、CTO兼首席算法架构师")],
            [],
        ),
        (
            "a department head's post: a role, not the organisation's leader",
            "记者致电晨光基金会公关部主管孟凡求证。",
            {"晨光基金会": "c", "孟凡": "p"},
            [("孟凡", "roles", "晨光基金会 公关部主管")],
            [("晨光基金会", "leaders", "孟凡")],
        ),
        (
            "a name ending in 会 longer than two characters is an organisation",
            "青年协会执行董事孟凡出席了开幕式。",
            {"青年协会": "c", "孟凡": "p"},
            [("孟凡", "roles", "青年协会 执行董事"), ("青年协会", "leaders", "孟凡（执行董事）")],
            [],
        ),
        (
            "another name between the organisation and the person: no title by head word",
            "青柚科技邀请星河资本投资总监孟凡参会。",
            {"青柚科技": "c", "星河资本": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河资本 投资总监")],
            [("孟凡", "roles", "青柚科技")],
        ),
        (
            "由 after the organisation: the words before the name describe the person, no title there",
            "松禾服饰由设计师孟凡创立。",
            {"松禾服饰": "c", "孟凡": "p"},
            [],
            [("孟凡", "roles", "松禾服饰 由")],
        ),
        (
            "由 after the organisation, a longer description",
            "青梧科技由华人科学家孟凡与工程师柯岩于2020年联合创立。",
            {"青梧科技": "c", "孟凡": "p", "柯岩": "p"},
            [],
            [("孟凡", "roles", "青梧科技 由")],
        ),
        (
            "a name with 及 inside is a list, not an organisation",
            "青柚科技及晨光基金会主席孟凡到场。",
            {"青柚科技及晨光基金会": "c", "孟凡": "p"},
            [],
            [("孟凡", "roles", "青柚科技及晨光基金会")],
        ),
    ],
)
def test_titles_known_by_their_head_word(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, expected, forbidden",
    [
        (
            "a founder's title at a name the article writes twice: the role and the founding",
            "青禾教育宣布停课后，青禾教育创办人孟凡发文致歉。",
            [("孟凡", "roles", "青禾教育 创办人"), ("孟凡", "founded", "青禾教育")],
            [],
        ),
        (
            "a partner's title: a role, no founding",
            "本轮由远山资本领投，远山资本合伙人孟凡将加入董事会。",
            [("孟凡", "roles", "远山资本 合伙人")],
            [("孟凡", "founded", "远山资本")],
        ),
        (
            "named once only: no organisation",
            "青禾教育创办人孟凡发文致歉。",
            [],
            [("孟凡", "roles", ""), ("孟凡", "founded", "")],
        ),
        (
            "a class word is no organisation",
            "公司创始人兼CEO孟凡毕业于清源大学，公司创始人团队都很年轻。",
            [],
            [("孟凡", "roles", ""), ("孟凡", "founded", "")],
        ),
        (
            "a clause piece before the title is no organisation (在参加…)",
            "他在参加远山资本年会后，又在参加远山资本合伙人孟凡的晚宴。",
            [("孟凡", "roles", "远山资本 合伙人")],
            [("孟凡", "roles", "参加远山资本")],
        ),
        (
            "named once, but with its legal form: the form is the evidence",
            "青禾养老服务管理有限公司董事长孟凡总结道。",
            [("孟凡", "roles", "青禾养老服务管理有限公司 董事长")],
            [],
        ),
        (
            "a legal name starting its clause may begin with a function character; 实控人 is a title",
            "据报道，都禾集团公司实控人孟凡在各地建起9家公寓。",
            [("孟凡", "roles", "都禾集团公司 实控人")],
            [],
        ),
        (
            "a verb before a legal name inside its clause: where the name starts is not clear",
            "他随后加入青禾养老服务管理有限公司董事长孟凡的团队。",
            [],
            [("孟凡", "roles", "")],
        ),
        (
            "a legal name after 由 inside its clause",
            "本轮由青禾养老服务管理有限公司董事长孟凡牵头。",
            [("孟凡", "roles", "青禾养老服务管理有限公司 董事长")],
            [],
        ),
        (
            "a legal form alone is no name",
            "有限公司董事长孟凡表示。",
            [],
            [("孟凡", "roles", "")],
        ),
    ],
)
def test_a_role_at_an_organisation_the_extractor_missed(desc, sentence, expected, forbidden):
    flat, _ = profile(sentence, {"孟凡": "p"})
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "titles alone after a clause naming one organisation: a post there",
            ["青柚科技董事长孟凡，联合创始人、总裁宋岚一同出席。"],
            {"青柚科技": "c", "孟凡": "p", "宋岚": "p"},
            [("宋岚", "roles", "青柚科技 联合创始人、总裁"), ("宋岚", "founded", "青柚科技")],
            [],
        ),
        (
            "a founder's title alone in an article mostly about one company",
            [
                "青柚科技成立于2016年。",
                "青柚科技的产品卖得很好。",
                "青柚科技去年营收翻倍。",
                "员工在群里抱怨加班，创始人宋岚回应了质疑。",
            ],
            {"青柚科技": "c", "宋岚": "p"},
            [("宋岚", "roles", "青柚科技 创始人"), ("青柚科技", "founders", "宋岚")],
            [],
        ),
        (
            "two organisations named before: not clear which",
            ["青柚科技收购了星河数据，创始人宋岚将留任。"],
            {"青柚科技": "c", "星河数据": "c", "宋岚": "p"},
            [],
            [("宋岚", "roles", ""), ("宋岚", "founded", "")],
        ),
        (
            "an organisation in the same clause after the name: not clear which",
            [
                "青柚科技成立于2016年。",
                "青柚科技的产品卖得很好。",
                "青柚科技去年营收翻倍。",
                "创始人宋岚曾任星河数据CTO。",
            ],
            {"青柚科技": "c", "星河数据": "c", "宋岚": "p"},
            [],
            [("宋岚", "roles", "青柚科技"), ("宋岚", "founded", "青柚科技")],
        ),
        (
            "a modifier before the title is not a bare title (女创始人)",
            [
                "青柚科技成立于2016年。",
                "青柚科技的产品卖得很好。",
                "青柚科技去年营收翻倍。",
                "据悉，这位女创始人宋岚很低调。",
            ],
            {"青柚科技": "c", "宋岚": "p"},
            [],
            [("宋岚", "founded", "青柚科技")],
        ),
        (
            "a brand the article is about; a school after the name is no rival; a space before the name",
            [
                "「青柚」是一个宠物品牌。",
                "「青柚」去年卖出了十万件。",
                "「青柚」完成了A轮融资。",
                "创始人宋岚拥有星河大学工商管理硕士学位。",
                "联合创始人、CTO 孟凡曾是工程师。",
            ],
            {"青柚": "b", "星河大学": "u", "宋岚": "p", "孟凡": "p"},
            [
                ("宋岚", "roles", "青柚 创始人"),
                ("孟凡", "roles", "青柚 联合创始人、CTO"),
                ("青柚", "founders", "宋岚"),
            ],
            [("宋岚", "roles", "星河大学")],
        ),
        (
            "a product named more often than its maker does not hide the company in focus",
            [
                "青柚科技推出了陪伴机器人“柚宝”。",
                "“柚宝”去年卖出了十万台，“柚宝”的用户多是年轻人。",
                "“柚宝”能识别主人的情绪，“柚宝”还会唱歌。",
                "青柚科技成立于2018年，总部在深圳。",
                "青柚科技去年营收翻倍。",
                "创始人、CEO 宋岚说，明年“柚宝”会出新款。",
            ],
            {"青柚科技": "c", "柚宝": "pr", "宋岚": "p"},
            [("宋岚", "roles", "青柚科技 创始人、CEO")],
            [("宋岚", "roles", "柚宝")],
        ),
    ],
)
def test_bare_titles_hold_at_the_organisation_in_focus(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "titles not in the lists, listed with 、 before a known one",
            ["星河证券党委副书记、总裁宋岚表示，今年要稳。"],
            {"星河证券": "c", "宋岚": "p"},
            [
                ("宋岚", "roles", "星河证券 党委副书记、总裁"),
                ("星河证券", "leaders", "宋岚（党委副书记、总裁）"),
            ],
            [],
        ),
        (
            "the entity's short name and the fuller name the article writes twice",
            ["星河教育的学生越来越多。", "星河教育创始人宋岚说，扩张要慢。"],
            {"星河": "c", "宋岚": "p"},
            [("宋岚", "roles", "星河教育 创始人"), ("星河", "leaders", "宋岚（创始人）")],
            [],
        ),
        (
            "a longer name written once is not the organisation's",
            ["星河资本管理合伙人宋岚说，扩张要慢。"],
            {"星河": "c", "宋岚": "p"},
            [],
            [("宋岚", "roles", "星河资本")],
        ),
        (
            "another person between the organisation and the titles",
            ["星河证券宋岚的助理、董事长秘书孟凡说，不评论。"],
            {"星河证券": "c", "宋岚": "p", "孟凡": "p"},
            [],
            [("孟凡", "roles", "星河证券")],
        ),
    ],
)
def test_titles_at_the_name_as_written(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a list of posts before the name: the item at a known organisation is a role",
            "星河党党魁丶立法会航运界议员孟凡接受采访时表示，新规定令人意外。",
            {"星河党": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河党 党魁"), ("星河党", "leaders", "孟凡（党魁）")],
            [("孟凡", "roles", "立法会")],
        ),
        (
            "each known organisation of the list keeps its own title",
            "星河集团董事长、青禾基金会执行董事孟凡出席了活动。",
            {"星河集团": "c", "青禾基金会": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河集团 董事长"), ("孟凡", "roles", "青禾基金会 执行董事")],
            [("孟凡", "roles", "星河集团 执行董事"), ("孟凡", "roles", "青禾基金会 董事长")],
        ),
        (
            "a clause that is more than a list of posts is left to the other rules",
            "星河党党魁、他的老朋友孟凡出席了活动。",
            {"星河党": "c", "孟凡": "p"},
            [],
            [("孟凡", "roles", "星河党 党魁")],
        ),
    ],
)
def test_a_list_of_posts_before_a_name(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not has(flat, name, field, text), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a dated past post in a bracket after the name",
            "你去问孟凡（2005年时任星河党主席），他也会这么讲。",
            {"孟凡": "p", "星河党": "c"},
            [("孟凡", "roles", "星河党 主席（曾任）")],
            [("孟凡", "roles", "星河党 主席")],
        ),
        (
            "a post in a bracket before the name, at an organisation the extractor does not know",
            "和总部有联系的人如（星河委员会副主任）孟凡有提过。",
            {"孟凡": "p"},
            [("孟凡", "roles", "星河委员会 副主任")],
            [],
        ),
        (
            "a bracket ending with the name: the post before it, a founder's title founds",
            "我们有一个中学同学（现青禾联合创始人Jason），读完港大留在香港工作。",
            {"Jason": "p", "青禾": "c"},
            [("Jason", "roles", "青禾 联合创始人"), ("Jason", "founded", "青禾")],
            [],
        ),
        (
            "an age, a position in a photo or a defined name in a bracket is no post",
            "孟凡（52岁）与宋岚（右）合影，（以下简称星河）孟凡表示满意。",
            {"孟凡": "p", "宋岚": "p"},
            [],
            [("孟凡", "roles", ""), ("宋岚", "roles", "")],
        ),
        (
            "a brand's founder: the class word 品牌 between the name and the title",
            "星河拌面的品牌创始人孟凡，此前是一家上市公司的高管。",
            {"星河拌面": "b", "孟凡": "p"},
            [
                ("孟凡", "roles", "星河拌面 创始人"),
                ("孟凡", "founded", "星河拌面"),
                ("星河拌面", "founders", "孟凡"),
            ],
            [],
        ),
    ],
)
def test_posts_in_brackets_and_brand_founders(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        got = {t for f, t in flat.get(name, set()) if f == field}
        assert (text not in got) if text else not got, (desc, flat)


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "a word run onto a known title, at the name the article writes again: a post, not the lead",
            ["本轮由星河中国、青禾资本领投。", "本轮领投方星河中国投资董事孟凡表示，看好这个市场。"],
            {"星河": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河中国 投资董事")],
            [("星河", "leaders", "孟凡（投资董事）"), ("孟凡", "roles", "星河 中国投资董事")],
        ),
        (
            "a unit before the title: the post is held at the organisation, which it does not lead",
            ["星河自动驾驶团队成立于2013年。", "星河自动驾驶事业部总经理孟凡表示，明年量产。"],
            {"星河": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河自动驾驶 事业部总经理")],
            [("星河", "leaders", "孟凡（事业部总经理）")],
        ),
        (
            "旗下 is no part of a title",
            ["星河资本投资了青禾。", "星河资本旗下合伙人孟凡表示，看好这个市场。"],
            {"星河资本": "c", "孟凡": "p"},
            [],
            [("孟凡", "roles", "星河资本 旗下合伙人")],
        ),
    ],
)
def test_titles_with_a_word_run_onto_them(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert (field, text) not in flat.get(name, set()), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "前 between the organisation and the title: a past post",
            "星河科技前CEO张三表示不满。",
            {"星河科技": "c", "张三": "p"},
            [("张三", "roles", "星河科技 CEO（曾任）")],
            [("星河科技", "leaders", "张三")],
        ),
        (
            "时任 before the organisation: the post at the time told, past",
            "时任星河科技CEO张三表示不满。",
            {"星河科技": "c", "张三": "p"},
            [("张三", "roles", "星河科技 CEO（曾任）")],
            [("星河科技", "leaders", "张三")],
        ),
        (
            "目前 is no 前: the post stays current",
            "星河科技目前的CEO张三表示不满。",
            {"星河科技": "c", "张三": "p"},
            [],
            [("张三", "roles", "星河科技 CEO（曾任）")],
        ),
    ],
)
def test_former_posts(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert not any(f == field and t.startswith(text) for f, t in flat.get(name, set())), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a former state post before the name, no organisation entity there: shown as written, past",
            "由国家前副主席孟凡侄女宋岚创办的星河控股周三发布了公告。",
            {"孟凡": "p", "宋岚": "p", "星河控股": "c"},
            [("孟凡", "roles", "国家 副主席（曾任）")],
            [("宋岚", "roles", "国家 副主席（曾任）")],
        ),
        (
            "时任 and a district before an official's title",
            "后来记者问到时任警务处观塘区指挥官孟凡，孟凡拒绝回应。",
            {"孟凡": "p"},
            [("孟凡", "roles", "警务处 观塘区指挥官（曾任）")],
            [],
        ),
        (
            "a state post as the predicate after the name",
            "孟凡是前政治局常委，长期分管经济工作。",
            {"孟凡": "p"},
            [("孟凡", "roles", "政治局 常委（曾任）")],
            [],
        ),
        (
            "a list of posts: the chamber's sector seat beside the party post",
            "星河党党魁丶立法会航运界议员孟凡接受采访时表示，新规定令人意外。",
            {"星河党": "c", "孟凡": "p"},
            [("孟凡", "roles", "立法会 航运界议员"), ("孟凡", "roles", "星河党 党魁")],
            [],
        ),
        (
            "after a preposition, a state post known by its head word",
            "那是两个月前，在国务院总理孟凡主持召开的专家座谈会上。",
            {"孟凡": "p"},
            [("孟凡", "roles", "国务院 总理")],
            [],
        ),
        (
            "a state body that only starts a longer word (a company's name) is no post",
            "国家电网董事长孟凡表示，明年投资加大。",
            {"孟凡": "p"},
            [],
            [("孟凡", "roles", "")],
        ),
        (
            "a body not of the state and not an entity gives nothing",
            "星河防汛应急指挥中心指挥官孟凡前往现场。",
            {"孟凡": "p"},
            [],
            [("孟凡", "roles", "")],
        ),
    ],
)
def test_posts_at_bodies_of_the_state(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        got = {t for f, t in flat.get(name, set()) if f == field}
        assert (text not in got) if text else not got, (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a post held, in the predicate, by the one person named before the clause",
            "此前曾担任过省队主教练的孟凡指导，虽然一直坐在星河协会副主席的位置上，但并不负责具体事务。",
            {"孟凡": "p", "星河协会": "c"},
            [("孟凡", "roles", "星河协会 副主席")],
            [],
        ),
        (
            "the subject is (是) the title ending the clause, at the organisation right before it",
            "孟凡（阿凡）是动画制作公司Starriver Works的创办人之一，他们想做出本地的原创动画。",
            {"Starriver Works": "c", "孟凡": "p"},
            [("孟凡", "roles", "Starriver Works 创办人"), ("孟凡", "founded", "Starriver Works")],
            [],
        ),
        (
            "曾是 makes that role past; a friend is no title",
            "孟凡曾是星河科技的CEO，也是青禾科技的老朋友。",
            {"星河科技": "c", "青禾科技": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河科技 CEO（曾任）")],
            [("孟凡", "roles", "星河科技 CEO"), ("孟凡", "roles", "青禾科技 老朋友")],
        ),
        (
            "two organisations listed before a title that opens the clause: the title holds at both",
            "星河丝绸有限公司、青禾文化有限公司董事长孟凡2011年出席了开幕式。",
            {"星河丝绸有限公司": "c", "青禾文化有限公司": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河丝绸有限公司 董事长"), ("孟凡", "roles", "青禾文化有限公司 董事长")],
            [],
        ),
        (
            "a list after a verb is another shape: only the organisation the title follows",
            "投资方包括星河资本、青禾资本董事长孟凡。",
            {"星河资本": "c", "青禾资本": "c", "孟凡": "p"},
            [("孟凡", "roles", "青禾资本 董事长")],
            [("孟凡", "roles", "星河资本 董事长")],
        ),
    ],
)
def test_posts_in_the_predicate_and_at_listed_organisations(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        got = {t for f, t in flat.get(name, set()) if f == field}
        assert (text not in got) if text else not got, (desc, flat)


def test_heads_are_listed_chairman_first_deputy_last():
    from bot.facts import Fact
    from bot.relations.profile import ProfileBuilder
    from bot.vocab import REF_NAMED

    ents = {
        i: {"name": n, "kind": k, "aliases": {}, "aliases_simplified": []}
        for i, (n, k) in enumerate(
            [("星河丝绸", "company"), ("宋岚", "person"), ("孟凡", "person"), ("李雷", "person")], 1
        )
    }
    lines = [
        (2, "星河丝绸副主席宋岚表示，产能翻倍。"),
        (3, "星河丝绸总经理孟凡说，订单很多。"),
        (3, "星河丝绸总经理孟凡又说，工人不够。"),
        (4, "星河丝绸董事长李雷出席了开幕式。"),
    ]
    facts = [
        Fact("a", j, t, t, "role", None, "", {1: REF_NAMED, e: REF_NAMED}) for j, (e, t) in enumerate(lines)
    ]
    out = ProfileBuilder(ents, facts).build()
    heads = [v.text for v in out[1] if v.field == "leaders"]
    # 董事长 first though 总经理 has more sentences; the deputy last
    assert heads == ["李雷（董事长）", "孟凡（总经理）", "宋岚（副主席）"], heads


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "作为…之一的 with no organisation: the title at the article's company",
            [
                "星河科技今天发布新品。",
                "星河科技估值过百亿。",
                "星河科技有三千名员工。",
                "对话中，作为联合创始人之一的孟凡分享了一个故事。",
            ],
            {"星河科技": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河科技 联合创始人"), ("孟凡", "founded", "星河科技")],
            [],
        ),
        (
            "作为ORG TITLE的, the organisation a name the article writes twice",
            ["5年前，青禾以12亿美金收购星河无线，作为星河无线CEO的孟凡才逐渐为人所知。"],
            {"青禾": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河无线 CEO")],
            [],
        ),
        (
            "ORG由TITLE PERSON创立: the title at the organisation before 由, and the founding",
            ["招股书显示，星河国际由董事长兼CEO孟凡创立，上市前孟凡持股约为37.5%。"],
            {"星河国际": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河国际 董事长兼CEO"), ("星河国际", "founders", "孟凡")],
            [],
        ),
        (
            "a second titled person joined by 和 holds the title at the same organisation",
            ["星河大陆执行长宋岚和共同创办人孟凡的身家也已接近百亿。"],
            {"星河大陆": "c", "宋岚": "p", "孟凡": "p"},
            [("孟凡", "roles", "星河大陆 共同创办人"), ("孟凡", "founded", "星河大陆")],
            [],
        ),
        (
            "和 after a person with no post there: the title's organisation is not said",
            ["星河大陆的客户宋岚和创始人孟凡见了面。"],
            {"星河大陆": "c", "宋岚": "p", "孟凡": "p"},
            [],
            [("孟凡", "roles", "星河大陆 创始人")],
        ),
        (
            "a commission of the state before a researcher's title",
            ["随著这次改组，内地学者、国资委研究员孟凡认为一个阶段已经结束。"],
            {"孟凡": "p"},
            [("孟凡", "roles", "国资委 研究员")],
            [],
        ),
    ],
)
def test_titles_after_作为_由_and_a_joining_word(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat)
    for name, field, text in forbidden:
        assert (field, text) not in flat.get(name, set()), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "an organisation right before a person who speaks: the person speaks for it, no title stated",
            "星河资本孟凡表示：“围绕新能源，我们会持续投入。”",
            {"星河资本": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河资本")],
            [("星河资本", "leaders", "孟凡（）")],
        ),
        (
            "the organisation is a verb's object: nothing",
            "本轮由青禾领投，老股东星河资本孟凡表示支持。",
            {"青禾": "c", "星河资本": "c", "孟凡": "p"},
            [],
            [("孟凡", "roles", "星河资本")],
        ),
        (
            "a stated title at the same organisation is shown instead",
            "星河资本合伙人孟凡表示：“我们会持续投入。”星河资本孟凡说，市场很大。",
            {"星河资本": "c", "孟凡": "p"},
            [("孟凡", "roles", "星河资本 合伙人")],
            [("孟凡", "roles", "星河资本")],
        ),
    ],
)
def test_a_person_speaking_for_the_organisation_before_the_name(
    desc, sentence, entities, expected, forbidden
):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat)
    for name, field, text in forbidden:
        assert not has(flat, name, field, text), (desc, flat)


ARTICLE = ["星河集团申请在主板上市。", "星河集团去年收入大增。", "星河集团的品牌很有名。"]


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "a title then 包括 and a list: each person holds it at the organisation named before it",
            "星河科技的独立董事包括：作曲人钱一舟、李四海及王小五。",
            {"星河科技": "c", "钱一舟": "p", "李四海": "p", "王小五": "p"},
            [
                ("钱一舟", "roles", "星河科技 独立董事"),
                ("李四海", "roles", "星河科技 独立董事"),
                ("王小五", "roles", "星河科技 独立董事"),
            ],
            [("星河科技", "leaders", "钱一舟（独立董事）")],
        ),
        (
            "a list after 包括 of organisations gives no one a role",
            "星河科技的董事包括：青禾资本、远山投资。",
            {"星河科技": "c", "青禾资本": "c", "远山投资": "c"},
            [],
            [("青禾资本", "roles", "星河科技 董事")],
        ),
        (
            "a list the clause does not end with is no list of the title's holders",
            "星河科技的董事包括钱一舟推荐的人选。",
            {"星河科技": "c", "钱一舟": "p"},
            [],
            [("钱一舟", "roles", "星河科技 董事")],
        ),
        (
            "a clause of 是 and titles after a list of people: each holds them at the organisation it names",
            "三位老板钱一舟、李四海及王小五，是星河科技的控股股东及执行董事。",
            {"星河科技": "c", "钱一舟": "p", "李四海": "p", "王小五": "p"},
            [
                ("钱一舟", "roles", "星河科技 执行董事"),
                ("李四海", "roles", "星河科技 执行董事"),
                ("王小五", "roles", "星河科技 执行董事"),
            ],
            [("星河科技", "leaders", "钱一舟（执行董事）")],
        ),
        (
            "曾是 makes the predicate's title past",
            "钱一舟和李四海，曾是星河科技的董事。",
            {"星河科技": "c", "钱一舟": "p", "李四海": "p"},
            [("钱一舟", "roles", "星河科技 董事（曾任）"), ("李四海", "roles", "星河科技 董事（曾任）")],
            [],
        ),
        (
            "a predicate whose organisation is not named holds nowhere",
            "钱一舟、李四海，是行业里有名的董事。",
            {"星河科技": "c", "钱一舟": "p", "李四海": "p"},
            [],
            [("钱一舟", "roles", "星河科技 董事")],
        ),
        (
            "a predicate after a clause that ends with something else than the people",
            "钱一舟见了李四海的家人，是星河科技的董事。",
            {"星河科技": "c", "钱一舟": "p", "李四海": "p"},
            [],
            [("李四海", "roles", "星河科技 董事"), ("钱一舟", "roles", "星河科技 董事")],
        ),
    ],
)
def test_titles_of_listed_people(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat.get(name))
    for name, field, text in forbidden:
        assert not has(flat, name, field, text), (desc, flat.get(name))


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        (
            "公司 before the title stands for the company the article is about",
            "至于拟上市公司的独立非执董包括：律师钱一舟、王某及李四海。",
            [("钱一舟", "roles", "星河集团 独立非执董"), ("李四海", "roles", "星河集团 独立非执董")],
        ),
        (
            "the predicate's 公司 too",
            "集团三位创办人钱一舟、李四海及王小五，是拟上市的公司控股股东及执行董事。",
            [("钱一舟", "roles", "星河集团 执行董事"), ("王小五", "roles", "星河集团 执行董事")],
        ),
    ],
)
def test_listed_people_at_the_company_in_focus(desc, sentence, expected):
    flat = article_profile(
        [*ARTICLE, sentence], {"星河集团": "c", "钱一舟": "p", "李四海": "p", "王小五": "p"}
    )
    for name, field, text in expected:
        assert (field, text) in flat.get(name, set()), (desc, flat.get(name))


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        (
            "是 + a name the extractor missed (a proper part, a class noun) + 的创始人: role and founding",
            "金美京是翠微轩老年公寓的创始人，她在2016年入行时就注意到了这个问题。",
            {("roles", "翠微轩老年公寓 创始人"), ("founded", "翠微轩老年公寓")},
        ),
        (
            "之一 after the title",
            "金美京是翠微轩工作室的创始人之一。",
            {("roles", "翠微轩工作室 创始人"), ("founded", "翠微轩工作室")},
        ),
        ("a modifier of two characters is no name", "金美京是初代国产手机的创始人。", set()),
        ("a numeral or a pronoun opens a description", "金美京是一家养老机构的创始人。", set()),
        ("an everyday compound is no name", "金美京是公益组织的创始人。", set()),
        ("曾是: the founding is not told as today's post", "金美京曾是翠微轩工作室的创始人。", set()),
        ("another title than a founder's is not enough", "金美京是翠微轩工作室的总经理。", set()),
    ],
)
def test_founder_of_a_name_the_extractor_missed(desc, sentence, expected):
    flat, _ = profile(sentence, {"金美京": "p"})
    got = {(f, t) for f, t in flat.get("金美京", set()) if f in ("roles", "founded")}
    assert got == expected, desc


@pytest.mark.parametrize(
    "desc, sentence, expected, forbidden",
    [
        (
            "a list after an organisation's leading group and 包括: each titled member holds the title there",
            "后来这个方案得到星河科技高层支持，包括老板娘「阿梅姐」和运营总监王小五，连创办人也表了态。",
            [("王小五", "roles", "星河科技 运营总监")],
            [("星河科技", "leaders", "王小五（运营总监）")],
        ),
        (
            "a known title leads",
            "星河科技的管理层包括：CEO钱一舟、CTO李四海。",
            [("钱一舟", "roles", "星河科技 CEO"), ("李四海", "roles", "星河科技 CTO")],
            [],
        ),
        (
            "a member with no title before the name gets none",
            "星河科技的董事会包括钱一舟和李四海。",
            [],
            [("钱一舟", "roles", "星河科技 董事")],
        ),
        (
            "a leading group of no organisation named right before it",
            "公司高层包括运营总监王小五。",
            [],
            [("王小五", "roles", "星河科技 运营总监")],
        ),
    ],
)
def test_titled_members_of_a_leading_group(desc, sentence, expected, forbidden):
    flat, _ = profile(sentence, {"星河科技": "c", "钱一舟": "p", "李四海": "p", "王小五": "p"})
    for name, field, text in expected:
        assert has(flat, name, field, text), (desc, flat.get(name))
    for name, field, text in forbidden:
        assert not has(flat, name, field, text), (desc, flat.get(name))
