"""One test per rule of DOMAIN.md section 2 (Article 1 price and Article 8 adjustments).

Every expected value is worked out by hand in the test. Unless a test says otherwise the shipment is priced
CIF in the national currency, so transport lines are already in the price and only the element under test
moves the value away from the price of 10,000.
"""

from decimal import Decimal

import pytest

from mtp_kit.valuation import (
    CostElement,
    CostKind,
    Transaction,
    Treatment,
    compute_customs_value,
    incoterm_covers,
)

PRICE = 10_000


def value_of(*elements, incoterm="CIF", basis="CIF", price=PRICE):
    deal = Transaction(price=price, currency="USD", incoterm=incoterm, elements=list(elements))
    return compute_customs_value(deal, basis=basis)


def line_of(result, kind):
    (line,) = [line for line in result.lines if line.kind is CostKind.parse(kind)]
    return line


# --- Article 1: the price actually paid or payable -----------------------------------------------------------


def test_price_alone_is_the_customs_value():
    result = value_of()
    assert result.total == Decimal("10000.00")
    assert result.lines[0].treatment is Treatment.PRICE
    assert result.lines[0].article == "Art. 1.1"


def test_indirect_payment_to_the_seller_is_part_of_the_price():
    # The buyer settles a 1,200 debt the seller owes a third party: 10,000 + 1,200 = 11,200.
    result = value_of(CostElement(kind="indirect_payment", amount=1200))
    assert result.total == Decimal("11200.00")
    assert line_of(result, "indirect_payment").treatment is Treatment.ADDED


def test_buyers_own_marketing_is_not_added_even_if_it_benefits_the_seller():
    result = value_of(CostElement(kind="buyer_own_activity", amount=2500, label="advertising campaign"))
    assert result.total == Decimal("10000.00")
    assert line_of(result, "buyer_own_activity").treatment is Treatment.EXCLUDED


# --- Article 8.1 additions --------------------------------------------------------------------------------------


def test_selling_commission_borne_by_buyer_is_added():
    # 10,000 + 450 = 10,450.
    result = value_of(CostElement(kind="selling_commission", amount=450))
    assert result.total == Decimal("10450.00")
    assert line_of(result, "selling_commission").article == "Art. 8.1(a)(i)"


def test_brokerage_borne_by_buyer_is_added():
    assert value_of(CostElement(kind="brokerage", amount=120)).total == Decimal("10120.00")


def test_selling_commission_already_in_the_price_is_not_added_twice():
    result = value_of(
        CostElement(kind="selling_commission", amount=450, included_in_price=True, shown_separately=True)
    )
    assert result.total == Decimal("10000.00")
    assert line_of(result, "selling_commission").treatment is Treatment.INCLUDED


def test_selling_commission_paid_by_the_seller_is_not_added():
    result = value_of(CostElement(kind="selling_commission", amount=450, borne_by_buyer=False))
    assert result.total == Decimal("10000.00")
    assert line_of(result, "selling_commission").treatment is Treatment.EXCLUDED


def test_buying_commission_is_never_added():
    result = value_of(CostElement(kind="buying_commission", amount=300))
    assert result.total == Decimal("10000.00")
    assert line_of(result, "buying_commission").treatment is Treatment.EXCLUDED


def test_buying_commission_in_the_price_and_shown_separately_is_deducted():
    # The seller invoiced 10,000 including a 300 buying commission shown on its own line: 10,000 - 300 = 9,700.
    result = value_of(
        CostElement(kind="buying_commission", amount=300, included_in_price=True, shown_separately=True)
    )
    assert result.total == Decimal("9700.00")
    assert line_of(result, "buying_commission").treatment is Treatment.DEDUCTED


def test_buying_commission_hidden_in_the_price_cannot_be_deducted():
    result = value_of(CostElement(kind="buying_commission", amount=300, included_in_price=True))
    assert result.total == Decimal("10000.00")
    line = line_of(result, "buying_commission")
    assert line.treatment is Treatment.INCLUDED
    assert "not shown separately" in line.explanation


