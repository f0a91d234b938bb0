"""A reminder end to end: set in one bot process, that process killed, then two processes sharing
one PostgreSQL: the reminder arrives at its moment on the controlled clock, once.

The clock (YIBAO_NOW) starts each process a few seconds before 10:00 Beijing time on
2023-12-24, seven days before 乌鲁木齐's collection window closes (2023-12-31); every
restarted process starts it where the last one stopped, as a real clock would be.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from bot_process import bot_process, kill
from emulator_client import EmulatorSession, TgUser

from bot.clock import BEIJING
from bot.reminders.schedule import due_at
from bot.store import Store

RESIDENT = TgUser(id=640001, first_name="老周")
STARTUP = 30.0
DUE = due_at(dt.date(2023, 12, 24))  # week_before: 10:00 Beijing, 7 days before 12-31
LEAD = 25.0  # seconds on the clock between the first start and the reminder falling due
EVERY = "0.5"  # seconds between the processes' looks for due reminders


def _instant(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).isoformat()


async def test_a_reminder_arrives_once_on_time_after_a_restart_with_two_processes(
    emulator: EmulatorSession, pg_server
) -> None:
    client = emulator.client
    url = pg_server.create_db("reminders_e2e")
    start = DUE - dt.timedelta(seconds=LEAD)
    began = time.monotonic()

    def clock_now() -> dt.datetime:  # the clock the processes share, read by the test
        return start + dt.timedelta(seconds=time.monotonic() - began)

    settings = {"YIBAO_DATABASE_URL": url, "YIBAO_REMIND_EVERY": EVERY}

    async def scenario() -> None:
        with bot_process(emulator, YIBAO_NOW=_instant(start), **settings) as first:
            sent = await client.send_text("乌鲁木齐 低保", user=RESIDENT)
            answer = await client.wait_for_bot_message(RESIDENT.id, after=sent.message_id, timeout=STARTUP)
            await client.press(answer, answer.button("⏰ 提醒我缴费")["callback_data"], user=RESIDENT)
            confirm = await client.wait_for_bot_message(RESIDENT.id, after=answer.message_id, timeout=10)
            assert "2023年12月24日 10:00" in confirm.text and "2023年12月30日 10:00" in confirm.text
            assert kill(first) < 0
        assert clock_now() < DUE, "the set-up took longer than the lead; raise LEAD"
        restarted = {"YIBAO_NOW": _instant(clock_now()), **settings}
        with bot_process(emulator, **restarted), bot_process(emulator, **restarted):
            reminder = await client.wait_for_bot_message(RESIDENT.id, after=confirm.message_id,
                                                         timeout=LEAD + STARTUP)
            arrived = clock_now()
            await asyncio.sleep(3 * float(EVERY) + 2)  # both processes look again, several times
            later = [m for m in await client.bot_messages(RESIDENT.id) if m.message_id > confirm.message_id]
        assert [m.message_id for m in later] == [reminder.message_id]  # once
        # at its moment: not before 10:00 on the clock, and within a few looks after it
        assert DUE - dt.timedelta(seconds=1) <= arrived <= DUE + dt.timedelta(seconds=10), arrived
        assert "2023年12月31日" in reminder.text and "76元" in reminder.text  # 低保's own share
        assert arrived.astimezone(BEIJING).date() == dt.date(2023, 12, 24)

    await asyncio.wait_for(scenario(), LEAD + 3 * STARTUP)
    store = Store.open(url)
    try:
        left = store.pending(RESIDENT.id)
    finally:
        store.close()
    assert [row.kind.split("@")[0] for row in left] == ["day_before"]  # the sent one is gone


@pytest.fixture(autouse=True)
def _no_stray_database(pg_server):
    yield
    pg_server.drop_db("reminders_e2e")
