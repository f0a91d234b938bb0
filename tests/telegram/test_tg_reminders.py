"""Reminders and notice alerts through the real Application: the 提醒我 button, the commands,
groups (administrators only), sending what falls due once, a blocked bot, and an alert when the
knowledge changes. The store is a real SQLite file; the clock is the test's."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tg_fakeapi import FakeBotAPI
from tg_harness import ALICE, BOB, GROUP, Bot

from bot.clock import BEIJING
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.reminders.alerts import check_knowledge
from bot.reminders.schedule import plan
from bot.store import Due, Store
from bot.telegram.app import build_application
from bot.telegram.config import BotConfig
from bot.telegram.reminding import REMINDING, sender_for

ROOT = Path(__file__).resolve().parents[2]
URUMQI = "乌鲁木齐市"
REMIND = "⏰ 提醒我缴费"


class Clock:
    """A clock the test moves by hand (Beijing time in, aware UTC out)."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at.astimezone(dt.UTC)

    def today(self) -> dt.date:
        return self.at.astimezone(BEIJING).date()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.delenv("YIBAO_DATABASE_URL", raising=False)
    s = Store.open(data_dir=tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2023, 12, 20, 9, 0, tzinfo=BEIJING))


def reminding_bot(kb: KnowledgeBase, store: Store, clock: Clock, api: FakeBotAPI | None = None) -> Bot:
    return Bot(kb, api, today=clock.today(), store=store, now=clock)


async def send_due(bot: Bot) -> int:
    return await sender_for(bot.app, bot.app.bot_data[REMINDING]).once()


async def test_the_answer_offers_a_reminder_and_the_press_keeps_it(kb, store, clock):
    async with reminding_bot(kb, store, clock) as bot:
        await bot.send("乌鲁木齐 低保")
        answer = bot.api.last_message(ALICE.id)
        await bot.press(answer, REMIND)
        confirm = bot.api.last_message(ALICE.id)
    s = Situation(region=URUMQI, identities=("dibao",), newborn=False, student="none")
    expected = plan(kb, s, clock())
    rows = store.pending(ALICE.id)
    assert sorted(r.due_at for r in rows) == [p.due_at for p in expected.reminders]
    assert len(rows) == 2  # 7 days and 1 day before 12-31
    assert "12月24日" in confirm.text and "12月30日" in confirm.text
    assert "/stop" in confirm.text
    assert all("低保" not in r.state and "dibao" in r.state for r in rows)  # ids, never words typed


async def test_no_reminder_is_offered_once_every_window_has_closed(kb, store):
    late = Clock(dt.datetime(2025, 3, 1, 9, 0, tzinfo=BEIJING))
    async with reminding_bot(kb, store, late) as bot:
        await bot.send("乌鲁木齐 低保")
        assert REMIND not in bot.api.last_message(ALICE.id).labels


async def test_a_due_reminder_is_sent_once_with_the_current_answer(kb, store, clock):
    async with reminding_bot(kb, store, clock) as bot:
        await bot.send("/remind 乌鲁木齐 低保")
        assert len(store.pending(ALICE.id)) == 2
        clock.at = dt.datetime(2023, 12, 24, 9, 59, tzinfo=BEIJING)
        assert await send_due(bot) == 0  # not a minute early
        clock.at = dt.datetime(2023, 12, 24, 10, 0, 5, tzinfo=BEIJING)
        assert await send_due(bot) == 1
        assert await send_due(bot) == 0  # once
        reminder = bot.api.last_message(ALICE.id)
    answer = calculate(kb, Situation(region=URUMQI, identities=("dibao",), newborn=False, student="none",
                                     paid_on=dt.date(2023, 12, 24)))
    assert f"{answer.total_personal}元" in reminder.text
    assert "乌医保〔2023〕36号" in reminder.text
    assert [r.kind.split("@")[0] for r in store.pending(ALICE.id)] == ["day_before"]


async def test_a_blocked_bot_forgets_the_chat_at_the_first_403(kb, store, clock):
    api = FakeBotAPI()
    async with reminding_bot(kb, store, clock, api) as bot:
        await bot.send("/remind 乌鲁木齐")
        await bot.send("/follow 乌鲁木齐")
        assert store.pending(ALICE.id) and store.following(ALICE.id) == [URUMQI]
        api.failing["sendMessage"] = 403
        clock.at = dt.datetime(2023, 12, 24, 10, 1, tzinfo=BEIJING)
        await send_due(bot)
    assert store.pending(ALICE.id) == [] and store.following(ALICE.id) == []