def test_containers_treated_as_one_with_the_goods_are_added():
    result = value_of(CostElement(kind="containers", amount=200))
    assert result.total == Decimal("10200.00")
    assert line_of(result, "containers").article == "Art. 8.1(a)(ii)"


def test_containers_classified_on_their_own_are_not_added():
    result = value_of(CostElement(kind="containers", amount=200, one_with_goods=False))
    assert result.total == Decimal("10000.00")


def test_packing_labour_and_materials_are_added():
    # Cartons 180 + packing labour 70: 10,000 + 250 = 10,250.
    result = value_of(
        CostElement(kind="packing", amount=180, label="cartons"),
        CostElement(kind="packing", amount=70, label="packing labour"),
    )
    assert result.total == Decimal("10250.00")
    assert {line.article for line in result.lines_with(Treatment.ADDED)} == {"Art. 8.1(a)(iii)"}


@pytest.mark.parametrize(
    ("kind", "article"),
    [
        ("assist_materials", "Art. 8.1(b)(i)"),
        ("assist_tools", "Art. 8.1(b)(ii)"),
        ("assist_consumed", "Art. 8.1(b)(iii)"),
    ],
)
def test_assist_supplied_free_by_the_buyer_is_added(kind, article):
    # The first shipment carries the whole assist: 10,000 + 2,000 = 12,000.
    result = value_of(CostElement(kind=kind, amount=2000))
    assert result.total == Decimal("12000.00")
    assert line_of(result, kind).article == article


def test_design_work_done_outside_the_importing_country_is_an_assist():
    result = value_of(CostElement(kind="assist_engineering", amount=3000, done_in_importing_country=False))
    assert result.total == Decimal("13000.00")


def test_design_work_done_in_the_importing_country_is_never_added():
    result = value_of(CostElement(kind="assist_engineering", amount=3000, done_in_importing_country=True))
    assert result.total == Decimal("10000.00")
    assert line_of(result, "assist_engineering").treatment is Treatment.EXCLUDED


def test_assist_apportioned_over_units_produced_so_far():
    # A mould costing 12,000 has made 4,000 units so far; this shipment holds 1,000: 12,000 x 1,000/4,000 = 3,000.
    result = value_of(
        CostElement(
            kind="assist_tools",
            amount=12000,
            apportionment="units_produced",
            units_in_shipment=1000,
            units_total=4000,
        )
    )
    assert result.total == Decimal("13000.00")


def test_assist_apportioned_over_the_whole_contracted_production():
    # The same mould over a contract of 30,000 units: 12,000 x 1,000/30,000 = 400.
    result = value_of(
        CostElement(
            kind="assist_tools",
            amount=12000,
            apportionment="contracted_production",
            units_in_shipment=1000,
            units_total=30000,
        )
    )
    assert result.total == Decimal("10400.00")


def test_assist_apportionment_with_a_recurring_share_rounds_once_at_the_end():
    # 1,000 over 3 shipments of 1 unit each: 333.333... added; 10,333.333... rounds to 10,333.33.
    result = value_of(
        CostElement(
            kind="assist_materials",
            amount=1000,
            apportionment="units_produced",
            units_in_shipment=1,
            units_total=3,
        )
    )
    assert result.total == Decimal("10333.33")


def test_assist_supplied_at_reduced_cost_adds_only_the_unpaid_part():
    # Components worth 5,000; the producer paid the buyer 1,500 for them: 5,000 - 1,500 = 3,500 added.
    result = value_of(CostElement(kind="assist_materials", amount=5000, paid_by_seller=1500))
    assert result.total == Decimal("13500.00")


def test_royalty_that_is_a_condition_of_sale_is_added():
    result = value_of(CostElement(kind="royalty", amount=800, related_to_goods=True, condition_of_sale=True))
    assert result.total == Decimal("10800.00")
    assert line_of(result, "royalty").article == "Art. 8.1(c)"


def test_royalty_that_is_not_a_condition_of_sale_is_not_added():
    result = value_of(CostElement(kind="royalty", amount=800, related_to_goods=True, condition_of_sale=False))
    assert result.total == Decimal("10000.00")
    assert line_of(result, "royalty").treatment is Treatment.EXCLUDED


