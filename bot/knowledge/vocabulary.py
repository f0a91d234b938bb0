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
]
TOPICS: tuple[Topic, ...] = get_args(Topic)
