"""The command line at its edge (issue 19): no command ever ends in a traceback."""

from __future__ import annotations

from bot import cli


def test_an_unexpected_error_is_one_line_and_a_non_zero_exit(monkeypatch, capsys):
    def boom(args) -> int:
        raise ValueError("something\nbroke")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["articles"].set_defaults(func=boom)
    monkeypatch.delenv("FACTBOT_DEBUG", raising=False)
    assert cli.main(["articles"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ValueError: something broke" in err and "Traceback" not in err


def _commands(parser):
    import argparse

    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_every_command_and_option_explains_itself():
    """Issue 19, item 12: every option has help text, every command examples in its --help."""
    import argparse

    parser = cli.build_parser()
    commands = _commands(parser)
    assert {"ingest", "ask", "chat", "bench"} <= set(commands)
    for name, sub in commands.items():
        for action in sub._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)
        text = sub.format_help()
        assert "examples:" in text and f"python -m bot {name}" in text, name
        assert "{person}" not in text and "{company}" not in text  # filled with names
    assert "--quick" in commands["bench"].format_help()


def test_version_and_no_command(capsys):
    import pytest

    from bot import __version__

    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"factbot {__version__}"
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    # Not argparse's one usage line with every command in braces: one line per command, and examples.
    assert "{ingest," not in err and "examples:" in err
    for name in ("ingest", "ask", "chat", "why", "run"):
        assert any(line.split()[:1] == [name] for line in err.splitlines()), name


def test_bench_quick_is_small_and_the_start_up_figure_is_measured():
    """bench --quick runs every part at small sizes (20 s on the seeds, measured); the extraction start-up
    is timed in a fresh process, so it is never the 0.00 s of a process that loaded everything already."""
    from bot import bench

    args = cli.build_parser().parse_args(["bench", "--quick"])
    assert args.quick and args.func is cli.cmd_bench
    assert bench.QUICK["entities"] * 10 <= bench.FULL["entities"] and bench.QUICK["copies"] == 1
    assert bench.bench_startup(runs=1) > 0.05


def test_ingest_leaves_no_lock_file(tmp_path, capsys):
    """Issue 19, item 8: nothing stray beside the index after an ingest (the writer removes its lock)."""
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text(
        "星河科技的故事\n2015年3月，韩立峰在深圳创立了星河科技，韩立峰担任星河科技董事长。", encoding="utf-8"
    )
    index = tmp_path / "var" / "index.sqlite"
    assert cli.main(["ingest", str(arts), "--index", str(index)]) == 0
    assert "1 new" in capsys.readouterr().out
    assert not (tmp_path / "var" / "index.sqlite.lock").exists()
    assert sorted(p.name for p in index.parent.iterdir() if "lock" in p.name) == []


def test_writers_stay_one_at_a_time_when_the_lock_file_is_removed():
    """A writer that waited on a lock file its predecessor removed takes the lock again on the current
    file, so it and a newcomer are never inside together."""
    import tempfile
    import threading
    import time
    from pathlib import Path

    from bot.store.db import writer_lock

    inside: list[str] = []
    overlaps: list[tuple[str, str]] = []
    guard = threading.Lock()

    def write(name: str, hold: float) -> None:
        with writer_lock(path, wait_message=lambda _: None):
            with guard:
                overlaps.extend((name, other) for other in inside)
                inside.append(name)
            time.sleep(hold)
            with guard:
                inside.remove(name)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.sqlite"
        threads = [threading.Thread(target=write, args=(f"w{i}", 0.05)) for i in range(8)]
        for th in threads:
            th.start()
            time.sleep(0.01)
        for th in threads:
            th.join(10)
        assert overlaps == [] and not inside
        assert not Path(str(path) + ".lock").exists()
