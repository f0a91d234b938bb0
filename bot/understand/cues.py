"""The cue words of the free-text step (cues.yaml), read once for every module that needs them.

libyaml's loader when the installed PyYAML has it: the file is large enough that the pure-Python
parser was most of the understanding's start-up (reading it twice, about 0.2 s of a CLI run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CUES: dict[str, Any] = yaml.load(
    Path(__file__).with_name("cues.yaml").read_text(encoding="utf-8"), Loader=_LOADER
)
