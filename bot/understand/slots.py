"""Find the slots a free-text question states: region, identities, newborn, student, tier, dates, topic.

Word lists come from the knowledge (region and identity aliases), so a new notice's
aliases are understood without a code change; the few generic cue words live in
``cues.yaml`` beside this file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot import privacy
from bot.engine.notes import InputError
from bot.engine.resolve import NotListed, all_identity_words, resolve_identity
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.vocabulary import IDENTITY_SUFFIXES
from bot.understand import date_roles, dates, numbers, spelling, topics
from bot.understand.cues import CUES
from bot.understand.rough_age import RoughAge, rough_age


@dataclass
class Understood:
    text: str
    region: str | None = None
    identity_words: list[str] = field(default_factory=list)
    ordinary: bool = False
    newborn: bool | None = None
    born_on: dt.date | None = None
    born_month: dt.date | None = None  # only a year and month said ("2024年3月生的"): its 1st day
    born_span: RoughAge | None = None  # a rough age said ("出生快半年了"): the birth days it allows
    student: str | None = None
    tier: int | None = None
    paid_on: dt.date | None = None
    topic: str = "unknown"
    asks_money: bool = False
    sensitive: bool = False
    off_topic: bool = False  # another insurance or public service: the reply says whom to ask
    chatter: bool = False  # a place we know, a subject we don't
    admin_service: bool = False  # 医保卡补办, 异地就医备案…: no notice covers it, the reply says whom to ask
    ordinary_person: bool = False  # "老伴是普通牧民": an ordinary resident beside other identities
    invalid_dates: list[str] = field(default_factory=list)
    # no region named, but a province whose region-wide rules are on file ("新疆这边"): its name
    wide_region: str | None = None
    # the place inside that province the text names, whose own notice is not on file ("伊犁")
    wide_place: str | None = None
    # "我是伊犁认定的低保 在乌鲁木齐参保": another place of the same province where the status was
    # recognised (its region-wide rules say that place subsidises, by its standard)
    recognised_in: str | None = None
    # "乌拉特后旗": a place whose name holds one of a region's aliases but is another place, and
    # that region's name (乌拉特前旗); only when no region of ours is named
    lookalike: tuple[str, str] | None = None
    wide_document: bool = False  # the region-wide rules named by their 文号 ("48号文里…")
    # "一档二档有啥区别": every tier's figure, and what is said of their benefits
    compares_tiers: bool = False
    paid_before: bool = False  # "我交了医保": paid already, on a day not said
    school_starts: bool = False  # "9月份到重庆读大学": the month school starts was said
    # "12月25过了", "过了6月30号": a day the question measures from, not the day paid on
    measured_from: dt.date | None = None
    # "一档二档有啥区别" naming no region: the one region whose notice has tiers was taken
    region_from_tiers: bool = False
    # no place named, the region taken from a term only its notice has: (kind, word), kind
    # "category" (单纯低保户) or "component" (长期护理保险): understand/region_terms.py
    region_term: tuple[str, str] | None = None

    def anything(self) -> bool:
        return any((self.region, self.lookalike, self.identity_words, self.ordinary, self.newborn,
                    self.student, self.tier, self.paid_on))


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start]
    return any(neg in before for neg in CUES["negations"])


_WORK_PLACE = re.compile(
    "(?:" + "|".join(map(re.escape, CUES["work_before"])) + r")([^\s,，。.;；!！?？、]{1,12}?)"
    "(?=(?:" + "|".join(map(re.escape, CUES["work_after"])) + ")"
    "(?!" + "|".join(map(re.escape, CUES["work_not_then"])) + "))"
)


def _without_work_places(text: str) -> str:
    """"在浙江打工 老家酉阳": the place someone works in is blanked out, so it is not read as
    the region they live (and pay) in."""
    return _WORK_PLACE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "　" * len(m.group(1)), text)


def _find_region(kb: KnowledgeBase, text: str) -> tuple[str | None, str | None]:
    """The region the text names, by an alias or a place inside it (米东区 → 乌鲁木齐市). A
    place someone works in is not where they are insured ("去乌鲁木齐务工了 交多少"), unless
    the question points back at it ("在乌鲁木齐打工 能在这参保不")."""
    found = _find_region_in(kb, _without_birth_places(_without_work_places(text)))
    if found[0] is None and (any(w in text for w in CUES["here"]) or _lives_where_works(text)):
        found = _find_region_in(kb, text)
    return found if found[0] is not None else _by_province_app(kb, text)


_BORN_PLACE = re.compile(
    r"在([^\s,，。.;；!！?？、在]{1,8}?)(?=" + "|".join(map(re.escape, CUES["born_here_after"])) + ")")


def _without_birth_places(text: str) -> str:
    """"在长治生的 户口上了屯留": where the child is registered is where it is insured; the
    birth place is blanked only when a registration is said (else it is the region named)."""
    if not any(w in text for w in CUES["registered_in"]):
        return text
    return _BORN_PLACE.sub(lambda m: "在" + "　" * len(m.group(1)), text)


_REGISTERED = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(CUES["registered_in"], key=len, reverse=True)))
    + r")[^\s,，。.;；!！?？]{0,8}")


def _newborn_registration_blanked(u: Understood, text: str, region_word: str | None) -> str:
    """"娃户口上了屯留": a newborn registered in the region named is insured there, no family
    living away from home (the 户口 words of cross_region); "户口在河北" still is one."""
    if not (u.newborn or u.born_on or u.born_month) or not region_word:
        return text
    return _REGISTERED.sub(
        lambda m: "　" * len(m.group(0)) if region_word in m.group(0) else m.group(0), text)


def _lives_where_works(text: str) -> bool:
    """A steady job in the place named and the community there asking: where one lives too."""
    steady = [m for m in _WORK_PLACE.finditer(text)
              if text.startswith(tuple(CUES["settled_work"]), m.end(1))]
    return bool(steady) and any(w in text for w in CUES["home_asks"])


def _by_province_app(kb: KnowledgeBase, text: str) -> tuple[str | None, str | None]:
    """"蒙速办里头咋交": a province's app names the one region on file under that province."""
    for rk in kb.regions.values():
        alone = [o for o in kb.regions.values() if o.parent == rk.parent] == [rk]
        for app in rk.province_apps:
            if app in text and alone and rk.parent is not None:
                return rk.name, app
    return None, None


