"""One file in a worker process: read, clean, segment, extract -> an `Article` (or a `FileFailure`)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from bot import lexicon as lx
from bot.discover import new_words
from bot.errors import ReadError
from bot.extract import extract_entities
from bot.model import Article, Extraction, FileFailure
from bot.normalize import pinyin_key, to_traditional
from bot.read import read_article
from bot.read.clean import clean_text
from bot.segment import interview_labels, segment_text, segmenter

_LABEL = re.compile(lx.pattern_text("ingest", "interview_label"), re.M)  # bot/data/patterns/ingest.txt
_AUTHOR_KEYS = tuple(lx.pattern_text("ingest", "author_bylines").split("|"))


def warm(files: int = 0) -> None:
    """Load jieba and the dictionaries once, before worker processes fork, so they share them; for a bulk
    ingest (`files` to read) the NER model too, which each worker would otherwise load on its own, and
    what extraction builds on first use (`_first_article`)."""
    from bot.extract import ner
    from bot.read import clean

    segmenter()
    if files >= ner.PRELOAD_FILES:
        ner.preload()
    lx.dictionary_tags()
    clean._dictionary()
    pinyin_key(lx.word("company"))  # pypinyin loads its dictionaries on first use
    to_traditional(lx.word("company"))  # and OpenCC its s2t tables
    if files >= ner.PRELOAD_FILES:
        _first_article(ner.enabled())


@lru_cache(maxsize=2)
def _first_article(with_ner: bool) -> None:
    """One seed article through the whole worker pipeline, here, once per process (and per NER setting):
    what extraction builds on first use - the rules' compiled patterns, the lexicon's caches, the model's
    first run - is then made before the workers fork and shared by all of them, where each new worker of
    each ingest made it again (~0.1-0.2 s per worker: a third of a short article's time). The result is
    dropped; nothing an article's extraction reads is left changed (the tests compare)."""
    from bot.settings import load_settings

    try:
        sizes = {p: p.stat().st_size for p in load_settings().seeds_dir.iterdir() if p.is_file()}
    except OSError:  # no seeds here: the workers warm up on their own first articles, as before
        return
    # Here no worker's time limit guards the read: only an ordinary article (a few KB) serves.
    smallest = min(sorted(sizes), key=lambda p: sizes[p], default=None)
    if smallest is not None and sizes[smallest] <= _WARM_BYTES:
        process_file(str(smallest), _WARM_BYTES)


_WARM_BYTES = 64_000


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
    (韩立舟:), a caption's (图片来源:), or a role that names no outlet (记者:)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    _answers, questions = interview_labels(lines)
    counts = Counter(m.group(1) for line in lines if (m := _LABEL.match(line)) and m.group(1) in questions)
    best = max(counts, key=lambda k: counts[k], default="")
    return best if counts.get(best, 0) >= 3 and not _NOT_AN_OUTLET.match(best) else ""
