"""Command-line adapters over the engine: answer (JSON/text), chat, knowledge."""
