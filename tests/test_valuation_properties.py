"""Invariants of the valuation engine, checked on generated transactions with hypothesis."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mtp_kit.valuation import CostElement, Incoterm, Transaction, compute_customs_value

amounts = st.decimals(
    min_value=0, max_value=Decimal("1000000"), places=2, allow_nan=False, allow_infinity=False
)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)
rates = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("5000"), places=4)

# Elements whose facts are complete for any Incoterm (transport legs are added per term below).
simple_elements = st.one_of(
    st.builds(
        CostElement, kind=st.just("selling_commission"), amount=amounts, included_in_price=st.booleans()
    ),
    st.builds(CostElement, kind=st.just("buying_commission"), amount=amounts),
    st.builds(CostElement, kind=st.just("packing"), amount=amounts, borne_by_buyer=st.booleans()),
    st.builds(CostElement, kind=st.just("containers"), amount=amounts, one_with_goods=st.booleans()),
    st.builds(CostElement, kind=st.just("assist_tools"), amount=amounts),
    st.builds(CostElement, kind=st.just("proceeds"), amount=amounts),
    st.builds(CostElement, kind=st.just("indirect_payment"), amount=amounts),
    st.builds(CostElement, kind=st.just("buyer_own_activity"), amount=amounts),
    st.builds(
        CostElement,
        kind=st.just("royalty"),
        amount=amounts,
        related_to_goods=st.booleans(),
        condition_of_sale=st.booleans(),
    ),
    st.builds(
        CostElement,
        kind=st.just("assist_engineering"),
        amount=amounts,
        done_in_importing_country=st.booleans(),
    ),
)
terms = st.sampled_from([term for term in Incoterm if term is not Incoterm.FCA])


@st.composite
def shipments(draw):
    """A transaction whose transport legs agree with its Incoterm, with some other elements."""
    term = draw(terms)
    legs, deductible = [], Decimal(0)
    for kind, covered in (
        ("export_inland_transport", term is not Incoterm.EXW),
        ("export_loading", term not in (Incoterm.EXW, Incoterm.FAS)),
        ("main_freight", term not in (Incoterm.EXW, Incoterm.FAS, Incoterm.FOB)),
        ("insurance", term in (Incoterm.CIF, Incoterm.CIP, Incoterm.DAP, Incoterm.DPU, Incoterm.DDP)),
    ):
        if draw(st.booleans()):
            # included_in_price is left unstated, so the engine reads it from the Incoterm.
            leg = CostElement(kind=kind, amount=draw(amounts), shown_separately=draw(st.booleans()))
            legs.append(leg)
            if covered and leg.shown_separately:
                deductible += leg.amount
    others = draw(st.lists(simple_elements, max_size=6))
    # A price always contains the legs its term covers, so it is at least their sum.
    price = draw(prices) + deductible
    return Transaction(price=price, currency="USD", incoterm=term, elements=legs + others)


@settings(max_examples=200, deadline=None)
@given(deal=shipments(), commission=amounts)
def test_a_buying_commission_never_changes_the_value(deal, commission):
    with_commission = Transaction(
        price=deal.price,
        currency=deal.currency,
        incoterm=deal.incoterm,
        elements=(*deal.elements, CostElement(kind="buying_commission", amount=commission)),
    )
    assert compute_customs_value(with_commission).total == compute_customs_value(deal).total


@settings(max_examples=200, deadline=None)
@given(deal=shipments(), commission=amounts)
def test_a_buying_commission_moved_into_the_price_and_shown_separately_changes_nothing(deal, commission):
    inside = Transaction(
        price=deal.price + commission,
        currency=deal.currency,
        incoterm=deal.incoterm,
        elements=(
            *deal.elements,
            CostElement(
                kind="buying_commission", amount=commission, included_in_price=True, shown_separately=True
            ),
        ),
    )
    assert compute_customs_value(inside).total == compute_customs_value(deal).total


@settings(max_examples=200, deadline=None)
@given(deal=shipments(), data=st.data())
def test_the_order_of_elements_never_changes_the_value(deal, data):
    shuffled = data.draw(st.permutations(deal.elements))
    reordered = Transaction(
        price=deal.price, currency=deal.currency, incoterm=deal.incoterm, elements=shuffled
    )
    assert compute_customs_value(reordered).total == compute_customs_value(deal).total


@settings(max_examples=300, deadline=None)
@given(deal=shipments())
def test_an_fob_basis_value_never_exceeds_the_cif_basis_value(deal):
    assert compute_customs_value(deal, basis="FOB").total <= compute_customs_value(deal, basis="CIF").total


@settings(max_examples=200, deadline=None)
@given(deal=shipments())
def test_converting_at_rate_one_changes_nothing(deal):
    national = compute_customs_value(deal)
    converted = compute_customs_value(deal, exchange_rates={"USD": 1}, national_currency="KES")
    assert converted.total == national.total


@settings(max_examples=200, deadline=None)
@given(deal=shipments(), rate=rates)
def test_a_single_currency_value_scales_with_the_rate_before_rounding(deal, rate):
    national = compute_customs_value(deal)
    converted = compute_customs_value(deal, exchange_rates={"USD": rate}, national_currency="KES")
    assert converted.exact_total == national.exact_total * rate


@settings(max_examples=200, deadline=None)
@given(deal=shipments())
def test_the_total_is_the_rounded_sum_of_the_line_contributions(deal):
    result = compute_customs_value(deal)
    assert result.exact_total == sum(line.contribution for line in result.lines)
    assert abs(result.total - result.exact_total) <= Decimal("0.005")
    assert result.total.as_tuple().exponent == -2
