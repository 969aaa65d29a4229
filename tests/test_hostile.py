"""Hostile input never hurts the bot (issue 13): one bad file, one slow pattern or one odd update costs
only itself. Every input is crafted here; nothing large is checked in."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.errors import ReadError
from bot.ingest import IngestReport, build_index, collect_files, process_file, read_all, shown
from bot.read import html_to_text, read_article, split_front_matter
from bot.read.clean import clean_text
from bot.segment import segment_text
from tests.conftest import ADMIN, ROOT, SEEDS, wait

ARTICLE = (
    "王小川在2006年创立了百川科技，担任百川科技创始人兼CEO。王小川毕业于清华大学计算机系。"
    "2023年，百川科技推出大模型产品。王小川表示，公司会继续投入研发。"
)


def _article(front: str = "") -> bytes:
    return (front + ARTICLE).encode("utf-8")


# ---- front matter: size, depth, aliases, huge numbers --------------------------------------------


def _laughs(levels: int = 12) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"title: *a{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\n"


HOSTILE_FRONT = [
    ("3,000 levels of nesting", "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n", "nested deeper"),
    (
        "3,000 levels of block mappings",
        "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(300)) + "---\n",
        "",
    ),
    ("a 5,000-digit integer", "---\ntitle: " + "9" * 5000 + "\n---\n", "ValueError"),
    ("a date past year 9999", "---\ndate: 99999-01-01\n---\n", ""),
    ("a billion laughs", _laughs(), "aliases"),
    ("front matter over the size limit", "---\ntitle: " + "x" * 20_000 + "\n---\n", "over"),
]


@pytest.mark.parametrize("desc,front,note", HOSTILE_FRONT, ids=[h[0] for h in HOSTILE_FRONT])
def test_hostile_front_matter_is_refused_fast_and_the_body_kept(desc, front, note):
    t0 = time.perf_counter()
    art = read_article(Path("a.md"), data=_article(front))
    assert time.perf_counter() - t0 < 2.0, desc
    assert "王小川" in art.text and len(art.title) <= 300
    if note:
        assert any(note in n for n in art.notes), art.notes


def test_front_matter_limits_keep_ordinary_metadata():
    meta, body, problem = split_front_matter(
        "---\ntitle: 标题\ndate: 2019-09-07\ncategories: [a, b]\n---\n正文"
    )
    assert meta["title"] == "标题" and body == "正文" and problem is None


def test_metadata_lists_and_maps_never_become_titles():
    art = read_article(Path("a.md"), data=_article("---\ntitle: [a, b]\nauthor: {x: 1}\n---\n"))
    assert art.title == "" and art.author == ""


# ---- per-file isolation ----------------------------------------------------------------------------


def _corpus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_an_exception_inside_a_worker_skips_only_that_file(tmp_path, monkeypatch):
    import bot.ingest.worker as build

    real = build.clean_text

    def explode(text: str):
        if "BOOM" in text:
            raise OverflowError("crafted")
        return real(text)

    monkeypatch.setattr(build, "clean_text", explode)  # workers are forked: they see the patch
    folder = _corpus(tmp_path, {"good.txt": _article(), "bad.txt": _article() + b"BOOM"})
    report = build_index([folder], tmp_path / "i.sqlite")
    assert report.articles == 1
    assert [(Path(p).name, r) for p, r in report.skipped] == [("bad.txt", "failed (OverflowError: crafted)")]


def test_a_crashed_worker_costs_only_its_file(tmp_path, monkeypatch):
    import bot.ingest.worker as build

    real = build._process_file

    def crash(path, max_bytes, data):
        if Path(path).name == "crash.txt":
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
        return real(path, max_bytes, data)

    monkeypatch.setattr(build, "_process_file", crash)
    files = {f"{i}.txt": _article() + f"第{i}版。".encode() for i in range(3)}
    folder = _corpus(tmp_path, {**files, "crash.txt": _article() + "坏".encode()})
    report = build_index([folder], tmp_path / "i.sqlite")
    assert report.articles == 3
    assert [(Path(p).name, r) for p, r in report.skipped] == [
        ("crash.txt", "worker crashed (killed by SIGKILL)")
    ]


def test_a_file_over_the_time_limit_is_stopped_and_skipped(tmp_path, monkeypatch):
    import bot.ingest.worker as build
    from bot.pool import time_limit

    real = build._process_file

    def slow(path, max_bytes, data):
        if Path(path).name == "slow.txt":
            time.sleep(30)
        return real(path, max_bytes, data)

    monkeypatch.setattr(build, "_process_file", slow)
    folder = _corpus(tmp_path, {"ok.txt": _article(), "slow.txt": _article() + "慢".encode()})
    t0 = time.monotonic()
    with time_limit(1):
        report = build_index([folder], tmp_path / "i.sqlite")
    assert time.monotonic() - t0 < 15
    assert report.articles == 1 and report.skipped[0][1] == "too slow (over 1 s), stopped"


# ---- files that are not files, names that are not text ---------------------------------------------


def test_cli_ingest_of_a_hostile_folder(tmp_path):
    """A FIFO, a socket, undecodable and multi-line names, NUL bytes: one CLI run, one line per file."""
    import socket

    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "x.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "s.md"))
    raw = os.fsencode(folder) + b"/bad\xff\xfename.txt"
    with open(raw, "wb") as fh:
        fh.write(_article())
    (folder / "two\nlines.txt").write_bytes(_article() + "第二篇。".encode())
    # NULs past the first 4 KB (where a binary file would show them) and few: a text file with damage.
    line = "郑海涛在2015年创立了极光数智，并担任极光数智董事长。"
    nul = line * 100 + line.replace("并担任", "并\x00担任\x01") * 3
    (folder / "nul.txt").write_bytes(nul.encode("utf-8"))
    index = tmp_path / "i.sqlite"
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(folder), "--index", str(index)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    sock.close()
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0, r.stderr
    lines = out.splitlines()
    assert lines[0].startswith("indexed 3 articles"), out
    assert all(line.startswith(("  new ", "  note ", "  skipped ")) for line in lines[1:]), out
    assert any("x.txt: not a regular file (a FIFO)" in line for line in lines)
    assert any("s.md: not a regular file (a socket)" in line for line in lines)
    assert any(r"bad\xff\xfename.txt" in line and "new" in line for line in lines)
    assert any(r"two\x0alines.txt" in line for line in lines)
    assert len(lines) == 6
    import sqlite3

    conn = sqlite3.connect(index)
    assert not conn.execute("SELECT count(*) FROM facts WHERE instr(text, char(0))").fetchone()[0]
    assert not conn.execute(
        "SELECT count(*) FROM sentences WHERE instr(text, char(0)) OR instr(text, char(1))"
    ).fetchone()[0]
    assert conn.execute("SELECT count(*) FROM sentences WHERE text LIKE '%并担任极光数智%'").fetchone()[0]


def test_only_regular_files_are_opened(tmp_path):
    os.mkfifo(tmp_path / "f.txt")
    with pytest.raises(ReadError, match="FIFO"):
        read_article(tmp_path / "f.txt")  # would block forever if it were opened for reading
    with pytest.raises(ReadError, match="character device"):
        read_article(Path("/dev/zero"))
    report = IngestReport()
    assert read_all(collect_files([tmp_path], report), {}, report, None, 1000) == []
    assert report.skipped == [(str(tmp_path / "f.txt"), "not a regular file (a FIFO)")]


@pytest.mark.parametrize(
    "name,expected",
    [
        ("a\nb.txt", r"a\x0ab.txt"),
        ("a\rb", r"a\x0db"),
        ("\udcff\udcfe.txt", r"\xff\xfe.txt"),
        ("张楠赓.txt", "张楠赓.txt"),
        ("rtl\u202etxt.exe", r"rtl\u202etxt.exe"),
    ],
)
def test_names_are_shown_on_one_line(name, expected):
    assert shown(name) == expected


# ---- NUL bytes and HTML ----------------------------------------------------------------------------


def test_nul_and_control_characters_are_stripped_in_cleaning():
    assert clean_text("王小川\x00创立了\x07百川科技。\t好").text == "王小川创立了百川科技。 好"


def test_unclosed_script_keeps_the_article_and_says_so():
    page = "<html><body><p>开头。</p><script>var a = 1;\n<p>" + ARTICLE + "</p><p>结尾。</p></body></html>"
    art = read_article(Path("a.html"), data=page.encode())
    assert "王小川毕业于清华大学" in art.text and "结尾" in art.text and "var a" not in art.text
    assert any("unclosed HTML <script>" in n for n in art.notes)


@pytest.mark.parametrize(
    "page,kept,gone",
    [
        ("<p>甲</p><!-- 注释 --><p>乙</p>", "乙", "注释"),
        ("<p>甲</p><script>if (a<b) {}</script><p>乙</p>", "乙", "a<b"),
        ("<p>甲 a<b 乙</p>", "a<b", ""),
        ("<title>标题<p>正文一段。</p>", "正文一段", ""),
        ("<p>甲</p><style>p{}</style><p>乙</p>", "乙", "p{}"),
    ],
)
def test_html_pre_pass_keeps_text(page, kept, gone):
    text, _ = html_to_text(page)
    assert kept in text and (not gone or gone not in text)


# ---- linear time -----------------------------------------------------------------------------------


def _best(fn, arg, runs: int = 2) -> float:
    # The collector off while timing: in a long test session its full passes scale with the whole heap,
    # not with the input, and would blur the ratio. CPU time of this process, not wall time: on a loaded
    # machine other processes' turns on the core blurred the ratio (a linear 10k->80k read as 28x).
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            t0 = time.process_time()
            fn(arg)
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return best


def _read_html(s: str):
    return html_to_text(s)


def _process(s: str):
    return process_file("x.txt", 8_000_000, s.encode("utf-8"))


WORST_CASES = [
    ("a file of ?", clean_text, lambda n: "?" * n),
    ("a file of ? (whole pipeline)", _process, lambda n: "?" * n),
    ("pinyin annotation, unclosed", clean_text, lambda n: "中(" + "ā" * n),
    ("pinyin annotations, repeated", clean_text, lambda n: "中(ā" * (n // 3)),
    ("byline with a long blank run", clean_text, lambda n: "作者:a" + " " * n + "b"),
    ("markdown image openers", clean_text, lambda n: "![" * (n // 2)),
    ("disclaimer starts", clean_text, lambda n: "本文内容由" * (n // 5)),
    ("lost bytes before sentence ends", clean_text, lambda n: "“?!中" * (n // 4)),
    ("one line without punctuation", segment_text, lambda n: "中" * n),
    ("labels on one line", segment_text, lambda n: "a:" * (n // 2)),
    ("html <a<a<a", _read_html, lambda n: "<a" * (n // 2)),
    ("html comment openers", _read_html, lambda n: "<p>x</p>" + "<!--" * (n // 4)),
    ("html end-tag openers", _read_html, lambda n: "</" * (n // 2)),
    ("html unclosed scripts", _read_html, lambda n: "<script>" * (n // 8)),
    ("html spaces without a line break", _read_html, lambda n: "<p>" + " " * n + "x"),
]


@pytest.mark.parametrize("desc,fn,make", WORST_CASES, ids=[w[0] for w in WORST_CASES])
def test_worst_case_input_costs_linear_time(desc, fn, make):
    small, large = make(10_000), make(80_000)
    fn(small)  # warm caches and lazy loads
    # 8x the input: linear is ~8x, quadratic ~64x. A floor keeps timer noise on tiny runs out of it, and
    # further tries (the small input the best of three runs) forgive noisy measurements on a busy machine
    # (quadratic fails every try).
    for _ in range(3):
        t_small, t_large = _best(fn, small, runs=3), _best(fn, large)
        if t_large <= 12 * max(t_small, 0.005):
            break
    assert t_large <= 12 * max(t_small, 0.005), f"{desc}: {t_small:.4f}s -> {t_large:.4f}s"


# ---- signals and leftovers -------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == str(pid):
                out.append(int(d))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _ingest_until_workers(corpus: Path, index: Path) -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", str(corpus), "--index", str(index)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (kids := _children(proc.pid)):
        time.sleep(0.05)
    assert kids, "no worker processes started"
    return proc, kids


@pytest.fixture
def big_corpus(tmp_path, seed_index):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(12):
        for p in SEEDS.iterdir():
            (corpus / f"{i}_{p.name}").write_text(
                p.read_text(encoding="utf-8") + f"\n第{i}版。", encoding="utf-8"
            )
    index = tmp_path / "i.sqlite"
    index.write_bytes(seed_index.read_bytes())
    return corpus, index


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_sigint_stop_an_ingest_cleanly(big_corpus, sig, code):
    corpus, index = big_corpus
    before = index.read_bytes()
    proc, kids = _ingest_until_workers(corpus, index)
    proc.send_signal(sig)  # as early as can be: while the workers are being forked
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert err.strip().splitlines() == [
        f"factbot: ingest stopped by {signal.Signals(sig).name}; the previous index is unchanged"
    ]
    time.sleep(0.2)
    assert not [k for k in kids if _alive(k)]
    assert index.read_bytes() == before and not list(index.parent.glob(".factbot-*"))


def test_sigkill_takes_the_workers_along_and_the_next_run_removes_the_temp_file(big_corpus, tmp_path):
    corpus, index = big_corpus
    proc, kids = _ingest_until_workers(corpus, index)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.05)
    assert not [k for k in kids if _alive(k)], "workers outlived their killed parent"
    # What a SIGKILL during the write leaves behind: a temporary index named for a dead process.
    stale = index.parent / f".factbot-{proc.pid}-abc123.sqlite.tmp"
    stale.write_bytes(b"x" * 1000)
    live = index.parent / f".factbot-{os.getpid()}-live.sqlite.tmp"  # a writer that still runs
    live.write_bytes(b"x")
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_bytes(_article())
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(small), "--index", str(index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0 and not stale.exists() and live.exists()


def test_workers_die_with_their_parent():
    """The pool's own guarantee, without a CLI around it: a parent killed by SIGKILL takes its workers."""
    code = (
        "import time, bot.pool as p\n"
        "p.run_pool(lambda path: time.sleep(60), [('a',), ('b',)], 2, None, print)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(kids := _children(proc.pid)) < 2:
        time.sleep(0.05)
    assert len(kids) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.05)
    assert not [k for k in kids if _alive(k)]


