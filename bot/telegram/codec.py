"""callback_data: the whole conversation state in ≤64 bytes, signed.

Layout, version 1 (then base64url without padding; 27 bytes -> 36 characters for a
knowledge base whose regions have at most 16 categories):

====  =====  ===========================================================================
off   size   field
====  =====  ===========================================================================
0     1      version (1)
1     2      knowledge fingerprint (bot.knowledge.index.KnowledgeIndex.fingerprint)
3     3      user tag: HMAC(secret, "u:<user id>")[:3]; ties the keyboard to one person
6     1      action (high nibble: state.Action) | focus (low nibble: 0 none, 1+SLOTS index)
7     1      region: 0 unanswered, else 1 + position in the knowledge
8     1      flags: 2 bits per coded slot at its ``flag_shift``, holding the index in its
             ``codes`` (bot/engine/slots.py): bits 0-1 newborn (0 ?, 1 no, 2 yes); 2-3 student
             (0 ?, 1 none, 2 school, 3 university); 4-5 tier (0 ?, 1, 2); 6 identities
             answered; 7 free
9     2      born_on, days since 1970-01-01 (0xFFFF: unanswered)
11    2      paid_on, same
13    2      date picker month, months since 1970-01 (0xFFFF: none)
15    M      identities, bit i = category i of the region (M = KnowledgeIndex.mask_bytes)
15+M  M      identities ticked so far on the multi-select, same bits
15+2M 8      HMAC-SHA256(secret, all the bytes before)[:8]
====  =====  ===========================================================================

Version 2 (a household, "加一位家人"; one person is still written as version 1, and every
version 1 button already sent still opens) is version 1's bytes up to 15+2M with the version
byte 2, then:

====  =====  ===========================================================================
15+2M 1      household: bits 0-2 where the member on screen stands among the others
             (``Conv.at``), bit 3 that member opened on its own (``Conv.opened``), bits 4-6
             how many others follow (N, at most MAX_MEMBERS - 1), bit 7 zero
16+2M …      N records, one per other member, in order: 1 flags byte as above (bit 6
             identities answered, bit 7 a birth date follows), M bytes identities, then
             born_on (2 bytes) only when bit 7 says so: M+1 or M+3 bytes
end-8 8      HMAC-SHA256(secret, all the bytes before)[:8]
====  =====  ===========================================================================

The members share the head's region and payment date. With M = 2 the longest, five people
of whom four wait with a birth date each, is 16+2M + 4·5 + 8 = 48 bytes: 64 characters, the
limit; ``tests/telegram/test_tg_codec.py`` encodes it.

Anything that does not check out raises a CallbackError subclass; handlers turn each into
a polite "please start again", never a traceback and never someone else's answer.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import struct
from dataclasses import dataclass

from bot.conversation.state import MAX_MEMBERS, Action, Conv
from bot.engine.situation import Situation
from bot.engine.slots import SLOT_TABLE, SLOTS
from bot.knowledge.index import KnowledgeIndex

VERSION = 1  # one person
HOUSEHOLD_VERSION = 2  # several people: version 1 and the other members after it
MAC_BYTES = 8
TAG_BYTES = 3
MAX_CHARS = 64  # Telegram's limit for callback_data, in bytes
TAG_CACHE = 10_000  # people whose tag is kept; the whole cache is dropped when full
EPOCH = dt.date(1970, 1, 1)
NONE16 = 0xFFFF
_HEAD = struct.Struct(">B2s3sBBBHHH")  # version … picker month: 15 bytes
_CODED = tuple(row for row in SLOT_TABLE if row.flag_shift is not None)  # in the flags byte
_ANSWERED_IDS = 6  # flags bit: identities answered (() and None differ, the mask cannot tell)
_BORN_FOLLOWS = 7  # a member record's flags bit: its birth date follows
_DAYS = struct.Struct(">H")
assert all(len(row.codes) <= 4 and row.flag_shift not in (None, _ANSWERED_IDS, 7) for row in _CODED)
assert [row.name for row in SLOT_TABLE if row.kind == "date"] == ["born_on", "paid_on"]  # head order


class CallbackError(Exception):
    """callback_data that cannot be used."""


class Malformed(CallbackError):
    """Truncated, forged, or not ours at all."""


class Outdated(CallbackError):
    """Made by another version of the bot or for other knowledge."""


class ForeignUser(CallbackError):
    """A valid button on someone else's keyboard."""


