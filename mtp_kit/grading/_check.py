"""The ``check()`` helper of assessment notebooks: is the *format* of an answer right, in plain words.

A candidate answers by assigning a value to a named variable (``q1_heading = "8517"``) and calls
``check(q1_heading=q1_heading)``. The kind of answer is read from the end of the name — ``_heading``,
``_value``, ``_treatment`` … — and only its form is examined: four digits, a number, one of the accepted words.
Whether the answer is *correct* is never said here; that is for the hidden tests. Standard library only, so the
helper runs in any kernel, also without nbgrader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["ANSWER_KINDS", "FormatCheck", "check", "check_answer"]

TREATMENTS = ("added", "deducted", "included", "excluded")
CHANNELS = ("red", "yellow", "green", "blue")
_GIRS = ("1", "2a", "2b", "3a", "3b", "3c", "4", "5a", "5b", "6")

# suffix of the variable name -> (what the answer is, an example shown when the format is wrong)
ANSWER_KINDS: dict[str, tuple[str, str]] = {
    "heading": ("an HS heading: 4 digits as text", '"8517"'),
    "subheading": ("an HS subheading: 6 digits as text, with or without the dot", '"8517.13"'),
    "value": ("an amount: a number without the currency", "10850.00"),
    "amount": ("an amount: a number without the currency", "10850.00"),
    "percent": ("a percentage: a number from 0 to 100, without the % sign", "42.5"),
    "treatment": ("one of the words " + ", ".join(TREATMENTS), '"added"'),
    "treatments": ("a list of treatments, each one of " + ", ".join(TREATMENTS), '["added", "excluded"]'),
    "gir": ("a General Interpretative Rule such as 1, 3(b) or 6", '"3(b)"'),
    "channel": ("one of the channels " + ", ".join(CHANNELS), '"red"'),
    "yes_no": ("True or False (capital letter, no quotes)", "True"),
    "originates": ("True or False (capital letter, no quotes)", "True"),
    "score": ("a whole number", "12"),
    "text": ("a few words of text in quotes", '"the buyer bears the cost"'),
}


@dataclass(frozen=True, slots=True)
class FormatCheck:
    """The verdict on one answer's format: its name, whether the form is acceptable, and a plain sentence."""

    name: str
    ok: bool
    message: str


def _kind(name: str) -> str | None:
    for suffix in sorted(ANSWER_KINDS, key=len, reverse=True):
        if name == suffix or name.endswith("_" + suffix):
            return suffix
    return None


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    if isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _form_ok(kind: str, value: object) -> bool:
    if kind == "heading":
        return isinstance(value, str) and re.fullmatch(r"\d{2}\.?\d{2}", value.strip()) is not None
    if kind == "subheading":
        return isinstance(value, str) and re.fullmatch(r"\d{4}\.?\d{2}", value.strip()) is not None
    if kind in ("value", "amount"):
        number = _number(value)
        return number is not None and number >= 0
    if kind == "percent":
        number = _number(value)
        return number is not None and 0 <= number <= 100
    if kind == "treatment":
        return isinstance(value, str) and value.strip().lower() in TREATMENTS
    if kind == "treatments":
        return (
            isinstance(value, (list, tuple))
            and len(value) > 0
            and all(isinstance(v, str) and v.strip().lower() in TREATMENTS for v in value)
        )
    if kind == "gir":
        key = re.sub(r"(?i)^(gir|rule)|[\s().]", "", str(value)) if isinstance(value, str) else ""
        return key.lower() in _GIRS
    if kind == "channel":
        return isinstance(value, str) and value.strip().lower() in CHANNELS
    if kind in ("yes_no", "originates"):
        return isinstance(value, bool)
    if kind == "score":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str) and len(value.strip()) > 0


def check_answer(name: str, value: object) -> FormatCheck:
    """Say whether ``value`` has the form the answer ``name`` needs; never whether it is correct.

    >>> check_answer("q1_heading", "8517").message
    'q1_heading: the format is right (an HS heading: 4 digits as text). This does not say whether it is correct.'
    >>> check_answer("q1_heading", 8517).message
    'q1_heading: 8517 is not in the right format: expected an HS heading: 4 digits as text, for example "8517".'
    >>> check_answer("q4_freight_treatment", None).ok
    False
    """
    kind = _kind(name)
    if kind is None:
        return FormatCheck(name, True, f"{name}: no format rule for this answer; it will be marked as typed.")
    what, example = ANSWER_KINDS[kind]
    if value is None or value is Ellipsis:
        return FormatCheck(
            name, False, f"{name}: not answered yet. Replace None with {what}, for example {example}."
        )
    if _form_ok(kind, value):
        return FormatCheck(
            name, True, f"{name}: the format is right ({what}). This does not say whether it is correct."
        )
    return FormatCheck(
        name, False, f"{name}: {value!r} is not in the right format: expected {what}, for example {example}."
    )


def check(**answers: object) -> None:
    """Print, for each answer given by name, whether its format is right — in plain words, never correctness.

    >>> check(q1_heading="8517", q3_value="ten thousand")
    ✓ q1_heading: the format is right (an HS heading: 4 digits as text). This does not say whether it is correct.
    ✗ q3_value: 'ten thousand' is not in the right format: expected an amount: a number without the currency, for example 10850.00.
    """
    for name, value in answers.items():
        verdict = check_answer(name, value)
        print(("✓ " if verdict.ok else "✗ ") + verdict.message)
