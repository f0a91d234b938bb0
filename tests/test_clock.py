"""The preview clock: YIBAO_NOW starts it at an instant and it runs on; "today" is its Beijing date."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from bot import clock


def test_the_preview_clock_starts_at_the_instant_and_runs_on(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(clock.ENV_AS_OF, raising=False)
    monkeypatch.setenv(clock.ENV_NOW, "2023-12-23T16:30:00Z")  # 00:30 on 12-24 in Beijing
    first = clock.now()
    time.sleep(0.05)
    second = clock.now()
    started = dt.datetime(2023, 12, 23, 16, 30, tzinfo=dt.UTC)
    assert started <= first < second < started + dt.timedelta(hours=1)
    assert first.tzinfo is not None
    assert clock.today() == dt.date(2023, 12, 24)  # the Beijing date, not the UTC one
    monkeypatch.setenv(clock.ENV_AS_OF, "2023-11-01")  # a fixed answer date still wins
    assert clock.today() == dt.date(2023, 11, 1)


def test_an_instant_without_offset_is_utc_and_a_bad_one_is_refused():
    assert clock.parse_instant("2023-12-24T02:00:00") == dt.datetime(2023, 12, 24, 2, tzinfo=dt.UTC)
    with pytest.raises(clock.ClockError, match="YIBAO_NOW"):
        clock.parse_instant("next tuesday")
