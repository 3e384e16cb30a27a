"""What a transaction is made of: price terms, cost elements and the facts that decide their treatment.

A :class:`Transaction` is the price actually paid or payable, with its currency and Incoterms 2020 term, plus a
ledger of :class:`CostElement` lines. Each element records only facts (what it is, how much, who bore it,
whether the invoice price already contains it); the rules that turn those facts into additions and deductions
live in ``_engine.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from mtp_kit.errors import ValuationError
from mtp_kit.valuation._money import normalise_currency, to_decimal

__all__ = [
    "Apportionment",
    "Basis",
    "CostElement",
    "CostKind",
    "Incoterm",
    "Transaction",
]


E = TypeVar("E", bound=Enum)


def _accepted(enum_type: type[Enum]) -> str:
    return ", ".join(member.name for member in enum_type)


def parse_member(enum_type: type[E], value: object, *, what: str, by_label: bool = False) -> E:
    """Read a member of ``enum_type`` from its name, in any case, with spaces or dashes for underscores
    (or, with ``by_label``, from its plain-English value); otherwise raise ValuationError naming ``what``.

    >>> parse_member(Apportionment, "units-produced", what="apportionment")
    <Apportionment.UNITS_PRODUCED: 'over the units produced so far'>
    """
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str):
        key = value.strip().upper().replace("-", "_").replace(" ", "_")
        if key in enum_type.__members__:
            return enum_type[key]
        if by_label:
            for member in enum_type:
                if member.value == value.strip().lower():
                    return member
    names = ", ".join(member.name.lower() for member in enum_type)
    raise ValuationError(f"{what} {value!r} is not known: expected one of {names}")


class Basis(Enum):
    """The administration's valuation basis (Article 8.2): does the value include transport to the border?"""

    CIF = "CIF"
    FOB = "FOB"

    @classmethod
    def parse(cls, value: object) -> Basis:
        """Read ``"cif"``, ``"FOB"`` or a :class:`Basis`.

        >>> Basis.parse("fob")
        <Basis.FOB: 'FOB'>
        """
        if isinstance(value, Basis):
            return value
        if isinstance(value, str) and value.strip().upper() in cls.__members__:
            return cls[value.strip().upper()]
        raise ValuationError(f"valuation basis {value!r} is not accepted: expected one of {_accepted(cls)}")


class Incoterm(Enum):
    """The eleven Incoterms 2020 rules, in the ICC's order."""

    EXW = "Ex Works"
    FCA = "Free Carrier"
    CPT = "Carriage Paid To"
    CIP = "Carriage and Insurance Paid To"
    DAP = "Delivered at Place"
    DPU = "Delivered at Place Unloaded"
    DDP = "Delivered Duty Paid"
    FAS = "Free Alongside Ship"
    FOB = "Free On Board"
    CFR = "Cost and Freight"
    CIF = "Cost, Insurance and Freight"

    @classmethod
    def parse(cls, value: object) -> Incoterm:
        """Read a term as officers write it: ``"cif"``, ``"CIF 2020"``, ``"FOB Mombasa"``.

        >>> Incoterm.parse("cif Mombasa")
        <Incoterm.CIF: 'Cost, Insurance and Freight'>
        >>> Incoterm.parse("DAT")
        Traceback (most recent call last):
        ...
        mtp_kit.errors.ValuationError: Incoterm 'DAT' is not an Incoterms 2020 rule (DAT was replaced by DPU in 2020): expected one of EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF
        """
        if isinstance(value, Incoterm):
            return value
        if isinstance(value, str) and value.split():
            head = value.split()[0].strip(",;").upper()
            if head in cls.__members__:
                return cls[head]
            hint = {
                "DAT": " (DAT was replaced by DPU in 2020)",
                "DAF": " (DAF was withdrawn in 2010)",
                "DES": " (DES was withdrawn in 2010)",
                "DEQ": " (DEQ was withdrawn in 2010)",
                "DDU": " (DDU was withdrawn in 2010)",
                "C&F": " (write CFR)",
                "CNF": " (write CFR)",
            }.get(head, "")
            raise ValuationError(
                f"Incoterm {value!r} is not an Incoterms 2020 rule{hint}: expected one of {_accepted(cls)}"
            )
        raise ValuationError(
            f"Incoterm {value!r} is not an Incoterms 2020 rule: expected one of {_accepted(cls)}"
        )


