"""callback_data: round trip, size, and every way it can be bad."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation.state import Action, Conv
from bot.engine.situation import Situation
from bot.engine.slots import SLOTS
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.index import KnowledgeIndex
from bot.telegram.codec import (
    MAX_CHARS,
    CallbackCodec,
    CallbackError,
    ForeignUser,
    Malformed,
    Outdated,
)

SECRET = b"s" * 32
ALICE, BOB = 1001, 2002


@pytest.fixture(scope="module")
def codec(kb: KnowledgeBase) -> CallbackCodec:
    return CallbackCodec(KnowledgeIndex(kb), SECRET)


def convs(kb: KnowledgeBase) -> st.SearchStrategy[Conv]:
    index = KnowledgeIndex(kb)
    dates = st.one_of(st.none(), st.dates(dt.date(1970, 1, 1), dt.date(2149, 1, 1)))

    @st.composite
    def build(draw: st.DrawFn) -> Conv:
        region = draw(st.one_of(st.none(), st.sampled_from(index.regions)))
        ids = picks = None
        if region is not None:
            cats = index.categories[region]
            ids = draw(st.one_of(st.none(), st.lists(st.sampled_from(cats), unique=True).map(tuple)))
            picks = draw(st.lists(st.sampled_from(cats), unique=True).map(tuple))
        s = Situation(
            region=region,
            identities=None if ids is None else tuple(c for c in index.categories[region] if c in ids),
            newborn=draw(st.sampled_from([None, True, False])),
            born_on=draw(dates),
            student=draw(st.sampled_from([None, "none", "school", "university"])),
            tier=draw(st.sampled_from([None, 1, 2])),
            paid_on=draw(dates),
        )
        month = draw(st.one_of(st.none(), st.tuples(st.integers(1970, 2100), st.integers(1, 12))))
        focus = draw(st.one_of(st.none(), st.sampled_from(SLOTS)))
        ordered = tuple(c for c in index.categories[region] if c in picks) if region else ()
        return Conv(s, focus=focus, picks=ordered, month=month)

    return build()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_state_round_trips_within_64_bytes(kb, codec, data):
    conv = data.draw(convs(kb))
    action = data.draw(st.sampled_from(list(Action)))
    text = codec.encode(conv, ALICE, action)
    assert len(text.encode()) <= MAX_CHARS
    assert text.replace("-", "").replace("_", "").isalnum()
    decoded = codec.decode(text, ALICE)
    assert decoded.conv == conv and decoded.action == action


def test_size_is_fixed_and_measured(kb, codec):
    biggest = Conv(Situation(region="酉阳土家族苗族自治县",
                             identities=tuple(KnowledgeIndex(kb).categories["酉阳土家族苗族自治县"])))
    assert len(codec.encode(Conv(), ALICE)) == len(codec.encode(biggest, ALICE)) == 36


def test_someone_elses_button_is_refused(codec):
    text = codec.encode(Conv(Situation(region="乌鲁木齐市")), ALICE)
    with pytest.raises(ForeignUser):
        codec.decode(text, BOB)


def test_truncated_or_flipped_data_is_malformed(codec):
    text = codec.encode(Conv(Situation(region="乌鲁木齐市", identities=("dibao",))), ALICE)
    for cut in range(len(text)):
        with pytest.raises(CallbackError):
            codec.decode(text[:cut], ALICE)
    raw = bytearray(base64.urlsafe_b64decode(text + "=="))
    for i in range(len(raw)):
        forged = bytearray(raw)
        forged[i] ^= 0x01
        forged_text = base64.urlsafe_b64encode(bytes(forged)).rstrip(b"=").decode()
        expected = Outdated if i < 3 else Malformed
        with pytest.raises(expected):
            codec.decode(forged_text, ALICE)


def test_other_secret_is_malformed(kb, codec):
    other = CallbackCodec(KnowledgeIndex(kb), b"t" * 32)
    with pytest.raises(Malformed):
        codec.decode(other.encode(Conv(), ALICE), ALICE)


def test_other_knowledge_is_outdated(kb, codec):
    older = KnowledgeBase.from_notices(kb.notices[:-1])  # one notice fewer: another fingerprint
    other = CallbackCodec(KnowledgeIndex(older), SECRET)
    assert other.index.fingerprint != codec.index.fingerprint
    with pytest.raises(Outdated):
        codec.decode(other.encode(Conv(), ALICE), ALICE)


def test_other_version_is_outdated(codec):
    raw = bytearray(base64.urlsafe_b64decode(codec.encode(Conv(), ALICE) + "=="))
    raw[0] = 3  # 1: one person, 2: a household; 3 is a later bot's
    with pytest.raises(Outdated):
        codec.decode(base64.urlsafe_b64encode(bytes(raw)).decode(), ALICE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.none(), st.text(max_size=80), st.binary(max_size=60).map(
    lambda b: base64.urlsafe_b64encode(b).decode())))
def test_any_text_is_refused_cleanly(codec, text):
    with pytest.raises(CallbackError):
        codec.decode(text, ALICE)


def test_fingerprint_ignores_formatting_only(kb):
    again = KnowledgeBase.load()
    assert KnowledgeIndex(again).fingerprint == KnowledgeIndex(kb).fingerprint


def test_remembered_user_tags_stay_bounded_and_right(kb, monkeypatch):
    """Each person's tag is kept (asked once per button); the store is emptied when full,
    and a tag worked out again is the same, so older buttons still open for their owner."""
    monkeypatch.setattr("bot.telegram.codec.TAG_CACHE", 3)
    codec = CallbackCodec(KnowledgeIndex(kb), SECRET)
    data = codec.encode(Conv(), ALICE)
    for user in range(10):
        codec.encode(Conv(), 5000 + user)
        assert len(codec._tags) <= 3
    assert codec.decode(data, ALICE).conv == Conv()
    with pytest.raises(ForeignUser):
        codec.decode(data, BOB)
    assert codec.user_tag(ALICE) == CallbackCodec(KnowledgeIndex(kb), SECRET).user_tag(ALICE)
