"""Autograde every submission of an assignment in parallel, without losing one, and report on each.

Each submission is graded by nbgrader in a private course directory made for it (its own files, a copy of the
gradebook taken before grading started — for a gradebook on a database server such as PostgreSQL, a SQLite copy
of the assignments' structure — the course's ``nbgrader_config.py``), by a pool of worker processes that
import nbgrader once. Only this process writes the real gradebook, one submission at a time, from what the
worker read back — so there is never a "database is locked" and never a lost row — and it copies the autograded
notebook into the real ``autograded/`` folder. Running in its own folder also means a submission's code cannot
open ``source/`` or another candidate's work through a relative path.

Before nbgrader sees a notebook, :func:`~mtp_kit.grading._inspect.inspect_submission` checks and repairs it;
after grading, a dead kernel or a stopped cell is read from nbgrader's log and the notebook. Every submission
ends as one :class:`SubmissionResult`: ``graded``, or ``flagged`` with the reason (with a score when one could
be given). An unreadable submission is never scored 0: its cells are marked as needing a manual grade.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mtp_kit.grading._errors import GradingError
from mtp_kit.grading._inspect import SourceCell, inspect_submission

if TYPE_CHECKING:
    from nbgrader.api import Gradebook

__all__ = ["REPORT_COLUMNS", "GradingReport", "SubmissionResult", "grade_assignment", "report_path"]

REPORT_COLUMNS = ("candidate", "status", "reason", "score", "max_score", "late", "seconds_late")


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    """One row of the grading report."""

    candidate: str
    status: str
    reason: str
    score: float | None
    max_score: float
    late: bool
    seconds_late: float = 0.0

    def as_row(self) -> dict[str, str]:
        """The row as CSV text fields; a missing score stays empty, never 0."""
        return {
            "candidate": self.candidate,
            "status": self.status,
            "reason": self.reason,
            "score": "" if self.score is None else f"{self.score:g}",
            "max_score": f"{self.max_score:g}",
            "late": "yes" if self.late else "no",
            "seconds_late": f"{self.seconds_late:.0f}",
        }


@dataclass(frozen=True, slots=True)
class GradingReport:
    """Every submission's result, where the CSV was written, and how long grading took."""

    assignment: str
    rows: tuple[SubmissionResult, ...]
    csv_path: Path
    seconds: float

    def count(self, status: str) -> int:
        """How many rows have ``status``."""
        return sum(row.status == status for row in self.rows)


@dataclass(frozen=True, slots=True)
class _Job:
    course: str
    assignment: str
    candidate: str
    template_db: str
    work: str
    timeout: int | None


@dataclass(slots=True)
class _Outcome:
    candidate: str
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    graded: bool = False
    timestamp: str | None = None
    notebooks: dict[str, dict] = field(default_factory=dict)
    autograded: str | None = None
    log: str = ""


def report_path(course: Path, assignment: str) -> Path:
    """Where the CSV report of ``assignment`` goes: beside the autograded work, which git ignores."""
    return course / "autograded" / f"grading-report-{assignment}.csv"


