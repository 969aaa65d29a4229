"""An Answer as the text the bot sends: plain (console, JSON `text`) or Telegram HTML — the same words.

Renderers read the Answer and never change it.
"""

from __future__ import annotations

import re

from bot import corrections
from bot.answer import Answer
from bot.commands import help_lines, is_correction
from bot.messages import t
from bot.show.card import card
from bot.show.out import Out, converter, excerpt, fit, labels, short, title


def render(ans: Answer, fmt: str = "plain", fact_ids: bool = False) -> str:
    """The first message (or the requested page) exactly as the bot sends it. `fact_ids`: each fact's id
    after it (the console's /hide needs them; the bot has buttons)."""
    html_mode = fmt == "html"
    if is_correction(ans.command) and ans.correction:
        return fit(corrections.render_reply(ans, html_mode).strip(), html_mode)
    if ans.command == "sources" and ans.status == "found" and ans.entity:
        return render_sources(ans, fmt)
    L = labels(ans.lang)
    out = Out(html_mode, converter(ans))
    out.fact_ids = fact_ids
    _body(ans, out, L)
    return fit(out.value().strip(), html_mode)


def _body(ans: Answer, out: Out, L: dict[str, str]) -> None:
    if ans.status == "found" and ans.entity:
        card(ans, out, L)
    elif ans.status == "ambiguous":
        _ambiguous(ans, out, L)
    elif ans.status == "not_found" and ans.problem == "short_help":
        out.text(L["short_help"].format(**examples(ans)))
    elif ans.status == "not_found" and ans.command == "search":
        out.text(L["search_none"].format(q=short(ans.arg, 60)))
    elif ans.status == "not_found":
        _not_found(ans, out, L)
    elif ans.status == "list" and ans.command == "search":
        _search(ans, out, L)
    elif ans.status == "mentioned":
        _mentioned(ans, out, L)
    elif ans.status == "list":
        _articles(ans, out, L)
    elif ans.status == "error" and ans.problem == "unknown_command":
        out.text(L["unknown_command"] + "\n\n")  # and which commands there are
        _help(ans, out, L)
    elif ans.status == "error":
        out.text(_error(ans, L))
    else:
        if ans.problem == "unknown_command":
            out.text(L["unknown_command"] + "\n\n")
        _help(ans, out, L)


def _error(ans: Answer, L: dict[str, str]) -> str:
    if ans.problem == "too_long":
        return L["too_long"].format(n=64 if ans.command != "search" else 256, **examples(ans))
    if ans.problem == "stale":
        return L["stale"]
    if ans.command == "search":
        return L["search_empty"].format(**examples(ans))
    return L["empty"].format(**examples(ans))


def _help(ans: Answer, out: Out, L: dict[str, str]) -> None:
    """The intro, one line per command of the table, the names hint, then the team's corrections."""
    ex = examples(ans)
    lines = help_lines("en" if ans.lang == "en" else "zh-hans", **ex)
    out.text(
        "\n\n".join(
            (
                L["help_intro"],
                lines,
                L["help_outro"].format(**ex),
                L.get("help_corrections", t("corrections.help")).format(**ex),
            )
        )
    )


def _ambiguous(ans: Answer, out: Out, L: dict[str, str]) -> None:
    out.text(L["ambiguous"].format(q=ans.arg) + "\n")
    for c in ans.candidates:
        out.text(f"• {c['name']}" + L["paren"].format(x=L.get(c["kind"], c["kind"])) + "\n")


def _not_found(ans: Answer, out: Out, L: dict[str, str]) -> None:
    if ans.other_kind:
        want = L["want_who"] if ans.command == "who" else L["want_company"]
        cmd = "/company" if ans.command == "who" else "/who"
        kind = L.get(ans.other_kind["kind"], "")
        name = ans.other_kind["name"]
        out.text(L["other_kind"].format(q=short(ans.arg, 40), kind=kind, name=name, want=want, cmd=cmd))
        return
    head, _, tail = L["not_found"].partition("{q}")
    out.text(head)
    out.name(short(ans.arg, 40), convert=False)  # what the user typed, as typed
    out.text(tail)
    if ans.candidates:
        out.text("\n" + L["suggest"] + L["sep"].join(c["name"] for c in ans.candidates))


def _search(ans: Answer, out: Out, L: dict[str, str]) -> None:
    out.text(L["search_head"].format(q=short(ans.arg, 60)) + "\n")
    for h in ans.hits[:10]:
        out.text("• ")
        if h.get("entity") and h["entity"].get("name"):
            out.bold(h["entity"]["name"])
            out.text(L["colon"])
        _highlighted(out, h.get("highlight") or short(h["canon"], 120))
        out.text("\n")


def _mentioned(ans: Answer, out: Out, L: dict[str, str]) -> None:
    out.text(L["mentioned"].format(q=short(ans.arg, 40)) + "\n")
    numbers: dict[str, int] = {}
    for f in ans.facts[:5]:
        src = f["sources"][0] if f["sources"] else None
        n = numbers.setdefault(src["article"], len(numbers) + 1) if src else 0
        out.text("• " + excerpt(f["canon"], [ans.arg]) + (f" [{n}]" if n else "") + "\n")
    titles = {f["sources"][0]["article"]: f["sources"][0] for f in ans.facts[:5] if f["sources"]}
    if numbers:
        out.text(L["sources"] + L["colon"].rstrip() + "\n")
        for aid, n in numbers.items():
            src = titles[aid]
            out.text(f"[{n}] ")
            out.link(src["title"] or aid, src.get("url") or "")
            out.text("\n")


def _articles(ans: Answer, out: Out, L: dict[str, str]) -> None:
    out.text(L["sources_head"].format(n=len(ans.hits)) + "\n")
    for i, a in enumerate(ans.hits, 1):
        out.text(f"[{i}] ")
        out.link(a["title"] or a["id"], a.get("url") or "")
        meta = L["sep"].join(x for x in (a.get("outlet"), a.get("date")) if x)
        out.text((L["paren"].format(x=meta) if meta else "") + f" · {a['id']}\n")


def _highlighted(out: Out, text: str) -> None:
    """Search excerpts carry their matched terms between marks: bold in HTML, plain elsewhere."""
    from bot.store.index import HL_OFF, HL_ON

    for i, part in enumerate(re.split(f"[{HL_ON}{HL_OFF}]", text)):
        if part:
            (out.bold if i % 2 else out.text)(part)


def examples(ans: Answer) -> dict[str, str]:
    """The names a help or error text shows: the index's own, else the catalogue's (张三, 某公司)."""
    return {k: t(f"example.{k}", ans.lang) for k in ("person", "company", "english", "pinyin")} | ans.examples


def render_sources(ans: Answer, fmt: str = "html") -> str:
    """The articles behind a card, each with its outlet, date and link."""
    L = labels(ans.lang)
    out = Out(fmt == "html", converter(ans))
    out.bold(ans.entity["name"] if ans.entity else "")
    out.text(f" · {L['sources']}{L['colon'].rstrip()}\n")
    seen: list[str] = []
    for f in ans.facts:
        for s in f["sources"]:
            if s["article"] in seen:
                continue
            seen.append(s["article"])
            meta = L["sep"].join(x for x in (s.get("outlet"), s.get("date")) if x)
            out.text(f"[{len(seen)}] ")
            out.link(short(title(s), 60), s.get("url") or "")
            out.text((L["paren"].format(x=meta) if meta else "") + f" · {s['article']}\n")
    return fit(out.value().strip(), fmt == "html")
