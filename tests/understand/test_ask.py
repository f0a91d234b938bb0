"""What the free-text step does with what it understood: answer, ask only what is missing,
quote a fact with its clause, or say honestly that it cannot help."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from bot.cli.ask_cmd import result_json
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.present import answer_json, ask_reply
from bot.understand.ask import ask

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2023, 11, 1)


def test_a_complete_question_gets_the_same_figures_as_the_guided_answer(kb):
    r = ask(kb, "屯留低保户12月5号交多少钱", TODAY)
    assert r.missing == []
    expected = calculate(kb, Situation(region="长治市屯留区", identities=("dibao",), newborn=False,
                                       student="none", paid_on=dt.date(2023, 12, 5)))
    assert answer_json(r.answer) == answer_json(expected)
    assert "长治市屯留区" in ask_reply(kb, r) and "低保" in ask_reply(kb, r)


def test_no_identity_named_is_answered_for_an_ordinary_resident_first(kb):
    # Issue 13: "酉阳二档多少钱一年" used to get "还需要知道：属于哪类人员" back.
    r = ask(kb, "酉阳二档交多少", TODAY)
    expected = calculate(kb, Situation(region="酉阳土家族苗族自治县", identities=(), newborn=False,
                                       student="none", tier=2, paid_on=TODAY))
    assert r.missing == [] and r.assumed == ["identities"]
    assert answer_json(r.answer) == answer_json(expected)
    reply = ask_reply(kb, r)
    assert "我理解的是" in reply and "二档" in reply and "先按普通居民算" in reply
    # The guided questions go on with what was assumed: tier kept, the identity offered next.
    assert r.carry.tier == 2 and r.carry.identities is None


def test_no_tier_named_shows_every_tier_for_a_money_question_and_none_for_a_date_question(kb):
    r = ask(kb, "酉阳低保户交多少钱", TODAY)
    assert r.missing == [] and r.assumed == ["tier"]
    assert [a.tier for a in r.by_tier] == [1, 2] and r.answer == r.by_tier[0]
    reply = ask_reply(kb, r)
    figures = [f"{a.tier_label}{a.total_personal}元" for a in r.by_tier]
    assert all(f in reply for f in figures)
    dates = ask(kb, "酉阳 我12月31号最后一天交 明年1号能用不", TODAY)
    assert dates.missing == [] and dates.answer is not None and "tier" not in dates.missing
    assert "各档个人缴费" not in ask_reply(kb, dates)  # the tier cannot change this answer


def test_what_was_said_is_never_listed_as_missing(kb):
    r = ask(kb, "提醒我12月20号交医保", TODAY)
    assert r.missing == ["region"]  # not the day it named, not a tier before the region
    assert r.understood.paid_on == dt.date(2023, 12, 20)


def test_an_ambiguous_identity_is_asked_with_its_readings(kb):
    r = ask(kb, "酉阳退役军人有补贴吗", TODAY)
    assert r.answer is None and "identities" in r.missing
    assert "残疾军人" in ask_reply(kb, r) and "其他重点优抚对象" in ask_reply(kb, r)


def test_a_fact_question_quotes_the_notice_or_says_it_is_silent_and_who_to_ask(kb):
    stated = ask(kb, "酉阳身份变了还补差额吗", TODAY)
    assert stated.understood.topic == "identity_change"
    assert any(f.stated for f in stated.facts)
    assert "酉阳医保发〔2023〕52号" in ask_reply(kb, stated) and "二（二）" in ask_reply(kb, stated)
    silent = ask(kb, "屯留交了医保能退吗", TODAY)
    assert silent.facts and not any(f.stated for f in silent.facts)
    assert "未写明" in ask_reply(kb, silent) and "可问" in ask_reply(kb, silent)


def test_a_fact_question_without_a_region_asks_the_region(kb):
    r = ask(kb, "医保交了能退吗", TODAY)
    assert r.missing == ["region"] and r.facts == []


def test_a_day_outside_every_window_is_said_plainly(kb):
    r = ask(kb, "酉阳低保户一档2024年3月5号还能交吗", TODAY)
    assert r.answer is not None and r.answer.payment_open is False


def test_off_topic_and_nonsense_get_an_honest_reply(kb):
    for text in ("乌鲁木齐养老保险交多少", "asdf", "今天天气怎么样"):
        r = ask(kb, text, TODAY)
        assert r.answer is None and r.facts == []
        assert "乌鲁木齐市" in ask_reply(kb, r)  # lists what the bot covers
    pension = ask(kb, "乌鲁木齐养老保险交多少", TODAY)
    assert "12333" in ask_reply(kb, pension)  # another insurance: whom to ask
    assert "12333" not in ask_reply(kb, ask(kb, "酉阳 龚滩古镇好耍不", TODAY))  # chatter: no false referral


def test_an_id_number_is_never_echoed(kb):
    r = ask(kb, "我身份证号是11010519491231002X，乌鲁木齐低保交多少", TODAY)
    assert "11010519491231002X" not in ask_reply(kb, r) and "隐私" in ask_reply(kb, r)
    assert r.answer is not None  # the question itself is still answered


def test_identity_ids_without_a_region_are_the_ones_every_region_agrees_on(kb):
    understood = result_json(kb, "低保户交多少", TODAY)["understood"]
    assert understood["identity_ids"] == ["dibao"]
    assert result_json(kb, "监测户交多少", TODAY)["understood"]["identity_ids"] == []  # differs by region


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_ask_cli_contract():
    p = run("ask", "乌市低保户下个月交多少", "--today", "2023-11-20", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert set(data) >= {"understood", "missing", "answer", "reply", "sources"}
    slots = {"region", "identities", "born_on", "student", "tier", "paid_on", "topic"}
    assert set(data["understood"]) >= slots
    assert data["understood"]["paid_on"] == "2023-12-01"  # 下个月 from --today, the 1st
    assert data["answer"]["total_personal"] == 84
    assert {"notice": "乌医保〔2023〕36号", "clause": "一（四）"} in data["sources"]


def test_ask_cli_bad_today_is_one_line_and_exit_2():
    p = run("ask", "乌市低保", "--today", "2023-13-01")
    assert p.returncode == 2
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_the_families_the_blind_questions_exposed(kb):
    # Issue 13, item 2: each line is a family, not a sentence.
    day = dt.date(2024, 2, 10)
    which = ask(kb, "屯留 低保和特困 按哪个标准交", day)
    assert which.understood.topic == "how_much" and sorted(which.identity_ids) == ["dibao", "tekun"]
    payout = ask(kb, "乌鲁木齐住院报百分之多少", day)
    assert payout.understood.topic == "other_benefits" and payout.answer is None  # never the contribution
    assert payout.facts and "所在区（县）医疗保障局" in ask_reply(kb, payout)
    baby = ask(kb, "屯留 宝宝3月2号出生 下周一去交 要交多少", day)
    assert baby.understood.born_on == dt.date(2023, 3, 2)  # a birth is in the past
    assert baby.understood.paid_on == dt.date(2024, 2, 12)  # the next Monday is the payment day
    by_sound = ask(kb, "乌鲁木齐 我们都是低宝 交多少", day)
    assert by_sound.identity_ids == ["dibao"]
    place = ask(kb, "重庆 低保户 一档交好多", day)
    assert place.understood.identity_words == ["低保户"]  # 重庆 does not sound like 重精 (精 is jing)


def test_a_category_outside_resident_insurance_is_said_so_and_no_tier_is_listed(kb):
    r = ask(kb, "酉阳 五级残疾军人交多少", dt.date(2024, 2, 10))
    assert r.identity_ids == ["canji_junren"] and r.by_tier == [] and "tier" not in r.assumed
    reply = ask_reply(kb, r)
    assert "不在居民医保缴费" in reply and "各档个人缴费" not in reply


def test_a_part_of_a_month_is_read_as_that_part(kb):
    r = ask(kb, "乌鲁木齐 7月中旬交还行吗", dt.date(2024, 2, 10))
    assert r.understood.paid_on == dt.date(2024, 7, 11)  # 中旬: the 11th to the 20th


def test_a_notice_pasted_ahead_of_the_question_lends_only_its_region(kb):
    # Its dates, tiers and categories are the notice's, not the resident's.
    pasted = ("关于全县2024年城乡居民医疗保险参保有关事宜的通知 酉阳医保发〔2023〕52号 各乡镇人民政府："
              "现将有关事宜通知如下：一、参保缴费时间 集中参保期为2023年10月至12月31日。"
              "二、筹资标准（一）个人缴费标准 一档380元/人·年，二档755元/人·年。"
              "（二）资助参保 对特困人员给予全额资助。\n我家是低保户，要交多少钱？")
    r = ask(kb, pasted, TODAY)
    u = r.understood
    assert u.region == "酉阳土家族苗族自治县" and r.identity_ids == ["dibao"]
    assert u.tier is None and u.paid_on is None  # not 二档, not 2023-10-01


def test_the_per_person_fiscal_subsidy_is_quoted_where_stated_and_said_missing_elsewhere(kb):
    stated = ask(kb, "屯留 财政补助涨了 每人补到多少", TODAY)
    assert stated.understood.topic == "fiscal_subsidy" and stated.answer is None
    assert "640元" in ask_reply(kb, stated) and "五" in ask_reply(kb, stated)
    silent = ask(kb, "乌鲁木齐 财政补助每人多少", TODAY)
    assert silent.facts == [] and "没有写到这一点" in ask_reply(kb, silent)
    assert "所在区（县）医疗保障局" in ask_reply(kb, silent)  # whom to ask, from the notice


def test_the_beginning_and_middle_of_a_month_are_periods_too(kb):
    early = ask(kb, "乌鲁木齐 12月初交行吗", dt.date(2023, 11, 1)).understood.paid_on
    middle = ask(kb, "乌鲁木齐 12月中交的 什么时候能用", dt.date(2023, 11, 1)).understood.paid_on
    assert (early, middle) == (dt.date(2023, 12, 1), dt.date(2023, 12, 11))
