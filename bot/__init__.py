"""医保缴费助手: a Telegram bot and CLI answering resident medical insurance payment questions."""

import os

# pydantic otherwise scans every installed package's entry points for plugins on first use
# (~40 ms of a 0.3 s cold-start budget); this project uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
