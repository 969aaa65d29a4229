"""Every rendered message is valid Telegram HTML of at most 4096 UTF-16 units, whatever the input."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import answer_line
from bot.normalize import utf16_len
from bot.query import parse_line
from bot.show import render

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
}


class _Check(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.bad.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append("/" + tag)

    def handle_entityref(self, name):
        if name not in ("lt", "gt", "amp", "quot"):
            self.bad.append("&" + name)


def assert_telegram_html(text: str) -> None:
    assert utf16_len(text) <= 4096
    c = _Check()
    c.feed(text)
    c.close()
    assert not c.bad and not c.stack, (c.bad, c.stack)
    assert not re.search(r"&(?!lt;|gt;|amp;|quot;|#)", text)


def test_cards_are_valid_html(index):
    for line in [
        "/who 张楠赓",
        "/company 神眸",
        "/who 楊作興",
        "/company 嘉楠",
        "/search 芯片",
        "/sources",
        "/help",
        "/who <script>alert(1)</script>",
        "/company a&b<c>",
        "/who 马化腾",
    ]:
        for lang in ("zh-hans", "zh-hant", "en"):
            assert_telegram_html(render(answer_line(index, line, lang=lang), "html"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_parser_never_raises(s):
    parse_line(s)
    parse_line("/who " + s)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["/who ", "/company ", "/search ", "", "/start "]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)
def test_any_input_renders_valid_html(index, cmd, s):
    ans = answer_line(index, cmd + s)
    assert_telegram_html(render(ans, "html"))
    assert utf16_len(render(ans, "plain")) <= 4096


def test_names_convert_as_whole_words(index):
    from bot.answer import answer_line
    from bot.show import render

    text = render(answer_line(index, "/company 阿里巴巴", lang="zh-hant"), "plain")
    assert "阿里巴巴" in text and "阿裡巴巴" not in text


# ---- issue 10: what a card may show, in the reader's script -----------------------------------------
@pytest.mark.parametrize(
    "desc, canon, expected",
    [
        ("particle after a verb", "这意味著整个行业", "这意味着整个行业"),
        ("随著", "随著市场扩大", "随着市场扩大"),
        ("著手 is the verb", "他著手研发芯片", "他着手研发芯片"),
        ("著名 stays", "著名的投资人", "著名的投资人"),
        ("显著 stays", "效果显著", "效果显著"),
        ("Traditional text is converted first", "隨著時間過去", "随着时间过去"),
    ],
)
def test_simplified_output_is_fully_simplified(desc, canon, expected):
    from bot.show import simplified

    assert simplified(canon) == expected, desc


@pytest.mark.parametrize(
    "desc, name, expected",
    [
        ("a surname OpenCC reads as a word", "余晓澜", "余曉瀾"),
        ("余承东", "余承东", "余承東"),
        ("an ordinary name converts whole", "张楠赓", "張楠賡"),
        ("叶 is 葉", "叶晚棠", "葉晚棠"),
    ],
)
def test_person_names_in_traditional(desc, name, expected):
    from bot.answer import person_traditional

    assert person_traditional(name) == expected, desc


@pytest.mark.parametrize(
    "desc, canon, title, expected",
    [
        ("a caption", "(图源/企业)神眸摄像头", "", True),
        ("HTML left in the text", "<figcaption>澜启创办人韩立舟。", "", True),
        ("a byline", "责任编辑：许安怡", "", True),
        ("front matter key", "categories: 新媒体", "", True),
        ("a question", "你为什么要做AI芯片？", "", True),
        ("the article's own title", "比特微创始人杨作兴像个导师。", "比特微创始人杨作兴像个导师。", True),
        ("a list of companies naming this one", "投资方包括辰澜资本、德屹资本、嘉楠、招商致远等。", "", True),
        ("a fact about it", "嘉楠在2019年11月21日于纳斯达克上市。", "", False),
        ("a list plus a fact about it", "嘉楠、比特大陆和亿邦都做矿机，嘉楠最早上市。", "", False),
        (
            "a shareholder list that gives this one's own stake",
            "在IPO之前，韩立舟持股8.25%、凌岳明昭持股1.36%、嘉楠持股7.02%、其他43名股东持股71.48%",
            "",
            False,
        ),
        (
            "how the interview came about",
            "6月14日，澜启创办人韩立舟在澜启杭州总部接受传媒采访的内容。",
            "",
            True,
        ),
        (
            "the reporter's visit",
            "为了了解这些短篇动画从制作到播出的最后一步，晨潮网来到短篇动画发行商嘉楠，采访了负责人叶晚棠。",
            "",
            True,
        ),
        ("an interview is a fact when it says what happened", "嘉楠接受了软银的投资。", "", False),
        (
            "a list of founders with their companies",
            "澜启韩立舟、嘉楠张楠赓、云帆陆鸣远都崛起于此。",
            "",
            True,
        ),
    ],
)
def test_not_a_fact(desc, canon, title, expected):
    from bot.answer import not_a_fact

    f = {"canon": canon, "sources": [{"title": title}]}
    assert not_a_fact(f, ["嘉楠"]) is expected, desc


def test_excerpt_keeps_the_clause_that_names_the_entity():
    from bot.show import excerpt

    text = "而在股东方面，在IPO之前，澜启汽车CEO韩立舟持股8.25%、凌岳明昭持股1.36%、栖云芯图持股0.7%、" * 2
    assert "韩立舟" in excerpt(text, ["韩立舟"])


def test_source_title_never_front_matter():
    from bot.show.out import title as _title

    assert _title({"title": "---", "outlet": "36kr", "article": "abc"}) == "36kr"
    assert _title({"title": "", "outlet": "", "article": "abc"}) == "abc"
    assert _title({"title": "29岁创业故事", "article": "abc"}) == "29岁创业故事"


def test_traditional_card_keeps_whole_names(ask):
    text = ask("/who 楊作興")["text"]
    assert "楊博" in text and "杨博" not in text


@pytest.mark.parametrize(
    "desc, canon, name, expected",
    [
        (
            "an item of a list of founders",
            "澜启韩立舟、栖川汽车宋知远、云帆陆鸣远都崛起于此。",
            "陆鸣远",
            True,
        ),
        ("the list's last item after 和", "客户包括三星、OPPO和小米。", "小米", True),
        ("named outside the list too", "小米、OPPO都是客户，小米下单最多。", "小米", False),
        (
            "an item with its own figure",
            "韩立舟持股8.25%、傅远澄持股7.02%、其他股东持股71.48%",
            "傅远澄",
            False,
        ),
    ],
)
def test_only_listed(desc, canon, name, expected):
    """A name only listed relates to nothing on the card (no 相关 from a list of six companies)."""
    from bot.answer import only_listed

    assert only_listed(canon, name) is expected, desc


def test_a_traditional_card_quotes_a_traditional_article_as_written():
    """萬瀾系 stored as 万澜系 would come back as 萬瀾繫 through s2t; the card quotes the article."""
    from bot.answer import Answer
    from bot.show import render

    text = "萬遠川舉報叔父，令萬瀾系上市公司市值單日蒸發近90億元人民幣。"
    fact = {
        "id": 1,
        "text": text,
        "canon": "万远川举报叔父，令万澜系上市公司市值单日蒸发近90亿元人民币。",
        "type": "figure",
        "date": "",
        "year": None,
        "score": 1.0,
        "sources": [{"article": "a", "title": "萬瀾", "outlet": "", "date": ""}],
    }
    entity = {"id": 1, "name": "万澜国际", "kind": "company", "aliases": [], "traditional": "萬瀾國際"}
    ans = Answer("/company 萬瀾國際", "company", "found", lang="zh-hant", entity=entity, facts=[fact])
    assert text in render(ans, "plain")
    ans.lang = "zh-hans"
    assert fact["canon"] in render(ans, "plain")


def test_renderers_never_change_the_answer(index):
    import copy
    from dataclasses import asdict

    from bot.answer import answer_line
    from bot.show import render_sources, to_json

    for line in [
        "/who 张楠赓",
        "/who 張楠賡",
        "/sources",
        "/search 矿机",
        "/help",
        "/who 不存在的人",
        "/company 华",
    ]:
        ans = answer_line(index, line)
        before = copy.deepcopy(asdict(ans))
        render(ans, "html"), render(ans, "plain"), to_json(ans)
        if ans.entity:
            render_sources(ans)
        assert asdict(ans) == before, line


def test_a_long_source_list_pages_under_the_message_limit():
    """Issue 19, item 10: every source once, in order, each page under Telegram's 4096 units."""
    from bot.answer import Answer
    from bot.normalize import utf16_len
    from bot.show import render_sources, sources_pages

    facts = [
        {
            "id": i,
            "canon": "x",
            "sources": [
                {
                    "article": f"a{i:04d}",
                    "title": "一篇很长的文章标题" * 6,
                    "url": f"https://example.com/{i}",
                    "outlet": "某报",
                    "date": "2020-01-01",
                }
            ],
        }
        for i in range(150)
    ]
    ans = Answer(query="", command="sources", status="found", entity={"id": 1, "name": "某人"}, facts=facts)
    pages = sources_pages(ans)
    assert pages > 2
    seen = []
    for p in range(pages):
        ans.page = p
        text = render_sources(ans, "html")
        assert utf16_len(text) <= 4096 and not text.endswith("…")
        seen += re.findall(r"· (a\d{4})$", text, re.M)
        assert ("第" in text.split("\n")[0]) == (p > 0)
    assert seen == [f"a{i:04d}" for i in range(150)]


@pytest.mark.parametrize("line", ["0?", "?", "什么是矿机？"])
def test_a_question_that_falls_back_to_search_renders_as_a_search(index, line):
    # Found by the property test above: a question's search fallback was drawn as the article list.
    ans = answer_line(index, line)
    for fmt in ("plain", "html"):
        assert render(ans, fmt)
    assert_telegram_html(render(ans, "html"))
