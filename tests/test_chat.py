"""The console chat (`python -m bot chat`), driven through stdin as a resident would type."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

from bot.chat import run_chat
from bot.conversation import wording
from bot.knowledge.base import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2023, 11, 1)


def chat(kb: KnowledgeBase, *lines: str) -> str:
    feed = iter(lines)
    out = io.StringIO()
    assert run_chat(kb, TODAY, read=lambda: next(feed, None), out=out) == 0
    return out.getvalue()


def walk(kb: KnowledgeBase, *steps: str) -> str:
    """Answer each question by its option label ("低保"), or type ``=text`` as it is."""
    out = io.StringIO()
    pending = list(steps)

    def read() -> str | None:
        if not pending:
            return None
        step = pending.pop(0)
        return step[1:] if step.startswith("=") else option_number(out.getvalue(), step)

    assert run_chat(kb, TODAY, read=read, out=out) == 0
    return out.getvalue()


def option_number(output: str, label: str) -> str:
    """The number printed before ``label`` in the last list of options shown."""
    for line in reversed(output.splitlines()):
        number, _, text = line.strip().partition(". ")
        if number.isdigit() and text == label:
            return number
    raise AssertionError(f"{label!r} not offered in:\n{output}")


def test_stdin_walk_to_an_answer_through_the_real_process():
    # Region, identity (低保), not a newborn, then today's date by pressing Enter.
    env = {**os.environ, "YIBAO_AS_OF": "2023-11-01"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    typed = "乌市\n"  # free text picks the region; the flow carries on from there
    p = subprocess.run([sys.executable, "-m", "bot"], input=typed + "q\n", cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    assert "乌鲁木齐市" in p.stdout and "您属于哪类人员" in p.stdout


def test_numbered_choices_lead_to_the_cited_answer(kb):
    out = walk(kb, "乌鲁木齐市", "低保", "=")  # Enter on the date question = today
    assert "个人要交：84元" in out  # 76 medical + 8 long-term care, 乌医保〔2023〕36号
    assert "乌医保〔2023〕36号" in out


def test_back_and_restart(kb):
    out = chat(kb, "3", "0", "r")
    prompts = out.count("您在哪个地区参保？")
    assert prompts == 3  # start, after 0 (back to region), after r (restart)


def test_a_bad_choice_is_explained_and_nothing_is_lost(kb):
    out = chat(kb, "3", "99")
    assert "没看懂，请输入上面列出的编号" in out
    assert out.count("您属于哪类人员") == 2  # asked again, region kept


def test_an_impossible_typed_date_names_the_problem(kb):
    out = walk(kb, "乌鲁木齐市", "低保", "=2023-02-30")
    assert "2023-02-30" in out.split("哪天缴费", 1)[1]
    assert out.count("哪天缴费") >= 2 or out.count("缴费日期") >= 1


def test_free_text_answers_and_the_flow_carries_on(kb):
    out = chat(kb, "屯留低保户12月5号交多少钱")
    assert "长治市屯留区" in out and "低保" in out
    # The answer was shown once, not repeated by the flow.
    assert out.count("个人要交") == 1


def test_free_text_with_something_missing_asks_only_that(kb):
    out = chat(kb, "乌鲁木齐交多少钱")
    tail = out.split("乌鲁木齐市", 1)[1]
    assert "您属于哪类人员" in tail
    assert "您在哪个地区参保" not in tail


def test_a_birth_after_the_payment_date_is_answered_in_the_conversation(kb):
    # Issue 12, item 1: this used to end the console chat with status 2 mid-conversation.
    out = walk(kb, "长治市屯留区", wording.button("newborn"), "=2024-08-04", "=", "=0", "=2023-10-30",
               "=2023-12-01")
    assert "晚于缴费日期" in out  # the problem, said in the conversation
    assert "个人要交" in out.split("晚于缴费日期", 1)[1]  # corrected, then answered


def test_back_goes_back_from_the_data_not_a_history_of_inputs(kb):
    # A free-text answer fills several slots at once; 0 then steps back one slot, as in Telegram.
    out = chat(kb, "屯留低保户12月5号交多少钱", "0")
    after_back = out.rsplit("个人要交", 1)[1]
    assert "哪天缴费" in after_back and "您在哪个地区参保" not in after_back


def test_a_number_typed_at_the_date_prompt_is_not_echoed(kb):
    """Issue 12 item 2: the bad-date message quoted the phone or ID number typed."""
    out = walk(kb, "乌鲁木齐市", wording.button("ordinary"), "=13812345678", "=2023-13-45 13812345678",
               "=身份证号：320583195708119054")
    assert "13812345678" not in out and "320583195708119054" not in out
    assert '日期"[手机号]"不对' in out and '日期"2023-13-45 [手机号]"不对' in out


def test_digits_that_are_not_numbers_are_a_bad_choice_not_a_crash(kb):
    # "²" and "①" are digits to str.isdigit but not to int(); int() refuses 4,301 digits and more.
    out = chat(kb, "²", "1 ①", "1" * 5000, "３")
    assert out.count("没看懂，请输入上面列出的编号") == 3
    assert "已选：乌鲁木齐市" in out  # full-width ３ still picks the third region


def test_bytes_that_are_not_utf8_on_stdin_are_not_understood_not_a_crash():
    # A GBK terminal types 乌鲁木齐; in a UTF-8 locale (PYTHONIOENCODING as zh_CN.UTF-8 gives)
    # Python's stdin is strict, and the first line ended the chat with a UnicodeDecodeError.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    typed = "乌鲁木齐".encode("gbk") + b"\n3\nq\n"
    p = subprocess.run([sys.executable, "-m", "bot", "chat", "--as-of", "2023-11-01"], input=typed,
                       cwd=ROOT, env=env, capture_output=True, timeout=60)
    out, err = p.stdout.decode(), p.stderr.decode()
    assert p.returncode == 0 and "Traceback" not in err, err
    assert "没看懂" in out and "已选：乌鲁木齐市" in out and out.rstrip().endswith("再见！")


def test_typed_text_after_an_answer_follows_it_up(kb):
    out = walk(kb, "乌鲁木齐市", "低保", "=2023-12-01", "=那乌拉特前旗呢")
    # the same identity and payment day as the answer it follows, in the region it names
    assert "📋 乌拉特前旗" in out and "单纯低保户" in out.split("📋 乌拉特前旗", 1)[1]
    assert "缴费日期：2023年12月1日" in out.split("📋 乌拉特前旗", 1)[1]
