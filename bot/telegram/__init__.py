"""The Telegram adapter: it turns bot/conversation's screens into inline keyboards and
Telegram's updates into the conversation's moves; it holds no flow of its own.

One concept per module: ``config`` (env vars), ``codec`` (a conversation state signed into
callback_data), ``keyboards`` (buttons -> the Bot API's keyboard JSON), ``replies`` (send or
edit a screen), ``deeplink`` (t.me/<bot>?start= payloads), ``typed`` (which question a typed
date or reply belongs to), ``match`` (inline-mode words), ``handlers/`` (one module per kind
of update), ``transport`` / ``retry`` / ``updates`` (the Bot API over HTTP), ``app`` (build,
run). No module keeps conversation state in memory: it travels in the buttons.
"""
