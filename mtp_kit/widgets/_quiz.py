"""The self-check quiz widget: multiple-choice and numeric questions with instant, explained feedback.

A view over :class:`mtp_kit.exercises.Quiz`: choosing an option or typing a number marks that question at once
and shows why; ``score`` and ``answered`` are traits, so a test can drive the quiz without a browser.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from mtp_kit.exercises import ChoiceQuestion, NumericQuestion, Quiz
from mtp_kit.widgets._render import feedback_html

__all__ = ["QuizView"]


class QuizView(widgets.VBox):
    """Show a quiz; each answer is marked as soon as it is given."""

    score = traitlets.Int(0)
    answered = traitlets.Int(0)

    def __init__(self, quiz: Quiz):
        self.quiz = quiz
        self.inputs: list[widgets.Widget] = []
        self.outputs: list[widgets.HTML] = []
        self._correct = [False] * len(quiz.questions)
        self._given = [False] * len(quiz.questions)
        items: list[widgets.Widget] = [widgets.HTML(f"<h4>{quiz.title}</h4>")]
        for number, question in enumerate(quiz.questions):
            prompt = widgets.HTML(f"<b>{number + 1}.</b> {question.prompt}")
            if isinstance(question, ChoiceQuestion):
                control = widgets.RadioButtons(
                    options=[(option.text, index) for index, option in enumerate(question.options)],
                    value=None,
                    layout=widgets.Layout(width="auto"),
                )
            else:
                control = widgets.Text(
                    placeholder="type a number" + (f" ({question.unit})" if question.unit else ""),
                    continuous_update=False,
                )
            output = widgets.HTML()
            control.observe(lambda change, n=number: self.answer(n, change["new"]), names="value")
            self.inputs.append(control)
            self.outputs.append(output)
            items.extend([prompt, control, output])
        self.total = widgets.HTML()
        super().__init__([*items, self.total])

    def answer(self, number: int, value: object) -> None:
        """Mark question ``number`` (from 0) with ``value`` and redraw its feedback and the score."""
        question: ChoiceQuestion | NumericQuestion = self.quiz.questions[number]
        feedback = question.check(value)
        self.outputs[number].value = feedback_html(feedback.correct, feedback.message)
        self._correct[number] = feedback.correct
        self._given[number] = value not in (None, "")
        self.score = sum(self._correct)
        self.answered = sum(self._given)
        self.total.value = f"<p>Score so far: {self.score} / {len(self.quiz.questions)}</p>"
