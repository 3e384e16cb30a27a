"""Behaviour of the gradebook reader on gradebooks written by nbgrader's own API and by bulk SQL."""

from __future__ import annotations

import csv
import datetime as dt
import math
import warnings

import pandas as pd
import pytest
from sqlalchemy.exc import SAWarning

from mtp_kit.readiness import (
    GRADE_COLUMNS,
    ReadinessError,
    build_synthetic_gradebook,
    candidate_totals,
    read_gradebook,
)


@pytest.fixture(scope="module")
def real_gradebook(tmp_path_factory):
    """Three candidates, two assignments; k01 skips wg2, z01 submits nothing (see the expected values below).

    Built once per module, and only read by the tests.
    """
    import nbgrader.api
    from nbgrader.api import Gradebook

    url = f"sqlite:///{tmp_path_factory.mktemp('nbgrader') / 'gradebook.db'}"
    # A new Gradebook asks the `alembic` command for the schema head, a subprocess of several seconds that
    # also needs the virtualenv on PATH; the version row it writes plays no part in reading grades.
    patch = pytest.MonkeyPatch()
    patch.setattr(nbgrader.api, "get_alembic_version", lambda: "mtp-kit-test")
    # nbgrader 0.9.6's add_submission trips an autoflush SAWarning under SQLAlchemy 2.1: its code, not ours.
    with warnings.catch_warnings(), Gradebook(url) as gb:
        warnings.simplefilter("ignore", SAWarning)
        for student in ("k01", "u01", "z01"):
            gb.add_student(student)
        gb.add_assignment("wg1-cv", duedate=dt.datetime(2025, 3, 1, 17, 0))
        gb.add_notebook("nb1", "wg1-cv")
        gb.add_grade_cell("nb1-q1-tests", "nb1", "wg1-cv", max_score=2, cell_type="code")
        gb.add_grade_cell("nb1-q2-answer", "nb1", "wg1-cv", max_score=3, cell_type="markdown")
        gb.add_task_cell("nb1-t1", "nb1", "wg1-cv", max_score=1, cell_type="markdown")
        gb.add_assignment("wg2-cv", duedate=dt.datetime(2025, 4, 1, 17, 0))
        gb.add_notebook("nb1", "wg2-cv")
        gb.add_grade_cell("nb1-q1-tests", "nb1", "wg2-cv", max_score=4, cell_type="code")

        gb.add_submission("wg1-cv", "k01", timestamp=dt.datetime(2025, 3, 2, 9, 0))
        q1 = gb.find_grade("nb1-q1-tests", "nb1", "wg1-cv", "k01")
        q1.auto_score, q1.needs_manual_grade = 2.0, False
        q2 = gb.find_grade("nb1-q2-answer", "nb1", "wg1-cv", "k01")
        q2.manual_score, q2.extra_credit, q2.needs_manual_grade = 2.5, 0.5, False
        t1 = gb.find_grade("nb1-t1", "nb1", "wg1-cv", "k01")
        t1.manual_score, t1.needs_manual_grade = 1.0, False
        notebook = gb.find_submission_notebook("nb1", "wg1-cv", "k01")
        notebook.late_submission_penalty, notebook.flagged = 1.0, True

        gb.add_submission("wg1-cv", "u01", timestamp=dt.datetime(2025, 3, 1, 9, 0))
        u1 = gb.find_grade("nb1-q1-tests", "nb1", "wg1-cv", "u01")
        u1.auto_score, u1.needs_manual_grade = 0.0, False  # q2 and t1 stay ungraded, waiting for a grader
        gb.add_submission("wg2-cv", "u01", timestamp=dt.datetime(2025, 4, 1, 9, 0))
        u2 = gb.find_grade("nb1-q1-tests", "nb1", "wg2-cv", "u01")
        u2.auto_score, u2.needs_manual_grade = 4.0, False
        gb.db.commit()
    patch.undo()
    return url


