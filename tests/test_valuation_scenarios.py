"""Scenario tests of the customs-value engine against DOMAIN.md section 2 (2.6 Incoterms table, 2.7 algorithm).

Every expected figure below was worked out by hand from DOMAIN.md; the arithmetic is written next to it. The
engine is never used to produce an expected value.

The Incoterms table (2.6) uses one shipment of 400 cartons of glazed ceramic tiles, priced on each of the eleven
Incoterms 2020 rules. The costs along the way are always the same:

    goods at the seller's works (EXW)             20,000
    haulage to the export port / FCA terminal        600
    export loading and handling on board             250
    ocean freight to the port of importation       1,800
    insurance to the port of importation             120
    trucking port of importation -> buyer's site     500   (after importation)
    unloading at the buyer's site (DPU)               90   (after importation)
    import duties and taxes (DDP)                  2,500

so, as 2.6 says ("Incoterms only allocate costs ... they never change what the CVA includes"), every term must
give the same customs value once the post-importation items are shown separately:

    CIF basis: 20,000 + 600 + 250 + 1,800 + 120 = 22,770
    FOB basis: 20,000 + 600 + 250               = 20,850
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from mtp_kit.errors import ValuationError
from mtp_kit.valuation import (
    CostElement,
    CostKind,
    CustomsValue,
    Transaction,
    Treatment,
    compute_customs_value,
)

D = Decimal


# --- helpers ---------------------------------------------------------------------------------------------------


def assert_every_line_explained(value: CustomsValue) -> None:
    """Every line of a result carries an article and a readable, non-empty sentence."""
    assert value.lines, "a customs value always has at least the price line"
    for line in value.lines:
        text = line.explanation
        assert isinstance(text, str)
        assert text.strip(), f"{line.label!r} has an empty explanation"
        assert text == text.strip(), f"{line.label!r}: explanation has stray whitespace: {text!r}"
        assert text[0].isupper(), f"{line.label!r}: explanation does not start a sentence: {text!r}"
        assert text.endswith("."), f"{line.label!r}: explanation does not end a sentence: {text!r}"
        assert len(text.split()) >= 4, f"{line.label!r}: explanation is not a sentence: {text!r}"
        assert line.article.strip(), f"{line.label!r} names no article"


def line_for(value: CustomsValue, label: str):
    """The one line with this label."""
    found = [line for line in value.lines if line.label == label]
    assert len(found) == 1, (
        f"expected exactly one line labelled {label!r}, got {[ln.label for ln in value.lines]}"
    )
    return found[0]


def leg(kind: str, amount, *, included: bool, shown: bool = False, label: str = "") -> CostElement:
    return CostElement(
        kind=kind, amount=amount, included_in_price=included, shown_separately=shown, label=label
    )


HAULAGE = "haulage to export port"
LOADING = "export loading on board"
FREIGHT = "ocean freight"
INSURANCE = "cargo insurance"
TRUCKING = "trucking to buyer's site"
UNLOADING = "unloading at buyer's site"
DUTIES = "import duties and VAT"


def haulage(included, shown=False):
    return leg("export_inland_transport", 600, included=included, shown=shown, label=HAULAGE)


def loading(included, shown=False):
    return leg("export_loading", 250, included=included, shown=shown, label=LOADING)


def freight(included, shown=False):
    return leg("main_freight", 1800, included=included, shown=shown, label=FREIGHT)


def insurance(included, shown=False):
    return leg("insurance", 120, included=included, shown=shown, label=INSURANCE)


def trucking():
    return leg("post_import_transport", 500, included=True, shown=True, label=TRUCKING)


def unloading():
    # There is no separate kind for unloading after importation; it is a post-importation transport charge
    # (Interpretative note to Art. 1, para. 3(b)).
    return leg("post_import_transport", 90, included=True, shown=True, label=UNLOADING)


def duties():
    return leg("import_duties_taxes", 2500, included=True, shown=True, label=DUTIES)


# --- 1. The Incoterms 2020 table (DOMAIN.md 2.6) ---------------------------------------------------------------

INCOTERM_CASES = [
    pytest.param(
        "EXW",
        20000,
        [haulage(False), loading(False), freight(False), insurance(False)],
        # CIF: 20,000 + 600 + 250 + 1,800 + 120 = 22,770 (add haulage, loading, freight, insurance)
        D("22770.00"),
        # FOB: 20,000 + 600 + 250 = 20,850 (add haulage and loading up to on board; freight/insurance left out)
        D("20850.00"),
        set(),  # deducted on a CIF basis
        set(),  # deducted on an FOB basis
        id="EXW-adds-every-leg",
    ),
    pytest.param(
        "FCA",
        20000,
        [haulage(False), loading(False), freight(False), insurance(False)],
        # FCA at the seller's premises: the buyer's carrier collects, so the price is 20,000 as for EXW.
        # CIF: 20,000 + 600 + 250 + 1,800 + 120 = 22,770
        D("22770.00"),
        # FOB: 20,000 + 600 + 250 = 20,850
        D("20850.00"),
        set(),  # deducted on a CIF basis
        set(),  # deducted on an FOB basis
        id="FCA-at-sellers-premises-adds-carriage-from-there",
    ),
    pytest.param(
        "FCA",
        20600,
        [haulage(True), loading(False), freight(False), insurance(False)],
        # FCA container terminal at the port: price 20,000 + 600 haulage = 20,600.
        # CIF: 20,600 + 250 + 1,800 + 120 = 22,770 (add loading, freight, insurance)
        D("22770.00"),
        # FOB: 20,600 + 250 = 20,850 (add costs up to on board)
        D("20850.00"),
        set(),  # deducted on a CIF basis
        set(),  # deducted on an FOB basis
        id="FCA-at-terminal-adds-loading-freight-insurance",
    ),
    pytest.param(
        "FAS",
        20600,
        [haulage(True), loading(False), freight(False), insurance(False)],
        # FAS: price 20,000 + 600 = 20,600 (alongside ship).
        # CIF: 20,600 + 250 + 1,800 + 120 = 22,770 (add loading, freight, insurance)
        D("22770.00"),
        # FOB: 20,600 + 250 = 20,850 (add loading)
        D("20850.00"),
        set(),  # deducted on a CIF basis
        set(),  # deducted on an FOB basis
        id="FAS-adds-loading-freight-insurance",
    ),
    pytest.param(
        "FOB",
        20850,
        [haulage(True), loading(True), freight(False), insurance(False)],
        # FOB: price 20,000 + 600 + 250 = 20,850.
        # CIF: 20,850 + 1,800 + 120 = 22,770 (add freight and insurance)
        D("22770.00"),
        # FOB: 20,850 (nothing)
        D("20850.00"),
        set(),  # deducted on a CIF basis
        set(),  # deducted on an FOB basis
        id="FOB-adds-freight-insurance-on-CIF-basis-only",
    ),
    pytest.param(
        "CFR",
        22650,
        [haulage(True), loading(True), freight(True, shown=True), insurance(False)],
        # CFR: price 20,850 + 1,800 = 22,650.
        # CIF: 22,650 + 120 = 22,770 (add insurance)
        D("22770.00"),
        # FOB: 22,650 - 1,800 = 20,850 (deduct freight shown separately)
        D("20850.00"),
        set(),  # deducted on a CIF basis
        {FREIGHT},  # deducted on an FOB basis
        id="CFR-adds-insurance-or-deducts-freight",
    ),
    pytest.param(
        "CPT",
        23150,
        [haulage(True), loading(True), freight(True, shown=True), insurance(False), trucking()],
        # CPT buyer's site: price 20,850 + 1,800 + 500 trucking = 23,150.
        # CIF: 23,150 + 120 - 500 = 22,770 (add insurance, deduct carriage beyond the place of importation)
        D("22770.00"),
        # FOB: 23,150 - 1,800 - 500 = 20,850 (deduct freight and the post-import leg; insurance left out)
        D("20850.00"),
        {TRUCKING},  # deducted on a CIF basis
        {TRUCKING, FREIGHT},  # deducted on an FOB basis
        id="CPT-inland-deducts-leg-beyond-importation",
    ),
    pytest.param(
        "CIF",
        22770,
        [haulage(True), loading(True), freight(True, shown=True), insurance(True, shown=True)],
        # CIF: price 20,850 + 1,800 + 120 = 22,770.
        # CIF basis: 22,770 (nothing)
        D("22770.00"),
        # FOB: 22,770 - 1,800 - 120 = 20,850 (deduct freight and insurance)
        D("20850.00"),
        set(),  # deducted on a CIF basis
        {FREIGHT, INSURANCE},  # deducted on an FOB basis
        id="CIF-nothing-or-deducts-freight-insurance",
    ),
    pytest.param(
        "CIP",
        23270,
        [haulage(True), loading(True), freight(True, shown=True), insurance(True, shown=True), trucking()],
        # CIP buyer's site: price 22,770 + 500 = 23,270.
        # CIF: 23,270 - 500 = 22,770 (deduct the leg beyond the place of importation)
        D("22770.00"),
        # FOB: 23,270 - 500 - 1,800 - 120 = 20,850
        D("20850.00"),
        {TRUCKING},  # deducted on a CIF basis
        {TRUCKING, FREIGHT, INSURANCE},  # deducted on an FOB basis
        id="CIP-inland-deducts-leg-beyond-importation",
    ),
    pytest.param(
        "DAP",
        23270,
        [haulage(True), loading(True), freight(True, shown=True), insurance(True, shown=True), trucking()],
        # DAP buyer's site: price 22,770 + 500 = 23,270.
        # CIF: 23,270 - 500 = 22,770 (deduct transport after the place of importation)
        D("22770.00"),
        # FOB: 23,270 - 500 - 1,800 - 120 = 20,850 (also deduct main freight and insurance)
        D("20850.00"),
        {TRUCKING},  # deducted on a CIF basis
        {TRUCKING, FREIGHT, INSURANCE},  # deducted on an FOB basis
        id="DAP-deducts-post-import-transport",
    ),
    pytest.param(
        "DPU",
        23360,
        [
            haulage(True),
            loading(True),
            freight(True, shown=True),
            insurance(True, shown=True),
            trucking(),
            unloading(),
        ],
        # DPU buyer's site: price 22,770 + 500 + 90 unloading = 23,360.
        # CIF: 23,360 - 500 - 90 = 22,770 (deduct transport and unloading after importation)
        D("22770.00"),
        # FOB: 23,360 - 500 - 90 - 1,800 - 120 = 20,850
        D("20850.00"),
        {TRUCKING, UNLOADING},  # deducted on a CIF basis
        {TRUCKING, UNLOADING, FREIGHT, INSURANCE},  # deducted on an FOB basis
        id="DPU-deducts-post-import-transport-and-unloading",
    ),
    pytest.param(
        "DDP",
        25770,
        [
            haulage(True),
            loading(True),
            freight(True, shown=True),
            insurance(True, shown=True),
            trucking(),
            duties(),
        ],
        # DDP buyer's site: price 22,770 + 500 + 2,500 duties = 25,770.
        # CIF: 25,770 - 500 - 2,500 = 22,770 (deduct duties/taxes and post-importation transport)
        D("22770.00"),
        # FOB: 25,770 - 500 - 2,500 - 1,800 - 120 = 20,850
        D("20850.00"),
        {TRUCKING, DUTIES},  # deducted on a CIF basis
        {TRUCKING, DUTIES, FREIGHT, INSURANCE},  # deducted on an FOB basis
        id="DDP-deducts-duties-and-post-import-transport",
    ),
]


@pytest.mark.parametrize(
    ("incoterm", "price", "elements", "cif_value", "fob_value", "cif_deducted", "fob_deducted"),
    INCOTERM_CASES,
)
def test_every_incoterm_gives_the_same_customs_value_for_the_same_shipment(
    incoterm, price, elements, cif_value, fob_value, cif_deducted, fob_deducted
):
    """Whatever the Incoterm, the same shipment has the same CIF-basis and FOB-basis value (DOMAIN 2.6)."""
    deal = Transaction(price=price, currency="USD", incoterm=incoterm, elements=elements)

    on_cif = compute_customs_value(deal, basis="CIF")
    on_fob = compute_customs_value(deal, basis="FOB")

    assert on_cif.total == cif_value
    assert on_fob.total == fob_value
    assert {line.label for line in on_cif.lines_with(Treatment.DEDUCTED)} == cif_deducted
    assert {line.label for line in on_fob.lines_with(Treatment.DEDUCTED)} == fob_deducted
    assert on_cif.warnings == ()
    assert on_fob.warnings == ()
    assert_every_line_explained(on_cif)
    assert_every_line_explained(on_fob)


def test_cfr_price_on_fob_basis_deducts_freight_shown_separately():
    """CFR price, FOB basis: freight shown separately on the invoice leaves the value (DOMAIN 2.6, 2.7 step 3)."""
    deal = Transaction(
        price=22650,
        currency="USD",
        incoterm="CFR",
        elements=[haulage(True), loading(True), freight(True, shown=True), insurance(False)],
    )
    value = compute_customs_value(deal, basis="FOB")

    # 22,650 - 1,800 = 20,850
    assert value.total == D("20850.00")
    ocean = line_for(value, FREIGHT)
    assert ocean.treatment is Treatment.DEDUCTED
    assert ocean.article == "Art. 8.2(a) (FOB basis)"
    assert ocean.contribution == D("-1800")
    assert line_for(value, INSURANCE).treatment is Treatment.EXCLUDED
    assert line_for(value, HAULAGE).treatment is Treatment.INCLUDED
    assert_every_line_explained(value)


def test_cfr_price_on_fob_basis_keeps_freight_that_is_not_shown_separately():
    """A cost can leave the price only if the invoice distinguishes it (DOMAIN 2.3, 2.7 step 3)."""
    deal = Transaction(
        price=22650,
        currency="USD",
        incoterm="CFR",
        elements=[freight(True, shown=False)],
    )
    value = compute_customs_value(deal, basis="FOB")

    # freight is inside the 22,650 but not distinguished, so nothing is deducted: 22,650
    assert value.total == D("22650.00")
    assert line_for(value, FREIGHT).treatment is Treatment.INCLUDED
    assert_every_line_explained(value)


def test_cpt_price_on_cif_basis_adds_insurance_and_deducts_carriage_beyond_place_of_importation():
    """CPT inland: insurance is added under Art. 8.2(c), the inland leg is deducted (DOMAIN 2.6)."""
    deal = Transaction(
        price=23150,
        currency="USD",
        incoterm="CPT Nairobi",
        elements=[haulage(True), loading(True), freight(True, shown=True), insurance(False), trucking()],
    )
    value = compute_customs_value(deal, basis="CIF")

    # 23,150 + 120 - 500 = 22,770
    assert value.total == D("22770.00")
    cover = line_for(value, INSURANCE)
    assert (cover.treatment, cover.article, cover.contribution) == (Treatment.ADDED, "Art. 8.2(c)", D("120"))
    inland = line_for(value, TRUCKING)
    assert inland.treatment is Treatment.DEDUCTED
    assert inland.article == "Interpretative note to Art. 1, para. 3(b)"
    assert inland.contribution == D("-500")
    assert line_for(value, FREIGHT).treatment is Treatment.INCLUDED
    assert_every_line_explained(value)


def test_cif_price_with_a_leg_beyond_the_port_of_importation_deducts_that_leg():
    """CIF Mombasa price that also pays trucking inland: that leg is deducted (DOMAIN 2.6, CIF row)."""
    deal = Transaction(
        price=23270,
        currency="USD",
        incoterm="CIF Mombasa",
        elements=[freight(True, shown=True), insurance(True, shown=True), trucking()],
    )
    value = compute_customs_value(deal, basis="CIF")

    # 23,270 - 500 = 22,770
    assert value.total == D("22770.00")
    assert line_for(value, TRUCKING).treatment is Treatment.DEDUCTED
    assert_every_line_explained(value)


def test_dpu_price_deducts_unloading_at_the_buyers_site_as_post_importation_cost():
    """DPU: unloading after importation leaves the value with the inland transport (DOMAIN 2.6, DAP/DPU row)."""
    deal = Transaction(
        price=23360,
        currency="USD",
        incoterm="DPU",
        elements=[freight(True, shown=True), insurance(True, shown=True), trucking(), unloading()],
    )
    value = compute_customs_value(deal, basis="CIF")

    # 23,360 - 500 - 90 = 22,770
    assert value.total == D("22770.00")
    assert [line.treatment for line in value.lines_with(Treatment.DEDUCTED)] == [Treatment.DEDUCTED] * 2
    assert {line.label for line in value.lines_with(Treatment.DEDUCTED)} == {TRUCKING, UNLOADING}
    assert_every_line_explained(value)


def test_ddp_price_deducts_import_duties_shown_separately():
    """DDP: import duties and taxes shown separately are deducted (DOMAIN 2.3, 2.6)."""
    deal = Transaction(
        price=25770,
        currency="USD",
        incoterm="DDP",
        elements=[freight(True, shown=True), insurance(True, shown=True), trucking(), duties()],
    )
    value = compute_customs_value(deal, basis="CIF")

    # 25,770 - 500 - 2,500 = 22,770
    assert value.total == D("22770.00")
    tax = line_for(value, DUTIES)
    assert tax.treatment is Treatment.DEDUCTED
    assert tax.article == "Interpretative note to Art. 1, para. 3(c)"
    assert tax.contribution == D("-2500")
    assert_every_line_explained(value)


def test_ddp_duties_not_shown_separately_cannot_be_deducted():
    """DDP with duties buried in the price: they stay in the value until the invoice distinguishes them."""
    deal = Transaction(
        price=25770,
        currency="USD",
        incoterm="DDP",
        elements=[
            freight(True, shown=True),
            insurance(True, shown=True),
            trucking(),
            leg("import_duties_taxes", 2500, included=True, shown=False, label=DUTIES),
        ],
    )
    value = compute_customs_value(deal, basis="CIF")

    # 25,770 - 500 = 25,270 (duties 2,500 not distinguished, so not deducted)
    assert value.total == D("25270.00")
    assert line_for(value, DUTIES).treatment is Treatment.INCLUDED
    assert_every_line_explained(value)


def test_exw_price_with_no_transport_lines_warns_about_each_missing_leg():
    """An EXW price with an empty ledger is valued at the price, with a warning per missing leg."""
    deal = Transaction(price=20000, currency="USD", incoterm="EXW")

    on_cif = compute_customs_value(deal, basis="CIF")
    on_fob = compute_customs_value(deal, basis="FOB")

    # nothing to add from an empty ledger: 20,000 on both bases
    assert on_cif.total == on_fob.total == D("20000.00")
    # CIF basis misses haulage, loading, freight and insurance; FOB basis only haulage and loading
    assert len(on_cif.warnings) == 4
    assert len(on_fob.warnings) == 2
    assert any(CostKind.MAIN_FREIGHT.label in warning for warning in on_cif.warnings)
    assert not any(CostKind.MAIN_FREIGHT.label in warning for warning in on_fob.warnings)
    assert_every_line_explained(on_cif)
    assert_every_line_explained(on_fob)


def test_fca_price_asks_which_named_place_applies_to_the_haulage():
    """FCA: who pays the haulage depends on the named place, so the engine asks instead of guessing."""
    deal = Transaction(
        price=20600,
        currency="USD",
        incoterm="FCA",
        elements=[CostElement(kind="export_inland_transport", amount=600, label=HAULAGE)],
    )
    with pytest.raises(ValuationError, match="included_in_price"):
        compute_customs_value(deal, basis="CIF")


def test_insurance_marked_as_in_a_cfr_price_is_refused_as_contradicting_the_term():
    """A CFR price does not cover insurance; saying it does is a data error, reported with a fix."""
    deal = Transaction(price=22650, currency="USD", incoterm="CFR", elements=[insurance(True, shown=True)])
    with pytest.raises(ValuationError, match=r"does not cover.*included_in_price=False"):
        compute_customs_value(deal, basis="CIF")


# --- 2. The worked example of 2.7 and currency conversion (Art. 9) ---------------------------------------------


def worked_example(**currencies) -> Transaction:
    """DOMAIN 2.7: EXW EUR 12,000; haulage 400; export loading 150; ocean freight 1,100; insurance 80."""
    return Transaction(
        price=12000,
        currency="EUR",
        incoterm="EXW",
        elements=[
            CostElement(kind="export_inland_transport", amount=400, label=HAULAGE),
            CostElement(kind="export_loading", amount=150, label=LOADING),
            CostElement(kind="main_freight", amount=1100, label=FREIGHT, currency=currencies.get("freight")),
            CostElement(kind="insurance", amount=80, label=INSURANCE, currency=currencies.get("insurance")),
        ],
    )


def test_worked_example_on_cif_basis_is_17162_50():
    """DOMAIN 2.7 worked example, CIF basis, EUR at 1.25."""
    value = compute_customs_value(
        worked_example(), basis="CIF", exchange_rates={"EUR": "1.25"}, national_currency="KES"
    )

    # 12,000 + 400 + 150 + 1,100 + 80 = 13,730; x 1.25 = 17,162.50
    assert value.total == D("17162.50")
    assert value.currency == "KES"
    # line by line: 12,000 x 1.25 = 15,000; 400 x 1.25 = 500; 150 x 1.25 = 187.50; 1,100 x 1.25 = 1,375;
    # 80 x 1.25 = 100
    assert [line.contribution for line in value.lines] == [D(15000), D(500), D("187.5"), D(1375), D(100)]
    assert [line.treatment for line in value.lines] == [Treatment.PRICE] + [Treatment.ADDED] * 4
    assert_every_line_explained(value)


def test_worked_example_on_fob_basis_is_15687_50():
    """DOMAIN 2.7 worked example, FOB basis: freight and insurance after loading on board are left out."""
    value = compute_customs_value(
        worked_example(), basis="FOB", exchange_rates={"EUR": "1.25"}, national_currency="KES"
    )

    # 12,000 + 400 + 150 = 12,550; x 1.25 = 15,687.50
    assert value.total == D("15687.50")
    assert line_for(value, FREIGHT).treatment is Treatment.EXCLUDED
    assert line_for(value, INSURANCE).treatment is Treatment.EXCLUDED
    assert_every_line_explained(value)


def test_worked_example_with_freight_and_insurance_in_dollars_converts_each_at_its_own_rate():
    """Art. 9: the forwarder's USD invoice is converted at the USD rate, the EUR price at the EUR rate."""
    deal = worked_example(freight="USD", insurance="USD")
    value = compute_customs_value(
        deal, basis="CIF", exchange_rates={"EUR": "1.25", "USD": "1.145"}, national_currency="KES"
    )

    # EUR: 12,000 + 400 + 150 = 12,550; x 1.25 = 15,687.50
    # USD: 1,100 + 80 = 1,180; x 1.145 = 1,351.10   (1,100 x 1.145 = 1,259.50; 80 x 1.145 = 91.60)
    # 15,687.50 + 1,351.10 = 17,038.60
    assert value.total == D("17038.60")
    assert line_for(value, FREIGHT).rate == D("1.145")
    assert line_for(value, FREIGHT).contribution == D("1259.5")
    assert line_for(value, HAULAGE).rate == D("1.25")
    assert_every_line_explained(value)


