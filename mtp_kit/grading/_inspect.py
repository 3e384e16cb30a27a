"""Read a submitted notebook before nbgrader does, repair what the candidate removed, and say what was found.

nbgrader reads a broken file as a real-looking 0, does not put back a deleted test cell unless told to (and then
crashes on a deleted manual cell), and warns about a changed checksum on every clean submission, because the
released test cells lack the hidden tests that the gradebook holds. :func:`inspect_submission` settles all of
that first, on plain notebook JSON, against the released notebook and the gradebook's source cells:

- a file that is empty, not JSON, not a notebook, or has no cells is *unreadable*: flagged, never graded;
- a deleted cell is put back where it was (answer cells empty, test and read-only cells from the source);
- an edited test or read-only cell is restored from the source and the edit is flagged;
- every locked cell gets the gradebook's source (hidden tests included) so nbgrader sees no false change;
- code that refers to files outside the submission (``../``, ``source/``, the gradebook) is flagged;
- a notebook last run with another candidate's figures is flagged.

Standard library and nbformat only; the gradebook's source cells are passed in as plain text.
"""

from __future__ import annotations

import copy
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

__all__ = ["Inspection", "SourceCell", "inspect_submission"]

_OUTSIDE = re.compile(
    r"\.\./|\.\.\\|\bsource/|\bsubmitted/|\bautograded/|\brelease/|gradebook|/home/|\bos\.walk\("
)
_FIGURES = re.compile(r"Figures for candidate [`'\"]([^`'\"]+)[`'\"]")


@dataclass(frozen=True, slots=True)
class SourceCell:
    """What the gradebook holds for one cell of the released notebook."""

    source: str
    cell_type: str
    locked: bool


@dataclass(frozen=True, slots=True)
class Inspection:
    """The verdict on one submitted notebook: the repaired JSON (or None if unreadable), flags and notes."""

    notebook: dict | None
    flags: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())

    @property
    def readable(self) -> bool:
        """True when the notebook can be graded."""
        return self.notebook is not None


def _short(grade_id: str, notebook: str) -> str:
    """'wg1-pretest-valuation-q2-tests' -> 'q2-tests'."""
    return grade_id[len(notebook) + 1 :] if grade_id.startswith(notebook + "-") else grade_id


