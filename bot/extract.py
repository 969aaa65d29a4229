"""Entities and aliases from segmented articles.

People: a common surname followed by one or two characters, kept when the text gives a cue (a title
before it, a speech verb or function word after it, an interview label) and the length is decided by
how the whole article writes it (张楠赓 every time, not 张楠). Organisations and brands: legal and
organisation suffixes, `ORG创始人PERSON`, lists ending in 等公司/这样的巨头, `品牌——X(EN)`,
`创立了X`. Aliases: (下称“X”), names with English in brackets, short forms, tickers, nicknames the
text introduces. None of it knows any article: it is tuned to how Chinese news writes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bot import lexicon as lx
from bot.segment import Sentence

HAN = r"\u4e00-\u9fff"
_IS_HAN = re.compile(rf"^[{HAN}]+$")
_ROLE_BEFORE = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True)) + ")$"
)
_AFTER = re.compile("|".join(re.escape(w) for w in sorted(lx.AFTER_NAME, key=len, reverse=True)))
_SUFFIX_WORDS = set(lx.ORG_SUFFIXES) | set(lx.CLASS_NOUNS) | {"证券交易所", "证交所"}
# Transliterated foreign names: 萨姆·奥特曼, 埃隆·马斯克.
_TRANS = r"(?:(?![与和及等的在是了为对向把被])[\u4e00-\u9fff])"
_FOREIGN = re.compile(rf"{_TRANS}{{1,6}}·{_TRANS}{{1,8}}")
# A time word or a year right after a name (魏哲家今天表示, 魏哲家1953年出生).
_AFTER_TIME = re.compile(
    r"\d|今天|昨天|日前|近日|今年|去年|本周|上周|周[一二三四五六日]|当天|此前|随后|早年|曾经"
)
_FOUNDS = re.compile(r"(?:于\d{4}年)?(?:在[\u4e00-\u9fff]{2,4})?(?:先后|联合|共同|一手)?(?:创立|创办|创建)")
_LEAD_BOUNDARY = set("于在从到赴自向对与和及把被将给为由")
_NAME_TOKEN = re.compile(rf"^[{HAN}A-Za-z0-9·]+$")


@dataclass
class Found:
    name: str  # canonical (Simplified) display name
    kind: str  # person | company | brand | university | investor | organization
    score: float = 0.0
    aliases: dict[str, str] = field(
        default_factory=dict
    )  # alias -> type (short, legal, english, ticker, nickname)


class ArticleExtractor:
    """Finds the entities of one article. `segmenter` cuts left contexts of organisation names."""

    def __init__(
        self,
        sentences: list[Sentence],
        segmenter,
        known: dict[str, str] | None = None,
        words: list[str] | None = None,
    ) -> None:
        self.words = words or []  # the article's own new words (bot.discover)
        self.sents = [s for s in sentences if not s.heading]
        self.all_sents = sentences
        self.seg = segmenter
        self.found: dict[str, Found] = {}
        self.known = known or {}

    # ---- helpers -------------------------------------------------------------------------------
    def add(self, name: str, kind: str, score: float = 1.0) -> Found | None:
        name = name.strip("“”\"'‘’()（）·-— ")
        if kind != "person" and len(name) > 3 and name[0] in "据如在从与和由对向将把被而":
            name = name[1:]
        if len(name) < 2 or len(name) > 20 or not _NAME_TOKEN.match(name.replace(" ", "")):
            return None
        if re.fullmatch(r"[\d.]+|[A-Za-z]{1,2}", name):
            return None
        f = self.found.get(name)
        if f is None:
            f = self.found[name] = Found(name, kind)
        elif f.kind != kind and kind in ("brand", "person", "university", "investor") and f.kind == "company":
            f.kind = kind
        f.score += score
        return f

    def left_name(self, left: str, allow_common: bool = False, max_len: int = 10) -> str:
        """The proper name that ends where `left` ends, cut at function words and common nouns."""
        window = left[-(max_len + 6) :]
        tokens = self.seg.cut(window)
        out: list[str] = []
        length = 0
        for tok in reversed(tokens):
            if tok in lx.BOUNDARY or not _NAME_TOKEN.match(tok) or tok.isdigit():
                break
            if len(tok) >= 3 and tok[0] in _LEAD_BOUNDARY:
                # jieba's HMM glues prepositions to new words (于清华, 赴美国): keep what follows, then stop.
                if length + len(tok) - 1 <= max_len:
                    out.insert(0, tok[1:])
                    length += len(tok) - 1
                break
            if re.fullmatch(r"\d+[A-Za-z]*|[A-Za-z]+\d*", tok) and out:
                break
            common = (lx.is_generic(tok) or lx.is_generic_compound(tok)) and tok not in self.known
            tag = lx.dictionary_tags().get(tok, "")
            if allow_common and out and tag[:1] in ("v", "p", "d", "c", "u", "r", "m", "q", "f", "t"):
                break
            if common and not allow_common and out:
                # A place name may lead an organisation's name (深圳比特微); other common words end it.
                if lx.dictionary_tags().get(tok, "") != "ns":
                    break
            if common and not allow_common and not out:
                break
            if length + len(tok) > max_len:
                break
            out.insert(0, tok)
            length += len(tok)
        name = "".join(out)
        # The name must carry something proper: not only dictionary words and places.
        if not name or all(lx.is_generic(t) or lx.dictionary_tags().get(t, "").startswith("ns") for t in out):
            return name if allow_common and len(out) > 1 else ""
        return name

    def right_name(self, right: str) -> str:
        """The proper name that starts where `right` starts (创立了|研极微电子，并推出...)."""
        out: list[str] = []
        for tok in self.seg.cut(right[:16]):
            if tok in lx.BOUNDARY or not _NAME_TOKEN.match(tok):
                break
            if tok in lx.ORG_SUFFIXES and out:
                out.append(tok)
                break
            if lx.is_generic(tok) and tok not in self.known:
                break
            out.append(tok)
        name = "".join(out)
        return name if len(name) >= 2 and not lx.is_generic(name) else ""

    # ---- people --------------------------------------------------------------------------------
    def find_people(self) -> None:
        c2: Counter[str] = Counter()
        c3: Counter[str] = Counter()
        texts = [s.canon for s in self.sents]
        for t in texts:
            for i, ch in enumerate(t):
                if ch in lx.SURNAMES and not self._inside_word(t, i):
                    g2, g3 = t[i : i + 2], t[i : i + 3]
                    if len(g2) == 2 and _IS_HAN.match(g2):
                        c2[g2] += 1
                    if len(g3) == 3 and _IS_HAN.match(g3):
                        c3[g3] += 1
        stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # mentions, cue before, cue after
        for t in texts:
            i = 0
            while i < len(t):
                ch = t[i]
                if ch not in lx.SURNAMES or self._inside_word(t, i):
                    i += 1
                    continue
                name = self._person_at(t, i, c2, c3)
                if name:
                    st = stats[name]
                    st[0] += 1
                    st[1] += bool(_ROLE_BEFORE.search(t, max(0, i - 8), i))
                    st[2] += bool(
                        _AFTER.match(t, i + len(name)) or _AFTER_TIME.match(t, i + len(name))
                    ) or i + len(name) == len(t)
                    # 朱兴明在深圳创立了汇川科技: founding something marks a person as surely as a title.
                    st[1] += bool(_FOUNDS.match(t, i + len(name)))
                    i += len(name)
                else:
                    i += 1
        for t in texts:
            # Co-founders named once: 与黄世霖等人在香港创立了…, 和好友李佳轩共同创办…
            for m in re.finditer(
                rf"(?:与|和|同|由)(?:好友|同学|同事)?([{HAN}]{{2,3}}?)(?:等人|等|共同|一起|共|在|于)[^，。]{{0,12}}(?:创立|创办|成立|创建)",
                t,
            ):
                name = m.group(1)
                if name[0] in lx.SURNAMES and not lx.is_common_word(name):
                    stats[name][0] += 1
                    stats[name][1] += 1
                    stats[name][2] += 1
        for t in texts:
            for m in _FOREIGN.finditer(t):
                # The given name is the last word before the dot (首席执行官|萨姆·奥特曼).
                given, family = m.group(0).split("·", 1)
                toks = self.seg.cut(given)
                given = toks[-1] if toks and len(toks[-1]) >= 2 else given[-2:]
                name, rest = f"{given}·{family}", t[m.end() :]
                start = m.end() - len(name)
                m = type("M", (), {"start": lambda self_, s_=start: s_})()
                st = stats[name]
                st[0] += 1
                st[1] += bool(_ROLE_BEFORE.search(t, max(0, m.start() - 8), m.start())) or bool(
                    re.match(r"[（(][A-Z]", rest)
                )
                st[2] += bool(_AFTER.match(rest) or _AFTER_TIME.match(rest)) or bool(
                    re.match(r"[（(][A-Z]", rest)
                )
        for s in self.all_sents:
            if s.speaker and 2 <= len(s.speaker) <= 4 and s.speaker[0] in lx.SURNAMES:
                stats[s.speaker][0] += 1
                stats[s.speaker][1] += 1
                stats[s.speaker][2] += 1
        for name, (n, before, after) in stats.items():
            if (
                before
                and after
                or (n >= 2 and (after >= 1 or before >= 1) and before + after >= 2)
                or (n >= 2 and before >= 1)
                or (n >= 4 and after >= 2)
            ):
                if self._plausible_person(name, before, n):
                    self.add(name, "person", n + 2 * before)

    def _person_at(self, t: str, i: int, c2: Counter[str], c3: Counter[str]) -> str:
        g2, g3 = t[i : i + 2], t[i : i + 3]
        if len(g2) < 2 or not _IS_HAN.match(g2) or g2[1] in lx.STOP_NAME_CHARS:
            return ""
        three_ok = len(g3) == 3 and _IS_HAN.match(g3) and g3[2] not in lx.STOP_NAME_CHARS
        after3 = t[i + 3 :]
        after2 = t[i + 2 :]
        cue3 = bool(_AFTER.match(after3) or _AFTER_TIME.match(after3)) or not after3
        cue2 = bool(_AFTER.match(after2) or _AFTER_TIME.match(after2)) or not after2
        if three_ok and c3[g3] >= 2 and c3[g3] * 2 >= c2[g2]:
            return g3
        if three_ok and c3[g3] == 1 and cue3 and not cue2:
            return g3
        if three_ok and c2[g2] == 1 and cue3 and not any(after2.startswith(w) for w in lx.SPEECH_VERBS):
            # One mention: most Chinese names have three characters unless a verb starts right after two.
            if not lx.is_common_word(t[i + 2 : i + 4]) or cue3:
                return g3
        if cue2:
            return g2
        return ""

    @staticmethod
    def _inside_word(t: str, i: int) -> bool:
        """The character ends a dictionary word begun before it (供应|链, 非常|强, 过程|中, 一张|饼)."""
        tags = lx.dictionary_tags()
        return any(i >= k and t[i - k : i + 1] in tags for k in (1, 2)) or (
            i > 0 and t[i - 1] in "一两几每这那某"
        )

    @staticmethod
    def _plausible_person(name: str, titled: int, mentions: int = 1) -> bool:
        if "·" in name:
            return True
        if len(name) == 2 and name[1] in "总董":
            return False  # 朱总, 杨董: a form of address (see title_aliases), not a name
        if lx.is_common_word(name) or any(c in lx.STOP_NAME_CHARS for c in name[1:]):
            return False
        if len(name) == 3 and lx.is_common_word(name[:2]) and not titled:
            return False
        if lx.is_common_word(name[1:]) and len(name) == 3 and not titled and mentions < 3:
            return False  # 高通过 once is a phrase; 周建平 written the same way three times is a name
        return not any(name.endswith(sfx) for sfx in lx.ORG_SUFFIXES)

    # ---- organisations -------------------------------------------------------------------------
    _CONTINUERS = (
        "所",
        "创业",
        "入主",
        "产业",
        "行业",
        "领域",
        "竞争",
        "创新",
        "巨头",
        "企业",
        "公司",
        "圈",
        "组",
        "人",
        "界",
        "部",
        "股",
        "园",
        "城",
        "类",
        "板块",
        "赛道",
        "芯片",
        "投资",
        "发展",
        "自主",
        "生态",
    )

    def find_orgs_by_suffix(self) -> None:
        pattern = re.compile(
            "|".join(
                re.escape(s)
                for s in sorted(
                    (
                        "股份有限公司",
                        "有限责任公司",
                        "有限公司",
                        "集团",
                        "科技",
                        "公司",
                        "微电子",
                        "交易所",
                        "研究院",
                        "研究所",
                        "实验室",
                        "大学",
                        "学院",
                        "资本",
                        "创投",
                        "证券",
                        "银行",
                        "控股",
                        "基金",
                        "股份",
                    ),
                    key=len,
                    reverse=True,
                )
            )
        )
        for s in self.sents:
            for m in pattern.finditer(s.canon):
                suffix = m.group(0)
                after = s.canon[m.end() :]
                if any(after.startswith(c) for c in self._CONTINUERS):
                    continue
                legal = suffix in lx.LEGAL_FORMS or suffix in lx.UNIVERSITY_SUFFIXES
                left = self.left_name(s.canon[: m.start()], allow_common=legal, max_len=16 if legal else 8)
                if len(left) < 2 and not (suffix in ("大学", "学院") and len(left) >= 2):
                    continue
                if suffix == "公司" and (
                    len(self.seg.cut(left)) > 1 or lx.is_generic(left) or not _IS_HAN.match(left)
                ):
                    continue
                toks = self.seg.cut(left)
                core = "".join(t for t in toks if not lx.dictionary_tags().get(t, "").startswith("ns"))
                if not legal and (len(core) < 2 or lx.is_common_word(core) or not _IS_HAN.match(core)):
                    continue
                kind = (
                    "university"
                    if suffix in lx.UNIVERSITY_SUFFIXES
                    else "investor"
                    if suffix in lx.INVESTOR_SUFFIXES
                    else "company"
                )
                self.add(left + suffix, kind, 1.0)

    def find_orgs_by_role(self, people: set[str]) -> None:
        roles = "|".join(re.escape(r) for r in sorted(lx.PROFILE_ROLES, key=len, reverse=True))
        for s in self.sents:
            for m in re.finditer(rf"(?:的)?(?:{roles})(?:兼(?:{roles}))?(?:之一)?", s.canon):
                rest = s.canon[m.end() :]
                if not any(rest.startswith(p) for p in people) and not re.match(r"[，,]?[他她]", rest[:2]):
                    # ORG的创始合伙人之一 with the person named earlier in the sentence still counts.
                    if not (m.group(0).startswith("的") and any(p in s.canon[: m.start()] for p in people)):
                        continue
                left = s.canon[: m.start()]
                left = re.sub(r"[（(][^（()）]{1,40}[)）]$", "", left)
                left = re.sub(r"[)）”\"」]$", "", left)
                name = self.left_name(left, max_len=8)
                if len(name) >= 2 and name not in people and not lx.is_generic(name):
                    self.add(name, "company", 1.5)

    def find_orgs_by_list(self) -> None:
        classes = "|".join(lx.CLASS_NOUNS)
        pat = re.compile(
            rf"([^，。；：]{{4,80}}?)，?(?:是|等|这样的|这些|几家|等等)[^，。；]{{0,24}}?(?:{classes})"
        )
        for s in self.sents:
            for m in pat.finditer(s.canon):
                body = m.group(1)
                if "、" not in body:
                    continue
                items = re.split(r"[、]|和|与|及", body)
                names = [self._strip_lead(it) for it in items]
                names = [
                    n
                    for n in names
                    if 2 <= len(n) <= 8
                    and not lx.is_generic(n)
                    and _IS_HAN.match(n)
                    and not all(lx.is_generic(t) or len(t) == 1 for t in self.seg.cut(n))
                ]
                if len(names) >= 2:
                    for n in names:
                        self.add(n, "company", 0.8)

    def _strip_lead(self, item: str) -> str:
        toks = self.seg.cut(item)
        while toks and (
            toks[0] in lx.BOUNDARY or toks[0] in ("例如", "比如", "包括", "以及", "还有", "像", "而")
        ):
            toks.pop(0)
        return "".join(toks)

    def find_org_pairs(self) -> None:
        """华为与阿里巴巴两大巨头, 腾讯和字节这两家公司: two names, then how many of a kind they are."""
        classes = "|".join(lx.CLASS_NOUNS)
        pat = re.compile(
            rf"([{HAN}A-Za-z0-9]{{2,8}})(?:与|和|及|、)([{HAN}A-Za-z0-9]{{2,8}}?)(?:这)?(?:两大|两家|两个|几大|几家)(?:{classes})"
        )
        for s in self.sents:
            for m in pat.finditer(s.canon):
                names = [self.left_name(m.group(1), max_len=8), m.group(2)]
                names = [
                    n
                    for n in names
                    if 2 <= len(n) <= 8
                    and not lx.is_generic(n)
                    and not all(lx.is_generic(t) or len(t) == 1 for t in self.seg.cut(n))
                ]
                if len(names) == 2:
                    for n in names:
                        self.add(n, "company", 0.8)

    def find_brands(self) -> None:
        for s in self.sents:
            for m in re.finditer(
                rf"品牌[—–\-:：\s]*([{HAN}A-Za-z0-9]{{2,8}}?)\s*[(（]([A-Za-z][A-Za-z0-9 .&\-]{{1,30}})[)）]",
                s.canon,
            ):
                f = self.add(m.group(1), "brand", 3)
                if f:
                    f.aliases[m.group(2).strip()] = "english"
            for m in re.finditer(rf"品牌[—–\-:：]+“?([{HAN}A-Za-z0-9]{{2,8}})", s.canon):
                self.add(m.group(1), "brand", 2)

    def find_founded_objects(self, people: set[str]) -> None:
        for s in self.sents:
            for m in re.finditer(r"(?:创立|创办|创建|成立)了?", s.canon):
                rest = s.canon[m.end() :]
                span = re.match(rf"([{HAN}A-Za-z0-9]{{2,8}}?)(?=[（(][A-Za-z]|[，。、；,（(]|并|$)", rest)
                name = ""
                if span and not re.search(r"[的了是在和与]|\d[年月日]", span.group(1)):
                    cand = span.group(1)
                    recurs = sum(cand in x.canon for x in self.sents) >= 2
                    english = re.match(r"[（(][A-Za-z]", rest[len(cand) :])
                    if (recurs or english or cand.endswith(lx.ORG_SUFFIXES)) and not lx.is_generic(cand):
                        name = cand
                name = name or self.right_name(rest)
                if name and name not in people and not re.search(r"[的了是在]|\d[年月日]", name):
                    kind = "university" if name.endswith(lx.UNIVERSITY_SUFFIXES) else "company"
                    self.add(name, kind, 1.5)
            for m in re.finditer(
                rf"成立于(\d{{4}})年的([{HAN}A-Za-z0-9]{{2,10}}?)(?=[，。、；,]|或许|是|$)", s.canon
            ):
                self.add(m.group(2), "company", 1.5)
            # 寒武纪几乎是唯一一家……的AI创业公司: a name that *is* a company.
            m = re.match(
                rf"^([{HAN}A-Za-z0-9]{{2,8}}?)(?:几乎|仍然|也|则|就|正)?是[^，。]{{0,24}}(?:公司|企业|厂商)[，。]",
                s.canon,
            )
            name = self._strip_lead(m.group(1)) if m else ""
            text_count = sum(name in x.canon for x in self.sents) if name else 0
            if (
                len(name) >= 2
                and not lx.is_generic(name)
                and name not in people
                and len(self.seg.cut(name)) == 1
                and text_count >= 2
            ):
                self.add(name, "company", 1.0)

    def find_orgs_by_context(self, people: set[str]) -> None:
        """Names the dictionary marks as proper (nt/nz) or does not know, used as organisations act.

        Only sentences holding a cue are segmented (the name stands right before it); how often a name
        occurs is then counted in the plain text, which costs far less than segmenting everything.
        """
        cues = (
            "的芯片",
            "的产品",
            "推出",
            "发布",
            "收购",
            "上市",
            "旗下",
            "市值",
            "的生态",
            "的GPU",
            "招股书",
            "的股票",
            "把目标",
            "的业务",
            "已经占据",
            "的单颗",
        )
        tags = lx.dictionary_tags()
        text = "\n".join(s.canon for s in self.sents)
        cued: Counter[str] = Counter()
        with self.seg.learned(self.words):  # the article's new words are the candidate names here
            self._cued_tokens(cues, tags, people, cued)
        for tok in cued:
            n = text.count(tok)
            if n >= 2:
                self.add(tok, "company", 0.5 * n)

    def _cued_tokens(self, cues, tags, people, cued: Counter[str]) -> None:
        for s in self.sents:
            if not any(c in s.canon for c in cues):
                continue
            pos = 0
            for tok in self.seg.cut(s.canon):
                start = s.canon.find(tok, pos)
                pos = start + len(tok) if start >= 0 else pos
                if (
                    len(tok) < 2
                    or not _IS_HAN.match(tok)
                    or tok in people
                    or tok in _SUFFIX_WORDS
                    or lx.is_generic_compound(tok)
                    or tok.endswith("板")
                ):  # 科创板, 创业板: markets, not companies
                    continue
                tag = tags.get(tok)
                if (tag is None or tag in ("nt", "nz")) and any(s.canon[pos:].startswith(c) for c in cues):
                    cued[tok] += 1

    # ---- aliases -------------------------------------------------------------------------------
    def find_aliases(self, people: set[str]) -> None:
        for s in self.sents:
            # 北京嘉楠捷思信息技术有限公司(下称“嘉楠科技”)
            for m in re.finditer(
                r"[(（](?:下称|以下简称|简称|下文简称)[“\"「『]?([^”\")）」』]{2,12})[”\"」』]?[)）]", s.canon
            ):
                left = s.canon[: m.start()]
                long_name = next(
                    (n for n in sorted(self.found, key=len, reverse=True) if left.endswith(n)), ""
                )
                if not long_name:
                    long_name = self.left_name(left, allow_common=True, max_len=20)
                if long_name:
                    f = self.add(long_name, "company", 1)
                    short = self.add(m.group(1), "company", 1)
                    if f and short:
                        f.aliases[short.name] = "short"
            # 神眸(CINMOORE): an English name in brackets right after a known name.
            for m in re.finditer(
                rf"([{HAN}A-Za-z0-9·]{{2,14}})\s*[(（]([A-Z][A-Za-z0-9&.\-]{{2,30}}(?: [A-Za-z0-9&.\-]+){{0,3}})[)）]",
                s.canon,
            ):
                head = next(
                    (n for n in sorted(self.found, key=len, reverse=True) if m.group(1).endswith(n)), ""
                )
                if head:
                    self.found[head].aliases[m.group(2)] = "english"
            # Tickers: 股票代码CAN
            for m in re.finditer(
                r"(?:股票代码|代码为|代码是|ticker)[为是:：\s]*[“\"]?([A-Z]{1,6}|\d{4,6})(?![A-Za-z0-9])",
                s.canon,
            ):
                org = self._subject_org(s)
                if org:
                    self.found[org].aliases[m.group(1)] = "ticker"
        self._nicknames(people)

    def _subject_org(self, s: Sentence) -> str:
        orgs = [n for n, f in self.found.items() if f.kind != "person" and n in s.canon]
        if orgs:
            return max(orgs, key=len)
        counts = Counter(
            {n: sum(n in x.canon for x in self.sents) for n, f in self.found.items() if f.kind != "person"}
        )
        return counts.most_common(1)[0][0] if counts else ""

    def _nicknames(self, people: set[str]) -> None:
        recent: list[str] = []
        for s in self.sents:
            named = [p for p in people if p in s.canon]
            for m in re.finditer(rf"[“\"]([{HAN}A-Za-z]{{2,5}})[”\"]", s.canon):
                term = m.group(1)
                if term in people or lx.is_generic(term) or term in self.found:
                    continue
                before = s.canon[max(0, m.start() - 8) : m.start()]
                for person in named + recent[::-1]:
                    strong = re.search(
                        r"(叫他|称他|叫她|称她|人称|外号|绰号|昵称|江湖人称|网名|称为|叫做)$", before
                    )
                    weak = re.search(r"的$", before)
                    shares = person[0] in term or (strong and any(c in term for c in person[1:]))
                    if shares and (strong or weak) and term != person:
                        self.found[person].aliases[term] = "nickname"
                        break
            if named:
                recent = (recent + named)[-3:]

    def title_aliases(self, people: set[str]) -> None:
        """张总, 杨董, 王博, 李老师: an alias only when one person in the article has that surname."""
        text = "\n".join(s.canon for s in self.sents)
        by_surname: dict[str, list[str]] = defaultdict(list)
        for p in people:
            by_surname[p[0]].append(p)
        for m in set(
            re.findall(
                r"([\u4e00-\u9fff])(总|董|博|老师|教授|先生|女士)(?=[，。：:说表认告指称也在的和是]|$)", text
            )
        ):
            surname, title = m
            owners = by_surname.get(surname, [])
            if len(owners) == 1 and text.count(surname + title) >= 2 and surname + title not in self.found:
                self.found[owners[0]].aliases.setdefault(surname + title, "nickname")

    def short_forms(self) -> None:
        """嘉楠科技 is also 嘉楠, 深圳比特微集团 also 比特微, 清华大学 also 清华 — when the text uses them."""
        text = "\n".join(s.canon for s in self.sents)
        for name, f in list(self.found.items()):
            if f.kind == "person":
                continue
            base = name
            for sfx in sorted(lx.ORG_SUFFIXES, key=len, reverse=True):
                if base.endswith(sfx) and len(base) - len(sfx) >= 2:
                    base = base[: -len(sfx)]
                    break
            cands = {base}
            toks = self.seg.cut(base)
            if len(toks) > 1 and lx.dictionary_tags().get(toks[0], "").startswith("ns"):
                cands.add(base[len(toks[0]) :])
            for c in cands:
                if c != name and len(c) >= 2 and not lx.is_generic(c) and text.count(c) > text.count(name):
                    f.aliases.setdefault(c, "short")
        # Abbreviations of universities (北京航空航天大学 -> 北航) used in the same article.
        for name, f in list(self.found.items()):
            if f.kind != "university" or len(name) < 5:
                continue
            for m in re.finditer(
                rf"([{HAN}]{{2}})(?=计算机|本科|毕业|攻读|读|博士|硕士)|重返([{HAN}]{{2}})", text
            ):
                ab = m.group(1) or m.group(2)
                if ab[0] == name[0] and ab[1] in name[1:-2] and ab not in self.found:
                    f.aliases.setdefault(ab, "short")

    def run(self) -> dict[str, Found]:
        self.find_people()
        people = {n for n, f in self.found.items() if f.kind == "person"}
        self.find_brands()
        self.find_orgs_by_suffix()
        self.find_orgs_by_role(people)
        self.find_orgs_by_list()
        self.find_org_pairs()
        self.find_founded_objects(people)
        self.find_orgs_by_context(people)
        self.find_aliases(people)
        self.title_aliases(people)
        self.short_forms()
        # A short form found as an entity of its own folds into the long form.
        for name, f in list(self.found.items()):
            for alias in list(f.aliases):
                other = self.found.get(alias)
                if other is not None and other is not f and other.kind != "person" and f.kind != "person":
                    f.score += other.score
                    f.aliases.update({a: t for a, t in other.aliases.items() if a != name})
                    if other.kind == "brand":
                        f.kind = "brand"
                    del self.found[alias]
        for name in [n for n in self.found if self.found[n].kind != "person"]:
            if name in self.found and name in people:
                del self.found[name]
        self._drop_fragments()
        return self.found

    def _drop_fragments(self) -> None:
        """A name never written except inside a longer name found here (暗面 in 月之暗面) is a fragment."""
        text = "\n".join(s.canon for s in self.sents)
        names = sorted(self.found, key=len)
        for short in names:
            longer = [n for n in self.found if short in n and n != short]
            if not longer or self.found[short].kind == "person":
                continue
            alone = text.count(short) - sum(text.count(n) for n in longer)
            if alone <= 0:
                self.found[longer[0]].score += self.found[short].score
                del self.found[short]