def test_royalty_unrelated_to_the_imported_goods_is_not_added():
    result = value_of(CostElement(kind="royalty", amount=800, related_to_goods=False, condition_of_sale=True))
    assert result.total == Decimal("10000.00")


def test_right_to_reproduce_in_the_importing_country_is_not_added():
    result = value_of(
        CostElement(
            kind="royalty", amount=800, related_to_goods=True, condition_of_sale=True, reproduction_right=True
        )
    )
    assert result.total == Decimal("10000.00")
    assert "reproduce" in line_of(result, "royalty").explanation


def test_proceeds_of_resale_accruing_to_the_seller_are_added():
    result = value_of(CostElement(kind="proceeds", amount=650))
    assert result.total == Decimal("10650.00")
    assert line_of(result, "proceeds").article == "Art. 8.1(d)"


# --- Article 8.2: transport to the place of importation ------------------------------------------------------------


def test_cif_basis_adds_freight_and_insurance_to_a_fob_price():
    # 10,000 + 800 + 50 = 10,850.
    result = value_of(
        CostElement(kind="main_freight", amount=800), CostElement(kind="insurance", amount=50), incoterm="FOB"
    )
    assert result.total == Decimal("10850.00")


def test_cif_basis_adds_handling_linked_to_transport_to_the_place_of_importation():
    # Transhipment handling 90 on a FOB price, freight and insurance listed: 10,000 + 800 + 50 + 90 = 10,940.
    result = value_of(
        CostElement(kind="main_freight", amount=800),
        CostElement(kind="insurance", amount=50),
        CostElement(kind="transport_handling", amount=90),
        incoterm="FOB",
    )
    assert result.total == Decimal("10940.00")
    assert line_of(result, "transport_handling").article == "Art. 8.2(b)"


def test_fob_basis_leaves_freight_and_insurance_out():
    result = value_of(
        CostElement(kind="main_freight", amount=800),
        CostElement(kind="insurance", amount=50),
        incoterm="FOB",
        basis="FOB",
    )
    assert result.total == Decimal("10000.00")


def test_fob_basis_deducts_freight_and_insurance_shown_in_a_cif_price():
    # 10,000 CIF including freight 800 and insurance 50, both invoiced separately: 10,000 - 850 = 9,150.
    result = value_of(
        CostElement(kind="main_freight", amount=800, shown_separately=True),
        CostElement(kind="insurance", amount=50, shown_separately=True),
        basis="FOB",
    )
    assert result.total == Decimal("9150.00")


def test_fob_basis_adds_haulage_and_loading_to_an_exw_price():
    # 10,000 EXW + haulage 400 + loading 150 = 10,550 (freight is left out on an FOB basis).
    result = value_of(
        CostElement(kind="export_inland_transport", amount=400),
        CostElement(kind="export_loading", amount=150),
        CostElement(kind="main_freight", amount=1100),
        incoterm="EXW",
        basis="FOB",
    )
    assert result.total == Decimal("10550.00")


def test_worked_example_of_the_domain_brief_on_both_bases():
    # EXW EUR 12,000 + 400 + 150 + 1,100 + 80 = 13,730 x 1.25 = 17,162.50 (CIF basis);
    # FOB basis: 12,000 + 400 + 150 = 12,550 x 1.25 = 15,687.50.
    deal = Transaction(
        price=12000,
        currency="EUR",
        incoterm="EXW",
        elements=[
            CostElement(kind="export_inland_transport", amount=400),
            CostElement(kind="export_loading", amount=150),
            CostElement(kind="main_freight", amount=1100),
            CostElement(kind="insurance", amount=80),
        ],
    )
    rates = {"EUR": "1.25"}
    assert compute_customs_value(
        deal, basis="CIF", exchange_rates=rates, national_currency="KES"
    ).total == Decimal("17162.50")
    assert compute_customs_value(
        deal, basis="FOB", exchange_rates=rates, national_currency="KES"
    ).total == Decimal("15687.50")


