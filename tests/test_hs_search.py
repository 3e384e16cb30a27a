"""Keyword search: stems and plurals, all words first, restriction, typos, and quality on the full table."""

from __future__ import annotations

import pytest
from hs_queries import EVERYDAY_QUERIES
from hs_support import shared_table_path
from hypothesis import given, settings
from hypothesis import strategies as st

from mtp_kit.errors import HSCodeError
from mtp_kit.hs import Nomenclature, Section, load_harmonized_system, load_teaching_extract
from mtp_kit.hs._search import stem, tokenize


@pytest.fixture(scope="module")
def extract() -> Nomenclature:
    return load_teaching_extract()


@pytest.fixture(scope="module")
def full_hs() -> Nomenclature:
    return load_harmonized_system(shared_table_path())


def codes(hits) -> list[str]:
    return [str(hit.code) for hit in hits]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("horse", "horses"),
        ("knife", "knives"),
        ("berry", "berries"),
        ("box", "boxes"),
        ("glass", "glasses"),
        ("potato", "potatoes"),
        ("goose", "geese"),
        ("roast", "roasted"),
        ("slice", "sliced"),
        ("tyre", "tires"),
        ("aluminium", "aluminum"),
    ],
)
def test_singular_plural_and_spelling_variants_share_a_stem(one, other):
    """The index meets the reader's word whichever form either of them uses."""
    assert stem(one) == stem(other)


def test_short_words_keep_their_final_e_so_care_does_not_meet_car():
    """Stemming stays light enough not to merge unrelated short words."""
    assert stem("care") != stem("car")


def test_tokenize_drops_filler_words_and_accents():
    """'of', 'and', 'other' carry no meaning for search; 'maté' and 'mate' meet."""
    assert tokenize("Other parts of the maté, and thereof") == ["part", "mate"]


def test_horse_finds_horses(extract):
    """The singular query finds the heading written in the plural, and that heading comes first."""
    hits = extract.search("horse")
    assert codes(hits)[:2] == ["01.01", "0101.21"]
    assert all(hit.all_words for hit in hits)


def test_goose_finds_the_line_that_says_geese(extract):
    """Irregular plurals are known words."""
    assert "0105.99" in codes(extract.search("goose", limit=3))


def test_all_words_rank_before_any_word(extract):
    """Lines matching 'leather' and 'gloves' come before lines matching only 'leather'."""
    hits = extract.search("leather gloves", limit=8)
    assert codes(hits)[:2] == ["4203.29", "4203.21"]
    flags = [hit.all_words for hit in hits]
    assert flags[:2] == [True, True]
    assert flags == sorted(flags, reverse=True)
    assert len(hits[2].matched) == 1


def test_search_can_be_restricted_to_a_chapter(extract):
    """within='87' keeps only lines of chapter 87."""
    hits = extract.search("parts", within="87", limit=50)
    assert hits
    assert all(hit.code.chapter == "87" for hit in hits)


def test_search_can_be_restricted_to_a_section(extract):
    """within='XVI' (or the Section itself) keeps the lamps of chapter 85 and drops the blow lamps of 82.05."""
    assert "8205.60" in codes(extract.search("blow lamp", limit=3))
    for within in ("XVI", extract.section("XVI")):
        hits = extract.search("lamp", within=within, limit=50)
        assert hits
        assert {hit.code.chapter for hit in hits} <= {"84", "85"}


def test_search_can_be_restricted_to_a_heading(extract):
    """within='22.04' keeps only the wine lines."""
    hits = extract.search("wine", within="22.04", limit=50)
    assert sorted(codes(hits)) == ["22.04", "2204.10", "2204.21", "2204.22", "2204.29", "2204.30"]


def test_one_typo_in_a_word_is_forgiven(extract):
    """A swapped, missing, extra or wrong letter still finds the goods."""
    assert codes(extract.search("hrose", limit=1)) == ["01.01"]
    assert codes(extract.search("smartphnoe", limit=1)) == ["8517.13"]
    assert codes(extract.search("cigarete", limit=1)) == ["2402.20"]
    assert codes(extract.search("vodkka", limit=1)) == ["2208.60"]


def test_an_unfinished_last_word_is_completed(extract):
    """While the trainee types 'smartph', the smartphone line is already first."""
    assert codes(extract.search("smartph", limit=1)) == ["8517.13"]
    assert codes(extract.search("vacuum clea", limit=1)) == ["85.08"]


def test_an_abbreviation_finds_the_long_word(extract):
    """'decaf' is the beginning of 'decaffeinated'."""
    hits = extract.search("roasted decaf coffee", limit=2)
    assert sorted(codes(hits)) == ["0901.21", "0901.22"]
    assert all(hit.all_words for hit in hits)


def test_everyday_words_reach_the_nomenclature_words(extract):
    """'drone' finds unmanned aircraft; 'passenger car' finds the heading for cars carrying persons."""
    assert codes(extract.search("drone", limit=1)) == ["88.06"]
    assert codes(extract.search("passenger car", limit=2))[1] == "87.03"


