"""The ingest pipeline: files -> articles -> sentences -> entities, aliases, facts, profiles -> SQLite."""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bot import lexicon as lx
from bot.clean import clean_text
from bot.discover import new_words
from bot.errors import NoArticles, ReadError
from bot.extract import ArticleExtractor, coref
from bot.facts import (
    REF_NAMED,
    REF_PRONOUN,
    REF_SPEAKER,
    Fact,
    ProfileBuilder,
    fact_date,
    fact_strength,
    fact_type,
    year_context,
)
from bot.normalize import (
    initials_key,
    name_key,
    pinyin_key,
    strip_legal_suffix,
    to_simplified,
    to_traditional,
)
from bot.reader import SUFFIXES, read_article
from bot.segment import Segmenter, Sentence, segment_text
from bot.settings import curated_entities, load_settings
from bot.store import cached_articles, write_index


@dataclass
class IngestReport:
    read: list[tuple[str, str]] = field(default_factory=list)  # (path, title)
    reused: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    articles: int = 0


def collect_files(paths: list[Path], report: IngestReport) -> list[Path]:
    """Article files under the given paths; a folder that links back to itself is visited once."""
    out: list[Path] = []
    seen: set[str] = set()
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=True):
                real = os.path.realpath(root)
                if real in seen:
                    report.skipped.append((root, "folder already visited (link loop)"))
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs.sort()
                for f in sorted(files):
                    fp = Path(root) / f
                    if fp.suffix.lower() in SUFFIXES:
                        out.append(fp)
                    elif not f.startswith("."):
                        report.skipped.append((str(fp), f"not an article file ({fp.suffix or 'no suffix'})"))
        elif p.exists():
            out.append(p)
        else:
            report.skipped.append((str(p), "no such file or folder"))
    return out


_SEG: Segmenter | None = None


def _segmenter() -> Segmenter:
    global _SEG
    if _SEG is None:
        _SEG = Segmenter()
    return _SEG


def _warm() -> None:
    """Load jieba and the dictionaries once, before worker processes fork, so they share them."""
    from bot import clean

    _segmenter()
    lx.dictionary_tags()
    clean._dictionary()
    pinyin_key("预热")  # pypinyin loads its dictionaries on first use
    to_traditional("预热")  # and OpenCC its s2t tables


def process_file(path: str, max_bytes: int, data: bytes | None = None) -> dict:
    """Read, clean, segment and extract one article. Runs in a worker process; returns plain data."""
    try:
        art = read_article(Path(path), max_bytes=max_bytes, data=data)
    except ReadError as exc:
        return {"path": path, "error": str(exc)}
    cleaned = clean_text(art.text)
    if not cleaned.text.strip():
        return {"path": path, "error": "nothing left after cleaning"}
    sentences = segment_text(cleaned.text)
    words = new_words([s.canon for s in sentences if not s.heading])
    found = ArticleExtractor(sentences, _segmenter(), words=words).run()
    title = art.title or cleaned.headline or _title_from(sentences)
    outlet = art.outlet or cleaned.outlet or _questions_label(cleaned.text)
    author = art.author or cleaned.bylines.get("作者") or cleaned.bylines.get("记者") or ""
    return {
        "path": path,
        "id": art.id,
        "sha": art.sha,
        "title": title,
        "date": art.date or cleaned.date,
        "author": author,
        "outlet": outlet,
        "source_url": art.source_url or cleaned.source_url,
        "encoding": art.encoding,
        "text": cleaned.text,
        "notes": art.notes,
        "sentences": [
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "text": s.text,
                "canon": s.canon,
                "speaker": s.speaker,
                "question": s.question,
                "heading": s.heading,
                "start": s.start,
                "end": s.end,
            }
            for s in sentences
        ],
        "extracted": {n: {"kind": f.kind, "score": f.score, "aliases": f.aliases} for n, f in found.items()},
    }


def _title_from(sentences: list[Sentence]) -> str:
    first = next((s.text for s in sentences if not s.heading), sentences[0].text if sentences else "")
    return first if len(first) <= 30 else first[:28] + "…"


def _questions_label(text: str) -> str:
    """In a Q&A the interviewer's label is the outlet (硬氪:, 虎嗅:)."""
    m = re.findall(r"^([^\s:：，。]{2,6})[:：]", text, re.M)
    c = Counter(m)
    return c.most_common(1)[0][0] if c and c.most_common(1)[0][1] >= 3 else ""


