"""The extraction worker's fast paths give what the plain computations they replace give (issue 22).

Each test runs the fast path and the plain one (the code as it was, kept here as the reference) over
invented sentences and over random strings drawn from the characters the rules look at, and asks for
the same answer everywhere: a fast path that diverged fails here before it moves an entity.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from bot import lexicon as lx
from bot.extract import people
from bot.extract.context import ArticleContext, _find_all
from bot.segment import segment_text, segmenter

SENTENCES = [
    "董事长赵一鸣表示，公司今年将继续扩大投资。",
    "指挥官钱立新昨天在会上说，评论员孙二不同意。",
    "据知情人士透露，创始人 李小青与好友周明远在杭州创立了青远科技。",
    "1985年出生的吴海峰现年39岁，曾任总监。",
    "（市政协常委）郑大川在发布会上回应了记者的提问。",
    "王总、杨董和老陈一起吃饭，供应链非常强，过程中一张饼。",
    "作词人林一夕（本名梁文）说：“我们都很高兴。”",
    "研究员黄晓、工程师许明和设计师何嘉一起完成了这项工作。",
    "萨姆·奥特曼表示，首席执行官埃隆・马斯克今天也来了。",
    "他于2019年在北京创办了星河生物，高通过去三年营收增长。",
    "歡迎來到臺灣，記者陳嘉明報導。",
    "  张三　丰  说 ",
]

# Characters the people rules react to: surnames, title and agent-noun endings, the cue words' first
# characters, brackets, digits, spaces and punctuation.
ALPHABET = (
    "赵钱孙李周吴郑王张陈林黄何高于和马"
    + "长人员官师家委监总董事创始说表示在了的是"
    + "年岁月日今天（）()，。、：“” \u30001928"
    + "市常务局部院"
)


def random_texts(n: int, seed: int = 22) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


TEXTS = SENTENCES + random_texts(300)


# ---- the plain computations, as they were ------------------------------------------------------------
def plain_inside_word(t: str, i: int) -> bool:
    tags = lx.dictionary_tags()
    if i > 0 and (t[i - 1] in people._QUANTITY_CHARS or t[i - 1].isdigit()):
        return True
    return any(i >= k and t[i - k : i + 1] in tags for k in (1, 2))


def plain_titled(t: str, i: int) -> bool:
    return bool(people._role_before().search(t, max(0, i - 8), i))


def plain_name_starts(t: str) -> list[tuple[int, bool]]:
    out = []
    for i, ch in enumerate(t):
        titled = ch in lx.SURNAMES and plain_titled(t, i)
        if ch in lx.SURNAMES and not (plain_inside_word(t, i) and not titled):
            out.append((i, titled))
    return out


def plain_agent_noun_before(t: str, i: int) -> bool:
    toks = segmenter().cut(t[max(0, i - 6) : i]) if i >= 2 else []
    last = toks[-1] if toks else ""
    if len(last) < 2 or last[-1] not in people._agent_ends() or not re.match(r"^[\u4e00-\u9fff]+$", last):
        return False
    return lx.dictionary_tags().get(last, "n").startswith("n")


def plain_person_at(t: str, i: int, c2: Counter[str], c3: Counter[str]) -> str:
    g2, g3 = t[i : i + 2], t[i : i + 3]
    is_han = people.IS_HAN
    if len(g2) < 2 or not is_han.match(g2) or g2[1] in lx.STOP_NAME_CHARS:
        return ""
    three_ok = len(g3) == 3 and is_han.match(g3) and g3[2] not in lx.STOP_NAME_CHARS
    cue3, cue2 = people._cue_after(t[i + 3 :]), people._cue_after(t[i + 2 :])
    titles, speech = people._title_or_speech()
    if g2[1] in people._ADDRESS_ENDINGS and c2[g2] >= 2 and c3[g3] < 2 and g2 not in lx.dictionary_tags():
        return g2
    if titles.match(t, i + 2):
        return g2
    if three_ok and c3[g3] >= 2 and c3[g3] * 2 >= c2[g2]:
        return g3
    if len(g3) == 3 and is_han.match(g3) and c3[g3] >= 3 and c3[g3] == c2[g2]:
        return g3
    if three_ok and c3[g3] == 1 and cue3 and not cue2:
        return g3
    if three_ok and c2[g2] == 1 and cue3 and not speech.match(t, i + 2):
        return g3
    if cue2:
        return g2
    return ""


# ---- the people signal -----------------------------------------------------------------------------
@pytest.mark.parametrize("t", TEXTS)
def test_name_starts_as_the_plain_scan(t: str) -> None:
    assert people._name_starts(t) == plain_name_starts(t)
    for i in range(len(t) + 1):
        assert people._titled_at(t, i) == plain_titled(t, i), (t, i)
        if i < len(t):
            assert people._inside_word(t, i) == plain_inside_word(t, i), (t, i)


def test_titles_found_by_the_fast_check() -> None:
    """The cases the check must not skip: a title right before, a title and a space, none."""
    t = "董事长赵一鸣和董事长 钱二，还有孙三"
    assert people._titled_at(t, t.index("赵"))
    assert people._titled_at(t, t.index("钱"))
    assert not people._titled_at(t, t.index("孙"))


@pytest.mark.parametrize("t", TEXTS)
def test_agent_noun_before_as_cutting_every_context(t: str) -> None:
    ctx = ArticleContext([], segmenter())
    for i in range(len(t) + 1):
        assert people._agent_noun_before(ctx, t, i) == plain_agent_noun_before(t, i), (t, i)


def test_agent_nouns_still_seen() -> None:
    ctx = ArticleContext([], segmenter())
    t = "指挥官钱立新和评论员孙二"
    assert people._agent_noun_before(ctx, t, t.index("钱"))
    assert people._agent_noun_before(ctx, t, t.index("孙"))
    assert not people._agent_noun_before(ctx, t, t.index("和"))


@pytest.mark.parametrize(
    "text", ["", "a", "指挥官", "总监 ", "他是评论员\u3000", "臺灣記者", "ab c", "研究员！"]
)
def test_last_word_is_the_cuts_last_word(text: str) -> None:
    seg = segmenter()
    ends = people._agent_ends() | {"c", "！", "者"}
    words = seg.cut(text)
    want = words[-1] if words and words[-1][-1] in ends else ""
    assert seg.last_word(text, ends) == want


def test_last_word_on_random_texts() -> None:
    seg = segmenter()
    ends = people._agent_ends() | frozenset("。”）")
    for t in TEXTS:
        for k in range(0, len(t), 3):
            piece = t[k : k + 7]
            words = seg.cut(piece)
            want = words[-1] if words and words[-1][-1] in ends else ""
            assert seg.last_word(piece, ends) == want, piece


def _grams(texts: list[str]) -> tuple[Counter[str], Counter[str]]:
    c2: Counter[str] = Counter()
    c3: Counter[str] = Counter()
    for t in texts:
        for i, _ in plain_name_starts(t):
            if len(t[i : i + 2]) == 2 and people.IS_HAN.match(t[i : i + 2]):
                c2[t[i : i + 2]] += 1
            if len(t[i : i + 3]) == 3 and people.IS_HAN.match(t[i : i + 3]):
                c3[t[i : i + 3]] += 1
    return c2, c3


# A name followed by two cues (赵一曾说: a cue after two characters and after three), or a speech verb
# and a cue (赵一称说): where person_at's rules for three characters decide between them.
CUED = [
    f"{s}{g}{a}{b}"
    for s in "赵孙"
    for g in "一立"
    for a in ("曾", "称", "任", "说", "在", "今天", "董", "")
    for b in ("说", "表示", "今天", "1998年", "。", "")
]


def test_surname_grams_and_person_at_as_plain() -> None:
    texts = TEXTS + CUED
    c2, c3 = _grams(texts)
    assert people._surname_grams(texts, [people._name_starts(t) for t in texts]) == (c2, c3)
    # Counts of 1, 2 and 3 for the same forms too, so every rule of person_at is reached.
    ones2, ones3 = Counter(dict.fromkeys(c2, 1)), Counter(dict.fromkeys(c3, 1))
    for counts in ((c2, c3), (ones2, ones3), (ones2 + ones2, ones3), (ones2, ones3 + ones3 + ones3)):
        for t in texts:
            for i, ch in enumerate(t):
                if ch in lx.SURNAMES:
                    assert people.person_at(t, i, *counts) == plain_person_at(t, i, *counts), (t, i)


# ---- where a name occurs -----------------------------------------------------------------------------
def _context(text: str) -> ArticleContext:
    return ArticleContext(segment_text(text), segmenter())


def test_occurrences_scanned_and_indexed_agree() -> None:
    """The first names are found by scanning, later ones by the bigram index: the same positions."""
    text = "甲乙甲乙甲乙丙。甲乙甲乙，乙丙乙丙丁。aaaaa甲\n星河科技和星河科技有限公司。"
    names = [
        "甲乙",
        "甲乙甲乙",
        "乙丙",
        "aa",
        "aaa",
        "甲",
        "星河科技",
        "星河",
        "科技有限",
        "无此名",
        "丙。甲",
    ]
    scanned = _context(text)
    indexed = _context(text)
    for k in range(200):  # fill the scanned names' cache past the point where the index takes over
        indexed.occurrences(f"填{k}")
    assert "_bigrams" in indexed.__dict__ and "_bigrams" not in scanned.__dict__
    for name in names:
        want = [m.start() for m in re.finditer(f"(?={re.escape(name)})", scanned.text)]
        assert scanned.occurrences(name) == want == indexed.occurrences(name), name
        assert scanned.starts(name) == indexed.starts(name)
        assert scanned.count(name) == scanned.text.count(name) == indexed.count(name)
    assert _find_all("abc", "") == [] == scanned.occurrences("")


# ---- the NER vote's bookkeeping ---------------------------------------------------------------------
def _model_or_skip():
    from bot.extract import ner

    model = ner._model() if ner.enabled() else None
    if model is None:
        pytest.skip("the NER model is not installed or the vote is off (FACTBOT_NER=0)")
    return model


NER_TEXTS = [
    "星河微电子由邱明远于2016年在杭州创立。",
    "臺灣的青禾資本領投，ＡＢＣ全角字符和𠀀罕用字。",
    "好。",
    "  前后有空格的一句  ",
    "蓝鲸半导体在苏州、成都和西安设有研发中心，员工超过一千二百人。",
]


def test_char_ids_as_one_lookup_per_character() -> None:
    from bot.extract import ner

    model = _model_or_skip()
    texts = [*NER_TEXTS, "\ud800孤立代理", ""]
    ids, offsets = ner._char_ids(model, texts)
    assert ids.tolist() == [model.char_ids(c) for t in texts for c in t]
    assert offsets == [sum(len(t) for t in texts[:k]) for k in range(len(texts) + 1)]


def test_counted_words_as_the_words_of_each_path() -> None:
    """The counted words cut from all paths at once are the words `_words` cuts from each path, those
    whose tag is counted, in order; random paths reach every tag and words of one character."""
    from bot.extract import ner

    model = _model_or_skip()
    rng = random.Random(22)
    n_tags = model.transitions.shape[0]
    texts = [
        *NER_TEXTS,
        *("".join(rng.choice("星河微电子在杭州，。AB1 ") for _ in range(n)) for n in (1, 3, 9, 40)),
    ]
    for _ in range(50):
        paths = [[rng.randrange(n_tags) for _ in t] for t in texts]
        want = [
            (w, tag)
            for t, p in zip(texts, paths, strict=True)
            for w, tag in ner._words(model, t, p)
            if tag in ner.TAGS or tag in ner._WORD_TAGS or tag in ner._NZ_TAGS
        ]
        got = [(w, model.labels[k]) for w, k in ner._counted_words(model, texts, paths)]
        assert got == want
    assert ner._counted_words(model, [], []) == []


# ---- legal names, pinyin syllables, the people a sentence names -----------------------------------
def test_legal_runs_as_finditer() -> None:
    from bot import extract

    rng = random.Random(5)
    pieces = ["星河", "微电子", "科技", "（北京）", "(上海)", "有限公司", "股份有限公司", "有限责任公司", "集团公司",
              "，", "。", "abc", "创业投资管理", "一二三四五六七八九十甲乙丙丁"]  # fmt: skip
    texts = ["", "有限公司", "星河有限公司", "星河科技股份有限公司和月光（深圳）电子有限责任公司。"]
    # the longest reach: 16 characters, a bracketed place and 8 more before the legal form
    texts += [
        "甲" * 20 + "（内蒙古）" + "乙" * 8 + "有限公司",
        "甲" * 20 + "(北京)" + "乙" * 8 + "集团公司有限公司",
    ]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    for text in texts:
        assert extract._legal_runs(text) == {m.group(0) for m in extract._LEGAL_RUN.finditer(text)}, text


def test_pinyin_syllables_as_every_reading_stripped() -> None:
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    from bot.extract import aliases

    plain = {
        "".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c))
        for readings in pinyin_dict.values()
        for r in readings.split(",")
    }
    assert aliases._pinyin_syllables() == plain
    assert {"zhang", "lu", "hong"} <= plain


def test_people_named_in_a_sentence_either_way(monkeypatch) -> None:
    from bot.extract import aliases

    people = {"赵一鸣", "钱二", "孙立新", "李", "周明远", "星河", "赵一"}
    order = {p: i for i, p in enumerate(people)}
    longest = max(map(len, people))
    sentences = [*SENTENCES, "赵一鸣和钱二、周明远，还有孙立新和李四。", "赵一鸣赵一鸣", "", "钱"]
    for canon in sentences + random_texts(200, seed=7):
        monkeypatch.setattr(aliases, "_FEW_PEOPLE", 0)
        pieces = aliases._people_named(canon, people, order, longest)
        monkeypatch.setattr(aliases, "_FEW_PEOPLE", 40)
        assert aliases._people_named(canon, people, order, longest) == pieces, canon
    assert aliases._people_named("赵一鸣和钱二说", people, order, longest) == sorted(
        {"赵一鸣", "钱二", "赵一"}, key=order.__getitem__
    )


# ---- cutting only where a word can end before a cue -------------------------------------------------
WORD_CHARS = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")  # jieba's runs (re_han_default)


def plain_word_ends(text: str) -> list[tuple[str, int]]:
    """(word, end) of the whole text's cut, the end found as find_orgs_by_context found it."""
    out, pos = [], 0
    for tok in segmenter().cut(text):
        start = text.find(tok, pos)
        pos = start + len(tok) if start >= 0 else pos
        out.append((tok, pos))
    return out


