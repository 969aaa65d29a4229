from __future__ import annotations

import pytest

from bot.errors import ReadError
from bot.read import read_article, split_front_matter

BODY = "張楠賡是嘉楠科技的創始人。2013年4月，他在北京創立了嘉楠科技。"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
def test_encodings_are_detected_from_bytes(tmp_path, codec):
    p = tmp_path / "a.txt"
    p.write_bytes(BODY.encode(codec))
    assert "創立了嘉楠科技" in read_article(p).text


@pytest.mark.parametrize(
    "description,data,expected",
    [
        ("a BOM before a GB18030 body", b"\xef\xbb\xbf" + BODY.encode("gb18030") * 4, "創立了嘉楠科技"),
        ("a BOM before a Big5 body", b"\xef\xbb\xbf" + BODY.encode("big5") * 4, "創立了嘉楠科技"),
        (
            "a true BOM with one bad byte stays UTF-8",
            b"\xef\xbb\xbf" + BODY.encode() + b"\xff" + BODY.encode(),
            "創立了嘉楠科技",
        ),
    ],
)
def test_a_utf8_bom_that_lies_does_not_refuse_the_file(tmp_path, description, data, expected):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    text = read_article(p).text
    assert expected in text, description
    assert "\ufffd" not in text.replace("\ufffd", "", 1), description  # at most the one bad byte


def test_gb18030_simplified(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("张楠赓在北京创立了嘉楠科技，公司后来在纳斯达克上市。".encode("gb18030"))
    assert "创立了嘉楠科技" in read_article(p).text


@pytest.mark.parametrize(
    "data,reason", [(b"", "empty"), (b"\x00\x01\x02\x03" * 500, "binary"), (bytes(range(256)) * 40, "binary")]
)
def test_bad_files_raise_with_reason(tmp_path, data, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(ReadError) as e:
        read_article(p)
    assert reason in str(e.value) or "encoding" in str(e.value) or "undecodable" in str(e.value)


def test_front_matter_and_html_title(tmp_path):
    p = tmp_path / "a.html"
    p.write_text(
        "---\ntitle: 'AI芯片，撑得过明年吗？'\ndate: Mon, 11 Apr 2022 08:56:00 GMT\nauthor: 虎嗅\n---\n"
        "<div><p>第一段。</p><p>第二段<strong>加粗</strong>。</p><script>x()</script></div>",
        encoding="utf-8",
    )
    a = read_article(p)
    assert a.title == "AI芯片，撑得过明年吗？" and a.date == "2022-04-11" and a.author == "虎嗅"
    assert [x for x in a.text.split("\n") if x] == ["第一段。", "第二段加粗。"] and "x()" not in a.text


def test_broken_front_matter_is_reported_body_kept():
    meta, body, problem = split_front_matter("---\ntitle: [unclosed\n---\n正文。")
    assert meta == {} and body.strip() == "正文。" and "broken front matter" in problem


def test_huge_file_is_truncated(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(("张楠赓创立了嘉楠科技。" * 10000).encode())
    a = read_article(p, max_bytes=50_000)
    assert any("truncated" in n for n in a.notes)


_PAGE = """<html><head><title>星遙集團獲美國 Orbis 基金會策略性投資</title></head><body>
<nav id="nav"><ul><li><a href="/">台灣</a></li><li><a href="/f">財經股市</a></li></ul></nav>
<main><div id="main-content">
<p>星遙集團創辦人 暨執行長韓立舟表示：「透過接入軌道鏈到我們的錢包中 ，我們得以連通 Orbis
    在美國眾多的用戶群體。」</p>
<p>星遙集團目前已取得美國 19 個州的資金轉移執照（Money
    Transmitter License, MTL）。</p>
<div class="tags"><a href="/s?tag=1">金融科技</a></div>
<div class="scrollToNext"><strong>點擊閱讀下一則新聞</strong><div>南海颱風影響航運排程</div></div>
</div>
<aside id="side-bar"><div class="block"><article><h3>相關新聞</h3>
<p>【記者溫若蘭／台中報導】精密機械廠商峻榮-KY（6617）出現董事會改選爭議。</p></article></div></aside>
</main><footer><a href="/about">關於我們</a></footer></body></html>
"""

FURNITURE = [
    ("navigation menu", "財經股市"),
    ("sidebar of related news", "峻榮"),
    ("stock code of a sidebar story", "6617"),
    ("tags under the article", "金融科技"),
    ("next-article teaser", "點擊閱讀下一則新聞"),
    ("footer links", "關於我們"),
]


@pytest.mark.parametrize(("description", "gone"), FURNITURE, ids=[f[0] for f in FURNITURE])
def test_page_furniture_is_not_article_text(tmp_path, description, gone):
    path = tmp_path / "page.html"
    path.write_text(_PAGE, encoding="utf-8")
    art = read_article(path)
    assert gone not in art.text, description
    assert "韓立舟表示" in art.text


LINE_BREAKS = [
    ("Latin word, then Chinese on the next source line", "我們得以連通 Orbis 在美國眾多的用戶群體。"),
    ("two Latin words across a line break keep their space", "（Money Transmitter License, MTL）"),
]


@pytest.mark.parametrize(("description", "joined"), LINE_BREAKS, ids=[x[0] for x in LINE_BREAKS])
def test_a_line_break_in_the_source_of_a_paragraph_is_white_space(tmp_path, description, joined):
    path = tmp_path / "page.html"
    path.write_text(_PAGE, encoding="utf-8")
    assert joined in read_article(path).text, description


def test_chinese_characters_across_a_source_line_break_join(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<p>該合作由軌道發展基金會促成，星遙集團同時宣\n    布獲得投資。</p>", encoding="utf-8")
    assert "同時宣布獲得投資。" in read_article(path).text


def test_a_page_whose_article_sits_in_an_aside_keeps_its_text(tmp_path):
    path = tmp_path / "a.html"
    body = "<aside><p>" + "韓立舟表示，星遙集團今年完成九位數美元融資。" * 5 + "</p></aside>"
    path.write_text(body, encoding="utf-8")
    art = read_article(path)
    assert "九位數美元融資" in art.text and any("furniture" in n for n in art.notes)


def test_lines_in_pre_keep_their_breaks(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<p>正文一句。</p><pre>第一行\n第二行</pre>", encoding="utf-8")
    assert "第一行\n第二行" in read_article(path).text


def test_furniture_left_open_ends_with_its_parent(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<div><ul><li class='share'>分享到微信</ul></div><p>韓立舟表示，星遙集團今年完成融資。</p>"
        "<p>星遙集團目前已取得美國 19 個州的執照。</p>",
        encoding="utf-8",
    )
    text = read_article(path).text
    assert "分享到微信" not in text and "完成融資" in text and "19 個州" in text


FORMAT_CASES = [
    ("an .html file", "a.html", "纯文字", "html"),
    ("HTML saved as .txt is read as HTML", "a.txt", "<p>一</p><p>二</p><div>三</div>", "html"),
    ("a Markdown file stays as written", "a.md", "# 标题\n\n正文。", "text"),
    ("an unknown suffix with plain text", "a.text", "正文。", "text"),
]


@pytest.mark.parametrize(
    ("description", "name", "body", "expected"), FORMAT_CASES, ids=[c[0] for c in FORMAT_CASES]
)
def test_the_format_is_chosen_by_suffix_then_content(description, name, body, expected):
    from pathlib import Path

    from bot.read import format_for

    assert format_for(Path(name), body).name == expected, description
