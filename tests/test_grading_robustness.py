"""End to end: `mtp grade` on real nbgrader runs, with every kind of bad submission the issue lists.

One course directory is generated once for the module (wg1-pretest-valuation, 9 points: Q1 3, Q2 1, Q3 3, and
the written Q4 2 that a trainer grades), filled with good and bad submissions, and graded once through the
`mtp` command with two workers; each test then reads its own row, the gradebook or the files written.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mtp_kit import cli
from mtp_kit.grading import _runner, build_task
from tests.nbgrader_support import run_nbgrader

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
A = "wg1-pretest-valuation"
DUE = datetime(2026, 11, 20, 17, 0, tzinfo=timezone.utc)


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    return run_nbgrader(course, *args)


def _answers(candidate: str) -> dict[str, str]:
    task = build_task(A, candidate=candidate)
    return {
        "q1_value = None": f"q1_value = {float(task.value(basis='CIF').total)}",
        "q2_treatment = None": f"q2_treatment = {task.treatment_of(task.asked)!r}",
        "q3_value = None": f"q3_value = {float(task.value(basis='FOB').total)}",
        "Type your answer here.": "Item 3 is added under Article 8.1 because the buyer bears it.",
    }


def _answered(released: dict, candidate: str, **edits: str) -> dict:
    """The released notebook answered correctly by ``candidate``; ``edits`` replace an answer line's text."""
    nb = json.loads(json.dumps(released))
    replacements = _answers(candidate)
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        for old, new in replacements.items():
            source = source.replace(old, edits.get(old.split(" ")[0], new))
        cell["source"] = source
    return nb


def _drop(nb: dict, short: str) -> dict:
    nb["cells"] = [
        c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != f"{A}-{short}"
    ]
    return nb


def _cell(nb: dict, short: str) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == f"{A}-{short}")


def _submit(course: Path, candidate: str, content: dict | bytes, *, at: datetime | None = None) -> None:
    folder = course / "submitted" / candidate / A
    folder.mkdir(parents=True)
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    (folder / f"{A}.ipynb").write_bytes(data)
    stamp = at or DUE - timedelta(days=1)
    (folder / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    course = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", course)
    shutil.copytree(REPO / "assessments" / "source" / A, course / "source" / A)
    assert _nbgrader(course, "db", "assignment", "add", A, f"--duedate={DUE.isoformat()}").returncode == 0
    done = _nbgrader(course, "generate_assignment", A, "--force")
    assert done.returncode == 0, done.stderr
    released = json.loads((course / "release" / A / f"{A}.ipynb").read_text())

    _submit(course, "c01-right", _answered(released, "c01-right"))
    _submit(course, "c02-partly", _answered(released, "c02-partly", q1_value="q1_value = 1.0"))
    _submit(course, "c03-blank", json.loads(json.dumps(released)))
    _submit(course, "c04-bad-json", b'{"cells": [ {"cell_type": "code", ')
    _submit(course, "c05-empty", b"")
    _submit(course, "c06-no-cells", {**released, "cells": []})
    _submit(course, "c07-no-answer-cell", _drop(_answered(released, "c07-no-answer-cell"), "q1-answer"))
    _submit(course, "c08-no-test-cell", _drop(_answered(released, "c08-no-test-cell"), "q3-tests"))
    edited = _answered(released, "c09-edited-test", q1_value="q1_value = 1.0")
    _cell(edited, "q1-tests")["source"] = "pass  # nothing to see"
    _submit(course, "c09-edited-test", edited)
    _submit(course, "c10-no-manual-cell", _drop(_answered(released, "c10-no-manual-cell"), "q4-answer"))
    loop = _answered(released, "c11-endless-loop")
    _cell(loop, "q2-answer")["source"] += "\nwhile True:\n    pass"
    _submit(course, "c11-endless-loop", loop)
    killed = _answered(released, "c12-kernel-killed")
    _cell(killed, "q3-answer")["source"] += "\nimport os\nos._exit(1)"
    _submit(course, "c12-kernel-killed", killed)
    flood = _answered(released, "c13-huge-output")
    _cell(flood, "q2-answer")["source"] += "\nprint('x' * 50_000_000)"
    _submit(course, "c13-huge-output", flood)
    peek = _answered(released, "c14-reads-source")
    _cell(peek, "q1-answer")["source"] += (
        f"\ntry:\n    secret = open('../../../source/{A}/{A}.ipynb').read()\nexcept OSError:\n    secret = ''"
    )
    _submit(course, "c14-reads-source", peek)
    spy = _answered(released, "c15-reads-neighbour")
    _cell(spy, "q1-answer")["source"] += (
        f"\ntry:\n    seen = open('../../c01-right/{A}/{A}.ipynb').read()\nexcept OSError:\n    seen = ''"
    )
    _submit(course, "c15-reads-neighbour", spy)
    _submit(course, "c16-late", _answered(released, "c16-late"), at=DUE + timedelta(hours=3))
    borrowed = _answered(released, "c01-right")
    _cell(borrowed, "case")["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "(Figures for candidate 'c01-right'.)\n"}
    ]
    _cell(borrowed, "case")["execution_count"] = 1
    _submit(course, "c17-other-figures", borrowed)

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["grade", A, "--course", str(course), "--workers", "2", "--timeout", "8"])
    report = course / "autograded" / f"grading-report-{A}.csv"
    rows = {row["candidate"]: row for row in csv.DictReader(report.read_text(encoding="utf-8").splitlines())}
    return {"course": course, "code": code, "out": out.getvalue(), "rows": rows, "released": released}