@pytest.mark.parametrize(
    "t", [*SENTENCES, "星河科技推出新品，月光电子的GPU完成融资ABC公司上市", "a-b.c 星河推出"]
)
def test_words_ending_at_as_the_whole_cut(t: str) -> None:
    seg = segmenter()
    whole = plain_word_ends(t)
    rng = random.Random(len(t))
    for ends in (
        {e for _, e in whole},
        set(range(len(t) + 1)),
        {rng.randrange(len(t) + 1) for _ in range(4)},
    ):
        got = seg.words_ending_at(t, ends)
        if got is None:  # simplifying changed the text: the caller cuts it whole
            assert "臺" in t or "歡" in t
            continue
        assert got == [(w, e) for w, e in whole if e in ends and WORD_CHARS.fullmatch(w)], ends


def test_words_before_cues_with_the_articles_words() -> None:
    """Inside the article's learned words, for random texts as well: the cue runs' words are the whole
    cut's words that a cue follows."""
    from bot.extract import orgs

    ctx = _context("星澜微推出了新芯片。")
    ctx.words = ["星澜微", "青禾资", "了新芯"]  # 了新芯 changes the cut (了新芯|片)
    texts = SENTENCES + [
        "星澜微推出了新芯片，青禾资的估值很高。",
        "他说星澜微的创始人获得了融资",
        "说了新芯发布了",
    ]
    texts += ["".join(random.Random(k).choice(["星澜微", "青禾资", "推出", "的", "，", "芯片", "创始人", "A"]) for _ in range(12)) for k in range(100)]  # fmt: skip
    with ctx.seg.learned(ctx.words):
        for t in texts:
            cues = {m.start() for m in orgs._CUE_AT.finditer(t)}
            want = [(w, e) for w, e in plain_word_ends(t) if e in cues and len(w) >= 2]
            assert [
                (w, e) for w, e in orgs._words_before_cues(ctx, t) if e in cues and len(w) >= 2
            ] == want, t


