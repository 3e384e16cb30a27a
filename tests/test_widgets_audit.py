"""PCA recovery widgets driven through their controls, without a browser."""

import datetime as dt

import pytest

from mtp_kit.audit import AuditedDeclaration, AuditSettings, InterestRule, PenaltyRule, TaxRule
from mtp_kit.widgets import RecoveryCalculator, RecoveryExercise


@pytest.fixture
def sheet():
    # DOMAIN 4: declared 100,000, correct 130,000, duty 25%, VAT 16% on value + duty.
    return RecoveryCalculator(
        declarations=[
            dict(
                reference="C-1",
                declared_value="100000",
                correct_value="130000",
                duty_rate="25",
                due_on=dt.date(2024, 1, 15),
            )
        ],
        taxes=[dict(name="VAT", rate="16")],
    )


def test_duty_and_vat_shortfalls_add_up_to_13_500(sheet):
    # Duty 25% x 30,000 = 7,500; VAT 16% x (30,000 + 7,500) = 6,000.
    assert (sheet.duty, sheet.taxes, sheet.total) == ("7500.00", {"VAT": "6000.00"}, "13500.00")
    assert [line["item"] for line in sheet.lines] == ["duty", "VAT"]
    assert "Total to recover: 13,500.00" in sheet.output.value
    assert "VAT 16% × change in base (customs value + duty) 37500 = 6000" in sheet.output.value


def test_a_percentage_penalty_on_duty_and_taxes_or_on_duty_only(sheet):
    sheet.penalty.value = "percentage"
    sheet.penalty_amount.value = "10"
    assert (sheet.penalties, sheet.total) == ("1350.00", "14850.00")  # 10% x 13,500
    sheet.penalty_on_taxes.value = False
    assert (sheet.penalties, sheet.total) == ("750.00", "14250.00")  # 10% x 7,500


def test_a_flat_penalty(sheet):
    sheet.penalty.value = "flat"
    sheet.penalty_amount.value = "500"
    assert sheet.total == "14000.00"


def test_monthly_simple_interest_runs_from_the_due_date(sheet):
    sheet.interest_rate.value = "12"
    assert sheet.total == ""
    assert "give the assessment date" in sheet.error  # shown, not raised
    sheet.assessed_on.value = dt.date(2024, 7, 15)
    sheet.interest_period.value = "monthly"
    # 6 months: 13,500 x 12% x 6 / 12 = 810.
    assert (sheet.interest, sheet.total) == ("810.00", "14310.00")
    sheet.interest_on_taxes.value = False
    assert sheet.interest == "450.00"  # 7,500 x 6%


def test_daily_interest_counts_days(sheet):
    sheet.interest_rate.value = "12"
    sheet.assessed_on.value = dt.date(2024, 7, 15)
    # 15 Jan to 15 Jul 2024 is 182 days: 13,500 x 12% x 182 / 365 = 807.78.
    assert sheet.interest == "807.78"
    assert "182 day(s) from 2024-01-15 to 2024-07-15" in sheet.output.value


def test_a_classification_finding_changes_the_duty_rate_not_the_value():
    sheet = RecoveryCalculator(
        declarations=[
            dict(declared_value="100000", correct_value="100000", duty_rate="25", correct_duty_rate="35")
        ]
    )
    # Duty 35% - 25% of 100,000 = 10,000; VAT 16% x 10,000 = 1,600.
    assert (sheet.duty, sheet.total) == ("10000.00", "11600.00")


def test_a_tax_whose_base_includes_an_earlier_tax(sheet):
    sheet.remove_row(sheet.tax_rows[0])
    assert sheet.total == "7500.00"
    sheet.add_tax(name="excise", rate="10")
    sheet.add_tax(name="VAT", rate="16", includes_taxes=["excise"])
    # Excise 10% x 37,500 = 3,750; VAT 16% x (37,500 + 3,750) = 6,600; 7,500 + 3,750 + 6,600 = 17,850.
    assert sheet.taxes == {"excise": "3750.00", "VAT": "6600.00"}
    assert sheet.total == "17850.00"


def test_an_overpaid_declaration_is_a_refund_that_offsets_the_period(sheet):
    sheet.penalty.value = "flat"
    sheet.penalty_amount.value = "500"
    sheet.add_declaration(declared_value="20000", correct_value="16000", duty_rate="25")
    # C-2: duty 25% x -4,000 = -1,000; VAT 16% x -5,000 = -800; refund -1,800, no penalty.
    # 13,500 + 500 - 1,800 = 12,200.
    assert sheet.total == "12200.00"
    assert [line["item"] for line in sheet.lines if line["declaration"] == "C-2"] == ["duty", "VAT", "refund"]


def test_a_mistyped_value_is_shown_as_a_message_not_raised(sheet):
    sheet.declaration_rows[0].correct_value.value = "130k"
    assert sheet.total == ""
    assert "'130k'" in sheet.error
    assert "Check your input" in sheet.output.value
    sheet.declaration_rows[0].correct_value.value = "130,000"
    assert sheet.total == "13500.00"


def test_recovery_exercise_asks_for_each_amount_and_explains_it():
    settings = AuditSettings(
        taxes=(TaxRule(name="VAT", rate="16"),),
        interest=InterestRule(annual_rate="12", period="monthly"),
        penalty=PenaltyRule(kind="percentage", amount="10"),
    )
    declaration = AuditedDeclaration(
        reference="C-1",
        declared_value="100000",
        correct_value="130000",
        duty_rate="25",
        due_on=dt.date(2024, 1, 15),
    )
    exercise = RecoveryExercise([declaration], settings=settings, assessed_on=dt.date(2024, 7, 15))
    # duty, VAT, interest, penalty, total.
    assert exercise.out_of == 5
    for control, typed in zip(exercise.inputs, ["7500", "6000", "810", "1,350", "15660"], strict=True):
        control.value = typed
    # 13,500 + 810 + 1,350 = 15,660.
    assert exercise.score == 5
    assert "declared duty 25% × 100000 = 25000" in exercise.outputs[0].value
    assert "130,000.00" in exercise.children[1].value