def read_all(
    files: list[Path], cache: dict[str, dict], report: IngestReport, progress: Callable | None, max_bytes: int
) -> list[dict]:
    import hashlib

    todo: list[str] = []
    results: list[dict] = []
    for fp in files:
        try:
            with fp.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            report.skipped.append((str(fp), f"unreadable ({exc.strerror or exc.__class__.__name__})"))
            continue
        sha = hashlib.sha256(data[:max_bytes]).hexdigest()
        if sha in cache:
            art = dict(cache[sha])
            art["path"] = str(fp)
            results.append(art)
            report.reused += 1
            if progress:
                progress(str(fp))
        else:
            todo.append(str(fp))
    workers = min(2, os.cpu_count() or 1)
    if todo:
        _warm()
    if len(todo) >= 4 and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(todo) // (workers * 4))
            for res in pool.map(process_file, todo, [max_bytes] * len(todo), chunksize=chunk):
                results.append(res)
                if progress:
                    progress(res["path"])
    else:
        for path in todo:
            results.append(process_file(path, max_bytes))
            if progress:
                progress(path)
    good, seen = [], {}
    for res in results:
        if "error" in res:
            report.skipped.append((res["path"], res["error"]))
            continue
        if res["id"] in seen:
            report.skipped.append((res["path"], f"same content as {seen[res['id']]}"))
            continue
        seen[res["id"]] = res["path"]
        for note in res.get("notes") or []:
            report.notes.append((res["path"], note))
        good.append(res)
        report.read.append((res["path"], res["title"]))
    return good


# ---- corpus-level merge ---------------------------------------------------------------------------


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def merge_entities(articles: list[dict]) -> dict[int, dict]:
    """One entity per real-world thing: names and aliases shared across articles join (never by surname)."""
    uf = _Union()
    info: dict[str, dict] = {}
    for art in articles:
        for name, e in art["extracted"].items():
            node = f"{e['kind'] == 'person'}:{name_key(name)}"
            uf.find(node)
            d = info.setdefault(node, {"names": Counter(), "kinds": Counter(), "aliases": {}, "score": 0.0})
            d["names"][name] += 1
            d["kinds"][e["kind"]] += 1
            d["score"] += e["score"]
            for alias, typ in e["aliases"].items():
                d["aliases"][alias] = typ
    for c in curated_entities():
        node = f"{c.get('kind') == 'person'}:{name_key(c['name'])}"
        if node in info:
            for a in c.get("aliases") or []:
                info[node]["aliases"][str(a)] = "curated"
            if c.get("kind"):
                info[node]["kinds"][c["kind"]] += 100
    # Join organisations that share a name or alias key (嘉楠科技 in one article, 北京嘉楠...(下称嘉楠科技) in another).
    by_key: dict[str, str] = {}
    for node, d in info.items():
        is_person = node.startswith("True")
        keys = {name_key(n) for n in d["names"]} | {
            name_key(a) for a, t in d["aliases"].items() if t != "nickname"
        }
        if not is_person:
            keys |= {strip_legal_suffix(k) for k in keys}
        for k in keys:
            tagged = f"{is_person}:{k}"
            if tagged in by_key:
                uf.union(by_key[tagged], node)
            else:
                by_key[tagged] = node
    groups: dict[str, list[str]] = defaultdict(list)
    for node in info:
        groups[uf.find(node)].append(node)
    entities: dict[int, dict] = {}
    for i, nodes in enumerate(sorted(groups.values(), key=lambda ns: -sum(info[n]["score"] for n in ns)), 1):
        names: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        aliases: dict[str, str] = {}
        score = 0.0
        for n in nodes:
            names.update(info[n]["names"])
            kinds.update(info[n]["kinds"])
            aliases.update(info[n]["aliases"])
            score += info[n]["score"]
        kind = kinds.most_common(1)[0][0]
        if "brand" in kinds and kind == "company":
            kind = "brand"
        all_names = set(names) | set(aliases)
        display = _display_name(kind, names, aliases)
        typed = {a: t for a, t in aliases.items()}
        for n in all_names:
            if n != display and n not in typed:
                typed[n] = "legal" if n.endswith(lx.LEGAL_FORMS) else "name"
        typed.pop(display, None)
        entities[i] = {"id": i, "name": display, "kind": kind, "aliases": typed, "score": score}
    return entities