# ---- reading, cleaning, sentences ----------------------------------------------------------------------
def plain_split_sentences(paragraph: str, max_len: int = 300) -> list[str]:
    from bot import segment

    out, buf, depth = [], [], 0
    i = 0
    while i < len(paragraph):
        ch = paragraph[i]
        buf.append(ch)
        if ch in segment._OPEN:
            depth += 1
        elif ch in segment._CLOSE:
            depth = max(0, depth - 1)
        if ch in segment._END and depth == 0 and not segment._name_bang(paragraph, i):
            while i + 1 < len(paragraph) and paragraph[i + 1] in segment._END + "”’」』":
                i += 1
                buf.append(paragraph[i])
            out.append("".join(buf).strip())
            buf = []
        elif ch in "”」" and depth == 0 and i > 0 and paragraph[i - 1] in segment._END:
            out.append("".join(buf).strip())
            buf = []
        i += 1
    if "".join(buf).strip():
        out.append("".join(buf).strip())
    final = []
    for s in out:
        at = 0
        while len(s) - at > max_len:
            cut = max(s.rfind(p, at, at + max_len) for p in "；;，,") - at
            cut = cut if cut > max_len // 3 else max_len
            final.append(s[at : at + cut + 1])
            at += cut + 1
        if at < len(s):
            final.append(s[at:])
    return [s for s in final if s]


