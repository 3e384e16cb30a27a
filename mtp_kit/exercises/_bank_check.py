"""Checking a case bank against the engines before a trainee ever sees it.

:func:`check_bank` reads a bank and asks the engine of its kind about every case: do the codes exist in the
nomenclature the bank names, does the author's expected value or verdict agree with the engine (and if not,
which line and which article make the difference), which fact is missing for the engine to decide. Every
problem is kept, with the file, row and field it belongs to, so that the author can fix them all in one pass.
A case whose expected value was left empty is computed and shown for the author to confirm, not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from mtp_kit.errors import MtpKitError, ValuationError
from mtp_kit.exercises._banks import (
    BankProblem,
    CaseBank,
    OriginBankCase,
    RiskBankCase,
    ValuationBankCase,
    read_bank,
)
from mtp_kit.hs import ClassificationCase, HSCode, Nomenclature
from mtp_kit.origin import assess_origin, load_agreement
from mtp_kit.valuation import CostElement, CustomsValue, Transaction, Treatment, compute_customs_value

__all__ = ["BankReport", "check_bank"]


@dataclass(frozen=True, slots=True)
class BankReport:
    """What checking a bank found: every problem, ordered by row, and how many cases were read."""

    bank: CaseBank
    problems: tuple[BankProblem, ...]

    @property
    def errors(self) -> tuple[BankProblem, ...]:
        """The problems that must be fixed before the bank is used."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def ok(self) -> bool:
        """True when nothing is wrong (values to confirm and notes do not count)."""
        return not self.errors

    def format(self) -> str:
        """The report as text: a summary line, then one entry per problem.

        >>> from mtp_kit.exercises._banks import read_bank_text
        >>> bank = read_bank_text("bank,quiz\\nid,question,answer\\nq1,2 + 2?,4\\n", name="q.csv")
        >>> print(BankReport(bank, ()).format())
        q.csv: 1 quiz case read; no problems
        """
        count = len(self.bank.cases)
        kind = self.bank.kind or "unknown"
        head = f"{self.bank.file}: {count} {kind} case{'s' if count != 1 else ''} read"
        tally = [
            f"{n} {label}"
            for n, label in (
                (len(self.errors), "error" if len(self.errors) == 1 else "errors"),
                (sum(p.severity == "confirm" for p in self.problems), "to confirm"),
                (sum(p.severity == "note" for p in self.problems), "note(s)"),
            )
            if n
        ]
        lines = [f"{head}; {', '.join(tally) if tally else 'no problems'}"]
        lines.extend(str(problem) for problem in self.problems)
        return "\n".join(lines)


def check_bank(path: str | Path) -> BankReport:
    """Read the bank at ``path`` and check every case against its engine.

    A file that cannot be opened raises :class:`~mtp_kit.errors.ConfigError`; everything else is reported.

    >>> from importlib import resources
    >>> report = check_bank(resources.files("mtp_kit.exercises") / "data" / "banks" / "classification-cases.csv")
    >>> report.ok
    True
    """
    bank = read_bank(path)
    problems = list(bank.problems)
    if bank.kind and not any(p.field == "bank" for p in problems):
        checker = _CHECKERS[bank.kind]
        checker(bank, problems)
    problems = [bank.place(problem) for problem in problems]
    order = sorted(range(len(problems)), key=lambda i: (problems[i].row or 0, i))
    return BankReport(bank, tuple(problems[i] for i in order))


def _nomenclature(bank: CaseBank, problems: list[BankProblem]) -> Nomenclature | None:
    try:
        return bank.nomenclature()
    except MtpKitError as error:
        problems.append(
            BankProblem(bank.file, None, "nomenclature_file", f"the nomenclature cannot be loaded: {error}")
        )
        return None


def _not_in(code: HSCode, nomenclature: Nomenclature) -> str | None:
    """Why ``code`` is not a line of ``nomenclature`` (None when it is)."""
    if code in nomenclature:
        return None
    message = f"{code} is not in the nomenclature ({nomenclature.edition}, {nomenclature.source})"
    chapter = code.chapter
    if chapter in nomenclature and not nomenclature.children(chapter):
        message += (
            f"; it holds chapter {chapter} only as a title: name the full HS table "
            "(nomenclature,harmonized-system and nomenclature_file) to use codes of that chapter"
        )
    return message


