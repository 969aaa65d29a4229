"""Clean values: a name, a date, an amount with its unit or a short phrase, never a clause."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot import lexicon as lx
from bot.relations import cues
from bot.relations import grammar as g

CLAUSE_SPLIT = re.compile(r"[，；。！？,;：:]")
AMOUNT = g.AMOUNT
_DATE = g.DATE


@lru_cache(maxsize=4096)
def clauses(canon: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each clause of a sentence. Cached: the rules ask for one sentence's clauses about
    seven times (a seventh of the relation rules' time went into splitting the same sentence again)."""
    out, start = [], 0
    for m in CLAUSE_SPLIT.finditer(canon):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(canon):
        out.append((start, len(canon)))
    return tuple(out)


def clause_at(canon: str, pos: int) -> tuple[int, int]:
    for s, e in clauses(canon):
        if s <= pos < e:
            return s, e
    return pos, pos


def date_in(text: str, context_year: int | None) -> str:
    """The last date written in `text` as 2013, 2013-04 or 2013-04-21 (同年4月 takes `context_year`)."""
    best = ""
    year = context_year
    for m in _DATE.finditer(text):
        if m.group(1):
            year = int(m.group(1))
            parts = [f"{year:04d}"] + [f"{int(g):02d}" for g in (m.group(2), m.group(3)) if g]
        elif year:
            parts = [f"{year:04d}"] + [f"{int(g):02d}" for g in (m.group(4), m.group(5)) if g]
        else:
            continue
        best = "-".join(parts)
    return best


def show_date(date: str) -> str:
    """2013-04 -> 2013年4月."""
    parts = date.split("-")
    units = g.DATE_UNITS
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, units, strict=False))


def amount(text: str) -> str:
    """The amount as written, with its modifier and unit; 50个亿 reads 50亿."""
    return text.replace(g.SPOKEN_AMOUNT, g.WRITTEN_AMOUNT).replace("．", ".")


def is_exchange(name: str) -> bool:
    return any(
        ex == name or name.startswith(ex) or (ex in name and name.endswith(g.EXCHANGE_ENDS))
        for ex in cues.words("exchanges")
    )


def is_generic_value(name: str) -> bool:
    """A noun that is never the name of a founded organisation, a product, a brand or a related entity."""
    n = name.strip()
    if n in cues.words("generic_values") or g.SOME_ONE_VALUE.fullmatch(n):
        return True
    return lx.is_generic(n) or lx.is_generic_compound(n)


def clean_name(name: str) -> bool:
    """A name, not a fragment of a clause (毕业后, 人周文远, 将会)."""
    return not g.NOT_A_NAME.search(name)


def is_school(name: str) -> bool:
    return any(name.endswith(s) or name == s for s in cues.words("schools"))


_SCHOOL_SUFFIX = g.SCHOOL_SUFFIX
_SHORT_SCHOOLS = re.compile(
    "|".join(
        re.escape(w) for w in cues.words("schools") if not _SCHOOL_SUFFIX.search(w) and w != g.GRADUATE_SCHOOL
    )
)
_BEFORE_SCHOOL = g.BEFORE_SCHOOL
_DEGREE = re.compile(cues.alternation("degrees"))
_EDU_VERB = g.EDU_VERB
_MAJOR_AFTER_SCHOOL = g.MAJOR_AFTER_SCHOOL
_MAJOR_STUDIED = g.MAJOR_STUDIED
_NOT_A_STUDENT = g.NOT_A_STUDENT


def schools_in(c: str) -> list[tuple[str, int, int, str]]:
    """(name, start, end, department) of each school named in a clause; a 学院 right after a 大学 is its
    department (南湾大学医学院, 北岭大学的机械与车辆工程学院)."""
    out: list[tuple[str, int, int, str]] = []
    for m in _SCHOOL_SUFFIX.finditer(c):
        prev_end = out[-1][2] if out else -1
        j = m.start()
        while j > 0 and m.start() - j < 12 and _is_han(c[j - 1]) and j > prev_end:
            j -= 1
        if out and j == prev_end:
            name, start, _end, _dept = out[-1]
            out[-1] = (name, start, m.end(), c[prev_end : m.end()].removeprefix(g.OF))
            continue
        head = c[j : m.start()]
        cut = _BEFORE_SCHOOL.match(head)
        if cut:
            head, j = head[cut.end() :], j + cut.end()
        if len(head) < 2 or _NOT_A_STUDENT.match(c[m.end() :]) or g.SOME_ONE_VALUE.match(head):
            continue  # (另一间英文中学: some school, no name)
        if g.NOT_SCHOOL_HEAD.fullmatch(head):
            continue  # (当年中学读得好辛苦: a stage of life, no school's name)
        parent = _short_university_before(c, j)
        if parent and m.group(0) == g.DEPARTMENT_SUFFIX:
            out.append((parent, j - len(parent) - c[:j].endswith(g.OF), m.end(), head + m.group(0)))
            continue
        out.append((head + m.group(0), j, m.end(), ""))
    for m in _SHORT_SCHOOLS.finditer(c):
        if not any(s <= m.start() < e for _n, s, e, _d in out) and not _NOT_A_STUDENT.match(c[m.end() :]):
            out.append((m.group(0), m.start(), m.end(), ""))
    for m in g.LATIN_SCHOOL.finditer(c):
        at = m.start(m.lastindex or 1)
        if not any(s <= at < e for _n, s, e, _d in out):
            out.append((m.group(m.lastindex or 1), at, m.end(m.lastindex or 1), ""))
    return sorted(out, key=lambda x: x[1])


