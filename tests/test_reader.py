from __future__ import annotations

import pytest

from bot.errors import ReadError
from bot.reader import read_article, split_front_matter

BODY = "張楠賡是嘉楠科技的創始人。2013年4月，他在北京創立了嘉楠科技。"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
def test_encodings_are_detected_from_bytes(tmp_path, codec):
    p = tmp_path / "a.txt"
    p.write_bytes(BODY.encode(codec))
    assert "創立了嘉楠科技" in read_article(p).text


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