def test_split_sentences_as_the_character_loop() -> None:
    from bot.segment import split_sentences

    rng = random.Random(3)
    marks = list("。！？!?“”‘’「」『』《》()（）") + ["他说", "Discuz", " ", "，", "好", "Yahoo", "以"]
    paragraphs = [
        *SENTENCES,
        "他说：“我们走吧。”然后走了。",
        "把 Discuz！以 5000 万卖了。Yahoo! 好",
        "（注。）完。」",
    ]
    paragraphs += ["".join(rng.choice(marks) for _ in range(rng.randint(0, 60))) for _ in range(600)]
    for p in paragraphs:
        assert split_sentences(p) == plain_split_sentences(p), p
        assert split_sentences(p, max_len=12) == plain_split_sentences(p, max_len=12), p


def test_control_characters_counted_as_the_loop() -> None:
    from bot.read import files

    rng = random.Random(9)
    for _ in range(300):
        text = "".join(
            chr(rng.choice([rng.randrange(0, 40), 0x4E2D, 0x0A, 0x0D, 0x09, 0x0C, 0x0B])) for _ in range(50)
        )
        plain = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        assert len(files._CONTROLS.findall(text, 0, 20000)) == plain


def test_clean_bigrams_as_slices() -> None:
    from bot.normalize import to_simplified
    from bot.read import clean

    for text in [*SENTENCES, "", "a", "ab", "臺灣 A1"]:
        han = re.sub(rf"[^{clean._HAN}A-Za-z0-9]", "", to_simplified(text))
        assert clean._bigrams(text) == {han[i : i + 2] for i in range(len(han) - 1)}