def _nbgrader_path() -> None:
    # nbgrader runs 'alembic' as a program when it creates a gradebook; it lives beside this Python.
    bindir = os.path.dirname(sys.executable)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def _course_config(course: Path):
    """nbgrader's configuration as its own commands see it: every ``nbgrader_config.py`` on the Jupyter config
    path (a programme server's site-wide file, the user's), then the course directory's, which wins."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    for folder in [*reversed(jupyter_config_path()), str(course)]:
        if (Path(folder) / "nbgrader_config.py").is_file():
            config.merge(PyFileConfigLoader("nbgrader_config.py", path=folder).load_config())
    return config


def _config(course: Path, db_url: str, timeout: int | None):
    config = _course_config(course)
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.db_url = db_url
    if timeout is not None:
        config.Execute.timeout = timeout
    return config


def _gradebook(course: Path) -> tuple[str, Path | None]:
    """The course's gradebook: its URL (``CourseDirectory.db_url``, else ``gradebook.db`` in the course) and, when
    it is a SQLite file, that file."""
    url = str(_course_config(course).get("CourseDirectory", {}).get("db_url", "") or "")
    if not url:
        return f"sqlite:///{course / 'gradebook.db'}", course / "gradebook.db"
    if url.startswith("sqlite:///"):
        return url, Path(url.removeprefix("sqlite:///"))
    return url, None


def _shown(url: str) -> str:
    """A database URL fit to print: the password is never shown.

    >>> _shown("postgresql+psycopg://mtp:s3cret@db.example.org:5432/gradebook")
    'postgresql+psycopg://mtp:***@db.example.org:5432/gradebook'
    """
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: show only its scheme
        return url.split(":", 1)[0] + "://..."


#: The tables that describe assignments (not submissions or grades): what a worker's private gradebook needs.
_STRUCTURE = (
    "course",
    "student",
    "assignment",
    "notebook",
    "base_cell",
    "source_cell",
    "grade_cells",
    "solution_cells",
    "task_cells",
)


def _export_structure(url: str, template: Path) -> None:
    """Copy the assignments' structure from the gradebook at ``url`` (PostgreSQL, MySQL, ...) into a new SQLite
    gradebook at ``template``, which each worker then copies as it would a SQLite course gradebook."""
    from nbgrader.api import Base, Gradebook
    from sqlalchemy import create_engine, select

    Gradebook(f"sqlite:///{template}").close()  # nbgrader's own schema and migration stamp
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    source, target = create_engine(url), create_engine(f"sqlite:///{template}")
    try:
        with source.connect() as reading, target.begin() as writing:
            for name in reversed(_STRUCTURE):  # nbgrader's start-up rows (its default course) give way
                writing.execute(tables[name].delete())
            for name in _STRUCTURE:
                rows = [dict(row) for row in reading.execute(select(tables[name])).mappings()]
                if rows:
                    writing.execute(tables[name].insert(), rows)
    finally:
        source.dispose()
        target.dispose()


def _open_gradebook(url: str, course: Path):
    """nbgrader's Gradebook on ``url``, or a GradingError that says which database could not be used and why."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return Gradebook(url)
    except ModuleNotFoundError as error:
        raise GradingError(
            f"the gradebook {_shown(url)} needs the database driver {error.name!r}, which is not installed: for "
            "PostgreSQL install MTP Kit with its postgres extra (pip install 'mtp-kit[postgres]') and write the "
            "URL as postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from None
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise GradingError(f"the gradebook {_shown(url)} of {course} could not be opened: {reason}") from None


_SOURCES: dict[tuple[str, str], dict[str, dict[str, SourceCell]]] = {}


def _source_cells(db_url: str, assignment: str) -> dict[str, dict[str, SourceCell]]:
    """The gradebook's source cells of every notebook, read once per worker (the template never changes)."""
    key = (db_url, assignment)
    if key not in _SOURCES:
        _SOURCES[key] = _read_source_cells(db_url, assignment)
    return _SOURCES[key]


def _read_source_cells(db_url: str, assignment: str) -> dict[str, dict[str, SourceCell]]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        found = gradebook.find_assignment(assignment)
        return {
            notebook.name: {
                cell.name: SourceCell(cell.source, cell.cell_type, cell.locked)
                for cell in notebook.source_cells
            }
            for notebook in found.notebooks
        }


def _timed_out(notebook: Path) -> list[str]:
    data = json.loads(notebook.read_text(encoding="utf-8"))
    stopped = []
    for cell in data.get("cells", []):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                stopped.append(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "a cell"))
    return stopped


