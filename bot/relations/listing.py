"""Where and when a company listed, or plans to (field: listing)."""

from __future__ import annotations

from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.sentence import Reader, Rule, View


def listing(b: Reader, s: View) -> None:
    fail = g.FAILURE.search(s.canon)
    for m in g.LISTING_VERB.finditer(s.canon):
        vpos = m.start()
        if g.NOT_A_LISTING.match(s.canon[m.end() :]) or s.canon[max(0, vpos - 2) : vpos] in g.NOT_LISTED_YET:
            continue
        cs, ce = vals.clause_at(s.canon, vpos)
        if fail and fail.start() >= cs:
            continue  # 递交了上市申请，但未能通过
        if g.NEGATED.search(s.canon[max(cs, vpos - 3) : vpos]):
            continue
        planned = g.PLANNED.search(s.canon[cs:vpos]) or g.WILL_SOON.search(s.canon[:vpos])
        status = "planned" if planned else "done"
        if g.APPLIED.search(s.canon, 0, vpos) and not g.LISTED_ITSELF.search(s.canon[cs:vpos]):
            continue  # 递交招股书，计划在纳斯达克上市; 申请上市，但…其申请已经失效: applied, not listed
        exchanges = g.EXCHANGE.findall(s.canon[cs:ce]) or [
            x.group(1) for x in g.EXCHANGE_NAMED.finditer(s.canon[cs:ce])
        ]
        if not exchanges:
            whole = list(dict.fromkeys(g.EXCHANGE.findall(s.canon)))
            exchanges = whole if len(whole) == 1 else []
        if not exchanges and g.IN_HONG_KONG.search(s.canon[cs:vpos]):
            exchanges = [g.HONG_KONG]
        if not exchanges:
            continue
        oid = b.org_subject(s, vpos)
        if oid is None:
            continue
        date = b.when(s, vpos, vpos) if status == "done" else ""
        ticker = g.TICKER.search(s.canon)
        ex = exchanges[0]
        parts = [ex]
        if date:
            parts.append(vals.show_date(date))
        if ticker:
            parts.append(ticker.group(1))
        text = " · ".join(parts) + (g.shown("PLANNED") if status == "planned" else "")
        b.put(
            oid,
            "listing",
            text,
            s.i,
            exchange=ex,
            date=date,
            ticker=ticker.group(1) if ticker else "",
            status=status,
        )
        return
    t = g.TICKER.search(s.canon)
    if t:
        oid = b.org_subject(s, t.start())
        if oid is not None:
            b.put(
                oid,
                "listing",
                g.shown("TICKER", ticker=t.group(1)),
                s.i,
                exchange="",
                date="",
                ticker=t.group(1),
                status="done",
            )


LISTING = Rule("listing", ("listing",), listing)
