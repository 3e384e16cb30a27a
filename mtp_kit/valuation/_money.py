"""Money and rate helpers shared by the valuation calculators.

Amounts are :class:`decimal.Decimal` from the moment they enter the engine. A float typed into a widget is
read through its shortest decimal form (``10850.1`` becomes ``Decimal('10850.1')``, not the binary
approximation), and rounding happens in :func:`round_money` only, once, at the end of a calculation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from mtp_kit._numbers import parse_decimal
from mtp_kit.errors import ValuationError

__all__ = ["normalise_currency", "parse_rates", "round_money", "to_decimal"]

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def to_decimal(value: object, *, what: str, allow_negative: bool = False) -> Decimal:
    """Read ``value`` as an exact decimal amount, naming ``what`` in the error if it cannot be.

    Accepted: ``Decimal``, ``int``, ``float`` (through its shortest text form) and text such as
    ``"1,234.50"``. Rejected: booleans, NaN, infinities, empty text and, unless ``allow_negative``,
    negative numbers.

    >>> to_decimal("12,000.50", what="the price")
    Decimal('12000.50')
    >>> to_decimal(0.1, what="insurance")
    Decimal('0.1')
    >>> to_decimal(-5, what="freight")
    Traceback (most recent call last):
    ...
    mtp_kit.errors.ValuationError: freight is -5: a negative amount is not accepted; enter 0 or more
    """
    result = parse_decimal(value)
    if result is None:
        raise ValuationError(f"{what} is {value!r}: expected a number such as 1250 or '1,250.00'")
    if not result.is_finite():
        raise ValuationError(f"{what} is {value!r}: expected a finite number such as 1250.00")
    if result < 0 and not allow_negative:
        raise ValuationError(f"{what} is {value}: a negative amount is not accepted; enter 0 or more")
    return result


def round_money(amount: Decimal, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals: the one rounding step of every calculation.

    >>> round_money(Decimal("17162.505"))
    Decimal('17162.51')
    >>> round_money(Decimal("2.5"), places=0)
    Decimal('3')
    """
    if places < 0:
        raise ValuationError(f"places is {places}: expected 0 or more decimal places")
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def normalise_currency(code: object, *, what: str = "currency") -> str:
    """Return an ISO 4217-style three-letter code in capitals.

    >>> normalise_currency(" eur ")
    'EUR'
    """
    if not isinstance(code, str) or not _CURRENCY.match(code.strip().upper()):
        raise ValuationError(
            f"{what} is {code!r}: expected a three-letter currency code such as 'EUR' or 'KES'"
        )
    return code.strip().upper()


def parse_rates(rates: Mapping[str, object] | None) -> dict[str, Decimal]:
    """Check an exchange-rate table: currency code -> units of national currency per one unit.

    >>> parse_rates({"eur": "1.25"})
    {'EUR': Decimal('1.25')}
    """
    parsed: dict[str, Decimal] = {}
    for code, rate in (rates or {}).items():
        currency = normalise_currency(code, what="an exchange-rate currency")
        value = to_decimal(rate, what=f"the exchange rate for {currency}")
        if value == 0:
            raise ValuationError(f"the exchange rate for {currency} is 0: expected a rate above zero")
        parsed[currency] = value
    return parsed