async def test_a_group_upgraded_to_a_supergroup_gets_its_reminder_there_and_keeps_the_rest(kb, store, clock):
    old, new = -4001, -1009876543210
    api = FakeBotAPI(owners={(old, BOB.id)})
    async with reminding_bot(kb, store, clock, api) as bot:
        await bot.send("/remind 乌鲁木齐 低保", BOB, chat_id=old)
        await bot.send("/follow 乌鲁木齐", BOB, chat_id=old)
        api.migrated[old] = new
        clock.at = dt.datetime(2023, 12, 24, 10, 1, tzinfo=BEIJING)
        assert await send_due(bot) == 1
    assert "12月31日" in api.last_message(new).text
    assert store.pending(old) == [] and store.following(old) == []
    assert [r.deadline for r in store.pending(new)] == [dt.date(2023, 12, 31)]  # the day-before one
    assert store.following(new) == [URUMQI]


async def test_a_reminder_set_again_in_the_supergroup_is_sent_there_once(kb, store, clock):
    old, new = -4003, -1009876543212
    api = FakeBotAPI(owners={(old, BOB.id), (new, BOB.id)})
    async with reminding_bot(kb, store, clock, api) as bot:
        await bot.send("/remind 乌鲁木齐 低保", BOB, chat_id=old)
        await bot.send("/remind 乌鲁木齐 低保", BOB, chat_id=new)  # set again after the upgrade
        api.migrated[old] = new
        clock.at = dt.datetime(2023, 12, 24, 10, 1, tzinfo=BEIJING)
        await send_due(bot)
        await send_due(bot)
    reminders = [m for m in api.sent_to(new) if "12月31日" in m.text and "/stop" in m.text]
    assert len(reminders) == 2 and store.pending(old) == []  # the confirmation, then the reminder once


async def test_the_upgrade_notice_moves_a_groups_reminders_before_any_is_due(kb, store, clock):
    old, new = -4002, -1009876543211
    async with reminding_bot(kb, store, clock, FakeBotAPI(owners={(old, BOB.id)})) as bot:
        await bot.send("/remind 乌鲁木齐 低保", BOB, chat_id=old)
        await bot.send("/follow 乌鲁木齐", BOB, chat_id=old)
        kept = sorted(r.due_at for r in store.pending(old))
        for chat, field in ((old, "migrate_to_chat_id"), (new, "migrate_from_chat_id")):  # both chats hear
            other, group = new if chat == old else old, {"id": chat, "type": "supergroup"}
            await bot.feed({"message": {"message_id": 9, "date": 0, "chat": group, field: other}})
    assert sorted(r.due_at for r in store.pending(new)) == kept and len(kept) == 2
    assert store.pending(old) == [] and store.following(new) == [URUMQI]


async def test_a_failed_send_is_tried_again_later_not_lost(kb, store, clock):
    api = FakeBotAPI()
    async with reminding_bot(kb, store, clock, api) as bot:
        await bot.send("/remind 乌鲁木齐")
        api.failing["sendMessage"] = 502
        clock.at = dt.datetime(2023, 12, 24, 10, 1, tzinfo=BEIJING)
        await send_due(bot)
        assert len(store.pending(ALICE.id)) == 2
        del api.failing["sendMessage"]
        assert await send_due(bot) == 0  # not before its retry time
        clock.at += dt.timedelta(hours=1)
        assert await send_due(bot) == 1
    assert "12月31日" in api.last_message(ALICE.id).text


async def test_stop_deletes_everything_for_the_chat_at_once(kb, store, clock):
    async with reminding_bot(kb, store, clock) as bot:
        await bot.send("/remind 乌鲁木齐 低保")
        await bot.send("/follow 屯留")
        await bot.send("/reminders")
        listing = bot.api.last_message(ALICE.id).text
        assert "12月24日" in listing and "长治市屯留区" in listing
        await bot.send("/stop")
        assert "3条" in bot.api.last_message(ALICE.id).text
    assert store.pending(ALICE.id) == [] and store.following(ALICE.id) == []


async def test_in_a_group_only_an_administrator_sets_reminders(kb, store, clock):
    api = FakeBotAPI(owners={(GROUP, BOB.id)})
    async with reminding_bot(kb, store, clock, api) as bot:
        await bot.send("/remind 乌鲁木齐 低保", ALICE, chat_id=GROUP)
        assert "管理员" in api.last_message(GROUP).text
        assert store.pending(GROUP) == []
        await bot.send("/remind 乌鲁木齐 低保", BOB, chat_id=GROUP)
        assert len(store.pending(GROUP)) == 2
        assert store.pending(BOB.id) == []  # the group's, not the person's


