"""A regex alternation of many words that costs the same per character however many words it holds.

`"|".join(escape(w) for w in words)` tries every word at every position of the text: with the names of
an article that lists 50,000 of them, matching costs names × text (issue 20). The same words as a trie
(张(?:三丰|三|...)) try only the words that share what has matched so far, and match exactly the same:
at a given position the words that can match are prefixes of one another, and both forms try them
longest first, so with the rest of a pattern around them every search finds the same match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # the key that marks a word ending at a trie node (no word has an empty character)


def trie_alternation(words: Iterable[str]) -> str:
    """The words (empty ones left out) as one regex alternation, longest match first, without a group
    around it: equivalent to `lexicon.alternation(sorted(words, key=len, reverse=True))`."""
    root: dict = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _node(root) if root else "(?!)"


def _node(node: dict) -> str:
    """The regex of what follows a trie node; iterative, so a long word never nests Python calls."""
    # Post-order over the trie with an explicit stack: each node's regex from its children's.
    done: dict[int, str] = {}
    stack: list[tuple[dict, bool]] = [(node, False)]
    while stack:
        cur, expanded = stack.pop()
        if not expanded:
            stack.append((cur, True))
            stack.extend((child, False) for ch, child in cur.items() if ch != _END)
            continue
        branches = []
        for ch, child in cur.items():
            if ch == _END:
                continue
            tail, sub = re.escape(ch), child
            # A chain of single children is one literal run (keeps the pattern shallow).
            while len(sub) == 1 and _END not in sub:
                (nxt, sub) = next(iter(sub.items()))
                tail += re.escape(nxt)
            branches.append(tail + done[id(sub)])
        ends = _END in cur
        if not branches:
            done[id(cur)] = ""
        elif len(branches) == 1 and not ends:
            done[id(cur)] = branches[0]
        else:
            # Longer words first: the empty branch (a word ends here) comes last.
            done[id(cur)] = "(?:" + "|".join(branches) + ("|" if ends else "") + ")"
    return done[id(node)]
