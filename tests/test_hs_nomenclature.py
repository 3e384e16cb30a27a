"""The nomenclature tree: the shipped teaching extract and the full HS 2022 table keep the same invariants."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest
from hs_support import shared_table_path

from mtp_kit.errors import HSCodeError, NomenclatureError
from mtp_kit.hs import (
    Entry,
    HSCode,
    Level,
    Nomenclature,
    Section,
    load_harmonized_system,
    load_teaching_extract,
    subheading_dash,
)


@pytest.fixture(scope="module")
def extract() -> Nomenclature:
    return load_teaching_extract()


@pytest.fixture(scope="module")
def full_hs() -> Nomenclature:
    return load_harmonized_system(shared_table_path())


@pytest.fixture(scope="module")
def comtrade_rows() -> dict[str, str]:
    with shared_table_path().open(encoding="utf-8") as handle:
        return {row["hscode"]: row["description"] for row in csv.DictReader(handle)}


def covered_chapters(nomenclature: Nomenclature) -> set[str]:
    return {e.code.chapter for e in nomenclature.headings}


def assert_tree_invariants(nomenclature: Nomenclature) -> None:
    for entry in nomenclature:
        parent = nomenclature.parent(entry.code)
        if entry.level is Level.CHAPTER:
            assert parent is None
            continue
        assert parent is not None
        assert entry.section == parent.section
        if entry.level is Level.HEADING:
            assert parent.level is Level.CHAPTER
            assert entry.dash == 0
        elif entry.level is Level.SUBHEADING:
            assert parent.level is Level.HEADING
            assert entry.dash == subheading_dash(entry.digits)
    for entry in nomenclature.subheadings:
        if entry.dash == 2:
            # A two-dash line belongs to a one-dash group that is itself split, never to a coded one-dash line.
            assert entry.digits[:5] + "0" not in nomenclature


def test_the_extract_has_all_21_sections_and_96_chapters(extract):
    """Every section and chapter of HS 2022 is present; chapter 77 is reserved and absent."""
    assert [s.numeral for s in extract.sections][:3] == ["I", "II", "III"]
    assert len(extract.sections) == 21
    assert len(extract.chapters) == 96
    assert "77" not in extract
    assert extract.section("XV").chapters == (
        "72",
        "73",
        "74",
        "75",
        "76",
        "78",
        "79",
        "80",
        "81",
        "82",
        "83",
    )


def test_the_extract_covers_at_least_15_chapters_across_the_nomenclature(extract):
    """Complete chapters are spread over at least ten sections, machinery and vehicles included."""
    chapters = covered_chapters(extract)
    assert len(chapters) >= 15
    assert {
        "01",
        "03",
        "09",
        "22",
        "24",
        "33",
        "39",
        "40",
        "42",
        "61",
        "64",
        "69",
        "82",
        "84",
        "85",
        "87",
        "94",
        "95",
    } <= chapters
    assert len({extract.section_of(ch).numeral for ch in chapters}) >= 10


def test_the_extract_keeps_the_tree_invariants(extract):
    """Parents exist, levels nest, sections agree, dash levels follow the digits."""
    assert_tree_invariants(extract)


def test_the_extract_says_its_edition_and_source(extract):
    """A teaching nomenclature always says which edition it follows and that the words are its own."""
    assert extract.edition == "HS 2022"
    assert "teaching extract" in extract.source
    assert extract.notes == ()


def test_lookup_accepts_any_notation(extract):
    """hs['0101.21'], hs['010121'] and hs[HSCode('010121')] are the same line."""
    assert extract["0101.21"] is extract["010121"] is extract[HSCode("010121")]
    assert extract.get("0101.22") is None
    assert "01.01" in extract
    assert "0101.22" not in extract
    assert "not a code" not in extract
    assert 101 not in extract


def test_a_missing_code_names_the_nearest_line_that_exists(extract):
    """The message points the trainee to the deepest existing ancestor."""
    with pytest.raises(
        HSCodeError, match=r"'8517.15' is not a code of HS 2022 .* nearest line that exists is 85.17"
    ):
        extract["8517.15"]


def test_a_mistyped_lookup_raises_the_code_error(extract):
    """A malformed key is reported as such, not as a missing line."""
    with pytest.raises(HSCodeError, match="it contains 'x'"):
        extract["85x7"]


def test_children_of_a_heading_are_its_subheadings_in_order(extract):
    """Heading 01.01 has four subheadings, in code order."""
    assert [str(e.code) for e in extract.children("0101")] == ["0101.21", "0101.29", "0101.30", "0101.90"]
    assert extract.children("0101.21") == ()


def test_siblings_stay_at_the_same_dash_level(extract):
    """GIR 6: a two-dash line is compared within its one-dash group, a one-dash line with one-dash lines."""
    assert [str(e.code) for e in extract.siblings("0901.22")] == ["0901.21"]
    assert [str(e.code) for e in extract.siblings("0101.30")] == ["0101.90"]
    assert [str(e.code) for e in extract.siblings("8806.10")] == []
    assert len(extract.siblings("0901")) == len(extract.children("09")) - 1


def test_the_path_runs_from_the_section_to_the_line(extract):
    """path() gives the section, then chapter, heading and subheading."""
    path = extract.path("0901.22")
    assert isinstance(path[0], Section)
    assert path[0].numeral == "II"
    assert [str(step.code) for step in path[1:]] == ["09", "09.01", "0901.22"]


def test_sections_are_found_by_numeral_or_number(extract):
    """section('XVI') and section(16) are the same; a bad key says what is accepted."""
    assert extract.section("xvi") is extract.section(16)
    assert extract.section_of("8517.13").numeral == "XVI"
    with pytest.raises(HSCodeError, match="expected a numeral I to XXI"):
        extract.section(22)


def test_an_entry_prints_with_its_dashes(extract):
    """str(entry) shows the code and the dashes of the legal layout."""
    assert str(extract["0901.22"]).startswith("0901.22 - - ")
    assert str(extract["09.01"]).startswith("09.01 Coffee")


def test_a_tree_with_a_missing_parent_is_refused():
    """Building a nomenclature by hand runs the same structure checks as the loaders."""
    sections = [Section("I", "Animals", ("01",))]
    entries = [Entry(HSCode("01"), "Animals", "I"), Entry(HSCode("010121"), "Horses", "I", 2)]
    with pytest.raises(NomenclatureError, match=r"code 0101.21 has no parent 01.01"):
        Nomenclature(sections=sections, entries=entries, edition="HS 2022", source="test")


def test_a_wrong_dash_level_is_refused():
    """A subheading whose stored dash level contradicts its digits cannot enter the tree."""
    sections = [Section("I", "Animals", ("01",))]
    entries = [
        Entry(HSCode("01"), "Animals", "I"),
        Entry(HSCode("0101"), "Horses", "I"),
        Entry(HSCode("010130"), "Asses", "I", 2),
    ]
    with pytest.raises(NomenclatureError, match="dash level 2, expected 1"):
        Nomenclature(sections=sections, entries=entries, edition="HS 2022", source="test")


def test_a_chapter_in_the_wrong_section_is_refused():
    """The section of a chapter must list that chapter."""
    sections = [Section("I", "Animals", ("01",)), Section("II", "Plants", ("06",))]
    with pytest.raises(NomenclatureError, match="chapter 01 is listed in section II"):
        Nomenclature(
            sections=sections,
            entries=[Entry(HSCode("01"), "Animals", "II")],
            edition="HS 2022",
            source="test",
        )


@pytest.mark.shared_data
def test_the_full_table_has_the_hs_2022_counts(full_hs):
    """96 chapters, 1,228 headings and 5,612 subheadings once Comtrade's non-HS rows are left out."""
    assert len(full_hs.chapters) == 96
    assert len(full_hs.headings) == 1228
    assert len(full_hs.subheadings) == 5612
    assert len(full_hs.sections) == 21
    assert "99" not in full_hs
    assert "Left out the UN Comtrade rows" in full_hs.notes[0]


