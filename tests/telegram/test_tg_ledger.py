"""Ledgers (台账) in Telegram: a private chat's document comes back filled in with a summary;
a group's is refused unopened; limits, bad files and captions get a clear message; /ledger
sends the template; the logs never carry the ledger's names, ID or phone numbers."""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any

import pytest
from ledger_files import csv_bytes, xlsx_bytes
from tg_fakeapi import BOT_USERNAME, BotMessage
from tg_harness import ALICE, BOB, GROUP, TODAY, Bot

import bot.telegram.handlers.ledger as ledger_handler
from bot.engine.resolve import resolve_region
from bot.ledger.columns import text_of
from bot.ledger.compute import LedgerResult, compute_ledger
from bot.ledger.output import row_error_text, template_rows
from bot.ledger.read import read_bytes
from bot.ledger.rows import Defaults
from bot.ledger.write import table
from bot.logs import RedactFilter
from bot.telegram import texts
from bot.telegram.ledger_reply import MAX_BYTES, limit_mb

PHONE = "13812345678"
ID = "320583195708119054"
HEADER = ["户号", "姓名", "身份证号", "联系电话", "参保地", "人员类别", "出生日期", "缴费档次"]
ROWS = [
    ["1", "张大爷", ID, PHONE, "乌鲁木齐", "低保", "1950-01-01", ""],
    ["1", "张三", "", "", "乌鲁木齐", "", "1980-05-06", ""],
    ["2", "李四", "", "", "酉阳", "低保、重度残疾", "1970-01-01", "二档"],
    ["3", "王五", "", "", "屯留", "特困", "1960-01-01", ""],
    ["4", "赵六", "", "", "乌鲁木齐", "村干部", "1975-01-01", ""],  # not a category: an error row
]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_REGION = [[c for i, c in enumerate(r) if i != HEADER.index("参保地")] for r in [HEADER, *ROWS[:2]]]
def expected(kb, data: bytes, kind: str, region: str | None = None, paid_on: dt.date = TODAY) -> LedgerResult:
    """The ledger code's own computation of the file sent."""
    return compute_ledger(kb, read_bytes(data, kind), Defaults(region, paid_on))


def trimmed(values: Any) -> list[str]:
    """A row as text, without the blank cells at its end (a reader may or may not keep them)."""
    row = [text_of(v) for v in values]
    while row and row[-1] == "":
        row.pop()
    return row


def filled_rows(msg: BotMessage, kind: str) -> list[list[str]]:
    """The first sheet (or the CSV) the bot sent back, as text."""
    assert msg.document is not None
    return [trimmed(values) for _, values in read_bytes(msg.document.data, kind)]


def assert_filled_like_the_ledger_code(msg: BotMessage, kind: str, result: LedgerResult) -> None:
    header, rows = table(result)
    want = [trimmed(row) for row in [header, *rows]]
    assert filled_rows(msg, kind)[: len(want)] == want


def assert_summary(text: str, result: LedgerResult) -> None:
    t = result.totals
    assert f"共 {len(result.rows)} 人，算出 {t.people} 人" in text
    assert f"个人应缴合计：{t.total_personal}元" in text
    assert f"资助合计：{t.total_subsidy}元" in text
    for payer, amount in t.by_payer.items():
        assert f"· {payer}：{amount}元" in text
    for r in result.rows:
        if r.error is not None:
            assert row_error_text(r.row, r.error) in text