# --- Exclusions (interpretative note to Article 1, paragraph 3) ------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["post_import_services", "post_import_transport", "import_duties_taxes", "buying_commission"]
)
def test_excluded_costs_in_the_price_and_shown_separately_are_deducted(kind):
    # 10,000 - 1,000 = 9,000.
    result = value_of(CostElement(kind=kind, amount=1000, included_in_price=True, shown_separately=True))
    assert result.total == Decimal("9000.00")
    assert line_of(result, kind).treatment is Treatment.DEDUCTED


@pytest.mark.parametrize(
    "kind", ["post_import_services", "post_import_transport", "import_duties_taxes", "buying_commission"]
)
def test_excluded_costs_outside_the_price_are_never_added(kind):
    result = value_of(CostElement(kind=kind, amount=1000, included_in_price=False))
    assert result.total == Decimal("10000.00")
    assert line_of(result, kind).treatment is Treatment.EXCLUDED


def test_installation_after_importation_not_shown_separately_stays_in_the_value():
    result = value_of(CostElement(kind="post_import_services", amount=1000, included_in_price=True))
    assert result.total == Decimal("10000.00")
    assert line_of(result, "post_import_services").treatment is Treatment.INCLUDED


def test_qualifying_interest_in_the_price_is_deducted():
    # Written arrangement, shown separately, normal rate: 10,000 - 400 = 9,600.
    result = value_of(
        CostElement(
            kind="interest",
            amount=400,
            included_in_price=True,
            shown_separately=True,
            in_writing=True,
            rate_not_above_prevailing=True,
        )
    )
    assert result.total == Decimal("9600.00")


@pytest.mark.parametrize(
    ("in_writing", "shown_separately", "fair_rate", "reason"),
    [
        (False, True, True, "not in writing"),
        (True, False, True, "not shown separately"),
        (True, True, False, "above the prevailing level"),
    ],
)
def test_interest_failing_any_condition_stays_in_the_price(in_writing, shown_separately, fair_rate, reason):
    result = value_of(
        CostElement(
            kind="interest",
            amount=400,
            included_in_price=True,
            shown_separately=shown_separately,
            in_writing=in_writing,
            rate_not_above_prevailing=fair_rate,
        )
    )
    assert result.total == Decimal("10000.00")
    assert reason in line_of(result, "interest").explanation


def test_non_qualifying_interest_paid_to_the_seller_outside_the_invoice_is_part_of_the_price():
    # An oral deferred-payment deal with the seller: 10,000 + 400 = 10,400.
    result = value_of(
        CostElement(
            kind="interest", amount=400, in_writing=False, rate_not_above_prevailing=True, paid_to_seller=True
        )
    )
    assert result.total == Decimal("10400.00")


def test_interest_paid_to_a_bank_outside_the_price_is_not_added():
    result = value_of(
        CostElement(
            kind="interest",
            amount=400,
            in_writing=False,
            rate_not_above_prevailing=True,
            paid_to_seller=False,
        )
    )
    assert result.total == Decimal("10000.00")


# --- Incoterms, currency and rounding -------------------------------------------------------------------------------


def test_ddp_price_is_read_as_including_duties_and_post_import_transport():
    # DDP 10,000 includes duty 1,500 and inland delivery 300, both invoiced separately: 10,000 - 1,800 = 8,200.
    result = value_of(
        CostElement(kind="import_duties_taxes", amount=1500, shown_separately=True),
        CostElement(kind="post_import_transport", amount=300, shown_separately=True),
        incoterm="DDP",
    )
    assert result.total == Decimal("8200.00")


@pytest.mark.parametrize(
    ("term", "freight", "insurance"),
    [
        ("EXW", False, False),
        ("FAS", False, False),
        ("FOB", False, False),
        ("CFR", True, False),
        ("CPT", True, False),
        ("CIF", True, True),
        ("CIP", True, True),
        ("DAP", True, True),
        ("DPU", True, True),
        ("DDP", True, True),
    ],
)
def test_incoterm_says_whether_the_price_covers_freight_and_insurance(term, freight, insurance):
    assert incoterm_covers(term, "main_freight") is freight
    assert incoterm_covers(term, "insurance") is insurance