def test_a_machine_comes_before_its_parts_unless_parts_are_asked_for(extract):
    """'washing machine' finds the machines; 'parts of washing machines' finds the parts line first."""
    machines = extract.search("washing machine", limit=3)
    assert codes(machines)[0] == "84.50"
    assert "8450.90" not in codes(machines)
    assert codes(extract.search("parts of washing machines", limit=1)) == ["8450.90"]
    assert codes(extract.search("motorcycle parts", limit=1)) == ["8714.10"]


def test_goods_and_their_parts_on_one_line_are_not_treated_as_parts(extract):
    """A line for goods 'and their parts' is the goods' line: prams are found at 87.15 first."""
    assert codes(extract.search("baby carriage", limit=1)) == ["87.15"]


def test_staple_goods_find_their_chapter_in_the_extract(extract):
    """Chapters 10 and 07 are titles only in the extract: 'rice' and 'cassava' reach them, not a look-alike word."""
    assert codes(extract.search("rice", limit=1)) == ["10"]
    assert codes(extract.search("maize", limit=1)) == ["10"]
    assert codes(extract.search("cassava", limit=1)) == ["07"]


def test_a_code_typed_into_the_search_comes_first(extract):
    """Typing a code in any notation returns that line first."""
    assert codes(extract.search("8517 13", limit=1)) == ["8517.13"]
    assert codes(extract.search("0101", limit=1)) == ["01.01"]


def test_every_hit_carries_its_path_from_the_section(extract):
    """Results show where they sit: section, chapter, heading, subheading."""
    hit = extract.search("roasted coffee", limit=1)[0]
    assert isinstance(hit.path[0], Section)
    assert [str(step.code) for step in hit.path[1:]][-1] == str(hit.code)
    assert hit.path[-1] is hit.entry


def test_an_empty_or_meaningless_query_finds_nothing(extract):
    """Blank input and filler words return no results rather than everything."""
    assert extract.search("") == ()
    assert extract.search("   ") == ()
    assert extract.search("of the") == ()


def test_the_limit_caps_the_results_and_must_be_positive(extract):
    """limit=3 gives three hits; limit=0 is refused with what is accepted."""
    assert len(extract.search("parts", limit=3)) == 3
    with pytest.raises(HSCodeError, match="limit=0 cannot be used: ask for at least 1 result"):
        extract.search("parts", limit=0)


def test_an_unknown_restriction_is_refused_with_what_is_accepted(extract):
    """within='XXII' or a chapter that does not exist raises the code error, not an empty result."""
    with pytest.raises(
        HSCodeError, match="'XXII' cannot restrict a search: expected a section numeral I to XXI"
    ):
        extract.search("parts", within="XXII")
    with pytest.raises(HSCodeError, match=r"'77' cannot restrict a search.*'77' is not a code of HS 2022"):
        extract.search("parts", within="77")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(load_teaching_extract())))
def test_any_line_is_found_by_its_own_description(entry):
    """Typing the text of a line finds that line among the first ten results."""
    hits = load_teaching_extract().search(entry.description, limit=10)
    assert entry in [hit.entry for hit in hits]


def test_the_index_is_built_once_and_kept(extract):
    """Every keystroke reuses the same index."""
    assert extract.index is extract.index


@pytest.mark.shared_data
def test_everyday_queries_find_the_expected_heading_in_the_top_five(full_hs):
    """Search quality on the full HS 2022 table: every query of the fixed list finds its heading."""
    assert len(EVERYDAY_QUERIES) >= 40
    misses = []
    for query, heading in EVERYDAY_QUERIES:
        found = [hit.code.digits[:4] for hit in full_hs.search(query, limit=5)]
        if heading not in found:
            misses.append((query, heading, found))
    score = 1 - len(misses) / len(EVERYDAY_QUERIES)
    assert misses == [], f"search quality {score:.0%}: {misses}"


@pytest.mark.shared_data
def test_on_the_full_table_parts_lines_wait_for_a_query_about_parts(full_hs):
    """'Pumps; parts thereof' is not the first answer to 'water pump', and is the first to 'pump parts'."""
    assert "8413.91" not in [hit.code.digits for hit in full_hs.search("water pump", limit=3)]
    assert full_hs.search("pump parts", limit=1)[0].code.digits == "841391"
    assert full_hs.search("gold jewellery", limit=1)[0].code.digits[:4] == "7113"  # "and parts thereof"


@pytest.mark.shared_data
def test_on_the_full_table_the_commodity_itself_comes_before_its_family(full_hs):
    """Where the table names rice and maize, the synonym 'cereal' does not push them down."""
    assert full_hs.search("rice", limit=1)[0].code.digits == "1006"
    assert full_hs.search("maize", limit=1)[0].code.digits == "1005"


@pytest.mark.shared_data
def test_section_restriction_works_on_the_full_table(full_hs):
    """Restricting 'parts' to section XVII keeps only chapters 86 to 89."""
    hits = full_hs.search("parts", within="XVII", limit=500)
    assert len(hits) > 50
    assert {hit.code.chapter for hit in hits} <= {"86", "87", "88", "89"}
