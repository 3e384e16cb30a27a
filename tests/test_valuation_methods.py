"""Related parties, the order of methods, deductive and computed value, and duty and tax."""

from decimal import Decimal

import pytest

from mtp_kit.errors import ValuationError
from mtp_kit.valuation import (
    Method,
    Relationship,
    TestValue,
    assess_related_parties,
    compute_computed_value,
    compute_deductive_value,
    compute_duty_and_tax,
    greatest_aggregate_quantity_price,
    select_method,
)

# --- Related parties (Art. 15.4, Art. 1.2) -------------------------------------------------------------------------


def test_unrelated_parties_pass_the_relationship_test():
    finding = assess_related_parties()
    assert (finding.related, finding.acceptable) == (False, True)


@pytest.mark.parametrize("relationship", list(Relationship))
def test_each_article_15_4_relationship_makes_the_parties_related(relationship):
    assert assess_related_parties(relationships=[relationship]).related is True


def test_five_percent_of_voting_shares_makes_the_parties_related():
    assert assess_related_parties(voting_share_percent=5).related is True


def test_four_point_nine_percent_of_voting_shares_does_not():
    assert assess_related_parties(voting_share_percent="4.9").related is False


def test_a_sole_agent_is_not_related_by_that_fact_alone():
    finding = assess_related_parties(sole_agent=True)
    assert finding.related is False
    assert "Art. 15.5" in [step.article for step in finding.steps]


def test_relationship_alone_is_not_a_ground_to_reject_the_price():
    finding = assess_related_parties(relationships=["same_family"])
    assert finding.related is True
    assert finding.acceptable is None
    assert "not in itself a ground" in finding.explain()


def test_circumstances_of_sale_showing_no_influence_accept_the_price():
    finding = assess_related_parties(relationships=["one_controls_other"], circumstances_acceptable=True)
    assert finding.acceptable is True


def test_price_within_five_percent_of_a_test_value_closely_approximates_it():
    # |9,520 - 10,000| / 10,000 = 4.8% <= 5%.
    finding = assess_related_parties(
        relationships=["one_controls_other"],
        price=9520,
        test_values=[TestValue(label="identical goods", amount=10000)],
    )
    assert finding.acceptable is True


def test_price_just_outside_the_tolerance_is_rejected():
    # |9,490 - 10,000| / 10,000 = 5.1% > 5%.
    finding = assess_related_parties(
        relationships=["one_controls_other"],
        price=9490,
        test_values=[TestValue(label="identical goods", amount=10000)],
    )
    assert finding.acceptable is False
    assert "5.10%" in finding.explain()


def test_tolerance_is_a_parameter():
    # 5.1% passes when the administration allows 6%.
    finding = assess_related_parties(
        relationships=["partners"],
        price=9490,
        test_values=[TestValue(label="similar goods", amount=10000)],
        tolerance_percent=6,
    )
    assert finding.acceptable is True


def test_any_one_approximated_test_value_is_enough():
    # 8,000 vs 10,000 is 20% away; 8,000 vs 8,200 is 2.44% away.
    finding = assess_related_parties(
        relationships=["employer_employee"],
        price=8000,
        test_values=[
            TestValue(label="deductive value", amount=10000),
            TestValue(label="computed value", amount=8200),
        ],
    )
    assert finding.acceptable is True


def test_unknown_relationship_is_refused_with_the_accepted_names():
    with pytest.raises(ValuationError, match="expected one of officers_or_directors"):
        assess_related_parties(relationships=["cousins"])


# --- Method selection (Art. 1-7) --------------------------------------------------------------------------------------


def test_transaction_value_is_used_when_there_is_a_sale_and_the_conditions_hold():
    assert select_method(sale_for_export=True, conditions_met=True).method is Method.TRANSACTION_VALUE


def test_identical_goods_come_before_similar_goods_and_the_lowest_value_is_used():
    decision = select_method(
        sale_for_export=False, conditions_met=False, identical_values=[5200, "4980.50"], similar_values=[4000]
    )
    assert decision.method is Method.IDENTICAL_GOODS
    assert decision.value == Decimal("4980.50")
    assert decision.steps[-1].article == "Art. 2.3"


def test_similar_goods_lowest_value_when_no_identical_goods():
    decision = select_method(sale_for_export=True, conditions_met=False, similar_values=[7000, 6500, 6900])
    assert (decision.method, decision.value) == (Method.SIMILAR_GOODS, Decimal("6500"))


def test_deductive_value_comes_before_computed_value():
    decision = select_method(
        sale_for_export=False, conditions_met=False, deductive_value=9000, computed_value=8000
    )
    assert (decision.method, decision.value) == (Method.DEDUCTIVE_VALUE, Decimal("9000"))


def test_importer_may_ask_for_computed_value_before_deductive_value():
    decision = select_method(
        sale_for_export=False,
        conditions_met=False,
        deductive_value=9000,
        computed_value=8000,
        importer_requests_computed_first=True,
    )
    assert (decision.method, decision.value) == (Method.COMPUTED_VALUE, Decimal("8000"))
    assert "Art. 4" in decision.explain()


def test_deductive_value_is_used_when_the_requested_computed_value_cannot_be_determined():
    decision = select_method(
        sale_for_export=False,
        conditions_met=False,
        deductive_value=9000,
        importer_requests_computed_first=True,
    )
    assert decision.method is Method.DEDUCTIVE_VALUE


def test_fallback_method_names_the_prohibited_bases():
    decision = select_method(sale_for_export=False, conditions_met=False)
    assert decision.method is Method.FALLBACK
    assert decision.value is None
    assert "higher of two values" in decision.explain()


# --- Deductive value (Art. 5) -------------------------------------------------------------------------------------------


