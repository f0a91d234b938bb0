"""What is asked, and umbrella words for categories (issue 13, round 13, second pass): money asked
beside the channel, the price rise asked, and the words residents use for several categories, each
tested on sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask

TODAY = dt.date(2023, 10, 20)


# ---- 1. money with a channel, or "咋交" of a subsidised person: the calculated answer ------------


@pytest.mark.parametrize(("text", "personal"), [
    ("屯留 闺女读小学 也是交380不 在学校交吗", 380),
    ("乌拉特前旗 娃上初中 交400对吧 学校代收吗", 400),
    ("酉阳 儿子念高一 是交380吧 税务局收还是学校收", 380),
])
def test_1_an_amount_asked_beside_the_channel_gets_the_figure_and_the_channel(
    kb: KnowledgeBase, text: str, personal: int
) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.medical.personal == personal
    reply = ask_reply(kb, r)
    assert "📱 怎么交" in reply and f"{personal}元" in reply


def test_1_a_school_pupil_keeps_what_the_notice_says_of_schools(kb: KnowledgeBase) -> None:
    r = ask(kb, "米东区 孙子上五年级 医保也是380吗 学校统一收不", TODAY)
    assert r.answer is not None and r.answer.medical.personal == 380
    reply = ask_reply(kb, r)
    assert "教育部门" in reply and "税务部门" in reply and "四（三）" in reply


@pytest.mark.parametrize(("text", "by_tier"), [
    ("酉阳 低保户医保咋个交", (38, 375)),
    ("龚滩镇 我是返贫致贫户 怎么交医保", (114, 375)),
])
def test_1_how_a_subsidised_person_pays_is_what_they_pay_per_tier(
    kb: KnowledgeBase, text: str, by_tier: tuple[int, int]
) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and not r.missing
    assert tuple(a.medical.personal for a in r.by_tier) == by_tier
    assert "📱 怎么交" in ask_reply(kb, r)


@pytest.mark.parametrize(("text", "personal"), [
    ("酉阳 烈士遗属 医保怎么缴", 0),
    ("乌鲁木齐 特困人员 医保咋交", 0),
    ("屯留 1级残疾 医保咋交", 76),
    ("前旗 优抚对象医保怎么交", 0),
])
def test_1_how_a_category_pays_names_its_share(kb: KnowledgeBase, text: str, personal: int) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.medical.personal == personal
    assert "📱 怎么交" in ask_reply(kb, r)


@pytest.mark.parametrize("text", [
    "酉阳 医保在哪交",
    "乌拉特前旗 手机能交不",
    "屯留 低保户 微信咋交",
    "乌鲁木齐 特困户在哪里交医保",
    "酉阳 医保咋交",
])
def test_1_a_channel_question_stays_the_channel(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is None and r.understood.topic == "how_to_pay"
    assert [f.topic for f in r.facts][:1] == ["how_to_pay"]


def test_1_a_year_to_pick_in_the_app_is_no_amount(kb: KnowledgeBase) -> None:
    r = ask(kb, "前旗 小程序上交医保 年度选2023还是2024", TODAY)
    assert r.answer is None and r.understood.topic == "how_to_pay"


# ---- 2. why the price rose: the figure, and what the notice says of the rise ---------------------


def _rise(r) -> list:  # the notice's words on the rise quoted beside the answer
    return [f for f in r.facts if f.topic == "price_change"]


@pytest.mark.parametrize("text", [
    "长治屯留 医保前年还300多 今年咋变成380了",
    "屯留医保为啥涨了 去年才350",
    "余吾镇 今年医保比去年多30 是咋回事",
])
def test_2_where_the_notice_states_the_rise_it_is_beside_the_figure(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.medical.personal == 380
    assert [f.stated for f in _rise(r)] == [True]
    reply = ask_reply(kb, r)
    assert "提高30元" in reply and "640元" in reply and "五" in _rise(r)[0].source.clause


@pytest.mark.parametrize(("text", "who"), [
    ("酉阳 去年只交350 今年为什么涨", "酉阳县医疗保障局"),
    ("前旗 医保咋又涨了 去年不是350吗", "乌拉特前旗医疗保障局"),
    ("水磨沟区 去年才350 今年怎么成380了", "所在区（县）医疗保障局"),
])
def test_2_where_the_notice_is_silent_on_the_rise_it_says_so(kb: KnowledgeBase, text: str, who: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None
    silent = [f for f in _rise(r) if not f.stated]
    assert len(silent) == 1 and silent[0].ask == who
    assert "没有写比上一年" in ask_reply(kb, r)


def test_2_a_plain_price_question_quotes_no_rise(kb: KnowledgeBase) -> None:
    assert _rise(ask(kb, "酉阳 医保一年交多少", TODAY)) == []


# ---- 3. umbrella words: each candidate's figure before the choice, per region's notice ----------


def _medical(r) -> dict[str, int | None]:
    return {c.category: c.answer.medical.personal if c.answer else None for c in r.candidates}


@pytest.mark.parametrize("text", [
    "天山区 俺家脱贫户 一年交几个钱",
    "乌市 我们是脱贫人口 医保多少钱",
    "达坂城 脱贫人员交医保要多少",
])
def test_3_a_tuopin_word_in_urumqi_shows_both_groups_of_one_four(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    # 一（四）: 稳定脱贫人口 190; 脱贫不稳定户 among the 易返贫致贫人口, 参照低保 304 → 76
    assert r.answer is None and _medical(r) == {"tuopin": 190, "jiance": 76}


@pytest.mark.parametrize("text", ["西贾乡 脱贫人口医保多少钱", "屯留 俺是脱贫户 交多少"])
def test_3_a_tuopin_word_in_tunliu_shows_both_rows_of_the_table(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is None and _medical(r) == {"wending_tuopin": 380, "tuopin_buwending": 100}


@pytest.mark.parametrize("text", [
    "俺家困难户 酉阳 医保交好多",
    "酉阳 家里是困难家庭 医保要交多少",
    "麻旺镇 我们困难群众 医保多少钱",
])
def test_3_hard_up_in_youyang_gives_each_category_per_tier(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is None and not r.situation.unlisted
    tiers = {c.category: tuple(a.medical.personal for a in c.by_tier) for c in r.candidates}
    # 二（二）: 特困 全额; 低保 90%; 返贫致贫 … 低保边缘户 70% at 一档; 二档: 一档 standard 100% subsidised
    assert tiers["tekun"] == (0, 375) and tiers["dibao"] == (38, 375)
    seventy = ("fanpin", "tuopin_buwending", "bianyuan", "tufa", "dibao_bianyuan")
    assert {tiers[c] for c in seventy} == {(114, 375)}
    assert "二（二）" in ask_reply(kb, r)


@pytest.mark.parametrize("region", ["乌鲁木齐", "屯留", "乌拉特前旗", "酉阳"])
@pytest.mark.parametrize("word", ["困难户", "困难家庭", "贫困户", "建档立卡户"])
def test_3_every_region_reads_each_umbrella_word_from_its_notice(
    kb: KnowledgeBase, region: str, word: str
) -> None:
    r = ask(kb, f"{region} 我家是{word} 医保交多少", TODAY)
    assert not r.situation.unlisted  # never "the notice has no subsidy for 困难户"
    if r.candidates:
        assert r.answer is None and len(r.candidates) >= 2
    else:  # every meaning costs the same (乌拉特前旗's 脱贫 groups pay nothing): answered, said so
        assert r.answer is not None and r.situation.assumed


@pytest.mark.parametrize(("text", "subsidised"), [
    ("酉阳 军属医保交多少", "youfu_fuyuan"),
    ("前旗 我是军属 医保要钱不", "youfu"),
])
def test_3_a_soldiers_family_is_asked_which_where_the_notice_funds_only_some(
    kb: KnowledgeBase, text: str, subsidised: str
) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is None and _medical(r)[subsidised] == 0 and (_medical(r)["ordinary"] or 0) > 0


@pytest.mark.parametrize("text", [
    "乌鲁木齐 我爸是脱贫户 12月5号交的 啥时候能报销",
    "屯留 脱贫人口 几号前交完",
    "乌鲁木齐 特困低保脱贫这些户要求哪天前交完",
])
def test_3_a_question_the_choice_does_not_change_is_answered(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and "identities" not in r.missing and not r.ambiguous


def test_3_a_figure_quoted_names_its_category(kb: KnowledgeBase) -> None:
    r = ask(kb, "米东区 脱贫户 今年还给资助190吗", TODAY)
    assert r.answer is not None and r.situation.identities == ("tuopin",)
