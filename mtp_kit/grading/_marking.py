"""Marking helpers for the test cells of assessment notebooks, with partial credit and no answer keys.

nbgrader scores a test cell from its output: an error scores 0, a number shown as the cell's result is partial
credit, anything else is full marks. Each helper here therefore *returns* the points earned (the last line of a
hidden test cell) or raises :class:`NotYetRight` when nothing was earned. Messages say which question is not
right, never what the right answer is, so feedback cannot leak a key.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from mtp_kit.grading._check import _number, check_answer

__all__ = [
    "AnswerMissing",
    "NotYetRight",
    "mark_amount",
    "mark_choice",
    "mark_classification_answer",
    "mark_list",
    "require_answer",
]


class AnswerMissing(AssertionError):
    """A public test found no answer, or one in the wrong format."""


class NotYetRight(AssertionError):
    """A hidden test found an answer that earns no points."""


def require_answer(name: str, value: object) -> None:
    """The public test of an answer cell: it must be answered and in the right format.

    >>> require_answer("q1_value", "10850.00")
    >>> require_answer("q1_value", None)
    Traceback (most recent call last):
    ...
    mtp_kit.grading._marking.AnswerMissing: q1_value: not answered yet. Replace None with an amount: a number without the currency, for example 10850.00.
    """
    verdict = check_answer(name, value)
    if not verdict.ok:
        raise AnswerMissing(verdict.message)


def _earned(points: float, fraction: float, question: str, missing: str) -> float:
    earned = round(points * fraction, 2)
    if earned <= 0:
        raise NotYetRight(f"{question}: {missing}")
    return earned


def mark_amount(
    given: object, expected: Decimal, *, points: float, question: str, tolerance: str = "0.01"
) -> float:
    """Full points when ``given`` is within ``tolerance`` of ``expected``; half within 1 %; else none.

    >>> mark_amount("10,850.00", Decimal("10850.00"), points=3, question="Q1")
    3.0
    >>> mark_amount(10900, Decimal("10850.00"), points=3, question="Q1")
    1.5
    >>> mark_amount(12000, Decimal("10850.00"), points=3, question="Q1")
    Traceback (most recent call last):
    ...
    mtp_kit.grading._marking.NotYetRight: Q1: the amount is not right yet.
    """
    number = _number(given)
    if number is None:
        return _earned(points, 0, question, "the answer is not a number.")
    gap = abs(number - expected)
    if gap <= Decimal(tolerance):
        fraction = 1.0
    elif expected and gap / abs(expected) <= Decimal("0.01"):
        fraction = 0.5  # close: usually one rounding or one exchange-rate slip
    else:
        fraction = 0.0
    return _earned(points, fraction, question, "the amount is not right yet.")


def _word(value: object) -> str:
    return value.strip().lower() if isinstance(value, str) else repr(value)


def mark_choice(given: object, expected: str, *, points: float, question: str) -> float:
    """Full points for the expected word (any case, spaces ignored), else none.

    >>> mark_choice(" Added", "added", points=1, question="Q2")
    1.0
    """
    return _earned(points, float(_word(given) == expected), question, "this is not the right choice.")


def mark_list(given: object, expected: Sequence[str], *, points: float, question: str) -> float:
    """Partial credit: the share of positions where ``given`` has the expected word.

    >>> mark_list(["added", "excluded", "added"], ["added", "added", "added"], points=3, question="Q1")
    2.0
    """
    if not isinstance(given, (list, tuple)) or len(given) != len(expected):
        return _earned(
            points, 0, question, f"give a list of exactly {len(expected)} treatments, one per cost element."
        )
    right = sum(_word(g) == e for g, e in zip(given, expected, strict=True))
    return _earned(points, right / len(expected), question, "none of the treatments is right yet.")


def mark_classification_answer(
    case: object, *, code: object, gir: object, points: float, question: str
) -> float:
    """Partial credit for an HS answer: :func:`mtp_kit.hs.mark_classification`'s share of ``points``.

    Chapter, heading, subheading and the deciding rule earn one quarter each.

    >>> from mtp_kit.hs import load_case_bank
    >>> case = next(c for c in load_case_bank() if c.case_id == "gir3b-mug-gift-box")
    >>> mark_classification_answer(case, code="6912.00", gir="3(b)", points=4, question="Q1")
    4.0
    >>> mark_classification_answer(case, code="6911.10", gir="3(a)", points=4, question="Q1")
    1.5
    """
    from mtp_kit.hs import MarkWeights, mark_classification

    weights = MarkWeights(chapter=1, heading=1, subheading=1, gir=1)
    text = code if isinstance(code, str) else ""
    rule = gir if isinstance(gir, str) else None
    mark = mark_classification(case, answer=text, gir=rule, weights=weights)
    return _earned(points, mark.fraction, question, "the classification is not right yet.")
