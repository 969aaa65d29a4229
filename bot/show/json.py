"""An Answer as a JSON object (`ask --json`): the entity, typed profile values, facts and the text."""

from __future__ import annotations

from bot.answer import Answer
from bot.show.text import render

# Keys of a profile record the JSON leaves out (its `sources` are written as article references).
_INTERNAL = ("sources", "facts", "parts", "articles")


def _ref(s: dict) -> dict:
    return {"article": s["article"], "title": s["title"]}


def _first_source(item: dict) -> dict | None:
    return _ref(item["sources"][0]) if item["sources"] else None


def _profile_value(v: dict) -> dict:
    # Each value keeps `value` and `sources`, adds the linked `entity` and its typed parts (DESIGN §2).
    return {
        **{p: x for p, x in v.items() if p not in _INTERNAL},
        **(v.get("parts") or {}),
        "value": v["value"],
        "entity": v.get("entity"),
        "sources": [_ref(s) for s in v.get("sources", []) if isinstance(s, dict)],
    }


def _fact(f: dict) -> dict:
    return {
        "id": f["id"],  # what /hide takes
        "text": f["canon"],
        "original": f["text"],
        "type": f["type"],
        "year": f["year"],
        "date": f["date"],
        "source": _first_source(f),
        "sources": [_ref(s) for s in f["sources"]],
    }


def _status(ans: Answer) -> str:
    if ans.status in ("found", "ambiguous", "mentioned", "not_found", "error", "answered"):
        return ans.status
    return "found"  # help, list


def to_json(ans: Answer) -> dict:
    ent = None
    if ans.entity:
        ent = {k: ans.entity[k] for k in ("id", "name", "kind", "aliases")}
    out = {
        "query": ans.query,
        "command": ans.command,
        "status": _status(ans),
        "entity": ent,
        "candidates": ans.candidates,
        "profile": {k: [_profile_value(v) for v in vals] for k, vals in ans.profile.items()},
        "facts": [_fact(f) for f in ans.facts],
        "text": render(ans, "plain"),
        "lang": ans.lang,
    }
    if ans.correction:
        out["correction"] = ans.correction
    if ans.command == "timeline" and ans.status == "found":
        from bot.show.views import event_text

        # Every event (the text pages them): its date as the text gives it, its line, its sources.
        out["timeline"] = [
            {**ev.as_dict(), "text": event_text(ans, ev), "sources": [_ref(s) for s in ev.sources]}
            for ev in ans.timeline
        ]
    if ans.command == "graph" and ans.status == "found" and ans.graph is not None:
        out["graph"] = ans.graph.as_dict()
        out["image"] = ans.image or None
    if ans.question:  # command "ask": what was asked and the answer (status "answered") or the fallback
        out["question"] = ans.question
    if ans.command == "search":
        out["hits"] = [
            {"entity": h["entity"], "text": h["canon"], "type": h["type"], "source": _first_source(h)}
            for h in ans.hits
        ]
    return out