def _display_name(kind: str, names: Counter[str], aliases: dict[str, str]) -> str:
    if kind == "person":
        return names.most_common(1)[0][0]
    pool = list(names) + [a for a, t in aliases.items() if t in ("short", "name", "curated")]

    # Prefer a plain company name (嘉楠科技) over the legal form or a bare short form.
    def rank(n: str) -> tuple:
        return (
            not re.search(r"[\u4e00-\u9fff]", n),
            n.endswith(lx.LEGAL_FORMS),
            n.endswith(lx.CLASS_NOUNS),  # 华为 over 华为公司: a class noun adds nothing to the name
            not n.endswith(lx.ORG_SUFFIXES),
            -names.get(n, 0),
            len(n),
        )

    return min(pool, key=rank)


# ---- mentions and facts ---------------------------------------------------------------------------


def alias_table(entities: dict[int, dict]) -> dict[str, int]:
    table: dict[str, int] = {}
    for eid, e in sorted(entities.items(), key=lambda kv: kv[1]["score"]):
        for n in [e["name"], *e["aliases"]]:
            simp = to_simplified(n)
            if len(simp) >= 2 and not (simp.isascii() and len(simp) < 3 and e["aliases"].get(n) != "ticker"):
                table[simp] = eid
    return table


def find_mentions(
    canon: str, pattern: re.Pattern[str] | None, table: dict[str, int]
) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(canon):
        out.append((table[m.group(0)], m.start()))
    return out


def build_facts(
    articles: list[dict], entities: dict[int, dict]
) -> tuple[list[Fact], list[tuple[int, str, int]]]:
    table = alias_table(entities)
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None
    speaker_ids = {to_simplified(e["name"]): eid for eid, e in entities.items() if e["kind"] == "person"}
    facts: list[Fact] = []
    mentions: list[tuple[int, str, int]] = []
    for art in articles:
        sents = [Sentence(**s) for s in art["sentences"]]
        # Answers labelled 答/A (not by name) are the interview subject's: the person the article names most.
        named = Counter(
            eid
            for s in sents
            for eid, _ in find_mentions(s.canon, pattern, table)
            if entities[eid]["kind"] == "person"
        )
        subject = named.most_common(1)[0][0] if named else None
        years = year_context(sents)
        recent_person: tuple[int, int] | None = None  # (entity id, sentence index)
        recent_org: tuple[int, int] | None = None
        focus_org: tuple[int, int] | None = None  # the organisation last named as a subject
        for s, ctx_year in zip(sents, years, strict=True):
            found = find_mentions(s.canon, pattern, table)
            for eid, _ in found:
                mentions.append((eid, art["id"], s.index))
            if s.heading or s.question:
                continue
            explicit = {eid: pos for eid, pos in reversed(found)}
            implicit: dict[int, int] = {}  # entity -> how it is referred to (REF_PRONOUN, REF_SPEAKER)
            if s.speaker and s.speaker in speaker_ids:
                implicit[speaker_ids[s.speaker]] = REF_SPEAKER
            elif s.speaker in _GENERIC_ANSWER and subject is not None:
                implicit[subject] = REF_SPEAKER
            people_here = [eid for eid in explicit if entities[eid]["kind"] == "person"]
            if (
                not people_here
                and recent_person
                and s.index - recent_person[1] <= 3
                and coref.continues_person(s.canon)
            ):
                implicit[recent_person[0]] = REF_PRONOUN
            if people_here:
                recent_person = (min(people_here, key=lambda e: explicit[e]), s.index)
            # Organisations named here, leaving out comparisons (被称为“中国版英伟达”).
            orgs_here = [
                eid
                for eid in explicit
                if entities[eid]["kind"] != "person" and not coref.is_comparison(s.canon, explicit[eid])
            ]
            if not orgs_here and coref.continues_org(s.canon):
                # 该公司/其/同年9月在科创板上市 continue the organisation in focus: the one last named as a
                # subject, else the one last named at all.
                if focus_org and s.index - focus_org[1] <= 4:
                    implicit.setdefault(focus_org[0], REF_PRONOUN)
                elif recent_org and s.index - recent_org[1] <= 3:
                    implicit.setdefault(recent_org[0], REF_PRONOUN)
            if orgs_here:
                first = min(orgs_here, key=lambda e: explicit[e])
                recent_org = (first, s.index)
                lead = _LEADING_CLAUSE.match(s.canon).end()
                if explicit[first] - lead <= 6:
                    focus_org = (first, s.index)
            elif focus_org and implicit.get(focus_org[0]) == REF_PRONOUN:
                focus_org = (focus_org[0], s.index)  # still the one being talked about
            if not explicit and not implicit:
                continue
            if not explicit and len(re.sub(r"[\W_]+", "", s.canon)) < 10:
                continue  # "是的。" says nothing on its own
            year, date = fact_date(s.canon, ctx_year)
            f = Fact(art["id"], s.index, s.text, s.canon, fact_type(s), year, date)
            for eid in explicit:
                f.entities[eid] = REF_NAMED
            for eid, ref in implicit.items():
                f.entities.setdefault(eid, ref)
            facts.append(f)
    return facts, mentions


