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
