"""Marking a classification answer: partial credit at each level, the rule claimed, and readable feedback."""

from __future__ import annotations

from collections import Counter

import pytest
from hs_support import shared_table_path

from mtp_kit.errors import HSError
from mtp_kit.hs import (
    GIRS,
    ClassificationCase,
    Level,
    MarkWeights,
    load_case_bank,
    load_harmonized_system,
    load_teaching_extract,
    mark_classification,
    parse_code,
    parse_gir,
)


@pytest.fixture(scope="module")
def mug() -> ClassificationCase:
    """The gift box of a stoneware mug and coffee sachets: 6912.00 under GIR 3(b)."""
    return next(case for case in load_case_bank() if case.case_id == "gir3b-mug-gift-box")


@pytest.fixture(scope="module")
def coffee() -> ClassificationCase:
    """Roasted decaffeinated coffee: 0901.22 under GIR 6."""
    return next(case for case in load_case_bank() if case.case_id == "gir6-roasted-decaf")


def test_a_fully_right_answer_with_the_right_rule_earns_every_point(mug):
    """6912.00 with GIR 3(b): 2 + 3 + 3 + 2 = 10 of 10, and the answer never left the path."""
    mark = mark_classification(mug, answer="6912.00", gir="GIR 3(b)")
    assert (mark.points, mark.max_points, mark.fraction) == (10.0, 10, 1.0)
    assert (mark.chapter_right, mark.heading_right, mark.subheading_right, mark.gir_right) == (True,) * 4
    assert mark.left_path_at is None
    assert mark.claimed_gir == "3(b)"
    assert mark.feedback[-1].startswith("The deciding rule is GIR 3(b): ")


def test_the_right_code_without_a_rule_loses_only_the_rule_points(mug):
    """8 of 10, and the feedback names the rule the trainee should have given."""
    mark = mark_classification(mug, answer="691200")
    assert mark.points == 8.0
    assert mark.left_path_at is None
    assert "You did not say which rule decides; here it is GIR 3(b)." in mark.feedback


def test_the_right_rule_number_with_the_wrong_letter_earns_half_the_rule_points(mug):
    """GIR 3(a) for a 3(b) case: 8 + 1 = 9."""
    mark = mark_classification(mug, answer="6912.00", gir="3a")
    assert mark.points == 9.0
    assert not mark.gir_right
    assert "Close: the rule is GIR 3(b), not GIR 3(a) (half the points for the rule)." in mark.feedback


def test_a_wrong_rule_earns_no_rule_points(mug):
    """GIR 1 for a 3(b) case: the code points only."""
    mark = mark_classification(mug, answer="6912.00", gir="1")
    assert mark.points == 8.0
    assert "GIR 1 does not decide this case; GIR 3(b) does." in mark.feedback


def test_a_wrong_subheading_keeps_the_chapter_and_heading_points(coffee):
    """0901.21 for 0901.22 with GIR 6: 2 + 3 + 2 = 7, left the path at the subheading, GIR 6 recalled."""
    mark = mark_classification(coffee, answer="0901.21", gir="6")
    assert mark.points == 7.0
    assert (mark.heading_right, mark.subheading_right) == (True, False)
    assert mark.left_path_at is Level.SUBHEADING
    assert any(
        "leaves the correct path at the subheading" in line and "same dash level" in line
        for line in mark.feedback
    )


def test_a_wrong_heading_in_the_right_chapter_keeps_the_chapter_points(mug):
    """69.11 (porcelain) for 69.12: 2 points and the answer left the path at the heading."""
    mark = mark_classification(mug, answer="6911.10")
    assert mark.points == 2.0
    assert (mark.chapter_right, mark.heading_right) == (True, False)
    assert mark.left_path_at is Level.HEADING
    assert any("you chose 69.11, but the goods belong in 69.12" in line for line in mark.feedback)


def test_a_wrong_chapter_earns_nothing_for_the_code(mug):
    """Classifying the set by the coffee (09.01) misses from the chapter on."""
    mark = mark_classification(mug, answer="0901.21", gir="3(b)")
    assert mark.points == 2.0
    assert (mark.chapter_right, mark.heading_right, mark.subheading_right) == (False, False, False)
    assert mark.left_path_at is Level.CHAPTER
    assert any("you chose chapter 09, but the goods belong in chapter 69" in line for line in mark.feedback)


