"""The `why` object as terminal text (operator output: English, like the rest of the CLI's reports)."""

from __future__ import annotations

from bot.vocab import FIELD_LABELS_ZH

WIDTH = 36  # characters of a sentence shown on each side of the name
SHOWN = 4  # sentences shown per value (and per folded value); --json has all


def _cut(text: str, i: int, n: int, width: int) -> str:
    start, end = max(0, i - width), min(len(text), i + n + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def snippet(sentence: str, name: str, width: int = WIDTH) -> str:
    """The sentence around the first place it writes `name` (its start when it does not)."""
    i = sentence.find(name) if name else -1
    return _cut(sentence, i, len(name), width) if i >= 0 else _cut(sentence, 0, 0, 2 * width)


def snippet_of(text: str, canon: str, name: str, width: int = WIDTH) -> str:
    """The original text around where its Simplified form `canon` names `name` (OpenCC keeps lengths)."""
    i = canon.find(name) if name else -1
    if i < 0 or len(canon) != len(text):
        return snippet(text, name, width)
    return _cut(text, i, len(name), width)


def render(obj: dict) -> str:
    if obj.get("message"):
        return obj["message"]
    lines = _head(obj)
    if obj.get("profile"):
        lines += _profile(obj["profile"], obj["entity"]["name"])
    for art in obj.get("articles", []):
        lines += _article(art)
    if obj.get("skipped_articles"):
        more = ", ".join(obj["skipped_articles"][:10])
        lines.append(f"\nnot re-run (use --article ID): {more}")
    return "\n".join(lines)


def _head(obj: dict) -> list[str]:
    e = obj.get("entity")
    if e is None:
        return [f"{obj['query']}: no entity of that name; what the articles that contain it decided:"]
    out = [f"{e['name']}: entity #{e['id']}, {e['kind']}"]
    if obj.get("resolved_by") not in ("exact", "", None):
        out[0] += f" (found for {obj['query']} by {obj['resolved_by']})"
    if obj["status"] == "ambiguous":
        others = ", ".join(f"{c['name']} #{c['id']} ({c['kind']})" for c in obj["candidates"][1:])
        out[0] += f" (ambiguous: also {others})"
    for a in e["aliases"]:
        came = "; ".join(a["from"][:4]) or "not from any article's extraction (merge, curated or corrected)"
        out.append(f"  {a['type']:<11} {a['alias']}  <- {came}")
    return out


def _article(art: dict) -> list[str]:
    same = "matches the index" if art["matches_index"] else "DIFFERS from the stored extraction"
    out = ["", f"article {art['article']}  {art['title']}  (re-run {same})"]
    for n in art["names"]:
        out += _name(n)
    return out


def _decision(d: dict) -> str:
    st = d["status"]
    if st == "kept":
        return f"KEPT as {d['kind']}, score {d['score']} (signals: {', '.join(d['signals']) or '-'})"
    if st == "alias":
        return f"ALIAS ({d['type']}) of {d['of']}"
    if st == "folded":
        return f"FOLDED into {d['into']} (by {d['by']}: a short form or a fragment of it)"
    if st == "dropped":
        return f"DROPPED by {d['by']}"
    if st == "refused":
        return "REFUSED by " + ", ".join(d["by"])
    return "NOT PROPOSED by any signal"


def _name(n: dict) -> list[str]:
    ner = ", ".join(f"{k} {v}" for k, v in n["ner"].items()) or "none"
    mark = "" if n["asked"] else "  (a longer or shorter form)"
    out = [f"  {n['name']}: {_decision(n['decision'])}; written {n['count']}x; NER {ner}{mark}"]
    p = n.get("people")
    if p:
        out.append(
            f"    people: {p['mentions']} mentions, {p['before']} with a title/birth year/founding verb, "
            f"{p['after']} with a speech verb/time word after, NER PER {p['ner']} -> {p['verdict']}"
        )
        for c in p.get("cues", []):
            out.append(f"      cue {c['where']}: {c['cue']}  | {snippet(c['sentence'], n['name'])}")
    for group in _grouped(n["evidence"]):
        ev, times = group[0], f" (x{len(group)})" if len(group) > 1 else ""
        if ev["accepted"]:
            head = f"    + {ev['signal']}: {ev['kind']}, weight {ev['weight']}{times}"
        else:
            head = f"    - {ev['signal']}: {ev['kind']} refused by {ev['refused_by']}{times} ({ev['reason']})"
        out.append(head + (f"; cue {ev['cue']}" if ev.get("cue") else ""))
        for e in [e for e in group if e.get("sentence")][:2]:
            out.append(f"        | {snippet(e['sentence'], n['name'])}")
    for c in n["changes"]:
        if c["what"] == "removed":
            out.append(f"    ~ {c['by']}: removed" + (f", into {c['detail']}" if c["detail"] else ""))
        elif c["what"] == "renamed":
            out.append(f"    ~ {c['by']}: renamed from {c['detail']}")
        elif c["what"] != "added":
            out.append(f"    ~ {c['by']}: {c['what']} {c['detail']}")
    return out


def _grouped(evidence: list[dict]) -> list[list[dict]]:
    """Proposals of one signal with one outcome together (a suffix signal sees a name in every sentence)."""
    groups: dict[tuple, list[dict]] = {}
    for ev in evidence:
        groups.setdefault((ev["signal"], ev["kind"], ev["accepted"], ev.get("refused_by")), []).append(ev)
    return list(groups.values())


def _parts(parts: dict) -> str:
    shown = ", ".join(f"{k}={v}" for k, v in parts.items() if v not in (None, "", []))
    return f"  [{shown}]" if shown else ""


def _profile(prof: dict, name: str) -> list[str]:
    field = prof["field"]
    out = [f"{field} ({FIELD_LABELS_ZH.get(field, field)}):"]
    if not prof["values"]:
        out.append("  no value")
    for v in prof["values"]:
        state = (
            ""
            if v["stored"] and v["reproduced"]
            else (" (in the index only)" if v["stored"] else " (re-run only)")
        )
        out.append(f"  {v['value']}{_parts(v['parts'])}{state}")
        for r in v.get("rules", [])[:SHOWN]:
            out += _ruled(r, "by", name)
        for r in v.get("folded", [])[:SHOWN]:
            out += _ruled(r, f"folded in: {r['value']} by", name)
        more = max(0, len(v.get("rules", [])) - SHOWN) + max(0, len(v.get("folded", [])) - SHOWN)
        if more:
            out.append(f"    … and {more} more (--json lists them all)")
    if prof["silent"]:
        out.append(f"  sentences about {name} of the {field} family that gave it no value:")
        for s in prof["silent"][: 3 * SHOWN]:
            out.append(f"    {s['article']} #{s['sentence']} ({s['note']})")
            out.append(f"        | {snippet_of(s['text'], s['canon'], name)}")
    out.append(f"  refusals inside the rules: {prof['refusals']}")
    return out


def _ruled(r: dict, lead: str, name: str) -> list[str]:
    where = f" - {r['article']} #{r['sentence']}" if r.get("article") else " - from the merged entity"
    out = [f"    {lead} {r['rule'] or '?'} ({r['helper']}){where}"]
    if r.get("text"):
        out.append(f"        | {snippet_of(r['text'], r['canon'], name)}")
    return out