def test_element_in_the_national_currency_needs_no_exchange_rate():
    """Insurance bought locally in KES enters at rate 1 next to a EUR price at 1.25."""
    deal = worked_example(insurance="KES")
    # insurance is KES 80 now, not EUR 80
    value = compute_customs_value(deal, basis="CIF", exchange_rates={"EUR": "1.25"}, national_currency="KES")

    # EUR: 12,000 + 400 + 150 + 1,100 = 13,650; x 1.25 = 17,062.50; KES 80 x 1 = 80; 17,062.50 + 80 = 17,142.50
    assert value.total == D("17142.50")
    assert line_for(value, INSURANCE).rate == D(1)
    assert_every_line_explained(value)


def test_element_in_a_currency_without_a_rate_is_refused_with_the_missing_currency_named():
    """A USD freight bill with only a EUR rate cannot be converted; the message says which rate to add."""
    deal = worked_example(freight="USD")
    with pytest.raises(ValuationError, match=r"no exchange rate for USD.*rates given: EUR"):
        compute_customs_value(deal, basis="CIF", exchange_rates={"EUR": "1.25"}, national_currency="KES")


def rounding_trap() -> Transaction:
    """An EXW shipment whose converted lines each end in half a cent, in two currencies."""
    return Transaction(
        price="12000.00",
        currency="EUR",
        incoterm="EXW",
        elements=[
            CostElement(kind="export_inland_transport", amount="400.10", label=HAULAGE),
            CostElement(kind="export_loading", amount="150.30", label=LOADING),
            CostElement(kind="main_freight", amount="1200.10", currency="USD", label=FREIGHT),
            CostElement(kind="insurance", amount="70.00", currency="USD", label=INSURANCE),
        ],
    )


