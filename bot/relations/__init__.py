"""Typed relations between entities (founded, role, education, listing, figure, product …) and the
clean values a card shows for them.

- `profile.ProfileBuilder` runs the rules, in order, over every fact and folds the values (`record.Value`).
- `sentence.Reader` is the sentence view the rules share: who is named where, the subject, the agents
  of a verb, the organisation a bare 公司 stands for, the date of a clause.
- One module per relation family, each exposing `Rule`s that declare the fields they fill: `founded`,
  `roles`, `born`, `education`, `listing`, `figures`, `products`, `places`.
- `grammar` compiles the patterns, marker words and display texts of `bot/data/relations/patterns.txt`,
  `markers.txt` and `display.txt`; `cues` loads the word lists there; `values` cleans values.

A new relation: a module with a rule function and its `Rule`, its cue words and patterns in
`bot/data/relations/`, and one line in `profile.RULES`.
"""

from __future__ import annotations
