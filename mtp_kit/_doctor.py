"""``mtp doctor``: what this machine has for the courses and the trainer's tools, and what to do about the rest.

A trainer arriving at a training centre, or its IT officer, runs one command and reads one line per check: the
Python and packages, whether widgets will display in JupyterLab, the teaching data, and — where a course
directory is found, as ``mtp grade`` finds it — the nbgrader configuration, the gradebook (a file or a database
server, reached without printing its password) and the exchange. Each line is ``ok``, ``note`` (works, but read
this) or ``FAIL`` with the fix. Nothing here reaches the network beyond a gradebook server the course names.
Exit status 0 when nothing failed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Check", "main", "run_checks"]

#: The packages the courses and tools need, by distribution name, with what each is for.
PACKAGES = {
    "jupyterlab": "the notebook interface",
    "ipywidgets": "the exercises' boxes and buttons",
    "nbgrader": "assessments and grading",
    "pandas": "readiness reports",
    "sqlalchemy": "the evidence store and gradebooks",
    "openpyxl": "Excel case banks and workbooks",
    "fpdf2": "PDF certificates",
}


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report: ``status`` is ``ok``, ``note`` or ``FAIL``; ``fix`` says what to do."""

    status: str
    what: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"{self.status:>4}  {self.what}"
        return line + (f"\n      -> {self.fix}" if self.fix else "")


def _python() -> Check:
    # pip refuses MTP Kit below Python 3.10 (requires-python), so a running doctor is on a supported Python.
    return Check("ok", f"Python {'.'.join(map(str, sys.version_info[:3]))} ({sys.executable})")


def _packages() -> list[Check]:
    from mtp_kit import __version__

    checks = [Check("ok", f"MTP Kit {__version__} ({Path(__file__).resolve().parent})")]
    found, missing = [], []
    for name, purpose in PACKAGES.items():
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(f"{name} ({purpose})")
    checks.append(Check("ok", ", ".join(found)) if found else Check("FAIL", "no package found"))
    if missing:
        checks.append(
            Check(
                "FAIL",
                "missing: " + ", ".join(missing),
                "reinstall MTP Kit: pip install mtp-kit (or make lab)",
            )
        )
    return checks


def _widgets() -> Check:
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("labextensions"):
        if (Path(folder) / "@jupyter-widgets" / "jupyterlab-manager" / "package.json").is_file():
            return Check("ok", f"widgets display in JupyterLab ({folder})")
    return Check(
        "FAIL",
        "JupyterLab has no widgets extension: exercises would show as plain text",
        "pip install ipywidgets jupyterlab_widgets, in the environment that runs JupyterLab",
    )


def _teaching_data() -> Check:
    from mtp_kit.hs import load_case_bank, load_teaching_extract

    try:
        extract, cases = load_teaching_extract(), load_case_bank()
    except Exception as error:  # a damaged installation: say so rather than crash the report
        return Check("FAIL", f"the HS teaching data cannot be read: {error}", "reinstall MTP Kit")
    chapters = len({entry.code.chapter for entry in extract.headings})
    return Check(
        "ok",
        f"HS 2022 teaching extract: {len(extract):,} lines, {chapters} chapters in full; {len(cases)} cases",
    )


def _course(course: Path) -> list[Check]:
    from mtp_kit.grading._errors import GradingError
    from mtp_kit.grading._runner import _course_config, _gradebook, _nbgrader_path, _open_gradebook, _shown

    _nbgrader_path()  # nbgrader runs 'alembic' by name when it opens an empty gradebook

    if not (course / "nbgrader_config.py").is_file():
        return [
            Check(
                "note",
                f"no course directory at {course} (no nbgrader_config.py)",
                "only trainers need one: run mtp doctor in the course directory, or pass --course DIR",
            )
        ]
    sources = sorted(p.name for p in (course / "source").glob("*") if p.is_dir())
    checks = [Check("ok", f"course directory {course}: {len(sources)} source assessment(s)")]
    url, database = _gradebook(course)
    if database is not None and not database.exists():
        checks.append(
            Check(
                "note",
                f"no gradebook yet ({database})",
                "nbgrader generate_assignment ASSIGNMENT creates it",
            )
        )
    else:
        try:
            with _open_gradebook(url, course) as gradebook:
                names = [assignment.name for assignment in gradebook.assignments]
            checks.append(Check("ok", f"gradebook {_shown(url)}: {len(names)} assignment(s)"))
        except GradingError as error:
            checks.append(
                Check("FAIL", str(error), "check the URL in nbgrader_config.py, the server and its driver")
            )
    config = _course_config(course)
    root = str(config.get("Exchange", {}).get("root", "") or "")
    submit = config.get("ExchangeFactory", {}).get("submit", "")
    if not root:
        checks.append(
            Check("note", "no nbgrader exchange configured: assessments go out by e-mail, USB or a hub")
        )
    elif not Path(root).is_dir():
        checks.append(
            Check("FAIL", f"exchange {root} does not exist", f"mkdir -p {root} && chmod 777 {root}")
        )
    elif not os.access(root, os.W_OK | os.X_OK):
        checks.append(Check("FAIL", f"exchange {root} is not writable by this account", f"chmod 777 {root}"))
    elif "PrivateSubmit" not in str(submit):
        checks.append(
            Check(
                "note",
                f"exchange {root}: submissions use nbgrader's own permissions",
                "on a shared server, name mtp_kit.grading._exchange.PrivateSubmit (deploy/hub/nbgrader_config.py)",
            )
        )
    else:
        checks.append(
            Check("ok", f"exchange {root}: each submission readable by its candidate and the trainers")
        )
    return checks


def run_checks(course: Path) -> list[Check]:
    """Every check, in the order they are printed."""
    return [_python(), *_packages(), _widgets(), _teaching_data(), *_course(course.resolve())]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mtp doctor`` and return 0 when no check failed."""
    from mtp_kit.grading._cli import default_course

    parser = argparse.ArgumentParser(prog="mtp doctor", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--course",
        type=Path,
        default=None,
        help="the nbgrader course directory (default: as mtp grade finds it)",
    )
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    checks = run_checks(args.course or default_course())
    print("MTP Kit doctor: what this machine has for the courses and the trainer's tools\n")
    for check in checks:
        print(check)
    failed = sum(check.status == "FAIL" for check in checks)
    notes = sum(check.status == "note" for check in checks)
    print(f"\n{len(checks) - failed - notes} ok, {notes} note(s), {failed} failed")
    return 1 if failed else 0
