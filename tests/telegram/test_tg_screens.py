"""Screen shortcuts agree with the screens they stand for."""

from __future__ import annotations

import collections
import datetime as dt
import itertools

from tg_harness import TODAY

from bot.engine.flow import next_step
from bot.engine.notes import InputError
from bot.engine.situation import Situation
from bot.telegram.screens import asks_date, build_screen
from bot.telegram.state import DATE_SLOTS, Conv, current_slot


def _convs(kb):
    before, after = TODAY - dt.timedelta(days=40), TODAY + dt.timedelta(days=40)
    for region in kb.regions:
        first = kb.regions[region].latest().model.categories[0].id
        for identities, newborn, born_on, student, tier, paid_on, focus in itertools.product(
            ((), None, (first,)), (None, False, True), (None, before, after), (None, "none"),
            (None, 1), (None, TODAY), (None, "paid_on", "identities"),
        ):
            s = Situation(region=region, identities=identities, newborn=newborn, born_on=born_on,
                          student=student, tier=tier, paid_on=paid_on)
            yield Conv(s, focus=focus)


def test_asks_date_is_what_the_built_screen_says(kb):
    """asks_date skips wording the screen (the remembered screen is checked on every typed
    message); over every kind of screen it must say what build_screen(...).asks_date does."""
    kinds: collections.Counter[str] = collections.Counter()
    for conv in _convs(kb):
        assert asks_date(kb, conv, TODAY) == build_screen(kb, conv, TODAY).asks_date, conv
        slot = current_slot(kb, conv)
        if slot is not None:
            kinds["date question" if slot in DATE_SLOTS else "other question"] += 1
            continue
        try:
            next_step(kb, conv.situation, TODAY)
        except InputError:
            kinds["refused, asked again"] += 1
        else:
            kinds["answer"] += 1
    # every branch of asks_date was taken
    assert set(kinds) == {"date question", "other question", "refused, asked again", "answer"}, kinds
