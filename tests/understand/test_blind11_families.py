"""The families of failure blind table 11 exposed (issue 13), each tested on sentences of its
own rather than the table's: the family is fixed, not the sentence."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import FactView
from bot.knowledge.base import KnowledgeBase
from bot.present import ask_reply
from bot.understand.ask import ask

TODAY = dt.date(2023, 9, 20)


def _clauses(facts: list[FactView], topic: str) -> list[str]:
    return [f.source.clause for f in facts if f.topic == topic and f.source]


# ---- A. officials' duties the notices state ----------------------------------------------------


def test_a_who_provides_a_list_is_the_identity_lists_clause(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 在校学生名单找谁要 哪个部门给", TODAY)
    assert _clauses(r.facts, "identity_lists") == ["四（一）、四（三）"]
    assert "教育部门" in ask_reply(kb, r)


def test_a_how_the_work_is_organised_quotes_the_offices_clauses(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 我们社区的参保台账咋建", TODAY)
    assert "region" not in r.missing and r.answer is None
    assert "六（一）" in _clauses(r.facts, "organisation")
    assert "户籍人口及常住人口" in ask_reply(kb, r)
    r = ask(kb, "屯留区 参保进度多久通报一次", TODAY)
    assert "六（四）" in _clauses(r.facts, "organisation") and "11月" in ask_reply(kb, r)
    r = ask(kb, "乌拉特前旗 村干部要建微信群转发公告吗", TODAY)
    assert any("四（三）" in c for c in _clauses(r.facts, "organisation"))
    assert "微信群" in ask_reply(kb, r)


def test_a_a_region_whose_notice_states_no_organisation_is_not_given_another_regions(
        kb: KnowledgeBase) -> None:
    # 酉阳 lists no such clause in its knowledge: the reply never borrows 屯留's 台账
    r = ask(kb, "酉阳 台账按什么建", TODAY)
    assert "户籍人口及常住人口" not in ask_reply(kb, r)


# ---- B. households and groups ------------------------------------------------------------------


def _members(r) -> list[tuple[int, list[str], bool]]:
    return [(m.count, m.identities, m.ordinary) for m in r.members]


def _one(kb: KnowledgeBase, text: str) -> int:
    r = ask(kb, text, TODAY)
    assert r.answer is not None and r.answer.total_personal is not None, text
    return r.answer.total_personal


def test_b_the_others_counted_after_a_group_are_a_group_of_their_own(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 一家六口 俩老人是特困 其余四个都是普通居民 共交多少", TODAY)
    assert _members(r) == [(2, ["tekun"], False), (4, [], True)]
    assert r.household is not None
    assert r.household.total_personal == 2 * _one(kb, "屯留 特困交多少") + 4 * _one(kb, "屯留 普通居民交多少")
    # 仨 is three, as 俩 is two
    r = ask(kb, "屯留 仨低保 一个普通 交多少", TODAY)
    assert _members(r) == [(3, ["dibao"], False), (1, [], True)]


def test_b_a_worker_describing_a_group_is_not_one_of_them(kb: KnowledgeBase) -> None:
    r = ask(kb, "我是村干部 村里低保8个 普通居民30个 一共收多少 乌鲁木齐", TODAY)
    assert _members(r) == [(8, ["dibao"], False), (30, [], True)]
    r = ask(kb, "我是网格员，屯留 普通居民12人 特困2人 要收多少", TODAY)
    assert sum(m.count for m in r.members) == 14
    # 我 as a member is still read: "我和老伴是低保"
    r = ask(kb, "屯留 我和老伴是低保 交多少", TODAY)
    assert sum(m.count for m in r.members) == 2


# ---- C. dates and money ------------------------------------------------------------------------


def test_c_an_amount_asked_for_a_day_after_june_gives_the_notices_rule(kb: KnowledgeBase) -> None:
    # "按380交" asks the amount (not the way to pay); after 2024-06-30 乌鲁木齐 一（五）: 380 plus the
    # fiscal subsidy, whose amount the notice does not give
    r = ask(kb, "乌鲁木齐 我拖到2024年8月才交 是不是还按380交", TODAY)
    assert r.answer is not None and r.answer.total_personal is None
    text = ask_reply(kb, r)
    assert "财政补助" in text and "新生儿" in text and "一（五）" in text


def test_c_a_refund_asked_with_want_is_the_refund_clause(kb: KnowledgeBase) -> None:
    for q in ("乌拉特前旗 医保交过了 过完年想退 退得了吗", "乌拉特前旗 交了400 现在要退行不"):
        r = ask(kb, q, TODAY)
        assert _clauses(r.facts, "refund") == ["三"], q
        assert "不予退费" in ask_reply(kb, r)


def test_c_how_much_more_the_higher_tier_costs_is_said(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 特困以外的普通人 二档比一档贵多少", TODAY)
    low, high = (a.total_personal for a in r.by_tier)
    assert low is not None and high is not None
    assert f"每人多交{high - low}元" in ask_reply(kb, r)
    # a category with its own subsidy: the gap of its own figures
    r = ask(kb, "酉阳 边缘易致贫户 一档和二档相差多少", TODAY)
    low, high = (a.total_personal for a in r.by_tier)
    assert low is not None and high is not None and f"每人多交{high - low}元" in ask_reply(kb, r)


# ---- D. newborns -------------------------------------------------------------------------------


def test_d_a_child_born_weeks_ago_is_a_newborn_with_the_days_rule_beside_the_amount(
        kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 娃才生了二十来天 上医保交多少", TODAY)
    assert r.understood.newborn and r.answer is not None and r.answer.total_personal == 400
    assert "90天" in ask_reply(kb, r)
    # an age in days is a birth day: 才生了40天 on 2023-09-20 is 2023-08-11, within 乌鲁木齐's 90 days
    r = ask(kb, "乌鲁木齐 孩子才生了40天 要交多少", TODAY)
    assert r.understood.newborn and r.understood.born_on == dt.date(2023, 8, 11)
    assert "90天" in ask_reply(kb, r)


def test_d_generations_and_illness_are_not_births(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 我生了病住院 医保交多少", TODAY)
    assert not r.understood.newborn


# ---- E. umbrella words in 乌拉特前旗 and 酉阳 ----------------------------------------------------


def _figures(r) -> dict[str, list[int | None]]:
    return {c.category: [a.total_personal for a in (c.by_tier or [c.answer])] for c in r.candidates}


def test_e_kunnanhu_in_wulateqianqi_gives_each_category_before_the_choice(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌拉特前旗 困难群众医保自己掏多少", TODAY)
    got = _figures(r)
    assert set(got) == {"tekun", "dibao", "jiance", "tuopin_dibao", "tuopin"}
    for cid, word in (("dibao", "单纯低保户"), ("tekun", "特困"), ("jiance", "监测户")):
        assert got[cid] == [_one(kb, f"乌拉特前旗 {word}交多少")]
    assert "identities" in r.missing


def test_e_tuopinhu_in_youyang_is_either_category_and_says_both(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 脱贫人口参保自己出多少", TODAY)
    got = _figures(r)
    assert set(got) == {"wending_tuopin", "tuopin_buwending"}
    assert got["wending_tuopin"] == [None]  # the notice states no subsidy for 稳定脱贫人口
    low = _one(kb, "酉阳 脱贫不稳定户 一档交多少")
    assert got["tuopin_buwending"][0] == low
    text = ask_reply(kb, r)
    assert "未写明" in text and "70%" in text
    # the exact category named is answered at once
    r = ask(kb, "酉阳 稳定脱贫人口 交多少", TODAY)
    assert not r.candidates and r.understood.region is not None


# ---- F. answers that need no region --------------------------------------------------------------


def test_f_tiers_compared_without_a_region_are_the_one_tiered_notices(kb: KnowledgeBase) -> None:
    tiered = [r for r in kb.regions if kb.notice_for(r, TODAY).tiers]
    assert len(tiered) == 1  # the premise: one region's notice alone has tiers
    r = ask(kb, "居民医保分一档二档 两档有什么不同", TODAY)
    assert r.understood.region == tiered[0] and r.understood.region_from_tiers
    assert "region" not in r.missing and len(r.by_tier) == 2
    text = ask_reply(kb, r)
    assert "没说地区" in text and all(f"{a.total_personal}元" in text for a in r.by_tier)
    # a region named is that region's answer, even one without tiers
    r = ask(kb, "屯留 一档二档有啥区别", TODAY)
    assert r.understood.region == "长治市屯留区" and not r.understood.region_from_tiers


def test_f_a_year_no_local_notice_covers_is_said_without_asking_the_place(kb: KnowledgeBase) -> None:
    r = ask(kb, "新疆2026年城乡居民医保个人缴费标准是多少", TODAY)
    assert r.wide is not None and r.wide.year_not_on_file == 2026 and "region" not in r.missing
    text = ask_reply(kb, r)
    assert "2026年度" in text and "未写明" in text and "可问" in text
    # the year on file is still a city's amount: which city is asked
    r = ask(kb, "新疆2024年居民医保个人交多少钱", TODAY)
    assert r.wide is None and "region" in r.missing


def test_an_umbrella_word_beside_another_category_is_worked_out_alone_unless_one_person_holds_both(kb):
    """"低保边缘户和脱贫户 资助一样不" compares two groups: 稳定脱贫's candidate must not carry the
    low-income-edge figure (114) of a person who is both; "又是" says one person holds both."""
    compared = ask(kb, "酉阳 低保边缘户和脱贫户 医保资助一样不", dt.date(2023, 10, 15))
    stable = next(c for c in compared.candidates if c.category == "wending_tuopin")
    alone = ask(kb, "酉阳 稳定脱贫人口 一档交多少", dt.date(2023, 10, 15)).answer
    assert alone is not None and stable.answer.medical.personal == alone.medical.personal
    both = ask(kb, "屯留 低保又是残疾人 交多少", dt.date(2023, 10, 15))
    assert {c.answer.medical.personal for c in both.candidates} == {76}  # 低保 stays with each
