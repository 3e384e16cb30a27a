"""Reading HS codes the way customs officers write them.

Officers write the same subheading as ``8517.13``, ``851713`` or ``8517.13.00``, a heading as ``85.17`` or
``0101``, and national tariff lines with dots or spaces (``8517 13 00 10``). This module turns every such form
into one :class:`HSCode` value that keeps the digits as text (``0101`` is never ``101``), knows its level and
parent, and carries the edition of the nomenclature it belongs to. Anything else raises
:class:`~mtp_kit.errors.HSCodeError` with a message that names the input and the accepted forms.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from mtp_kit.errors import HSCodeError

__all__ = ["DEFAULT_EDITION", "HSCode", "Level", "parse_code"]

DEFAULT_EDITION = "HS 2022"

_ACCEPTED = (
    "expected 2, 4 or 6 digits such as '85', '85.17' or '8517.13', "
    "or a national line of 8 or 10 digits such as '8517.13.00' or '8517 13 00 10'"
)
# Dots and runs of spaces are the only separators officers use between digit groups; anything else
# (letters, commas, slashes) is far more likely a typing mistake than a notation worth guessing at.
_SEPARATOR = re.compile(r"\.|\s+")


class Level(enum.Enum):
    """The level of a code in the nomenclature, named as in the HS Convention and national tariffs."""

    CHAPTER = "chapter"
    HEADING = "heading"
    SUBHEADING = "subheading"
    NATIONAL = "national line"


_LEVEL_BY_LENGTH = {
    2: Level.CHAPTER,
    4: Level.HEADING,
    6: Level.SUBHEADING,
    8: Level.NATIONAL,
    10: Level.NATIONAL,
}


@dataclass(frozen=True, slots=True, order=True)
class HSCode:
    """One code of a nomenclature: its digits as text and the edition it belongs to.

    >>> code = HSCode("851713")
    >>> code.level, str(code), code.heading, str(code.parent)
    (<Level.SUBHEADING: 'subheading'>, '8517.13', '8517', '85.17')
    """

    digits: str
    edition: str = DEFAULT_EDITION

    def __post_init__(self) -> None:
        # The constructor is also used by the loaders on thousands of rows, so it checks cheaply and
        # leaves the forgiving reading of officers' notations to parse_code().
        if not (
            isinstance(self.digits, str)
            and self.digits.isascii()
            and self.digits.isdigit()
            and len(self.digits) in _LEVEL_BY_LENGTH
        ):
            raise HSCodeError(f"{self.digits!r} is not an HS code: {_ACCEPTED}")

    @property
    def level(self) -> Level:
        """Chapter, heading, subheading or national line."""
        return _LEVEL_BY_LENGTH[len(self.digits)]

    @property
    def chapter(self) -> str:
        """The two digits of the chapter, e.g. ``'01'``."""
        return self.digits[:2]

    @property
    def heading(self) -> str | None:
        """The four digits of the heading, or None for a chapter."""
        return self.digits[:4] if len(self.digits) >= 4 else None

    @property
    def subheading(self) -> str | None:
        """The six digits of the HS subheading, or None above that level."""
        return self.digits[:6] if len(self.digits) >= 6 else None

    @property
    def parent(self) -> HSCode | None:
        """The code one level up (a 10-digit line's parent is its 8-digit line); None for a chapter."""
        if len(self.digits) == 2:
            return None
        return HSCode(self.digits[:-2], self.edition)

    @property
    def formatted(self) -> str:
        """The usual written form: ``85``, ``85.17``, ``8517.13``, ``8517.13.00``, ``8517.13.00.10``."""
        d = self.digits
        if len(d) == 2:
            return d
        if len(d) == 4:
            return f"{d[:2]}.{d[2:]}"
        return ".".join([d[:4], *(d[i : i + 2] for i in range(4, len(d), 2))])

    def is_within(self, other: HSCode | str) -> bool:
        """True when this code lies under ``other`` (or is ``other``): ``8517.13`` is within ``85``.

        >>> parse_code("8517.13").is_within("85")
        True
        """
        prefix = other.digits if isinstance(other, HSCode) else parse_code(other).digits
        return self.digits.startswith(prefix)

    def __str__(self) -> str:
        return self.formatted


def parse_code(text: str | HSCode, *, edition: str = DEFAULT_EDITION) -> HSCode:
    """Read a code written in any of the forms officers use and return it as an :class:`HSCode`.

    >>> parse_code("8517.13").digits
    '851713'
    >>> str(parse_code("01.01"))
    '01.01'
    >>> parse_code("8517 13 00 10").level
    <Level.NATIONAL: 'national line'>
    >>> parse_code("85x7")
    Traceback (most recent call last):
    ...
    mtp_kit.errors.HSCodeError: '85x7' is not an HS code (it contains 'x'): expected 2, 4 or 6 digits ...
    """
    if isinstance(text, HSCode):
        return text
    if isinstance(text, bool) or not isinstance(text, str):
        # Spreadsheets and Python both turn 0101 into the number 101; refusing numbers keeps the
        # leading zero problem visible instead of silently producing a wrong chapter.
        raise HSCodeError(
            f"{text!r} is not an HS code: write the code as text in quotes, such as '0101.21', "
            "so that leading zeros are kept"
        )
    stripped = text.strip()
    if not stripped:
        raise HSCodeError(f"{text!r} is not an HS code (it is empty): {_ACCEPTED}")
    groups = _SEPARATOR.split(stripped)
    for group in groups:
        bad = next((ch for ch in group if not ("0" <= ch <= "9")), None)
        if bad is not None:
            raise HSCodeError(f"{text!r} is not an HS code (it contains {bad!r}): {_ACCEPTED}")
        if not group:
            raise HSCodeError(
                f"{text!r} is not an HS code (a separator has no digits beside it): {_ACCEPTED}"
            )
    digits = "".join(groups)
    if len(digits) not in _LEVEL_BY_LENGTH:
        raise HSCodeError(f"{text!r} is not an HS code (it has {len(digits)} digits): {_ACCEPTED}")
    position = 0
    for group in groups[:-1]:
        position += len(group)
        if position % 2:
            # A dot after an odd number of digits ('851.713') splits a pair of digits; the reader meant
            # something we cannot tell, so we say so rather than guess.
            raise HSCodeError(
                f"{text!r} is not an HS code (a separator falls inside a pair of digits): {_ACCEPTED}"
            )
    if digits[:2] == "00":
        raise HSCodeError(
            f"{text!r} is not an HS code (there is no chapter 00; chapters run 01 to 97): {_ACCEPTED}"
        )
    if len(digits) >= 4 and digits[2:4] == "00":
        raise HSCodeError(
            f"{text!r} is not an HS code (headings are numbered from {digits[:2]}.01; "
            f"there is no heading {digits[:2]}.00): {_ACCEPTED}"
        )
    return HSCode(digits, edition)
