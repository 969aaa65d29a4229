"""The message catalogue: every word a user reads (replies, buttons, labels, help, errors) by key and language.

Messages live in `bot/data/messages/<lang>/*.yaml` (zh-hans, zh-hant, en), one flat mapping of dotted
keys per file; the files of a language are merged, so each area keeps its own file (card.yaml,
corrections.yaml, buttons.yaml…). A key missing in zh-hant falls back to zh-hans converted to Traditional
characters; a key missing in English falls back to zh-hans as written. Values are `str.format` templates.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGS = ("zh-hans", "zh-hant", "en")
DEFAULT = "zh-hans"
_DATA = Path(__file__).resolve().parent / "data" / "messages"


@lru_cache(maxsize=len(LANGS))
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, by key (read once)."""
    folder = _DATA / (lang if lang in LANGS else DEFAULT)
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a mapping of message keys to texts is expected")
        for key, value in data.items():
            if key in out:
                raise ValueError(f"{path}: message key {key!r} is defined twice in {lang}")
            out[str(key)] = "" if value is None else str(value)
    return out


@lru_cache(maxsize=1)
def _s2t():
    """The same OpenCC conversion as bot.normalize.to_traditional; read here so that the catalogue (layer 0)
    imports nothing above it."""
    import opencc

    return opencc.OpenCC("s2tw.json")


def t(key: str, lang: str = DEFAULT, /, **values: object) -> str:
    """The message `key` in `lang`, filled with `values`. An unknown key raises KeyError: a typo is a bug."""
    text = catalogue(lang).get(key)
    if text is None and lang == "zh-hant":
        text = catalogue(DEFAULT).get(key)
        text = _s2t().convert(text) if text else text
    if text is None:
        text = catalogue(DEFAULT)[key]
    return text.format(**values) if values else text
