"""Team corrections: stored apart from extraction, applied on top of it at every load.

A correction is one row in its own SQLite file next to the index (`<index>.corrections.sqlite`, or
`corrections.path` in config/settings.yaml); `ingest` never writes it. Rows name their targets by stable
keys — an entity's name key (bot.normalize.name_key) and a fact's `facts.key` — never by row ids, so a
rebuilt index gets every correction back. A correction whose target is gone is kept and reported.

Three parts: the store (`Store`), the parser and executor of the chat commands (`parse`, `execute`),
and the two places corrections meet the index: `apply_to_index` (names, kinds, merges, at load) and
`apply_to_answer` (fixed values, hidden facts, merged facts, removed names, when a card is built).
"""

from __future__ import annotations

import html
import json
import logging
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import FactbotError
from bot.normalize import clean_surface, name_key, pinyin_key, strip_legal_suffix
from bot.vocab import (
    ENTITY_KINDS,
    FIELD_LABELS_ZH,
    KIND_LABELS_ZH,
    ORG_FIELDS,
    PERSON_FIELDS,
    PERSON_KINDS,
    fields_for,
)

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.store.index import Index

log = logging.getLogger("factbot.corrections")

# ---- vocabulary of the commands ------------------------------------------------------------------
ALIAS, UNALIAS, MERGE, SPLIT, KIND, NOTENTITY, FIX, HIDE, UNDO = (
    "alias",
    "unalias",
    "merge",
    "split",
    "kind",
    "notentity",
    "fix",
    "hide",
    "undo",
)
HISTORY = "history"
# What a user types; `unalias` is `/alias -NAME = ALIAS`.
COMMANDS = ("alias", "merge", "split", "kind", "notentity", "fix", "hide", "history", "undo")
READ_ONLY = frozenset({HISTORY})

KIND_LABELS = KIND_LABELS_ZH
KIND_WORDS = {**{k: k for k in ENTITY_KINDS}, **{v: k for k, v in KIND_LABELS.items()}, "org": "organization"}
FIELD_LABELS = FIELD_LABELS_ZH
# Set with their own commands (/alias) or computed from other entities: not typed values.
_NOT_FIXABLE = frozenset({"aliases", "related"})
FIELD_WORDS = {
    **{f: f for f in (*PERSON_FIELDS, *ORG_FIELDS)},
    **{v: k for k, v in FIELD_LABELS.items()},
    "成立": "founded",
    "生日": "born",
    "出生年份": "born",
    "职务": "roles",
    "role": "roles",
}
CLEAR_WORDS = frozenset({"-", "无", "清空", "删除", "none"})


def fixable_fields(kind: str) -> tuple[str, ...]:
    return tuple(f for f in fields_for(kind) if f not in _NOT_FIXABLE)


def is_date_field(field_: str, kind: str) -> bool:
    """born is a date for everyone; founded is a date for an organisation and organisations for a person."""
    return field_ == "born" or (field_ == "founded" and kind not in PERSON_KINDS)


_DATE = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?$")


def parse_date(text: str) -> dict[str, Any] | None:
    """1983 / 1983年 / 2013-04 / 2013年4月 / 2013-04-05 → typed parts and a display value, else None."""
    m = _DATE.match(clean_surface(text))
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    this_year = datetime.now(UTC).year
    if not 1800 <= year <= this_year + 1 or (month and not 1 <= month <= 12) or (day and not 1 <= day <= 31):
        return None
    value = f"{year}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    parts: dict[str, Any] = {"year": year}
    if month:
        parts["month"] = month
    if day:
        parts["day"] = day
    return {"value": value, **parts}


