"""Bytes of an article file: a regular file only, its encoding detected from the bytes, its hash."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from bot.errors import ReadError


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_encoding(data: bytes) -> tuple[str, bytes]:
    """Return (codec, payload without BOM). Raises ReadError for binary or undetectable data."""
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        if _mostly_utf8(body):
            return "utf-8", body
        # A BOM that lies (an editor put it before a GB18030 or Big5 body): the body's bytes decide.
        data = body
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", data
    if b"\x00" in data[:4096]:
        raise ReadError("binary data (NUL bytes)")
    try:
        data.decode("utf-8")
        return "utf-8", data
    except UnicodeDecodeError as exc:
        # A file cut in the middle of a multi-byte character is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", data
    from charset_normalizer import from_bytes

    candidates = ["gb18030", "big5", "utf_8", "utf_16"]
    best = from_bytes(data[:200_000], cp_isolation=candidates).best()
    if best is None or best.encoding is None:
        # Long runs of URL escapes or symbols make the default chaos threshold refuse a plain Big5 or
        # GB18030 file (a news page with %EF%BF%BD lines): the same candidates with more tolerance.
        best = from_bytes(data[:200_000], cp_isolation=candidates, threshold=0.5).best()
    if best is None or best.encoding is None:
        raise ReadError("undetectable text encoding")
    codec = best.encoding
    if codec in ("gb2312", "gbk"):
        codec = "gb18030"
    return codec, data


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with no more bad bytes than decode_bytes tolerates."""
    text = data.decode("utf-8", errors="replace")
    return text.count("\ufffd") <= max(20, len(text) // 50)


# Control characters (below 32) other than \t \n \f \r: counted by one regex scan, not a loop.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def decode_bytes(data: bytes) -> tuple[str, str]:
    codec, payload = detect_encoding(data)
    text = payload.decode(codec, errors="replace")
    if text.count("\ufffd") > max(20, len(text) // 50):
        raise ReadError(f"too many undecodable bytes for {codec}")
    controls = len(_CONTROLS.findall(text, 0, 20000))
    if controls > max(8, len(text[:20000]) // 100):
        raise ReadError("binary data (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), codec


def article_id(sha: str) -> str:
    return sha[:10]


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_regular_file(path: Path, max_bytes: int, within: list[str] | None = None) -> tuple[bytes, int]:
    """(first max_bytes + 1 bytes, size) of a regular file. FIFOs, devices and sockets are refused
    before they are opened; O_NONBLOCK guards the race where the name is swapped in between.

    `within` (resolved folders): a path that resolves through a symbolic link must end inside one of them,
    and the resolved file is opened without following a link again (a link swapped in after the folder
    walk leads nowhere outside).
    """
    try:
        if within is not None:
            path = _resolved_inside(path, within)
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"not a regular file ({_kind(st.st_mode)})")
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        if within is not None:
            flags |= getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ReadError(f"not a regular file ({_kind(st.st_mode)})")
            return fh.read(max_bytes + 1), st.st_size
    except OSError as exc:
        raise ReadError(f"unreadable ({exc.strerror or exc.__class__.__name__})") from exc


def _resolved_inside(path: Path, within: list[str]) -> Path:
    real = os.path.realpath(path)
    if real != os.path.abspath(path) and not any(
        real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in within
    ):
        raise ReadError("symbolic link leading outside the given folders (skipped)")
    return Path(real)


def decode_args(argv: list[str]) -> list[str]:
    """Command-line arguments from a terminal that is not UTF-8 (a GBK console): Python hands their
    bytes over as surrogates; they are decoded again as GB18030 (or Big5), else with U+FFFD."""
    out = []
    for arg in argv:
        if any("\udc80" <= ch <= "\udcff" for ch in arg):
            raw = os.fsencode(arg)
            for codec in ("utf-8", "gb18030", "big5"):
                try:
                    arg = raw.decode(codec)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                arg = raw.decode("utf-8", "replace")
        out.append(arg)
    return out
