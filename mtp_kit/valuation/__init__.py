"""Customs valuation under the WTO Customs Valuation Agreement, explained line by line.

The engine the courses teach and the assessments grade. Build a :class:`Transaction` (the price, its currency
and Incoterms 2020 term, and a ledger of :class:`CostElement` lines with their facts), then call
:func:`compute_customs_value` with the administration's basis (CIF or FOB) and exchange rates. The result is a
:class:`CustomsValue`: the total, rounded once, and for every line whether it was added, deducted, already in
the price or not part of the value, the article that decided it, and a sentence a trainee can read.

Helpers cover related parties (:func:`assess_related_parties`), the order of methods (:func:`select_method`),
deductive and computed value, and duty and tax on the result. Standard library only: this package never
imports Jupyter, pandas or nbgrader.

>>> deal = Transaction(price="10000", currency="USD", incoterm="FOB", elements=[
...     CostElement(kind="main_freight", amount="800"),
...     CostElement(kind="insurance", amount="50"),
...     CostElement(kind="buying_commission", amount="300"),
... ])
>>> compute_customs_value(deal, basis="CIF").total
Decimal('10850.00')
"""

from mtp_kit.valuation._engine import (
    CustomsValue,
    Treatment,
    ValuationLine,
    compute_customs_value,
    incoterm_covers,
)
from mtp_kit.valuation._methods import (
    ARTICLE_1_1_QUESTIONS,
    ComputedValue,
    DeductiveValue,
    DutyAssessment,
    Method,
    MethodDecision,
    RelatedPartyFinding,
    Relationship,
    Step,
    TestValue,
    assess_related_parties,
    compute_computed_value,
    compute_deductive_value,
    compute_duty_and_tax,
    greatest_aggregate_quantity_price,
    select_method,
)
from mtp_kit.valuation._model import Apportionment, Basis, CostElement, CostKind, Incoterm, Transaction
from mtp_kit.valuation._money import round_money, to_decimal

__all__ = [
    "ARTICLE_1_1_QUESTIONS",
    "Apportionment",
    "Basis",
    "ComputedValue",
    "CostElement",
    "CostKind",
    "CustomsValue",
    "DeductiveValue",
    "DutyAssessment",
    "Incoterm",
    "Method",
    "MethodDecision",
    "RelatedPartyFinding",
    "Relationship",
    "Step",
    "TestValue",
    "Transaction",
    "Treatment",
    "ValuationLine",
    "assess_related_parties",
    "compute_computed_value",
    "compute_customs_value",
    "compute_deductive_value",
    "compute_duty_and_tax",
    "greatest_aggregate_quantity_price",
    "incoterm_covers",
    "round_money",
    "select_method",
    "to_decimal",
]