# ---- errors --------------------------------------------------------------------------------------
class CorrectionError(FactbotError):
    """Bad input to a correction command; `code` picks the message, `params` fill it."""

    def __init__(self, code: str, status: str = "error", **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.status = status
        self.params = params


MESSAGES = {
    "usage": "用法：{usage}",
    "too_long": "太长了：名字和值最多 {n} 个字。",
    "not_found": "没有找到“{q}”。{suggest}",
    "ambiguous": "“{q}”可能指好几个条目，请写全名：{names}",
    "refused_admins": "抱歉，只有机器人的管理员可以修订资料。可以请管理员帮忙修改。",
    "refused_group_admins": "抱歉，只有本群的管理员可以修订资料。可以请群管理员帮忙修改。",
    "alias_taken": "“{alias}”已经是「{other}」的名字或别名了。如果「{name}」和「{other}」是同一个，请用 /merge {name} = {other}",
    "alias_exists": "“{alias}”已经是「{name}」的别名了。",
    "alias_missing": "「{name}」没有别名“{alias}”。{have}",
    "alias_is_name": "“{alias}”是「{name}」的正式名称，不能作为别名删除。",
    "merge_kinds": "「{a}」是{ka}，「{b}」是{kb}：人物和公司不能合并。",
    "merge_same": "「{a}」和“{b}”已经是同一个条目。",
    "split_not_one": "“{a}”和“{b}”本来就是两个条目，不需要拆分。",
    "unknown_kind": "不认识类型“{kind}”。可以用：{kinds}",
    "same_kind": "「{name}」已经是{kind}了。",
    "unknown_field": "不认识字段“{field}”。{kind}可以修改：{fields}",
    "bad_date": "{label}要写成年份或日期，例如 1983、2013-04、2013-04-05；“{value}”不是日期。",
    "same_value": "「{name}」的{label}已经是 {value} 了。",
    "empty_value": "请写上新的值，例如 /fix {name} {field} …；要清空请写 -",
    "fact_not_found": "没有编号为 {n} 的要点。编号见卡片下的“隐藏要点”按钮。",
    "already_hidden": "这条要点已经隐藏了。",
    "undo_unknown": "没有编号为 #{n} 的修订。编号见 /history。",
    "undo_done": "修订 #{n} 已经撤销过了。",
    "undo_none": "你还没有可以撤销的修订。要撤销别人的修订，请写编号，例如 /undo 3（编号见 /history）。",
    "undo_undo": "#{n} 本身是一次撤销，不能再撤销；需要的话请重新提交那条修订。",
    "no_history": "“{q}”还没有修订记录。",
    "nothing": "还没有任何修订。",
    "store_broken": "抱歉，修订记录文件现在无法写入，这次修订没有保存。请告诉管理员。",
}
USAGE = {
    "alias": "/alias 名字 = 别名，例如 /alias {person} = 某别名；删除：/alias -{person} = 某别名",
    "merge": "/merge 名字 = 另一个名字（两张卡片其实是同一个），例如 /merge {company} = 某简称",
    "split": "/split 名字 = 别名（被当成一个的其实是两个），例如 /split {company} = 某简称",
    "kind": "/kind 名字 类型，例如 /kind {company} company。类型：{kinds}",
    "notentity": "/notentity 名字（这个词不是人物或公司），例如 /notentity 某个词",
    "fix": "/fix 名字 字段 值，例如 /fix {person} born 1983 或 /fix {company} founded 2013-04",
    "hide": "/hide 要点编号，例如 /hide 12（编号见卡片下的“隐藏要点”按钮）",
    "history": "/history 名字，例如 /history {person}",
    "undo": "/undo 修订编号，例如 /undo 3（编号见 /history）；只写 /undo 撤销自己最近的一条",
}
HELP_LINES = (
    "团队修订（抽取错了就改，重建索引后照样生效）：\n"
    "/alias {person} = 某别名 — 加别名（/alias -{person} = 某别名 删除）\n"
    "/merge {company} = 某简称 — 两张卡片合成一个；/split 拆开\n"
    "/kind {company} company — 改类型\n"
    "/notentity 某个词 — 这个词不是条目\n"
    "/fix {person} born 1983 — 改资料\n"
    "/hide 12 — 隐藏一条要点（卡片下也有按钮）\n"
    "/history {person} — 修订记录；/undo 3 — 撤销第 3 条"
)
MARK = {"zh": "（团队修订）", "en": " (team edit)"}


def kinds_text() -> str:
    return "、".join(f"{k}（{KIND_LABELS[k]}）" for k in ENTITY_KINDS)


def fields_text(kind: str) -> str:
    return "、".join(f"{f}（{FIELD_LABELS[f]}）" for f in fixable_fields(kind))


# ---- who is correcting ---------------------------------------------------------------------------
@dataclass
class Actor:
    user_id: int
    name: str
    chat_id: int = 0
    allowed: bool = True
    mode: str = "everyone"  # the setting that decided `allowed`: everyone | group_admins | admins


WHO_MODES = ("everyone", "group_admins", "admins")


def who_may_correct(settings) -> str:
    mode = str((getattr(settings, "corrections", None) or {}).get("who") or "everyone")
    return mode if mode in WHO_MODES else "admins"  # an unknown setting errs on the safe side


# ---- the store -----------------------------------------------------------------------------------
_SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, user_id INTEGER, user_name TEXT, chat_id INTEGER,
    op TEXT NOT NULL, target TEXT NOT NULL, target_name TEXT NOT NULL, person INTEGER,
    arg TEXT NOT NULL DEFAULT '', arg_key TEXT NOT NULL DEFAULT '', field TEXT NOT NULL DEFAULT '',
    old TEXT NOT NULL DEFAULT '', new TEXT NOT NULL DEFAULT '', parts TEXT NOT NULL DEFAULT '{}',
    undone_by INTEGER);