RATES = {"EUR": "1.25", "USD": "1.15"}


def test_two_currency_value_on_cif_basis_is_rounded_once_not_line_by_line():
    """Art. 9 and 2.7 step 6: convert every element exactly, sum, then round once."""
    value = compute_customs_value(rounding_trap(), basis="CIF", exchange_rates=RATES, national_currency="KES")

    # price     EUR 12,000.00 x 1.25 = 15,000.000
    # haulage   EUR    400.10 x 1.25 =    500.125
    # loading   EUR    150.30 x 1.25 =    187.875
    # freight   USD  1,200.10 x 1.15 =  1,380.115
    # insurance USD     70.00 x 1.15 =     80.500
    # exact sum 15,000 + 500.125 + 187.875 + 1,380.115 + 80.50 = 17,148.615 -> round once (half up) 17,148.62
    # rounding each line first would give 15,000.00 + 500.13 + 187.88 + 1,380.12 + 80.50 = 17,148.63
    assert value.exact_total == D("17148.615")
    assert value.total == D("17148.62")
    assert value.total != D("17148.63")
    assert line_for(value, HAULAGE).contribution == D("500.125")
    assert line_for(value, FREIGHT).contribution == D("1380.115")
    assert_every_line_explained(value)


def test_two_currency_value_on_fob_basis_is_rounded_once_not_line_by_line():
    """The same rounding trap on an FOB basis, where only the EUR lines count."""
    value = compute_customs_value(rounding_trap(), basis="FOB", exchange_rates=RATES, national_currency="KES")

    # 15,000.000 + 500.125 + 187.875 = 15,688.000 -> 15,688.00
    # rounding each line first would give 15,000.00 + 500.13 + 187.88 = 15,688.01
    assert value.total == D("15688.00")
    assert value.total != D("15688.01")
    assert_every_line_explained(value)


