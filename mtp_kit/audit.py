"""Post-clearance audit (PCA) recovery: what a trader owes once an audit has found the right figures.

An auditor who finds that a declaration understated the customs value (an undeclared royalty, an assist, a
year-end transfer-pricing adjustment) or used the wrong duty rate (a misclassification) recomputes the duty,
then every tax whose base includes the duty, adds them up over the audit period and applies the interest and
penalties of national law. This module does exactly that, and every amount it returns carries a sentence
saying how it was reached and which provision put it there, so that a course notebook or a feedback report can
show the reasoning.

Everything that is national law — the taxes and their bases, the interest rate and how it runs, the penalty —
is configuration (:class:`AuditSettings`); nothing here is the law of a particular country.

Rates are percentages (``Decimal("25")`` means 25 %). Rounding: every computation keeps full ``Decimal``
precision; each amount in a result is rounded half-up to 2 decimals once, for presentation, and every total is
rounded from the exact sum (not summed from rounded lines), so displayed lines may differ from a total by a
cent. A negative shortfall means the trader overpaid (a refund); interest and penalties are charged on
underpayments only, because interest on refunds is national law that this module does not model.

>>> settings = AuditSettings(taxes=(TaxRule(name="VAT", rate="16"),))
>>> declaration = AuditedDeclaration(
...     reference="C-1", declared_value="100000", correct_value="130000", duty_rate="25")
>>> compute_recovery(declarations=[declaration], settings=settings).total
Decimal('13500.00')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from mtp_kit._numbers import parse_decimal
from mtp_kit.errors import AuditError

__all__ = [
    "AuditRecovery",
    "AuditSettings",
    "AuditedDeclaration",
    "DeclarationRecovery",
    "InterestCharge",
    "InterestMethod",
    "InterestPeriod",
    "InterestRule",
    "PenaltyKind",
    "PenaltyRule",
    "RecoveryLine",
    "Shortfall",
    "TaxRule",
    "compute_interest",
    "compute_recovery",
    "compute_shortfall",
]

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)

# Provision labels shown to trainees. They name the rule that decided, in the project's own words.
_DUTY_PROVISION = "ad valorem duty: rate × customs value"
_TAX_PROVISION = "national tax law: {name} base {base}"
_INTEREST_PROVISION = "national configuration: interest {how}"
_PENALTY_PROVISION = "national configuration: penalty {how}"


def _round(value: Decimal) -> Decimal:
    """Round half-up to cents; the only place this module rounds."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _pct(value: Decimal) -> str:
    """Show a percentage without trailing zeros (``25`` not ``25.00``)."""
    return format(value.normalize(), "f")


def _decimal(value: object, what: str, *, allow_negative: bool = False) -> Decimal:
    """Read a number typed by a trainee: Decimal, int, str, or a float (read through its shortest repr)."""
    number = parse_decimal(value)
    if number is None:
        raise AuditError(
            f"{what} {value!r} is not a number: give a Decimal, an int or a string such as '1250.50'"
        )
    if not number.is_finite():
        raise AuditError(f"{what} {value!r} is not a finite number: give an amount such as '1250.50'")
    if number < 0 and not allow_negative:
        raise AuditError(f"{what} {value!r} is negative: expected zero or more")
    return number


class InterestMethod(enum.Enum):
    """How interest grows: on the principal only (simple) or also on interest already accrued (compound)."""

    SIMPLE = "simple"
    COMPOUND = "compound"


class InterestPeriod(enum.Enum):
    """The unit in which interest runs: calendar days or whole calendar months."""

    DAILY = "daily"
    MONTHLY = "monthly"


class PenaltyKind(enum.Enum):
    """No penalty, a flat amount per declaration with an underpayment, or a percentage of the underpayment."""

    NONE = "none"
    FLAT = "flat"
    PERCENTAGE = "percentage"