@dataclass(frozen=True)
class Decoded:
    conv: Conv
    action: Action


class CallbackCodec:
    def __init__(self, index: KnowledgeIndex, secret: bytes) -> None:
        self.index = index
        self.secret = secret
        self._tags: dict[int, bytes] = {}  # user_tag is asked once per button of a keyboard

    # -- public ------------------------------------------------------------------------

    def encode(self, conv: Conv, user_id: int, action: Action = Action.SHOW) -> str:
        body = self._pack(conv, user_id, action)
        raw = body + self._mac(body)
        text = base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
        if len(text) > MAX_CHARS:
            raise ValueError(f"callback_data of {len(text)} characters exceeds {MAX_CHARS}")
        return text

    def decode(self, data: str | None, user_id: int | None) -> Decoded:
        """The state ``data`` carries. ``user_id`` None reads it for anyone (a reply quoting
        someone else's answer: the state is read as context, never pressed as a button)."""
        raw = self._raw(data)
        if raw[0] not in (VERSION, HOUSEHOLD_VERSION):
            raise Outdated(f"version {raw[0]}")
        if raw[1:3] != self.index.fingerprint:
            raise Outdated("knowledge fingerprint")
        m = self.index.mask_bytes
        one = _HEAD.size + 2 * m + MAC_BYTES
        if len(raw) != one if raw[0] == VERSION else len(raw) <= one:
            raise Malformed("length")
        body, mac = raw[:-MAC_BYTES], raw[-MAC_BYTES:]
        if not hmac.compare_digest(mac, self._mac(body)):
            raise Malformed("signature")
        if user_id is not None and body[3:6] != self.user_tag(user_id):
            raise ForeignUser()
        try:
            return self._unpack(body)
        except (ValueError, IndexError, OverflowError) as exc:
            raise Malformed(str(exc)) from None

    def user_tag(self, user_id: int) -> bytes:
        tag = self._tags.get(user_id)
        if tag is None:
            if len(self._tags) >= TAG_CACHE:
                self._tags.clear()
            tag = hmac.new(self.secret, f"u:{user_id}".encode(), hashlib.sha256).digest()[:TAG_BYTES]
            self._tags[user_id] = tag
        return tag

    # -- bytes ---------------------------------------------------------------------------

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self.secret, body, hashlib.sha256).digest()[:MAC_BYTES]

    @staticmethod
    def _raw(data: str | None) -> bytes:
        if not data or len(data) > MAX_CHARS or not data.isascii():
            raise Malformed("empty, too long or not ASCII")
        try:
            raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        except (binascii.Error, ValueError):
            raise Malformed("not base64url") from None
        if len(raw) < _HEAD.size + MAC_BYTES:
            raise Malformed("too short")
        return raw

    def _pack(self, conv: Conv, user_id: int, action: Action) -> bytes:
        s = conv.situation
        focus = 0 if conv.focus is None else SLOTS.index(conv.focus) + 1
        region = 0 if s.region is None else self.index.regions.index(s.region) + 1
        month = NONE16 if conv.month is None else (conv.month[0] - 1970) * 12 + conv.month[1] - 1
        version = HOUSEHOLD_VERSION if conv.others or conv.at or conv.opened else VERSION
        head = _HEAD.pack(
            version, self.index.fingerprint, self.user_tag(user_id), int(action) << 4 | focus,
            region, _flags(s), _days(s.born_on), _days(s.paid_on), month,
        )
        body = head + self._ids(s.region, s.identities) + self._ids(s.region, conv.picks)
        if version == VERSION:
            return body
        if not 0 < len(conv.others) < MAX_MEMBERS or not 0 <= conv.at <= len(conv.others) or s.region is None:
            raise ValueError("not a household a button carries")
        body += bytes([len(conv.others) << 4 | conv.opened << 3 | conv.at])
        for other in conv.others:
            born = other.born_on is not None
            body += bytes([_flags(other) | born << _BORN_FOLLOWS]) + self._ids(s.region, other.identities)
            body += _DAYS.pack(_days(other.born_on)) if born else b""
        return body

    def _ids(self, region: str | None, ids: tuple[str, ...] | None) -> bytes:
        if region is None and ids:
            raise ValueError("identities without a region")
        value = self.index.mask(region, ids or ()) if region is not None else 0
        return value.to_bytes(self.index.mask_bytes, "little")

    def _unpack(self, body: bytes) -> Decoded:
        version, _, _, act_focus, region_no, flags, born, paid, month = _HEAD.unpack(body[: _HEAD.size])
        m = self.index.mask_bytes
        ids = int.from_bytes(body[_HEAD.size : _HEAD.size + m], "little")
        picks = int.from_bytes(body[_HEAD.size + m : _HEAD.size + 2 * m], "little")
        action = Action(act_focus >> 4)
        focus_no = act_focus & 0x0F
        if focus_no > len(SLOTS) or flags >> 7:
            raise ValueError("flag out of range")
        region = None if region_no == 0 else self.index.regions[region_no - 1]
        if region is None and (ids or picks or flags >> _ANSWERED_IDS):
            raise ValueError("identities without a region")
        situation = self._situation(region, flags, ids).with_(born_on=_date(born), paid_on=_date(paid))
        conv = Conv(
            situation,
            focus=None if focus_no == 0 else SLOTS[focus_no - 1],
            picks=self.index.unmask(region, picks) if region else (),
            month=None if month == NONE16 else (1970 + month // 12, month % 12 + 1),
        )
        if version == HOUSEHOLD_VERSION:
            conv = self._household(conv, body[_HEAD.size + 2 * m :])
        return Decoded(conv, action)

    def _situation(self, region: str | None, flags: int, ids: int) -> Situation:
        """One person's coded answers and identities (dates and the region set by the caller)."""
        coded = {row.name: row.value(flags >> row.flag_shift & 3) for row in _CODED}  # type: ignore[operator]
        answered = region is not None and flags >> _ANSWERED_IDS & 1
        if ids and not answered:  # bits that no button writes: one state, one encoding
            raise ValueError("identities without the answered flag")
        return Situation(identities=self.index.unmask(region, ids) if answered else None,  # type: ignore[arg-type]
                         region=region, **coded)  # type: ignore[arg-type]

    def _household(self, conv: Conv, rest: bytes) -> Conv:
        """The members after the head; every byte of ``rest`` must belong to one."""
        region, m = conv.situation.region, self.index.mask_bytes
        if region is None or not rest or rest[0] >> 7:
            raise ValueError("household without a region")
        count, opened, at = rest[0] >> 4, rest[0] >> 3 & 1, rest[0] & 7
        if not 0 < count < MAX_MEMBERS or at > count:
            raise ValueError("household out of range")
        others, pos = [], 1
        for _ in range(count):
            flags = rest[pos] if pos < len(rest) else 0
            size = 1 + m + (2 if flags >> _BORN_FOLLOWS else 0)
            if pos + size > len(rest):
                raise ValueError("member record cut short")
            ids = int.from_bytes(rest[pos + 1 : pos + 1 + m], "little")
            born = _date(_DAYS.unpack(rest[pos + 1 + m : pos + size])[0]) if size > 1 + m else None
            pos += size
            if size > 1 + m and born is None:
                raise ValueError("an empty birth date")
            others.append(self._situation(region, flags & 0x7F, ids).with_(region=None, born_on=born))
        if pos != len(rest):
            raise ValueError("bytes after the last member")
        return conv.with_(others=tuple(others), at=at, opened=bool(opened))


def _flags(s: Situation) -> int:
    """The flags byte of one person: each coded slot's code, and whether identities are answered."""
    flags = (s.identities is not None) << _ANSWERED_IDS
    for row in _CODED:
        flags |= row.code(getattr(s, row.name)) << row.flag_shift  # type: ignore[operator]
    return flags


def _days(day: dt.date | None) -> int:
    if day is None:
        return NONE16
    n = (day - EPOCH).days
    if not 0 <= n < NONE16:
        raise ValueError(f"{day} cannot be encoded")
    return n


def _date(n: int) -> dt.date | None:
    return None if n == NONE16 else EPOCH + dt.timedelta(days=n)