CREATE INDEX IF NOT EXISTS changes_target ON changes(target);
"""


@dataclass
class Change:
    id: int
    ts: str
    user_id: int
    user_name: str
    chat_id: int
    op: str
    target: str  # name key of the entity, or "*" for a fact hidden everywhere
    target_name: str
    person: bool | None
    arg: str = ""  # the alias, the other entity's name, the kind, the fact text or the undone change id
    arg_key: str = ""  # name key of arg, or the fact key
    field: str = ""
    old: str = ""
    new: str = ""
    parts: dict[str, Any] = _field(default_factory=dict)
    undone_by: int | None = None

    @property
    def active(self) -> bool:
        return self.op != UNDO and self.undone_by is None


def store_path(index_path: Path) -> Path:
    """`corrections.path` from the settings, else `<index>.corrections.sqlite` beside the index."""
    from bot.settings import PROJECT_ROOT, load_settings

    configured = (getattr(load_settings(), "corrections", None) or {}).get("path")
    if configured:
        p = Path(str(configured))
        return p if p.is_absolute() else PROJECT_ROOT / p
    return Path(index_path).with_suffix(".corrections.sqlite")


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.executescript(_SCHEMA)
        return conn

    def changes(self) -> list[Change]:
        """Every change in the order made; none when the file does not exist (reading never creates it)."""
        if not self.path.exists():
            return []
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)
            rows = conn.execute(
                "SELECT id, ts, user_id, user_name, chat_id, op, target, target_name, person, arg, arg_key,"
                " field, old, new, parts, undone_by FROM changes ORDER BY id"
            ).fetchall()
            conn.close()
        except sqlite3.DatabaseError as exc:  # unreadable: answer from extraction alone, never overwrite it
            log.warning("corrections file %s unreadable: %s", self.path, exc)
            return []
        return [
            Change(
                r[0],
                r[1],
                r[2] or 0,
                r[3] or "",
                r[4] or 0,
                r[5],
                r[6],
                r[7],
                None if r[8] is None else bool(r[8]),
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                json.loads(r[14] or "{}"),
                r[15],
            )
            for r in rows
        ]

    def add(self, actor: Actor, c: Change) -> int:
        try:
            return self._add(actor, c)
        except sqlite3.DatabaseError as exc:
            log.error("cannot write %s: %s", self.path, exc)
            raise CorrectionError("store_broken") from exc

    def _add(self, actor: Actor, c: Change) -> int:
        conn = self._connect()
        with conn:
            cur = conn.execute(
                "INSERT INTO changes (ts, user_id, user_name, chat_id, op, target, target_name, person, arg,"
                " arg_key, field, old, new, parts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    actor.user_id,
                    actor.name,
                    actor.chat_id,
                    c.op,
                    c.target,
                    c.target_name,
                    None if c.person is None else int(c.person),
                    c.arg,
                    c.arg_key,
                    c.field,
                    c.old,
                    c.new,
                    json.dumps(c.parts, ensure_ascii=False),
                ),
            )
            cid = int(cur.lastrowid or 0)
            if c.op == UNDO:
                conn.execute("UPDATE changes SET undone_by=? WHERE id=?", (cid, int(c.arg)))
        conn.close()
        return cid


# ---- applied state -------------------------------------------------------------------------------
@dataclass
class State:
    """What the active corrections did to one loaded index."""

    path: Path
    changes: list[Change] = _field(default_factory=list)
    orphans: dict[int, str] = _field(default_factory=dict)  # change id -> why its target is not there
    merged: dict[int, list[int]] = _field(default_factory=dict)  # surviving entity -> entities merged in
    removed: dict[int, str] = _field(default_factory=dict)  # /notentity: entity id -> its name
    fixes: dict[int, dict[str, Change]] = _field(default_factory=lambda: defaultdict(dict))
    # entity (0: every card) -> fact id -> the change that hid it
    hidden: dict[int, dict[int, int]] = _field(default_factory=lambda: defaultdict(dict))
    touched: dict[int, list[int]] = _field(default_factory=lambda: defaultdict(list))  # eid -> change ids

    @property
    def any(self) -> bool:
        return any(c.active for c in self.changes)

    def by_id(self, cid: int) -> Change | None:
        return next((c for c in self.changes if c.id == cid), None)


def _find(index: Index, key: str, person: bool | None = None) -> int | None:
    """The entity a stored key names now: its own name first, then an alias; same person-ness preferred."""
    ids = [e for e in index.by_key.get(key, ()) if e in index.entities]
    if not ids:
        return None

    def rank(eid: int) -> tuple:
        ent = index.entities[eid]
        return (
            name_key(ent.name) != key,
            person is not None and (ent.kind in PERSON_KINDS) != person,
            -ent.mentions,
            eid,
        )

    return min(ids, key=rank)


def _name_keys(name: str) -> set[str]:
    k = name_key(name)
    return {k, strip_legal_suffix(k)} if k else set()


def _add_name(index: Index, eid: int, alias: str, typ: str) -> None:
    ent = index.entities[eid]
    key = name_key(alias)
    if eid in index.by_key.get(key, ()):
        return
    py = pinyin_key(alias)
    index.by_key[key].add(eid)
    if py:
        index.by_pinyin[py].add(eid)
    index.keys.append((key, py, eid))
    if alias != ent.name and all(a != alias for a, _ in ent.aliases):
        ent.aliases.append((alias, typ))


def _drop_name(index: Index, eid: int, key: str) -> bool:
    """Take one alias (by key) away from an entity; the keys its other names give stay."""
    ent = index.entities[eid]
    if eid not in index.by_key.get(key, ()):
        return False
    ent.aliases = [(a, t) for a, t in ent.aliases if name_key(a) != key]
    keep: set[str] = set()
    for n in [ent.name, ent.traditional, *(a for a, _ in ent.aliases)]:
        if n:
            keep |= _name_keys(n)
    gone = {key, strip_legal_suffix(key)} - keep
    rows = [r for r in index.keys if r[2] == eid and r[0] in gone]
    index.keys = [r for r in index.keys if not (r[2] == eid and r[0] in gone)]
    kept_pinyin = {p for k, p, e in index.keys if e == eid}
    for k, p, _ in rows:
        index.by_key[k].discard(eid)
        if p and p not in kept_pinyin:
            index.by_pinyin[p].discard(eid)
    return True


def _move(index: Index, src: int, dst: int | None) -> None:
    """Every name of `src` now points to `dst` (merge), or to nothing (not an entity)."""
    rows = [r for r in index.keys if r[2] == src]
    for k, p, _ in rows:
        index.by_key[k].discard(src)
        if p:
            index.by_pinyin[p].discard(src)
        if dst is not None:
            index.by_key[k].add(dst)
            if p:
                index.by_pinyin[p].add(dst)
    index.keys = [
        (k, p, dst) if e == src else (k, p, e) for k, p, e in index.keys if e != src or dst is not None
    ]


def _apply_one(index: Index, st: State, c: Change) -> str:
    """Apply one change to the loaded names; returns why it could not be (target gone), else ''."""
    if c.op == HIDE and c.target == "*":
        eid = 0
    else:
        found = _find(index, c.target, c.person)
        if found is None:
            return f"「{c.target_name}」已不在索引中"
        eid = found
    if c.op == ALIAS:
        key = name_key(c.arg)
        owners = [e for e in index.by_key.get(key, ()) if e in index.entities and e != eid]
        own_name = [e for e in owners if name_key(index.entities[e].name) == key]
        if own_name:
            return f"“{c.arg}”现在是「{index.entities[own_name[0]].name}」的名字"
        for e in owners:  # the team's alias wins over an alias extraction gave someone else
            _drop_name(index, e, key)
        _add_name(index, eid, c.arg, "team")
    elif c.op in (UNALIAS, SPLIT):
        if not _drop_name(index, eid, c.arg_key):
            return f"「{c.target_name}」已经没有别名“{c.arg}”"
    elif c.op == MERGE:
        other = _find(index, c.arg_key, c.person)
        if other is None:
            return f"「{c.arg}」已不在索引中"
        if other != eid:
            a, b = index.entities[eid], index.entities[other]
            if (a.kind in PERSON_KINDS) != (b.kind in PERSON_KINDS):
                return f"「{a.name}」和「{b.name}」现在一个是人物一个不是"
            _move(index, other, eid)
            for alias in [(b.name, "merged"), *b.aliases]:
                if alias[0] != a.name and all(x != alias[0] for x, _ in a.aliases):
                    a.aliases.append(alias)
            a.mentions += b.mentions
            del index.entities[other]
            st.merged.setdefault(eid, []).extend([other, *st.merged.pop(other, [])])
            st.touched[eid].extend(st.touched.pop(other, []))
    elif c.op == KIND:
        index.entities[eid].kind = c.new
    elif c.op == NOTENTITY:
        st.removed[eid] = index.entities[eid].name
        _move(index, eid, None)
        del index.entities[eid]
    elif c.op == FIX:
        st.fixes[eid][c.field] = c
    elif c.op == HIDE:
        row = index.conn.execute("SELECT id FROM facts WHERE key=?", (c.arg_key,)).fetchone()
        if row is None:
            return "这条要点已不在索引中"
        st.hidden[eid][int(row[0])] = c.id
    if eid:
        st.touched[eid].append(c.id)
    return ""


def apply_to_index(index: Index) -> State:
    """Called once when an Index loads: the active corrections, in the order made, on its name tables."""
    st = State(store_path(index.path))
    st.changes = Store(st.path).changes()
    if not st.any:
        return st
    active = [c for c in st.changes if c.active]
    # A split undoes the latest earlier merge of the same two names; both then do nothing.
    cancelled: set[int] = set()
    for i, c in enumerate(active):
        if c.op != SPLIT:
            continue
        for m in reversed(active[:i]):
            if m.op == MERGE and m.id not in cancelled and {m.target, m.arg_key} == {c.target, c.arg_key}:
                cancelled |= {m.id, c.id}
                break
    for c in active:
        if c.id in cancelled:
            continue
        try:
            why = _apply_one(index, st, c)
        except (
            KeyError,
            ValueError,
            TypeError,
            sqlite3.DatabaseError,
        ) as exc:  # one bad row never stops a load
            log.warning("correction #%s not applied: %s", c.id, exc)
            why = f"无法应用（{exc}）"
        if why:
            st.orphans[c.id] = why
    index._grams = None  # n-gram tables are rebuilt from the corrected keys on next use
    return st


def state_of(index: Index) -> State | None:
    return getattr(index, "corrections", None)


# ---- on a built answer ---------------------------------------------------------------------------
def _item(v: Any) -> dict:
    """A profile value as a dict whether the index gives tuples (value, sources) or typed records."""
    if isinstance(v, dict):
        return dict(v)
    if hasattr(v, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(v)
    return {"value": v[0], "sources": v[1]}


def _names_removed(item: dict, names: set[str], ids: set[int]) -> bool:
    if item.get("id") in ids or item.get("entity") in ids:
        return True
    head = re.split(r"[（(：:\s]", str(item.get("value", "")), maxsplit=1)[0]
    return head in names


def apply_to_answer(index: Index, ans: Answer) -> Answer:
    """Corrections on a built card (fixed values, hidden and merged facts, removed names) or search list."""
    st = state_of(index)
    if st is None or not st.any:
        return ans
    removed_ids, removed_names = set(st.removed), set(st.removed.values())
    if ans.command == "search":
        everywhere = st.hidden.get(0, {})
        ans.hits = [
            h
            for h in ans.hits
            if h["entity"]["id"] not in removed_ids
            and h["id"] not in everywhere
            and h["id"] not in st.hidden.get(h["entity"]["id"], {})
        ]
        return ans
    if ans.status != "found" or not ans.entity:
        return ans
    eid = ans.entity["id"]
    absorbed = st.merged.get(eid, [])
    if absorbed:
        from bot.answer import rank_facts

        seen = {f["id"] for f in ans.facts}
        extra = []
        for b in absorbed:
            for f in index.facts_for(b):
                if f["id"] not in seen:
                    seen.add(f["id"])
                    extra.append(f)
            for field_, values in index.profile(b).items():
                if field_ == "related":
                    continue
                items = ans.profile.setdefault(field_, [])
                have = {i["value"] for i in items}
                items.extend(i for i in map(_item, values) if i["value"] not in have)
        ans.facts = rank_facts(ans.facts + extra)
    hidden = {**st.hidden.get(0, {}), **st.hidden.get(eid, {})}
    if hidden:
        ans.facts = [f for f in ans.facts if f["id"] not in hidden]
    if removed_ids:
        for field_ in list(ans.profile):
            ans.profile[field_] = [
                i for i in ans.profile[field_] if not _names_removed(i, removed_names, removed_ids)
            ]
        for n in removed_names:
            ans.names.pop(n, None)
    for field_, c in st.fixes.get(eid, {}).items():
        if c.new:
            ans.profile[field_] = [
                {"value": c.new, "sources": [], "entity": None, **c.parts, "corrected": True, "change": c.id}
            ]
        else:
            ans.profile.pop(field_, None)
    ans.profile = {k: v for k, v in ans.profile.items() if v}
    ans.correction = {"changes": list(st.touched.get(eid, []))}
    return ans


def marked_profile(profile: dict[str, list[dict]], lang: str) -> dict[str, list[dict]]:
    """The profile with the team's mark on corrected values, for display (出生：1983（团队修订）)."""
    mark = MARK["en" if lang == "en" else "zh"]
    return {
        k: [{**v, "value": f"{v['value']}{mark}"} if v.get("corrected") else v for v in vals]
        for k, vals in profile.items()
    }


