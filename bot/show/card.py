"""A card: the entity's name and kind, its profile lines, a page of key facts and the numbered sources."""

from __future__ import annotations

import re

from bot import corrections
from bot.answer import FACTS_PER_PAGE, Answer, time_order
from bot.normalize import to_simplified, to_traditional
from bot.show.out import Out, excerpt, short, title
from bot.vocab import fields_for

# How many values a profile line shows (4 for the others).
FIELD_LIMITS = {"education": 3, "related": 6, "founded": 3, "roles": 3, "products": 6, "figures": 4}
# Lines whose values are long phrases: separated by a semicolon, not the list separator.
LONG_VALUES = ("education", "figures", "founded", "listing")


class Sources:
    """The card's articles numbered in order of first use, shared by the profile and the facts."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def number(self, src: dict) -> int:
        ids = [x["article"] for x in self.rows]
        if src["article"] not in ids:
            self.rows.append(src)
            ids.append(src["article"])
        return 1 + ids.index(src["article"])

    def cite(self, item: dict) -> str:
        # A record merged in by a correction carries fact ids, not articles: those are skipped.
        nums = [self.number(src) for src in item.get("sources", []) if isinstance(src, dict)]
        return "".join(f"[{n}]" for n in sorted(set(nums)))


def card(ans: Answer, out: Out, L: dict[str, str]) -> None:
    sources = Sources()
    if shown_page(ans) > 0:
        # A later page (更多要点) continues the card: its name and the page, not the profile again.
        _facts(ans, out, L, sources)
        _source_list(out, L, sources.rows)
        return
    if ans.problem == "other_kind" and ans.entity:
        # /who on a company (or /company on a person): its card anyway, with one line saying so.
        want = L["want_who"] if ans.command == "who" else L["want_company"]
        kind = L.get(ans.entity["kind"], ans.entity["kind"])
        out.text(L["as_other_kind"].format(q=ans.arg, kind=kind, want=want) + "\n")
    _header(ans, out, L)
    _profile(ans, out, L, sources)
    _facts(ans, out, L, sources)
    _source_list(out, L, sources.rows)


def _header(ans: Answer, out: Out, L: dict[str, str]) -> None:
    e = ans.entity
    assert e is not None
    out.bold(e["name"])
    if e.get("traditional") and e["traditional"] != e["name"] and ans.lang != "zh-hant":
        before, _, after = L["paren"].partition("{x}")
        out.text(before)
        out.name(e["traditional"], convert=False)
        out.text(after)
    out.text(f" · {L.get(e['kind'], e['kind'])}\n")


def _profile(ans: Answer, out: Out, L: dict[str, str], sources: Sources) -> None:
    kind = ans.entity["kind"]
    prof = corrections.marked_profile(ans.profile, ans.lang)  # 出生：1983（团队修订）
    for field_ in fields_for(kind):
        values = prof.get(field_) or []
        if field_ == "aliases":
            _aliases(ans, out, L)
        elif values and field_ == "born":
            years = [v for v in values if v.get("year")]
            places = [v for v in values if v.get("place")]
            shown = [_value(v, sources, len(years) > 1) for v in years[:2]] + [v["value"] for v in places[:1]]
            out.text(f"{L['born']}{L['colon']}{L['sep'].join(shown)}\n")
        elif values:
            _field_line(field_, kind, values, out, L, sources)


def _aliases(ans: Answer, out: Out, L: dict[str, str]) -> None:
    e = ans.entity
    # The Traditional form is not an alias: a Simplified card shows it beside the name, a Traditional one as it.
    al = [a for a in e["aliases"] if a != e.get("traditional")]
    if al:
        out.text(f"{L['aliases']}{L['colon']}")
        out.name(L["sep"].join(al[:8]), convert=ans.lang == "zh-hant")
        out.text("\n")


def _field_line(
    field_: str, kind: str, values: list[dict], out: Out, L: dict[str, str], sources: Sources
) -> None:
    limit = FIELD_LIMITS.get(field_, 4)
    # A single-valued fact the articles disagree on (founded 2013 vs 2014, listed 11-21 vs 11-20)
    # shows every value with its own sources.
    disagree = field_ == "listing" and len({v.get("exchange") for v in values}) < len(values)
    disagree |= field_ == "founded" and kind != "person" and len(values) > 1
    chosen = values[: max(limit, 2 if disagree else limit)]
    shown = [_value(v, sources, disagree) for v in chosen]
    sep = L["semicolon"] if field_ in LONG_VALUES else L["sep"]
    label = L["founded_org"] if field_ == "founded" and kind != "person" else L[field_]
    out.text(f"{label}{L['colon']}{sep.join(shown)}\n")


def _value(item: dict, sources: Sources, with_sources: bool) -> str:
    return item["value"] + (sources.cite(item) if with_sources else "")


def shown_page(ans: Answer) -> int:
    """The page of facts shown: the one asked for, or the last there is (a page past the end, /more NAME 9)."""
    return max(0, min(ans.page, (len(ans.facts) - 1) // FACTS_PER_PAGE))


def _facts(ans: Answer, out: Out, L: dict[str, str], sources: Sources) -> None:
    page = shown_page(ans)
    chosen = ans.facts[page * FACTS_PER_PAGE : (page + 1) * FACTS_PER_PAGE]
    if not chosen:
        return
    page_note = L["paren"].format(x=L["page"].format(p=page + 1)) if page else ""
    if page and ans.entity:
        out.bold(ans.entity["name"])
        out.text(" · ")
    out.text(f"{L['facts']}{page_note}{L['colon'].rstrip()}\n")
    for f in time_order(chosen):
        cites = "".join(f"[{sources.number(s)}]" for s in f["sources"])
        written = _written_text(ans, f)
        cites += f" #{f['id']}" if getattr(out, "fact_ids", False) and f.get("id") else ""
        if written is not None:
            out.text("• ")
            out.name(written, convert=False)
            out.text(" " + cites + "\n")
        else:
            out.text(f"• {fact_text(ans, f)} " + cites + "\n")


def _source_list(out: Out, L: dict[str, str], rows: list[dict]) -> None:
    if not rows:
        return
    out.text(f"{L['sources']}{L['colon'].rstrip()}\n")
    for i, s in enumerate(rows, 1):
        meta = L["sep"].join(x for x in (s.get("outlet"), s.get("date")) if x)
        out.text(f"[{i}] ")
        out.link(short(title(s), 40), s.get("url") or "")
        out.text((L["paren"].format(x=meta) if meta else "") + "\n")


def fact_text(ans: Answer, f: dict) -> str:
    names = [ans.entity["name"], *ans.entity["aliases"]] if ans.entity else []
    return excerpt(unspun(ans, f), [n for n in names if n])


# Distinct spun words that show an article went through a synonym spinner: an article may well write two of
# them in their own sense (商场, 技能), seldom three while never writing the words they would replace.
SPUN_WORDS_IN_AN_ARTICLE = 3


def unspun(ans: Answer, f: dict) -> str:
    """A bullet with a synonym spinner's words back to the common ones (核算机 -> 计算机, 研讨生 -> 研究生), as
    profile values already are (bot.relations.values.Restorer): only in an article the card's facts show
    was spun — three different spun words or more, and never the common word a spun one replaced — so an
    article that uses 技能 or 商场 in their own sense keeps them."""
    src = f["sources"][0]["article"] if f.get("sources") else None
    table = _spun_by_article(ans).get(src)
    if not table:
        return f["canon"]
    return re.sub(
        "|".join(map(re.escape, sorted(table, key=len, reverse=True))), lambda m: table[m[0]], f["canon"]
    )


def _spun_by_article(ans: Answer) -> dict[str, dict[str, str]]:
    """Article id -> the spun words to restore in its bullets on this card (a card has a few dozen facts)."""
    from bot.relations import cues

    pairs = cues.pairs("spinner")
    texts: dict[str, list[str]] = {}
    for f in ans.facts:
        if f.get("sources"):
            texts.setdefault(f["sources"][0]["article"], []).append(f["canon"])
    out: dict[str, dict[str, str]] = {}
    for article, canons in texts.items():
        blob = "\n".join(canons)
        found = {spun: common for spun, common in pairs.items() if spun in blob and common not in blob}
        if len(found) >= SPUN_WORDS_IN_AN_ARTICLE:
            out[article] = found
    return out


def _written_text(ans: Answer, f: dict) -> str | None:
    """For a Traditional card, a Traditional article's own words (the same excerpt), not the stored
    Simplified form converted back, which can misquote (系→繫, 出→齣). None when there are none."""
    text, canon = re.sub(r"\s+", " ", f.get("text") or "").strip(), re.sub(r"\s+", " ", f["canon"]).strip()
    if ans.lang != "zh-hant" or text == canon or len(text) != len(canon) or to_simplified(text) != canon:
        return None
    shown = fact_text(ans, f)
    core = shown.removeprefix("…").removesuffix("…")
    at = canon.find(core)
    if at < 0:
        return None
    return shown.replace(core, traditional_only(text[at : at + len(core)]), 1)


def traditional_only(written: str) -> str:
    """A Traditional article's words with the Simplified characters it left in (此后 for 此後) converted,
    chosen by OpenCC's phrases (皇后 stays); every other character stays as written (no 系 -> 繫)."""
    from bot.show.out import _script

    if not any(_script(ch) == "simplified" for ch in written):
        return written
    converted = to_traditional(written)
    if len(converted) != len(written):
        return written
    return "".join(c if _script(w) == "simplified" else w for w, c in zip(written, converted, strict=True))