def test_rounding_follows_the_national_number_of_decimal_places():
    """2.7 step 6: two decimals unless national rules differ (here whole shillings)."""
    value = compute_customs_value(
        rounding_trap(), basis="CIF", exchange_rates=RATES, national_currency="KES", places=0
    )

    # 17,148.615 -> 17,149 (half up, no decimals)
    assert value.total == D("17149")
    assert_every_line_explained(value)


# --- 3. A full ledger (DOMAIN 2.2, 2.3, 2.7 steps 2-4) ---------------------------------------------------------

SELLING = "commission to the seller's sales agent"
BUYING = "commission to the buyer's purchasing agent"
PACKING = "export crating"
CASES = "fitted transport cases"
MOULDS = "casting moulds supplied by the buyer"
BRAND = "brand licence fee to the seller's parent"
SOFTWARE = "optional software subscription"
PROCEEDS = "2% of resale proceeds to the seller"
INTEREST = "interest for 90 days' credit"
DEBT = "seller's debt to its motor supplier paid by buyer"
MARKETING = "buyer's launch campaign"
INSTALLATION = "installation at the buyer's factory"
LEDGER_FREIGHT = "ocean freight Shenzhen-Mombasa"
LEDGER_INSURANCE = "marine insurance"


def full_ledger() -> Transaction:
    """200 industrial sewing machines, CIF Mombasa USD 48,000 (credit terms, installation included)."""
    return Transaction(
        price=48000,
        currency="USD",
        incoterm="CIF Mombasa",
        description="200 industrial sewing machines",
        elements=[
            CostElement(kind="selling_commission", amount=1200, label=SELLING),
            CostElement(
                kind="buying_commission",
                amount=900,
                label=BUYING,
                included_in_price=True,
                shown_separately=True,
            ),
            CostElement(kind="packing", amount=450, label=PACKING),
            CostElement(kind="containers", amount=300, label=CASES),
            CostElement(
                kind="assist_tools",
                amount=12000,
                label=MOULDS,
                paid_by_seller=2000,
                apportionment="contracted_production",
                units_in_shipment=200,
                units_total=1000,
            ),
            CostElement(
                kind="royalty", amount=2500, label=BRAND, related_to_goods=True, condition_of_sale=True
            ),
            CostElement(
                kind="royalty", amount=1800, label=SOFTWARE, related_to_goods=True, condition_of_sale=False
            ),
            CostElement(kind="proceeds", amount=960, label=PROCEEDS),
            CostElement(
                kind="interest",
                amount=640,
                label=INTEREST,
                included_in_price=True,
                shown_separately=True,
                in_writing=True,
                rate_not_above_prevailing=True,
            ),
            CostElement(kind="indirect_payment", amount=3000, label=DEBT),
            CostElement(kind="buyer_own_activity", amount=4000, label=MARKETING),
            CostElement(
                kind="post_import_services",
                amount=2200,
                label=INSTALLATION,
                included_in_price=True,
                shown_separately=True,
            ),
            CostElement(
                kind="main_freight",
                amount=2100,
                label=LEDGER_FREIGHT,
                included_in_price=True,
                shown_separately=True,
            ),
            CostElement(
                kind="insurance",
                amount=260,
                label=LEDGER_INSURANCE,
                included_in_price=True,
                shown_separately=True,
            ),
        ],
    )


