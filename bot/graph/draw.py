"""The 关系图 as a PNG: a radial picture drawn with Pillow in a CJK font that pip installs.

No system binary and no system font: Pillow (its wheel carries FreeType) and Noto Sans CJK from the
`noto-cjk-sans-otc` wheel (the Simplified face for Simplified and English readers, the Traditional face
for Traditional ones). The entity sits in the middle; its relations on a ring around it (alternating
between two radii when there are many, so neighbours never touch), a founder's other companies further
out beside the founder. People are round and blue, organisations square-cornered and amber, values
without a card (a product) grey; past roles are dashed. Edge labels sit on their edge where they
overlap nothing. Pictures are cached by entity, index generation and content.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.graph import Graph, Node

if TYPE_CHECKING:
    from collections.abc import Callable

    from PIL import ImageDraw, ImageFont

SIZE = (1280, 960)
VERSION = 1  # of the drawing: a change here draws every cached picture anew
_FACES = {"zh-hant": 3}  # Noto Sans CJK collection: 2 SC, 3 TC (Traditional glyph forms)
_BG, _INK, _EDGE, _MUTED = "#ffffff", "#1f2937", "#6b7280", "#9ca3af"
_STYLE = {  # fill, outline
    "person": ("#dbeafe", "#2563eb"),
    "org": ("#fef3c7", "#d97706"),
    "value": ("#f3f4f6", "#6b7280"),
}
_NODE_PX, _CENTER_PX, _EDGE_PX, _TITLE_PX, _LEGEND_PX = 26, 34, 20, 30, 19
_MAX_LABEL = 10  # characters of a node's name before it is cut with …


def font_path() -> Path:
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


def face_index(lang: str) -> int:
    return _FACES.get(lang, 2)


@cache
def _font(px: int, lang: str) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), px, index=face_index(lang))


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, o: Box, pad: float = 0) -> bool:
        return not (
            self.x1 + pad <= o.x0 or o.x1 + pad <= self.x0 or self.y1 + pad <= o.y0 or o.y1 + pad <= self.y0
        )

    def inside(self, w: float, h: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= w and self.y1 <= h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass
class Placed:
    node: Node
    text: str
    box: Box
    style: str
    sub: str = ""  # a crowded picture's edge label, written under the name
    dense: bool = False


@dataclass
class Layout:
    """Where everything goes: what the test checks (no overlaps, inside the picture) and what is drawn."""

    nodes: dict[str, Placed]
    labels: list[tuple[str, Box, tuple[str, str]]]  # text, box, the edge's node keys
    title: str
    legend: list[str]
    collided: bool = False  # an edge label found no free place on its edge


def short(text: str, n: int = _MAX_LABEL) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def layout(g: Graph, lang: str, conv: Callable[[str], str], title: str, legend: list[str]) -> Layout:
    """Labels on their edges when they fit; in a crowded picture (or when one does not fit) each edge's
    label is written under the name of the node it leads to, so no label can cross another."""
    lay = _layout(g, lang, conv, title, legend, dense=len(g.nodes) > _DENSE)
    if lay.collided:
        lay = _layout(g, lang, conv, title, legend, dense=True)
    return lay


_DENSE = 10  # more nodes than this: labels go under the names


def _layout(
    g: Graph, lang: str, conv: Callable[[str], str], title: str, legend: list[str], dense: bool
) -> Layout:
    w, h = SIZE
    cx, cy = w / 2, h / 2 + 14
    order = _ring_order(g)
    subs = _sub_labels(g) if dense else {}
    placed: dict[str, Placed] = {}
    center = g.nodes[g.center]
    placed[center.key] = _place(center, conv, lang, cx, cy, big=True)
    n = len(order)
    firsts = [k for k in order if g.nodes[k].hop == 1]
    stagger = len(firsts) > 8
    for i, key in enumerate(order):
        node = g.nodes[key]
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        if node.hop >= 2:
            rx, ry = 520, 365
        elif stagger:
            rx, ry = (500, 350) if firsts.index(key) % 2 else (310, 225)
        else:
            rx, ry = 400, 290
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        placed[key] = _place(node, conv, lang, x, y, sub=conv(subs.get(key, "")), dense=dense)
    _separate(placed, center.key, w, h)
    labels, collided = ([], False) if dense else _edge_labels(g, placed, conv, lang, w, h)
    return Layout(placed, labels, conv(title), [conv(x) for x in legend], collided)


def _sub_labels(g: Graph) -> dict[str, str]:
    """Each edge's label under the node it leads to: the one that is not the entity (or the farther)."""
    out: dict[str, list[str]] = {}
    for e in g.edges:
        if not e.label:
            continue
        a, b = g.nodes.get(e.a), g.nodes.get(e.b)
        if a is None or b is None:
            continue
        target = e.a if e.b == g.center or (e.a != g.center and a.hop > b.hop) else e.b
        out.setdefault(target, []).append(e.label)
    return {k: "·".join(dict.fromkeys(v)) for k, v in out.items()}


