"""Who founded what, and when an organisation was founded (fields: founded, founders)."""

from __future__ import annotations

import re

from bot import lexicon as lx
from bot.relations import cues
from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.sentence import Reader, Rule, View, is_place


def founded(b: Reader, s: View) -> None:
    """PERSON (和PERSON) … 创立(了) ORG, 由PERSON创办的ORG, ORG于2009年由PERSON创立."""
    for m in g.FOUND_VERB.finditer(s.canon):
        vpos, vend = m.start(), m.end()
        cs, ce = vals.clause_at(s.canon, vpos)
        if g.NEGATED.search(s.canon[max(cs, vpos - 3) : vpos]) or g.FAILURE.search(s.canon[cs:ce]):
            continue
        if g.PLANNED.search(s.canon[cs:vpos]):
            continue
        agents = b.agents(s, vpos)
        if not agents and (carried := b.carried_subject(s, vpos)) is not None and _object_of(s, vend, ce):
            agents = [carried]
        if not agents:
            agents = _time_clause_agent(s, cs, ce)
        if s.canon[vend : vend + 1] == g.AT and not (agents and _passive(b, s, agents[0])):
            continue  # 成立于2013年: the organisation's date, not a founder's act
        if not agents:
            _dated_object(b, s, vpos, vend, ce, register=bool(g.REGISTER_VERB.fullmatch(m.group(0))))
            continue
        after = s.canon[vend:].removeprefix(g.PERFECTIVE)
        target = _founded_org(b, s, agents[0], vpos, vend, ce)
        if target is None and after:
            _unlinked_object(b, s, agents, vpos, vend, ce)
        if target is None or not after:
            continue
        if g.REGISTER_VERB.fullmatch(m.group(0)) and (
            target[2] < vend or g.NOT_REGISTERED.match(s.canon[target[2] + len(target[1]) :])
        ):
            continue  # 注册了星语商标, 注册资本: registering is founding only of the company itself
        oid = target[0]
        if vals.is_school(target[1]) or b.entities[oid]["kind"] == "university":
            continue
        date = b.when(s, vpos, vpos)
        if s.canon[vend : vend + 1] == g.AT:
            date = vals.date_in(s.canon[vend : vend + 12], None) or date  # 由孙浩然创立于2017年
        for pid in agents:
            b.record_founded(pid, oid, date, s.i)


def _time_clause_agent(s: View, cs: int, ce: int) -> list[int]:
    """投资创办星河书院之前，张三…: a subjectless time clause (…之前/之后/时) is done by the person the main clause
    after it starts with; no one else is named in the time clause."""
    if not g.TIME_CLAUSE_END.search(s.canon[cs:ce]) or any(cs <= q[2] < ce for q in s.people):
        return []
    after = [p for p in s.people if p[2] > ce]
    if not after or not 0 < after[0][2] - ce <= 2:
        return []
    # (陈文亮、杨帆、彭丽都曾…: the people joined to the first by 、/和 do it with them)
    out, end = [after[0][0]], after[0][2] + len(after[0][1])
    for q in after[1:]:
        if not g.CO_AGENT.match(s.canon[end : q[2]]):
            break
        out.append(q[0])
        end = q[2] + len(q[1])
    return out


