"""Rules-of-origin widgets: the live origin checker and the origin practice exercise.

Views only. The checker turns its controls (product, materials table, agreement, rule, tolerance) into the
domain's :class:`~mtp_kit.origin.Product` and calls :func:`~mtp_kit.origin.assess_origin`; it shows the verdict
per material and the percentages exactly as the domain explains them, and holds no rule of origin itself.
Results are also traits (``verdict``, ``decided_by``, ``materials``, ``percentages``, ``error`` …), so tests and
notebooks can read them without a browser. The exercise builds a self-check quiz whose answers and explanations
all come from the domain's verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape

import ipywidgets as widgets
import traitlets

from mtp_kit.errors import MtpKitError
from mtp_kit.exercises import ChoiceQuestion, NumericQuestion, Option, Quiz
from mtp_kit.origin import (
    Agreement,
    Material,
    MaterialFinding,
    OriginVerdict,
    Product,
    Rule,
    ValueFinding,
    assess_origin,
    compute_value_content,
    list_agreements,
    load_agreement,
)
from mtp_kit.widgets._quiz import QuizView
from mtp_kit.widgets._render import BAD, GOOD, error_html, table_html

__all__ = ["MaterialRow", "OriginChecker", "OriginExercise"]

# The rule menu only translates a choice into the domain's data form of a rule; the domain judges it.
_RULES = (
    ("the agreement's rule for this HS code", "agreement"),
    ("wholly obtained (WO)", "WO"),
    ("change of chapter (CC)", "CC"),
    ("change of tariff heading (CTH)", "CTH"),
    ("change of tariff subheading (CTSH)", "CTSH"),
    ("non-originating materials at most …% (MaxNOM)", "maxnom"),
    ("regional value content at least …% (build-down)", "build-down"),
    ("regional value content at least …% (build-up)", "build-up"),
)
_VALUE_RULES = ("maxnom", "build-down", "build-up")


def _code(digits: str) -> str:
    """Show digits as officers write them: '540761' as '5407.61', '0901' as '09.01'.

    >>> _code("540761"), _code("0901"), _code("03")
    ('5407.61', '09.01', '03')
    """
    return {6: f"{digits[:4]}.{digits[4:]}", 4: f"{digits[:2]}.{digits[2:]}"}.get(len(digits), digits)


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class MaterialRow(widgets.HBox):
    """One editable line of the materials table: description, HS code, value and proven origin."""

    def __init__(self, *, description: str = "", hs_code: str = "", value: object = "0", origin: str = ""):
        self.description = widgets.Text(
            value=description, placeholder="material", layout=widgets.Layout(width="220px")
        )
        self.hs_code = widgets.Text(
            value=hs_code, placeholder="HS code", layout=widgets.Layout(width="100px")
        )
        self.value = widgets.Text(value=str(value), placeholder="value", layout=widgets.Layout(width="100px"))
        self.origin = widgets.Text(
            value=origin or "",
            placeholder="origin (blank: none proven)",
            layout=widgets.Layout(width="200px"),
        )
        self.remove = widgets.Button(description="remove", layout=widgets.Layout(width="70px"))
        super().__init__([self.description, self.hs_code, self.value, self.origin, self.remove])

    def controls(self) -> list[widgets.Widget]:
        """Every control whose value feeds the assessment."""
        return [self.description, self.hs_code, self.value, self.origin]

    def material(self) -> Material:
        """The domain object for this row (raises OriginError for an unreadable code or value)."""
        return Material(
            description=self.description.value,
            hs_code=self.hs_code.value,
            value=self.value.value,
            origin=self.origin.value.strip() or None,
        )


class OriginChecker(widgets.VBox):
    """A live origin check: product and materials in; verdict per material, the percentages and the reason out.

    Traits: ``verdict`` (``"originating"``, ``"not originating"``, or empty while the input has a problem),
    ``decided_by``, ``reason``, ``rule`` (the rule applied, in words), ``materials`` and ``percentages`` (lists
    of dicts), ``value_content`` (build-down, build-up and MaxNOM on the ex-works price, for information),
    ``notes`` and ``error``.
    """

    verdict = traitlets.Unicode("")
    decided_by = traitlets.Unicode("")
    reason = traitlets.Unicode("")
    rule = traitlets.Unicode("")
    materials = traitlets.List()
    percentages = traitlets.List()
    value_content = traitlets.Dict()
    notes = traitlets.List()
    error = traitlets.Unicode("")

    def __init__(
        self,
        *,
        agreement: str = "teaching-fta",
        description: str = "product",
        hs_code: str = "",
        party: str = "",
        ex_works_price: object = "1000",
        fob_price: object = "",
        wholly_obtained: bool = False,
        processes: Sequence[str] = (),
        operations: Sequence[str] = (),
        rule: str = "agreement",
        percent: object = "40",
        base: str = "ex-works",
        tolerance_percent: object = "",
        materials: Sequence[Mapping[str, object]] = (),
    ):
        style = {"description_width": "150px"}
        self.agreement = widgets.Dropdown(
            options=list(list_agreements()), value=agreement, description="Agreement", style=style
        )
        self.rule_choice = widgets.Dropdown(
            options=_RULES, value=rule, description="Rule", style=style, layout=widgets.Layout(width="520px")
        )
        self.percent = widgets.Text(
            value=str(percent),
            description="%",
            style={"description_width": "20px"},
            layout=widgets.Layout(width="90px"),
        )
        self.base = widgets.ToggleButtons(options=["ex-works", "fob"], value=base, description="on")
        self.tolerance = widgets.Text(
            value=str(tolerance_percent),
            description="Tolerance %",
            placeholder="blank: as the agreement says",
            style=style,
        )
        self.description = widgets.Text(value=description, description="Product", style=style)
        self.hs_code = widgets.Text(value=hs_code, description="HS code", style=style)
        self.party = widgets.Text(value=party, description="Exporting party", style=style)
        self.ex_works_price = widgets.Text(
            value=str(ex_works_price), description="Ex-works price", style=style
        )
        self.fob_price = widgets.Text(
            value=str(fob_price), description="FOB price", placeholder="if the rule needs it", style=style
        )
        self.wholly_obtained = widgets.Checkbox(
            value=wholly_obtained, description="claimed wholly obtained", indent=False
        )
        self.processes = widgets.Text(
            value=", ".join(processes),
            description="Processes",
            placeholder="e.g. roasting, chemical-reaction",
            style=style,
            layout=widgets.Layout(width="520px"),
        )
        self.operations = widgets.Text(
            value=", ".join(operations),
            description="Operations done",
            placeholder="e.g. roasting, packing",
            style=style,
            layout=widgets.Layout(width="520px"),
        )
        self.operations_hint = widgets.HTML()
        self.rows_box = widgets.VBox()
        self.add_button = widgets.Button(description="add a material", icon="plus")
        self.add_button.on_click(lambda _: self.add_material())
        self.output = widgets.HTML()
        super().__init__(
            [
                widgets.HBox([self.agreement, self.tolerance]),
                widgets.HBox([self.rule_choice, self.percent, self.base]),
                widgets.HBox([self.description, self.hs_code]),
                widgets.HBox([self.party, self.wholly_obtained]),
                widgets.HBox([self.ex_works_price, self.fob_price]),
                self.processes,
                self.operations,
                self.operations_hint,
                widgets.HTML("<b>Materials</b> (description, HS code, value, origin)"),
                self.rows_box,
                self.add_button,
                self.output,
            ]
        )
        for control in (
            self.agreement,
            self.rule_choice,
            self.percent,
            self.base,
            self.tolerance,
            self.description,
            self.hs_code,
            self.party,
            self.ex_works_price,
            self.fob_price,
            self.wholly_obtained,
            self.processes,
            self.operations,
        ):
            control.observe(self.refresh, names="value")
        for spec in materials:
            self.add_material(refresh=False, **spec)
        self.refresh()

    @property
    def rows(self) -> tuple[MaterialRow, ...]:
        """The material rows, in order."""
        return tuple(self.rows_box.children)

    def add_material(self, *, refresh: bool = True, **spec: object) -> MaterialRow:
        """Add a material row (``description=``, ``hs_code=``, ``value=``, ``origin=``) and reassess."""
        row = MaterialRow(**spec)
        for control in row.controls():
            control.observe(self.refresh, names="value")
        row.remove.on_click(lambda _: self.remove_material(row))
        self.rows_box.children = (*self.rows_box.children, row)
        if refresh:
            self.refresh()
        return row

    def remove_material(self, row: MaterialRow) -> None:
        """Remove a material row and reassess."""
        self.rows_box.children = tuple(child for child in self.rows_box.children if child is not row)
        self.refresh()

    def _rule(self) -> str | dict | None:
        choice = self.rule_choice.value
        if choice == "agreement":
            return None
        if choice in _VALUE_RULES:
            return {"value": choice, "percent": self.percent.value.strip(), "base": self.base.value}
        return choice

    def compute(self) -> OriginVerdict:
        """Build the product from the controls and assess it (raises MtpKitError on bad input)."""
        agreement = load_agreement(self.agreement.value)
        product = Product(
            description=self.description.value,
            hs_code=self.hs_code.value,
            party=self.party.value,
            ex_works_price=self.ex_works_price.value,
            fob_price=self.fob_price.value.strip() or None,
            wholly_obtained=self.wholly_obtained.value,
            processes=_words(self.processes.value),
            operations=_words(self.operations.value),
            materials=[row.material() for row in self.rows],
        )
        return assess_origin(
            product=product,
            agreement=agreement,
            rule=self._rule(),
            tolerance_percent=self.tolerance.value.strip() or None,
        )

    def refresh(self, change: object = None) -> None:
        """Reassess and redraw; an input problem is shown, never raised."""
        value_rule = self.rule_choice.value in _VALUE_RULES
        self.percent.layout.display = self.base.layout.display = None if value_rule else "none"
        try:
            agreement = load_agreement(self.agreement.value)
            self.operations_hint.value = (
                "<small>Insufficient operations in this agreement: "
                + ", ".join(sorted(agreement.insufficient_operations))
                + "</small>"
            )
            result = self.compute()
        except MtpKitError as problem:
            self.error, self.verdict, self.decided_by, self.reason, self.rule = str(problem), "", "", "", ""
            self.materials, self.percentages, self.value_content, self.notes = [], [], {}, []
            self.output.value = error_html(str(problem))
            return
        self.error = ""
        self.verdict = "originating" if result.originating else "not originating"
        self.decided_by, self.reason = result.decided_by, result.reason
        self.rule = f"{result.rule} ({result.rule_source})"
        self.materials = [_material_dict(m) for m in result.materials]
        self.percentages = [_value_dict(v) for v in result.values]
        self.notes = list(result.notes)
        content = compute_value_content(
            base_value=self.ex_works_price.value,
            non_originating=sum((m.value for m in result.materials if not m.originating), Decimal(0)),
            originating=sum((m.value for m in result.materials if m.originating), Decimal(0)),
        )
        self.value_content = {
            "build_down": str(content.build_down),
            "build_up": str(content.build_up),
            "max_nom": str(content.max_nom),
        }
        self.output.value = _verdict_html(result) + (
            "<p><small>For information, on the ex-works price: build-down "
            f"{content.build_down}%, build-up {content.build_up}%, MaxNOM {content.max_nom}%. "
            "Only the percentage the rule names decides.</small></p>"
        )


def _material_dict(material: MaterialFinding) -> dict[str, object]:
    return {
        "material": material.description,
        "hs_code": material.hs_code,
        "value": str(material.value),
        "originating": material.originating,
        "reason": material.reason,
        "checks": [check.reason for check in material.checks],
    }


def _value_dict(value: ValueFinding) -> dict[str, object]:
    return {
        "method": value.method.value,
        "base": value.base.value,
        "percent": str(value.percent),
        "threshold": str(value.threshold),
        "passed": value.passed,
        "reason": value.reason,
    }


def _verdict_html(result: OriginVerdict) -> str:
    """The verdict as HTML: the headline, the materials table, the percentages and the notes."""
    colour = GOOD if result.originating else BAD
    status = "ORIGINATING" if result.originating else "NOT ORIGINATING"
    head = (
        f'<h4 style="color:{colour}">{escape(result.product)}: {status}</h4>'
        f"<div><b>Rule</b> ({escape(result.rule_source)}): {escape(result.rule)}</div>"
        f"<div><b>Decided by</b>: {escape(result.decided_by)}</div>"
        f"<div><b>Why</b>: {escape(result.reason)}</div>"
    )
    materials = table_html(
        ["material", "HS code", "value", "status", "why", "under the rule"],
        [
            (
                m.description,
                _code(m.hs_code),
                f"{m.value:,}",
                "originating" if m.originating else "non-originating",
                m.reason,
                "; ".join(c.reason for c in m.checks) or "–",
            )
            for m in result.materials
        ],
    )
    values = ""
    if result.values:
        values = "<b>Percentages</b>" + table_html(
            ["test", "base", "result", "threshold", "met?", "how"],
            [
                (
                    v.method.value,
                    f"{v.base.label} {v.base_value:,}",
                    f"{v.percent}%",
                    f"{v.threshold}%",
                    "yes" if v.passed else "no",
                    v.reason,
                )
                for v in result.values
            ],
        )
    notes = "".join(f'<div style="color:#8a6d00">⚠ {escape(note)}</div>' for note in result.notes)
    return f"{head}{materials if result.materials else ''}{values}{notes}"


class OriginExercise(QuizView):
    """A practice case: the facts are shown, the trainee answers material by material and gives the verdict.

    Every answer and explanation comes from :func:`~mtp_kit.origin.assess_origin`: the status of each
    material, its check under a tariff-shift rule, each percentage the rule computes, and the verdict.
    Traits (from :class:`QuizView`): ``score`` and ``answered``; ``out_of`` is the number of questions.
    """

    out_of = traitlets.Int(0)

    def __init__(
        self,
        product: Product,
        agreement: Agreement | str,
        *,
        rule: Rule | str | dict | None = None,
        tolerance_percent: object = None,
        title: str = "",
    ):
        if isinstance(agreement, str):
            agreement = load_agreement(agreement)
        self.verdict = assess_origin(
            product=product, agreement=agreement, rule=rule, tolerance_percent=tolerance_percent
        )
        super().__init__(Quiz(title or f"Exercise: {product.description}", _questions(self.verdict)))
        self.out_of = len(self.quiz.questions)
        title, *rest = self.children
        self.children = (title, widgets.HTML(_facts_html(product, self.verdict, tolerance_percent)), *rest)


def _facts_html(product: Product, verdict: OriginVerdict, tolerance_percent: object) -> str:
    prices = f"ex-works price {product.ex_works_price:,}"
    if product.fob_price is not None:
        prices += f", FOB price {product.fob_price:,}"
    facts = [
        f"<b>{escape(product.description)}</b> (HS {_code(product.hs_code)}), exported from "
        f"{escape(product.party)}; {prices}.",
        f"Agreement: {escape(verdict.agreement)}.",
        f"Rule ({escape(verdict.rule_source)}): {escape(verdict.rule)}.",
    ]
    if tolerance_percent is not None:
        facts.append(f"Tolerance for this case: {escape(str(tolerance_percent))}% of the ex-works price.")
    if product.wholly_obtained:
        facts.append("The exporter claims the product is wholly obtained.")
    if product.processes:
        facts.append("Processes carried out: " + escape(", ".join(product.processes)) + ".")
    if product.operations:
        facts.append("Operations carried out: " + escape(", ".join(product.operations)) + ".")
    table = table_html(
        ["material", "HS code", "value", "proven origin"],
        [
            (m.description, _code(m.hs_code), f"{m.value:,}", m.origin or "none proven")
            for m in product.materials
        ],
    )
    return "<p>" + "<br>".join(facts) + f"</p>{table if product.materials else ''}"


def _questions(verdict: OriginVerdict) -> tuple[ChoiceQuestion | NumericQuestion, ...]:
    questions: list[ChoiceQuestion | NumericQuestion] = []
    for material in verdict.materials:
        questions.append(
            ChoiceQuestion(
                f"Does the material '{material.description}' count as originating?",
                (
                    Option("Yes, originating", material.originating, material.reason),
                    Option("No, non-originating", not material.originating, material.reason),
                ),
            )
        )
        for check in material.checks[:1]:
            questions.append(
                ChoiceQuestion(
                    f"Under the rule '{check.rule}', what happens to '{material.description}'?",
                    (
                        Option("It meets the rule", check.passed and not check.tolerated, check.reason),
                        Option("It fails, but the tolerance excuses it", check.tolerated, check.reason),
                        Option("It fails the rule", not check.passed, check.reason),
                    ),
                )
            )
    for value in verdict.values:
        questions.append(
            NumericQuestion(
                f"Compute the {value.method.value} percentage on the {value.base.label} (2 decimals).",
                answer=value.percent,
                tolerance=Decimal("0.05"),
                unit="%",
                explanation=value.reason,
            )
        )
    why = f"{verdict.decided_by}: {verdict.reason}"
    questions.append(
        ChoiceQuestion(
            "Does the product originate under the agreement?",
            (
                Option("Yes, it is originating", verdict.originating, why),
                Option("No, it is not originating", not verdict.originating, why),
            ),
        )
    )
    return tuple(questions)
