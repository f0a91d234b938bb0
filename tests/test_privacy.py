"""ID-card and mobile numbers: found, and hidden from the understanding, replies and logs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.notes import InputError, Note
from bot.privacy import contains_sensitive, redact, redact_log
from bot.render import error_text, note_text

ID = "[身份证号]"
PHONE = "[手机号]"

REDACT = [
    ("我的身份证650102199001011234", f"我的身份证{ID}"),
    ("身份证号65010219900101123X交了没", f"身份证号{ID}交了没"),
    ("65010219900101123x", ID),
    ("6501 0219 9001 0112 34", ID),
    ("650102-19900101-1234", ID),
    ("６５０１０２１９９００１０１１２３Ｘ", ID),
    ("老身份证650102900101123", f"老身份证{ID}"),
    ("电话13812345678", f"电话{PHONE}"),
    ("138 1234 5678", PHONE),
    ("138-1234-5678", PHONE),
    ("+86 138 1234 5678", PHONE),
    ("+8613812345678", PHONE),
    ("0086 13812345678", PHONE),
    ("１３８１２３４５６７８", PHONE),
    ("电话:15999999999谢谢", f"电话:{PHONE}谢谢"),
    ("身份证65010219900101123X，电话13812345678", f"身份证{ID}，电话{PHONE}"),
    ("138\u200b1234\u200b5678", PHONE),
    # not sensitive
    ("12345678901", "12345678901"),  # 12… is not a mobile prefix
    ("交了380元", "交了380元"),
    ("2023-12-27 交的", "2023-12-27 交的"),
    ("1381234567", "1381234567"),  # 10 digits
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), REDACT)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert contains_sensitive(text) == (expected != text)


def test_redacted_text_is_clean() -> None:
    text = "身份证650102199001011234 手机13812345678 乌鲁木齐低保户交多少"
    assert not contains_sensitive(redact(text))
    assert redact(text).endswith("乌鲁木齐低保户交多少")


def test_long_digit_runs_are_masked_whole() -> None:
    assert redact("65010219900101123413812345678") == ID  # glued ID + phone


def test_long_text() -> None:
    assert redact("啊" * 5000 + "13812345678") == "啊" * 5000 + PHONE


def test_errors_and_notes_never_echo_a_number() -> None:
    """Issue 12 item 2: masked where wording happens, whoever raised the error."""
    bad_date = error_text(InputError("bad_date", text="13812345678"))
    assert bad_date.startswith(f'日期"{PHONE}"不对')
    region = error_text(InputError("unknown_region", text="650102199001011234",
                                   choices=["乌鲁木齐市", "13812345678"]))
    assert "650102199001011234" not in region and "13812345678" not in region and "乌鲁木齐市" in region
    note = note_text(Note("identity_not_listed", {"text": "电话13812345678", "notice": "N", "contact": "C"}))
    assert f"电话{PHONE}" in note
    born, paid = dt.date(2024, 1, 2), dt.date(2024, 1, 1)  # not str: worded as before
    assert "2024-01-02" in error_text(InputError("born_after_payment", born_on=born, paid_on=paid))


@given(st.text(alphabet="0123456789１３８ -\t\n号电话身份证Xx+\"", max_size=60))
@settings(max_examples=300, deadline=None)
def test_logs_hide_the_same_numbers_in_json_escaped_text(text: str) -> None:
    """Issue 12 item 3: Telegram's JSON (non-ASCII and tabs escaped) hides what the plain text
    hides, and stays the same JSON around the placeholders."""
    for ensure_ascii in (True, False):
        escaped = json.dumps(text, ensure_ascii=ensure_ascii)
        assert json.loads(redact_log(escaped)) == redact_log(text)
