"""The card's other views as text: the 大事记 (/timeline) page and the 关系图 (/graph) caption.

Same rules as the card: the reader's script, every line cited with the card's numbering of sources
(in order of first use on the page), at most 4096 characters.
"""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.messages import t
from bot.show.card import Sources, _source_list
from bot.show.out import Out, converter, excerpt, fit, labels
from bot.timeline import PER_PAGE, pages

_DATE = r"(?:(?:19|20)\d{2}年?(?:\d{1,2}月)?(?:\d{1,2}日)?|同年\d{1,2}月)"
# A sentence's opening date clause (2016年至2019年，…): the line's date says it already.
_LEADING_DATE = re.compile(
    rf"^{_DATE}(?:\s*(?:至|到|[-—–~～]|、|和)\s*(?:截至)?{_DATE})*(?:上半年|下半年|年底|年末|年初|左右)?[，,]\s*"
)


def render_view(ans: Answer, fmt: str = "plain") -> str:
    html_mode = fmt == "html"
    out = Out(html_mode, converter(ans))
    if ans.command == "timeline":
        _timeline(ans, out)
    else:
        _graph(ans, out)
    return fit(out.value().strip(), html_mode)


def event_text(ans: Answer, ev) -> str:
    """A timeline line's words: a typed event's label, or the sentence from its dated clause (its leading
    date left out: the line starts with it)."""
    if ev.label:
        text = ev.label
    else:
        year = ev.date[:4]
        text = excerpt(ev.canon, [year] if year in ev.canon else [], limit=80, whole=80)
        body = text.removeprefix("…")
        cut = _LEADING_DATE.sub("", body)
        if cut and cut != body:
            text = cut
    return t("timeline.org", ans.lang, org=ev.org) + text if ev.org else text


def _timeline(ans: Answer, out: Out) -> None:
    L = labels(ans.lang)
    name = ans.entity["name"]
    out.bold(name)
    out.text(f" · {t('timeline.head', ans.lang)}\n")
    if not ans.timeline:
        out.text(t("timeline.none", ans.lang, name=name))
        return
    n = pages(ans.timeline)
    page = min(max(0, ans.page), n - 1)
    sources = Sources()
    for ev in ans.timeline[page * PER_PAGE : (page + 1) * PER_PAGE]:
        cites = "".join(f"[{i}]" for i in sorted({sources.number(s) for s in ev.sources}))
        out.text(f"{ev.when} {event_text(ans, ev)} {cites}\n")
    if n > 1:
        key = "timeline.page" if page + 1 < n else "timeline.last_page"
        out.text(t(key, ans.lang, p=page + 1, n=n, name=name, next=page + 2) + "\n")
    _source_list(out, L, sources.rows)


def _graph(ans: Answer, out: Out) -> None:
    name = ans.entity["name"]
    g = ans.graph
    if g is None or len(g.edges) < 2:
        out.text(t("graph.none", ans.lang, name=name))
        return
    out.text(t("graph.caption", ans.lang, name=name, nodes=len(g.nodes), edges=len(g.edges)))
    if ans.image:
        out.text("\n" + t("graph.file", ans.lang, path=ans.image))
