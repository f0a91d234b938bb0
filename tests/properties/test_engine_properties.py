"""Properties of the engine that hold for every region, category, tier and date.

* money adds up: subsidy + personal == standard whenever all three are known, for medical
  and long-term care alike; nothing is negative; the payer shares, when all are stated, add
  up to the subsidy; the total is the sum of the personal parts;
* cover never ends before it starts;
* every name, label and alias of a category, typed as the notice writes it, finds it;
* the same question gets the same answer, whatever was asked in between;
* free text, whatever it is (CJK, emoji, control characters, 5,000 characters), gets a
  reply and never an exception.

Every cell of the knowledge matrix (bot.maintain.matrix) is checked exhaustively; on top,
hypothesis draws situations the matrix does not hold: several identities at once, any
date in 2023-2025, newborns of any age, students.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from bot.engine.answer import Answer, Contribution
from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.engine.resolve import all_identity_words, resolve_identity
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.maintain.matrix import region_categories, region_dates, region_tiers, situations
from bot.present import answer_json, answer_text, ask_reply
from bot.understand.ask import AskResult, ask

FIRST, LAST = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
TODAY = dt.date(2024, 1, 15)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- the properties ------------------------------------------------------------------------


def check_contribution(c: Contribution | None, what: str) -> None:
    if c is None:
        return
    for name in ("standard", "subsidy", "personal"):
        value = getattr(c, name)
        assert value is None or value >= 0, f"{what}.{name} = {value}"
    if c.standard is not None and c.subsidy is not None and c.personal is not None:
        assert c.subsidy + c.personal == c.standard, f"{what}: {c.subsidy} + {c.personal} != {c.standard}"
    shares = [p.amount for p in c.subsidy_split]
    if shares and None not in shares and c.subsidy is not None:
        assert sum(s for s in shares if s is not None) == c.subsidy, f"{what}: shares {shares} != {c.subsidy}"


def check_answer(a: Answer) -> None:
    check_contribution(a.medical, "medical")
    check_contribution(a.long_term_care, "long_term_care")
    if a.total_personal is not None:
        parts = [a.medical.personal] + ([a.long_term_care.personal] if a.long_term_care else [])
        assert None not in parts
        assert a.total_personal == sum(p for p in parts if p is not None)
    for alt in a.alternatives:
        for key in ("personal", "total_personal"):
            assert alt[key] is None or alt[key] >= 0, alt
    if a.benefit_start is not None and a.benefit_end is not None:
        assert a.benefit_start <= a.benefit_end, (a.benefit_start, a.benefit_end)
    if a.payment_open is False:
        assert a.benefit_end is None


def same_twice(kb: KnowledgeBase, s: Situation, a: Answer, between: Situation | None = None) -> None:
    """``s`` asked again (after ``between``, if given) gives exactly the same answer."""
    if between is not None:
        with contextlib.suppress(InputError):
            calculate(kb, between)
    again = calculate(kb, s)
    assert answer_json(again) == answer_json(a)
    assert answer_text(again) == answer_text(a)


# -- every matrix cell -----------------------------------------------------------------------


def test_every_matrix_cell_adds_up_and_is_repeatable(kb):
    cells = list(situations(kb, today=TODAY))
    assert len(cells) > 1000
    answered = 0
    for i, s in enumerate(cells):
        try:
            a = calculate(kb, s)
        except InputError:
            continue
        answered += 1
        check_answer(a)
        same_twice(kb, s, a, between=cells[(i * 7919) % len(cells)])
    assert answered > len(cells) // 2


def test_every_word_for_a_category_resolves_to_it(kb):
    """Names, labels and aliases, as the notices write them (独生子女、双女户, 1、2级重度残疾人),
    resolve to their own category: typed text and the index are cleaned alike."""
    for rk in kb.regions.values():
        for notice in rk.notices:
            for c in notice.model.categories:
                for word in (c.id, c.name, c.label, *c.aliases):
                    if word:
                        assert resolve_identity(kb, rk.name, word, notice.first_day) == c.id, word


# -- drawn situations ------------------------------------------------------------------------


@st.composite
def situations_drawn(draw: st.DrawFn, kb: KnowledgeBase) -> Situation:
    region = draw(st.sampled_from(sorted(kb.regions)))
    categories = region_categories(kb, region)
    identities = draw(st.one_of(
        st.none(),
        st.lists(st.sampled_from(categories), max_size=3, unique=True).map(tuple),
    ))
    tier = draw(st.sampled_from([None, *region_tiers(kb, region)]))
    paid_on = draw(st.one_of(st.sampled_from(region_dates(kb, region)), st.dates(FIRST, LAST)))
    newborn = draw(st.booleans())
    born_on = None
    if newborn:
        age = draw(st.one_of(st.integers(0, 40), st.integers(0, 800)))
        born_on = paid_on - dt.timedelta(days=age)
    student = draw(st.sampled_from(["none", "school", "university"]))
    return Situation(region=region, identities=identities, newborn=newborn, born_on=born_on,
                     student=student, tier=tier, paid_on=paid_on)  # type: ignore[arg-type]


KB = KnowledgeBase.load()  # strategies are built at import (and a fixture would be printed on failure)


@SETTINGS
@given(s=situations_drawn(KB), other=situations_drawn(KB))
def test_drawn_situations_add_up_and_are_repeatable(s: Situation, other: Situation):
    kb = KB
    try:
        a = calculate(kb, s)
    except InputError:
        reject()  # e.g. a tier the region does not have: refused politely, not a property
    check_answer(a)
    same_twice(kb, s, a, between=other)


# -- free text --------------------------------------------------------------------------------


def _vocabulary(kb: KnowledgeBase) -> list[str]:
    words = set(all_identity_words(kb))
    for rk in kb.regions.values():
        words.update({rk.name, rk.short_name, *rk.aliases})
    words.update({
        "交多少", "多少钱", "什么时候", "截止", "几号", "哪天开始", "怎么交", "退费", "新生儿", "宝宝",
        "刚出生", "学生", "大学生", "一档", "二档", "档次", "今天", "明天", "下个月", "明年", "去年",
        "2024年1月5日", "2023-12-31", "1月15号", "十二月", "二〇二四年", "13800138000",
        "110101199003071234", "不是", "是", "/start", "?", "？", "！", " ", "\n", "😀", "🏥", "👶🏻",
        "\u200b", "\ufeff", "ａｂｃ", "１２３",
    })
    return sorted(words)


VOCAB = _vocabulary(KB)
any_text = st.text(max_size=300)
cjk_text = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=300)
emoji_text = st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=100)
phrases = st.lists(st.one_of(st.sampled_from(VOCAB), any_text.map(lambda t: t[:8])), max_size=25).map("".join)
long_text = st.builds(
    lambda unit, n, tail: (unit * n)[:5000] + tail,
    st.one_of(st.sampled_from(VOCAB), st.text(min_size=1, max_size=20)),
    st.integers(100, 5000),
    st.text(max_size=20),
)
texts = st.one_of(any_text, cjk_text, emoji_text, phrases, long_text, st.text(min_size=4000, max_size=5000))


@SETTINGS
@given(text=texts, today=st.dates(FIRST, LAST))
def test_free_text_never_raises(text: str, today: dt.date):
    result = ask(KB, text, today)
    assert isinstance(result, AskResult)
    reply = ask_reply(KB, result)
    assert isinstance(reply, str) and reply.strip()
    if result.answer is not None:
        check_answer(result.answer)