def _find_region_in(kb: KnowledgeBase, text: str) -> tuple[str | None, str | None]:
    """Only aliases are matched loosely: a slip in a town's name is too easily another place."""
    for place in kb.lookalikes():
        text = text.replace(place, "　" * len(place))
    for alias, region in _region_words(kb):
        if alias in text:
            return region, alias
    # a place of a province's rules named exactly is no slip for one of ours (乌什 is not 乌市)
    for name in kb.wide_region_names():
        for place in kb.place_words(name):
            text = text.replace(place, "　" * len(place))
    index = kb.region_alias_index(places=False)
    # Tolerate a one-character slip in longer names (乌鲁木其 → 乌鲁木齐).
    best: tuple[float, str] | None = None
    for alias in index:
        n = len(alias)
        if n < 4:
            continue
        for i in range(0, max(1, len(text) - n + 1)):
            score = fuzz.ratio(alias, text[i:i + n])
            if score >= 75 and (best is None or score > best[0]):
                best = (score, alias)
    if best:
        return index[best[1]], best[1]
    taken = [False] * len(text)
    for _, _, alias in spelling.sounds_alike(text, frozenset(index), taken, places=True):  # 屯流, 有阳
        return index[alias], alias
    return _region_slip(index, text)


def _lookalike(kb: KnowledgeBase, text: str) -> tuple[str, str] | None:
    """(乌拉特后旗, 乌拉特前旗): a place the knowledge marks as only looking like one of ours."""
    for rk in kb.regions.values():
        for place in rk.lookalikes:
            if place in text:
                return place, rk.name
    if any(w in text for w in CUES["work_after"]):
        return None  # "在成都打工": where someone works, not where they insure
    # a known city no notice on file covers: no neighbour of ours to mistake it for ("")
    return next(((place, "") for place in CUES["places_not_on_file"] if place in text), None)


