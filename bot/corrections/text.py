"""The words of team corrections, from the message catalogue (bot/data/messages/<lang>/corrections.yaml):
what a change does (`describe`, also stored with an undo), why one waits, the replies to a command."""

from __future__ import annotations

import html
import re
from typing import Any

from bot.corrections.model import (
    FIELD_LABELS,
    HISTORY,
    KIND_LABELS,
    UNALIAS,
    UNDO,
    Change,
    Done,
    History,
    HistoryRow,
    Reason,
    Result,
    fixable_fields,
)
from bot.messages import t
from bot.vocab import ENTITY_KINDS

ZH = "zh-hans"


def _lang(lang: str) -> str:
    """Replies are built in Simplified Chinese or English; a Traditional reply is converted whole."""
    return "en" if lang == "en" else ZH


def short(s: str, n: int) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def _join(items: list[str], lang: str = ZH) -> str:
    return t("common.sep", lang).join(items)


def kind_label(kind: str, lang: str = ZH, unknown: str | None = None) -> str:
    """人物, 公司… in Chinese (`unknown`, else the kind, for a kind without a label); in English the kind."""
    return kind if lang == "en" else KIND_LABELS.get(kind, kind if unknown is None else unknown)


def field_label(field_: str, lang: str = ZH) -> str:
    return field_ if lang == "en" else FIELD_LABELS.get(field_, field_)


def kinds_text(lang: str = ZH) -> str:
    return _join([t("corrections.item", lang, name=k, label=KIND_LABELS[k]) for k in ENTITY_KINDS], lang)


def fields_text(kind: str, lang: str = ZH) -> str:
    return _join(
        [t("corrections.item", lang, name=f, label=FIELD_LABELS[f]) for f in fixable_fields(kind)], lang
    )


def empty(lang: str = ZH) -> str:
    return t("corrections.empty", lang)


def _listed(key: str, items: list[str], lang: str, name: str) -> str:
    return t(key, lang, **{name: _join(items, lang)}) if items else ""


def error_params(code: str, params: dict[str, Any], named: list[tuple[str, str]], lang: str = ZH) -> dict:
    """A CorrectionError's typed values as its message's values (`named`: the candidates' name and kind)."""
    lang = _lang(lang)
    p = dict(params)
    if code == "ambiguous":
        items = [t("corrections.item", lang, name=n, label=kind_label(k, lang, "")) for n, k in named]
        return {"q": p["q"], "names": _join(items, lang)}
    if code == "not_found":
        return {"q": p["q"], "suggest": _listed("corrections.suggest", [n for n, _ in named], lang, "names")}
    if code == "alias_missing":
        have = _listed("corrections.have", p["aliases"], lang, "aliases")
        return {"alias": p["alias"], "name": p["name"], "have": have}
    if code == "merge_kinds":
        return {**p, "ka": kind_label(p["ka"], lang), "kb": kind_label(p["kb"], lang)}
    if code == "unknown_kind":
        return {**p, "kinds": kinds_text(lang)}
    if code == "same_kind":
        return {**p, "kind": kind_label(p["kind"], lang)}
    if code == "unknown_field":
        entity = t("corrections.entity", lang, name=p["name"], label=kind_label(p["kind"], lang, ""))
        return {"field": p["field"], "kind": entity, "fields": fields_text(p["kind"], lang)}
    if code == "bad_date":
        return {"label": field_label(p["field"], lang), "value": p["value"]}
    if code == "same_value":
        return {"name": p["name"], "label": field_label(p["field"], lang), "value": p["value"] or empty(lang)}
    return p


def describe(c: Change, lang: str = ZH) -> str:
    """One line saying what a change does, as history and replies show it."""
    key = f"corrections.describe.{c.op}"
    values: dict[str, Any] = {"name": c.target_name, "arg": c.arg, "old": c.old, "new": c.new}
    if c.op == "kind":
        values.update(old=kind_label(c.old, lang), new=kind_label(c.new, lang))
    elif c.op == "fix":
        values.update(
            label=field_label(c.field, lang),
            old=short(c.old, 30) or empty(lang),
            new=c.new or t("corrections.cleared", lang),
        )
    elif c.op == "hide":
        where = (
            t("corrections.describe.hide_everywhere", lang)
            if c.target == "*"
            else t("corrections.describe.hide_card", lang, name=c.target_name)
        )
        values.update(where=where, text=short(c.old or c.arg, 40))
    try:
        return t(key, lang, **values)
    except KeyError:
        return c.op


