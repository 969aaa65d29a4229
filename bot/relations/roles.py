"""Titles at organisations, current or past (fields: roles, leaders), and departures."""

from __future__ import annotations

import re

from bot import lexicon as lx
from bot.relations import cues
from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.sentence import Reader, Rule, View


def roles(b: Reader, s: View) -> None:
    """ORG(的)TITLE PERSON; PERSON 担任/现任/曾任 ORG TITLE (past when 曾任, 历任, 此前 …); then the
    constructions of the helpers below, in this order."""
    _titles_before_names(b, s)
    _listed_posts(b, s)
    _roles_taken(b, s)
    _roles_at_pronoun(b, s)
    _roles_at_focus(b, s)
    _roles_in_apposition(b, s)
    _successions(b, s)
    _scholars(b, s)
    _roles_unlinked(b, s)
    _roles_in_brackets(b, s)
    _bare_titles(b, s)
    _roles_continued(b, s)
    _state_posts(b, s)
    _held_posts(b, s)
    _roles_as_predicate(b, s)
    _founder_of_unnamed(b, s)
    _as_title(b, s)
    _speaks_for(b, s)
    _listed_holders(b, s)
    _listed_subjects(b, s)
    _listed_team(b, s)


def _titles_before_names(b: Reader, s: View) -> None:
    """ORG(的)TITLE PERSON (past when 曾 … or 前 stands before the title)."""
    for pid, _pname, pos in s.people:
        m = g.ROLE_BEFORE.search(s.canon, 0, pos)
        if m:
            head = s.canon[: m.start()].rstrip(g.OF + g.CLOSING)
            # 星河科技前CEO张三: 前 between the organisation and the title makes the post past
            former = head.endswith(g.FORMER) and any(head[: -len(g.FORMER)].endswith(o[1]) for o in s.orgs)
            head = head.removesuffix(g.FORMER) if former else head
            cls = g.ORG_CLASS.search(head)
            org = max(
                (
                    o
                    for o in s.orgs
                    if head.endswith(o[1])
                    or (cls and head[: cls.start()].rstrip(g.OF + g.CLOSING).endswith(o[1]))
                ),
                key=lambda o: len(o[1]),
                default=None,
            )
            if org is not None:
                lead = re.split(r"[，,。；]", s.canon[max(0, org[2] - 4) : org[2]])[-1]
                past = (
                    former
                    or bool(g.PAST.search(lead))
                    or s.canon[org[2] + len(org[1]) : m.start()].startswith(g.FORMER)
                )
                b.record_role(pid, org[0], m.group(1), "past" if past else "current", s.i)
                for other in _listed_before(s, org):
                    b.record_role(pid, other[0], m.group(1), "past" if past else "current", s.i)
                continue
            if _title_at_longer_name(b, s, pid, head, m.group(1)):
                continue
        _titles_by_head(b, s, pid, pos)


def _listed_before(s: View, org: tuple[int, str, int]) -> list[tuple[int, str, int]]:
    """星河丝绸有限公司、青禾文化有限公司董事长张三: the organisations listed before the one the title follows,
    when the list is all the clause holds before the title (the title then holds at each; 投资方包括A、B董事长
    is a clause of another shape and gives nothing)."""
    cs, _ = vals.clause_at(s.canon, org[2])
    out, at = [], org[2]
    while at > cs and s.canon[at - 1] in g.LIST_JOINERS:
        prev = next((o for o in s.orgs if o[2] + len(o[1]) == at - 1), None)
        if prev is None:
            return []
        out.append(prev)
        at = prev[2]
    return out if at == cs else []


def _title_at_longer_name(b: Reader, s: View, pid: int, head: str, title: str) -> bool:
    """星河证券党委书记、董事长王五 (titles not in the lists, listed before a known one); 星河教育创始人王五
    where the entity is 星河 and the article writes 星河教育 again: the title at the organisation as written.
    Only the organisation named last before the titles decides."""
    before = [o for o in s.orgs if o[2] < len(head) and head.startswith(o[1], o[2])]
    if not before:
        return False
    oid, n, p = before[-1]
    if any(p < q[2] < len(head) for q in s.people):
        return False
    after = head[p + len(n) :]
    # the longest name the article writes again first (青禾 + 中国, then 投资 before 董事: 青禾中国 投资董事)
    for cut in range(min(4, len(after)), -1, -1):
        rest, items = after[:cut], after[cut:]
        if items and not g.TITLE_ITEMS.fullmatch(items) and not _title_modifier(items):
            continue
        written = n + rest
        if rest and not (
            g.NAME_REST.fullmatch(rest)
            and not g.UNLINKED_NOT_ORG.search(rest)
            and b.article_text(s.f.article).count(written) >= 2
        ):
            continue
        lead = re.split(r"[，,。；]", s.canon[max(0, p - 4) : p])[-1]
        past = bool(g.PAST.search(lead))
        # (a title with a word run onto it, 事业部总经理, 投资董事, is a post there, not its lead)
        leads = not items or bool(g.TITLE_ITEMS.fullmatch(items))
        b.record_role(
            pid, oid, items + title, "past" if past else "current", s.i, leads=leads, written=written
        )
        return True
    return False


