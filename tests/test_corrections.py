"""Team corrections: parsing, bad input, applying on top of extraction, surviving a rebuild from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import corrections as cx
from bot.answer import answer_line
from bot.corrections import text
from bot.corrections.model import Change, Done, State
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
        ("a name that cleans to nothing", "notentity", "@", "usage"),
        ("a kind of nothing", "kind", "「」 company", "usage"),
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
    assert card["profile"]["born"][0] == {
        "value": "1983",
        "sources": [],
        "entity": None,
        "year": 1983,
        "corrected": True,
        "change": 1,
    }
    assert card["profile"]["born"][1]["value"] == "北京"  # the birthplace the article gives stays
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
    from bot.cli import main
    from bot.ingest import build_index

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


# ---- the parts on their own: no SQLite ---------------------------------------------------------------
class FakeIndex:
    """The name tables and the few reads the corrections use, in memory."""

    def __init__(self, *entities: tuple[int, str, str]) -> None:
        from collections import defaultdict

        from bot.normalize import name_key
        from bot.store.index import Entity

        self.path = Path("/nonexistent/idx.sqlite")
        self.entities = {eid: Entity(eid, name, kind, 10 - eid, "", []) for eid, name, kind in entities}
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_pinyin: dict[str, set[int]] = defaultdict(set)
        self.keys: list[tuple[str, str, int]] = []
        for eid, name, _ in entities:
            self.by_key[name_key(name)].add(eid)
            self.keys.append((name_key(name), "", eid))
        self._stored = None
        self._renumber()
        self.facts = {"k1": 101}
        self.changed = 0

    # The in-memory index's own changes of its name tables (rows of `keys`, `_rows_of`).
    from bot.store.index import Index

    add_name, drop_names, move_names = Index.add_name, Index.drop_names, Index.move_names
    entity_rows, editing_names, _renumber = Index.entity_rows, Index.editing_names, Index._renumber
    del Index

    def fact_by_key(self, key: str) -> int | None:
        return self.facts.get(key)

    def names_changed(self) -> None:
        self.changed += 1


def _c(cid: int, op: str, target: str, **kw) -> Change:
    from bot.normalize import name_key

    return Change(cid, "2026-01-01T00:00:00", 7, "测试员", -100, op, name_key(target), target, None, **kw)


def _applied(index: FakeIndex, *changes: Change) -> State:
    from bot.corrections import apply

    st = State(Path("/nonexistent/c.sqlite"), changes=list(changes), names=index.entities)
    for c in changes:
        why = apply._apply_one(index, st, c)
        if why:
            st.orphans[c.id] = why
    return st


def test_apply_alias_merge_notentity_on_names_alone():
    from bot.corrections import apply

    index = FakeIndex((1, "张三", "person"), (2, "三哥", "person"), (3, "某词", "company"))
    st = _applied(
        index,
        _c(1, cx.ALIAS, "张三", arg="老张", arg_key="老张"),
        _c(2, cx.MERGE, "张三", arg="三哥", arg_key="三哥"),
        _c(3, cx.NOTENTITY, "某词"),
        _c(4, cx.KIND, "张三", field="kind", old="person", new="person"),
    )
    assert apply.find(index, "老张") == 1 and apply.find(index, "三哥") == 1
    assert 2 not in index.entities and st.merged == {1: [2]}
    assert 3 not in index.entities and st.removed == {3: "某词"} and not index.by_key["某词"]
    assert st.touched[1] == [1, 2, 4] and not st.orphans


def test_apply_reports_why_a_change_waits():
    index = FakeIndex((1, "张三", "person"), (2, "某公司", "company"))
    st = _applied(
        index,
        _c(1, cx.ALIAS, "李四", arg="小李", arg_key="小李"),  # target gone
        _c(2, cx.ALIAS, "张三", arg="某公司", arg_key="某公司"),  # someone else's name
        _c(3, cx.MERGE, "张三", arg="某公司", arg_key="某公司"),  # a person and a company
        _c(4, cx.HIDE, "张三", arg="…", arg_key="gone"),  # the fact left the index
        _c(5, cx.HIDE, "张三", arg="…", arg_key="k1"),
    )
    assert {cid: r.code for cid, r in st.orphans.items()} == {
        1: "gone",
        2: "alias_owned",
        3: "kinds_differ",
        4: "fact_gone",
    }
    assert st.hidden[1] == {101: 5}
    assert text.reason(st.orphans[1]) == "「李四」已不在索引中"
    assert text.reason(st.orphans[1], "en") == "“李四” is no longer in the index"


def test_a_split_cancels_the_merge_of_the_same_names():
    from bot.corrections.apply import _cancelled

    merge = _c(1, cx.MERGE, "甲", arg="乙", arg_key="乙")
    split = _c(2, cx.SPLIT, "乙", arg="甲", arg_key="甲")
    other = _c(3, cx.MERGE, "甲", arg="丙", arg_key="丙")
    assert _cancelled([merge, other, split]) == {1, 2}


def test_card_gets_fixes_hidden_facts_and_loses_removed_names():
    from bot.corrections import apply

    index = FakeIndex((1, "张三", "person"), (3, "某词", "company"))
    st = _applied(
        index,
        _c(1, cx.FIX, "张三", field="born", new="1983", parts={"year": 1983}),
        _c(2, cx.HIDE, "张三", arg="…", arg_key="k1"),
        _c(3, cx.NOTENTITY, "某词"),
        _c(4, cx.FIX, "张三", field="education", new=""),
    )
    index.corrections = st
    facts = [{"id": 101, "canon": "x"}, {"id": 102, "canon": "y"}]
    profile = {
        "born": [{"value": "1980", "year": 1980}, {"value": "某地", "place": "某地"}],
        "education": [{"value": "某大学"}],
        "related": [{"value": "某词", "entity": 3}, {"value": "李四", "entity": 4}],
    }
    names = {"某词": "某詞"}
    facts, profile, changes = apply.card(index, 1, facts, profile, names, rank=lambda fs: fs)
    assert [f["id"] for f in facts] == [102] and changes == [1, 2, 4] and names == {}
    assert profile == {
        "born": [  # the fixed date replaces the extracted one; the birthplace stays
            {"value": "1983", "sources": [], "entity": None, "year": 1983, "corrected": True, "change": 1},
            {"value": "某地", "place": "某地"},
        ],
        "related": [{"value": "李四", "entity": 4}],
    }
    hits = [{"id": 101, "entity": {"id": 1}}, {"id": 5, "entity": {"id": 3}}, {"id": 6, "entity": {"id": 1}}]
    assert [h["id"] for h in apply.hits(index, hits)] == [6]


def test_describe_and_results_are_typed_then_worded():
    c = _c(3, cx.FIX, "张楠赓", field="born", old="", new="1983")
    assert text.describe(c) == "「张楠赓」出生：（空） → 1983"
    assert text.describe(c, "en") == "“张楠赓” born: (empty) → 1983"
    done = text.result_dict(Done(c, 1))
    assert done == {"op": "fix", "change": 3, "what": "「张楠赓」出生：（空） → 1983", "entity": 1}
    undo = _c(4, cx.UNDO, "张楠赓", arg="3")
    assert text.result_dict(Done(undo, 1, undone=c))["undone"] == 3


# ---- English -----------------------------------------------------------------------------------------
def test_an_english_user_gets_english_corrections_replies(chat):
    def en(line: str) -> str:
        return render(answer_line(chat.index, line, lang="en", actor=TEAM), "plain")

    assert en("/fix 张楠赓 born 明年").startswith("born takes a year or a date")
    assert "For person “张楠赓” you can fix: roles, born" in en("/fix 张楠赓 height 180")
    assert "Use one of: person, company" in en("/kind 嘉楠科技 planet")
    assert "“张楠赓” is a person and “嘉楠科技” is a company" in en("/merge 张楠赓 = 嘉楠科技")
    assert "Did you mean: 张楠赓" in en("/fix 张楠庚庚 born 1983")
    assert "Usage: /alias NAME = ALIAS" in en("/alias")
    assert "No corrections yet." in en("/history")
    refused = render(
        answer_line(chat.index, "/alias 张楠赓 = 南瓜哥", lang="en", actor=cx.Actor(9, "x", allowed=False)),
        "plain",
    )
    assert refused.startswith("Sorry, only the bot's admins")
    done = answer_line(chat.index, "/alias 张楠赓 = 南瓜哥", lang="en", actor=TEAM)
    assert render(done, "plain").startswith("OK, noted: “张楠赓” gets the alias 南瓜哥")
    chat.index = Index(chat.path)
    assert "Corrections of “张楠赓” (newest first):" in en("/history 张楠赓")
    assert "(team edit)" not in en("/who 张楠赓")
    # The same in Chinese is unchanged.
    assert "好的，已记下" in render(answer_line(chat.index, "/alias 张楠赓 = 南瓜弟", actor=TEAM), "plain")


def test_every_catalogue_key_of_english_is_one_of_chinese():
    from bot.messages import catalogue

    zh = {k for k in catalogue("zh-hans") if k.startswith("corrections.")}
    en = {k for k in catalogue("en") if k.startswith("corrections.")}
    assert en <= zh and zh - en == {"corrections.help"}  # English help: show.help_corrections


def test_the_index_itself_knows_no_corrections_the_resolver_applies_them(chat):
    from bot.normalize import name_key
    from bot.query import resolve

    assert chat("/alias 张楠赓 = 南瓜哥").correction["ok"]
    fresh = Index(chat.path)
    assert fresh.corrections is None and not fresh.by_key.get(name_key("南瓜哥"))
    res = resolve(fresh, "南瓜哥")  # the first lookup applies the team's corrections, once
    assert res.status == "found" and fresh.entities[res.entity].name == "张楠赓"
    st = fresh.corrections
    assert resolve(fresh, "南瓜哥").entity == res.entity and fresh.corrections is st
