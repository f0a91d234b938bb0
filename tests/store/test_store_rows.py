"""Each Store method on SQLite and on PostgreSQL: what is stored, claimed, deleted and kept."""

from __future__ import annotations

import datetime as dt
import threading

from bot.store import Due, Store

UTC = dt.UTC
BEIJING = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 on 2026-12-01 in Beijing
WINDOW_END = dt.date(2026, 12, 25)


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_schedule_stores_each_reminder_once(store: Store):
    items = [Due("before_7", at(0), WINDOW_END), Due("before_1", at(24), WINDOW_END)]
    assert store.schedule(7, "酉阳", "s1", items) == 2
    # the same again (and the same moment written in another zone) adds nothing
    again = [Due("before_7", at(0).astimezone(BEIJING), WINDOW_END), Due("before_1", at(24), WINDOW_END)]
    assert store.schedule(7, "酉阳", "s1", again) == 0
    # another state, another chat, another kind: new rows
    assert store.schedule(7, "酉阳", "s2", [items[0]]) == 1
    assert store.schedule(8, "酉阳", "s1", [items[0]]) == 1
    assert store.schedule(7, "酉阳", "s1", [Due("monthly_25", at(0), WINDOW_END)]) == 1
    assert store.schedule(7, "酉阳", "s1", []) == 0
    rows = store.pending(7)
    assert [(d.kind, d.state, d.due_at) for d in rows] == [
        ("before_7", "s1", at(0)), ("before_7", "s2", at(0)), ("monthly_25", "s1", at(0)),
        ("before_1", "s1", at(24))]
    assert all(d.chat_id == 7 and d.region == "酉阳" and d.attempts == 0 for d in rows)
    assert rows[0].deadline == WINDOW_END and rows[0].due_at.tzinfo is not None
    assert [d.chat_id for d in store.pending(8)] == [8]
    assert store.pending(9) == []


def test_a_duplicate_inside_one_call_is_stored_once(store: Store):
    assert store.schedule(7, "屯留", "s", [Due("k", at(1), None), Due("k", at(1), None)]) == 1
    assert len(store.pending(7)) == 1


def test_claim_gives_due_rows_once_and_sent_deletes(store: Store):
    store.schedule(1, "屯留", "s", [Due("a", at(0), WINDOW_END), Due("b", at(1), WINDOW_END),
                                    Due("c", at(2), None)])
    first = store.claim(at(1), limit=10, worker="w1", lease=dt.timedelta(hours=2))
    assert [d.kind for d in first] == ["a", "b"]  # c is not due yet
    assert store.claim(at(1), limit=10, worker="w2") == []  # held by w1
    store.sent(first[0].id)
    assert [d.kind for d in store.pending(1)] == ["b", "c"]
    assert [d.kind for d in store.claim(at(2), limit=10, worker="w2")] == ["c"]  # b: still w1's
    store.sent(first[0].id)  # sending twice (or after /stop) is harmless
    assert [d.kind for d in store.pending(1)] == ["b", "c"]


def test_claim_respects_the_limit_and_hands_out_the_oldest_first(store: Store):
    store.schedule(1, "屯留", "s", [Due(f"k{i}", at(-i), None) for i in range(5)])
    got = store.claim(at(0), limit=2, worker="w")
    assert [d.kind for d in got] == ["k4", "k3"]
    assert [d.kind for d in store.claim(at(0), limit=10, worker="w")] == ["k2", "k1", "k0"]


def test_failed_releases_counts_and_retries_later(store: Store):
    store.schedule(1, "屯留", "s", [Due("a", at(0), WINDOW_END)])
    (d,) = store.claim(at(0), limit=5, worker="w")
    store.failed(d.id, retry_at=at(0.5))
    assert store.claim(at(0.25), limit=5, worker="w") == []  # not before retry_at
    (again,) = store.claim(at(0.5), limit=5, worker="w")
    assert (again.id, again.attempts, again.due_at) == (d.id, 1, at(0))  # due_at stays the planned one
    store.failed(again.id, retry_at=at(0.75))
    assert store.pending(1)[0].attempts == 2


