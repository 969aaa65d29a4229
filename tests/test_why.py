"""`python -m bot why NAME [FIELD]`: the evidence behind an entity and behind a profile value.

One invented article (made-up names): a person named with a title, a company founded by him, a legal
form after ordinary words (refused as a generic name), a role before the name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.explain import explain
from bot.ingest import build_index
from bot.store.index import Index

ARTICLE = """标题：星河科技的新芯片

星河科技是一家2015年成立的芯片公司，总部位于杭州。
星河科技CEO赵一鸣表示，公司今年将推出第二代芯片。
赵一鸣说，芯片公司的竞争非常激烈，但星河科技已经有三百名员工。
2018年，赵一鸣创立了云帆出行，并担任董事长。
赵一鸣毕业于浙江大学，拥有计算机硕士学位。
星河科技的前身是一家电子技术股份有限公司。
"""


@pytest.fixture(scope="module")
def why_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("why")
    (folder / "articles").mkdir()
    (folder / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "i.sqlite"
    build_index([folder / "articles"], path)
    return path


def _name(obj: dict, name: str) -> dict:
    return next(n for art in obj["articles"] for n in art["names"] if n["name"] == name)


def test_a_person_found_by_a_title_shows_the_cue(why_index):
    obj = explain(Index(why_index), "赵一鸣")
    assert obj["status"] == "entity" and obj["entity"]["kind"] == "person"
    person = _name(obj, "赵一鸣")
    assert person["decision"]["status"] == "kept" and person["decision"]["kind"] == "person"
    assert any(ev["signal"] == "people" and ev["accepted"] for ev in person["evidence"])
    assert person["people"]["before"] >= 1
    assert any(c["cue"] == "CEO" and c["where"] == "before" for c in person["people"]["cues"])


def test_a_refused_generic_name_shows_the_rule(why_index):
    obj = explain(Index(why_index), "电子技术股份有限公司")
    assert obj["status"] == "no_entity" and obj["entity"] is None
    refused = _name(obj, "电子技术股份有限公司")
    assert refused["decision"] == {"status": "refused", "by": ["generic_head"]}
    ev = refused["evidence"][0]
    assert ev["signal"] == "suffix" and not ev["accepted"] and ev["refused_by"] == "generic_head"
    assert "电子技术股份有限公司" in ev["sentence"]


def test_a_profile_value_shows_its_rule_and_sentence(why_index):
    obj = explain(Index(why_index), "赵一鸣", "身份")  # the Chinese label of roles
    assert obj["field"] == "roles"
    value = next(v for v in obj["profile"]["values"] if v["parts"].get("organisation") == "星河科技")
    assert value["stored"] and value["reproduced"] and value["parts"]["title"] == "CEO"
    rule = value["rules"][0]
    assert rule["rule"] == "roles" and rule["helper"].startswith("bot.relations.roles.")
    assert "星河科技CEO赵一鸣" in rule["text"]


def test_cli_plain_and_json(why_index, capsys):
    assert main(["why", "赵一鸣", "roles", "--index", str(why_index)]) == 0
    plain = capsys.readouterr().out
    assert "roles (身份)" in plain and "星河科技 CEO" in plain and "_titles_before_names" in plain
    assert main(["why", "赵一鸣", "--json", "--index", str(why_index)]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["entity"]["name"] == "赵一鸣" and obj["articles"]


@pytest.mark.parametrize(
    "args", [["没这个人"], ["没这个人", "roles"], ["赵一鸣", "nonsense"], ["赵一鸣", "--article", "nosuch"]]
)
def test_unknown_name_or_field_is_one_line(why_index, capsys, args):
    assert main(["why", *args, "--index", str(why_index)]) == 0
    out = capsys.readouterr()
    assert len(out.out.strip().splitlines()) == 1 and "Traceback" not in out.err
