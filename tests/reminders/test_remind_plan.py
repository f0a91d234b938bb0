"""plan(): which days get a reminder, per region's windows, checked against the engine's own answers."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.reminders.schedule import BEIJING, Plan, beijing_date, plan

TUNLIU, YOUYANG, WULUMUQI, WULATE = "长治市屯留区", "酉阳土家族苗族自治县", "乌鲁木齐市", "乌拉特前旗"


def at(day: str, hour: int = 1, minute: int = 0) -> dt.datetime:
    """A UTC instant on ``day`` (01:00 UTC is 09:00 Beijing, before that day's reminders)."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=dt.UTC)


def person(region: str, *ids: str, **kw: object) -> Situation:
    return Situation(region=region, identities=ids, **kw)  # type: ignore[arg-type]


def counts(kb: KnowledgeBase, s: Situation, day: dt.date) -> bool:
    return calculate(kb, s.with_(paid_on=day)).payment_open is True


def by_kind(p: Plan, kind: str) -> list[dt.date]:
    return [r.deadline for r in p.reminders if r.kind == kind]


def window(kb: KnowledgeBase, region: str, window_id: str):
    return next(w for w in kb.notice_for(region, None).model.windows if w.id == window_id)


# --- per region -------------------------------------------------------------------------------


def test_tunliu_reminds_before_each_months_25th_up_to_the_deadline(kb):
    s = person(TUNLIU)
    p = plan(kb, s, at("2023-09-10"))
    assert p.window_id == "collection" and p.reason is None
    edges = by_kind(p, "month_days_end")
    assert edges == [dt.date(2023, m, 25) for m in (9, 10, 11)]
    for edge in edges:  # the engine agrees: the 25th takes payments, the 26th does not
        assert counts(kb, s, edge) and not counts(kb, s, edge + dt.timedelta(days=1))
    assert by_kind(p, "week_before") == by_kind(p, "day_before") == [window(kb, TUNLIU, "collection").end]


def test_tunliu_on_an_off_day_still_plans_the_window(kb):
    p = plan(kb, person(TUNLIU), at("2023-10-28"))  # days 26-31 take no payment, the window goes on
    assert p.window_id == "collection"
    assert by_kind(p, "month_days_end") == [dt.date(2023, 11, 25)]


def test_youyang_catch_up_window_with_next_month_cover(kb):
    s = person(YOUYANG, tier=1)
    p = plan(kb, s, at("2024-01-10"))
    w = window(kb, YOUYANG, "catch_up")
    assert p.window_id == "catch_up" and by_kind(p, "day_before") == [w.end]
    last = calculate(kb, s.with_(paid_on=w.end))
    assert last.payment_open and last.benefit_start == dt.date(2024, 3, 1)  # the month after paying


def test_youyang_before_collection_opens(kb):
    p = plan(kb, person(YOUYANG, tier=2), at("2023-09-10"))
    assert by_kind(p, "opens") == [window(kb, YOUYANG, "collection").start]
    assert p.reminders[0].kind == "opens"


@pytest.mark.parametrize("day", ["2023-12-01", "2023-12-25", "2023-12-31", "2024-01-01", "2024-01-20",
                                 "2024-01-31"])
@pytest.mark.parametrize("ids", [(), ("dibao",), ("tekun",)])
def test_wulumuqi_extension_is_never_a_deadline(kb, day, ids):
    extension = window(kb, WULUMUQI, "extension")
    assert extension.conditional
    p = plan(kb, person(WULUMUQI, *ids), at(day))
    assert p.window_id != "extension"
    assert all(r.deadline != extension.end and r.window_id != "extension" for r in p.reminders)
    if dt.date.fromisoformat(day) < dt.date(2023, 12, 30):
        assert by_kind(p, "day_before") == [window(kb, WULUMUQI, "collection").end]


def test_wulumuqi_surcharge_only_for_those_who_would_pay_more(kb):
    after = window(kb, WULUMUQI, "late").surcharge.after
    ordinary = plan(kb, person(WULUMUQI), at("2024-03-01"))
    assert by_kind(ordinary, "surcharge_soon") == [after, after]
    s = person(WULUMUQI)
    before = calculate(kb, s.with_(paid_on=after))
    later = calculate(kb, s.with_(paid_on=after + dt.timedelta(days=1)))
    assert before.medical.personal != later.medical.personal
    dibao = plan(kb, person(WULUMUQI, "dibao"), at("2024-03-01"))  # medical assistance: exempt
    assert by_kind(dibao, "surcharge_soon") == []
    assert by_kind(dibao, "day_before") == by_kind(ordinary, "day_before")


def test_wulumuqi_late_payment_deadline_is_the_last_day_that_buys_cover(kb):
    s = person(WULUMUQI)
    p = plan(kb, s, at("2024-03-01"))
    (deadline,) = by_kind(p, "day_before")
    assert p.window_id == "late" and deadline < window(kb, WULUMUQI, "late").end
    assert counts(kb, s, deadline) and not counts(kb, s, deadline + dt.timedelta(days=1))


def test_wulateqianqi_no_stated_end_plans_the_sure_days_then_stops(kb):
    w = window(kb, WULATE, "collection")
    assert w.end is None
    p = plan(kb, person(WULATE), at("2023-11-01"))
    assert by_kind(p, "day_before") == [w.surely_open_until]
    after = plan(kb, person(WULATE), at("2024-01-05"))
    assert after.reminders == () and after.reason == "no_stated_end"


@pytest.mark.parametrize(("region", "ids", "reason"), [
    (YOUYANG, ("canji_junren",), "not_applicable"),  # 1-6级残疾军人: 职工医保
    (WULATE, ("dibao",), "time_not_stated"),  # 单纯低保户: time to be announced
    (None, (), "no_region"),
    ("火星", (), "no_region"),
    (YOUYANG, ("no_such_category",), "invalid"),
])
def test_people_without_a_deadline_get_an_empty_plan_with_a_reason(kb, region, ids, reason):
    tier = 1 if region == YOUYANG else None
    p = plan(kb, Situation(region=region, identities=ids, tier=tier), at("2023-11-01"))
    assert p.reminders == () and p.reason == reason


# --- newborns -----------------------------------------------------------------------------------


def test_tunliu_newborn_of_2023_gets_the_catch_up_window(kb):
    baby = person(TUNLIU, newborn=True, born_on=dt.date(2023, 11, 1))
    p = plan(kb, baby, at("2024-01-05"))
    assert p.window_id == "newborn_2023_catch_up"
    assert by_kind(p, "day_before") == [window(kb, TUNLIU, "newborn_2023_catch_up").end]
    assert plan(kb, person(TUNLIU), at("2024-01-05")).reason == "no_open_window"


def test_tunliu_newborn_of_the_policy_year_is_free(kb):
    p = plan(kb, person(TUNLIU, newborn=True, born_on=dt.date(2024, 3, 1)), at("2024-05-01"))
    assert p.reason == "newborn_free" and p.reminders == ()


@pytest.mark.parametrize("region", [YOUYANG, WULUMUQI])
def test_newborn_reminded_before_the_notices_days_run_out(kb, region):
    born = dt.date(2024, 3, 10)
    baby = person(region, newborn=True, born_on=born, tier=1 if region == YOUYANG else None)
    p = plan(kb, baby, at("2024-03-15"))
    days = kb.notice_for(region, born).model.newborn.within_days
    edge = born + dt.timedelta(days=days)
    assert by_kind(p, "newborn_days_end") == [edge, edge]
    on, after = (calculate(kb, baby.with_(paid_on=d)) for d in (edge, edge + dt.timedelta(days=1)))
    assert (on.payment_open, on.benefit_start) != (after.payment_open, after.benefit_start)


# --- time ---------------------------------------------------------------------------------------


def test_a_reminder_due_at_10_beijing_is_kept_until_02_00_utc(kb):
    s = person(WULUMUQI)
    due_day = "2023-12-24"  # week_before of 12-31
    before = plan(kb, s, at(due_day, 1, 59))
    after = plan(kb, s, at(due_day, 2, 1))
    assert by_kind(before, "week_before") == [dt.date(2023, 12, 31)]
    assert by_kind(after, "week_before") == [] and by_kind(after, "day_before") == [dt.date(2023, 12, 31)]


def test_the_window_is_chosen_on_beijings_date_not_utcs(kb):
    s = person(YOUYANG, tier=1)
    late_evening = plan(kb, s, at("2023-12-31", 15, 59))  # 23:59 in Beijing: collection's last day
    assert late_evening.window_id == "collection" and late_evening.reason == "too_close"
    assert late_evening.deadline == dt.date(2023, 12, 31)
    past_midnight = plan(kb, s, at("2023-12-31", 16, 1))  # already 2024-01-01 in Beijing
    assert past_midnight.window_id == "catch_up"
    assert beijing_date(at("2023-12-31", 16, 1)) == dt.date(2024, 1, 1)


def test_naive_now_is_refused(kb):
    with pytest.raises(ValueError):
        plan(kb, person(YOUYANG), dt.datetime(2023, 12, 1, 10, 0))


@pytest.mark.parametrize("day", ["2024-03-10", "2024-12-20", "2025-02-01"])
def test_after_the_last_window_the_plan_is_empty(kb, day):
    p = plan(kb, person(YOUYANG, tier=1), at(day))
    assert p.reminders == () and p.reason == "no_open_window" and p.window_id is None


@pytest.mark.parametrize("region", [TUNLIU, YOUYANG, WULUMUQI, WULATE])
def test_every_plan_is_future_sorted_at_ten_beijing_and_before_its_deadline(kb, region):
    start = dt.date(2023, 8, 1)
    for n in range(0, 520, 9):
        now = at((start + dt.timedelta(days=n)).isoformat(), n % 24, 30)
        p = plan(kb, person(region, tier=1 if region == YOUYANG else None), now)
        assert (p.reason is None) == bool(p.reminders)
        assert [r.due_at for r in p.reminders] == sorted(r.due_at for r in p.reminders)
        for r in p.reminders:
            local = r.due_at.astimezone(BEIJING)
            assert r.due_at > now and r.due_at.tzinfo is not None and r.due_at.utcoffset() == dt.timedelta(0)
            assert (local.hour, local.minute) == (10, 0) and local.date() <= r.deadline