async def test_a_private_xlsx_comes_back_filled_in_with_a_summary(kb):
    data = xlsx_bytes([HEADER, *ROWS])
    async with Bot(kb) as bot:
        await bot.send_document(data, "三村台账.xlsx")
    (msg,) = bot.api.documents(ALICE.id)
    assert msg.document is not None and msg.document.file_name == "三村台账_已算.xlsx"
    result = expected(kb, data, "xlsx")
    assert result.errors == 1 and result.totals.people == 4  # the case is what it says
    assert_filled_like_the_ledger_code(msg, "xlsx", result)
    assert_summary(msg.text, result)
    assert "第6行「人员类别」" in msg.text  # the error row named by its spreadsheet row
    assert [c.method for c in bot.api.calls if c.method != "getMe"] == ["getFile", "download", "sendDocument"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
async def test_a_csv_in_any_encoding_comes_back_as_csv(kb, encoding):
    data = csv_bytes([HEADER, *ROWS], encoding)
    async with Bot(kb) as bot:
        await bot.send_document(data, "台账.csv", mime_type="text/csv")
    (msg,) = bot.api.documents(ALICE.id)
    assert msg.document is not None and msg.document.file_name == "台账_已算.csv"
    assert msg.document.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel opens it right
    assert_filled_like_the_ledger_code(msg, "csv", expected(kb, data, "csv"))


@pytest.mark.parametrize("caption", ["乌鲁木齐", "--region 乌鲁木齐", "——region 乌鲁木齐",
                                     "--region=乌鲁木齐市"])
async def test_a_ledger_without_a_region_column_takes_it_from_the_caption(kb, caption):
    data = csv_bytes(NO_REGION, "gbk")
    async with Bot(kb) as bot:
        await bot.send_document(data, "无地区.csv", caption=caption)
    (msg,) = bot.api.documents(ALICE.id)
    result = expected(kb, data, "csv", region=resolve_region(kb, "乌鲁木齐"))
    assert result.totals.people == 2
    assert_filled_like_the_ledger_code(msg, "csv", result)
    assert_summary(msg.text, result)


async def test_the_caption_gives_the_payment_day_too(kb):
    data = xlsx_bytes([HEADER, *ROWS[:3]])
    late = dt.date(2024, 3, 1)  # after 乌鲁木齐's window: the answers change
    async with Bot(kb) as bot:
        await bot.send_document(data, "a.xlsx", caption="--paid-on 2024-03-01")
        await bot.send_document(data, "b.xlsx", caption="2024-03-01")
    first, second = bot.api.documents(ALICE.id)
    result = expected(kb, data, "xlsx", paid_on=late)
    assert table(result) != table(expected(kb, data, "xlsx"))
    for msg in (first, second):
        assert_filled_like_the_ledger_code(msg, "xlsx", result)
        assert "2024年3月1日" in msg.text


async def test_no_region_column_and_no_caption_asks_for_one(kb):
    async with Bot(kb) as bot:
        await bot.send_document(csv_bytes(NO_REGION, "utf-8"), "x.csv")
    assert not bot.api.documents(ALICE.id)
    assert bot.api.last_message(ALICE.id).text == texts.ledger("no_region")


@pytest.mark.parametrize(("caption", "says"), [
    ("火星", '不认识的地区"火星"'),
    ("乌鲁木齐 2024-13-45", '日期"2024-13-45"不对'),
    ("--tier 2", '"--tier"不是能用的写法'),
])
async def test_a_caption_it_cannot_read_says_why_and_downloads_nothing(kb, caption, says):
    async with Bot(kb) as bot:
        await bot.send_document(csv_bytes(NO_REGION, "utf-8"), "x.csv", caption=caption)
    text = bot.api.last_message(ALICE.id).text
    assert says in text and "--region 乌鲁木齐" in text
    assert not bot.api.of("getFile") and not bot.api.documents(ALICE.id)


# -- groups ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["mention", "reply"])
async def test_a_ledger_addressed_to_the_bot_in_a_group_is_refused_unopened(kb, how):
    async with Bot(kb) as bot:
        await bot.send(f"/help@{BOT_USERNAME}", chat_id=GROUP)
        help_msg = bot.api.last_message(GROUP)
        caption = f"@{BOT_USERNAME} 帮忙算一下" if how == "mention" else None
        await bot.send_document(xlsx_bytes([HEADER, *ROWS]), "台账.xlsx", user=BOB, chat_id=GROUP,
                                caption=caption, reply_to=help_msg if how == "reply" else None)
    refusal = bot.api.last_message(GROUP)
    assert refusal.text == texts.ledger("group_refused", username=BOT_USERNAME)
    assert "私聊" in refusal.text
    assert any(line.endswith(f"https://t.me/{BOT_USERNAME}") for line in refusal.text.splitlines())  # a link
    assert not bot.api.of("getFile") and not bot.api.downloads and not bot.api.of("sendDocument")


async def test_a_file_shared_in_a_group_between_people_is_left_alone(kb):
    async with Bot(kb) as bot:
        await bot.send_document(xlsx_bytes([HEADER, *ROWS]), "台账.xlsx", user=BOB, chat_id=GROUP)
    assert [c.method for c in bot.api.calls] == ["getMe"]


# -- limits and bad files ----------------------------------------------------------------


async def test_a_file_over_the_limit_is_refused_before_downloading(kb):
    async with Bot(kb) as bot:
        await bot.send_document(xlsx_bytes([HEADER, *ROWS]), "big.xlsx", file_size=MAX_BYTES + 1)
    assert bot.api.last_message(ALICE.id).text == texts.ledger("too_large", limit_mb=limit_mb())
    assert f"{limit_mb()} MB" in texts.ledger("too_large", limit_mb=limit_mb())
    assert not bot.api.of("getFile")


async def test_a_file_bigger_than_it_said_is_refused_after_downloading(kb, monkeypatch):
    monkeypatch.setattr(ledger_handler, "MAX_BYTES", 1000)
    data = csv_bytes([HEADER, *ROWS * 20], "utf-8")
    assert len(data) > 1000
    async with Bot(kb) as bot:
        await bot.send_document(data, "x.csv", file_size=10)
    assert bot.api.last_message(ALICE.id).text == texts.ledger("too_large", limit_mb=limit_mb())
    assert not bot.api.documents(ALICE.id)


@pytest.mark.parametrize(("name", "mime"), [("台账.xls", "application/vnd.ms-excel"),
                                            ("说明.pdf", "application/pdf"), ("照片", "image/jpeg"),
                                            (None, None)])
async def test_a_file_of_another_type_is_refused_unopened(kb, name, mime):
    async with Bot(kb) as bot:
        await bot.send_document(b"%PDF-1.4 whatever", name, mime_type=mime)
    assert bot.api.last_message(ALICE.id).text == texts.ledger("wrong_type")
    assert not bot.api.of("getFile")


async def test_a_file_with_no_name_is_read_by_its_mime_type(kb):
    data = xlsx_bytes([HEADER, *ROWS[:2]])
    async with Bot(kb) as bot:
        await bot.send_document(data, None, mime_type=XLSX_MIME)
    (msg,) = bot.api.documents(ALICE.id)
    assert msg.document is not None and msg.document.file_name == "台账_已算.xlsx"
    assert_filled_like_the_ledger_code(msg, "xlsx", expected(kb, data, "xlsx"))


@pytest.mark.parametrize(("name", "data", "says"), [
    ("坏的.xlsx", b"this is not a zip file at all", "不是能读的 .xlsx 表格"),
    ("改了后缀.xlsx", "姓名,人员类别\n张三,低保\n".encode(), "不是能读的 .xlsx 表格"),
    ("无类别.csv", "姓名,电话\n张三,13812345678\n".encode(), "找不到人员类别"),
    ("空的.csv", b"", "找不到人员类别"),
    ("乱码.csv", b"\xff\xfe\x00\x81\x30\x81\xff" * 20, "不是 UTF-8 或 GBK 编码"),
])
async def test_an_unreadable_file_gets_one_clear_line_and_no_traceback(kb, name, data, says, caplog):
    async with Bot(kb) as bot:
        await bot.send_document(data, name)
    text = bot.api.last_message(ALICE.id).text
    assert text.startswith("这个表格读不了：") and says in text
    assert PHONE not in text and "Traceback" not in caplog.text


async def test_a_failure_inside_the_ledger_code_is_one_polite_line(kb, monkeypatch, caplog):
    def broken(*args: object) -> None:
        raise ValueError(f"张大爷 {ID} broke it")

    monkeypatch.setattr(ledger_handler, "fill", broken)
    with caplog.at_level(logging.INFO):
        async with Bot(kb) as bot:
            await bot.send_document(xlsx_bytes([HEADER, *ROWS]), "x.xlsx")
    assert bot.api.last_message(ALICE.id).text == texts.ledger("failed")
    assert "ValueError" in caplog.text  # the maintainer learns the kind and the place…
    assert "张大爷" not in caplog.text and ID not in caplog.text  # …never the cell


async def test_a_failed_download_asks_to_send_again(kb):
    async with Bot(kb) as bot:
        bot.api.failing["getFile"] = 400
        await bot.send_document(xlsx_bytes([HEADER, *ROWS]), "x.xlsx")
    assert bot.api.last_message(ALICE.id).text == texts.ledger("download_failed")


async def test_a_long_summary_follows_the_file_as_a_message(kb):
    unknown = "不存在的类别" + "很长" * 150
    rows = [[str(i), f"人{i}", "", "", "乌鲁木齐", f"{unknown}{i}", "", ""] for i in range(12)]
    data = xlsx_bytes([HEADER, *rows])
    async with Bot(kb) as bot:
        await bot.send_document(data, "x.xlsx")
    doc, summary = bot.api.sent_to(ALICE.id)
    assert doc.document is not None and doc.text == texts.ledger("filled_caption")
    result = expected(kb, data, "xlsx")
    assert result.errors == 12 and summary.text.count("第") == 3  # the first three rows, then "其余见…"
    assert "其余见表中「说明」列" in summary.text


# -- privacy in the logs -----------------------------------------------------------------


async def test_the_logs_carry_no_name_id_phone_or_file_name(kb, caplog):
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    data = xlsx_bytes([HEADER, *ROWS])
    async with Bot(kb) as bot:
        await bot.send_document(data, "张大爷家.xlsx", caption="乌鲁木齐")
        await bot.send_document(b"junk", "李四家.xlsx")
        await bot.send_document(csv_bytes(NO_REGION, "gbk"), "王五家.csv")
    assert len(bot.api.documents(ALICE.id)) == 1
    logged = caplog.text
    assert "ledger computed" in logged  # something is logged: the test can fail
    for secret in (ID, PHONE, "张大爷", "李四", "王五", "张三", "乌鲁木齐"):
        assert secret not in logged


async def test_at_debug_the_libraries_log_lines_lose_the_file_name_too(kb):
    """PTB logs every call and result at DEBUG, sendDocument's with the file's name: the bot's
    log filter (bot/logs.py, as `run` installs it) hides it like an ID number."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        async with Bot(kb) as bot:
            await bot.send_document(xlsx_bytes([HEADER, *ROWS[:2]]), "张大爷家.xlsx", caption="乌鲁木齐")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    (msg,) = bot.api.documents(ALICE.id)
    assert msg.document is not None and msg.document.file_name == "张大爷家_已算.xlsx"
    logged = out.getvalue()
    assert "sendDocument" in logged and "[file name]" in logged
    for secret in ("张大爷", ID, PHONE):
        assert secret not in logged


# -- /ledger -----------------------------------------------------------------------------


@pytest.mark.parametrize("chat", [ALICE.id, GROUP])
async def test_ledger_sends_the_template_with_how_to_fill_it(kb, chat):
    async with Bot(kb) as bot:
        await bot.send("/ledger" if chat > 0 else f"/ledger@{BOT_USERNAME}", chat_id=chat)
    (msg,) = bot.api.documents(chat)
    assert msg.document is not None and msg.document.file_name == "台账模板.xlsx"
    header, example = template_rows()
    assert filled_rows(msg, "xlsx") == [trimmed(header), trimmed(example)]
    for name in kb.regions:
        assert name in msg.text
    assert "私聊" in msg.text and "人员类别" in msg.text


async def test_the_template_sent_back_filled_in_is_computed(kb):
    """The loop a cadre makes: /ledger, fill the template, send it back."""
    async with Bot(kb) as bot:
        await bot.send("/ledger")
        (template,) = bot.api.documents(ALICE.id)
        assert template.document is not None
        await bot.send_document(template.document.data, template.document.file_name)
    _, filled = bot.api.documents(ALICE.id)
    assert_filled_like_the_ledger_code(filled, "xlsx", expected(kb, template.document.data, "xlsx"))
    assert "共 1 人，算出 1 人" in filled.text


async def test_help_and_the_command_menu_name_ledger(kb):
    async with Bot(kb) as bot:
        await bot.send("/help")
    assert "/ledger" in bot.api.last_message(ALICE.id).text
