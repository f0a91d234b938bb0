"""Load and fault tests drive the real Application through the Telegram test harness."""

from __future__ import annotations

import sys
from pathlib import Path

# tg_harness / tg_fakeapi live beside the Telegram tests; import them as those tests do.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "telegram"))