# (label, treatment, article, contribution in KES at USD 1 = KES 129.50)
FULL_LEDGER_CIF_LINES = [
    ("price actually paid or payable", Treatment.PRICE, "Art. 1.1", D("6216000")),  # 48,000 x 129.5
    (SELLING, Treatment.ADDED, "Art. 8.1(a)(i)", D("155400")),  # 1,200 x 129.5
    (BUYING, Treatment.DEDUCTED, "Art. 8.1(a)(i)", D("-116550")),  # -900 x 129.5
    (PACKING, Treatment.ADDED, "Art. 8.1(a)(iii)", D("58275")),  # 450 x 129.5
    (CASES, Treatment.ADDED, "Art. 8.1(a)(ii)", D("38850")),  # 300 x 129.5
    # (12,000 - 2,000 paid by the seller) x 200 / 1,000 units = 2,000; x 129.5 = 259,000
    (MOULDS, Treatment.ADDED, "Art. 8.1(b)(ii)", D("259000")),
    (BRAND, Treatment.ADDED, "Art. 8.1(c)", D("323750")),  # 2,500 x 129.5
    (SOFTWARE, Treatment.EXCLUDED, "Art. 8.1(c)", D("0")),  # not a condition of sale
    (PROCEEDS, Treatment.ADDED, "Art. 8.1(d)", D("124320")),  # 960 x 129.5
    (
        INTEREST,
        Treatment.DEDUCTED,
        "Decision 3.1 of the Committee on Customs Valuation",
        D("-82880"),
    ),  # -640 x 129.5
    (DEBT, Treatment.ADDED, "Interpretative note to Art. 1", D("388500")),  # 3,000 x 129.5
    (MARKETING, Treatment.EXCLUDED, "Interpretative note to Art. 1", D("0")),  # buyer's own account
    (
        INSTALLATION,
        Treatment.DEDUCTED,
        "Interpretative note to Art. 1, para. 3(a)",
        D("-284900"),
    ),  # -2,200 x 129.5
    (LEDGER_FREIGHT, Treatment.INCLUDED, "Art. 8.2(a)", D("0")),  # already in the CIF price
    (LEDGER_INSURANCE, Treatment.INCLUDED, "Art. 8.2(c)", D("0")),  # already in the CIF price
]


