"""关系图 (/graph): which nodes and edges (bot.graph), the picture (bot.graph.draw): every label has its
glyphs in the font, the PNG decodes at 1280×960, nothing overlaps, one picture per entity, index version
and content; in ask, ask --json, chat and `graph NAME -o FILE.png`."""

from __future__ import annotations

import io
import json
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from bot.graph import MAX_NODES, Edge, Graph, Node
from bot.graph import draw as D

SEED_NAMES = ["张楠赓", "嘉楠科技", "杨作兴", "神眸", "李佳轩", "深圳比特微集团", "研极微电子"]


@pytest.fixture(scope="module")
def cmaps():
    """The characters each face of the installed font draws (its cmap), by the reader's language."""
    from fontTools.ttLib import TTCollection

    coll = TTCollection(str(D.font_path()), lazy=True)
    return {lang: set(coll.fonts[D.face_index(lang)].getBestCmap()) for lang in ("zh-hans", "zh-hant", "en")}


def _answer(index, line, lang=None):
    from bot.answer import answer_line

    return answer_line(index, line, lang=lang)


def _texts(lay: D.Layout) -> list[str]:
    nodes = [p.text for p in lay.nodes.values()] + [p.sub for p in lay.nodes.values()]
    return nodes + [x for x, _, _ in lay.labels] + [lay.title, *lay.legend]


def _layout_of(ans) -> D.Layout:
    from bot.messages import t
    from bot.show.out import converter

    title = f"{ans.entity['name']} · {t('graph.head', ans.lang)}"
    legend = [t(f"graph.legend.{k}", ans.lang) for k in ("person", "org", "value", "past")]
    return D.layout(ans.graph, ans.lang, converter(ans), title, legend)


# ---- what the picture holds --------------------------------------------------------------------------
def test_a_company_with_its_founders_leader_products_and_listing(ask):
    out = ask("/graph 嘉楠科技")
    assert out["command"] == "graph" and out["status"] == "found"
    nodes = {n["label"]: n for n in out["graph"]["nodes"]}
    assert nodes["嘉楠科技"]["hop"] == 0
    assert nodes["张楠赓"]["person"] and nodes["李佳轩"]["person"] and not nodes["阿瓦隆"]["person"]
    edges = {(e["from"], e["to"]): e["label"] for e in out["graph"]["edges"]}
    zhang, jianan = f"e{nodes['张楠赓']['entity']}", f"e{nodes['嘉楠科技']['entity']}"
    assert edges[(zhang, jianan)] == "创始人·董事长兼CEO"  # one edge, both relations
    assert "产品" in edges.values() and "上市" in edges.values()
    assert out["text"].startswith("嘉楠科技 · 关系图：")


def test_a_person_with_founded_year_and_education(ask):
    out = ask("/graph 张楠赓")
    labels = {e["label"] for e in out["graph"]["edges"]}
    assert "创立 2013·董事长兼CEO" in labels
    assert any("本科" in x for x in labels)


def test_too_few_relations_say_so(ask):
    out = ask("/graph 北京航空航天大学")
    assert out["status"] == "found" and out["image"] is None
    assert "不够画一张图" in out["text"]
    assert ask("/graph 没有这个名字")["status"] == "not_found"


def test_past_roles_are_dashed_and_the_second_hop_hangs_from_its_founder():
    g = Graph("e1")
    g.nodes["e1"] = Node("e1", "某公司", False, 1, hop=0)
    g.nodes["e2"] = Node("e2", "张三", True, 2)
    g.nodes["e3"] = Node("e3", "另一家公司", False, 3, hop=2, via="e2")
    g.edges = [Edge("e2", "e1", ["曾任总经理"], [True]), Edge("e2", "e3", ["创立 2001"], [False])]
    assert g.edges[0].dashed and not g.edges[1].dashed
    assert D._ring_order(g) == ["e2", "e3"]
    both = Edge("e2", "e1", ["曾任总经理", "创始人"], [True, False])
    assert not both.dashed  # a founder who was once the manager is still the founder


def test_at_most_twenty_nodes(ask, index):
    from bot.graph import build

    ans = _answer(index, "/graph 杨作兴")
    small = build(index, ans, limit=3)
    assert len(small.nodes) == 3 and len(build(index, ans).nodes) <= MAX_NODES


# ---- the picture ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant", "en"])
def test_every_character_of_every_label_has_a_glyph(index, cmaps, lang):
    seen = set()
    for name in SEED_NAMES:
        ans = _answer(index, f"/graph {name}", lang=lang)
        for text in _texts(_layout_of(ans)):
            seen |= set(text)
    missing = sorted(ch for ch in seen if not ch.isspace() and ord(ch) not in cmaps[lang])
    assert missing == []


def test_the_catalogue_texts_have_glyphs(cmaps):
    from bot.messages import catalogue, t

    for lang in ("zh-hans", "zh-hant", "en"):
        words = "".join(t(k, lang) for k in catalogue("zh-hans") if k.startswith("graph."))
        assert [ch for ch in words if not ch.isspace() and ord(ch) not in cmaps[lang]] == []