def _grade_one(job: _Job) -> _Outcome:
    """Worker: grade one submission in a private course directory and read the grades back."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    outcome = _Outcome(job.candidate)
    course = Path(job.course)
    private = Path(tempfile.mkdtemp(prefix=f"{job.candidate}-", dir=job.work))
    root = private / "course"
    db = private / "db" / "gradebook.db"
    db.parent.mkdir(parents=True)
    shutil.copy(job.template_db, db)
    db_url = f"sqlite:///{db}"
    sources = _source_cells(f"sqlite:///{job.template_db}", job.assignment)
    released = course / "release" / job.assignment
    submitted = course / "submitted" / job.candidate / job.assignment
    target = root / "submitted" / job.candidate / job.assignment
    target.mkdir(parents=True)
    (root / "source" / job.assignment).mkdir(parents=True)
    if (course / "nbgrader_config.py").exists():
        shutil.copy(course / "nbgrader_config.py", root / "nbgrader_config.py")
    for item in submitted.iterdir():
        if item.is_file() and item.suffix != ".ipynb":
            shutil.copy(item, target / item.name)

    for notebook, cells in sorted(sources.items()):
        path = submitted / f"{notebook}.ipynb"
        if not path.exists():
            outcome.flags.append(f"{notebook}.ipynb is missing from the submission")
            continue
        release_file = released / f"{notebook}.ipynb"
        if not release_file.exists():
            raise GradingError(
                f"{release_file} is missing: run nbgrader generate_assignment {job.assignment}"
            )
        inspection = inspect_submission(
            raw=path.read_bytes(),
            released=json.loads(release_file.read_text(encoding="utf-8")),
            sources=cells,
            notebook=notebook,
            candidate=job.candidate,
        )
        outcome.flags.extend(inspection.flags)
        outcome.notes.extend(inspection.notes)
        if inspection.readable:
            (target / f"{notebook}.ipynb").write_text(json.dumps(inspection.notebook), encoding="utf-8")
    if not any(target.glob("*.ipynb")):
        return outcome

    config = _config(root, db_url, job.timeout)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    result = api.autograde(job.assignment, job.candidate, force=True, create=True)
    log = result.get("log", "") + result.get("error", "")
    outcome.log = log[-20_000:]
    if not result.get("success"):
        if "DeadKernelError" in log or "Kernel died" in log or "kernel died" in log:
            outcome.flags.append(
                "the kernel died while running the notebook (os._exit, a crash or out of memory)"
            )
        elif "UnresponsiveKernel" in log:
            outcome.flags.append("the kernel stopped answering and could not be interrupted")
        else:
            last = [line for line in log.splitlines() if line.strip()][-1:] or ["no log"]
            outcome.flags.append(f"nbgrader could not grade it: {last[0].strip()[:200]}")
        return outcome

    autograded = root / "autograded" / job.candidate / job.assignment
    for notebook_file in sorted(autograded.glob("*.ipynb")):
        for grade_id in _timed_out(notebook_file):
            short = grade_id.removeprefix(notebook_file.stem + "-")
            outcome.flags.append(f"{short}: a cell ran longer than the time limit and was stopped")
    outcome.timestamp, outcome.notebooks = _read_back(db, job.assignment, job.candidate)
    outcome.graded = True
    outcome.autograded = str(autograded)
    return outcome


_SUBMISSION = (
    "SELECT s.id, s.timestamp FROM submitted_assignment s JOIN assignment a ON s.assignment_id = a.id "
    "WHERE a.name = ? AND s.student_id = ?"
)
_NOTEBOOKS = (
    "SELECT s.id, n.name, s.late_submission_penalty FROM submitted_notebook s "
    "JOIN notebook n ON s.notebook_id = n.id WHERE s.assignment_id = ?"
)
_GRADES = (
    "SELECT c.name, g.auto_score, g.needs_manual_grade FROM grade g JOIN base_cell c ON g.cell_id = c.id "
    "WHERE g.notebook_id = ?"
)
_COMMENTS = "SELECT c.name, m.auto_comment FROM comment m JOIN base_cell c ON m.cell_id = c.id WHERE m.notebook_id = ?"


def _read_back(db: Path, assignment: str, candidate: str) -> tuple[str | None, dict[str, dict]]:
    """What nbgrader wrote in the private gradebook, read with plain SQL: nbgrader's ORM would compile its
    queries again for every submission, a tenth of a second of CPU each time."""
    with closing(sqlite3.connect(db)) as connection:
        submission, timestamp = connection.execute(_SUBMISSION, (assignment, candidate)).fetchone()
        notebooks = {}
        for notebook, name, penalty in connection.execute(_NOTEBOOKS, (submission,)).fetchall():
            grades = connection.execute(_GRADES, (notebook,)).fetchall()
            notebooks[name] = {
                "late_penalty": penalty,
                "grades": [(cell, score, bool(manual)) for cell, score, manual in grades],
                "comments": connection.execute(_COMMENTS, (notebook,)).fetchall(),
            }
    return timestamp, notebooks


def _quiet_worker(work: str) -> None:
    """Worker start-up: kernels and nbgrader write to a log file, not over the trainer's progress bar."""
    # Third-party deprecation notices in a worker are not the trainer's business; they would only break a
    # submission's grading if a caller's "-W error" filters were inherited by the forked process.
    warnings.simplefilter("ignore")
    with open(os.path.join(work, f"worker-{os.getpid()}.log"), "ab") as log:
        os.dup2(log.fileno(), 2)


