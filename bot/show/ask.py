"""A plain-word question's answer as text: one line of values with their source numbers, the sources after it.

A question that fell back to a card or a search gets one line saying so before that answer.
"""

from __future__ import annotations

from bot.answer import Answer
from bot.messages import t
from bot.show.out import Out, short, title


def question(ans: Answer, out: Out, L: dict[str, str]) -> bool:
    """Write the answer (True), or the fallback's note before the answer it fell back to (False)."""
    q = ans.question
    lang = "en" if ans.lang == "en" else "zh-hans"  # Chinese is written Simplified, converted as a whole
    if q.get("fallback") == "empty":  # /ask alone: how to ask
        out.text(t("ask.usage", lang, **(ans.examples or {"company": "…"})))
        return True
    if ans.status != "answered":
        _fallback_note(ans, out, lang)
        return False
    values = t("ask.separator", lang).join(
        v["value"] + "".join(f" [{n}]" for n in v.get("cites", [])) for v in q.get("values", [])
    )
    key = q.get("field") or "roles"
    if q.get("intent") == "ticker":
        key = "ticker"
    elif key == "founded" and ans.entity and ans.entity.get("kind") != "person":
        key = "founded_org"
    if q.get("yes"):
        out.text(t("ask.yes", lang))
    out.text(t(f"ask.answer.{key}", lang, name=ans.entity["name"] if ans.entity else "", values=values))
    if q.get("disagree"):
        out.text(t("ask.disagree", lang))
    out.text("\n")
    _sources(ans, out, L, lang)
    return True


def _fallback_note(ans: Answer, out: Out, lang: str) -> None:
    """One line before the card or the search a question fell back to."""
    fallback = ans.question.get("fallback")
    if fallback == "card" and ans.status == "found" and ans.entity:
        out.text(t("ask.fallback.card", lang, name=ans.entity["name"]) + "\n\n")
    elif fallback == "search" and ans.status == "list":
        out.text(t("ask.fallback.search", lang) + "\n\n")


def _sources(ans: Answer, out: Out, L: dict[str, str], lang: str) -> None:
    if ans.sources:
        out.text(t("ask.sources", lang))
        for i, s in enumerate(ans.sources, 1):
            meta = L["sep"].join(x for x in (s.get("outlet"), s.get("date")) if x)
            out.text(f"{' ' if i > 1 else ''}[{i}] ")
            out.link(short(title(s), 40), s.get("url") or "")
            if meta:
                out.text(L["paren"].format(x=meta))