# ---- parsing the commands ------------------------------------------------------------------------
@dataclass
class Request:
    op: str
    name: str = ""
    other: str = ""  # the alias, or the second entity
    field: str = ""
    value: str = ""
    number: int = 0  # fact id (/hide) or change id (/undo)
    entity_id: int | None = None  # set by buttons, which know the card they are under


_QUOTES = "\"'“”‘’「」『』《》〈〉"


def _name(text: str) -> str:
    text = text.strip().lstrip("@＠").strip()
    while text and (text[0] in _QUOTES or text[-1] in _QUOTES):
        text = text.strip(_QUOTES).strip()
    return text


def _pair(op: str, arg: str) -> tuple[str, str]:
    if "=" in arg:
        left, _, right = arg.partition("=")
    else:
        parts = arg.split()
        if len(parts) != 2:
            raise CorrectionError("usage", op=op)
        left, right = parts
    left, right = _name(left), _name(right)
    if not name_key(left) or not name_key(right):
        raise CorrectionError("usage", op=op)
    return left, right


def _number(op: str, text: str) -> int:
    text = text.strip().lstrip("#＃")
    if not text.isdigit() or len(text) > 12:
        raise CorrectionError("usage", op=op)
    return int(text)


def parse(command: str, arg: str, limit: int = 64) -> Request:
    """A correction command's argument as a Request; CorrectionError with a clear reason otherwise."""
    arg = clean_surface(arg)
    if command not in (HISTORY, UNDO) and not arg:
        raise CorrectionError("usage", op=command)
    if len(arg) > 3 * limit + 8:
        raise CorrectionError("too_long", n=limit)
    if command == "alias":
        remove = arg.startswith(("-", "－"))
        left, right = _pair("alias", arg.lstrip("-－"))
        req = Request(UNALIAS if remove else ALIAS, left, right)
    elif command in (MERGE, SPLIT):
        left, right = _pair(command, arg)
        req = Request(command, left, right)
    elif command == KIND:
        name, _, kind = arg.rpartition("=") if "=" in arg else arg.rpartition(" ")
        if not name.strip() or not kind.strip():
            raise CorrectionError("usage", op=command)
        req = Request(KIND, _name(name), value=kind.strip())
    elif command == NOTENTITY:
        req = Request(NOTENTITY, _name(arg))
    elif command == FIX:
        tokens = arg.split(" ")
        at = next((i for i in range(1, len(tokens)) if tokens[i].lower() in FIELD_WORDS), None)
        if at is None:
            if len(tokens) < 3:
                raise CorrectionError("usage", op=command)
            at = len(tokens) - 2  # the word before the value is meant as the field
        req = Request(
            FIX, _name(" ".join(tokens[:at])), field=tokens[at], value=" ".join(tokens[at + 1 :]).strip()
        )
        if not req.name:
            raise CorrectionError("usage", op=command)
    elif command == HIDE:
        first, _, rest = arg.partition(" ")
        req = Request(HIDE, _name(rest), number=_number(command, first))
    elif command == HISTORY:
        req = Request(HISTORY, _name(arg))
    elif command == UNDO:
        req = Request(UNDO, number=_number(command, arg) if arg else 0)  # 0: my latest change
    else:
        raise CorrectionError("usage", op=command)
    for part in (req.name, req.other, req.value):
        if len(part) > limit:
            raise CorrectionError("too_long", n=limit)
    if req.name and not name_key(req.name):
        raise CorrectionError("usage", op=command)
    return req


