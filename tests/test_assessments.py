"""Every assessment in assessments/source/ generates, validates, and its released version earns nothing blank.

The course directory is copied to a temporary folder once for the module; nbgrader never writes into the repo.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from nbgrader_support import generate_assignments, validate

from mtp_kit.grading._runner import grade_assignment

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "assessments" / "source"
ASSESSMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())
NOTEBOOKS = sorted(SOURCE.glob("*/*.ipynb"))
_GRADE_ID = re.compile(r"^(?P<nb>[a-z0-9-]+)-(q\d+-(answer|tests)|case|rubric)$")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_the_course_has_every_assessment_of_the_programme() -> None:
    """Pre- and post-tests, intersessional tasks and the training plan, one folder each."""
    assert ASSESSMENTS == [
        "wg1-pretest-hs",
        "wg1-pretest-valuation",
        "wg2-intersessional-classification",
        "wg2-intersessional-valuation",
        "wg3-intersessional-origin-risk",
        "wg3-intersessional-training-plan",
        "wg4-posttest-hs",
        "wg4-posttest-valuation",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_source_notebooks_are_committed_without_outputs(path: Path) -> None:
    """No outputs and no execution counts in any source cell."""
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_grade_ids_name_the_notebook_and_the_question(path: Path) -> None:
    """Every grade id is <notebook>-q<N>-answer, <notebook>-q<N>-tests, or the case/rubric cell."""
    ids = [c["metadata"]["nbgrader"]["grade_id"] for c in _cells(path) if "nbgrader" in c["metadata"]]
    assert ids
    for grade_id in ids:
        match = _GRADE_ID.match(grade_id)
        assert match is not None, grade_id
        assert match["nb"] == path.stem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_autograded_answer_has_a_hidden_test(path: Path) -> None:
    """Each q<N>-answer code cell has a q<N>-tests cell whose correctness check is hidden."""
    cells = {c["metadata"]["nbgrader"]["grade_id"]: c for c in _cells(path) if "nbgrader" in c["metadata"]}
    for grade_id, cell in cells.items():
        if grade_id.endswith("-answer") and cell["cell_type"] == "code":
            test = "".join(cells[grade_id.replace("-answer", "-tests")]["source"])
            assert "### BEGIN HIDDEN TESTS" in test


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("assessments")
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", root)
    shutil.copytree(SOURCE, root / "source")
    generate_assignments(root, ASSESSMENTS)
    return root


@pytest.mark.slow
def test_generate_assignment_releases_every_source(course: Path) -> None:
    """Each source folder has its released notebook, with no solution and no hidden test left in it."""
    for name in ASSESSMENTS:
        released = course / "release" / name / f"{name}.ipynb"
        text = released.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text
        assert "BEGIN HIDDEN TESTS" not in text
        assert "_build(" not in text


@pytest.mark.slow
def test_every_source_notebook_passes_nbgrader_validate(course: Path) -> None:
    """The solutions in the sources pass their own public and hidden tests."""
    paths = [str(course / "source" / name / f"{name}.ipynb") for name in ASSESSMENTS]
    done = validate(course, paths)
    assert done.stdout.count("Success! Your notebook passes all the tests.") == len(ASSESSMENTS), done.stdout[
        -3000:
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "max_score"),
    [
        ("wg1-pretest-hs", 14),
        ("wg1-pretest-valuation", 9),
        ("wg2-intersessional-classification", 19),
        ("wg2-intersessional-valuation", 12),
        ("wg3-intersessional-origin-risk", 10),
        ("wg3-intersessional-training-plan", 10),
        ("wg4-posttest-hs", 14),
        ("wg4-posttest-valuation", 9),
    ],
)
def test_a_released_notebook_submitted_blank_earns_nothing(course: Path, name: str, max_score: int) -> None:
    """Autograded as it was released, every assessment scores 0: its hidden tests really test something."""
    folder = course / "submitted" / "blank-candidate" / name
    folder.mkdir(parents=True)
    shutil.copy(course / "release" / name / f"{name}.ipynb", folder)
    report = grade_assignment(course=course, assignment=name, workers=1, report=course / f"{name}.csv")
    (row,) = report.rows
    assert (row.status, row.score, row.max_score) == ("graded", 0.0, max_score)