def _row(frame, candidate, assignment, cell):
    rows = frame[(frame.candidate == candidate) & (frame.assignment == assignment) & (frame.cell == cell)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_the_frame_has_one_row_per_candidate_and_graded_cell(real_gradebook):
    grades = read_gradebook(real_gradebook)
    assert list(grades.columns) == list(GRADE_COLUMNS)
    assert len(grades) == 3 * 4  # three students x (three cells of wg1 + one of wg2)


def test_manual_score_and_extra_credit_follow_nbgrader(real_gradebook):
    grades = read_gradebook(real_gradebook)
    assert _row(grades, "k01", "wg1-cv", "nb1-q1-tests").score == 2.0
    assert _row(grades, "k01", "wg1-cv", "nb1-q2-answer").score == 3.0  # manual 2.5 + extra credit 0.5
    assert _row(grades, "k01", "wg1-cv", "nb1-t1").score == 1.0  # task cells count too
    assert _row(grades, "k01", "wg1-cv", "nb1-t1").max_score == 1.0


def test_late_penalty_and_flag_come_from_the_submitted_notebook(real_gradebook):
    row = _row(read_gradebook(real_gradebook), "k01", "wg1-cv", "nb1-q1-tests")
    assert (row.late_penalty, bool(row.flagged), bool(row.submitted)) == (1.0, True, True)


def test_an_ungraded_answer_scores_zero_and_needs_manual_grading(real_gradebook):
    row = _row(read_gradebook(real_gradebook), "u01", "wg1-cv", "nb1-q2-answer")
    assert row.score == 0.0
    assert bool(row.needs_manual_grade) is True


def test_a_missing_submission_is_missing_never_zero(real_gradebook):
    grades = read_gradebook(real_gradebook)
    skipped = _row(grades, "k01", "wg2-cv", "nb1-q1-tests")
    assert math.isnan(skipped.score)
    assert not skipped.submitted
    assert pd.isna(skipped.needs_manual_grade)
    assert skipped.max_score == 4.0
    nothing = grades[grades.candidate == "z01"]
    assert len(nothing) == 4
    assert nothing.score.isna().all()
    assert not nothing.submitted.any()


def test_totals_apply_the_late_penalty_once_per_notebook(real_gradebook):
    totals = candidate_totals(read_gradebook(real_gradebook)).set_index(["candidate", "assignment"])
    k01 = totals.loc[("k01", "wg1-cv")]
    # raw 2 + 3 + 1 = 6, penalty 1 (the notebook's, not once per cell), score 5 out of 2 + 3 + 1 = 6
    assert (k01.raw_score, k01.late_penalty, k01.score, k01.max_score) == (6.0, 1.0, 5.0, 6.0)
    assert math.isnan(totals.loc[("k01", "wg2-cv")].score)
    assert totals.loc[("u01", "wg2-cv")].score == 4.0


def _nbgrader_export(url, tmp_path):
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    destination = tmp_path / "grades.csv"
    with Gradebook(url) as gb:
        CsvExportPlugin(to=str(destination)).export(gb)
    with destination.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _ours_like_the_export(url):
    # The export writes 0 where nothing was submitted; the reader keeps it missing, so fill only to compare.
    totals = candidate_totals(read_gradebook(url))
    return {
        (r.candidate, r.assignment): (0.0 if math.isnan(r.score) else r.score) for r in totals.itertuples()
    }


def test_totals_equal_nbgrader_export_on_a_gradebook_written_by_nbgrader(real_gradebook, tmp_path):
    exported = {
        (r["student_id"], r["assignment"]): float(r["score"])
        for r in _nbgrader_export(real_gradebook, tmp_path)
    }
    assert exported == _ours_like_the_export(real_gradebook)
    assert exported[("k01", "wg1-cv")] == 5.0


def test_totals_equal_nbgrader_export_on_a_bulk_synthetic_gradebook(tmp_path):
    book = build_synthetic_gradebook(
        tmp_path / "synthetic.db", candidates=15, assignments=3, notebooks=2, cells=3, manual_rate=0.1, seed=3
    )
    exported = _nbgrader_export(book.url, tmp_path)
    assert len(exported) == 15 * 3
    ours = _ours_like_the_export(book.url)
    for row in exported:
        assert ours[row["student_id"], row["assignment"]] == pytest.approx(float(row["score"]), abs=1e-9), row


def test_a_bulk_gradebook_reads_candidates_times_cells_rows(tmp_path):
    book = build_synthetic_gradebook(
        tmp_path / "bulk.db", candidates=200, assignments=4, notebooks=3, cells=4, submit_rate=0.8, seed=11
    )
    grades = read_gradebook(tmp_path / "bulk.db")
    assert len(grades) == 200 * 4 * 3 * 4
    submitted = grades.drop_duplicates(["candidate", "assignment"])["submitted"].sum()
    assert submitted == book.submissions
    assert grades["score"].notna().sum() == book.grades
    assert (grades.loc[~grades.submitted, "score"].isna()).all()


def test_reading_twice_gives_the_same_frame(tmp_path):
    build_synthetic_gradebook(tmp_path / "b.db", candidates=5, assignments=2, notebooks=1, cells=2)
    pd.testing.assert_frame_equal(
        read_gradebook(tmp_path / "b.db"), read_gradebook(f"sqlite:///{tmp_path / 'b.db'}")
    )


def test_a_database_that_is_not_a_gradebook_is_refused(tmp_path):
    from mtp_kit.readiness import EvidenceStore

    EvidenceStore.open(tmp_path / "evidence.db")
    with pytest.raises(ReadinessError, match=r"is not an nbgrader gradebook: table 'assignment' is missing"):
        read_gradebook(tmp_path / "evidence.db")


def test_a_path_that_does_not_exist_is_refused_naming_it(tmp_path):
    with pytest.raises(ReadinessError, match=r"nowhere\.db' is not a gradebook file"):
        read_gradebook(tmp_path / "nowhere.db")


def test_a_gradebook_url_that_cannot_be_opened_is_named_without_its_password():
    """A missing driver is reported with the URL's host and database, never its password."""
    with pytest.raises(
        ReadinessError, match=r"cannot open the gradebook 'mysql://db\.example\.org/gradebook'"
    ) as raised:
        read_gradebook("mysql://trainer:s3cret@db.example.org/gradebook")
    assert "s3cret" not in str(raised.value)
    assert "MySQLdb" in str(raised.value)