def _safe_grade(job: _Job) -> _Outcome:
    try:
        return _grade_one(job)
    except Exception as error:  # one bad submission must not stop the others
        outcome = _Outcome(job.candidate)
        outcome.flags.append(f"grading failed: {type(error).__name__}: {error}"[:300])
        (Path(job.work) / f"{job.candidate}.traceback.txt").write_text(
            traceback.format_exc(), encoding="utf-8"
        )
        return outcome


def _merge(gradebook: Gradebook, course: Path, assignment: str, outcome: _Outcome) -> SubmissionResult:
    """Write one outcome into the real gradebook, waiting out a lock held by formgrader or another tool."""
    from sqlalchemy.exc import OperationalError

    for attempt in range(12):
        try:
            return _merge_once(gradebook, course, assignment, outcome)
        except OperationalError as error:
            gradebook.db.rollback()
            if "locked" not in str(error) or attempt == 11:
                raise
            time.sleep(0.25 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _merge_once(gradebook: Gradebook, course: Path, assignment: str, outcome: _Outcome) -> SubmissionResult:
    """Write one outcome into the real gradebook (this process only) and turn it into a report row."""
    from nbgrader.utils import parse_utc

    gradebook.update_or_create_student(outcome.candidate)
    kwargs = {"timestamp": parse_utc(outcome.timestamp)} if outcome.timestamp else {}
    submission = gradebook.update_or_create_submission(assignment, outcome.candidate, **kwargs)
    if outcome.graded:
        for name, data in outcome.notebooks.items():
            notebook = gradebook.find_submission_notebook(name, assignment, outcome.candidate)
            notebook.late_submission_penalty = data["late_penalty"]
            for cell, score, needs_manual in data["grades"]:
                grade = gradebook.find_grade(cell, name, assignment, outcome.candidate)
                grade.auto_score, grade.needs_manual_grade = score, needs_manual
            for cell, text in data["comments"]:
                gradebook.find_comment(cell, name, assignment, outcome.candidate).auto_comment = text
    else:
        # Never a silent 0: nothing was graded, so every cell waits for the trainer.
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score, grade.needs_manual_grade = None, True
    gradebook.db.commit()
    submission = gradebook.find_submission(assignment, outcome.candidate)
    seconds_late = float(submission.total_seconds_late or 0)
    score = float(submission.score) if outcome.graded else None
    max_score = float(submission.max_score)

    destination = course / "autograded" / outcome.candidate / assignment
    if destination.exists():
        shutil.rmtree(destination)
    if outcome.graded and outcome.autograded:
        shutil.copytree(outcome.autograded, destination)
        # private/course/autograded/<candidate>/<assignment>: the private folder is done with.
        shutil.rmtree(Path(outcome.autograded).parents[3], ignore_errors=True)
    reasons = outcome.flags + outcome.notes
    return SubmissionResult(
        candidate=outcome.candidate,
        status="flagged" if outcome.flags or not outcome.graded else "graded",
        reason="; ".join(reasons),
        score=score,
        max_score=max_score,
        late=seconds_late > 0,
        seconds_late=seconds_late,
    )


@contextmanager
def _nbgrader_noise() -> Iterator[None]:
    """Silence the warnings nbgrader 0.9.6 raises from its own code on every submission.

    Its ``update_or_create_submission`` touches relationships before adding the new row (SQLAlchemy's "not in
    session" SAWarning), and its dependencies emit deprecation notices; neither is about the caller's code,
    and under ``-W error`` either would abort a grading run half-way.
    """
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SAWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
        yield


def _scratch() -> str | None:
    """Memory-backed scratch space when there is plenty (Linux /dev/shm): each private gradebook commits
    several times per submission, and on disk every commit waits for fsync."""
    shm = Path("/dev/shm")
    try:
        return str(shm) if shm.is_dir() and shutil.disk_usage(shm).free > 2**30 else None
    except OSError:
        return None


def _candidates(course: Path, assignment: str) -> list[str]:
    submitted = course / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())


