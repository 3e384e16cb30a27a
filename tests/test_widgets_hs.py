"""HS widgets driven through their controls: search as you type, browse, and a marked classification."""

import pytest

from mtp_kit.hs import load_case_bank, load_teaching_extract
from mtp_kit.widgets import ClassificationExercise, HSExplorer


@pytest.fixture(scope="module")
def extract():
    return load_teaching_extract()


@pytest.fixture
def case():
    return next(c for c in load_case_bank() if c.case_id == "gir6-roasted-decaf")


def test_explorer_opens_on_the_chapters(extract):
    explorer = HSExplorer(extract)
    assert len(explorer.found.options) == 96
    assert explorer.found.options[0][1] == "01"


def test_typing_finds_the_heading_a_trainee_expects(extract):
    explorer = HSExplorer(extract)
    explorer.search_box.value = "live horse"
    assert explorer.query == "live horse"
    assert "01.01" in explorer.results[:3]


def test_choosing_a_line_shows_its_path_from_the_section_and_the_lines_below(extract):
    explorer = HSExplorer(extract)
    explorer.search_box.value = "smartphone"
    explorer.found.value = "8517.13"
    assert explorer.selected == "8517.13"
    assert explorer.path[0].startswith("Section XVI")
    assert [line.split()[0] for line in explorer.path[1:]] == ["85", "85.17", "8517.13"]
    explorer.go_up()
    assert explorer.selected == "85.17"
    assert "8517.13" in [code for _, code in explorer.below.options]


def test_clearing_the_search_lists_the_chapters_again(extract):
    explorer = HSExplorer(extract)
    explorer.search_box.value = "coffee"
    explorer.search_box.value = ""
    assert explorer.results == []
    assert len(explorer.found.options) == 96


def test_a_full_answer_with_the_right_rule_earns_every_point(case, extract):
    exercise = ClassificationExercise(case, nomenclature=extract)
    exercise.heading.value = "09.01"
    exercise.subheading.value = "0901.22"
    exercise.gir.value = "6"
    exercise.check_button.click()
    assert (exercise.points, exercise.max_points) == (
        10.0,
        10,
    )  # chapter 2 + heading 3 + subheading 3 + GIR 2


def test_the_right_heading_with_the_wrong_subheading_earns_partial_credit(case, extract):
    exercise = ClassificationExercise(case, nomenclature=extract)
    exercise.heading.value = "0901"
    exercise.subheading.value = "0901.21"  # roasted, not decaffeinated
    exercise.gir.value = "6"
    exercise.check()
    assert exercise.points == 7.0  # chapter 2 + heading 3 + GIR 2; the subheading's 3 are lost
    assert any("GIR 6" in message for message in exercise.feedback)


def test_a_subheading_outside_the_typed_heading_is_pointed_out(case, extract):
    exercise = ClassificationExercise(case, nomenclature=extract)
    exercise.heading.value = "0902"
    exercise.subheading.value = "0901.22"
    exercise.check()
    assert exercise.feedback[0] == "Your subheading 0901.22 is not inside your heading 0902."


def test_checking_with_nothing_typed_asks_for_an_answer(case, extract):
    exercise = ClassificationExercise(case, nomenclature=extract)
    exercise.check()
    assert "Type a heading or a subheading first." in exercise.output.value


def test_a_search_that_finds_nothing_says_so_and_the_message_goes_once_something_is_found(extract):
    explorer = HSExplorer(extract)
    explorer.search_box.value = "qqqq zzzz"
    assert "Nothing found" in explorer.status.value
    explorer.search_box.value = "coffee"
    assert explorer.status.value == ""
