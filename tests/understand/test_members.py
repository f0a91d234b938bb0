"""Several people in one question: members with counts, each answered as that one person
would be, and the household total is the sum of those answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from bot.cli.ask_cmd import result_json
from bot.engine.calculator import calculate
from bot.knowledge.base import KnowledgeBase
from bot.understand.ask import ask
from bot.understand.members import people, read_members
from bot.understand.slots import understand
from bot.web.api_models import AskResponse

TODAY = dt.date(2023, 10, 15)


def members(kb: KnowledgeBase, text: str) -> list[tuple[int, list[str], bool, str | None]]:
    u = understand(kb, text, TODAY)
    return [(m.count, m.identities, m.newborn, m.label) for m in read_members(kb, u, TODAY)]


def test_grandparents_parents_and_a_baby(kb: KnowledgeBase) -> None:
    found = read_members(kb, understand(kb, "爷爷奶奶是低保，爸妈普通，宝宝8月出生", TODAY), TODAY)
    assert [(m.count, m.identities, m.ordinary, m.newborn) for m in found] == [
        (2, ["dibao"], False, False), (2, [], True, False), (1, [], False, True)]
    # a month is read as its 1st day, marked as such (blind table 7: "2024年3月刚生的宝宝")
    assert found[2].born_on == dt.date(2023, 8, 1) and found[2].born_month
    assert found[0].words == ["爷爷", "奶奶", "低保"]


def test_counts_before_identities(kb: KnowledgeBase) -> None:
    want = [(2, ["dibao"], False, None), (1, ["tekun"], False, None)]
    assert members(kb, "屯留 两个低保 一个特困 一共多少钱") == want
    assert members(kb, "屯留 2个低保 1个特困") == want


def test_an_identity_belongs_to_everyone_named_before_it(kb: KnowledgeBase) -> None:
    assert members(kb, "我和老伴都是低保") == [(2, ["dibao"], False, "我、老伴")]
    assert members(kb, "老两口都在乌鲁木齐吃低保 俩人一共多少钱") == [(2, ["dibao"], False, "老两口")]


def test_a_household_size(kb: KnowledgeBase) -> None:
    assert members(kb, "一家三口") == [(3, [], False, None)]
    herders = understand(kb, "乌拉特前旗 普通牧民 一家5口一共交多少", TODAY)
    assert people(read_members(kb, herders, TODAY)) == 5
    five = "我家5口人在乌鲁木齐，爷爷奶奶是低保，爸妈普通，还有个8月出生的宝宝，一共交多少"
    assert [m[0] for m in members(kb, five)] == [2, 2, 1]


@pytest.mark.parametrize("text", [
    "乌鲁木齐低保户交多少", "我妈是低保 交多少", "我家孩子是上个月二十六号生的想问一下新生儿医保怎么办理",
    "乌鲁木齐的低保户 搬去昌吉儿子家住了 资助在昌吉还能享受不", "我外公刚被评成特困，外公不识字，我帮他问的",
    "屯留区的我们家是返贫户孩子在上高中我们返贫户有补贴吗学生交多少",
])
def test_one_person_is_one_person(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert people(r.members) <= 1
    assert not r.is_household and r.household is None
    assert "household" not in result_json(kb, text, TODAY)


CASES = [
    ("乌鲁木齐市", "乌鲁木齐 爷爷奶奶是低保，爸妈普通，宝宝8月出生 一共交多少", 5),
    ("长治市屯留区", "屯留 两个低保 一个特困 一共多少钱", 3),
    ("长治市屯留区", "屯留 我和老伴都是低保 交多少", 2),
    ("乌拉特前旗", "乌拉特前旗 一家三口 交多少", 3),
    ("乌拉特前旗", "前旗 俺是下岗职工 老婆是低保 医保各交多少", 2),
    ("酉阳土家族苗族自治县", "酉阳 我是低保，孩子上大学，一共交多少", 2),
    ("酉阳土家族苗族自治县", "酉阳 两个特困 三个低保 一共多少钱", 5),
]


@pytest.mark.parametrize(("region", "text", "headcount"), CASES)
def test_the_household_total_is_the_sum_of_each_members_own_answer(
    kb: KnowledgeBase, region: str, text: str, headcount: int
) -> None:
    r = ask(kb, text, TODAY)
    assert r.is_household and r.household is not None and r.answer is None
    h = r.household
    assert h.region == region and h.totals.people == headcount
    total = 0
    for m in h.members:
        alone = calculate(kb, m.member.situation(region, h.paid_on))
        assert m.answer == alone
        assert alone.total_personal is not None
        total += alone.total_personal * m.member.count
    assert h.total_personal == total


def test_urumqi_family_figures(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 爷爷奶奶是低保，爸妈普通，宝宝8月出生 一共交多少", TODAY)
    assert r.household is not None
    assert [m.subtotal for m in r.household.members] == [168, 840, 420]
    assert r.household.total_personal == 1428
    assert r.household.by_payer == {"医疗救助资助参保": 608, "市财政": 64}
    # born in August, paid 2023-10-15: within 90 days on any day of August, so nothing to ask
    assert r.member_missing == []
    assert r.missing == []


def test_tunliu_two_dibao_one_tekun(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 两个低保 一个特困 一共多少钱", TODAY)
    assert r.household is not None
    assert [(m.member.count, m.answer.total_personal) for m in r.household.members] == [(2, 76), (1, 0)]
    assert r.household.total_personal == 152


def test_a_newborn_with_a_day_is_not_asked(kb: KnowledgeBase) -> None:
    r = ask(kb, "乌鲁木齐 我是低保 孩子10月3号出生 一共交多少", TODAY)
    assert r.household is not None and r.member_missing == []
    baby = r.household.members[1]
    assert baby.member.newborn and baby.member.born_on == dt.date(2023, 10, 3)


def test_no_region_is_asked_once_for_the_household(kb: KnowledgeBase) -> None:
    r = ask(kb, "我和老伴都是低保 一共交多少", TODAY)
    assert r.is_household and r.household is None and r.missing == ["region"]
    data = result_json(kb, "我和老伴都是低保 一共交多少", TODAY)
    assert data["household"] is None
    assert data["reply"].count("在哪个地区") <= 1


def test_ask_json_declares_members_and_household(kb: KnowledgeBase) -> None:
    data = result_json(kb, "屯留 两个低保 一个特困 一共多少钱", TODAY)
    AskResponse.model_validate(data, strict=False)
    assert [(m["count"], m["identities"], m["words"]) for m in data["understood"]["members"]] == [
        (2, ["dibao"], ["两个低保"]), (1, ["tekun"], ["一个特困"])]
    assert data["household"]["total_personal"] == 152
    assert data["answer"] is None
    assert "152" in data["reply"]


def test_the_reply_lists_members_total_and_payers(kb: KnowledgeBase) -> None:
    reply = result_json(kb, "乌鲁木齐 爷爷奶奶是低保，爸妈普通，宝宝8月出生 一共交多少", TODAY)["reply"]
    for figure in ("168", "840", "1428", "608", "64"):
        assert figure in reply


TABLES = sorted(Path(__file__).parent.glob("*.yaml"))


def _questions() -> list[tuple[str, dt.date]]:
    found = []
    for path in TABLES:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(entry, dict) and "q" in entry:
                found.append((entry["q"], entry.get("today") or TODAY))
    return found


def test_single_person_questions_keep_their_shape(kb: KnowledgeBase) -> None:
    """Every question of the tables naming at most one person has no household, and its
    ``understood`` has only the new ``members`` key beside today's."""
    keys = {"region", "identities", "identity_ids", "identity_words", "unlisted", "ambiguous", "newborn",
            "born_on", "student", "tier", "paid_on", "topic", "members"}
    for text, today in _questions():
        r = ask(kb, text, today)
        data = result_json(kb, text, today)
        assert set(data["understood"]) == keys, text
        if people(r.members) <= 1:
            assert "household" not in data, text
            json.dumps(data, ensure_ascii=False)


