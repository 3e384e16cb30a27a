"""HS widgets: the explorer (search as you type, browse, path from the section) and the classification exercise.

Views over :mod:`mtp_kit.hs`: the explorer asks the nomenclature's own index on every keystroke and shows the
path and the lines below the one chosen; the exercise hands the trainee's codes and rule to
:func:`mtp_kit.hs.mark_classification` and shows its partial credit and feedback. Neither holds a rule of its own.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import traitlets

from mtp_kit.errors import MtpKitError
from mtp_kit.hs import GIRS, ClassificationCase, Nomenclature, load_teaching_extract, mark_classification
from mtp_kit.widgets._render import error_html, feedback_html

__all__ = ["ClassificationExercise", "HSExplorer"]


def _line(entry) -> str:
    return f"{entry.code}  {'– ' * entry.dash}{entry.description}"


class HSExplorer(widgets.VBox):
    """Search the nomenclature as you type; choose a line to see its path and the lines below it.

    Traits: ``query``, ``results`` (codes found, best first), ``selected`` (the chosen code) and ``path``
    (section, chapter, heading, subheading … as text).
    """

    query = traitlets.Unicode("")
    results = traitlets.List()
    selected = traitlets.Unicode("")
    path = traitlets.List()
    error = traitlets.Unicode("")

    def __init__(
        self, nomenclature: Nomenclature | None = None, *, limit: int = 12, within: str | None = None
    ):
        self.nomenclature = nomenclature or load_teaching_extract()
        self.limit = limit
        self.within = within
        self.search_box = widgets.Text(
            placeholder="type goods or a code, e.g. frozen shrimp, 8517",
            description="Search",
            continuous_update=True,
        )
        self.found = widgets.Select(options=[], rows=10, layout=widgets.Layout(width="95%"))
        self.up_button = widgets.Button(description="up one level", icon="arrow-up")
        self.status = widgets.HTML()
        self.detail = widgets.HTML()
        self.below = widgets.Select(
            options=[], rows=8, description="Below:", layout=widgets.Layout(width="95%")
        )
        super().__init__([self.search_box, self.status, self.found, self.up_button, self.detail, self.below])
        self.search_box.observe(lambda change: self.search(change["new"]), names="value")
        self.found.observe(
            lambda change: self.select(change["new"]) if change["new"] else None, names="value"
        )
        self.below.observe(
            lambda change: self.select(change["new"]) if change["new"] else None, names="value"
        )
        self.up_button.on_click(lambda _: self.go_up())
        self.found.options = [
            (f"Chapter {e.code}  {e.description}", str(e.code)) for e in self.nomenclature.chapters
        ]

    def search(self, text: str) -> None:
        """Run a search and list the lines found (an empty query lists the chapters)."""
        self.query = text
        self.status.value = ""
        if not text.strip():
            self.results = []
            self.found.options = [
                (f"Chapter {e.code}  {e.description}", str(e.code)) for e in self.nomenclature.chapters
            ]
            return
        try:
            hits = self.nomenclature.search(text, limit=self.limit, within=self.within)
        except MtpKitError as problem:
            self.error = str(problem)
            self.status.value = error_html(str(problem))
            return
        self.error = ""
        self.results = [str(hit.code) for hit in hits]
        self.found.options = [(_line(hit.entry), str(hit.code)) for hit in hits]
        if not hits:
            self.status.value = "<i>Nothing found: try another word, or fewer words.</i>"

    def select(self, code: str) -> None:
        """Show a line: its path from the section, and the lines directly below it."""
        entry = self.nomenclature[code]
        steps = self.nomenclature.path(code)
        self.selected = str(entry.code)
        self.path = [
            f"Section {step.numeral}: {step.title}" if not hasattr(step, "code") else _line(step)
            for step in steps
        ]
        trail = "".join(
            f'<div style="margin-left:{depth * 1.2}em">{escape(text)}</div>'
            for depth, text in enumerate(self.path)
        )
        siblings = self.nomenclature.siblings(code)
        compare = (
            f"<div><i>Compare at the same level (GIR 6): {escape(', '.join(str(s.code) for s in siblings))}</i></div>"
            if siblings and entry.dash
            else ""
        )
        self.detail.value = f"<b>{escape(str(entry.code))}</b>{trail}{compare}"
        children = self.nomenclature.children(code)
        self.below.options = [(_line(child), str(child.code)) for child in children]

    def go_up(self) -> None:
        """Move to the line above the one shown."""
        if not self.selected:
            return
        parent = self.nomenclature.parent(self.selected)
        if parent is not None:
            self.select(str(parent.code))


class ClassificationExercise(widgets.VBox):
    """A classification case: type the heading and subheading, choose the deciding rule, press Check.

    Traits: ``points``, ``max_points`` and ``feedback`` (the messages shown).
    """

    points = traitlets.Float(0.0)
    max_points = traitlets.Int(0)
    feedback = traitlets.List()

    def __init__(self, case: ClassificationCase, *, nomenclature: Nomenclature | None = None):
        self.case = case
        self.nomenclature = nomenclature or load_teaching_extract()
        facts = "".join(f"<li>{escape(fact)}</li>" for fact in case.facts)
        intro = widgets.HTML(
            f"<b>{escape(case.title)}</b><p>{escape(case.goods)}</p><ul>{facts}</ul>"
            f"<p><i>{escape(case.edition)}. Type the heading and the subheading, choose the rule that decides, "
            "and press Check.</i></p>"
        )
        self.heading = widgets.Text(description="Heading", placeholder="e.g. 85.17")
        self.subheading = widgets.Text(description="Subheading", placeholder="e.g. 8517.13")
        self.gir = widgets.Dropdown(
            options=[("choose…", "")] + [(f"GIR {g}", g) for g in GIRS], description="Rule"
        )
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.output = widgets.HTML()
        super().__init__([intro, self.heading, self.subheading, self.gir, self.check_button, self.output])

    def check(self) -> None:
        """Mark the answer and show where it left the correct path and which rule decides."""
        answer = self.subheading.value.strip() or self.heading.value.strip()
        if not answer:
            self.output.value = feedback_html(False, "Type a heading or a subheading first.")
            return
        mark = mark_classification(
            self.case, answer=answer, gir=self.gir.value or None, nomenclature=self.nomenclature
        )
        messages = list(mark.feedback)
        heading = self.heading.value.strip()
        if (
            heading
            and self.subheading.value.strip()
            and not self.subheading.value.replace(".", "").strip().startswith(heading.replace(".", ""))
        ):
            messages.insert(
                0, f"Your subheading {self.subheading.value.strip()} is not inside your heading {heading}."
            )
        self.points, self.max_points, self.feedback = mark.points, mark.max_points, messages
        correct = mark.points == mark.max_points
        self.output.value = feedback_html(correct, f"{mark.points:g} / {mark.max_points} points") + "".join(
            f"<div>{escape(message)}</div>" for message in messages
        )
