"""Which notice applies on a day: a question the knowledge answers, without the engine."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import DEFAULT_DIR

FIXTURES = DEFAULT_DIR.parent / "tests" / "fixtures" / "maintain"
SHILI = "示例县"  # fictional: 2025 sold 2024-09-01…2025-12-31, 2026 sold 2025-09-01…2026-12-31
D = dt.date


@pytest.fixture(scope="module")
def shili(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder: Path = tmp_path_factory.mktemp("k")
    for name in ("2025-shilixian.yaml", "2026-shilixian.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    return KnowledgeBase.load(folder)


@pytest.mark.parametrize(
    ("day", "year", "stale"),
    [
        (D(2024, 8, 31), 2025, False),  # before every notice: the first one to come
        (D(2024, 9, 1), 2025, False),
        (D(2025, 6, 30), 2025, False),
        (D(2025, 9, 1), 2026, False),  # both years cover it: the one being sold
        (D(2025, 12, 31), 2026, False),
        (D(2026, 12, 31), 2026, False),
        (D(2027, 1, 1), 2026, True),  # past every policy year on file
    ],
)
def test_notice_on_a_day(shili: KnowledgeBase, day: dt.date, year: int, stale: bool):
    notice, is_stale = shili.regions[SHILI].notice_on(day)
    assert (notice.policy_year, is_stale) == (year, stale)
    assert shili.notice_for(SHILI, day) is notice


def test_notice_for_no_day_is_the_latest(shili: KnowledgeBase):
    assert shili.notice_for(SHILI, None) is shili.regions[SHILI].latest()
    assert shili.notice_for(SHILI, None).policy_year == 2026


def test_notice_for_an_unknown_region_is_a_key_error(shili: KnowledgeBase):
    with pytest.raises(KeyError):
        shili.notice_for("不存在县", D(2025, 1, 1))


def test_the_engine_alias_still_agrees(shili: KnowledgeBase):
    from bot.engine.calculator import select_notice

    day = D(2025, 10, 1)
    assert select_notice(shili.regions[SHILI], day) == shili.regions[SHILI].notice_on(day)