# A leading time or place clause before the subject (2015年，…; 在深圳，…).
_LEADING_CLAUSE = re.compile(r"^(?:[^，。]{0,12}?(?:年|月|日|后|时|前|中)[，,]\s*)?")
_GENERIC_ANSWER = {"答", "a", "A", "回答", "受访者"}


def fact_key(canon: str) -> str:
    return re.sub(r"[\W_]+", "", canon)


def build_index(
    paths: list[Path] | None = None,
    index: Path | None = None,
    progress: Callable | None = None,
    keep_previous: bool = True,
) -> IngestReport:
    """Build (or update) the index from `paths`. Raises NoArticles when nothing could be indexed."""
    settings = load_settings()
    index = index or settings.index_path
    paths = paths or [settings.seeds_dir]
    report = IngestReport()
    cache = cached_articles(index)
    files = collect_files(paths, report)
    if keep_previous:
        # Articles of the previous index whose files still exist stay; a removed file takes its facts along.
        given = {os.path.realpath(f) for f in files}
        for art in cache.values():
            if os.path.realpath(art["path"]) not in given and Path(art["path"]).exists():
                files.append(Path(art["path"]))
    articles = read_all(files, cache, report, progress, settings.limit("max_file_bytes", 8_000_000))
    if not articles:
        raise NoArticles("no article could be indexed", report.skipped)
    entities = merge_entities(articles)
    facts, mentions = build_facts(articles, entities)
    write_index(index, lambda conn: _fill(conn, articles, entities, facts, mentions))
    report.articles = len(articles)
    report.entities = len(entities)
    report.facts = len({fact_key(f.canon) for f in facts})
    return report


