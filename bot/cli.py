"""Command line: `python -m bot …` and `factbot …`. Errors become messages only here, at the edge."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from bot.errors import FactbotError, NoArticles, NotOurs
from bot.messages import t
from bot.settings import load_settings

# The operator's messages (ingest, corrections, run) are English; the console chat follows --lang.
OPERATOR = "en"


def say(key: str, /, err: bool = False, **values: object) -> None:
    values = {k: _one_line(k, v) for k, v in values.items()}
    print(t(key, OPERATOR, **values), file=sys.stderr if err else sys.stdout)


def _one_line(key: str, value: object) -> object:
    """Paths and errors escaped to one line: a path holding a newline would split a summary line."""
    if isinstance(value, (Path, BaseException)) or key in ("index", "path"):
        from bot.ingest.files import shown
        from bot.store import pg

        if pg.is_pg(value):  # a database's URL, its password left out
            return shown(pg.shown(value))

        return shown(str(value))
    return value


def _quiet_jieba() -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except Exception:  # noqa: BLE001 - jieba is optional for the lookups that do not need it
        pass


def _progress(total: int):
    if not sys.stderr.isatty() or total < 2:
        return None
    done = [0]

    def step(path: str) -> None:
        done[0] += 1
        bar = "#" * (30 * done[0] // total)
        sys.stderr.write(f"\r[{bar:<30}] {done[0]}/{total} {Path(path).name[:30]:<30}")
        if done[0] == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return step


@contextmanager
def stop_on_signals():
    """Turn SIGTERM and SIGINT into `bot.pool.Stopped` for the duration; a second signal during cleanup
    is ignored."""
    import signal

    from bot.pool import request_stop

    def handler(signum, frame) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        request_stop(signum)

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)


def cmd_ingest(args) -> int:
    from bot.ingest import IngestReport, build_index, collect_files
    from bot.pool import Stopped
    from bot.store.db import remove_stale_temps

    _quiet_jieba()
    paths = [Path(p) for p in args.paths] or [load_settings().seeds_dir]
    index = Path(args.index) if args.index else load_settings().index_path
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:  # before any lock file or index appears
        say("cli.missing_path", err=True, path=", ".join(map(str, missing)))
        return 2
    if index.parent.is_dir():
        remove_stale_temps(index.parent)  # left by a run that was killed with SIGKILL
    total = len(collect_files(paths, IngestReport()))
    try:
        with stop_on_signals():
            report = build_index(
                paths, index, progress=_progress(total), rebuild=args.rebuild, cluster=args.cluster
            )
    except Stopped as exc:
        import signal

        say("cli.stopped", err=True, signal=signal.Signals(exc.signum).name)
        return 128 + exc.signum
    except NoArticles as exc:
        say("cli.nothing_indexed", err=True, why=exc.args[0] if exc.args else exc)
        _print_skipped(exc.args[1] if len(exc.args) > 1 else None)
        return 1
    _print_report(report, index)
    return 0


def _count(what: str, n: int) -> str:
    """'1 article', '2 articles' (the catalogue has both forms)."""
    return t(f"cli.count.{what}.{'one' if n == 1 else 'other'}", OPERATOR, n=n)


def _print_report(report, index: Path) -> None:
    """The counts, then only the files that changed the index or were skipped (unchanged ones are quiet)."""
    parts = [
        t(f"cli.change.{k}", OPERATOR, n=n)
        for k, n in (
            ("new", len(report.new)),
            ("changed", len(report.changed)),
            ("removed", len(report.removed)),
            ("unchanged", report.unchanged),
            ("skipped", len(report.skipped)),
        )
        if n
    ]
    say(
        "cli.indexed",
        index=index,
        articles=_count("article", report.articles),
        changes=", ".join(parts) or t("cli.change.none", OPERATOR),
        entities=_count("entity", report.entities),
        facts=_count("fact", report.facts),
    )
    _print_corrections(index)
    for key in ("new", "changed", "removed"):
        for path, title in getattr(report, key):
            say(f"cli.file.{key}", path=path, title=title)
    for path, note in report.notes:
        say("cli.note", path=path, note=note)
    _print_skipped(report.skipped)


def _print_corrections(index: Path) -> None:
    """The team's corrections survive the rebuild; those whose target is gone are kept and named here."""
    from bot.corrections import listing, store_path
    from bot.store.index import Index
    from bot.store.pg import is_pg

    if not is_pg(index) and not store_path(index).exists():
        return
    rows = [r for r in listing(Index(index)) if r["status"] != "undone" and r["op"] != "undo"]
    if not rows:
        return
    waiting = [r for r in rows if r["status"] == "orphan"]
    say("cli.corrections", applied=len(rows) - len(waiting), waiting=len(waiting))
    for r in waiting:
        say("cli.waiting", id=r["id"], what=r["what"], reason=r["reason"])