def _unlinked_object(b: Reader, s: View, agents: list[int], vpos: int, vend: int, ce: int) -> None:
    """张三创办南湖刺绣博物馆之后: the founding verb's object is an institution the extractor made no entity of,
    named as written — it ends in an institution's class word (institution_endings.txt) and the article writes
    it at least twice (its own evidence); nothing else is named there. Linked to no entity."""
    if any(vend <= o[2] < ce for o in s.orgs + s.people):
        return
    rest = s.canon[vend:ce]
    rest = rest.removeprefix(g.PERFECTIVE)
    gap = g.FOUNDED_OBJECT_GAP.match(rest)
    start = vend + (len(s.canon[vend:ce]) - len(rest)) + (gap.end() if gap else 0)
    text = b.article_text(s.f.article)
    for end in range(min(ce, start + 16), start + 3, -1):
        name = s.canon[start:end]
        ending = next((e for e in cues.words("institution_endings") if name.endswith(e)), "")
        if not ending or len(name) < len(ending) + 2 or not g.UNLINKED_ORG.fullmatch(name):
            continue
        if not g.OBJECT_ENDS.match(s.canon, end) or g.UNLINKED_NOT_ORG.search(name) or text.count(name) < 2:
            continue
        head = name[: -len(ending)]
        if lx.is_generic(head) or (
            lx.is_generic_compound(head) and not is_place(head[:2] if len(head) > 2 else head)
        ):
            return  # 传统刺绣研究中心: everyday words before the class word describe, a place before them names
        date = b.when(s, vpos, vpos)
        for pid in agents:
            shown = name + (f"（{vals.show_date(date)}）" if date else "")
            b.put(pid, "founded", shown, s.i, entity=None, organisation=name, date=date)
        return


def _dated_object(b: Reader, s: View, vpos: int, vend: int, ce: int, register: bool) -> None:
    """2006年创立星辰城集团; 2014年，他和合伙人创立“知道”: the organisation a founding verb takes as its object,
    in a dated clause, was founded then — even when the extractor does not know who founded it."""
    if register:
        return  # 注册: a trademark or a capital as often as a company
    target = _object_of(s, vend, ce)
    if target is None or vals.is_school(target[1]) or b.entities[target[0]]["kind"] == "university":
        return
    date = b.when(s, vpos, vpos)
    if date:
        _founded_at(b, target[0], date, s.i)


def _object_of(s: View, vend: int, ce: int) -> tuple[int, str, int] | None:
    """The organisation right after a founding verb ending at `vend` (创立“知道”, 创办了一家X), not a unit of it."""
    return next(
        (
            o
            for o in s.orgs
            if vend <= o[2] < ce
            and g.FOUNDED_OBJECT_GAP.match(s.canon[vend : o[2]])
            and not g.MODIFIER_AFTER.match(s.canon[o[2] + len(o[1]) :])
            and not _unit_of(s.canon[o[2] + len(o[1]) : ce])
        ),
        None,
    )


def shops_opened(b: Reader, s: View) -> None:
    """1998年，张三与丈夫在成都开出了第一家“星河鸡”; 于1994年开设「星河滩」: a shop opened under its own name (the
    name ends the clause) is the organisation's beginning — its founders are the verb's agents, its date the
    clause's."""
    for m in g.SHOP_OPENED.finditer(s.canon):
        cs, ce = vals.clause_at(s.canon, m.start())
        if g.NEGATED.search(s.canon[max(cs, m.start() - 3) : m.start()]) or g.PLANNED.search(
            s.canon[cs : m.start()]
        ):
            continue
        gap_rx = g.SHOP_GAP_FIRST if m.group(1) else g.SHOP_GAP_QUOTED
        shop = next(
            (
                o
                for o in s.orgs
                if m.end() <= o[2] < ce
                and gap_rx.match(s.canon[m.end() : o[2]])
                and g.SHOP_NAME_END.match(s.canon[o[2] + len(o[1]) :])
            ),
            None,
        )
        if shop is None or b.is_person(shop[0]):
            continue
        date = b.when(s, m.start(), m.start())
        agents = b.agents(s, m.start())
        for pid in agents:
            b.record_founded(pid, shop[0], date, s.i)
        if date and not agents:
            _founded_at(b, shop[0], date, s.i)


