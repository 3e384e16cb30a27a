"""Helpers around the transaction value: related parties, the order of methods, deductive and computed
value, and the duty and tax on a customs value.

Each helper returns a frozen result whose ``steps`` say, in order, which question was asked, the answer, the
article that decided, and a sentence a trainee can read, like the lines of :class:`CustomsValue`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from mtp_kit.errors import ValuationError
from mtp_kit.valuation._model import Basis, parse_member
from mtp_kit.valuation._money import round_money, to_decimal

__all__ = [
    "ARTICLE_1_1_QUESTIONS",
    "ComputedValue",
    "DeductiveValue",
    "DutyAssessment",
    "Method",
    "MethodDecision",
    "RelatedPartyFinding",
    "Relationship",
    "Step",
    "TestValue",
    "assess_related_parties",
    "compute_computed_value",
    "compute_deductive_value",
    "compute_duty_and_tax",
    "greatest_aggregate_quantity_price",
    "select_method",
]


@dataclass(frozen=True, slots=True)
class Step:
    """One explained step of a decision or calculation."""

    label: str
    value: Decimal | str
    article: str
    explanation: str


def _percent(value: object, *, what: str) -> Decimal:
    return to_decimal(value, what=what)


# --- Related parties -----------------------------------------------------------------------------------------


class Relationship(Enum):
    """The eight ways persons are related under Article 15.4."""

    OFFICERS_OR_DIRECTORS = "officers or directors of one another's businesses"
    PARTNERS = "legally recognised partners in business"
    EMPLOYER_EMPLOYEE = "employer and employee"
    VOTING_SHARES = "a person owns, controls or holds 5% or more of the voting shares of both"
    ONE_CONTROLS_OTHER = "one controls the other, directly or indirectly"
    CONTROLLED_BY_THIRD = "both are controlled by a third person"
    CONTROL_THIRD_TOGETHER = "together they control a third person"
    SAME_FAMILY = "members of the same family"

    @classmethod
    def parse(cls, value: object) -> Relationship:
        """Read a relationship by name.

        >>> Relationship.parse("same family")
        <Relationship.SAME_FAMILY: 'members of the same family'>
        """
        return parse_member(cls, value, what="Article 15.4 relationship")


@dataclass(frozen=True, slots=True, kw_only=True)
class TestValue:
    """A value the declared price is compared with under Article 1.2(b), e.g. the transaction value of
    identical goods sold to unrelated buyers at about the same time."""

    __test__ = False  # not a pytest test class, despite the name

    label: str
    amount: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount, what=f"the test value {self.label!r}"))
        if self.amount == 0:
            raise ValuationError(f"the test value {self.label!r} is 0: expected an amount above zero")


@dataclass(frozen=True, slots=True)
class RelatedPartyFinding:
    """Are buyer and seller related, and if so may their price still be used?

    ``acceptable`` is True (the price can be the transaction value), False (go to Article 2), or None
    (related, and nothing yet examined: examine the circumstances or ask the importer for test values).
    """

    related: bool
    acceptable: bool | None
    steps: tuple[Step, ...]

    def explain(self) -> str:
        """The steps as text, one per line.

        >>> print(assess_related_parties(relationships=[]).explain())
        Buyer and seller are not related under Article 15.4, so the relationship test does not apply. [Art. 15.4]
        """
        return "\n".join(f"{step.explanation} [{step.article}]" for step in self.steps)


def assess_related_parties(
    *,
    relationships: Iterable[Relationship | str] = (),
    voting_share_percent: object = None,
    sole_agent: bool = False,
    circumstances_acceptable: bool | None = None,
    price: object = None,
    test_values: Sequence[TestValue] = (),
    tolerance_percent: object = "5",
) -> RelatedPartyFinding:
    """Apply Article 15.4 (who is related) and Article 1.2 (when a related-party price is still acceptable).

    ``circumstances_acceptable`` is the outcome of examining the circumstances of sale (route a). For route b,
    the ``price`` is compared with each test value: it "closely approximates" one when it differs by no more
    than ``tolerance_percent`` of that test value (the Agreement gives no figure; 5% is this toolkit's default).

    >>> finding = assess_related_parties(relationships=["one_controls_other"], price=9600,
    ...                                  test_values=[TestValue(label="identical goods, unrelated buyer", amount=10000)])
    >>> finding.related, finding.acceptable
    (True, True)
    """
    kinds = [Relationship.parse(item) for item in relationships]
    steps: list[Step] = []
    if voting_share_percent is not None:
        share = _percent(voting_share_percent, what="voting_share_percent")
        if share > 100:
            raise ValuationError(f"voting_share_percent is {share}: expected a percentage from 0 to 100")
        if share >= 5 and Relationship.VOTING_SHARES not in kinds:
            kinds.append(Relationship.VOTING_SHARES)
        elif share < 5:
            steps.append(
                Step(
                    "voting shares",
                    f"{share}%",
                    "Art. 15.4(d)",
                    f"A holding of {share}% is below 5% of the voting shares, so it does not make the parties related.",
                )
            )
    tolerance = _percent(tolerance_percent, what="tolerance_percent")
    if not kinds:
        if sole_agent:
            steps.append(
                Step(
                    "sole agent",
                    "yes",
                    "Art. 15.5",
                    "Being sole agent, distributor or concessionaire does not by itself make the parties related.",
                )
            )
        steps.append(
            Step(
                "related",
                "no",
                "Art. 15.4",
                "Buyer and seller are not related under Article 15.4, so the relationship test does not apply.",
            )
        )
        return RelatedPartyFinding(related=False, acceptable=True, steps=tuple(steps))
    for kind in kinds:
        steps.append(Step("related", kind.name.lower(), "Art. 15.4", f"They are related: {kind.value}."))
    steps.append(
        Step(
            "relationship alone",
            "not a ground",
            "Art. 1.2(a)",
            "Being related is not in itself a ground for rejecting the price; the price is tested instead.",
        )
    )
    if circumstances_acceptable is True:
        steps.append(
            Step(
                "circumstances of sale",
                "did not influence the price",
                "Art. 1.2(a)",
                "Examining the circumstances of sale showed that the relationship did not influence the price, "
                "so it is accepted.",
            )
        )
        return RelatedPartyFinding(related=True, acceptable=True, steps=tuple(steps))
    if test_values:
        if price is None:
            raise ValuationError("test values were given without the price: pass price= the declared price")
        declared = to_decimal(price, what="the price")
        for test in test_values:
            if not isinstance(test, TestValue):
                raise ValuationError(
                    f"test value {test!r} is not accepted: expected TestValue(label=..., amount=...)"
                )
            gap = abs(declared - test.amount) / test.amount * 100
            shown = round_money(gap)
            if gap <= tolerance:
                steps.append(
                    Step(
                        "closely approximates",
                        f"{shown}%",
                        "Art. 1.2(b)",
                        f"The price {declared} is within {shown}% of {test.label} ({test.amount}), inside the "
                        f"{tolerance}% tolerance, so it closely approximates a test value and is accepted.",
                    )
                )
                return RelatedPartyFinding(related=True, acceptable=True, steps=tuple(steps))
            steps.append(
                Step(
                    "closely approximates",
                    f"{shown}%",
                    "Art. 1.2(b)",
                    f"The price {declared} differs by {shown}% from {test.label} ({test.amount}), more than the "
                    f"{tolerance}% tolerance.",
                )
            )
    if circumstances_acceptable is False or test_values:
        steps.append(
            Step(
                "outcome",
                "rejected",
                "Art. 1.1(d)",
                "The relationship influenced the price (or no test value was approximated), so the transaction "
                "value cannot be used: continue with Article 2.",
            )
        )
        return RelatedPartyFinding(related=True, acceptable=False, steps=tuple(steps))
    steps.append(
        Step(
            "outcome",
            "open",
            "Art. 1.2(a)",
            "Nothing has been examined yet: examine the circumstances of sale, or give the importer the "
            "chance to show that the price closely approximates a test value.",
        )
    )
    return RelatedPartyFinding(related=True, acceptable=None, steps=tuple(steps))


# --- Method selection -----------------------------------------------------------------------------------------


class Method(Enum):
    """The six valuation methods, in the Agreement's order."""

    TRANSACTION_VALUE = "Art. 1"
    IDENTICAL_GOODS = "Art. 2"
    SIMILAR_GOODS = "Art. 3"
    DEDUCTIVE_VALUE = "Art. 5"
    COMPUTED_VALUE = "Art. 6"
    FALLBACK = "Art. 7"

    @property
    def article(self) -> str:
        """The article that sets the method.

        >>> Method.DEDUCTIVE_VALUE.article
        'Art. 5'
        """
        return self.value


@dataclass(frozen=True, slots=True)
class MethodDecision:
    """The method that applies, the value it gives (None for Article 7, which needs an officer's judgement),
    and the questions asked on the way."""

    method: Method
    value: Decimal | None
    steps: tuple[Step, ...]

    def explain(self) -> str:
        """The decision path as text.

        >>> print(select_method(sale_for_export=True, conditions_met=True).explain())
        Is there a sale for export with the Article 1.1 conditions met? yes -> Art. 1 [Art. 1.1]
        """
        return "\n".join(
            f"{step.label}? {step.value} -> {step.explanation} [{step.article}]" for step in self.steps
        )


def _lowest(values: Sequence[object], what: str) -> Decimal | None:
    parsed = [to_decimal(value, what=f"a {what} value") for value in values]
    return min(parsed) if parsed else None


#: The four conditions of Article 1.1 as (argument name, article, question); a "yes" rules the transaction
#: value out. select_method takes the answers by these names; widgets and exercises ask these questions.
ARTICLE_1_1_QUESTIONS = (
    (
        "buyer_restricted",
        "Art. 1.1(a)",
        "Is the buyer restricted in using or disposing of the goods, beyond restrictions of law, limits on the "
        "area of resale, or restrictions that do not really affect the value",
    ),
    (
        "unquantifiable_condition",
        "Art. 1.1(b)",
        "Does the sale or price depend on a condition or consideration whose value cannot be determined",
    ),
    (
        "proceeds_to_seller_not_addable",
        "Art. 1.1(c)",
        "Does part of the resale proceeds go back to the seller without being quantifiable for Article 8.1(d)",
    ),
    (
        "relationship_influenced_price",
        "Art. 1.1(d) and 1.2",
        "Are buyer and seller related, with the relationship influencing the price",
    ),
)


def select_method(
    *,
    sale_for_export: bool,
    conditions_met: bool | None = None,
    buyer_restricted: bool = False,
    unquantifiable_condition: bool = False,
    proceeds_to_seller_not_addable: bool = False,
    relationship_influenced_price: bool = False,
    identical_values: Sequence[object] = (),
    similar_values: Sequence[object] = (),
    deductive_value: object = None,
    computed_value: object = None,
    importer_requests_computed_first: bool = False,
) -> MethodDecision:
    """Walk the methods in the Agreement's order and stop at the first that applies.

    The Article 1.1 conditions are given either at once (``conditions_met``) or one by one, as the four
    questions whose "yes" rules the transaction value out (``buyer_restricted``, ``unquantifiable_condition``,
    ``proceeds_to_seller_not_addable``, ``relationship_influenced_price``); the steps then name the one that failed.
    ``identical_values`` and ``similar_values`` are the accepted transaction values of identical or similar
    goods exported at or about the same time; when several qualify the lowest is used (Articles 2.3 and 3.3).
    ``deductive_value`` and ``computed_value`` are None when they cannot be determined. At the importer's
    request the computed value is tried before the deductive value (Article 4).

    >>> decision = select_method(sale_for_export=True, conditions_met=False, identical_values=[10500, 9800])
    >>> decision.method, decision.value
    (<Method.IDENTICAL_GOODS: 'Art. 2'>, Decimal('9800'))
    """
    answers = {
        "buyer_restricted": buyer_restricted,
        "unquantifiable_condition": unquantifiable_condition,
        "proceeds_to_seller_not_addable": proceeds_to_seller_not_addable,
        "relationship_influenced_price": relationship_influenced_price,
    }
    for name, flag in (("sale_for_export", sale_for_export), *answers.items()):
        if not isinstance(flag, bool):
            raise ValuationError(f"{name} is {flag!r}: expected True or False")
    if conditions_met is not None and not isinstance(conditions_met, bool):
        raise ValuationError(f"conditions_met is {conditions_met!r}: expected True, False or None")
    if conditions_met is not None and any(answers.values()):
        raise ValuationError(
            "give the Article 1.1 conditions either as conditions_met or one by one, not both"
        )
    steps: list[Step] = []
    if not sale_for_export:
        steps.append(
            Step("Is there a sale for export to the country of importation", "no", "Art. 1.1", "try Art. 2")
        )
    elif conditions_met is not None:
        question = "Is there a sale for export with the Article 1.1 conditions met"
        if conditions_met:
            steps.append(Step(question, "yes", "Art. 1.1", "Art. 1"))
            return MethodDecision(Method.TRANSACTION_VALUE, None, tuple(steps))
        steps.append(Step(question, "no (a condition of Article 1.1 fails)", "Art. 1.1", "try Art. 2"))
    else:
        steps.append(
            Step(
                "Is there a sale for export to the country of importation",
                "yes",
                "Art. 1.1",
                "check Art. 1.1",
            )
        )
        failed = [(article, question) for name, article, question in ARTICLE_1_1_QUESTIONS if answers[name]]
        for name, article, question in ARTICLE_1_1_QUESTIONS:
            steps.append(
                Step(
                    question,
                    "yes" if answers[name] else "no",
                    article,
                    "try Art. 2" if answers[name] else "next condition",
                )
            )
            if answers[name]:
                break
        if not failed:
            steps[-1] = Step(steps[-1].label, "no", steps[-1].article, "Art. 1")
            return MethodDecision(Method.TRANSACTION_VALUE, None, tuple(steps))
    lowest = _lowest(identical_values, "identical-goods")
    if lowest is not None:
        steps.append(
            Step(
                "Is there an accepted value of identical goods exported at about the same time",
                f"yes, {len(identical_values)}; the lowest is {lowest}",
                "Art. 2.3" if len(identical_values) > 1 else "Art. 2.1",
                "Art. 2",
            )
        )
        return MethodDecision(Method.IDENTICAL_GOODS, lowest, tuple(steps))
    steps.append(Step("Is there an accepted value of identical goods", "no", "Art. 2", "try Art. 3"))
    lowest = _lowest(similar_values, "similar-goods")
    if lowest is not None:
        steps.append(
            Step(
                "Is there an accepted value of similar goods exported at about the same time",
                f"yes, {len(similar_values)}; the lowest is {lowest}",
                "Art. 3.3" if len(similar_values) > 1 else "Art. 3.1",
                "Art. 3",
            )
        )
        return MethodDecision(Method.SIMILAR_GOODS, lowest, tuple(steps))
    order = [(Method.DEDUCTIVE_VALUE, deductive_value), (Method.COMPUTED_VALUE, computed_value)]
    next_step = "try Art. 5"
    if importer_requests_computed_first:
        order.reverse()
        next_step = "the importer asked for Art. 6 before Art. 5 (Art. 4)"
    steps.append(Step("Is there an accepted value of similar goods", "no", "Art. 3", next_step))
    for method, raw in order:
        if raw is not None:
            value = to_decimal(raw, what=f"the {method.name.lower().replace('_', ' ')}")
            steps.append(
                Step(
                    f"Can the {method.article} value be determined",
                    f"yes, {value}",
                    method.article,
                    method.article,
                )
            )
            return MethodDecision(method, value, tuple(steps))
        steps.append(
            Step(f"Can the {method.article} value be determined", "no", method.article, "next method")
        )
    steps.append(
        Step(
            "Fallback",
            "Art. 7",
            "Art. 7.2",
            "use reasonable means consistent with the Agreement, usually a flexible use of the earlier methods; "
            "never the selling price of local goods, the higher of two values, the exporting country's home "
            "price, export prices to third countries, or minimum or arbitrary values",
        )
    )
    return MethodDecision(Method.FALLBACK, None, tuple(steps))


# --- Deductive and computed value -----------------------------------------------------------------------------


def greatest_aggregate_quantity_price(sales: Iterable[tuple[object, object]]) -> Decimal:
    """The unit price at which the greatest total quantity is sold (Article 5.1(a)).

    ``sales`` are ``(unit_price, quantity)`` pairs of sales to unrelated buyers; quantities at the same unit
    price are added together. On a tie the lower price is taken.

    >>> greatest_aggregate_quantity_price([(100, 40), (95, 30), (100, 20), (90, 55)])
    Decimal('100')
    """
    totals: dict[Decimal, Decimal] = {}
    for position, pair in enumerate(sales, start=1):
        try:
            unit_price, quantity = pair
        except (TypeError, ValueError):
            raise ValuationError(
                f"sale {position} is {pair!r}: expected a pair (unit_price, quantity)"
            ) from None
        price = to_decimal(unit_price, what=f"the unit price of sale {position}")
        totals[price] = totals.get(price, Decimal(0)) + to_decimal(
            quantity, what=f"the quantity of sale {position}"
        )
    if not totals:
        raise ValuationError("no sales were given: expected at least one (unit_price, quantity) pair")
    return max(totals, key=lambda price: (totals[price], -price))


@dataclass(frozen=True, slots=True)
class DeductiveValue:
    """A deductive value per unit and for the quantity valued, with the deduction steps."""

    unit_value: Decimal
    total: Decimal
    steps: tuple[Step, ...]


def compute_deductive_value(
    *,
    unit_resale_price: object,
    quantity: object,
    commission_per_unit: object = None,
    profit_and_general_expenses_per_unit: object = None,
    transport_and_insurance_per_unit: object = 0,
    duties_and_taxes_per_unit: object = 0,
    further_processing_per_unit: object = 0,
    places: int = 2,
) -> DeductiveValue:
    """Article 5: work back from the resale price in the importing country.

    Deduct either the usual commission or the usual profit and general expenses (exactly one), transport and
    insurance inside the importing country, import duties and taxes, and, for goods resold only after further
    processing (Article 5.2), the value that processing added.

    >>> value = compute_deductive_value(unit_resale_price=200, quantity=100, profit_and_general_expenses_per_unit=40,
    ...                                 transport_and_insurance_per_unit=10, duties_and_taxes_per_unit=30)
    >>> value.unit_value, value.total
    (Decimal('120.00'), Decimal('12000.00'))
    """
    if (commission_per_unit is None) == (profit_and_general_expenses_per_unit is None):
        raise ValuationError(
            "give exactly one of commission_per_unit or profit_and_general_expenses_per_unit: Article 5.1(a)(i) "
            "deducts either the usual commission or the usual profit and general expenses, not both"
        )
    resale = to_decimal(unit_resale_price, what="unit_resale_price")
    count = to_decimal(quantity, what="quantity")
    if count == 0:
        raise ValuationError("quantity is 0: expected the number of units being valued, above 0")
    steps = [
        Step(
            "unit resale price",
            resale,
            "Art. 5.1(a)",
            "The unit price at which the greatest quantity is resold.",
        )
    ]
    if commission_per_unit is not None:
        margin = to_decimal(commission_per_unit, what="commission_per_unit")
        steps.append(
            Step(
                "commission",
                -margin,
                "Art. 5.1(a)(i)",
                "The commission usually paid on such sales is deducted.",
            )
        )
    else:
        margin = to_decimal(profit_and_general_expenses_per_unit, what="profit_and_general_expenses_per_unit")
        steps.append(
            Step(
                "profit and general expenses",
                -margin,
                "Art. 5.1(a)(i)",
                "The usual profit and general expenses are deducted.",
            )
        )
    transport = to_decimal(transport_and_insurance_per_unit, what="transport_and_insurance_per_unit")
    duties = to_decimal(duties_and_taxes_per_unit, what="duties_and_taxes_per_unit")
    processing = to_decimal(further_processing_per_unit, what="further_processing_per_unit")
    steps.append(
        Step(
            "transport and insurance",
            -transport,
            "Art. 5.1(a)(ii)",
            "Transport and insurance inside the importing country are deducted.",
        )
    )
    steps.append(
        Step("duties and taxes", -duties, "Art. 5.1(a)(iv)", "Import duties and national taxes are deducted.")
    )
    if processing:
        steps.append(
            Step(
                "further processing",
                -processing,
                "Art. 5.2",
                "The value added by processing after importation is deducted.",
            )
        )
    unit = resale - margin - transport - duties - processing
    if unit < 0:
        raise ValuationError(f"the deductions exceed the resale price {resale}: check the amounts per unit")
    return DeductiveValue(
        unit_value=round_money(unit, places), total=round_money(unit * count, places), steps=tuple(steps)
    )


@dataclass(frozen=True, slots=True)
class ComputedValue:
    """A computed value with the cost steps that built it."""

    total: Decimal
    steps: tuple[Step, ...]


def compute_computed_value(
    *,
    materials_and_fabrication: object,
    profit_and_general_expenses: object,
    assists_and_packing: object = 0,
    transport_to_importation: object = 0,
    basis: Basis | str = Basis.CIF,
    places: int = 2,
) -> ComputedValue:
    """Article 6: build the value up from the producer's costs.

    Cost of materials and fabrication, plus assists and packing not already in it (Article 6.1(a) with
    8.1(a)(ii)-(iii) and 8.1(b)), plus the profit and general expenses usual for goods of the same class, plus,
    on a CIF basis only, transport, handling and insurance up to the place of importation (Article 6.1(c)).

    >>> compute_computed_value(materials_and_fabrication=6000, profit_and_general_expenses=1500,
    ...                        assists_and_packing=300, transport_to_importation=700, basis="FOB").total
    Decimal('7800.00')
    """
    basis = Basis.parse(basis)
    cost = to_decimal(materials_and_fabrication, what="materials_and_fabrication")
    profit = to_decimal(profit_and_general_expenses, what="profit_and_general_expenses")
    extras = to_decimal(assists_and_packing, what="assists_and_packing")
    transport = to_decimal(transport_to_importation, what="transport_to_importation")
    steps = [
        Step(
            "materials and fabrication", cost, "Art. 6.1(a)", "The cost of materials and of making the goods."
        ),
        Step(
            "assists and packing",
            extras,
            "Art. 6.1(a) and Art. 8.1(b)",
            "Assists and packing not already counted.",
        ),
        Step(
            "profit and general expenses",
            profit,
            "Art. 6.1(b)",
            "The profit and general expenses usual for this class of goods.",
        ),
    ]
    total = cost + extras + profit
    if basis is Basis.CIF:
        steps.append(
            Step(
                "transport to the place of importation",
                transport,
                "Art. 6.1(c)",
                "On a CIF basis, Article 8.2 costs are added.",
            )
        )
        total += transport
    else:
        steps.append(
            Step(
                "transport to the place of importation",
                Decimal(0),
                "Art. 6.1(c)",
                "On an FOB basis, Article 8.2 costs are left out.",
            )
        )
    return ComputedValue(total=round_money(total, places), steps=tuple(steps))


# --- Duty and tax ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DutyAssessment:
    """Ad valorem duty and a tax on a customs value."""

    customs_value: Decimal
    duty: Decimal
    tax_base: Decimal
    tax: Decimal
    total: Decimal
    steps: tuple[Step, ...]


def compute_duty_and_tax(
    *,
    customs_value: object,
    duty_percent: object,
    tax_percent: object = 0,
    tax_base_includes_duty: bool = True,
    places: int = 2,
) -> DutyAssessment:
    """Duty at ``duty_percent`` of the customs value, and a tax (VAT, for example) at ``tax_percent``.

    When the tax base includes the duty, as for VAT in most administrations, the tax is charged on the customs
    value plus the duty as assessed. Each liability is rounded half-up once; the total is their sum.

    >>> assessment = compute_duty_and_tax(customs_value=17162.50, duty_percent=25, tax_percent=16)
    >>> assessment.duty, assessment.tax, assessment.total
    (Decimal('4290.63'), Decimal('3432.50'), Decimal('7723.13'))
    """
    if not isinstance(tax_base_includes_duty, bool):
        raise ValuationError(f"tax_base_includes_duty is {tax_base_includes_duty!r}: expected True or False")
    value = to_decimal(customs_value, what="customs_value")
    duty_rate = to_decimal(duty_percent, what="duty_percent")
    tax_rate = to_decimal(tax_percent, what="tax_percent")
    duty = round_money(value * duty_rate / 100, places)
    base = value + duty if tax_base_includes_duty else value
    tax = round_money(base * tax_rate / 100, places)
    steps = (
        Step("customs value", value, "Art. 1-7", "The customs value is the base of ad valorem duty."),
        Step("duty", duty, "national tariff", f"{duty_rate}% of {value}."),
        Step(
            "tax base",
            base,
            "national law",
            "The customs value plus the duty." if tax_base_includes_duty else "The customs value alone.",
        ),
        Step("tax", tax, "national law", f"{tax_rate}% of {base}."),
    )
    return DutyAssessment(
        customs_value=value, duty=duty, tax_base=base, tax=tax, total=duty + tax, steps=steps
    )
