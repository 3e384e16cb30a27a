"""The readiness commands, run in-process: what they print, the files they write and their exit codes.

The evidence is the demo cohort (mtp_kit/readiness/data/demo); the gradebook is nbgrader's, built from the
demo's submission plan with bulk SQL, so every status is the designed one without running a notebook.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import create_engine, text

from mtp_kit import cli
from mtp_kit.readiness._cli import (
    certificate_main,
    cohort_main,
    items_main,
    main,
    readiness_main,
    verify_main,
)
from mtp_kit.readiness._demo import DEMO_AS_OF, demo_folder, planned_grades

AS_OF = ["--as-of", DEMO_AS_OF.isoformat()]


def _write_gradebook(path):
    """An nbgrader gradebook holding the demo plan's grades (nbgrader's own tables, rows inserted in bulk)."""
    from nbgrader.api import Base

    grades = planned_grades()
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with engine.begin() as db:
        cells = grades[["assignment", "cell", "max_score"]].drop_duplicates()
        db.execute(text("INSERT INTO course (id) VALUES ('mtp-kit')"))
        for index, assignment in enumerate(sorted(set(cells["assignment"])), start=1):
            db.execute(
                text("INSERT INTO assignment (id, name, course_id) VALUES (:i, :n, 'mtp-kit')"),
                {"i": f"a{index}", "n": assignment},
            )
            db.execute(
                text("INSERT INTO notebook (id, name, assignment_id) VALUES (:i, :n, :a)"),
                {"i": f"n{index}", "n": assignment, "a": f"a{index}"},
            )
        notebook_of = {a: f"n{i}" for i, a in enumerate(sorted(set(cells["assignment"])), start=1)}
        for assignment, cell, maximum in cells.itertuples(index=False):
            cell_id = f"{notebook_of[assignment]}-{cell}"
            db.execute(
                text("INSERT INTO base_cell (id, name, notebook_id, type) VALUES (:i, :n, :nb, 'GradeCell')"),
                {"i": cell_id, "n": cell, "nb": notebook_of[assignment]},
            )
            db.execute(
                text("INSERT INTO grade_cells (id, max_score, cell_type) VALUES (:i, :m, 'code')"),
                {"i": cell_id, "m": maximum},
            )
        for candidate in sorted(set(grades["candidate"])):
            db.execute(text("INSERT INTO student (id) VALUES (:i)"), {"i": candidate})
        for (candidate, assignment), rows in grades.groupby(["candidate", "assignment"]):
            sub = f"{candidate}-{assignment}"
            db.execute(
                text(
                    "INSERT INTO submitted_assignment (id, assignment_id, student_id, timestamp) "
                    "VALUES (:i, :a, :s, :t)"
                ),
                {
                    "i": sub,
                    "a": notebook_of[assignment].replace("n", "a"),
                    "s": candidate,
                    "t": dt.datetime(2025, 11, 12),
                },
            )
            db.execute(
                text(
                    "INSERT INTO submitted_notebook (id, assignment_id, notebook_id, flagged) VALUES (:i, :a, :n, 0)"
                ),
                {"i": sub, "a": sub, "n": notebook_of[assignment]},
            )
            for cell, score in zip(rows["cell"], rows["score"], strict=True):
                db.execute(
                    text(
                        "INSERT INTO grade (id, cell_id, notebook_id, auto_score, needs_manual_grade) "
                        "VALUES (:i, :c, :n, :s, 0)"
                    ),
                    {
                        "i": f"{sub}-{cell}",
                        "c": f"{notebook_of[assignment]}-{cell}",
                        "n": sub,
                        "s": float(score),
                    },
                )
    engine.dispose()
    return path


@pytest.fixture
def world(tmp_path, capsys):
    """A store with the demo cohort imported and a gradebook; returns the options every command needs."""
    store = tmp_path / "evidence.sqlite"
    assert cohort_main(["import", str(demo_folder()), "--store", str(store)]) == 0
    gradebook = _write_gradebook(tmp_path / "gradebook.db")
    capsys.readouterr()
    return {"store": str(store), "gradebook": str(gradebook), "tmp": tmp_path}


def _options(world):
    return ["--store", world["store"], "--gradebook", world["gradebook"], *AS_OF]


def _one_line(capsys):
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return out.strip()


def test_cohort_import_reads_every_form_of_a_folder_and_a_second_import_changes_nothing(tmp_path, capsys):
    store = str(tmp_path / "s.sqlite")
    assert cohort_main(["import", str(demo_folder()), "--store", store]) == 0
    first = capsys.readouterr().out
    assert "candidates.csv: 24 candidates row(s): 24 new, 0 updated, 0 unchanged" in first
    assert "submissions.csv" not in first  # the demo's simulation plan is not an evidence form
    assert cohort_main(["import", str(demo_folder()), "--store", store]) == 0
    assert "rubric.csv: 210 rubric row(s): 0 new, 0 updated, 210 unchanged" in capsys.readouterr().out


def test_cohort_import_of_a_bad_file_names_row_and_column_in_one_line(tmp_path, capsys):
    bad = tmp_path / "attendance.csv"
    bad.write_text("candidate,wg,status\nam-02,1,present\nam-02,2,sleeping\n", encoding="utf-8")
    store = str(tmp_path / "s.sqlite")
    assert cohort_main(["import", str(demo_folder() / "programmes.csv"), "--store", store]) == 0
    capsys.readouterr()
    assert cohort_main(["import", str(bad), "--store", store]) == 1
    line = _one_line(capsys)
    assert line == (
        "mtp cohort: attendance.csv: row 3, column 'status': 'sleeping' expected one of present, absent, make_up; "
        "nothing was imported"
    )


def test_cohort_import_of_a_file_named_after_no_form_asks_for_kind(tmp_path, capsys):
    odd = tmp_path / "people.csv"
    shutil.copy(demo_folder() / "programmes.csv", odd)
    assert cohort_main(["import", str(odd), "--store", str(tmp_path / "s.sqlite")]) == 1
    assert "cannot tell which form people.csv is" in _one_line(capsys)
    assert (
        cohort_main(["import", str(odd), "--kind", "programmes", "--store", str(tmp_path / "s.sqlite")]) == 0
    )


def test_cohort_status_counts_candidates_per_status_and_administration(world, capsys):
    assert cohort_main(["status", *_options(world)]) == 0
    out = capsys.readouterr().out
    assert "24 candidates on 2026-06-30 (mtp-cv-demo)" in out
    assert "  at risk                        7" in out
    assert "  refresher due                  1" in out
    assert "Falunda Revenue Authority" in out


def test_cohort_status_without_a_store_says_how_to_make_one(tmp_path, capsys):
    assert cohort_main(["status", "--store", str(tmp_path / "none.sqlite")]) == 1
    assert "import the cohort first with 'mtp cohort import FOLDER'" in _one_line(capsys)


def test_a_missing_gradebook_is_one_line(world, capsys):
    missing = world["tmp"] / "nope.db"
    assert cohort_main(["status", "--store", world["store"], "--gradebook", str(missing)]) == 1
    assert _one_line(capsys).startswith("mtp cohort: no gradebook at")


def test_bad_arguments_exit_2_with_one_line(world, capsys):
    assert cohort_main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in _one_line(capsys)
    assert readiness_main(["--as-of", "yesterday", "--store", world["store"]]) == 2
    assert "'yesterday' is not a date; expected YYYY-MM-DD" in _one_line(capsys)


def test_cohort_report_writes_dashboard_workbook_csv_and_candidate_pages(world, capsys):
    out = world["tmp"] / "report"
    assert cohort_main(["report", "--out", str(out), *_options(world)]) == 0
    printed = capsys.readouterr().out
    assert "candidate pages:" in printed
    assert "(24 pages)" in printed
    assert (out / "dashboard.html").read_text(encoding="utf-8").count("<svg") == 4
    assert (out / "readiness.xlsx").stat().st_size > 0
    assert len(list((out / "candidates").glob("*.html"))) == 24
    assert (out / "readiness.csv").read_text(encoding="utf-8").count("\n") == 25


def test_readiness_prints_every_candidate_with_rules(world, capsys):
    assert readiness_main(_options(world)) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("fa-01 "))
    assert "at risk" in line
    assert "NOT MET" in line
    assert "R1-R6: met / NOT MET / - not yet assessable; as of 2026-06-30" in out


def test_readiness_of_one_candidate_gives_evidence_and_next_actions(world, capsys):
    assert readiness_main(["--candidate", "go-02", *_options(world)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Naledi Sithebe (go-02, Gorreto Customs Administration): at risk on 2026-06-30")
    assert "R6 learner gain: not met" in out
    assert "normalised gain 0.11 < 0.3" in out
    assert "next for the trainer:" in out


def test_readiness_of_an_unknown_candidate_is_one_line(world, capsys):
    assert readiness_main(["--candidate", "zz-99", *_options(world)]) == 1
    assert _one_line(capsys) == "mtp readiness: 'zz-99' is not a candidate of this report"


def test_items_prints_the_statistics_of_an_assessment(world, capsys):
    assert items_main(["wg4-posttest-valuation", "--gradebook", world["gradebook"]]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "wg4-posttest-valuation: 12 fully graded submission(s), groups of 3; Cronbach's alpha"
    )
    assert "wg4-posttest-valuation-q4-answer" in out
    assert "item(s) flagged for review" in out


def test_items_of_an_unknown_assignment_lists_the_known_ones(world, capsys):
    assert items_main(["wg9-nothing", "--gradebook", world["gradebook"]]) == 1
    assert _one_line(capsys) == (
        "mtp items: 'wg9-nothing' is not an assignment of the gradebook; expected one of: "
        "wg2-intersessional-valuation, wg4-posttest-valuation"
    )


def test_certificate_writes_a_pdf_whose_code_verifies_and_a_tampered_code_does_not(world, capsys):
    out = world["tmp"] / "certs"
    assert certificate_main(["am-02", "--out", str(out), "--store", world["store"], *AS_OF]) == 0
    line = _one_line(capsys)
    assert line.startswith(f"Wanjiru Kamau-Obel (am-02): {out / 'certificate-am-02.pdf'}  code ")
    code = line.rsplit(" ", 1)[1]
    assert (out / "certificate-am-02.pdf").read_bytes().startswith(b"%PDF-")
    assert verify_main([code, "--store", world["store"]]) == 0
    assert "is genuine: Wanjiru Kamau-Obel (am-02, Amaru Revenue Authority)" in _one_line(capsys)
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert verify_main([tampered, "--store", world["store"]]) == 1
    assert f"{tampered} is unknown" in _one_line(capsys)


def test_certificate_of_a_candidate_not_certified_is_refused_in_one_line(world, capsys):
    assert certificate_main(["co-02", "--out", str(world["tmp"]), "--store", world["store"], *AS_OF]) == 1
    assert _one_line(capsys).startswith("mtp certificate: 'co-02' is not certified (no decision recorded)")


def test_the_mtp_dispatcher_knows_the_readiness_commands(world, capsys):
    assert {"cohort", "readiness", "items", "certificate", "verify"} <= set(cli.COMMANDS)
    assert cli.main(["verify", "0000-0000-0000-0000", "--store", world["store"]]) == 1
    assert "is unknown" in _one_line(capsys)
    assert main(["readiness", "--candidate", "be-02", *_options(world)]) == 0
    assert "certified on 2026-03-20" in capsys.readouterr().out