def _founded_org(
    b: Reader, s: View, agent: int, vpos: int, vend: int, ce: int
) -> tuple[int, str, int] | None:
    """The organisation the verb at `vpos` founds: named right after it in its clause, else (ORG由…PERSON创办)
    the one named before the 由 that makes `agent` the agent."""
    for oid, n, p in s.orgs:
        gap = s.canon[vend:p]
        if (
            p >= vend
            and p < ce
            and len(gap) <= 12
            and not re.search(r"[，。；]", gap)
            # 全美最大的…公司: a modifier; 最早/最初 are adverbs of the next clause's verb
            and not g.MODIFIER_AFTER.match(s.canon[p + len(n) :])
            and not _unit_of(s.canon[p + len(n) : ce])
        ):
            return (oid, n, p)
    by = _passive_at(b, s, agent, vpos)
    if by is not None:
        # ORG由…PERSON创办: the organisation named before 由, not one inside the agent's description.
        before = [o for o in s.orgs if o[2] + len(o[1]) <= by]
        return before[-1] if before else None
    return None


def _unit_of(rest: str) -> bool:
    """参与成立星途中国研发中心: a unit of the organisation is founded (远川天成通信设备公司 is the company)."""
    return bool(g.NAME_GOES_ON.match(rest)) and not g.ORG_CLASS.search(rest)


def _passive(b: Reader, s: View, pid: int) -> bool:
    """由PERSON创立: the person named right after 由."""
    return any(p[0] == pid and s.canon[: p[2]].endswith(g.BY) for p in s.people)


def _passive_at(b: Reader, s: View, pid: int, vpos: int) -> int | None:
    """Where the 由 stands that makes `pid` the agent of the verb at `vpos`: right before the name
    (由孙浩然创立), or before a description of which the name is the head, the name then standing right
    before the verb (由星狮龙创办人罗定远长子罗乐天夫妇创办: 罗乐天, not 罗定远 nor 星狮龙)."""
    for _e, n, p in (q for q in s.people if q[0] == pid):
        if s.canon[:p].endswith(g.BY):
            return p - 1
        by = s.canon.rfind(g.BY, 0, p)
        if p >= vpos or by < 0 or p - by > 24:
            continue
        chain = s.canon[by + 1 : vpos]
        if g.CHAIN_BREAK.search(chain) or g.FOUND_VERB.search(s.canon, by + 1, p):
            continue
        if g.AGENT_TAIL.fullmatch(s.canon[p + len(n) : vpos]):
            return by
    return None


def founder_titles(b: Reader, s: View) -> None:
    """ORG(的)创始人PERSON, PERSON是ORG的创始人: the title says who founded what."""
    for m in g.FOUNDER_TITLE.finditer(s.canon):
        head = s.canon[: m.start()].rstrip(g.OF + g.CLOSING)
        cls = g.ORG_CLASS.search(head)  # 星河米粉的品牌创始人: a class word between
        bare = head[: cls.start()].rstrip(g.OF + g.CLOSING) if cls else head
        org = next((o for o in s.orgs if head.endswith(o[1]) or bare.endswith(o[1])), None)
        if org is None or vals.is_school(org[1]):
            continue
        rest = s.canon[m.end() :]
        tail = g.FOUNDER_TITLE_TAIL.match(rest)
        at = m.end() + (tail.end() if tail else 0)
        person = next((p for p in s.people if p[2] == at), None)
        if person is None and (epithets := g.EPITHETS.match(s.canon, at)):
            # 「星河码头」创办人、人称「汤圆皇后」的张三: more of the same person's descriptions, then 的 and the name
            person = next((p for p in s.people if p[2] == epithets.end()), None)
        if person is None:
            # PERSON是ORG的创始人 / 作为ORG创始人的PERSON
            # (朱立新是安防巨头远帆股份的创始人之一: a short description of the company may stand between)
            before = s.canon[: org[2]]
            person = next(
                (
                    p
                    for p in s.people
                    if re.search(re.escape(p[1]) + g.IS_DESCRIBED, before)
                    and not any(p[2] < q[2] < org[2] for q in s.people + s.orgs if q[1] != p[1])
                ),
                None,
            )
        if person is None:
            continue
        if g.PAST.search(s.canon[max(0, org[2] - 4) : org[2]]):
            continue
        b.record_founded(person[0], org[0], "", s.i)


