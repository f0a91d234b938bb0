"""Topics, round 3 (issue 13): 医疗救助 as the payer of a category's subsidy, must-I-pay with a
category, who collects, the conditional January extension, a payment already made, and the 医保
office's other services no notice covers; each family tested on sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask

D = dt.date
NOV = D(2023, 11, 20)


# ---- 1. 医疗救助 asked as the fund paying a category's subsidy: the figure (屯留 五（表）) --------------


@pytest.mark.parametrize(("text", "category", "subsidy", "personal"), [
    ("屯留 低保户 医疗救助补多少", "dibao", 304, 76),
    ("屯留区的返贫致贫户 医疗救助给补多少 自个儿出多少", "fanpin", 342, 38),
    ("俺家是屯留低保 医疗救助能资助多少钱", "dibao", 304, 76),
    ("屯留 返贫致贫 医疗救助给多少钱", "fanpin", 342, 38),
])
def test_1_assistance_as_payer_is_the_figure(kb: KnowledgeBase, text: str, category: str, subsidy: int,
                                             personal: int) -> None:
    r = ask(kb, text, NOV)
    assert r.understood.topic == "how_much"
    assert r.answer is not None and r.answer.identity_id == category
    assert (r.answer.medical.subsidy, r.answer.medical.personal) == (subsidy, personal)
    reply = ask_reply(kb, r)
    assert "医疗救助" in reply and "五（表）" in reply and "其他待遇" not in reply


@pytest.mark.parametrize("text", [
    "屯留 低保户 看病以后医疗救助能报多少",
    "屯留 医疗救助怎么申请",
    "酉阳 低保户住院了 医疗救助报销比例多少",
])
def test_1_assistance_as_a_benefit_stays_a_benefit(kb: KnowledgeBase, text: str) -> None:
    assert ask(kb, text, NOV).understood.topic == "other_benefits"


# ---- 2. must-I-pay with a category: the calculated answer ---------------------------------------


@pytest.mark.parametrize(("text", "category", "personal"), [
    ("我老丈人是在乡老复员军人 住酉阳龙潭镇 医保算哪档 还要交钱不", "youfu_fuyuan", 0),
    ("酉阳 烈士遗属 要交钱吗", "youfu_fuyuan", 0),
    ("屯留 特困人员 用交钱不", "tekun", 0),
])
def test_2_must_a_category_pay(kb: KnowledgeBase, text: str, category: str, personal: int) -> None:
    r = ask(kb, text, NOV)
    assert r.understood.topic == "how_much"
    assert r.answer is not None and r.answer.identity_id == category
    assert r.answer.total_personal == personal


def test_2_the_channel_is_still_asked_without_a_category(kb: KnowledgeBase) -> None:
    assert ask(kb, "酉阳 医保在哪交", NOV).understood.topic == "how_to_pay"


# ---- 3. who collects: the collector fact ------------------------------------------------------------


@pytest.mark.parametrize(("text", "clause"), [
    ("乌拉特前旗 医保费谁负责收 是医保局还是税务局", "四（一）"),
    ("乌拉特前旗的居民医保 谁收", "四（一）"),
    ("乌鲁木齐 医保局收还是税务局收", "四（一）"),
    ("屯留 医保费到底是税务局还是医保局收", None),
])
def test_3_who_collects(kb: KnowledgeBase, text: str, clause: str | None) -> None:
    r = ask(kb, text, NOV)
    assert r.understood.topic == "collector"
    assert r.facts and all(f.topic == "collector" for f in r.facts)
    if clause:
        assert clause in ask_reply(kb, r)


# ---- 4. paying into January: the conditional extension (乌医保〔2023〕36号 一（一）) -------------------


@pytest.mark.parametrize("text", [
    "乌鲁木齐 居民医保能不能拖到1月底交",
    "有人说乌市医保缴费期延长了 真的吗",
    "米东区 医保可以宽限到明年吗",
])
def test_4_the_extension_is_conditional(kb: KnowledgeBase, text: str) -> None:
    reply = ask_reply(kb, ask(kb, text, D(2023, 12, 15)))
    assert "备案" in reply and "不是对所有人的统一延期" in reply and "一（一）" in reply
    assert "所在区（县）医疗保障局" in reply


def test_4_no_extension_words_no_extension_quote(kb: KnowledgeBase) -> None:
    reply = ask_reply(kb, ask(kb, "乌鲁木齐 普通居民交多少", D(2023, 12, 15)))
    assert "统一延期" not in reply


# ---- 5. paid already, no day said, can I use it now: each window's cover start -----------------------


@pytest.mark.parametrize("text", [
    "乌鲁木齐 今年的居民医保我交了 现在住院能报吗",
    "天山区 医保我们早交了 现在看病能用了吗",
    "酉阳 2024年的医保都交了 住院能报不",
])
def test_5_paid_before_now_usable(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, D(2024, 3, 10))
    assert r.understood.paid_before
    assert r.paid_windows and r.answer is None
    assert len({p.window.name for p in r.paid_windows}) > 1


# ---- 6. the 医保 office's other services: not in the notices, whom to ask ----------------------------


@pytest.mark.parametrize(("text", "office"), [
    ("屯留 医保卡弄丢了 去哪补办", "屯留区医保经办机构"),
    ("乌拉特前旗 医保电子凭证咋激活", "乌拉特前旗医疗保障局"),
    ("酉阳 去外省看病 异地就医备案咋弄", "酉阳县医疗保障局"),
])
def test_6_a_service_with_a_region(kb: KnowledgeBase, text: str, office: str) -> None:
    r = ask(kb, text, NOV)
    assert r.unknown and r.understood.admin_service and r.answer is None
    reply = ask_reply(kb, r)
    assert "没有写到" in reply and office in reply and "12393" in reply
    assert "没看懂" not in reply


@pytest.mark.parametrize("text", ["医保卡挂失怎么办", "医保电子凭证怎么激活啊", "异地就医备案在哪办"])
def test_6_a_service_with_no_region_names_every_office(kb: KnowledgeBase, text: str) -> None:
    reply = ask_reply(kb, ask(kb, text, NOV))
    assert "没看懂" not in reply and "12393" in reply
    for name in kb.regions:
        assert kb.regions[name].latest().model.contacts[0].name in reply


def test_6_paying_with_the_app_stays_ours(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 在异地就医的 医保还要交多少", NOV)
    assert not r.understood.admin_service and r.answer is not None