# ---- executing them ------------------------------------------------------------------------------
def _entity(index: Index, name: str) -> int:
    """Corrections need the exact entity: an exact or pinyin match; a near one is offered, not guessed."""
    from bot.query import resolve

    res = resolve(index, name)
    if res.status == "found" and res.tier in ("exact", "pinyin") and res.entity is not None:
        return res.entity
    if res.status == "ambiguous" and res.tier in ("exact", "pinyin"):
        names = "、".join(
            f"{index.entities[e].name}（{KIND_LABELS.get(index.entities[e].kind, '')}）"
            for e, _ in res.candidates
        )
        raise CorrectionError("ambiguous", status="ambiguous", q=name, names=names, candidates=res.candidates)
    cands = [(e, s) for e, s in res.candidates if e in index.entities][:3]
    if res.entity is not None and all(e != res.entity for e, _ in cands):
        cands.insert(0, (res.entity, 100.0))
    suggest = ("你是不是要找：" + "、".join(index.entities[e].name for e, _ in cands)) if cands else ""
    raise CorrectionError("not_found", status="not_found", q=name, suggest=suggest, candidates=cands)


def _exact_ids(index: Index, name: str) -> set[int]:
    key = name_key(name)
    return {e for e in index.by_key.get(key, set()) if e in index.entities}


