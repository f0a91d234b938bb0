"""The JSON Schema of a knowledge file, for editors: ``docs/knowledge.schema.json``.

It is generated from the pydantic model :class:`bot.knowledge.models.NoticeFile`, with a
description of every field written for the person editing the YAML (hover text in an
editor with the YAML language server; each knowledge file starts with
``# yaml-language-server: $schema=../docs/knowledge.schema.json``).

The schema checks shapes only. ``python -m bot knowledge check`` is the authority: it
also checks what a schema cannot (one default category, percentages giving whole yuan,
windows not overlapping, every required topic present …).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from bot.knowledge.models import NoticeFile

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "knowledge.schema.json"
HEADER = "# yaml-language-server: $schema=../docs/knowledge.schema.json"

_SILENCE = ("Where the notice says nothing, do not guess: use the `not_stated` kind (or "
            "`stated: false`) and a note saying whom to ask.")

# model -> field -> description; "" describes the model itself.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "NoticeFile": {
        "": "One notice (通知) in knowledge/: either a local notice with its standards, "
            "categories and payment windows (kind: local), or region-wide rules that apply to "
            "every local region under it (kind: regional_rules). One file per notice; name it "
            "<policy year>-<region in pinyin>.yaml, e.g. 2025-wulumuqi.yaml.",
        "kind": "local: a city/county notice with figures. regional_rules: a province-wide "
                "notice whose rules apply to the local regions whose region.parent names it.",
        "notice": "Which document this is: 文号, title, issuers, date, policy year.",
        "region": "The region the notice is for, and the names residents use for it.",
        "contacts": "Who residents should ask about what the notice leaves open. The first is "
                    "named in answers where the notice is silent.",
        "standards": "The personal contribution per person per year (个人缴费标准), one entry "
                     "per tier (档次); one entry without a tier when the region has a single "
                     "standard.",
        "long_term_care_standard": "The personal contribution to long-term care insurance "
                                   "(长期护理保险), when it is collected with the medical one.",
        "categories": "The groups of residents the notice names (普通居民, 低保, 特困 …) and the "
                      "subsidy (资助) each gets. Exactly one has `default: true`.",
        "ambiguous_aliases": "Words residents use that could mean several categories here "
                             "(e.g. 监测户); the bot asks which one unless their figures are equal.",
        "windows": "The payment periods (缴费期): the collection period (集中征缴期, "
                   "`is_collection: true`), extensions, late payment, newborn catch-up.",
        "benefit_period": "When the cover of this policy year runs (待遇享受期), usually Jan 1 - Dec 31.",
        "newborn": "The notice's rules for newborns (新生儿).",
        "students": "Rules for school pupils (school) and university students (university).",
        "rules": "Rules across categories, such as residents with several identities.",
        "facts": "What the notice says on each topic (how to pay, receipts, refunds …), with "
                 "its clause, or `stated: false` and whom to `ask` where it says nothing.",
    },
    "NoticeMeta": {
        "": "The document itself.",
        "doc_number": "The 文号 exactly as printed, e.g. 乌医保〔2023〕36号. Answers cite it.",
        "document": "When the text is not the notice itself but e.g. its 政策解读: that word, "
                    "shown after the 文号 in citations.",
        "title": "The title as printed.",
        "issuers": "The issuing bodies (发文单位), one per line.",
        "issued_on": "The date on the notice (YYYY-MM-DD). Leave it out only if the text gives "
                     "none, and then say why in date_note.",
        "date_note": "Why issued_on is missing or how the date was read.",
        "effective_from": "The day the notice takes effect (施行), when it says so. For "
                          "regional_rules the rules apply to payments from this day.",
        "policy_year": "The 年度 whose contributions this notice sets (a notice issued in autumn "
                       "2024 for 2025 cover has policy_year: 2025).",
        "source_text": "The file the text was read from (shared/seeds/…), for reviewers.",
    },
    "Region": {
        "": "The region the notice is for.",
        "name": "The full name as the notice writes it, e.g. 乌鲁木齐市. Notices of different "
                "years for the same region must use the same name.",
        "aliases": "Names residents type: short forms, old names (乌市, 乌鲁木齐). Each alias "
                   "may name one region only.",
        "parent": "The province/autonomous region above it, e.g. 新疆维吾尔自治区; region-wide "
                  "rules whose region.name equals it apply here.",
        "places": "The districts, counties and towns (区、县、乡镇、苏木、街道) inside the region, from an "
                  "official list of administrative divisions: a resident naming one is understood as "
                  "living in this region.",
        "lookalikes": "Other places whose names contain one of the aliases (乌拉特中旗 holds 乌拉特): a "
                      "resident naming one is not taken for this region.",
        "province_apps": "Apps of the province above (parent) that the notice names as a channel (蒙速办, "
                         "内蒙古自治区's government app): a question naming one and no region means this "
                         "region while it is the only one on file under that province.",
    },
    "ProvinceApp": {
        "": "An app of the province the notice names.",
        "name": "As residents type it: 蒙速办.",
        "source": "The clause naming it as a channel.",
    },
    "Places": {
        "": "Places inside the region, from an official administrative-division list.",
        "source": "The list, its year and how it was read, e.g. "
                  "民政部 国家地名信息库 行政区划（年度版2025-12-31）.",
        "names": "The official names as the list writes them: 米东区, 古牧地镇, 燕儿窝街道. Each names one "
                 "region only.",
        "short": "What residents type for some of them (米东 for 米东区); each must begin one of names. "
                 "Leave out short forms that are common words or other places' names (上村, 龙潭).",
        "everyday": "Names residents use that do not begin the official one, each → one of names "
                    "(沙区: 沙依巴克区).",
        "keep_suffix": "County-level names read only in full: their bare form (without 县/市/区, and the "
                       "nationality of an 自治县) is a common word or another place (温泉县).",
    },
    "Contact": {
        "": "Someone residents can ask.",
        "name": "The office, e.g. 乌鲁木齐市医疗保障局.",
        "role": "What to ask them about, e.g. 缴费.",
    },
    "TierStandard": {
        "": "One personal contribution standard.",
        "tier": "1 or 2 (一档/二档) where the region has tiers; leave out when it has one standard.",
        "label": "How the notice names the tier, e.g. 一档; required with `tier`.",
        "standard": "Yuan per person per year, a whole number (no decimals).",
        "source": "The clause that states it.",
    },
    "Source": {
        "": "Where the notice says it. Every figure carries one.",
        "clause": "The clause number as printed, e.g. 一（三） or 二（二）2 or 五（表）.",
        "quote": "A short excerpt of the clause, so a reviewer can find and check it.",
    },
    "Category": {
        "": "A group of residents the notice names, with its subsidy.",
        "id": "A short code in lower-case letters, digits and _ (e.g. dibao). Keep the same id "
              "for the same group from year to year, so diffs line up.",
        "name": "The notice's own wording for the group.",
        "label": "Short button text; defaults to the first alias.",
        "aliases": "Words residents use for this group (低保, 低保户 …). A word that fits several "
                   "groups goes under ambiguous_aliases instead.",
        "default": "true for the ordinary resident (普通居民), used when no identity applies. "
                   "Exactly one category has it.",
        "combination_of": "Category ids this one combines, when the notice lists a mix of "
                          "identities as a group of its own (e.g. 脱贫户中的低保对象).",
        "medical_assistance": "true when the group counts as 医疗救助对象 where a notice uses "
                              "that term (e.g. for surcharge exemptions).",
        "fixed_tier": "The tier this group is always insured at, when the notice fixes it.",
        "fixed_tier_source": "The clause that fixes the tier.",
        "payment_time_note": "When the notice leaves this group's payment time open "
                             "(另行通知): what it says. Answers then do not say 'you can pay today'.",
        "medical": "The subsidy towards the medical contribution: one rule, or one per tier. "
                   + _SILENCE,
        "long_term_care": "The subsidy towards the long-term care contribution, if any.",
        "note": "Anything residents of this group should be told with every answer.",
    },
    "SubsidyRule": {
        "": "How much of the personal contribution is paid for the group (资助).",
        "tier": "The tier this rule is for; leave out when it applies to every tier.",
        "kind": "none: no subsidy. full: all of it (全额资助). amount: a fixed sum (定额资助; give "
                "amount). percent: a share of a standard (give percent, and of_tier if it is "
                "of another tier's standard). not_stated: the notice names the group but not "
                "the subsidy (give a note). not_applicable: the group does not pay here, e.g. "
                "it is in the employees' insurance (give a note). exempt: does not pay.",
        "amount": "Yuan, for kind: amount only.",
        "percent": "0-100, for kind: percent only. It must give whole yuan.",
        "of_tier": "Whose standard a percent (or full) subsidy is of, e.g. 一档 for "
                   "'按一档标准的100%资助' even when the resident chose 二档.",
        "payers": "Who pays the subsidy (出资), with their amounts when the notice splits it.",
        "payers_stated": "false when the notice does not say who pays.",
        "source": "The clause that states the subsidy.",
        "note": "Shown with the answer; required for not_stated and not_applicable.",
    },
    "Payer": {
        "": "One payer of a subsidy.",
        "name": "e.g. 医疗救助资金, 乡村振兴局.",
        "amount": "Their share in yuan, when the notice gives it; shares must add up to the amount.",
    },
    "AmbiguousAlias": {
        "": "A word residents use that means different categories here: the bot asks.",
        "alias": "The word, e.g. 监测户.",
        "candidates": "The categories it may mean (at least two).",
        "note": "What tells them apart; shown when asking.",
        "plain": "The candidate the word names when the figure is not what is asked (a date asked, "
                 "or the word said beside other categories); without it the choice is always asked.",
    },
    "AliasCandidate": {
        "": "One meaning of an ambiguous word.",
        "category": "A category id of this file.",
        "label": "How to offer it, when the category name alone would confuse.",
    },
    "Window": {
        "": "A period in which (some) residents can pay for this policy year.",
        "id": "A short code (collection, extension, late …).",
        "name": "How the notice names the period, e.g. 集中参保缴费期.",
        "start": "First day one can pay (YYYY-MM-DD).",
        "end": "Last day one can pay. Leave out only when the notice gives none, and then "
               "write end_note.",
        "surely_open_until": "With no end: the last day we can be sure payment is still open.",
        "end_note": "Required when end is missing: what the notice says about the end.",
        "days_of_month": "When payment is only possible on some days of each month (e.g. 1-25).",
        "who": "everyone, or newborns_born_in_year for a catch-up period for babies born in "
               "born_in_year.",
        "born_in_year": "With who: newborns_born_in_year, the birth year it is for.",
        "conditional": "When the window applies only in some cases (e.g. only if an extension "
                       "was filed): the condition, shown to residents.",
        "benefit_start": "When cover starts for a payment in this window.",
        "surcharge": "A later date from which most residents pay more (乌鲁木齐 一（五）).",
        "is_collection": "true for the collection period (集中征缴期) itself; exactly one window "
                         "of a local notice has it.",
        "source": "The clause that sets the window.",
        "note": "Anything residents paying in this window should be told.",
    },
    "BenefitStart": {
        "": "When cover starts for a payment.",
        "kind": "fixed: on `date` (e.g. Jan 1). next_month: the first of the month after paying. "
                "next_day: the day after paying. birth_date: from birth. not_stated: the notice "
                "does not say (give a note).",
        "date": "With kind: fixed, the day.",
        "note": "Required with not_stated: what is missing and whom to ask.",
        "either": "With not_stated, when the start turns on something the resident cannot know "
                  "yet (whether the extension was filed): each outcome, worked out to its date.",
    },
    "BenefitChoice": {
        "": "One outcome of a cover start that turns on a condition.",
        "when": "The condition, in the notice's words (所在区（县）已备案延长).",
        "kind": "fixed (give `date`), next_month or next_day.",
        "date": "With kind: fixed, the day.",
    },
    "LateSurcharge": {
        "": "From a date on, most residents pay the standard plus the fiscal subsidy.",
        "after": "Payments after this day pay more.",
        "amount_stated": "true if the notice gives the higher amount.",
        "exempt_newborns": "Newborns keep the ordinary standard.",
        "exempt_medical_assistance": "医疗救助对象 keep the ordinary standard.",
        "source": "The clause.",
        "note": "What residents are told about it.",
    },
    "DayRange": {
        "": "Days of each month on which payment is possible.",
        "first": "First day of the month (1-31).",
        "last": "Last day of the month (1-31).",
    },
    "BenefitPeriod": {
        "": "The cover this policy year buys.",
        "start": "First day of cover, usually Jan 1 of the policy year.",
        "end": "Last day of cover, usually Dec 31 of the policy year. After this day the bot "
               "looks for the next year's notice.",
        "source": "The clause.",
        "stated": "false when the notice names only the policy year, not the day cover starts "
                  "(then `note` says how it was read). Default true.",
        "note": "How the period was read, when the notice does not state it outright.",
    },
    "NewbornRule": {
        "": "The notice's rules for newborns.",
        "within_days": "Register within this many days of birth (e.g. 90) for the rules below.",
        "benefit_from_birth": "true: cover from the day of birth; false: not; leave out when "
                              "the notice does not say.",
        "no_waiting_period": "true when newborns registered in time have no waiting period.",
        "free_in_birth_year": "true when newborns pay nothing for their birth year.",
        "enrol_any_day_within_days": "true when newborns may pay on any day within within_days, "
                                     "outside the payment windows.",
        "source": "The clause.",
        "note": "Shown with answers about newborns.",
    },
    "StudentRule": {
        "": "A rule for students.",
        "kind": "school (中小学生、幼儿) or university (大学生).",
        "freshman_benefit_start": "When a freshman's cover starts, when the notice sets it.",
        "source": "The clause.",
        "note": "What students are told.",
    },
    "MultipleIdentities": {
        "": "What happens when a resident belongs to several categories.",
        "rule": "highest: the most favourable subsidy applies (就高不就低). not_stated: the "
                "notice does not say (give a note).",
        "source": "The clause, for rule: highest.",
        "note": "What the notice says or leaves open.",
    },
    "Rules": {
        "": "Rules across categories.",
        "multiple_identities": "Residents with several identities. Required for local notices.",
    },
    "Fact": {
        "": "What the notice says on one topic, or that it says nothing.",
        "topic": "One of: how_to_pay, registration, receipt, refund, identity_change, "
                 "cross_region, waiting_period, newborn, student, other_benefits, "
                 "long_term_care, deadline, scope, fiscal_subsidy, subsidy_funding, "
                 "effective_date, identity_lists (who identifies the subsidised and provides "
                 "their lists), price_change (how the personal standard changed from last "
                 "year), coverage_target (an enrolment-rate target), organisation (how the offices "
                 "organise the collection: 台账, progress reports, publicity), collector (which office "
                 "collects the premium). "
                 "Local notices need each of how_to_pay, "
                 "registration, receipt, refund, identity_change, cross_region, "
                 "waiting_period, newborn and deadline.",
        "stated": "false when the notice says nothing on the topic: then `text` says so and "
                  "`ask` says who can answer. Default true.",
        "text": "What the notice says, in plain words residents understand.",
        "steps": "A procedure, one step per line (e.g. a payment path in an app).",
        "ask": "Required with stated: false: who can answer.",
        "source": "The clause. Required unless stated: false.",
        "categories": "Category ids this fact is said of alone (乌鲁木齐 五: 特困、低保… by 11月30日); "
                      "shown beside an answer for one of them only. Default: everyone.",
        "away_only": "true on a student fact said only when the question puts the school outside "
                     "the region and its province (娃在成都读大学). Default false.",
    },
}

ENUM_DESCRIPTIONS: dict[tuple[str, str], dict[str, str]] = {
    ("NoticeFile", "kind"): {
        "local": "a city/county notice with standards, categories and windows",
        "regional_rules": "province-wide rules applying to the regions under it",
    },
    ("SubsidyRule", "kind"): {
        "none": "no subsidy: the resident pays the whole standard",
        "full": "全额资助: the resident pays nothing",
        "amount": "定额资助: a fixed sum (give amount)",
        "percent": "a share of a standard (give percent, maybe of_tier)",
        "not_stated": "the notice names the group but not its subsidy (give a note)",
        "not_applicable": "the group does not pay into this insurance (give a note)",
        "exempt": "the group does not pay",
    },
    ("BenefitStart", "kind"): {
        "fixed": "on a fixed date (give date)",
        "next_month": "the first day of the month after paying",
        "next_day": "the day after paying",
        "birth_date": "from the day of birth",
        "not_stated": "the notice does not say (give a note)",
    },
}


def _describe(prop: dict[str, Any], text: str) -> dict[str, Any]:
    if "$ref" in prop:  # keep $ref alone: older validators ignore its siblings
        rest = {k: v for k, v in prop.items() if k != "$ref"}
        return {"description": text, "allOf": [{"$ref": prop["$ref"]}], **rest}
    return {**prop, "description": text}


def knowledge_schema() -> dict[str, Any]:
    """The JSON Schema of one knowledge file, with maintainer-facing descriptions."""
    raw = copy.deepcopy(NoticeFile.model_json_schema(mode="validation"))
    defs = raw.pop("$defs", {})
    models = {"NoticeFile": raw, **defs}
    for name, model in models.items():
        notes = DESCRIPTIONS.get(name, {})
        if "" in notes:
            model["description"] = notes[""]
        props = model.get("properties", {})
        for field_name, prop in list(props.items()):
            if field_name in notes:
                props[field_name] = _describe(prop, notes[field_name])
            enum_notes = ENUM_DESCRIPTIONS.get((name, field_name))
            if enum_notes and "enum" in props[field_name]:
                props[field_name]["enumDescriptions"] = [
                    enum_notes.get(v, "") for v in props[field_name]["enum"]
                ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **raw,
        "title": "医保缴费助手 knowledge file (one notice)",
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema exactly as committed in docs/knowledge.schema.json."""
    return json.dumps(knowledge_schema(), ensure_ascii=False, indent=2) + "\n"


def undocumented_fields() -> list[str]:
    """``Model.field`` for every field without a description (a test keeps this empty)."""
    schema = knowledge_schema()
    models = {"NoticeFile": schema, **schema["$defs"]}
    missing = []
    for name, model in models.items():
        if not model.get("description"):
            missing.append(name)
        for field_name, prop in model.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{name}.{field_name}")
    return missing