# ---- the bot, end to end against the fake Bot API server -------------------------------------------

STALE_DATA = ["e:-1", "s:", "x:whatever", "e:1²", "e:999999", "m:1", "e:٣", ""]


async def test_every_callback_query_is_answered(tg):
    msg = {"message_id": 9, "date": 0, "chat": {"id": 111, "type": "private"}, "text": "x"}
    n = len(tg.calls)
    for data in STALE_DATA:
        tg.callback(data, msg)
    for i in range(len(STALE_DATA)):
        await wait(tg, "answerCallbackQuery", lambda p, i=i: p["callback_query_id"].startswith("cb"), start=n)
    await _until(lambda: len([p for m, p in tg.calls[n:] if m == "answerCallbackQuery"]) >= len(STALE_DATA))
    answers = [p for m, p in tg.calls[n:] if m == "answerCallbackQuery"]
    assert len(answers) == len(STALE_DATA), answers
    assert all(p.get("text") == "这个按钮已失效" for p in answers), [
        p for p in answers if p.get("text") != "这个按钮已失效"
    ]
    assert not [m for m, _ in tg.calls[n:] if m == "sendMessage"]


async def _until(pred, timeout: float = 15.0) -> None:
    import asyncio

    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


BAD_OFFSETS = ["-1", "abc", "99999999999999999999", "1e9", "٣", " 3"]


