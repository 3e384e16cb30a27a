"""The transaction-value calculator: Article 1 price plus Article 8 adjustments, explained line by line.

:func:`compute_customs_value` walks the cost ledger of a :class:`Transaction` once. Each element gets a
:class:`Treatment` (added, deducted, already in the price, or not part of the value), the article or note that
decided it, and one sentence a trainee can read. Every foreign amount is converted at its own Article 9 rate,
contributions are summed exactly and the total is rounded half-up once, at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from mtp_kit.errors import ValuationError
from mtp_kit.valuation._model import Apportionment, Basis, CostElement, CostKind, Incoterm, Transaction
from mtp_kit.valuation._money import normalise_currency, parse_rates, round_money

__all__ = ["CustomsValue", "Treatment", "ValuationLine", "compute_customs_value", "incoterm_covers"]


class Treatment(Enum):
    """What happened to one line of the ledger."""

    PRICE = "price actually paid or payable"
    ADDED = "added"
    DEDUCTED = "deducted"
    INCLUDED = "already in the price"
    EXCLUDED = "not part of the value"

    @property
    def sign(self) -> int:
        """+1 for lines that raise the value, -1 for deductions, 0 for lines that leave it unchanged.

        >>> Treatment.DEDUCTED.sign
        -1
        """
        return {"PRICE": 1, "ADDED": 1, "DEDUCTED": -1}.get(self.name, 0)


@dataclass(frozen=True, slots=True)
class ValuationLine:
    """One explained line of a customs value: what it is, what happened to it, and why."""

    label: str
    kind: CostKind | None
    treatment: Treatment
    amount: Decimal
    currency: str
    rate: Decimal
    contribution: Decimal
    article: str
    explanation: str

    def as_row(self) -> dict[str, str]:
        """The line as plain text fields, for a widget's table or an assessment's feedback.

        >>> line = ValuationLine("freight", CostKind.MAIN_FREIGHT, Treatment.ADDED, Decimal("100"), "EUR",
        ...                      Decimal("1.25"), Decimal("125.00"), "Art. 8.2(a)", "Freight is added.")
        >>> line.as_row()["contribution"]
        '125.00'
        """
        return {
            "item": self.label,
            "treatment": self.treatment.value,
            "amount": f"{self.amount:,.2f} {self.currency}",
            "rate": str(self.rate),
            "contribution": f"{self.contribution:.2f}",
            "article": self.article,
            "why": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class CustomsValue:
    """The customs value of a transaction and the explained breakdown that produced it."""

    total: Decimal
    exact_total: Decimal
    currency: str
    basis: Basis
    incoterm: Incoterm
    lines: tuple[ValuationLine, ...]
    warnings: tuple[str, ...]

    def lines_with(self, treatment: Treatment) -> tuple[ValuationLine, ...]:
        """The lines that received ``treatment``, in ledger order.

        >>> value = compute_customs_value(Transaction(price=100, currency="USD", incoterm="CIF"))
        >>> [line.label for line in value.lines_with(Treatment.PRICE)]
        ['price actually paid or payable']
        """
        return tuple(line for line in self.lines if line.treatment is treatment)

    def rows(self) -> list[dict[str, str]]:
        """Every line as plain text fields (see :meth:`ValuationLine.as_row`).

        >>> compute_customs_value(Transaction(price=100, currency="USD", incoterm="CIF")).rows()[0]["article"]
        'Art. 1.1'
        """
        return [line.as_row() for line in self.lines]

    def explain(self) -> str:
        """A plain-text report: one line per element with its treatment, article and reason, then the total.

        >>> print(compute_customs_value(Transaction(price=100, currency="USD", incoterm="CIF")).explain())
        Customs value on a CIF basis, price term CIF, in USD
          + 100.00  price actually paid or payable  [Art. 1.1]
              The price the buyer paid or must pay the seller for the goods is the starting point.
        = 100.00 USD
        """
        out = [
            f"Customs value on {'an' if self.basis is Basis.FOB else 'a'} {self.basis.value} basis, price term {self.incoterm.name}, in {self.currency}"
        ]
        marks = {
            Treatment.PRICE: "+",
            Treatment.ADDED: "+",
            Treatment.DEDUCTED: "-",
            Treatment.INCLUDED: "·",
            Treatment.EXCLUDED: "x",
        }
        for line in self.lines:
            shown = abs(line.contribution) if line.treatment.sign else line.amount * line.rate
            status = "" if line.treatment.sign else f" ({line.treatment.value})"
            out.append(f"  {marks[line.treatment]} {shown:,.2f}  {line.label}{status}  [{line.article}]")
            out.append(f"      {line.explanation}")
        out.extend(f"  ! {warning}" for warning in self.warnings)
        out.append(f"= {self.total:,.2f} {self.currency}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.explain()


# Which transport legs each Incoterms 2020 rule puts in the seller's price. None: it depends on the named
# place (FCA at the seller's premises or at a terminal), so the ledger must say.
_LEGS = (CostKind.EXPORT_INLAND_TRANSPORT, CostKind.EXPORT_LOADING, CostKind.MAIN_FREIGHT, CostKind.INSURANCE)
_COVERAGE: dict[Incoterm, tuple[bool | None, bool, bool, bool]] = {
    Incoterm.EXW: (False, False, False, False),
    Incoterm.FCA: (None, False, False, False),
    Incoterm.FAS: (True, False, False, False),
    Incoterm.FOB: (True, True, False, False),
    Incoterm.CFR: (True, True, True, False),
    Incoterm.CPT: (True, True, True, False),
    Incoterm.CIF: (True, True, True, True),
    Incoterm.CIP: (True, True, True, True),
    Incoterm.DAP: (True, True, True, True),
    Incoterm.DPU: (True, True, True, True),
    Incoterm.DDP: (True, True, True, True),
}
# Under the D rules the seller carries the risk to destination, so insurance is normally in the price; no rule
# obliges it to insure, though, and a buyer may insure on its own account. Read as included unless stated.
_SOFT = {
    (Incoterm.DAP, CostKind.INSURANCE),
    (Incoterm.DPU, CostKind.INSURANCE),
    (Incoterm.DDP, CostKind.INSURANCE),
}
_DEDUCTIBLE_ONLY = {
    CostKind.POST_IMPORT_TRANSPORT,
    CostKind.POST_IMPORT_SERVICES,
    CostKind.IMPORT_DUTIES_TAXES,
    CostKind.BUYING_COMMISSION,
}
_DELIVERED_BEYOND_BORDER = {Incoterm.CPT, Incoterm.CIP, Incoterm.DAP, Incoterm.DPU, Incoterm.DDP}


def incoterm_covers(incoterm: Incoterm | str, kind: CostKind | str) -> bool | None:
    """Does a price on this Incoterms 2020 rule already pay for this transport leg?

    ``None`` means it depends on the named place. Only the four legs up to the place of importation have a
    fixed answer; for other kinds the result is ``None``.

    >>> incoterm_covers("CFR", "insurance"), incoterm_covers("CIF", "insurance"), incoterm_covers("FCA", "export_inland_transport")
    (False, True, None)
    """
    term, what = Incoterm.parse(incoterm), CostKind.parse(kind)
    if what not in _LEGS:
        return None
    return _COVERAGE[term][_LEGS.index(what)]


def _a(term: Incoterm) -> str:
    """'an FOB price', 'a CIF price': the article as the abbreviation is spoken."""
    return f"an {term.name}" if term.name[0] in "EFS" else f"a {term.name}"


def _included(element: CostElement, term: Incoterm) -> bool:
    """The 'already in the price' fact: stated, or read from the Incoterm, or refused when contradictory."""
    stated = element.included_in_price
    kind = element.kind
    if kind in _LEGS:
        covered = _COVERAGE[term][_LEGS.index(kind)]
        if stated is None:
            if covered is None:
                raise ValuationError(
                    f"{element.label!r}: with {_a(term)} price it depends on the named place whether "
                    "the seller pays this leg; state included_in_price=True or False"
                )
            return covered
        if covered is not None and stated != covered and (term, kind) not in _SOFT:
            if covered:
                raise ValuationError(
                    f"{element.label!r} is listed as not included in the price, but {_a(term)} price already "
                    f"covers the {kind.label}: listing it again would count it twice. Mark it "
                    "included_in_price=True (and shown_separately=True if the invoice shows it), or correct the "
                    "Incoterm"
                )
            raise ValuationError(
                f"{element.label!r} is listed as included in the price, but {_a(term)} price does not cover "
                f"the {kind.label}. Mark it included_in_price=False, or correct the Incoterm"
            )
        return stated
    if stated is not None:
        return stated
    if kind in _DEDUCTIBLE_ONLY and element.shown_separately:
        # "Shown separately from the price" only means something for an amount on the seller's invoice.
        return True
    if kind is CostKind.TRANSPORT_HANDLING:
        return _COVERAGE[term][2]
    if kind is CostKind.POST_IMPORT_TRANSPORT:
        return term in _DELIVERED_BEYOND_BORDER
    if kind is CostKind.IMPORT_DUTIES_TAXES:
        return term is Incoterm.DDP
    return False


_Decision = tuple[Treatment, str, str]


def _deductible(element: CostElement, included: bool, article: str, what: str) -> _Decision:
    """Costs that are never added and leave the price only when included and shown separately."""
    if not included:
        return (
            Treatment.EXCLUDED,
            article,
            f"{what} It is not in the price, and nothing adds it (Art. 8.4).",
        )
    if element.shown_separately:
        return (
            Treatment.DEDUCTED,
            article,
            f"{what} It is in the price and shown separately, so it is deducted.",
        )
    return (
        Treatment.INCLUDED,
        article,
        f"{what} It is in the price but not shown separately, so it cannot be deducted; "
        "ask for an invoice that distinguishes it.",
    )


def _addable(element: CostElement, included: bool, article: str, what: str) -> _Decision:
    """Article 8 additions: added when the buyer bears the cost and the price does not contain it."""
    if included:
        return (Treatment.INCLUDED, article, f"{what} The price already contains it, so nothing is added.")
    if not element.borne_by_buyer:
        return (
            Treatment.EXCLUDED,
            article,
            f"{what} The buyer does not bear it, so Article 8 does not add it.",
        )
    return (
        Treatment.ADDED,
        article,
        f"{what} The buyer bears it and the price does not contain it, so it is added.",
    )


def _require(element: CostElement, fact: str, question: str) -> bool:
    value = getattr(element, fact)
    if value is None:
        raise ValuationError(f"{element.label!r} needs the fact {fact!r} ({question}): state True or False")
    return value


def _decide(element: CostElement, included: bool, basis: Basis) -> _Decision:
    kind = element.kind
    if kind in (CostKind.EXPORT_INLAND_TRANSPORT, CostKind.EXPORT_LOADING):
        article = "Art. 8.2(a)-(b)" if basis is Basis.CIF else "Art. 8.2 (FOB basis)"
        what = (
            "Getting the goods to the ship or carrier in the export country is part of the cost of delivering "
            "them to the place of importation."
            if basis is Basis.CIF
            else "On an FOB basis the value includes every cost up to loading on board in the export country."
        )
        return _addable(element, included, article, what)
    if kind in (CostKind.MAIN_FREIGHT, CostKind.INSURANCE, CostKind.TRANSPORT_HANDLING):
        article = {
            CostKind.MAIN_FREIGHT: "Art. 8.2(a)",
            CostKind.TRANSPORT_HANDLING: "Art. 8.2(b)",
            CostKind.INSURANCE: "Art. 8.2(c)",
        }[kind]
        if basis is Basis.CIF:
            what = "On a CIF basis, costs up to the place of importation are part of the customs value."
            return _addable(element, included, article, what)
        what = (
            "On an FOB basis, costs after loading on board in the export country are left out of the value."
        )
        return _deductible(element, included, article + " (FOB basis)", what)
    if kind is CostKind.POST_IMPORT_TRANSPORT:
        return _deductible(
            element,
            included,
            "Interpretative note to Art. 1, para. 3(b)",
            "Transport after importation is not part of the value.",
        )
    if kind is CostKind.POST_IMPORT_SERVICES:
        return _deductible(
            element,
            included,
            "Interpretative note to Art. 1, para. 3(a)",
            "Work done on the goods after importation (assembly, erection, maintenance, technical assistance) "
            "is not part of the value.",
        )
    if kind is CostKind.IMPORT_DUTIES_TAXES:
        return _deductible(
            element,
            included,
            "Interpretative note to Art. 1, para. 3(c)",
            "Duties and taxes of the importing country are not part of the value.",
        )
    if kind is CostKind.BUYING_COMMISSION:
        return _deductible(
            element,
            included,
            "Art. 8.1(a)(i)",
            "A buying commission pays the buyer's own agent; Article 8 adds only selling commissions and brokerage.",
        )
    if kind in (CostKind.SELLING_COMMISSION, CostKind.BROKERAGE):
        return _addable(
            element, included, "Art. 8.1(a)(i)", f"A {kind.label} is paid for selling the goods to the buyer."
        )
    if kind is CostKind.CONTAINERS:
        if not element.one_with_goods:
            return _deductible(
                element,
                included,
                "Art. 8.1(a)(ii)",
                "Only containers treated as one with the goods are part of their value; these are classified "
                "on their own.",
            )
        return _addable(
            element, included, "Art. 8.1(a)(ii)", "Containers treated as one with the goods are added."
        )
    if kind is CostKind.PACKING:
        return _addable(
            element, included, "Art. 8.1(a)(iii)", "Packing, labour and materials alike, is added."
        )
    if kind.is_assist:
        return _decide_assist(element, included)
    if kind is CostKind.ROYALTY:
        return _decide_royalty(element, included)
    if kind is CostKind.PROCEEDS:
        if included:
            return (
                Treatment.INCLUDED,
                "Art. 8.1(d)",
                "The price already contains the seller's share of the resale.",
            )
        return (
            Treatment.ADDED,
            "Art. 8.1(d)",
            "Part of the proceeds of resale goes back to the seller, so that part is added.",
        )
    if kind is CostKind.INTEREST:
        return _decide_interest(element, included)
    if kind is CostKind.INDIRECT_PAYMENT:
        if included:
            return (
                Treatment.INCLUDED,
                "Interpretative note to Art. 1",
                "The price already contains this payment.",
            )
        return (
            Treatment.ADDED,
            "Interpretative note to Art. 1",
            "A payment made to or for the benefit of the seller is part of the price actually paid or payable.",
        )
    if kind is CostKind.BUYER_OWN_ACTIVITY:
        if included:
            raise ValuationError(
                f"{element.label!r}: an activity on the buyer's own account is not paid to the seller, so it cannot "
                "be inside the price; if the buyer pays the seller for it, list it as an indirect_payment"
            )
        return (
            Treatment.EXCLUDED,
            "Interpretative note to Art. 1",
            "What the buyer does on its own account (its own marketing, for example) is not a payment to the "
            "seller, even if the seller benefits.",
        )
    raise AssertionError(f"unhandled cost kind {kind}")  # pragma: no cover - every CostKind is handled above


def _decide_assist(element: CostElement, included: bool) -> _Decision:
    article = {
        CostKind.ASSIST_MATERIALS: "Art. 8.1(b)(i)",
        CostKind.ASSIST_TOOLS: "Art. 8.1(b)(ii)",
        CostKind.ASSIST_CONSUMED: "Art. 8.1(b)(iii)",
        CostKind.ASSIST_ENGINEERING: "Art. 8.1(b)(iv)",
    }[element.kind]
    if element.kind is CostKind.ASSIST_ENGINEERING and _require(
        element, "done_in_importing_country", "was the work done in the importing country?"
    ):
        return (
            Treatment.EXCLUDED,
            article,
            "Engineering, design or artwork done in the importing country is not an assist and is never added.",
        )
    what = (
        "The buyer supplied this for the production of the goods, free or at reduced cost: it is an assist."
    )
    return _addable(element, included, article, what)


def _decide_royalty(element: CostElement, included: bool) -> _Decision:
    article = "Art. 8.1(c)"
    if element.reproduction_right:
        return (
            Treatment.INCLUDED if included else Treatment.EXCLUDED,
            "Interpretative note to Art. 8.1(c)",
            "A charge for the right to reproduce the goods in the importing country is not added.",
        )
    related = _require(element, "related_to_goods", "is the royalty related to the imported goods?")
    condition = _require(element, "condition_of_sale", "must the buyer pay it as a condition of the sale?")
    if not related:
        return (
            Treatment.INCLUDED if included else Treatment.EXCLUDED,
            article,
            "Only royalties related to the goods being valued are added.",
        )
    if not condition:
        return (
            Treatment.INCLUDED if included else Treatment.EXCLUDED,
            article,
            "The buyer could have bought the goods without paying it, so it is not a condition of sale and is not added.",
        )
    return _addable(
        element, included, article, "The royalty relates to the goods and is a condition of their sale."
    )


def _decide_interest(element: CostElement, included: bool) -> _Decision:
    article = "Decision 3.1 of the Committee on Customs Valuation"
    in_writing = _require(element, "in_writing", "is the financing arrangement in writing?")
    fair_rate = _require(
        element, "rate_not_above_prevailing", "is the rate no higher than the rate prevailing for such deals?"
    )
    separate = element.shown_separately or not included
    failed = [
        reason
        for reason, ok in (
            ("the arrangement is not in writing", in_writing),
            ("the interest is not shown separately from the price", separate),
            ("the rate is above the prevailing level", fair_rate),
        )
        if not ok
    ]
    if not failed:
        if included:
            return (
                Treatment.DEDUCTED,
                article,
                "Interest under a written financing arrangement, shown separately, at a normal rate is not part "
                "of the value, so it is deducted.",
            )
        return (
            Treatment.EXCLUDED,
            article,
            "Interest under a written financing arrangement at a normal rate is not part of the value.",
        )
    why = "; ".join(failed)
    if included:
        return (Treatment.INCLUDED, article, f"The interest stays in the price because {why}.")
    if _require(element, "paid_to_seller", "is the interest paid to the seller?"):
        return (
            Treatment.ADDED,
            "Art. 1 and " + article,
            f"The interest does not qualify for exclusion ({why}) and is paid to the seller, so it is part of "
            "the price actually paid or payable.",
        )
    return (
        Treatment.EXCLUDED,
        "Art. 8.4",
        f"The interest does not qualify for exclusion ({why}), but it is paid to a third party, not the seller, "
        "and Article 8 does not list it.",
    )


def _counted_amount(element: CostElement) -> tuple[Decimal, str]:
    """The amount that enters the value, with a note on how an assist's cost was apportioned."""
    if not element.kind.is_assist:
        return element.amount, ""
    if element.paid_by_seller > element.amount:
        raise ValuationError(
            f"{element.label!r}: the seller paid {element.paid_by_seller} for an assist worth {element.amount}; "
            "expected no more than the assist's value"
        )
    net = element.amount - element.paid_by_seller
    note = (
        f" Its cost {element.amount} less {element.paid_by_seller} paid by the seller is {net}."
        if element.paid_by_seller
        else ""
    )
    method = element.apportionment or Apportionment.FIRST_SHIPMENT
    if method is Apportionment.FIRST_SHIPMENT:
        if element.units_in_shipment is not None or element.units_total is not None:
            raise ValuationError(
                f"{element.label!r}: units are given but no apportionment method; expected apportionment="
                "'units_produced' or 'contracted_production' (or no units for the first-shipment method)"
            )
        return net, note + " The whole value is apportioned to this first shipment."
    shipped, total = element.units_in_shipment, element.units_total
    if shipped is None or total is None:
        raise ValuationError(
            f"{element.label!r}: apportionment {method.name.lower()} needs units_in_shipment and units_total"
        )
    if shipped > total:
        raise ValuationError(
            f"{element.label!r}: units_in_shipment {shipped} exceeds units_total {total}; expected a share of the total"
        )
    share = net * shipped / total
    return share, note + f" Apportioned {method.value}: {net} × {shipped}/{total} units."


