"""Logs never carry phone numbers, 身份证号 or the bot token."""

from __future__ import annotations

import io
import logging

from bot.privacy import redact_log
from bot.telegram.logs import RedactFilter

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
