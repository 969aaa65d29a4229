"""A company's products and brands (fields: products, brands)."""

from __future__ import annotations

import re

from bot import lexicon as lx
from bot.relations import cues
from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.sentence import Reader, Rule, View


def products(b: Reader, s: View) -> None:
    """Each organisation's main products (主要产品包括…), model codes, “…”系列, brands and launches."""
    canon = s.canon
    subj = b.subject(s)
    for oid, _oname, pos in s.orgs:
        m = g.MAIN_PRODUCTS.search(canon, pos)
        if m and oid == subj:
            listed = m.group(1)
            items = [listed.rsplit(g.OF, 1)[1]] if g.OF in listed else g.PRODUCT_LIST_SPLIT.split(listed)
            for item in items:
                _product(b, oid, item.strip(g.ETC + "。 "), s.i)
        if s.f.type in ("product", "founded", "event", "relation", "figure"):
            _models(b, s, oid)
            for mm in g.SERIES.finditer(canon):
                if b.org_subject(s, mm.start()) == oid or subj == oid:
                    _product(b, oid, mm.group(1), s.i, s, mm.start())
            if g.BRAND in canon and b.entities[oid]["kind"] != "brand":
                for bid, _bname, bpos in s.orgs:
                    if b.entities[bid]["kind"] == "brand" and bid != oid and bpos > pos:
                        b.put(oid, "brands", b.name(bid), s.i, entity=bid)
        _launches(b, s, oid, pos)
    if not s.orgs and s.people:
        _products_of_neighbour(b, s, b.by_place)


def _models(b: Reader, s: View, oid: int) -> None:
    """Model codes (K300, R58) of the organisation they follow: 远帆C23, 恒岳研发的青鸾K300."""
    canon = s.canon
    for mm in g.MODEL.finditer(canon):
        if b.org_subject(s, mm.start()) != oid:
            continue
        code = mm.group(1)
        pre = canon[max(0, mm.start() - 2) : mm.start()]
        mention = next((n for e, n, p in s.orgs if e == oid and p + len(n) == mm.start()), None)
        if mention:
            _product(b, oid, mention + code, s.i, s, mm.start())  # 远帆C23, 锐芯微R58
            continue
        named = bool(re.fullmatch(r"[\u4e00-\u9fff]{2}", pre)) and not lx.is_generic(pre)
        if named and g.MADE_BY_END.search(canon[: mm.start() - 2]):
            _product(b, oid, pre + code, s.i, s, mm.start())  # 恒岳研发的青鸾K300
        elif not re.search(r"[\u4e00-\u9fff]$", pre) and not re.fullmatch(r"[A-Z]{1,2}\d{1,2}", code):
            _product(b, oid, code, s.i, s, mm.start())


def _launches(b: Reader, s: View, oid: int, pos: int) -> None:
    """推出了…X1: a launched product with a Latin name, after the organisation that launches it."""
    for mm in g.LAUNCH.finditer(s.canon):
        name = mm.group(1)
        looks_named = re.search(r"\d", name) or not name.isupper() or len(name) >= 5
        if mm.start() > pos and looks_named and b.org_subject(s, mm.start()) == oid:
            _product(b, oid, name, s.i, s, mm.start())


def _product(b: Reader, oid: int, name: str, i: int, s: View | None = None, at: int = -1) -> None:
    if s is not None and at >= 0:
        cs, _ = vals.clause_at(s.canon, at)
        if g.PLANNED.search(s.canon[cs:at]) or g.NOT_LAUNCHED_YET.search(s.canon[cs:at]):
            return  # 还将推出代号X09的跑车: not a product yet
    name = b.restore(name.strip("“”\"' "))
    if not (2 <= len(name) <= 12) or vals.is_exchange(name) or name in cues.words("generic_values"):
        return
    if any(name == n for n in b.names[oid]):
        return
    if b.by_name is None:
        b.by_name = {n: e for e, names in b.names.items() for n in names}
    linked = b.by_name.get(name)
    linked = linked if linked != oid else None
    b.put(oid, "products", name, i, entity=linked, name=name)


def _products_of_neighbour(b: Reader, s: View, by_place: dict) -> None:
    """陈书耕研发出…“卡洛伦”系列。同年6月…创立恒岳科技: a product named beside a founding sentence about
    the same person belongs to what they founded."""
    names = [m.group(1) for m in g.SERIES.finditer(s.canon)]
    if not names:
        return
    for other in (
        by_place.get((s.f.article, s.f.sentence + 1)),
        by_place.get((s.f.article, s.f.sentence - 1)),
    ):
        if other is None or not g.FOUND_VERB.search(other.canon):
            continue
        if not {p[0] for p in s.people} & {p[0] for p in other.people}:
            continue
        for oid, _n, p in other.orgs:
            if p > g.FOUND_VERB.search(other.canon).start():
                for name in names:
                    _product(b, oid, name, s.i)


PRODUCTS = Rule("products", ("products", "brands"), products)
