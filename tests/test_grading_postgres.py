"""`mtp grade` on a PostgreSQL gradebook, as a programme on Zero to JupyterHub would run it.

A throwaway PostgreSQL server holds the course's gradebook (``CourseDirectory.db_url``); nbgrader generates the
assessment into it, and ``mtp grade`` grades four submissions with two workers. The expected scores are the
hand-counted points of wg1-pretest-valuation (Q1 3, Q2 1, Q3 3; the written Q4's 2 wait for the trainer), the
same as on SQLite in test_grading_robustness.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import socket
from pathlib import Path

import pytest

from mtp_kit import cli
from mtp_kit.readiness._cli import default_gradebook
from mtp_kit.readiness._gradebook import candidate_totals, read_gradebook
from tests.nbgrader_support import run_nbgrader
from tests.postgres_support import temporary_postgres
from tests.test_grading_robustness import DUE, _answered, _submit

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
A = "wg1-pretest-valuation"


def _course(root: Path, db_url: str) -> Path:
    """A course directory whose gradebook is ``db_url``, with ``A`` copied from the assessments' sources."""
    course = root / "course"
    course.mkdir()
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    shutil.copytree(REPO / "assessments" / "source" / A, course / "source" / A)
    return course


def _grade(course: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["grade", A, "--course", str(course), "--workers", "2", "--timeout", "20"])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory):
    from nbgrader.api import Gradebook

    with temporary_postgres() as url:
        course = _course(tmp_path_factory.mktemp("pg"), url)
        done = run_nbgrader(course, "db", "assignment", "add", A, f"--duedate={DUE.isoformat()}")
        assert done.returncode == 0, done.stderr[-2000:]
        done = run_nbgrader(course, "generate_assignment", A, "--force")
        assert done.returncode == 0, done.stderr[-2000:]
        released = json.loads((course / "release" / A / f"{A}.ipynb").read_text(encoding="utf-8"))
        _submit(course, "c01-right", _answered(released, "c01-right"))
        _submit(course, "c02-partly", _answered(released, "c02-partly", q1_value="q1_value = 1.0"))
        _submit(course, "c03-blank", json.loads(json.dumps(released)))
        _submit(course, "c04-bad-json", b'{"cells": [ {"cell_type": "code", ')
        code, out = _grade(course)
        report = course / "autograded" / f"grading-report-{A}.csv"
        rows = {
            row["candidate"]: row for row in csv.DictReader(report.read_text(encoding="utf-8").splitlines())
        }
        with Gradebook(url) as gradebook:
            nbgrader_scores = {
                submission.student.id: float(submission.score)
                for submission in gradebook.find_assignment(A).submissions
            }
            stored = {
                submission.student.id: [
                    (grade.auto_score, grade.needs_manual_grade)
                    for notebook in submission.notebooks
                    for grade in notebook.grades
                ]
                for submission in gradebook.find_assignment(A).submissions
            }
        totals = candidate_totals(read_gradebook(url))
        with contextlib.redirect_stdout(io.StringIO()):
            feedback_code = cli.main(["feedback", A, "--course", str(course)])
        items_out, here = io.StringIO(), os.getcwd()
        os.chdir(course)  # the readiness commands find the course's gradebook from the current folder
        try:
            found = default_gradebook()
            with contextlib.redirect_stdout(items_out):
                items_code = cli.main(["items", A])
        finally:
            os.chdir(here)
        yield {
            "course": course,
            "code": code,
            "out": out,
            "rows": rows,
            "stored": stored,
            "nbgrader_scores": nbgrader_scores,
            "feedback_code": feedback_code,
            "url": url,
            "found": found,
            "items": (items_code, items_out.getvalue()),
            "totals": dict(zip(totals["candidate"], totals["score"], strict=True)),
        }


def test_scores_on_postgres_are_the_hand_counted_points(graded):
    """7 of 9 for the right answers, 4 when Q1 is wrong, a real 0 when blank; the broken file is flagged."""
    rows = graded["rows"]
    assert (rows["c01-right"]["status"], rows["c01-right"]["score"], rows["c01-right"]["max_score"]) == (
        "graded",
        "7",
        "9",
    )
    assert (rows["c02-partly"]["status"], rows["c02-partly"]["score"]) == ("graded", "4")
    assert (rows["c03-blank"]["status"], rows["c03-blank"]["score"]) == ("graded", "0")
    assert (rows["c04-bad-json"]["status"], rows["c04-bad-json"]["score"]) == ("flagged", "")
    assert graded["code"] == 1  # one submission was flagged
    assert "4 submissions" in graded["out"]


def test_the_grades_are_written_into_the_server(graded):
    """The PostgreSQL gradebook holds every score; the unreadable submission waits for the trainer, not a 0."""
    stored = graded["stored"]
    assert set(stored) == {"c01-right", "c02-partly", "c03-blank", "c04-bad-json"}
    assert sum(score or 0 for score, _ in stored["c01-right"]) == 7
    assert sum(score or 0 for score, _ in stored["c02-partly"]) == 4
    assert all(score is None and needs for score, needs in stored["c04-bad-json"])


def test_the_readiness_reader_reads_the_server_as_nbgrader_does(graded):
    """Evidence for readiness comes straight from the PostgreSQL gradebook, with nbgrader's own totals."""
    assert graded["totals"] == graded["nbgrader_scores"]
    assert graded["totals"]["c01-right"] == 7.0


def test_feedback_is_written_from_the_server(graded):
    """mtp feedback reads the PostgreSQL gradebook too: a page for each graded candidate."""
    assert graded["feedback_code"] == 0
    pages = sorted(p.parts[-3] for p in (graded["course"] / "feedback").glob(f"*/{A}/*.html"))
    assert pages == ["c01-right", "c02-partly", "c03-blank"]


def test_the_readiness_commands_find_the_server_from_the_course_configuration(graded):
    """In the course folder, mtp items reads the PostgreSQL gradebook nbgrader_config.py names, without --gradebook."""
    assert graded["found"] == graded["url"]
    code, out = graded["items"]
    assert code == 0, out
    assert A in out


def test_no_sqlite_gradebook_appears_in_the_course(graded):
    """Nothing was graded into a local file by mistake."""
    assert not (graded["course"] / "gradebook.db").exists()
    assert (graded["course"] / "autograded" / "c01-right" / A / f"{A}.ipynb").exists()


def test_an_unreachable_server_is_named_without_its_password(tmp_path):
    """The trainer learns which server failed and why; the password stays out of the terminal."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again below: nothing listens there
    course = _course(tmp_path, f"postgresql+psycopg://mtp:s3cret@127.0.0.1:{port}/gradebook")
    code, out = _grade(course)
    assert code == 1
    assert f"the gradebook postgresql+psycopg://mtp:***@127.0.0.1:{port}/gradebook of {course}" in out
    assert "could not be opened" in out
    assert "s3cret" not in out


def test_a_url_without_its_driver_says_what_to_install(tmp_path):
    """A database whose Python driver is not installed: the message names the driver and what to install."""
    course = _course(tmp_path, "mysql://mtp:s3cret@127.0.0.1:3306/gradebook")
    code, out = _grade(course)
    assert code == 1
    assert "needs the database driver 'MySQLdb', which is not installed" in out
    assert "pip install 'mtp-kit[postgres]'" in out
    assert "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE" in out
    assert "s3cret" not in out