def test_the_guided_questions_go_on_for_one_person_not_the_members_merged(kb: KnowledgeBase) -> None:
    r = ask(kb, "屯留 两个低保 一个特困 一共多少钱", TODAY)
    assert r.carry.region == "长治市屯留区"
    assert r.carry.identities is None  # asked afresh, never (dibao, tekun) as one person


def test_a_bare_digit_is_no_count_but_a_measure_word_or_liang_is(kb: KnowledgeBase) -> None:
    assert members(kb, "屯留 俩低保 一共多少") == [(2, ["dibao"], False, None)]
    assert members(kb, "屯留 2023低保交多少") == [(1, ["dibao"], False, None)]
    assert members(kb, "乌鲁木齐 两孩子 交多少") == [(2, [], False, "孩子")]


def test_the_rest_of_a_household_are_ordinary_residents(kb: KnowledgeBase) -> None:
    found = read_members(kb, understand(kb, "乌拉特前旗 一家四口 我是低保 一共交多少", TODAY), TODAY)
    assert [(m.count, m.identities, m.words) for m in found] == [(1, ["dibao"], ["我", "低保"]),
                                                                 (3, [], ["一家四口"])]
    r = ask(kb, "乌拉特前旗 一家四口 我是低保 一共交多少", TODAY)
    assert r.household is not None and r.household.totals.people == 4
    assert "identities" in r.assumed


def test_an_unsaid_tier_gives_the_household_total_in_each_tier(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 我是低保，孩子上大学，一共交多少", TODAY)
    assert "tier" in r.assumed and r.household is not None
    tiers = kb.notice_for("酉阳土家族苗族自治县", TODAY).tiers
    assert [h.members[0].answer.tier for h in r.household_by_tier] == list(tiers)
    assert r.household_by_tier[0].total_personal == r.household.total_personal
    for h in r.household_by_tier:
        own = [calculate(kb, m.member.situation(h.region, h.paid_on)).total_personal for m in h.members]
        assert h.total_personal == sum(n * m.member.count for n, m in zip(own, h.members, strict=True))
    reply = result_json(kb, "酉阳 我是低保，孩子上大学，一共交多少", TODAY)["reply"]
    assert all(str(h.total_personal) in reply for h in r.household_by_tier)


def test_an_ambiguous_word_is_asked_of_the_member_who_said_it(kb: KnowledgeBase) -> None:
    r = ask(kb, "酉阳 爷爷是残疾 奶奶是低保 一共交多少", TODAY)
    assert r.household is None and r.missing == ["identities"]
    assert [bool(m.ambiguous) for m in r.members] == [True, False]