def test_greatest_aggregate_quantity_adds_sales_at_the_same_price():
    # At 100: 40 + 20 = 60 units; at 90: 55 units. 100 wins.
    assert greatest_aggregate_quantity_price([(100, 40), (90, 55), (100, 20)]) == Decimal("100")


def test_deductive_value_deducts_commission_transport_and_duties():
    # 250 - 25 commission - 12 transport - 38 duties = 175 per unit; x 40 units = 7,000.
    value = compute_deductive_value(
        unit_resale_price=250,
        quantity=40,
        commission_per_unit=25,
        transport_and_insurance_per_unit=12,
        duties_and_taxes_per_unit=38,
    )
    assert (value.unit_value, value.total) == (Decimal("175.00"), Decimal("7000.00"))


def test_superdeductive_value_also_deducts_further_processing():
    # 300 - 60 profit - 45 processing = 195 per unit; x 10 = 1,950.
    value = compute_deductive_value(
        unit_resale_price=300,
        quantity=10,
        profit_and_general_expenses_per_unit=60,
        further_processing_per_unit=45,
    )
    assert value.total == Decimal("1950.00")
    assert "Art. 5.2" in [step.article for step in value.steps]


def test_deductive_value_takes_commission_or_profit_not_both():
    with pytest.raises(
        ValuationError, match="exactly one of commission_per_unit or profit_and_general_expenses_per_unit"
    ):
        compute_deductive_value(
            unit_resale_price=300, quantity=1, commission_per_unit=10, profit_and_general_expenses_per_unit=20
        )


# --- Computed value (Art. 6) --------------------------------------------------------------------------------------------


def test_computed_value_on_a_cif_basis_adds_transport_to_the_place_of_importation():
    # 6,000 + 300 + 1,500 + 700 = 8,500.
    value = compute_computed_value(
        materials_and_fabrication=6000,
        profit_and_general_expenses=1500,
        assists_and_packing=300,
        transport_to_importation=700,
    )
    assert value.total == Decimal("8500.00")


def test_computed_value_on_an_fob_basis_leaves_transport_out():
    # 6,000 + 300 + 1,500 = 7,800.
    value = compute_computed_value(
        materials_and_fabrication=6000,
        profit_and_general_expenses=1500,
        assists_and_packing=300,
        transport_to_importation=700,
        basis="FOB",
    )
    assert value.total == Decimal("7800.00")


# --- Duty and tax -------------------------------------------------------------------------------------------------------


def test_ad_valorem_duty_and_vat_on_value_plus_duty():
    # Value 130,000; duty 25% = 32,500; VAT 16% of 162,500 = 26,000; total 58,500.
    assessment = compute_duty_and_tax(customs_value=130000, duty_percent=25, tax_percent=16)
    assert (assessment.duty, assessment.tax_base, assessment.tax, assessment.total) == (
        Decimal("32500.00"),
        Decimal("162500.00"),
        Decimal("26000.00"),
        Decimal("58500.00"),
    )


def test_tax_on_the_value_alone_when_the_base_excludes_duty():
    # Value 10,000; duty 10% = 1,000; tax 5% of 10,000 = 500.
    assessment = compute_duty_and_tax(
        customs_value=10000, duty_percent=10, tax_percent=5, tax_base_includes_duty=False
    )
    assert (assessment.duty, assessment.tax) == (Decimal("1000.00"), Decimal("500.00"))


def test_duty_is_rounded_half_up():
    # 1,234.50 x 12.5% = 154.3125 -> 154.31; 1,000.10 x 0.5% = 5.0005 -> 5.00; 1.01 x 50% = 0.505 -> 0.51.
    assert compute_duty_and_tax(customs_value="1234.50", duty_percent="12.5").duty == Decimal("154.31")
    assert compute_duty_and_tax(customs_value="1000.10", duty_percent="0.5").duty == Decimal("5.00")
    assert compute_duty_and_tax(customs_value="1.01", duty_percent=50).duty == Decimal("0.51")


@pytest.mark.parametrize(
    ("condition", "article"),
    [
        ("buyer_restricted", "Art. 1.1(a)"),
        ("unquantifiable_condition", "Art. 1.1(b)"),
        ("proceeds_to_seller_not_addable", "Art. 1.1(c)"),
        ("relationship_influenced_price", "Art. 1.1(d) and 1.2"),
    ],
)
def test_each_failed_article_1_1_condition_rules_out_the_transaction_value_and_is_named(condition, article):
    decision = select_method(sale_for_export=True, similar_values=[5000], **{condition: True})
    assert decision.method is Method.SIMILAR_GOODS
    failed = [step for step in decision.steps if step.value == "yes" and step.article == article]
    assert len(failed) == 1
    assert failed[0].explanation == "try Art. 2"


def test_all_article_1_1_conditions_answered_no_give_the_transaction_value():
    decision = select_method(sale_for_export=True)
    assert decision.method is Method.TRANSACTION_VALUE
    assert [step.article for step in decision.steps] == [
        "Art. 1.1",
        "Art. 1.1(a)",
        "Art. 1.1(b)",
        "Art. 1.1(c)",
        "Art. 1.1(d) and 1.2",
    ]


def test_no_sale_for_export_skips_the_article_1_1_questions():
    decision = select_method(sale_for_export=False, identical_values=[100])
    assert decision.steps[0].label == "Is there a sale for export to the country of importation"
    assert decision.method is Method.IDENTICAL_GOODS


def test_conditions_given_both_ways_are_refused():
    with pytest.raises(ValuationError, match="either as conditions_met or one by one"):
        select_method(sale_for_export=True, conditions_met=True, buyer_restricted=True)
