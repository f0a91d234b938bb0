"""医保缴费助手: a Telegram bot and CLI answering resident medical insurance payment questions."""
