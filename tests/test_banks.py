"""Case banks: reading CSV and .xlsx files, checking every case against the engines, and `mtp bank check`."""

import csv
import io
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from mtp_kit import cli
from mtp_kit.errors import ConfigError
from mtp_kit.exercises import (
    BankProblem,
    ChoiceQuestion,
    NumericQuestion,
    OriginBankCase,
    RiskBankCase,
    ValuationBankCase,
    check_bank,
    read_bank,
    read_bank_text,
)
from mtp_kit.exercises._cli import main
from mtp_kit.hs import ClassificationCase
from mtp_kit.risk import Channel

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "mtp_kit" / "exercises" / "data" / "banks"
EXAMPLES = sorted(BANKS.glob("*.csv"))


# -- helpers ------------------------------------------------------------------------------------------------


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """Write ``rows`` as the first worksheet of an .xlsx workbook, the way Excel stores them.

    Plain numbers (without a leading zero) become number cells, everything else inline strings, and empty
    rows are left out of the file, as Excel leaves them out.
    """
    body = []
    for number, row in enumerate(rows, start=1):
        if not any(row):
            continue
        cells = []
        for index, value in enumerate(row):
            if value == "":
                continue
            ref = f"{_column(index)}{number}"
            if value.replace(".", "", 1).isdigit() and not value.startswith("0"):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
                )
        body.append(f'<row r="{number}">{"".join(cells)}</row>')
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main_ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="cases" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main_ns}"><sheetData>{"".join(body)}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_bank(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def problems_at(report, field: str) -> list[BankProblem]:
    return [p for p in report.problems if p.field == field]


# -- the example banks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_bank_checks_without_errors(path):
    report = check_bank(path)
    assert report.errors == (), report.format()
    assert len(report.bank.cases) >= 4


def test_example_valuation_bank_matches_the_values_worked_out_by_hand():
    bank = read_bank(BANKS / "valuation-cases.csv")
    by_id = {case.case_id: case for case in bank.cases}
    # lk-v1: (20,000 + 1,500 + 100) x 130; the buying commission stays out.
    assert by_id["lk-v1"].solve().total == Decimal("2808000.00")
    # lk-v2: (80,000 - 5,000 installation - 700 inland transport + 2,000 plans drawn abroad) x 140.
    assert by_id["lk-v2"].solve().total == Decimal("10682000.00")
    # lk-v3: (30,000 + 2,000 + 150 + 1,500 royalty + 250 packing) x 130.
    assert by_id["lk-v3"].solve().total == Decimal("4407000.00")
    # lk-v4: EUR (10,000 + 300 + 100) x 140 + USD (1,200 + 60) x 130 = 1,456,000 + 163,800.
    assert by_id["lk-v4"].expected_value is None
    assert by_id["lk-v4"].solve().total == Decimal("1619800.00")


def test_a_value_left_empty_is_computed_and_shown_for_confirmation_not_as_an_error():
    report = check_bank(BANKS / "valuation-cases.csv")
    (confirm,) = [p for p in report.problems if p.severity == "confirm"]
    assert (confirm.row, confirm.field, confirm.case_id) == (17, "expected_value", "lk-v4")
    assert "1,619,800.00 KES" in confirm.message
    assert any(
        "row 19:" in line and "156,000.00" in line and "Art. 8.2(a)" in line for line in confirm.details
    )
    assert report.ok


def test_example_banks_build_the_objects_the_widgets_take():
    kinds = {path.stem: read_bank(path) for path in EXAMPLES}
    assert all(isinstance(c, ClassificationCase) for c in kinds["classification-cases"].cases)
    assert all(isinstance(c, ValuationBankCase) for c in kinds["valuation-cases"].cases)
    assert all(isinstance(c, OriginBankCase) for c in kinds["origin-cases"].cases)
    assert all(isinstance(c, RiskBankCase) for c in kinds["risk-register"].cases)
    quiz = kinds["quiz-valuation"].cases
    assert [type(q) for q in quiz] == [ChoiceQuestion, NumericQuestion, ChoiceQuestion, NumericQuestion]
    assert quiz[0].answer == 1
    assert quiz[1].answer == Decimal("21700")


