"""Valuation widgets driven through their controls, without a browser."""

from decimal import Decimal

import pytest

from mtp_kit.exercises import ChoiceQuestion, NumericQuestion, Option, Quiz
from mtp_kit.valuation import CostElement, Transaction
from mtp_kit.widgets import MethodDecisionTree, QuizView, ValuationExercise, ValuationWorksheet


@pytest.fixture
def sheet():
    # FOB 10,000 on a CIF basis with freight 800 and insurance 50: 10,850.
    return ValuationWorksheet(
        price="10000",
        incoterm="FOB",
        basis="CIF",
        elements=[dict(kind="main_freight", amount="800"), dict(kind="insurance", amount="50")],
    )


def test_worksheet_shows_the_total_of_its_initial_ledger(sheet):
    assert sheet.total == "10850.00"
    assert "10,850.00 USD" in sheet.output.value


def test_adding_a_selling_commission_raises_the_total_by_its_amount_and_names_article_8_1_a_i(sheet):
    sheet.add_element(kind="selling_commission", amount="1200")
    assert sheet.total == "12050.00"  # 10,850 + 1,200
    assert sheet.breakdown[-1]["article"] == "Art. 8.1(a)(i)"
    assert "Art. 8.1(a)(i)" in sheet.output.value


def test_typing_a_new_freight_amount_updates_the_value_at_once(sheet):
    sheet.rows[0].amount.value = "1,000"
    assert sheet.total == "11050.00"  # 10,000 + 1,000 + 50


def test_switching_to_an_fob_basis_leaves_freight_and_insurance_out(sheet):
    sheet.basis.value = "FOB"
    assert sheet.total == "10000.00"


def test_a_buying_commission_row_leaves_the_total_unchanged(sheet):
    row = sheet.add_element(kind="selling_commission", amount="300")
    row.kind.value = "BUYING_COMMISSION"
    assert sheet.total == "10850.00"
    assert sheet.breakdown[-1]["treatment"] == "not part of the value"


def test_a_royalty_row_shows_its_facts_and_uses_them(sheet):
    row = sheet.add_element(kind="royalty", amount="500")
    assert row.facts["condition_of_sale"] in row.children
    assert sheet.total == "10850.00"  # not a condition of sale by default
    row.facts["condition_of_sale"].value = True
    assert sheet.total == "11350.00"  # 10,850 + 500


def test_removing_a_row_recomputes(sheet):
    sheet.remove_element(sheet.rows[1])
    assert sheet.total == "10800.00"


def test_a_mistyped_amount_is_shown_as_a_message_not_raised(sheet):
    sheet.rows[0].amount.value = "eight hundred"
    assert sheet.total == ""
    assert "eight hundred" in sheet.error
    assert "Check your input" in sheet.output.value
    sheet.rows[0].amount.value = "800"
    assert sheet.total == "10850.00"


def test_conversion_at_the_rate_typed(sheet):
    sheet.national_currency.value = "KES"
    sheet.exchange_rate.value = "129.5"
    assert sheet.total == "1405075.00"  # 10,850 x 129.5


def test_exercise_marks_each_line_and_the_total_with_the_rule():
    deal = Transaction(
        price=10000,
        currency="USD",
        incoterm="FOB",
        elements=[
            CostElement(kind="main_freight", amount=800),
            CostElement(kind="buying_commission", amount=300),
        ],
    )
    exercise = ValuationExercise(deal, basis="CIF")
    exercise.choices[0].value = "ADDED"
    exercise.choices[1].value = "ADDED"
    exercise.answer.value = "11,100"
    exercise.check_button.click()
    assert (exercise.score, exercise.out_of) == (1, 3)
    assert exercise.feedback[0].startswith("main carriage to the place of importation: Right.")
    assert "Not quite: it is not part of the value, not added" in exercise.feedback[1]
    assert "10,800.00" in exercise.feedback[2]  # 10,000 + 800


def test_method_tree_falls_to_the_lowest_identical_value():
    tree = MethodDecisionTree()
    assert tree.method == "Art. 1"
    tree.conditions["relationship_influenced_price"].value = True
    tree.identical.value = "10,500; 9,800"
    assert (tree.method, tree.value) == ("Art. 2", "9,800")


def test_method_tree_honours_the_importers_request_for_computed_value():
    tree = MethodDecisionTree()
    tree.sale.value = "no"
    tree.deductive.value = "9000"
    tree.computed.value = "8000"
    assert tree.method == "Art. 5"
    tree.computed_first.value = True
    assert tree.method == "Art. 6"


def test_method_tree_shows_an_unreadable_value_as_a_message():
    tree = MethodDecisionTree()
    tree.sale.value = "no"
    tree.similar.value = "abc"
    assert "abc" in tree.error


def test_quiz_marks_each_answer_as_it_is_given():
    quiz = Quiz(
        "Check",
        (
            ChoiceQuestion(
                "Is a buying commission added?",
                (Option("Yes"), Option("No", correct=True, explanation="Own agent.")),
            ),
            NumericQuestion(
                "10,000 FOB + 800 freight + 50 insurance on a CIF basis?", answer=Decimal("10850")
            ),
        ),
    )
    view = QuizView(quiz)
    view.inputs[0].value = 1
    assert (view.score, view.answered) == (1, 1)
    assert "Own agent." in view.outputs[0].value
    view.inputs[1].value = "10,800"
    assert (view.score, view.answered) == (1, 2)
    assert "10,850" in view.outputs[1].value
    view.inputs[1].value = "10850"
    assert view.score == 2
