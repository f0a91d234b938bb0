"""Topic of a resident's question, including the priority between several matching topics."""

from __future__ import annotations

import pytest

from bot.knowledge.lint import REQUIRED_TOPICS
from bot.knowledge.vocabulary import TOPICS
from bot.understand import topics
from bot.understand.ask import FACT_TOPICS
from bot.understand.topics import PRIORITY, TOPIC_KEYWORDS, classify_topic

CASES = [
    # how_much
    ("乌鲁木齐低保户今年交多少钱", "how_much"),
    ("酉阳二挡多少钱", "how_much"),
    ("一档多少", "how_much"),
    ("今年缴费标准是多少", "how_much"),
    ("个人缴费多少", "how_much"),
    ("脱贫户补贴多少", "how_much"),
    ("政府资助多少", "how_much"),
    ("医保今年交多少前", "how_much"),  # 钱 → 前 typo
    ("娃娃的医保要好多钱哦", "how_much"),  # 酉阳/重庆话
    ("一个人交几百块", "how_much"),
    ("低保户是不是免费", "how_much"),
    ("孩子刚出生交多少钱", "how_much"),  # how_much beats newborn
    ("大学生交多少", "how_much"),
    ("新认定的低保户交多少钱", "how_much"),
    ("今年又涨价了？", "how_much"),
    ("交 多 少 钱", "how_much"),
    # deadline
    ("我是屯留的脱贫户，12月27号还能交吗", "deadline"),
    ("截止到几号", "deadline"),
    ("什么时候交", "deadline"),
    ("啥时候去交", "deadline"),
    ("最晚什么时候", "deadline"),
    ("几号前要交完", "deadline"),
    ("缴费时间是哪天", "deadline"),
    ("错过了还能补交吗", "deadline"),
    ("新生儿什么时候交", "deadline"),
    ("现在还能交不", "deadline"),
    ("今年的征缴期到什么时候", "deadline"),
    ("好久交哦", "deadline"),
    ("12.27还可以交不", "deadline"),
    # benefit_start
    ("交了什么时候生效", "benefit_start"),
    ("什么时候能报销", "benefit_start"),
    ("有没有等待期", "benefit_start"),
    ("几号开始能用", "benefit_start"),
    ("待遇什么时候开始", "benefit_start"),
    ("交了马上能用吗", "benefit_start"),
    ("交了钱好久能用", "benefit_start"),  # 好久 = 多久 in 酉阳
    # how_to_pay
    ("在哪里交", "how_to_pay"),
    ("在哪交啊", "how_to_pay"),
    ("哪儿交", "how_to_pay"),
    ("医保咋交", "how_to_pay"),
    ("怎么交", "how_to_pay"),
    ("微信上能交吗", "how_to_pay"),
    ("支付宝可以吗", "how_to_pay"),
    ("手机上交怎么弄", "how_to_pay"),
    ("怎么给孩子交", "how_to_pay"),
    ("在那交", "how_to_pay"),  # 哪 → 那 typo
    ("有小程序吗", "how_to_pay"),
    ("用APP交行不行", "how_to_pay"),
    ("咋个交嘛", "how_to_pay"),  # 西南官话
    ("乌市医保在哪儿交", "how_to_pay"),
    ("屯留的医保在哪交？微信行不", "how_to_pay"),
    # refund
    ("交了钱能退吗", "refund"),
    ("多交了怎么退", "refund"),
    ("交错了能不能退", "refund"),
    ("重复交了退多少钱", "refund"),  # refund beats how_much
    ("申请退费", "refund"),
    # registration
    ("孩子刚出生怎么参保", "newborn"),  # a newborn's enrolment has its own rules
    ("第一次参保要带什么", "registration"),
    ("断保了怎么办", "registration"),
    ("参保登记在哪办", "registration"),
    ("新参保的要啥材料", "registration"),
    ("我没参保过", "registration"),
    # newborn
    ("宝宝刚出生", "newborn"),
    ("孩子出生了", "newborn"),
    ("娃娃是去年腊月出生的", "newborn"),
    ("我家崽刚生的", "newborn"),
    ("娃儿咋个参保", "registration"),
    ("新生儿", "newborn"),
    # student
    ("大学生", "student"),
    ("我是在校学生", "student"),
    ("娃在外地上大学", "student"),  # a university student's enrolment has rules of its own
    ("孩子在读书", "student"),
    # other_benefits
    ("大病保险怎么报", "other_benefits"),
    ("起付线是多少", "other_benefits"),
    ("生孩子能报销多少", "other_benefits"),
    ("顺产能报多少钱", "other_benefits"),
    ("剖宫产报销比例", "other_benefits"),
    ("产检能报吗", "other_benefits"),
    # identity_change
    ("身份变了咋整", "identity_change"),
    ("退出低保了", "identity_change"),
    ("刚被认定为脱贫户", "identity_change"),
    ("新认定的低保", "identity_change"),
    # cross_region
    ("我在外地打工", "cross_region"),
    ("户口不在乌鲁木齐能参保吗", "cross_region"),
    ("有居住证可以在这参保不", "cross_region"),
    ("异地就医", "cross_region"),
    # receipt
    ("怎么查缴费记录", "receipt"),
    ("能开发票吗", "receipt"),
    ("缴费凭证在哪打印", "receipt"),  # receipt beats how_to_pay
    ("查一下交上了没", "receipt"),
    ("交成功了吗", "receipt"),
    # long_term_care
    ("长期护理保险是什么", "long_term_care"),
    ("长护险交多少", "how_much"),  # the premium answer carries the care premium
    # nothing
    ("你好", None),
    ("hello", None),
    ("😀😀", None),
    ("？？？", None),
    ("", None),
    ("650102199001011234", None),
    ("保险刚生效", "benefit_start"),  # 刚生效 is not a birth
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_classify_topic(text: str, expected: str | None) -> None:
    assert classify_topic(text) == expected


def test_every_topic_has_keywords_and_a_priority() -> None:
    assert set(PRIORITY) == set(TOPIC_KEYWORDS)
    assert len(PRIORITY) == len(set(PRIORITY))
    assert all(TOPIC_KEYWORDS[t] for t in PRIORITY)


def test_topic_names_are_the_knowledge_topics_or_calculated_ones() -> None:
    assert not topics._unknown_topics(set(TOPIC_KEYWORDS))
    assert topics._unknown_topics({"how_to_pya", "refund"}) == {"how_to_pya"}
    # what a question can be about and is quoted from the notices, not worked out
    assert FACT_TOPICS & set(PRIORITY) == {
        "how_to_pay", "registration", "receipt", "refund", "identity_change", "cross_region",
        "other_benefits", "long_term_care", "newborn", "student", "fiscal_subsidy", "subsidy_funding",
        "effective_date", "identity_lists", "scope", "coverage_target", "organisation", "collector",
    }
    assert set(REQUIRED_TOPICS) < set(TOPICS) and "deadline" in REQUIRED_TOPICS


def test_long_text_is_fine() -> None:
    assert classify_topic("啊" * 5000 + "交多少钱") == "how_much"
