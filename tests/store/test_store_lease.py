"""The sending lease: one process sends at a time (so several stay within the bot's rate), and
another takes over when the sender stops renewing it, or at once when it lets go."""

from __future__ import annotations

import datetime as dt

from bot.store import Store

T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
TTL = dt.timedelta(seconds=45)


def test_one_holder_at_a_time_renewing_its_own(store: Store):
    assert store.lead("sender", "a", T0, TTL)
    assert not store.lead("sender", "b", T0 + dt.timedelta(seconds=1), TTL)
    assert store.lead("sender", "a", T0 + dt.timedelta(seconds=30), TTL)  # renewed: until T0+75 s
    assert not store.lead("sender", "b", T0 + dt.timedelta(seconds=60), TTL)


def test_a_lease_not_renewed_passes_to_another(store: Store):
    assert store.lead("sender", "a", T0, TTL)
    assert store.lead("sender", "b", T0 + TTL, TTL)  # a died: b takes over when it runs out
    assert not store.lead("sender", "a", T0 + TTL + dt.timedelta(seconds=1), TTL)


def test_letting_go_hands_over_at_once_and_only_ones_own(store: Store):
    assert store.lead("sender", "a", T0, TTL)
    store.release("sender", "b")  # not b's to give
    assert not store.lead("sender", "b", T0, TTL)
    store.release("sender", "a")
    assert store.lead("sender", "b", T0, TTL)


def test_leases_of_other_names_are_apart(store: Store):
    assert store.lead("sender", "a", T0, TTL)
    assert store.lead("other", "b", T0, TTL)
