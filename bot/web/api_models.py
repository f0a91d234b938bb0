"""The JSON API's shapes as pydantic models: the OpenAPI document is generated from them, and
tests/web/test_api.py validates real responses against them (so neither can drift alone).

The response models describe what bot.present.answer_json and bot.cli.ask_cmd.result_json
return (the `answer --json` and `ask --json` contracts); they are not used to build responses.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- requests ---------------------------------------------------------------------------------


class AnswerQuery(Shape):
    """`GET /api/answer`: the `answer` command's options, as query parameters."""

    region: str = Field(description="地区，全称或简称（乌鲁木齐、酉阳……）")
    identity: list[str] = Field(default=[], description="身份，可重复（低保、特困……）；不给就是普通居民")
    born_on: str | None = Field(default=None, description="新生儿出生日期 YYYY-MM-DD")
    student: str | None = Field(default=None, description="school 或 university")
    tier: str | None = Field(default=None, description="档次：1、2、一档……")
    paid_on: str | None = Field(default=None, description="缴费日期 YYYY-MM-DD，默认今天")
    as_of: str | None = Field(default=None, description="预览：把这一天当作今天")


class AskRequest(Shape):
    """`POST /api/ask`: a typed question (longer than 2,000 characters is cut)."""

    text: str
    today: str | None = Field(default=None, description="YYYY-MM-DD：今天、下个月等词按这一天理解")


# -- responses --------------------------------------------------------------------------------


class PayerShare(Shape):
    payer: str
    amount: int | None


class Contribution(Shape):
    standard: int | None
    subsidy: int | None
    personal: int | None
    subsidy_payers: list[str]
    subsidy_split: list[PayerShare]
    payers_stated: bool


class Window(Shape):
    name: str | None
    start: dt.date | None
    end: dt.date | None


class HowToPay(Shape):
    text: str
    steps: list[str]
    stated: bool
    ask: str | None


class Source(Shape):
    notice: str
    clause: str


class Alternative(Shape):
    identity: str
    identity_id: str
    personal: int | None
    ltc_personal: int | None = None  # 长期护理保险 personal part, where the region has it
    total_personal: int | None


class AnswerResponse(Shape):
    """The `answer --json` object: money in whole yuan, dates ISO, unknown as null."""

    region: str
    policy_year: int
    tier: int | None
    identity: str
    identity_id: str | None
    newborn: bool
    born_on: dt.date | None
    student: str | None
    paid_on: dt.date | None
    medical: Contribution | None
    long_term_care: Contribution | None
    total_personal: int | None
    window: Window
    payment_open: bool | None
    payment_reason: str
    benefit_start: dt.date | None
    benefit_end: dt.date | None
    stale: bool
    how_to_pay: list[HowToPay]
    contacts: list[str]
    alternatives: list[Alternative]
    sources: list[Source]
    notes: list[str]


class UnderstoodMember(Shape):
    identities: list[str] = Field(description="category ids (in the region, when it is known); [] = ordinary")
    newborn: bool
    born_on: dt.date | None
    student: str | None
    tier: int | None
    count: int = Field(description="how many people alike this member stands for")
    label: str | None = Field(description="the kinship words naming them (爷爷、奶奶), null if none")
    words: list[str] = Field(description="the words of the question it was read from")
    missing: list[str] = Field(description="what is still to ask of this member alone (born_on)")


class Understood(Shape):
    region: str | None
    identities: list[str]
    identity_ids: list[str]
    identity_words: list[str]
    unlisted: list[str]
    ambiguous: list[str]
    newborn: bool
    born_on: dt.date | None
    student: str | None
    tier: int | None
    paid_on: dt.date | None
    topic: str | None
    members: list[UnderstoodMember] = Field(default=[], description="the people the question names")


class Fact(Shape):
    topic: str
    text: str
    stated: bool
    steps: list[str]
    ask: str | None


class TierFigure(Shape):
    tier: int | None
    label: str | None
    total_personal: int | None = Field(description="yuan a person pays in this tier; null where not stated")


class CandidateFigure(Shape):
    alias: str = Field(description="the umbrella word said (困难户, 残疾人)")
    category: str = Field(description="a category id it may mean; ordinary: the grades left unlisted")
    label: str
    total_personal: int | None = Field(description="yuan a person in it pays (the first tier when unsaid)")
    by_tier: list[TierFigure] = Field(description="with the tier unsaid: each tier's figure")


class HouseholdMember(Shape):
    label: str | None
    count: int
    identity: str
    medical: Contribution | None
    long_term_care: Contribution | None
    total_personal: int | None = Field(description="yuan one of them pays")
    subtotal: int | None = Field(description="yuan all `count` of them pay")


class Household(Shape):
    """Several people paid for together: each member's own answer, summed."""

    region: str
    paid_on: dt.date | None
    members: list[HouseholdMember]
    total_personal: int | None
    missing: list[int] = Field(description="positions in members whose figure is not stated")
    by_payer: dict[str, int | None]
    payer_not_named: int | None


class Elsewhere(Shape):
    place: str = Field(description="the place named, whose notice is not on file: 乌拉特后旗")
    looks_like: str | None = Field(
        description="the region of ours it only looks like: 乌拉特前旗; null for a place that looks like "
                    "none of ours (呼和浩特)")


class AskResponse(Shape):
    """The `ask --json` object: what was understood, what is missing, the answer or the facts."""

    understood: Understood
    missing: list[str]
    assumed: list[str] = Field(description="slots left unsaid that the answer took the ordinary case for: "
                                           "identities (an ordinary resident), tier (the first tier)")
    by_tier: list[TierFigure] = Field(description="with the tier assumed: each tier's figure")
    answer: AnswerResponse | None
    candidates: list[CandidateFigure] = Field(
        default=[], description="an umbrella word asked about money: each category it may mean, with its "
                                "figures (the choice is still asked: understood.ambiguous)")
    facts: list[Fact]
    reply: str
    sources: list[Source]
    household: Household | None = Field(
        default=None,
        description="only when more than one person is named: each member's figures and the totals")
    elsewhere: Elsewhere | None = Field(
        default=None, description="only when the place named only looks like one of ours (乌拉特后旗)")


class ErrorResponse(Shape):
    error: str = Field(description="the command line's one-line message")
