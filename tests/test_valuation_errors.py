"""Bad input raises ValuationError naming the element and what is accepted."""

import pytest

from mtp_kit.errors import MtpKitError, ValuationError
from mtp_kit.valuation import CostElement, Transaction, compute_customs_value


def test_negative_amount_names_the_element():
    with pytest.raises(
        ValuationError, match=r"the amount of 'sea freight' is -800: a negative amount is not accepted"
    ):
        CostElement(kind="main_freight", amount=-800, label="sea freight")


def test_unknown_incoterm_lists_the_eleven_rules():
    with pytest.raises(
        ValuationError, match=r"Incoterm 'FOR' is not an Incoterms 2020 rule: expected one of EXW, FCA"
    ):
        Transaction(price=100, currency="USD", incoterm="FOR")


def test_incoterms_2010_dat_points_to_dpu():
    with pytest.raises(ValuationError, match=r"DAT was replaced by DPU"):
        Transaction(price=100, currency="USD", incoterm="DAT")


def test_unknown_cost_kind_lists_the_kinds():
    with pytest.raises(
        ValuationError, match=r"cost kind 'freight' is not known: expected one of .*main_freight"
    ):
        CostElement(kind="freight", amount=100)


def test_currency_without_exchange_rate_names_the_currency_and_the_element():
    deal = Transaction(
        price=100,
        currency="USD",
        incoterm="FOB",
        elements=[CostElement(kind="insurance", amount=5, currency="GBP")],
    )
    with pytest.raises(
        ValuationError,
        match=r"'insurance up to the place of importation' is in GBP but there is no exchange rate for GBP",
    ):
        compute_customs_value(deal, exchange_rates={"USD": "130"}, national_currency="KES")


def test_rates_without_national_currency_are_refused():
    deal = Transaction(price=100, currency="EUR", incoterm="CIF")
    with pytest.raises(ValuationError, match="national_currency was not"):
        compute_customs_value(deal, exchange_rates={"EUR": "1.25"})


def test_royalty_without_the_condition_of_sale_fact_is_refused():
    deal = Transaction(
        price=100,
        currency="USD",
        incoterm="CIF",
        elements=[CostElement(kind="royalty", amount=10, label="brand licence", related_to_goods=True)],
    )
    with pytest.raises(ValuationError, match=r"'brand licence' needs the fact 'condition_of_sale'"):
        compute_customs_value(deal)


def test_engineering_assist_without_the_place_of_work_is_refused():
    deal = Transaction(
        price=100,
        currency="USD",
        incoterm="CIF",
        elements=[CostElement(kind="assist_engineering", amount=10)],
    )
    with pytest.raises(ValuationError, match="done_in_importing_country"):
        compute_customs_value(deal)


def test_cif_price_with_freight_also_listed_outside_the_price_is_refused_as_double_counting():
    deal = Transaction(
        price=10000,
        currency="USD",
        incoterm="CIF",
        elements=[CostElement(kind="main_freight", amount=800, included_in_price=False)],
    )
    with pytest.raises(ValuationError, match=r"a CIF price already covers the main carriage.*count it twice"):
        compute_customs_value(deal)


def test_fob_price_claiming_to_include_main_freight_is_refused():
    deal = Transaction(
        price=10000,
        currency="USD",
        incoterm="FOB",
        elements=[CostElement(kind="main_freight", amount=800, included_in_price=True)],
    )
    with pytest.raises(ValuationError, match=r"an FOB price does not cover the main carriage"):
        compute_customs_value(deal)


def test_fca_pre_carriage_must_say_whether_it_is_in_the_price():
    deal = Transaction(
        price=100,
        currency="USD",
        incoterm="FCA",
        elements=[CostElement(kind="export_inland_transport", amount=10)],
    )
    with pytest.raises(ValuationError, match="depends on the named place"):
        compute_customs_value(deal)


def test_deductions_larger_than_the_price_are_refused():
    deal = Transaction(
        price=100,
        currency="USD",
        incoterm="CIF",
        elements=[
            CostElement(
                kind="post_import_services", amount=150, included_in_price=True, shown_separately=True
            )
        ],
    )
    with pytest.raises(ValuationError, match="the deductions exceed the price"):
        compute_customs_value(deal)


@pytest.mark.parametrize(
    ("price", "message"),
    [
        (0, "price actually paid or payable is 0"),
        ("abc", "expected a number"),
        (float("nan"), "expected a finite number"),
        (True, "expected a number"),
    ],
)
def test_unreadable_price_is_refused(price, message):
    with pytest.raises(ValuationError, match=message):
        Transaction(price=price, currency="USD", incoterm="CIF")


def test_bad_currency_code_is_refused():
    with pytest.raises(ValuationError, match="expected a three-letter currency code"):
        Transaction(price=1, currency="dollars", incoterm="CIF")


def test_unknown_basis_is_refused():
    deal = Transaction(price=1, currency="USD", incoterm="CIF")
    with pytest.raises(
        ValuationError, match=r"valuation basis 'CFR' is not accepted: expected one of CIF, FOB"
    ):
        compute_customs_value(deal, basis="CFR")


def test_apportionment_needs_both_unit_counts():
    deal = Transaction(
        price=1,
        currency="USD",
        incoterm="CIF",
        elements=[
            CostElement(kind="assist_tools", amount=10, apportionment="units_produced", units_in_shipment=5)
        ],
    )
    with pytest.raises(ValuationError, match="needs units_in_shipment and units_total"):
        compute_customs_value(deal)


def test_shipment_units_above_the_total_are_refused():
    deal = Transaction(
        price=1,
        currency="USD",
        incoterm="CIF",
        elements=[
            CostElement(
                kind="assist_tools",
                amount=10,
                apportionment="units_produced",
                units_in_shipment=9,
                units_total=5,
            )
        ],
    )
    with pytest.raises(ValuationError, match="units_in_shipment 9 exceeds units_total 5"):
        compute_customs_value(deal)


def test_buyer_own_activity_inside_the_price_is_refused():
    deal = Transaction(
        price=100,
        currency="USD",
        incoterm="CIF",
        elements=[CostElement(kind="buyer_own_activity", amount=10, included_in_price=True)],
    )
    with pytest.raises(ValuationError, match="indirect_payment"):
        compute_customs_value(deal)


def test_a_fact_that_is_not_true_or_false_is_refused():
    with pytest.raises(
        ValuationError, match=r"the fact 'condition_of_sale' of 'royalty or licence fee' is 'yes'"
    ):
        CostElement(kind="royalty", amount=1, condition_of_sale="yes")


def test_valuation_errors_belong_to_the_one_family():
    assert issubclass(ValuationError, MtpKitError)
    assert issubclass(ValuationError, ValueError)