def reason(why: Reason | None, lang: str = ZH) -> str:
    return t(f"corrections.reason.{why.code}", lang, **why.values) if why else ""


def row_dict(r: HistoryRow, lang: str = ZH) -> dict:
    c = r.change
    return {
        "id": c.id,
        "time": c.ts,
        "user": c.user_name,
        "user_id": c.user_id,
        "chat": c.chat_id,
        "op": c.op,
        "entity": c.target_name,
        "field": c.field,
        "old": c.old,
        "new": c.new,
        "what": describe(c, lang),
        "status": r.status,
        "undone_by": c.undone_by,
        "reason": reason(r.reason, lang),
    }


def result_dict(result: Result, lang: str = ZH) -> dict:
    """A command's result as the answer's `correction` (and the JSON) carry it."""
    lang = _lang(lang)
    if isinstance(result, History):
        rows = [row_dict(r, lang) for r in result.rows]
        return {"op": HISTORY, "entity": result.entity, "title": result.title, "rows": rows}
    assert isinstance(result, Done)
    c = result.change
    if result.undone is not None:
        what = describe(result.undone, lang)
        out = {"op": UNDO, "change": c.id, "undone": result.undone.id, "what": what, "entity": result.entity}
        if result.overridden_by is not None:
            out["overridden_by"] = result.overridden_by.id
            out["still"] = describe(result.overridden_by, lang)
        return out
    out = {"op": c.op, "change": c.id, "what": describe(c, lang), "entity": result.entity}
    if result.fact is not None:
        out["fact"] = result.fact
    return out


def message(code: str, lang: str = ZH, **params: Any) -> str:
    return t(f"corrections.error.{code}", lang, **params)


def reply_text(ans: Any) -> str:
    """The plain text of a correction reply (the renderer escapes it for HTML)."""
    lang = _lang(ans.lang)
    c = ans.correction
    if not c.get("ok"):
        code = c.get("error", "usage")
        params = dict(c.get("params") or {})
        if code == "usage":
            ex = {
                "person": t("corrections.example.person", lang),
                "company": t("corrections.example.company", lang),
                **ans.examples,
            }
            op = params.get("op", ans.command)
            op = "alias" if op == UNALIAS else op
            try:
                usage = t(f"corrections.usage.{op}", lang)
            except KeyError:
                usage = t("corrections.usage.alias", lang)
            return message("usage", lang, usage=usage.format(kinds=kinds_text(lang), **ex))
        try:
            return message(code, lang, **params).strip()
        except KeyError:
            return code.format(**params).strip()
    op = c["op"]
    if op == HISTORY:
        return _history_text(c, lang)
    if op == UNDO:
        done = t("corrections.reply.undone", lang, undone=c["undone"], what=c["what"], change=c["change"])
        if c.get("overridden_by"):
            done += t("corrections.reply.undone_overridden", lang, by=c["overridden_by"], what=c["still"])
        return done
    return t("corrections.reply.done", lang, what=c["what"], change=c["change"])


def _history_text(c: dict, lang: str) -> str:
    if c.get("title"):
        lines = [t("corrections.reply.history_of", lang, title=c["title"])]
    else:
        lines = [t("corrections.reply.history_recent", lang)]
    for r in c["rows"]:
        when = r["time"].replace("T", " ")[:16] + " UTC"
        note = ""
        if r["status"] == "undone":
            note = t("corrections.reply.row_undone", lang, by=r["undone_by"])
        elif r["status"] == "orphan":
            note = t("corrections.reply.row_orphan", lang, reason=r["reason"])
        lines.append(
            t(
                "corrections.reply.row",
                lang,
                id=r["id"],
                when=when,
                user=r["user"] or r["user_id"],
                what=r["what"],
                note=note,
            )
        )
    return "\n".join(lines)


def render_reply(ans: Any, html_mode: bool) -> str:
    text = reply_text(ans)
    if ans.lang == "zh-hant":
        from bot.normalize import to_traditional

        text = to_traditional(text)
    return html.escape(text, quote=False) if html_mode else text


def marked_profile(profile: dict[str, list[dict]], lang: str) -> dict[str, list[dict]]:
    """The profile with the team's mark on corrected values, for display (出生：1983（团队修订）)."""
    mark = t("corrections.mark", "en" if lang == "en" else ZH)
    return {
        k: [{**v, "value": f"{v['value']}{mark}"} if v.get("corrected") else v for v in vals]
        for k, vals in profile.items()
    }