async def test_inline_offset_that_is_not_ours_starts_from_the_first_page(tg):
    for offset in BAD_OFFSETS:
        n = len(tg.calls)
        tg.inline("张楠赓", offset=offset)
        p = await wait(tg, "answerInlineQuery", start=n)
        assert p["results"][0]["title"].startswith("张楠赓"), offset


async def test_a_10000_character_inline_query_is_answered_at_once(tg):
    t0 = time.monotonic()
    tg.inline("张" * 10_000)
    p = await wait(tg, "answerInlineQuery")
    assert p["results"] == [] and "太长" in p["button"]["text"] and time.monotonic() - t0 < 5
    tg.inline("张楠赓")
    await wait(tg, "answerInlineQuery", lambda p: p["results"])


async def test_edited_messages_and_posts_are_not_answered_again(tg):
    import asyncio

    tg.edited("/who 张楠赓", message_id=5)
    tg.edited("/company 神眸", message_id=6, channel=True)
    tg.message("/help", user_id=112)  # a marker: handled after both edits
    await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 112)
    await asyncio.sleep(0.5)
    assert [int(p["chat_id"]) for p in tg.sent()] == [112]


async def test_an_edited_correction_is_not_applied_again(tg):
    import asyncio

    tg.edited("/alias 张楠赓 = 楠哥", message_id=7)
    tg.message("/help", user_id=112)  # a marker: handled after the edit
    await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 112)
    await asyncio.sleep(0.5)
    assert [int(p["chat_id"]) for p in tg.sent()] == [112]
    assert tg.app.bot_data["core"].answer("/who 楠哥").status != "found"