def test_a_heading_alone_earns_chapter_and_heading_and_asks_for_six_digits(coffee):
    """09.01 for 0901.22: 5 points, and the feedback asks for the subheading."""
    mark = mark_classification(coffee, answer="09.01")
    assert mark.points == 5.0
    assert mark.left_path_at is Level.SUBHEADING
    assert any(
        line.startswith("You stopped at the heading; the answer needs six digits: 0901.22")
        for line in mark.feedback
    )


def test_a_chapter_alone_earns_the_chapter_points(coffee):
    """09 for 0901.22: 2 points, and the feedback names the heading."""
    mark = mark_classification(coffee, answer="09")
    assert mark.points == 2.0
    assert mark.left_path_at is Level.HEADING
    assert "You gave only the chapter; the goods go to heading 09.01." in mark.feedback


def test_a_national_line_is_marked_on_its_six_hs_digits(coffee):
    """0901.22.00.10 earns the subheading points and a note that national digits are not marked."""
    mark = mark_classification(coffee, answer="0901.22.00.10", gir="6")
    assert mark.points == 10.0
    assert str(mark.answer) == "0901.22"
    assert mark.feedback[0].startswith(
        "0901.22.00.10 is a national line; it is marked on its six HS digits 0901.22"
    )


def test_an_unreadable_answer_scores_zero_with_the_format_message(coffee):
    """A typo never raises during grading: the mark is 0 and the feedback says what a code looks like."""
    mark = mark_classification(coffee, answer="09O1.22", gir="6")
    assert (mark.points, mark.answer, mark.left_path_at) == (0.0, None, Level.CHAPTER)
    assert "The answer could not be read: '09O1.22' is not an HS code (it contains 'O')" in mark.feedback[0]
    assert mark.feedback[1].startswith("The deciding rule is GIR 6")


def test_an_unreadable_rule_is_reported_and_earns_no_rule_points(coffee):
    """'GIR 7' is not a rule: the code is still marked."""
    mark = mark_classification(coffee, answer="0901.22", gir="GIR 7")
    assert mark.points == 8.0
    assert mark.claimed_gir is None
    assert mark.feedback[0].startswith(
        "The rule you named could not be read: 'GIR 7' is not a General Interpretative Rule"
    )


def test_with_a_nomenclature_the_feedback_names_the_goods_of_each_code(coffee):
    """The trainee sees what the chosen and the correct lines say."""
    hs = load_teaching_extract()
    mark = mark_classification(coffee, answer="0901.21", nomenclature=hs)
    text = "\n".join(mark.feedback)
    assert f"you chose 0901.21 ({hs['0901.21'].description})" in text
    assert f"belong in 0901.22 ({hs['0901.22'].description})" in text


def test_with_a_nomenclature_a_code_that_does_not_exist_is_flagged(coffee):
    """0901.23 does not exist in HS 2022; the feedback says so and the subheading points are lost."""
    mark = mark_classification(coffee, answer="0901.23", nomenclature=load_teaching_extract())
    assert mark.points == 5.0
    assert "0901.23 is not a code of HS 2022: check the digits against the tariff." in mark.feedback


def test_a_code_of_a_chapter_the_extract_holds_only_as_a_title_is_not_called_wrong():
    """8471.30 exists in HS 2022 although the extract does not list chapter 84; only the path is marked."""
    smartphone = next(case for case in load_case_bank() if case.case_id == "gir1-smartphone")
    mark = mark_classification(smartphone, answer="8471.30", gir="1", nomenclature=load_teaching_extract())
    assert mark.points == 2.0
    assert not any("is not a code of" in line for line in mark.feedback)
    assert mark.left_path_at is Level.CHAPTER