@pytest.mark.shared_data
def test_the_full_table_keeps_the_tree_invariants(full_hs):
    """Every subheading's parent is a heading and the dash levels are consistent."""
    assert_tree_invariants(full_hs)
    dashes = Counter(e.dash for e in full_hs.subheadings)
    assert dashes[0] == 271
    assert dashes[1] + dashes[2] == 5612 - 271


@pytest.mark.shared_data
def test_the_extract_has_exactly_the_codes_of_its_chapters(extract, full_hs):
    """For each chapter it covers, the extract has every heading and subheading and nothing more."""
    for chapter in covered_chapters(extract):
        mine = [e.digits for e in extract if e.code.is_within(chapter)]
        theirs = [e.digits for e in full_hs if e.code.is_within(chapter)]
        assert mine == theirs, chapter
    for entry in extract:
        assert extract[entry.code].dash == full_hs[entry.code].dash
        assert entry.section == full_hs[entry.code].section


@pytest.mark.shared_data
def test_the_extract_is_written_in_its_own_words(extract, comtrade_rows):
    """No description of three words or more repeats the Comtrade label of the same code, punctuation aside."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    copied = [
        str(e.code)
        for e in extract
        if len(words(e.description)) >= 3 and words(e.description) == words(comtrade_rows.get(e.digits, ""))
    ]
    assert copied == []


def test_a_section_that_does_not_exist_is_refused():
    """Only the numerals I to XXI are sections."""
    with pytest.raises(NomenclatureError, match="section 'XXII' of test is not a numeral I to XXI"):
        Nomenclature(sections=[Section("XXII", "Space", ())], entries=[], edition="HS 2022", source="test")