def test_each_currency_is_converted_at_its_own_rate():
    # Price EUR 8,000 x 1.10 = 8,800; freight USD 500 x 1.00 = 500 (national currency USD);
    # insurance GBP 40 x 1.30 = 52. Total 9,352.
    deal = Transaction(
        price=8000,
        currency="EUR",
        incoterm="FOB",
        elements=[
            CostElement(kind="main_freight", amount=500, currency="USD"),
            CostElement(kind="insurance", amount=40, currency="GBP"),
        ],
    )
    result = compute_customs_value(
        deal, exchange_rates={"EUR": "1.10", "GBP": "1.30"}, national_currency="USD"
    )
    assert result.total == Decimal("9352.00")
    assert [line.rate for line in result.lines] == [Decimal("1.10"), Decimal(1), Decimal("1.30")]


def test_rounding_is_half_up_once_at_the_end():
    # Three lines of 0.005 each at rate 1: rounded separately 0.01 x 3 = 0.03 on top of 100;
    # summed first: 100.015 rounds half-up to 100.02.
    deal = Transaction(
        price="100",
        currency="USD",
        incoterm="FOB",
        elements=[
            CostElement(kind="main_freight", amount="0.005"),
            CostElement(kind="insurance", amount="0.005"),
            CostElement(kind="transport_handling", amount="0.005"),
        ],
    )
    result = compute_customs_value(deal)
    assert result.exact_total == Decimal("100.015")
    assert result.total == Decimal("100.02")


def test_exw_price_without_freight_on_a_cif_basis_warns_about_the_missing_costs():
    result = value_of(incoterm="EXW")
    assert len(result.warnings) == 4
    assert any("main carriage" in warning for warning in result.warnings)


def test_every_line_names_its_article_and_explains_itself_in_a_sentence():
    result = value_of(
        CostElement(kind="selling_commission", amount=450),
        CostElement(kind="buying_commission", amount=300),
        CostElement(kind="royalty", amount=800, related_to_goods=True, condition_of_sale=False),
    )
    for line in result.lines:
        assert line.article.startswith(("Art.", "Interpretative", "Decision"))
        assert line.explanation.endswith(".")
        assert len(line.explanation.split()) >= 6
    assert len(result.rows()) == 4
    assert "= 10,450.00 USD" in result.explain()


def test_post_import_leg_shown_separately_on_a_cif_invoice_is_read_as_in_the_price_and_deducted():
    # CIF 10,000 whose invoice shows inland trucking of 500 after the port: 10,000 - 500 = 9,500.
    result = value_of(CostElement(kind="post_import_transport", amount=500, shown_separately=True))
    assert result.total == Decimal("9500.00")
    assert line_of(result, "post_import_transport").treatment is Treatment.DEDUCTED


def test_buyer_may_insure_a_dap_shipment_on_its_own_account_and_the_premium_is_added():
    # DAP 10,000; the buyer pays 60 of insurance to the place of importation: 10,000 + 60 = 10,060 on a CIF basis.
    result = value_of(CostElement(kind="insurance", amount=60, included_in_price=False), incoterm="DAP")
    assert result.total == Decimal("10060.00")


def test_containers_classified_on_their_own_inside_the_price_and_shown_separately_are_deducted():
    # 10,000 including 400 for returnable steel cylinders shown on the invoice: 10,000 - 400 = 9,600.
    result = value_of(
        CostElement(
            kind="containers", amount=400, one_with_goods=False, included_in_price=True, shown_separately=True
        )
    )
    assert result.total == Decimal("9600.00")


def test_reproduction_right_needs_no_other_royalty_fact():
    result = value_of(CostElement(kind="royalty", amount=800, reproduction_right=True))
    assert result.total == Decimal("10000.00")


def test_fob_basis_heading_reads_an_fob_basis():
    assert value_of(basis="FOB").explain().startswith("Customs value on an FOB basis")