def test_settings_rows_give_the_kind_the_title_and_the_defaults():
    bank = read_bank(BANKS / "valuation-cases.csv")
    assert bank.kind == "valuation"
    assert bank.title == "Valuation practice: shipments cleared at Lakeport"
    assert {case.national_currency for case in bank.cases} == {"KES"}
    assert bank.cases[0].element_rows == (7, 8, 9)


# -- bad banks: file, row and field -----------------------------------------------------------------------


def test_unknown_code_is_reported_with_file_row_and_field(tmp_path):
    path = write_bank(
        tmp_path,
        "hs.csv",
        """
bank,classification
id,title,goods,heading,subheading,gir,explanation
c1,Coffee,Roasted beans,0901,0901.29,6,Roasted and not decaffeinated.
""",
    )
    report = check_bank(path)
    (problem,) = report.errors
    assert str(problem).startswith(
        "hs.csv, row 3, column E, field 'subheading' (case c1): 0901.29 is not in the nomenclature"
    )
    assert not report.ok


def test_a_code_of_a_chapter_the_teaching_extract_holds_only_as_a_title_says_to_name_the_full_table(tmp_path):
    path = write_bank(
        tmp_path,
        "hs.csv",
        """
bank,classification
id,title,goods,heading,subheading,gir,explanation
c1,Steel,Flat-rolled steel,7208,7208.10,1,Heading text.
""",
    )
    messages = [p.message for p in check_bank(path).errors]
    assert len(messages) == 2
    assert all("only as a title" in m for m in messages)


def test_wrong_expected_value_is_shown_line_by_line_with_the_article(tmp_path):
    path = write_bank(
        tmp_path,
        "val.csv",
        """
bank,valuation
case_id,title,price,currency,incoterm,expected_value,element,amount,label
v1,Radios,1000,USD,FOB,1080,main_freight,100,sea freight
v1,,,,,,insurance,10,
v1,,,,,,buying_commission,30,agent's fee
""",
    )
    (problem,) = check_bank(path).errors
    # By hand: 1,000 + 100 freight + 10 insurance = 1,110; the buying commission is not added.
    assert (problem.file, problem.row, problem.field) == ("val.csv", 3, "expected_value")
    assert (
        "the bank says 1,080.00 but the engine computes 1,110.00 USD (difference +30.00)" in problem.message
    )
    assert problem.details[1].startswith("row 3: +")
    assert "sea freight" in problem.details[1]
    assert "[Art. 8.2(a)]" in problem.details[1]
    assert problem.details[3].startswith("row 5:")
    assert "not part of the value [Art. 8.1(a)(i)]" in problem.details[3]
    assert problem.details[-1] == "= 1,110.00 USD"


def test_missing_fact_is_named_on_the_row_of_its_element(tmp_path):
    path = write_bank(
        tmp_path,
        "val.csv",
        """
bank,valuation
case_id,title,price,currency,incoterm,element,amount,facts
v1,Shoes,5000,USD,CIF,packing,50,
v1,,,,,royalty,200,related_to_goods=yes
v1,,,,,assist_engineering,300,
""",
    )
    errors = check_bank(path).errors
    assert [(p.row, p.field) for p in errors] == [(4, "condition_of_sale"), (5, "done_in_importing_country")]
    assert (
        "write it in the facts column as condition_of_sale=yes or condition_of_sale=no" in errors[0].message
    )


def test_missing_field_and_missing_column_are_reported(tmp_path):
    path = write_bank(
        tmp_path,
        "val.csv",
        """
bank,valuation
case_id,title,price,currency,element,amount
v1,,1000,USD,packing,10
""",
    )
    report = check_bank(path)
    assert [(p.row, p.field) for p in report.errors] == [(2, "incoterm"), (3, "title"), (3, "incoterm")]
    assert "the header has no column 'incoterm'" in report.errors[0].message