def _change(index: Index, eid: int, op: str, **kw: Any) -> Change:
    ent = index.entities[eid]
    return Change(0, "", 0, "", 0, op, name_key(ent.name), ent.name, ent.kind in PERSON_KINDS, **kw)


def execute(index: Index, req: Request, actor: Actor | None) -> dict:
    """Run one correction against the live index; returns what happened (raises CorrectionError)."""
    st = state_of(index) or State(store_path(index.path))
    if req.op == HISTORY:
        return _history(index, st, req)
    if actor is None or not actor.allowed:
        raise CorrectionError(
            "refused_group_admins" if actor and actor.mode == "group_admins" else "refused_admins"
        )
    store = Store(st.path)
    if req.op == UNDO:
        if req.number == 0:
            mine = [x for x in st.changes if x.active and x.user_id == actor.user_id]
            if not mine:
                raise CorrectionError("undo_none")
            req = Request(UNDO, number=mine[-1].id)
        c = st.by_id(req.number)
        if c is None:
            raise CorrectionError("undo_unknown", n=req.number)
        if c.op == UNDO:
            raise CorrectionError("undo_undo", n=req.number)
        if c.undone_by is not None:
            raise CorrectionError("undo_done", n=req.number)
        undo = Change(0, "", 0, "", 0, UNDO, c.target, c.target_name, c.person, str(c.id), c.arg_key, c.field)
        undo.old, undo.new = describe(c), ""
        cid = store.add(actor, undo)
        return {
            "op": UNDO,
            "change": cid,
            "undone": c.id,
            "what": describe(c),
            "entity": _entity_of(index, c),
        }
    eid = req.entity_id if req.entity_id in index.entities else None
    if req.op == ALIAS and not _exact_ids(index, req.name) and _exact_ids(index, req.other):
        req = Request(ALIAS, req.other, req.name)  # `/alias 南瓜张 = 张楠赓`: the new name on the left
    if eid is None and req.name:
        eid = _entity(index, req.name)
    if req.op == HIDE:
        return _hide(index, st, store, req, eid, actor)
    assert eid is not None
    ent = index.entities[eid]
    if req.op == ALIAS:
        alias = req.other
        other_ids = _exact_ids(index, alias) - {eid}
        if eid in _exact_ids(index, alias):
            raise CorrectionError("alias_exists", alias=alias, name=ent.name)
        if other_ids:
            other = index.entities[min(other_ids, key=lambda e: -index.entities[e].mentions)]
            raise CorrectionError("alias_taken", alias=alias, other=other.name, name=ent.name)
        c = _change(index, eid, ALIAS, arg=alias, arg_key=name_key(alias), new=alias)
    elif req.op == UNALIAS:
        key = name_key(req.other)
        if key == name_key(ent.name):
            raise CorrectionError("alias_is_name", alias=req.other, name=ent.name)
        if eid not in _exact_ids(index, req.other):
            have = "、".join(a for a, _ in ent.aliases[:8])
            raise CorrectionError(
                "alias_missing", alias=req.other, name=ent.name, have=f"现有别名：{have}" if have else ""
            )
        c = _change(index, eid, UNALIAS, arg=req.other, arg_key=key, old=req.other)
    elif req.op == MERGE:
        other_id = _entity(index, req.other)
        if other_id == eid:
            raise CorrectionError("merge_same", a=ent.name, b=req.other)
        other = index.entities[other_id]
        if (ent.kind in PERSON_KINDS) != (other.kind in PERSON_KINDS):
            raise CorrectionError(
                "merge_kinds",
                a=ent.name,
                b=other.name,
                ka=KIND_LABELS.get(ent.kind, ent.kind),
                kb=KIND_LABELS.get(other.kind, other.kind),
            )
        c = _change(index, eid, MERGE, arg=other.name, arg_key=name_key(other.name), new=other.name)
    elif req.op == SPLIT:
        key = name_key(req.other)
        if key == name_key(ent.name) or eid not in _exact_ids(index, req.other):
            raise CorrectionError("split_not_one", a=ent.name, b=req.other)
        c = _change(index, eid, SPLIT, arg=req.other, arg_key=key, old=req.other)
    elif req.op == KIND:
        kind = KIND_WORDS.get(req.value.lower())
        if kind is None:
            raise CorrectionError("unknown_kind", kind=req.value, kinds=kinds_text())
        if kind == ent.kind:
            raise CorrectionError("same_kind", name=ent.name, kind=KIND_LABELS[kind])
        c = _change(index, eid, KIND, field="kind", old=ent.kind, new=kind)
    elif req.op == NOTENTITY:
        c = _change(index, eid, NOTENTITY, old=ent.name)
    elif req.op == FIX:
        c = _fix(index, st, eid, req)
    else:
        raise CorrectionError("usage", op=req.op)
    c.id = store.add(actor, c)
    return {"op": c.op, "change": c.id, "what": describe(c), "entity": eid if c.op != NOTENTITY else None}