def test_weights_are_configurable(coffee):
    """With 1 point per level and none for the rule, a right heading and wrong subheading is 2 of 3."""
    weights = MarkWeights(chapter=1, heading=1, subheading=1, gir=0)
    mark = mark_classification(coffee, answer="0901.21", gir="6", weights=weights)
    assert (mark.points, mark.max_points) == (2.0, 3)
    assert str(mark).startswith("2/3\n")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"chapter": -1}, "chapter=-1 cannot be used as a weight: expected a whole number 0 or more"),
        ({"gir": 1.5}, "gir=1.5 cannot be used as a weight"),
        ({"heading": True}, "heading=True cannot be used as a weight"),
        (
            {"chapter": 0, "heading": 0, "subheading": 0, "gir": 0},
            "weights that are all 0 cannot mark anything",
        ),
    ],
)
def test_impossible_weights_are_refused(kwargs, message):
    """Negative, fractional, boolean or all-zero weights say what is accepted."""
    with pytest.raises(HSError, match=message):
        MarkWeights(**kwargs)


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("1", "1"),
        ("GIR 1", "1"),
        ("2a", "2(a)"),
        ("GIR 2 (b)", "2(b)"),
        ("3(a)", "3(a)"),
        ("rule 3b", "3(b)"),
        ("3.c", "3(c)"),
        ("RGI 4", "4"),
        ("GRI 5a", "5(a)"),
        ("5 b", "5(b)"),
        (" gir6 ", "6"),
    ],
)
def test_a_rule_is_read_in_the_forms_officers_write(written, label):
    """Spaces, brackets, dots and the GIR/GRI/RGI/rule prefix are all accepted."""
    assert parse_gir(written) == label


@pytest.mark.parametrize("written", ["7", "3d", "GIR", "", "2"])
def test_a_rule_that_does_not_exist_is_refused_with_the_list(written):
    """The message lists the ten rules that exist."""
    with pytest.raises(
        HSError, match=r"expected one of 1, 2\(a\), 2\(b\), 3\(a\), 3\(b\), 3\(c\), 4, 5\(a\), 5\(b\), 6"
    ):
        parse_gir(written)


def test_a_case_with_inconsistent_codes_is_refused():
    """A subheading outside the case's heading, or a heading that is not 4 digits, cannot become a case."""
    common = {"case_id": "x", "title": "t", "goods": "g", "facts": (), "gir": "1", "reasoning": "r"}
    with pytest.raises(HSError, match=r"subheading 0902\.10 is not a 6-digit subheading of 09\.01"):
        ClassificationCase(heading=parse_code("0901"), subheading=parse_code("0902.10"), **common)
    with pytest.raises(HSError, match=r"heading 0901\.10 is not a 4-digit heading"):
        ClassificationCase(heading=parse_code("0901.10"), subheading=parse_code("0901.10"), **common)
    with pytest.raises(HSError, match="'3' is not one of 1, 2"):
        ClassificationCase(
            heading=parse_code("0901"), subheading=parse_code("0901.11"), **{**common, "gir": "3"}
        )


def test_the_case_bank_has_at_least_30_cases_covering_every_rule():
    """Every GIR from 1 to 6, with its lettered parts, decides at least one case; ids are unique."""
    cases = load_case_bank()
    assert len(cases) >= 30
    assert set(Counter(case.gir for case in cases)) == set(GIRS)
    assert len({case.case_id for case in cases}) == len(cases)
    assert all(case.edition == "HS 2022" and case.facts and case.reasoning for case in cases)


def test_every_case_is_right_when_answered_with_its_own_codes():
    """The marker gives full marks to each case's expected answer and rule."""
    for case in load_case_bank():
        mark = mark_classification(case, answer=case.subheading, gir=case.gir)
        assert mark.fraction == 1.0, case.case_id


def test_cases_in_chapters_of_the_extract_use_lines_that_exist_there():
    """When the teaching extract covers a case's chapter, the case's codes are lines of it."""
    hs = load_teaching_extract()
    covered = {e.code.chapter for e in hs.headings}
    for case in load_case_bank():
        if case.heading.chapter in covered:
            assert case.heading in hs, case.case_id
            assert case.subheading in hs, case.case_id


@pytest.mark.shared_data
def test_every_case_answer_exists_in_the_full_hs_2022_table():
    """Each expected heading and subheading is a real HS 2022 line, and the subheading sits under the heading."""
    full = load_harmonized_system(shared_table_path())
    for case in load_case_bank():
        assert full[case.heading].level is Level.HEADING, case.case_id
        assert full.parent(case.subheading) is full[case.heading], case.case_id
