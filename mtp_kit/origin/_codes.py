"""HS codes as origin rules read them: digit strings compared at chapter, heading or subheading level.

``mtp_kit.hs`` owns the Harmonized System; this private module only reads the codes that rules of origin
compare, so that the origin engine does not depend on a nomenclature being loaded. Codes stay strings
(``"0901"`` is not ``901``)."""

from __future__ import annotations

from mtp_kit.errors import OriginError

__all__ = ["format_code", "normalise_code", "parse_code_range"]

_SEPARATORS = str.maketrans("", "", ". \t")


def normalise_code(code: object, *, what: str = "HS code", lengths: tuple[int, ...] = (4, 6)) -> str:
    """Digits of ``code`` with dots and spaces removed, checked against the accepted lengths.

    >>> normalise_code("8517.13"), normalise_code("09.01")
    ('851713', '0901')
    """
    if not isinstance(code, str):
        raise OriginError(
            f"{what} {code!r} is not a string: write codes as text such as '8517.13', because 0901 is not 901"
        )
    digits = code.strip().translate(_SEPARATORS)
    if not digits.isdigit() or not digits.isascii() or len(digits) not in lengths:
        accepted = " or ".join(str(n) for n in lengths)
        raise OriginError(f"{what} {code!r} is not an HS code: expected {accepted} digits such as '8517.13'")
    return digits


def format_code(digits: str) -> str:
    """Show a digit string the way the nomenclature prints it.

    >>> format_code("72"), format_code("1006"), format_code("851713")
    ('chapter 72', '10.06', '8517.13')
    """
    if len(digits) == 2:
        return f"chapter {digits}"
    if len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    return f"{digits[:4]}.{digits[4:]}"


def parse_code_range(text: object, *, what: str = "excepted code") -> tuple[str, str]:
    """Read an "except from" entry: one code (2, 4 or 6 digits) or a range ``"7208-7229"`` of equal lengths.

    >>> parse_code_range("72.08-72.29"), parse_code_range("10.06")
    (('7208', '7229'), ('1006', '1006'))
    """
    if isinstance(text, str) and text.count("-") == 1:
        low_text, high_text = text.split("-")
        low = normalise_code(low_text, what=what, lengths=(2, 4, 6))
        high = normalise_code(high_text, what=what, lengths=(2, 4, 6))
        if len(low) != len(high) or low > high:
            raise OriginError(
                f"{what} range {text!r} is not a range: give two codes of the same length, lowest first, "
                "such as '7208-7229'"
            )
        return low, high
    code = normalise_code(text, what=what, lengths=(2, 4, 6))
    return code, code