def _find_wide_region(kb: KnowledgeBase, text: str) -> tuple[str | None, str | None]:
    """(the province, the place in it) named when no region is: "新疆这边", "自治区的规定" →
    (新疆维吾尔自治区, None); "伊犁" → (新疆维吾尔自治区, 伊犁), a place the rules file lists
    (region.places) whose own notice is not on file. Only where region-wide rules are on file;
    the rules file's lookalikes (other autonomous regions: 内蒙古自治区 holds 自治区) and the
    other provinces above our regions are blanked first."""
    rules = {n.model.region.name: n.model.region for n in kb.notices if n.model.kind == "regional_rules"}
    others = [rk.parent for rk in kb.regions.values() if rk.parent and rk.parent not in rules]
    for word in [*others, *(w for r in rules.values() for w in r.lookalikes)]:
        text = text.replace(word, "　" * len(word))
    for name, region in rules.items():
        place = _wide_place(kb.place_words(name), text)
        if place is not None:
            return name, place
        if any(alias in text for alias in {name, *region.aliases}) or _names_rules(kb, name, text):
            return name, None
    return None, None


def _wide_place(places: list[str], text: str) -> str | None:
    """The place named, the county rather than its prefecture when both are ("吐鲁番高昌区"):
    the one ending last, then the longest."""
    found = [(text.rfind(p) + len(p), len(p), p) for p in places if p in text]
    return max(found)[2] if found else None


def _names_rules(kb: KnowledgeBase, province: str, text: str) -> bool:
    """"新医保发2024 48号文里…": the region-wide rules named by their 文号 (its issuer's prefix,
    新医保发), so the question is about what those rules say, whatever place is meant."""
    return any(n.model.kind == "regional_rules" and n.model.region.name == province
               and (prefix := n.model.notice.doc_number.split("〔")[0]) and prefix in text
               for n in kb.notices)