def _enum(kind: type[enum.Enum], value: object, what: str) -> enum.Enum:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in kind)
        raise AuditError(f"{what} {value!r} is not known: expected one of {accepted}") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxRule:
    """A tax collected at import on the customs value, plus the duty and earlier taxes if so configured.

    ``includes_taxes`` names earlier taxes in the base (e.g. a VAT charged on value + duty + excise).

    >>> TaxRule(name="VAT", rate="16").rate
    Decimal('16')
    """

    name: str
    rate: Decimal
    includes_duty: bool = True
    includes_taxes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise AuditError(f"tax name {self.name!r} is empty: give a name such as 'VAT'")
        object.__setattr__(self, "rate", _decimal(self.rate, f"{self.name} rate"))
        object.__setattr__(self, "includes_taxes", tuple(self.includes_taxes))


@dataclass(frozen=True, slots=True, kw_only=True)
class InterestRule:
    """Late-payment interest as national law sets it: an annual rate, simple or compound, daily or monthly.

    Daily interest uses ``days_in_year`` as the day-count basis; monthly interest counts whole calendar
    months, plus one for a started month when ``count_part_month`` is true. ``on_taxes`` says whether taxes
    bear interest as well as duty.

    >>> InterestRule(annual_rate="12", method="compound", period="monthly").method
    <InterestMethod.COMPOUND: 'compound'>
    """

    annual_rate: Decimal
    method: InterestMethod = InterestMethod.SIMPLE
    period: InterestPeriod = InterestPeriod.DAILY
    days_in_year: int = 365
    count_part_month: bool = False
    on_taxes: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "annual_rate", _decimal(self.annual_rate, "annual interest rate"))
        object.__setattr__(self, "method", _enum(InterestMethod, self.method, "interest method"))
        object.__setattr__(self, "period", _enum(InterestPeriod, self.period, "interest period"))
        if isinstance(self.days_in_year, bool) or self.days_in_year not in (360, 365, 366):
            raise AuditError(
                f"days_in_year {self.days_in_year!r} is not a day-count basis: expected 360, 365 or 366"
            )

    def describe(self) -> str:
        """Say the rule in words.

        >>> InterestRule(annual_rate="12").describe()
        'simple, daily, 12% a year (365-day year)'
        """
        text = f"{self.method.value}, {self.period.value}, {_pct(self.annual_rate)}% a year"
        if self.period is InterestPeriod.DAILY:
            text += f" ({self.days_in_year}-day year)"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class PenaltyRule:
    """A penalty as national law sets it: nothing, a flat amount, or a percentage of the underpayment.

    ``on_taxes`` says whether a percentage penalty is computed on duty and taxes or on duty alone.

    >>> PenaltyRule(kind="percentage", amount="50").kind
    <PenaltyKind.PERCENTAGE: 'percentage'>
    """

    kind: PenaltyKind = PenaltyKind.NONE
    amount: Decimal = _ZERO
    on_taxes: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _enum(PenaltyKind, self.kind, "penalty kind"))
        object.__setattr__(self, "amount", _decimal(self.amount, "penalty amount"))

    def describe(self) -> str:
        """Say the rule in words.

        >>> PenaltyRule(kind="flat", amount="500").describe()
        'flat 500 per declaration with an underpayment'
        """
        if self.kind is PenaltyKind.FLAT:
            return f"flat {_pct(self.amount)} per declaration with an underpayment"
        if self.kind is PenaltyKind.PERCENTAGE:
            base = "duty and taxes" if self.on_taxes else "duty"
            return f"{_pct(self.amount)}% of the underpaid {base}"
        return "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditSettings:
    """The national configuration an audit is computed under: taxes in order, interest, penalty.

    >>> AuditSettings().taxes
    ()
    """

    taxes: tuple[TaxRule, ...] = ()
    interest: InterestRule | None = None
    penalty: PenaltyRule = field(default_factory=PenaltyRule)

    def __post_init__(self) -> None:
        taxes = tuple(self.taxes)
        seen: list[str] = []
        for tax in taxes:
            if not isinstance(tax, TaxRule):
                raise AuditError(f"tax {tax!r} is not a TaxRule: build it with TaxRule(name=..., rate=...)")
            if tax.name in seen:
                raise AuditError(f"tax {tax.name!r} is configured twice: each tax name must be unique")
            for earlier in tax.includes_taxes:
                if earlier not in seen:
                    raise AuditError(
                        f"tax {tax.name!r} includes {earlier!r} in its base, which is not an earlier tax: "
                        f"expected one of {seen or 'no earlier taxes'}"
                    )
            seen.append(tax.name)
        object.__setattr__(self, "taxes", taxes)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditedDeclaration:
    """One import declaration as declared and as the audit found it should have been.

    ``correct_duty_rate`` defaults to ``duty_rate`` (a valuation finding); set it for a classification or
    origin finding. ``due_on`` is the date the duty was due, from which interest runs.

    >>> d = AuditedDeclaration(reference="C-1", declared_value="100", correct_value="130", duty_rate="25")
    >>> d.correct_duty_rate
    Decimal('25')
    """

    reference: str
    declared_value: Decimal
    correct_value: Decimal
    duty_rate: Decimal
    correct_duty_rate: Decimal | None = None
    due_on: dt.date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.reference, str) or not self.reference.strip():
            raise AuditError(
                f"declaration reference {self.reference!r} is empty: give the declaration number"
            )
        ref = self.reference
        object.__setattr__(self, "declared_value", _decimal(self.declared_value, f"{ref}: declared value"))
        object.__setattr__(self, "correct_value", _decimal(self.correct_value, f"{ref}: correct value"))
        object.__setattr__(self, "duty_rate", _decimal(self.duty_rate, f"{ref}: duty rate"))
        correct_rate = self.duty_rate if self.correct_duty_rate is None else self.correct_duty_rate
        object.__setattr__(self, "correct_duty_rate", _decimal(correct_rate, f"{ref}: correct duty rate"))
        if self.due_on is not None and not isinstance(self.due_on, dt.date):
            raise AuditError(f"{ref}: due_on {self.due_on!r} is not a date: give datetime.date(2024, 3, 31)")


