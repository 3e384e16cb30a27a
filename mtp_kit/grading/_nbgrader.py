"""nbgrader preprocessors that the course configuration (``assessments/nbgrader_config.py``) plugs in.

- :class:`CandidateExecute` runs a submission with ``MTP_CANDIDATE`` set to nbgrader's student id, so the
  notebook rebuilds that candidate's own variant, also under a plain ``nbgrader autograde``.
- :class:`LimitOutputSize` cuts any single output to a size a gradebook and a browser can hold (nbgrader's
  ``LimitOutput`` counts lines, so one 50 MB line passes it).
- :class:`HideHiddenTests` runs before feedback is rendered: test cells show only their public part, and their
  errors only the final ``Error: message`` line, because a traceback quotes the hidden line that failed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from nbgrader import utils
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer, Unicode

__all__ = ["CandidateExecute", "HideHiddenTests", "LimitOutputSize", "hide_hidden_region"]

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


@contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    old = os.environ.get(name)
    if value:
        os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


class CandidateExecute(Execute):
    """nbgrader's ``Execute`` with ``MTP_CANDIDATE`` set to the student whose submission is running."""

    def preprocess(self, nb, resources, *args, **kwargs):
        student = (resources.get("nbgrader") or {}).get("student")
        with _environment("MTP_CANDIDATE", student):
            return super().preprocess(nb, resources, *args, **kwargs)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... output cut: {len(text) - limit:,} more characters not kept ...\n"


class LimitOutputSize(NbGraderPreprocessor):
    """Cut every stream, text result and traceback line to ``max_chars`` characters."""

    max_chars = Integer(20_000, help="the most characters kept from one output").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.outputs:
            if output.output_type == "stream":
                output.text = _cut(output.text, self.max_chars)
            elif output.output_type in ("execute_result", "display_data"):
                for mime, data in list(output.get("data", {}).items()):
                    if isinstance(data, str):
                        output.data[mime] = _cut(data, self.max_chars)
            elif output.output_type == "error":
                output.evalue = _cut(output.evalue, self.max_chars)
                output.traceback = [_cut(line, self.max_chars) for line in output.traceback]
        return cell, resources


def hide_hidden_region(source: str, note: str) -> str:
    """The source without its hidden-test regions, each replaced by ``note``.

    >>> print(hide_hidden_region("check(x)\\n### BEGIN HIDDEN TESTS\\nassert x == 42\\n### END HIDDEN TESTS", "# hidden"))
    check(x)
    # hidden
    """
    kept, hidden = [], False
    for line in source.split("\n"):
        if BEGIN in line:
            hidden = True
            kept.append(note)
        elif END in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback: no hidden-test source and no traceback lines from test cells."""

    note = Unicode("# (hidden tests ran here; they are not shown)").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
            return cell, resources
        cell.source = hide_hidden_region(cell.source, self.note)
        for output in cell.outputs:
            if output.output_type == "error":
                # The last traceback line is "Ename: message"; every earlier one may quote a hidden line.
                output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
