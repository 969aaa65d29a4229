"""An Answer as the text the bot sends: plain (console, JSON `text`) or Telegram HTML — the same words.

Renderers read the Answer and never change it.
"""

from __future__ import annotations

import re

from bot import corrections
from bot.answer import Answer
from bot.commands import help_lines, is_correction
from bot.messages import t
from bot.normalize import utf16_len
from bot.show.ask import question
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
    if ans.command in ("timeline", "graph") and ans.status == "found" and ans.entity:
        from bot.show.views import render_view  # 大事记 and 关系图 (bot/show/views.py)

        return render_view(ans, fmt)
    L = labels(ans.lang)
    out = Out(html_mode, converter(ans))
    out.fact_ids = fact_ids
    _body(ans, out, L)
    return fit(out.value().strip(), html_mode)


def _body(ans: Answer, out: Out, L: dict[str, str]) -> None:
    if ans.question and question(ans, out, L):  # a plain-word question answered (or its fallback's note)
        return
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
    elif ans.status == "list" and (ans.command == "search" or ans.question.get("fallback") == "search"):
        _search(ans, out, L)
    elif ans.status == "mentioned":
        _mentioned(ans, out, L)
    elif ans.status == "list":
        _articles(ans, out, L)
    elif ans.status == "error" and ans.problem in ("unknown_command", "telegram_only"):
        out.text(L[ans.problem] + "\n\n")  # and which commands there are
        _help(ans, out, L)
    elif ans.status == "error":
        out.text(_error(ans, L))
    else:
        if ans.problem in ("unknown_command", "telegram_only"):
            out.text(L[ans.problem] + "\n\n")
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


HITS_PER_PAGE = 10  # /search shows ten hits a page (the answer holds at most twenty)


def search_pages(ans: Answer) -> int:
    return max(1, -(-len(ans.hits) // HITS_PER_PAGE))


def _search(ans: Answer, out: Out, L: dict[str, str]) -> None:
    page = min(max(0, ans.page), search_pages(ans) - 1)
    out.text(_paged_head(L["search_head"].format(q=short(ans.arg, 60)), page, L) + "\n")
    for h in ans.hits[page * HITS_PER_PAGE : (page + 1) * HITS_PER_PAGE]:
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


def _article_rows(ans: Answer, html_mode: bool) -> list[str]:
    L = labels(ans.lang)
    rows = []
    for i, a in enumerate(ans.hits, 1):
        row = Out(html_mode, converter(ans))
        row.text(f"[{i}] ")
        row.link(a["title"] or a["id"], a.get("url") or "")
        meta = L["sep"].join(x for x in (a.get("outlet"), a.get("date")) if x)
        row.text((L["paren"].format(x=meta) if meta else "") + f" · {a['id']}")
        rows.append(row.value())
    return rows


def article_pages(ans: Answer) -> int:
    """How many messages the list of indexed articles (/sources) takes."""
    return len(paginate(_article_rows(ans, True)))


def _articles(ans: Answer, out: Out, L: dict[str, str]) -> None:
    pages = paginate(_article_rows(ans, out.html))
    page = min(max(0, ans.page), len(pages) - 1)
    head = L["sources_head"].format(n=len(ans.hits))
    out.text(_paged_head(head, page, L) + "\n")
    out.raw("\n".join(pages[page]))


def _paged_head(head: str, page: int, L: dict[str, str]) -> str:
    """A list's heading, with 第 N 页 before its colon from the second page on."""
    if not page:
        return head
    colon = L["colon"].strip()
    return head.rstrip().removesuffix(colon) + L["paren"].format(x=L["page"].format(p=page + 1)) + colon


def _highlighted(out: Out, text: str) -> None:
    """Search excerpts carry their matched terms between marks: bold in HTML, plain elsewhere."""
    from bot.store.index import HL_OFF, HL_ON

    for i, part in enumerate(re.split(f"[{HL_ON}{HL_OFF}]", text)):
        if part:
            (out.bold if i % 2 else out.text)(part)


def examples(ans: Answer) -> dict[str, str]:
    """The names a help or error text shows: the index's own, else the catalogue's (张三, 某公司)."""
    return {k: t(f"example.{k}", ans.lang) for k in ("person", "company", "english", "pinyin")} | ans.examples


PAGE_BUDGET = 3600  # a page of a list, in UTF-16 units: under Telegram's 4096 with its heading


def paginate(rows: list[str], budget: int | None = None) -> list[list[str]]:
    """Rows (already rendered) in pages of at most `budget` units; a row is never split. Never empty."""
    budget = budget or PAGE_BUDGET
    pages: list[list[str]] = [[]]
    size = 0
    for row in rows:
        n = utf16_len(row) + 1
        if pages[-1] and size + n > budget:
            pages.append([])
            size = 0
        pages[-1].append(row)
        size += n
    return pages


def _source_rows(ans: Answer, html_mode: bool) -> list[str]:
    L = labels(ans.lang)
    conv = converter(ans)
    rows: list[str] = []
    seen: set[str] = set()
    for f in ans.facts:
        for s in f["sources"]:
            if s["article"] in seen:
                continue
            seen.add(s["article"])
            meta = L["sep"].join(x for x in (s.get("outlet"), s.get("date")) if x)
            out = Out(html_mode, conv)
            out.text(f"[{len(seen)}] ")
            out.link(short(title(s), 60), s.get("url") or "")
            out.text((L["paren"].format(x=meta) if meta else "") + f" · {s['article']}")
            rows.append(out.value())
    return rows


def sources_pages(ans: Answer) -> int:
    """How many messages the card's source list takes (the 来源 view pages past one)."""
    return len(paginate(_source_rows(ans, True)))


def render_sources(ans: Answer, fmt: str = "html") -> str:
    """The articles behind a card, each with its outlet, date and link; page `ans.page` of them when they
    take more than one message."""
    L = labels(ans.lang)
    html_mode = fmt == "html"
    pages = paginate(_source_rows(ans, html_mode))
    page = min(max(0, ans.page), len(pages) - 1)
    out = Out(html_mode, converter(ans))
    out.bold(ans.entity["name"] if ans.entity else "")
    note = L["paren"].format(x=L["page"].format(p=page + 1)) if page else ""
    out.text(f" · {L['sources']}{note}{L['colon'].rstrip()}\n")
    out.raw("\n".join(pages[page]))
    return fit(out.value().strip(), html_mode)
