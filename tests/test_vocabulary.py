"""Vocabularies defined once (bot/knowledge/vocabulary.py) and what their users rely on."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.cli.answer_cmd import situation_from_args
from bot.engine.calculator import calculate
from bot.engine.flow import question_for
from bot.engine.notes import InputError
from bot.engine.resolve import identity_index, resolve_identity
from bot.engine.situation import Situation
from bot.knowledge import cache
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import DEFAULT_DIR
from bot.knowledge.models import TierStandard
from bot.knowledge.vocabulary import IDENTITY_SUFFIXES
from bot.present import answer_text, ask_reply
from bot.render import TEMPLATE_DIR, error_text, macro
from bot.telegram import match
from bot.understand import numbers, slots, spelling
from bot.understand.ask import ask


def test_identity_endings_never_choose_between_categories(kb: KnowledgeBase) -> None:
    """resolve.py tries the endings in order and slots.py takes the first listed form: that
    order must not matter, so every name written with several endings means one category."""
    for notice in kb.notices:
        index = identity_index(notice)
        for word in index:
            for base in {word, *(word[: -len(s)] for s in IDENTITY_SUFFIXES if word.endswith(s))}:
                ids = {index[base + s] for s in IDENTITY_SUFFIXES if base + s in index}
                assert len(ids) <= 1, (notice.model.region.name, base, ids)


def test_the_generic_endings_serve_all_three_matchers(kb: KnowledgeBase) -> None:
    for word in ("低保", "低保户", "低保对象", "低保人员"):
        assert resolve_identity(kb, "乌鲁木齐市", word) == "dibao"
    assert set(IDENTITY_SUFFIXES) < set(slots.SUFFIXES)  # free text strips looser endings too
    assert slots.SUFFIXES.index("人") == len(slots.SUFFIXES) - 1  # 人 after 人口 / 人员
    assert set("户人员口家庭对象") == spelling._GENERIC


# ---- tiers: one reader of tier words, labels from the knowledge -----------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("2", 2), (" 1 ", 1), ("二", 2), ("２", 2), ("二档", 2), ("第一档", 1), ("高档", 2), ("3", 3),
    ("x", None), ("", None), ("一档二档", None),
])
def test_tier_choice_reads_a_short_answer(text: str, expected: int | None) -> None:
    assert numbers.tier_choice(text) == expected


def test_tier_by_standard_reads_the_figure_of_a_tier() -> None:
    by_standard = {380: 1, 755: 2}
    assert numbers.tier_by_standard("交755那个档次", by_standard) == 2
    assert numbers.tier_by_standard("三百八的档", by_standard) == 1
    assert numbers.tier_by_standard("380还是755", by_standard) is None
    assert numbers.tier_by_standard("交了1000", by_standard) is None


def test_inline_matches_read_tiers_like_free_text(kb: KnowledgeBase) -> None:
    for text, tier in (("酉阳 低保 二挡", 2), ("酉阳 低保 高档", 2), ("酉阳 一档和二档", None)):
        assert {m.tier for m in match.matches(kb, text, dt.date(2023, 11, 1))} == {tier}, text


def test_cli_tier_takes_the_same_words_and_names_the_regions_tiers(kb: KnowledgeBase) -> None:
    def tier(region: str, value: str) -> int | None:
        args = argparse.Namespace(region=region, identity=[], born_on=None, student=None, tier=value,
                                  paid_on="2023-11-01")
        return situation_from_args(kb, args, dt.date(2023, 11, 1)).tier

    assert tier("酉阳", "2") == tier("酉阳", "二档") == 2
    with pytest.raises(InputError) as bad:
        tier("乌鲁木齐", "x")
    assert error_text(bad.value) == "乌鲁木齐市不分档次，不用选档次（--tier）。"


@pytest.fixture
def relabelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    """The real knowledge with 酉阳's tiers named 甲档 / 乙档."""
    monkeypatch.setenv(cache.ENV_CACHE, "off")
    folder = tmp_path / "k"
    shutil.copytree(DEFAULT_DIR, folder)
    path = folder / "2024-youyang.yaml"
    text = path.read_text(encoding="utf-8").replace("label: 一档", "label: 甲档")
    path.write_text(text.replace("label: 二档", "label: 乙档"), encoding="utf-8")
    return KnowledgeBase.load(folder)


def test_every_message_names_tiers_by_the_notices_labels(relabelled: KnowledgeBase) -> None:
    kb, region, day = relabelled, "酉阳土家族苗族自治县", dt.date(2023, 11, 1)
    s = Situation(region=region, identities=(), newborn=False, student="none", paid_on=day)
    assumed = answer_text(calculate(kb, s))
    assert "先按甲档计算" in assumed and "甲档" in assumed
    fixed = answer_text(calculate(kb, s.with_(identities=("youfu_fuyuan",), tier=1)))
    assert "通知规定按乙档参保，已按乙档计算" in fixed
    with pytest.raises(InputError) as bad:
        calculate(kb, s.with_(tier=3))  # type: ignore[arg-type]
    assert "只有甲档、乙档，没有第3档" in error_text(bad.value)
    q = question_for(kb, s, "tier", day)
    prompt = macro("questions.j2", "prompt", slot=q.slot, context=q.context)
    assert prompt == "您选哪一档？甲档380元，乙档755元。"
    reply = ask_reply(kb, ask(kb, "酉阳低保户二档，还缺什么", day))
    assert "乙档" in reply and "二档" not in reply


def test_templates_hold_no_tier_names() -> None:
    for path in TEMPLATE_DIR.rglob("*.j2"):
        assert '"一" if' not in path.read_text(encoding="utf-8"), path


def test_a_tier_needs_its_label() -> None:
    with pytest.raises(ValueError, match="needs its label"):
        TierStandard.model_validate({"tier": 1, "standard": 380, "source": {"clause": "一"}})
    assert TierStandard.model_validate({"standard": 380, "source": {"clause": "一"}}).label is None