def _ring_order(g: Graph) -> list[str]:
    """First-hop nodes in the card's order, each followed by the second-hop nodes hanging from it."""
    out: list[str] = []
    for key, node in g.nodes.items():
        if node.hop == 1:
            out.append(key)
            out += [k for k, x in g.nodes.items() if x.hop >= 2 and x.via == key]
    return out


def _sizes(big: bool, dense: bool) -> tuple[int, int]:
    """(name px, sub-label px)."""
    if big:
        return (_CENTER_PX - 4 if dense else _CENTER_PX), _EDGE_PX
    return (_NODE_PX - 4 if dense else _NODE_PX), _EDGE_PX - 3


def _place(
    node: Node,
    conv: Callable[[str], str],
    lang: str,
    x: float,
    y: float,
    big: bool = False,
    sub: str = "",
    dense: bool = False,
) -> Placed:
    text = conv(short(node.label, 12 if big else (8 if dense else _MAX_LABEL)))
    name_px, sub_px = _sizes(big, dense)
    sub = short(sub, 10)
    tw = max(_font(name_px, lang).getlength(text), _font(sub_px, lang).getlength(sub) if sub else 0)
    th = name_px * 1.25 + (sub_px * 1.3 if sub else 0)
    padx, pady = (22, 14) if big else (14, 8)
    style = "person" if node.person else ("org" if node.entity is not None else "value")
    box = Box(x - tw / 2 - padx, y - th / 2 - pady, x + tw / 2 + padx, y + th / 2 + pady)
    return Placed(node, text, box, style, sub, dense)


def _separate(placed: dict[str, Placed], center: str, w: float, h: float) -> None:
    """Nudge nodes that touch apart, and back inside the picture (a few rounds; rings rarely need it)."""
    keys = [k for k in placed if k != center]
    for _ in range(300):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pa, pb = placed[a].box, placed[b].box
                if pa.overlaps(pb, pad=8):
                    (ax, ay), (bx, by) = pa.center, pb.center
                    dx, dy = bx - ax, by - ay
                    d = math.hypot(dx, dy) or 1.0
                    step = 6.0
                    _shift(pa, -dx / d * step, -dy / d * step)
                    _shift(pb, dx / d * step, dy / d * step)
                    moved = True
            if placed[center].box.overlaps(placed[a].box, pad=8):
                (ax, ay), (cx, cy) = placed[a].box.center, placed[center].box.center
                d = math.hypot(ax - cx, ay - cy) or 1.0
                _shift(placed[a].box, (ax - cx) / d * 6, (ay - cy) / d * 6)
                moved = True
        for k in keys:
            b = placed[k].box
            _shift(b, max(0, 8 - b.x0) - max(0, b.x1 - (w - 8)), max(0, 48 - b.y0) - max(0, b.y1 - (h - 40)))
        if not moved:
            return


def _shift(b: Box, dx: float, dy: float) -> None:
    b.x0, b.x1, b.y0, b.y1 = b.x0 + dx, b.x1 + dx, b.y0 + dy, b.y1 + dy


def _edge_labels(
    g: Graph, placed: dict[str, Placed], conv: Callable[[str], str], lang: str, w: float, h: float
) -> tuple[list[tuple[str, Box, tuple[str, str]]], bool]:
    """Each label on its edge at the first place that overlaps no node and no other label; whether one
    found none."""
    font = _font(_EDGE_PX, lang)
    taken = [p.box for p in placed.values()]
    out = []
    collided = False
    for e in g.edges:
        if not e.label or e.a not in placed or e.b not in placed:
            continue
        text = conv(short(e.label, 16))
        tw, th = font.getlength(text) + 10, _EDGE_PX * 1.25 + 6
        (ax, ay), (bx, by) = placed[e.a].box.center, placed[e.b].box.center
        found = None
        for f in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8):
            x, y = ax + (bx - ax) * f, ay + (by - ay) * f
            box = Box(x - tw / 2, y - th / 2, x + tw / 2, y + th / 2)
            if box.inside(w, h) and not any(box.overlaps(o, pad=2) for o in taken):
                found = box
                break
        if found is None:
            collided = True
            continue
        taken.append(found)
        out.append((text, found, (e.a, e.b)))
    return out, collided


