"""--out keeps every original column as it was and adds the answer's columns and a summary;
--template gives a ledger that `ledger` reads back and answers."""

from __future__ import annotations

import csv
import io

import pytest
from ledger_files import AS_OF, HEADER, ROWS, csv_bytes, run_ledger, xlsx_bytes
from openpyxl import load_workbook

ADDED = ["个人缴费", "资助金额", "资助出资方", "长护险个人", "应缴合计", "缴费截止", "待遇开始", "能否缴费",
         "依据", "说明"]


def test_csv_out(capsys, write_file, tmp_path):
    rows = [*ROWS, ["9", "错行", "", "乌鲁木齐", "村干部", "", "", "", ""]]
    path = write_file("in.csv", csv_bytes([HEADER, *rows], "gbk"))
    out = tmp_path / "out.csv"
    status, data, _ = run_ledger(capsys, str(path), "--as-of", AS_OF, "--out", str(out), "--json")
    assert status == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel opens it as UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == HEADER + ADDED
    body = table[1: 1 + len(rows)]
    for got, row, r in zip(body, rows, data["rows"], strict=True):
        assert got[: len(HEADER)] == row  # every original column unchanged
        cells = dict(zip(ADDED, got[len(HEADER):], strict=True))
        if r["answer"]:
            assert cells["应缴合计"] == str(r["answer"]["total_personal"])
            assert cells["个人缴费"] == str(r["answer"]["medical"]["personal"])
        else:
            assert cells["说明"] == r["error"]["message"] and cells["应缴合计"] == ""
    assert table[1 + len(rows)] == []
    summary = {line[0]: line[1:] for line in table[2 + len(rows):] if line}
    assert summary["人数"] == [str(len(rows))] and summary["有错误的行"] == ["1"]
    assert summary["个人应缴合计"] == [str(data["totals"]["total_personal"])]
    assert summary["低保对象"] == ["2", "459"]  # 84 + 375
    assert summary["市财政"] == ["32"]


def test_xlsx_out_with_a_summary_sheet(capsys, write_file, tmp_path):
    path = write_file("in.xlsx", xlsx_bytes([HEADER, *ROWS], title="台账"))
    out = tmp_path / "out.xlsx"
    status, data, _ = run_ledger(capsys, str(path), "--as-of", AS_OF, "--out", str(out), "--json")
    assert status == 0
    book = load_workbook(out)
    sheet, summary = book.worksheets
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER + ADDED
    assert [v[1] for v in values[1:]] == [r[1] for r in ROWS]
    assert values[1][HEADER.index("备注")] == "村东"  # an unknown column kept
    totals = [v[len(HEADER) + ADDED.index("应缴合计")] for v in values[1:]]
    assert totals == [r["answer"]["total_personal"] for r in data["rows"]]
    assert summary.title == "汇总"
    lines = {r[0]: r[1:] for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert lines["个人应缴合计"][0] == data["totals"]["total_personal"]
    assert lines["按户"][:2] == ("人数", "个人应缴合计")


def test_no_ltc_column_where_no_region_has_it(capsys, write_file, tmp_path):
    path = write_file("in.csv", csv_bytes([["姓名", "类别"], ["甲", "低保"]], "utf-8"))
    out = tmp_path / "out.csv"
    run_ledger(capsys, str(path), "--region", "酉阳", "--paid-on", AS_OF, "--out", str(out))
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert "长护险个人" not in header and "应缴合计" in header


def test_a_wrong_out_suffix_exits_2_before_work(capsys, write_file, tmp_path):
    path = write_file("in.csv", csv_bytes([HEADER, *ROWS], "utf-8"))
    status, _, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--out", str(tmp_path / "x.pdf"))
    assert status == 2 and ".pdf" in err


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_template_round_trips(capsys, tmp_path, suffix):
    template = tmp_path / f"模板.{suffix}"
    assert run_ledger(capsys, "--template", "--out", str(template))[0] == 0
    status, data, err = run_ledger(capsys, str(template), "--as-of", AS_OF, "--json")
    assert status == 0, err
    (row,) = data["rows"]
    assert row["answer"]["identity_id"] == "dibao" and row["answer"]["total_personal"] == 84


def test_the_template_on_stdout(capsys):
    from bot.__main__ import main

    assert main(["ledger", "--template"]) == 0
    header, example = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert "人员类别" in header and len(example) == len(header)


def test_out_never_overwrites_the_ledger_itself(capsys, write_file):
    data = csv_bytes([HEADER, *ROWS], "utf-8")
    path = write_file("in.csv", data)
    status, _, err = run_ledger(capsys, str(path), "--as-of", AS_OF, "--out", str(path))
    assert status == 2 and "覆盖" in err
    assert path.read_bytes() == data


def test_several_identities_of_one_person_list_each_figure_in_the_notes(capsys, write_file, tmp_path):
    path = write_file("in.csv", csv_bytes([["姓名", "类别"], ["甲", "低保、特困"]], "utf-8"))
    out = tmp_path / "out.csv"
    run_ledger(capsys, str(path), "--region", "乌鲁木齐", "--paid-on", AS_OF, "--out", str(out))
    header, row = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[:2]
    cells = dict(zip(header, row, strict=True))
    assert cells["应缴合计"] == "通知未写明"
    assert "低保对象：应缴84元" in cells["说明"] and "特困人员（含孤儿）：应缴0元" in cells["说明"]
