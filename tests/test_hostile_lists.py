"""List-heavy articles (issue 20): 17,000 names in one 、-list cost memory and index size in proportion to
the names, not to their pairs (a sentence naming more than 16 entities relates each only to its
neighbours); extraction time grows linearly with long lists of every shape; a hub keeps a bounded number
of values. Names are made from the lexicon's surnames; the articles are written by the test."""

from __future__ import annotations

import gc
import json
import random
import re
import sqlite3
import subprocess
import sys
import time
from itertools import product

import pytest

from bot import lexicon as lx
from bot.extract import ner
from bot.ingest.worker import process_file
from bot.model import FileFailure
from bot.relations.profile import LIST_NEIGHBOURS, MAX_RELATED_ALL_PAIRS
from tests.conftest import ROOT

GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红志新海波宁建国文斌亮雪梅晨阳佳欣怡浩宇"

_MEASURE = """
import json, resource, sys
from pathlib import Path
from bot.ingest.update import apply
from bot.ingest.worker import process_file, warm
from bot.store.writer import fresh_index
warm()
art = process_file(sys.argv[1], 8_000_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
fresh_index(Path(sys.argv[2]), lambda w: apply(w, [art], set()))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"names": len(art.extracted), "grew_mb": (after - before) / 1024}))
"""


