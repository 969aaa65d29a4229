"""A company's figures: revenue, funding, valuation … with year and status (field: figures)."""

from __future__ import annotations

import re

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
        if re.fullmatch(r"[百千]+(?:万|亿)", am.group(1)) or re.search(
            r"(?:平均|人均|每人|单店)\S{0,2}$", s.canon[cs:j]
        ):
            continue  # 年收入在百万以上, 牙医平均年收入: an order of magnitude or an average, not the company's
        if am is after and re.search(r"[\u4e00-\u9fff]{4,}", s.canon[end : am.start()]):
            continue
        seen.add(am.group(1))
        if s.canon[am.end() : am.end() + 1] == "、" or s.canon[end : end + 2] in ("来源", "结构"):
            continue  # 4.51亿元、5.97亿元、5.15亿元 for 2018-2020: no one figure per year
        oid = _figure_owner(b, s, j, cs)
        if oid is None:
            continue
        year = vals.date_in(s.canon[cs:j], None)[:4]
        status = "actual"
        if g.TARGET.search(s.canon[cs : am.start()]):
            status = "target"
        elif g.PLANNED.search(s.canon[cs : am.start()]) or re.search(r"将(?!近)|有望", s.canon[: am.start()]):
            status = "planned"
        kind = labels.get(label, label)
        rnd = g.ROUND.search(s.canon[cs:j])
        if rnd and kind == "融资":
            kind = f"{rnd.group(1)}轮融资"  # one round, not the company's total
        amount = vals.amount(am.group(1))
        text = f"{year + '年' if year else ''}{kind} {amount}" + {
            "planned": "（预计）",
            "target": "（目标）",
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


def _figure_owner(b: Reader, s: View, j: int, cs: int) -> int | None:
    """The company a figure at `j` belongs to: named in the label's clause right before it (营收,
    的营收, 2020年营收), or the sentence's company when the clause goes on with 其/公司/该公司. An
    investor (由顺为资本领投) or a company that only owns something else's figure (客户的销售收入) is not."""
    here = [o for o in s.orgs if cs <= o[2] < j]
    if here:
        eid, n, p = here[-1]
        gap = s.canon[p + len(n) : j]
        if "的" in gap[1:] or s.canon[:p].endswith("由") or re.match(r"领投|跟投|参投|投资|注资", gap):
            return None
        if any(p < q[2] < j for q in s.people):
            return None
        return eid
    if re.match(r"^(?:后者|前者|其中|其他|另|对方)", s.canon[cs:j]):
        return None
    if len(s.orgs) == 1 and s.orgs[0][2] < j and j - s.orgs[0][2] <= 40 and not s.people:
        return s.orgs[0][0]  # 创立神眸这条产品线，我预计总投入50个亿: the one company the sentence names
    if re.match(r"^(?:其|公司|该公司|这家公司|集团)", s.canon[cs:j]):
        subj = b.subject(s)
        if subj is not None and not b.is_person(subj):
            return subj
        return s.pronoun_org
    return None


FIGURES = Rule("figures", ("figures",), figures)