def _check_classification(bank: CaseBank, problems: list[BankProblem]) -> None:
    nomenclature = _nomenclature(bank, problems)
    if nomenclature is None:
        return
    for case, row in zip(bank.cases, bank.rows, strict=True):
        assert isinstance(case, ClassificationCase)
        for name, code in (("heading", case.heading), ("subheading", case.subheading)):
            why = _not_in(code, nomenclature)
            if why:
                problems.append(BankProblem(bank.file, row, name, why, case.case_id))


# -- valuation ------------------------------------------------------------------------------------------------


def _solve(case: ValuationBankCase, transaction: Transaction) -> CustomsValue:
    return compute_customs_value(
        transaction,
        basis=case.basis,
        exchange_rates=dict(case.rates),
        national_currency=case.national_currency,
    )


_FACT_NAMES = frozenset(f.name for f in fields(CostElement)) - {"kind", "amount", "currency", "label"}


def _fact_field(message: str) -> str:
    for pattern in (r"needs the fact '(\w+)'", r"state (\w+)=True", r"needs (units_in_shipment)"):
        found = re.search(pattern, message)
        if found:
            return found.group(1)
    if "exchange rate" in message:
        return "rates"
    if "apportionment" in message:
        return "apportionment"
    return "element"


def _with_hint(message: str, name: str) -> str:
    if name in ("element", "rates"):
        return message
    message = message.replace(": state True or False", "")
    return f"{message}; write it in the facts column as {name}=yes or {name}=no (or in a column named {name})"


def _breakdown(case: ValuationBankCase, value: CustomsValue) -> list[str]:
    rows = (case.row, *case.element_rows)
    signs = {Treatment.PRICE: "+", Treatment.ADDED: "+", Treatment.DEDUCTED: "-"}
    lines = []
    for row, line in zip(rows, value.lines, strict=True):
        sign = signs.get(line.treatment, " ")
        amount = abs(line.contribution) if line.treatment.sign else 0
        source = f"{line.amount:,.2f} {line.currency}" + (f" x {line.rate}" if line.rate != 1 else "")
        status = "" if line.treatment is Treatment.PRICE else f": {line.treatment.value}"
        lines.append(f"row {row}: {sign} {amount:>14,.2f}  {line.label} ({source}){status} [{line.article}]")
    lines.append(f"= {value.total:,.2f} {value.currency}")
    return lines


def _check_valuation(bank: CaseBank, problems: list[BankProblem]) -> None:
    for case in bank.cases:
        assert isinstance(case, ValuationBankCase)
        try:
            value = case.solve()
        except ValuationError as error:
            found = []
            try:
                _solve(case, replace(case.transaction, elements=()))
                elements = zip(case.transaction.elements, case.element_rows, strict=True)
            except ValuationError as own:
                # The price itself cannot be valued (no rate for its currency): one problem, on the case row.
                found.append((case.row, _fact_field(str(own)), str(own)))
                elements = iter(())
            for element, row in elements:
                try:
                    _solve(case, replace(case.transaction, elements=(element,)))
                except ValuationError as own:
                    found.append((row, _fact_field(str(own)), str(own)))
            if not found:
                name = _fact_field(str(error))
                found = [(case.row, "price" if name == "element" else name, str(error))]
            for row, name, message in found:
                # A missing fact has no column of its own unless the author made one: point at 'facts' then.
                column = bank.columns.get(name) or (
                    bank.columns.get("facts") if name in _FACT_NAMES else None
                )
                problems.append(
                    BankProblem(bank.file, row, name, _with_hint(message, name), case.case_id, column=column)
                )
            continue
        for warning in value.warnings:
            problems.append(BankProblem(bank.file, case.row, "element", warning, case.case_id, "note"))
        if case.expected_value is None:
            problems.append(
                BankProblem(
                    bank.file,
                    case.row,
                    "expected_value",
                    f"no expected value given; the engine computes {value.total:,.2f} {value.currency}: check the "
                    "lines below and write the value into expected_value",
                    case.case_id,
                    "confirm",
                    tuple(_breakdown(case, value)),
                )
            )
        elif case.expected_value != value.total:
            difference = value.total - case.expected_value
            problems.append(
                BankProblem(
                    bank.file,
                    case.row,
                    "expected_value",
                    f"the bank says {case.expected_value:,.2f} but the engine computes {value.total:,.2f} "
                    f"{value.currency} (difference {difference:+,.2f}); line by line:",
                    case.case_id,
                    details=tuple(_breakdown(case, value)),
                )
            )


