"""Round 13, questions naming no region (or only 新疆), answered without asking one when the
answer does not depend on it.

1. A topic listed in cues.yaml ``every_notice_that_speaks`` is answered with each notice's own
   fact or its silence (and whom to ask), each cited: the cover start of a payment on a day every
   notice takes it (understand/across.py; 屯留's 解读 names only the year and says so), the office
   collecting the premium, where the subsidy money comes from (only 48号 五 names the account),
   benefits no notice states. An amount, or a day on which the notices differ, still asks the region.
2. 新疆 (自治区, 全疆) with a topic 新医保发〔2024〕48号 covers is answered from it, not with a
   question for the city: 全额资助的免征代缴, 定额资助的差额征缴, and every other topic it has.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cli.ask_cmd import result_json
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand import across as across_module
from bot.understand.ask import ask

IN_EVERY_WINDOW = dt.date(2023, 11, 20)  # inside every notice's collection window (屯留: a day 1-25)
W48 = "新医保发〔2024〕48号"
LOCAL_PLACES = {"屯留", "前旗", "乌市", "酉阳"}


# ---- 1a. the cover start, where every notice takes the payment and names the day -------------

@pytest.mark.parametrize(("text", "today"), [
    ("医保已经交过了 什么时候开始可以报销", IN_EVERY_WINDOW),
    ("刚把居民医保交完了，几号起能看病报销", dt.date(2023, 10, 12)),
    ("12月3号去交的话 明年啥时候能用", IN_EVERY_WINDOW),
    ("今天交医保 从哪天开始管用", dt.date(2023, 12, 18)),
])
def test_a_cover_start_with_no_region_is_each_notices_own(
    kb: KnowledgeBase, text: str, today: dt.date
) -> None:
    r = ask(kb, text, today)
    assert r.missing == [] and r.answer is None
    by_place = {c.place: c for c in r.covers}
    assert set(by_place) == LOCAL_PLACES
    stated = {p: (c.benefit_start, c.clause) for p, c in by_place.items() if c.stated}
    assert stated == {"前旗": (dt.date(2024, 1, 1), "三"), "乌市": (dt.date(2024, 1, 1), "二（一）1"),
                      "酉阳": (dt.date(2024, 1, 1), "一")}
    assert not by_place["屯留"].stated  # its 解读 names the year only
    reply = ask_reply(kb, r)
    assert "还需要知道" not in reply and "没有写明待遇从哪天开始" in reply
    assert "2024年1月1日起享受待遇" in reply
    assert ("屯政办发〔2023〕27号政策解读", "标题、一") in r.sources
    assert ("乌医保〔2023〕36号", "二（一）1") in r.sources


@pytest.mark.parametrize(("text", "today"), [
    ("1月15号交的医保啥时候能用", dt.date(2024, 1, 20)),  # 乌市 only if extended, 酉阳 the month after
    ("过了集中期再交医保 多久才能报", IN_EVERY_WINDOW),  # a later payment: each notice's rule differs
    ("断保一年了 现在交有等待期没有", IN_EVERY_WINDOW),
    ("12月28号交的 明年元旦能用不", dt.date(2023, 12, 29)),  # 屯留 takes no payment after the 25th
])
def test_a_cover_start_the_notices_differ_on_still_asks_the_region(
    kb: KnowledgeBase, text: str, today: dt.date
) -> None:
    r = ask(kb, text, today)
    assert not r.covers and "region" in r.missing


@pytest.mark.parametrize("text", [
    "孩子刚出生 交了什么时候能用", "低保户交了医保啥时候能用", "乌鲁木齐交了医保啥时候能用",
])
def test_a_cover_start_for_someone_or_somewhere_is_not_answered_across(kb: KnowledgeBase, text: str) -> None:
    assert not ask(kb, text, IN_EVERY_WINDOW).covers


@pytest.mark.parametrize("text", [
    "居民医保一年交多少钱", "一个人个人缴费是多少", "我们家三口人一共要交好多钱",
])
def test_an_amount_with_no_region_still_asks_the_region(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, IN_EVERY_WINDOW)
    assert not r.covers and not r.facts and "region" in (r.missing or [s for _, s in r.member_missing])


def test_the_cover_start_is_answered_across_only_while_its_topic_is_listed(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "交了医保以后啥时候能用"
    assert ask(kb, text, IN_EVERY_WINDOW).covers
    listed = [t for t in across_module.CUES["every_notice_that_speaks"] if t != "benefit_start"]
    monkeypatch.setitem(across_module.CUES, "every_notice_that_speaks", listed)
    r = ask(kb, text, IN_EVERY_WINDOW)
    assert not r.covers and "region" in r.missing


def test_the_cover_start_reaches_the_json(kb: KnowledgeBase) -> None:
    out = result_json(kb, "医保交了几号开始生效", IN_EVERY_WINDOW)
    assert out["missing"] == [] and {c["place"] for c in out["covers"]} == LOCAL_PLACES
    assert {c["benefit_start"] for c in out["covers"] if c["stated"]} == {"2024-01-01"}


# ---- 1b. who collects the premium -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "交的医保费最后是哪个部门收的", "居民医保由哪个部门征收", "医保的钱交给谁了",
])
def test_the_office_collecting_the_premium_is_each_notices_words(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, IN_EVERY_WINDOW)
    assert r.understood.topic == "collector" and r.missing == []
    stated = {f.place: f for f in r.facts if f.stated}
    assert {"屯留", "前旗", "乌市"} <= set(stated) and all("税务" in f.text for f in stated.values())
    silent = [f for f in r.facts if not f.stated]
    assert [f.place for f in silent] == ["酉阳"] and silent[0].ask  # co-issued by its tax office, no more
    assert any(f.source and f.source.notice == W48 for f in r.facts)


def test_a_region_named_gets_its_own_collector(kb: KnowledgeBase) -> None:
    r = ask(kb, "前旗的医保费是哪个部门收", IN_EVERY_WINDOW)
    assert r.missing == [] and [f.source.clause for f in r.facts if f.source] == ["四（一）、五（注）"]


# ---- 1c. a benefit no notice states ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "居民医保住院报销能报几成", "门诊看病报销比例多少", "城乡居民医保封顶线是多少",
])
def test_a_silence_that_is_everyones_is_said_with_whom_to_ask(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, IN_EVERY_WINDOW)
    assert r.missing == [] and r.facts
    assert {f.place for f in r.facts} == LOCAL_PLACES
    assert all(not f.stated and f.ask for f in r.facts)
    reply = ask_reply(kb, r)
    assert "都没有写明" in reply and "还需要知道" not in reply and reply.count("可问：") == 4


def test_a_benefit_one_notice_states_is_quoted_beside_the_others_silence(kb: KnowledgeBase) -> None:
    r = ask(kb, "顺产住院生育能补助多少", IN_EVERY_WINDOW)
    stated = [f for f in r.facts if f.stated]
    assert r.missing == [] and [f.place for f in stated] == ["酉阳"] and "600元" in stated[0].text
    assert {f.place for f in r.facts if not f.stated} == {"屯留", "前旗", "乌市"}


# ---- 1d. where the subsidy money comes from -------------------------------------------------

@pytest.mark.parametrize("text", [
    "资助参保的资金来源是什么", "困难户参保的资助钱从哪出", "医疗救助资助参保的钱谁出",
])
def test_where_the_subsidy_comes_from_quotes_each_notice(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, IN_EVERY_WINDOW)
    assert r.understood.topic == "subsidy_funding" and r.missing == []
    account = [f for f in r.facts if "专账" in f.text]
    assert [(f.place, f.source.notice, f.source.clause) for f in account if f.source] == [
        ("新疆维吾尔自治区", W48, "五")]
    assert account[0].in_force_from == dt.date(2024, 9, 3)  # quoted before it applies: said so
    assert {f.place for f in r.facts} == LOCAL_PLACES | {"新疆维吾尔自治区"}
    assert [f.place for f in r.facts if not f.stated] == ["酉阳"]


def test_rules_in_force_are_quoted_once(kb: KnowledgeBase) -> None:
    """After 48号 applies, 乌市's facts hold it too: quoted once, as the province's."""
    r = ask(kb, "资助参保的资金来源是什么", dt.date(2024, 10, 20))
    cited = [f.source.notice for f in r.facts if f.source]
    assert cited.count(W48) == 1 and all(f.in_force_from is None for f in r.facts)


# ---- 2. 新疆 with a topic 48号 covers ---------------------------------------------------------

@pytest.mark.parametrize(("text", "clause"), [
    ("新疆定额资助的那些人是怎么个征缴法", "四、五"),
    ("全疆全额资助的特困户需要自己掏钱吗", "四、五"),
    ("自治区的低保户定额资助 自己出多少", "四、五"),
    ("新疆 困难群众跨统筹地区参保 资助谁来落实", "二（六）"),
    ("全疆 在疆内别的地方参保的监测户 资助按哪里的", "二（六）"),
])
def test_xinjiang_with_48s_own_words_is_answered_from_it(kb: KnowledgeBase, text: str, clause: str) -> None:
    r = ask(kb, text, dt.date(2024, 10, 20))
    assert r.wide is not None and r.missing == []
    assert (W48, clause) in r.sources


@pytest.mark.parametrize(("text", "clause"), [
    ("新疆 交完医保后才评上低保 资助怎么算", "二（一）至（四）"),
    ("新疆 交了医保人去世了能退费吗", "二（四）、二（五）"),
    ("全疆集中缴费期是几号到几号", "二（一）、四"),
    ("自治区 困难户资助的钱从哪个账户划", "五"),
    ("新疆 困难群众身份信息谁推送给医保局", "三"),
    ("全疆 脱贫人口参保率要求多少", "一"),
    ("自治区这个资助文件啥时候实施", "六"),
    ("新疆 居民医保是哪个部门征收", "三、四"),
    ("新疆 又是低保又是监测户 资助按哪个算", "二"),
])
def test_every_topic_of_48_is_reachable_with_xinjiang_named(
    kb: KnowledgeBase, text: str, clause: str
) -> None:
    r = ask(kb, text, dt.date(2024, 10, 20))
    assert r.wide is not None and not r.wide.silent and r.missing == []
    assert (W48, clause) in r.sources
