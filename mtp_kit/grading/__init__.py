"""Assessments and grading: the candidate's helpers in a notebook, and the trainer's nbgrader adapter.

Two audiences, kept apart so that an assessment notebook needs no nbgrader:

- In a notebook, candidates call :func:`check` (is the *format* of my answer right?) and see their own case
  with :func:`show_case`, a sheet of text whose figures come from :class:`Variant` (candidate id + assessment
  id). Solutions and hidden tests rebuild that case with :func:`build_task`, which can compute the answers, and
  mark it with :func:`mark_amount`, :func:`mark_choice` and :func:`mark_list`.
- The trainer runs ``mtp grade ASSIGNMENT --workers N`` and ``mtp collect-zip FILE.zip ASSIGNMENT``
  (``mtp_kit.grading._cli``); those, the preprocessors named in ``assessments/nbgrader_config.py``
  (``mtp_kit.grading._nbgrader``) and the programme server's private submit step named in
  ``deploy/hub/nbgrader_config.py`` (``mtp_kit.grading._exchange``) are the only code of MTP Kit that imports
  nbgrader.

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
from mtp_kit.grading._sheet import CaseSheet, show_case
from mtp_kit.grading._tasks import TASKS, ValuationTask, build_task
from mtp_kit.grading._variant import PRACTICE, Variant, candidate_id, variant_seed

__all__ = [
    "ANSWER_KINDS",
    "PRACTICE",
    "TASKS",
    "AnswerMissing",
    "CaseSheet",
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
    "show_case",
    "variant_seed",
]
