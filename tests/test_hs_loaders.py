"""Loading the full HS table and national tariffs: good files load, bad files are refused with row and reason."""

from __future__ import annotations

import textwrap
from pathlib import Path

import hs_support
import pytest
from hs_support import shared_table_path, write_xlsx

from mtp_kit.errors import NomenclatureError
from mtp_kit.hs import Level, load_harmonized_system, load_national_tariff, load_teaching_extract

HEADER = "section,hscode,description,parent,level\n"
GOOD_ROWS = """\
I,01,Live animals,TOTAL,2
I,0101,Horses and donkeys,01,4
I,010121,Breeding horses,0101,6
I,010129,Other horses,0101,6
I,010130,Donkeys,0101,6
II,06,Live plants,TOTAL,2
II,0601,Bulbs,06,4
II,060110,Dormant bulbs,0601,6
TOTAL,99,Not specified,TOTAL,2
TOTAL,TOTAL,All goods,TOTAL,5
"""


def write(tmp_path: Path, text: str, name: str = "hs.csv") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_table_in_the_open_data_schema_loads(tmp_path):
    """Rows in the shared schema become a tree; TOTAL rows are left out and the notes say so."""
    hs = load_harmonized_system(write(tmp_path, HEADER + GOOD_ROWS))
    assert [str(e.code) for e in hs] == [
        "01",
        "01.01",
        "0101.21",
        "0101.29",
        "0101.30",
        "06",
        "06.01",
        "0601.10",
    ]
    assert hs["0101.21"].dash == 2
    assert hs["0101.30"].dash == 1
    assert hs.section_of("0601.10").numeral == "II"
    assert "'99', '9999' and '999999'" in hs.notes[0]
    assert hs.source.endswith("hs.csv")


def test_a_folder_is_read_through_its_harmonized_system_csv(tmp_path):
    """Passing the data folder finds harmonized-system.csv and takes section titles from sections.csv."""
    write(tmp_path, HEADER + GOOD_ROWS, "harmonized-system.csv")
    (tmp_path / "sections.csv").write_text("\ufeffsection,name\nI,Beasts of the field\n", encoding="utf-8")
    hs = load_harmonized_system(tmp_path)
    assert hs.section("I").title == "Beasts of the field"
    assert hs.section("II").title == "Products of the plant kingdom"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "I,01,Animals,TOTAL,2\nI,010121,Horses,0101,6\n",
            r"hs.csv, row 3: parent 0101 of code 010121 is not in the file",
        ),
        (
            "I,01,Animals,TOTAL,2\nI,0101,Horses,01,4\nI,0101,Again,01,4\n",
            r"row 4: code 0101 already appeared on row 3",
        ),
        ("I,01,Animals,TOTAL,2\nI,0101,Horses,01,6\n", r"row 3: code 0101 has 4 digits but level 6"),
        ("I,01,Animals,TOTAL,2\nI,0101,Horses,02,4\n", r"row 3: code 0101 names parent '02', expected '01'"),
        ("I,1,Animals,TOTAL,2\n", r"row 2: code 1 has 1 digits but level 2"),
        ("I,01,Animals,TOTAL,3\n", r"row 2: code '01' with level '3' cannot be read"),
        ("I,O1,Animals,TOTAL,2\n", r"row 2: code 'O1' with level '2' cannot be read"),
        ("XXII,01,Animals,TOTAL,2\n", r"row 2: section 'XXII' is not a numeral I to XXI"),
        ("I,01,,TOTAL,2\n", r"row 2: code 01 has no description"),
        (
            "I,01,Animals,TOTAL,2\nII,0101,Horses,01,4\n",
            r"row 3: code 0101 is in section II but its parent 01 is in section I",
        ),
        (
            "I,01,Animals,TOTAL,2\nI,0101,Horses,01,4\nI,010101,Odd,0101,6\n",
            r"row 4: code 010101 is not a valid subheading",
        ),
        (
            "I,01,Animals,TOTAL,2\nI,0101,Horses,01,4\nI,010120,Horses,0101,6\nI,010121,Breeding,0101,6\n",
            r"row 5: codes 0101.20 \(row 4\) and 0101.21 \(row 5\) cannot both exist",
        ),
    ],
)
def test_a_bad_table_is_refused_with_its_row_and_reason(tmp_path, rows, message):
    """Every structural fault names the file, the row and what is wrong."""
    with pytest.raises(NomenclatureError, match=message):
        load_harmonized_system(write(tmp_path, HEADER + rows))


