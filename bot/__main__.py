"""Entry point: `python -m bot [answer|ask|chat|knowledge|run|web] …`.

With no sub-command it starts the Telegram bot when a token is configured, and the
console chat (the embedded default) when not.
"""

from __future__ import annotations

import argparse
import os
import sys

from bot import clock
from bot.engine.notes import InputError
from bot.knowledge.errors import KnowledgeLoadError


def _parser() -> argparse.ArgumentParser:
    from bot.cli import answer_cmd

    p = argparse.ArgumentParser(prog="python -m bot", description="医保缴费助手")
    sub = p.add_subparsers(dest="command")
    answer = sub.add_parser("answer", help="answer one situation")
    answer_cmd.add_arguments(answer)
    ask = sub.add_parser("ask", help="answer a free-text question")
    ask.add_argument("text")
    ask.add_argument("--today", help="fixes what 今天 / 下个月 / 明年 mean")
    ask.add_argument("--as-of", help="preview date (same as --today)")
    ask.add_argument("--json", action="store_true")
    chat = sub.add_parser("chat", help="console conversation")
    chat.add_argument("--as-of")
    know = sub.add_parser("knowledge", help="maintain the knowledge files")
    ksub = know.add_subparsers(dest="knowledge_command", required=True)
    check = ksub.add_parser("check", help="validate a knowledge folder")
    check.add_argument("path", nargs="?")
    check.add_argument("--as-of", help="warn about missing notices as of this day")
    from bot.maintain.cli import add_knowledge_commands

    add_knowledge_commands(ksub)
    sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    sub.add_parser("web", help="serve the web chat page and the JSON API (YIBAO_WEB_LISTEN, YIBAO_WEB_PORT)")
    from bot.cli import ledger_cmd

    ledger_cmd.add_arguments(sub.add_parser("ledger", help="answer every row of a ledger (台账)"))
    return p


# What a shell reports for a program SIGPIPE ended (`yes | head -1` under pipefail): the output
# was cut short, which is not an error of ours but should not pass for a full answer either.
CUT_SHORT = 128 + 13


def main(argv: list[str] | None = None) -> int:
    """Every sub-command, with one exit path for a reader that went away (`| head -1`)."""
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # buffered output must fail here, not in the interpreter's exit
    except BrokenPipeError:
        # Python would flush stdout once more on its way out and print a second error about
        # it; with stdout pointing at /dev/null there is nothing left to fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return CUT_SHORT


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except InputError as exc:
        from bot.render import error_text

        print(error_text(exc), file=sys.stderr)
        return 2
    except KnowledgeLoadError as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _today(args: argparse.Namespace):
    try:
        return clock.today(getattr(args, "as_of", None))
    except ValueError:
        raise InputError("bad_date", text=str(getattr(args, "as_of", None) or
                                              os.environ.get(clock.ENV_AS_OF))) from None


def _today_for_ask(args: argparse.Namespace):
    if args.today:
        args.as_of = args.today
    return _today(args)


def _dispatch(args: argparse.Namespace) -> int:
    from bot.cli.knowledge_cmd import check
    from bot.knowledge.check import load_checked

    if args.command == "knowledge":
        if args.knowledge_command != "check":
            from bot.maintain.cli import run_knowledge_command

            return run_knowledge_command(args, _today)
        return check(args.path, _today(args))
    if args.command == "answer":
        from bot.cli import answer_cmd
        from bot.knowledge.base import KnowledgeBase

        return answer_cmd.run(KnowledgeBase.load(), args, _today(args))
    if args.command == "ask":
        from bot.cli import ask_cmd
        from bot.knowledge.base import KnowledgeBase

        return ask_cmd.run(KnowledgeBase.load(), args, _today_for_ask(args))
    if args.command == "web":
        return _web()
    if args.command == "ledger":
        from bot.cli import ledger_cmd
        from bot.knowledge.base import KnowledgeBase

        return ledger_cmd.run(KnowledgeBase.load(), args, _today(args))
    if args.command == "run" or (args.command is None and os.environ.get("TELEGRAM_BOT_TOKEN")):
        from bot.knowledge.holder import KnowledgeHolder
        from bot.telegram.app import run_bot

        return run_bot(KnowledgeHolder.load())
    from bot.chat import run_chat

    return run_chat(load_checked(), _today(args))


def _web() -> int:
    from bot.knowledge.holder import KnowledgeHolder
    from bot.web.app import run_web
    from bot.web.settings import SettingError, WebSettings

    try:
        settings = WebSettings.from_env()
    except SettingError as exc:
        print(exc, file=sys.stderr)
        return 2
    return run_web(KnowledgeHolder.load(), settings)


if __name__ == "__main__":
    sys.exit(main())
