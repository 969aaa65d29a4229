"""The ingest pipeline: files -> articles -> sentences -> entities, aliases, facts, profiles -> SQLite."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot import lexicon as lx
from bot.clean import clean_text
from bot.discover import new_words
from bot.errors import NoArticles, ReadError
from bot.extract import coref, extract_entities
from bot.facts import (
    Fact,
    aboutness,
    fact_date,
    fact_strength,
    fact_type,
    informativeness,
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
from bot.pool import FILE_SECONDS, run_pool
from bot.reader import SUFFIXES, read_article, read_regular_file
from bot.relations.profile import ProfileBuilder
from bot.relations.questions import statements_in_questions
from bot.segment import Sentence, segment_text, segmenter
from bot.settings import curated_entities, load_settings
from bot.store.db import (
    check_path,
    connect_writer,
    create_fresh,
    load_articles,
    move_aside,
    set_pipeline,
    writer_lock,
)
from bot.store.index import fts_literal
from bot.vocab import REF_NAMED, REF_PRONOUN, REF_SPEAKER


@dataclass
class IngestReport:
    read: list[tuple[str, str]] = field(default_factory=list)  # (path, title)
    reused: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    articles: int = 0


def shown(text: str) -> str:
    """A file name or title as one printable line: control characters (a newline could forge a summary
    line), invisible format characters and undecodable bytes (surrogates from os.fsdecode) escaped."""
    out = []
    for ch in str(text):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Cf", "Zl", "Zp"):
            code = ord(ch)
            if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
                out.append(f"\\x{code - 0xDC00:02x}")
            else:
                out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def collect_files(paths: list[Path], report: IngestReport) -> list[Path]:
    """Article files under the given paths; a folder that links back to itself is visited once.

    Paths are returned as they are (to be opened); in the report they are `shown` escaped.
    """
    out: list[Path] = []
    seen: set[str] = set()
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=True):
                real = os.path.realpath(root)
                if real in seen:
                    report.skipped.append((shown(root), "folder already visited (link loop)"))
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs.sort()
                for f in sorted(files):
                    fp = Path(root) / f
                    if fp.suffix.lower() in SUFFIXES:
                        out.append(fp)
                    elif not f.startswith("."):
                        suffix = shown(fp.suffix) or "no suffix"
                        report.skipped.append((shown(str(fp)), f"not an article file ({suffix})"))
        elif p.exists():
            out.append(p)
        else:
            report.skipped.append((shown(str(p)), "no such file or folder"))
    return out


def _warm() -> None:
    """Load jieba and the dictionaries once, before worker processes fork, so they share them."""
    from bot import clean

    segmenter()
    lx.dictionary_tags()
    clean._dictionary()
    pinyin_key("预热")  # pypinyin loads its dictionaries on first use
    to_traditional("预热")  # and OpenCC its s2t tables


def process_file(path: str, max_bytes: int, data: bytes | None = None) -> dict:
    """Read, clean, segment and extract one article. Runs in a worker process; returns plain data.

    Never raises: whatever goes wrong with this one file becomes its {"path", "error"} result.
    """
    try:
        return _process_file(path, max_bytes, data)
    except ReadError as exc:
        return {"path": path, "error": str(exc)}
    except RecursionError:
        return {"path": path, "error": "failed (nested too deeply)"}
    except MemoryError:
        return {"path": path, "error": "failed (out of memory)"}
    except Exception as exc:  # noqa: BLE001 - isolation: one bad file never stops the ingest
        return {"path": path, "error": f"failed ({exc.__class__.__name__}: {str(exc)[:80]})"}


def _process_file(path: str, max_bytes: int, data: bytes | None) -> dict:
    art = read_article(Path(path), max_bytes=max_bytes, data=data)
    cleaned = clean_text(art.text)
    if not cleaned.text.strip():
        return {"path": path, "error": "nothing left after cleaning"}
    sentences = segment_text(cleaned.text)
    words = new_words([s.canon for s in sentences if not s.heading])
    found = extract_entities(sentences, segmenter(), words=words)
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
    """Read each file once (regular files only), reuse cached articles by content hash, and process the
    rest in worker processes, one file each, each within the per-file time limit (`bot.pool`)."""
    import hashlib

    from bot.errors import ReadError

    todo: list[tuple[str, int, bytes]] = []
    results: list[dict] = []
    for fp in files:
        try:
            data, _ = read_regular_file(fp, max_bytes)
        except ReadError as exc:
            report.skipped.append((shown(str(fp)), str(exc)))
            continue
        sha = hashlib.sha256(data[:max_bytes]).hexdigest()
        if sha in cache:
            art = dict(cache[sha])
            art["path"] = shown(str(fp))
            results.append(art)
            report.reused += 1
            if progress:
                progress(art["path"])
        else:
            todo.append((str(fp), max_bytes, data))
    if todo:
        _warm()
    seconds = FILE_SECONDS.get()
    if seconds is None:
        seconds = load_settings().limit("file_seconds", 300)

    def done(res: dict) -> None:
        raw_path = res["path"]
        res["path"] = shown(raw_path)
        if "title" in res:
            # One line: line breaks become spaces (an ideographic space in a headline stays as it is).
            res["title"] = shown(re.sub(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", " ", str(res["title"])))
        results.append(res)
        if progress:
            progress(res["path"])

    # Always in worker processes, even for one file: a hostile file then costs only its own worker
    # (killed at the time limit), and the caller's process (the bot's event loop) stays responsive.
    run_pool(process_file, todo, min(2, os.cpu_count() or 1), seconds or None, done)
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
        found_in = [find_mentions(s.canon, pattern, table) for s in sents]
        named = Counter(eid for found in found_in for eid, _ in found if entities[eid]["kind"] == "person")
        subject = named.most_common(1)[0][0] if named else None
        # The organisation the article is about (named most, at least three times): whom an
        # interviewee's 我们 speaks for.
        orgs_named = Counter(
            eid
            for s, found in zip(sents, found_in, strict=True)
            for eid, pos in found
            if entities[eid]["kind"] != "person" and not coref.is_comparison(s.canon, pos)
        ).most_common(2)
        # A tie (从 Discuz! 到伙伴云, four times each) names no organisation the article is about.
        tied = len(orgs_named) == 2 and orgs_named[0][1] == orgs_named[1][1]
        home_org = orgs_named[0][0] if orgs_named and orgs_named[0][1] >= 3 and not tied else None
        years = year_context(sents)
        recent_person: tuple[int, int] | None = None  # (entity id, sentence index)
        recent_org: tuple[int, int] | None = None
        focus_org: tuple[int, int] | None = None  # the organisation last named as a subject
        for s, ctx_year, found in zip(sents, years, found_in, strict=True):
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
            if implicit and home_org is not None and coref.speaks_for_org(s.canon):
                implicit.setdefault(home_org, REF_PRONOUN)
            people_here = [eid for eid in explicit if entities[eid]["kind"] == "person"]
            if (
                not people_here
                and recent_person
                and s.index - recent_person[1] <= 3
                and coref.continues_person(s.canon)
            ):
                implicit[recent_person[0]] = REF_PRONOUN
            someone = coref.someone_at(s.canon)
            if someone >= 0 and all(explicit[e] > someone for e in people_here):
                # 有一位米粉将他的购物单据…送给了雷军: a later 他 is that fan, not 雷军
                recent_person = None
            elif people_here:
                # The one a later 他/她 means: the first named, unless another is what 是 introduces
                # (…一致行动人的是杨惠仙。她今年39岁…).
                focus = [e for e in people_here if s.canon[max(0, explicit[e] - 2) : explicit[e]] == "的是"]
                recent_person = (min(focus or people_here, key=lambda e: explicit[e]), s.index)
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


# A name, a title, then a person: the name qualifies the person (嘉楠科技创始人张楠赓, 华为的CEO…).
_ROLE_ALT = "|".join(re.escape(r) for r in sorted({*lx.PROFILE_ROLES, *lx.ROLE_WORDS}, key=len, reverse=True))
_QUALIFIES = re.compile(rf"\s*(?:的)?\s*(?:{_ROLE_ALT})(?:(?:兼|、|及)(?:{_ROLE_ALT}))*\s*$")
_QUALIFIED = re.compile(rf"^[^，。；]{{1,16}}?(?:{_ROLE_ALT})\s*$")
# A leading time or place clause before the subject (2015年，…; 在深圳，…).
# A leading time or source clause before the subject, up to two (投资界-天天IPO消息，今日（3月22日），…).
_LEADING_CLAUSE = re.compile(
    r"^(?:[^，。；“”]{0,16}?(?:年|月|日|后|时|前|中|消息|报道|获悉|）|\))[，,]\s*){0,2}"
)
_GENERIC_ANSWER = {"答", "a", "A", "回答", "受访者"}


def fact_key(canon: str) -> str:
    return re.sub(r"[\W_]+", "", canon)


def build_index(
    paths: list[Path] | None = None,
    index: Path | None = None,
    progress: Callable | None = None,
    keep_previous: bool = True,
    rebuild: bool = False,
    wait_message: Callable[[str], None] | None = None,
) -> IngestReport:
    """Bring the index up to date with `paths`: new, changed and removed files are applied in ONE
    transaction that touches only their articles and the entities they mention (`rebuild` recomputes
    everything). Raises NoArticles when nothing could be indexed, NotOurs when `index` is not ours."""
    settings = load_settings()
    index = index or settings.index_path
    paths = paths or [settings.seeds_dir]
    report = IngestReport()
    check_path(index)  # a stranger's file: refused before even a lock file appears beside it
    with writer_lock(index, wait_message):
        state = check_path(index)  # before reading anything: never work towards overwriting a stranger
        if state == "corrupt":
            moved = move_aside(index)
            report.notes.append((str(index), f"index was corrupt; moved aside to {moved.name}, rebuilding"))
            state = "missing"
        if state == "old":
            report.notes.append((str(index), "index of an older schema: rebuilt in the current one"))
        # Made by other extraction code: every article whose file is still there is read again.
        reextract = state == "stale"
        if reextract:
            report.notes.append((str(index), "index made by another factbot version: articles re-read"))
            rebuild, state = True, "ours"
        if state == "ours":
            conn = connect_writer(index)
            stored = {
                r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT id, sha, path, title FROM articles")
            }
            # Unchanged files are recognised by their hash alone; their stored extraction is not even read.
            cache = {
                sha: {"id": aid, "sha": sha, "path": p, "title": t, "notes": [], "stored": True}
                for aid, (sha, p, t) in stored.items()
            }
        else:
            conn = None
            stored = {}
            cache = {a["sha"]: a for a in _old_articles(index)} if state == "old" else {}
        files = collect_files(paths, report)
        kept: set[str] = set()
        if keep_previous:
            # Articles of the index whose files still exist stay; a removed file takes its facts along.
            # Files outside the given paths are not read again (that is what makes adding one file cheap).
            given = {os.path.abspath(f) for f in files}
            for art in cache.values():
                if os.path.abspath(art["path"]) not in given and os.path.exists(art["path"]):
                    if art.get("stored") and not reextract:
                        kept.add(art["id"])
                    else:
                        files.append(Path(art["path"]))
        if reextract:
            cache = {}
        articles = read_all(files, cache, report, progress, settings.limit("max_file_bytes", 8_000_000))
        if not articles and not kept:
            if conn is not None:
                conn.close()
            raise NoArticles("no article could be indexed", report.skipped)
        if conn is None:
            _fresh_index(index, [a for a in articles])
            conn = connect_writer(index)
        else:
            try:
                _update_index(conn, articles, stored, rebuild, kept)
            except BaseException:
                conn.close()
                raise
        report.articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        report.entities = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
        report.facts = conn.execute("SELECT count(*) FROM facts").fetchone()[0]
        conn.close()
    return report


def _old_articles(index: Path) -> list[dict]:
    """Articles of an index in an older schema, with their extraction, so a migration re-reads nothing."""
    from bot.store.db import cached_articles

    return list(cached_articles(index).values())


def _fresh_index(index: Path, articles: list[dict]) -> None:
    """A new index (or one replacing an older schema): built in a side file and renamed into place."""
    tmp = index.with_name(f".{index.name}.build")
    create_fresh(tmp)
    conn = connect_writer(tmp)
    try:
        conn.execute("BEGIN IMMEDIATE")
        _apply(conn, [_full(conn, a) for a in articles], set())
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    for suffix in ("-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    os.replace(tmp, index)


def _full(conn, art: dict) -> dict:
    if art.get("stored"):
        return load_articles(conn, "WHERE id=?", (art["id"],))[art["id"]] | {"path": art["path"]}
    return art


def _update_index(
    conn, articles: list[dict], stored: dict[str, tuple], rebuild: bool, kept: set[str] = frozenset()
) -> None:
    """One transaction: the difference between what is stored and what was read."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        gen = int(conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]) + 1
        changed: set[int] = {-1}  # -1: everything (readers reload all names)
        if rebuild:
            full = {a["id"]: a for a in load_articles(conn).values()}
            articles = articles + [
                {"id": aid, "path": stored[aid][1], "stored": True} for aid in sorted(kept) if aid in stored
            ]
            for t in (
                "articles",
                "sentences",
                "entities",
                "entity_keys",
                "extractions",
                "aliases",
                "raw_facts",
                "raw_fact_entities",
                "facts",
                "fact_raw",
                "fact_sources",
                "fact_entities",
                "mentions",
                "profile",
            ):
                conn.execute(f"DELETE FROM {t}")
            conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES('delete-all')")
            conn.execute("UPDATE meta SET value='1' WHERE key='next_entity'")
            added = [full[a["id"]] | {"path": a["path"]} if a.get("stored") else a for a in articles]
            _apply(conn, added, set())
        else:
            read_ids = {a["id"] for a in articles}
            removed = set(stored) - read_ids - set(kept)
            added = [a for a in articles if not a.get("stored") and a["id"] not in stored]
            for a in articles:  # the same content under a new name: only the path changes
                if a["id"] in stored and stored[a["id"]][1] != a["path"]:
                    conn.execute("UPDATE articles SET path=? WHERE id=?", (a["path"], a["id"]))
            changed = _apply(conn, added, removed) if added or removed else set()
        conn.execute("UPDATE meta SET value=? WHERE key='generation'", (str(gen),))
        set_pipeline(conn)
        # Which entities this commit changed, so a running bot reloads only those names.
        # (0, no entity, marks a commit that changed none, so readers can tell the log is complete.)
        conn.executemany("INSERT INTO entity_log VALUES (?,?)", [(gen, e) for e in sorted(changed or {0})])
        conn.execute("DELETE FROM entity_log WHERE generation < ?", (gen - 1000,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# ---- the incremental update --------------------------------------------------------------------------
#
# Every update, the full build included, runs through `_apply`: (1) article rows; (2) the entity groups
# the changed articles' names touch are merged again from all their contributing articles (stable ids);
# (3) mentions and per-sentence facts are recomputed for the articles that mention those entities or
# contain their new names; (4) merged facts, scores and profiles are recomputed for the entities whose
# facts changed. A full rebuild is the same with every article "added", so both give the same index.


def _entity_keys(name: str, aliases: dict[str, str] | list[str], person: bool) -> set[str]:
    keys = {name_key(name)} | {name_key(a) for a in aliases}
    if not person:
        keys |= {strip_legal_suffix(k) for k in keys}
    return {f"{int(person)}:{k}" for k in keys if k}


def _chunks(items: list, n: int = 500):
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _ids_in(conn, sql: str, values) -> set:
    """`sql` with one `{}` for an IN list, run over `values` in chunks; the first column as a set."""
    out: set = set()
    values = list(values)
    for part in _chunks(values):
        out |= {r[0] for r in conn.execute(sql.format(",".join("?" * len(part))), part)}
    return out


def _rows_in(conn, sql: str, values) -> list:
    out: list = []
    values = list(values)
    for part in _chunks(values):
        out += conn.execute(sql.format(",".join("?" * len(part))), part).fetchall()
    return out


def _apply(conn, added: list[dict], removed: set[str]) -> set[int]:
    """Returns the ids of the entities whose names, aliases or counts changed."""
    added_ids = {a["id"] for a in added}
    gone = set(removed) | _ids_in(conn, "SELECT id FROM articles WHERE id IN ({})", added_ids)
    # (1) articles and their sentences (and the full-text index) ---------------------------------------
    touched = _ids_in(conn, "SELECT entity_id FROM extractions WHERE article_id IN ({})", gone)
    for aid in gone:
        conn.execute(
            "INSERT INTO sentences_fts(sentences_fts, rowid, canon) "
            "SELECT 'delete', rowid, canon FROM sentences WHERE article_id=?",
            (aid,),
        )
        for t in ("sentences", "extractions"):
            conn.execute(f"DELETE FROM {t} WHERE article_id=?", (aid,))
        conn.execute("DELETE FROM articles WHERE id=?", (aid,))
    for art in added:
        _insert_article(conn, art)
    # (2) merge the touched entity groups again ---------------------------------------------------------
    new_keys = {
        k
        for a in added
        for n, e in a["extracted"].items()
        for k in _entity_keys(n, e["aliases"], e["kind"] == "person")
    }
    touched |= _ids_in(conn, "SELECT entity_id FROM entity_keys WHERE key IN ({})", new_keys)
    merged, contributions = _merge_touched(conn, added, touched)
    old = _load_entities(conn, touched)
    ids = _stable_ids(conn, merged, touched)
    entities = {ids[i]: {**e, "id": ids[i]} for i, e in merged.items()}
    for eid in touched:
        for t, col in (
            ("entities", "id"),
            ("entity_keys", "entity_id"),
            ("extractions", "entity_id"),
            ("aliases", "entity_id"),
        ):
            conn.execute(f"DELETE FROM {t} WHERE {col}=?", (eid,))
    conn.executemany(
        "INSERT INTO extractions VALUES (?,?,?)", [(aid, n, ids[i]) for aid, n, i in contributions]
    )
    for eid, e in entities.items():
        conn.execute(
            "INSERT INTO entities VALUES (?,?,?,?,?,?,?)",
            (eid, e["name"], e["kind"], 0, e["score"], "", json.dumps(e["aliases"], ensure_ascii=False)),
        )
        conn.executemany(
            "INSERT INTO entity_keys VALUES (?,?)",
            [(k, eid) for k in sorted(_entity_keys(e["name"], e["aliases"], e["kind"] == "person"))],
        )
        _write_aliases(conn, eid, e, "")
    # (3) mentions and per-sentence facts of the articles these names can appear in --------------------
    old_simps = {to_simplified(n) for e in old.values() for n in [e["name"], *e["aliases"]]}
    new_simps = {to_simplified(n) for e in entities.values() for n in [e["name"], *e["aliases"]]} - old_simps
    redo = set(added_ids)
    redo |= _ids_in(conn, "SELECT article_id FROM mentions WHERE entity_id IN ({})", touched)
    redo |= _ids_in(
        conn,
        "SELECT r.article_id FROM raw_fact_entities x JOIN raw_facts r ON r.id = x.raw_id WHERE x.entity_id IN ({})",
        touched,
    )
    redo |= _articles_containing(conn, new_simps, redo)
    redo -= set(removed)
    clear = redo | gone
    old_raw = _ids_in(conn, "SELECT id FROM raw_facts WHERE article_id IN ({})", clear)
    affected = set(touched) | set(entities)
    affected |= _ids_in(conn, "SELECT entity_id FROM raw_fact_entities WHERE raw_id IN ({})", old_raw)
    counted = _ids_in(conn, "SELECT entity_id FROM mentions WHERE article_id IN ({})", clear)
    stale = _ids_in(conn, "SELECT fact_id FROM fact_raw WHERE raw_id IN ({})", old_raw)  # merged from them
    for part in _chunks(sorted(old_raw)):
        marks = ",".join("?" * len(part))
        conn.execute(f"DELETE FROM raw_fact_entities WHERE raw_id IN ({marks})", part)
        conn.execute(f"DELETE FROM raw_facts WHERE id IN ({marks})", part)
    for part in _chunks(sorted(clear)):
        conn.execute(f"DELETE FROM mentions WHERE article_id IN ({','.join('?' * len(part))})", part)
    in_memory = {a["id"]: a for a in added}
    redo_arts = [in_memory.get(aid) for aid in sorted(redo)]
    missing = [aid for aid, a in zip(sorted(redo), redo_arts, strict=True) if a is None]
    loaded = {}
    for part in _chunks(missing):
        loaded |= load_articles(conn, f"WHERE id IN ({','.join('?' * len(part))})", tuple(part))
    redo_arts = [a if a is not None else loaded[aid] for aid, a in zip(sorted(redo), redo_arts, strict=True)]
    candidates = _candidates(conn, redo_arts)
    facts, mentions = build_facts(redo_arts, _load_entities(conn, candidates))
    conn.executemany("INSERT INTO mentions VALUES (?,?,?)", mentions)
    new_raws: set[int] = set()
    for f in facts:
        new_raws.add(insert_raw_fact(conn, f))
        affected |= set(f.entities)
    # (4) merged facts, their scores and the profiles of the entities whose facts changed --------------
    counted |= {eid for eid, _, _ in mentions} | set(entities)
    _refresh_counts(conn, counted - (set(touched) - set(entities)))
    _merge_facts(conn, affected, stale, set(touched) | set(entities), new_raws)
    return set(touched) | set(entities) | counted


def _insert_article(conn, art: dict) -> None:
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
    for s in art["sentences"]:
        cur = conn.execute(
            "INSERT INTO sentences VALUES (?,?,?,?,?,?,?,?,?,?)",
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
            ),
        )
        conn.execute("INSERT INTO sentences_fts(rowid, canon) VALUES (?,?)", (cur.lastrowid, s["canon"]))


def _merge_touched(
    conn, added: list[dict], touched: set[int]
) -> tuple[dict[int, dict], list[tuple[str, str, int]]]:
    """merge_entities over the names that make up the touched groups, from every article contributing
    to them, plus the added articles; widened until no merged group reaches an untouched entity."""
    while True:
        rows = _rows_in(conn, "SELECT article_id, name FROM extractions WHERE entity_id IN ({})", touched)
        names: dict[str, set[str]] = defaultdict(set)
        for aid, n in rows:
            names[aid].add(n)
        pseudo = [a for a in added]
        extracted = {
            aid: json.loads(x)
            for aid, x in _rows_in(conn, "SELECT id, extracted FROM articles WHERE id IN ({})", sorted(names))
        }
        added_ids = {a["id"] for a in added}
        for aid in sorted(names):
            if aid in added_ids or aid not in extracted:
                continue
            pseudo.append(
                {"id": aid, "extracted": {n: e for n, e in extracted[aid].items() if n in names[aid]}}
            )
        merged = merge_entities(pseudo) if pseudo else {}
        keys = {
            k for e in merged.values() for k in _entity_keys(e["name"], e["aliases"], e["kind"] == "person")
        }
        more = _ids_in(conn, "SELECT entity_id FROM entity_keys WHERE key IN ({})", keys) - touched
        if not more:
            break
        touched |= more
    by_key = {
        k: i for i, e in merged.items() for k in _entity_keys(e["name"], e["aliases"], e["kind"] == "person")
    }
    contributions = []
    for art in pseudo:
        for n, e in art["extracted"].items():
            i = by_key.get(f"{int(e['kind'] == 'person')}:{name_key(n)}")
            if i is not None:
                contributions.append((art["id"], n, i))
    return merged, contributions


def _stable_ids(conn, merged: dict[int, dict], touched: set[int]) -> dict[int, int]:
    """A merged group keeps the id of the old group it shares most keys with; new groups get new ids."""
    old_keys: dict[str, set[int]] = defaultdict(set)
    for k, eid in _rows_in(conn, "SELECT key, entity_id FROM entity_keys WHERE entity_id IN ({})", touched):
        old_keys[k].add(eid)
    nxt = int(conn.execute("SELECT value FROM meta WHERE key='next_entity'").fetchone()[0])
    taken: set[int] = set()
    out: dict[int, int] = {}
    for i in sorted(merged, key=lambda i: (-merged[i]["score"], merged[i]["name"])):
        e = merged[i]
        votes = Counter(
            eid
            for k in _entity_keys(e["name"], e["aliases"], e["kind"] == "person")
            for eid in old_keys.get(k, ())
        )
        best = [eid for eid, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if eid not in taken]
        if best:
            out[i] = best[0]
        else:
            out[i] = nxt
            nxt += 1
        taken.add(out[i])
    conn.execute("UPDATE meta SET value=? WHERE key='next_entity'", (str(nxt),))
    return out


def _load_entities(conn, ids) -> dict[int, dict]:
    return {
        eid: {"id": eid, "name": name, "kind": kind, "score": score, "aliases": json.loads(al)}
        for eid, name, kind, score, al in _rows_in(
            conn, "SELECT id, name, kind, score, aliases_json FROM entities WHERE id IN ({})", ids
        )
    }


def _write_aliases(conn, eid: int, e: dict, trad: str) -> None:
    rows = [(e["name"], "name")] + list(e["aliases"].items())
    if trad and trad != e["name"]:
        rows.append((trad, "traditional"))
    seen = set()
    out = []
    for alias, typ in rows:
        if alias in seen:
            continue
        seen.add(alias)
        key = name_key(alias)
        simp = to_simplified(alias)
        out.append((eid, alias, typ, key, pinyin_key(alias), initials_key(alias), simp))
        surname = lx.SURNAME_READINGS.get(key[:1]) if e["kind"] == "person" else None
        if surname and typ in ("name", "traditional"):
            # Also the surname's own reading: 曾毓群 answers to zeng yuqun as well as ceng yuqun.
            out.append((eid, alias, typ, key, surname + pinyin_key(alias[1:]), "", simp))
        short = strip_legal_suffix(key)
        if short != key:
            out.append((eid, alias, typ, short, pinyin_key(short), "", simp))
    conn.executemany("INSERT INTO aliases VALUES (?,?,?,?,?,?,?)", out)


def _articles_containing(conn, simps: set[str], skip: set[str]) -> set[str]:
    """Stored articles whose sentences contain one of these names (a new name or alias can make an
    old article mention an entity). Trigram full-text search for 3+ characters, a scan for shorter."""
    out: set[str] = set()
    short = sorted(s for s in simps if len(s) < 3 and len(s) >= 2)
    long = sorted(s for s in simps if len(s) >= 3)
    if len(long) + len(short) > 40:
        # Many new names (a bulk ingest): one pass over the other articles' sentences beats many queries.
        pattern = re.compile(
            "|".join(re.escape(s) for s in sorted(simps, key=len, reverse=True) if len(s) >= 2)
        )
        for aid, canon in conn.execute("SELECT article_id, canon FROM sentences"):
            if aid not in skip and aid not in out and pattern.search(canon):
                out.add(aid)
        return out
    for s in long:
        out |= {
            r[0]
            for r in conn.execute(
                "SELECT s.article_id FROM sentences_fts f JOIN sentences s ON s.rowid = f.rowid "
                "WHERE sentences_fts MATCH ?",
                (fts_literal(s),),
            )
        }
    for s in short:
        out |= {
            r[0]
            for r in conn.execute("SELECT DISTINCT article_id FROM sentences WHERE instr(canon, ?) > 0", (s,))
        }
    return out - skip


def _candidates(conn, articles: list[dict]) -> set[int]:
    """Entities with a name that occurs in these articles' sentences (or speaks in them): every entity
    build_facts could find there, so it sees exactly what it would see over the whole index."""
    longest = min(40, conn.execute("SELECT max(length(simp)) FROM aliases").fetchone()[0] or 2)
    texts = [s["canon"] for art in articles for s in art["sentences"]]
    speakers = {to_simplified(s["speaker"]) for art in articles for s in art["sentences"] if s.get("speaker")}
    if sum(len(t) for t in texts) * longest > 200_000:
        # Many articles (a bulk ingest): test every known name against them in memory.
        simps = {r[0] for r in conn.execute("SELECT DISTINCT simp FROM aliases") if r[0] and len(r[0]) >= 2}
        lengths = sorted({len(x) for x in simps})
        found = speakers & simps
        for canon in texts:
            n = len(canon)
            for i in range(n - 1):
                for L in lengths:
                    if i + L > n:
                        break
                    if canon[i : i + L] in simps:
                        found.add(canon[i : i + L])
        return _ids_in(conn, "SELECT entity_id FROM aliases WHERE simp IN ({})", found)
    # A few articles: look their substrings up in the index (cost independent of the corpus size).
    subs = set(speakers)
    for canon in texts:
        n = len(canon)
        for i in range(n - 1):
            for j in range(i + 2, min(n, i + longest) + 1):
                subs.add(canon[i:j])
    return _ids_in(conn, "SELECT DISTINCT entity_id FROM aliases WHERE simp IN ({})", subs)


def _refresh_counts(conn, ids: set[int]) -> None:
    """Mention counts and Traditional forms of the entities whose mentions changed. (The old
    `_traditional_forms` searched every article for the converted name, but its answer was always
    that conversion: now it is computed once per changed entity.)"""
    for eid, e in _load_entities(conn, ids).items():
        count = conn.execute("SELECT count(*) FROM mentions WHERE entity_id=?", (eid,)).fetchone()[0]
        # OpenCC converts the name as a whole word (阿里巴巴, not 阿裡巴巴 character by character).
        trad = to_traditional(to_simplified(e["name"]))
        conn.execute("UPDATE entities SET mentions=?, traditional=? WHERE id=?", (count, trad, eid))
        conn.execute("DELETE FROM aliases WHERE entity_id=?", (eid,))
        _write_aliases(conn, eid, e, trad)


HUB_FACTS = 500  # an entity in more per-sentence facts than this is a hub (see _merge_facts)


def _merge_facts(
    conn,
    affected: set[int],
    stale: set[int],
    renamed: set[int] = frozenset(),
    new_raws: set[int] = frozenset(),
) -> None:
    """Near-identical facts become one fact with several sources; recomputed for every stored
    per-sentence fact about an affected entity (and whatever shares a merged fact with them).

    A hub — an entity in more than HUB_FACTS sentences' facts, named in a good part of the corpus —
    is not reloaded whole when an article merely adds facts about it: only the merged facts the
    change touches are redone, and its profile waits for `ingest --rebuild` (otherwise every update
    would cost as much as the hub is large)."""
    counts = dict(
        _rows_in(
            conn,
            "SELECT entity_id, count(*) FROM raw_fact_entities WHERE entity_id IN ({}) GROUP BY entity_id",
            affected,
        )
    )
    affected = {e for e in affected if counts.get(e, 0) <= HUB_FACTS or e in renamed}
    raw = _ids_in(conn, "SELECT raw_id FROM raw_fact_entities WHERE entity_id IN ({})", affected)
    raw |= new_raws
    raw |= _ids_in(conn, "SELECT raw_id FROM fact_raw WHERE fact_id IN ({})", stale)
    raw &= _ids_in(conn, "SELECT id FROM raw_facts WHERE id IN ({})", raw)  # not the deleted ones
    for _ in range(6):  # close over equal keys and previous merged rows
        more = _ids_in(
            conn,
            "SELECT r2.id FROM raw_facts r1 JOIN raw_facts r2 ON r2.key = r1.key WHERE r1.id IN ({})",
            raw,
        )
        more |= _ids_in(
            conn,
            "SELECT b.raw_id FROM fact_raw a JOIN fact_raw b ON b.fact_id = a.fact_id WHERE a.raw_id IN ({})",
            raw,
        )
        more -= raw
        if not more:
            break
        raw |= more
    old_rows = _ids_in(conn, "SELECT fact_id FROM fact_raw WHERE raw_id IN ({})", raw) | stale
    old_ids = {k: fid for fid, k in _rows_in(conn, "SELECT id, key FROM facts WHERE id IN ({})", old_rows)}
    nxt = (conn.execute("SELECT max(id) FROM facts").fetchone()[0] or 0) + 1
    for part in _chunks(sorted(old_rows)):
        marks = ",".join("?" * len(part))
        for t, col in (
            ("facts", "id"),
            ("fact_raw", "fact_id"),
            ("fact_sources", "fact_id"),
            ("fact_entities", "fact_id"),
        ):
            conn.execute(f"DELETE FROM {t} WHERE {col} IN ({marks})", part)
    for part in _chunks(sorted(affected)):
        conn.execute(f"DELETE FROM profile WHERE entity_id IN ({','.join('?' * len(part))})", part)
    rows = _rows_in(
        conn,
        "SELECT r.id, r.article_id, r.sentence_idx, r.text, r.canon, r.type, r.year, r.date, r.key, r.entities, "
        "a.path FROM raw_facts r JOIN articles a ON a.id = r.article_id WHERE r.id IN ({})",
        raw,
    )
    # In the order a full build reads them (by file path), so increments and rebuilds merge alike.
    rows.sort(key=lambda r: (r[10], r[1], r[2], r[0]))
    facts: list[tuple[int, Fact, str]] = []
    for rid, aid, idx, text, canon, typ, year, date, key, ents, _ in rows:
        f = Fact(aid, idx, text, canon, typ, year, date or "")
        f.entities = {int(k): v for k, v in json.loads(ents).items()}
        facts.append((rid, f, key))
    people = {e for _, f, _ in facts for e in f.entities}
    entities = _load_entities(conn, people)
    _fill_facts(conn, entities, facts, affected, old_ids, nxt)


def _fill_facts(
    conn,
    entities: dict[int, dict],
    facts: list[tuple[int, Fact, str]],
    affected: set[int],
    old_ids: dict[str, int],
    next_id: int,
) -> None:
    # Near-identical facts from several articles become one fact with several sources.
    by_key: dict[str, int] = {}
    fact_rows: list[Fact] = []
    row_keys: list[str] = []
    row_raws: list[list[int]] = []
    sources: dict[int, list[tuple[str, int]]] = defaultdict(list)
    by_entity: dict[int, list[int]] = defaultdict(list)  # entity -> row numbers, for near-duplicates
    row_of: list[int] = []  # each extracted fact's row (near twins share one row, not their dates)
    for rid, f0, k in facts:
        f = Fact(f0.article, f0.sentence, f0.text, f0.canon, f0.type, f0.year, f0.date, dict(f0.entities))
        # A quote attributed only by who speaks stays with its article (the key says so).
        if k not in by_key and REF_NAMED in f.entities.values():
            twin = _near_twin(k, f, fact_rows, row_keys, by_entity, sources)
            if twin is not None:
                by_key[k] = twin
        if k not in by_key:
            by_key[k] = len(fact_rows) + 1
            fact_rows.append(f)
            row_keys.append(k)
            row_raws.append([])
        fid = by_key[k]
        row_of.append(fid)
        row_raws[fid - 1].append(rid)
        for eid in f.entities:
            if fid not in by_entity[eid]:
                by_entity[eid].append(fid)
        if (f.article, f.sentence) not in sources[fid]:
            sources[fid].append((f.article, f.sentence))
        for eid, exp in f.entities.items():
            fact_rows[fid - 1].entities[eid] = max(fact_rows[fid - 1].entities.get(eid, REF_SPEAKER), exp)
    simp_names: dict[int, str] = {}

    def _simp(eid: int) -> str:
        if eid not in simp_names:
            simp_names[eid] = to_simplified(entities[eid]["name"])
        return simp_names[eid]

    # Stable fact ids: a merged fact keeps its id when its key survives (profile sources cite them).
    fact_ids: list[int] = []
    for k in row_keys:
        if k in old_ids:
            fact_ids.append(old_ids[k])
        else:
            fact_ids.append(next_id)
            next_id += 1
    for n, f in enumerate(fact_rows, 1):
        fid = fact_ids[n - 1]
        conn.execute(
            "INSERT INTO facts VALUES (?,?,?,?,?,?,?)",
            (fid, f.text, f.canon, f.type, f.year, f.date, row_keys[n - 1]),
        )
        conn.executemany("INSERT INTO fact_raw VALUES (?,?)", [(fid, r) for r in row_raws[n - 1]])
        conn.executemany("INSERT INTO fact_sources VALUES (?,?,?)", [(fid, a, s) for a, s in sources[n]])
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
            # 瑞尔集团创始人邹其芳出生于1953年: the organisation only qualifies the person after it, who
            # is the subject; the person counts as named first.
            here = to_simplified(name)
            at = f.canon.find(here) if here else -1
            qualifies = at >= 0 and any(
                _QUALIFIES.match(f.canon, at + len(here), p)
                for o in f.entities
                if o != eid and entities[o]["kind"] == "person" and (p := f.canon.find(_simp(o))) > at
            )
            if not at_start and at >= 0 and entities[eid]["kind"] == "person":
                at_start = bool(_QUALIFIED.search(f.canon[max(0, lead) : at])) and at - lead <= 24
            at_start = at_start and not qualifies
            if exp == REF_PRONOUN and at < 0 and not coref.speaks_for_org(f.canon):
                at_start = True  # 其估值已达到500亿美元, 他随后创立了…: the one referred to is the subject
            kind = entities[eid]["kind"]
            score = fact_strength(f.type, exp, at_start, f.year, len(f.canon), len(sources[n]), kind, f.canon)
            # Someone else named at the start is the sentence's subject (simplified names computed once).
            first = min(
                (i for o in f.entities if o != eid and (i := f.canon.find(_simp(o))) >= 0), default=-1
            )
            others_first = 0 <= first - lead <= 4
            if kind != "person" and not at_start and coref.continues_person(f.canon):
                others_first = True  # 他6年来买了价值35万元的小米产品: a person is the subject
            score += aboutness(f.canon, here, exp, at_start, others_first or qualifies, f.type, bool(f.date))
            if qualifies:
                score -= 1.0
            if at >= 0 and coref.is_comparison(f.canon, at):
                score -= 2.0  # 与大洋彼岸的“教主”马斯克…: a comparison says nothing about him
            score += informativeness(f.canon)
            conn.execute("INSERT INTO fact_entities VALUES (?,?,?,?)", (fid, eid, exp, score))
    ents_for_profile = {
        eid: {**e, "aliases_simplified": [to_simplified(a) for a in e["aliases"]]}
        for eid, e in entities.items()
    }
    # Every article's own sentence, so that two articles disagreeing on a date both count.
    own = [f0 for _, f0, _ in facts]
    own += statements_in_questions(conn, ents_for_profile, own)  # p10: founding dates stated in questions
    profiles = ProfileBuilder(ents_for_profile, own).build()
    # One row per typed value: display text, the linked entity, its parts (JSON) and its facts.
    for eid, values in profiles.items():
        if eid not in affected:
            continue  # its other facts were not loaded: its profile stays as it was
        for order, v in enumerate(values):
            conn.execute(
                "INSERT INTO profile VALUES (?,?,?,?,?,?,?)",
                (
                    eid,
                    v.field,
                    v.text,
                    json.dumps(
                        {
                            "facts": sorted({fact_ids[row_of[i] - 1] for i in v.sources if i < len(row_of)}),
                            "articles": sorted({own[i].article for i in v.sources}),
                        }
                    ),
                    order,
                    v.entity,
                    json.dumps(v.parts, ensure_ascii=False),
                ),
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


def insert_raw_fact(conn, f: Fact) -> int:
    """One article's fact for one sentence; a quote known only by its speaker keeps its article in the key."""
    k = fact_key(f.canon) if any(f.entities.values()) else f"{f.article}:{fact_key(f.canon)}"
    cur = conn.execute(
        "INSERT INTO raw_facts (article_id, sentence_idx, text, canon, type, year, date, key, entities) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        (f.article, f.sentence, f.text, f.canon, f.type, f.year, f.date, k, json.dumps(f.entities)),
    )
    conn.executemany("INSERT INTO raw_fact_entities VALUES (?,?)", [(cur.lastrowid, e) for e in f.entities])
    return cur.lastrowid