@dataclass(frozen=True, slots=True)
class RecoveryLine:
    """One amount of a recovery with the sentence and the provision that explain it."""

    item: str
    amount: Decimal
    reason: str
    provision: str


@dataclass(frozen=True, slots=True)
class Shortfall:
    """Duty and taxes underpaid (positive) or overpaid (negative) on one declaration, line by line."""

    reference: str
    lines: tuple[RecoveryLine, ...]
    duty: Decimal
    taxes: tuple[tuple[str, Decimal], ...]
    total: Decimal
    # Full-precision amounts that interest and penalties are computed on (never rounded before use).
    exact_duty: Decimal = field(repr=False)
    exact_taxes: tuple[tuple[str, Decimal], ...] = field(repr=False)

    @property
    def exact_total(self) -> Decimal:
        """The unrounded duty-plus-taxes difference that interest and penalties are computed on.

        >>> d = AuditedDeclaration(reference="C", declared_value="0", correct_value="0.05", duty_rate="10")
        >>> compute_shortfall(declaration=d).exact_total
        Decimal('0.005')
        """
        return self.exact_duty + sum((amount for _, amount in self.exact_taxes), _ZERO)


@dataclass(frozen=True, slots=True)
class InterestCharge:
    """Interest on one principal over one period, with its explanation."""

    amount: Decimal
    periods: int
    reason: str
    provision: str
    exact: Decimal = field(repr=False)