# ---- sieved searches -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "want"),
    [
        ("改名为", {"改名为"}),
        ("(?:改名为|更名为)(.+)", {"改名为", "更名为"}),
        ("a?b*c{0,2}", None),  # nothing must be read
        ("[ab]x", {"x"}),  # the literal (longest shortest needle) wins over the class
        ("[ab]", {"a", "b"}),
        ("[^ab]c", {"c"}),
        ("[^ab]", None),
        (r"\d+年", {"年"}),
        ("(?=公司)", {"公司"}),
        ("(?<=的的)x", {"的的"}),  # a lookbehind reads its text too
        ("(?!公司)x", {"x"}),
        ("(?i)abc", None),
        ("x|", None),  # an empty branch matches anywhere
        ("(?:ab|c)+d", {"d"}),
        ("(?:董事长|总裁)的?(?:赵|钱)", {"董事长", "总裁"}),
    ],
)
def test_needles_of_a_pattern(pattern: str, want) -> None:
    got = lx.needles(re.compile(pattern))
    assert got == (frozenset(want) if want is not None else None)


def _fixed_patterns() -> dict[str, re.Pattern[str]]:
    """Every fixed pattern of the extraction modules (module-level, or made once by a cached function)."""
    import inspect

    from bot import extract
    from bot.extract import aliases, context, generic, heads, investors, orgs, quoted, stated

    out: dict[str, re.Pattern[str]] = {}
    for mod in (extract, people, orgs, aliases, stated, heads, investors, quoted, generic, context):
        for name, v in vars(mod).items():
            found = v
            if callable(v) and hasattr(v, "cache_info") and not inspect.signature(v).parameters:
                found = v()
            items = found if isinstance(found, tuple) else (found,)
            for k, p in enumerate(items):
                if isinstance(p, re.Pattern):
                    out[f"{mod.__name__}.{name}[{k}]"] = p
    return out


