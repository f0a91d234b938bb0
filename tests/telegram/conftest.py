from __future__ import annotations

import pytest
from tg_fakeapi import FakeBotAPI


@pytest.fixture
def api() -> FakeBotAPI:
    return FakeBotAPI()
