"""Typed records that cross stages and the worker pool: frozen and slotted, so a stage cannot add keys on
the way and a record pickles cheaply between processes.

Layer 0: imports nothing of factbot. Mutable working state (an extractor's `Found`, the profile builder's
`Value`, a `Fact` whose references are being filled in) stays with the stage that builds it; what that
stage hands on is one of these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a cleaned article: made by `bot.segment`, read by every later stage."""

    index: int
    paragraph: int
    text: str  # original script, cleaned
    canon: str  # Simplified, for extraction and search
    speaker: str = ""  # canonical name of who speaks (interview answers)
    question: bool = False  # an interviewer's question
    heading: bool = False  # a section heading: context, not a fact
    start: int = -1  # where the sentence stands in the cleaned original text
    end: int = -1

    def original_span(self, canon_start: int, canon_end: int) -> tuple[int, int] | None:
        """Map a span of the canonical (Simplified) sentence back to the original text.

        OpenCC's t2s changes characters, not lengths, for all but rare phrases; when a phrase did
        change length the sentence as a whole is the finest span that can be given.
        """
        if self.start < 0:
            return None
        if len(self.canon) == len(self.text):
            return self.start + canon_start, self.start + canon_end
        return self.start, self.end


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one article says about one name it contains: its kind, how sure, its aliases (alias -> type)."""

    kind: str
    score: float
    aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Article:
    """One read, cleaned, segmented and extracted article: what a worker returns for a good file, and what
    the store gives back for a stored one."""

    id: str
    path: str
    sha: str
    title: str
    date: str
    author: str
    outlet: str
    source_url: str
    encoding: str
    text: str
    notes: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    extracted: Mapping[str, Extraction] = field(default_factory=dict)  # name -> extraction, in found order


@dataclass(frozen=True, slots=True)
class FileFailure:
    """A file a worker could not turn into an article, and why (one line, for the ingest report)."""

    path: str
    error: str


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article already in the index, known by its content hash: unchanged files are not read again."""

    id: str
    sha: str
    path: str
    title: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing after the corpus merge: display name, kind, score, aliases (alias -> type)."""

    id: int
    name: str
    kind: str
    score: float
    aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named (or speaking) in one sentence of one article."""

    entity: int
    article: str
    sentence: int


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An article cited as a source."""

    article: str
    title: str
    outlet: str
    date: str
    url: str


@dataclass(frozen=True, slots=True)
class ProfileValue:
    """One typed value of an entity's profile as the index stores it: display text, the entity it links to,
    its typed parts, and the merged facts and articles that say it."""

    field: str
    text: str
    entity: int | None = None
    parts: Mapping[str, object] = field(default_factory=dict)
    facts: tuple[int, ...] = ()
    articles: tuple[str, ...] = ()
