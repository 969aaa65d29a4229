"""Render an Answer as plain text, Telegram HTML or a JSON object — the same card in each."""

from __future__ import annotations

import html
import re

from bot import corrections
from bot.answer import FACTS_PER_PAGE, Answer, time_order
from bot.normalize import to_simplified, to_traditional, utf16_len
from bot.relations import cues
from bot.vocab import FIELD_LABELS_ZH, KIND_LABELS_ZH, fields_for

LIMIT = 4096

LABELS = {
    "zh-hans": {
        **KIND_LABELS_ZH,
        **FIELD_LABELS_ZH,
        "founded_org": "成立",
        "ticker": "股票代码",
        "facts": "要点",
        "sources": "来源",
        "more": "更多要点",
        "not_found": "没有找到“{q}”。",
        "suggest": "你是不是要找：",
        "ambiguous": "“{q}”可能指以下几位/几家，请选一个：",
        "other_kind": "“{q}”是{kind}「{name}」，不是{want}。试试 {cmd} {name}",
        "empty": "请在命令后面写上名字，例如：\n/who {person}\n/company {company}",
        "too_long": "名字太长了（最多 {n} 个字）。例如：/who {person}",
        "unknown_command": "不认识这个命令。",
        "search_none": "没有找到包含“{q}”的要点。",
        "search_head": "“{q}”的搜索结果：",
        "mentioned": "“{q}”还不是已知的人物或公司，但文章中提到过：",
        "sources_head": "已收录的文章（{n} 篇）：",
        "page": "第 {p} 页",
        "help": (
            "我是 factbot，从团队分享的中文文章里整理人物和公司的资料，每条都注明出处。\n\n"
            "/who 名字 — 人物卡片，例如 /who {person}\n/company 名字 — 公司或品牌卡片，例如 /company {company}\n"
            "/search 关键词 — 在要点里搜索，例如 /search {company}\n/sources — 已收录的文章\n\n"
            "名字可以用简体、繁体、拼音（{pinyin}）或英文名（{english}）。"
            "在任何聊天里输入 @机器人 名字 也能分享卡片。"
        ),
        "help_corrections": corrections.HELP_LINES,
        "want_who": "人物",
        "want_company": "公司或品牌",
        "sep": "，",
        "colon": "：",
    },
    "en": {
        "person": "person",
        "company": "company",
        "brand": "brand",
        "university": "university",
        "investor": "investor",
        "organization": "organisation",
        "product": "product",
        "aliases": "Also known as",
        "roles": "Roles",
        "born": "Born",
        "education": "Education",
        "founded": "Founded",
        "founders": "Founders",
        "leaders": "Leaders",
        "founded_org": "Founded",
        "headquarters": "Headquarters",
        "parent": "Parent",
        "brands": "Brands",
        "products": "Products",
        "listing": "Listing",
        "ticker": "Ticker",
        "figures": "Key figures",
        "related": "Related",
        "facts": "Key facts",
        "sources": "Sources",
        "more": "More facts",
        "not_found": "Nothing found for “{q}”.",
        "suggest": "Did you mean: ",
        "ambiguous": "“{q}” could mean several entries; pick one:",
        "other_kind": "“{q}” is the {kind} {name}, not a {want}. Try {cmd} {name}",
        "empty": "Add a name after the command, e.g.\n/who {person}\n/company {company}",
        "too_long": "That name is too long (at most {n} characters). Example: /who {person}",
        "unknown_command": "Unknown command.",
        "search_none": "No facts mention “{q}”.",
        "search_head": "Results for “{q}”:",
        "mentioned": "“{q}” is not a known person or company yet, but the articles mention it:",
        "sources_head": "Indexed articles ({n}):",
        "page": "page {p}",
        "help": (
            "I'm factbot: profiles of people and companies from the Chinese articles your team shares, "
            "every fact with its source.\n\n/who NAME — a person, e.g. /who {person}\n"
            "/company NAME — a company or brand, e.g. /company {company}\n/search WORDS — search the facts\n"
            "/sources — the indexed articles\n\nNames work in either script, in pinyin ({pinyin}) "
            "or in English ({english}). Type @bot NAME in any chat to share a card."
        ),
        "help_corrections": (
            "Team corrections: /alias {person} = NICKNAME, /merge A = B, /split A = B, /kind {company} company, "
            "/notentity WORD, /fix {person} born 1983, /hide FACT_ID, /history {person}, /undo 3"
        ),
        "want_who": "person",
        "want_company": "company or brand",
        "sep": ", ",
        "colon": ": ",
    },
}