def _fix(index: Index, st: State, eid: int, req: Request) -> Change:
    ent = index.entities[eid]
    field_ = FIELD_WORDS.get(req.field.lower(), "")
    if field_ not in fixable_fields(ent.kind):
        raise CorrectionError(
            "unknown_field",
            field=req.field,
            kind=f"{KIND_LABELS.get(ent.kind, '')}「{ent.name}」",
            fields=fields_text(ent.kind),
        )
    label = FIELD_LABELS[field_]
    value, parts = req.value.strip(), {}
    if not value:
        raise CorrectionError("empty_value", name=ent.name, field=field_)
    if value.lower() in CLEAR_WORDS:
        value = ""
    elif is_date_field(field_, ent.kind):
        typed = parse_date(value)
        if typed is None:
            raise CorrectionError("bad_date", label=label, value=value)
        value = typed.pop("value")
        parts = typed
    old_fix = st.fixes.get(eid, {}).get(field_)
    if old_fix is not None:
        old = old_fix.new
    else:
        old = "；".join(str(_item(v)["value"]) for v in index.profile(eid).get(field_, [])[:3])
    if old_fix is not None and old == value:
        raise CorrectionError("same_value", name=ent.name, label=label, value=value or "（空）")
    return _change(index, eid, FIX, field=field_, old=old, new=value, parts=parts)


def _hide(index: Index, st: State, store: Store, req: Request, eid: int | None, actor: Actor) -> dict:
    fact = index.fact(req.number)
    if fact is None:
        raise CorrectionError("fact_not_found", n=req.number)
    key = index.conn.execute("SELECT key FROM facts WHERE id=?", (req.number,)).fetchone()[0]
    if req.number in st.hidden.get(0, {}) or (eid is not None and req.number in st.hidden.get(eid, {})):
        raise CorrectionError("already_hidden")
    if eid is None:
        c = Change(0, "", 0, "", 0, HIDE, "*", "*", None, _short(fact["canon"], 40), key)
    else:
        c = _change(index, eid, HIDE, arg=_short(fact["canon"], 40), arg_key=key)
    c.old, c.new = fact["canon"], ""
    c.id = store.add(actor, c)
    return {"op": HIDE, "change": c.id, "what": describe(c), "entity": eid, "fact": req.number}


def _entity_of(index: Index, c: Change) -> int | None:
    return _find(index, c.target, c.person) if c.target != "*" else None


def _history(index: Index, st: State, req: Request) -> dict:
    if not req.name and req.entity_id is None:
        rows = list(reversed(st.changes))[:20]
        if not rows:
            raise CorrectionError("nothing")
        return {"op": HISTORY, "entity": None, "title": "", "rows": [_row(st, c) for c in rows]}
    keys: set[str] = set()
    eid = req.entity_id if req.entity_id in index.entities else None
    if req.op == ALIAS and not _exact_ids(index, req.name) and _exact_ids(index, req.other):
        req = Request(ALIAS, req.other, req.name)  # `/alias 南瓜张 = 张楠赓`: the new name on the left
    if eid is None and req.name:
        keys.add(name_key(req.name))
        try:
            eid = _entity(index, req.name)
        except CorrectionError:
            if not any(c.target in keys or c.arg_key in keys for c in st.changes):
                raise
    ids: set[int] = set()
    title = req.name
    if eid is not None:
        ent = index.entities[eid]
        title = ent.name
        keys |= {name_key(ent.name), *(name_key(a) for a, _ in ent.aliases)}
        ids |= set(st.touched.get(eid, []))
    ids |= {
        c.id
        for c in st.changes
        if c.op != UNDO and (c.target in keys or (c.op != HIDE and c.arg_key in keys))
    }
    ids |= {c.id for c in st.changes if c.op == UNDO and int(c.arg) in ids}
    rows = [c for c in reversed(st.changes) if c.id in ids]
    if not rows:
        raise CorrectionError("no_history", q=title)
    return {"op": HISTORY, "entity": eid, "title": title, "rows": [_row(st, c) for c in rows[:30]]}