def _listed_posts(b: Reader, s: View) -> None:
    """星河党党魁、立法会议员张三: a clause that is nothing but a list of posts before a person's name; each item
    that is an organisation the extractor knows followed by a known title is a role (the others, whose
    organisation is not known, are skipped — the list still goes on)."""
    for pid, _n, pos in s.people:
        cs, _ = vals.clause_at(s.canon, max(pos - 1, 0))
        items = s.canon[cs:pos].split(g.LIST_COMMA)
        if len(items) < 2 or not all(g.POST_ITEM.fullmatch(x) for x in items):
            continue
        at = cs
        for item in items:
            org = next((o for o in s.orgs if o[2] == at and item.startswith(o[1])), None)
            if org is not None and not _has_role_at(b, pid, org[0], s.i):
                title = g.KNOWN_TITLES.fullmatch(item.removeprefix(org[1]).removeprefix(g.OF))
                if title:
                    past = bool(g.PAST.search(s.canon[max(cs, at - 2) : at]))
                    b.record_role(pid, org[0], title.group(1), "past" if past else "current", s.i)
            at += len(item) + 1


def _has_role_at(b: Reader, pid: int, oid: int, i: int) -> bool:
    return any(v.field == "roles" and v.entity == oid and i in v.sources for v in b.values[pid].values())


def _title_modifier(text: str) -> bool:
    """投资 (董事), 创始管理 (合伙人): a short word run that is part of the title after it."""
    return bool(g.TITLE_MODIFIER.fullmatch(text)) and not g.NOT_TITLE_MODIFIER.search(text)


def _titles_by_head(b: Reader, s: View, pid: int, pos: int) -> None:
    """ORG TITLES PERSON where the last title is known only by its head word (星河首席软件架构师张三):
    the organisation right before, nothing else named between."""
    for oid, n, p in s.orgs:
        gap = s.canon[p + len(n) : pos]
        t = g.TITLES_BETWEEN.fullmatch(gap) if 0 < len(gap) <= 20 and not g.TITLE_GAP_NOT.match(gap) else None
        if t and g.NOT_IN_TITLE.search(t.group(1)):
            continue
        if t and not any(p < q[2] < pos for q in s.orgs + s.people if q[0] != oid):
            lead = re.split(r"[，,。；]", s.canon[max(0, p - 4) : p])[-1]
            past = bool(g.PAST.search(lead))
            # a post known only by its head word (传讯部主管, 公关总监) does not lead the organisation
            leads = bool(g.KNOWN_TITLES.fullmatch(t.group(1)))
            b.record_role(pid, oid, t.group(1), "past" if past else "current", s.i, leads=leads)


def _roles_taken(b: Reader, s: View) -> None:
    """PERSON 担任/现任/曾任 ORG TITLE: past when 曾任, 历任, 此前 …, or dated unless 现任/目前/至今."""
    for m in g.TAKES_ROLE.finditer(s.canon):
        org = next((o for o in s.orgs if o[1] in m.group(2) and o[2] >= m.start(2)), None)
        if org is None:
            continue
        agents = b.agents(s, m.start())
        if not agents:
            continue
        cs, _ = vals.clause_at(s.canon, m.start())
        past = m.group(1).startswith(g.ONCE) or bool(g.PAST.search(s.canon[cs : m.start()]))
        # 2003年，周文远推荐陆远舟出任青禾的总经理: a dated appointment is history unless 现任/目前/至今.
        dated = g.DATED.search(s.canon) and not g.STILL.search(s.canon)
        founded_it = any(
            f.end() <= org[2] and not re.search(r"[，。；]", s.canon[f.end() : org[2]])
            for f in g.FOUND_VERB.finditer(s.canon)
        ) or re.search(g.FOUNDS + re.escape(org[1]), s.canon)
        past = past or (bool(dated) and m.group(1) != g.NOW_HOLDS and not founded_it)
        for pid in agents[:1]:
            b.record_role(pid, org[0], m.group(3), "past" if past else "current", s.i)


def _roles_unlinked(b: Reader, s: View) -> None:
    """星河教育创办人张三: a known title before a person whose organisation the extractor did not make an
    entity. The organisation is the longest end of the text before the title that the article writes again
    elsewhere (its own evidence), never a class word (公司, 有限公司), a title or a clause piece; a founder's
    title also says they founded it. The values link to no entity."""
    if any(v.field == "roles" and s.i in v.sources for p in s.people for v in b.values[p[0]].values()):
        return
    text = b.article_text(s.f.article)
    for pid, _n, pos in s.people:
        cs, _ = vals.clause_at(s.canon, max(pos - 1, 0))
        before = s.canon[cs:pos]
        if any(cs <= o[2] < pos for o in s.orgs) or any(cs <= q[2] < pos for q in s.people):
            continue  # a known organisation or person there: the other rules decide
        found = _unlinked_org(before, text)
        if found is None:
            continue
        org, title = found
        b.put(
            pid,
            "roles",
            b.role_text(org, title, "current"),
            s.i,
            entity=None,
            title=title,
            organisation=org,
            status="current",
        )
        if g.FOUNDER_TITLE.search(title):
            b.put(pid, "founded", org, s.i, entity=None, organisation=org, date="")


def _unlinked_org(before: str, text: str) -> tuple[str, str] | None:
    """(organisation, title) for the text of a clause before a person's name: the longest title first, then
    the longest organisation written at least twice in the article."""
    for j in range(1, len(before) - 1):
        title = g.KNOWN_TITLES.fullmatch(before, j)
        if not title:
            continue
        head = before[:j].removesuffix(g.OF)
        legal = _legal_org(head)
        if legal:
            return legal, re.sub(r"\s+", "", title.group(1))
        after = 0
        for k in range(max(0, len(head) - 12), len(head) - 1):
            org = head[k:]
            if k < after:
                continue
            if _led_by_a_verb(org):
                after = k + 2  # 参加远山资本: the name after the verb
                continue
            if not g.UNLINKED_ORG.fullmatch(org) or g.UNLINKED_NOT_ORG.search(org):
                continue
            if re.search(g.ROLES, org) or org in lx.LEGAL_FORMS or org in lx.ORG_SUFFIXES:
                continue
            if text.count(org) < 2 or lx.is_generic(org):
                continue
            return org, re.sub(r"\s+", "", title.group(1))
    return None