def _source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata") or {}
    value = meta.get("nbgrader") if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def _read(raw: bytes) -> tuple[dict | None, str]:
    """The notebook JSON, or None and the reason it cannot be read."""
    if not raw.strip():
        return None, "the file is empty (0 bytes or only spaces)"
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "the file is not text (not UTF-8): it is not a notebook"
    except json.JSONDecodeError as error:
        return None, f"the file is not valid notebook JSON ({error.msg} at line {error.lineno})"
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, "the file is JSON but not a notebook (no list of cells)"
    if data.get("nbformat") != 4:
        return (
            None,
            f"the notebook format is {data.get('nbformat')!r}: expected 4 (save it from Jupyter again)",
        )
    if not data["cells"]:
        return None, "the notebook has no cells"
    for cell in data["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            return None, "the notebook has a cell that is not a code, markdown or raw cell"
    return data, ""


def _kind(meta: dict) -> str:
    if meta.get("grade") and meta.get("solution"):
        return "written answer"
    if meta.get("solution"):
        return "answer cell"
    if meta.get("grade"):
        return "test cell"
    return "read-only cell"


def inspect_submission(
    *,
    raw: bytes,
    released: dict,
    sources: dict[str, SourceCell],
    notebook: str,
    candidate: str,
) -> Inspection:
    """Check and repair one submitted notebook (``raw`` bytes) against its ``released`` version.

    ``sources`` maps each grade id to the gradebook's :class:`SourceCell`. The repaired notebook is returned as
    JSON ready to be written for nbgrader; unreadable files come back with ``notebook=None`` and the reason.

    >>> inspect_submission(raw=b"", released={}, sources={}, notebook="nb", candidate="ke-017").flags
    ('nb.ipynb: the file is empty (0 bytes or only spaces)',)
    """
    data, problem = _read(raw)
    if data is None:
        return Inspection(None, (f"{notebook}.ipynb: {problem}",))
    flags: list[str] = []
    notes: list[str] = []

    released_cells = [cell for cell in released.get("cells", []) if _nbgrader(cell).get("grade_id")]
    present = {}
    for cell in data["cells"]:
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id and grade_id not in present:
            present[grade_id] = cell

    # Put every missing cell back after the released cell that preceded it.
    missing_after: dict[str | None, list[dict]] = defaultdict(list)
    previous: str | None = None
    for cell in released_cells:
        meta = _nbgrader(cell)
        grade_id = meta["grade_id"]
        short = _short(grade_id, notebook)
        if grade_id not in present:
            restored = copy.deepcopy(cell)
            kind = _kind(meta)
            if kind == "test cell":
                flags.append(f"{short}: the test cell was deleted; restored from the source")
            elif kind == "answer cell":
                notes.append(f"{short}: the answer cell was deleted; graded as unanswered")
            elif kind == "written answer":
                notes.append(f"{short}: the written answer was deleted; restored empty (0 until regraded)")
            else:
                notes.append(f"{short}: the read-only cell was deleted; restored from the source")
            missing_after[previous].append(restored)
        previous = grade_id if grade_id in present else previous

    released_by_id = {_nbgrader(cell)["grade_id"]: cell for cell in released_cells}
    cells: list[dict] = list(missing_after[None])
    for cell in data["cells"]:
        cells.append(cell)
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id and present.get(grade_id) is cell:
            cells.extend(missing_after.get(grade_id, []))

    for cell in cells:
        grade_id = _nbgrader(cell).get("grade_id")
        original = released_by_id.get(grade_id) if grade_id else None
        if original is None:
            if cell.get("cell_type") == "code" and _OUTSIDE.search(_source(cell)):
                flags.append("code refers to files outside the submission (course folders or '../')")
            continue
        meta = _nbgrader(original)
        stored = sources.get(grade_id)
        if meta.get("locked") and stored is not None:
            if present.get(grade_id) is cell and _source(cell).strip() != _source(original).strip():
                flags.append(
                    f"{_short(grade_id, notebook)}: the {_kind(meta)} was edited; restored from the source"
                )
            cell["source"] = stored.source
            cell["cell_type"] = stored.cell_type
        elif cell.get("cell_type") == "code" and _OUTSIDE.search(_source(cell)):
            flags.append(
                f"{_short(grade_id, notebook)}: code refers to files outside the submission "
                "(course folders or '../')"
            )
        cell.setdefault("metadata", {})["nbgrader"] = copy.deepcopy(meta)
        if cell["cell_type"] == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)

    for cell in data["cells"]:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            text = json.dumps(output.get("data", output.get("text", "")))
            match = _FIGURES.search(text)
            if match and match.group(1) != candidate:
                flags.append(
                    f"the notebook was last run with the figures of {match.group(1)!r}; it is graded on the "
                    f"figures of {candidate!r}, whose work it is filed as"
                )
                break
        else:
            continue
        break

    for cell in cells:
        if cell.get("cell_type") == "code":
            # nbgrader clears outputs anyway; dropping them here keeps a 50 MB output off the grading disk.
            cell["outputs"], cell["execution_count"] = [], None
    answers = [c for c in released_cells if _nbgrader(c).get("solution")]
    if answers and all(
        _source(present[_nbgrader(c)["grade_id"]]).strip() == _source(c).strip()
        for c in answers
        if _nbgrader(c)["grade_id"] in present
    ):
        notes.append("no answer was changed from the released notebook")
    data["cells"] = cells
    return Inspection(data, tuple(dict.fromkeys(flags)), tuple(notes))