def _local_actor():
    """Whoever runs the CLI owns the files: corrections typed here are always allowed."""
    import getpass

    from bot.corrections import Actor

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse
        user = "console"
    return Actor(user_id=0, name=f"{user} (console)")


def cmd_corrections(args) -> int:
    from bot.corrections import listing
    from bot.store.index import Index

    rows = listing(Index(ensure_index(_index_path(args))))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        say("cli.no_corrections")
    for r in rows:
        status = ""
        if r["status"] == "undone":
            status = t("cli.undone_by", OPERATOR, id=r["undone_by"])
        elif r["status"] == "orphan":
            status = t("cli.waiting_for", OPERATOR, reason=r["reason"])
        print(
            f"#{r['id']}  {r['time']}  {r['user'] or r['user_id']}  {r['what']}"
            + (f"  [{status}]" if status else "")
        )
    return 0


def _print_skipped(skipped) -> None:
    for path, reason in skipped or []:
        say("cli.skipped", path=path, reason=reason)


def ensure_index(path: Path) -> Path:
    """The index at `path`, built or migrated first when needed (`bot.ingest.ensure_index`)."""
    from bot.ingest import ensure_index as ensure

    return ensure(path)


def _index_path(args) -> Path:
    return Path(args.index) if getattr(args, "index", None) else load_settings().index_path


def cmd_ask(args) -> int:
    from bot.answer import answer_line
    from bot.show import render, to_json
    from bot.store.index import LiveIndex

    live = LiveIndex(ensure_index(_index_path(args)))
    actor = _local_actor()
    for line in args.lines:
        ans = answer_line(live.get(), line, lang=args.lang, actor=actor)
        if ans.correction.get("changed"):
            live.reload()  # the correction applies at load: the next line sees it
        _draw(ans, live.get())
        if args.json:
            print(json.dumps(to_json(ans), ensure_ascii=False))
        else:
            print(render(ans, "plain", fact_ids=True))
            if len(args.lines) > 1:
                print()
    return 0


def _draw(ans, index) -> None:
    """/graph: the picture is written (cached beside the index) and its path goes in the answer."""
    if ans.command == "graph":
        from bot.graph.draw import draw_answer

        draw_answer(ans, index)


def cmd_graph(args) -> int:
    """`graph NAME -o FILE.png`: the relationship picture of NAME written to FILE."""
    import shutil

    from bot.answer import answer_line
    from bot.show import render
    from bot.store.index import Index

    index = Index(ensure_index(_index_path(args)))
    ans = answer_line(index, f"/graph {args.name}", lang=args.lang)
    _draw(ans, index)
    if not ans.image:
        print(render(ans, "plain"), file=sys.stderr)
        return 1
    out = Path(args.output) if args.output else Path(Path(ans.image).name)
    if out.resolve() != Path(ans.image).resolve():
        shutil.copyfile(ans.image, out)
    ans.image = str(out)
    print(render(ans, "plain"))
    return 0


def cmd_articles(args) -> int:
    from bot.store.index import Index

    rows = Index(ensure_index(_index_path(args))).articles()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(
                f"{r['id']}  {r['date'] or '----------'}  {r['sentences']:>4} sent.  {r['outlet'] or '-':<8} {r['title']}"
            )
    return 0


