"""One organisation, one entity: forms an article writes that must not become a second name or junk;
and names an article states plainly that must become entities (not only "mentioned").

Invented articles with real sentence shapes: (description, text, expected kinds, forbidden kinds),
checked as in tests/test_extract.py.
"""

from __future__ import annotations

import pytest

from bot.normalize import name_key, to_simplified
from tests.test_extract import ANY, ORG, Case, found, kinds

CASES = [
    Case(
        "a variant character (㕑 for 廚) in the body and the standard one in the headline are one name",
        "社企廚星創辦人趙一鳴表示，㕑星今年開始賺錢。㕑星有六十名員工，㕑星的員工多是殘疾人士。",
        expected={"厨星": ORG},
        forbidden={"㕑星": ANY},
    ),
    Case(
        "a headline's full-width space parts two phrases: the name does not reach across it",
        "由檳城到柴灣的咖喱　廚星創辦人趙一鳴：讓員工安心最重要\n"
        "趙一鳴說，廚星今年開始賺錢。廚星有六十名員工。",
        expected={"厨星": ORG},
        forbidden={"咖喱厨星": ANY},
    ),
    Case(
        "a kind of enterprise (社企, 房企: one character and 企) before a name is no part of it",
        "社企厨星创办人赵一鸣表示，厨星今年开始赚钱。厨星有六十名员工，厨星的员工多是残疾人士。",
        expected={"厨星": ORG},
        forbidden={"社企厨星": ANY},
    ),
    Case(
        "a kind of enterprise after a founding verb is no organisation",
        "赵一鸣创办房企「星河地产」，星河地产位列全国房企百强。星河地产去年卖楼过百亿。",
        expected={"星河地产": ORG},
        forbidden={"房企": ANY},
    ),
    Case(
        "a span of time after a founding verb is no organisation",
        "赵一鸣在2015年创办了星河书院。限制收紧，两年后只剩下四所学校。但星河创立两年后，招生并没有起色。"
        "星河书院后来改了课程。",
        expected={"星河书院": ORG},
        forbidden={"两年后": ANY},
    ),
    Case(
        "a name and a line of business (X教育) and its stem (X) written more often are one organisation",
        "佳星和教培机构“邦星教育”合作出资。黄一鸣是邦星教育创始人，邦星教育去年完成融资。"
        "邦星创始人黄一鸣说，邦星的老师都很年轻，邦星今年关闭了四十家机构。",
        expected={"邦星教育": ORG},
        forbidden={"邦星": ANY},
    ),
    Case(
        "a unit the article calls the stem's (旗下) stays an organisation of its own",
        "平台“腾星音乐”是腾星旗下的音乐平台，腾星音乐去年营收过百亿。腾星创始人马一鸣说，"
        "腾星今年还推出了新游戏，腾星股价上涨。",
        expected={"腾星音乐": ORG, "腾星": ORG},
        forbidden={},
    ),
    Case(
        "the stem and a class noun (X公司) written once is the organisation the article names with that stem",
        "星积电董事长赵一鸣今天表示，星积电会捐赠疫苗。星积电是全球最大的芯片制造公司，星积电员工很多。"
        "捐赠疫苗是星积公司实践企业公民角色的体现。",
        expected={"星积电": ORG},
        forbidden={"星积公司": ANY},
    ),
    Case(
        "a stem also written on its own may be a name of its own: X公司 stays apart",
        "星积电董事长赵一鸣今天表示，星积电会捐赠疫苗。星积电是全球最大的芯片制造公司。"
        "星积今年还开了新厂，捐赠疫苗是星积公司实践企业公民角色的体现。",
        expected={"星积电": ORG, "星积公司": ORG},
        forbidden={},
    ),
    Case(
        "the examples given of a kind of organisation (社企餐厅，例如 A的X、B的Y等) are organisations",
        "香港也有组织开设社企餐厅，例如东岚的 iCrumb、星智会于西仓的星智小馆等，厨星有何独特？",
        expected={"iCrumb": ORG, "星智小馆": ORG},
        forbidden={},
    ),
    Case(
        "examples that are ordinary words are no organisations, and 和 inside a name does not split it",
        "资金来自金融机构，例如银行、保险公司等；VC机构包括韦星创芯、和澄资本、启星创投等。",
        expected={"和澄资本": ORG},
        forbidden={"银行": ANY, "保险公司": ANY, "聚资本": ANY},
    ),
    Case(
        "a 'person' written only at the start of organisations' names (X会, X小馆) is no person",
        "香港也有组织开设社企餐厅，例如东岚的 iCrumb、甘智会于西仓的甘智小馆等，厨星有何独特？",
        expected={"甘智小馆": ORG},
        forbidden={"甘智": ANY},
    ),
    Case(
        "a person written alone as well (赵一鸣会 is 'will') stays a person",
        "赵一鸣教授表示会继续，赵一鸣说他很高兴。赵一鸣会于明年退休。",
        expected={"赵一鸣": "person"},
        forbidden={},
    ),
    Case(
        "a titled person whose one mention is followed by 会 ('will') stays a person",
        "星河科技董事长赵一鸣会于明年退休，公司今年营收过亿。",
        expected={"赵一鸣": "person"},
        forbidden={},
    ),
    Case(
        "a Latin name right before 品牌 is a brand",
        "星河优品在招股书中指出，其认为NOVA PLAY品牌与 LUMIKO品牌可以互相带动。",
        expected={"LUMIKO": "brand", "NOVA PLAY": "brand"},
        forbidden={},
    ),
    Case(
        "a short upper-case abbreviation before 品牌 is a kind of brand, not one",
        "很多DTC品牌和AI品牌都在做直播，投资人助其早期Ninebot品牌的建立。",
        expected={"Ninebot": "brand"},
        forbidden={"DTC": ANY, "AI": ANY},
    ),
    Case(
        "a caption's position note after a titled name marks a person, though the surname is unknown",
        "2019年年会演讲时，温景行和合伙人拾不语（左）、快刀一鸣（右）合影（受访者 供图）。温景行说，公司会继续做下去。",
        expected={"拾不语": "person"},
        forbidden={},
    ),
    Case(
        "a position note after things, not people, marks no person",
        "新款手机（左）与旧款手机（右）对比，星河科技的手机（左）卖得更好。",
        expected={},
        forbidden={"新款手机": ANY, "旧款手机": ANY},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_one_organisation_one_entity(case: Case):
    got = kinds(case.text)
    for name, kind in case.expected.items():
        assert (got.get(name) not in (None, "person")) if kind == ORG else got.get(name) == kind, (
            case.description,
            got,
        )
    for name, kind in case.forbidden.items():
        assert name not in got if kind == ANY else got.get(name) != kind, (case.description, got)


@pytest.mark.parametrize(("variant", "standard"), [("㕑房", "廚房"), ("保衞", "保衛")])
def test_variant_characters_share_a_key(variant, standard):
    assert name_key(variant) == name_key(standard)
    assert len(to_simplified(variant)) == len(variant)  # one for one: spans map back to the text


FORMER = [
    (
        "a class noun (学校) stands for the school quoted last, in a sentence a line break cut in two",
        "当年，机构“佳星教育”与本土机构“邦星教育”合作出资，计划办一所“深圳邦星佳星中学”，只是“学校还没开始招生，"
        "两家就分道扬镳”，\n最后学校改名为厚星书院，投资人是黄一鸣。厚星书院在2016年创校，厚星书院的学生很多。",
        "厚星书院",
        "深圳邦星佳星中学",
    ),
    (
        "a class noun (公司) stands for the organisation found and quoted last",
        "云帆出行创始人赵一鸣说，司机很多。他在2015年创办了“云帆出行”，公司后来改名为“星河出行”。"
        "星河出行今年上市，星河出行创始人赵一鸣说，星河出行的司机很多。",
        "星河出行",
        "云帆出行",
    ),
]


@pytest.mark.parametrize(("description", "text", "name", "former"), FORMER, ids=[c[0] for c in FORMER])
def test_a_class_noun_renamed_is_the_name_before_it(description, text, name, former):
    got = found(text)
    assert got[name].aliases.get(former) == "former", (description, {n: f.aliases for n, f in got.items()})


def test_a_class_noun_renamed_with_no_name_before_it_gives_no_alias():
    got = found("公司后来改名为星河出行。星河出行今年上市，星河出行的司机很多。")
    assert all(t != "former" for f in got.values() for t in f.aliases.values())


LATIN = [
    (
        "an English name whose family name reads as the surname of the one person so named",
        "问：你朋友杨一鸣也要提名？\n答：Harriet是一个真心爱这座城市的人。杨一鸣表示会考虑。现在很流行的，Harriet Yang 就是种了二十年兰花的人。",
        "杨一鸣",
        {"Harriet Yang": "english", "Harriet": "english"},
    ),
    (
        "two people of that surname: the English name is nobody's",
        "杨一鸣表示会考虑，杨二鸣说不会。现在很流行的，Harriet Yang 就是种了二十年兰花的人。杨一鸣说，杨二鸣是朋友。",
        "杨一鸣",
        {},
    ),
    (
        "a romanised place (Hong Kong) is no person's English name",
        "孔一鸣表示会考虑。他说 Hong Kong 是他的家。孔一鸣说，香港很好。",
        "孔一鸣",
        {},
    ),
]


@pytest.mark.parametrize(("description", "text", "name", "aliases"), LATIN, ids=[c[0] for c in LATIN])
def test_english_names_by_the_surname_reading(description, text, name, aliases):
    got = found(text)
    english = {a: t for a, t in got[name].aliases.items() if t == "english"}
    assert english == aliases, (description, {n: f.aliases for n, f in got.items()})


def _ner_only(text: str, votes: dict[str, dict[str, int]]) -> set[str]:
    from bot.extract import orgs
    from bot.extract.context import ArticleContext
    from bot.read.clean import clean_text
    from bot.segment import segment_text, segmenter

    ctx = ArticleContext(segment_text(clean_text(text).text), segmenter(), ner=votes)
    orgs.find_orgs_by_ner(ctx)
    return set(ctx.found)


def test_words_that_always_qualify_the_noun_after_them_are_no_name():
    text = "那几年南山国际教育很热。资本进入南山国际学校，南山国际教育发展很快，南山国际交流书院也很有名。"
    assert "南山国际" not in _ner_only(text, {"南山国际": {"ORG": 1}})


def test_a_name_the_article_also_ends_stays():
    text = "那几年南山国际教育很热。资本进入南山国际学校，南山国际宣布上市，南山国际交流书院也很有名。"
    assert "南山国际" in _ner_only(text, {"南山国际": {"ORG": 1}})


@pytest.mark.parametrize(
    ("description", "short", "legal", "linked"),
    [
        ("创投 abbreviates 创业投资", "星塘创投", "星塘创业投资管理（北京）有限公司", True),
        ("资本 is not in 创业投资管理", "星塘资本", "星塘创业投资管理（北京）有限公司", False),
    ],
)
def test_a_legal_name_the_short_name_abbreviates(description, short, legal, linked):
    text = (
        f"本轮融资由辰澜资本领投，原股东{short}继续加持。{short}\n{legal}创立于2001年，专注于科技成果转化的投资。"
        f"{short}目前管理多支基金，{short}在发展过程中得到了投资者的认可。"
    )
    got = found(text)
    assert short in got, (description, list(got))
    assert (got[short].aliases.get(legal) == "legal") is linked, (description, got[short].aliases)