def test_full_ledger_on_cif_basis_adds_deducts_and_ignores_each_line_by_its_rule():
    """Every kind of Article 8 and Interpretative-note item in one invoice, CIF basis, USD converted to KES."""
    value = compute_customs_value(
        full_ledger(), basis="CIF", exchange_rates={"USD": "129.50"}, national_currency="KES"
    )

    # In USD: 48,000 + 1,200 - 900 + 450 + 300 + 2,000 + 2,500 + 960 - 640 + 3,000 - 2,200 = 54,670
    #   (48,000 + 1,200 = 49,200; - 900 = 48,300; + 450 = 48,750; + 300 = 49,050; + 2,000 = 51,050;
    #    + 2,500 = 53,550; + 960 = 54,510; - 640 = 53,870; + 3,000 = 56,870; - 2,200 = 54,670)
    # 54,670 x 129.5 = 54,670 x 130 - 54,670 x 0.5 = 7,107,100 - 27,335 = 7,079,765.00
    assert value.total == D("7079765.00")
    actual = [(line.label, line.treatment, line.article, line.contribution) for line in value.lines]
    assert actual == FULL_LEDGER_CIF_LINES
    assert value.warnings == ()
    assert_every_line_explained(value)


def test_full_ledger_apportions_the_moulds_over_the_contracted_production():
    """The assist line shows the apportioned share, and its sentence says how it was apportioned."""
    value = compute_customs_value(
        full_ledger(), basis="CIF", exchange_rates={"USD": "129.50"}, national_currency="KES"
    )
    moulds = line_for(value, MOULDS)

    # (12,000 - 2,000) x 200 / 1,000 = 2,000 USD for this shipment
    assert moulds.amount == D("2000")
    assert re.search(r"200\s*/\s*1,?000", moulds.explanation), moulds.explanation
    assert_every_line_explained(value)