def _results(jobs: list[_Job], workers: int, work: str) -> Iterator[_Outcome]:
    if workers <= 1:
        for job in jobs:
            with _nbgrader_noise():
                outcome = _safe_grade(job)
            yield outcome
        return
    import multiprocessing

    import nbgrader.apps  # imported once here, inherited by every forked worker
    import nbgrader.coursedir  # noqa: F401 - the same

    # fork: workers inherit the nbgrader already imported here (seconds per worker on a slow laptop).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_quiet_worker, initargs=(work,)
    ) as pool:
        with warnings.catch_warnings():
            # Python 3.12+ warns that forking a process that has threads may deadlock; the workers only run
            # nbgrader and never use this process's threads or locks.
            warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks")
            futures = {pool.submit(_safe_grade, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                outcome = _Outcome(futures[future].candidate)
                outcome.flags.append("the grading process crashed; grade this submission again")
                yield outcome


def grade_assignment(
    *,
    course: Path,
    assignment: str,
    workers: int = 2,
    timeout: int | None = None,
    report: Path | None = None,
    progress: Callable[[int, int, SubmissionResult], None] | None = None,
) -> GradingReport:
    """Autograde every submission of ``assignment`` in ``course`` with ``workers`` processes.

    ``timeout`` overrides the seconds one cell may run. ``progress(done, total, row)`` is called after each
    submission is written. The CSV goes to ``report`` (default :func:`report_path`).
    """
    from nbgrader.api import Gradebook, MissingEntry

    _nbgrader_path()
    course = Path(course).resolve()
    db_url, database = _gradebook(course)
    if database is not None and not database.exists():
        raise GradingError(
            f"{course} has no gradebook ({database.name}): run 'nbgrader generate_assignment {assignment}' "
            "there first"
        )
    with _open_gradebook(db_url, course) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise GradingError(
                f"assignment {assignment!r} is not in the gradebook of {course}: run "
                f"'nbgrader generate_assignment {assignment}' first"
            ) from None
    if workers < 1:
        raise GradingError(f"--workers {workers}: expected 1 or more")
    if not any((course / "release" / assignment).glob("*.ipynb")):
        raise GradingError(
            f"{course / 'release' / assignment} has no notebooks: run 'nbgrader generate_assignment {assignment}'"
        )
    candidates = _candidates(course, assignment)
    started = time.perf_counter()
    rows: list[SubmissionResult] = []
    with tempfile.TemporaryDirectory(prefix="mtp-grade-", dir=_scratch()) as work:
        template = Path(work) / "template.db"
        if database is not None:
            shutil.copy(database, template)
        else:  # a database server: the workers grade on a SQLite copy of the assignments' structure
            _export_structure(db_url, template)
        jobs = [_Job(str(course), assignment, who, str(template), work, timeout) for who in candidates]
        gradebook = None
        try:
            with _nbgrader_noise():
                for outcome in _results(jobs, workers, work):
                    # One session for the run (SQLAlchemy compiles nbgrader's queries once), opened after the
                    # workers are forked so that no child inherits the connection.
                    gradebook = gradebook or Gradebook(db_url)
                    row = _merge(gradebook, course, assignment, outcome)
                    rows.append(row)
                    if progress is not None:
                        progress(len(rows), len(jobs), row)
        finally:
            if gradebook is not None:
                gradebook.close()
    rows.sort(key=lambda row: row.candidate)
    path = Path(report) if report is not None else report_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(row.as_row() for row in rows)
    return GradingReport(assignment, tuple(rows), path, time.perf_counter() - started)
