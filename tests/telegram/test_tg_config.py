"""Configuration from env vars, and what run_bot does with it."""

from __future__ import annotations

import pytest
from telegram.ext import Application
from tg_fakeapi import TOKEN

from bot.knowledge.errors import KnowledgeError
from bot.telegram import app as app_module
from bot.telegram.config import BotConfig, ConfigError, derive_secret

WEBHOOK = {
    "TELEGRAM_BOT_TOKEN": TOKEN,
    "YIBAO_MODE": "webhook",
    "YIBAO_WEBHOOK_URL": "https://bot.example.org/tg/hook",
    "YIBAO_WEBHOOK_SECRET": "s3cret_value-1",
    "YIBAO_WEBHOOK_PORT": "8080",
}


def test_defaults_are_polling_with_a_token_derived_secret():
    c = BotConfig.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert c.mode == "polling" and c.log_level == "INFO" and c.admin_ids == ()
    assert c.callback_secret == derive_secret(TOKEN) != derive_secret(TOKEN + "x")
    assert c.bot_base_url is None and c.reload_every == 60
    assert TOKEN not in repr(c.callback_secret) and "callback_secret" not in repr(c)


def test_everything_set():
    c = BotConfig.from_env({**WEBHOOK, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot/",
                            "YIBAO_ADMIN_IDS": "1, 2,3", "YIBAO_LOG_LEVEL": "debug",
                            "YIBAO_CALLBACK_SECRET": "x" * 20, "YIBAO_RELOAD_EVERY": "0"})
    assert c.mode == "webhook" and c.webhook_port == 8080 and c.webhook_path == "tg/hook"
    assert c.bot_base_url == "http://127.0.0.1:8081/bot"
    assert c.file_base_url == "http://127.0.0.1:8081/file/bot"
    assert c.admin_ids == (1, 2, 3) and c.log_level == "DEBUG" and c.callback_secret == b"x" * 20
    assert c.reload_every == 0  # never look


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "TELEGRAM_BOT_TOKEN"),
        ({**WEBHOOK, "YIBAO_WEBHOOK_SECRET": ""}, "YIBAO_WEBHOOK_SECRET"),
        ({**WEBHOOK, "YIBAO_WEBHOOK_SECRET": "has space"}, "YIBAO_WEBHOOK_SECRET"),
        ({**WEBHOOK, "YIBAO_WEBHOOK_URL": "http://insecure"}, "YIBAO_WEBHOOK_URL"),
        ({**WEBHOOK, "YIBAO_WEBHOOK_PORT": "99999"}, "YIBAO_WEBHOOK_PORT"),
        ({**WEBHOOK, "YIBAO_MODE": "push"}, "YIBAO_MODE"),
        ({**WEBHOOK, "YIBAO_ADMIN_IDS": "me"}, "YIBAO_ADMIN_IDS"),
        ({**WEBHOOK, "YIBAO_LOG_LEVEL": "LOUD"}, "YIBAO_LOG_LEVEL"),
        ({**WEBHOOK, "YIBAO_CALLBACK_SECRET": "short"}, "YIBAO_CALLBACK_SECRET"),
        ({**WEBHOOK, "TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({**WEBHOOK, "YIBAO_AS_OF": "2023-02-30"}, "YIBAO_AS_OF"),
        ({**WEBHOOK, "YIBAO_RELOAD_EVERY": "a minute"}, "YIBAO_RELOAD_EVERY"),
        ({**WEBHOOK, "YIBAO_RELOAD_EVERY": "-5"}, "YIBAO_RELOAD_EVERY"),
        ({**WEBHOOK, "YIBAO_RELOAD_EVERY": "inf"}, "YIBAO_RELOAD_EVERY"),
        ({**WEBHOOK, "YIBAO_RELOAD_EVERY": "nan"}, "YIBAO_RELOAD_EVERY"),
        ({**WEBHOOK, "YIBAO_REMIND_EVERY": "0"}, "YIBAO_REMIND_EVERY"),
        ({**WEBHOOK, "YIBAO_REMIND_EVERY": "often"}, "YIBAO_REMIND_EVERY"),
        ({**WEBHOOK, "YIBAO_REMIND_EVERY": "nan"}, "YIBAO_REMIND_EVERY"),
        ({**WEBHOOK, "YIBAO_NOW": "tomorrow"}, "YIBAO_NOW"),
    ],
)
def test_bad_settings_name_the_variable(env, names):
    with pytest.raises(ConfigError, match=names):
        BotConfig.from_env(env)


def test_run_bot_refuses_bad_config(kb, monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert app_module.run_bot(kb) == 2
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err


def test_run_bot_refuses_broken_knowledge(kb, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    problem = KnowledgeError("knowledge/2024-x.yaml", 12, "standards[0].standard", "must be ≥ 0")
    monkeypatch.setattr(app_module, "lint", lambda kb: [problem])
    assert app_module.run_bot(kb) == 1
    assert "knowledge/2024-x.yaml:12: standards[0].standard: must be ≥ 0" in capsys.readouterr().err


def test_run_bot_webhook_passes_the_secret_token(kb, monkeypatch):
    for key, value in WEBHOOK.items():
        monkeypatch.setenv(key, value)
    seen: dict = {}
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: seen.update(kw))
    monkeypatch.setattr(app_module, "setup_logging", lambda *a, **k: None)
    assert app_module.run_bot(kb) == 0
    assert seen["secret_token"] == "s3cret_value-1"
    assert seen["webhook_url"] == "https://bot.example.org/tg/hook" and seen["url_path"] == "tg/hook"
    assert seen["port"] == 8080 and seen["listen"] == "127.0.0.1"


def test_run_bot_polls_by_default(kb, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("YIBAO_MODE", raising=False)
    seen: dict = {}
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: seen.update(kw))
    monkeypatch.setattr(app_module, "setup_logging", lambda *a, **k: None)
    assert app_module.run_bot(kb) == 0
    assert set(seen["allowed_updates"]) == {"message", "callback_query", "inline_query"}


def test_main_starts_the_bot_when_a_token_is_set(monkeypatch):
    from bot import __main__ as entry

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    called = []
    monkeypatch.setattr(app_module, "run_bot", lambda kb: called.append(kb) or 0)
    assert entry.main([]) == 0 and len(called) == 1


def test_run_bot_with_a_reloadable_holder_wires_the_reload_hooks(kb, monkeypatch):
    from bot.knowledge.holder import KnowledgeHolder

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("YIBAO_MODE", raising=False)
    apps: list[Application] = []
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: apps.append(self))
    monkeypatch.setattr(app_module, "setup_logging", lambda *a, **k: None)
    assert app_module.run_bot(KnowledgeHolder(kb)) == 0
    assert app_module.run_bot(kb) == 0  # fixed knowledge: nothing to reload
    watched, fixed = apps
    assert watched.post_init is not None and watched.post_stop is not None
    # Fixed knowledge: the background start-up calls (stopped on shutdown too) and the
    # reminders, chained; no reload hooks.
    background = fixed.post_shutdown.__self__  # type: ignore[union-attr]
    assert isinstance(background, app_module.BackgroundCalls)
    assert fixed.post_stop != background.stop  # the reminders' sender stops with it
    assert watched.post_init != fixed.post_init and watched.post_stop != fixed.post_stop
