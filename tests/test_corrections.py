"""Team corrections: parsing, bad input, applying on top of extraction, surviving a rebuild from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import corrections as cx
from bot.answer import answer_line
from bot.normalize import utf16_len
from bot.render import render, to_json
from bot.store.index import Index
from tests.conftest import SEEDS
from tests.test_render import assert_telegram_html

TEAM = cx.Actor(user_id=7, name="测试员", chat_id=-100)


class Chat:
    """The same core the CLI and the bot use: a line in, an answer out, the index reloaded after a change."""

    def __init__(self, path: Path, actor: cx.Actor | None = TEAM) -> None:
        self.path = path
        self.index = Index(path)
        self.actor = actor

    def __call__(self, line: str, actor: cx.Actor | None | str = "team"):
        ans = answer_line(self.index, line, actor=self.actor if actor == "team" else actor)
        if ans.correction.get("changed"):
            self.index = Index(self.path)
        return ans

    def json(self, line: str) -> dict:
        return to_json(self(line))

    def text(self, line: str) -> str:
        return render(self(line), "plain")


@pytest.fixture
def chat(seed_index, tmp_path) -> Chat:
    path = tmp_path / "idx.sqlite"
    shutil.copy(seed_index, path)
    return Chat(path)


# ---- parsing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "description, command, arg, expected",
    [
        ("alias with =", "alias", "张楠赓 = 南瓜哥", cx.Request(cx.ALIAS, "张楠赓", "南瓜哥")),
        (
            "alias, full-width = and spaces",
            "alias",
            "张楠赓＝ 南瓜哥 ",
            cx.Request(cx.ALIAS, "张楠赓", "南瓜哥"),
        ),
        ("alias without =, two words", "alias", "张楠赓 南瓜哥", cx.Request(cx.ALIAS, "张楠赓", "南瓜哥")),
        ("remove an alias", "alias", "-张楠赓 = 南瓜张", cx.Request(cx.UNALIAS, "张楠赓", "南瓜张")),
        (
            "remove with full-width minus",
            "alias",
            "－张楠赓 = 南瓜张",
            cx.Request(cx.UNALIAS, "张楠赓", "南瓜张"),
        ),
        ("quoted names", "alias", "「张楠赓」 = “南瓜哥”", cx.Request(cx.ALIAS, "张楠赓", "南瓜哥")),
        ("merge", "merge", "韦尔股份 = 豪威科技", cx.Request(cx.MERGE, "韦尔股份", "豪威科技")),
        ("split", "split", "韦尔股份 = 豪威科技", cx.Request(cx.SPLIT, "韦尔股份", "豪威科技")),
        ("kind", "kind", "北极星 company", cx.Request(cx.KIND, "北极星", value="company")),
        (
            "kind of a name with a space",
            "kind",
            "Polar Star company",
            cx.Request(cx.KIND, "Polar Star", value="company"),
        ),
        ("kind with =", "kind", "北极星 = 公司", cx.Request(cx.KIND, "北极星", value="公司")),
        ("not an entity", "notentity", "矿机", cx.Request(cx.NOTENTITY, "矿机")),
        ("fix a year", "fix", "张楠赓 born 1983", cx.Request(cx.FIX, "张楠赓", field="born", value="1983")),
        (
            "fix by Chinese label",
            "fix",
            "张楠赓 出生 1983",
            cx.Request(cx.FIX, "张楠赓", field="出生", value="1983"),
        ),
        (
            "fix a name with a space",
            "fix",
            "Sam Altman born 1985",
            cx.Request(cx.FIX, "Sam Altman", field="born", value="1985"),
        ),
        (
            "fix a value with spaces",
            "fix",
            "嘉楠科技 headquarters 北京 海淀",
            cx.Request(cx.FIX, "嘉楠科技", field="headquarters", value="北京 海淀"),
        ),
        (
            "unknown field still parsed",
            "fix",
            "张楠赓 height 180",
            cx.Request(cx.FIX, "张楠赓", field="height", value="180"),
        ),
        ("hide by number", "hide", "12", cx.Request(cx.HIDE, number=12)),
        ("hide with # and a card", "hide", "#12 张楠赓", cx.Request(cx.HIDE, "张楠赓", number=12)),
        ("history of a name", "history", "张楠赓", cx.Request(cx.HISTORY, "张楠赓")),
        ("history of everything", "history", "", cx.Request(cx.HISTORY)),
        ("undo", "undo", "3", cx.Request(cx.UNDO, number=3)),
        ("undo with #", "undo", "#3", cx.Request(cx.UNDO, number=3)),
        ("undo my latest", "undo", "", cx.Request(cx.UNDO, number=0)),
    ],
)
def test_parse(description, command, arg, expected):
    assert cx.parse(command, arg) == expected, description


@pytest.mark.parametrize(
    "description, command, arg, code",
    [
        ("alias without a second name", "alias", "张楠赓", "usage"),
        ("alias with an empty side", "alias", "张楠赓 =", "usage"),
        ("alias of punctuation", "alias", "张楠赓 = ！！", "usage"),
        ("merge of one name", "merge", "韦尔股份", "usage"),
        ("kind without a kind", "kind", "北极星", "usage"),
        ("fix with no field or value", "fix", "张楠赓", "usage"),
        ("hide without a number", "hide", "那一条", "usage"),
        ("undo of a word", "undo", "上一条", "usage"),
        ("undo of a negative number", "undo", "-3", "usage"),
        ("nothing at all", "alias", "", "usage"),
        ("a 5,000-character alias", "alias", "张楠赓 = " + "长" * 5000, "too_long"),
        ("a 65-character value", "fix", "张楠赓 education " + "北" * 65, "too_long"),
    ],
)
def test_parse_rejects(description, command, arg, code):
    with pytest.raises(cx.CorrectionError) as err:
        cx.parse(command, arg)
    assert err.value.code == code, description


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1983", {"value": "1983", "year": 1983}),
        ("1983年", {"value": "1983", "year": 1983}),
        ("2013-04", {"value": "2013-04", "year": 2013, "month": 4}),
        ("2013年4月", {"value": "2013-04", "year": 2013, "month": 4}),
        ("2013/4/5", {"value": "2013-04-05", "year": 2013, "month": 4, "day": 5}),
        ("２０１３－０４", {"value": "2013-04", "year": 2013, "month": 4}),
        ("明年", None),
        ("83", None),
        ("2013-13", None),
        ("3013", None),
        ("1983年生于北京", None),
    ],
)
def test_parse_date(text, expected):
    assert cx.parse_date(text) == expected


# ---- bad input gets a clear answer -----------------------------------------------------------------
@pytest.mark.parametrize(
    "description, line, code, says",
    [
        ("unknown entity offers candidates", "/fix 张楠庚庚 born 1983", "not_found", ["没有找到", "张楠赓"]),
        (
            "unknown field lists the valid ones",
            "/fix 张楠赓 height 180",
            "unknown_field",
            ["height", "born（出生）"],
        ),
        ("organisation fields differ", "/fix 嘉楠科技 born 1983", "unknown_field", ["founded（创立）"]),
        ("wrong type", "/fix 张楠赓 born 明年", "bad_date", ["明年", "1983"]),
        ("founded date of a company", "/fix 嘉楠科技 founded 去年", "bad_date", ["去年"]),
        ("person with a company", "/merge 张楠赓 = 嘉楠科技", "merge_kinds", ["人物", "公司"]),
        ("merge with itself", "/merge 张楠赓 = zhang nangeng", "merge_same", ["同一个"]),
        ("alias naming another entity", "/alias 张楠赓 = 嘉楠", "alias_taken", ["嘉楠科技", "/merge"]),
        ("alias already there", "/alias 张楠赓 = 南瓜张", "alias_exists", ["已经是"]),
        ("removing a missing alias", "/alias -张楠赓 = 南瓜哥", "alias_missing", ["南瓜张"]),
        ("removing the name itself", "/alias -张楠赓 = 张楠赓", "alias_is_name", ["正式名称"]),
        ("split of two entities", "/split 张楠赓 = 李佳轩", "split_not_one", ["本来就是两个"]),
        ("unknown kind lists kinds", "/kind 嘉楠科技 planet", "unknown_kind", ["planet", "company（公司）"]),
        ("same kind", "/kind 嘉楠科技 公司", "same_kind", ["已经是"]),
        ("a 5,000-character value", "/fix 张楠赓 education " + "长" * 5000, "too_long", ["64"]),
        ("unknown fact", "/hide 99999999", "fact_not_found", ["99999999"]),
        ("undo of nothing", "/undo 42", "undo_unknown", ["#42"]),
        ("undo with nothing of mine", "/undo", "undo_none", ["/undo 3"]),
        ("usage with an example", "/alias", "usage", ["/alias", "="]),
        ("empty value", "/fix 张楠赓 born", "empty_value", ["/fix 张楠赓 born"]),
    ],
)
def test_bad_input(chat, description, line, code, says):
    ans = chat(line)
    assert ans.correction["ok"] is False and ans.correction["error"] == code, description
    text = render(ans, "plain")
    for s in says:
        assert s in text, (description, text)
    assert not cx.Store(cx.store_path(chat.path)).changes(), "bad input records nothing"


def test_markup_is_escaped_and_kept_as_text(chat):
    ans = chat("/fix 嘉楠科技 headquarters <b>北京</b><script>x</script>")
    assert ans.correction["ok"]
    card = chat("/company 嘉楠科技")
    html_text = render(card, "html")
    assert "&lt;b&gt;北京&lt;/b&gt;&lt;script&gt;" in html_text and "<script>" not in html_text
    assert_telegram_html(html_text)
    assert_telegram_html(render(chat("/alias 张楠赓 = <i>南</i>"), "html"))


def test_refused_when_not_allowed(chat):
    for mode, says in (("admins", "机器人的管理员"), ("group_admins", "本群的管理员")):
        no = cx.Actor(user_id=9, name="路人", allowed=False, mode=mode)
        ans = chat("/alias 张楠赓 = 南瓜哥", actor=no)
        assert ans.correction["error"].startswith("refused") and "抱歉" in render(ans) and says in render(ans)
    assert chat("/alias 张楠赓 = 南瓜哥", actor=None).correction["error"] == "refused_admins"
    assert chat("/history", actor=None).correction["error"] == "nothing"  # reading is open to everyone


# ---- what each correction does ---------------------------------------------------------------------
def test_alias_resolves_at_once_either_side(chat):
    assert (
        chat.json("/who 南瓜哥")["status"] != "found"
        or chat.json("/who 南瓜哥")["entity"]["name"] != "张楠赓"
    )
    assert chat("/alias 张楠赓 = 南瓜哥").correction["ok"]
    assert chat.json("/who 南瓜哥")["entity"]["name"] == "张楠赓"
    assert "南瓜哥" in chat.json("/who 张楠赓")["entity"]["aliases"]
    assert chat("/alias 嘉楠小队 = 嘉楠科技").correction["ok"]  # the new name on the left
    assert chat.json("/company 嘉楠小队")["entity"]["name"] == "嘉楠科技"


def test_remove_alias(chat):
    assert chat.json("/who 南瓜张")["entity"]["name"] == "张楠赓"
    assert chat("/alias -张楠赓 = 南瓜张").correction["ok"]
    after = chat.json("/who 南瓜张")
    assert not (after["status"] == "found" and after["entity"]["name"] == "张楠赓")
    assert chat.json("/who 张楠赓")["status"] == "found"  # the name itself and its pinyin still work
    assert chat.json("/who zhang nangeng")["entity"]["name"] == "张楠赓"


def test_merge_and_split(chat):
    brand, company = chat.json("/company 神眸"), chat.json("/company 研极微电子")
    assert brand["entity"]["id"] != company["entity"]["id"]
    assert chat("/merge 研极微电子 = 神眸").correction["ok"]
    merged = chat.json("/company 神眸")
    assert merged["entity"]["name"] == "研极微电子" and "神眸" in merged["entity"]["aliases"]
    texts = {f["text"] for f in merged["facts"]}
    assert {f["text"] for f in brand["facts"]} & texts and {f["text"] for f in company["facts"]} & texts
    assert chat("/split 研极微电子 = 神眸").correction["ok"]
    assert chat.json("/company 神眸")["entity"]["name"] == "神眸"


def test_kind(chat):
    assert chat.json("/company 神眸")["entity"]["kind"] == "brand"
    assert chat("/kind 神眸 公司").correction["ok"]
    assert chat.json("/company 神眸")["entity"]["kind"] == "company"


def test_notentity_leaves_every_card(chat):
    assert "李佳轩" in {r["value"] for r in chat.json("/who 张楠赓")["profile"]["related"]}
    assert "李佳轩" in {r["value"] for r in chat.json("/company 嘉楠科技")["profile"]["founders"]}
    assert chat("/notentity 李佳轩").correction["ok"]
    assert chat.json("/who 李佳轩")["status"] != "found"
    card = chat.json("/who 张楠赓")
    assert "李佳轩" not in {r["value"] for r in card["profile"].get("related", [])}
    assert "李佳轩" not in {r["value"] for r in chat.json("/company 嘉楠科技")["profile"].get("founders", [])}


def test_fix_marks_the_card_and_json(chat):
    assert chat("/fix 张楠赓 born 1983").correction["ok"]
    card = chat.json("/who 张楠赓")
    # The JSON item is a typed record (DESIGN §2): value, sources, linked entity and typed parts.
    assert card["profile"]["born"] == [
        {"value": "1983", "sources": [], "entity": None, "year": 1983, "corrected": True, "change": 1}
    ]
    assert "出生：1983（团队修订）" in card["text"]
    assert chat("/fix 嘉楠科技 founded 2013年4月").correction["ok"]
    org = chat("/company 嘉楠科技")
    assert org.profile["founded"][0]["value"] == "2013-04" and org.profile["founded"][0]["month"] == 4
    assert "成立：2013-04（团队修订）" in render(org)
    assert "(team edit)" in render(answer_line(chat.index, "/company 嘉楠科技", lang="en"))
    assert chat("/fix 张楠赓 education -").correction["ok"]  # cleared
    assert "education" not in chat.json("/who 张楠赓")["profile"]


def test_hide_and_undo(chat):
    card = chat("/who 张楠赓")
    fact = card.facts[0]
    hide = chat(f"/hide {fact['id']} 张楠赓")
    assert hide.correction["ok"]
    assert fact["id"] not in {f["id"] for f in chat("/who 张楠赓").facts}
    again = chat(f"/hide {fact['id']} 张楠赓")
    assert again.correction["error"] == "already_hidden"
    undo = chat(f"/undo {hide.correction['change']}")
    assert undo.correction["ok"] and "已撤销" in render(undo)
    assert fact["id"] in {f["id"] for f in chat("/who 张楠赓").facts}
    assert chat(f"/undo {hide.correction['change']}").correction["error"] == "undo_done"
    assert chat(f"/undo {undo.correction['change']}").correction["error"] == "undo_undo"


def test_hide_everywhere_also_hides_search(chat):
    fact = chat("/who 张楠赓").facts[0]
    word = "纳斯达克"
    hits = chat(f"/search {word}").hits
    target = next((h for h in hits if h["id"] == fact["id"]), hits[0])
    assert chat(f"/hide {target['id']}").correction["ok"]
    assert target["id"] not in {h["id"] for h in chat(f"/search {word}").hits}
    assert all(
        target["id"] not in {f["id"] for f in chat(q).facts} for q in ("/who 张楠赓", "/company 嘉楠科技")
    )


def test_history_newest_first_with_who_and_undo(chat):
    chat("/alias 张楠赓 = 南瓜哥")
    chat("/fix 张楠赓 born 1983")
    chat("/fix 张楠赓 born 1984")
    chat("/undo 2")
    ans = chat("/history 张楠赓")
    rows = ans.correction["rows"]
    assert [r["id"] for r in rows] == [4, 3, 2, 1]
    assert rows[2]["status"] == "undone" and rows[1]["old"] == "1983" and rows[1]["new"] == "1984"
    assert all(r["user"] == "测试员" and r["chat"] == -100 and r["time"] for r in rows)
    text = render(ans)
    assert text.index("#4") < text.index("#3") < text.index("#1") and "已由 #4 撤销" in text
    assert chat("/history 南瓜哥").correction["rows"]  # by the new alias too
    assert chat("/history 李佳轩").correction["error"] == "no_history"


# ---- surviving a rebuild ---------------------------------------------------------------------------
def test_every_correction_survives_ingest_from_scratch(seed_index, tmp_path, capsys):
    from bot.cli import main

    path = tmp_path / "var" / "idx.sqlite"
    path.parent.mkdir()
    shutil.copy(seed_index, path)
    chat = Chat(path)
    fact = chat("/who 张楠赓").facts[0]
    for line in (
        "/alias 张楠赓 = 南瓜哥",
        "/fix 张楠赓 born 1983",
        f"/hide {fact['id']} 张楠赓",
        "/kind 神眸 company",
        "/merge 研极微电子 = 神眸",
        "/notentity 李佳轩",
    ):
        assert chat(line).correction["ok"], line
    before = to_json(chat("/who 南瓜哥"))
    path.unlink()  # from scratch: no previous index to reuse
    assert main(["ingest", str(SEEDS), "--index", str(path)]) == 0
    out = capsys.readouterr().out
    assert "corrections: 6 applied, 0 waiting" in out
    chat = Chat(path)
    after = to_json(chat("/who 南瓜哥"))
    assert after["entity"]["name"] == "张楠赓" and after["profile"]["born"][0]["corrected"]
    assert after["text"] == before["text"]
    assert fact["canon"] not in {f["canon"] for f in chat("/who 张楠赓").facts}
    merged = to_json(chat("/company 神眸"))
    assert merged["entity"]["name"] == "研极微电子" and merged["entity"]["kind"] == "company"
    assert to_json(chat("/who 李佳轩"))["status"] != "found"


def test_a_correction_whose_target_left_is_kept_and_reported(tmp_path, capsys):
    from bot.build import build_index
    from bot.cli import main

    one, two = tmp_path / "a", tmp_path / "b"
    one.mkdir()
    two.mkdir()
    (one / "a.txt").write_text(
        "王小川在2006年创立了百川科技，担任百川科技创始人兼CEO。王小川毕业于清华大学计算机系。"
        "2023年，百川科技推出大模型产品。王小川表示，公司会继续投入研发。",
        encoding="utf-8",
    )
    (two / "b.txt").write_text(
        "郑海涛在2015年创立了极光数智，并担任极光数智董事长。郑海涛毕业于浙江大学。"
        "2020年，极光数智推出新产品。郑海涛表示，公司会继续投入研发。",
        encoding="utf-8",
    )
    path = tmp_path / "idx.sqlite"
    build_index([one], path, keep_previous=False)
    chat = Chat(path)
    assert chat("/alias 王小川 = 小川哥").correction["ok"]
    assert chat.json("/who 小川哥")["entity"]["name"] == "王小川"
    path.unlink()
    build_index([two], path, keep_previous=False)
    chat = Chat(path)
    rows = cx.listing(chat.index)
    assert len(rows) == 1 and rows[0]["status"] == "orphan" and "王小川" in rows[0]["reason"]
    assert "暂未生效" in render(chat("/history 王小川"))
    assert main(["corrections", "--index", str(path)]) == 0
    assert "waiting" in capsys.readouterr().out
    (one / "a.txt").rename(two / "a.txt")  # the article comes back: so does the alias
    build_index([two], path, keep_previous=False)
    assert Chat(path).json("/who 小川哥")["entity"]["name"] == "王小川"


def test_no_corrections_file_is_created_by_reading(seed_index, tmp_path):
    path = tmp_path / "idx.sqlite"
    shutil.copy(seed_index, path)
    chat = Chat(path)
    chat("/who 张楠赓")
    chat("/history 张楠赓")
    chat("/fix 张楠赓 born 明年")
    assert not cx.store_path(path).exists()


def test_traditional_query_gets_a_traditional_reply(chat):
    text = chat.text("/fix 張楠賡 born 明年")
    assert "出生要寫成" in text and "“明年”不是日期" in text


def test_json_facts_carry_the_id_hide_takes(chat):
    fact = chat.json("/who 张楠赓")["facts"][0]
    assert chat(f"/hide {fact['id']} 张楠赓").correction["ok"]
    assert fact["text"] not in {f["text"] for f in chat.json("/who 张楠赓")["facts"]}


def test_an_unreadable_corrections_file_is_left_alone(seed_index, tmp_path):
    path = tmp_path / "idx.sqlite"
    shutil.copy(seed_index, path)
    cx.store_path(path).write_bytes(b"not a database" * 100)
    chat = Chat(path)
    assert chat.json("/who 张楠赓")["status"] == "found"  # extraction alone still answers
    assert chat("/alias 张楠赓 = 南瓜哥").correction["error"] == "store_broken"
    assert cx.store_path(path).read_bytes() == b"not a database" * 100


def test_undo_alone_reverts_my_latest_change(chat):
    other = cx.Actor(user_id=8, name="同事")
    chat("/alias 张楠赓 = 南瓜哥")
    chat("/fix 张楠赓 born 1983", actor=other)
    ans = chat("/undo")
    assert ans.correction["undone"] == 1  # mine, not my colleague's later one
    assert chat.json("/who 张楠赓")["profile"]["born"][0]["value"] == "1983"


@pytest.fixture(scope="module")
def fuzz_chat(seed_index, tmp_path_factory) -> Chat:
    path = tmp_path_factory.mktemp("fuzz") / "idx.sqlite"
    shutil.copy(seed_index, path)
    return Chat(path)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(
        [
            "/alias ",
            "/alias 张楠赓 = ",
            "/alias -",
            "/merge ",
            "/split 嘉楠科技 = ",
            "/kind 神眸 ",
            "/notentity ",
            "/fix 张楠赓 born ",
            "/fix 嘉楠科技 ",
            "/fix ",
            "/hide ",
            "/history ",
            "/undo ",
            "/撤销 ",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)
def test_any_correction_input_gets_a_valid_answer(fuzz_chat, cmd, s):
    ans = fuzz_chat(cmd + s)
    html_text = render(ans, "html")
    assert_telegram_html(html_text)
    assert utf16_len(render(ans, "plain")) <= 4096 and html_text.strip()