def founder_described(b: Reader, s: View) -> None:
    """星河生物成立于2015年，创始人为…研究院创始院长、…教授，著名病毒学家张三院士: the founder's title opens a
    clause of a sentence about an organisation; the founder is the one person at the end of the description."""
    subj = b.subject(s)
    if subj is None or b.is_person(subj):
        return
    for m in g.FOUNDER_IS.finditer(s.canon):
        after = [p for p in s.people if p[2] >= m.end()]
        if not after or any(o[0] == subj and o[2] >= m.start() for o in s.orgs):
            continue
        pid, n, pos = after[0]
        if not g.FOUNDER_DESCRIPTION.match(s.canon[m.end() : pos]):
            continue
        if not g.FOUNDER_NAME_END.match(s.canon[pos + len(n) :]) or len({p[0] for p in after}) > 1:
            continue
        b.record_founded(pid, subj, "", s.i)


def org_founded(b: Reader, s: View) -> None:
    """ORG成立于2013年, ORG于2009年在苏州成立, 成立于2015年的ORG — the company is the subject."""
    lead = g.SINCE_LEADS.match(s.canon)
    if lead:
        for oid, _n, p in s.orgs:
            if p == lead.end():  # 从2018年成立以来，ORG…: the subject right after the comma
                _founded_on(b, oid, lead.group(1), s.i)
    for oid, n, p in s.orgs:
        cs, ce = vals.clause_at(s.canon, p)
        at = p + len(n)
        tail = g.LEGAL_TAIL.match(s.canon, at)
        if tail and tail.end() > at:
            at = tail.end()  # 「Nordway Trading Pte. LTD.」在2018年成立: the rest of the quoted legal name
        m = g.ORG_FOUNDED_AFTER.match(s.canon, at) or g.ORG_FOUNDED_IN.match(s.canon, at)
        if m and (m.group(2) or s.canon[at:].startswith(g.FOUNDED_ON)):
            if any(p < q[2] < m.end() for q in s.people):
                continue
            date = vals.date_in(m.group(1), None)
            b.put(oid, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))
            continue
        m = g.ORG_FOUNDED_SINCE.search(s.canon, at, ce)
        if (
            m
            and g.SHORT_GAP.match(s.canon[at : m.start()])
            and not any(at <= o[2] < m.start() for o in s.orgs)
        ):
            _founded_on(b, oid, m.group(1), s.i)  # 星河自2013年成立以来
            continue
        m = g.ORG_IS_FOUNDED.match(s.canon, p + len(n))
        if m and not any(m.end() <= o[2] < ce for o in s.orgs):  # …成立的Y公司的子公司: Y's year
            date = vals.date_in(m.group(1), None)
            b.put(oid, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))
            continue
        m = g.ORG_FOUNDED_BARE.match(s.canon, at)
        if m and not any(cs <= q[2] < p for q in s.people + s.orgs):
            date = vals.date_in(m.group(1), None) if m.group(1) else b.when(s, p, p)
            if date:
                _founded_at(b, oid, date, s.i)  # 2016年，青禾成立; 青禾2015年成立
                continue
        m = g.ORG_FOUNDED_BEFORE.search(s.canon, cs, p) or g.ORG_FOUNDED_BEFORE_BARE.search(s.canon[cs:p])
        if m and not s.people:
            date = vals.date_in(m.group(1), None)
            b.put(oid, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))
    # …星途科技总部位于江苏苏州，公司于2009年成立: 公司/该公司 goes on with the sentence's company.
    subj = b.subject(s)
    if subj is not None and not b.is_person(subj):
        for m in g.ORG_PRONOUN_FOUNDED.finditer(s.canon):
            date = vals.date_in(m.group(1), None)
            b.put(subj, "founded", vals.show_date(date), s.i, date=date, year=int(date[:4]))
    _founding_dated_next(b, s)
    _legal_name_founded(b, s)
    _founded_until_now(b, s)