def test_duplicate_ids_are_reported_in_every_kind(tmp_path):
    grouped = write_bank(
        tmp_path,
        "val.csv",
        """
bank,valuation
case_id,title,price,currency,incoterm
v1,One,100,USD,CIF
v2,Two,100,USD,CIF
v1,Again,100,USD,CIF
""",
    )
    single = write_bank(
        tmp_path,
        "risk.csv",
        """
bank,risk
id,statement,likelihood,impact
R1,Undervaluation,2,2
R1,Smuggling,3,3
""",
    )
    (problem,) = check_bank(grouped).errors
    assert (problem.row, problem.field, problem.case_id) == (5, "case_id", "v1")
    assert "duplicate id 'v1': it was already used on row 3" in problem.message
    (problem,) = check_bank(single).errors
    assert (problem.row, problem.field) == (4, "id")
    assert "duplicate id 'R1'" in problem.message


def test_all_problems_are_reported_at_once_in_row_order(tmp_path):
    path = write_bank(
        tmp_path,
        "many.csv",
        """
bank,classification
id,title,goods,heading,subheading,gir,explanation
c1,Coffee,Beans,0901,0901.22,6,Decaf.
c2,Bad rule,Beans,0901,0901.21,GIR 9,Rule nine.
c3,,Beans,0901,0901.21,1,No title.
c1,Twice,Beans,0901,0901.21,1,Same id.
c5,Wrong place,Beans,0902,0901.21,1,Subheading outside its heading.
""",
    )
    report = check_bank(path)
    assert [(p.row, p.field) for p in report.errors] == [
        (4, "gir"),
        (5, "title"),
        (6, "id"),
        (7, "subheading"),
    ]
    assert "expected one of 1, 2(a)" in report.errors[0].message
    assert "is not a 6-digit subheading of 09.02" in report.errors[3].message


def test_a_lost_leading_zero_gets_a_hint(tmp_path):
    path = write_bank(
        tmp_path,
        "hs.csv",
        """
bank,classification
id,title,goods,heading,subheading,gir,explanation
c1,Coffee,Beans,901,090122,6,Decaf.
""",
    )
    (problem,) = check_bank(path).errors
    assert problem.field == "heading"
    assert "format the column as text" in problem.message


def test_wrong_origin_verdict_is_explained_material_by_material(tmp_path):
    path = write_bank(
        tmp_path,
        "origin.csv",
        """
bank,origin
agreement,teaching-fta
case_id,title,product,hs_code,party,ex_works_price,rule,expected,material,material_hs_code,value,origin
o1,Coffee,roasted coffee,0901.21,NTH,2000,CTSH,not originating,green coffee,0901.11,1200,
""",
    )
    (problem,) = check_bank(path).errors
    # By hand: 0901.11 -> 0901.21 changes subheading, so the stated CTSH rule is met.
    assert (problem.row, problem.field) == (4, "expected")
    assert "the bank says not originating but the engine finds the product originating" in problem.message
    assert any("green coffee (0901.11, 1200): non-originating" in line for line in problem.details)


def test_origin_rules_are_read_from_one_cell():
    from mtp_kit.exercises._banks import parse_rule

    assert parse_rule("CTH except 44; 7208-7229") == {"shift": "CTH", "except": ["44", "7208-7229"]}
    assert parse_rule("build-down 40 fob and process roasting") == {
        "all": [{"value": "build-down", "percent": "40", "base": "fob"}, {"process": "roasting"}]
    }
    with pytest.raises(ConfigError, match="cannot be read"):
        parse_rule("change of heading")


def test_wrong_risk_score_and_channel_name_the_thresholds(tmp_path):
    path = write_bank(
        tmp_path,
        "risk.csv",
        """
bank,risk
id,statement,likelihood,impact,expected_score,expected_channel
R1,Undervaluation,3,5,12,yellow
""",
    )
    errors = check_bank(path).errors
    # By hand: 3 x 5 = 15, which reaches the red threshold of 15.
    assert [p.field for p in errors] == ["expected_score", "expected_channel"]
    assert "the bank says yellow but the matrix gives likelihood 3 × impact 5 = 15" in errors[1].message


