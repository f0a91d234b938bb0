"""The reminders' words: the clause they rest on, the conditional extension never certain, and
the figures of the engine's answer for the day a reminder is sent."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.present import answer_text
from bot.reminders.schedule import Plan, beijing_date, plan
from bot.reminders.wording import ListedReminder, list_text, plan_text, reminder_text

TUNLIU, YOUYANG, WULUMUQI, WULATE = "长治市屯留区", "酉阳土家族苗族自治县", "乌鲁木齐市", "乌拉特前旗"

CASES = [
    (TUNLIU, (), None, "2023-09-10"),
    (YOUYANG, ("dibao",), 2, "2023-09-10"),
    (YOUYANG, (), 1, "2024-01-10"),
    (WULUMUQI, ("dibao",), None, "2023-11-20"),
    (WULUMUQI, (), None, "2024-03-01"),
    (WULATE, ("tekun",), None, "2023-10-01"),
]


def at(day: str, hour: int = 1) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=dt.UTC)


def situation(region: str, ids: tuple[str, ...], tier: int | None) -> Situation:
    return Situation(region=region, identities=ids, tier=tier)


def the_window(kb, region: str, p: Plan):
    notice = kb.notice_for(region, p.deadline)
    return notice, next(w for w in notice.model.windows if w.id == p.window_id)


@pytest.mark.parametrize(("region", "ids", "tier", "day"), CASES)
def test_confirmation_and_reminders_cite_the_windows_clause(kb, region, ids, tier, day):
    s = situation(region, ids, tier)
    p = plan(kb, s, at(day))
    notice, window = the_window(kb, region, p)
    cite = f"{notice.citation} {window.source.clause}"
    text = plan_text(kb, s, p)
    assert cite in text and "/stop" in text
    for r in p.reminders:
        assert f"{r.due_at.astimezone(dt.timezone(dt.timedelta(hours=8))).day}日 10:00" in text
        sent = reminder_text(kb, s, r, r.due_at)
        assert cite in sent and "/stop" in sent


@pytest.mark.parametrize(("region", "ids", "tier", "day"), CASES)
def test_reminder_carries_the_engines_answer_for_the_day_it_is_sent(kb, region, ids, tier, day):
    s = situation(region, ids, tier)
    for r in plan(kb, s, at(day)).reminders:
        answer = calculate(kb, s.with_(paid_on=beijing_date(r.due_at)))
        sent = reminder_text(kb, s, r, r.due_at)
        assert answer_text(answer) in sent
        if answer.total_personal is not None:
            assert f"个人要交：{answer.total_personal}元" in sent


def test_a_reminder_sent_late_answers_for_the_day_it_is_sent(kb):
    s = situation(WULUMUQI, (), None)
    r = plan(kb, s, at("2024-03-01")).reminders[0]  # surcharge_soon, 7 days before 06-30
    late = r.due_at + dt.timedelta(days=30)  # the sender was down for a month
    sent = reminder_text(kb, s, r, late)
    assert answer_text(calculate(kb, s.with_(paid_on=beijing_date(late)))) in sent
    assert "已经过了" in sent


def test_wulumuqi_extension_is_worded_as_conditional_never_as_the_deadline(kb):
    s = situation(WULUMUQI, (), None)
    p = plan(kb, s, at("2023-12-01"))
    notice = kb.notice_for(WULUMUQI, p.deadline)
    ext = next(w for w in notice.model.windows if w.id == "extension")
    for text in [plan_text(kb, s, p), *(reminder_text(kb, s, r, r.due_at) for r in p.reminders)]:
        assert ext.conditional in text and f"{notice.citation} {ext.source.clause}" in text
        assert "2024年1月31日截止" not in text and "2023年12月31日" in text


def test_wulateqianqi_says_the_notice_gives_no_deadline(kb):
    s = situation(WULATE, (), None)
    p = plan(kb, s, at("2023-12-01"))
    texts = [plan_text(kb, s, p), *(reminder_text(kb, s, r, r.due_at) for r in p.reminders)]
    for text in texts:
        assert "通知没有写明截止日" in text
        assert "2023年12月31日截止" not in text  # the sure day is not worded as a deadline
    none_left = plan(kb, s, at("2024-01-05"))
    refusal = plan_text(kb, s, none_left)
    assert "通知没有写明" in refusal and "乌拉特前旗医疗保障局" in refusal


def test_tunliu_monthly_reminder_leads_with_the_25th(kb):
    s = situation(TUNLIU, ("dibao",), None)
    r = next(r for r in plan(kb, s, at("2023-10-01")).reminders if r.kind == "month_days_end")
    sent = reminder_text(kb, s, r, r.due_at)
    assert sent.startswith("⏰ 本月25日后本月不能再缴")


@pytest.mark.parametrize(("region", "ids", "day", "named"), [
    (YOUYANG, ("canji_junren",), "2023-11-01", "酉阳县医疗保障局"),
    (WULATE, ("dibao",), "2023-11-01", "乌拉特前旗医疗保障局"),
    (YOUYANG, (), "2024-03-10", "酉阳县医疗保障局"),
    (TUNLIU, (), "2024-01-05", "屯留区医保经办机构"),
])
def test_no_plan_says_why_and_whom_to_ask(kb, region, ids, day, named):
    s = situation(region, ids, 1 if region == YOUYANG else None)
    p = plan(kb, s, at(day))
    text = plan_text(kb, s, p)
    assert p.reason and named in text and "提醒已设好" not in text


def test_no_region_lists_the_regions(kb):
    s = Situation()
    text = plan_text(kb, s, plan(kb, s, at("2023-11-01")))
    assert all(name in text for name in kb.regions)


def test_reminder_for_a_situation_the_knowledge_no_longer_fits_has_no_traceback(kb):
    good = situation(YOUYANG, ("dibao",), 1)
    r = plan(kb, good, at("2023-11-01")).reminders[0]
    sent = reminder_text(kb, good.with_(identities=("gone",)), r, r.due_at)
    assert "/stop" in sent and "gone" in sent


def test_list_is_soonest_first_and_says_when_empty(kb):
    a = situation(WULUMUQI, ("dibao",), None)
    b = situation(TUNLIU, (), None)
    items = [ListedReminder.of(s, r) for s in (a, b) for r in plan(kb, s, at("2023-11-20")).reminders]
    text = list_text(kb, items)
    lines = [line for line in text.splitlines() if line.startswith("· ")]
    assert len(lines) == len(items)
    firsts = sorted(items, key=lambda i: i.due_at)
    assert [("乌市" in line) for line in lines] == [i.region == WULUMUQI for i in firsts]
    assert "/stop" in text
    assert "/remind" in list_text(kb, []) and "· " not in list_text(kb, [])


def test_too_close_names_the_last_day_and_what_follows(kb):
    s = situation(YOUYANG, (), 1)
    p = plan(kb, s, dt.datetime(2023, 12, 31, 15, 59, tzinfo=dt.UTC))  # 23:59 on the last day, Beijing
    text = plan_text(kb, s, p)
    notice, window = the_window(kb, YOUYANG, p)
    catch_up = next(w for w in notice.model.windows if w.id == "catch_up")
    assert p.reason == "too_close" and "2023年12月31日" in text and catch_up.name in text
    assert f"{notice.citation} {window.source.clause}" in text