def _founded_until_now(b: Reader, s: View) -> None:
    """星河却为失业青年提供培训机会，…，2012年在吉隆坡创办至今，已帮助逾千人: a subjectless clause of a date, a
    founding verb and 至今/以来 tells the founding of the organisation that opens an earlier clause of the
    sentence as its subject — the last one that does, when no person opens a clause after it."""
    for m in g.FOUNDED_UNTIL_NOW.finditer(s.canon):
        cs, _ce = vals.clause_at(s.canon, m.end() - 1)
        if any(cs <= q[2] < m.end() for q in s.orgs + s.people):
            continue
        opener = None
        for q in sorted(s.orgs + s.people, key=lambda q: q[2]):
            if q[2] >= cs:
                break
            if g.CLAUSE_OPENING.search(s.canon[: q[2]]):
                opener = q
        if opener is None or b.is_person(opener[0]) or opener[0] in b.bad_org:
            continue
        _founded_on(b, opener[0], m.group(1), s.i)


def _legal_name_founded(b: Reader, s: View) -> None:
    """星河创业投资管理有限公司创立于2004年 in an article about 星河创投: a sentence that opens with a legal name
    (it carries its legal form) the extractor linked to no entity, and its founding date, dates the one
    organisation of the article whose name abbreviates it — the same first two characters, then the rest of
    the short name's characters in order (创投 from 创业投资). The abbreviation is the evidence."""
    m = g.LEGAL_NAME_FOUNDED.match(s.canon)
    if m is None or any(o[2] == 0 for o in s.orgs):
        return
    legal = m.group(1)
    short = {
        eid
        for eid in b.article_entities(s.f.article)
        if not b.is_person(eid) and eid not in b.bad_org and any(_abbreviates(n, legal) for n in b.names[eid])
    }
    if len(short) == 1:
        _founded_on(b, short.pop(), m.group(2) or m.group(3), s.i)


def _abbreviates(short: str, full: str) -> bool:
    """创投 in 创业投资: `short` (three characters or more) is `full`'s first two characters, then the rest of
    its characters in order."""
    if len(short) < 3 or len(short) >= len(full) or not full.startswith(short[:2]):
        return False
    rest = iter(full[2:])
    return all(c in rest for c in short[2:])


def _founding_dated_next(b: Reader, s: View) -> None:
    """…也是星河动画成立的年份。公司于2013年成立，…: a sentence that opens with 公司/该公司 and its founding date
    dates the organisation whose founding the sentence before tells without a date (ORG成立, ORG创立…). Which
    organisation the opening class word stands for is decided by that founding, not by the nearest name."""
    m = g.ORG_PRONOUN_FOUNDED_OPENING.match(s.canon)
    if m is None:
        return
    before = b.by_place.get((s.f.article, s.f.sentence - 1))
    if before is None:
        return
    told = {
        o[0]
        for o in before.orgs
        if g.FOUND_VERB.match(before.canon, o[2] + len(o[1]))
        and not g.DATED.search(before.canon[slice(*vals.clause_at(before.canon, o[2]))])
        and not b.is_person(o[0])
        and not vals.is_school(o[1])
        and b.entities[o[0]]["kind"] != "university"
    }
    if len(told) == 1:
        _founded_on(b, told.pop(), m.group(1) or m.group(2), s.i)


def _founded_on(b: Reader, oid: int, text: str, i: int) -> None:
    _founded_at(b, oid, vals.date_in(text, None), i)


def _founded_at(b: Reader, oid: int, date: str, i: int) -> None:
    """The organisation's founding date (2013, 2013-04)."""
    b.put(oid, "founded", vals.show_date(date), i, date=date, year=int(date[:4]))


FOUNDED = Rule("founded", ("founded", "founders"), founded)
FOUNDER_TITLES = Rule("founder_titles", ("founded", "founders"), founder_titles)
FOUNDER_DESCRIBED = Rule("founder_described", ("founded", "founders"), founder_described)
ORG_FOUNDED = Rule("org_founded", ("founded",), org_founded)
SHOPS_OPENED = Rule("shops_opened", ("founded", "founders"), shops_opened)
