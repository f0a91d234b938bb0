"""The console chat and Telegram share one conversation: the same script, step for step,
ends on the same answer in both (back, changing one answer and a typed date included), and
the same household after "加一位家人" (members added, changed, removed)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from tg_harness import ALICE, TODAY, Bot

from bot.chat import choices, run_chat
from bot.conversation import wording
from bot.conversation.screens import build_screen
from bot.conversation.state import settled
from bot.engine.calculator import calculate
from bot.engine.situation import Situation
from bot.present import answer_text
from bot.render import macro

# (step, argument): pick one option by its label, tick identities, go back, type text, change one answer.
SCRIPTS = {
    "back, typed date, change identity": [
        ("pick", "乌鲁木齐市"), ("tick", ["低保"]), ("back", None), ("tick", ["低保"]),
        ("type", "2023-12-01"), ("change", "identities"), ("tick", ["特困"]),
    ],
    "two identities, tier, change date by typing": [
        ("pick", "酉阳土家族苗族自治县"), ("tick", ["低保", "特困"]), ("pick", "不是"),
        ("pick", "二档"), ("type", "12月5日"), ("change", "paid_on"), ("type", "2024-01-10"),
    ],
    "ordinary, newborn, typed birth date, back over the date": [
        ("pick", "长治市屯留区"), ("pick", wording.button("newborn")), ("type", "2023-10-08"),
        ("back", None), ("type", "2023-10-09"), ("type", "2023-11-20"),
    ],
}
EXPECTED = {
    "back, typed date, change identity": Situation(
        region="乌鲁木齐市", identities=("tekun",), newborn=None, student="none",
        paid_on=dt.date(2023, 12, 1)),
    "two identities, tier, change date by typing": Situation(
        region="酉阳土家族苗族自治县", identities=("tekun", "dibao"), newborn=None, student="none", tier=2,
        paid_on=dt.date(2024, 1, 10)),
    "ordinary, newborn, typed birth date, back over the date": Situation(
        region="长治市屯留区", identities=(), newborn=True, born_on=dt.date(2023, 10, 9), student="none",
        paid_on=dt.date(2023, 11, 20)),
}


def console(kb, steps) -> str:
    """Run the script through the console chat; return everything it printed."""
    out = io.StringIO()
    pending = list(steps)

    def number(label: str, prefix: bool = False) -> str:
        for line in reversed(out.getvalue().splitlines()):
            n, _, text = line.strip().partition(". ")
            if n.isdigit() and (text.startswith(label) if prefix else text == label):
                return n
        raise AssertionError(f"{label!r} not offered in:\n{out.getvalue()}")

    def read() -> str | None:
        if not pending:
            return None
        step, arg = pending.pop(0)
        if step == "pick":
            return number(arg)
        if step == "tick":
            return " ".join(number(label) for label in arg)  # "" = Enter = an ordinary resident
        if step == "back":
            return "0"
        if step == "change":
            return number(wording.button("change", slot=arg))
        if step == "member":
            return number(wording.button("member", n=arg, identity=""), prefix=True)
        return arg  # typed

    assert run_chat(kb, TODAY, read=read, out=out) == 0
    return out.getvalue()


async def telegram(kb, steps) -> str:
    """Run the script through the Telegram bot; return the text of the last message."""
    async with Bot(kb) as bot:
        await bot.send("/start")
        for step, arg in steps:
            last = bot.api.last_message(ALICE.id)
            if step == "pick":
                await bot.press(last, arg)
            elif step == "tick" and len(arg) == 1 and wording.button("several") in last.labels:
                await bot.press(last, arg[0])  # one identity: one press
            elif step == "tick":
                if wording.button("several") in last.labels and arg:
                    await bot.press(last, wording.button("several"))
                    last = bot.api.last_message(ALICE.id)
                done_prefix = wording.button("done", count=0)
                ticked = [label for label in last.labels
                          if label.startswith("✅ ") and not label.startswith(done_prefix)]
                for label in ticked:
                    await bot.press(bot.api.last_message(ALICE.id), label)  # untick what was there
                for label in arg:
                    await bot.press(bot.api.last_message(ALICE.id), label)
                done = wording.button("done", count=len(arg)) if arg else wording.button("ordinary")
                await bot.press(bot.api.last_message(ALICE.id), done)
            elif step == "back":
                await bot.press(last, wording.button("back"))
            elif step == "change":
                await bot.press(last, wording.button("change", slot=arg))
            elif step == "member":
                prefix = wording.button("member", n=arg, identity="")
                await bot.press(last, next(label for label in last.labels if label.startswith(prefix)))
            else:
                await bot.send(arg)
        return bot.api.last_message(ALICE.id).text


@pytest.mark.parametrize("name", list(SCRIPTS))
async def test_console_and_telegram_end_on_the_same_answer(kb, name):
    expected = answer_text(calculate(kb, EXPECTED[name]))
    by_console = console(kb, SCRIPTS[name])
    by_telegram = await telegram(kb, SCRIPTS[name])
    assert by_telegram == expected
    assert expected in by_console
    # and the console's last screen is that answer, not an earlier one
    assert by_console.rfind(expected) > by_console.rfind("哪天缴费")


YOUYANG = "酉阳土家族苗族自治县"
HOUSEHOLD = [
    ("pick", YOUYANG), ("tick", ["低保"]), ("pick", "不是"), ("pick", "二档"), ("type", "12月5日"),
    ("pick", wording.button("add_member")), ("tick", []), ("pick", "不是"), ("pick", "一档"),
    ("pick", wording.button("add_member")), ("pick", wording.button("newborn")), ("type", "2023-10-08"),
    ("pick", "一档"),
    ("member", 1), ("change", "identities"), ("tick", ["特困"]), ("back", None),  # changed, then home
    ("member", 2), ("pick", wording.button("remove_member", n=2)),
    ("back", None), ("pick", "二档"),  # back re-asks the last member's last answer
]
HOUSEHOLD_ENDS = (
    Situation(region=YOUYANG, identities=("tekun",), student="none", tier=2, paid_on=dt.date(2023, 12, 5)),
    Situation(region=YOUYANG, identities=(), newborn=True, born_on=dt.date(2023, 10, 8), tier=2,
              paid_on=dt.date(2023, 12, 5)),
)


async def test_console_and_telegram_build_the_same_household(kb):
    screen = build_screen(kb, settled(HOUSEHOLD_ENDS), TODAY)
    assert screen.household is not None
    # the household's total is its members' own answers added up, each worked out alone
    alone = [calculate(kb, s).total_personal for s in HOUSEHOLD_ENDS]
    assert screen.household.total_personal == sum(alone)  # type: ignore[arg-type]
    by_console = console(kb, HOUSEHOLD)
    by_telegram = await telegram(kb, HOUSEHOLD)
    assert by_telegram == screen.text
    last_screen = by_console.rstrip().removesuffix(macro("chat.j2", "bye")).rstrip()
    assert last_screen.endswith(screen.text + "\n" + _numbered(screen))


def _numbered(screen) -> str:
    """The console's numbered lines under the household answer, and its closing hint."""
    lines = [f"  {i}. {b.label}" for i, b in enumerate(choices(screen), 1)]
    return "\n".join([*lines, macro("chat.j2", "again")])
