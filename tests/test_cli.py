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
