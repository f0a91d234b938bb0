"""callback_data: round trip, size, and every way it can be bad."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation.state import MAX_MEMBERS, Action, Conv
from bot.engine.situation import Situation
from bot.engine.slots import SLOTS
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.index import KnowledgeIndex
from bot.telegram.codec import (
    HOUSEHOLD_VERSION,
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


# -- households (version 2) --------------------------------------------------------------


def households(kb: KnowledgeBase) -> st.SearchStrategy[Conv]:
    """Any household a button can carry: up to MAX_MEMBERS people in one region."""
    index = KnowledgeIndex(kb)
    dates = st.one_of(st.none(), st.dates(dt.date(1970, 1, 1), dt.date(2149, 1, 1)))

    @st.composite
    def build(draw: st.DrawFn) -> Conv:
        conv = draw(convs(kb).filter(lambda c: c.situation.region is not None))
        cats = index.categories[conv.situation.region]  # type: ignore[index]
        member = st.builds(
            Situation,
            identities=st.one_of(st.none(), st.lists(st.sampled_from(cats), unique=True).map(
                lambda ids: tuple(c for c in cats if c in ids))),
            newborn=st.sampled_from([None, True, False]),
            born_on=dates,
            student=st.sampled_from([None, "none", "school", "university"]),
            tier=st.sampled_from([None, 1, 2]),
        )
        others = tuple(draw(st.lists(member, min_size=1, max_size=MAX_MEMBERS - 1)))
        at = draw(st.integers(0, len(others)))
        return conv.with_(others=others, at=at, opened=draw(st.booleans()))

    return build()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_household_round_trips_within_64_bytes(kb, codec, data):
    conv = data.draw(households(kb))
    action = data.draw(st.sampled_from(list(Action)))
    text = codec.encode(conv, ALICE, action)
    assert len(text.encode()) <= MAX_CHARS
    assert base64.urlsafe_b64decode(text + "==")[0] == HOUSEHOLD_VERSION
    decoded = codec.decode(text, ALICE)
    assert decoded.conv == conv and decoded.action == action


def _worst(kb: KnowledgeBase, region: str, members: int) -> Conv:
    """``members`` people, each in every category with a birth date, mid-way through ticking."""
    index = KnowledgeIndex(kb)
    ids = tuple(index.categories[region])
    everyone = Situation(identities=ids, newborn=True, born_on=dt.date(2023, 8, 1), student="university",
                         tier=2)
    head = everyone.with_(region=region, paid_on=dt.date(2023, 12, 5))
    return Conv(head, focus="identities", picks=ids, month=(2023, 12), others=(everyone,) * (members - 1),
                at=members - 1, opened=True)


@pytest.mark.parametrize("region", ["酉阳土家族苗族自治县", "长治市屯留区", "乌鲁木齐市"])
def test_the_largest_household_fits_and_one_more_is_refused(kb, codec, region):
    text = codec.encode(_worst(kb, region, MAX_MEMBERS), ALICE, Action.TODAY)
    assert len(text) <= MAX_CHARS
    assert codec.decode(text, ALICE).conv == _worst(kb, region, MAX_MEMBERS)
    with pytest.raises(ValueError):
        codec.encode(_worst(kb, region, MAX_MEMBERS + 1), ALICE)


def test_one_person_is_still_written_as_version_1(kb, codec):
    """Buttons sent before households existed keep working: one person's layout is unchanged."""
    single = Conv(Situation(region="乌鲁木齐市", identities=("dibao",), paid_on=dt.date(2023, 12, 1)))
    raw = base64.urlsafe_b64decode(codec.encode(single, ALICE) + "==")
    assert raw[0] == 1 and len(raw) == 27
    household = single.with_(others=(Situation(identities=()),), at=1)
    assert base64.urlsafe_b64decode(codec.encode(household, ALICE) + "==")[0] == HOUSEHOLD_VERSION


def _signed(codec: CallbackCodec, body: bytes) -> str:
    return base64.urlsafe_b64encode(body + codec._mac(body)).rstrip(b"=").decode()


def test_a_signed_household_that_does_not_add_up_is_refused(kb, codec):
    """Bytes carrying our own signature but not a household this codec writes (a bug, or a key
    leaked) are still refused cleanly: counts, places and records are checked, not trusted."""
    conv = Conv(Situation(region="酉阳土家族苗族自治县", identities=("dibao",), paid_on=dt.date(2023, 12, 5)),
                others=(Situation(identities=(), newborn=True, born_on=dt.date(2023, 8, 1)),), at=1)
    body = base64.urlsafe_b64decode(codec.encode(conv, ALICE) + "==")[:-8]
    start = len(body) - 1 - (1 + 2 + 2)  # the household byte, then one record of 5 bytes
    assert codec.decode(_signed(codec, body), ALICE).conv == conv
    bad = {
        "two announced, one there": body[:start] + bytes([body[start] + 16]) + body[start + 1 :],
        "placed after the end": body[:start] + bytes([body[start] + 1]) + body[start + 1 :],
        "high bit": body[:start] + bytes([body[start] | 0x80]) + body[start + 1 :],
        "no members": body[:start] + bytes([0]),
        "cut birth date": body[:-1],
        "a byte too many": body + b"\0",
        "household as version 1": bytes([1]) + body[1:],
        "five others": body[:start] + bytes([5 << 4]) + body[start + 1 :] + body[start + 1 :] * 4,
    }
    for name, forged in bad.items():
        with pytest.raises(Malformed):
            codec.decode(_signed(codec, forged), ALICE)
            pytest.fail(name)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=st.binary(max_size=24))
def test_any_signed_household_tail_decodes_or_is_refused(codec, tail):
    head = base64.urlsafe_b64decode(codec.encode(Conv(Situation(region="乌鲁木齐市")), ALICE) + "==")[:-8]
    body = bytes([HOUSEHOLD_VERSION]) + head[1:] + tail
    try:
        decoded = codec.decode(_signed(codec, body), ALICE)
    except CallbackError:
        return
    assert codec.encode(decoded.conv, ALICE, decoded.action) == _signed(codec, body)
