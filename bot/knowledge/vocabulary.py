"""Names the knowledge files use that code elsewhere must agree with, each defined once.

Kept apart from ``models.py`` (which re-exports ``Topic``) so the understanding can import
them without loading pydantic: a cached knowledge base never does, and that import alone is
over 100 ms of a cold start.
"""

from __future__ import annotations

from typing import Literal, get_args

# A fact's topic (``facts[].topic`` in the YAML). knowledge/lint.py, understand/ask.py and
# understand/topics.py derive their lists from this one.
Topic = Literal[
    "how_to_pay",
    "registration",
    "receipt",
    "refund",
    "identity_change",
    "cross_region",
    "waiting_period",
    "newborn",
    "student",
    "other_benefits",
    "long_term_care",
    "deadline",
    "scope",
    "fiscal_subsidy",  # the per-person fiscal subsidy (人均财政补助): what the state pays in, not a benefit
    "subsidy_funding",  # where the money for a category's subsidy comes from (医疗救助基金 …)
    "effective_date",  # from when the notice itself applies (本通知自印发之日起施行)
    "identity_lists",  # which office identifies the subsidised and provides their lists (民政, 乡村振兴 …)
    "price_change",  # how the personal standard changed from last year (提高30元): beside the amount asked
    "coverage_target",  # the enrolment rate the notice sets as a target (参保率99%以上)
    "organisation",  # how the offices organise the collection (台账, 进度通报, 微信群): a worker's question
    "collector",  # which office collects the premium (税务部门), not how or where one pays
]
TOPICS: tuple[Topic, ...] = get_args(Topic)

# Endings the notices put on a category name: 低保 / 低保户 / 低保人员 / 低保对象 name one
# category. engine/resolve.py matches with them, understand/slots.py strips them (plus looser
# endings of its own) and understand/spelling.py ignores their characters when judging whether
# two words sound alike. Longest first for stripping; today every name with several of these
# endings means one category, so the order never picks between categories.
IDENTITY_SUFFIXES = ("人口", "人员", "对象", "家庭", "户")

# Endings of county-level names a resident leaves out (尼勒克 for 尼勒克县), longest first; an
# autonomous one's nationality goes too (和布克赛尔蒙古自治县 → 和布克赛尔): knowledge/places.py.
PLACE_SUFFIXES = ("自治州", "自治县", "自治旗", "地区", "县", "市", "区", "旗")
NATIONALITIES = ("哈萨克", "蒙古", "回族", "锡伯", "塔吉克", "柯尔克孜", "维吾尔", "土家族", "苗族",
                 "达斡尔族", "鄂温克族", "鄂伦春族", "满族", "藏族", "彝族", "壮族",
                 "侗族", "瑶族", "白族", "傣族")