def test_sieved_finditer_finds_what_finditer_finds() -> None:
    """For every fixed pattern of the rules: texts made of its needles, characters the patterns read and
    invented sentences; the sieve never turns away a text the pattern matches, and lx.finditer gives the
    same matches."""
    patterns = _fixed_patterns()
    assert len(patterns) > 60
    rng = random.Random(11)
    filler = list("赵一鸣星河科技公司的了是在，。、（）()“”「」《》AB c1 2019年说") + [
        "有限公司",
        "创始人",
        "品牌",
    ]
    matched = 0
    for name, p in patterns.items():
        needles = sorted(lx.needles(p) or ())
        texts = SENTENCES + [
            "".join(rng.choice(filler + needles) for _ in range(rng.randint(1, 25))) for _ in range(60)
        ]
        for t in texts:
            plain = [(m.span(), m.groups()) for m in p.finditer(t)]
            assert [(m.span(), m.groups()) for m in lx.finditer(p, t)] == plain, (name, t)
            matched += bool(plain)
    assert matched > 500  # the texts do reach the patterns' matches


# ---- the CRF's best paths of many texts at once -------------------------------------------------------
@pytest.mark.parametrize("seed", range(30))
def test_best_paths_together_as_one_text_at_a_time(seed: int) -> None:
    """Random emissions for a stack of texts (lengths 1 to 60, runs at starts and ends, decided stretches
    of every length, near ties): the paths computed together are each text's own (_best_path), and that
    is the full programme's (tests/test_ner_path.py checks _best_path against it on its own)."""
    import numpy as np
    from test_ner_path import _emissions, full_viterbi

    from bot.extract import ner

    rng = np.random.default_rng(seed)
    tags = int(rng.choice([3, 7, 59]))
    scale = float(rng.choice([0.05, 0.2, 1.0]))
    trans = rng.uniform(-scale, scale, (tags, tags)).astype(np.float32)
    spread = float(trans.max() - trans.min())
    lengths = [int(rng.choice([1, 2, 3, 9, 40, 60])) for _ in range(int(rng.integers(1, 12)))]
    em = np.concatenate([_emissions(rng, n, tags, float(rng.choice([0.3, 0.7, 0.9, 1.0]))) for n in lengths])
    best = em.argmax(axis=1)
    top2 = np.partition(em, -2, axis=1)[:, -2:]
    forced = (top2[:, 1] - top2[:, 0]) > 2 * spread + ner._MARGIN
    got = ner._best_paths(em, trans, best, forced, lengths)
    _, reached, scores = ner._paths_together(em, trans, best, forced, lengths)
    at = 0
    for k, (n, path) in enumerate(zip(lengths, got, strict=True)):
        one = ner._best_path(em[at : at + n], trans, best[at : at + n], forced[at : at + n])
        assert path == one == full_viterbi(em[at : at + n], trans)
        if scores is not None and forced[reached[k]]:  # carried to a run: the full programme's, to the bit
            assert scores[k] == full_scores(em[at : at + n], trans)[reached[k] - at][path[reached[k] - at]]
        at += n


def full_scores(em, trans):
    """Every position's dp vector of the full programme, in its float32 order."""
    dp = [em[0].copy()]
    for t in range(1, len(em)):
        dp.append((dp[-1][:, None] + trans).max(axis=0) + em[t])
    return dp
