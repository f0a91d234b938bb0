"""Issue 12 item 3: at DEBUG, PTB logs every webhook update's raw JSON as Telegram sent it,
non-ASCII escaped (号 → \\u53f7, １ → \\uff11); the log handler must still hide the numbers."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket

import httpx
from tg_fakeapi import TOKEN, FakeBotAPI
from tg_harness import ALICE, user_message

from bot.logs import RedactFilter
from bot.telegram.app import build_application
from bot.telegram.config import BotConfig

SAID = ["我的电话号13912345678", "手机号：１３９１２３４５６７８", "身份证号320583195708119054"]
SECRETS = ["13912345678", "320583195708119054", "\\uff11\\uff13\\uff19\\uff11\\uff12"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_numbers_in_webhook_updates_logged_at_debug_are_hidden(kb) -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactFilter((TOKEN,)))  # what setup_logging puts on the real handler
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    api = FakeBotAPI()
    app = build_application(kb, BotConfig(token=TOKEN), request=api)
    port = _free_port()
    try:
        async with app:
            await app.start()
            await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                            webhook_url="https://bot.example.invalid/hook")
            try:
                async with httpx.AsyncClient(trust_env=False, timeout=5) as http:
                    for i, text in enumerate(SAID):
                        update = {"update_id": 900 + i, "message": user_message(text, ALICE, ALICE.id)}
                        body = json.dumps(update)
                        assert "\\u" in body  # Telegram's own escaping
                        posted = await http.post(f"http://127.0.0.1:{port}/hook", content=body,
                                                 headers={"Content-Type": "application/json"})
                        assert posted.status_code == 200
                for _ in range(500):
                    if len(api.of("sendMessage")) == len(SAID):
                        break
                    await asyncio.sleep(0.01)
            finally:
                await app.updater.stop()
                await app.stop()
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    logged = out.getvalue()
    assert logged.count("Webhook received data") == len(SAID)  # the raw JSON was logged
    for secret in SECRETS:
        assert secret not in logged
    assert "[手机号]" in logged and "[身份证号]" in logged
