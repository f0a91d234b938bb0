"""The engine's rule functions, where the scenario tables do not pin a branch.

The scenario tables go through the real notices only, so they never meet a window whose
cover starts the next day, a surcharge on a newborn's free year, or a month-day window
that ends before its next open day. These tests ask the rules directly, or ask
``calculate`` over a copy of the knowledge with one field changed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.engine.answer import Contribution
from bot.engine.calculator import calculate
from bot.engine.identity_rule import contribution, total_personal
from bot.engine.newborn import Newborn
from bot.engine.notes import Note
from bot.engine.payment import benefit_start, late_surcharge, off_day_of_month
from bot.engine.said import NOTHING, Said, said_of, source_refs
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase, Notice
from bot.knowledge.loader import DEFAULT_DIR
from bot.knowledge.models import BenefitStart, DayRange, Source, SubsidyRule, Window

URUMQI = "乌鲁木齐市"
WULATE = "乌拉特前旗"
YOUYANG = "酉阳土家族苗族自治县"
NOT_NEWBORN = Newborn(of_year=False, within=None)
NEWBORN_OF_YEAR = Newborn(of_year=True, within=False)


def notice_of(kb: KnowledgeBase, region: str) -> Notice:
    return kb.regions[region].latest()


def window(**fields: Any) -> Window:
    base: dict[str, Any] = {
        "id": "w", "name": "w", "start": dt.date(2023, 9, 1), "end": dt.date(2023, 12, 31),
        "benefit_start": BenefitStart(kind="fixed", date=dt.date(2024, 1, 1)), "source": Source(clause="一"),
    }
    return Window(**(base | fields))


def varied(tmp_path: Path, filename: str, change: Callable[[dict[str, Any]], None]) -> KnowledgeBase:
    """The real knowledge with one notice changed by ``change`` (its YAML as data)."""
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, folder)
    path = folder / filename
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return KnowledgeBase.load(folder)


# --- when cover starts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "paid_on", "start"),
    [
        ("next_day", dt.date(2024, 3, 31), dt.date(2024, 4, 1)),
        ("next_month", dt.date(2024, 12, 15), dt.date(2025, 1, 1)),  # across the new year
    ],
)
def test_cover_starts_by_the_windows_rule(kind, paid_on, start):
    assert benefit_start(window(benefit_start=BenefitStart(kind=kind)), paid_on) == (start, NOTHING)


def test_cover_start_not_stated_passes_on_the_notices_note():
    w = window(benefit_start=BenefitStart(kind="not_stated", note="ask the office"))
    assert benefit_start(w, dt.date(2024, 1, 5)) == (None, Said(notes=(Note.text("ask the office"),)))
    assert benefit_start(None, dt.date(2024, 1, 5)) == (None, NOTHING)


# --- days of the month --------------------------------------------------------------------------


def test_day_of_month_names_the_next_open_day_only_while_the_window_lasts(kb):
    notice = notice_of(kb, "长治市屯留区")
    days = DayRange(first=1, last=25)
    day = dt.date(2023, 11, 27)
    lasting = off_day_of_month(notice, window(days_of_month=days), day)
    ending = off_day_of_month(notice, window(days_of_month=days, end=dt.date(2023, 11, 30)), day)
    assert lasting is not None and ending is not None
    assert lasting.said.notes[0].params["next"] == dt.date(2023, 12, 1)
    assert ending.said.notes[0].params["next"] is None
    assert ending.status.open is False and ending.status.reason == "day_of_month"
    assert off_day_of_month(notice, window(days_of_month=days), dt.date(2023, 11, 25)) is None


# --- the late surcharge -------------------------------------------------------------------------


def late_window(notice: Notice) -> Window:
    return next(w for w in notice.model.windows if w.surcharge is not None)


def test_surcharge_is_not_due_on_a_payment_that_does_not_count(kb):
    notice = notice_of(kb, URUMQI)
    medical = Contribution(380, 0, 380, [])
    late = late_window(notice)
    ordinary = notice.default_category
    day = dt.date(2024, 7, 1)
    assert late_surcharge(notice, late, day, False, NOT_NEWBORN, ordinary, medical) is None
    assert late_surcharge(notice, late, day, None, NOT_NEWBORN, ordinary, medical) is not None


def test_surcharge_leaves_figures_already_unknown_as_they_are_and_still_cites_it(kb):
    notice = notice_of(kb, URUMQI)
    unknown = Contribution(380, None, None, ["x"], [], False)
    ordinary, day = notice.default_category, dt.date(2024, 7, 1)
    got = late_surcharge(notice, late_window(notice), day, True, NOT_NEWBORN, ordinary, unknown)
    assert got is not None and got.medical is unknown
    assert got.said.notes == ()
    assert [s.clause for _, s in got.said.sources if s] == ["一（五）"]


def test_surcharge_keeps_who_pays_the_subsidy(kb):
    notice = notice_of(kb, URUMQI)
    medical = Contribution(380, 100, 280, ["a"], [], False)
    ordinary, day = notice.default_category, dt.date(2024, 7, 1)
    got = late_surcharge(notice, late_window(notice), day, True, NOT_NEWBORN, ordinary, medical)
    assert got is not None
    assert got.medical == Contribution(None, None, None, ["a"], [], False)


def test_surcharge_overrides_a_newborns_free_year_unless_newborns_are_exempt(tmp_path):
    def free_newborns(exempt: bool) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            data["newborn"]["free_in_birth_year"] = True
            next(w for w in data["windows"] if "surcharge" in w)["surcharge"]["exempt_newborns"] = exempt
        return change

    s = Situation(region=URUMQI, identities=(), newborn=True, born_on=dt.date(2024, 3, 1),
                  paid_on=dt.date(2024, 8, 15))  # past the 90 days, so only the free year lets it in
    exempt = calculate(varied(tmp_path / "a", "2024-wulumuqi.yaml", free_newborns(True)), s)
    due = calculate(varied(tmp_path / "b", "2024-wulumuqi.yaml", free_newborns(False)), s)
    assert exempt.payment_reason == due.payment_reason == "newborn_free"
    assert exempt.medical.personal == 0
    assert "surcharge_exempt" in [n.code for n in exempt.notes]
    assert due.medical.personal is None and due.total_personal is None
    assert "free_in_birth_year" in [n.code for n in due.notes]  # said, though the surcharge wins


# --- which verdict stands -----------------------------------------------------------------------


def test_a_payment_time_left_open_overrides_the_windows_verdict(kb):
    a = calculate(kb, Situation(region=WULATE, identities=("dibao",), paid_on=dt.date(2023, 8, 31)))
    assert (a.payment_open, a.payment_reason) == (None, "time_not_stated")
    assert "before_start" in [n.code for n in a.notes]  # what the window said is still said
    assert a.benefit_start is None and a.benefit_end is None


def test_a_cover_that_would_begin_after_the_year_closes_payment_unless_the_time_is_left_open(tmp_path):
    def start_late(data: dict[str, Any]) -> None:
        data["windows"][0]["benefit_start"] = {"kind": "fixed", "date": dt.date(2025, 1, 5)}

    kb = varied(tmp_path, "2024-wulateqianqi.yaml", start_late)
    ordinary = calculate(kb, Situation(region=WULATE, paid_on=dt.date(2023, 10, 1)))
    assert (ordinary.payment_open, ordinary.payment_reason) == (False, "too_late_in_year")
    assert ordinary.benefit_start is None and ordinary.benefit_end is None
    dibao = calculate(kb, Situation(region=WULATE, identities=("dibao",), paid_on=dt.date(2023, 10, 1)))
    assert (dibao.payment_open, dibao.payment_reason) == (None, "time_not_stated")
    assert "too_late_in_year" in [n.code for n in dibao.notes]


def test_the_stale_note_comes_first(kb):
    a = calculate(kb, Situation(region=YOUYANG, paid_on=dt.date(2025, 3, 1)))
    assert [n.code for n in a.notes][:2] == ["stale", "tier_assumed"]


def test_a_fixed_tier_replaces_the_assumed_one_and_says_so_only_when_another_was_asked(kb):
    def ask(tier: int | None) -> list[str]:
        s = Situation(region=YOUYANG, identities=("youfu_fuyuan",), tier=tier, paid_on=dt.date(2023, 10, 1))
        a = calculate(kb, s)
        assert a.tier == 2
        return [n.code for n in a.notes]

    assert "tier_assumed" not in ask(None) and "fixed_tier" not in ask(None)
    assert "fixed_tier" in ask(1)
    assert "fixed_tier" not in ask(2)


# --- figures and what is said -------------------------------------------------------------------


def test_no_subsidy_rule_leaves_only_the_standard_known(kb):
    got = contribution(notice_of(kb, URUMQI), None, 380, None)
    assert got == Contribution(380, None, None, [], [], False)


def test_a_subsidy_never_exceeds_the_standard(kb):
    rule = SubsidyRule(kind="amount", amount=500, payers=[], source=Source(clause="x"))
    c = contribution(notice_of(kb, URUMQI), rule, 380, None)
    assert (c.subsidy, c.personal) == (380, 0)


def test_the_total_is_unknown_when_any_part_is():
    known, unknown = Contribution(380, 0, 380, []), Contribution(40, None, None, [])
    assert total_personal(known, None) == 380
    assert total_personal(known, Contribution(40, 0, 40, [])) == 420
    assert total_personal(known, unknown) is None
    assert total_personal(unknown, None) is None


def test_sources_are_cited_once_in_first_cited_order(kb):
    n = notice_of(kb, URUMQI)
    a, b = Source(clause="一"), Source(clause="二")
    refs = source_refs([(n, b), (n, None), (n, a), (n, b)])
    assert [r.clause for r in refs] == ["二", "一"]


def test_rules_that_did_not_apply_say_nothing():
    first, second = Said(notes=(Note("a"),)), Said(notes=(Note("b"),))

    class Result:
        def __init__(self, said: Said) -> None:
            self.said = said

    assert said_of(None, Result(first), None, Result(second)).notes == (Note("a"), Note("b"))