def test_risk_bands_can_be_set_by_the_bank():
    bank = read_bank_text(
        "bank,risk\nbands,red >= 20; yellow: 10; blue 5; green=1\nid,statement,likelihood,impact\nR,s,3,5\n"
    )
    assert bank.cases[0].entry.rate(bank.matrix()).channel is Channel.YELLOW


def test_quiz_with_two_correct_options_points_at_the_correct_column(tmp_path):
    path = write_bank(
        tmp_path,
        "quiz.csv",
        """
bank,quiz
id,question,option,correct,explanation
q1,Which is added?,Packing,yes,Art. 8.1(a)(iii).
q1,,Selling commission,yes,Art. 8.1(a)(i).
q2,Only one option?,Yes,yes,
""",
    )
    errors = check_bank(path).errors
    assert [(p.row, p.field) for p in errors] == [(3, "correct"), (5, "option")]
    assert "has 2 correct options: expected exactly 1" in errors[0].message


def test_a_bank_that_does_not_say_its_kind_is_refused_with_the_accepted_kinds(tmp_path):
    path = write_bank(tmp_path, "x.csv", "id,title\n1,a\n")
    (problem,) = check_bank(path).errors
    assert (problem.row, problem.field) == (1, "bank")
    assert "expected one of classification, valuation, origin, risk, quiz" in problem.message


def test_a_national_tariff_named_by_the_bank_is_loaded_relative_to_the_bank(tmp_path):
    (tmp_path / "tariff.csv").write_text(
        "code,description\n0901.22.10,Decaffeinated roasted coffee in beans\n", encoding="utf-8"
    )
    path = write_bank(
        tmp_path,
        "hs.csv",
        """
bank,classification
nomenclature,national-tariff
nomenclature_file,tariff.csv
id,title,goods,heading,subheading,gir,explanation
c1,Coffee,Beans,0901,0901.22,6,Decaf.
c2,Coffee,Beans,0901,0901.23,6,No such line.
""",
    )
    report = check_bank(path)
    assert "0901.22.10" in report.bank.nomenclature()
    (problem,) = report.errors
    assert (problem.row, problem.field) == (6, "subheading")
    assert "+ national tariff tariff.csv" in problem.message


def test_a_missing_nomenclature_file_is_one_problem_naming_the_setting(tmp_path):
    path = write_bank(
        tmp_path,
        "hs.csv",
        """
bank,classification
nomenclature,harmonized-system
nomenclature_file,nowhere.csv
id,title,goods,heading,subheading,gir,explanation
c1,Coffee,Beans,0901,0901.22,6,Decaf.
""",
    )
    (problem,) = check_bank(path).errors
    assert problem.field == "nomenclature_file"
    assert "does not exist" in problem.message


# -- Excel ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_xlsx_copy_of_each_example_bank_reads_as_the_csv_does(tmp_path, path):
    workbook = write_xlsx(tmp_path / f"{path.stem}.xlsx", csv_rows(path))
    from_csv, from_xlsx = read_bank(path), read_bank(workbook)
    assert from_xlsx.errors == ()
    assert from_xlsx.rows == from_csv.rows
    assert repr(from_xlsx.cases) == repr(from_csv.cases)


def test_xlsx_problems_name_the_workbook_row_and_field(tmp_path):
    rows = csv_rows(BANKS / "valuation-cases.csv")
    rows[6][7] = "2800000"  # lk-v1's expected value, on spreadsheet row 7
    workbook = write_xlsx(tmp_path / "cases.xlsx", rows)
    (problem,) = check_bank(workbook).errors
    assert str(problem).startswith(
        "cases.xlsx, row 7, column H, field 'expected_value' (case lk-v1): the bank says 2,800,000.00"
    )