def test_a_lease_that_ran_out_is_claimed_again(store: Store):
    store.schedule(1, "屯留", "s", [Due("a", at(0), None)])
    (d,) = store.claim(at(0), limit=5, worker="dead", lease=dt.timedelta(minutes=5))
    assert store.claim(at(0) + dt.timedelta(minutes=4), limit=5, worker="w") == []
    (again,) = store.claim(at(0) + dt.timedelta(minutes=5), limit=5, worker="w")
    assert again.id == d.id


def test_clock_jumping_forward_brings_all_that_is_due_and_purge_drops_closed_windows(store: Store):
    # reminders across December and January; some windows close on 12-25, some on 01-31
    dec, jan = dt.date(2026, 12, 25), dt.date(2027, 1, 31)
    store.schedule(1, "屯留", "s", [Due("d7", at(24 * 17), dec), Due("d1", at(24 * 23), dec)])
    store.schedule(2, "乌鲁木齐", "s", [Due("d7", at(24 * 58), jan), Due("d1", at(24 * 60), jan)])
    store.schedule(3, "酉阳", "s", [Due("alert", at(24 * 30), None), Due("alert", at(24 * 58.5), None)])
    jump = dt.datetime(2027, 1, 30, 1, 0, tzinfo=UTC)  # the machine slept until 01-30 09:00 Beijing
    # everything due comes at once, except a closed window's and what is over two days late
    got = store.claim(jump, limit=100, worker="w")
    assert sorted((d.chat_id, d.kind, d.due_at) for d in got) == [(2, "d7", at(24 * 58)),
                                                                   (3, "alert", at(24 * 58.5))]
    # retention deletes those same rows: the closed window's two and the month-old alert
    assert store.purge(jump) == 3
    assert store.pending(1) == []
    assert [d.due_at for d in store.pending(3)] == [at(24 * 58.5)]
    assert [d.kind for d in store.pending(2)] == ["d7", "d1"]


def test_clock_jumping_backward_claims_nothing_twice(store: Store):
    store.schedule(1, "屯留", "s", [Due(f"k{i}", at(i), None) for i in range(4)])
    first = store.claim(at(3), limit=10, worker="w1")
    assert len(first) == 4
    # the clock is set back an hour, then two: the held rows stay held, nothing new is due
    assert store.claim(at(2), limit=10, worker="w2") == []
    assert store.claim(at(1), limit=10, worker="w3") == []
    assert store.purge(at(1)) == 0  # and nothing is deleted because of the earlier "now"
    assert len(store.pending(1)) == 4


def test_deadline_uses_the_beijing_date(store: Store):
    store.schedule(1, "屯留", "s", [Due("d0", at(-1), dt.date(2026, 12, 1))])
    # 2026-12-01 15:59 UTC is still 12-01 in UTC but 12-01 23:59 in Beijing: kept, claimable
    assert store.purge(dt.datetime(2026, 12, 1, 15, 59, tzinfo=UTC)) == 0
    # 16:00 UTC is 12-02 00:00 in Beijing: the window has closed
    late = dt.datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    assert store.claim(late, limit=5, worker="w") == []
    assert store.purge(late) == 1


def test_retention_keeps_a_failing_reminder_two_days_then_deletes_it(store: Store):
    store.schedule(1, "酉阳", "s", [Due("d1", at(0), None), Due("d2", at(30), None)])
    (d,) = store.claim(at(0), limit=5, worker="w")
    store.failed(d.id, retry_at=at(47))
    assert store.purge(at(48)) == 0  # exactly two days after it was due: kept
    assert store.purge(at(48.01)) == 1
    assert [x.kind for x in store.pending(1)] == ["d2"]


def test_forget_chat_deletes_deliveries_and_follows_at_once(store: Store):
    store.schedule(5, "酉阳", "s", [Due("d7", at(1), WINDOW_END), Due("d1", at(2), WINDOW_END)])
    store.schedule(6, "酉阳", "s", [Due("d7", at(1), WINDOW_END)])
    store.follow(5, "酉阳")
    store.follow(5, "屯留")
    store.follow(6, "酉阳")
    (held,) = store.claim(at(1), limit=1, worker="w")  # one is being sent right now
    assert store.forget_chat(5) == 4
    assert store.pending(5) == [] and store.following(5) == []
    assert store.followers("酉阳") == [6] and len(store.pending(6)) == 1
    store.sent(held.id)  # the sender finishing a deleted row does nothing
    store.failed(held.id, at(3))
    assert store.pending(5) == []
    assert store.forget_chat(5) == 0