def _row(graded: dict, candidate: str) -> dict:
    return graded["rows"][candidate]


def test_every_submission_has_exactly_one_report_row(graded: dict) -> None:
    """Seventeen submissions in, seventeen rows out, and the command says some were flagged."""
    assert len(graded["rows"]) == 17
    assert graded["code"] == 1
    assert "17 submissions" in graded["out"]


def test_a_right_submission_scores_all_autograded_points(graded: dict) -> None:
    """Q1 3 + Q2 1 + Q3 3 = 7 of 9; the written Q4 waits for the trainer."""
    row = _row(graded, "c01-right")
    assert (row["status"], row["score"], row["max_score"], row["late"]) == ("graded", "7", "9", "no")


def test_a_partly_right_submission_keeps_the_points_it_earned(graded: dict) -> None:
    """A wrong Q1 loses its 3 points only."""
    assert (_row(graded, "c02-partly")["status"], _row(graded, "c02-partly")["score"]) == ("graded", "4")


def test_an_unanswered_notebook_scores_zero_and_says_so(graded: dict) -> None:
    """A blank submission is a real 0, with the reason in the report."""
    row = _row(graded, "c03-blank")
    assert (row["status"], row["score"]) == ("graded", "0")
    assert "no answer was changed" in row["reason"]


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("c04-bad-json", "not valid notebook JSON"),
        ("c05-empty", "the file is empty"),
        ("c06-no-cells", "has no cells"),
        ("c12-kernel-killed", "the kernel died"),
    ],
)
def test_an_ungradable_submission_is_flagged_without_a_score(
    graded: dict, candidate: str, reason: str
) -> None:
    """Unreadable files and dead kernels are flagged with the reason, and their score is left empty, not 0."""
    row = _row(graded, candidate)
    assert row["status"] == "flagged"
    assert reason in row["reason"]
    assert row["score"] == ""


def test_an_ungradable_submission_waits_for_the_trainer_in_the_gradebook(graded: dict) -> None:
    """Its cells need a manual grade and carry no automatic score, so no export shows a fake 0."""
    with contextlib.closing(sqlite3.connect(graded["course"] / "gradebook.db")) as db:
        rows = db.execute(
            "SELECT g.auto_score, g.needs_manual_grade FROM grade g "
            "JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s ON n.assignment_id = s.id "
            "WHERE s.student_id = 'c04-bad-json'"
        ).fetchall()
    assert rows
    assert all(score is None and needs == 1 for score, needs in rows)


def test_a_deleted_answer_cell_is_graded_as_unanswered(graded: dict) -> None:
    """Q1's 3 points are lost, the rest counts, and the report says why."""
    row = _row(graded, "c07-no-answer-cell")
    assert (row["status"], row["score"]) == ("graded", "4")
    assert "q1-answer: the answer cell was deleted" in row["reason"]


def test_a_deleted_hidden_test_cell_is_restored_and_reported(graded: dict) -> None:
    """Q3 is still graded by its hidden test, and the deletion is flagged."""
    row = _row(graded, "c08-no-test-cell")
    assert (row["status"], row["score"]) == ("flagged", "7")
    assert "q3-tests: the test cell was deleted; restored from the source" in row["reason"]


def test_an_edited_test_cell_grades_against_the_original(graded: dict) -> None:
    """Replacing Q1's test with 'pass' does not earn Q1's points back; the edit is flagged."""
    row = _row(graded, "c09-edited-test")
    assert (row["status"], row["score"]) == ("flagged", "4")
    assert "q1-tests: the test cell was edited" in row["reason"]


