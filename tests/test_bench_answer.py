"""The answer path's shortcuts give what the plain passes over every name gave (speed only, same output)."""

from __future__ import annotations

import random

from bot.normalize import name_key


def test_protected_names_found_from_their_first_characters_equal_a_test_of_every_name(index):
    from bot.answer import _names_in, _protected_names

    names = _protected_names(index)
    rnd = random.Random(5)
    pool = list(names)
    blobs = ["", "无关的文字", "\n".join(pool)]
    for _ in range(60):
        picked = rnd.sample(pool, 6)
        # names glued to text, overlapping (a name inside a longer one) and cut at the ends
        blobs.append("，".join(picked) + "的" + picked[0][1:] + picked[1][:-1] + picked[2] * 2)
    for blob in blobs:
        assert list(_names_in(index, blob).items()) == [(n, t) for n, t in names.items() if n in blob]


def test_near_sound_over_the_close_rows_equals_a_pass_over_every_key(index):
    from bot.query import _fuzzy, _near_sound
    from bot.store.index import Index

    def every_key(idx: Index, key: str, scores: dict[int, float], want: str) -> dict[int, float]:
        from bot.query import _fold_sound

        close = {e for e, s in scores.items() if s >= 60}
        return {
            eid: scores[eid]
            for k, py, eid in idx.keys
            if eid in close and len(k) == len(key) and py and _fold_sound(py) == want
        }

    from bot.normalize import query_pinyin_key
    from bot.query import _fold_sound

    people = [e.name for e in index.entities.values() if e.kind == "person" and len(e.name) == 3]
    assert people
    rnd = random.Random(9)
    checked = 0
    for name in people:
        for typo in (name, name[:2] + rnd.choice("根更庚耕华伟"), name[0] + rnd.choice("楠南难") + name[2]):
            key = name_key(typo)
            scores = _fuzzy(index, key, typo)
            got = _near_sound(index, typo, key, scores)
            assert list(got.items()) == list(
                every_key(index, key, scores, _fold_sound(query_pinyin_key(typo))).items()
            )
            checked += bool(got)
    assert checked  # some typos were found by sound, so the comparison is not between empty dicts
