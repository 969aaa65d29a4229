"""Generic nouns and fragments are no entities: each rule of bot.extract.generic, by the name it gives."""

from __future__ import annotations

import pytest

from bot.extract import generic
from bot.extract.context import ArticleContext
from bot.segment import segmenter


class _Ctx(ArticleContext):
    def __init__(self, people=()):
        super().__init__([], segmenter())
        for p in people:
            self.found[p] = type("F", (), {"kind": "person"})()


GENERIC = [
    ("a technology and a category", "AI芯片", "generic_head"),
    ("a technology and a class noun", "GPU公司", "generic_head"),
    ("an ordinary word and a class noun", "上市公司", "generic_head"),
    ("a determiner phrase", "这家公司", "determiner_phrase"),
    ("a determiner in the middle", "过多家公司", "determiner_phrase"),
    ("a bare suffix", "创投", "bare_class"),
    ("a class noun before the name", "上市公司澜启国际", "class_noun_first"),
    ("a kind of enterprise before the name", "社企星河", "class_noun_first"),
    ("a kind of enterprise on its own", "房企", "bare_class"),
    ("another kind of enterprise", "车企", "bare_class"),
    ("an ordinary word and 厂", "国营厂", "bare_class"),
    ("a line of business and 厂", "纺织厂", "bare_class"),
    ("a span of time after an event", "两年后", "time_phrase"),
    ("a span of months", "三个月前", "time_phrase"),
    ("a span of years with a digit", "10年来", "time_phrase"),
    ("a function character first", "的芯片", "starts_with_function_char"),
    ("a clause inside", "王思聪的普思资本", "holds_a_clause"),
    ("a legal form after ordinary words", "电子技术股份有限公司", "generic_head"),
]


@pytest.mark.parametrize(("description", "name", "rule"), GENERIC, ids=[g[0] for g in GENERIC])
def test_generic_nouns_are_no_organisations(description, name, rule):
    assert generic.why_rejected(_Ctx(), name, "company") == rule, description


@pytest.mark.parametrize("name", ["企鹅科技", "年后科技", "两年制学院", "企星河", "东吴厂", "红星厂"])
def test_names_near_a_class_word_or_a_time_phrase_are_kept(name):
    assert generic.why_rejected(_Ctx(), name, "company") not in (
        "bare_class",
        "class_noun_first",
        "time_phrase",
    )


def test_a_candidate_that_swallowed_a_person_is_no_organisation():
    assert generic.why_rejected(_Ctx(["李明"]), "人李明", "company") == "contains_a_person"


@pytest.mark.parametrize(
    "name", ["星河科技", "浪潮集团", "交通大学", "澄禾集团", "北京银行", "新能源科技有限公司"]
)
def test_names_with_a_name_suffix_are_kept(name):
    ctx = _Ctx()
    ctx.signal = "latin"  # 新能源科技有限公司（ATL）: introduced with its English name
    assert generic.why_rejected(ctx, name, "company") == ""


MODEL_WORDS = [
    ("a verb-noun after 公司, read so twice", "营收", {"营收": {"WORD": 4}}, "class", "model_reads_a_word"),
    ("a verb before a class noun", "网购公司", {"网购": {"WORD": 2}}, "suffix", "model_reads_a_word"),
    ("a verb before 基金", "抗疫基金", {"抗疫": {"WORD": 3}}, "suffix", "model_reads_a_word"),
    ("read as a verb once only: not enough", "蔚来", {"蔚来": {"WORD": 1}}, "context", ""),
    ("read as a name elsewhere", "小米", {"小米": {"WORD": 3, "ORG": 5}}, "context", ""),
    ("a head the model tags as a plain noun", "松柏创投", {"松柏": {"NZ": 0}}, "suffix", ""),
    ("a structural signal keeps its name", "北极星", {"北极星": {"WORD": 2}}, "dash", ""),
]


@pytest.mark.parametrize(
    ("description", "name", "votes", "signal", "rule"), MODEL_WORDS, ids=[m[0] for m in MODEL_WORDS]
)
def test_the_model_reading_an_ordinary_word_refuses_weak_candidates(description, name, votes, signal, rule):
    ctx = _Ctx()
    ctx.ner = votes
    ctx.signal = signal
    assert generic.why_rejected(ctx, name, "company") == rule, description
