"""One normaliser for articles and chat queries: script, width, case, spacing, pinyin keys.

An article sentence and a chat query pass through the same functions, so 陳書耕, 陈书耕 and
`陈书耕 ` become the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot import lexicon as lx

# Zero-width and bidi controls that users paste by accident and that never carry meaning in a name.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_KEY_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Legal suffixes that users leave out: 恒岳科技 is found by 北京恒岳科技有限公司 and the other way.
LEGAL_SUFFIXES = lx.load_list("query_legal_suffixes")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    # Taiwan standard characters (為, 裡), as Traditional articles and readers write them; names keep the
    # form the articles use (see render.converter).
    return opencc.OpenCC("s2tw.json")


# Variant characters t2s does not know (Hong Kong texts write 㕑 for 廚), mapped one for one first.
_VARIANTS = str.maketrans(dict(lx.load_rows("variant_chars", 2, 2)))


def to_simplified(text: str) -> str:
    return _t2s().convert(text.translate(_VARIANTS)) if text else text


def to_traditional(text: str) -> str:
    return _s2t().convert(text) if text else text


def clean_surface(text: str) -> str:
    """NFKC (full-width to half-width), invisible characters out, whitespace folded."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def name_key(text: str) -> str:
    """The exact-match key of a name: NFKC, Simplified, lowercase, no spaces or punctuation."""
    return _KEY_DROP.sub("", to_simplified(clean_surface(text)).lower())


def strip_legal_suffix(key: str) -> str:
    for suffix in LEGAL_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def is_traditional(text: str) -> bool:
    """True when the text contains characters that Simplified writing would change."""
    return has_cjk(text) and to_simplified(text) != text


def pinyin_key(text: str) -> str:
    """Toneless pinyin without spaces: 陈书耕 -> chenshugeng. Latin text is kept lowercased."""
    from pypinyin import lazy_pinyin

    simp = to_simplified(clean_surface(text))
    return _KEY_DROP.sub("", "".join(lazy_pinyin(simp)).lower())


def initials_key(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    simp = to_simplified(clean_surface(text))
    if not has_cjk(simp):
        return ""
    return "".join(p[0] for p in lazy_pinyin(simp, style=Style.FIRST_LETTER) if p and p[0].isalpha()).lower()


def query_pinyin_key(text: str) -> str:
    """Pinyin key of what a user typed: Chinese converted, Latin letters kept (zhang nangeng)."""
    if has_cjk(text):
        return pinyin_key(text)
    return _KEY_DROP.sub("", clean_surface(text).lower())


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