def _roles_in_brackets(b: Reader, s: View) -> None:
    """田文俊（2005年时任星河党主席）, （星河委员会副主任）谭慧芬, （现星河联合创始人Lucas）: a bracket right
    after, right before or ending with a person's name that holds nothing but (a date, 时任/现/前,) an
    organisation and a title describes that person. The relation view drops brackets; this reads the
    sentence as written. An organisation the extractor does not know is taken as written (the bracket is
    the evidence), linked to no entity."""
    raw = s.f.canon
    ids = [e for e in s.f.entities if vals.clean_name(b.name(e))]
    people = [(pid, n) for pid in ids if b.is_person(pid) for n in b.names[pid]]
    orgs = [(oid, n) for oid in ids if not b.is_person(oid) and oid not in b.bad_org for n in b.names[oid]]
    for m in g.BRACKET.finditer(raw):
        inner = m.group(1)
        for pid, n in people:
            if raw[: m.start()].endswith(n) or raw.startswith(n, m.end()):
                post = inner
            elif inner.endswith(n) and len(inner) > len(n):
                post = inner[: -len(n)]
            else:
                continue
            found = _post(post)
            if found is None:
                continue
            org_text, title, past = found
            org = next((o for o in orgs if org_text == o[1] or org_text.endswith(o[1])), None)
            status = "past" if past else "current"
            if org is not None:
                b.record_role(pid, org[0], title, status, s.i, leads=bool(g.KNOWN_TITLES.fullmatch(title)))
                if g.FOUNDER_TITLE.fullmatch(title):
                    b.record_founded(pid, org[0], "", s.i)
            elif not lx.is_generic(org_text):
                b.put(
                    pid,
                    "roles",
                    b.role_text(org_text, title, status),
                    s.i,
                    entity=None,
                    title=title,
                    organisation=org_text,
                    status=status,
                )
            break


def _post(text: str) -> tuple[str, str, bool] | None:
    """(organisation, title, past) of a bracket's description: 2005年时任星河党主席 -> (星河党, 主席, True)."""
    m = g.BRACKET_POST.fullmatch(text)
    if not m:
        return None
    body = m.group(2)
    for k in range(1, len(body) - 1):
        t = g.KNOWN_TITLES.fullmatch(body, k) or g.HEAD_TITLE.fullmatch(body, k)
        if t:
            org = body[:k]
            if g.UNLINKED_NOT_ORG.search(org) or not g.UNLINKED_ORG.fullmatch(org):
                return None
            past = bool(m.group(1) and (g.PAST.search(m.group(1)) or g.DATED.search(m.group(1))))
            return org, t.group(0), past and not g.STILL.search(m.group(1) or "")
    return None


def _legal_org(head: str) -> str:
    """星河养老服务管理有限公司 (before a title): a name that carries its legal form needs no other evidence —
    the longest such end of the clause's text that starts the clause or follows a boundary (由, 与, a quote),
    never a clause piece (a verb, a pronoun; a function character may begin it only at the clause's start:
    也好集团公司)."""
    for k in range(max(0, len(head) - 24), len(head) - 3):
        org = head[k:]
        if k > 0 and not g.LEGAL_NAME_BOUNDARY.match(head[k - 1]):
            continue
        if not g.UNLINKED_LEGAL_ORG.fullmatch(org) or _led_by_a_verb(org) or g.PRONOUN_IN.search(org):
            continue
        if (g.UNLINKED_NOT_ORG if k > 0 else g.UNLINKED_NOT_ORG_AT_START).search(org):
            continue
        if org in lx.LEGAL_FORMS or lx.is_generic(org[: -len(_legal_form(org))]):
            continue
        return org
    return ""


def _legal_form(org: str) -> str:
    return next((f for f in lx.LEGAL_FORMS if org.endswith(f)), "")


def _led_by_a_verb(org: str) -> bool:
    """参加远山资本: a verb, preposition or pronoun (本轮) before the rest of a name (the shorter end is tried
    next); 联想集团 keeps its name, the rest being only a class word."""
    tag = lx.dictionary_tags().get(org[:2], "")
    rest = org[2:]
    return (
        tag[:1] in _NOT_A_NAME_START
        and len(rest) >= 2
        and rest not in lx.ORG_SUFFIXES
        and rest not in lx.LEGAL_FORMS
    )


_NOT_A_NAME_START = ("v", "p", "r")  # dictionary tags: verb, preposition, pronoun


