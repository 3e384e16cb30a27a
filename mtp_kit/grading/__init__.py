"""Assessments and grading: the candidate's helpers in a notebook, and the trainer's nbgrader adapter.

Two audiences, kept apart so that an assessment notebook needs no nbgrader:

- In a notebook, candidates call :func:`check` (is the *format* of my answer right?) and see their own case
  from :func:`build_task`, whose figures come from :class:`Variant` (candidate id + assessment id). Hidden tests
  rebuild that case and mark it with :func:`mark_amount`, :func:`mark_choice` and :func:`mark_list`.
- The trainer runs ``mtp grade ASSIGNMENT --workers N`` and ``mtp collect-zip FILE.zip ASSIGNMENT``
  (``mtp_kit.grading._cli``); those, and the preprocessors named in ``assessments/nbgrader_config.py``
  (``mtp_kit.grading._nbgrader``), are the only code of MTP Kit that imports nbgrader.

>>> check(q4_freight_treatment="add")
✗ q4_freight_treatment: 'add' is not in the right format: expected one of the words added, deducted, included, excluded, for example "added".
"""

from mtp_kit.grading._check import ANSWER_KINDS, FormatCheck, check, check_answer
from mtp_kit.grading._errors import GradingError
from mtp_kit.grading._marking import (
    AnswerMissing,
    NotYetRight,
    mark_amount,
    mark_choice,
    mark_classification_answer,
    mark_list,
    require_answer,
)
from mtp_kit.grading._more_tasks import ClassificationTask, OriginRiskTask
from mtp_kit.grading._tasks import TASKS, ValuationTask, build_task
from mtp_kit.grading._variant import PRACTICE, Variant, candidate_id, variant_seed

__all__ = [
    "ANSWER_KINDS",
    "PRACTICE",
    "TASKS",
    "AnswerMissing",
    "ClassificationTask",
    "FormatCheck",
    "GradingError",
    "NotYetRight",
    "OriginRiskTask",
    "ValuationTask",
    "Variant",
    "build_task",
    "candidate_id",
    "check",
    "check_answer",
    "mark_amount",
    "mark_choice",
    "mark_classification_answer",
    "mark_list",
    "require_answer",
    "variant_seed",
]
