"""`mtp doctor` says what a machine has for the courses and the trainer's tools, and how to fix what is missing."""

from __future__ import annotations

import contextlib
import io
import shutil
import socket
from pathlib import Path

import pytest

from mtp_kit import _doctor, cli
from tests.nbgrader_support import ENV

REPO = Path(__file__).resolve().parents[1]


def _doctor_run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["doctor", *args])
    return code, out.getvalue()


def _course(tmp_path: Path, *config: str) -> Path:
    course = tmp_path / "course"
    (course / "source" / "wg1-demo").mkdir(parents=True)
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(config) + "\n")
    return course


def test_this_machine_has_everything_the_courses_need(tmp_path):
    """The test environment is a full installation: every check passes, and the report names what it found."""
    code, out = _doctor_run("--course", str(tmp_path))
    assert code == 0, out
    assert "FAIL" not in out
    assert "widgets display in JupyterLab" in out
    assert "HS 2022 teaching extract:" in out
    assert "21 chapters in full; 49 cases" in out
    assert f"no course directory at {tmp_path.resolve()}" in out


def test_a_gradebook_is_opened_and_its_assignments_counted(tmp_path, monkeypatch):
    """A course with a SQLite gradebook holding one assignment."""
    from nbgrader.api import Gradebook

    monkeypatch.setenv("PATH", ENV["PATH"])  # nbgrader runs 'alembic' by name to create the gradebook

    course = _course(tmp_path)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment("wg1-demo")
    code, out = _doctor_run("--course", str(course))
    assert code == 0, out
    assert f"ok  course directory {course.resolve()}: 1 source assessment(s)" in out
    assert "gradebook.db: 1 assignment(s)" in out


def test_an_unreachable_gradebook_server_fails_without_showing_its_password(tmp_path):
    """The trainer learns which server could not be opened; the password stays out of the report."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://mtp:s3cret@127.0.0.1:{port}/gradebook"
    code, out = _doctor_run("--course", str(_course(tmp_path, f"c.CourseDirectory.db_url = {url!r}")))
    assert code == 1
    assert f"FAIL  the gradebook postgresql+psycopg://mtp:***@127.0.0.1:{port}/gradebook" in out
    assert "s3cret" not in out
    assert "1 failed" in out


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "FAIL  exchange {root} does not exist"),
        ("plain", "note  exchange {root}: submissions use nbgrader's own permissions"),
        ("private", "ok  exchange {root}: each submission readable by its candidate and the trainers"),
    ],
)
def test_the_exchange_is_checked_and_private_submissions_recommended(tmp_path, setup, expected):
    """A missing exchange fails with the command that makes it; nbgrader's own submit step earns a note."""
    root = tmp_path / "exchange"
    if setup != "missing":
        root.mkdir()
    config = [f"c.Exchange.root = {str(root)!r}"]
    if setup == "private":
        config.append('c.ExchangeFactory.submit = "mtp_kit.grading._exchange.PrivateSubmit"')
    code, out = _doctor_run("--course", str(_course(tmp_path, *config)))
    assert expected.format(root=root) in out
    assert code == (1 if setup == "missing" else 0)
    if setup == "missing":
        assert f"-> mkdir -p {root} && chmod 777 {root}" in out


def test_missing_widgets_are_a_failure_with_the_fix(monkeypatch, tmp_path):
    """Without the widgets extension, exercises would show as text: the report says what to install."""
    import jupyter_core.paths

    monkeypatch.setattr(jupyter_core.paths, "jupyter_path", lambda *parts: [str(tmp_path)])
    check = _doctor._widgets()
    assert check.status == "FAIL"
    assert "exercises would show as plain text" in check.what
    assert "pip install ipywidgets jupyterlab_widgets" in check.fix


def test_a_missing_package_is_named_with_what_it_is_for(monkeypatch):
    """A broken installation lists the missing package and its purpose."""
    real = _doctor.importlib.metadata.version

    def version(name):
        if name == "openpyxl":
            raise _doctor.importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(_doctor.importlib.metadata, "version", version)
    checks = _doctor._packages()
    assert checks[-1].status == "FAIL"
    assert checks[-1].what == "missing: openpyxl (Excel case banks and workbooks)"