def test_a_migrated_group_keeps_its_deliveries_and_follows_under_the_new_id(store: Store):
    old, new = -4001, -1001234567890
    store.schedule(old, "酉阳", "s", [Due("d7", at(1), WINDOW_END), Due("d1", at(2), WINDOW_END)])
    store.schedule(new, "酉阳", "s", [Due("d1", at(2), WINDOW_END)])  # set again after the upgrade
    store.schedule(7, "酉阳", "s", [Due("d7", at(1), WINDOW_END)])
    store.follow(old, "酉阳")
    store.follow(old, "屯留")
    store.follow(new, "屯留")
    assert store.move_chat(old, new) == 3  # d7 moved; its two follows gone from the old id
    assert store.pending(old) == [] and store.following(old) == []
    assert sorted(r.kind for r in store.pending(new)) == ["d1", "d7"]  # the d1 both had: once
    assert store.following(new) == ["屯留", "酉阳"]
    assert [r.kind for r in store.pending(7)] == ["d7"]  # other chats untouched
    assert store.move_chat(old, new) == 0


def test_follow_and_unfollow(store: Store):
    assert store.follow(1, "酉阳") is True
    assert store.follow(1, "酉阳") is False
    assert store.follow(1, "屯留") is True
    assert store.follow(-100123, "酉阳") is True  # a group's id is negative
    assert store.following(1) == ["屯留", "酉阳"]
    assert store.followers("酉阳") == [-100123, 1]
    assert store.unfollow(1, "酉阳") is True
    assert store.unfollow(1, "酉阳") is False
    assert store.followers("酉阳") == [-100123]
    assert store.followers("乌鲁木齐") == []


def test_advance_moves_the_record_and_queues_one_alert_per_follower(store: Store):
    store.follow(1, "酉阳")
    store.follow(2, "酉阳")
    store.follow(3, "屯留")
    assert store.seen("酉阳") is None
    # the first look records what is published without telling anyone
    assert store.advance("酉阳", None, "f1", "snap 1", None, at(0)) is True
    assert store.seen("酉阳") == ("f1", "snap 1")
    assert store.pending(1) == []
    # a change that changes answers: one alert each for the region's followers
    assert store.advance("酉阳", "f1", "f2", "snap 2", "y2027", at(1)) is True
    assert store.seen("酉阳") == ("f2", "snap 2")
    for chat in (1, 2):
        (alert,) = store.pending(chat)
        assert (alert.kind, alert.region, alert.state, alert.deadline, alert.due_at) == \
            ("alert", "酉阳", "y2027", None, at(1))
    assert store.pending(3) == []
    assert [d.chat_id for d in store.claim(at(1), limit=10, worker="w")] == [1, 2]


def test_advance_from_a_stale_fingerprint_does_nothing(store: Store):
    store.follow(1, "酉阳")
    store.advance("酉阳", None, "f1", "snap 1", None, at(0))
    assert store.advance("酉阳", None, "f9", "other", "s", at(0)) is False  # one exists already
    assert store.advance("酉阳", "f0", "f9", "other", "s", at(0)) is False  # moved on since
    assert store.advance("酉阳", "f1", "f1", "snap 1", "s", at(0)) is False  # no change
    assert store.seen("酉阳") == ("f1", "snap 1")
    assert store.pending(1) == []


def test_threads_share_one_store_and_never_get_the_same_row(store: Store):
    store.schedule(1, "屯留", "s", [Due(f"k{i}", at(0) - dt.timedelta(seconds=i), None) for i in range(300)])
    got: list[list[int]] = [[] for _ in range(4)]

    def work(n: int) -> None:
        while batch := store.claim(at(0), limit=7, worker=f"t{n}"):
            got[n] += [d.id for d in batch]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [i for ids in got for i in ids]
    assert len(every) == len(set(every)) == 300


def test_naive_times_are_refused(store: Store):
    import pytest

    with pytest.raises(ValueError, match="timezone-aware"):
        store.schedule(1, "屯留", "s", [Due("a", dt.datetime(2026, 12, 1), None)])
    with pytest.raises(ValueError, match="timezone-aware"):
        store.claim(dt.datetime(2026, 12, 1), limit=1, worker="w")
