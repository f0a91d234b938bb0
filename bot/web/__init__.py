"""The web channel: the conversation as linked HTML pages, and a JSON API (`python -m bot web`)."""
