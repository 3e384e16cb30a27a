"""Marking a trainee's valuation worksheet against the engine's explained breakdown.

The trainee says, for every cost element of a case, whether it is added, deducted, already in the price or not
part of the value, and types the customs value. Each answer is compared with the engine's line, and the
feedback quotes the engine's own reason and article, so the trainee learns which rule decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mtp_kit.errors import MtpKitError, ValuationError
from mtp_kit.valuation import CustomsValue, Treatment, to_decimal

__all__ = ["LineMark", "ValuationMark", "mark_valuation"]


@dataclass(frozen=True, slots=True)
class LineMark:
    """The mark for one cost element."""

    label: str
    expected: Treatment
    given: Treatment | None
    correct: bool
    message: str


@dataclass(frozen=True, slots=True)
class ValuationMark:
    """Marks for every element, for the total, and the score (one point each)."""

    lines: tuple[LineMark, ...]
    total_correct: bool
    total_message: str
    score: int
    out_of: int


def _treatment(value: object) -> Treatment | None:
    if value is None or isinstance(value, Treatment):
        return value
    if isinstance(value, str):
        for member in Treatment:
            if value.strip().lower() in (member.name.lower(), member.value):
                return member
    accepted = ", ".join(member.name.lower() for member in Treatment if member is not Treatment.PRICE)
    raise ValuationError(f"treatment {value!r} is not known: expected one of {accepted}")


def mark_valuation(
    result: CustomsValue,
    *,
    treatments: Sequence[object],
    total: object,
    tolerance: object = "0.01",
) -> ValuationMark:
    """Mark one treatment per cost element (in ledger order) and the typed customs value.

    >>> from mtp_kit.valuation import CostElement, Transaction, compute_customs_value
    >>> result = compute_customs_value(Transaction(price=1000, currency="USD", incoterm="CIF", elements=[
    ...     CostElement(kind="buying_commission", amount=50), CostElement(kind="packing", amount=20)]))
    >>> mark = mark_valuation(result, treatments=["excluded", "added"], total="1,020.00")
    >>> mark.score, mark.out_of
    (3, 3)
    """
    element_lines = [line for line in result.lines if line.treatment is not Treatment.PRICE]
    if len(treatments) != len(element_lines):
        raise ValuationError(
            f"{len(treatments)} treatments for {len(element_lines)} cost elements: expected one per element"
        )
    marks = []
    for line, answer in zip(element_lines, treatments, strict=True):
        given = _treatment(answer)
        if given is None:
            marks.append(
                LineMark(line.label, line.treatment, None, False, f"{line.label}: choose a treatment.")
            )
            continue
        correct = given is line.treatment
        head = "Right" if correct else f"Not quite: it is {line.treatment.value}, not {given.value}"
        marks.append(
            LineMark(
                line.label,
                line.treatment,
                given,
                correct,
                f"{line.label}: {head}. {line.explanation} [{line.article}]",
            )
        )
    limit = to_decimal(tolerance, what="tolerance")
    try:
        typed = to_decimal(total, what="your customs value")
    except MtpKitError:
        typed = None
    if typed is None:
        total_correct, message = (
            False,
            f"{total!r} is not a number: type the customs value in digits, such as 10850.00",
        )
    elif abs(typed - result.total) <= limit:
        total_correct, message = True, f"Right: the customs value is {result.total:,.2f} {result.currency}."
    else:
        total_correct = False
        message = (
            f"Not quite: the customs value is {result.total:,.2f} {result.currency}, you typed {typed:,.2f}."
        )
    score = sum(mark.correct for mark in marks) + total_correct
    return ValuationMark(tuple(marks), total_correct, message, score, len(marks) + 1)
