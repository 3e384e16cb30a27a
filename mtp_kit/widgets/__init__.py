"""Jupyter widgets for the courses: thin views over the domain modules.

The only package that imports ipywidgets. Each widget builds its controls, observes them, calls the domain and
renders the domain's own explanation; every result is also a trait, so tests drive widgets without a browser.
"""

from mtp_kit.widgets._audit import DeclarationRow, RecoveryCalculator, RecoveryExercise, TaxRow
from mtp_kit.widgets._hs import ClassificationExercise, HSExplorer
from mtp_kit.widgets._origin import MaterialRow, OriginChecker, OriginExercise
from mtp_kit.widgets._quiz import QuizView
from mtp_kit.widgets._risk import (
    ConsignmentExercise,
    HitRateView,
    IndicatorScorer,
    RiskExercise,
    RiskMatrixView,
)
from mtp_kit.widgets._valuation import (
    CostElementRow,
    MethodDecisionTree,
    ValuationExercise,
    ValuationWorksheet,
)

__all__ = [
    "ClassificationExercise",
    "ConsignmentExercise",
    "CostElementRow",
    "DeclarationRow",
    "HSExplorer",
    "HitRateView",
    "IndicatorScorer",
    "MaterialRow",
    "MethodDecisionTree",
    "OriginChecker",
    "OriginExercise",
    "QuizView",
    "RecoveryCalculator",
    "RecoveryExercise",
    "RiskExercise",
    "RiskMatrixView",
    "TaxRow",
    "ValuationExercise",
    "ValuationWorksheet",
]
