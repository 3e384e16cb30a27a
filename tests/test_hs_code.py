"""Reading HS codes in every notation officers use, and refusing everything else with a useful message."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtp_kit.errors import HSCodeError, MtpKitError
from mtp_kit.hs import HSCode, Level, parse_code


@pytest.mark.parametrize(
    ("written", "digits", "level", "formatted"),
    [
        ("8517.13", "851713", Level.SUBHEADING, "8517.13"),
        ("851713", "851713", Level.SUBHEADING, "8517.13"),
        ("85.17", "8517", Level.HEADING, "85.17"),
        ("8517", "8517", Level.HEADING, "85.17"),
        ("0101", "0101", Level.HEADING, "01.01"),
        ("01.01", "0101", Level.HEADING, "01.01"),
        ("01", "01", Level.CHAPTER, "01"),
        ("0101.21", "010121", Level.SUBHEADING, "0101.21"),
        ("8517.13.00", "85171300", Level.NATIONAL, "8517.13.00"),
        ("85171300", "85171300", Level.NATIONAL, "8517.13.00"),
        ("8517 13 00", "85171300", Level.NATIONAL, "8517.13.00"),
        ("8517.1300", "85171300", Level.NATIONAL, "8517.13.00"),
        ("8517.13.00.10", "8517130010", Level.NATIONAL, "8517.13.00.10"),
        ("8517 13 00 10", "8517130010", Level.NATIONAL, "8517.13.00.10"),
        ("8517130010", "8517130010", Level.NATIONAL, "8517.13.00.10"),
        ("  0901.22  ", "090122", Level.SUBHEADING, "0901.22"),
        ("0901  22", "090122", Level.SUBHEADING, "0901.22"),
        ("6912.00", "691200", Level.SUBHEADING, "6912.00"),
    ],
)
def test_every_usual_notation_reads_as_the_same_code(written, digits, level, formatted):
    """Dots, spaces and missing separators all give the same digits, level and written form."""
    code = parse_code(written)
    assert (code.digits, code.level, str(code)) == (digits, level, formatted)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("85x7", "it contains 'x'"),
        ("8517-13", "it contains '-'"),
        ("8517,13", "it contains ','"),
        ("HS8517", "it contains 'H'"),
        ("8", "it has 1 digits"),
        ("851", "it has 3 digits"),
        ("85171", "it has 5 digits"),
        ("8517131", "it has 7 digits"),
        ("851713001", "it has 9 digits"),
        ("851713001099", "it has 12 digits"),
        ("851.713", "a separator falls inside a pair of digits"),
        ("8.517", "a separator falls inside a pair of digits"),
        ("8517..13", "a separator has no digits beside it"),
        (".8517", "a separator has no digits beside it"),
        ("8517.", "a separator has no digits beside it"),
        ("00", "there is no chapter 00"),
        ("0012.10", "there is no chapter 00"),
        ("8500", "there is no heading 85.00"),
        ("١٢٣٤", "it contains '١'"),
    ],
)
def test_every_rejected_form_names_the_input_and_the_accepted_forms(written, reason):
    """The message quotes what was typed, why it fails, and an example of what works."""
    with pytest.raises(HSCodeError) as caught:
        parse_code(written)
    message = str(caught.value)
    assert repr(written) in message
    assert reason in message
    assert "such as '85', '85.17' or '8517.13'" in message


@pytest.mark.parametrize("number", [101, 8517.13, None, True])
def test_numbers_are_refused_because_they_lose_leading_zeros(number):
    """0101 typed as a number becomes 101; the message asks for text in quotes."""
    with pytest.raises(HSCodeError, match="write the code as text in quotes"):
        parse_code(number)


def test_a_code_error_is_a_value_error_of_the_toolkit_family():
    """Notebook code can catch every user mistake with one except clause."""
    with pytest.raises(MtpKitError):
        parse_code("12345")
    assert issubclass(HSCodeError, ValueError)


def test_a_code_knows_its_chapter_heading_subheading_and_parent():
    """A national line walks up to its 8-digit line, subheading, heading and chapter."""
    code = parse_code("8517.13.00.10")
    assert code.chapter == "85"
    assert code.heading == "8517"
    assert code.subheading == "851713"
    assert str(code.parent) == "8517.13.00"
    assert str(code.parent.parent) == "8517.13"
    assert str(code.parent.parent.parent) == "85.17"
    assert str(code.parent.parent.parent.parent) == "85"
    assert code.parent.parent.parent.parent.parent is None


def test_a_chapter_has_no_heading_or_subheading():
    """Asking a chapter for its heading gives None, not a made-up code."""
    chapter = parse_code("01")
    assert (chapter.heading, chapter.subheading) == (None, None)


def test_the_edition_travels_with_the_code():
    """Codes default to HS 2022 and keep another edition when asked; equal digits of other editions differ."""
    assert parse_code("8517.13").edition == "HS 2022"
    older = parse_code("8517.12", edition="HS 2017")
    assert older.edition == "HS 2017"
    assert parse_code("8517.12") != older


def test_a_code_lies_within_its_chapter_and_heading_only():
    """is_within reads the other code in any notation."""
    code = parse_code("0901.22")
    assert code.is_within("09")
    assert code.is_within("09.01")
    assert not code.is_within("0902")


def test_the_constructor_refuses_what_is_not_digits():
    """HSCode() itself rejects a malformed digit string, so no invalid code can exist."""
    with pytest.raises(HSCodeError, match=r"'85\.17' is not an HS code"):
        HSCode("85.17")


def test_parse_code_returns_an_existing_code_unchanged():
    """Passing an HSCode through parse_code is harmless."""
    code = HSCode("0101")
    assert parse_code(code) is code


@given(st.sampled_from([2, 4, 6, 8, 10]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)))
def test_the_written_form_reads_back_as_the_same_code(digits):
    """For any valid digit string, formatting then parsing is the identity."""
    if digits[:2] == "00" or (len(digits) >= 4 and digits[2:4] == "00"):
        with pytest.raises(HSCodeError):
            parse_code(digits)
        return
    code = parse_code(digits)
    assert code.digits == digits
    assert parse_code(str(code)) == code
    assert parse_code(" ".join(digits[i : i + 2] for i in range(0, len(digits), 2))) == code
