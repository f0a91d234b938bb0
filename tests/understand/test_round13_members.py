"""Round 13, several people and several identities (issue 13): households of households, a
group's subsidy and personal totals, a tier per group, kin words each with their own identity,
and one person with two identities where the notice in force is silent. Each family is tested on
sentences of its own, across regions; every figure is checked against what the bot answers for
one such person alone, so the sums cannot drift from the engine."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.answer import Answer
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask
from bot.understand.members import people

TODAY = dt.date(2023, 12, 5)


def _one(kb: KnowledgeBase, text: str, today: dt.date = TODAY) -> Answer:
    """One person's answer, as the bot gives it alone."""
    r = ask(kb, text, today)
    assert r.answer is not None and r.answer.total_personal is not None, text
    return r.answer


def _each(kb: KnowledgeBase, text: str) -> int:
    total = _one(kb, text).total_personal
    assert total is not None
    return total


def _household(kb: KnowledgeBase, text: str):
    r = ask(kb, text, TODAY)
    assert r.household is not None, text
    return r


# ---- 1. households of households ------------------------------------------------------------


def test_a_list_of_households_is_a_group_per_household(kb: KnowledgeBase) -> None:
    r = _household(kb, "屯留 组里3户 一户5口普通人 一户低保3口 一户特困2口 个人一共交多少")
    assert [(m.count, m.identities, m.ordinary) for m in r.members] == [
        (5, [], True), (3, ["dibao"], False), (2, ["tekun"], False)]
    each = [_each(kb, f"屯留 {w}交多少") for w in ("普通居民", "低保", "特困")]
    assert r.household.total_personal == 5 * each[0] + 3 * each[1] + 2 * each[2]


def test_households_named_by_their_family(kb: KnowledgeBase) -> None:
    r = _household(kb, "乌鲁木齐 老张家4口人都是低保，老刘家3口人普通 一共交多少")
    assert [(m.count, m.identities, m.ordinary) for m in r.members] == [(4, ["dibao"], False), (3, [], True)]
    each = [_each(kb, f"乌鲁木齐 {w}交多少") for w in ("低保", "普通居民")]
    assert r.household.total_personal == 4 * each[0] + 3 * each[1]


@pytest.mark.parametrize(("text", "groups"), [
    ("乌拉特前旗 两户单纯低保 每户2口 一户普通5口 总共交多少", [(4, "单纯低保"), (5, "普通居民")]),
    ("酉阳 低保4户 每户3口人 一共好多", [(12, "低保")]),
    ("屯留 3户 每户4口 都是特困 一共多少", [(12, "特困")]),
])
def test_so_many_households_of_so_many_people_each(kb: KnowledgeBase, text: str, groups) -> None:
    r = _household(kb, text)
    region = text.split()[0]
    assert [m.count for m in r.members] == [n for n, _ in groups]
    assert r.household.total_personal == sum(n * _each(kb, f"{region} {w}交多少") for n, w in groups)


def test_one_family_is_still_read_whole(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 一家三口 都是低保 交多少", TODAY)
    assert [(m.count, m.identities) for m in r.members] == [(3, ["dibao"])]
    r = ask(kb, "屯留 俺家6口 老两口是稳定脱贫 俺两口子普通 两个娃上学 一共交多少", TODAY)
    assert [m.count for m in r.members] == [2, 2, 2]  # "两个娃" after a category is not its count


# ---- 2. a group's subsidy and personal totals ------------------------------------------------


@pytest.mark.parametrize(("text", "n", "one"), [
    ("村里吃低保的一共25个人 屯留 医疗救助一共资助多少 他们自己一共交多少", 25, "屯留 低保交多少"),
    ("酉阳 特困的 总共 12个 一共资助好多 自己交好多", 12, "酉阳 特困交多少"),
    ("乌鲁木齐 社区低保户共有6人 资助一共多少", 6, "乌鲁木齐 低保交多少"),
])
def test_a_group_said_with_its_total_is_that_many(kb: KnowledgeBase, text: str, n: int, one: str) -> None:
    r = _household(kb, text)
    assert people(r.members) == n
    a = _one(kb, one)
    assert r.household.total_personal == n * a.total_personal
    assert r.household.totals.total_subsidy == n * (a.medical.subsidy + (
        a.long_term_care.subsidy if a.long_term_care and a.long_term_care.subsidy else 0))
    reply = ask_reply(kb, r)
    assert str(n * a.total_personal) in reply


def test_a_groups_subsidy_by_payer(kb: KnowledgeBase) -> None:
    r = _household(kb, "乌拉特前旗 嘎查里有8个监测户人员 医保局跟乡村振兴局各要出多少钱 个人还交不")
    a = _one(kb, "乌拉特前旗 监测户交多少")
    shares = {p.name: p.amount for p in a.medical.subsidy_split}
    assert len(shares) == 2 and all(shares.values())
    assert r.household.by_payer == {name: 8 * amount for name, amount in shares.items()}
    assert r.household.total_personal == 8 * a.total_personal
    reply = ask_reply(kb, r)
    assert all(f"{name}{8 * amount}元" in reply for name, amount in shares.items())


# ---- 3. a tier per group ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "tiers"), [
    ("酉阳 屋里5个人 三个交一档两个交二档 一共好多", [(3, 1), (2, 2)]),
    ("酉阳 家里4口 一个一档 三个二档 总共多少钱", [(1, 1), (3, 2)]),
    ("酉阳 家里5口人 2个人买一档 3个人买二档 一共多少", [(2, 1), (3, 2)]),
    ("酉阳 老人一档 娃二档 一共好多", [(1, 1), (1, 2)]),
])
def test_a_count_before_a_tier_is_a_group_on_it(kb: KnowledgeBase, text: str, tiers) -> None:
    r = _household(kb, text)
    assert [(m.count, m.tier) for m in r.members] == tiers
    per_tier = {t: _each(kb, f"酉阳 普通居民 {'一' if t == 1 else '二'}档交多少") for t in (1, 2)}
    assert r.household.total_personal == sum(n * per_tier[t] for n, t in tiers)
    assert "tier" not in r.assumed