def test_a_table_without_the_expected_columns_is_refused(tmp_path):
    """The message lists the missing columns and the header expected."""
    with pytest.raises(NomenclatureError, match=r"lacks the column\(s\) parent, level: expected a header"):
        load_harmonized_system(write(tmp_path, "section,hscode,description\nI,01,Animals\n"))


def test_a_missing_file_is_reported_by_name(tmp_path):
    """A wrong path is a NomenclatureError naming the path, not a bare FileNotFoundError."""
    with pytest.raises(NomenclatureError, match="does not exist"):
        load_harmonized_system(tmp_path / "nowhere.csv")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    """A legacy-encoded export gets a message telling the user to save it as UTF-8."""
    path = tmp_path / "hs.csv"
    path.write_bytes((HEADER + "I,01,Animaux \xe9lev\xe9s,TOTAL,2\n").encode("latin-1"))
    with pytest.raises(NomenclatureError, match="save the file as CSV UTF-8"):
        load_harmonized_system(path)


# -- national tariffs ---------------------------------------------------------------------------------


def test_a_national_csv_adds_8_and_10_digit_lines_under_the_subheadings(tmp_path):
    """Lines hang from their subheading, or from their 8-digit line when the file has one."""
    path = write(
        tmp_path,
        """\
        Code,Description,Duty rate,Unit
        0101,Horses (national wording),,
        0101.21.00,Pure-bred breeding horses,0%,u
        0101.29.10,Horses for slaughter,5%,u
        0101.29.10.10,Horses for slaughter under 300 kg,5%,u
        0901 22 00 90,Other roasted decaf coffee,10%,kg
        """,
        "tariff.csv",
    )
    tariff = load_national_tariff(path, base=load_teaching_extract())
    line = tariff["0101.29.10.10"]
    assert (line.duty_rate, line.unit, line.level) == ("5%", "u", Level.NATIONAL)
    assert str(tariff.parent(line.code).code) == "0101.29.10"
    assert str(tariff.parent("0901.22.00.90").code) == "0901.22"
    assert tariff["0101.29.10"].dash == 3
    assert tariff["0101.29.10.10"].dash == 4
    assert tariff["0101"].description == load_teaching_extract()["0101"].description
    assert [str(e.code) for e in tariff.national_lines] == [
        "0101.21.00",
        "0101.29.10",
        "0101.29.10.10",
        "0901.22.00.90",
    ]
    assert tariff.source.endswith("+ national tariff tariff.csv")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "0101.21.00,Horses,0%\n0101.21.00,Again,0%\n",
            r"tariff.csv, row 3: code 0101.21.00 already appeared on row 2",
        ),
        ("0101.22.00,Horses,0%\n", r"row 2: national line 0101.22.00 has no subheading 0101.22 in the base"),
        ("0101.21.0,Horses,0%\n", r"row 2: '0101.21.0' is not an HS code \(it has 7 digits\)"),
        ("0101.21.00,,0%\n", r"row 2: national line 0101.21.00 has no description"),
        ("3004.90,Medicines,0%\n", r"row 2: code 3004.90 is not in the base nomenclature"),
    ],
)
def test_a_bad_national_line_is_refused_with_its_row(tmp_path, rows, message):
    """Duplicates, orphans, malformed codes and blank descriptions name their row."""
    path = write(tmp_path, "code,description,duty_rate\n" + rows, "tariff.csv")
    with pytest.raises(NomenclatureError, match=message):
        load_national_tariff(path, base=load_teaching_extract())


def test_a_national_line_cannot_be_loaded_twice_over_the_same_base(tmp_path):
    """Laying the same tariff over a tree that already has its lines is refused, not silently merged."""
    path = write(tmp_path, "code,description\n0101.21.00,Pure-bred breeding horses\n", "tariff.csv")
    once = load_national_tariff(path, base=load_teaching_extract())
    with pytest.raises(NomenclatureError, match=r"row 2: national line 0101\.21\.00 is already in the base"):
        load_national_tariff(path, base=once)


