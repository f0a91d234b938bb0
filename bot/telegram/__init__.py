"""The Telegram adapter: a sibling of the console chat (bot/chat.py) over the same engine.

One concept per module: ``config`` (env vars), ``state`` (the conversation as data and
its moves), ``codec`` (that state signed into callback_data), ``kbindex`` (small numbers
for the knowledge's names, and its fingerprint), ``screens`` (state -> text and buttons),
``keyboards`` (buttons -> the Bot API's keyboard JSON), ``replies`` (send/edit a screen),
``deeplink`` (t.me/<bot>?start= payloads), ``dates`` / ``typed`` (date picker, typed
dates), ``understand`` / ``match`` (free text), ``handlers/`` (one module per kind of
update), ``logs`` (logging without personal numbers, via bot/privacy.py), ``app`` (build, run).
No module keeps conversation state in memory: it travels in the buttons.
"""