def _row(st: State, c: Change) -> dict:
    status = "undone" if c.undone_by else ("orphan" if c.id in st.orphans else "active")
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
        "what": describe(c),
        "status": status,
        "undone_by": c.undone_by,
        "reason": st.orphans.get(c.id, ""),
    }


def _short(text: str, n: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def describe(c: Change) -> str:
    """One line saying what a change does, as history and replies show it."""
    if c.op == ALIAS:
        return f"「{c.target_name}」添加别名 {c.arg}"
    if c.op == UNALIAS:
        return f"「{c.target_name}」删除别名 {c.arg}"
    if c.op == MERGE:
        return f"「{c.arg}」并入「{c.target_name}」"
    if c.op == SPLIT:
        return f"“{c.arg}”与「{c.target_name}」拆开"
    if c.op == KIND:
        return f"「{c.target_name}」类型 {KIND_LABELS.get(c.old, c.old)} → {KIND_LABELS.get(c.new, c.new)}"
    if c.op == NOTENTITY:
        return f"“{c.target_name}”不再作为条目"
    if c.op == FIX:
        label = FIELD_LABELS.get(c.field, c.field)
        return f"「{c.target_name}」{label}：{_short(c.old, 30) or '（空）'} → {c.new or '（清空）'}"
    if c.op == HIDE:
        where = "所有卡片" if c.target == "*" else f"「{c.target_name}」"
        return f"{where}隐藏要点：{_short(c.old or c.arg, 40)}"
    if c.op == UNDO:
        return f"撤销 #{c.arg}：{c.old}"
    return c.op


# ---- the chat answer -----------------------------------------------------------------------------
def command_answer(
    index: Index, ans: Answer, command: str, arg: str, actor: Actor | None, limit: int
) -> Answer:
    """`/alias`, `/fix`, … as an Answer: `correction` says what happened, `status` how it went."""
    try:
        req = parse(command, arg, limit)
        return request_answer(index, ans, req, actor)
    except CorrectionError as exc:
        return error_answer(index, ans, command, exc)


def request_answer(index: Index, ans: Answer, req: Request, actor: Actor | None) -> Answer:
    try:
        result = execute(index, req, actor)
    except CorrectionError as exc:
        return error_answer(index, ans, req.op, exc)
    ans.status = "found"
    ans.correction = {"ok": True, "changed": req.op != HISTORY, **result}
    if result.get("entity") in index.entities:
        e = index.entities[result["entity"]]
        ans.entity = {"id": e.id, "name": e.name, "kind": e.kind, "aliases": [a for a, _ in e.aliases]}
    return ans


def error_answer(index: Index, ans: Answer, command: str, exc: CorrectionError) -> Answer:
    from bot.answer import _candidate

    ans.status, ans.problem = exc.status, exc.code
    params = dict(exc.params)
    cands = params.pop("candidates", [])
    ans.candidates = [_candidate(index, e, s) for e, s in cands if e in index.entities]
    ans.correction = {"ok": False, "changed": False, "error": exc.code, "params": params}
    if exc.code == "usage":
        ans.examples = index.examples()
    return ans


def reply_text(ans: Answer) -> str:
    """The plain text of a correction reply (the renderer escapes it for HTML)."""
    c = ans.correction
    if not c.get("ok"):
        code = c.get("error", "usage")
        params = dict(c.get("params") or {})
        if code == "usage":
            ex = {"person": "张三", "company": "某公司", **ans.examples}
            op = params.get("op", ans.command)
            op = ALIAS if op == UNALIAS else op
            return MESSAGES["usage"].format(
                usage=USAGE.get(op, USAGE["alias"]).format(kinds=kinds_text(), **ex)
            )
        return MESSAGES.get(code, code).format(**params).strip()
    op = c["op"]
    if op == HISTORY:
        head = f"「{c['title']}」的修订记录（新的在前）：" if c.get("title") else "最近的修订（新的在前）："
        lines = [head]
        for r in c["rows"]:
            when = r["time"].replace("T", " ")[:16] + " UTC"
            note = {
                "undone": f"（已由 #{r['undone_by']} 撤销）",
                "orphan": f"（暂未生效：{r['reason']}）",
            }.get(r["status"], "")
            lines.append(f"#{r['id']} {when} · {r['user'] or r['user_id']}：{r['what']}{note}")
        return "\n".join(lines)
    if op == UNDO:
        return f"已撤销 #{c['undone']}：{c['what']}（记录为 #{c['change']}）"
    return f"好的，已记下：{c['what']}\n修订 #{c['change']}，撤销请用 /undo {c['change']}"


def render_reply(ans: Answer, html_mode: bool) -> str:
    text = reply_text(ans)
    if ans.lang == "zh-hant":
        from bot.normalize import to_traditional

        text = to_traditional(text)
    return html.escape(text, quote=False) if html_mode else text


def listing(index: Index) -> list[dict]:
    """Every change with its status (active, undone, or waiting because its target is gone)."""
    st = state_of(index) or State(store_path(index.path))
    return [_row(st, c) for c in st.changes]