def _bare_titles(b: Reader, s: View) -> None:
    """七号公司董事长韩立舟，联合创始人、总裁王五; 创始人周岩是…: titles alone at the start of a clause
    before a person hold at the one organisation the sentence named before them, or, when it names none,
    at the organisation the article is about. A founder's title says they founded it."""
    for pid, _n, pos in s.people:
        m = g.BARE_TITLE.search(s.canon, 0, pos) or _title_after_joiner(b, s, pos)
        if not m or _has_role_here(b, pid, s.i):
            continue
        _cs, ce = vals.clause_at(s.canon, pos)
        named = {o[0] for o in s.orgs if o[2] < pos}
        # (a school in the clause after the name is where they studied, no rival employer)
        if len(named) > 1 or any(pos < o[2] < ce and not _is_school(b, o) for o in s.orgs):
            continue  # which one is meant is not clear
        oid = named.pop() if named else s.pronoun_org
        if oid is None:
            oid = b.article_subject.get(s.f.article)
        if oid is None or b.is_person(oid):
            continue
        title = m.group(m.lastindex or 1)
        at = m.start(m.lastindex or 1)
        past = bool(g.PAST.search(s.canon[max(0, at - 4) : at]))
        b.record_role(pid, oid, title, "past" if past else "current", s.i)
        if g.FOUNDER_TITLE.search(title) and not past:
            b.record_founded(pid, oid, "", s.i)


def _title_after_joiner(b: Reader, s: View, pos: int) -> re.Match[str] | None:
    """星河由董事长兼CEO王五创立: titles after 由, the organisation named right before it; 星河执行长张三和共同
    创办人王五: titles after 和/与/及 when the person before the joining word holds a post at the organisation
    this sentence names (the list goes on at that organisation)."""
    m = g.BARE_TITLE_AFTER.search(s.canon, 0, pos)
    if not m:
        return None
    if m.group(1) == g.BY:
        return m if any(o[2] + len(o[1]) == m.start() for o in s.orgs) else None
    prev = next((p for p in s.people if p[2] + len(p[1]) == m.start()), None)
    if prev is None:
        return None
    named = {o[0] for o in s.orgs if o[2] < pos}
    return m if len(named) == 1 and _has_role_at(b, prev[0], next(iter(named)), s.i) else None


def _as_title(b: Reader, s: View) -> None:
    """作为联合创始人之一的王五 (at the article's organisation), 作为星河CEO的王五 (at 星河, an entity or a name the
    article writes again): the post a person is introduced by."""
    for pid, _n, pos in s.people:
        m = g.AS_TITLE.search(s.canon, 0, pos)
        if not m or _has_role_here(b, pid, s.i):
            continue
        title, where = m.group(2), m.group(1)
        if not where:
            oid = s.pronoun_org if s.pronoun_org is not None else b.article_subject.get(s.f.article)
            if oid is None or b.is_person(oid):
                continue
            b.record_role(pid, oid, title, "current", s.i)
            if g.FOUNDER_TITLE.search(title):
                b.record_founded(pid, oid, "", s.i)
            continue
        org = next((o for o in s.orgs if o[2] == m.start(1) and o[1] == where), None)
        if org is not None:
            b.record_role(pid, org[0], title, "current", s.i)
            if g.FOUNDER_TITLE.search(title):
                b.record_founded(pid, org[0], "", s.i)
        elif any(m.start(1) <= o[2] < pos for o in s.orgs + s.people):
            continue
        else:
            found = _unlinked_org(where + title, b.article_text(s.f.article))
            if found is not None and found[0] == where:
                b.put(
                    pid,
                    "roles",
                    b.role_text(where, title, "current"),
                    s.i,
                    entity=None,
                    title=title,
                    organisation=where,
                    status="current",
                )


def _speaks_for(b: Reader, s: View) -> None:
    """星河资本王五表示：…: an organisation right before a person who speaks, at the start of a clause, with no
    title between: the person speaks for it. Shown as the organisation alone (no title is stated); it leads
    nothing, and any titled post at the same organisation takes its place."""
    for pid, n, pos in s.people:
        org = next((o for o in s.orgs if o[2] + len(o[1]) == pos), None)
        if org is None or b.is_person(org[0]) or _has_role_here(b, pid, s.i):
            continue
        if not g.SPEAKS_AFTER.match(s.canon, pos + len(n)) or not g.SPEAKS_FOR_LEAD.search(
            s.canon, 0, org[2]
        ):
            continue
        b.put(pid, "roles", org[1], s.i, entity=org[0], title="", organisation=org[1], status="current")


def _people_list(s: View, start: int, end: int) -> list[tuple[int, str, int]] | None:
    """The people of a list that ends the span [start, end) (张三、作词人李四及王五): each joined to the one before
    by a joining word (a name the extractor did not keep, a short description may stand there), the last
    ending the span; None when the span ends otherwise."""
    inside = [p for p in s.people if start <= p[2] < end]
    if not inside or not g.PEOPLE_LIST_END.match(s.canon, inside[-1][2] + len(inside[-1][1]), end):
        return None
    out = [inside[-1]]
    for prev in reversed(inside[:-1]):
        if not g.PEOPLE_LIST_GAP.fullmatch(s.canon, prev[2] + len(prev[1]), out[0][2]):
            break
        out.insert(0, prev)
    return out


def _org_of_phrase(b: Reader, s: View, start: int, end: int) -> tuple[int, str] | None:
    """The organisation a phrase [start, end) before a title names: the one whose name ends it, or, when it
    names none and ends in a class word (申请上市的公司), the organisation in focus. With the name as written
    (a former name is shown as the article gives it)."""
    text = s.canon[start:end].removesuffix(g.OF)
    stop = start + len(text)
    named = [o for o in s.orgs if start <= o[2] and o[2] + len(o[1]) == stop]
    if named:
        return named[-1] if not b.is_person(named[-1][0]) else None
    if any(start <= q[2] < end for q in s.orgs + s.people) or not g.FOCUS_ORG_END.search(text):
        return None
    oid = b.focus_org(s, start)
    if oid is None:
        oid = b.article_subject.get(s.f.article)  # the company the article is mostly about
    return None if oid is None or b.is_person(oid) else (oid, "")


