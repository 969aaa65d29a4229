"""A correction command's argument (`/alias 张三 = 三哥`, `/fix 张三 born 1983`…) as a typed Request."""

from __future__ import annotations

from collections.abc import Callable

from bot.corrections.model import (
    ALIAS,
    FIELD_WORDS,
    FIX,
    HIDE,
    HISTORY,
    KIND,
    MERGE,
    NOTENTITY,
    SPLIT,
    UNALIAS,
    UNDO,
    CorrectionError,
    Request,
)
from bot.normalize import clean_surface, name_key

_QUOTES = "\"'“”‘’「」『』《》〈〉"
_MINUS = ("-", "－")


def _name(text: str) -> str:
    text = text.strip().lstrip("@＠").strip()
    while text and (text[0] in _QUOTES or text[-1] in _QUOTES):
        text = text.strip(_QUOTES).strip()
    return text


def _pair(op: str, arg: str) -> tuple[str, str]:
    if "=" in arg:
        left, _, right = arg.partition("=")
    else:
        parts = arg.split()
        if len(parts) != 2:
            raise CorrectionError("usage", op=op)
        left, right = parts
    left, right = _name(left), _name(right)
    if not name_key(left) or not name_key(right):
        raise CorrectionError("usage", op=op)
    return left, right


def _number(op: str, text: str) -> int:
    text = text.strip().lstrip("#＃")
    if not text.isdigit() or len(text) > 12:
        raise CorrectionError("usage", op=op)
    return int(text)


def _alias(arg: str) -> Request:
    left, right = _pair(ALIAS, arg.lstrip("".join(_MINUS)))
    return Request(UNALIAS if arg.startswith(_MINUS) else ALIAS, left, right)


def _two(op: str) -> Callable[[str], Request]:
    def parse_two(arg: str) -> Request:
        left, right = _pair(op, arg)
        return Request(op, left, right)

    return parse_two


def _kind(arg: str) -> Request:
    name, _, kind = arg.rpartition("=") if "=" in arg else arg.rpartition(" ")
    if not name.strip() or not kind.strip():
        raise CorrectionError("usage", op=KIND)
    return Request(KIND, _name(name), value=kind.strip())


def _fix(arg: str) -> Request:
    tokens = arg.split(" ")
    at = next((i for i in range(1, len(tokens)) if tokens[i].lower() in FIELD_WORDS), None)
    if at is None:
        if len(tokens) < 3:
            raise CorrectionError("usage", op=FIX)
        at = len(tokens) - 2  # the word before the value is meant as the field
    req = Request(
        FIX, _name(" ".join(tokens[:at])), field=tokens[at], value=" ".join(tokens[at + 1 :]).strip()
    )
    if not req.name:
        raise CorrectionError("usage", op=FIX)
    return req


def _hide(arg: str) -> Request:
    first, _, rest = arg.partition(" ")
    return Request(HIDE, _name(rest), number=_number(HIDE, first))


_PARSERS: dict[str, Callable[[str], Request]] = {
    ALIAS: _alias,
    MERGE: _two(MERGE),
    SPLIT: _two(SPLIT),
    KIND: _kind,
    NOTENTITY: lambda arg: Request(NOTENTITY, _name(arg)),
    FIX: _fix,
    HIDE: _hide,
    HISTORY: lambda arg: Request(HISTORY, _name(arg)),
    UNDO: lambda arg: Request(UNDO, number=_number(UNDO, arg) if arg else 0),  # 0: my latest change
}


def parse(command: str, arg: str, limit: int = 64) -> Request:
    """A correction command's argument as a Request; CorrectionError with a clear reason otherwise."""
    arg = clean_surface(arg)
    if command not in (HISTORY, UNDO) and not arg:
        raise CorrectionError("usage", op=command)
    if len(arg) > 3 * limit + 8:
        raise CorrectionError("too_long", n=limit)
    parser = _PARSERS.get(command)
    if parser is None:
        raise CorrectionError("usage", op=command)
    req = parser(arg)
    if any(len(part) > limit for part in (req.name, req.other, req.value)):
        raise CorrectionError("too_long", n=limit)
    if (req.name and not name_key(req.name)) or (not req.name and command not in (HIDE, HISTORY, UNDO)):
        raise CorrectionError("usage", op=command)  # (`/notentity @`: no name left once cleaned)
    return req
