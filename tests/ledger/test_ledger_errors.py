"""A bad row keeps its place with an error naming row, column and the choices; the other rows
are still answered (exit 1). A file that cannot be read exits 2 with one line, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ledger_files import AS_OF, csv_bytes, run_ledger, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["姓名", "参保地", "人员类别", "出生日期", "学生", "缴费档次", "缴费日期"]
GOOD = ["好人", "乌鲁木齐", "低保", "1960-01-01", "", "", ""]
ID = "110101195001011234"


@pytest.mark.parametrize(("bad", "column", "code", "in_message"), [
    (["甲", "乌鲁木齐", "村干部", "", "", "", ""], "人员类别", "unknown_identity",
     ["村干部", "低保", "特困"]),
    (["乙", "乌鲁木齐", "", "2023-02-30", "", "", ""], "出生日期", "bad_date", ["2023-02-30"]),
    (["丙", "酉阳", "", "", "", "三档", ""], "缴费档次", "no_such_tier", ["三档", "一档、二档"]),
    (["丁", "屯留", "", "", "", "二档", ""], "缴费档次", "no_such_tier", ["不分档次"]),
    (["戊", "火星", "", "", "", "", ""], "参保地", "unknown_region", ["火星", "乌鲁木齐市"]),
    (["己", "乌鲁木齐", "", "", "上班", "", ""], "学生", "bad_student_cell", ["上班", "中小学生", "大学"]),
    (["庚", "乌鲁木齐", "", "2023-09", "", "", ""], "出生日期", "need_birth_day", ["2023-09"]),
    (["辛", "乌鲁木齐", "", "2023-12-01", "", "", "2023-10-01"], "出生日期", "born_after_payment", []),
    (["壬", "酉阳", "残疾", "", "", "", ""], "人员类别", "ambiguous_identity", ["残疾军人"]),
    (["癸", "", "", "", "", "", ""], "参保地", "missing_region", []),
    (["子", "乌鲁木齐", "", "", "", "", "明天"], "缴费日期", "bad_date", ["明天"]),
])
def test_every_kind_of_bad_row(capsys, write_file, bad, column, code, in_message):
    path = write_file("a.csv", csv_bytes([HEADER, GOOD, bad, GOOD], "utf-8"))
    status, data, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    assert status == 1, err
    rows = data["rows"]
    assert [r["row"] for r in rows] == [2, 3, 4]  # every row once, in order
    assert rows[0]["answer"] and rows[2]["answer"] and rows[1]["answer"] is None
    error = rows[1]["error"]
    assert (error["column"], error["code"]) == (column, code)
    assert error["message"].startswith(f"第3行「{column}」：")
    for word in in_message:
        assert word in error["message"]
    assert data["totals"] == {**data["totals"], "people": 3, "computed": 2, "errors": 1}
    assert data["totals"]["total_personal"] == 2 * 84


def test_an_id_number_in_a_cell_is_never_echoed(capsys, write_file):
    bad = ["甲", "乌鲁木齐", ID, "", "", "", ""]
    path = write_file("a.csv", csv_bytes([HEADER, bad], "utf-8"))
    status, data, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    assert status == 1
    message = data["rows"][0]["error"]["message"]
    assert ID not in message and "[身份证号]" in message
    status, _, err = run_ledger(capsys, str(path), "--as-of", AS_OF)  # errors on stderr
    assert status == 1 and "第2行" in err and ID not in err


def test_exit_0_when_every_row_is_answered(capsys, write_file):
    path = write_file("a.csv", csv_bytes([HEADER, GOOD], "utf-8"))
    assert run_ledger(capsys, str(path), "--as-of", AS_OF)[0] == 0


@pytest.mark.parametrize(("name", "data", "in_message"), [
    ("a.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
    ("a.xlsx", b"PK\x03\x04 not really", ".xlsx"),
    ("a.csv", csv_bytes([["姓名", "年龄"], ["甲", "3"]], "utf-8"), "人员类别"),
    ("a.csv", csv_bytes([["姓名", "类别"], ["甲", "低保"]], "utf-8"), "--region"),
    ("a.csv", b"\xff\xfe\x00\xd8 utf-16 is not read", "UTF-8"),
    ("a.csv", b"", "人员类别"),
])
def test_exit_2_with_one_line_and_no_traceback(write_file, name, data, in_message):
    path = write_file(name, data)
    p = subprocess.run([sys.executable, "-m", "bot", "ledger", str(path), "--as-of", AS_OF],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1
    assert in_message in p.stderr


def test_a_missing_file_exits_2(capsys, tmp_path):
    status, _, err = run_ledger(capsys, str(tmp_path / "nope.xlsx"))
    assert status == 2 and "打不开" in err


def test_errors_in_xlsx_too(capsys, write_file):
    path = write_file("a.xlsx", xlsx_bytes([HEADER, GOOD, ["甲", "乌鲁木齐", "村干部", "", "", "", ""]]))
    status, data, _ = run_ledger(capsys, str(path), "--as-of", AS_OF, "--json")
    assert status == 1 and data["rows"][1]["error"]["column"] == "人员类别"


def test_nothing_from_the_ledger_reaches_the_logs(capsys, caplog, write_file):
    phone = "13912345678"
    rows = [["姓名", "身份证号", "电话", "参保地", "人员类别"],
            ["甲", ID, phone, "乌鲁木齐", "低保"],
            ["乙", ID, phone, "乌鲁木齐", ID]]
    path = write_file("a.csv", csv_bytes(rows, "utf-8"))
    with caplog.at_level("DEBUG"):
        status, _, err = run_ledger(capsys, str(path), "--as-of", AS_OF)
    assert status == 1
    logged = caplog.text
    assert ID not in logged and phone not in logged and "甲" not in logged
    assert ID not in err and phone not in err