def _listed_holders(b: Reader, s: View) -> None:
    """星河的独立董事包括：作词人张三、李四及王五: the title a list of people is introduced by holds for each of
    them, at the organisation named before the title (or a class word for the one in focus). They are members
    of a body, so none of them leads the organisation."""
    if not g.TITLE_INCLUDES_VERB.search(s.canon):
        return  # TITLE_INCLUDES needs one of these verbs: its long title alternation is not tried
    for m in g.TITLE_INCLUDES.finditer(s.canon):
        cs, ce = vals.clause_at(s.canon, m.start())
        _ls, le = vals.clause_at(s.canon, m.end())
        people = _people_list(s, m.end(), le)
        if not people or not g.PEOPLE_LIST_LEAD.fullmatch(s.canon, m.end(), people[0][2]):
            continue
        org = _org_of_phrase(b, s, cs, m.start())
        if org is None:
            continue
        past = bool(g.PAST.search(s.canon[cs : m.start()]))
        for pid, _n, _p in people:
            b.record_role(
                pid, org[0], m.group(1), "past" if past else "current", s.i, leads=False, written=org[1]
            )


def _listed_team(b: Reader, s: View) -> None:
    """得到星河高层维护，包括老板娘李四和运营总监王五: a list after an organisation's leading group (高层, 管理层,
    董事会…: team_words.txt) and 包括 names its members; a member with a title written right before their name
    holds it there (one known only by its head word, 运营总监, leads nothing)."""
    for m in g.TEAM_INCLUDES.finditer(s.canon):
        org = next((o for o in s.orgs if o[2] + len(o[1]) == m.start() and not b.is_person(o[0])), None)
        if org is None:
            continue
        _ls, le = vals.clause_at(s.canon, m.end())
        for pid, _n, pos in s.people:
            if not m.end() <= pos < le:
                continue
            joiners = [j.end() for j in g.LIST_ITEM_START.finditer(s.canon, m.end(), pos)]
            item = s.canon[max([m.end(), *joiners]) : pos]
            t = g.TITLES_BETWEEN.fullmatch(item)
            if t is None or g.NOT_IN_TITLE.search(t.group(1)) or _has_role_at(b, pid, org[0], s.i):
                continue
            leads = bool(g.KNOWN_TITLES.fullmatch(t.group(1)))
            b.record_role(pid, org[0], t.group(1), "current", s.i, leads=leads)


def _listed_subjects(b: Reader, s: View) -> None:
    """张三、李四及王五，是星河的控股股东及执行董事: a clause of 是/为 and titles after a clause that ends with a
    list of people says what each of them is, at the organisation it names (or a class word for the one in
    focus)."""
    for cs, ce in vals.clauses(s.canon):
        if cs < 2:
            continue
        m = g.LIST_PREDICATE.match(s.canon[cs:ce])
        if not m:
            continue
        ps, _pe = vals.clause_at(s.canon, cs - 2)
        people = _people_list(s, ps, cs - 1)
        if not people:
            continue
        org = _org_of_phrase(b, s, cs + m.start(1), cs + m.end(1))
        if org is None:
            continue
        past = bool(g.PAST.search(m.group(0)[: m.start(1)]))
        for pid, _n, _p in people:
            if not _has_role_at(b, pid, org[0], s.i):
                # (a predicate describes them; who leads the organisation is told by titles before names)
                b.record_role(
                    pid, org[0], m.group(2), "past" if past else "current", s.i, leads=False, written=org[1]
                )


def _is_school(b: Reader, o: tuple[int, str, int]) -> bool:
    return b.entities[o[0]]["kind"] == "university" or vals.is_school(o[1])


def _has_role_here(b: Reader, pid: int, i: int) -> bool:
    return any(v.field == "roles" and i in v.sources for v in b.values[pid].values())


def _roles_continued(b: Reader, s: View) -> None:
    """这位…远帆创芯的创始合伙人之一: the role of the person the sentence continues."""
    if s.pronoun_person is not None:
        for m in g.OF_ROLE.finditer(s.canon):
            org = next((o for o in s.orgs if s.canon[: m.start()].endswith(o[1])), None)
            if org and not any(p[2] < m.start() for p in s.people):
                b.record_role(s.pronoun_person, org[0], m.group(1), "current", s.i)


def _roles_at_pronoun(b: Reader, s: View) -> None:
    """PERSON为该公司行政总裁: a role at the organisation in focus."""
    for m in g.ROLE_AT_PRONOUN.finditer(s.canon):
        agents = b.agents(s, m.start())
        oid = b.org_in_focus(s, m.start())
        if len(agents) != 1 or oid is None:
            continue
        cs, _ = vals.clause_at(s.canon, m.start())
        lead = s.canon[cs : m.start()]
        dated = m.group(1) in g.TAKES_POST and g.DATED.search(lead)
        past = bool(g.PAST.search(lead)) or (bool(dated) and not g.STILL.search(lead))
        b.record_role(agents[0], oid, m.group(2), "past" if past else "current", s.i)