# -- origin ---------------------------------------------------------------------------------------------------


def _check_origin(bank: CaseBank, problems: list[BankProblem]) -> None:
    nomenclature = _nomenclature(bank, problems)
    try:
        agreement = load_agreement(bank.agreement_name())
    except MtpKitError as error:
        problems.append(BankProblem(bank.file, None, "agreement", str(error)))
        return
    for case in bank.cases:
        assert isinstance(case, OriginBankCase)
        if nomenclature is not None:
            codes = [(case.row, "hs_code", case.product.hs_code)]
            codes += [
                (row, "material_hs_code", material.hs_code)
                for row, material in zip(case.material_rows, case.product.materials, strict=True)
            ]
            for row, name, digits in codes:
                why = _not_in(HSCode(digits, nomenclature.edition), nomenclature)
                if why:
                    problems.append(BankProblem(bank.file, row, name, why, case.case_id))
        try:
            verdict = assess_origin(
                product=case.product,
                agreement=agreement,
                rule=case.rule,
                tolerance_percent=case.tolerance_percent,
            )
        except MtpKitError as error:
            name = (
                "rule"
                if "rule" in str(error)
                else "tolerance_percent"
                if "tolerance" in str(error)
                else "hs_code"
            )
            problems.append(BankProblem(bank.file, case.row, name, str(error), case.case_id))
            continue
        said = "originating" if verdict.originating else "not originating"
        if case.expected is None:
            problems.append(
                BankProblem(
                    bank.file,
                    case.row,
                    "expected",
                    f"no expected verdict given; the engine finds the product {said}: check the reasoning below "
                    "and write it into expected",
                    case.case_id,
                    "confirm",
                    tuple(verdict.explain().splitlines()),
                )
            )
        elif case.expected != verdict.originating:
            problems.append(
                BankProblem(
                    bank.file,
                    case.row,
                    "expected",
                    f"the bank says {'originating' if case.expected else 'not originating'} but the engine "
                    f"finds the product {said}, decided by {verdict.decided_by}:",
                    case.case_id,
                    details=tuple(verdict.explain().splitlines()),
                )
            )


# -- risk -----------------------------------------------------------------------------------------------------


def _check_risk(bank: CaseBank, problems: list[BankProblem]) -> None:
    try:
        matrix = bank.matrix()
    except MtpKitError as error:
        problems.append(BankProblem(bank.file, None, "bands", str(error)))
        return
    for case in bank.cases:
        assert isinstance(case, RiskBankCase)
        rating = case.entry.rate(matrix)
        if case.expected_score is not None and case.expected_score != rating.score:
            problems.append(
                BankProblem(
                    bank.file,
                    case.row,
                    "expected_score",
                    f"the bank says {case.expected_score} but the matrix gives {rating.reason}",
                    case.case_id,
                )
            )
        if case.expected_channel is not None and case.expected_channel is not rating.channel:
            problems.append(
                BankProblem(
                    bank.file,
                    case.row,
                    "expected_channel",
                    f"the bank says {case.expected_channel.value} but the matrix gives {rating.reason} "
                    f"[{rating.provision}]",
                    case.case_id,
                )
            )
        if case.expected_score is None or case.expected_channel is None:
            problems.append(
                BankProblem(
                    bank.file,
                    case.row,
                    "expected_score" if case.expected_score is None else "expected_channel",
                    f"no expected score or channel given; the matrix gives {rating.reason}: confirm and write "
                    "them in",
                    case.case_id,
                    "confirm",
                )
            )


def _check_nothing(bank: CaseBank, problems: list[BankProblem]) -> None:
    """Quiz questions are checked completely while they are read."""


_CHECKERS = {
    "classification": _check_classification,
    "valuation": _check_valuation,
    "origin": _check_origin,
    "risk": _check_risk,
    "quiz": _check_nothing,
}
