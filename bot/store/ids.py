"""Stable ids: an entity's or a fact's id is derived from its stable key, so `ingest --rebuild`, an
increment and an upgrade give the same thing the same id, and a button made before keeps pointing at it.

- An id is the first free slot of the key's chain: `slot(key, 0)`, `slot(key, 1)`, … (hashes in
  1..ID_SPACE: nine digits, a safe integer in JSON, SQLite and callback data).
- Collision rule (deterministic, independent of the order things were ingested): the keys take their
  slots greedily in ascending order of their sort key. An assignment is that one exactly when every slot of
  a key's chain before its own is held by a smaller key (`valid_prefix`); an increment that cannot keep this
  locally raises `IdConflict` and the update is redone as a rebuild (rare: about one new row in 10^4 at
  10^5 rows).
- `check(...)`: a short hash of what a button pointed at, carried next to the id, so that a stale button is
  recognised instead of opening another card.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

from bot.normalize import name_key
from bot.vocab import PERSON

ID_SPACE = 999_999_999
CHECK_CHARS = 4
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

SortKey = tuple[str, ...]


class IdConflict(Exception):
    """An increment's ids would differ from a rebuild's (a hash collision it cannot settle locally)."""


def slot(key: str, i: int = 0) -> int:
    """The i-th id a key may take."""
    h = hashlib.blake2b(f"{i}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") % ID_SPACE + 1


def check(*keys: str) -> str:
    """A few characters (digits and lowercase letters) naming these keys."""
    h = hashlib.blake2b("\x00".join(keys).encode(), digest_size=8, person=b"factbot-check").digest()
    n = int.from_bytes(h, "big")
    out = []
    for _ in range(CHECK_CHARS):
        n, r = divmod(n, len(_DIGITS))
        out.append(_DIGITS[r])
    return "".join(out)


def assign(new: Sequence[SortKey], held: Callable[[int], SortKey | None]) -> list[int]:
    """Ids for `new` rows, given by their sort keys (whose first part is the chain key), where `held` tells
    the sort key of the row that stays in an id (None when free). Raises IdConflict when a row that stays
    holds a slot a smaller new key should have had."""
    out: dict[int, int] = {}
    taken: dict[int, SortKey] = {}
    for n in sorted(range(len(new)), key=lambda n: new[n]):
        sort = new[n]
        i = 0
        while True:
            s = slot(sort[0], i)
            owner = taken.get(s) or held(s)
            if owner is None:
                break
            if owner > sort:
                raise IdConflict(sort[0])
            i += 1
        out[n] = s
        taken[s] = sort
    return [out[n] for n in range(len(new))]


def displaced(ids: Iterable[int], sorts: Iterable[SortKey]) -> set[int]:
    """The ids that are not the first slot of their key's chain."""
    return {i for i, sort in zip(ids, sorts, strict=True) if slot(sort[0]) != i}


def check_displaced(ids: Iterable[int], owner: Callable[[int], SortKey | None]) -> set[int]:
    """Rows not in their first slot (`displaced`) that stay must still have every earlier slot of their
    chain held by a smaller key; else a rebuild would move them, so IdConflict. Returns those still
    displaced."""
    out: set[int] = set()
    for rid in ids:
        sort = owner(rid)
        if sort is None or slot(sort[0]) == rid:
            continue  # gone, or now a row in its first slot
        out.add(rid)
        i = 0
        while (s := slot(sort[0], i)) != rid:
            held = owner(s)
            if held is None or held > sort or i > 1000:
                raise IdConflict(sort[0])
            i += 1
    return out


def assign_checked(
    new: Sequence[SortKey], held: Callable[[int], SortKey | None], before: set[int]
) -> tuple[list[int], set[int]]:
    """`assign` the new rows, then `check_displaced` the rows displaced `before`: the ids, and the
    displaced ids after."""
    ids = assign(new, held)
    mine = dict(zip(ids, new, strict=True))
    still = check_displaced(before, lambda s: mine.get(s) or held(s))
    return ids, still | displaced(ids, new)


def entity_key(name: str, kind: str) -> str:
    """The key an entity's id and check derive from: its name's key (people apart from the rest)."""
    return f"{int(kind == PERSON)}:{name_key(name)}"


def entity_sort(name: str, kind: str) -> SortKey:
    return (entity_key(name, kind), name, kind)
