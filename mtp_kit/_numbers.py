"""How MTP Kit reads a number a user typed: one rule for every engine, each engine wording its own errors.

Accepted: ``Decimal``, ``int``, ``float`` (read through its shortest text, so ``0.16`` is ``Decimal('0.16')``,
not the binary expansion) and text with thousands separators or spaces (``"1,250.50"``). Booleans are not numbers.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

__all__ = ["parse_decimal"]


def parse_decimal(value: object) -> Decimal | None:
    """The decimal ``value`` stands for, or None when it is not a number at all.

    The result may be NaN or infinite; callers decide whether that is acceptable and say so in their own words.

    >>> parse_decimal("1,250.50"), parse_decimal(0.1), parse_decimal("abc"), parse_decimal(True)
    (Decimal('1250.50'), Decimal('0.1'), None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return None
