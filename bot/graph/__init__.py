"""关系图 (`/graph NAME`): the entity and its typed relations as nodes and labelled edges.

The picture's content is decided here, from the card's own profile (so its ranking is the card's): the
founders, founded companies, roles (current and past), leaders, parent, brands, products, listing,
education, then the related entities, one hop; and when room is left, the founders' other companies
(a second hop). Drawing it is `bot.graph.draw`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.messages import t

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.store.index import Index

MAX_NODES = 20
MIN_EDGES = 2  # fewer relations make no picture (and no 关系图 button)


@dataclass
class Node:
    key: str  # "e<id>" for an indexed entity, "v<value>" for a value with no entity (a product)
    label: str
    person: bool
    entity: int | None = None
    hop: int = 1  # 0 the entity itself, 1 its relations, 2 a founder's other company
    via: str = ""  # a second-hop node: the key of the first-hop node it hangs from


@dataclass
class Edge:
    a: str  # node keys
    b: str
    labels: list[str] = field(default_factory=list)
    past: list[bool] = field(default_factory=list)  # per label: a past role

    @property
    def dashed(self) -> bool:
        """Past roles are dashed: an edge all of whose relations are past ones."""
        return bool(self.past) and all(self.past)

    @property
    def label(self) -> str:
        return "·".join(dict.fromkeys(self.labels))


@dataclass
class Graph:
    center: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "nodes": [
                {"key": n.key, "label": n.label, "person": n.person, "entity": n.entity, "hop": n.hop}
                for n in self.nodes.values()
            ],
            "edges": [{"from": e.a, "to": e.b, "label": e.label, "past": e.dashed} for e in self.edges],
        }


# ---- the graph ------------------------------------------------------------------------------------
def relation_count(index: Index, ans: Answer) -> int:
    """How many relations the picture of this card would draw (the 关系图 button needs two)."""
    return len(build(index, ans).edges) if ans.entity else 0


# Card fields in the order their relations are taken, and the edge label each gives.
_FIELDS = (
    "founders",
    "founded",
    "roles",
    "leaders",
    "parent",
    "brands",
    "products",
    "listing",
    "education",
    "related",
)


def build(index: Index, ans: Answer, limit: int = MAX_NODES) -> Graph:
    """The entity, up to `limit` nodes in the card's order (profile fields, strongest value first), then
    the founders' other companies while room is left."""
    assert ans.entity is not None
    # Labels in Simplified for a Traditional reader, like the card's data: the picture converts them.
    lang = "zh-hans" if ans.lang == "zh-hant" else ans.lang
    e = ans.entity
    center = f"e{e['id']}"
    g = Graph(center)
    g.nodes[center] = Node(center, e["name"], e["kind"] == "person", e["id"], hop=0)
    for field_ in _FIELDS:
        for item in ans.profile.get(field_, []):
            rel = _relation(index, field_, item, lang)
            if rel is not None:
                _add(g, center, *rel, limit=limit)
    if e["kind"] != "person":
        _second_hop(index, ans, g, limit)
    return g


def _node(index: Index, eid: int | None, label: str) -> Node | None:
    if eid is not None and eid in index.entities:
        ent = index.entities[eid]
        return Node(f"e{eid}", ent.name, ent.kind == "person", eid)
    label = re.sub(r"\s+", " ", label).strip()
    if not label:
        return None
    return Node(f"v{label}", label, False, None)


def _year(date: object) -> str:
    m = re.match(r"(\d{4})", str(date or ""))
    return m.group(1) if m else ""


