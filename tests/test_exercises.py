"""Quiz questions and worksheet marking: right answers, slips and broken definitions."""

from decimal import Decimal

import pytest

from mtp_kit.errors import ConfigError, ValuationError
from mtp_kit.exercises import (
    ChoiceQuestion,
    NumericQuestion,
    Option,
    Quiz,
    load_valuation_cases,
    mark_valuation,
)
from mtp_kit.valuation import CostElement, Transaction, Treatment, compute_customs_value


def test_choice_question_needs_exactly_one_correct_option():
    with pytest.raises(ConfigError, match="has 2 correct options: expected exactly 1"):
        ChoiceQuestion("?", (Option("a", correct=True), Option("b", correct=True)))


def test_choice_feedback_quotes_the_options_explanation():
    question = ChoiceQuestion("?", (Option("a", explanation="Because a."), Option("b", correct=True)))
    assert question.check(0).message == "Not quite. Because a."
    assert question.check(None).message == "Choose one of the 2 options."


def test_numeric_answer_within_tolerance_is_right_and_outside_is_not():
    question = NumericQuestion("?", answer="100", tolerance="0.5")
    assert question.check("100.5").correct is True
    assert question.check("100.51").correct is False


def test_numeric_slip_returns_feedback_instead_of_raising():
    feedback = NumericQuestion("?", answer=1).check("1O0")
    assert feedback.correct is False
    assert "'1O0' is not a number" in feedback.message


def test_numeric_question_with_a_bad_answer_is_a_config_error():
    with pytest.raises(ConfigError, match="question '\\?'"):
        NumericQuestion("?", answer="lots")


def test_quiz_needs_one_answer_per_question():
    quiz = Quiz("q", (NumericQuestion("?", answer=1),))
    with pytest.raises(ConfigError, match="2 answers for 1 questions"):
        quiz.mark([1, 2])


def _result():
    deal = Transaction(
        price=1000,
        currency="USD",
        incoterm="CIF",
        elements=[
            CostElement(kind="selling_commission", amount=100),
            CostElement(
                kind="post_import_services", amount=50, included_in_price=True, shown_separately=True
            ),
        ],
    )
    return compute_customs_value(deal)  # 1,000 + 100 - 50 = 1,050


def test_worksheet_marking_gives_a_point_per_right_line_and_for_the_total():
    mark = mark_valuation(_result(), treatments=["added", "deducted"], total="1050")
    assert (mark.score, mark.out_of) == (3, 3)


def test_worksheet_marking_explains_a_wrong_line_with_the_engines_reason():
    mark = mark_valuation(_result(), treatments=[Treatment.ADDED, Treatment.INCLUDED], total="1100")
    assert mark.score == 1
    assert "Not quite: it is deducted, not already in the price" in mark.lines[1].message
    assert "Interpretative note to Art. 1" in mark.lines[1].message
    assert mark.total_message == "Not quite: the customs value is 1,050.00 USD, you typed 1,100.00."


def test_worksheet_marking_treats_an_unreadable_total_as_wrong_not_as_an_error():
    mark = mark_valuation(_result(), treatments=[None, None], total="about a thousand")
    assert mark.score == 0
    assert "not a number" in mark.total_message
    assert mark.lines[0].message.endswith("choose a treatment.")


def test_worksheet_marking_refuses_an_unknown_treatment():
    with pytest.raises(ValuationError, match="treatment 'doubled' is not known"):
        mark_valuation(_result(), treatments=["doubled", "added"], total=0)


def test_worksheet_marking_tolerance_is_a_parameter():
    mark = mark_valuation(_result(), treatments=["added", "deducted"], total="1049", tolerance=Decimal(1))
    assert mark.total_correct is True


def test_every_shipped_practice_case_agrees_with_its_authors_hand_worked_value():
    cases = load_valuation_cases()
    assert len(cases) >= 5
    for case in cases:
        assert case.solve().total == case.expected_value, case.title


def test_a_case_file_with_a_missing_field_names_the_case_and_the_field(tmp_path):
    bad = tmp_path / "cases.json"
    bad.write_text('{"cases": [{"title": "x", "currency": "USD", "incoterm": "CIF", "expected_value": "1"}]}')
    with pytest.raises(ConfigError, match="case 1: the field 'price' is missing"):
        load_valuation_cases(bad)


def test_a_case_with_an_unknown_fact_is_refused(tmp_path):
    bad = tmp_path / "cases.json"
    bad.write_text(
        '{"cases": [{"title": "x", "price": 1, "currency": "USD", "incoterm": "CIF", "expected_value": "1",'
        ' "elements": [{"kind": "royalty", "amount": 1, "condition_of_sales": true}]}]}'
    )
    with pytest.raises(ConfigError, match=r"case 1:.*condition_of_sales"):
        load_valuation_cases(bad)