def cmd_article(args) -> int:
    from bot.store.index import Index

    text = Index(ensure_index(_index_path(args))).article_text(args.id)
    if text is None:
        say("cli.no_article", err=True, id=args.id)
        return 1
    print(text)
    return 0


def cmd_why(args) -> int:
    from bot.explain import explain
    from bot.explain.plain import render
    from bot.store.index import Index

    _quiet_jieba()
    obj = explain(Index(ensure_index(_index_path(args))), args.name, args.field, args.article)
    print(json.dumps(obj, ensure_ascii=False, indent=1) if args.json else render(obj))
    return 0


class ChatSession:
    """The console chat's line handler. Before each line the index is refreshed exactly as the bot does
    (`LiveIndex`): another process's ingest or rebuild is seen at once, and names and data never come
    from two different indexes."""

    def __init__(self, path: Path, lang: str | None = None) -> None:
        from bot.store.index import LiveIndex

        self.live = LiveIndex(path)
        self.lang = lang
        self.actor = _local_actor()

    def banner(self) -> str:
        """The first line, with names from this index in the reader's script (陳書耕 for zh-hant)."""
        names = self.live.get().examples()
        if self.lang == "zh-hant":
            from bot.answer import person_traditional
            from bot.normalize import to_traditional

            names = {**names, "person": person_traditional(names["person"])}
            names["company"] = to_traditional(names["company"])
        return t("cli.chat_banner", self.lang or "zh-hans", **names)

    def handle(self, line: str) -> str | None:
        """The reply to one typed line (None for a blank one)."""
        from bot.answer import answer_line
        from bot.show import render

        if not line.strip():
            return None
        ans = answer_line(self.live.get(), line, lang=self.lang, actor=self.actor)
        if ans.correction.get("changed"):
            self.live.reload()  # the correction applies at load: the next line sees it
        _draw(ans, self.live.get())
        return render(ans, "plain", fact_ids=True)


def cmd_chat(args) -> int:
    try:
        import readline  # noqa: F401 - line editing and history for input()
    except ImportError:
        pass
    chat = ChatSession(ensure_index(_index_path(args)), args.lang)
    print(chat.banner())
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        reply = chat.handle(line)
        if reply is not None:
            print(reply)


def cmd_run(args) -> int:
    from bot.store.db import check_path

    check_path(_index_path(args))  # refuses a path that is not ours before anything else
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        say("cli.no_token", err=True)
        return 2
    from bot.tg.app import run_bot

    return run_bot(token, ensure_index(_index_path(args)))


def cmd_bench(args) -> int:
    from bot.bench import main as bench_main

    return bench_main(args)


def _h(key: str) -> str:
    """An option's or a command's help text (bot/data/messages/en/cli.yaml, cli.help.*)."""
    return t(f"cli.help.{key}", OPERATOR)


class _Help(argparse.RawDescriptionHelpFormatter):
    """Examples keep their lines, and name the index's own people and companies ({person}, {company}), read
    only when a help text is printed."""

    def _format_text(self, text: str) -> str:
        return super()._format_text(_fill(text))

    def _split_lines(self, text: str, width: int) -> list[str]:
        return super()._split_lines(_fill(text), width)


def _fill(text: str) -> str:
    if "{" in text:
        for key, name in _help_examples().items():
            text = text.replace("{" + key + "}", name)
    return text


@lru_cache(maxsize=1)
def _help_examples() -> dict[str, str]:
    """Names from the default index when there is one, else the catalogue's (张三, 某公司)."""
    names = {k: t(f"example.{k}", "zh-hans") for k in ("person", "company", "english", "pinyin")}
    try:
        from bot.store.index import Index

        path = load_settings().index_path
        if path.is_file():
            names.update(Index(path).examples())
    except Exception:  # noqa: BLE001 - help never fails for want of an index
        pass
    return names


