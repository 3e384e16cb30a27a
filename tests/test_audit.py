"""Behaviour of the post-clearance audit recovery engine (mtp_kit.audit)."""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mtp_kit.audit as audit
from mtp_kit.audit import (
    AuditedDeclaration,
    AuditSettings,
    InterestRule,
    PenaltyRule,
    TaxRule,
    compute_interest,
    compute_recovery,
    compute_shortfall,
)
from mtp_kit.errors import AuditError, MtpKitError

VAT16 = TaxRule(name="VAT", rate="16")


def declaration(ref="C-1", declared="100000", correct="130000", rate="25", **kwargs):
    return AuditedDeclaration(
        reference=ref, declared_value=declared, correct_value=correct, duty_rate=rate, **kwargs
    )


def test_pure_domain_modules_load_no_jupyter_pandas_or_nbgrader():
    """Importing origin, risk and audit pulls in none of the heavy adapters."""
    code = (
        "import sys, mtp_kit.origin, mtp_kit.risk, mtp_kit.audit; "
        "print(sorted({'ipywidgets', 'nbgrader', 'pandas', 'IPython', 'traitlets'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_origin_risk_and_audit_import_only_the_standard_library():
    """Nothing outside the standard library and mtp_kit itself is loaded by the three engines."""
    code = (
        "import sys; before = set(sys.modules); import mtp_kit.origin, mtp_kit.risk, mtp_kit.audit; "
        "print(sorted({m.split('.')[0] for m in set(sys.modules) - before} - set(sys.stdlib_module_names)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['mtp_kit']"


def test_every_public_function_of_audit_has_a_doctest():
    missing = [
        f"{name}.{attr}" if attr else name
        for name in audit.__all__
        for attr, member in _members(getattr(audit, name))
        if ">>>" not in (member.__doc__ or "")
    ]
    assert missing == []


def _members(obj):
    """The object itself if it is a function, else its public methods and properties."""
    if inspect.isfunction(obj):
        yield "", obj
    elif inspect.isclass(obj):
        for attr, member in vars(obj).items():
            if attr.startswith("_"):
                continue
            member = member.fget if isinstance(member, property) else member
            if inspect.isfunction(member):
                yield attr, member


def test_domain_example_recovers_duty_and_vat_on_the_duty_inclusive_base():
    """DOMAIN 4: 100,000 → 130,000, duty 25 %, VAT 16 % on value + duty."""
    shortfall = compute_shortfall(declaration=declaration(), taxes=[VAT16])
    # duty: 25 % × (130,000 − 100,000) = 7,500
    assert shortfall.duty == Decimal("7500.00")
    # VAT: 16 % × (30,000 + 7,500) = 0.16 × 37,500 = 6,000
    assert shortfall.taxes == (("VAT", Decimal("6000.00")),)
    # 7,500 + 6,000 = 13,500
    assert shortfall.total == Decimal("13500.00")


def test_a_tax_whose_base_excludes_duty_ignores_the_duty_shortfall():
    shortfall = compute_shortfall(
        declaration=declaration(), taxes=[TaxRule(name="VAT", rate="16", includes_duty=False)]
    )
    # 16 % × 30,000 = 4,800
    assert shortfall.taxes == (("VAT", Decimal("4800.00")),)


def test_a_misclassification_recovers_the_rate_difference_on_an_unchanged_value():
    d = declaration(declared="10000", correct="10000", rate="5", correct_duty_rate="20")
    # 20 % × 10,000 − 5 % × 10,000 = 2,000 − 500 = 1,500
    assert compute_shortfall(declaration=d).duty == Decimal("1500.00")


def test_a_tax_can_include_an_earlier_tax_in_its_base():
    excise = TaxRule(name="excise", rate="10")
    vat = TaxRule(name="VAT", rate="16", includes_taxes=("excise",))
    d = declaration(declared="1000", correct="2000", rate="25")
    shortfall = compute_shortfall(declaration=d, taxes=[excise, vat])
    # duty Δ = 25 % × 1,000 = 250; excise Δ = 10 % × (1,000 + 250) = 125
    # VAT Δ = 16 % × (1,000 + 250 + 125) = 16 % × 1,375 = 220
    assert shortfall.taxes == (("excise", Decimal("125.00")), ("VAT", Decimal("220.00")))
    # 250 + 125 + 220 = 595
    assert shortfall.total == Decimal("595.00")


def test_an_overpayment_is_a_refund_with_no_interest_or_penalty():
    settings = AuditSettings(
        taxes=(VAT16,),
        interest=InterestRule(annual_rate="12"),
        penalty=PenaltyRule(kind="flat", amount="500"),
    )
    d = declaration(declared="1000", correct="900", rate="10", due_on=dt.date(2024, 1, 1))
    recovery = compute_recovery(declarations=[d], settings=settings, assessed_on=dt.date(2025, 1, 1))
    # duty Δ = 10 % × −100 = −10; VAT Δ = 16 % × (−100 − 10) = −17.60; total −27.60
    assert recovery.total == Decimal("-27.60")
    assert recovery.interest == Decimal("0.00")
    assert recovery.penalties == Decimal("0.00")
    assert any(line.item == "refund" for line in recovery.declarations[0].lines)


def test_simple_daily_interest_runs_on_duty_and_taxes():
    settings = AuditSettings(taxes=(VAT16,), interest=InterestRule(annual_rate="12"))
    d = declaration(due_on=dt.date(2024, 1, 1))
    recovery = compute_recovery(declarations=[d], settings=settings, assessed_on=dt.date(2024, 3, 14))
    # 1 Jan → 14 Mar 2024 = 30 + 29 + 14 = 73 days; 13,500 × 12 % × 73/365 = 13,500 × 0.024 = 324
    assert recovery.interest == Decimal("324.00")
    # 13,500 + 324 = 13,824
    assert recovery.total == Decimal("13824.00")


def test_interest_can_run_on_duty_alone():
    settings = AuditSettings(taxes=(VAT16,), interest=InterestRule(annual_rate="12", on_taxes=False))
    d = declaration(due_on=dt.date(2024, 1, 1))
    recovery = compute_recovery(declarations=[d], settings=settings, assessed_on=dt.date(2024, 3, 14))
    # 7,500 × 12 % × 73/365 = 7,500 × 0.024 = 180
    assert recovery.interest == Decimal("180.00")


def test_compound_monthly_interest_charges_interest_on_interest():
    rule = InterestRule(annual_rate="12", method="compound", period="monthly")
    charge = compute_interest(
        principal=Decimal(1000), rule=rule, start=dt.date(2024, 1, 31), end=dt.date(2024, 3, 31)
    )
    # 2 months at 1 %: 1,000 × (1.01² − 1) = 1,000 × 0.0201 = 20.10 (simple would give 20.00)
    assert charge.periods == 2
    assert charge.amount == Decimal("20.10")


def test_compound_daily_interest_uses_the_configured_day_count():
    rule = InterestRule(annual_rate="36.5", method="compound", period="daily", days_in_year=365)
    charge = compute_interest(
        principal=Decimal(10000), rule=rule, start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 3)
    )
    # 0.365 / 365 = 0.001 a day; 10,000 × (1.001² − 1) = 10,000 × 0.002001 = 20.01
    assert charge.amount == Decimal("20.01")


def test_a_started_month_counts_only_when_national_law_says_so():
    start, end = dt.date(2024, 1, 15), dt.date(2024, 3, 20)
    whole = InterestRule(annual_rate="12", period="monthly")
    started = InterestRule(annual_rate="12", period="monthly", count_part_month=True)
    # 15 Jan → 20 Mar: 2 whole months and 5 days
    assert compute_interest(principal=Decimal(1200), rule=whole, start=start, end=end).periods == 2
    assert compute_interest(principal=Decimal(1200), rule=started, start=start, end=end).periods == 3
    # 1,200 × 12 % × 3/12 = 36
    assert compute_interest(principal=Decimal(1200), rule=started, start=start, end=end).amount == Decimal(
        "36.00"
    )


def test_a_flat_penalty_is_charged_once_per_underpaid_declaration():
    settings = AuditSettings(penalty=PenaltyRule(kind="flat", amount="500"))
    declarations = [
        declaration("A", declared="100", correct="200", rate="10"),
        declaration("B", declared="100", correct="300", rate="10"),
        declaration("C", declared="100", correct="100", rate="10"),
    ]
    recovery = compute_recovery(declarations=declarations, settings=settings)
    # A and B are underpaid (10 and 20), C is not: 2 × 500 = 1,000
    assert recovery.penalties == Decimal("1000.00")
    # 10 + 20 + 1,000 = 1,030
    assert recovery.total == Decimal("1030.00")


def test_a_percentage_penalty_can_be_limited_to_duty():
    settings = AuditSettings(
        taxes=(VAT16,), penalty=PenaltyRule(kind="percentage", amount="20", on_taxes=False)
    )
    recovery = compute_recovery(declarations=[declaration()], settings=settings)
    # 20 % × 7,500 duty = 1,500
    assert recovery.penalties == Decimal("1500.00")


def test_audit_totals_are_rounded_once_from_exact_amounts():
    """Three half-cent shortfalls show 0.01 each but total 0.02, not 0.03."""
    declarations = [declaration(ref, declared="100", correct="100.05", rate="10") for ref in "ABC"]
    recovery = compute_recovery(declarations=declarations, settings=AuditSettings())
    # each: 10 % × 0.05 = 0.005 → shown 0.01 (half-up); exact sum 0.015 → 0.02
    assert [d.total for d in recovery.declarations] == [Decimal("0.01")] * 3
    assert recovery.total == Decimal("0.02")


def test_every_line_explains_itself_with_its_provision():
    settings = AuditSettings(taxes=(VAT16,))
    text = compute_recovery(declarations=[declaration()], settings=settings).explain()
    assert "correct duty 25% × 130000 = 32500" in text
    assert "national tax law: VAT base = customs value + duty" in text
    assert "Total to recover: 13500.00" in text


def test_interest_needs_the_date_duty_was_due():
    settings = AuditSettings(interest=InterestRule(annual_rate="12"))
    with pytest.raises(AuditError, match=r"C-1: due_on is missing"):
        compute_recovery(declarations=[declaration()], settings=settings, assessed_on=dt.date(2025, 1, 1))


def test_interest_needs_an_assessment_date():
    settings = AuditSettings(interest=InterestRule(annual_rate="12"))
    with pytest.raises(AuditError, match=r"assessed_on None is not a date"):
        compute_recovery(declarations=[declaration(due_on=dt.date(2024, 1, 1))], settings=settings)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: declaration(declared="-5"), r"C-1: declared value '-5' is negative"),
        (lambda: declaration(rate="abc"), r"C-1: duty rate 'abc' is not a number"),
        (lambda: declaration(correct=None), r"correct value None is not a number"),
        (lambda: declaration(ref=""), r"declaration reference '' is empty"),
        (
            lambda: InterestRule(annual_rate="5", method="weekly"),
            r"interest method 'weekly' is not known: expected one of 'simple', 'compound'",
        ),
        (
            lambda: InterestRule(annual_rate="5", days_in_year=364),
            r"days_in_year 364 is not a day-count basis",
        ),
        (lambda: PenaltyRule(kind="prison"), r"penalty kind 'prison' is not known"),
        (
            lambda: AuditSettings(taxes=(TaxRule(name="VAT", rate="16", includes_taxes=("excise",)),)),
            r"'VAT' includes 'excise' in its base, which is not an earlier tax",
        ),
        (lambda: AuditSettings(taxes=(VAT16, VAT16)), r"tax 'VAT' is configured twice"),
        (
            lambda: compute_recovery(declarations=[declaration(), declaration()], settings=AuditSettings()),
            r"\['C-1'\] appear twice",
        ),
        (lambda: compute_recovery(declarations=[], settings=AuditSettings()), r"is empty"),
        (
            lambda: compute_interest(
                principal=Decimal(1),
                rule=InterestRule(annual_rate="1"),
                start=dt.date(2024, 2, 1),
                end=dt.date(2024, 1, 1),
            ),
            r"end 2024-01-01 is before start 2024-02-01",
        ),
    ],
)
def test_bad_input_raises_an_audit_error_naming_the_value(build, message):
    with pytest.raises(AuditError, match=message) as caught:
        build()
    assert isinstance(caught.value, MtpKitError)


