"""Notice alerts on SQLite and PostgreSQL: the first look records, a change in answers queues one
alert per follower however many processes look, a change that alters no answer queues none."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from bot.knowledge.base import KnowledgeBase
from bot.reminders.alerts import ALERT, Alert, alert_text, check_knowledge
from bot.store import Store

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2023, 12, 1, 2, 0, tzinfo=dt.UTC)
URUMQI = "乌鲁木齐市"


def edited(tmp_path: Path, old: str, new: str) -> KnowledgeBase:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    path = folder / "2024-wulumuqi.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return KnowledgeBase.load(folder)


def test_two_processes_looking_queue_each_alert_once(kb, store_url, tmp_path):
    one, two = Store.open(store_url), Store.open(store_url)
    try:
        one.follow(1, URUMQI)
        one.follow(2, URUMQI)
        assert check_knowledge(one, kb, NOW) == [] and check_knowledge(two, kb, NOW) == []  # recorded
        subsidy = "amount: 304\n        payers: [{name: 医疗救助资助参保, amount: 304}]"
        changed = edited(tmp_path, subsidy, subsidy.replace("304", "314"))
        assert check_knowledge(one, changed, NOW) == [URUMQI]
        assert check_knowledge(two, changed, NOW) == []  # the other process finds it announced
        alerts = [d for chat in (1, 2) for d in two.pending(chat) if d.kind == ALERT]
        assert [d.chat_id for d in alerts] == [1, 2]
        text = alert_text(Alert.from_state(alerts[0].state))  # the whole state came back (no cut)
        assert "304元 → 314元" in text and "76元 → 66元" in text
    finally:
        one.close()
        two.close()


def test_an_edit_that_changes_no_answer_alerts_nobody(kb, store_url, tmp_path):
    store = Store.open(store_url)
    try:
        store.follow(1, URUMQI)
        check_knowledge(store, kb, NOW)
        quiet = edited(tmp_path, "quote: 集中参保缴费期为2023年9月1日至2023年12月31日",
                       "quote: 集中参保缴费期为2023年9月1日至2023年12月31日。")  # a reviewer's quote only
        assert check_knowledge(store, quiet, NOW) == []
        assert store.pending(1) == []
        assert check_knowledge(store, quiet, NOW) == []  # and recorded: not compared again
    finally:
        store.close()


def test_an_alert_state_fits_the_stores_index_whatever_its_lines():
    label = "特困人员（含孤儿、事实无人抚养儿童、儿童福利机构收留抚养儿童）"
    items = [(f"{label * 3}{i}", 2, "long_term_care.personal", 1000 + i, 2000 + i) for i in range(8)]
    alert = Alert(URUMQI, "乌医保〔2023〕36号", [2024], items, 3)
    state = alert.as_state()
    back = Alert.from_state(state)
    assert len(state.encode()) <= 1500
    assert 0 < len(back.items) < 8 and back.more == 3 + 8 - len(back.items)  # cut lines are counted
