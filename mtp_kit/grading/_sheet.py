"""What a candidate sees of an assessment case: the story and the figures, and nothing that computes answers.

:func:`build_task` gives the full case, with methods that ask the engines for the right answers; hidden tests and
solutions use it. The visible cell of an assessment shows :func:`show_case` instead, a plain sheet of text, so
that the object in front of a candidate cannot be asked for the customs value it is testing.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtp_kit.grading._tasks import build_task

__all__ = ["CaseSheet", "show_case"]


@dataclass(frozen=True, slots=True)
class CaseSheet:
    """A case as text and Markdown only: the candidate's copy of the file."""

    assessment: str
    text: str
    markdown: str

    def __str__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return self.markdown


def show_case(assessment: str, *, candidate: str | None = None) -> CaseSheet:
    """The case of ``assessment`` for ``candidate`` (default: the one running the notebook), as a sheet.

    >>> sheet = show_case("wg1-pretest-valuation", candidate="ke-017")
    >>> str(sheet) == str(build_task("wg1-pretest-valuation", candidate="ke-017"))
    True
    >>> hasattr(sheet, "value") or hasattr(sheet, "treatment_of")
    False
    """
    task = build_task(assessment, candidate=candidate)
    return CaseSheet(assessment=assessment, text=str(task), markdown=task._repr_markdown_())
