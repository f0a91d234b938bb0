"""Logging set-up: a filter that redacts personal numbers and the bot token everywhere."""

from __future__ import annotations

import logging

from bot.privacy import redact_log


class RedactFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with phones, 身份证号 and secrets hidden.

    Put on a handler, it sees every record that handler writes, from any logger.
    """

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        return redact_log(text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.clean(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        return True


def setup_logging(level: str, secrets: tuple[str, ...] = ()) -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token URL
    logging.getLogger("httpcore").setLevel(logging.WARNING)  # connection chatter at DEBUG
    return handler
