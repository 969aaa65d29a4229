"""Product rule (bot/relations/products.py): a company's products and brands.

Cases are (description, sentence(s), entities, expected, forbidden): entities as the extractor
would find them (p person, c company, b brand, u university), so they check only what the relation
layer decides.
"""

from __future__ import annotations

import pytest

from tests.relations_helpers import profile


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "the company's own model",
            "例如在设计架构上，嘉楠研发的勘智K210是全球首款RISC-V边缘AI芯片。",
            {"嘉楠": "c"},
            ["勘智K210"],
            [],
        ),
        (
            "a model after the maker's name",
            "比特大陆S7和S9矿机成为那个时代的机皇。",
            {"比特大陆": "c"},
            ["比特大陆S7"],
            [],
        ),
        (
            "a future model is not a product",
            "翔驰汽车还将推出代号K03的越野车。",
            {"翔驰汽车": "c"},
            [],
            ["K03"],
        ),
        (
            "another maker's model is not this one's",
            "再看翔驰的对手，岚鹏X5卖得很好。",
            {"翔驰": "c"},
            [],
            ["岚鹏X5", "X5"],
        ),
        (
            "an exchange is never a product",
            "嘉楠科技推出了纳斯达克系列。",
            {"嘉楠科技": "c"},
            [],
            ["纳斯达克"],
        ),
    ],
)
def test_products(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    got = {t for vs in flat.values() for f, t in vs if f == "products"}
    assert set(expected) <= got and not set(forbidden) & got, (desc, got)
