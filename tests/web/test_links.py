"""The link codec: every state a button leads to survives the round trip; anything else is refused."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.conversation.screens import build_screen
from bot.conversation.state import Conv
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.web.links import BadLink, LinkCodec
from tests.web.conftest import TODAY


@pytest.fixture(scope="module")
def codec(kb: KnowledgeBase) -> LinkCodec:
    return LinkCodec(kb)


def _every_target(kb: KnowledgeBase, depth: int) -> list[Conv]:
    """The states reachable by pressing buttons from the start, ``depth`` presses deep."""
    seen: dict[Conv, None] = {Conv(): None}
    frontier = [Conv()]
    for _ in range(depth):
        nxt = []
        for conv in frontier:
            for b in build_screen(kb, conv, TODAY).buttons:
                if b.target is not None and b.target not in seen:
                    seen[b.target] = None
                    nxt.append(b.target)
        frontier = nxt
    return list(seen)


def test_every_button_state_round_trips(codec: LinkCodec, kb: KnowledgeBase) -> None:
    targets = _every_target(kb, 5)
    assert len(targets) > 200
    for conv in targets:
        query = codec.encode(conv, TODAY)
        # ". ~": between a household member's answers, and between members
        assert len(query) < 200 and re.fullmatch(r"[a-z0-9_,&=.~-]*", query), query
        assert codec.decode(query).conv == conv, query


def test_a_link_reads_like_the_answers(codec: LinkCodec, kb: KnowledgeBase) -> None:
    s = Situation(region="酉阳土家族苗族自治县", identities=("dibao",), student="none", tier=2,
                  paid_on=dt.date(2023, 12, 5))
    assert codec.encode(Conv(s), TODAY).startswith("r=youyang&i=dibao&s=none&t=2&p=2023-12-05&v=")
    ordinary = Situation(region="乌鲁木齐市", identities=())
    assert codec.encode(Conv(ordinary), TODAY) == "r=wulumuqi&i=ordinary"
    assert codec.decode("r=wulumuqi&i=ordinary").conv == Conv(ordinary)


@pytest.mark.parametrize("query", [
    "r=nowhere", "x=1", "r=youyang&r=youyang", "r=youyang&i=", "r=youyang&i=dibao,dibao",
    "r=youyang&i=nobody", "r=youyang&t=9", "r=youyang&t=02", "r=youyang&p=2023-13-01",
    "r=youyang&p=20231201", "r=youyang&p=1900-01-01", "r=youyang&n=2", "r=youyang&s=kindergarten",
    "r=youyang&f=shoe_size", "r=youyang&m=2023-00", "r=youyang&k=dibao", "r=youyang&v=XYZ",
    "i=dibao", "r", "r=youyang&&t=2", "r=%FF", "r=youyang&" + "t=1&" * 20,
])
def test_anything_else_is_refused(codec: LinkCodec, query: str) -> None:
    with pytest.raises(BadLink):
        codec.decode(query)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="rinbstpfkmv=&,-%0123456789abcdefyoungdibao", max_size=60))
def test_garbage_is_a_bad_link_or_a_state(codec: LinkCodec, query: str) -> None:
    with contextlib.suppress(BadLink):  # anything else (a crash) fails the test
        codec.decode(query)


def test_fingerprint_follows_the_notice_content(codec: LinkCodec, kb: KnowledgeBase) -> None:
    notices = [n for rk in kb.regions.values() for n in rk.notices]
    prints = {codec.fingerprint(n) for n in notices}
    assert len(prints) == len(notices)


def test_a_corrected_notice_changes_only_its_own_fingerprint(kb: KnowledgeBase, tmp_path: Path) -> None:
    """What an old answer link is checked against: a corrected quote in 酉阳's notice changes
    酉阳's fingerprint (the page then says the notice was updated), no other region's."""
    folder = tmp_path / "knowledge"
    shutil.copytree(Path(__file__).resolve().parents[2] / "knowledge", folder)
    notice = folder / "2024-youyang.yaml"
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.replace("quote: 一档380元/人·年", "quote: 一档 380 元/人·年"), encoding="utf-8")
    before, after = LinkCodec(kb), LinkCodec(KnowledgeBase.load(folder))
    day = dt.date(2023, 12, 5)
    for region in kb.regions:
        s = Situation(region=region, paid_on=day)
        same = before.answer_fingerprint(s, TODAY) == after.answer_fingerprint(s, TODAY)
        assert same == (region != "酉阳土家族苗族自治县"), region