def _names(n: int) -> list[str]:
    out = [s + a + b for s, a, b in product(sorted(lx.SURNAMES), GIVEN, GIVEN) if a != b]
    assert len(out) >= n
    return out[:: max(1, len(out) // n)][:n]


def test_a_list_of_17000_names_costs_memory_and_index_in_proportion(tmp_path):
    article = tmp_path / "list.txt"
    article.write_text("出席本次会议的有" + "、".join(_names(17_000)) + "等人。\n", encoding="utf-8")
    index = tmp_path / "list.sqlite"
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(article), str(index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["names"] > 5_000, got
    # Before: +742 MB and every ordered pair of names in a sentence a value.
    assert got["grew_mb"] < 250, got
    assert index.stat().st_size < 120 * article.stat().st_size, (got, index.stat().st_size)
    conn = sqlite3.connect(index)
    related = conn.execute("SELECT count(*) FROM profile WHERE field='related'").fetchone()[0]
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    # Each mention in a long list relates to at most its neighbours (all pairs: ~70 per mention here).
    assert related <= 2 * LIST_NEIGHBOURS * mentions, (related, mentions)
    assert 2 * LIST_NEIGHBOURS < MAX_RELATED_ALL_PAIRS


# ---- extraction time grows with the text, not with its square ---------------------------------------

HEADS = "星河云海天宇博远晨光华信瑞丰中科鼎盛恒通金桥蓝鲸紫光新元汇智启明"
LATIN = "Alpha Bravo Delta Echo Gamma Kappa Lima Nova Omega Sigma Tango Vega".split()


def _orgs(n: int) -> list[str]:
    out = [a + b + "科技有限公司" for a, b in product(HEADS, HEADS) if a != b]
    out += [a + b + c + "集团" for a, b, c in product(HEADS, HEADS, HEADS)]
    return out[:n]


# Each shape grows with `n`: lists the issue found super-linear (names, companies, aliases, birth years,
# Latin names in brackets) and one person holding thousands of posts (a hub for the relation rules).
LIST_SHAPES = {
    "titled names in a list": lambda n: (
        "出席的有" + "、".join(("董事" if i % 2 else "总裁") + x for i, x in enumerate(_names(n))) + "等人。"
    ),
    "companies in a list": lambda n: "参与本轮投资的有" + "、".join(_orgs(n)) + "等机构。",
    "（下称“X”） aliases": lambda n: "".join(f"{o}（下称“{o[:2]}科技”）与" for o in _orgs(n)) + "签约。",
    "born-in-a-year names": lambda n: "".join(f"1985年出生的{x}，" for x in _names(n)) + "都来了。",
    "Latin names in brackets": lambda n: (
        "、".join(
            f"{x}（{LATIN[i % 12]} {LATIN[(i // 12) % 12]}{i // 144}）" for i, x in enumerate(_names(n))
        )
        + "出席。"
    ),
    "one person, thousands of posts": lambda n: "".join(f"王小川担任{o}董事。" for o in _orgs(n)),
}


def _sized(make, chars: int) -> str:
    n = 8
    while len(make(n)) < chars:
        n = n * 2
    return make(n)[:chars]


def _seconds(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            art = process_file("list.txt", 8_000_000, text.encode("utf-8"))
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    assert not isinstance(art, FileFailure), art
    return best


@pytest.mark.parametrize("shape", list(LIST_SHAPES))
def test_extraction_of_a_long_list_costs_linear_time(shape, monkeypatch):
    """8x the text costs at most ~20x the time (linear: ~8x; before: quadratic parts, up to 30x at these
    sizes and minutes at 50,000 names). The model's tagging is linear and slow: left out here."""
    monkeypatch.setattr(ner, "tag_counts", lambda texts: {})
    small, big = _sized(LIST_SHAPES[shape], 4_000), _sized(LIST_SHAPES[shape], 32_000)
    _seconds(small, 1)  # warm caches
    for _ in range(2):  # a busy machine can slow one run: measured again before failing
        t_small, t_big = _seconds(small, 2), _seconds(big, 1)
        if t_big <= 20 * max(t_small, 0.02):
            break
    assert t_big <= 20 * max(t_small, 0.02), f"{shape}: {t_small:.3f}s -> {t_big:.3f}s"


def test_a_hub_keeps_a_bounded_number_of_values_per_field():
    from bot.corpus.entities import merge_entities
    from bot.corpus.mentions import build_facts
    from bot.ingest.update import profile_records
    from bot.relations.profile import ProfileBuilder
    from bot.relations.record import MAX_VALUES_PER_FIELD

    text = LIST_SHAPES["one person, thousands of posts"](3 * MAX_VALUES_PER_FIELD)
    art = process_file("hub.txt", 8_000_000, text.encode("utf-8"))
    entities = merge_entities([art.extracted])
    facts, _ = build_facts([art], entities)
    profiles = ProfileBuilder(profile_records(entities), facts).build()
    hub = next(eid for eid, e in entities.items() if e.name == "王小川")
    roles = [v for v in profiles[hub] if v.field == "roles"]
    assert MAX_VALUES_PER_FIELD // 2 <= len(roles) <= MAX_VALUES_PER_FIELD


# ---- alternations of every name: linear in the text, the same matches -------------------------------


def _people_patterns() -> list[tuple[str, str]]:
    """Every data pattern with a {{people}} hole (bot/data/patterns/*.txt): a new one is covered here."""
    found = []
    for path in sorted((ROOT / "bot" / "data" / "patterns").glob("*.txt")):
        for key, (_, text) in lx._pattern_file(path.stem).items():
            if "{{people}}" in text:
                found.append((path.stem, key))
    return found


def _list_of(chars: int) -> tuple[list[str], str]:
    """About `chars` characters listing as many names, each in one of the forms the patterns read."""
    n = chars // 6
    # Twenty surnames at every size: the trie's first branch stays as wide, so the time shows how the
    # scan grows with the text alone (a plain alternation tries every name at each position).
    pool = [a + b + c for a, b, c in product(sorted(lx.SURNAMES)[:20], GIVEN, GIVEN) if b != c]
    names = pool[:: max(1, len(pool) // n)][:n]
    forms = ("{}", "「铁人董事」{}", "{}（原名张家豪）", "{}（Donald Holder）", "Victor（{}）")
    text = "、".join(forms[i % len(forms)].format(x) for i, x in enumerate(names))
    return names, text[:chars]


def _scan_seconds(compile_text, names: list[str], text: str, times: int = 1) -> tuple[float, list]:
    """Seconds to scan the text `times` times (compiling, linear in the names, is left out) and the
    matches."""
    pattern = re.compile(compile_text(names))
    # CPU time of this process: on a loaded machine wall time blurred millisecond scans.
    t0 = time.process_time()
    for _ in range(times):
        found = [m.span() for m in pattern.finditer(text)]
    return time.process_time() - t0, found


def _pattern_maker(file: str, key: str, alternation):
    return lambda names: lx.pattern_text(file, key, people=alternation(names))


@pytest.mark.parametrize("where", ["mentions", *(f"{f}:{k}" for f, k in _people_patterns())])
def test_an_alternation_of_every_name_costs_linear_time_and_matches_the_same(where):
    """`corpus.mentions.name_pattern` and each {{people}} pattern of stated.py over a list at 10k and 80k
    characters with as many names: 80k characters cost about what 8 x 10k do (at most 5x; a plain
    alternation tries every name at every position: ~15-70x); the matches are the plain alternation's."""
    from bot.alternation import trie_alternation
    from bot.corpus.mentions import name_pattern

    plain = lambda names: lx.alternation(sorted(names, key=len, reverse=True))  # noqa: E731
    if where == "mentions":
        new = lambda names: name_pattern(dict.fromkeys(names, 0)).pattern  # noqa: E731
        old = plain
    else:
        file, key = where.split(":")
        new, old = _pattern_maker(file, key, trie_alternation), _pattern_maker(file, key, plain)
    names, text = _list_of(10_000)
    found = _scan_seconds(new, names, text)[1]
    assert found == _scan_seconds(old, names, text)[1] and found
    # The small list scanned 8 times reads as many characters as the big one once: linear, the same time.
    big_names, big = _list_of(80_000)
    t_small = t_big = float("inf")
    # Repeated so each figure is tens of milliseconds, not one; 5x leaves room for a bigger trie's cache
    # misses (3.5x seen) and still fails a names-times-text scan (15-70x).
    for _ in range(3):  # a busy machine can slow one run: the best of a few
        t_small = min(t_small, _scan_seconds(new, names, text, times=80)[0])
        t_big = min(t_big, _scan_seconds(new, big_names, big, times=10)[0])
        if t_big <= 5 * t_small:
            break
    assert t_big <= 5 * t_small, f"{where}: 80 x 10k {t_small:.4f}s, 10 x 80k {t_big:.4f}s"


def test_a_trie_alternation_matches_as_the_longest_first_alternation():
    from bot.alternation import trie_alternation

    rng = random.Random(20)
    for _ in range(400):
        words = {"".join(rng.choice("张三丰.(") for _ in range(rng.randint(1, 4))) for _ in range(6)}
        text = "".join(rng.choice("张三丰.(（)）x") for _ in range(40))
        plain = lx.alternation(sorted(words, key=len, reverse=True))
        for shape in ("({})", "({})[（(]([三丰]{{1,3}})[)）]", "(?<!x)([张三]{{1,2}})[（(]({})[)）]"):
            want = [(m.span(), m.groups()) for m in re.finditer(shape.format(plain), text)]
            got = [(m.span(), m.groups()) for m in re.finditer(shape.format(trie_alternation(words)), text)]
            assert got == want, (words, text, shape)
    assert re.fullmatch(trie_alternation([]), "") is None


_NER_MEMORY = """
import json, os, sys
from bot.extract import ner
from tests.test_hostile_lists import _names

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

small = ["王小川在2006年创立了百川科技，担任百川科技创始人兼CEO。"] * 3
want = ner.tag_counts(small)
before = rss()
text = "、".join(_names(5_000))
ner.tag_counts([text[i : i + 1000] for i in range(0, len(text), 1000)])
print(json.dumps({"kept_mb": rss() - before, "same": ner.tag_counts(small) == want}))
"""


@pytest.mark.skipif(not ner.enabled() or ner._model() is None, reason="the NER model is not installed")
def test_the_model_gives_back_its_memory_after_a_long_article():
    """A worker that tagged a 20,000-character list keeps what it had before, not the model's arena grown
    to the largest batch (before: +113 MB here, +170 MB from 60,000 characters on, for its lifetime)."""
    out = subprocess.run(
        [sys.executable, "-c", _NER_MEMORY], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["same"] and got["kept_mb"] < 40, got