def _region_words(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Aliases and places → region, longest first; built once per loaded knowledge."""
    words = kb.derived.get("understand_region_words")
    if words is None:
        words = sorted(kb.region_alias_index().items(), key=lambda kv: len(kv[0]), reverse=True)
        kb.derived["understand_region_words"] = words
    return words


def _region_slip(index: dict[str, str], text: str) -> tuple[str | None, str | None]:
    """屯流区 → 屯留区, 酉杨县 → 酉阳县: a three-character name with one wrong middle character,
    the first character and the 区/县/旗/市 right (shorter names are too easy to hit by chance)."""
    for alias, region in index.items():
        if len(alias) != 3 or alias[-1] not in "区县旗市":
            continue
        for i in range(len(text) - 2):
            window = text[i:i + 3]
            if window[0] == alias[0] and window[2] == alias[2] and window[1] != alias[1]:
                return region, alias
    return None, None


# Residents also end identity words with 群众 or a bare 人 (脱贫群众, 残疾人). Only free text
# strips these: the stem must keep 3 characters, a guard the exact matcher does not have.
SUFFIXES = tuple(sorted((*IDENTITY_SUFFIXES, "群众", "人"), key=len, reverse=True))


def _stem(word: str) -> str | None:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return None


def _vocabulary(kb: KnowledgeBase) -> dict[str, str]:
    """Every identity word, and its stem without 人口/人员/家庭… ("易返贫致贫的家庭" names
    易返贫致贫人口), each → the word the knowledge lists; longest first. Built once per
    loaded knowledge."""
    vocab = kb.derived.get("understand_vocabulary")
    if vocab is None:
        words = all_identity_words(kb)
        vocab = {w: w for w in words}
        for word in sorted(words):
            stem = _stem(word)
            if stem and stem not in vocab:
                vocab[stem] = word
            for said in _child_tails(word):
                vocab.setdefault(said, word)
        vocab = dict(sorted(vocab.items(), key=lambda kv: len(kv[0]), reverse=True))
        kb.derived["understand_vocabulary"] = vocab
    return vocab


def _child_tails(word: str) -> list[str]:
    """"事实无人抚养儿童" said as "事实无人抚养的娃": a category whose last noun is a word for a
    child, with any other such word (and a 的 before it) in its place."""
    tails = CUES["child_tails"]
    tail = next((t for t in tails if word.endswith(t)), None)
    if tail is None or len(word) - len(tail) < 3:
        return []
    front = word[: -len(tail)]
    return [f"{front}{joint}{t}" for t in tails for joint in ("", "的")]


def _in_region(kb: KnowledgeBase, region: str, word: str, today: dt.date) -> str:
    """A word the region does not list, as a word it does when only the generic ending
    differs (计划生育家庭 → 计划生育); else the word unchanged (reported as unlisted)."""
    def listed(candidate: str) -> bool:
        try:
            return not isinstance(resolve_identity(kb, region, candidate, today), NotListed)
        except InputError:  # a word no notice knows
            return False

    if listed(word):
        return word
    stem = _stem(word) or word
    for candidate in (stem, *(stem + suffix for suffix in SUFFIXES)):
        if candidate != word and listed(candidate):
            return candidate
    # The head noun comes last: 防止返贫监测对象 is a 监测对象. Not when the front is an
    # identity itself: 低保边缘户 is not a kind of 边缘户.
    known = all_identity_words(kb)
    for i in range(1, len(word) - 2):
        head, front = word[i:], word[:i]
        if front not in known and listed(head):
            return head
    return word


def identity_spans(kb: KnowledgeBase, text: str) -> list[tuple[int, int, str]]:
    """(start, end, word the knowledge lists) of each identity word in the text, in order:
    longest first, non-overlapping, negated ones skipped."""
    vocab = _vocabulary(kb)
    generic = set(CUES["generic_residents"])
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    for seen, word in vocab.items():
        if seen not in text:  # a plain substring test first: most words are absent
            continue
        for m in re.finditer(re.escape(seen), text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            for i in range(s, e):
                taken[i] = True
            if word in generic and any(c in text[e:e + 3] for c in CUES["insurance_after_generic"]):
                continue  # 城乡居民医保 names the insurance, not the person
            if not _negated(text, s):
                found.append((s, e, word))
    # Typed by sound: 低宝户, 特捆户, dibao户, and inside a sentence "都是低宝". A two-character
    # word must keep its first character (sounds_alike checks it): 低宝 is 低保, but 检测 is no
    # 监测, nor any everyday word that only sounds like one.
    longer = kb.derived.get("understand_sound_words")
    if longer is None:
        longer = kb.derived["understand_sound_words"] = frozenset(w for w in vocab if len(w) >= 2)
    for s, e, seen in spelling.sounds_alike(text, longer, taken):
        if not _negated(text, s):
            found.append((s, e, vocab[seen]))
    found.sort()
    return found


def ordinary_words() -> set[str]:
    return set(CUES["ordinary"]) | set(CUES["generic_residents"])


def _find_identities(kb: KnowledgeBase, text: str) -> tuple[list[str], bool]:
    """Identity words in the text, longest first, non-overlapping, skipping negated ones."""
    found = identity_spans(kb, text)
    plain = ordinary_words()
    words = [w for _, _, w in found if w not in plain]
    ordinary = any(w in plain for _, _, w in found) or any(c in text for c in CUES["ordinary"])
    return list(dict.fromkeys(words)), ordinary and not words


def _student(text: str) -> str | None:
    if any(c in text for c in CUES["university"]):
        return "university"
    if any(c in text for c in CUES["school"]):
        return "school"
    return None


def understand(kb: KnowledgeBase, raw: str, today: dt.date) -> Understood:
    # A resident's question is short; cap the work. 醫保 reads as 医保.
    text = spelling.simplified(numbers.normalise(raw or "")[:2000])
    u = Understood(text=text, sensitive=privacy.contains_sensitive(text))
    if u.sensitive:
        text = privacy.redact(text)
    question = _question_part(text)
    u.region, region_word = _find_region(kb, question)
    if u.region is None and question is not text:  # the notice pasted above names the region
        u.region, region_word = _find_region(kb, text)
    if u.region is None:
        u.wide_region, u.wide_place = _find_wide_region(kb, question)
        u.lookalike = _lookalike(kb, question)
        u.wide_document = u.wide_region is not None and _names_rules(kb, u.wide_region, question)
    elif any(w in question for w in CUES["recognised"]):
        u.recognised_in = _find_wide_region(kb, question)[1]
    text = question  # its dates, tiers and categories are the notice's, not the resident's
    u.identity_words, u.ordinary = _find_identities(kb, text)
    u.ordinary_person = any(w in text for w in CUES["ordinary_person"])
    if u.region is not None:
        u.identity_words = list(dict.fromkeys(_in_region(kb, u.region, w, today) for w in u.identity_words))
    u.tier = numbers.tier(text)
    u.student = _student(text)
    _read_dates(u, text, today)
    if u.tier is None and u.region is not None:
        u.tier = _tier_by_amount(kb, u.region, text)
    _read_topic(u, text, region_word)
    _school_year_began(u, text, today)
    return u


def _school_year_began(u: Understood, text: str, today: dt.date) -> None:
    """"9月交的学年医保 管到啥时候": a month gone by is when the school year paid for began, not a
    payment to judge against this year's windows (a day to come still is one)."""
    if u.topic == "student" and u.paid_on is not None and u.paid_on <= today and any(
            w in text for w in CUES["school_year"]):
        u.paid_on = None


_NOTICE_MARKS = re.compile(
    r"〔\d{4}〕|通知|有关事宜|现将|根据|各有关|[一二三四五六七八九十]、|（[一二三四五六七八九十]）"
)


def _question_part(text: str) -> str:
    """The resident's own question when a notice is pasted ahead of it: the last sentence.
    A long text with a notice's marks (文号, 一、 （一）, 通知, 现将 …) is taken as pasted."""
    if len(text) < 120 or len(_NOTICE_MARKS.findall(text)) < 2:
        return text
    parts = [p for p in re.split(r"(?<=[。！？!?\n])", text) if p.strip()]
    return parts[-1] if parts and len(parts[-1]) < len(text) else text


def _read_dates(u: Understood, text: str, today: dt.date) -> None:
    """The payment day, a birth (day or cue) and the dates that do not exist."""
    newborn_cue, payment_days = _mentioned_dates(u, text, today)
    if date_roles.asks_now(text):  # "过年回来才交 现在还交得到不": today's payment is asked
        payment_days = [m for m in payment_days if date_roles.outlives_now(m)]
    paid = min(payment_days, key=_payment_rank) if payment_days else None
    u.paid_on = paid.date if paid else None
    if newborn_cue and u.born_on is None:
        _birth_without_day(u, text, today)
    newborn_cue = _rough_age(u, text, today) or newborn_cue
    if paid is not None and u.born_on is not None:
        u.paid_on = _after_birth(paid, u.born_on)
    if newborn_cue:
        u.newborn = True
        if u.student == "school" and not any(c in text for c in CUES["school_strict"]):
            u.student = None  # 孩子 / 娃 alone mean a child, not a pupil


def _mentioned_dates(u: Understood, text: str, today: dt.date) -> tuple[bool, list[dates.DateMention]]:
    """(whether a birth is mentioned, the payment days): a birth's day and the dates that do
    not exist go into ``u``."""
    newborn_cue = any(c in text for c in CUES["newborn"])
    payment_days: list[dates.DateMention] = []
    for m in dates.parse_dates(text, today):
        if m.date is None:
            u.invalid_dates.append(m.text)
            continue
        kind = _date_kind(text, m)
        u.school_starts = u.school_starts or date_roles.starts_school(text, m)
        if kind == "birth":
            # "今年生的", "上周刚出生": a newborn, but the day is still to ask (the 90-day
            # rule counts from it, so a day the resident did not name is never taken)
            if m.precision == "day" and not m.rough:
                u.born_on = _in_the_past(m, today)
            elif _whole_month(m) and (month := _in_the_past(m, today)) and month <= today:
                u.born_month = month  # "今年8月在屯留生的": the month, the day still unsaid
            newborn_cue = True
        elif kind == "payment":
            payment_days.append(m)
        elif kind == "reference":
            u.measured_from = m.date
            if (after := date_roles.payment_after(text, m, today)) is not None:
                payment_days.append(after)
    return newborn_cue, payment_days


def _whole_month(m: dates.DateMention) -> bool:
    """A calendar month named (8月, 今年8月), not a part of one (9月中旬) nor a lunar one."""
    return (m.precision == "month" and not m.lunar and m.date is not None and m.last is not None
            and m.date.day == 1 and (m.last + dt.timedelta(days=1)).day == 1)


def _birth_without_day(u: Understood, text: str, today: dt.date) -> None:
    """A birth mentioned without a dated mention: its day, or the calendar month named."""
    birth = dates.parse_birth(text, today)
    # A day only: "刚满月" or "3个月大" is too rough for the 90-day rule, so the flow asks.
    if birth is not None and birth.born_on is not None and birth.precision == "day":
        u.born_on = birth.born_on
    elif birth is not None and birth.born_on is not None and _calendar_month(birth):
        u.born_month = birth.born_on


def _rough_age(u: Understood, text: str, today: dt.date) -> bool:
    """"娃出生快半年了", "宝宝五个多月": with no day or month of birth said, the birth days a
    rough age allows; True when it is a child under a year (a newborn to the notices' rules)."""
    if u.born_on is not None or u.born_month is not None:
        return False
    age = rough_age(text, today)
    if age is None or (today - age.earliest).days > ROUGH_AGE_DAYS:
        return False
    u.born_span = age
    return True


ROUGH_AGE_DAYS = 365  # older than a year is no newborn, whatever the words


def _calendar_month(birth: dates.BirthMention) -> bool:
    """"2024年3月生的", "8月出生": a calendar month named, not "刚满月" or "3个月大" (a
    month counted back from today) nor "9月中旬" (a part of one)."""
    assert birth.born_on is not None
    return (birth.precision == "month" and birth.born_on.day == 1
            and not any(w in birth.text for w in ("满月", "个月", "旬")))


def _after_birth(paid: dates.DateMention, born_on: dt.date) -> dt.date | None:
    """"娃2024年3月1号出生 7月10号才去交": a payment day whose year was not said follows the
    birth it is told after, so it is the first such day on or after the birth."""
    day = paid.date
    if day is None or day >= born_on or not paid.year_inferred or paid.relative:
        return day
    for year in (born_on.year, born_on.year + 1):
        try:
            moved = day.replace(year=year)
        except ValueError:  # 2月29日 in a year without one
            continue
        if moved >= born_on:
            return moved
    return day


def _in_the_past(m: dates.DateMention, today: dt.date) -> dt.date | None:
    """A birth has happened: "3月2号出生" said in February is last year's 3 March."""
    day = m.date
    if day is not None and day > today and m.year_inferred and not m.relative:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 2月29日 of a leap year: the year before has none
            return None
    return day


# "在乌鲁木齐生的": 生的 / 生了 / 生下 after the place of birth, not the tail of 学生, 医生 …
_BORN_IN_CLAUSE = re.compile("在[^在]{1,8}?(?<![学医先卫师考新究])生[的了下]")


def _date_kind(text: str, m: dates.DateMention) -> str | None:
    """"birth", "payment", or None (a death, a deadline repeated, a rough mention)."""
    if date_roles.starts_school(text, m):
        return None  # "9月份到重庆读大学": when school starts
    after = text[m.end:m.end + 4]
    clause = re.split(r"[，。？！,.?!;；]", text[m.end:m.end + 12])[0]  # "24号在儿童医院出生的"
    if any(c in after for c in CUES["birth_after_date"]) or any(c in clause for c in ("出生", "出世")):
        return "birth"
    if _BORN_IN_CLAUSE.search(re.split(r"\s", clause)[0]):
        return "birth"  # "10月25号在乌鲁木齐生的": the place between the day and the birth
    if after.startswith(tuple(CUES["birth_right_after_date"])) and not after.startswith(
            tuple(CUES["not_birth_after_date"])):
        return "birth"  # "下个月生", "12月底生": a birth, even one to come
    if date_roles.is_reference(text, m):
        return "reference"  # "12月25过了", "过了6月30号": measured from, not paid on
    if any(c in after for c in CUES["not_payment_after_date"]):
        return None  # "11月走了": a death, not a payment day
    if dates.P_RECENT.fullmatch(m.text) and not re.search("[交缴买]", clause):
        return None  # "上周已经申请了": a day only said for what follows it, a payment or not
    if m.precision in ("day", "month") and not _a_limit(text, m):
        return "payment"
    return None


def _read_topic(u: Understood, text: str, region_word: str | None) -> None:
    """What is asked, and whether it is ours to answer at all."""
    # An identity name can hold topic words (计划生育手术并发症人员 holds 生育); "退出低保" must stay.
    topic_text = _blank(text, [w for w in u.identity_words if topics.classify_topic(w)])
    topic_text = _newborn_registration_blanked(u, topic_text, region_word)
    topic = topics.classify_topic(topic_text)
    u.asks_money = topic == "how_much" or any(c in topic_text for c in CUES["money"])
    if _off_our_subjects(u, text):
        u.topic, u.paid_on = "unknown", None  # "乌市今天天气咋样": not a payment day
        return
    if _admin_service(topic, topic_text):
        u.admin_service, u.topic, u.paid_on = True, "unknown", None  # "医保卡丢了咋补办"
        return
    u.topic = _settled_topic(u, text, topic_text, region_word, topic)
    u.paid_before = u.paid_on is None and any(w in text for w in CUES["paid_already"])
    if u.paid_before and u.topic == "deadline" and topics.asks_cover(topic_text):
        u.topic = "benefit_start"  # "集中期过了才补交的 今天住院能报吗": the cover of a payment made


# what a service question reads as by its words ("电子凭证" is a receipt's, "异地就医" living
# elsewhere's); a question asking money, a date or a channel beside it stays ours
_ADMIN_AS = (None, "registration", "cross_region", "receipt", "other_benefits", "how_to_pay")


def _admin_service(topic: str | None, topic_text: str) -> bool:
    """"医保卡丢了去哪补", not "用医保电子凭证怎么交医保" (paying is ours)."""
    named = any(w in topic_text for w in CUES["admin_services"])
    return named and topic in _ADMIN_AS and not re.search("[交缴]", topic_text)


def _off_our_subjects(u: Understood, text: str) -> bool:
    """Off topic or chatter ("乌市今天天气咋样"), unless the text names something of ours."""
    ours = (u.identity_words or u.newborn or u.student or u.tier
            or any(c in text for c in CUES["to_employee"]))
    u.off_topic = _off_topic(text, CUES["off_topic"]) and not ours
    u.chatter = _off_topic(text, CUES["chatter"]) and not ours
    return bool(u.off_topic or u.chatter)


def _settled_topic(
    u: Understood, text: str, topic_text: str, region_word: str | None, topic: str | None
) -> str:
    """The topic as the rest of the question settles it."""
    if topic == "fiscal_subsidy" and u.identity_words and (u.asks_money or "人均" not in topic_text):
        # "稳定脱贫户 政府补多少": the category's own subsidy, beside its figure; the state's
        # per-person subsidy to everyone only when asked as such (人均)
        topic, u.asks_money = "how_much", True
    u.compares_tiers = topics.compares_tiers(topic_text)
    if u.compares_tiers:
        topic, u.asks_money = "how_much", True
    topic = _read_as_said(u, text, topic_text, topic)
    if topic == "subsidy_funding" and u.region is not None:
        topic = "how_much"  # a local notice's figures name who pays each share of the subsidy
    if topic is None and (u.paid_on is not None or u.measured_from is not None):
        # "12月31号交行不": a day and nothing else asked is "can I pay then"; "12月25过了
        # 还能补不": can I pay now, after it
        topic = "deadline"
    if topic is None and _chatter(u, text, region_word):
        u.chatter = True  # "酉阳 龚滩古镇好耍不"
        topic = "unknown"
    if topic is None:
        topic = "how_much" if u.anything() else "unknown"
    return topic


def _read_as_said(u: Understood, text: str, topic_text: str, topic: str | None) -> str | None:
    """Words that look like another topic, read with the day or the birth the text names."""
    born = u.born_on or u.born_month or u.newborn
    if topic == "other_benefits" and born and topics.births_cover(topic_text):
        return "benefit_start"  # "娃5月份生的…生孩子那会儿的费用能报吗": the newborn's cover from birth
    dated_birth = u.born_on or u.born_month
    if topic in (None, "newborn") and dated_birth and date_roles.this_and_next_year(topic_text):
        return "how_much"  # "今年8月生的 今年要交不 明年的呢": next year's figure, the rule beside
    if topic == "how_to_pay" and (u.paid_on or "现在" in text) and topics.asks_can_pay(topic_text):
        return "deadline"  # "今天27号去税务大厅交 能交上吗": the verdict on that day, the channel beside
    if (topic in _OFFICE_ASKS and topics.asks_amount(topic_text)) or (
            u.identity_words and _category_money(topic, topic_text)):
        # "动员归哪个部门管 学生一个交多少": the figure, the office's words beside;
        # "老复员军人咋个交", "算哪档 还要交钱不", "低保户 医疗救助给多少": the category's figure
        u.asks_money = True
        return "how_much"
    return _school_year(u, text, topic)


def _school_year(u: Understood, text: str, topic: str | None) -> str | None:
    """"在学校交的学年医保 能用到啥时候", "9月份去读大学 在学校交的": the notice's rule on school
    years and new students (酉阳 三)."""
    school = u.school_starts or any(w in text for w in CUES["school_year"])
    return "student" if u.student and topic in _SCHOOL_YEAR_ASKS and school else topic


def _category_money(topic: str | None, topic_text: str) -> bool:
    """A category's own figure asked in words that look like a channel or a benefit; "咋个交":
    what they pay (全额资助 …), the channel line beside it."""
    if topic == "how_to_pay" and topics.asks_how_only(topic_text):
        return True
    if topic in _MUST_PAY_ASKS and topics.asks_must_pay(topic_text):
        return True
    return topic == "other_benefits" and topics.assistance_pays(topic_text)


# topics a must-I-pay question reads as when the words name a place or a channel ("算哪档 要交钱吗")
_MUST_PAY_ASKS = (None, "how_to_pay", "cross_region", "registration")
# which office does what: asked beside an amount, both are answered (cues.yaml beside_topics)
_OFFICE_ASKS = ("identity_lists", "organisation")
_SCHOOL_YEAR_ASKS = (None, "student", "deadline", "benefit_start", "how_to_pay", "registration")


def _tier_by_amount(kb: KnowledgeBase, region: str, text: str) -> int | None:
    """"交755那个档次": a number that is exactly one tier's standard names that tier."""
    standards = kb.regions[region].latest().model.standards
    if len(standards) < 2:
        return None
    return numbers.tier_by_standard(text, {s.standard: s.tier for s in standards if s.tier is not None})


def _a_limit(text: str, m: dates.DateMention) -> bool:
    """"截到25号" / "是不是到2月底": the notice's deadline repeated, not the resident's day."""
    before = "".join(text[max(0, m.start - 16):m.start].split())[-10:]
    if any(before.endswith(w) for w in CUES["limit_before_date"]):
        return True
    if any(text.startswith(w, m.end) for w in CUES["limit_after_date"]):
        return True  # "也是12月31号截止吗"
    return before.endswith("到") and m.text.endswith(("底", "末"))


def _payment_rank(m: dates.DateMention) -> tuple[int, int]:
    """A named day beats a bare "25号", which beats a month ("这个月"); then the earlier one.
    The festival itself ("元月回来过年才交", "腊月回家过年再交") is the occasion the story is set
    around: any month or day named beside it is when the payment is."""
    if m.lunar and dates.P_SPRING.fullmatch(m.text):
        return (3, m.start)
    if m.precision == "day":
        bare = not m.relative and not any(c in m.text for c in "月./-")
        return (1 if bare else 0, m.start)
    return (2, m.start)


def _blank(text: str, words: list[str]) -> str:
    for word in sorted(filter(None, words), key=len, reverse=True):
        text = text.replace(word, "　")
    return text


def _chatter(u: Understood, text: str, region_word: str | None) -> bool:
    """Only a region and words about something else: nothing of ours is named or asked.
    A region alone ("乌鲁木齐") is not chatter: the guided questions start from it."""
    if u.identity_words or u.ordinary or u.newborn or u.student or u.tier:
        return False
    if any(c in text for c in CUES["insurance"]):
        return False
    rest = re.sub(r"[\s\W_]+", "", _blank(text, [region_word or ""]))
    return len(rest) >= 3


def _off_topic(text: str, words: list[str]) -> bool:
    """Another product or subject named, and no word of ours once it is taken out."""
    rest = _blank(text, words)
    return rest != text and not any(c in rest for c in CUES["insurance"])