def _roles_at_focus(b: Reader, s: View) -> None:
    """由孙浩然创立于2017年，目前担任公司董事长…; 她…目前在公司担任执行董事; 父亲兼企业创办人万成."""
    for cs, ce in vals.clauses(s.canon):
        m = g.ROLE_AT_FOCUS.match(s.canon[cs:ce])
        if not m or cs == 0:
            continue
        title = m.group(1) or m.group(2)
        who = b.clause_subject(s, cs)
        oid = b.focus_org(s, cs)
        if who is None or oid is None:
            continue
        past = bool(g.PAST.search(m.group(0)[: (m.start(1) if m.group(1) else m.start(2))]))
        b.record_role(who, oid, title, "past" if past else "current", s.i)
    for pid, _n, pos in s.people:
        m = g.FOCUS_TITLE.search(s.canon, 0, pos)
        if not m:
            continue
        oid = b.focus_org(s, m.start())
        if oid is None:
            continue
        title = m.group(1)
        b.record_role(pid, oid, title, "current", s.i)
        if g.FOUNDER_TITLE.search(title):
            b.record_founded(pid, oid, "", s.i)


def _roles_in_apposition(b: Reader, s: View) -> None:
    """——何文飞，南湾大学教授。 (a title after the name); 来到ORG，采访了负责人PERSON; 创始人周岩是… at the
    start of a sentence in an article about one organisation, after a sentence naming only that one."""
    for pid, n, pos in s.people:
        end = pos + len(n)
        if s.canon[end : end + 1] in ("，", ","):
            org = next((o for o in s.orgs if o[2] == end + 1), None)
            if org is not None:
                after = org[2] + len(org[1])
                t = g.TITLE_AFTER_ORG.match(s.canon, after)
                if t:
                    scholar = b.entities[org[0]]["kind"] == "university" or vals.is_school(org[1])
                    b.record_role(pid, org[0], t.group(1), "current", s.i, leads=not scholar)
        m = g.INTERVIEWED.search(s.canon, 0, pos)
        if m:
            cs, _ = vals.clause_at(s.canon, m.start())
            prev = [o for o in s.orgs if o[2] < cs and vals.clause_at(s.canon, max(cs - 2, 0))[0] <= o[2]]
            if prev and prev[-1][0] != b.subject(s):
                b.record_role(pid, prev[-1][0], m.group(1), "current", s.i)
        lead = g.ROLE_ONLY.match(s.canon[:pos])
        oid = b.article_org.get(s.f.article)
        if lead and oid is not None and not s.orgs and pid == b.subject(s):
            before = b.by_place.get((s.f.article, s.f.sentence - 1))
            if before is not None and before.orgs and {o[0] for o in before.orgs} == {oid}:
                b.record_role(pid, oid, lead.group(1), "current", s.i)
                if g.FOUNDER_TITLE.fullmatch(lead.group(1)):
                    b.record_founded(pid, oid, "", s.i)


def _successions(b: Reader, s: View) -> None:
    """被罢免副主席职务的…韩志刚: a past post; …副主席一职，改由…韩志强接任: the successor holds it now and
    the one who held it (由韩志刚担任的) no longer does."""
    for m in g.DISMISSED.finditer(s.canon):
        _cs, ce = vals.clause_at(s.canon, m.start())
        person = next((p for p in s.people if m.end() <= p[2] < ce), None)
        if person is None:
            continue
        between = {o[0] for o in s.orgs if m.end() <= o[2] < person[2]}
        oid = between.pop() if len(between) == 1 else b.focus_org(s, m.start())
        if oid is not None:
            b.record_role(person[0], oid, m.group(1), "past", s.i)
    for m in g.HANDED_OVER.finditer(s.canon):
        after = next((p for p in s.people if p[2] >= m.end() and p[2] - m.end() <= 8), None)
        if after is None or not re.match(cues.alternation("succession"), s.canon[after[2] + len(after[1]) :]):
            continue
        if not g.SHORT_GAP.match(s.canon[m.end() : after[2]]):
            continue
        subj = b.subject(s)
        oid = subj if subj is not None and not b.is_person(subj) else b.focus_org(s, m.start())
        if oid is None:
            continue
        b.record_role(after[0], oid, m.group(1), "current", s.i)
        cs, _ = vals.clause_at(s.canon, m.start())
        held = next((p for p in s.people if cs <= p[2] < m.start() and s.canon[: p[2]].endswith(g.BY)), None)
        if held is not None and held[0] != after[0]:
            b.record_role(held[0], oid, m.group(1), "past", s.i)


def _scholars(b: Reader, s: View) -> None:
    """北岭大学材料界专家秦岳教授: an academic title after a name, with the institute just before it."""
    for pid, n, pos in s.people:
        title = g.ACADEMIC.match(s.canon, pos + len(n))
        if not title:
            continue
        inst = [
            o
            for o in s.orgs
            if o[2] < pos
            and (
                b.entities[o[0]]["kind"] == "university"
                or vals.is_school(o[1])
                or o[1].endswith(g.INSTITUTES)
            )
        ]
        if not inst:
            continue
        oid, oname, opos = inst[-1]
        gap = s.canon[opos + len(oname) : pos]
        if not (g.SCHOLAR_GAP.fullmatch(gap) and not g.NOT_SCHOLAR_GAP.search(gap)) and not (
            g.TITLE_LIST.fullmatch(gap)
        ):
            continue
        if any(opos < q[2] < pos for q in s.people) or any(opos < o[2] < pos for o in s.orgs):
            continue
        ocs, _ = vals.clause_at(s.canon, opos)
        lead = s.canon[ocs:opos]
        if g.STUDIED.search(lead):
            continue  # 毕业于清华大学的张三教授: he studied there, he need not teach there
        past = bool(g.PAST.search(lead)) or lead.endswith(g.FORMERLY)
        # A professor holds a post at the university; they do not lead it.
        b.record_role(pid, oid, title.group(0), "past" if past else "current", s.i, leads=False)


