"""Questions in plain words (bot/answer/questions.py), scored on the question set tests/questions/questions.yaml.

The set was written from the articles and cards before the parser. Each question is answered through the
core (`answer_line`, what `ask`, `chat` and Telegram call) and scored right / fallback / wrong; the goal is no
wrong answer and at least 85 % right. `python -m tests.test_questions --index FILE` prints every question's
outcome and the figure for an index of your own (the README's figure is the full dev set's).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "questions" / "questions.yaml"
HELDOUT = ROOT / "tests" / "questions" / "heldout.yaml"  # written later from article text alone
DEVSET = ROOT.parent / "shared" / "devset"


def load(path: Path = SET) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def outcome(ans: dict, expect) -> str:
    """right | fallback | wrong for one `ask --json` object and its expected strings (or 'fallback')."""
    from bot.normalize import to_simplified

    answered = ans["status"] == "answered"
    if expect == "fallback":
        return "wrong" if answered else "right"
    if not answered:
        return "fallback"
    # The answer line only: the sources line after it holds titles and dates that must not count.
    text = to_simplified(ans["text"].split("\n", 1)[0]).lower()
    return "right" if any(to_simplified(str(e)).lower() in text for e in expect) else "wrong"


def score(index, path: Path = SET) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    from bot.answer import answer_line
    from bot.show import to_json

    counts = {"right": 0, "fallback": 0, "wrong": 0}
    rows = []
    for item in load(path)["questions"]:
        ans = to_json(answer_line(index, item["q"]))
        got = outcome(ans, item["expect"])
        counts[got] += 1
        rows.append((got, item["q"], ans["text"].splitlines()[0] if ans["text"] else ""))
    return counts, rows


@pytest.fixture(scope="module")
def question_index(tmp_path_factory):
    from bot.ingest import build_index
    from bot.store.index import Index

    files = [DEVSET / a for a in dict.fromkeys(load()["articles"] + load(HELDOUT)["articles"])]
    if not all(f.is_file() for f in files):
        pytest.skip(f"the development set is not beside the project ({DEVSET})")
    path = tmp_path_factory.mktemp("questions") / "q.sqlite"
    build_index([ROOT / "seeds", *files], path)
    return Index(path)


def test_the_question_set_is_large_and_well_formed():
    data = load()
    qs = data["questions"]
    assert len(qs) >= 80
    assert len({q["q"] for q in qs}) == len(qs)
    for q in qs:
        assert q["expect"] == "fallback" or (isinstance(q["expect"], list) and q["expect"]), q
    assert sum(q["expect"] == "fallback" for q in qs) >= 5


def test_question_set_score(question_index):
    counts, rows = score(question_index)
    wrong = [(q, first) for got, q, first in rows if got == "wrong"]
    total = sum(counts.values())
    print(
        f"questions: {counts['right']} right, {counts['fallback']} fallback, {counts['wrong']} wrong of {total}"
    )
    assert wrong == []
    assert counts["right"] >= 0.85 * total, counts


def test_heldout_questions_are_never_answered_wrong(question_index):
    """The later set over cards nobody wrote questions around: fallbacks are expected (relations the
    articles' extraction left empty), a wrong answer is not."""
    counts, rows = score(question_index, HELDOUT)
    print(f"held-out: {counts['right']} right, {counts['fallback']} fallback, {counts['wrong']} wrong")
    assert [(q, first) for got, q, first in rows if got == "wrong"] == []
    assert counts["right"] >= 8, counts  # the parser maps them; only empty fields fall back


def main() -> int:
    from bot.store.index import Index

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", required=True)
    ap.add_argument("--all", action="store_true", help="every question, not only those not right")
    ap.add_argument("--heldout", action="store_true", help="the held-out set instead")
    a = ap.parse_args()
    counts, rows = score(Index(Path(a.index)), HELDOUT if a.heldout else SET)
    for got, q, first in rows:
        if a.all or got != "right":
            print(f"{got:8} {q}  ->  {first[:120]}")
    total = sum(counts.values())
    print(
        f"questions: {counts['right']} right ({counts['right'] / total:.0%}), {counts['fallback']} fallback, "
        f"{counts['wrong']} wrong of {total}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
