"""Watching a name: a chat subscribes to an entity, and when an ingest brings articles about it the chat gets
one short digest - which article, the new profile values, the strongest new facts - and never the same one
twice.

What is news is decided by comparison, not by the index's change log: each watched entity's items (its
articles, facts and profile values, by stable id) are kept when it is subscribed and after every digest; an
item not kept before, from an article the entity did not have, is new. A rebuild gives the same ids, so it
brings nothing new; an ingest in another process is seen as soon as the index's generation moves.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer import Answer, entity_answer
from bot.corrections import apply as corrections
from bot.messages import t
from bot.normalize import name_key, to_traditional
from bot.query import resolve
from bot.store.index import Index
from bot.store.watch import Subscription, WatchStore, index_generation, store_path

__all__ = ["Digest", "Section", "Watcher", "from_json", "render", "store_path", "to_json"]

FACTS_PER_SECTION = 3
VALUES_PER_SECTION = 4
SECTIONS_PER_DIGEST = 5


@dataclass
class Section:
    """What is new about one watched entity."""

    entity: int
    name: str
    kind: str
    articles: list[dict]  # the new articles (id, title, outlet, date, url)
    values: list[tuple[str, str]]  # (field, value) new profile values
    facts: list[dict]  # the strongest new facts


@dataclass
class Digest:
    chat_id: int
    generation: int
    lang: str
    sections: list[Section] = field(default_factory=list)


@dataclass
class Pending:
    """A check's result: the digests to post, and what to remember once they are posted."""

    generation: int
    digests: list[Digest]
    items: dict[int, set[str]]


def items(index: Index, eid: int) -> set[str]:
    """An entity's present articles, facts and profile values, as the watch store keeps them."""
    out: set[str] = set()
    for f in index.facts_for(eid, 1000):
        out.add(f"f:{f['id']}")
        out |= {f"a:{s['article']}" for s in f["sources"]}
    for fld, recs in index.profile(eid).items():
        for r in recs:
            out.add(f"p:{fld}:{r['value']}")
            out |= {f"a:{a}" for a in r.get("articles", [])}
    return out


class Watcher:
    """Subscriptions of the chats (bot.store.watch) and the digests they are owed. Thread-safe: the bot
    checks from a job while handlers subscribe."""

    def __init__(self, index_path: Path) -> None:
        self.store = WatchStore(store_path(index_path))
        self._lock = threading.Lock()

    def close(self) -> None:
        self.store.close()

    # ---- subscribing -------------------------------------------------------------------------------
    def watch(self, index: Index, chat_id: int, name: str, lang: str) -> tuple[str, dict | None, list[dict]]:
        """(status, entity, candidates): added | already | not_found | ambiguous."""
        res = resolve(index, name, None)
        cands = [
            {"id": e, "name": index.entities[e].name, "kind": index.entities[e].kind}
            for e, _ in res.candidates
            if e in index.entities
        ]
        if res.status != "found" or res.entity is None:
            return res.status, None, cands
        e = index.entities[res.entity]
        with self._lock:
            added = self.store.add(chat_id, e.id, e.name, lang, items(index, e.id))
        return ("added" if added else "already"), {"id": e.id, "name": e.name, "kind": e.kind}, []

    def unwatch(self, index: Index, chat_id: int, name: str) -> tuple[str, str]:
        """(removed | not_watching, the name as subscribed)."""
        key = name_key(name)
        subs = self.watching(chat_id)
        hit = next((s for s in subs if name_key(s.name) == key), None)
        if hit is None:
            res = resolve(index, name, None)
            hit = next((s for s in subs if res.entity is not None and s.entity_id == res.entity), None)
        if hit is None:
            return "not_watching", name
        with self._lock:
            self.store.remove(chat_id, hit.entity_id)
        return "removed", hit.name

    def watching(self, chat_id: int) -> list[Subscription]:
        with self._lock:
            return self.store.of_chat(chat_id)

    def forget_chat(self, chat_id: int) -> int:
        """A chat that blocked the bot, left or was deleted: its subscriptions go."""
        with self._lock:
            return self.store.remove_chat(chat_id)

    # ---- digests -----------------------------------------------------------------------------------
    def pending(self, index: Index) -> Pending | None:
        """The digests owed since the last generation examined (None when the index has not moved). The
        first check ever only notes the generation: what was there before is not news."""
        corrections.state(index)  # names as the team corrected them (a merge moves a watched name)
        with self._lock:
            gen = index_generation(index.conn)
            last = self.store.generation()
            if last is None:
                self.store.set_generation(gen)
                return None
            if gen == last:
                return None
            by_chat: dict[int, Digest] = {}
            remember: dict[int, set[str]] = {}
            for eid, subs in self.store.watched().items():
                eid = self._current(index, eid, subs)
                if eid is None:
                    continue
                known = self.store.known(eid)
                now = items(index, eid)
                remember[eid] = now
                fresh = {i[2:] for i in now - known if i.startswith("a:")}
                if not fresh:
                    continue
                section = _section(index, eid, fresh, known)
                if section is None:
                    continue
                for s in subs:
                    d = by_chat.setdefault(s.chat_id, Digest(s.chat_id, gen, s.lang))
                    if len(d.sections) < SECTIONS_PER_DIGEST:
                        d.sections.append(section)
            return Pending(gen, [by_chat[c] for c in sorted(by_chat)], remember)

    def posted(self, digest: Digest, at: float) -> None:
        """`digest` went out at `at` (seconds since the epoch): never again, and it counts towards the
        chat's rate limit, across restarts too."""
        with self._lock:
            self.store.posted(digest.chat_id, digest.generation, at)

    def claim(self, digest: Digest) -> bool:
        """Whether this process posts the digest (`WatchStore.claim`: once across replicas)."""
        with self._lock:
            return self.store.claim(digest.chat_id, digest.generation)

    def was_posted(self, digest: Digest) -> bool:
        with self._lock:
            return self.store.was_sent(digest.chat_id, digest.generation)

    def done(self, pending: Pending, waiting: list[Digest] | tuple = ()) -> None:
        """The look is over: its items are known, its generation examined, and `waiting` - the digests
        not yet posted (their chat's rate limit) - stored with the subscriptions, all at once, so that a
        restart posts them (`waiting()`) rather than losing them."""
        rows = [(d.chat_id, d.generation, to_json(d)) for d in waiting]
        with self._lock:
            self.store.examined(pending.generation, pending.items, rows)

    def waiting(self) -> list[Digest]:
        """The digests a previous run left waiting for their chat's rate limit."""
        with self._lock:
            rows = self.store.waiting()
        return [from_json(chat, gen, body) for chat, gen, body in rows]

    def dropped(self, digest: Digest) -> None:
        """Telegram refused the digest for good: it waits no more."""
        with self._lock:
            self.store.drop_waiting(digest.chat_id)

    def posts_since(self, since: float) -> list[tuple[int, float]]:
        """(chat, when) of the digests posted since `since`: the rate limits a restart goes on with."""
        with self._lock:
            return self.store.posts_since(since)

    def _current(self, index: Index, eid: int, subs: list[Subscription]) -> int | None:
        """The watched entity now: the same id, or (merged, renamed) the entity its name resolves to."""
        if eid in index.entities:
            return eid
        res = resolve(index, subs[0].name, None)
        if res.status != "found" or res.entity is None or res.tier not in ("exact", "pinyin"):
            return None
        self.store.rekey(eid, res.entity, index.entities[res.entity].name)
        return res.entity