def test_a_national_file_without_code_or_description_columns_is_refused(tmp_path):
    """The header must name a code and a description column."""
    path = write(tmp_path, "tariff_line,text\n0101.21.00,Horses\n", "tariff.csv")
    with pytest.raises(NomenclatureError, match="has no code or description column"):
        load_national_tariff(path, base=load_teaching_extract())


def test_an_empty_national_file_is_refused(tmp_path):
    """A file with no header at all says so."""
    with pytest.raises(NomenclatureError, match=r"tariff\.csv is empty"):
        load_national_tariff(write(tmp_path, "\n", "tariff.csv"), base=load_teaching_extract())


def test_only_csv_and_xlsx_national_files_are_accepted(tmp_path):
    """An old .xls or other format is refused with the formats that work."""
    path = write(tmp_path, "code,description\n", "tariff.xls")
    with pytest.raises(NomenclatureError, match=r"expected a .csv \(UTF-8\) or .xlsx file"):
        load_national_tariff(path, base=load_teaching_extract())


def test_an_excel_tariff_is_read_from_the_named_sheet(tmp_path):
    """An .xlsx is read with the standard library; numbers and text cells both work."""
    path = write_xlsx(
        tmp_path / "tariff.xlsx",
        [
            ["code", "description", "duty_rate", "unit"],
            ["0101.21.00", "Pure-bred breeding horses", "0%", "u"],
            [85171300, "Smartphones", 0.05, None],
        ],
    )
    tariff = load_national_tariff(path, base=load_teaching_extract(), sheet="Tariff")
    assert tariff["0101.21.00"].description == "Pure-bred breeding horses"
    assert tariff["8517.13.00"].duty_rate == "0.05"
    assert tariff["8517.13.00"].unit is None


def test_an_excel_code_stored_as_a_number_that_lost_its_zero_gets_a_hint(tmp_path):
    """0101.21.00 typed into a number cell becomes 1012100; the message says to format the column as text."""
    path = write_xlsx(tmp_path / "tariff.xlsx", [["code", "description"], [1012100, "Horses"]])
    with pytest.raises(NomenclatureError, match=r"row 2: .*7 digits.*format the code column as text"):
        load_national_tariff(path, base=load_teaching_extract(), sheet="Tariff")


def test_an_excel_sheet_that_does_not_exist_is_named_with_the_sheets_available(tmp_path):
    """Asking for a missing sheet lists the ones in the workbook."""
    path = write_xlsx(tmp_path / "tariff.xlsx", [["code", "description"]])
    with pytest.raises(NomenclatureError, match="has no worksheet 'Duties'") as caught:
        load_national_tariff(path, base=load_teaching_extract(), sheet="Duties")
    assert "its sheets are 'Notes', 'Tariff'" in str(caught.value)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    """A CSV renamed to .xlsx cannot be opened and says so."""
    path = write(tmp_path, "code,description\n", "tariff.xlsx")
    with pytest.raises(NomenclatureError, match=r"cannot be opened as an \.xlsx workbook"):
        load_national_tariff(path, base=load_teaching_extract())


@pytest.mark.shared_data
def test_a_national_tariff_can_sit_on_the_full_table(tmp_path):
    """Any subheading of the full HS 2022 table can carry national lines."""
    base = load_harmonized_system(shared_table_path())
    path = write(tmp_path, "code,description\n3004.90.00.10,Paracetamol tablets\n", "tariff.csv")
    tariff = load_national_tariff(path, base=base)
    assert [str(step.code) for step in tariff.path("3004.90.00.10")[1:]] == [
        "30",
        "30.04",
        "3004.90",
        "3004.90.00.10",
    ]


def test_missing_shared_data_fails_in_ci_and_skips_elsewhere(monkeypatch, tmp_path):
    """Full-table tests must not vanish in CI: there a missing table fails instead of skipping."""
    monkeypatch.setattr(hs_support, "SHARED_HS", tmp_path / "absent")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        hs_support.shared_table_path()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        hs_support.shared_table_path()
