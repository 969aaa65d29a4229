"""The corpus functions on records alone: merging entities, mentions and coreference, merging and scoring
facts. No SQLite, no files: what `bot.ingest` feeds them is built here by hand."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest

from bot.corpus.entities import alias_rows, alias_table, display_name, entity_keys, keys_of, merge_entities
from bot.corpus.mentions import build_facts, fact_key, find_mentions, name_pattern, raw_fact_key
from bot.corpus.ranking import Scorer, group_facts, profile_values, stable_ids
from bot.facts import Fact
from bot.model import Article, Entity, Extraction, FileFailure, Mention, ProfileValue, Sentence
from bot.vocab import REF_NAMED, REF_PRONOUN, REF_SPEAKER


def _article(aid: str, sentences: list[str], extracted: dict[str, Extraction] | None = None, **kw) -> Article:
    sents = tuple(
        Sentence(i, 0, t, t, kw.get("speakers", {}).get(i, ""), i in kw.get("questions", ()), False)
        for i, t in enumerate(sentences)
    )
    return Article(
        aid, f"{aid}.txt", aid, "", "", "", "", "", "utf-8", "".join(sentences), (), sents, extracted or {}
    )


PERSON = Extraction("person", 1.0, {})
COMPANY = Extraction("company", 2.0, {})


# ---- records --------------------------------------------------------------------------------------


def test_records_are_frozen_and_cross_processes():
    art = _article("a1", ["王建国创办了星河科技。"], {"王建国": PERSON})
    with pytest.raises(AttributeError):
        art.title = "x"  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        art.extra = 1  # type: ignore[attr-defined]  # slotted: no keys added on the way
    assert pickle.loads(pickle.dumps(art)) == art
    assert pickle.loads(pickle.dumps(FileFailure("x.txt", "failed"))) == FileFailure("x.txt", "failed")


# ---- entities -------------------------------------------------------------------------------------


def test_names_shared_across_articles_make_one_entity():
    merged = merge_entities(
        [
            {"星河科技": Extraction("company", 2.0, {"星河科技股份有限公司": "legal"})},
            {"星河科技股份有限公司": Extraction("company", 1.0, {})},
            {"王建国": PERSON},
        ],
        curated=(),
    )
    assert len(merged) == 2
    company = merged[1]  # ids by descending score
    assert company.name == "星河科技" and company.kind == "company" and company.score == 3.0
    assert company.aliases == {"星河科技股份有限公司": "legal"}
    assert merged[2].name == "王建国"


def test_a_person_and_an_organisation_of_the_same_name_stay_apart():
    merged = merge_entities([{"星河": PERSON}, {"星河": COMPANY}], curated=())
    assert sorted(e.kind for e in merged.values()) == ["company", "person"]


def test_nicknames_never_join_entities():
    merged = merge_entities(
        [
            {"王建国": Extraction("person", 1.0, {"老王": "nickname"})},
            {"王小明": Extraction("person", 1.0, {"老王": "nickname"})},
        ],
        curated=(),
    )
    assert len(merged) == 2


def test_curated_entries_add_aliases_and_settle_the_kind():
    merged = merge_entities(
        [{"星河科技": COMPANY}], curated=({"name": "星河科技", "kind": "brand", "aliases": ["Galaxy"]},)
    )
    (e,) = merged.values()
    assert e.kind == "brand" and e.aliases["Galaxy"] == "curated"


def test_display_name_prefers_the_plain_company_name():
    names = Counter({"星河科技股份有限公司": 3, "星河科技": 1})
    assert display_name("company", names, {}) == "星河科技"
    assert display_name("person", Counter({"王建国": 2, "王健国": 1}), {}) == "王建国"


def test_alias_table_gives_a_clash_to_the_stronger_entity_and_skips_short_latin():
    weak = Entity(1, "星河", "company", 1.0, {"AB": "short"})
    strong = Entity(2, "星河科技", "company", 5.0, {"星河": "short", "XH": "ticker"})
    table = alias_table({1: weak, 2: strong})
    assert table["星河"] == 2 and table["星河科技"] == 2
    assert "AB" not in table and table["XH"] == 2


def test_entity_keys_and_alias_rows():
    e = Entity(7, "星河科技有限公司", "company", 1.0, {})
    assert keys_of(e) == entity_keys(e.name, [], False)
    assert all(k.startswith("0:") for k in keys_of(e)) and len(keys_of(e)) >= 2  # with and without 有限公司
    rows = alias_rows(e, "星河科技有限公司")
    assert rows[0][:3] == (7, "星河科技有限公司", "name")
    assert any(r[3] != rows[0][3] for r in rows)  # the key without the legal suffix


# ---- mentions and coreference ---------------------------------------------------------------------


ENTITIES = {
    1: Entity(1, "王建国", "person", 3.0, {}),
    2: Entity(2, "星河科技", "company", 2.0, {}),
}


def test_find_mentions_longest_name_first():
    table = {"星河": 3, "星河科技": 2}
    assert find_mentions("星河科技发布新品", name_pattern(table), table) == [(2, 0)]
    assert find_mentions("什么都没有", None, {}) == []


def test_he_continues_the_person_last_named():
    art = _article("a1", ["王建国出生于1970年。", "他在1995年创办了一家工厂。"])
    facts, mentions = build_facts([art], ENTITIES)
    assert mentions == [Mention(1, "a1", 0)]
    assert [f.entities for f in facts] == [{1: REF_NAMED}, {1: REF_PRONOUN}]
    assert facts[0].year == 1970 and facts[1].year == 1995


def test_the_company_continues_the_organisation_in_focus():
    art = _article("a1", ["星河科技成立于2010年。", "该公司于2020年在科创板上市。"])
    facts, _ = build_facts([art], ENTITIES)
    assert facts[1].entities == {2: REF_PRONOUN}


def test_an_answer_belongs_to_its_speaker_and_questions_are_no_facts():
    art = _article(
        "a1",
        ["你们今年的收入是多少？", "我们今年的收入增长了百分之三十左右。"],
        speakers={1: "王建国"},
        questions={0},
    )
    facts, _ = build_facts([art], ENTITIES)
    assert len(facts) == 1 and facts[0].sentence == 1 and facts[0].entities == {1: REF_SPEAKER}


def test_a_short_sentence_about_nobody_named_is_no_fact():
    art = _article("a1", ["王建国出生于1970年。", "他说是的。"])
    facts, _ = build_facts([art], ENTITIES)
    assert len(facts) == 1


def test_fact_keys():
    assert fact_key("王建国，出生于 1970 年。") == "王建国出生于1970年"
    named = Fact("a1", 0, "x", "王建国出生。", "born", None, "", {1: REF_NAMED})
    spoken = Fact("a1", 0, "x", "是这样的。", "quote", None, "", {1: REF_SPEAKER})
    assert raw_fact_key(named) == "王建国出生"
    assert raw_fact_key(spoken) == "a1:是这样的"  # a quote known only by its speaker keeps its article


# ---- merged facts and scores ----------------------------------------------------------------------


def _fact(article: str, canon: str, refs: dict[int, int], sentence: int = 0) -> Fact:
    return Fact(article, sentence, canon, canon, "event", 2010, "2010", dict(refs))


def test_equal_keys_merge_into_one_fact_with_both_sources():
    a = _fact("a1", "星河科技成立于2010年。", {2: REF_NAMED})
    b = _fact("a2", "星河科技成立于2010年。", {2: REF_PRONOUN, 1: REF_SPEAKER})
    groups = group_facts([(10, a, "k"), (11, b, "k")])
    assert len(groups.rows) == 1 and groups.raws == [[10, 11]]
    assert groups.sources[1] == [("a1", 0), ("a2", 0)]
    assert groups.rows[0].entities == {2: REF_NAMED, 1: REF_SPEAKER}  # each reference at its strongest
    assert groups.row_of == [1, 1]
    assert a.entities == {2: REF_NAMED}  # the input facts are left as they were


def test_a_near_twin_from_another_article_merges_but_not_from_the_same_article():
    long = "星河科技于2010年在深圳成立，主要从事工业机器人的研发、生产和销售业务。"
    twin = long.replace("销售", "销售等")
    a, b = _fact("a1", long, {2: REF_NAMED}), _fact("a2", twin, {2: REF_NAMED})
    assert len(group_facts([(1, a, fact_key(long)), (2, b, fact_key(twin))]).rows) == 1
    c = _fact("a1", twin, {2: REF_NAMED}, sentence=5)
    assert len(group_facts([(1, a, fact_key(long)), (2, c, fact_key(twin))]).rows) == 2


def test_merged_facts_keep_their_ids():
    assert stable_ids(["x", "y", "z"], {"y": 4}, 10) == [10, 4, 11]


def test_the_subject_scores_higher_than_one_named_later_or_compared_with():
    scorer = Scorer(ENTITIES)

    def scores(canon: str) -> tuple[float, float]:
        f = _fact("a1", canon, {1: REF_NAMED, 2: REF_NAMED})
        return scorer.score(f, 1, REF_NAMED, 1), scorer.score(f, 2, REF_NAMED, 1)

    person, company = scores("王建国在2010年创办了星河科技。")
    assert person > company
    person, company = scores("星河科技在2010年推出了第一款机器人产品。")
    assert company > person
    _, compared = scores("有人把这家工厂称为“星河科技”，它在2010年推出了第一款机器人产品。")
    assert compared < company


def test_profile_values_cite_merged_facts_and_articles():
    class V:  # what the profile builder hands back
        field, text, entity, parts, sources = "founded", "2010年", None, {"year": 2010}, {0, 1}

    own = [_fact("a2", "x", {}), _fact("a1", "y", {})]
    (pv,) = profile_values([V], fact_ids=[40, 41], row_of=[2, 1], own=own)
    assert pv == ProfileValue("founded", "2010年", None, {"year": 2010}, (40, 41), ("a1", "a2"))
