"""Self-check questions and their marking, with an explanation for every option.

A quiz is content: the questions, the options and why each is right or wrong. Marking a typed answer never
raises for a candidate's slip: an unreadable number comes back as feedback saying what to type, because no
traceback should reach an officer for a mistyped answer. Defining a broken question (no correct option, a
negative tolerance) does raise :class:`~mtp_kit.errors.ConfigError`, for the author to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from mtp_kit.errors import ConfigError, MtpKitError
from mtp_kit.valuation._money import to_decimal

__all__ = ["ChoiceQuestion", "Feedback", "NumericQuestion", "Option", "Quiz", "QuizResult"]


@dataclass(frozen=True, slots=True)
class Feedback:
    """The outcome of one answer: right or not, and a sentence that says why."""

    correct: bool
    message: str


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a multiple-choice question, with the reason it is right or wrong."""

    text: str
    correct: bool = False
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceQuestion:
    """A multiple-choice question with exactly one correct option.

    >>> question = ChoiceQuestion("Is a buying commission added?", (
    ...     Option("Yes", explanation="Only selling commissions are added."),
    ...     Option("No", correct=True, explanation="It pays the buyer's own agent."),
    ... ))
    >>> question.check(1)
    Feedback(correct=True, message="Right. It pays the buyer's own agent.")
    """

    prompt: str
    options: tuple[Option, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        if sum(option.correct for option in self.options) != 1:
            raise ConfigError(
                f"question {self.prompt!r} has {sum(o.correct for o in self.options)} correct options: expected exactly 1"
            )

    @property
    def answer(self) -> int:
        """The index of the correct option.

        >>> ChoiceQuestion("2 + 2?", (Option("3"), Option("4", correct=True))).answer
        1
        """
        return next(index for index, option in enumerate(self.options) if option.correct)

    def check(self, choice: int | None) -> Feedback:
        """Mark the option at index ``choice`` (None: nothing chosen yet).

        >>> ChoiceQuestion("2 + 2?", (Option("3", explanation="One short."), Option("4", correct=True))).check(0)
        Feedback(correct=False, message='Not quite. One short.')
        """
        if choice is None or not 0 <= choice < len(self.options):
            return Feedback(False, f"Choose one of the {len(self.options)} options.")
        option = self.options[choice]
        head = "Right." if option.correct else "Not quite."
        return Feedback(option.correct, f"{head} {option.explanation}".strip())


@dataclass(frozen=True, slots=True)
class NumericQuestion:
    """A question answered with a number, accepted within an absolute ``tolerance``.

    >>> question = NumericQuestion("Customs value?", answer="17162.50", explanation="13,730 x 1.25.")
    >>> question.check("17,162.50").correct, question.check("17000").correct
    (True, False)
    >>> question.check("seventeen thousand").message
    "'seventeen thousand' is not a number: type digits only, such as 1250.50"
    """

    prompt: str
    answer: Decimal
    explanation: str = ""
    tolerance: Decimal = Decimal("0.01")
    unit: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(
                self, "answer", to_decimal(self.answer, what="the answer", allow_negative=True)
            )
            object.__setattr__(self, "tolerance", to_decimal(self.tolerance, what="the tolerance"))
        except MtpKitError as error:
            raise ConfigError(f"question {self.prompt!r}: {error}") from None

    def check(self, typed: object) -> Feedback:
        """Mark a typed answer; text such as ``"10,850.00"`` is read as a number.

        >>> NumericQuestion("Duty?", answer=250, tolerance=1).check(250.6)
        Feedback(correct=True, message='Right. ')
        """
        if typed is None or (isinstance(typed, str) and not typed.strip()):
            return Feedback(False, "Type a number first.")
        try:
            value = to_decimal(typed, what="your answer", allow_negative=True)
        except MtpKitError:
            return Feedback(False, f"{typed!r} is not a number: type digits only, such as 1250.50")
        if abs(value - self.answer) <= self.tolerance:
            return Feedback(True, f"Right. {self.explanation}")
        return Feedback(
            False,
            f"Not quite: the answer is {self.answer:,}{' ' + self.unit if self.unit else ''}. {self.explanation}",
        )


@dataclass(frozen=True, slots=True)
class QuizResult:
    """Marks for every question and the score."""

    feedback: tuple[Feedback, ...]
    score: int
    out_of: int


@dataclass(frozen=True, slots=True)
class Quiz:
    """A short self-check of multiple-choice and numeric questions.

    >>> quiz = Quiz("Check", (NumericQuestion("1 + 1?", answer=2), ChoiceQuestion("Sky?", (Option("blue", True), Option("green")))))
    >>> quiz.mark(["2", 0]).score
    2
    """

    title: str
    questions: tuple[ChoiceQuestion | NumericQuestion, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", tuple(self.questions))
        if not self.questions:
            raise ConfigError(f"quiz {self.title!r} has no questions: expected at least one")

    def mark(self, answers: Sequence[object]) -> QuizResult:
        """Mark one answer per question, in order (None for an unanswered question).

        >>> Quiz("Q", (NumericQuestion("1 + 1?", answer=2),)).mark([None]).score
        0
        """
        if len(answers) != len(self.questions):
            raise ConfigError(
                f"{len(answers)} answers for {len(self.questions)} questions: expected one per question"
            )
        feedback = tuple(
            question.check(answer) for question, answer in zip(self.questions, answers, strict=True)
        )
        return QuizResult(
            feedback=feedback, score=sum(item.correct for item in feedback), out_of=len(self.questions)
        )