@dataclass(frozen=True, slots=True)
class DeclarationRecovery:
    """Everything recovered on one declaration: shortfall lines, interest and penalty."""

    reference: str
    lines: tuple[RecoveryLine, ...]
    duty: Decimal
    taxes: Decimal
    interest: Decimal
    penalty: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class AuditRecovery:
    """The recovery over an audit period: each declaration, and totals rounded from exact sums."""

    declarations: tuple[DeclarationRecovery, ...]
    duty: Decimal
    taxes: tuple[tuple[str, Decimal], ...]
    interest: Decimal
    penalties: Decimal
    total: Decimal

    def explain(self) -> str:
        """Print-ready explanation: every line of every declaration, then the totals.

        >>> d = AuditedDeclaration(reference="C-1", declared_value="100", correct_value="100", duty_rate="10")
        >>> print(compute_recovery(declarations=[d], settings=AuditSettings()).explain())
        Declaration C-1
          duty: 0.00 — correct duty 10% × 100 = 10; declared duty 10% × 100 = 10;
          difference 0 [ad valorem ...]
        Total to recover: 0.00
        """
        out: list[str] = []
        for declaration in self.declarations:
            out.append(f"Declaration {declaration.reference}")
            out.extend(
                f"  {line.item}: {line.amount} — {line.reason} [{line.provision}]"
                for line in declaration.lines
            )
        if len(self.declarations) > 1:
            out.append(f"Total duty: {self.duty}")
            out.extend(f"Total {name}: {amount}" for name, amount in self.taxes)
            out.append(f"Total interest: {self.interest}")
            out.append(f"Total penalties: {self.penalties}")
        out.append(f"Total to recover: {self.total}")
        return "\n".join(out)