@pytest.mark.parametrize("kind", ["photo", "document"])
async def test_a_caption_command_gets_the_card(tg, kind):
    tg.captioned("/who 张楠赓", kind=kind, user_id=113)
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 113)
    assert "<b>张楠赓</b>" in p["text"]


def _doc(tg, fid: str, name: str, data: bytes) -> dict:
    tg.files[fid] = data
    return {"file_id": fid, "file_unique_id": fid + "u", "file_name": name, "file_size": len(data)}


async def test_a_bad_upload_never_deletes_an_earlier_one_nor_blocks_later_ones(tg):
    core = tg.app.bot_data["core"]
    n = len(tg.calls)
    tg.message("", user_id=ADMIN, document=_doc(tg, "d1", "article.txt", _article()))
    done = await wait(tg, "editMessageText", lambda p: "收录" in p["text"], timeout=60, start=n)
    assert "已收录" in done["text"]
    first = list(core.uploads.iterdir())
    # The same name again, this time unreadable: refused and removed, the first one untouched.
    n = len(tg.calls)
    tg.message("", user_id=ADMIN, document=_doc(tg, "d2", "article.txt", bytes(range(256)) * 40))
    bad = await wait(tg, "editMessageText", lambda p: "收录" in p["text"], timeout=60, start=n)
    assert "没有收录 article.txt：binary data" in bad["text"]
    assert list(core.uploads.iterdir()) == first and first[0].read_bytes() == _article()
    # A billion laughs in the front matter: read without it, nothing left behind to block anyone.
    n = len(tg.calls)
    laughs = (_laughs() + "郑海涛在2015年创立了极光数智，并担任极光数智董事长。" * 4).encode()
    tg.message("", user_id=ADMIN, document=_doc(tg, "d3", "laughs.md", laughs))
    ok = await wait(tg, "editMessageText", lambda p: "收录" in p["text"], timeout=60, start=n)
    assert "已收录" in ok["text"]
    n = len(tg.calls)
    tg.message("/reload", user_id=ADMIN)
    reload = await wait(tg, "editMessageText", lambda p: "索引" in p["text"], timeout=60, start=n)
    assert "索引已重建" in reload["text"]
    n = len(tg.calls)
    tg.message("/who 王小川", user_id=ADMIN)
    assert "百川科技" in (await wait(tg, "sendMessage", lambda p: "王小川" in p["text"], start=n))["text"]


