"""A company's figures: revenue, funding, valuation … with year and status (field: figures)."""

from __future__ import annotations

from bot.relations import cues
from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.sentence import Reader, Rule, View


def figures(b: Reader, s: View) -> None:
    labels = cues.pairs("figure_labels")
    seen: set[str] = set()
    for m in g.FIGURE_LABEL.finditer(s.canon):
        label, j, end = m.group(0), m.start(), m.end()
        cs, ce = vals.clause_at(s.canon, j)
        after = vals.AMOUNT.search(s.canon, end, min(ce, end + 10))
        before = None
        for prev in vals.AMOUNT.finditer(s.canon, max(cs, j - 12), j):
            before = prev
        gap_after = after.start() - end if after else 99
        gap_before = j - before.end() if before else 99
        am = before if gap_before < gap_after and gap_before <= 3 else after
        if am is None or am.group(1) in seen:
            continue
        if g.MAGNITUDE.fullmatch(am.group(1)) or g.AVERAGE.search(s.canon[cs:j]):
            continue  # 年收入在千万以上, 教师平均年收入: an order of magnitude or an average, not the company's
        if am is after and g.WORDS_BETWEEN.search(s.canon[end : am.start()]):
            continue
        seen.add(am.group(1))
        if s.canon[am.end() : am.end() + 1] == g.LIST_COMMA or s.canon[end : end + 2] in g.NOT_A_FIGURE:
            continue  # 4.51亿元、5.97亿元、5.15亿元 for 2018-2020: no one figure per year
        oid = _figure_owner(b, s, j, cs)
        if oid is None:
            continue
        year = vals.date_in(s.canon[cs:j], None)[:4]
        status = _status(s.canon, cs, am.start())
        kind = labels.get(label, label)
        rnd = g.ROUND.search(s.canon[cs:j])
        if rnd and kind == g.FUNDING:
            kind = g.shown("ROUND", round=rnd.group(1))  # one round, not the company's total
        amount = vals.amount(am.group(1))
        text = f"{g.shown('YEAR', year=year) if year else ''}{kind} {amount}" + {
            "planned": g.shown("FORECAST"),
            "target": g.shown("TARGET"),
        }.get(status, "")
        b.put(
            oid,
            "figures",
            text,
            s.i,
            kind=kind,
            amount=amount,
            year=int(year) if year else None,
            status=status,
        )


def _status(canon: str, cs: int, at: int) -> str:
    """A figure is a target (目标), planned (将, 有望, 预计) or actual."""
    if g.TARGET.search(canon[cs:at]):
        return "target"
    if g.PLANNED.search(canon[cs:at]) or g.WILL_SOON.search(canon[:at]):
        return "planned"
    return "actual"


def _figure_owner(b: Reader, s: View, j: int, cs: int) -> int | None:
    """The company a figure at `j` belongs to: named in the label's clause right before it (营收,
    的营收, 2020年营收), or the sentence's company when the clause goes on with 其/公司/该公司. An
    investor (由远帆资本领投) or a company that only owns something else's figure (客户的销售收入) is not."""
    here = [o for o in s.orgs if cs <= o[2] < j]
    if here:
        eid, n, p = here[-1]
        gap = s.canon[p + len(n) : j]
        if g.OF in gap[1:] or s.canon[:p].endswith(g.BY) or g.INVESTS.match(gap):
            return None
        if any(p < q[2] < j for q in s.people):
            return None
        return eid
    if g.SOMEONE_ELSE.match(s.canon[cs:j]):
        return None
    # 估值达到800亿美元，由远帆集团领投; 由和风资本领投，投后估值超过50亿元: an investor is no second company
    rivals = [o for o in s.orgs if not _investor_at(s.canon, o[2], o[1])]
    if len(rivals) == 1 and rivals[0][2] < j and j - rivals[0][2] <= 40 and not s.people:
        return rivals[0][0]  # 创立灵瞳这条产品线，我估计总投入30个亿: the one company the sentence names
    if g.ITS_COMPANY.match(s.canon[cs:j]):
        subj = b.subject(s)
        if subj is not None and not b.is_person(subj):
            return subj
        return s.pronoun_org
    return None


def _investor_at(canon: str, p: int, name: str) -> bool:
    return canon[:p].endswith(g.BY) or bool(g.INVESTS.match(canon, p + len(name)))


FIGURES = Rule("figures", ("figures",), figures)
