"""nbgrader configuration of the MTP Kit course directory (this folder).

``source/`` is the truth and is committed; ``release/``, ``submitted/``, ``autograded/``, ``feedback/`` and
``gradebook.db`` are generated. The preprocessors come from ``mtp_kit.grading._nbgrader``:

- ``CandidateExecute`` runs each submission with ``MTP_CANDIDATE`` set to the student id, so a notebook rebuilds
  the candidate's own variant (``mtp_kit.grading.build_task``) under ``nbgrader autograde`` and ``mtp grade``;
- ``LimitOutputSize`` cuts one huge output line that nbgrader's ``LimitOutput`` (which counts lines) lets through;
- ``HideHiddenTests`` keeps hidden tests, and the traceback lines that quote them, out of feedback.
"""

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from mtp_kit.grading._nbgrader import CandidateExecute, HideHiddenTests, LimitOutputSize

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file

c.CourseDirectory.course_id = "mtp-kit"
c.IncludeHeaderFooter.header = ""

# Answer cells keep the line the candidate edits (q1_value = None) above the solution; the stub only says where.
c.ClearSolutions.code_stub = {"python": "# (type your answer on the line above)"}
c.ClearSolutions.text_stub = "Type your answer here."

# An endless loop stops after this many seconds in one cell; the rest of the notebook still runs.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

c.Autograde.autograde_preprocessors = [
    CandidateExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    LimitOutputSize,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