def test_a_float_typed_by_a_trainee_is_read_as_the_decimal_it_looks_like():
    assert TaxRule(name="VAT", rate=0.16).rate == Decimal("0.16")


money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(declared=money, correct=money, duty=rates, vat=rates)
def test_vat_shortfall_is_vat_rate_times_the_change_in_value_plus_duty(declared, correct, duty, vat):
    d = AuditedDeclaration(reference="P", declared_value=declared, correct_value=correct, duty_rate=duty)
    shortfall = compute_shortfall(declaration=d, taxes=[TaxRule(name="VAT", rate=vat)])
    delta_value = correct - declared
    delta_duty = duty * delta_value / 100
    expected = (vat * (delta_value + delta_duty) / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert shortfall.taxes == (("VAT", expected),)


@given(value=money, duty=rates, vat=rates)
def test_nothing_is_recovered_when_the_audit_confirms_the_declaration(value, duty, vat):
    d = AuditedDeclaration(reference="P", declared_value=value, correct_value=value, duty_rate=duty)
    settings = AuditSettings(
        taxes=(TaxRule(name="VAT", rate=vat),), penalty=PenaltyRule(kind="flat", amount="100")
    )
    assert compute_recovery(declarations=[d], settings=settings).total == 0


@given(declared=money, extra=money, duty=rates)
def test_an_understated_value_never_yields_a_refund(declared, extra, duty):
    d = AuditedDeclaration(
        reference="P", declared_value=declared, correct_value=declared + extra, duty_rate=duty
    )
    assert compute_recovery(declarations=[d], settings=AuditSettings(taxes=(VAT16,))).total >= 0


def test_the_public_api_is_pinned():
    """Adding or removing an exported name is a deliberate change: update this list with it."""
    assert audit.__all__ == [
        "AuditRecovery",
        "AuditSettings",
        "AuditedDeclaration",
        "DeclarationRecovery",
        "InterestCharge",
        "InterestMethod",
        "InterestPeriod",
        "InterestRule",
        "PenaltyKind",
        "PenaltyRule",
        "RecoveryLine",
        "Shortfall",
        "TaxRule",
        "compute_interest",
        "compute_recovery",
        "compute_shortfall",
    ]
    assert all(hasattr(audit, name) for name in audit.__all__)
