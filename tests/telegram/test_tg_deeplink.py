"""Deep-link payloads: readable, ≤64 characters of [A-Za-z0-9_-], round trip."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.situation import Situation
from bot.knowledge.index import KnowledgeIndex
from bot.telegram import deeplink


@pytest.fixture(scope="module")
def index(kb) -> KnowledgeIndex:
    return KnowledgeIndex(kb)


def test_readable_payloads(index):
    s = Situation(region="乌鲁木齐市", identities=("dibao",))
    assert deeplink.encode(index, s) == "wulumuqi-dibao"
    assert deeplink.decode(index, "wulumuqi-dibao") == s
    assert deeplink.decode(index, "wulumuqi") == Situation(region="乌鲁木齐市")
    assert deeplink.decode(index, "wulumuqi-ordinary") == Situation(region="乌鲁木齐市", identities=())
    assert deeplink.encode(index, Situation(region="乌鲁木齐市", identities=())) == "wulumuqi-ordinary"
    assert deeplink.link("yibao_bot", "youyang-tekun") == "https://t.me/yibao_bot?start=youyang-tekun"


@pytest.mark.parametrize("payload", ["", "nowhere", "wulumuqi-nosuch", "wulumuqi-m", "wulumuqi-mzz",
                                     "youyang-m" + "f" * 10, "乌鲁木齐", "a" * 65, "wulumuqi dibao"])
def test_unknown_payloads_give_none(index, payload):
    assert deeplink.decode(index, payload) is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_region_and_identity_set_round_trips(index, data):
    region = data.draw(st.sampled_from(index.regions))
    default = index.kb.regions[region].latest().default_category.id
    cats = [c for c in index.categories[region] if c != default]
    ids = data.draw(st.one_of(st.none(), st.lists(st.sampled_from(cats), unique=True).map(tuple)))
    s = Situation(region=region, identities=ids)
    payload = deeplink.encode(index, s)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
    back = deeplink.decode(index, payload)
    assert back is not None and back.region == region
    assert (back.identities is None) == (ids is None)
    assert set(back.identities or ()) == set(ids or ())


def test_a_shared_answer_carries_every_answer_given(index):
    s = Situation(region="酉阳土家族苗族自治县", identities=("dibao",), newborn=True,
                  born_on=dt.date(2023, 5, 1), student="none", tier=2, paid_on=dt.date(2023, 12, 1))
    payload = deeplink.encode(index, s)
    assert payload == "youyang-dibao-N1-B20230501-Snone-T2-P20231201"
    assert deeplink.decode(index, payload) == s


@pytest.mark.parametrize("payload", ["wulumuqi-dibao-N2", "wulumuqi-dibao-P20230230", "wulumuqi-X1",
                                     "wulumuqi-T1-T2", "wulumuqi-Sbaby", "wulumuqi-T12"])
def test_a_bad_answer_field_gives_none(index, payload):
    assert deeplink.decode(index, payload) is None