def test_a_count_before_a_tier_splits_the_people_just_named(kb: KnowledgeBase) -> None:
    r = _household(kb, "酉阳 爸妈俩 一个交一档一个交二档 好多钱")
    assert [(m.count, m.tier) for m in r.members] == [(1, 1), (1, 2)]


# ---- 4. two people in one sentence ----------------------------------------------------------


def test_kin_each_with_their_own_identity_are_two_people(kb: KnowledgeBase) -> None:
    r = _household(kb, "屯留 我妈低保 我爸普通 一共交多少")
    assert [(m.kin, m.identities, m.ordinary) for m in r.members] == [(["妈"], ["dibao"], False),
                                                                      (["爸"], [], True)]
    assert r.household.total_personal == _each(kb, "屯留 低保交多少") + _each(kb, "屯留 普通居民交多少")
    r = _household(kb, "乌拉特前旗 我叔单纯低保，我婶普通 一共多少")
    assert r.household.total_personal == (_each(kb, "乌拉特前旗 单纯低保交多少")
                                          + _each(kb, "乌拉特前旗 普通居民交多少"))
    r = _household(kb, "乌鲁木齐 我哥是特困 我姐是低保 各交多少")
    assert [m.identities for m in r.members] == [["tekun"], ["dibao"]]


def test_one_of_two_outside_resident_insurance_is_said_so_and_not_summed(kb: KnowledgeBase) -> None:
    r = _household(kb, "酉阳 我妈是烈士遗属 想交二档 要掏钱不 我舅是3级残疾军人又咋参保")
    assert [m.kin for m in r.members] == [["妈"], ["舅"]]
    mother = _one(kb, "酉阳 烈士遗属 二档交多少")
    assert r.household.total_personal == mother.total_personal
    assert [ma.member.label for ma in r.household.outside] == ["舅"]
    reply = ask_reply(kb, r)
    assert "职工医保" in reply and "二（二）" in reply


def test_one_person_with_two_identities_stays_one(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 我是低保 也是稳定脱贫人口 交多少", TODAY)
    assert r.household is None and people(r.members) <= 1


# ---- 5. two identities where the notice in force is silent ----------------------------------


@pytest.mark.parametrize("text", [
    "天山区 我是低保 也是稳定脱贫人口 资助按哪个算 自己交多少",
    "乌鲁木齐 俺既是特困又是低保 按哪个标准交",
    "乌鲁木齐 我是监测户 同时是稳定脱贫户 个人交多少",
])
def test_each_identitys_medical_and_care_figures_are_shown(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.total_personal is None
    reply = ask_reply(kb, r)
    alone = {alt["identity_id"]: alt for alt in r.answer.alternatives}
    assert len(alone) == 2
    for alt in alone.values():
        assert alt["personal"] is not None and alt["ltc_personal"] is not None
        assert alt["total_personal"] == alt["personal"] + alt["ltc_personal"]
        assert f"医保个人{alt['personal']}元" in reply and f"长护险个人{alt['ltc_personal']}元" in reply
    higher = min(alone.values(), key=lambda alt: alt["total_personal"])
    assert f"资助较高的{higher['identity']}" in reply and "2024年9月3日" in reply
    assert "医疗保障局" in reply


def test_two_identities_paid_after_the_region_wide_rule_take_the_higher(kb: KnowledgeBase) -> None:
    r = ask(kb, "天山区 我是低保 也是稳定脱贫人口 2024年9月10号交 自己交多少", TODAY)
    assert r.answer is not None
    dibao = _one(kb, "乌鲁木齐 低保 2024年9月10号交多少")
    assert r.answer.identity_id == "dibao"
    assert r.answer.medical.personal == dibao.medical.personal
    assert r.answer.total_personal == dibao.total_personal
