"""Logs never carry phone numbers, 身份证号 or the bot token."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import RedactFilter
from bot.privacy import redact_log

ID = "11010519491231002X"
PHONE = "13812345678"
TOKEN = "123456:SECRET-token"


def _capture() -> tuple[logging.Logger, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactFilter((TOKEN,)))
    logger = logging.getLogger("test.redact")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, out


def test_messages_args_and_tracebacks_are_redacted():
    logger, out = _capture()
    logger.info("user wrote %s and %s", f"我的身份证{ID}", f"电话 {PHONE}")
    logger.info(f"url https://api.telegram.org/bot{TOKEN}/getUpdates")
    try:
        raise ValueError(f"bad {ID} 138-1234-5678 0991-1234567")
    except ValueError:
        logger.exception("failed")
    text = out.getvalue()
    for secret in (ID, PHONE, TOKEN, "138-1234-5678", "1234567"):
        assert secret not in text
    assert "[secret]" in text and text.count("[") >= 6  # each number replaced by a marker


def test_ordinary_numbers_stay():
    assert redact_log("2024年 380元 2023-12-31") == "2024年 380元 2023-12-31"


# Issue 12 item 3: PTB logs each webhook update's raw JSON at DEBUG, with Telegram's escaping.
ESCAPED = [
    ("号13912345678", "号[手机号]"),
    ("手机：１３９１２３４５６７８", "手机：[手机号]"),
    ("电话 139-1234-5678 谢谢", "电话 [手机号] 谢谢"),
    ("电话\t139\t1234\t5678", "电话\t[手机号]"),  # tabs arrive as \t
    (f"身份证号{ID}", "身份证号[身份证号]"),
    ("身份证号３２０５８３１９５７０８１１９０５４", "身份证号[身份证号]"),
    ("座机0991-1234567", "座机[phone]"),
    ("乌鲁木齐低保户2024年交多少", "乌鲁木齐低保户2024年交多少"),
]


@pytest.mark.parametrize(("text", "redacted"), ESCAPED)
def test_numbers_in_telegrams_escaped_json_are_redacted_at_debug(text: str, redacted: str):
    logger, out = _capture()
    logger.setLevel(logging.DEBUG)
    update = {"update_id": 7, "message": {"message_id": 1, "text": text}}
    raw = json.dumps(update)  # ensure_ascii=True: 号 → \u53f7, １ → \uff11, as the Bot API sends it
    logger.debug("Webhook received data: %s", raw)
    logged = out.getvalue().strip()
    assert logged.startswith("Webhook received data: ")
    escaped_text = json.dumps(text)[1:-1]
    if redacted != text:
        assert escaped_text not in logged
    body = json.loads(logged.removeprefix("Webhook received data: "))  # still JSON, escapes kept
    assert body == {"update_id": 7, "message": {"message_id": 1, "text": redacted}}


def test_escapes_quoted_twice_are_read_too():
    raw = repr(json.dumps({"text": "号13912345678"}).encode())  # b'{"text": "\\u53f713912345678"}'
    assert "13912345678" not in redact_log(raw) and "[手机号]" in redact_log(raw)


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_a_documents_file_name_is_hidden_in_raw_updates(ensure_ascii: bool):
    update = {"update_id": 8, "message": {"document": {"file_name": "张大爷家.xlsx", "file_id": "F1"},
                                          "caption": "乌鲁木齐"}}
    raw = json.dumps(update, ensure_ascii=ensure_ascii)
    body = json.loads(redact_log(raw))  # still JSON
    assert body["message"]["document"] == {"file_name": "[file name]", "file_id": "F1"}
    assert body["message"]["caption"] == "乌鲁木齐"  # nothing else touched