def _relation(index: Index, field_: str, item: dict, lang: str) -> tuple[Node, str, bool, bool] | None:
    """(the other node, the edge label, past, the edge points from the other node to the entity)."""
    eid = item.get("entity")
    if field_ == "founders":
        node = _node(index, eid, item.get("person") or item.get("value", ""))
        return (node, t("graph.edge.founder", lang), False, True) if node else None
    if field_ == "founded":
        node = _node(index, eid, item.get("organisation") or "")
        if node is None:
            return None  # an organisation's own founding date is no relation
        year = _year(item.get("date"))
        label = t("graph.edge.founded_in", lang, year=year) if year else t("graph.edge.founded", lang)
        return node, label, False, False
    if field_ in ("roles", "leaders"):
        who = item.get("organisation") if field_ == "roles" else item.get("person")
        node = _node(index, eid, who or "")
        if node is None:
            return None
        title = item.get("title") or ""
        past = item.get("status") == "past"
        label = t("graph.edge.past" if past else "graph.edge.role", lang, title=title) if title else ""
        return node, label, past, field_ == "leaders"
    if field_ == "education":
        node = _node(index, eid, item.get("school") or "")
        if node is None:
            return None
        degree = item.get("degree") or ""
        label = t("graph.edge.degree", lang, degree=degree) if degree else t("graph.edge.education", lang)
        return node, label, False, False
    if field_ == "listing":
        if item.get("status") == "planned":
            return None
        node = _node(index, eid, item.get("exchange") or "")
        if node is None:
            return None
        year = _year(item.get("date"))
        label = t("graph.edge.listing_in", lang, year=year) if year else t("graph.edge.listing", lang)
        return node, label, False, False
    if field_ in ("parent", "brands", "products"):
        node = _node(index, eid, item.get("name") or item.get("value", ""))
        key = {"parent": "graph.edge.parent", "brands": "graph.edge.brand", "products": "graph.edge.product"}
        return (node, t(key[field_], lang), False, False) if node else None
    if field_ == "related":
        node = _node(index, eid, "")
        if node is None:
            return None
        # Only 相关: the card's related entities carry no typed relation (an investor firm named beside a
        # person may be theirs, not their investor).
        return node, t("graph.edge.related", lang), False, False
    return None


def _add(
    g: Graph, src: str, node: Node, label: str, past: bool, inward: bool, limit: int, hop: int = 1
) -> bool:
    """One relation: a new node (while fewer than `limit`) or another label on an existing edge."""
    if node.key == src or node.key == g.center:
        return False
    if node.key not in g.nodes:
        if len(g.nodes) >= limit:
            return False
        node.hop, node.via = hop, (src if hop > 1 else "")
        g.nodes[node.key] = node
    a, b = (node.key, src) if inward else (src, node.key)
    edge = next((x for x in g.edges if {x.a, x.b} == {a, b}), None)
    if edge is None:
        edge = Edge(a, b)
        g.edges.append(edge)
    founding = (t("graph.edge.founded", "zh-hans"), t("graph.edge.founded", "en"))
    if past is False and _founder_title(label) and any(x.startswith(founding) for x in edge.labels):
        return True  # 创立 already says it: 创始人 as a title adds nothing
    if label.startswith(founding) and edge.labels and all(_founder_title(x) for x in edge.labels):
        edge.labels, edge.past = [], []  # the founding (with its year) says more than the title
    if label and label not in edge.labels:
        edge.labels.append(label)
        edge.past.append(past)
    elif not edge.past:
        edge.past.append(past)
    return True


def _founder_title(label: str) -> bool:
    """创始人, 联合创始人 (founder, co-founder) as a role title: the founding relation itself."""
    words = (t("graph.edge.founder", "zh-hans"), t("graph.edge.founder", "en"))
    return any(label.endswith(w) or label.startswith(w) for w in words if label)


def _second_hop(index: Index, ans: Answer, g: Graph, limit: int) -> None:
    """The founders' other companies, each hanging from its founder, while room is left."""
    for item in ans.profile.get("founders", []):
        founder = item.get("entity")
        if founder not in index.entities or f"e{founder}" not in g.nodes:
            continue
        for rec in index.profile(founder).get("founded", []):
            org = rec.get("entity")
            if org is None or org == ans.entity["id"] or org not in index.entities:
                continue
            year = _year((rec.get("parts") or {}).get("date"))
            lang = "zh-hans" if ans.lang == "zh-hant" else ans.lang
            label = t("graph.edge.founded_in", lang, year=year) if year else t("graph.edge.founded", lang)
            node = _node(index, org, "")
            if len(g.nodes) >= limit:
                return
            if node is not None:
                _add(g, f"e{founder}", node, label, False, False, limit, hop=2)


__all__ = [
    "MAX_NODES",
    "MIN_EDGES",
    "Edge",
    "Graph",
    "Node",
    "build",
    "entity_view",
    "relation_count",
    "view_answer",
]