async def test_a_reminder_whose_day_passed_while_down_is_dropped(kb, store, clock):
    async with reminding_bot(kb, store, clock) as bot:
        await bot.send("/remind 乌鲁木齐")
        before = len(bot.api.sent_to(ALICE.id))
        clock.at = dt.datetime(2024, 1, 2, 10, 0, tzinfo=BEIJING)  # down over the deadline
        await send_due(bot)
        assert len(bot.api.sent_to(ALICE.id)) == before  # a warning for a day gone helps nobody
    assert store.pending(ALICE.id) == []


async def test_followers_hear_once_when_the_knowledge_changes_the_answers(kb, store, clock, tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    async with reminding_bot(kb, store, clock) as bot:
        await bot.send("/follow 乌鲁木齐")
        assert check_knowledge(store, kb, clock()) == []  # the first look only records
        path = folder / "2024-wulumuqi.yaml"
        text = path.read_text(encoding="utf-8")
        assert "定额资助标准304元" in text
        old = "amount: 304\n        payers: [{name: 医疗救助资助参保, amount: 304}]"
        assert old in text
        path.write_text(text.replace(old, old.replace("304", "314"), 1), encoding="utf-8")
        changed = KnowledgeBase.load(folder)
        assert check_knowledge(store, changed, clock()) == [URUMQI]
        assert check_knowledge(store, changed, clock()) == []  # announced once
        assert await send_due(bot) == 1
        alert = bot.api.last_message(ALICE.id).text
    assert "乌医保〔2023〕36号" in alert
    assert "76元 → 66元" in alert  # 低保's own share: 380 - 304 → 380 - 314


async def test_without_a_store_the_commands_say_reminders_are_off(kb):
    async with Bot(kb) as bot:
        await bot.send("/remind 乌鲁木齐")
        assert "没有开启" in bot.api.last_message(ALICE.id).text
        await bot.send("乌鲁木齐 低保")
        assert REMIND not in bot.api.last_message(ALICE.id).labels  # a button that could keep nothing


def test_a_real_bot_paces_its_calls_to_telegrams_limits(kb):
    from telegram.ext import AIORateLimiter

    app = build_application(kb, BotConfig(token="123:abc"), request=FakeBotAPI())
    assert isinstance(app.bot.rate_limiter, AIORateLimiter)


async def test_a_household_reminder_carries_the_households_answer(kb, store, clock):
    from bot.conversation import wording
    from bot.engine.household import household_of

    async with reminding_bot(kb, store, clock) as bot:
        await bot.send("/start")
        for label in (URUMQI, "低保", "2023年12月", "20日", wording.button("add_member"), "特困"):
            await bot.press(bot.api.last_message(ALICE.id), label)
        household = bot.api.last_message(ALICE.id)
        await bot.press(household, REMIND)
        confirm = bot.api.last_message(ALICE.id)
        rows = store.pending(ALICE.id)
        assert len(rows) == 2 and all(r.state.count("~") == 1 for r in rows)  # two people, one row per time
        assert "全家2人" in confirm.text
        clock.at = dt.datetime(2023, 12, 24, 10, 0, 5, tzinfo=BEIJING)
        assert await send_due(bot) == 1
        reminder = bot.api.last_message(ALICE.id).text
    day = dt.date(2023, 12, 24)
    people = [Situation(region=URUMQI, identities=ids, newborn=False, student="none", paid_on=day)
              for ids in (("dibao",), ("tekun",))]
    h = household_of(kb, people)
    assert h.total_personal is not None and f"{h.total_personal}元" in reminder
    assert "全家2人" in reminder


def test_a_moved_reminder_the_new_chat_was_just_sent_is_not_sent_again(store):
    from bot.telegram.reminding import _moved_and_still_due, _Recent

    old, new = -4004, -1009876543213
    due = dt.datetime(2023, 12, 24, 2, 0, tzinfo=dt.UTC)
    store.schedule(old, URUMQI, "s", [Due("d7@w", due, dt.date(2023, 12, 31))])
    (row,) = store.pending(old)
    sent = _Recent()
    sent.add((new, row.kind, row.state, row.due_at))  # the new chat's own copy went out a moment ago
    assert not _moved_and_still_due(store, row, new, sent)
    store.schedule(old, URUMQI, "t", [Due("d7@w", due, dt.date(2023, 12, 31))])
    (other,) = store.pending(old)
    assert _moved_and_still_due(store, other, new, sent)  # nothing of it sent there: send it