async def test_a_slow_upload_never_blocks_other_chats_and_is_stopped(tg):
    from dataclasses import replace

    from tests.test_hostile_isolation import long_article

    # A real article under the upload size limit that takes ~20 times the limit to read here (the
    # update's child is a fresh process: nothing patched in this one would reach it).
    data = long_article()
    core = tg.app.bot_data["core"]
    core.settings = replace(core.settings, limits={**core.settings.limits, "upload_seconds": 3})
    assert len(data) < core.settings.limit("max_upload_bytes", 5_000_000)
    n = len(tg.calls)
    tg.message("", user_id=ADMIN, document=_doc(tg, "s1", "slow.txt", data))
    await wait(tg, "sendMessage", lambda p: "正在收录" in p["text"], start=n)
    t0 = time.monotonic()
    tg.message("/company 神眸", user_id=114)  # SQLite at work in the bot's threads while the update starts
    await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 114, start=n)
    answered = time.monotonic() - t0
    refused = await wait(tg, "editMessageText", lambda p: "收录" in p["text"], timeout=60, start=n)
    assert answered < 2.0, f"another chat waited {answered:.1f}s"
    assert "没有收录 slow.txt：too slow (over 3 s), stopped" in refused["text"]
    assert not core.uploads.exists() or not list(core.uploads.iterdir())


async def test_admin_removes_an_uploaded_article(tg):
    core = tg.app.bot_data["core"]
    n = len(tg.calls)
    tg.message("", user_id=ADMIN, document=_doc(tg, "r1", "remove-me.txt", _article()))
    await wait(tg, "editMessageText", lambda p: "已收录" in p["text"], timeout=60, start=n)
    aid = next(a["id"] for a in core.index.articles() if "remove-me" in a["source"])
    seed_id = next(a["id"] for a in core.index.articles() if "uploads" not in a["source"])
    n = len(tg.calls)
    tg.message(f"/remove {aid}", user_id=999)
    await wait(tg, "sendMessage", lambda p: "管理员" in p["text"], start=n)
    tg.message(f"/remove {seed_id}", user_id=ADMIN)
    await wait(tg, "sendMessage", lambda p: "只能删除上传的文章" in p["text"], start=n)
    tg.message(f"/remove {aid}", user_id=ADMIN)
    await wait(tg, "sendMessage", lambda p: "已删除文章" in p["text"], timeout=60, start=n)
    assert aid not in {a["id"] for a in core.index.articles()} and not list(core.uploads.iterdir())
