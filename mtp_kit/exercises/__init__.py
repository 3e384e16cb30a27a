"""Exercises: self-check quizzes and the marking of practice answers, shared by widgets and assessments.

Pure Python on top of the domain modules: a widget shows these results, an assessment's feedback quotes them,
and neither holds a rule of its own.
"""

from mtp_kit.exercises._cases import PracticeCase, load_valuation_cases
from mtp_kit.exercises._quiz import ChoiceQuestion, Feedback, NumericQuestion, Option, Quiz, QuizResult
from mtp_kit.exercises._valuation import LineMark, ValuationMark, mark_valuation

__all__ = [
    "ChoiceQuestion",
    "Feedback",
    "LineMark",
    "NumericQuestion",
    "Option",
    "PracticeCase",
    "Quiz",
    "QuizResult",
    "ValuationMark",
    "load_valuation_cases",
    "mark_valuation",
]
