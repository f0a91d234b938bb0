"""The slot table: what changing an answer resets, when a question is skipped, and that every
value a slot declares survives the trip through a button."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.conversation.state import Conv
from bot.engine.situation import Situation
from bot.engine.slots import SLOT_TABLE, answer_slot, missing_slots, slot
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.index import KnowledgeIndex
from bot.telegram.codec import CallbackCodec

YOUYANG = "酉阳土家族苗族自治县"


def test_changing_the_region_drops_what_belonged_to_the_old_one():
    s = Situation(region=YOUYANG, identities=("dibao",), student="none", tier=2, newborn=False,
                  unlisted=("x",), assumed=(("低保", "dibao"),))
    moved = answer_slot(s, "region", "乌鲁木齐市")
    dropped = (moved.identities, moved.student, moved.tier, moved.unlisted, moved.assumed)
    assert dropped == (None, None, None, (), ())
    assert moved.newborn is False  # not the region's business
    assert answer_slot(s, "region", YOUYANG) == s  # the same region again changes nothing


def test_answering_identities_by_button_forgets_the_words_they_were_read_from():
    s = Situation(region=YOUYANG, identities=("dibao",), assumed=(("低保户", "dibao"),))
    assert answer_slot(s, "identities", ("dibao",)).assumed == ()


def test_newborn_change_clears_the_birth_date_and_student():
    s = Situation(region=YOUYANG, newborn=True, born_on=dt.date(2023, 5, 1), student="none")
    after = answer_slot(s, "newborn", False)
    assert after.born_on is None and after.student is None


def test_questions_that_cannot_change_the_answer_are_skipped(kb):
    base = Situation(region=YOUYANG, identities=(), newborn=True, born_on=dt.date(2023, 5, 1))
    assert "student" not in missing_slots(kb, base)  # a baby is not at university
    assert "tier" in missing_slots(kb, base)  # 酉阳 has two tiers
    assert "tier" not in missing_slots(kb, base.with_(region="乌鲁木齐市"))  # one standard there
    assert missing_slots(kb, Situation())[0] == "region"


def test_an_option_without_a_code_is_refused_rather_than_dropped():
    assert slot("tier").read_option("2") == 2
    assert slot("newborn").read_option("yes") is True
    assert slot("tier").read_option("3") == 3  # up to three tiers fit in a button
    with pytest.raises(ValueError, match="tier"):
        slot("tier").read_option("4")  # a fourth needs its code added to the table (and a wider field)


def test_every_declared_code_survives_a_button(kb):
    codec = CallbackCodec(KnowledgeIndex(kb), b"k" * 32)
    base = Situation(region=YOUYANG, identities=("dibao",), paid_on=dt.date(2023, 12, 1))
    for row in SLOT_TABLE:
        for value in row.codes:
            conv = Conv(base.with_(**{row.name: value}))
            assert codec.decode(codec.encode(conv, 7), 7).conv == conv, (row.name, value)


def test_a_third_tier_needs_no_code_change(kb, tmp_path):
    """A notice with 三档 is a knowledge change only: it is offered, carried by a button and answered."""
    import shutil

    from bot.conversation.screens import build_screen

    folder = tmp_path / "knowledge"
    shutil.copytree(Path(__file__).resolve().parents[1] / "knowledge", folder)
    path = folder / "2024-youyang.yaml"
    text = path.read_text(encoding="utf-8")
    three = "  - tier: 3\n    label: 三档\n    standard: 900\n    source: {clause: 二（一）}\n\ncategories:"
    path.write_text(text.replace("\ncategories:", "\n" + three, 1), encoding="utf-8")
    kb3 = KnowledgeBase.load(folder)
    s = Situation(region=YOUYANG, identities=(), student="none")
    screen = build_screen(kb3, Conv(s), dt.date(2023, 11, 1))
    target = next(b.target for b in screen.buttons if b.label == "三档")
    assert target is not None and target.situation.tier == 3
    codec = CallbackCodec(KnowledgeIndex(kb3), b"k" * 32)
    assert codec.decode(codec.encode(target, 7), 7).conv == target
    paid = Conv(target.situation.with_(paid_on=dt.date(2023, 12, 1)))
    answer = build_screen(kb3, paid, dt.date(2023, 11, 1))
    assert answer.answer is not None and answer.answer.total_personal == 900
