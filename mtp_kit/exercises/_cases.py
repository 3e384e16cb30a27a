"""Practice cases for the valuation course, read from a JSON file of the project's own invented cases.

Each case carries the author's hand-worked ``expected_value`` and ``working``; the test suite checks that the
engine agrees, so a case with a slip in its arithmetic never reaches a trainee.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from mtp_kit.errors import ConfigError, MtpKitError
from mtp_kit.valuation import Basis, CostElement, CustomsValue, Transaction, compute_customs_value, to_decimal

__all__ = ["PracticeCase", "load_valuation_cases"]


@dataclass(frozen=True, slots=True)
class PracticeCase:
    """One valuation case: the transaction, the administration's settings and the author's answer."""

    title: str
    transaction: Transaction
    basis: Basis
    national_currency: str
    rates: dict[str, str]
    expected_value: Decimal
    working: str

    def solve(self) -> CustomsValue:
        """The engine's explained answer.

        >>> load_valuation_cases()[3].solve().total
        Decimal('8595.00')
        """
        return compute_customs_value(
            self.transaction,
            basis=self.basis,
            exchange_rates=self.rates,
            national_currency=self.national_currency,
        )


def load_valuation_cases(path: str | Path | None = None) -> tuple[PracticeCase, ...]:
    """Read practice cases from ``path`` (default: the cases shipped with MTP Kit).

    >>> [case.title for case in load_valuation_cases()][:2]
    ['Mobile phones, FOB Shenzhen', 'Textile machinery, CIP Kampala']
    """
    if path is None:
        text = (
            resources.files("mtp_kit.exercises")
            .joinpath("data/valuation_cases.json")
            .read_text(encoding="utf-8")
        )
        where = "valuation_cases.json"
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot read the case file {where}: {error.strerror}") from None
    try:
        raw = json.loads(text)["cases"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise ConfigError(
            f"{where} is not a case file: expected JSON with a 'cases' list ({error})"
        ) from None
    cases = []
    for number, item in enumerate(raw, start=1):
        try:
            elements = [CostElement(**element) for element in item.get("elements", [])]
            transaction = Transaction(
                price=item["price"],
                currency=item["currency"],
                incoterm=item["incoterm"],
                elements=elements,
                description=item.get("description", ""),
            )
            cases.append(
                PracticeCase(
                    title=item["title"],
                    transaction=transaction,
                    basis=Basis.parse(item.get("basis", "CIF")),
                    national_currency=item.get("national_currency") or item["currency"],
                    rates=dict(item.get("rates", {})),
                    expected_value=to_decimal(item["expected_value"], what="expected_value"),
                    working=item.get("working", ""),
                )
            )
        except KeyError as error:
            raise ConfigError(f"{where}, case {number}: the field {error.args[0]!r} is missing") from None
        except TypeError as error:
            raise ConfigError(f"{where}, case {number}: {error}") from None
        except MtpKitError as error:
            raise ConfigError(f"{where}, case {number}: {error}") from None
    return tuple(cases)
