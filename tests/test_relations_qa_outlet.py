"""Which label of a Q&A names the outlet (bot/ingest/worker.py `_questions_label`): the one who asks, never
the interviewee, a caption or a reporter's role. Invented articles."""

from __future__ import annotations

import pytest

from bot.ingest.worker import _questions_label

QA = "\n".join(
    [
        "星河周刊：你为什么要做这件事？",
        "孟凡：因为我们看到了机会。公司成立于2015年。",
        "星河周刊：接下来有什么打算？",
        "孟凡：继续做产品。",
        "星河周刊：融资顺利吗？",
        "孟凡：很顺利，投资人都很支持。",
        "孟凡：我们明年会扩张。",
    ]
)


@pytest.mark.parametrize(
    "desc, text, expected",
    [
        ("the interviewer's label names the outlet", QA, "星河周刊"),
        (
            "the interviewee answers more often: still not the outlet",
            QA.replace("星河周刊", "记者"),
            "",
        ),
        (
            "captions are no one asking",
            "\n".join(
                ["图片来源：星河图库", "正文第一段。", "图片来源：星河图库", "正文第二段。", "图片来源：青禾"]
            ),
            "",
        ),
        (
            "an interview without a named outlet: only answers",
            "\n".join(["孟凡：我们成立于2015年。", "孟凡：产品卖得很好。", "孟凡：明年上市。"]),
            "",
        ),
    ],
)
def test_the_outlet_is_the_label_that_asks(desc, text, expected):
    assert _questions_label(text) == expected, desc