def _crowded(n: int = MAX_NODES) -> Graph:
    """As many nodes as a picture takes, with long names and labels, some second-hop."""
    g = Graph("e0")
    g.nodes["e0"] = Node("e0", "一家名字很长的科技有限公司", False, 0, hop=0)
    for i in range(1, n):
        hop, via = (2, f"e{i - 1}") if i % 5 == 0 else (1, "")
        g.nodes[f"e{i}"] = Node(f"e{i}", f"第{i}个名字相当长的节点机构", i % 3 == 0, i, hop=hop, via=via)
        src = via or "e0"
        g.edges.append(Edge(src, f"e{i}", [f"董事长兼首席执行官{i}"], [i % 4 == 0]))
    return g


def test_a_full_picture_has_no_overlaps_and_stays_inside():
    g = _crowded()
    lay = D.layout(g, "zh-hans", lambda s: s, "标题", ["人物", "机构", "产品等", "虚线：曾任"])
    w, h = D.SIZE
    boxes = [p.box for p in lay.nodes.values()]
    assert len(boxes) == MAX_NODES
    for i, a in enumerate(boxes):
        assert a.inside(w, h)
        assert not any(a.overlaps(b) for b in boxes[i + 1 :])
    # Crowded: every edge's label is written under the name of the node it leads to.
    subs = " ".join(p.sub for p in lay.nodes.values())
    assert all(D.short(e.label, 10) in subs for e in g.edges) and not lay.labels
    labels = [b for _, b, _ in lay.labels]
    for i, a in enumerate(labels):
        assert a.inside(w, h)
        assert not any(a.overlaps(b) for b in labels[i + 1 :] + boxes)


def test_a_sparse_picture_labels_its_edges_without_overlaps(index):
    lay = _layout_of(_answer(index, "/graph 杨作兴"))
    boxes = [p.box for p in lay.nodes.values()]
    labels = [b for _, b, _ in lay.labels]
    assert labels and len(labels) == sum(1 for e in _answer(index, "/graph 杨作兴").graph.edges if e.label)
    for i, a in enumerate(boxes + labels):
        assert a.inside(*D.SIZE)
        assert not any(a.overlaps(b) for b in (boxes + labels)[i + 1 :])


def test_png_decodes_at_the_promised_size(index, tmp_path):
    ans = _answer(index, "/graph 嘉楠科技")
    path = D.draw_answer(ans, index, tmp_path)
    img = Image.open(path)
    img.load()
    assert img.format == "PNG" and img.size == D.SIZE == (1280, 960)
    assert ans.image == str(path)


def test_time_per_picture(index, tmp_path):
    """Measured, not a benchmark: each picture drawn uncached, well under a second on this machine
    (about 0.05 s; the bound is loose because CI machines are shared)."""
    D._font.cache_clear()
    took = []
    for name in SEED_NAMES:
        ans = _answer(index, f"/graph {name}")
        start = time.perf_counter()
        D.draw_answer(ans, index, tmp_path / name)
        took.append(time.perf_counter() - start)
    print(f"graph pictures: {len(took)}, mean {sum(took) / len(took):.3f} s, max {max(took):.3f} s")
    assert max(took) < 5.0


def test_cached_per_entity_language_and_index_version(seed_index, tmp_path):
    from bot.ingest import build_index
    from bot.store.index import Index

    path = tmp_path / "index.sqlite"
    shutil.copy(seed_index, path)
    index = Index(path)
    first = D.draw_answer(_answer(index, "/graph 张楠赓"), index)
    assert first.parent == tmp_path / "graphs"
    stamp = first.stat().st_mtime_ns
    again = D.draw_answer(_answer(index, "/graph 张楠赓"), index)
    assert again == first and again.stat().st_mtime_ns == stamp  # not drawn again
    hant = D.draw_answer(_answer(index, "/graph 張楠賡"), index)
    assert hant != first and first.exists()
    article = tmp_path / "new.txt"
    article.write_text("张楠赓在2021年创立了星火计算有限公司，担任董事长。", encoding="utf-8")
    build_index([article], path)
    index = Index(path)
    newer = D.draw_answer(_answer(index, "/graph 张楠赓"), index)
    assert newer != first and newer.exists() and not first.exists()  # the old version is pruned


# ---- surfaces ------------------------------------------------------------------------------------
def test_cli_graph_writes_the_file(seed_index, tmp_path, capsys):
    from bot.cli import main

    index = tmp_path / "index.sqlite"
    shutil.copy(seed_index, index)
    out = tmp_path / "zhang.png"
    assert main(["graph", "张楠赓", "-o", str(out), "--index", str(index)]) == 0
    assert Image.open(out).size == (1280, 960)
    assert str(out) in capsys.readouterr().out
    assert main(["graph", "北京航空航天大学", "-o", str(tmp_path / "x.png"), "--index", str(index)]) == 1
    assert not (tmp_path / "x.png").exists()


def test_ask_json_gives_the_image_path(seed_index, tmp_path, capsys):
    from bot.cli import main

    index = tmp_path / "index.sqlite"
    shutil.copy(seed_index, index)
    assert main(["ask", "--json", "/graph 嘉楠科技", "--index", str(index)]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["image"] and Path(out["image"]).is_file()
    assert Image.open(io.BytesIO(Path(out["image"]).read_bytes())).size == (1280, 960)
    assert out["image"] in out["text"]


def test_chat_prints_the_path(seed_index, tmp_path):
    from bot.cli import ChatSession

    index = tmp_path / "index.sqlite"
    shutil.copy(seed_index, index)
    reply = ChatSession(index).handle("/关系图 杨作兴")
    path = reply.rsplit("：", 1)[-1].strip()
    assert reply.startswith("杨作兴 · 关系图") and Path(path).is_file()
