"""The questions (slots), each declared once.

One row per question says everything the rest of the code needs to know about it:

- ``kind``: how it is asked and how typed text is read for it. ``choice``: one of the
  options (a button, a number in the console); ``multi``: several options ticked
  (identities); ``yes_no``; ``date``: a day, typed ("2024-01-15", "1月15日") or picked
  from a month and day grid.
- ``codes``: the values a button can carry for it, in the order the callback codec stores
  them (code 0 is "not answered"); ``flag_shift``: where those codes sit in the codec's
  flags byte (bot/telegram/codec.py). Dates are stored as days, the region and identities
  by position in the knowledge, so those rows need neither.
- ``resets``: answers that no longer hold once this one changes.
- ``asked``: whether the question can change the result for the answers so far; the flow
  skips it otherwise (Smart Answers: the flow only routes).

How each is worded lives in ``templates/questions.j2`` (prompt, options, its "change"
button, its name when still missing; the one-line summary is ``conversation/screens.j2``);
its Situation field is named after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Literal

from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase

SlotKind = Literal["choice", "multi", "yes_no", "date"]
Predicate = Callable[[KnowledgeBase, Situation], bool]


def _always(kb: KnowledgeBase, s: Situation) -> bool:
    return True


def _newborn_said(kb: KnowledgeBase, s: Situation) -> bool:
    return s.newborn is True


def _offered_not_asked(kb: KnowledgeBase, s: Situation) -> bool:
    """Answer first: most people are not newborns, so the flow does not ask; the identity
    screen and the answer offer "给新生儿参保" instead (bot/conversation/screens.py)."""
    return False


def asks_student(kb: KnowledgeBase, s: Situation) -> bool:
    """Only where a notice treats students differently (a freshman's cover start)."""
    if s.region is None:
        return False
    notice = kb.notice_for(s.region, s.paid_on)
    return any(r.freshman_benefit_start is not None for r in notice.model.students)


def asks_tier(kb: KnowledgeBase, s: Situation) -> bool:
    """Where the notice has tiers, unless every identity given fixes the tier."""
    if s.region is None:
        return False
    notice = kb.notice_for(s.region, s.paid_on)
    if not notice.tiers:
        return False
    known = {c.id for c in notice.model.categories}
    cats = [notice.category(i) for i in (s.identities or ()) if i in known]
    return not (cats and all(c.fixed_tier is not None for c in cats))


def _student_asked(kb: KnowledgeBase, s: Situation) -> bool:
    # A newborn is not at school; before the region is known we cannot tell, so ask later.
    return not s.newborn and (s.region is None or asks_student(kb, s))


def _tier_asked(kb: KnowledgeBase, s: Situation) -> bool:
    return s.region is None or asks_tier(kb, s)


@dataclass(frozen=True)
class Slot:
    name: str
    kind: SlotKind
    asked: Predicate = _always
    resets: tuple[str, ...] = ()  # cleared when the answer changes
    codes: tuple[object, ...] = ()  # (None, value1, value2 …): what a button stores
    flag_shift: int | None = None  # bit offset of the code in the codec's flags byte
    from_words: bool = False  # answering it by button drops what was read from typed words

    def code(self, value: object) -> int:
        return self.codes.index(value)

    def value(self, code: int) -> object:
        if not 0 <= code < len(self.codes):
            raise ValueError(f"{self.name}: code {code} out of range")
        return self.codes[code]

    def read_option(self, option: str) -> object:
        """An option's value (as questions list it, a string) as the Situation stores it."""
        if self.kind == "yes_no":
            return option == "yes"
        if self.codes:
            for v in self.codes:
                if v is not None and str(v) == option:
                    return v
            raise ValueError(f"{self.name}: no code for option {option!r}; add it to the slot's codes")
        return option


SLOT_TABLE: tuple[Slot, ...] = (
    Slot("region", "choice", resets=("identities", "student", "tier", "unlisted", "assumed")),
    Slot("identities", "multi", from_words=True),
    Slot("newborn", "yes_no", asked=_offered_not_asked, resets=("born_on", "student"),
         codes=(None, False, True), flag_shift=0),
    Slot("born_on", "date", asked=_newborn_said),
    Slot("student", "choice", asked=_student_asked, codes=(None, "none", "school", "university"),
         flag_shift=2),
    Slot("tier", "choice", asked=_tier_asked, codes=(None, 1, 2, 3), flag_shift=4),
    Slot("paid_on", "date"),
)
SLOTS: tuple[str, ...] = tuple(s.name for s in SLOT_TABLE)
BY_NAME: dict[str, Slot] = {s.name: s for s in SLOT_TABLE}
DATE_SLOTS: tuple[str, ...] = tuple(s.name for s in SLOT_TABLE if s.kind == "date")


def slot(name: str) -> Slot:
    return BY_NAME[name]


def missing_slots(kb: KnowledgeBase, s: Situation) -> list[str]:
    """The questions still to ask, in order: unanswered and able to change the result."""
    return [row.name for row in SLOT_TABLE if getattr(s, row.name) is None and row.asked(kb, s)]


def answer_slot(s: Situation, name: str, value: object) -> Situation:
    """``s`` with ``name`` answered: answers that depended on the old value are cleared."""
    row = BY_NAME[name]
    changes: dict[str, object] = {name: value}
    if getattr(s, name) != value:
        changes.update({field: _BLANK[field] for field in row.resets})
    if row.from_words:
        changes.update(unlisted=(), assumed=())
    return s.with_(**changes)


_BLANK: dict[str, object] = {f.name: f.default for f in fields(Situation)}
