"""Valuation widgets: the live worksheet, the marked practice exercise, and the method decision tree.

Views only. Each builds its controls, observes them, turns their values into the domain's objects and shows
the domain's own explanation; no rule of the Valuation Agreement is written here. Results are also exposed as
traits (``total``, ``breakdown``, ``error``, ``score`` …), so tests and notebooks can read them without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import ipywidgets as widgets
import traitlets

from mtp_kit.errors import MtpKitError
from mtp_kit.exercises import mark_valuation
from mtp_kit.valuation import (
    ARTICLE_1_1_QUESTIONS,
    Basis,
    CostElement,
    CostKind,
    CustomsValue,
    Incoterm,
    Transaction,
    Treatment,
    compute_customs_value,
    select_method,
)
from mtp_kit.widgets._render import error_html, feedback_html, table_html

__all__ = ["CostElementRow", "MethodDecisionTree", "ValuationExercise", "ValuationWorksheet"]

_IN_PRICE = (
    ("read from the Incoterm / not stated", "auto"),
    ("yes, in the price", "yes"),
    ("no, outside the price", "no"),
)
_FACTS: dict[CostKind, tuple[tuple[str, str, bool], ...]] = {
    CostKind.ROYALTY: (
        ("related_to_goods", "related to these goods", True),
        ("condition_of_sale", "a condition of sale", False),
        ("reproduction_right", "right to reproduce locally", False),
    ),
    CostKind.ASSIST_ENGINEERING: (("done_in_importing_country", "done in the importing country", False),),
    CostKind.INTEREST: (
        ("in_writing", "arrangement in writing", True),
        ("rate_not_above_prevailing", "rate not above the usual level", True),
        ("paid_to_seller", "paid to the seller", False),
    ),
    CostKind.CONTAINERS: (("one_with_goods", "treated as one with the goods", True),),
}


class CostElementRow(widgets.HBox):
    """One editable line of the cost ledger: kind, amount, and the facts that decide its treatment."""

    def __init__(
        self, *, kind: CostKind | str = CostKind.MAIN_FREIGHT, amount: object = "0", **facts: object
    ):
        kind = CostKind.parse(kind)
        self.kind = widgets.Dropdown(
            options=[(member.label, member.name) for member in CostKind],
            value=kind.name,
            description="",
            layout=widgets.Layout(width="300px"),
        )
        self.amount = widgets.Text(
            value=str(amount), placeholder="amount", layout=widgets.Layout(width="110px")
        )
        stated = facts.pop("included_in_price", None)
        self.in_price = widgets.Dropdown(
            options=_IN_PRICE,
            value={None: "auto", True: "yes", False: "no"}[stated],
            description="in price?",
            layout=widgets.Layout(width="260px"),
        )
        self.shown_separately = widgets.Checkbox(
            value=bool(facts.pop("shown_separately", False)), description="shown separately", indent=False
        )
        self.borne_by_buyer = widgets.Checkbox(
            value=bool(facts.pop("borne_by_buyer", True)), description="borne by buyer", indent=False
        )
        self.facts: dict[str, widgets.Checkbox] = {}
        self._fact_kind: dict[str, CostKind] = {}
        for fact_kind, fact_list in _FACTS.items():
            for name, label, default in fact_list:
                self.facts[name] = widgets.Checkbox(
                    value=bool(facts.pop(name, default)), description=label, indent=False
                )
                self._fact_kind[name] = fact_kind
        if facts:
            raise MtpKitError(
                f"unknown facts {sorted(facts)} for a ledger row: expected {sorted(self.facts)}"
            )
        self.remove = widgets.Button(description="remove", layout=widgets.Layout(width="70px"))
        super().__init__(layout=widgets.Layout(flex_flow="row wrap"))
        self.kind.observe(self._show_facts, names="value")
        self._show_facts()

    def _show_facts(self, change: object = None) -> None:
        kind = CostKind[self.kind.value]
        relevant = [box for name, box in self.facts.items() if self._fact_kind[name] is kind]
        self.children = [
            self.kind,
            self.amount,
            self.in_price,
            self.shown_separately,
            self.borne_by_buyer,
            *relevant,
            self.remove,
        ]

    def controls(self) -> list[widgets.Widget]:
        """Every control whose value feeds the calculation."""
        return [
            self.kind,
            self.amount,
            self.in_price,
            self.shown_separately,
            self.borne_by_buyer,
            *self.facts.values(),
        ]

    def element(self) -> CostElement:
        """The domain object for this row (raises ValuationError for an unreadable amount)."""
        kind = CostKind[self.kind.value]
        facts = {name: box.value for name, box in self.facts.items() if self._fact_kind[name] is kind}
        return CostElement(
            kind=kind,
            amount=self.amount.value,
            included_in_price={"auto": None, "yes": True, "no": False}[self.in_price.value],
            shown_separately=self.shown_separately.value,
            borne_by_buyer=self.borne_by_buyer.value,
            **facts,
        )


class ValuationWorksheet(widgets.VBox):
    """A live worksheet: price, Incoterm, basis and cost elements in; explained breakdown and total out.

    Traits: ``total`` (text, empty while the input has a problem), ``breakdown`` (the lines as dicts),
    ``warnings`` and ``error``.
    """

    total = traitlets.Unicode("")
    breakdown = traitlets.List()
    warnings = traitlets.List()
    error = traitlets.Unicode("")

    def __init__(
        self,
        *,
        price: object = "10000",
        currency: str = "USD",
        incoterm: Incoterm | str = Incoterm.FOB,
        basis: Basis | str = Basis.CIF,
        national_currency: str | None = None,
        exchange_rate: object = "1",
        elements: Sequence[Mapping[str, object]] = (),
    ):
        self.price = widgets.Text(value=str(price), description="Price")
        self.currency = widgets.Text(
            value=currency, description="Currency", layout=widgets.Layout(width="160px")
        )
        self.incoterm = widgets.Dropdown(
            options=[(f"{term.name} – {term.value}", term.name) for term in Incoterm],
            value=Incoterm.parse(incoterm).name,
            description="Incoterm",
        )
        self.basis = widgets.ToggleButtons(
            options=["CIF", "FOB"], value=Basis.parse(basis).value, description="Basis"
        )
        self.national_currency = widgets.Text(
            value=national_currency or currency,
            description="Declared in",
            layout=widgets.Layout(width="180px"),
        )
        self.exchange_rate = widgets.Text(
            value=str(exchange_rate), description="Rate", layout=widgets.Layout(width="180px")
        )
        self.rows_box = widgets.VBox()
        self.add_button = widgets.Button(description="add a cost line", icon="plus")
        self.add_button.on_click(lambda _: self.add_element())
        self.output = widgets.HTML()
        header = widgets.VBox(
            [
                widgets.HBox([self.price, self.currency, self.incoterm]),
                widgets.HBox([self.basis]),
                widgets.HBox([self.national_currency, self.exchange_rate]),
            ]
        )
        super().__init__(
            [header, widgets.HTML("<b>Cost lines</b>"), self.rows_box, self.add_button, self.output]
        )
        for control in (
            self.price,
            self.currency,
            self.incoterm,
            self.basis,
            self.national_currency,
            self.exchange_rate,
        ):
            control.observe(self.refresh, names="value")
        for spec in elements:
            self.add_element(refresh=False, **spec)
        self.refresh()

    @property
    def rows(self) -> tuple[CostElementRow, ...]:
        """The ledger rows, in order."""
        return tuple(self.rows_box.children)

    def add_element(self, *, refresh: bool = True, **spec: object) -> CostElementRow:
        """Add a ledger row (``kind=``, ``amount=`` and any facts) and recompute."""
        row = CostElementRow(**spec)
        for control in row.controls():
            control.observe(self.refresh, names="value")
        row.remove.on_click(lambda _: self.remove_element(row))
        self.rows_box.children = (*self.rows_box.children, row)
        if refresh:
            self.refresh()
        return row

    def remove_element(self, row: CostElementRow) -> None:
        """Remove a ledger row and recompute."""
        self.rows_box.children = tuple(child for child in self.rows_box.children if child is not row)
        self.refresh()

    def compute(self) -> CustomsValue:
        """Build the transaction from the controls and value it (raises MtpKitError on bad input)."""
        deal = Transaction(
            price=self.price.value,
            currency=self.currency.value,
            incoterm=self.incoterm.value,
            elements=[row.element() for row in self.rows],
        )
        currency = deal.currency
        national = self.national_currency.value.strip() or currency
        rates = {} if national.upper() == currency else {currency: self.exchange_rate.value}
        return compute_customs_value(
            deal, basis=self.basis.value, exchange_rates=rates, national_currency=national
        )

    def refresh(self, change: object = None) -> None:
        """Recompute and redraw; an input problem is shown, never raised."""
        try:
            result = self.compute()
        except MtpKitError as problem:
            self.error, self.total, self.breakdown, self.warnings = str(problem), "", [], []
            self.output.value = error_html(str(problem))
            return
        self.error = ""
        self.breakdown = result.rows()
        self.warnings = list(result.warnings)
        self.total = f"{result.total:.2f}"
        rows = [
            (
                line.label,
                line.treatment.value,
                f"{line.contribution:,.2f}" if line.treatment.sign else "–",
                line.article,
                line.explanation,
            )
            for line in result.lines
        ]
        notes = "".join(f'<div style="color:#8a6d00">⚠ {w}</div>' for w in result.warnings)
        self.output.value = table_html(
            ["item", "treatment", f"in {result.currency}", "article", "why"],
            rows,
            footer=f"{notes}<h4>Customs value: {result.total:,.2f} {result.currency}</h4>",
        )


class ValuationExercise(widgets.VBox):
    """A practice case: the trainee decides each line's treatment and types the value; Check marks it.

    Traits: ``score``, ``out_of`` and ``feedback`` (the messages shown).
    """

    score = traitlets.Int(0)
    out_of = traitlets.Int(0)
    feedback = traitlets.List()

    def __init__(
        self,
        transaction: Transaction,
        *,
        basis: Basis | str = Basis.CIF,
        exchange_rates: Mapping[str, object] | None = None,
        national_currency: str | None = None,
        title: str = "",
    ):
        self.result = compute_customs_value(
            transaction, basis=basis, exchange_rates=exchange_rates, national_currency=national_currency
        )
        self.transaction = transaction
        facts = table_html(
            ["item", "amount", "facts"],
            [
                (
                    transaction.description or "price",
                    f"{transaction.price:,} {transaction.currency}",
                    transaction.incoterm.name,
                )
            ]
            + [
                (
                    element.label,
                    f"{element.amount:,} {element.currency or transaction.currency}",
                    _facts_text(element),
                )
                for element in transaction.elements
            ],
        )
        rates = ", ".join(
            f"1 {code} = {rate} {self.result.currency}" for code, rate in (exchange_rates or {}).items()
        )
        intro = widgets.HTML(
            f"<b>{title}</b><br>Basis: {self.result.basis.value}. {rates}<br>{facts}"
            "<p>For each line, choose what happens to it; then type the customs value and press Check.</p>"
        )
        choices = [("choose…", "")] + [(t.value, t.name) for t in Treatment if t is not Treatment.PRICE]
        self.choices = [
            widgets.Dropdown(
                options=choices,
                value="",
                description=element.label[:28],
                style={"description_width": "220px"},
                layout=widgets.Layout(width="480px"),
            )
            for element in transaction.elements
        ]
        self.answer = widgets.Text(description="Customs value", placeholder=f"in {self.result.currency}")
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.output = widgets.HTML()
        super().__init__([intro, *self.choices, self.answer, self.check_button, self.output])

    def check(self) -> None:
        """Mark the current answers and show the explained feedback."""
        marks = mark_valuation(
            self.result,
            treatments=[Treatment[c.value] if c.value else None for c in self.choices],
            total=self.answer.value,
        )
        self.score, self.out_of = marks.score, marks.out_of
        messages = [(line.correct, line.message) for line in marks.lines] + [
            (marks.total_correct, marks.total_message)
        ]
        self.feedback = [message for _, message in messages]
        self.output.value = "".join(feedback_html(ok, message) for ok, message in messages) + (
            f"<p><b>Score: {marks.score} / {marks.out_of}</b></p>"
        )


def _facts_text(element: CostElement) -> str:
    facts = []
    if element.included_in_price is not None:
        facts.append("in the price" if element.included_in_price else "not in the price")
    if element.shown_separately:
        facts.append("shown separately")
    if not element.borne_by_buyer:
        facts.append("not borne by the buyer")
    for name in (
        "related_to_goods",
        "condition_of_sale",
        "done_in_importing_country",
        "in_writing",
        "rate_not_above_prevailing",
        "paid_to_seller",
    ):
        value = getattr(element, name)
        if value is not None:
            facts.append(name.replace("_", " ") + (": yes" if value else ": no"))
    if element.reproduction_right:
        facts.append("right to reproduce locally")
    return "; ".join(facts) or "–"


class MethodDecisionTree(widgets.VBox):
    """Answer the decisive questions; see which valuation method applies and why.

    Traits: ``method`` (e.g. ``"Art. 2"``), ``value`` (text, empty when the method needs judgement), ``error``.
    """

    method = traitlets.Unicode("")
    value = traitlets.Unicode("")
    error = traitlets.Unicode("")

    def __init__(self) -> None:
        style = {"description_width": "330px"}
        self.sale = widgets.ToggleButtons(
            options=["yes", "no"], value="yes", description="Sale for export to this country?", style=style
        )
        # The four Article 1.1 questions, worded by the domain; a tick on any rules the transaction value out.
        self.conditions = {
            name: widgets.Checkbox(
                description=f"{question}? ({article})", indent=False, layout=widgets.Layout(width="auto")
            )
            for name, article, question in ARTICLE_1_1_QUESTIONS
        }
        self.identical = widgets.Text(description="Values of identical goods (separate with ;)", style=style)
        self.similar = widgets.Text(description="Values of similar goods (separate with ;)", style=style)
        self.deductive = widgets.Text(description="Deductive value, if it can be determined", style=style)
        self.computed = widgets.Text(description="Computed value, if it can be determined", style=style)
        self.computed_first = widgets.Checkbox(
            description="The importer asks for computed value first (Art. 4)", indent=False
        )
        self.output = widgets.HTML()
        controls = [
            self.sale,
            *self.conditions.values(),
            self.identical,
            self.similar,
            self.deductive,
            self.computed,
            self.computed_first,
        ]
        super().__init__([*controls, self.output])
        for control in controls:
            control.observe(self.refresh, names="value")
        self.refresh()

    def refresh(self, change: object = None) -> None:
        """Re-run the method selection and redraw the path."""

        def values(text: str) -> list[str]:
            # Semicolons separate values, so that "10,500; 9,800" keeps its thousands separators.
            return [part.strip() for part in text.split(";") if part.strip()]

        try:
            decision = select_method(
                sale_for_export=self.sale.value == "yes",
                **{name: box.value for name, box in self.conditions.items()},
                identical_values=values(self.identical.value),
                similar_values=values(self.similar.value),
                deductive_value=self.deductive.value.strip() or None,
                computed_value=self.computed.value.strip() or None,
                importer_requests_computed_first=self.computed_first.value,
            )
        except MtpKitError as problem:
            self.error, self.method, self.value = str(problem), "", ""
            self.output.value = error_html(str(problem))
            return
        self.error = ""
        self.method = decision.method.article
        self.value = "" if decision.value is None else f"{Decimal(decision.value):,}"
        path = table_html(
            ["question", "answer", "article", "next"],
            [(s.label, s.value, s.article, s.explanation) for s in decision.steps],
        )
        shown = f": {self.value}" if self.value else ""
        self.output.value = (
            f"{path}<h4>Method: {decision.method.name.replace('_', ' ').lower()} ({self.method}){shown}</h4>"
        )