def _state_posts(b: Reader, s: View) -> None:
    """由国家前副主席张三, 时任警务处东区指挥官李四, 张三是前政治局常委: a post at a body of the state (a closed
    class, state_bodies.txt) right before the person's name, or as the predicate right after it. No
    organisation entity stands there; the post is shown as written (body, then the rest of the title) and
    links to no entity. Past when 时任/前任/原/前 marks it or a past cue leads the clause."""
    for pid, n, pos in s.people:
        cs, ce = vals.clause_at(s.canon, max(pos - 1, 0))
        m = _state_post_ending(s.canon, cs, pos)
        end = pos + len(n)
        if m is None and g.IS_POST.match(s.canon, end):
            after = g.IS_POST.match(s.canon, end)
            _as, ae = vals.clause_at(s.canon, end)
            m = _state_post_ending(s.canon, after.end(), ae)
        if m is None:
            continue
        body, title = m.group(2), m.group(4)
        if any(m.start(2) <= o[2] < m.end() for o in s.orgs) or g.NOT_STATE_POST.search(title):
            continue  # an organisation the extractor knows is there: the other rules decide
        if _longer_word(s.canon, m.start(2), m.end(2)):
            continue  # 国家电网, 国家队: the body is only the start of another name
        lead = s.canon[max(cs, m.start() - 4) : m.start(2)]
        past = bool(m.group(1) and m.group(1) != "现任") or bool(m.group(3)) or bool(g.PAST.search(lead))
        status = "past" if past else "current"
        b.put(
            pid,
            "roles",
            b.role_text(body, title, status),
            s.i,
            entity=None,
            title=title,
            organisation=body,
            status=status,
        )


def _state_post_ending(canon: str, start: int, end: int) -> re.Match[str] | None:
    """The state post that ends exactly at `end` and starts at or after `start`."""
    for k in range(max(start, end - 20), end - 2):
        m = g.STATE_POST.match(canon, k, end)
        if m and m.end() == end:
            return m
    return None


def _longer_word(text: str, start: int, end: int) -> bool:
    """The dictionary knows a word that starts at `start` and runs past `end` (国家 in 国家电网)."""
    tags = lx.dictionary_tags()
    return any(text[start : end + k] in tags for k in range(1, 4) if end + k <= len(text))


def _roles_as_predicate(b: Reader, s: View) -> None:
    """张三是动画制作公司星河的创办人之一: the sentence's subject is (是/为) the title that ends the clause, at the
    organisation right before it; no one else is named between. A founder's title also founds it."""
    subj = b.subject(s)
    for pid, n, pos in s.people:
        if pid != subj:
            continue
        end = pos + len(n)
        if not g.IS_ROLE_LEAD.match(s.canon, end):
            continue
        _cs, ce = vals.clause_at(s.canon, end)
        inside = [o for o in s.orgs if end < o[2] < ce]
        if not inside or any(end < q[2] < ce for q in s.people):
            continue
        oid, on, op = inside[-1]
        t = g.ROLE_ENDS_CLAUSE.fullmatch(s.canon, op + len(on), ce)
        if t is None or _has_role_at(b, pid, oid, s.i):
            continue
        past = bool(g.PAST.search(s.canon[end:op]))
        b.record_role(pid, oid, t.group(1), "past" if past else "current", s.i)
        if g.FOUNDER_TITLE.fullmatch(t.group(1)) and not past:
            b.record_founded(pid, oid, "", s.i)
        break


def _founder_of_unnamed(b: Reader, s: View) -> None:
    """张三是星河老年公寓的创始人: the sentence's subject is (是/为) the founder of a name the extractor made no
    entity of. The predicate is the evidence, so the name must look like one: a proper part (not a
    dictionary word, not opening with a time, place, pronoun, numeral or verb word) followed by an
    ordinary class noun (老年公寓, 工作室). Shown as written, linked to no entity."""
    subj = b.subject(s)
    for pid, n, pos in s.people:
        end = pos + len(n)
        lead = g.IS_ROLE_LEAD.match(s.canon, end)
        if pid != subj or not lead:
            continue
        _cs, ce = vals.clause_at(s.canon, end)
        if any(end < q[2] < ce for q in s.orgs + s.people):
            continue
        m = g.FOUNDER_OF_NAME.fullmatch(s.canon, lead.end(), ce)
        if m is None or not g.FOUNDER_TITLE.fullmatch(m.group(2)) or g.PAST.search(lead.group(0)):
            continue
        name = m.group(1)
        if (
            not g.UNLINKED_ORG.fullmatch(name)
            or g.UNLINKED_NOT_ORG.search(name)
            or not _proper_then_class(name)
        ):
            continue
        b.put(
            pid,
            "roles",
            b.role_text(name, m.group(2), "current"),
            s.i,
            entity=None,
            title=m.group(2),
            organisation=name,
            status="current",
        )
        b.put(pid, "founded", name, s.i, entity=None, organisation=name, date="")
        return


def _proper_then_class(name: str) -> bool:
    """康宁轩 + 老年公寓: the longest ordinary word or compound (two or more characters) that ends the name, after
    a proper part of three or more characters that no dictionary knows and that does not open with a word of
    time, place, pronoun, numeral or verb (初代 + 国产手机 is a description: two characters are too few to tell
    a name from a modifier)."""
    tags = lx.dictionary_tags()
    for k in range(2, len(name) - 1):
        head, cls = name[:k], name[k:]
        if not (lx.is_generic(cls) or lx.is_generic_compound(cls)):
            continue
        if len(head) < 3 or head in tags or lx.is_generic_compound(head):
            return False
        return not tags.get(head[:2], "").startswith(_NOT_A_NAME_OPENING)
    return False