def _section(index: Index, eid: int, fresh: set[str], known: set[str]) -> Section | None:
    """New articles, profile values and facts of one entity, from the card as readers see it (corrections
    applied, hidden facts left out)."""
    e = index.entities[eid]
    card = entity_answer(index, Answer(query="", command="who", status="found"), eid)
    facts = [
        f
        for f in card.facts
        if f"f:{f['id']}" not in known and any(s["article"] in fresh for s in f.get("sources", []))
    ][:FACTS_PER_SECTION]
    values = []
    for fld, recs in card.profile.items():
        if fld in ("aliases", "related"):
            continue
        for r in recs:
            srcs = {s["article"] for s in r.get("sources", []) if isinstance(s, dict)}
            if f"p:{fld}:{r['value']}" not in known and srcs & fresh:
                values.append((fld, r["value"]))
    if not facts and not values:
        return None
    return Section(eid, e.name, e.kind, index.article_refs(sorted(fresh)), values[:VALUES_PER_SECTION], facts)


# ---- a digest kept while it waits ----------------------------------------------------------------------
def to_json(digest: Digest) -> str:
    """What a waiting digest says, as stored beside the subscriptions (its chat and generation are columns)."""
    sections = [
        {
            "entity": s.entity,
            "name": s.name,
            "kind": s.kind,
            "articles": s.articles,
            "values": [list(v) for v in s.values],
            "facts": [{"id": f.get("id"), "canon": f.get("canon", "")} for f in s.facts],
        }
        for s in digest.sections
    ]
    return json.dumps({"lang": digest.lang, "sections": sections}, ensure_ascii=False, default=str)


def from_json(chat_id: int, generation: int, body: str) -> Digest:
    data = json.loads(body)
    sections = [
        Section(
            s["entity"],
            s["name"],
            s["kind"],
            list(s["articles"]),
            [(f, v) for f, v in s["values"]],
            list(s["facts"]),
        )
        for s in data["sections"]
    ]
    return Digest(chat_id, generation, data["lang"], sections)


# ---- the digest as text --------------------------------------------------------------------------------
def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render(digest: Digest, html_mode: bool = True) -> str:
    """One message for one chat: a block per entity (at most 4096 characters)."""
    lang = "en" if digest.lang == "en" else "zh-hans"
    esc = html.escape if html_mode else (lambda s: s)
    blocks = []
    for s in digest.sections:
        name = f"<b>{esc(s.name)}</b>" if html_mode else s.name
        lines = [t("watch.digest.header", lang, name=name)]
        for a in s.articles[:2]:
            meta = "，".join(x for x in (a.get("outlet"), a.get("date")) if x)
            title = esc(_short(a.get("title") or a["article"], 60))
            lines.append(t("watch.digest.article", lang, title=title + (f"（{esc(meta)}）" if meta else "")))
        if s.values:
            shown = t("ask.separator", lang).join(
                f"{t(f'field.{f}', lang)}{t('watch.digest.colon', lang)}{esc(v)}" for f, v in s.values
            )
            lines.append(t("watch.digest.values", lang, values=shown))
        if s.facts:
            lines.append(t("watch.digest.facts", lang))
            lines += [f"• {esc(_short(f['canon'], 140))}" for f in s.facts]
        blocks.append("\n".join(lines))
    text = "\n\n".join(blocks)
    if digest.lang == "zh-hant":
        text = to_traditional(text)
    return text if len(text) <= 4000 else text[:3990] + "…"
