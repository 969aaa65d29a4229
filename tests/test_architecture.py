"""The shape of the code: the core never imports telegram; no import cycles; no layer imports upward.

The layers (docs: /work/notes/PLAN17.md, README "How it works"), bottom to top. A module may import only
from its own layer or lower ones. Modules are mapped by their longest dotted prefix, so a module renamed
inside a package (bot.store.writer, bot.corrections.apply) keeps its package's layer; a module not in the
map is reported, so a new top-level module gets a layer on purpose.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"

LAYERS: dict[str, int] = {
    # 0: records, settings and data loaders every layer may read
    "bot": 0,
    "bot.errors": 0,
    "bot.settings": 0,
    "bot.vocab": 0,
    "bot.model": 0,
    "bot.lexicon": 0,
    "bot.messages": 0,
    "bot.alternation": 0,
    # 1: text in, text out
    "bot.normalize": 1,
    "bot.segment": 1,
    "bot.discover": 1,
    "bot.read": 1,
    "bot.reader": 1,
    "bot.clean": 1,
    "bot.pool": 1,
    "bot.nlp": 1,
    # 2-4: extraction and the pure corpus logic
    "bot.extract": 2,
    "bot.facts": 3,
    "bot.relations": 3,
    "bot.corpus": 4,
    # 5: all the SQL
    "bot.store": 5,
    # 6: orchestration of a build
    "bot.ingest": 6,
    "bot.build": 6,
    # 7-8: corrections, then queries and answers
    "bot.corrections": 7,
    "bot.query": 8,
    "bot.answer": 8,
    "bot.explain": 8,
    "bot.timeline": 8,  # 大事记: the card's dated facts and its organisations' events
    "bot.graph": 8,  # 关系图: which nodes and edges (bot.graph.draw, the picture, is a renderer)
    "bot.graph.draw": 9,  # `why`: re-runs extraction and the relation rules, resolves names like the answer
    "bot.watch": 8,  # subscriptions and digests: reads the index and the cards like the answer
    # The command table is plain data (names, aliases, help keys) that the parser reads: it sits with
    # the parser, below the renderers and adapters that also derive from it.
    "bot.commands": 8,
    # 9: renderers
    "bot.show": 9,
    "bot.render": 9,
    # 10: the edges
    "bot.cli": 10,
    "bot.bench": 10,
    "bot.chat": 10,
    "bot.tg": 10,
    "bot.__main__": 10,
}


def _module_name(py: Path) -> str:
    parts = list(py.relative_to(BOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(py): py for py in sorted(BOT.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, py: Path, known: set[str]) -> set[str]:
    """Every bot module `name` imports at run time, at module level or inside functions
    (imports only a type checker sees are left out)."""
    package = name if py.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(py.read_text(encoding="utf-8")))
    return {m for m in found if m in known and m != name}


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(name, py, known) for name, py in mods.items()}


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in LAYERS:
            return LAYERS[prefix] if n > 1 or module == "bot" else None
    return None


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_core_does_not_import_telegram():
    offenders = []
    for py in BOT.rglob("*.py"):
        if "tg" in py.relative_to(BOT).parts:
            continue
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "telegram" or n.startswith("telegram.") for n in names):
                offenders.append(str(py))
    assert offenders == []


def test_the_walker_sees_function_level_and_relative_imports(tmp_path):
    graph = _graph()
    assert "bot.store.index" in graph["bot.cli"] or "bot.store" in graph["bot.cli"]  # inside functions
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_of("bot.store.writer") == 5 and layer_of("bot.corrections.apply") == 7
    assert layer_of("bot.show.text") == 9 and layer_of("bot.tg.app") == 10


def test_every_module_has_a_layer():
    assert sorted(m for m in _modules() if layer_of(m) is None) == []


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_no_layer_imports_upward():
    upward = defaultdict(list)
    for module, deps in _graph().items():
        mine = layer_of(module)
        for dep in sorted(deps):
            theirs = layer_of(dep)
            if mine is not None and theirs is not None and theirs > mine:
                upward[f"{module} ({mine})"].append(f"{dep} ({theirs})")
    assert dict(upward) == {}
