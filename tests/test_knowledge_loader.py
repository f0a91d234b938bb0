"""Broken knowledge files get one-line errors naming file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli.knowledge_cmd import check
from bot.knowledge.check import load_checked
from bot.knowledge.errors import KnowledgeLoadError
from bot.knowledge.loader import DEFAULT_DIR, load_notice

REAL = DEFAULT_DIR / "2024-wulumuqi.yaml"


def _broken(tmp_path: Path, old: str, new: str, name: str = "2024-wulumuqi.yaml") -> Path:
    text = (DEFAULT_DIR / name).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fragment in line:
            return i
    raise AssertionError(fragment)


def _errors(path: Path) -> list[str]:
    with pytest.raises(KnowledgeLoadError) as exc:
        load_notice(path)
    return [str(e) for e in exc.value.errors]


def test_real_files_load_and_lint_clean():
    kb = load_checked()
    assert set(kb.regions) == {"乌鲁木齐市", "长治市屯留区", "乌拉特前旗", "酉阳土家族苗族自治县"}


def test_unknown_key_names_line_and_field(tmp_path):
    path = _broken(tmp_path, "    medical_assistance: true\n", "    medical_asistance: true\n")
    errors = _errors(path)
    line = _line_of(path, "medical_asistance")
    assert any(f"2024-wulumuqi.yaml:{line}:" in e and "medical_asistance" in e and "unknown key" in e
               for e in errors), errors


def test_float_money_is_rejected(tmp_path):
    path = _broken(tmp_path, "amount: 304\n", "amount: 304.5\n")
    errors = _errors(path)
    line = _line_of(path, "amount: 304.5")
    assert any(f":{line}:" in e and "amount" in e for e in errors), errors


def test_bad_date_is_rejected(tmp_path):
    path = _broken(tmp_path, "end: 2023-12-31\n", "end: 2023-13-31\n")
    errors = _errors(path)
    line = _line_of(path, "end: 2023-13-31")
    assert any(f":{line}:" in e and "impossible date" in e for e in errors), errors


def test_missing_source_is_rejected(tmp_path):
    path = _broken(tmp_path, "        source: {clause: 一（三）}\n", "")
    errors = _errors(path)
    assert any("categories[0].medical[0].source" in e and "required" in e.lower() for e in errors), errors


def test_stated_fact_without_source_is_rejected(tmp_path):
    path = _broken(tmp_path, "    source: {clause: 四（一）、四（二）}\n", "")
    errors = _errors(path)
    line = _line_of(path, "- topic: registration")
    assert any(f":{line}:" in e and "source" in e for e in errors), errors


def test_yaml_syntax_error_names_line(tmp_path):
    path = _broken(tmp_path, "  policy_year: 2024\n", "  policy_year: [2024\n")
    errors = _errors(path)
    assert len(errors) == 1 and "YAML syntax" in errors[0] and "2024-wulumuqi.yaml:" in errors[0]


def _folder_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "k"
    shutil.copytree(DEFAULT_DIR, folder)
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_lint_overlapping_windows(tmp_path, capsys):
    folder = _folder_with(tmp_path, "2024-youyang.yaml", "    start: 2024-01-01\n", "    start: 2023-12-20\n")
    assert check(str(folder)) == 1
    err = capsys.readouterr().err
    assert "2024-youyang.yaml:" in err and "overlaps" in err and "windows[1]" in err


def test_lint_alias_in_two_categories(tmp_path, capsys):
    folder = _folder_with(
        tmp_path, "2024-wulumuqi.yaml", "aliases: [稳定脱贫, ", "aliases: [低保, 稳定脱贫, "
    )
    assert check(str(folder)) == 1
    err = capsys.readouterr().err
    assert "alias '低保' names several categories" in err


def test_lint_missing_topic(tmp_path, capsys):
    folder = _folder_with(tmp_path, "2024-tunliu.yaml", "  - topic: refund\n", "  - topic: scope\n")
    assert check(str(folder)) == 1
    assert "no fact for topic 'refund'" in capsys.readouterr().err


def test_lint_percent_must_be_whole_yuan(tmp_path, capsys):
    folder = _folder_with(tmp_path, "2024-youyang.yaml", "percent: 90\n", "percent: 33\n")
    assert check(str(folder)) == 1
    assert "is not whole yuan" in capsys.readouterr().err


def test_lint_payer_shares_add_up(tmp_path, capsys):
    folder = _folder_with(tmp_path, "2024-tunliu.yaml", "payers: [{name: 医疗救助资助, amount: 304}]",
                          "payers: [{name: 医疗救助资助, amount: 300}]")
    assert check(str(folder)) == 1
    assert "add up to 300" in capsys.readouterr().err


def test_check_ok_output(capsys):
    assert check(None) == 0
    assert "OK: 5 notices, 4 regions" in capsys.readouterr().out


def test_all_errors_of_a_folder_are_listed(tmp_path, capsys):
    folder = tmp_path / "k"
    shutil.copytree(DEFAULT_DIR, folder)
    for name in ("2024-tunliu.yaml", "2024-youyang.yaml"):
        p = folder / name
        p.write_text(p.read_text(encoding="utf-8").replace("kind: local", "kind: lokal", 1), encoding="utf-8")
    assert check(str(folder)) == 1
    err = capsys.readouterr().err
    assert "2024-tunliu.yaml:3: kind:" in err and "2024-youyang.yaml:3: kind:" in err


# --- issue 12: gaps `knowledge check` let through --------------------------------------------


STANDARD, CLAUSE = "  - standard: 380\n", "    source:\n      clause: 一（三）\n"


@pytest.mark.parametrize(
    ("old", "new", "field", "first", "second"),
    [
        (STANDARD, STANDARD + "    standard: 308\n",
         "standards[0].standard", "- standard: 380", "standard: 308"),
        ("  policy_year: 2024\n", "  policy_year: 2024\n  policy_year: 2025\n",
         "notice.policy_year", "policy_year: 2024", "policy_year: 2025"),
        ("kind: local\n", "kind: local\nkind: regional_rules\n", "kind", "kind: local", "kind: regional"),
        ("      - kind: none\n", "      - kind: none\n        kind: full\n",
         "categories[0].medical[0].kind", "- kind: none", "kind: full"),
        (CLAUSE, CLAUSE + "      clause: 一（四）\n",
         "standards[0].source.clause", "clause: 一（三）", "clause: 一（四）"),
    ],
)
def test_duplicate_key_names_both_lines(tmp_path, old, new, field, first, second):
    path = _broken(tmp_path, old, new)
    errors = _errors(path)
    a, b = _line_of(path, first), _line_of(path, second)
    assert errors == [f"{path}:{b}: {field}: key {field.rsplit('.', 1)[-1]!r} is written twice, "
                      f"at lines {a} and {b}; YAML would silently keep only the last: delete one"]


def test_duplicate_key_in_a_flow_mapping_names_its_line(tmp_path):
    path = _broken(tmp_path, "source: {clause: 一（三）}\n", "source: {clause: 一（三）, clause: 一（四）}\n")
    errors = _errors(path)
    line = _line_of(path, "clause: 一（四）")
    field = "categories[0].medical[0].source.clause"
    assert len(errors) == 1 and errors[0].startswith(f"{path}:{line}: {field}: key 'clause' is written twice")
    assert f"both on line {line}" in errors[0]


def test_a_key_beside_a_merge_is_not_a_duplicate(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    text = text.replace("source: {clause: 一（三）}\n", "source: &src {clause: 一（三）}\n", 1)
    text = text.replace("source: {clause: 三（一）}\n", "source: {<<: *src, clause: 三（一）}\n", 1)
    path = tmp_path / REAL.name
    path.write_text(text, encoding="utf-8")
    assert load_notice(path).model.categories[0].long_term_care[0].source.clause == "三（一）"


def test_benefit_period_ending_before_it_starts(tmp_path):
    path = _broken(tmp_path, "  end: 2024-12-31\n  source: {clause: 二（一）1}\n",
                   "  end: 2023-12-31\n  source: {clause: 二（一）1}\n")
    line = _line_of(path, "benefit_period:")
    assert _errors(path) == [f"{path}:{line}: benefit_period: end 2023-12-31 is before start 2024-01-01"]


def test_negative_newborn_within_days(tmp_path):
    path = _broken(tmp_path, "  within_days: 90\n", "  within_days: -90\n")
    line = _line_of(path, "within_days: -90")
    assert _errors(path) == [
        f"{path}:{line}: newborn.within_days: Input should be greater than or equal to 0"
    ]


GOV = "payers: [{name: 政府, amount: 400}]"  # 乌拉特前旗 下岗职工: full, one standard of 400
# 酉阳 老复员军人等: `fixed_tier: 2`, full, payers not stated; tier 1 is 380, tier 2 is 755
YOUFU = "        payers_stated: false\n        source: {clause: 二（二）, quote: 全部按二档"


def _youfu_paid_by(amount: int) -> str:
    return YOUFU.replace("payers_stated: false", f"payers: [{{name: 县财政, amount: {amount}}}]")


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        # every payer has an amount, and together they miss the standard
        ("2024-wulateqianqi.yaml", GOV, "payers: [{name: 政府, amount: 380}]",
         "payer amounts add up to 380, but kind: full pays the whole 400"),
        # a payer without an amount cannot make up for one that already pays too much
        ("2024-wulateqianqi.yaml", GOV, "payers: [{name: 政府, amount: 500}, {name: 村集体}]",
         "payer amounts add up to 500, but kind: full pays the whole 400"),
        # fixed_tier: 2 makes the full subsidy tier 2's standard, not tier 1's
        ("2024-youyang.yaml", YOUFU, _youfu_paid_by(380),
         "payer amounts add up to 380, but kind: full pays the whole 755 in tier 2"),
    ],
)
def test_lint_full_subsidy_payers_pay_the_standard(tmp_path, capsys, name, old, new, problem):
    folder = _folder_with(tmp_path, name, old, new)
    assert check(str(folder)) == 1
    err = capsys.readouterr().err
    line = _line_of(folder / name, new.splitlines()[0].strip())
    assert f"{name}:{line}: " in err and f".payers: {problem}" in err, err


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        # what the other payer gives is not said: nothing is certainly wrong
        ("2024-wulateqianqi.yaml", GOV, "payers: [{name: 政府, amount: 300}, {name: 村集体}]"),
        ("2024-youyang.yaml", YOUFU, _youfu_paid_by(755)),
    ],
)
def test_lint_full_subsidy_payers_that_may_be_right_pass(tmp_path, name, old, new):
    folder = _folder_with(tmp_path, name, old, new)
    assert check(str(folder)) == 0


def test_unclosed_quote_is_reported_where_it_opened(tmp_path):
    path = _broken(tmp_path, "  title: 关于", '  title: "关于')
    line = _line_of(path, 'title: "')
    assert _errors(path) == [f"{path}:{line}: YAML syntax: this quote is never closed (the file ends first)"]


def test_a_quote_closed_only_by_a_later_quote_is_reported_where_it_opened(tmp_path):
    path = _broken(tmp_path, "  title: 关于", "  title: '关于")
    text = path.read_text(encoding="utf-8").replace("  name: 乌鲁木齐市\n", "  name: '乌鲁木齐市'\n", 1)
    path.write_text(text, encoding="utf-8")
    opened, closed = _line_of(path, "title: '"), _line_of(path, "name: '")
    errors = _errors(path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:{opened}: YAML syntax: this quote is closed only on line {closed}")


def test_impossible_february_date_names_field_and_line(tmp_path):
    path = _broken(tmp_path, "end: 2023-12-31\n", "end: 2023-02-30\n")
    line = _line_of(path, "end: 2023-02-30")
    assert _errors(path) == [f"{path}:{line}: windows[0].end: impossible date '2023-02-30' "
                             "(day is out of range for month)"]


def test_nul_character_names_field_and_line(tmp_path):
    path = _broken(tmp_path, "aliases: [稳定脱贫, ", "aliases: [稳定\x00脱贫, ")
    line = _line_of(path, "稳定\x00脱贫")
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:{line}: categories[4].aliases[0]: ")
    assert "U+0000 at column 17" in errors[0]


def test_a_byte_order_mark_is_read_at_the_start_and_refused_inside_a_value(tmp_path):
    # "UTF-8 with BOM" editors (Windows Notepad) write U+FEFF first: the same knowledge, no error.
    # Pasted into an alias it is invisible and makes a word no resident can type.
    path = tmp_path / REAL.name
    path.write_text("\ufeff" + REAL.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_notice(path).model == load_notice(REAL).model
    path = _broken(tmp_path, "aliases: [稳定脱贫, ", "aliases: [稳定\ufeff脱贫, ")
    line = _line_of(path, "稳定\ufeff脱贫")
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:{line}: categories[4].aliases[0]: ")
    assert "U+FEFF" in errors[0] and "column 17" in errors[0]


@pytest.mark.parametrize(("char", "name"), [("\u200b", "zero-width space"), ("\u00ad", "soft hyphen"),
                                           ("\u200d", "zero-width joiner")])
def test_an_invisible_character_in_a_value_names_field_and_line(tmp_path, char, name):
    # YAML accepts them; an alias holding one is a word no resident can type.
    path = _broken(tmp_path, "aliases: [稳定脱贫, ", f"aliases: [稳定{char}脱贫, ")
    line = _line_of(path, f"稳定{char}脱贫")
    problem = f"invisible character U+{ord(char):04X} ({name}) at column 17 (often pasted in with the text)"
    assert _errors(path) == [f"{path}:{line}: categories[4].aliases[0]: {problem}: delete it"]


def test_a_number_too_long_to_read_names_field_and_line(tmp_path):
    # int() refuses more than 4,300 digits: this was a ValueError out of `knowledge check`.
    path = _broken(tmp_path, "amount: 304\n", f"amount: {'3' * 5000}\n")
    line = _line_of(path, "amount: 333")
    assert _errors(path) == [f"{path}:{line}: categories[2].medical[0].amount: number with 5000 digits is "
                             "too long to be read (was a key held down, or something pasted?)"]


def test_gbk_file_names_a_line_and_asks_for_utf8(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    path = tmp_path / REAL.name
    path.write_bytes(text.encode("gbk"))
    first_chinese = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:{first_chinese}: not UTF-8")
    assert "GBK" in errors[0] and "must be saved as UTF-8" in errors[0] and "position" not in errors[0]


def test_symlink_loop_is_a_clear_error(tmp_path, capsys):
    folder = tmp_path / "k"
    shutil.copytree(DEFAULT_DIR, folder)
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    assert check(str(folder)) == 1
    err = capsys.readouterr().err
    assert "a.yaml: symbolic link loop" in err and "b.yaml: symbolic link loop" in err and "2 error(s)" in err
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert check(str(tmp_path / "loop")) == 1
    assert "loop: symbolic link loop" in capsys.readouterr().err


def test_nested_aliases_are_refused_quickly(tmp_path):
    # "billion laughs": ten lines that would unfold to 9**9 values
    lines = ["kind: local", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = _errors(path)  # refused by counting values as they unfold (how fast: not a test's business)
    assert len(errors) == 1 and f"{path}:7: f: through YAML aliases" in errors[0] and "refused" in errors[0]


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    path = tmp_path / "self.yaml"
    path.write_text("kind: local\nregion: &r\n  name: x\n  parent: *r\n", encoding="utf-8")
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:2: region: this value contains an alias")


def test_lint_short_place_name_must_begin_an_official_name(tmp_path, capsys):
    folder = _folder_with(tmp_path, "2024-tunliu.yaml", "short: [余吾, ", "short: [长治, 余吾, ")
    assert check(str(folder)) == 1
    err = capsys.readouterr().err
    assert "2024-tunliu.yaml:" in err and "region.places.short: short form '长治' begins none of" in err


def test_lint_place_listed_for_two_regions(tmp_path, capsys):
    folder = _folder_with(tmp_path, "2024-youyang.yaml", "names: [钟多街道, ", "names: [余吾镇, 钟多街道, ")
    assert check(str(folder)) == 1
    assert "region.places: place '余吾镇' also names 长治市屯留区" in capsys.readouterr().err


def test_lint_lookalike_that_is_our_own_name(tmp_path, capsys):
    folder = _folder_with(tmp_path, "2024-wulateqianqi.yaml", "lookalikes: [乌拉特中旗, ",
                          "lookalikes: [大佘太镇, 乌拉特中旗, ")
    assert check(str(folder)) == 1
    assert "region.lookalikes: lookalike '大佘太镇' is also a name of 乌拉特前旗" in capsys.readouterr().err
