"""Strict pydantic models of one notice file in ``knowledge/``.

Every fact carries a ``source`` (the clause of the notice that states it). Where a
notice is silent the file says so (``stated: false`` / ``kind: not_stated``) so the
engine can pass the silence on instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from bot.knowledge.vocabulary import Topic

Yuan = Annotated[StrictInt, Field(ge=0)]  # money is whole yuan, never float
Tier = Literal[1, 2, 3]  # a button carries up to three (the tier row of bot/engine/slots.py)


class Strict(BaseModel):
    # defer_build: validators are built on first validation, so knowledge read back from
    # bot/knowledge/cache.py (already validated) never pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Source(Strict):
    clause: str = Field(min_length=1)
    quote: str | None = None  # a short excerpt, for reviewers


class Places(Strict):
    """The places inside a region, from an official list of administrative divisions: a
    resident who names one (米东区, 余吾镇) is understood as living in the region."""

    source: str = Field(min_length=1)  # the list, its year, and how it was read
    names: list[str] = Field(min_length=1)  # official names: 米东区, 古牧地镇, 燕儿窝街道
    # what residents type for some of them (米东 for 米东区): each begins one of `names`
    short: list[str] = []
    # everyday names that are no prefix of the official one (沙区 → 沙依巴克区): each → one of `names`
    everyday: dict[str, str] = {}
    # county-level names whose bare form (without 县/市/区, bot/knowledge/places.py) is an everyday
    # word or another place's name (温泉县: 温泉), so only the full name is read
    keep_suffix: list[str] = []


class ProvinceApp(Strict):
    """An app of the province (蒙速办: 内蒙古自治区's government app) that the notice names."""

    name: str = Field(min_length=1)
    source: Source  # the clause naming it as a channel


class Region(Strict):
    name: str = Field(min_length=1)  # the notice's full name, e.g. 乌鲁木齐市
    aliases: list[str] = []  # names residents use: 乌鲁木齐 / 乌市 …
    parent: str | None = None  # e.g. 新疆维吾尔自治区, for region-wide rules
    places: Places | None = None
    # other places whose names contain one of the aliases (乌拉特中旗 holds 乌拉特): never this region
    lookalikes: list[str] = []
    # the province's own apps the notice names as a channel (蒙速办): they name this region when it
    # is the only one on file under `parent`
    province_apps: list[ProvinceApp] = []


class Contact(Strict):
    name: str  # who can answer what the notice leaves open
    role: str | None = None


class NoticeMeta(Strict):
    doc_number: str = Field(min_length=1)  # 文号
    document: str | None = None  # e.g. 政策解读, when the text is not the notice itself
    title: str
    issuers: list[str] = Field(min_length=1)
    issued_on: dt.date | None = None  # None: the text we hold gives no date
    date_note: str | None = None
    effective_from: dt.date | None = None
    policy_year: int = Field(ge=2000, le=2100)
    source_text: str | None = None  # the file in shared/seeds this was read from

    @model_validator(mode="after")
    def _dated_or_explained(self) -> NoticeMeta:
        if self.issued_on is None and not self.date_note:
            raise ValueError("issued_on is missing: give it, or a date_note saying why not")
        return self


class TierStandard(Strict):
    tier: Tier | None = None
    label: str | None = None  # 一档 / 二档: every message names the tier by it
    standard: Yuan
    source: Source

    @model_validator(mode="after")
    def _tier_labelled(self) -> TierStandard:
        if self.tier is not None and not self.label:
            raise ValueError("a standard with a tier needs its label: how the notice names the tier")
        return self


class Payer(Strict):
    name: str
    amount: Yuan | None = None


class SubsidyRule(Strict):
    """How much of the personal standard a category gets paid for it."""

    tier: Tier | None = None  # None: applies to every tier
    kind: Literal["none", "full", "amount", "percent", "not_stated", "not_applicable", "exempt"]
    amount: Yuan | None = None
    percent: Annotated[StrictInt, Field(ge=0, le=100)] | None = None
    of_tier: Tier | None = None  # percent (or full) of which tier's standard
    payers: list[Payer] = []
    payers_stated: bool = True  # false: the notice does not say who pays
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _fields_match_kind(self) -> SubsidyRule:
        if self.kind == "amount" and self.amount is None:
            raise ValueError("kind: amount needs an amount")
        if self.kind == "percent" and self.percent is None:
            raise ValueError("kind: percent needs a percent")
        if self.kind not in ("amount",) and self.amount is not None:
            raise ValueError(f"amount is only for kind: amount, not {self.kind}")
        if self.kind != "percent" and self.percent is not None:
            raise ValueError(f"percent is only for kind: percent, not {self.kind}")
        if self.kind in ("not_stated", "not_applicable") and not self.note:
            raise ValueError(f"kind: {self.kind} needs a note saying what is missing")
        return self


class Category(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str  # the notice's own wording
    label: str | None = None  # short button text; the first alias when absent
    aliases: list[str] = []
    default: bool = False  # the ordinary resident, used when no identity applies
    combination_of: list[str] = []  # a category the notice defines as a mix of others
    medical_assistance: bool = False  # counts as 医疗救助对象 where a notice uses that term
    fixed_tier: Tier | None = None
    fixed_tier_source: Source | None = None
    payment_time_note: str | None = None  # the notice leaves this category's payment time open
    medical: list[SubsidyRule] = Field(min_length=1)
    long_term_care: list[SubsidyRule] = []
    note: str | None = None


class AliasCandidate(Strict):
    category: str  # a category id
    label: str | None = None  # how to offer it, when the category name alone would confuse


class AmbiguousAlias(Strict):
    """A word residents use that means different categories here: the flow asks."""

    alias: str
    candidates: list[AliasCandidate] = Field(min_length=2)
    note: str | None = None
    # the candidate the word names when the figure is not what is asked (a date asked, or the
    # word said beside other categories: "特困、低保、脱贫这些"): 乌鲁木齐's 脱贫户 is its
    # 稳定脱贫人口 then; without it the choice is asked whatever the question
    plain: str | None = None


BenefitStartKind = Literal["fixed", "next_month", "next_day", "birth_date", "not_stated"]


class BenefitChoice(Strict):
    """One outcome of a cover start that turns on something the resident cannot know yet
    (乌鲁木齐 一（一）: whether the district filed the extension): its condition and its rule."""

    when: str = Field(min_length=1)  # the condition, in the notice's words: 所在区（县）已备案延长
    kind: Literal["fixed", "next_month", "next_day"]
    date: dt.date | None = None

    @model_validator(mode="after")
    def _date_for_fixed(self) -> BenefitChoice:
        if (self.kind == "fixed") != (self.date is not None):
            raise ValueError("either: a date goes with kind: fixed, and only with it")
        return self


class BenefitStart(Strict):
    kind: BenefitStartKind
    date: dt.date | None = None
    note: str | None = None
    # kind not_stated: each outcome worked out to its date, so the answer names both
    either: list[BenefitChoice] = []

    @model_validator(mode="after")
    def _date_for_fixed(self) -> BenefitStart:
        if (self.kind == "fixed") != (self.date is not None):
            raise ValueError("benefit_start: a date goes with kind: fixed, and only with it")
        if self.kind == "not_stated" and not self.note:
            raise ValueError("benefit_start kind: not_stated needs a note")
        return self


class LateSurcharge(Strict):
    """乌鲁木齐 一（五）: from a date on, most residents pay standard + fiscal subsidy."""

    after: dt.date
    amount_stated: bool = False
    exempt_newborns: bool = True
    exempt_medical_assistance: bool = True
    source: Source
    note: str


class DayRange(Strict):
    first: Annotated[StrictInt, Field(ge=1, le=31)]
    last: Annotated[StrictInt, Field(ge=1, le=31)]

    @model_validator(mode="after")
    def _ordered(self) -> DayRange:
        if self.first > self.last:
            raise ValueError("first must not be after last")
        return self


class Window(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    start: dt.date
    end: dt.date | None = None  # None: the notice gives no end
    surely_open_until: dt.date | None = None  # when end is None: the last day we know is open
    end_note: str | None = None
    days_of_month: DayRange | None = None  # 屯留: only days 1-25 of each month
    who: Literal["everyone", "newborns_born_in_year"] = "everyone"
    born_in_year: int | None = None
    conditional: str | None = None  # e.g. only where the extension was filed
    benefit_start: BenefitStart
    surcharge: LateSurcharge | None = None
    is_collection: bool = False  # the 集中 period itself (its edge is what "deadline" means)
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Window:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        if self.end is None and not self.end_note:
            raise ValueError("a window without end needs end_note saying the notice gives none")
        if (self.who == "newborns_born_in_year") != (self.born_in_year is not None):
            raise ValueError("born_in_year goes with who: newborns_born_in_year")
        return self


class BenefitPeriod(Strict):
    start: dt.date
    end: dt.date
    source: Source
    # false: the notice names the year only, not the day cover starts (屯留's 解读): a reply
    # across notices says so rather than quoting the day as the notice's
    stated: bool = True
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> BenefitPeriod:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class NewbornRule(Strict):
    within_days: Annotated[StrictInt, Field(ge=0)] | None = None  # register within N days of birth
    benefit_from_birth: bool | None = None  # None: not stated
    no_waiting_period: bool | None = None
    free_in_birth_year: bool = False
    enrol_any_day_within_days: bool = False  # the N-day rule opens payment outside windows
    source: Source
    note: str | None = None


class StudentRule(Strict):
    kind: Literal["school", "university"]
    freshman_benefit_start: BenefitStart | None = None
    source: Source
    note: str


class MultipleIdentities(Strict):
    rule: Literal["highest", "not_stated"]
    source: Source | None = None
    note: str | None = None




class Fact(Strict):
    topic: Topic
    stated: bool = True
    text: str
    steps: list[str] = []  # e.g. a payment path, one step a line
    ask: str | None = None  # who can answer, where the notice is silent
    source: Source | None = None
    # said of these categories only (their ids): 乌鲁木齐 五 asks 特困, 低保 … to be enrolled by
    # 11月30日; shown beside an answer for one of them, never as everyone's fact
    categories: list[str] = []
    # a student fact said only of one studying outside the region ("娃在成都读大学"): the notice's
    # silence on them is no answer for a student at home
    away_only: bool = False

    @model_validator(mode="after")
    def _cited_or_silent(self) -> Fact:
        if self.stated and self.source is None:
            raise ValueError("a stated fact needs a source clause")
        if not self.stated and not self.ask:
            raise ValueError("a fact the notice does not state needs `ask`: who can answer")
        return self


class Rules(Strict):
    multiple_identities: MultipleIdentities | None = None


class NoticeFile(Strict):
    """One notice: a local notice (with standards) or region-wide rules."""

    kind: Literal["local", "regional_rules"]
    notice: NoticeMeta
    region: Region
    contacts: list[Contact] = Field(min_length=1)
    standards: list[TierStandard] = []
    long_term_care_standard: TierStandard | None = None  # 乌鲁木齐 三（一）
    categories: list[Category] = []
    ambiguous_aliases: list[AmbiguousAlias] = []
    windows: list[Window] = []
    benefit_period: BenefitPeriod | None = None
    newborn: NewbornRule | None = None
    students: list[StudentRule] = []
    rules: Rules = Rules()
    facts: list[Fact] = []

    @model_validator(mode="after")
    def _local_is_complete(self) -> NoticeFile:
        if self.kind == "local":
            missing = [
                name
                for name, value in (
                    ("standards", self.standards),
                    ("categories", self.categories),
                    ("windows", self.windows),
                    ("benefit_period", self.benefit_period),
                    ("newborn", self.newborn),
                    ("rules.multiple_identities", self.rules.multiple_identities),
                )
                if not value
            ]
            if missing:
                raise ValueError(f"a local notice needs: {', '.join(missing)}")
        return self
