"""Per-candidate figures for assessments written from a valuation bank (``mtp bank assessment --variants``).

Every candidate gets the bank's cases with every amount — the price and each cost element — multiplied by a
factor drawn for that candidate, assessment and case (never 1, so nobody's figures are the bank's own). The
treatments do not change, since they follow from the facts and the price term; the customs value does, so a
neighbour's value is no use. The same draw is made three times: when the notebook shows the case
(:func:`show_bank_case`), in the source's solution, and in the hidden test at grading, where ``mtp grade`` sets
the candidate from nbgrader's student id.

A case travels in the notebook as the bank's text of that case without the author's answer columns, packed
(zlib, then base64) so that the setup cell stays one short line per case and the base figures are not what the
candidate reads; the candidate's own figures are printed under each case.
"""

from __future__ import annotations

import base64
import csv
import io
import zlib
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from mtp_kit.exercises._banks import ValuationBankCase, read_bank_text

__all__ = [
    "FACTORS",
    "candidate_case",
    "for_candidate",
    "pack",
    "scaled",
    "show_bank_case",
    "unpack",
    "valuation_story",
]

#: The factors a candidate's amounts can be multiplied by: 0.80 to 1.25 in steps of 0.05, without 1.00.
FACTORS = tuple(Decimal(f"{step / 20:.2f}") for step in range(16, 26) if step != 20)
_CENT = Decimal("0.01")


def factor_for(*, assessment: str, candidate: str, case_id: str) -> Decimal:
    """The factor of one case for one candidate: the same on every machine, different between neighbours.

    >>> factor_for(assessment="wg2-lakeport", candidate="ke-017", case_id="lk-v1") in FACTORS
    True
    """
    from mtp_kit.grading import Variant

    return Variant(candidate=candidate, assessment=f"{assessment}/{case_id}").choice(FACTORS)


def scaled(case: ValuationBankCase, factor: Decimal) -> ValuationBankCase:
    """*case* with the price and every cost element multiplied by *factor*, rounded half up to the cent.

    The author's expected value and working belong to the bank's figures, so they are dropped.

    >>> bank = read_bank_text("bank,valuation\\ncase_id,title,price,currency,incoterm\\nv1,Tea,1000,USD,CIF\\n")
    >>> scaled(bank.cases[0], Decimal("1.15")).transaction.price
    Decimal('1150.00')
    """
    deal = case.transaction
    elements = tuple(replace(element, amount=_times(element.amount, factor)) for element in deal.elements)
    transaction = replace(deal, price=_times(deal.price, factor), elements=elements)
    return replace(case, transaction=transaction, expected_value=None, working="")


def _times(amount: Decimal, factor: Decimal) -> Decimal:
    return (amount * factor).quantize(_CENT, rounding=ROUND_HALF_UP)


def for_candidate(
    case: ValuationBankCase, *, assessment: str, candidate: str | None = None
) -> ValuationBankCase:
    """*case* with the figures of *candidate* (default: the one running the notebook) in *assessment*."""
    from mtp_kit.grading import candidate_id

    who = candidate or candidate_id()
    return scaled(case, factor_for(assessment=assessment, candidate=who, case_id=case.case_id))


def pack(text: str) -> str:
    """Bank text as one line of base64 (zlib-compressed): the same text always packs to the same line.

    >>> unpack(pack("bank,valuation\\n")) == "bank,valuation\\n"
    True
    """
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def unpack(packed: str) -> str:
    """The bank text :func:`pack` packed."""
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def candidate_case(packed: str, *, assessment: str, candidate: str | None = None) -> ValuationBankCase:
    """The one case of a packed bank text, with *candidate*'s figures (default: the one running the notebook)."""
    (case,) = read_bank_text(unpack(packed), name="case").cases
    return for_candidate(case, assessment=assessment, candidate=candidate)


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _facts(element: object) -> str:
    from dataclasses import fields

    shown = []
    for spec in fields(element):
        if spec.name in ("kind", "amount", "currency", "label"):
            continue
        value = getattr(element, spec.name)
        if value != spec.default and value is not None:
            word = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
            shown.append(f"{spec.name.replace('_', ' ')}: {getattr(word, 'value', word)}")
    return f" ({'; '.join(shown)})" if shown else ""


def valuation_story(case: ValuationBankCase, number: int) -> list[str]:
    """The Markdown lines that tell case *number* (counted from 1): the sale, the settings and the cost file."""
    deal = case.transaction
    rates = "; ".join(f"1 {c} = {r} {case.national_currency}" for c, r in sorted(case.rates.items()))
    story = [
        f"### Case {number}: {case.title}",
        "",
        *([deal.description, ""] if deal.description else []),
        f"Price actually paid or payable: **{_money(deal.price)} {deal.currency}**, {deal.incoterm.name} "
        f"({deal.incoterm.value}). The administration values on a **{case.basis.name} basis**, in "
        f"**{case.national_currency}**" + (f"; exchange rates: {rates}." if rates else "."),
    ]
    if deal.elements:
        story += ["", "The file also shows:", ""]
        for n, element in enumerate(deal.elements, start=1):
            what = element.label or element.kind.value
            currency = element.currency or deal.currency
            story.append(
                f"{n}. {what} — {element.kind.value}: {_money(element.amount)} {currency}{_facts(element)}"
            )
    return story


def show_bank_case(packed: str, *, number: int, assessment: str, candidate: str | None = None):
    """Case *number* of a bank assessment as the candidate must work it: their own figures, as a case sheet.

    >>> from mtp_kit.exercises import read_bank_text
    >>> text = "bank,valuation\\ncase_id,title,price,currency,incoterm\\nv1,Tea,1000,USD,CIF\\n"
    >>> sheet = show_bank_case(pack(text), number=1, assessment="wg2-tea", candidate="ke-017")
    >>> print(sheet)  # doctest: +ELLIPSIS
    Case 1: Tea
    <BLANKLINE>
    Price actually paid or payable: ... USD, CIF (Cost, Insurance and Freight). ...
    (Figures for candidate 'ke-017'.)
    """
    from mtp_kit.grading import CaseSheet, candidate_id

    who = candidate or candidate_id()
    lines = valuation_story(candidate_case(packed, assessment=assessment, candidate=who), number)
    markdown = "\n".join([*lines, "", f"*(Figures for candidate `{who}`.)*"])
    text = "\n".join(
        [
            *(line.removeprefix("### ").replace("**", "") for line in lines),
            f"(Figures for candidate {who!r}.)",
        ]
    )
    return CaseSheet(assessment=assessment, text=text, markdown=markdown)


def drop_columns(text: str, header_first: str, columns: tuple[str, ...]) -> str:
    """Bank text without *columns* (named in the header row, whose first cell is *header_first*).

    >>> print(drop_columns("bank,valuation\\ncase_id,price,working\\nv1,10,easy\\n", "case_id", ("working",)), end="")
    bank,valuation
    case_id,price
    v1,10
    """
    rows = list(csv.reader(io.StringIO(text)))
    header = next(i for i, row in enumerate(rows) if row and row[0].strip() == header_first)
    keep = [i for i, name in enumerate(rows[header]) if name.strip() not in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, row in enumerate(rows):
        writer.writerow(row if i < header else [row[j] for j in keep if j < len(row)])
    return out.getvalue()