def _sub(sub, name: str, func) -> argparse.ArgumentParser:
    s = sub.add_parser(
        name,
        help=_h(name),
        description=_h(name),
        epilog=_h(f"{name}.examples"),
        formatter_class=_Help,
    )
    s.set_defaults(func=func)
    return s


def _index_option(s: argparse.ArgumentParser) -> None:
    s.add_argument("--index", metavar="FILE", help=_h("opt.index"))


def _json_option(s: argparse.ArgumentParser) -> None:
    s.add_argument("--json", action="store_true", help=_h("opt.json"))


def _lang_option(s: argparse.ArgumentParser) -> None:
    s.add_argument("--lang", choices=["zh-hans", "zh-hant", "en"], help=_h("opt.lang"))


def build_parser() -> argparse.ArgumentParser:
    from bot import __version__

    p = argparse.ArgumentParser(
        prog="factbot", description=_h("factbot"), epilog=_h("factbot.examples"), formatter_class=_Help
    )
    p.add_argument("--version", action="version", version=f"factbot {__version__}", help=_h("opt.version"))
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND", title=_h("commands"))
    s = _sub(sub, "ingest", cmd_ingest)
    s.add_argument("paths", nargs="*", metavar="PATH", help=_h("opt.paths"))
    _index_option(s)
    s.add_argument("--rebuild", action="store_true", help=_h("opt.rebuild"))
    s.add_argument("--cluster", metavar="ADDRESS", help=_h("opt.cluster"))
    s = _sub(sub, "ask", cmd_ask)
    s.add_argument("lines", nargs="+", metavar="LINE", help=_h("opt.lines"))
    _index_option(s)
    _json_option(s)
    _lang_option(s)
    s = _sub(sub, "graph", cmd_graph)
    s.add_argument("name", help=_h("opt.graph_name"))
    s.add_argument("-o", "--output", metavar="FILE", help=_h("opt.graph_output"))
    _index_option(s)
    _lang_option(s)
    s = _sub(sub, "chat", cmd_chat)
    _index_option(s)
    _lang_option(s)
    s = _sub(sub, "articles", cmd_articles)
    _index_option(s)
    _json_option(s)
    s = _sub(sub, "article", cmd_article)
    s.add_argument("id", help=_h("opt.article_id"))
    _index_option(s)
    s = _sub(sub, "why", cmd_why)
    s.add_argument("name", help=_h("opt.why_name"))
    s.add_argument("field", nargs="?", help=_h("opt.why_field"))
    _index_option(s)
    s.add_argument("--article", metavar="ID", help=_h("opt.why_article"))
    _json_option(s)
    s = _sub(sub, "corrections", cmd_corrections)
    _index_option(s)
    _json_option(s)
    s = _sub(sub, "run", cmd_run)
    _index_option(s)
    s = _sub(sub, "bench", cmd_bench)
    s.add_argument("--quick", action="store_true", help=_h("opt.quick"))
    s.add_argument("--entities", type=int, default=20000, metavar="N", help=_h("opt.entities"))
    s.add_argument("--queries", type=int, default=2000, metavar="N", help=_h("opt.queries"))
    s.add_argument("--updates", metavar="SIZES", help=_h("opt.updates"))
    s.add_argument("--names", metavar="SIZES", help=_h("opt.names"))
    s.add_argument("--store", metavar="INDEX", help=_h("opt.store"))
    return p


def main(argv: list[str] | None = None) -> int:
    from bot.read.files import decode_args

    parser = build_parser()
    args = parser.parse_args(decode_args(sys.argv[1:] if argv is None else argv))
    if getattr(args, "func", None) is None:
        # No command: what each one does, one line each, and examples (not argparse's bare usage line).
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except NotOurs as exc:
        say("cli.refusing", err=True, why=exc)
        return 3
    except FactbotError as exc:
        say("cli.error", err=True, why=exc)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - no command ends in a traceback: one line with the cause
        if os.environ.get("FACTBOT_DEBUG"):
            raise
        cause = " ".join(str(exc).split())[:300]
        say("cli.unexpected", err=True, kind=type(exc).__name__, why=cause)
        return 1