def _fill(conn, articles: list[dict], entities: dict[int, dict], facts: list[Fact], mentions) -> None:
    for art in articles:
        conn.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                art["id"],
                art["path"],
                art["sha"],
                art["title"],
                art["date"],
                art["author"],
                art["outlet"],
                art["source_url"],
                art["encoding"],
                art["text"],
                len(art["sentences"]),
                json.dumps(art.get("notes") or [], ensure_ascii=False),
                json.dumps(art["extracted"], ensure_ascii=False),
            ),
        )
        conn.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    art["id"],
                    s["index"],
                    s["paragraph"],
                    s["text"],
                    s["canon"],
                    s["speaker"],
                    int(s["question"]),
                    int(s["heading"]),
                    s.get("start", -1),
                    s.get("end", -1),
                )
                for s in art["sentences"]
            ],
        )
    mention_count = Counter(eid for eid, _, _ in mentions)
    trad_forms = _traditional_forms(articles, entities)
    for eid, e in entities.items():
        conn.execute(
            "INSERT INTO entities VALUES (?,?,?,?,?,?)",
            (eid, e["name"], e["kind"], mention_count[eid], e["score"], trad_forms.get(eid, "")),
        )
        rows = [(eid, e["name"], "name")] + [(eid, a, t) for a, t in e["aliases"].items()]
        if trad_forms.get(eid) and trad_forms[eid] != e["name"]:
            rows.append((eid, trad_forms[eid], "traditional"))
        seen = set()
        for _, alias, typ in rows:
            if alias in seen:
                continue
            seen.add(alias)
            key = name_key(alias)
            conn.execute(
                "INSERT INTO aliases VALUES (?,?,?,?,?,?)",
                (eid, alias, typ, key, pinyin_key(alias), initials_key(alias)),
            )
            surname = lx.SURNAME_READINGS.get(key[:1]) if e["kind"] == "person" else None
            if surname and typ in ("name", "traditional"):
                # Also the surname's own reading: 曾毓群 answers to zeng yuqun as well as ceng yuqun.
                conn.execute(
                    "INSERT INTO aliases VALUES (?,?,?,?,?,?)",
                    (eid, alias, typ, key, surname + pinyin_key(alias[1:]), ""),
                )
            short = strip_legal_suffix(key)
            if short != key:
                conn.execute(
                    "INSERT INTO aliases VALUES (?,?,?,?,?,?)",
                    (eid, alias, typ, short, pinyin_key(short), ""),
                )
    conn.executemany("INSERT INTO mentions VALUES (?,?,?)", mentions)
    # Near-identical facts from several articles become one fact with several sources.
    by_key: dict[str, int] = {}
    fact_rows: list[Fact] = []
    row_keys: list[str] = []
    sources: dict[int, list[tuple[str, int]]] = defaultdict(list)
    by_entity: dict[int, list[int]] = defaultdict(list)  # entity -> row numbers, for near-duplicates
    for f in facts:
        # A quote attributed only by who speaks stays with its article: short answers repeat across interviews.
        k = (
            fact_key(f.canon) if any(f.entities.values()) else f"{f.article}:{fact_key(f.canon)}"
        )  # speaker = 0
        if k not in by_key and REF_NAMED in f.entities.values():
            twin = _near_twin(k, f, fact_rows, row_keys, by_entity, sources)
            if twin is not None:
                by_key[k] = twin
        if k not in by_key:
            by_key[k] = len(fact_rows) + 1
            fact_rows.append(f)
            row_keys.append(k)
        fid = by_key[k]
        for eid in f.entities:
            if fid not in by_entity[eid]:
                by_entity[eid].append(fid)
        if (f.article, f.sentence) not in sources[fid]:
            sources[fid].append((f.article, f.sentence))
        for eid, exp in f.entities.items():
            fact_rows[fid - 1].entities[eid] = max(fact_rows[fid - 1].entities.get(eid, REF_SPEAKER), exp)
    for fid, f in enumerate(fact_rows, 1):
        conn.execute(
            "INSERT INTO facts VALUES (?,?,?,?,?,?,?)",
            (fid, f.text, f.canon, f.type, f.year, f.date, row_keys[fid - 1]),
        )
        conn.executemany("INSERT INTO fact_sources VALUES (?,?,?)", [(fid, a, s) for a, s in sources[fid]])
        for eid, exp in f.entities.items():
            name = next(
                (
                    n
                    for n in [entities[eid]["name"], *entities[eid]["aliases"]]
                    if to_simplified(n) in f.canon
                ),
                "",
            )
            # The subject: named first, after at most a leading date clause (2015年，杨作兴加入…).
            lead = re.match(r"^(?:[^，。]{0,12}?(?:年|月|日|后|时)[，,]\s*)?", f.canon).end()
            at_start = bool(name) and 0 <= f.canon.find(to_simplified(name)) - lead <= 4
            score = fact_strength(f.type, exp, at_start, f.year, len(f.canon), len(sources[fid]))
            conn.execute("INSERT INTO fact_entities VALUES (?,?,?,?)", (fid, eid, exp, score))
    ents_for_profile = {
        eid: {**e, "aliases_simplified": [to_simplified(a) for a in e["aliases"]]}
        for eid, e in entities.items()
    }
    profiles = ProfileBuilder(ents_for_profile, fact_rows).build()
    for eid, fields in profiles.items():
        for name, values in fields.items():
            for order, (value, src) in enumerate(values):
                conn.execute(
                    "INSERT INTO profile VALUES (?,?,?,?,?)",
                    (eid, name, value, json.dumps([i + 1 for i in src]), order),
                )


def _near_twin(
    key: str,
    f: Fact,
    rows: list[Fact],
    keys: list[str],
    by_entity: dict[int, list[int]],
    sources: dict[int, list[tuple[str, int]]],
) -> int | None:
    """A fact from another article that says the same thing in nearly the same words (a repost, a
    rewrite that swapped a word or two) — compared only among facts about the same entity."""
    from rapidfuzz import fuzz

    eid = max(f.entities, key=lambda e: f.entities[e])
    for fid in by_entity.get(eid, [])[-300:]:
        if any(a == f.article for a, _ in sources[fid]):
            continue
        other = keys[fid - 1]
        if abs(len(other) - len(key)) <= max(4, len(key) // 8) and fuzz.ratio(key, other) >= 90:
            return fid
    return None


def _traditional_forms(articles: list[dict], entities: dict[int, dict]) -> dict[int, str]:
    """How a name is written in the Traditional articles (張楠賡), else OpenCC's per-name conversion."""
    out: dict[int, str] = {}
    for eid, e in entities.items():
        name = e["name"]
        simp = to_simplified(name)
        best = ""
        for art in articles:
            text = art["text"]
            if simp in text:
                continue
            conv = to_traditional(simp)
            if conv in text:
                best = conv
                break
        # The name converted on its own (OpenCC knows 阿里巴巴 as a word; character by character gives 阿裡巴巴).
        out[eid] = best or to_traditional(simp)
    return out