def test_a_file_that_is_not_a_workbook_is_one_clear_error(tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cases.xlsx cannot be read as an .xlsx workbook"):
        read_bank(path)
    with pytest.raises(ConfigError, match=r"expected a .csv \(UTF-8\) or .xlsx file"):
        read_bank(tmp_path / "cases.xls")


# -- the command ----------------------------------------------------------------------------------------------


def test_bank_check_prints_the_report_and_exits_zero_on_a_good_bank(capsys):
    assert main(["check", str(BANKS / "valuation-cases.csv")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("valuation-cases.csv: 4 valuation cases read; 1 to confirm\n")
    assert "row 17, column H, field 'expected_value' (case lk-v4): [confirm]" in out


def test_bank_check_exits_one_and_lists_every_problem(tmp_path, capsys):
    path = write_bank(
        tmp_path,
        "risk.csv",
        """
bank,risk
id,statement,likelihood,impact,expected_channel
R1,a,6,1,
R1,b,1,1,
R2,c,1,1,purple
""",
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "risk.csv: 0 risk cases read; 3 errors"
    assert out[1].startswith("risk.csv, row 3, column C, field 'likelihood' (case R1):")
    assert out[2].startswith("risk.csv, row 4, column A, field 'id' (case R1): duplicate id")
    assert out[3].startswith(
        "risk.csv, row 5, column E, field 'expected_channel' (case R2): channel 'purple' is not known"
    )


def test_bank_practice_refuses_a_bank_with_errors_and_writes_nothing(tmp_path, capsys):
    path = write_bank(tmp_path, "bad.csv", "bank,quiz\nid,question\nq1,What?\n")
    assert main(["practice", str(path)]) == 1
    assert "no notebook written" in capsys.readouterr().out
    assert list(tmp_path.glob("*.ipynb")) == []


def test_the_mtp_command_dispatches_bank(capsys):
    assert cli.main(["bank", "check", str(BANKS / "risk-register.csv")]) == 0
    assert capsys.readouterr().out == "risk-register.csv: 4 risk cases read; no problems\n"
    assert cli.main(["--help"]) == 0
    assert "bank" in capsys.readouterr().out


def test_bank_without_a_subcommand_shows_usage_and_fails(capsys):
    assert main([]) == 2
    assert "usage: mtp bank" in capsys.readouterr().err


def test_reading_and_checking_banks_needs_no_jupyter():
    code = (
        "import sys, mtp_kit.exercises; from mtp_kit.exercises import check_bank; "
        "print(sorted({'ipywidgets', 'nbformat', 'nbgrader', 'pandas', 'IPython'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_currency_without_a_rate_is_one_problem_on_the_rates_of_the_case(tmp_path):
    path = write_bank(
        tmp_path,
        "val.csv",
        """
bank,valuation
national_currency,KES
case_id,title,price,currency,incoterm,rates,element,amount,element_currency
v1,Tiles,1000,EUR,FOB,USD=130,main_freight,100,
v1,,,,,,insurance,10,
v2,Lamps,1000,USD,FOB,USD=130,main_freight,100,GBP
""",
    )
    errors = check_bank(path).errors
    assert [(p.row, p.column, p.field, p.case_id) for p in errors] == [
        (4, "F", "rates", "v1"),
        (6, "F", "rates", "v2"),
    ]
    assert "there is no exchange rate for EUR" in errors[0].message
    assert "there is no exchange rate for GBP" in errors[1].message


def test_engine_warnings_are_notes_that_do_not_fail_the_check(tmp_path):
    path = write_bank(
        tmp_path,
        "val.csv",
        """
bank,valuation
case_id,title,price,currency,incoterm,expected_value
v1,Chairs collected at the factory,6000,USD,EXW,6000
""",
    )
    report = check_bank(path)
    assert report.ok
    notes = [p for p in report.problems if p.severity == "note"]
    assert len(notes) == 4
    assert "[note] An EXW price does not cover the transport in the export country" in str(notes[0])
    assert report.format().splitlines()[0] == "val.csv: 1 valuation case read; 4 note(s)"