def test_full_ledger_on_fob_basis_also_deducts_freight_and_insurance_shown_separately():
    """The same invoice for an FOB-basis administration: CIF freight and insurance leave the value."""
    value = compute_customs_value(
        full_ledger(), basis="FOB", exchange_rates={"USD": "129.50"}, national_currency="KES"
    )

    # 54,670 - 2,100 - 260 = 52,310 USD; x 129.5 = 52,310 x 130 - 52,310 x 0.5 = 6,800,300 - 26,155 = 6,774,145.00
    assert value.total == D("6774145.00")
    ocean = line_for(value, LEDGER_FREIGHT)
    assert (ocean.treatment, ocean.article) == (Treatment.DEDUCTED, "Art. 8.2(a) (FOB basis)")
    cover = line_for(value, LEDGER_INSURANCE)
    assert (cover.treatment, cover.article) == (Treatment.DEDUCTED, "Art. 8.2(c) (FOB basis)")
    # the other lines are treated exactly as on the CIF basis
    others = [
        (ln.label, ln.treatment, ln.article)
        for ln in value.lines
        if ln.kind not in (CostKind.MAIN_FREIGHT, CostKind.INSURANCE)
    ]
    assert others == [
        (label, treatment, article) for label, treatment, article, _ in FULL_LEDGER_CIF_LINES[:-2]
    ]
    assert_every_line_explained(value)