class Out:
    """Builds the same text as plain or HTML; article text is always escaped in HTML."""

    def __init__(self, html_mode: bool, conv) -> None:
        self.html = html_mode
        self.conv = conv
        self.parts: list[str] = []

    def text(self, s: str) -> None:
        s = self.conv(s)
        self.parts.append(html.escape(s, quote=False) if self.html else s)

    def bold(self, s: str) -> None:
        s = self.conv(s)
        self.parts.append(f"<b>{html.escape(s, quote=False)}</b>" if self.html else s)

    def link(self, s: str, url: str) -> None:
        s = self.conv(s)
        if self.html and url.startswith(("http://", "https://")):
            self.parts.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(s, quote=False)}</a>')
        else:
            self.parts.append(html.escape(s, quote=False) if self.html else s)

    def name(self, s: str, convert: bool) -> None:
        """Names as written (張楠賡 stays Traditional in a Simplified card), converted only when asked."""
        s = self.conv(s) if convert else s
        self.parts.append(html.escape(s, quote=False) if self.html else s)

    def raw(self, s: str) -> None:
        self.parts.append(s)

    def value(self) -> str:
        return "".join(self.parts)


def labels(lang: str) -> dict[str, str]:
    return LABELS["en"] if lang == "en" else LABELS["zh-hans"]


def converter(ans: Answer):
    """Everything in the reader's script: OpenCC t2s for Simplified readers (titles of Traditional
    articles too), s2t for Traditional readers with known names protected from phrase-level conversion."""
    if ans.lang != "zh-hant":
        return simplified
    names = sorted((n for n in ans.names if n), key=len, reverse=True)[:400]
    pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None

    def conv(s: str) -> str:
        if not s:
            return s
        if pattern is None:
            return to_traditional(s)
        found: list[str] = []

        def hold(m: re.Match[str]) -> str:
            found.append(ans.names.get(m.group(0), m.group(0)))
            return f"\ue100{len(found) - 1}\ue101"

        held = pattern.sub(hold, s)
        out = to_traditional(held)
        return re.sub("\ue100(\\d+)\ue101", lambda m: found[int(m.group(1))], out)

    return conv


def simplified(s: str) -> str:
    """OpenCC t2s, then 著 as the particle or verb (意味著, 随著, 著手) becomes 着; 著名, 显著, 名著 stay."""
    s = to_simplified(s)
    if "著" not in s:
        return s
    keep_after, keep_before = cues.words("zhu_after"), cues.words("zhu_before")
    out = []
    for i, ch in enumerate(s):
        if ch == "著" and not (s[i + 1 : i + 2] in keep_after or s[i - 1 : i] in keep_before):
            ch = "着"
        out.append(ch)
    return "".join(out)


def _title(s: dict) -> str:
    """An article's title for the source list; never a bare front-matter line (---)."""
    title = (s.get("title") or "").strip()
    if not re.search(r"[\w\u4e00-\u9fff]", title):
        title = s.get("outlet") or s.get("article") or ""
    return title