def _warnings(transaction: Transaction, basis: Basis, present: set[CostKind]) -> list[str]:
    """Point at costs the price term leaves out and the ledger does not list."""
    notes = []
    term = transaction.incoterm
    wanted = _LEGS if basis is Basis.CIF else _LEGS[:2]
    for kind in wanted:
        if _COVERAGE[term][_LEGS.index(kind)] is False and kind not in present:
            notes.append(
                f"{_a(term)[0].upper()}{_a(term)[1:]} price does not cover the {kind.label} and the ledger has no line for it: "
                f"on a{'n' if basis is Basis.FOB else ''} {basis.value} basis its cost belongs in the value. "
                "Ask for the invoice, or apply the administration's rule for costs that are not known."
            )
    return notes


def compute_customs_value(
    transaction: Transaction,
    *,
    basis: Basis | str = Basis.CIF,
    exchange_rates: Mapping[str, object] | None = None,
    national_currency: str | None = None,
    places: int = 2,
) -> CustomsValue:
    """The transaction value of Article 1, adjusted under Article 8, with an explanation of every line.

    ``basis`` is the administration's choice under Article 8.2 (``"CIF"`` or ``"FOB"``). ``exchange_rates``
    maps each foreign currency to units of ``national_currency`` per unit (Article 9); the national currency
    defaults to the price's currency when no rates are given. The sum is rounded half-up to ``places``
    decimals once, at the end.

    DOMAIN.md's worked example, an EXW price of EUR 12,000 on a CIF basis at 1.25:

    >>> deal = Transaction(price=12000, currency="EUR", incoterm="EXW", elements=[
    ...     CostElement(kind="export_inland_transport", amount=400),
    ...     CostElement(kind="export_loading", amount=150),
    ...     CostElement(kind="main_freight", amount=1100),
    ...     CostElement(kind="insurance", amount=80),
    ... ])
    >>> compute_customs_value(deal, basis="CIF", exchange_rates={"EUR": "1.25"}, national_currency="KES").total
    Decimal('17162.50')
    >>> compute_customs_value(deal, basis="FOB", exchange_rates={"EUR": "1.25"}, national_currency="KES").total
    Decimal('15687.50')
    """
    if not isinstance(transaction, Transaction):
        raise ValuationError(f"transaction is {transaction!r}: expected a Transaction")
    basis = Basis.parse(basis)
    rates = parse_rates(exchange_rates)
    if national_currency is None:
        if rates:
            raise ValuationError(
                "exchange rates were given but national_currency was not: name the currency the value is "
                "declared in, e.g. national_currency='KES'"
            )
        national = transaction.currency
    else:
        national = normalise_currency(national_currency, what="the national currency")
    if rates.get(national, Decimal(1)) != 1:
        raise ValuationError(
            f"the exchange rate for the national currency {national} is {rates[national]}: expected 1 or no entry"
        )

    def rate_for(currency: str, what: str) -> Decimal:
        if currency == national:
            return Decimal(1)
        if currency not in rates:
            known = ", ".join(sorted(rates)) or "none"
            raise ValuationError(
                f"{what} is in {currency} but there is no exchange rate for {currency} (rates given: {known}); "
                f"add one, e.g. exchange_rates={{'{currency}': '1.25'}}"
            )
        return rates[currency]

    term = transaction.incoterm
    price_rate = rate_for(transaction.currency, "the price")
    lines = [
        ValuationLine(
            label="price actually paid or payable",
            kind=None,
            treatment=Treatment.PRICE,
            amount=transaction.price,
            currency=transaction.currency,
            rate=price_rate,
            contribution=transaction.price * price_rate,
            article="Art. 1.1",
            explanation="The price the buyer paid or must pay the seller for the goods is the starting point.",
        )
    ]
    for element in transaction.elements:
        currency = element.currency or transaction.currency
        rate = rate_for(currency, repr(element.label))
        included = _included(element, term)
        treatment, article, explanation = _decide(element, included, basis)
        amount, note = _counted_amount(element)
        if (
            treatment is Treatment.DEDUCTED and element.kind.is_assist
        ):  # pragma: no cover - assists are never deducted
            raise AssertionError("assists are never deducted")
        lines.append(
            ValuationLine(
                label=element.label,
                kind=element.kind,
                treatment=treatment,
                amount=amount,
                currency=currency,
                rate=rate,
                contribution=treatment.sign * amount * rate,
                article=article,
                explanation=explanation + (note if treatment is Treatment.ADDED else ""),
            )
        )
    exact = sum((line.contribution for line in lines), Decimal(0))
    if exact < 0:
        raise ValuationError(
            f"the deductions exceed the price (the value would be {exact}): check which amounts are really "
            "inside the price"
        )
    return CustomsValue(
        total=round_money(exact, places),
        exact_total=exact,
        currency=national,
        basis=basis,
        incoterm=term,
        lines=tuple(lines),
        warnings=tuple(_warnings(transaction, basis, {element.kind for element in transaction.elements})),
    )
