"""Language resources shared by extraction: cue words, surnames, jieba's dictionary tags.

These are facts about Chinese, not about any article: role words, speech verbs, organisation
suffixes, the common surnames. Nothing here names an entity from the seeds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "lexicon"


def load_list(name: str) -> tuple[str, ...]:
    """One entry per line from bot/data/lexicon/<name>.txt; `#` starts a comment line."""
    lines = (_DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#"))


def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_SURNAME_ROWS = [line.split("\t") for line in load_list("surnames")]
SURNAMES = frozenset(r[0] for r in _SURNAME_ROWS if len(r[0]) == 1)
DOUBLE_SURNAMES = frozenset(r[0] for r in _SURNAME_ROWS if len(r[0]) == 2)
COMMON_SURNAMES = frozenset(r[0] for r in _SURNAME_ROWS if r[1:] == ["common"])
SURNAME_READINGS = dict(line.split("\t", 1) for line in load_list("surname_readings"))

ROLE_WORDS = load_list("role_words")
PROFILE_ROLES = load_list("profile_roles")
SPEECH_VERBS = load_list("speech_verbs")
AFTER_NAME = (*load_list("after_name"), *ROLE_WORDS)
ORG_SUFFIXES = _longest_first(load_list("org_suffixes"))
LEGAL_FORMS = _longest_first(load_list("legal_forms"))
UNIVERSITY_SUFFIXES = load_list("university_suffixes")
INVESTOR_SUFFIXES = load_list("investor_suffixes")
CLASS_NOUNS = load_list("class_nouns")
BOUNDARY = frozenset(load_list("boundary"))
STOP_NAME_CHARS = frozenset(load_list("stop_name_chars"))


def is_common_surname(ch: str) -> bool:
    """A surname many people carry (王, 邹, 傅): a name starting with a rare one (蒯, 和) needs more evidence."""
    return ch in COMMON_SURNAMES


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary as word -> part-of-speech tag (read once, without jieba's HMM)."""
    return {w: t for w, (t, _) in _dictionary().items()}


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, int]]:
    import jieba

    out: dict[str, tuple[str, int]] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and len(parts[0]) >= 2:
                out[parts[0]] = (parts[2], int(parts[1]))
            elif len(parts) >= 3 and int(parts[1]) >= 9000:
                _COMMON_CHARS.add(parts[0])
    return out


_COMMON_CHARS: set[str] = set()  # single characters used as words all the time (全, 级, 大, 新)


def is_common_word(word: str) -> bool:
    """A dictionary word that is not a rare person name (方面, 马拉松, 高通; jieba tags 范畴 'nr' too)."""
    entry = _dictionary().get(word)
    if entry is None:
        return False
    tag, freq = entry
    # jieba tags many everyday two-character words as names (张开, 李子, 高明, 范畴 — all frequent);
    # its three-character 'nr' entries are real names (张三丰, 李彦宏), whatever their frequency.
    return not tag.startswith("nr") or (len(word) == 2 and freq >= 60)


def is_generic(word: str) -> bool:
    """For organisation names: a dictionary word that is not marked proper (nr/nz/nt/j)."""
    entry = _dictionary().get(word)
    return entry is not None and not entry[0].startswith(("nr", "nz", "nt", "j"))


def is_generic_compound(word: str) -> bool:
    """A word jieba did not know that is made of ordinary words (芯片公司, 海外市场, 全定制): ordinary too.

    Greedy longest match over the dictionary; at most one character may be left over, and every
    dictionary word inside must be an ordinary one (比特微 holds 比特, marked proper, so it is not).
    """
    if len(word) < 3 or word in _dictionary():
        return False
    i, generic, leftover = 0, 0, 0
    while i < len(word):
        for n in (4, 3, 2):
            piece = word[i : i + n]
            entry = _dictionary().get(piece) if len(piece) == n else None
            if entry is not None and entry[1] >= 20:  # rarer entries are dictionary noise (伟达)
                if not is_generic(piece):
                    return False
                generic += n
                i += n
                break
        else:
            if word[i] not in _COMMON_CHARS:
                return False
            leftover += 1
            i += 1
    return generic > 0 and leftover <= 1


def frequency(word: str) -> int:
    """How often jieba's dictionary saw the word (0 when it does not know it): rare entries are noise."""
    entry = _dictionary().get(word)
    return entry[1] if entry else 0
