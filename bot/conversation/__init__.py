"""The conversation, the same for every channel: what is on screen and how each press or typed
answer moves it on.

- state.py: ``Conv`` (the answers so far plus what the screen is doing) and the moves on it:
  answer, back, restart, change one answer, tick, fill a date.
- screens.py: ``Screen`` / ``Button`` as plain data, built from a ``Conv``; every button names
  the ``Conv`` it leads to, so no channel keeps a history of its own.
- picker.py: which months and days a date question offers.
- wording.py: the conversation's words, from ``templates/conversation/``.

Adapters (Telegram, the console chat) turn screens into their widgets and their input into
these moves; they hold no flow of their own.
"""
