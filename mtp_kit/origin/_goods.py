"""The goods an origin case is about: the product exported and the materials that went into it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from mtp_kit._numbers import parse_decimal
from mtp_kit.errors import OriginError
from mtp_kit.origin._codes import normalise_code

__all__ = ["Material", "Product", "round_half_up", "to_decimal"]

_CENT = Decimal("0.01")


def round_half_up(value: Decimal) -> Decimal:
    """Round half-up to 2 decimals, for presentation only (decisions use the exact value).

    >>> round_half_up(Decimal("36.1111")), round_half_up(Decimal("32.125"))
    (Decimal('36.11'), Decimal('32.13'))
    """
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: object, what: str, *, positive: bool = False) -> Decimal:
    """Read an amount typed by a trainee (Decimal, int, str, or a float through its shortest repr).

    >>> to_decimal("1,200", "value"), to_decimal(0.1, "value")
    (Decimal('1200'), Decimal('0.1'))
    """
    number = parse_decimal(value)
    if number is None:
        raise OriginError(
            f"{what} {value!r} is not a number: give a Decimal, an int or a string such as '1200.50'"
        )
    if not number.is_finite() or number < 0 or (positive and number == 0):
        expected = "more than zero" if positive else "zero or more"
        raise OriginError(f"{what} {value!r} is not an amount: expected a finite number {expected}")
    return number


def _party(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OriginError(f"{what} {value!r} is not a party: give a country or party code such as 'KE'")
    return value.strip().upper()


@dataclass(frozen=True, slots=True, kw_only=True)
class Material:
    """A material used in production: its HS code, its value, and where it originates.

    ``origin`` is the party the material is proven to originate in, or ``None`` when it is non-originating
    or its origin is unknown (both count as non-originating). ``value`` is normally its customs value at
    import or the first ascertainable price paid in the territory (DOMAIN 3.2).

    >>> Material(description="green coffee", hs_code="0901.11", value="1200").hs_code
    '090111'
    """

    description: str
    hs_code: str
    value: Decimal
    origin: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.description, str) or not self.description.strip():
            raise OriginError(f"material description {self.description!r} is empty: say what the material is")
        name = self.description
        object.__setattr__(self, "hs_code", normalise_code(self.hs_code, what=f"material {name!r} HS code"))
        object.__setattr__(self, "value", to_decimal(self.value, f"material {name!r} value"))
        if self.origin is not None:
            object.__setattr__(self, "origin", _party(self.origin, f"material {name!r} origin"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Product:
    """The exported product: HS code, exporting party, prices, materials, and what was done to it.

    ``processes`` names specific processes carried out (matched against specific-process rules);
    ``operations`` names every operation carried out in the exporting party (matched against the agreement's
    insufficient operations). ``wholly_obtained`` is the claim that the product was wholly obtained there.
    FOB = ex-works + inland transport + export loading (DOMAIN 3.2); give it when a rule is on an FOB base.

    >>> p = Product(description="roasted coffee", hs_code="0901.21", party="ke", ex_works_price="2000",
    ...             materials=[Material(description="green coffee", hs_code="0901.11", value="1200")])
    >>> p.party, p.materials[0].description
    ('KE', 'green coffee')
    """

    description: str
    hs_code: str
    party: str
    ex_works_price: Decimal
    materials: tuple[Material, ...] = ()
    fob_price: Decimal | None = None
    wholly_obtained: bool = False
    processes: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.description, str) or not self.description.strip():
            raise OriginError(f"product description {self.description!r} is empty: say what the product is")
        name = self.description
        object.__setattr__(self, "hs_code", normalise_code(self.hs_code, what=f"product {name!r} HS code"))
        object.__setattr__(self, "party", _party(self.party, f"product {name!r} exporting party"))
        object.__setattr__(
            self,
            "ex_works_price",
            to_decimal(self.ex_works_price, f"product {name!r} ex-works price", positive=True),
        )
        if self.fob_price is not None:
            fob = to_decimal(self.fob_price, f"product {name!r} FOB price", positive=True)
            if fob < self.ex_works_price:
                raise OriginError(
                    f"product {name!r} FOB price {self.fob_price!r} is below its ex-works price "
                    f"{self.ex_works_price}: FOB adds inland transport and loading to ex-works"
                )
            object.__setattr__(self, "fob_price", fob)
        materials = _tuple(self.materials, f"product {name!r} materials")
        for material in materials:
            if not isinstance(material, Material):
                raise OriginError(f"material {material!r} is not a Material: build it with Material(...)")
        names = [material.description for material in materials]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise OriginError(
                f"product {name!r} lists materials {repeated} more than once: give each material a distinct "
                "description (e.g. 'screws (supplier A)'), so that the verdict can name it"
            )
        object.__setattr__(self, "materials", materials)
        object.__setattr__(self, "processes", _words(self.processes, f"product {name!r} processes"))
        object.__setattr__(self, "operations", _words(self.operations, f"product {name!r} operations"))
        if not isinstance(self.wholly_obtained, bool):
            raise OriginError(
                f"product {name!r} wholly_obtained {self.wholly_obtained!r} is not True or False"
            )


def _tuple(values: Iterable[object], what: str) -> tuple:
    if isinstance(values, (str, bytes)):
        raise OriginError(f"{what} {values!r} is a single string: give a list")
    try:
        return tuple(values)
    except TypeError:
        raise OriginError(f"{what} {values!r} is not a list") from None


def _words(values: Iterable[str], what: str) -> tuple[str, ...]:
    words = _tuple(values, what)
    for word in words:
        if not isinstance(word, str) or not word.strip():
            raise OriginError(f"{what} entry {word!r} is not a name: give short names such as 'roasting'")
    # Names are compared case-insensitively, so a trainee's "Roasting" matches the rule's "roasting".
    return tuple(word.strip().lower() for word in words)