class CostKind(Enum):
    """Every kind of cost or payment the Valuation Agreement treats differently.

    The value is the plain-English label used in breakdowns.
    """

    # The transport chain, in the order the goods travel.
    EXPORT_INLAND_TRANSPORT = "transport in the export country to the place of shipment"
    EXPORT_LOADING = "loading and handling in the export country before the main carriage"
    MAIN_FREIGHT = "main carriage to the place of importation"
    TRANSPORT_HANDLING = "loading, unloading and handling linked to transport up to the place of importation"
    INSURANCE = "insurance up to the place of importation"
    POST_IMPORT_TRANSPORT = "transport after importation"
    POST_IMPORT_SERVICES = "assembly, erection, maintenance or technical assistance after importation"
    IMPORT_DUTIES_TAXES = "import duties and taxes of the importing country"
    # Commissions.
    BUYING_COMMISSION = "buying commission"
    SELLING_COMMISSION = "selling commission"
    BROKERAGE = "brokerage"
    # Containers and packing.
    CONTAINERS = "containers"
    PACKING = "packing (labour and materials)"
    # Assists, Article 8.1(b)(i)-(iv).
    ASSIST_MATERIALS = "assist: materials, components and parts"
    ASSIST_TOOLS = "assist: tools, dies and moulds"
    ASSIST_CONSUMED = "assist: materials consumed in production"
    ASSIST_ENGINEERING = "assist: engineering, development, artwork, design, plans and sketches"
    # Other payments.
    ROYALTY = "royalty or licence fee"
    PROCEEDS = "proceeds of resale accruing to the seller"
    INTEREST = "interest under a financing arrangement"
    INDIRECT_PAYMENT = "indirect payment to or for the seller"
    BUYER_OWN_ACTIVITY = "activity on the buyer's own account"

    @property
    def label(self) -> str:
        """The plain-English name of this kind.

        >>> CostKind.BUYING_COMMISSION.label
        'buying commission'
        """
        return self.value

    @property
    def is_assist(self) -> bool:
        """True for the four kinds of assist.

        >>> CostKind.ASSIST_TOOLS.is_assist, CostKind.PACKING.is_assist
        (True, False)
        """
        return self.name.startswith("ASSIST_")

    @classmethod
    def parse(cls, value: object) -> CostKind:
        """Read a kind from its name, in any case, with spaces or dashes for underscores.

        >>> CostKind.parse("buying commission")
        <CostKind.BUYING_COMMISSION: 'buying commission'>
        """
        return parse_member(cls, value, what="cost kind", by_label=True)


class Apportionment(Enum):
    """How the value of an assist used for many units is spread over shipments (Interpretative note to 8.1(b))."""

    FIRST_SHIPMENT = "the whole value to the first shipment"
    UNITS_PRODUCED = "over the units produced so far"
    CONTRACTED_PRODUCTION = "over the whole contracted production"

    @classmethod
    def parse(cls, value: object) -> Apportionment:
        """Read an apportionment method by name.

        >>> Apportionment.parse("units produced")
        <Apportionment.UNITS_PRODUCED: 'over the units produced so far'>
        """
        return parse_member(cls, value, what="apportionment")


