"""Deep-link payloads: readable, ≤64 characters of [A-Za-z0-9_-], round trip."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.situation import Situation
from bot.telegram import deeplink
from bot.telegram.kbindex import KnowledgeIndex


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
