"""Exercises: self-check quizzes and the marking of practice answers, shared by widgets and assessments.

Pure Python on top of the domain modules: a widget shows these results, an assessment's feedback quotes them,
and neither holds a rule of its own.
"""

from mtp_kit.exercises._assessment import ASSESSMENT_KINDS, assessment_notebook, write_assessment
from mtp_kit.exercises._bank_check import BankReport, check_bank
from mtp_kit.exercises._banks import (
    BANK_KINDS,
    BankProblem,
    CaseBank,
    OriginBankCase,
    RiskBankCase,
    ValuationBankCase,
    read_bank,
    read_bank_text,
)
from mtp_kit.exercises._cases import PracticeCase, load_valuation_cases
from mtp_kit.exercises._generate import practice_notebook, write_practice_notebook
from mtp_kit.exercises._quiz import ChoiceQuestion, Feedback, NumericQuestion, Option, Quiz, QuizResult
from mtp_kit.exercises._valuation import LineMark, ValuationMark, mark_valuation
from mtp_kit.exercises._variants import show_bank_case

__all__ = [
    "ASSESSMENT_KINDS",
    "BANK_KINDS",
    "BankProblem",
    "BankReport",
    "CaseBank",
    "ChoiceQuestion",
    "Feedback",
    "LineMark",
    "NumericQuestion",
    "Option",
    "OriginBankCase",
    "PracticeCase",
    "Quiz",
    "QuizResult",
    "RiskBankCase",
    "ValuationBankCase",
    "ValuationMark",
    "assessment_notebook",
    "check_bank",
    "load_valuation_cases",
    "mark_valuation",
    "practice_notebook",
    "read_bank",
    "read_bank_text",
    "show_bank_case",
    "write_assessment",
    "write_practice_notebook",
]