def _short(text: str, n: int = 140) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def excerpt(text: str, names: list[str], limit: int = 90, whole: int = 120) -> str:
    """A long sentence shown from the clause that names the entity, cut at clause ends; one that is
    not much longer than the limit is shown whole (its opening clause is often its topic)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= max(limit, whole):
        return text
    clauses = re.findall(r"[^，；。！？]+[，；。！？]?", text)
    start = next((i for i, c in enumerate(clauses) if any(n and n in c for n in names)), 0)
    # Keep the date or subject clause just before the named one when it fits (2013年1月，张楠赓…).
    if start and len(clauses[start - 1]) <= 12:
        start -= 1
    out = ""
    named = next((i for i, c in enumerate(clauses) if any(n and n in c for n in names)), start)
    for i, c in enumerate(clauses[start:], start):
        if out and len(out) + len(c) > limit and i > named:
            break  # never before the clause that names the entity (…在IPO之前… said nothing)
        out += c
    out = _short(out, limit)
    prefix = "…" if start else ""
    suffix = "…" if not out.endswith(("。", "！", "？", "…", "”")) else ""
    return prefix + out.rstrip("，；") + suffix


def _fact_text(ans: Answer, f: dict) -> str:
    names = [ans.entity["name"], *ans.entity["aliases"]] if ans.entity else []
    return excerpt(f["canon"], [n for n in names if n])


def _written_text(ans: Answer, f: dict) -> str | None:
    """For a Traditional card, a Traditional article's own words (the same excerpt), not the stored
    Simplified form converted back, which can misquote (系→繫, 出→齣). None when there are none."""
    text, canon = re.sub(r"\s+", " ", f.get("text") or "").strip(), re.sub(r"\s+", " ", f["canon"]).strip()
    if ans.lang != "zh-hant" or text == canon or len(text) != len(canon) or to_simplified(text) != canon:
        return None
    shown = _fact_text(ans, f)
    core = shown.removeprefix("…").removesuffix("…")
    at = canon.find(core)
    if at < 0:
        return None
    return shown.replace(core, text[at : at + len(core)], 1)


def render(ans: Answer, fmt: str = "plain") -> str:
    """The first message (or the requested page) exactly as the bot sends it."""
    html_mode = fmt == "html"
    if ans.command in corrections.COMMANDS and ans.correction:
        return fit(corrections.render_reply(ans, html_mode).strip(), html_mode)
    L = labels(ans.lang)
    out = Out(html_mode, converter(ans))
    if ans.status == "found" and ans.entity:
        _card(ans, out, L)
    elif ans.status == "ambiguous":
        out.text(L["ambiguous"].format(q=ans.arg) + "\n")
        for c in ans.candidates:
            out.text(f"• {c['name']}（{L.get(c['kind'], c['kind'])}）\n")
    elif ans.status == "not_found" and ans.command == "search":
        out.text(L["search_none"].format(q=_short(ans.arg, 60)))
    elif ans.status == "not_found":
        if ans.other_kind:
            want = L["want_who"] if ans.command == "who" else L["want_company"]
            cmd = "/company" if ans.command == "who" else "/who"
            out.text(
                L["other_kind"].format(
                    q=_short(ans.arg, 40),
                    kind=L.get(ans.other_kind["kind"], ""),
                    name=ans.other_kind["name"],
                    want=want,
                    cmd=cmd,
                )
            )
        else:
            head, _, tail = L["not_found"].partition("{q}")
            out.text(head)
            out.name(_short(ans.arg, 40), convert=False)  # what the user typed, as typed
            out.text(tail)
            if ans.candidates:
                out.text("\n" + L["suggest"] + L["sep"].join(c["name"] for c in ans.candidates))
    elif ans.status == "list" and ans.command == "search":
        out.text(L["search_head"].format(q=_short(ans.arg, 60)) + "\n")
        for h in ans.hits[:10]:
            out.text("• ")
            if h.get("entity") and h["entity"].get("name"):
                out.bold(h["entity"]["name"])
                out.text("：")
            _highlighted(out, h.get("highlight") or _short(h["canon"], 120))
            out.text("\n")
    elif ans.status == "mentioned":
        out.text(L["mentioned"].format(q=_short(ans.arg, 40)) + "\n")
        numbers: dict[str, int] = {}
        for f in ans.facts[:5]:
            src = f["sources"][0] if f["sources"] else None
            n = numbers.setdefault(src["article"], len(numbers) + 1) if src else 0
            out.text("• " + excerpt(f["canon"], [ans.arg]) + (f" [{n}]" if n else "") + "\n")
        titles = {f["sources"][0]["article"]: f["sources"][0] for f in ans.facts[:5] if f["sources"]}
        if numbers:
            out.text(L.get("sources", "来源") + "：\n")
            for aid, n in numbers.items():
                src = titles[aid]
                out.text(f"[{n}] ")
                out.link(src["title"] or aid, src.get("url") or "")
                out.text("\n")
    elif ans.status == "list":
        out.text(L["sources_head"].format(n=len(ans.hits)) + "\n")
        for i, a in enumerate(ans.hits, 1):
            out.text(f"[{i}] ")
            out.link(a["title"] or a["id"], a.get("url") or "")
            meta = L["sep"].join(x for x in (a.get("outlet"), a.get("date")) if x)
            out.text((f"（{meta}）" if meta else "") + f" · {a['id']}\n")
    elif ans.status == "error":
        if ans.problem == "too_long":
            out.text(L["too_long"].format(n=64 if ans.command != "search" else 256, **_ex(ans)))
        else:
            out.text(L["empty"].format(**_ex(ans)))
    else:
        if ans.problem == "unknown_command":
            out.text(L["unknown_command"] + "\n\n")
        out.text(L["help"].format(**_ex(ans)))
        out.text("\n\n" + L["help_corrections"].format(**_ex(ans)))
    text = out.value().strip()
    return fit(text, html_mode)


def _highlighted(out: Out, text: str) -> None:
    """Search excerpts carry their matched terms between marks: bold in HTML, plain elsewhere."""
    from bot.store.index import HL_OFF, HL_ON

    for i, part in enumerate(re.split(f"[{HL_ON}{HL_OFF}]", text)):
        if part:
            (out.bold if i % 2 else out.text)(part)


def _ex(ans: Answer) -> dict[str, str]:
    return {"person": "张三", "company": "某公司", "english": "ACME", "pinyin": "zhang san", **ans.examples}


def _card(ans: Answer, out: Out, L: dict[str, str]) -> None:
    e = ans.entity
    assert e is not None
    kind = e["kind"]
    out.bold(e["name"])
    if e.get("traditional") and e["traditional"] != e["name"] and ans.lang != "zh-hant":
        out.text("（")
        out.name(e["traditional"], convert=False)
        out.text("）")
    out.text(f" · {L.get(kind, kind)}\n")
    prof = corrections.marked_profile(ans.profile, ans.lang)  # 出生：1983（团队修订）
    sources: list[dict] = []

    def cite(item: dict) -> str:
        nums = []
        for src in item.get("sources", []):
            if not isinstance(src, dict):
                continue  # a record merged in by a correction carries fact ids, not articles
            if src["article"] not in [x["article"] for x in sources]:
                sources.append(src)
            nums.append(1 + [x["article"] for x in sources].index(src["article"]))
        return "".join(f"[{n}]" for n in sorted(set(nums)))

    for field_ in fields_for(kind):
        values = prof.get(field_) or []
        if field_ == "aliases":
            al = [a for a in e["aliases"] if a != e.get("traditional") or ans.lang == "zh-hant"]
            if ans.lang == "zh-hant":
                al = [a for a in al if a != e.get("traditional")]
            if al:
                out.text(f"{L['aliases']}{L['colon']}")
                out.name(L["sep"].join(al[:8]), convert=ans.lang == "zh-hant")
                out.text("\n")
            continue
        if not values:
            continue
        if field_ == "born":
            years = [v for v in values if v.get("year")]
            places = [v for v in values if v.get("place")]
            shown = [_v(v, cite, len(years) > 1) for v in years[:2]] + [v["value"] for v in places[:1]]
            out.text(f"{L['born']}{L['colon']}{L['sep'].join(shown)}\n")
            continue
        limit = {"education": 3, "related": 6, "founded": 3, "roles": 3, "products": 6, "figures": 4}.get(
            field_, 4
        )
        # A single-valued fact the articles disagree on (founded 2013 vs 2014, listed 11-21 vs 11-20)
        # shows every value with its own sources.
        disagree = field_ == "listing" and len({v.get("exchange") for v in values}) < len(values)
        disagree |= field_ == "founded" and kind != "person" and len(values) > 1
        chosen = values[: max(limit, 2 if disagree else limit)]
        shown = [_v(v, cite, disagree) for v in chosen]
        sep = "；" if field_ in ("education", "figures", "founded", "listing") else L["sep"]
        label = L["founded_org"] if field_ == "founded" and kind != "person" else L[field_]
        out.text(f"{label}{L['colon']}{sep.join(shown)}\n")
    page = max(0, ans.page)
    chosen = ans.facts[page * FACTS_PER_PAGE : (page + 1) * FACTS_PER_PAGE]
    if chosen:
        out.text(
            f"{L['facts']}"
            + (f"（{L['page'].format(p=page + 1)}）" if page else "")
            + f"{L['colon'].rstrip()}\n"
        )
        for f in time_order(chosen):
            nums = []
            for s in f["sources"]:
                key_ = s["article"]
                if key_ not in [x["article"] for x in sources]:
                    sources.append(s)
                nums.append(1 + [x["article"] for x in sources].index(key_))
            written = _written_text(ans, f)
            if written is not None:
                out.text("• ")
                out.name(written, convert=False)
                out.text(" " + "".join(f"[{n}]" for n in nums) + "\n")
            else:
                out.text(f"• {_fact_text(ans, f)} " + "".join(f"[{n}]" for n in nums) + "\n")
    if sources:
        out.text(f"{L['sources']}{L['colon'].rstrip()}\n")
        for i, s in enumerate(sources, 1):
            meta = L["sep"].join(x for x in (s.get("outlet"), s.get("date")) if x)
            out.text(f"[{i}] ")
            out.link(_short(_title(s), 40), s.get("url") or "")
            out.text((f"（{meta}）" if meta else "") + "\n")
    ans.sources = sources


def _v(item: dict, cite, with_sources: bool) -> str:
    return item["value"] + (cite(item) if with_sources else "")


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
            out.link(_short(_title(s), 60), s.get("url") or "")
            out.text((f"（{meta}）" if meta else "") + f" · {s['article']}\n")
    return fit(out.value().strip(), fmt == "html")


def fit(text: str, html_mode: bool) -> str:
    """At most 4096 UTF-16 units; cut at a line break and never inside an HTML tag or entity."""
    if utf16_len(text) <= LIMIT:
        return text
    lines = text.split("\n")
    while lines and utf16_len("\n".join(lines) + "\n…") > LIMIT:
        lines.pop()
    out = "\n".join(lines)
    if not lines:
        out = re.sub(r"<[^>]*>", "", text) if html_mode else text
        while utf16_len(out) > LIMIT - 2:
            out = out[: len(out) - max(1, (utf16_len(out) - LIMIT) // 2 + 1)]
        out = re.sub(r"&[a-z#0-9]*$", "", out)
    return out + "\n…"


def to_json(ans: Answer) -> dict:
    text = render(ans, "plain")
    ent = None
    if ans.entity:
        ent = {
            "id": ans.entity["id"],
            "name": ans.entity["name"],
            "kind": ans.entity["kind"],
            "aliases": ans.entity["aliases"],
        }
    # Each value keeps `value` and `sources`, adds the linked `entity` and its typed parts (DESIGN §2).
    profile = {
        k: [
            {
                **{p: x for p, x in v.items() if p not in ("sources", "facts", "parts", "articles")},
                **(v.get("parts") or {}),
                "value": v["value"],
                "entity": v.get("entity"),
                "sources": [
                    {"article": s["article"], "title": s["title"]}
                    for s in v.get("sources", [])
                    if isinstance(s, dict)
                ],
            }
            for v in vals
        ]
        for k, vals in ans.profile.items()
    }
    facts = [
        {
            "id": f["id"],  # what /hide takes
            "text": f["canon"],
            "original": f["text"],
            "type": f["type"],
            "year": f["year"],
            "date": f["date"],
            "source": {"article": f["sources"][0]["article"], "title": f["sources"][0]["title"]}
            if f["sources"]
            else None,
            "sources": [{"article": s["article"], "title": s["title"]} for s in f["sources"]],
        }
        for f in ans.facts
    ]
    status = (
        ans.status if ans.status in ("found", "ambiguous", "mentioned", "not_found", "error") else "found"
    )
    if ans.status in ("help", "list"):
        status = "found"
    out = {
        "query": ans.query,
        "command": ans.command,
        "status": status,
        "entity": ent,
        "candidates": ans.candidates,
        "profile": profile,
        "facts": facts,
        "text": text,
        "lang": ans.lang,
    }
    if ans.correction:
        out["correction"] = ans.correction
    if ans.command == "search":
        out["hits"] = [
            {
                "entity": h["entity"],
                "text": h["canon"],
                "type": h["type"],
                "source": {"article": h["sources"][0]["article"], "title": h["sources"][0]["title"]}
                if h["sources"]
                else None,
            }
            for h in ans.hits
        ]
    return out
