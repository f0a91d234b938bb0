"""A ledger in every form people save it computes the same, and each row is what
`answer` gives that one person."""

from __future__ import annotations

import datetime as dt

import pytest
from ledger_files import AS_OF, HEADER, ROWS, csv_bytes, run_ledger, xlsx_bytes

from bot.cli.answer_cmd import situation_from_args
from bot.engine.calculator import calculate
from bot.present import answer_json


def answer_alone(kb, row: list[str]) -> dict:
    """What `answer` prints for the person on one of ROWS."""
    import argparse

    born = dt.date.fromisoformat(row[5])
    newborn = born > dt.date.fromisoformat(AS_OF) - dt.timedelta(days=366)
    tier = row[7].replace("二档", "2") or None
    args = argparse.Namespace(region=row[3], identity=[w for w in row[4].split("、") if w],
                              born_on=row[5] if newborn else None,
                              student={"大学": "university"}.get(row[6]), tier=tier, paid_on=AS_OF)
    return answer_json(calculate(kb, situation_from_args(kb, args, dt.date.fromisoformat(AS_OF))))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding(kb, capsys, write_file, encoding):
    path = write_file("台账.csv", csv_bytes([HEADER, *ROWS], encoding))
    code, data, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    assert code == 0, err
    assert [r["row"] for r in data["rows"]] == list(range(2, 2 + len(ROWS)))
    for r, row in zip(data["rows"], ROWS, strict=True):
        assert r["error"] is None
        assert r["input"] == dict(zip(HEADER, row, strict=True))  # unknown columns kept as they were
        assert r["answer"] == answer_alone(kb, row)
    totals = data["totals"]
    personal = [r["answer"]["total_personal"] for r in data["rows"]]
    assert totals["people"] == totals["computed"] == len(ROWS) and totals["errors"] == 0
    assert totals["total_personal"] == sum(personal)
    assert totals["by_household"]["1"] == {"people": 3, "total_personal": sum(personal[:3])}


def test_the_known_figures(capsys, write_file):
    path = write_file("a.csv", csv_bytes([HEADER, *ROWS], "utf-8"))
    _, data, _ = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    personal = [r["answer"]["total_personal"] for r in data["rows"]]
    assert personal[:2] == [84, 420]  # 乌市 低保 76 + 护理 8; ordinary 380 + 40
    assert data["rows"][2]["answer"]["newborn"] is True
    assert data["rows"][1]["answer"]["newborn"] is False  # a birth date alone is not a newborn
    assert data["rows"][4]["answer"]["student"] == "university"
    t = data["totals"]
    # 乌市 低保: 304 medical aid + 32 city (LTC); 屯留 特困: 全额 380 by one fund; 酉阳 低保 二档: 380
    # from a payer the notice does not name. The payers and the unnamed part add up to the subsidy.
    assert t["by_payer"] == {"医疗救助资助参保": 304, "市财政": 32, "医疗救助资助": 380}
    assert t["payer_not_named"] == 380
    assert t["total_subsidy"] == sum(t["by_payer"].values()) + t["payer_not_named"] == 1096


def test_xlsx_with_merged_title_blank_rows_and_typed_cells(kb, capsys, write_file):
    rows = [list(r) for r in ROWS]
    rows[0][5] = dt.datetime(1950, 1, 1)  # a date cell, as Excel stores it
    rows[4][7] = 1  # a number cell
    data_bytes = xlsx_bytes([HEADER, *rows], title="某村2024年城乡居民医保缴费台账", blank_after=(2, 4),
                            tall_header=True)
    path = write_file("台账.xlsx", data_bytes)
    code, data, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    assert code == 0, err
    # 1 title (merged across), 2-3 the header (cells merged downwards), 4-5 people, 6 blank,
    # 7-8 people, 9 blank, 10-11 people: the spreadsheet's own row numbers, blanks skipped
    assert [r["row"] for r in data["rows"]] == [4, 5, 7, 8, 10, 11]
    for r, row in zip(data["rows"], ROWS, strict=True):
        assert r["answer"] == answer_alone(kb, row)
    assert data["rows"][0]["input"]["出生日期"] == "1950-01-01"


def test_headers_as_people_write_them(capsys, write_file):
    header = ["序号", "户主", "名字", "参保地区", "身份类别（必填）", "出生年月", "在校情况", "档次",
              "缴费日期"]
    row = ["1", "赵", "赵一", "乌市", "低保/特困", "1960.05", "否", "", "2023/10/8"]
    path = write_file("a.csv", csv_bytes([header, row], "gbk"))
    code, data, err = run_ledger(capsys, str(path), "--json")
    assert code == 0, err
    a = data["rows"][0]["answer"]
    assert a["paid_on"] == "2023-10-08" and a["region"] == "乌鲁木齐市"
    assert a["total_personal"] is None and a["alternatives"]  # one person, two identities: as today


def test_region_from_the_command_line(capsys, write_file):
    path = write_file("a.csv", csv_bytes([["姓名", "类别"], ["甲", "低保"], ["乙", ""]], "utf-8"))
    code, data, err = run_ledger(capsys, str(path), "--region", "乌鲁木齐", "--paid-on", AS_OF, "--json")
    assert code == 0, err
    assert [r["answer"]["total_personal"] for r in data["rows"]] == [84, 420]


def test_ten_thousand_rows(capsys, write_file):
    rows = [ROWS[i % len(ROWS)] for i in range(10_000)]
    path = write_file("big.csv", csv_bytes([HEADER, *rows], "utf-8"))
    code, data, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    assert code == 0, err
    assert len(data["rows"]) == 10_000 and data["totals"]["computed"] == 10_000
    one_round = sum(r["answer"]["total_personal"] for r in data["rows"][: len(ROWS)])
    assert data["totals"]["total_personal"] == sum(r["answer"]["total_personal"] for r in data["rows"])
    assert data["totals"]["total_personal"] > one_round * 1600


def test_header_noise_is_ignored(capsys, write_file):
    header = ["* 姓名", "参保地\n（县区）", " 人员类别（必填，多个用、隔开）", "出生\n日期"]
    path = write_file("a.csv", csv_bytes([header, ["甲", "乌鲁木齐", "低保", "1960-01-01"]], "utf-8"))
    code, data, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    assert code == 0, err
    assert data["rows"][0]["answer"]["total_personal"] == 84


def test_every_spelling_in_headers_yaml_is_recognised():
    from bot.ledger.columns import find_columns, vocabulary

    for role, words in vocabulary()["columns"].items():
        for word in words:
            columns, _ = find_columns([(1, ("身份", word))])
            assert columns.roles.get(role) == (0 if role == "identity" else 1), word