def test_a_deleted_written_answer_is_restored_empty(graded: dict) -> None:
    """A deleted manual cell neither crashes grading nor loses the autograded points."""
    row = _row(graded, "c10-no-manual-cell")
    assert (row["status"], row["score"]) == ("graded", "7")
    assert "q4-answer: the written answer was deleted" in row["reason"]


def test_an_endless_loop_is_stopped_and_the_rest_is_graded(graded: dict) -> None:
    """The loop in Q2's cell stops at the time limit; the answers already given still count."""
    row = _row(graded, "c11-endless-loop")
    assert row["status"] == "flagged"
    assert "q2-answer: a cell ran longer than the time limit" in row["reason"]
    assert row["score"] == "7"


def test_a_fifty_megabyte_line_is_cut_before_it_reaches_the_files(graded: dict) -> None:
    """The submission is graded and its autograded notebook stays small."""
    row = _row(graded, "c13-huge-output")
    assert (row["status"], row["score"]) == ("graded", "7")
    notebook = graded["course"] / "autograded" / "c13-huge-output" / A / f"{A}.ipynb"
    assert notebook.stat().st_size < 1_000_000


@pytest.mark.parametrize("candidate", ["c14-reads-source", "c15-reads-neighbour"])
def test_code_reaching_outside_the_submission_is_flagged_and_finds_nothing(
    graded: dict, candidate: str
) -> None:
    """The path is reported, and in its private folder the code found no file to read."""
    row = _row(graded, candidate)
    assert (row["status"], row["score"]) == ("flagged", "7")
    assert "refers to files outside the submission" in row["reason"]
    notebook = json.loads((graded["course"] / "autograded" / candidate / A / f"{A}.ipynb").read_text())
    errors = [o for c in notebook["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []


def test_a_late_submission_is_marked_late(graded: dict) -> None:
    """Three hours after the due date: graded, late, 10 800 seconds."""
    row = _row(graded, "c16-late")
    assert (row["status"], row["score"], row["late"], row["seconds_late"]) == ("graded", "7", "yes", "10800")


def test_work_done_on_another_candidates_figures_is_flagged(graded: dict) -> None:
    """c17 ran c01's figures: graded on its own figures (so Q1-Q3 miss) and flagged."""
    row = _row(graded, "c17-other-figures")
    assert row["status"] == "flagged"
    assert "figures of 'c01-right'" in row["reason"]


def test_every_graded_row_is_in_the_gradebook(graded: dict) -> None:
    """No lost rows: one submission per candidate in the real gradebook."""
    with contextlib.closing(sqlite3.connect(graded["course"] / "gradebook.db")) as db:
        students = {s for (s,) in db.execute("SELECT student_id FROM submitted_assignment")}
    assert students == set(graded["rows"])


def test_clean_submissions_raise_no_checksum_warning(graded: dict) -> None:
    """A clean submission's report row carries no reason, so no false 'checksum changed' reaches the trainer."""
    assert _row(graded, "c01-right")["reason"] == ""
    assert "checksum" not in graded["out"]


def test_nbgrader_logs_no_warning_at_all_for_a_clean_submission(graded: dict, tmp_path: Path) -> None:
    """Graded again on its own, a clean submission leaves not one WARNING line in nbgrader's log."""
    shutil.copy(graded["course"] / "gradebook.db", tmp_path / "template.db")
    job = _runner._Job(str(graded["course"]), A, "c01-right", str(tmp_path / "template.db"), str(tmp_path), 8)
    with _runner._nbgrader_noise():
        outcome = _runner._safe_grade(job)
    assert outcome.graded
    assert "WARNING" not in outcome.log
    assert "checksum" not in outcome.log.lower()


def test_the_trainer_sees_progress_while_grading(graded: dict) -> None:
    """One progress line per submission, the last one full."""
    assert "[" + "#" * 30 + "] 17/17" in graded["out"]


def test_feedback_shows_neither_hidden_tests_nor_their_tracebacks(graded: dict) -> None:
    """Feedback pages carry the candidate's answers and the points, not the hidden test code."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["feedback", A, "--course", str(graded["course"])]) == 0
    pages = {p.parts[-3]: p.read_text() for p in (graded["course"] / "feedback").glob(f"*/{A}/*.html")}
    assert "c02-partly" in pages
    page = pages["c02-partly"]
    assert "hidden tests ran here" in page
    assert "_build(" not in page
    assert "BEGIN HIDDEN TESTS" not in page
    assert "Q1: the amount is not right yet." in page


def _mailed(tmp_path: Path, files: dict[str, object]) -> Path:
    """A zip of ``files`` (name -> notebook dict, or text) as a trainer receives it by e-mail."""
    bundle = tmp_path / "mail.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content if isinstance(content, str) else json.dumps(content))
    return bundle


def _collect(bundle: Path, course: Path, *options: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["collect-zip", str(bundle), A, "--course", str(course), *options])
    return code, out.getvalue()


def test_collect_zip_files_notebooks_named_by_candidate(graded: dict, tmp_path: Path) -> None:
    """A zip of ke-901.ipynb and ke-902_<notebook>.ipynb becomes two submissions."""
    course = tmp_path / "course"
    shutil.copytree(graded["course"] / "release", course / "release")
    released = graded["released"]
    bundle = _mailed(
        tmp_path, {"ke-901.ipynb": released, f"ke-902_{A}.ipynb": released, "notes.txt": "not a notebook"}
    )
    code, out = _collect(bundle, course)
    assert code == 0
    assert sorted(p.parent.parent.name for p in (course / "submitted").glob(f"*/{A}/{A}.ipynb")) == [
        "ke-901",
        "ke-902",
    ]
    assert "ke-901, ke-902" in out


def test_a_broken_resubmission_leaves_no_stale_score(graded: dict, tmp_path: Path) -> None:
    """c02 scored 4 earlier; its new file is empty, so the old 4 disappears and its cells wait for the trainer."""
    course = tmp_path / "course"
    shutil.copytree(graded["course"], course)
    for folder in (course / "submitted").iterdir():
        if folder.name != "c02-partly":
            shutil.rmtree(folder)
    (course / "submitted" / "c02-partly" / A / f"{A}.ipynb").write_bytes(b"")
    report = _runner.grade_assignment(course=course, assignment=A, workers=1)
    assert [(r.candidate, r.status, r.score) for r in report.rows] == [("c02-partly", "flagged", None)]
    with contextlib.closing(sqlite3.connect(course / "gradebook.db")) as db:
        scores = db.execute(
            "SELECT g.auto_score FROM grade g JOIN submitted_notebook n ON g.notebook_id = n.id "
            "JOIN submitted_assignment s ON n.assignment_id = s.id WHERE s.student_id = 'c02-partly'"
        ).fetchall()
    assert scores
    assert all(score is None for (score,) in scores)
    assert not (course / "autograded" / "c02-partly" / A).exists()


def test_a_zip_received_after_the_due_date_is_graded_late(graded: dict, tmp_path: Path) -> None:
    """Received at 23:00 in Nairobi (UTC+3), that is 20:00 UTC, three hours after the 17:00 UTC due time: the
    submission is graded on its answers (7 of 9) and marked late by 10,800 seconds."""
    course = tmp_path / "course"
    shutil.copytree(graded["course"], course, ignore=shutil.ignore_patterns("submitted", "autograded"))
    bundle = _mailed(tmp_path, {"ke-903.ipynb": _answered(graded["released"], "ke-903")})
    code, out = _collect(bundle, course, "--received", "2026-11-20T23:00+03:00")
    assert code == 0
    assert "Stamped as received 2026-11-20 20:00+00:00" in out
    stamp = (course / "submitted" / "ke-903" / A / "timestamp.txt").read_text()
    assert stamp.startswith("2026-11-20 20:00:00")
    report = _runner.grade_assignment(course=course, assignment=A, workers=1)
    [(row)] = report.rows
    assert (row.candidate, row.status, row.score, row.late, row.seconds_late) == (
        "ke-903",
        "graded",
        7.0,
        True,
        10800.0,
    )


def test_a_zip_without_a_receipt_time_is_not_judged_late_and_says_so(graded: dict, tmp_path: Path) -> None:
    """No --received: no timestamp is invented, and the trainer is told lateness was not judged."""
    course = tmp_path / "course"
    shutil.copytree(graded["course"] / "release", course / "release")
    code, out = _collect(_mailed(tmp_path, {"ke-904.ipynb": graded["released"]}), course)
    assert code == 0
    assert "lateness is not judged" in out
    assert not (course / "submitted" / "ke-904" / A / "timestamp.txt").exists()


@pytest.mark.parametrize(
    ("text", "words"),
    [("2026-11-20 17:30", "has no time zone"), ("yesterday", "is not a date and time")],
)
def test_a_receipt_time_that_cannot_be_read_is_refused_before_anything_is_filed(
    graded: dict, tmp_path: Path, text: str, words: str
) -> None:
    """The message names the value and the form expected; no submission folder is made."""
    course = tmp_path / "course"
    shutil.copytree(graded["course"] / "release", course / "release")
    code, out = _collect(_mailed(tmp_path, {"ke-905.ipynb": graded["released"]}), course, "--received", text)
    assert code == 1
    assert f"--received {text!r} {words}" in out
    assert not (course / "submitted").exists()