def _short_university_before(c: str, j: int) -> str:
    """湾大(的)数字艺术学院: a university's two-character short form (a character, then 大) right before a
    学院 is its parent — unless the dictionary reads it as an ordinary word (最大, 巨大: an adjective; 扩大: a
    verb) or its first character as an adverb or a verb (更大, 做大)."""
    m = g.SHORT_UNIVERSITY_END.search(c, 0, j)
    if not m:
        return ""
    name = m.group(1)
    tags = lx.dictionary_tags()
    if tags.get(name, "j")[:1] not in ("j", "n") or tags.get(name[0], "n")[:1] in ("d", "v", "a", "p", "r"):
        return ""
    return name


def _is_han(ch: str) -> bool:
    return 0x4E00 <= ord(ch) <= 0x9FFF


def _major(text: str) -> str:
    """取得了计算机 -> 计算机: the verb before a major is not part of it."""
    return g.BEFORE_MAJOR.split(text)[-1]


def education(canon: str, restore) -> list[dict]:
    """School, major, degree and year for each school an education sentence names; a clause without a
    school adds its major or degree to the school before it (拿到了北岭大学的录取通知书，并在2008年取得了
    物理学博士学位)."""
    canon = restore(canon)  # spun words back (核算机系 -> 计算机系, 研讨生 -> 研究生) before reading
    if not _EDU_VERB.search(canon) and not _MAJOR_STUDIED.search(canon):
        return []
    out: list[dict] = []
    for s, e in clauses(canon):
        c = canon[s:e]
        if g.CONDITIONAL.search(c):
            continue  # 若考入国外大学: what would happen, not where they studied
        schools = schools_in(c)
        year = g.YEAR_IN.search(c)
        if not schools:
            _add_to_last(out, c, year)
            continue
        for k, (name, _start, end, dept) in enumerate(schools):
            seg = c[end : schools[k + 1][1] if k + 1 < len(schools) else len(c)]
            m = _MAJOR_AFTER_SCHOOL.match(seg)
            major = (m.group(1) or m.group(2)) if m else ""
            if not major:
                mm = _MAJOR_STUDIED.search(seg)
                major = mm.group(1) if mm else ""
            major = _major(major)
            if _SCHOOL_SUFFIX.search(major) or not major or major in g.NOT_A_MAJOR:
                major = dept
            degrees = _DEGREE.findall(seg) or (_DEGREE.findall(c) if len(schools) == 1 else [])
            out.append(
                {
                    "school": name,
                    "major": major,
                    "degree": degrees_text(degrees),
                    "year": int(year.group(1)) if year and len(schools) == 1 else None,
                }
            )
    return out


def _add_to_last(out: list[dict], c: str, year: re.Match[str] | None) -> None:
    """A clause without a school: its major, degree and year complete the school before it."""
    major = _MAJOR_STUDIED.search(c) or g.DEGREE_MAJOR.search(c)
    degrees = _DEGREE.findall(c)
    if out and (major or degrees):
        last = out[-1]
        if major and not last["major"]:
            last["major"] = _major(major.group(1))
        if degrees and not last["degree"]:
            last["degree"] = degrees_text(degrees)
        if year and not last["year"]:
            last["year"] = int(year.group(1))


DEGREE_ORDER = g.DEGREE_ORDER


def degrees_text(found: list[str]) -> str:
    """研讨生、博士 -> 研究生/博士, in the order of the degrees list (本科 before 硕士 before 博士)."""
    order = DEGREE_ORDER
    return "/".join(sorted(dict.fromkeys(found), key=lambda d: order.index(d) if d in order else 99))


def show_education(rec: dict) -> str:
    parts = [rec["school"], rec.get("major") or "", rec.get("degree") or ""]
    text = " · ".join(p for p in parts if p)
    return text + (g.shown("EDU_YEAR", year=rec["year"]) if rec.get("year") else "")


class Restorer:
    """Spun synonyms back to the common word, where the corpus itself uses the common word more."""

    def __init__(self, texts: Iterable[str]) -> None:
        corpus = "\n".join(texts)
        self.table = {
            spun: common
            for spun, common in cues.pairs("spinner").items()
            if corpus.count(common) > corpus.count(spun)
        }
        self._re = (
            re.compile("|".join(map(re.escape, sorted(self.table, key=len, reverse=True))))
            if self.table
            else None
        )

    def __call__(self, value: str) -> str:
        if not value or self._re is None:
            return value
        return self._re.sub(lambda m: self.table[m.group(0)], value)
