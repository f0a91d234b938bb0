"""Ledgers end to end: the real bot Application, polling the Bot API emulator, receives an .xlsx
and a GBK .csv as documents, downloads them (getFile + the file URL), and sends back the
filled-in file (sendDocument, multipart). The cells read back from the emulator equal the
ledger code's own computation of the same rows; /ledger sends the template."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from emulator_client import BotMessage, EmulatorSession, TgUser, running
from ledger_files import csv_bytes, xlsx_bytes

from bot.engine.resolve import resolve_region
from bot.knowledge.base import KnowledgeBase
from bot.ledger.columns import text_of
from bot.ledger.compute import LedgerResult, compute_ledger
from bot.ledger.output import row_error_text, template_rows
from bot.ledger.read import read_bytes
from bot.ledger.rows import Defaults
from bot.ledger.write import table
from bot.telegram.app import build_application
from bot.telegram.config import BotConfig

TODAY = dt.date(2023, 11, 1)
TEST_TIMEOUT = 40.0
CADRE = TgUser(id=620077, first_name="村干部")
HEADER = ["户号", "姓名", "身份证号", "参保地", "人员类别", "出生日期", "学生", "缴费档次", "备注"]
ROWS = [
    ["1", "张大爷", "320583195708119054", "乌鲁木齐", "低保", "1950-01-01", "", "", "村东"],
    ["1", "张三", "", "乌鲁木齐", "", "1980-05-06", "", "", ""],
    ["1", "宝宝", "", "乌鲁木齐", "", "2023-08-10", "", "", ""],
    ["2", "李四", "", "酉阳", "低保、重度残疾", "1970-01-01", "", "二档", ""],
    ["2", "李小", "", "酉阳", "", "2004-01-01", "大学", "1", ""],
    ["3", "王五", "", "屯留", "特困", "1960-01-01", "", "", ""],
    ["4", "赵六", "", "乌鲁木齐", "村干部", "1975-01-01", "", "", ""],  # an error row
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()
def trimmed(values: Any) -> list[str]:
    row = [text_of(v) for v in values]
    while row and row[-1] == "":
        row.pop()
    return row


async def exchange(emulator: EmulatorSession, kb: KnowledgeBase, data: bytes, name: str,
                   caption: str | None = None) -> tuple[BotMessage, bytes]:
    """Send a ledger as the cadre; the bot's reply and the file it sent, as downloaded."""
    app = build_application(kb, BotConfig(token=emulator.token, api_base_url=emulator.base_url),
                            today=lambda: TODAY)
    client = emulator.client

    async def scenario() -> tuple[BotMessage, bytes]:
        async with running(app):
            await client.send_document(data, name, caption=caption, user=CADRE)
            reply = await client.wait_for_bot_message(CADRE.id)
            assert reply.document is not None, reply.text
            return reply, await client.download(reply.document)

    return await asyncio.wait_for(scenario(), TEST_TIMEOUT)


def assert_like_the_ledger_code(sent: bytes, kind: str, result: LedgerResult, people: int) -> None:
    header, rows = table(result)
    assert len(rows) == people  # every input row once
    got = [trimmed(values) for _, values in read_bytes(sent, kind)]
    want = [trimmed(row) for row in [header, *rows]]
    assert got[: len(want)] == want


def assert_summary(caption: str, result: LedgerResult) -> None:
    t = result.totals
    assert f"共 {len(result.rows)} 人，算出 {t.people} 人" in caption
    assert (f"{result.errors} 行有错误" in caption) == bool(result.errors)
    assert f"个人应缴合计：{t.total_personal}元" in caption
    for payer, amount in t.by_payer.items():
        assert f"· {payer}：{amount}元" in caption
    for r in result.rows:
        if r.error is not None:
            assert row_error_text(r.row, r.error) in caption


async def test_an_xlsx_comes_back_filled_in(emulator: EmulatorSession, kb):
    data = xlsx_bytes([HEADER, *ROWS])
    reply, sent = await exchange(emulator, kb, data, "三村台账.xlsx")
    assert reply.document is not None and reply.document["file_name"] == "三村台账_已算.xlsx"
    result = compute_ledger(kb, read_bytes(data, "xlsx"), Defaults(None, TODAY))
    assert result.errors == 1 and result.totals.people == len(ROWS) - 1
    assert_like_the_ledger_code(sent, "xlsx", result, len(ROWS))
    assert reply.caption is not None
    assert_summary(reply.caption, result)


async def test_a_gbk_csv_with_the_region_in_the_caption_comes_back_filled_in(emulator: EmulatorSession, kb):
    region_at = HEADER.index("参保地")
    rows = [[c for i, c in enumerate(r) if i != region_at] for r in [HEADER, *ROWS[:3]]]
    data = csv_bytes(rows, "gbk")
    reply, sent = await exchange(emulator, kb, data, "台账.csv", caption="--region 乌鲁木齐")
    assert reply.document is not None and reply.document["file_name"] == "台账_已算.csv"
    assert sent.startswith(b"\xef\xbb\xbf")
    result = compute_ledger(kb, read_bytes(data, "csv"), Defaults(resolve_region(kb, "乌鲁木齐"), TODAY))
    assert result.errors == 0 and result.totals.people == 3
    assert_like_the_ledger_code(sent, "csv", result, 3)
    assert reply.caption is not None
    assert_summary(reply.caption, result)


async def test_ledger_sends_the_template(emulator: EmulatorSession, kb):
    app = build_application(kb, BotConfig(token=emulator.token, api_base_url=emulator.base_url),
                            today=lambda: TODAY)
    client = emulator.client

    async def scenario() -> tuple[BotMessage, bytes]:
        async with running(app):
            await client.send_text("/ledger", user=CADRE)
            reply = await client.wait_for_bot_message(CADRE.id)
            assert reply.document is not None, reply.text
            return reply, await client.download(reply.document)

    reply, sent = await asyncio.wait_for(scenario(), TEST_TIMEOUT)
    assert reply.document is not None and reply.document["file_name"] == "台账模板.xlsx"
    header, example = template_rows()
    assert [trimmed(v) for _, v in read_bytes(sent, "xlsx")] == [trimmed(header), trimmed(example)]
    assert reply.caption is not None and "私聊" in reply.caption
