"""Post-clearance audit widgets: the recovery calculator and the recovery practice exercise.

Views only. The calculator turns its controls (declarations as declared and as audited, duty and tax rates,
interest and penalty settings) into :class:`~mtp_kit.audit.AuditSettings` and
:class:`~mtp_kit.audit.AuditedDeclaration` objects, calls :func:`~mtp_kit.audit.compute_recovery` and shows
every recovery line with the sentence and provision the domain gives it. Interest and penalties are national
law: the widget only offers the settings the domain models. Results are also traits (``total``, ``duty``,
``taxes``, ``interest``, ``penalties``, ``lines``, ``error``), so tests and notebooks can read them without a
browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

import ipywidgets as widgets
import traitlets

from mtp_kit.audit import (
    AuditedDeclaration,
    AuditRecovery,
    AuditSettings,
    InterestRule,
    PenaltyKind,
    PenaltyRule,
    TaxRule,
    compute_recovery,
)
from mtp_kit.errors import MtpKitError
from mtp_kit.exercises import NumericQuestion, Quiz
from mtp_kit.widgets._quiz import QuizView
from mtp_kit.widgets._render import error_html, table_html

__all__ = ["DeclarationRow", "RecoveryCalculator", "RecoveryExercise", "TaxRow"]

_Row = TypeVar("_Row", "DeclarationRow", "TaxRow")


class DeclarationRow(widgets.HBox):
    """One audited declaration: reference, values declared and found, duty rates, and the date duty was due."""

    def __init__(
        self,
        *,
        reference: str = "",
        declared_value: object = "0",
        correct_value: object = "0",
        duty_rate: object = "0",
        correct_duty_rate: object = "",
        due_on: dt.date | None = None,
    ):
        self.reference = widgets.Text(
            value=reference, placeholder="declaration", layout=widgets.Layout(width="130px")
        )
        self.declared_value = widgets.Text(
            value=str(declared_value), placeholder="declared value", layout=widgets.Layout(width="130px")
        )
        self.correct_value = widgets.Text(
            value=str(correct_value), placeholder="correct value", layout=widgets.Layout(width="130px")
        )
        self.duty_rate = widgets.Text(
            value=str(duty_rate), placeholder="duty %", layout=widgets.Layout(width="90px")
        )
        self.correct_duty_rate = widgets.Text(
            value=str(correct_duty_rate), placeholder="same", layout=widgets.Layout(width="90px")
        )
        self.due_on = widgets.DatePicker(value=due_on, layout=widgets.Layout(width="160px"))
        self.remove = widgets.Button(description="remove", layout=widgets.Layout(width="70px"))
        super().__init__(
            [
                self.reference,
                self.declared_value,
                self.correct_value,
                self.duty_rate,
                self.correct_duty_rate,
                self.due_on,
                self.remove,
            ]
        )

    def controls(self) -> list[widgets.Widget]:
        """Every control whose value feeds the calculation."""
        return [
            self.reference,
            self.declared_value,
            self.correct_value,
            self.duty_rate,
            self.correct_duty_rate,
            self.due_on,
        ]

    def declaration(self) -> AuditedDeclaration:
        """The domain object for this row (raises AuditError for an unreadable amount)."""
        return AuditedDeclaration(
            reference=self.reference.value,
            declared_value=self.declared_value.value,
            correct_value=self.correct_value.value,
            duty_rate=self.duty_rate.value,
            correct_duty_rate=self.correct_duty_rate.value.strip() or None,
            due_on=self.due_on.value,
        )


class TaxRow(widgets.HBox):
    """One import tax: name, rate, and what its base includes besides the customs value."""

    def __init__(
        self,
        *,
        name: str = "VAT",
        rate: object = "16",
        includes_duty: bool = True,
        includes_taxes: Sequence[str] = (),
    ):
        self.name = widgets.Text(value=name, placeholder="tax", layout=widgets.Layout(width="110px"))
        self.rate = widgets.Text(value=str(rate), placeholder="rate %", layout=widgets.Layout(width="80px"))
        self.includes_duty = widgets.Checkbox(
            value=includes_duty, description="base includes duty", indent=False
        )
        self.includes_taxes = widgets.Text(
            value=", ".join(includes_taxes),
            placeholder="and these earlier taxes",
            layout=widgets.Layout(width="200px"),
        )
        self.remove = widgets.Button(description="remove", layout=widgets.Layout(width="70px"))
        super().__init__([self.name, self.rate, self.includes_duty, self.includes_taxes, self.remove])

    def controls(self) -> list[widgets.Widget]:
        """Every control whose value feeds the calculation."""
        return [self.name, self.rate, self.includes_duty, self.includes_taxes]

    def tax(self) -> TaxRule:
        """The domain object for this row (raises AuditError for an unreadable rate)."""
        return TaxRule(
            name=self.name.value.strip(),
            rate=self.rate.value,
            includes_duty=self.includes_duty.value,
            includes_taxes=tuple(p.strip() for p in self.includes_taxes.value.split(",") if p.strip()),
        )


class RecoveryCalculator(widgets.VBox):
    """A live PCA recovery sheet: declarations, taxes, interest and penalty in; explained recovery lines out.

    Traits: ``total``, ``duty``, ``interest`` and ``penalties`` (text, empty while the input has a problem),
    ``taxes`` (``{name: amount}``), ``lines`` (one dict per recovery line, with its declaration) and ``error``.
    """

    total = traitlets.Unicode("")
    duty = traitlets.Unicode("")
    taxes = traitlets.Dict()
    interest = traitlets.Unicode("")
    penalties = traitlets.Unicode("")
    lines = traitlets.List()
    error = traitlets.Unicode("")

    def __init__(
        self,
        *,
        declarations: Sequence[Mapping[str, object]] = (
            dict(reference="C-1", declared_value="100000", correct_value="130000", duty_rate="25"),
        ),
        taxes: Sequence[Mapping[str, object]] = (dict(name="VAT", rate="16"),),
        interest_rate: object = "",
        interest_method: str = "simple",
        interest_period: str = "daily",
        days_in_year: int = 365,
        count_part_month: bool = False,
        interest_on_taxes: bool = True,
        assessed_on: dt.date | None = None,
        penalty: str = "none",
        penalty_amount: object = "0",
        penalty_on_taxes: bool = True,
    ):
        style = {"description_width": "140px"}
        self.declarations_box = widgets.VBox()
        self.add_declaration_button = widgets.Button(description="add a declaration", icon="plus")
        self.add_declaration_button.on_click(lambda _: self.add_declaration())
        self.taxes_box = widgets.VBox()
        self.add_tax_button = widgets.Button(description="add a tax", icon="plus")
        self.add_tax_button.on_click(lambda _: self.add_tax(name="", rate="0"))
        self.interest_rate = widgets.Text(
            value=str(interest_rate), description="Interest % a year", placeholder="blank: none", style=style
        )
        self.interest_method = widgets.ToggleButtons(options=["simple", "compound"], value=interest_method)
        self.interest_period = widgets.ToggleButtons(options=["daily", "monthly"], value=interest_period)
        self.days_in_year = widgets.Dropdown(
            options=[365, 360, 366],
            value=days_in_year,
            description="days a year",
            layout=widgets.Layout(width="180px"),
        )
        self.count_part_month = widgets.Checkbox(
            value=count_part_month, description="a started month counts", indent=False
        )
        self.interest_on_taxes = widgets.Checkbox(
            value=interest_on_taxes, description="interest on taxes too", indent=False
        )
        self.assessed_on = widgets.DatePicker(value=assessed_on, description="Assessed on", style=style)
        self.penalty = widgets.ToggleButtons(
            options=[
                ("no penalty", "none"),
                ("flat per declaration", "flat"),
                ("% of underpayment", "percentage"),
            ],
            value=penalty,
            description="Penalty",
        )
        self.penalty_amount = widgets.Text(
            value=str(penalty_amount), description="amount or %", layout=widgets.Layout(width="220px")
        )
        self.penalty_on_taxes = widgets.Checkbox(
            value=penalty_on_taxes, description="% on duty and taxes (off: duty only)", indent=False
        )
        self.output = widgets.HTML()
        header = "<small>reference · declared value · correct value · duty % · correct duty % · duty due on</small>"
        super().__init__(
            [
                widgets.HTML("<b>Declarations</b>"),
                widgets.HTML(header),
                self.declarations_box,
                self.add_declaration_button,
                widgets.HTML("<b>Taxes at import</b> (in the order they are computed)"),
                self.taxes_box,
                self.add_tax_button,
                widgets.HTML("<b>Interest and penalty (national law)</b>"),
                widgets.HBox([self.interest_rate, self.interest_method, self.interest_period]),
                widgets.HBox(
                    [self.days_in_year, self.count_part_month, self.interest_on_taxes, self.assessed_on]
                ),
                widgets.HBox([self.penalty, self.penalty_amount, self.penalty_on_taxes]),
                self.output,
            ]
        )
        for control in (
            self.interest_rate,
            self.interest_method,
            self.interest_period,
            self.days_in_year,
            self.count_part_month,
            self.interest_on_taxes,
            self.assessed_on,
            self.penalty,
            self.penalty_amount,
            self.penalty_on_taxes,
        ):
            control.observe(self.refresh, names="value")
        for spec in declarations:
            self.add_declaration(refresh=False, **spec)
        for spec in taxes:
            self.add_tax(refresh=False, **spec)
        self.refresh()

    @property
    def declaration_rows(self) -> tuple[DeclarationRow, ...]:
        """The declaration rows, in order."""
        return tuple(self.declarations_box.children)

    @property
    def tax_rows(self) -> tuple[TaxRow, ...]:
        """The tax rows, in the order the taxes are computed."""
        return tuple(self.taxes_box.children)

    def add_declaration(self, *, refresh: bool = True, **spec: object) -> DeclarationRow:
        """Add a declaration row and recompute."""
        spec.setdefault("reference", f"C-{len(self.declaration_rows) + 1}")
        row = DeclarationRow(**spec)
        return self._add(self.declarations_box, row, refresh)

    def add_tax(self, *, refresh: bool = True, **spec: object) -> TaxRow:
        """Add a tax row (computed after the existing ones) and recompute."""
        return self._add(self.taxes_box, TaxRow(**spec), refresh)

    def _add(self, box: widgets.VBox, row: _Row, refresh: bool) -> _Row:
        for control in row.controls():
            control.observe(self.refresh, names="value")
        row.remove.on_click(lambda _: self.remove_row(row))
        box.children = (*box.children, row)
        if refresh:
            self.refresh()
        return row

    def remove_row(self, row: DeclarationRow | TaxRow) -> None:
        """Remove a declaration or tax row and recompute."""
        for box in (self.declarations_box, self.taxes_box):
            box.children = tuple(child for child in box.children if child is not row)
        self.refresh()

    def settings(self) -> AuditSettings:
        """The national configuration the controls describe (raises AuditError on bad input)."""
        interest = None
        if self.interest_rate.value.strip():
            interest = InterestRule(
                annual_rate=self.interest_rate.value,
                method=self.interest_method.value,
                period=self.interest_period.value,
                days_in_year=self.days_in_year.value,
                count_part_month=self.count_part_month.value,
                on_taxes=self.interest_on_taxes.value,
            )
        return AuditSettings(
            taxes=tuple(row.tax() for row in self.tax_rows),
            interest=interest,
            penalty=PenaltyRule(
                kind=self.penalty.value,
                amount=self.penalty_amount.value,
                on_taxes=self.penalty_on_taxes.value,
            ),
        )

    def compute(self) -> AuditRecovery:
        """Compute the recovery from the controls (raises MtpKitError on bad input)."""
        return compute_recovery(
            declarations=[row.declaration() for row in self.declaration_rows],
            settings=self.settings(),
            assessed_on=self.assessed_on.value,
        )

    def refresh(self, change: object = None) -> None:
        """Recompute and redraw; an input problem is shown, never raised."""
        interest_on = bool(self.interest_rate.value.strip())
        for control in (
            self.interest_method,
            self.interest_period,
            self.days_in_year,
            self.count_part_month,
            self.interest_on_taxes,
            self.assessed_on,
        ):
            control.layout.display = None if interest_on else "none"
        self.count_part_month.layout.display = (
            None if interest_on and self.interest_period.value == "monthly" else "none"
        )
        self.days_in_year.layout.display = (
            None if interest_on and self.interest_period.value == "daily" else "none"
        )
        penalty_on = self.penalty.value != "none"
        self.penalty_amount.layout.display = None if penalty_on else "none"
        self.penalty_on_taxes.layout.display = None if self.penalty.value == "percentage" else "none"
        try:
            result = self.compute()
        except MtpKitError as problem:
            self.error, self.total, self.duty, self.interest, self.penalties = str(problem), "", "", "", ""
            self.taxes, self.lines = {}, []
            self.output.value = error_html(str(problem))
            return
        self.error = ""
        self.total, self.duty = str(result.total), str(result.duty)
        self.interest, self.penalties = str(result.interest), str(result.penalties)
        self.taxes = {name: str(amount) for name, amount in result.taxes}
        self.lines = [
            {
                "declaration": d.reference,
                "item": line.item,
                "amount": str(line.amount),
                "reason": line.reason,
                "provision": line.provision,
            }
            for d in result.declarations
            for line in d.lines
        ]
        body = table_html(
            ["declaration", "item", "amount", "how", "provision"],
            [
                (x["declaration"], x["item"], _money(x["amount"]), x["reason"], x["provision"])
                for x in self.lines
            ],
        )
        totals = table_html(
            ["total", "amount"],
            [
                ("duty", _money(result.duty)),
                *((name, _money(amount)) for name, amount in result.taxes),
                ("interest", _money(result.interest)),
                ("penalties", _money(result.penalties)),
            ],
        )
        self.output.value = f"{body}<br>{totals}<h4>Total to recover: {_money(result.total)}</h4>" + (
            "<small>A negative amount is a refund to the trader.</small>" if result.total < 0 else ""
        )


def _money(amount: object) -> str:
    return f"{Decimal(str(amount)):,.2f}"


class RecoveryExercise(QuizView):
    """A practice audit case: the trainee computes each amount to recover; each answer is explained.

    Questions (one per amount the domain computes, summed over the declarations): the duty shortfall, each
    tax shortfall, the interest and the penalty when the settings have them, and the total.
    Traits (from :class:`QuizView`): ``score`` and ``answered``; ``out_of`` is the number of questions.
    """

    out_of = traitlets.Int(0)

    def __init__(
        self,
        declarations: Iterable[AuditedDeclaration],
        *,
        settings: AuditSettings,
        assessed_on: dt.date | None = None,
        title: str = "",
    ):
        declarations = tuple(declarations)
        self.result = compute_recovery(declarations=declarations, settings=settings, assessed_on=assessed_on)
        r = self.result

        def why(item: str) -> str:
            return " | ".join(
                f"{d.reference}: {line.reason}" if len(r.declarations) > 1 else line.reason
                for d in r.declarations
                for line in d.lines
                if line.item == item
            )

        questions = [NumericQuestion("How much duty is underpaid?", answer=r.duty, explanation=why("duty"))]
        questions += [
            NumericQuestion(f"How much {name} is underpaid?", answer=amount, explanation=why(name))
            for name, amount in r.taxes
        ]
        if settings.interest is not None:
            questions.append(
                NumericQuestion("How much interest is due?", answer=r.interest, explanation=why("interest"))
            )
        if settings.penalty.kind is not PenaltyKind.NONE:
            questions.append(
                NumericQuestion("What is the penalty?", answer=r.penalties, explanation=why("penalty"))
            )
        questions.append(
            NumericQuestion(
                "What is the total to recover?",
                answer=r.total,
                explanation="the sum of the amounts above, rounded once to cents",
            )
        )
        super().__init__(Quiz(title or "Exercise: compute the recovery", tuple(questions)))
        self.out_of = len(self.quiz.questions)
        facts = table_html(
            ["declaration", "declared value", "correct value", "duty %", "correct duty %", "duty due on"],
            [
                (
                    d.reference,
                    _money(d.declared_value),
                    _money(d.correct_value),
                    d.duty_rate,
                    d.correct_duty_rate,
                    d.due_on.isoformat() if d.due_on else "–",
                )
                for d in declarations
            ],
        )
        rules = [
            f"{t.name} {t.rate}% on customs value{' + duty' if t.includes_duty else ''}"
            + "".join(f" + {name}" for name in t.includes_taxes)
            for t in settings.taxes
        ]
        if settings.interest is not None:
            rules.append(
                f"interest {settings.interest.describe()}, to {assessed_on.isoformat() if assessed_on else '–'}"
            )
        rules.append(f"penalty: {settings.penalty.describe()}")
        intro = widgets.HTML(f"{facts}<p>Settings: {'; '.join(rules)}.</p><p>Answer to the cent.</p>")
        title_widget, *rest = self.children
        self.children = (title_widget, intro, *rest)