def _optional_bool(value: object, *, what: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ValuationError(f"{what} is {value!r}: expected True, False or None (not stated)")


@dataclass(frozen=True, slots=True, kw_only=True)
class CostElement:
    """One line of the cost ledger: an amount and the facts that decide whether it enters the customs value.

    Facts common to every kind:

    - ``included_in_price``: is the amount already inside the invoice price? ``None`` means "not stated":
      for the transport chain it is read from the Incoterm, for other kinds it means "no".
    - ``shown_separately``: is it distinguished from the price on the invoice or contract? A cost can be
      deducted from the price only if it is.
    - ``borne_by_buyer``: did the buyer pay it (or must it)? Additions under Article 8 apply only to costs
      the buyer bears. Defaults to True.

    Facts of particular kinds are keyword arguments too; the engine names any that is missing.

    >>> CostElement(kind="insurance", amount="80").kind
    <CostKind.INSURANCE: 'insurance up to the place of importation'>
    """

    kind: CostKind
    amount: Decimal
    currency: str | None = None
    label: str = ""
    included_in_price: bool | None = None
    shown_separately: bool = False
    borne_by_buyer: bool = True
    # Assists
    done_in_importing_country: bool | None = None
    apportionment: Apportionment | None = None
    units_in_shipment: int | None = None
    units_total: int | None = None
    paid_by_seller: Decimal = Decimal(0)
    # Royalties and licence fees
    related_to_goods: bool | None = None
    condition_of_sale: bool | None = None
    reproduction_right: bool = False
    # Interest
    in_writing: bool | None = None
    rate_not_above_prevailing: bool | None = None
    paid_to_seller: bool | None = None
    # Containers
    one_with_goods: bool = True

    def __post_init__(self) -> None:
        kind = CostKind.parse(self.kind)
        object.__setattr__(self, "kind", kind)
        name = self.label or kind.label
        object.__setattr__(self, "label", name)
        object.__setattr__(self, "amount", to_decimal(self.amount, what=f"the amount of {name!r}"))
        if self.currency is not None:
            object.__setattr__(
                self, "currency", normalise_currency(self.currency, what=f"the currency of {name!r}")
            )
        object.__setattr__(
            self,
            "paid_by_seller",
            to_decimal(self.paid_by_seller, what=f"the amount the seller paid for {name!r}"),
        )
        for fact in (
            "included_in_price",
            "done_in_importing_country",
            "related_to_goods",
            "condition_of_sale",
            "in_writing",
            "rate_not_above_prevailing",
            "paid_to_seller",
        ):
            _optional_bool(getattr(self, fact), what=f"the fact {fact!r} of {name!r}")
        for fact in ("shown_separately", "borne_by_buyer", "reproduction_right", "one_with_goods"):
            if not isinstance(getattr(self, fact), bool):
                raise ValuationError(
                    f"the fact {fact!r} of {name!r} is {getattr(self, fact)!r}: expected True or False"
                )
        if self.apportionment is not None:
            object.__setattr__(self, "apportionment", Apportionment.parse(self.apportionment))
        for count in ("units_in_shipment", "units_total"):
            value = getattr(self, count)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
                raise ValuationError(
                    f"{count} of {name!r} is {value!r}: expected a whole number of units above 0"
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class Transaction:
    """A sale for export: the price actually paid or payable, its currency and price term, and the cost ledger.

    >>> deal = Transaction(price="12000", currency="EUR", incoterm="EXW")
    >>> deal.incoterm, deal.price
    (<Incoterm.EXW: 'Ex Works'>, Decimal('12000'))
    """

    price: Decimal
    currency: str
    incoterm: Incoterm
    elements: tuple[CostElement, ...] = field(default=())
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", to_decimal(self.price, what="the price actually paid or payable"))
        if self.price == 0:
            raise ValuationError(
                "the price actually paid or payable is 0: Article 1 needs a sale at a price; "
                "goods supplied free of charge are valued by the other methods (Articles 2 to 7)"
            )
        object.__setattr__(
            self, "currency", normalise_currency(self.currency, what="the currency of the price")
        )
        object.__setattr__(self, "incoterm", Incoterm.parse(self.incoterm))
        elements = self.elements
        if isinstance(elements, CostElement) or not isinstance(elements, Iterable):
            raise ValuationError(f"elements is {elements!r}: expected a list of CostElement")
        elements = tuple(elements)
        for position, element in enumerate(elements, start=1):
            if not isinstance(element, CostElement):
                raise ValuationError(f"element {position} is {element!r}: expected a CostElement")
        object.__setattr__(self, "elements", elements)
