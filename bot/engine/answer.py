"""The answer as data: what the CLI prints as JSON and the templates render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.engine.notes import Note


@dataclass(frozen=True)
class SourceRef:
    notice: str  # 文号
    clause: str
    title: str = ""


@dataclass(frozen=True)
class PayerShare:
    name: str
    amount: int | None


@dataclass(frozen=True)
class Contribution:
    standard: int | None
    subsidy: int | None
    personal: int | None
    subsidy_payers: list[str]
    subsidy_split: list[PayerShare] = field(default_factory=list)
    payers_stated: bool = True


@dataclass(frozen=True)
class FactView:
    topic: str
    text: str
    stated: bool
    steps: list[str]
    ask: str | None
    source: SourceRef | None
    categories: tuple[str, ...] = ()  # said of these category ids only; () everyone
    place: str | None = None  # the region it is about, when a reply quotes several regions' notices
    in_force_from: dt.date | None = None  # region-wide rules quoted before the day they apply from
    away_only: bool = False  # a student fact for one studying outside the region only


@dataclass(frozen=True)
class WindowView:
    """A payment window as a deadline reply shows it."""

    name: str
    start: dt.date
    end: dt.date | None
    benefit_kind: str  # fixed, next_month, next_day, birth_date, not_stated
    benefit_date: dt.date | None
    conditional: str | None


@dataclass(frozen=True)
class Answer:
    region: str
    region_short: str
    policy_year: int
    tier: int | None
    tier_label: str | None
    identity: str  # the category applied (its name in the notice)
    identity_id: str | None
    newborn: bool
    born_on: dt.date | None
    student: str | None
    paid_on: dt.date
    medical: Contribution
    long_term_care: Contribution | None
    total_personal: int | None
    window: dict[str, dt.date | None]
    window_name: str | None
    payment_open: bool | None
    payment_reason: str  # a code: in_window, before_start, closed, day_of_month, ...
    benefit_start: dt.date | None
    benefit_end: dt.date | None
    stale: bool  # the date lies past every policy year on file
    how_to_pay: list[FactView]
    contacts: list[str]
    sources: list[SourceRef]
    notes: list[Note]
    alternatives: list[dict] = field(default_factory=list)  # per-identity figures, when unclear
