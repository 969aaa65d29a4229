"""One file in a worker process: read, clean, segment, extract -> an `Article` (or a `FileFailure`)."""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from pathlib import Path

from bot import lexicon as lx
from bot.discover import new_words
from bot.errors import ReadError
from bot.extract import extract_entities
from bot.facts import Fact
from bot.model import Article, Entity, Extraction, FileFailure
from bot.normalize import pinyin_key, to_traditional
from bot.pool import FILE_SECONDS, run_pool
from bot.read import read_article
from bot.read.clean import clean_text
from bot.segment import interview_labels, segment_text, segmenter
from bot.settings import load_settings

_LABEL = re.compile(lx.pattern_text("ingest", "interview_label"), re.M)  # bot/data/patterns/ingest.txt
_AUTHOR_KEYS = tuple(lx.pattern_text("ingest", "author_bylines").split("|"))


def warm(files: int = 0) -> None:
    """Load jieba and the dictionaries once, before worker processes fork, so they share them; for a bulk
    ingest (`files` to read) the NER model too, which each worker would otherwise load on its own."""
    from bot.extract import ner
    from bot.read import clean

    segmenter()
    if files >= ner.PRELOAD_FILES:
        ner.preload()
    lx.dictionary_tags()
    clean._dictionary()
    pinyin_key(lx.word("company"))  # pypinyin loads its dictionaries on first use
    to_traditional(lx.word("company"))  # and OpenCC its s2t tables


def process_file(path: str, max_bytes: int, data: bytes | None = None) -> Article | FileFailure:
    """Read, clean, segment and extract one article. Runs in a worker process.

    Never raises: whatever goes wrong with this one file becomes its FileFailure.
    """
    try:
        return _process_file(path, max_bytes, data)
    except ReadError as exc:
        return FileFailure(path, str(exc))
    except RecursionError:
        return FileFailure(path, "failed (nested too deeply)")
    except MemoryError:
        return FileFailure(path, "failed (out of memory)")
    except Exception as exc:  # noqa: BLE001 - isolation: one bad file never stops the ingest
        return FileFailure(path, f"failed ({exc.__class__.__name__}: {str(exc)[:80]})")


def _process_file(path: str, max_bytes: int, data: bytes | None) -> Article | FileFailure:
    art = read_article(Path(path), max_bytes=max_bytes, data=data)
    cleaned = clean_text(art.text)
    if not cleaned.text.strip():
        return FileFailure(path, "nothing left after cleaning")
    sentences = segment_text(cleaned.text)
    words = new_words([s.canon for s in sentences if not s.heading])
    found = extract_entities(sentences, segmenter(), words=words)
    art = Article(
        id=art.id,
        path=path,
        sha=art.sha,
        title=art.title or cleaned.headline or _title_from(sentences),
        date=art.date or cleaned.date,
        author=art.author or _author(cleaned.bylines),
        outlet=art.outlet or cleaned.outlet or _questions_label(cleaned.text),
        source_url=art.source_url or cleaned.source_url,
        encoding=art.encoding,
        text=cleaned.text,
        notes=tuple(art.notes),
        sentences=tuple(sentences),
        extracted={n: Extraction(f.kind, f.score, f.aliases) for n, f in found.items()},
    )
    rehearse_relations(art)
    return art


def rehearse_relations(art: Article) -> None:
    """The relation rules over this article's sentences and names, here in the worker and within the
    file's time limit: a sentence that makes a rule run away stops this file, not the whole update in the
    ingesting process (the bot's, for an upload). The update runs the rules again with the corpus's
    names (`update.merge_facts`); what they find here is dropped."""
    from bot.corpus.entities import merge_entities
    from bot.corpus.mentions import build_facts
    from bot.relations.profile import ProfileBuilder

    from .update import profile_records

    entities = merge_entities([art.extracted])
    facts, _ = build_facts([art], entities)
    ProfileBuilder(profile_records(entities), facts).build()


# Where the update notes an article whose facts were left out (set by `build_index` to its report's notes).
NOTES: ContextVar[list[tuple[str, str]] | None] = ContextVar("NOTES", default=None)

# The facts being rehearsed, by article, and their entities as the rules read them: set in the ingesting
# process just before the workers fork, so they inherit it instead of receiving it through a pipe.
_REHEARSAL: tuple[dict[str, list[Fact]], dict[int, dict]] = ({}, {})


def rehearsed_facts(
    facts: Sequence[Fact], entities: Mapping[int, Entity], paths: Mapping[str, str]
) -> list[Fact]:
    """The update's per-sentence facts, each article's first run through the relation rules in a worker
    with the corpus's names, within the per-file time limit. The worker's own rehearsal
    (`rehearse_relations`) knew only the article's names; here a sentence that makes a rule run away
    with names another article brought costs that article's facts (left out, noted), never the ingest."""
    from .update import profile_records

    global _REHEARSAL
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_article[f.article].append(f)
    if not by_article:
        return list(facts)
    records = profile_records({e: entities[e] for f in facts for e in f.entities if e in entities})
    seconds = FILE_SECONDS.get()
    if seconds is None:
        seconds = load_settings().limit("file_seconds", 300)
    failed: dict[str, str] = {}

    def done(res: object) -> None:
        if isinstance(res, FileFailure):
            failed[res.path] = res.error

    _REHEARSAL = (by_article, records)
    try:
        tasks = [(aid,) for aid in sorted(by_article)]
        run_pool(_rehearse_article, tasks, min(2, os.cpu_count() or 1), seconds or None, done)
    finally:
        _REHEARSAL = ({}, {})
    notes = NOTES.get()
    for aid, why in sorted(failed.items()):
        if notes is not None:
            notes.append(
                (paths.get(aid, aid), f"relation rules {why} with the corpus's names: facts left out")
            )
    return [f for f in facts if f.article not in failed]


def _rehearse_article(aid: str) -> str:
    """In a worker: the relation rules over one article's facts (their result is dropped)."""
    from bot.relations.profile import ProfileBuilder

    by_article, records = _REHEARSAL
    own = by_article[aid]
    ProfileBuilder({e: records[e] for f in own for e in f.entities if e in records}, own).build()
    return aid


def _author(bylines: dict[str, str]) -> str:
    """The first author byline (in order of preference) the article has."""
    return next((bylines[k] for k in _AUTHOR_KEYS if bylines.get(k)), "")


def _title_from(sentences: list) -> str:
    first = next((s.text for s in sentences if not s.heading), sentences[0].text if sentences else "")
    return first if len(first) <= 30 else first[:28] + "…"


# Labels that ask but name no outlet (记者:, 问:): bot/data/patterns/qa_labels.txt
_NOT_AN_OUTLET = re.compile(lx.pattern_text("qa_labels", "not_an_outlet"))


def _questions_label(text: str) -> str:
    """In a Q&A the interviewer's label is the outlet (硬氪:, 虎嗅:): the label the segmenter reads as the one
    who asks (bot.segment.interview_labels), written three times or more — never the interviewee's
    (任正非:), a caption's (图片来源:), or a role that names no outlet (记者:)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    _answers, questions = interview_labels(lines)
    counts = Counter(m.group(1) for line in lines if (m := _LABEL.match(line)) and m.group(1) in questions)
    best = max(counts, key=lambda k: counts[k], default="")
    return best if counts.get(best, 0) >= 3 and not _NOT_AN_OUTLET.match(best) else ""