# dictionary tags: time, place, locality, pronoun, numeral, verb, preposition, adverb, adjective
_NOT_A_NAME_OPENING = ("t", "s", "f", "r", "m", "v", "p", "d", "a")


def _held_posts(b: Reader, s: View) -> None:
    """一直坐在星河协会副主席的位置上: a post stated in the predicate, at the organisation named there, held by
    the clause's agent, or, when the clause names no one, by the one person the sentence named before it."""
    for m in g.HELD_POST.finditer(s.canon):
        org = next((o for o in s.orgs if o[2] == m.start(1) and o[1] == m.group(1)), None)
        if org is None:
            continue
        agents = b.agents(s, m.start())
        if not agents:
            cs, _ = vals.clause_at(s.canon, m.start())
            before = {p[0] for p in s.people if p[2] < cs}
            if len(before) != 1 or any(cs <= p[2] < m.start() for p in s.people):
                continue
            agents = [before.pop()]
        cs, _ = vals.clause_at(s.canon, m.start())
        past = bool(g.PAST.search(s.canon[cs : m.start()]))
        b.record_role(agents[0], org[0], m.group(2), "past" if past else "current", s.i)


def departures(b: Reader, s: View) -> None:
    """PERSON(、PERSON和PERSON)已经从ORG离职, PERSON离开了ORG: the person has left the organisation."""
    for m in g.DEPARTURE.finditer(s.canon):
        cs, ce = vals.clause_at(s.canon, m.start())
        lead = s.canon[cs : m.start()]
        if g.NEGATED.search(lead[-3:]) or g.PLANNED.search(lead) or g.WILL.search(lead):
            continue
        org = next(
            (
                o
                for o in s.orgs
                if cs <= o[2] < m.start()
                and o[2] + len(o[1]) == m.start()
                and g.FROM_END.search(s.canon[: o[2]])
            ),
            None,
        ) or next(
            (o for o in s.orgs if o[2] == m.end() + (s.canon[m.end() : m.end() + 1] == g.PERFECTIVE)), None
        )
        if org is None:
            _left_unnamed(b, s, m, cs, lead)
            continue
        at = min(m.start(), org[2])
        start = s.canon.rfind(g.FROM, cs, at + 1) if org[2] < m.start() else m.start()
        for pid in b.agents(s, start if start >= 0 else at):
            b.left[(pid, org[0])].add(s.i)


def _left_unnamed(b: Reader, s: View, m: re.Match[str], cs: int, lead: str) -> None:
    """张三今天正式辞职。/ 张三的最终卸任，…: a resignation without an organisation, by the person the clause
    names, undated and not followed by a new post or venture in the sentence (2018年辞职创立了…, 辞职，随后
    加入… leave an earlier job)."""
    if not g.RESIGNATION.fullmatch(m.group(0)) or not g.DEPARTURE_ENDS.match(s.canon[m.end() :]):
        return
    if (
        g.DATED.search(s.canon[: m.start()])
        or g.NEW_POST_AFTER.search(s.canon[m.end() :])
        or g.PAST.search(lead)
    ):
        return
    # the person named in the clause itself (…卖掉，成功退出 says nothing of who; 张三今天辞职 does)
    who = [p for p in b.agents(s, m.start()) if any(q[0] == p and cs <= q[2] < m.start() for q in s.people)]
    # 张三的最终卸任: the departure as a noun, the person its owner
    who = who or [
        p[0]
        for p in s.people
        if cs <= p[2] and g.OWNER_OF_NOUN.fullmatch(s.canon[p[2] + len(p[1]) : m.start()])
    ]
    for pid in who:
        b.left_bare[pid].add(s.i)


def _left_sole_organisation(b: Reader) -> None:
    """A person who resigned without the organisation being named left the one organisation the article
    gives them a current post at; with posts at two or more, which one is not said, so nothing changes."""
    for pid in b.left_bare:
        orgs = {
            v.entity
            for v in b.values.get(pid, {}).values()
            if v.field == "roles" and v.entity is not None and v.parts.get("status") == "current"
        }
        if len(orgs) == 1:
            b.left[(pid, orgs.pop())] |= b.left_bare[pid]


def apply_departures(b: Reader) -> None:
    """A person who left an organisation no longer leads it; their titles there are past (a founder's
    title goes: the founding itself stays true)."""
    _left_sole_organisation(b)
    for (pid, oid), _src in list(b.left.items()):
        for key, v in list(b.values.get(pid, {}).items()):
            if v.field != "roles" or v.entity != oid or v.parts.get("status") != "current":
                continue
            del b.values[pid][key]
            if g.FOUNDER_TITLE.fullmatch(v.parts.get("title", "")):
                continue
            b.record_role(pid, oid, v.parts["title"], "past", None)
            b.values[pid][
                ("roles", b.role_text(v.parts["organisation"], v.parts["title"], "past"))
            ].sources |= v.sources
        for key, v in list(b.values.get(oid, {}).items()):
            if v.field == "leaders" and v.entity == pid:
                del b.values[oid][key]


ROLES = Rule("roles", ("roles", "leaders", "founded", "founders"), roles)
DEPARTURES = Rule("departures", (), departures)  # read by apply_departures when the profile is finished