def _money(value: Decimal) -> str:
    """Show an exact amount as a trainee would write it (no exponent, no trailing zeros after the point)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def compute_shortfall(*, declaration: AuditedDeclaration, taxes: Iterable[TaxRule] = ()) -> Shortfall:
    """Recompute duty and taxes on the audited figures and return the difference, line by line.

    Duty shortfall = correct rate × correct value − declared rate × declared value; each tax is recomputed on
    its own base (customs value, plus duty and earlier taxes when configured).

    >>> d = AuditedDeclaration(reference="C-1", declared_value="100000", correct_value="130000",
    ...                        duty_rate="25")
    >>> s = compute_shortfall(declaration=d, taxes=[TaxRule(name="VAT", rate="16")])
    >>> s.duty, s.taxes, s.total
    (Decimal('7500.00'), (('VAT', Decimal('6000.00')),), Decimal('13500.00'))
    """
    if not isinstance(declaration, AuditedDeclaration):
        raise AuditError(f"declaration {declaration!r} is not an AuditedDeclaration: build one first")
    tax_rules = AuditSettings(taxes=tuple(taxes)).taxes
    d = declaration
    declared_duty = d.duty_rate * d.declared_value / _HUNDRED
    correct_duty = d.correct_duty_rate * d.correct_value / _HUNDRED
    duty_delta = correct_duty - declared_duty
    lines = [
        RecoveryLine(
            item="duty",
            amount=_round(duty_delta),
            reason=(
                f"correct duty {_pct(d.correct_duty_rate)}% × {_money(d.correct_value)} "
                f"= {_money(correct_duty)}; "
                f"declared duty {_pct(d.duty_rate)}% × {_money(d.declared_value)} = {_money(declared_duty)}; "
                f"difference {_money(duty_delta)}"
            ),
            provision=_DUTY_PROVISION,
        )
    ]
    # Each tax is recomputed on both figures, so a base that includes duty or earlier taxes follows them.
    declared_amounts: dict[str, Decimal] = {}
    correct_amounts: dict[str, Decimal] = {}
    exact_taxes: list[tuple[str, Decimal]] = []
    for tax in tax_rules:
        declared_base = d.declared_value + (declared_duty if tax.includes_duty else _ZERO)
        correct_base = d.correct_value + (correct_duty if tax.includes_duty else _ZERO)
        for earlier in tax.includes_taxes:
            declared_base += declared_amounts[earlier]
            correct_base += correct_amounts[earlier]
        declared_amounts[tax.name] = tax.rate * declared_base / _HUNDRED
        correct_amounts[tax.name] = tax.rate * correct_base / _HUNDRED
        delta = correct_amounts[tax.name] - declared_amounts[tax.name]
        exact_taxes.append((tax.name, delta))
        parts = ["customs value"] + (["duty"] if tax.includes_duty else []) + list(tax.includes_taxes)
        base_words = " + ".join(parts)
        lines.append(
            RecoveryLine(
                item=tax.name,
                amount=_round(delta),
                reason=(
                    f"{tax.name} {_pct(tax.rate)}% × change in base ({base_words}) "
                    f"{_money(correct_base - declared_base)} = {_money(delta)}"
                ),
                provision=_TAX_PROVISION.format(name=tax.name, base=f"= {base_words}"),
            )
        )
    return Shortfall(
        reference=d.reference,
        lines=tuple(lines),
        duty=_round(duty_delta),
        taxes=tuple((name, _round(amount)) for name, amount in exact_taxes),
        total=_round(duty_delta + sum((amount for _, amount in exact_taxes), _ZERO)),
        exact_duty=duty_delta,
        exact_taxes=tuple(exact_taxes),
    )


def _whole_months(start: dt.date, end: dt.date, *, count_part_month: bool) -> int:
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    # A started month: some laws count it in full, others ignore it; the rule says which.
    if count_part_month and end.day != start.day:
        months += 1
    return max(months, 0)


def compute_interest(
    *, principal: Decimal, rule: InterestRule, start: dt.date, end: dt.date
) -> InterestCharge:
    """Interest on ``principal`` from ``start`` (exclusive) to ``end`` (inclusive) under ``rule``.

    Simple: principal × rate × periods / periods-per-year. Compound: principal × ((1 + rate /
    periods-per-year) ** periods − 1). Daily periods are days; monthly periods are whole calendar months.

    >>> rule = InterestRule(annual_rate="12", period="monthly")
    >>> compute_interest(principal=Decimal("1000"), rule=rule,
    ...                  start=dt.date(2024, 1, 15), end=dt.date(2024, 7, 15)).amount
    Decimal('60.00')
    """
    if not isinstance(rule, InterestRule):
        raise AuditError(
            f"interest rule {rule!r} is not an InterestRule: build it with InterestRule(annual_rate=...)"
        )
    principal = _decimal(principal, "interest principal")
    for name, day in (("start", start), ("end", end)):
        if not isinstance(day, dt.date):
            raise AuditError(f"interest {name} {day!r} is not a date: give datetime.date(2024, 3, 31)")
    if end < start:
        raise AuditError(
            f"interest end {end.isoformat()} is before start {start.isoformat()}: expected a later date"
        )
    rate = rule.annual_rate / _HUNDRED
    if rule.period is InterestPeriod.DAILY:
        periods, per_year, unit = (end - start).days, Decimal(rule.days_in_year), "day"
    else:
        periods = _whole_months(start, end, count_part_month=rule.count_part_month)
        per_year, unit = Decimal(12), "month"
    if rule.method is InterestMethod.SIMPLE:
        exact = principal * rate * periods / per_year
        formula = f"{_money(principal)} × {_pct(rule.annual_rate)}% × {periods}/{per_year}"
    else:
        exact = principal * ((1 + rate / per_year) ** periods - 1)
        formula = f"{_money(principal)} × ((1 + {_pct(rule.annual_rate)}%/{per_year})^{periods} − 1)"
    return InterestCharge(
        amount=_round(exact),
        periods=periods,
        reason=f"{periods} {unit}(s) from {start.isoformat()} to {end.isoformat()}: {formula}",
        provision=_INTEREST_PROVISION.format(how=rule.describe()),
        exact=exact,
    )


def compute_recovery(
    *,
    declarations: Iterable[AuditedDeclaration],
    settings: AuditSettings,
    assessed_on: dt.date | None = None,
) -> AuditRecovery:
    """Total recovery over an audit period: shortfalls, then interest and penalty on each underpayment.

    ``assessed_on`` is the date interest runs to; it is required when ``settings.interest`` is set.

    >>> settings = AuditSettings(
    ...     taxes=(TaxRule(name="VAT", rate="16"),),
    ...     penalty=PenaltyRule(kind="percentage", amount="10"))
    >>> d = AuditedDeclaration(reference="C-1", declared_value="100000", correct_value="130000",
    ...                        duty_rate="25")
    >>> r = compute_recovery(declarations=[d], settings=settings)
    >>> r.duty, r.penalties, r.total
    (Decimal('7500.00'), Decimal('1350.00'), Decimal('14850.00'))
    """
    if not isinstance(settings, AuditSettings):
        raise AuditError(f"settings {settings!r} is not AuditSettings: build them with AuditSettings(...)")
    if isinstance(declarations, AuditedDeclaration):
        declarations = [declarations]
    declarations = tuple(declarations)
    if not declarations:
        raise AuditError("declarations () is empty: give at least one AuditedDeclaration")
    references = [d.reference for d in declarations if isinstance(d, AuditedDeclaration)]
    duplicates = sorted({ref for ref in references if references.count(ref) > 1})
    if duplicates:
        raise AuditError(f"declaration references {duplicates!r} appear twice: each declaration once")
    if settings.interest is not None and not isinstance(assessed_on, dt.date):
        raise AuditError(
            f"assessed_on {assessed_on!r} is not a date: interest is configured, so give the assessment date"
        )

    results: list[DeclarationRecovery] = []
    total_duty = total_interest = total_penalty = _ZERO
    tax_sums = {tax.name: _ZERO for tax in settings.taxes}
    for declaration in declarations:
        shortfall = compute_shortfall(declaration=declaration, taxes=settings.taxes)
        lines = list(shortfall.lines)
        owed = shortfall.exact_total
        interest = penalty = _ZERO
        if owed <= 0:
            if owed < 0:
                lines.append(
                    RecoveryLine(
                        item="refund",
                        amount=_round(owed),
                        reason="the trader overpaid on this declaration: the difference is a refund, "
                        "with no interest or penalty",
                        provision="interest on refunds is national law and is not computed here",
                    )
                )
        else:
            if settings.interest is not None:
                if declaration.due_on is None:
                    raise AuditError(
                        f"{declaration.reference}: due_on is missing: interest is configured, "
                        "so give the date "
                        "the duty was due"
                    )
                principal = owed if settings.interest.on_taxes else shortfall.exact_duty
                charge = compute_interest(
                    principal=max(principal, _ZERO),
                    rule=settings.interest,
                    start=declaration.due_on,
                    end=assessed_on,
                )
                interest = charge.exact
                lines.append(RecoveryLine("interest", charge.amount, charge.reason, charge.provision))
            rule = settings.penalty
            if rule.kind is PenaltyKind.FLAT:
                penalty = rule.amount
                reason = f"flat penalty of {_money(rule.amount)} because this declaration was underpaid"
            elif rule.kind is PenaltyKind.PERCENTAGE:
                base = owed if rule.on_taxes else max(shortfall.exact_duty, _ZERO)
                penalty = rule.amount * base / _HUNDRED
                reason = f"{_pct(rule.amount)}% × underpaid {_money(base)} = {_money(penalty)}"
            if rule.kind is not PenaltyKind.NONE:
                lines.append(
                    RecoveryLine(
                        "penalty", _round(penalty), reason, _PENALTY_PROVISION.format(how=rule.describe())
                    )
                )
        total = owed + interest + penalty
        results.append(
            DeclarationRecovery(
                reference=declaration.reference,
                lines=tuple(lines),
                duty=shortfall.duty,
                taxes=_round(owed - shortfall.exact_duty),
                interest=_round(interest),
                penalty=_round(penalty),
                total=_round(total),
            )
        )
        total_duty += shortfall.exact_duty
        total_interest += interest
        total_penalty += penalty
        for name, amount in shortfall.exact_taxes:
            tax_sums[name] += amount
    grand = total_duty + sum(tax_sums.values(), _ZERO) + total_interest + total_penalty
    return AuditRecovery(
        declarations=tuple(results),
        duty=_round(total_duty),
        taxes=tuple((name, _round(amount)) for name, amount in tax_sums.items()),
        interest=_round(total_interest),
        penalties=_round(total_penalty),
        total=_round(grand),
    )
