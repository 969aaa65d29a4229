"""Bullets inform: Markdown and inline HTML structure never reaches facts as body text (invented text)."""

from __future__ import annotations

from bot.read.clean import clean_text
from bot.segment import segment_text


def _sentences(raw: str):
    return segment_text(clean_text(raw).text)


def test_figure_caption_is_its_own_line_and_tags_are_gone() -> None:
    raw = (
        '# 星河科技完成融资\n\n星河科技今天宣布完成A轮融资。\n\n<figure>\n<img src="https://x.example/a.jpg" alt="">\n'
        "<figcaption>星河科技创始人赵一鸣。\n资料图片</figcaption>\n</figure>\n\n公司成立于2015年。"
    )
    sents = _sentences(raw)
    texts = [s.text for s in sents]
    assert not any("<" in t or "#" in t for t in texts)
    caption = next(s for s in sents if s.text == "星河科技创始人赵一鸣。")
    assert caption.question and not caption.heading  # read for names, never a fact (so never a bullet)
    assert "公司成立于2015年。" in texts


def test_subheadings_are_headings_and_bold_markers_go() -> None:
    raw = "星河科技发布新品。\n\n### 创始人的第一家店\n\n**赵一鸣在2010年开出了第一家店。\n**"
    sents = _sentences(raw)
    heads = [s.text for s in sents if s.heading]
    assert heads == ["创始人的第一家店"]
    assert "赵一鸣在2010年开出了第一家店。" in [s.text for s in sents]
    assert not any("*" in s.text for s in sents)


def test_bold_question_and_answer_labels_are_labels() -> None:
    raw = "\n".join(
        [
            "**问：** 公司何时成立？",
            "**答：** 公司成立于2015年。",
            "**问：** 现在有多少员工？",
            "**答：** 两百人。",
        ]
        * 2
    )
    sents = _sentences(raw)
    assert all("*" not in s.text for s in sents)
    assert any(s.question for s in sents)


def test_table_rows_and_rules_are_dropped() -> None:
    raw = (
        "星河科技的大事记如下。\n\n| 年份 | 事件 |\n| --- | --- |\n| 2015 | 成立 |\n\n---\n\n公司现有两百人。"
    )
    texts = [s.text for s in _sentences(raw)]
    assert texts == ["星河科技的大事记如下。", "公司现有两百人。"]


def test_caption_glued_before_a_bold_paragraph_is_split_off() -> None:
    raw = "星河科技的展厅一角**我们走进星河科技的展厅，看到了新款机器人。**"
    sents = _sentences(raw)
    assert [s.text for s in sents] == ["星河科技的展厅一角", "我们走进星河科技的展厅，看到了新款机器人。"]


def test_image_caption_after_a_markdown_image() -> None:
    raw = "星河科技发布新品。\n![](https://x.example/a.jpg\n&x=1)2019年，赵一鸣在发布会上（供图）\n\n公司成立于2015年。"
    texts = [s.text for s in _sentences(raw)]
    assert "2019年，赵一鸣在发布会上（供图）" in texts
    assert not any("](" in t or "&x" in t for t in texts)


def test_the_headline_is_no_breadcrumb_or_staff_byline() -> None:
    assert (
        clean_text("> 要闻 > 社会\n星河科技完成融资\n星河科技今天宣布完成融资。").headline
        == "星河科技完成融资"
    )
    assert (
        clean_text("某某新闻实习生 王小明 记者 李大伟\n星河科技完成融资\n正文。").headline
        == "星河科技完成融资"
    )
    assert clean_text("# 星河科技为何能成？\n正文。").headline == "星河科技为何能成？"


def test_a_traditional_card_keeps_names_as_their_article_writes_them() -> None:
    from types import SimpleNamespace

    from bot.show.out import converter

    ans = SimpleNamespace(lang="zh-hant", names={"朱国梁": "朱國樑", "大中华表行": "大中華表行"})
    conv = converter(ans)
    assert conv("大中华表行创始人朱国梁") == "大中華表行創始人朱國樑"
    # text already in Traditional (a Traditional article's title) is shown as written
    assert conv("朱國樑創辦大中華表行") == "朱國樑創辦大中華表行"
    # and a Traditional form inside Simplified text is held too
    assert conv("创始人朱國樑") == "創始人朱國樑"


def test_source_labels_never_come_from_a_dated_page_title_or_a_topic_category() -> None:
    from bot.read.meta import clean_title, outlet_from

    assert clean_title("date 2024-03-05 星河科技完成融资") == ("星河科技完成融资", "2024-03-05")
    assert clean_title("星河科技完成融资") == ("星河科技完成融资", "")
    assert outlet_from(["新媒体", "晨报网", "资讯"], "晨报网") == "晨报网"
    assert outlet_from(["新闻"], "") == ""
    assert outlet_from(["科技"], "晨报网") == ""


def test_an_account_that_names_itself_the_original_source_is_the_outlet() -> None:
    cleaned = clean_text("星河科技完成融资\n本文为「晨报周刊」原创内容\n星河科技今天宣布完成融资。")
    assert cleaned.outlet == "晨报周刊"
    assert "原创" not in cleaned.text
