"""``mtp feedback ASSIGNMENT``: feedback for every graded submission, without hidden tests or answer keys.

nbgrader's own feedback shows hidden tests and quotes them in tracebacks. The course configuration puts
:class:`~mtp_kit.grading._nbgrader.HideHiddenTests` in front of the HTML export; this command runs nbgrader with
that configuration and then checks every page it wrote, removing any page that still quotes a hidden test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from mtp_kit.grading._cli import default_course
from mtp_kit.grading._errors import GradingError

__all__ = ["generate_feedback", "main"]

_LEAKS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "_build(")


def generate_feedback(*, course: Path, assignment: str) -> list[Path]:
    """Write ``feedback/<candidate>/<assignment>/*.html`` for every autograded submission; return the pages."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from mtp_kit.grading._runner import _config, _gradebook, _nbgrader_noise, _nbgrader_path, _open_gradebook

    _nbgrader_path()
    course = Path(course).resolve()
    db_url, database = _gradebook(course)
    if database is not None and not database.exists():
        raise GradingError(f"{course} has no gradebook ({database.name}): grade it first with 'mtp grade'")
    _open_gradebook(db_url, course).close()  # a server that cannot be reached is named, without its password
    config = _config(course, db_url, None)
    with _nbgrader_noise():
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        result = api.generate_feedback(assignment, force=True)
    if not result.get("success"):
        raise GradingError(f"nbgrader could not write feedback: {result.get('error', '')[-300:]}")
    pages = sorted((course / "feedback").glob(f"*/{assignment}/*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if any(leak in text for leak in _LEAKS):
            page.unlink()
            raise GradingError(f"{page} quoted a hidden test and was removed; check nbgrader_config.py")
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mtp feedback`` with ``argv`` and return the exit code."""
    parser = argparse.ArgumentParser(prog="mtp feedback", description="Feedback pages without hidden tests.")
    parser.add_argument("assignment", help="the assignment id, e.g. wg1-pretest-valuation")
    parser.add_argument("--course", type=Path, default=None, help="the nbgrader course directory")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        pages = generate_feedback(course=args.course or default_course(), assignment=args.assignment)
    except GradingError as error:
        print(f"mtp feedback: {error}")
        return 1
    print(
        f"{args.assignment}: {len(pages)} feedback pages in {Path(args.course or default_course()) / 'feedback'}"
    )
    return 0
