"""Blind table 7, family 1: questions naming 新疆 or a place in it whose own notice is not on
file (喀什, 伊犁, 昌吉 …) are answered from the region-wide rules (新医保发〔2024〕48号); an
amount asked of such a place says that place's notice is not on file, never another city's
figures and never a request for the region."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import DEFAULT_DIR
from bot.present import ask_reply
from bot.understand.ask import ask

TODAY = dt.date(2023, 10, 15)  # before 48号 applied: the reply says from when it does
DOC = "新医保发〔2024〕48号"


def _places() -> list[str]:
    data = yaml.safe_load((DEFAULT_DIR / "2024-xinjiang-rules.yaml").read_text(encoding="utf-8"))
    return data["region"]["places"]["names"]


def test_the_places_come_from_the_knowledge_file_not_the_code(kb: KnowledgeBase) -> None:
    names = _places()
    assert len(names) > 100 and "伊犁哈萨克自治州" in names and "乌鲁木齐市" not in names
    # 乌鲁木齐's own districts stay with its own notice
    assert not set(names) & set(kb.regions["乌鲁木齐市"].places)


@pytest.mark.parametrize("place", ["莎车县", "阿勒泰市", "和布克赛尔蒙古自治县", "伊犁", "喀什"])
def test_any_listed_place_is_read_as_xinjiang(kb: KnowledgeBase, place: str) -> None:
    r = ask(kb, f"{place} 过了缴费期才评上低保 还能给资助吗", TODAY)
    assert r.understood.region is None and r.understood.wide_region == "新疆维吾尔自治区"
    assert r.understood.wide_place == place and r.missing == [] and r.facts


@pytest.mark.parametrize(("text", "word"), [
    ("新疆 低保户交医保 是先交全款再补 还是只交差额", "差额"),           # 四: 差额征缴
    ("新疆 11月份已经交了医保 12月才评上低保 还能享受资助不", "按新增身份落实资助"),  # 二（一）
    ("过了集中缴费期才评上低保 医保之前自己已经交了 今年能给补吗 新疆", "下个参保年度"),  # 二（三）
    ("新疆 低保今年中途退出了 已经补贴的钱要退回去吗", "不调整"),        # 二（四）
    ("又是低保又是监测户 新疆这边资助按哪个算", "就高不就低"),          # 二
    ("村里一个脱贫户 9月交完医保 10月又认定成低保了 补助咋算 新疆的", "就高不就低"),  # 二（二）
    ("老人医保交完了 还没到1月1号就去世了 钱能退不 新疆", "退费"),        # 二（五）
    ("户口喀什的低保 在乌鲁木齐打工参保 资助谁给", "认定地"),           # 二（六）
    ("我是甘肃的低保户 在新疆打工就在这边参保 能有资助吗", "自愿申请"),    # 二（六）
    ("吐鲁番 刚评上监测户 过了缴费期还没参保 现在还能交吗", "随参随缴"),   # 四
    ("新疆资助困难户参保的钱是从哪出的", "医疗救助"),                 # 五
    ("新疆这个困难群众资助参保的文件啥时候开始执行", "印发"),          # 六 (closing line)
    ("和田 集中缴费期外新认定的低保户 还没参保 个人要交全部吗", "差额"),  # 四、五
    ("新疆居民医保集中交费是几月到几月", "9月1日至12月31日"),          # 二（一）
])
def test_region_wide_questions_are_answered_with_the_clause(kb: KnowledgeBase, text: str, word: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.missing == [] and r.wide is not None
    assert any(word in f.text for f in r.facts), [f.text for f in r.facts]
    assert {notice for notice, _ in r.sources} == {DOC}
    reply = ask_reply(kb, r)
    assert "还需要知道" not in reply and "2024年9月3日" in reply


@pytest.mark.parametrize("text", ["伊犁低保户一年医保交多少", "喀什 普通居民医保交多少钱",
                                  "阿克苏 特困户自己交多少"])
def test_an_amount_of_a_place_not_on_file_is_not_another_citys(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.answer is None and r.missing == [] and r.wide is not None and r.wide.amounts
    reply = ask_reply(kb, r)
    figures = {str(s.standard) for s in kb.notice_for("乌鲁木齐市", TODAY).model.standards}
    assert not any(f in reply for f in figures | {"76", "304", "190"})  # never 乌鲁木齐's figures
    assert "不在我这里" in reply and "可问" in reply and r.understood.wide_place in reply
    assert "差额征缴" in reply  # what 48号 says in general


@pytest.mark.parametrize("text", ["昌吉 低保户住院报销比例多少", "新疆 困难户医保能在手机上交吗 用哪个app"])
def test_what_the_rules_leave_open_is_said_so_with_whom_to_ask(kb: KnowledgeBase, text: str) -> None:
    r = ask(kb, text, TODAY)
    assert r.missing == [] and r.answer is None and r.wide is not None
    reply = ask_reply(kb, r)
    assert "可问" in reply
    assert r.wide.silent or any(not f.stated and f.ask for f in r.facts)  # "未写明", and who can answer


def test_urumqi_keeps_its_own_notice(kb: KnowledgeBase) -> None:
    r = ask(kb, "米东区低保户医保自己掏多少", TODAY)
    assert r.understood.region == "乌鲁木齐市" and r.wide is None and r.answer is not None


def test_a_money_question_naming_only_the_province_still_asks_the_city(kb: KnowledgeBase) -> None:
    assert ask(kb, "新疆 低保户医保交多少钱", TODAY).missing == ["region"]
