"""The matrix of situations: sample dates from the notices' windows, every region's cells."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from maintain_helpers import SHILI_2025, copy_knowledge, fixture_knowledge

from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.knowledge.base import KnowledgeBase
from bot.maintain.matrix import (
    NEWBORN_AGE,
    axes,
    key_of,
    notice_dates,
    region_categories,
    region_dates,
    region_tiers,
    situation,
    situations,
)

D = dt.date
TODAY = D(2024, 3, 15)


def _notice_2024(kb: KnowledgeBase, region: str):
    return next(n for n in kb.regions[region].notices if n.policy_year == 2024)


def test_sample_dates_come_from_each_window(kb):
    urumqi = _notice_2024(kb, "乌鲁木齐市")
    days = notice_dates(urumqi)
    # collection 2023-09-01..2023-12-31: first day, last day, the day after, the middle
    assert {D(2023, 9, 1), D(2023, 12, 31), D(2024, 1, 1), D(2023, 10, 31)} <= days
    assert D(2023, 8, 31) in days  # the day before the first window
    assert {D(2024, 6, 30), D(2024, 7, 1)} <= days  # the surcharge edge
    assert D(2025, 1, 1) in days  # past the benefit period: the stale answer


def test_open_ended_window_uses_the_last_day_known_open(kb):
    days = notice_dates(_notice_2024(kb, "乌拉特前旗"))
    assert {D(2023, 9, 1), D(2023, 12, 31), D(2024, 1, 1)} <= days


def test_month_day_limit_adds_the_first_closed_day(kb):
    assert D(2023, 9, 26) in notice_dates(_notice_2024(kb, "长治市屯留区"))


def test_region_wide_rules_add_their_start(kb):
    days = region_dates(kb, "乌鲁木齐市")
    assert {D(2024, 9, 2), D(2024, 9, 3)} <= set(days)
    assert D(2024, 9, 3) not in region_dates(kb, "酉阳土家族苗族自治县")


def test_today_is_a_sample_date(kb):
    assert TODAY in region_dates(kb, "酉阳土家族苗族自治县", TODAY)
    assert region_dates(kb, "酉阳土家族苗族自治县") == sorted(region_dates(kb, "酉阳土家族苗族自治县"))


def test_tiers_only_where_the_region_has_them(kb, tmp_path):
    assert region_tiers(kb, "酉阳土家族苗族自治县") == [1, 2]
    shili = KnowledgeBase.load(fixture_knowledge(tmp_path / "k", SHILI_2025))
    assert region_tiers(shili, "示例县") == [None]


def test_every_cell_once_and_the_engine_answers_or_refuses_cleanly(kb):
    cells = list(situations(kb, today=TODAY))
    keys = [key_of(s) for s in cells]
    assert len(keys) == len(set(keys))
    assert len(cells) == sum(ax.size for ax in axes(kb, today=TODAY))
    per_region = Counter(s.region for s in cells)
    for region in kb.regions:
        expected = (len(region_categories(kb, region)) * len(region_tiers(kb, region)) * 2
                    * len(region_dates(kb, region, TODAY)))
        assert per_region[region] == expected
    answered = 0
    for s in cells:
        try:
            a = calculate(kb, s)
        except InputError:  # e.g. a category a later notice added, asked on an earlier date
            continue
        answered += 1
        assert a.paid_on == s.paid_on and a.region == s.region
    assert answered > len(cells) * 0.9


def test_newborn_cells_are_born_before_paying():
    s = situation("乌鲁木齐市", "ordinary", None, True, D(2024, 1, 15))
    assert s.born_on == D(2024, 1, 15) - NEWBORN_AGE and s.newborn
    assert key_of(s) == ("乌鲁木齐市", "ordinary", None, True, D(2024, 1, 15))
    assert situation("乌鲁木齐市", "ordinary", None, False, D(2024, 1, 15)).born_on is None


def test_axes_of_two_versions_ask_the_same_questions(kb, tmp_path):
    new = KnowledgeBase.load(copy_knowledge(tmp_path / "k", SHILI_2025))
    both = axes(kb, new, today=TODAY)
    assert [ax.region for ax in both] == list(kb.regions)  # only regions both have
    alone = axes(new, today=TODAY, regions=["示例县"])
    assert [ax.region for ax in alone] == ["示例县"]
    assert alone[0].categories == ("ordinary", "tekun", "dibao", "tuiyi")
