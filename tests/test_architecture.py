"""The core never imports telegram; only bot/tg/ may."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"


def test_core_does_not_import_telegram():
    offenders = []
    for py in BOT.rglob("*.py"):
        if "tg" in py.relative_to(BOT).parts:
            continue
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "telegram" or n.startswith("telegram.") for n in names):
                offenders.append(str(py))
    assert offenders == []