# ---- drawing -------------------------------------------------------------------------------------
def render_png(g: Graph, lang: str, conv: Callable[[str], str], title: str, legend: list[str]) -> bytes:
    import io

    from PIL import Image, ImageDraw

    lay = layout(g, lang, conv, title, legend)
    img = Image.new("RGB", SIZE, _BG)
    d = ImageDraw.Draw(img)
    dashed = {(e.a, e.b): e.dashed for e in g.edges}
    for e in g.edges:
        if e.a in lay.nodes and e.b in lay.nodes:
            a, b = lay.nodes[e.a].box.center, lay.nodes[e.b].box.center
            _line(d, a, b, dashed[(e.a, e.b)])
    for text, box, _ in lay.labels:
        d.rounded_rectangle((box.x0, box.y0, box.x1, box.y1), radius=6, fill=_BG, outline="#e5e7eb")
        d.text(box.center, text, font=_font(_EDGE_PX, lang), fill=_EDGE, anchor="mm")
    for key, p in lay.nodes.items():
        fill, outline = _STYLE[p.style]
        big = key == g.center
        shape = (p.box.x0, p.box.y0, p.box.x1, p.box.y1)
        width = 4 if big else 2
        if p.style == "person":
            d.rounded_rectangle(
                shape, radius=(p.box.y1 - p.box.y0) / 2, fill=fill, outline=outline, width=width
            )
        else:
            d.rounded_rectangle(shape, radius=5, fill=fill, outline=outline, width=width)
        name_px, sub_px = _sizes(big, p.dense)
        x, y = p.box.center
        if p.sub:
            y -= sub_px * 0.65
            d.text(
                (x, y + name_px * 0.62 + sub_px * 0.7),
                p.sub,
                font=_font(sub_px, lang),
                fill=_EDGE,
                anchor="mm",
            )
        d.text((x, y), p.text, font=_font(name_px, lang), fill=_INK, anchor="mm")
    d.text((24, 18), lay.title, font=_font(_TITLE_PX, lang), fill=_INK)
    _legend(d, lay.legend, lang)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False, compress_level=6)
    return buf.getvalue()


def _line(d: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], dashed: bool) -> None:
    if not dashed:
        d.line((a, b), fill=_EDGE, width=4)
        return
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    pos = 0.0
    while pos < length:
        end = min(pos + 12, length)
        d.line(((a[0] + ux * pos, a[1] + uy * pos), (a[0] + ux * end, a[1] + uy * end)), fill=_EDGE, width=4)
        pos += 20


def _legend(d: ImageDraw.ImageDraw, legend: list[str], lang: str) -> None:
    """People, organisations, other values (a product), and what a dashed line means."""
    font = _font(_LEGEND_PX, lang)
    x, y = 24.0, SIZE[1] - 34
    *kinds, past = legend
    for style, text in zip(("person", "org", "value"), kinds, strict=False):
        fill, outline = _STYLE[style]
        radius = 11 if style == "person" else 5
        d.rounded_rectangle((x, y, x + 36, y + 22), radius=radius, fill=fill, outline=outline, width=2)
        d.text((x + 44, y + 11), text, font=font, fill=_INK, anchor="lm")
        x += 60 + font.getlength(text)
    _line(d, (x, y + 11), (x + 40, y + 11), True)
    d.text((x + 48, y + 11), past, font=font, fill=_INK, anchor="lm")


# ---- cached files ----------------------------------------------------------------------------------
def picture(
    g: Graph,
    eid: int,
    generation: int,
    lang: str,
    conv: Callable[[str], str],
    title: str,
    legend: list[str],
    folder: Path,
) -> Path:
    """The PNG of this graph in `folder`, drawn once per entity, index generation and content (a
    correction that changes the card changes the content)."""
    spec = json.dumps(
        [VERSION, lang, title, legend, g.as_dict(), conv(title)], ensure_ascii=False, sort_keys=True
    )
    digest = hashlib.sha1(spec.encode()).hexdigest()[:12]
    path = folder / f"{eid}-g{generation}-{lang}-{digest}.png"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    data = render_png(g, lang, conv, title, legend)
    tmp = path.with_suffix(f".{digest}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # readers never see half a picture
    for old in folder.glob(f"{eid}-g*-{lang}-*.png"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def draw_answer(ans, index, folder: Path | None = None) -> Path | None:
    """The picture of a /graph answer, cached in `folder` (default: `graphs/` beside the index); sets
    `ans.image`. None for another answer, or a card with fewer than two relations (the text says so)."""
    from bot.graph import MIN_EDGES
    from bot.messages import t
    from bot.show.out import converter

    g = ans.graph
    if ans.status != "found" or g is None or len(g.edges) < MIN_EDGES:
        return None
    lang = ans.lang
    title = f"{ans.entity['name']} · {t('graph.head', lang)}"
    legend = [t(f"graph.legend.{k}", lang) for k in ("person", "org", "value", "past")]
    generation = int(getattr(index, "_gen", 0))  # the index's change counter (bot.store.index)
    folder = folder or Path(index.path).parent / "graphs"
    path = picture(g, ans.entity["id"], generation, lang, converter(ans), title, legend, folder)
    ans.image = str(path)
    return path