def test_interest_at_a_rate_above_the_prevailing_level_stays_in_the_price():
    """Interest fails the 1984 Committee decision if the rate is above normal, so it is not deducted."""
    deal = Transaction(
        price=48000,
        currency="USD",
        incoterm="CIF",
        elements=[
            CostElement(
                kind="interest",
                amount=640,
                label=INTEREST,
                included_in_price=True,
                shown_separately=True,
                in_writing=True,
                rate_not_above_prevailing=False,
            )
        ],
    )
    value = compute_customs_value(deal, basis="CIF")

    # 48,000 (the 640 stays in)
    assert value.total == D("48000.00")
    assert line_for(value, INTEREST).treatment is Treatment.INCLUDED
    assert "prevailing" in line_for(value, INTEREST).explanation
    assert_every_line_explained(value)


def test_buying_commission_paid_directly_to_the_buyers_agent_is_not_added():
    """A buying commission outside the price is simply not part of the value (DOMAIN 2.2(1), 2.3)."""
    deal = Transaction(
        price=20850,
        currency="USD",
        incoterm="FOB",
        elements=[CostElement(kind="buying_commission", amount=900, label=BUYING)],
    )
    value = compute_customs_value(deal, basis="FOB")

    # 20,850 (+ 0 for the buying commission)
    assert value.total == D("20850.00")
    assert line_for(value, BUYING).treatment is Treatment.EXCLUDED
    assert_every_line_explained(value)


def test_design_work_done_in_the_importing_country_is_not_an_assist():
    """Engineering and design count as assists only when done outside the importing country (DOMAIN 2.2(4))."""
    deal = Transaction(
        price=20850,
        currency="USD",
        incoterm="FOB",
        elements=[
            CostElement(
                kind="assist_engineering", amount=5000, label="local design", done_in_importing_country=True
            ),
            CostElement(
                kind="assist_engineering", amount=3000, label="design abroad", done_in_importing_country=False
            ),
        ],
    )
    value = compute_customs_value(deal, basis="FOB")

    # 20,850 + 3,000 (design abroad, first shipment) = 23,850; the 5,000 local design is not added
    assert value.total == D("23850.00")
    local, abroad = line_for(value, "local design"), line_for(value, "design abroad")
    assert (local.treatment, local.article) == (Treatment.EXCLUDED, "Art. 8.1(b)(iv)")
    assert (abroad.treatment, abroad.article) == (Treatment.ADDED, "Art. 8.1(b)(iv)")
    assert_every_line_explained(value)


def test_royalty_for_the_right_to_reproduce_the_goods_locally_is_not_added():
    """A fee to reproduce the goods in the importing country is never added (DOMAIN 2.2(5))."""
    deal = Transaction(
        price=20850,
        currency="USD",
        incoterm="FOB",
        elements=[
            CostElement(
                kind="royalty",
                amount=1500,
                label="reproduction licence",
                related_to_goods=True,
                condition_of_sale=True,
                reproduction_right=True,
            )
        ],
    )
    value = compute_customs_value(deal, basis="FOB")

    # 20,850 (+ 0)
    assert value.total == D("20850.00")
    assert line_for(value, "reproduction licence").treatment is Treatment.EXCLUDED
    assert_every_line_explained(value)
