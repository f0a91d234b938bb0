"""The people a free-text question names: "爷爷奶奶是低保，爸妈普通，宝宝8月出生" is five
people in three members (2 × 低保, 2 × ordinary, 1 newborn), not one person with many
identities.

Kinship words, counts ("两个低保", "一家三口") and the identity, ordinary, student and newborn
words after them are read in order: an identity word belongs to the people named just before
it. Word lists live in ``cues.yaml``; only the reading order is code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.engine.identities import resolve_identities
from bot.engine.notes import InputError
from bot.engine.resolve import Ambiguous, resolve_identity
from bot.engine.situation import Situation
from bot.knowledge.base import KnowledgeBase
from bot.understand.numbers import tier_spans, to_int
from bot.understand.slots import CUES, Understood, _in_region, identity_spans, ordinary_words
from bot.understand.umbrella import settled_by_question
from bot.understand.units import Unit, household_units

ORDINARY = "ordinary"
KIN: dict[str, int] = CUES["kin"]
KIN_WORDS = sorted(KIN, key=len, reverse=True)
NUMERALS: dict[str, int] = CUES["count_numerals"]
_NUMBER = r"(\d{1,2}|[" + "".join(NUMERALS) + "])"
_SIZE = re.compile("|".join(re.escape(p).replace("N", _NUMBER) for p in CUES["household_size"]))
_MEASURE = "(?:" + "|".join(map(re.escape, CUES["count_measures"])) + ")"
# A count says how many people: "两个", "2位", or 俩/两 alone; a bare digit is a year or a tier.
# "一个上高中": a verb may stand between the count and what the people are.
_VERB = "(?:" + "|".join(map(re.escape, CUES["count_then"])) + ")?"
_COUNT = re.compile(_NUMBER + _MEASURE + "$|([" + "".join(CUES["bare_counts"]) + "])$")
_COUNT_VERB = re.compile(_NUMBER + _MEASURE + _VERB + "$")
# "两个交一档两个交二档", "一个一档 三个二档": a count right before a tier is a group on that tier
_TIER_VERB = "(?:" + "|".join(map(re.escape, CUES["count_then_tier"])) + ")?"
_COUNT_TIER = re.compile(_NUMBER + _MEASURE + "人?" + _TIER_VERB + "$")
_ALL = tuple(CUES["all_of_them"])
# "其他仨都是普通的": a count after "the others" names a group of its own, whatever "都" says
_OTHERS = re.compile("(?:" + "|".join(map(re.escape, CUES["others_lead"])) + ")" + _NUMBER + _MEASURE + "?"
                     "(?:" + "|".join(map(re.escape, CUES["others_then"])) + ")?$")
# "低保户十三个人": a count said after the category names a group of that many people
_NOUN = "(?:" + "|".join(map(re.escape, CUES["count_after_nouns"])) + ")?"
_MEASURE_AFTER = ("(?:" + "|".join(map(re.escape, CUES["count_after"])) + ")"
                  "(?!" + "|".join(map(re.escape, CUES["count_after_not_then"])) + ")")
# "吃低保的一共32个人": the leading words may come together, and a space may stand between
# (a space only beside those words: "单纯低保 两个孙子" is two grandchildren)
_LEAD = "(?:" + "|".join(map(re.escape, CUES["count_after_lead"])) + ")"
_AFTER = re.compile(_NOUN + "(?:(?:\\s*" + _LEAD + "){1,3}\\s*)?"
                    "(\\d{1,4}|[" + "".join(NUMERALS) + "百千零]{1,5})" + _MEASURE_AFTER)
# "普通800人": after an ordinary word only digits count ("爸妈普通的两个娃" is two children)
_AFTER_ORDINARY = re.compile(_NOUN + "(\\d{1,4})" + _MEASURE_AFTER)
# "低保30 特困4": a bare number, then a space, a clause break or the end
_BARE = re.compile(_NOUN + "(\\d{1,4})(?=\\s|$|" + "|".join(map(re.escape, CUES["clause_breaks"])) + ")")


@dataclass
class ReadMember:
    """One member as read from the text: ``count`` people alike."""

    count: int = 1
    identity_words: list[str] = field(default_factory=list)
    identities: list[str] = field(default_factory=list)  # category ids (in the region, if known)
    unlisted: list[str] = field(default_factory=list)
    assumed: list[tuple[str, str]] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    ordinary: bool = False
    newborn: bool = False
    born_on: dt.date | None = None
    born_month: bool = False  # born_on is the 1st of the month said, the day was not
    student: str | None = None
    tier: int | None = None  # the tier said of this member ("我和老婆交二档"); None: the question's
    words: list[str] = field(default_factory=list)  # the words it was read from, in order
    kin: list[str] = field(default_factory=list)
    end: int = 0  # where its last word ends in the text

    @property
    def label(self) -> str | None:
        return CUES["label_joiner"].join(self.kin) or None

    @property
    def said(self) -> bool:
        """Something beyond who they are was said of them: a further kinship word is someone else."""
        return bool(self.identity_words or self.ordinary or self.student or self.tier)


def people(members: list[ReadMember]) -> int:
    return sum(m.count for m in members)


def described(members: list[ReadMember]) -> list[ReadMember]:
    """The members something is said of: "儿媳妇预产期12月底 娃…还能交不" asks about the baby;
    the mother named only as a kinship word is context, for a question that is not a sum."""
    return [m for m in members if m.said or m.newborn or m.tier or m.count > 1]


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMERALS.get(word)


def _count_before(text: str, start: int, verb: bool = False) -> tuple[int, int] | None:
    """(count, where the count starts) of "两个" / "2位" / "俩" right before ``start``; with
    ``verb``, also "一个上" (a pupil's school, a newborn: "一个上高中 一个刚出生")."""
    m = _COUNT.search(text[max(0, start - 3):start])
    if m is None and verb:
        m = _COUNT_VERB.search(text[max(0, start - 3):start])
    if m is None:
        return None
    n = _number(m.group(1) or m.group(2))
    return None if n is None else (n, start - (len(m.group(0))))


def _count_before_tier(text: str, start: int) -> tuple[int, int] | None:
    """(count, where it starts) of "两个交" right before a tier word."""
    m = _COUNT_TIER.search(text[max(0, start - 6):start])
    n = _number(m.group(1)) if m else None
    return None if m is None or n is None else (n, start - len(m.group(0)))


def _others_count(text: str, start: int) -> tuple[int, int] | None:
    """(count, where it starts) of "其他仨都是" right before ``start``: the rest of the household."""
    m = _OTHERS.search(text[max(0, start - 8):start])
    n = _number(m.group(1)) if m else None
    return None if m is None or n is None else (n, start - len(m.group(0)))


def _count_after(text: str, end: int, kind: str = "identity", bare: bool = False) -> tuple[int, int] | None:
    """(count, where it ends) of "十三个人" right after a category word ("低保户十三个人"), or
    "150个" after an ordinary word with its noun ("普通牧民150个"); with ``bare``, also a number
    alone in a village's list ("低保30 特困4")."""
    m = (_AFTER if kind == "identity" else _AFTER_ORDINARY).match(text, end)
    if m is None and bare:
        m = _BARE.match(text, end)
    n = to_int(m.group(1)) if m else None
    return None if m is None or not n else (n, m.end())


def _listed_bare(text: str, mentions: list[tuple[int, int, str, str]]) -> bool:
    """The text lists categories with bare numbers ("低保30 特困4"), enough of them (cues.yaml
    ``bare_count_list``) that a number after a category word is its count, not an amount."""
    pairs = sum(1 for _, e, kind, _ in mentions if kind in ("identity", "ordinary") and _BARE.match(text, e))
    return pairs >= CUES["bare_count_list"]


def _kin_spans(text: str, taken: list[bool], said: set[int]) -> list[tuple[int, int, str]]:
    """Kinship words not inside another word; ``said``: where a category word starts."""
    found: list[tuple[int, int, str]] = []
    for word in KIN_WORDS:
        for m in re.finditer(re.escape(word), text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            me_said = e in said or any(text.startswith(w, e) for w in CUES["me_then"])
            if word in CUES["me"] and not me_said:
                continue  # 我妈, 我家: someone else
            if word in CUES["me"] and any(w in _clause(text, e) for w in CUES["worker_roles"]):
                continue  # 我是网格员: the worker asking for a group, not one of them
            if any(text.startswith(w, e) for w in CUES["kin_not_then"]):
                continue  # 儿子家: a place
            if any(w in text[e:e + 4] for w in CUES["expecting_then"]):
                continue  # 媳妇预产期…: the mother, context for the baby's question
            for i in range(s, e):
                taken[i] = True
            found.append((s, e, word))
    return found


def _clause(text: str, start: int) -> str:
    """The text from ``start`` to the next clause break."""
    return re.split("|".join(map(re.escape, CUES["clause_breaks"])), text[start:])[0]


def _cue_spans(text: str, words: list[str], taken: list[bool]) -> list[tuple[int, int]]:
    found = []
    for word in sorted(words, key=len, reverse=True):
        for m in re.finditer(re.escape(word), text):
            s, e = m.span()
            if not any(taken[s:e]):
                for i in range(s, e):
                    taken[i] = True
                found.append((s, e))
    return found


def _mentions(
    kb: KnowledgeBase, text: str
) -> tuple[list[tuple[int, int, str, str]], tuple[int, str] | None]:
    """(start, end, kind, word) of every word that names or describes someone, in order, and the
    household's size if said ("一家三口")."""
    taken = [False] * len(text)
    size: tuple[int, str] | None = None
    for m in _SIZE.finditer(text):
        n = _number(next(g for g in m.groups() if g))
        size = size or ((n, m.group(0)) if n else None)
        for i in range(*m.span()):
            taken[i] = True
    mentions: list[tuple[int, int, str, str]] = []
    for s, e, word in identity_spans(kb, text):
        if not any(taken[s:e]):
            for i in range(s, e):
                taken[i] = True
            mentions.append((s, e, "identity", word))
    # "我边缘户买一档": 我 names a person when a category word follows it
    mentions += [(s, e, "kin", w) for s, e, w in _kin_spans(text, taken, {m[0] for m in mentions})]
    mentions += [(s, e, "ordinary", text[s:e]) for s, e in _cue_spans(text, CUES["member_ordinary"], taken)]
    newborn_cues = [w for w in CUES["newborn"] if w not in KIN]
    mentions += [(s, e, "newborn", text[s:e]) for s, e in _cue_spans(text, newborn_cues, taken)]
    for kind in ("university", "school"):
        mentions += [(s, e, kind, text[s:e]) for s, e in _cue_spans(text, CUES[kind], taken)]
    for s, e, n in tier_spans(text):
        if not any(taken[s:e]):
            taken[s:e] = [True] * (e - s)
            mentions.append((s, e, "tier", str(n)))
    return sorted(mentions), size


def _one_child_unsaid(cur: ReadMember | None) -> bool:
    """The member just named is one child, nothing said of them yet."""
    return bool(cur is not None and cur.count == 1 and cur.kin and not cur.said
                and set(cur.kin) <= set(CUES["child_kin"]))


class _Reader:
    """Reads the mentions in order: each word opens a member or goes to the one just named."""

    def __init__(self, text: str, mentions: list[tuple[int, int, str, str]]) -> None:
        self.text = text
        # where each category or ordinary word starts → (its end, its kind)
        self.words = {m[0]: (m[1], m[2]) for m in mentions if m[2] in ("identity", "ordinary")}
        bare = _listed_bare(text, mentions)
        self.bare = bare  # a village's list with bare numbers: "低保30 特困4"
        self.pending_tier: int | None = None  # "一档普通620人": said before the group it belongs to
        self.consumed = 0  # "普通农牧民40个": the noun read with the count is not another person
        self.members: list[ReadMember] = []
        self.current: ReadMember | None = None
        self.anonymous: set[int] = set()  # members named by an identity word alone ("低保户"), no count
        self.plain = ordinary_words()

    def _open(self, member: ReadMember) -> ReadMember:
        self.members.append(member)
        self.current = member
        return member

    def kin(self, word: str, count: tuple[int, int] | None, broke: bool) -> ReadMember | None:
        cur = self.current
        newborn = word in CUES["newborn_kin"]
        if count is None and self._named_already(word):
            return None
        if count is None and self._noun_of_count(word):
            assert cur is not None
            cur.kin.append(word)  # "两个上学的娃": the pupils counted are the children, none more
            return cur
        if newborn and _one_child_unsaid(cur):
            assert cur is not None
            cur.newborn = True  # "孩子…新生儿": the same child
            return cur
        joins = count is None and not broke and self._joins(word, newborn)
        member = cur if joins and cur is not None else self._open(ReadMember(count=0, newborn=newborn))
        member.count += count[0] if count else KIN[word]
        member.kin.append(word)
        return member

    def _noun_of_count(self, word: str) -> bool:
        """"三个低保的老人", "两个上学娃": a kinship word right after a counted group named by
        what they are, with no kinship word yet, is the noun the count was for."""
        cur = self.current
        if cur is None or cur.kin or cur.count < 1 or len(self.members) - 1 in self.anonymous:
            return False
        gap = self.text[cur.end:self.text.find(word, cur.end)]
        return gap in CUES["count_noun_gaps"] and cur.newborn == (word in CUES["newborn_kin"] or cur.newborn)

    def _named_already(self, word: str) -> bool:
        """A kinship word without a count naming someone named before."""
        if KIN[word] == 1 and any(word in m.kin for m in self.members):
            return True  # "外公…外公不识字": the same person again
        # "孙女上三年级…娃娃也…": the child already named
        return word in CUES["child_generic"] and any(
            m.count == 1 and set(m.kin) & set(CUES["child_kin"]) for m in self.members)

    def _joins(self, word: str, newborn: bool) -> bool:
        """The kinship word joins the group just named ("爸妈"), rather than opening one."""
        cur = self.current
        child = word in CUES["child_generic"]
        return bool(cur is not None and cur.kin and not cur.said and cur.newborn == newborn
                    and child == all(k in CUES["child_generic"] for k in cur.kin))  # 媳妇 and 娃 are two

    def _everyone(self, start: int) -> list[ReadMember] | None:
        """"都交一档", "都没啥补助": said of every member named so far, not only the last one."""
        if not self.members or not any(w in self.text[max(0, start - 3):start] for w in _ALL):
            return None
        return self.members

    def tier(self, start: int, n: int, count: tuple[int, int] | None = None) -> ReadMember | None:
        if count is not None:  # "两个交一档": a group of its own, or that many of the people just named
            group = self._group()
            taken = group is not None and self._takes_from(group, count[0])
            member = (self._take(group, count[0]) if taken and group
                      else self._open(ReadMember(count=count[0])))
            member.tier = n
            return member
        everyone = self._everyone(start)
        for m in everyone or ([self.current] if self.current else []):
            m.tier = m.tier or n
        return None if everyone else self.current  # None: the tier of the whole question

    def identity(self, kind: str, word: str, count: tuple[int, int] | None, start: int) -> ReadMember:
        everyone = self._everyone(start) if count is None else None
        # "都是普通户": a notice's alias that is only the ordinary word is said of everyone too
        if everyone and (kind == "ordinary" or word in self.plain or word in CUES["member_ordinary"]):
            for m in everyone:
                m.ordinary = m.ordinary or not m.identity_words
            return everyone[-1]
        member = self.current
        group = self._group()
        if count is not None and group is not None and self._takes_from(group, count[0]):
            # "俺和老伴一个低保一个一级残疾": the count is some of the group just named
            member = self._take(group, count[0])
        elif count is not None or member is None:
            if count is None:
                self.anonymous.add(len(self.members))
            member = self._open(ReadMember(count=count[0] if count else 1))
        if kind == "ordinary" or word in self.plain:
            member.ordinary = True
        else:
            member.identity_words.append(word)
        return member

    def _group(self) -> ReadMember | None:
        """The last member named by kinship words, past those already counted out of it."""
        for m in reversed(self.members):
            if m.kin:
                return m
        return None

    def _takes_from(self, group: ReadMember, n: int) -> bool:
        """A group named by kinship words alone, just before, with at least ``n`` people in it."""
        return bool(group.kin) and not group.said and not group.newborn and group.count >= n

    def _take(self, group: ReadMember, n: int) -> ReadMember:
        """The ``n`` people out of ``group``: the whole group keeps its words unless some of it
        was taken already (then which of them is which is unsaid)."""
        whole = group.count == n and sum(KIN[k] for k in group.kin) == n
        if group.count == n:
            self.members.remove(group)
        else:
            group.count -= n
        return self._open(ReadMember(count=n, kin=list(group.kin) if whole else []))

    def newborn(self, end: int, broke: bool, count: tuple[int, int] | None) -> ReadMember | None:
        if count is not None and self.members:  # "一个上高中 一个刚出生的": someone else
            return self._open(ReadMember(count=count[0], newborn=True))
        clause = re.split("|".join(map(re.escape, CUES["clause_breaks"])), self.text[end:])[0]
        if self.current is None or broke or any(w in clause for w in CUES["newborn_kin"]):
            return None  # "8月出生的宝宝": the baby named next
        self.current.newborn = True
        return self.current

    def _split(self, n: int) -> list[str]:
        """"两个娃一个上小学一个上初中": the n people are taken out of the group of children
        named before (its kinship words returned), not added to the household."""
        for m in reversed(self.members):
            if not (m.kin and set(m.kin) <= set(CUES["child_kin"]) and not m.said and not m.newborn):
                continue
            if m.count > n:
                m.count -= n
                return list(m.kin)
            if m.count == n:
                self.members.remove(m)
                return list(m.kin)
        return []

    def student(self, kind: str, count: tuple[int, int] | None) -> ReadMember | None:
        if count is not None:  # "俩大人 一个上高中一个上幼儿园": someone else
            kin = self._split(count[0])
            return self._open(ReadMember(count=count[0], student=kind, kin=kin))
        if self.current is None:
            return None  # "学生交多少": one person, as today
        self.current.student = self.current.student or kind
        return self.current

    def read(self, s: int, e: int, kind: str, word: str) -> None:
        if s < self.consumed:
            return
        count, e = self._count(s, e, kind)
        cur = self.current
        broke = cur is not None and any(c in self.text[cur.end:s] for c in CUES["clause_breaks"])
        if kind == "tier" and count is None and self._tier_leads(s, e, broke):
            self.pending_tier = int(word)
            return
        member = self._member(s, e, kind, word, count, broke)
        if member is not None:
            member.words.append(self.text[count[1]:e] if count else word)
            member.end = e
            if self.pending_tier is not None and kind != "tier":
                member.tier, self.pending_tier = member.tier or self.pending_tier, None

    def _count(self, s: int, e: int, kind: str) -> tuple[tuple[int, int] | None, int]:
        """(the count said with the word at ``s``…``e``, the word's end with a count after it)."""
        count = (_count_before_tier(self.text, s) if kind == "tier"
                 else _count_before(self.text, s, verb=kind in ("newborn", "university", "school")))
        cur = self.current
        if count is not None and cur is not None and count[1] < cur.end:
            count = None  # "老两口低保": the 两口 is the kinship word's own
        if kind in ("identity", "ordinary") and count is None:
            count = _others_count(self.text, s)
        if (kind in ("identity", "ordinary") and count is None
                and (after := _count_after(self.text, e, kind, self.bare))):
            count, e = (after[0], s), after[1]  # "低保户十三个人", "普通800人"
            self.consumed = e
        return count, e

    def _member(
        self, s: int, e: int, kind: str, word: str, count: tuple[int, int] | None, broke: bool
    ) -> ReadMember | None:
        """The member the word goes to (None: the whole question's)."""
        if kind == "kin":
            return self.kin(word, count, broke)
        if kind in ("identity", "ordinary"):
            return self.identity(kind, word, count, s)
        if kind == "newborn":
            return self.newborn(e, broke, count)
        if kind == "tier":
            return self.tier(s, int(word), count)
        return self.student(kind, count)

    def _tier_leads(self, s: int, e: int, broke: bool) -> bool:
        """"一档普通620人 二档普通40人": a tier written right before a counted group is that
        group's, when nothing before it is waiting for one (none named yet, a clause ended, or
        the one before has its tier)."""
        cur = self.current
        if cur is not None and not broke and not cur.tier:
            return False
        word = self.words.get(e)
        return word is not None and _count_after(self.text, word[0], word[1], self.bare) is not None


def read_members(kb: KnowledgeBase, u: Understood, today: dt.date) -> list[ReadMember]:
    """The members the text names, in order; [] when it names no one in particular."""
    units = household_units(u.text, lambda piece: bool(_mentions(kb, piece)[0]))
    members = _read(kb, u.text) if units is None else [m for unit in units for m in _unit_members(kb, unit)]
    _births(members, u)
    _resolve(kb, members, u, today)
    return members


def _read(kb: KnowledgeBase, text: str) -> list[ReadMember]:
    """The members ``text`` names, in order (identity words not yet resolved)."""
    mentions, size = _mentions(kb, text)
    reader = _Reader(text, mentions)
    for mention in mentions:
        reader.read(*mention)
    members = _household_words(reader.members, reader.anonymous, size[0] if size else None)
    if size is not None:
        counted = people(members)
        if counted < size[0]:
            members.append(ReadMember(count=size[0] - counted, words=[size[1]]))
    return members


def said_size(text: str) -> int | None:
    """The household's size as said ("一家5口"), or None."""
    for m in _SIZE.finditer(text):
        if (n := _number(next(g for g in m.groups() if g))):
            return n
    return None


def _unit_members(kb: KnowledgeBase, unit: Unit) -> list[ReadMember]:
    """The people of ``unit.households`` households of ``unit.size`` each: one group when the
    piece names one kind of person ("一户低保2口"), else its members and the rest unsaid."""
    assert unit.size is not None
    members = _read(kb, unit.text)
    if len(members) <= 1:
        member = members[0] if members else ReadMember(words=[unit.text.strip()])
        member.count = unit.size * unit.households
        return [member]
    if people(members) < unit.size:
        members.append(ReadMember(count=unit.size - people(members)))
    for m in members:
        m.count *= unit.households
    return members


def _household_words(members: list[ReadMember], anonymous: set[int], size: int | None) -> list[ReadMember]:
    """Identity words said before anyone is named describe the family ("我们家是返贫户 孩子上高中",
    "普通牧民 一家5口"): they go to the members named after them that have none of their own,
    or to the whole household of ``size``."""
    if 0 not in anonymous or not members:
        return members
    first, rest = members[0], members[1:]
    if not rest and size is not None:
        first.count = size
        return members
    bare = [m for m in rest if not (m.identity_words or m.ordinary)]
    said_again = set(first.identity_words) <= {w for m in rest for w in m.identity_words}
    if not bare and not (said_again and first.identity_words):
        return members
    for m in bare:
        m.identity_words, m.ordinary = list(first.identity_words), first.ordinary
        m.words = [*first.words, *m.words]
    return rest


def _births(members: list[ReadMember], u: Understood) -> None:
    """The birth day said goes to the one newborn; a month only ("2024年3月刚生的") as its
    1st day, marked so the reply says so (the birth year, all 屯留's free year turns on, is exact)."""
    newborns = [m for m in members if m.newborn]
    if len(newborns) == 1 and u.born_on is not None:
        newborns[0].born_on = u.born_on
    elif len(newborns) == 1 and u.born_month is not None and sum(m.count for m in members) > 1:
        newborns[0].born_on, newborns[0].born_month = u.born_month, True


def _resolve(kb: KnowledgeBase, members: list[ReadMember], u: Understood, today: dt.date) -> None:
    """Each member's identity words as category ids: the region's, or without one the ids
    every region agrees on (低保 is dibao everywhere)."""
    for m in members:
        if u.region is None:
            ids = dict.fromkeys(i for w in m.identity_words if (i := _everywhere(kb, w, today)))
            m.identities = [i for i in ids if i != ORDINARY]
            m.ordinary = m.ordinary or (ORDINARY in ids and not m.identities)
            continue
        paid_on = u.paid_on or today
        words = list(dict.fromkeys(_in_region(kb, u.region, w, paid_on) for w in m.identity_words))
        # "1档屯留监测对象": a tier said where the notice has none is no tier to resolve with
        tier = u.tier if u.tier in kb.notice_for(u.region, paid_on).tiers else None
        resolved = resolve_identities(kb, u.region, words, paid_on, tier)
        base = Situation(region=u.region, paid_on=paid_on, tier=tier)
        resolved = settled_by_question(kb, u, kb.notice_for(u.region, paid_on), resolved, base)
        m.identities = [i for i in resolved.ids if i != ORDINARY]
        m.ordinary = m.ordinary or (ORDINARY in resolved.ids and not m.identities)
        m.unlisted = list(resolved.unlisted)
        m.assumed = list(resolved.assumed)
        m.ambiguous = [a for a in resolved.ambiguous if not {c for c, _ in a.candidates} & set(resolved.ids)]


def _everywhere(kb: KnowledgeBase, word: str, today: dt.date) -> str | None:
    try:
        found = [resolve_identity(kb, region, word, today) for region in kb.regions]
    except InputError:
        return None
    if all(isinstance(f, str) for f in found) and len(set(found)) == 1:
        return str(found[0])
    return None
