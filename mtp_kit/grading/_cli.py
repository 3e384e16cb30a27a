"""``mtp grade ASSIGNMENT --workers N``: autograde every submission in parallel and report on each one.

Prints a progress bar while grading, then a summary (graded, flagged with the reason, late) and the path of the
CSV report. Exits 0 when every submission was graded, 1 when any was flagged, so a script can tell.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mtp_kit.grading._errors import GradingError

__all__ = ["default_course", "main"]


def default_course() -> Path:
    """The course directory: the current folder if it has ``nbgrader_config.py``, else ``./assessments``."""
    here = Path.cwd()
    return here if (here / "nbgrader_config.py").exists() else here / "assessments"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtp grade", description="Autograde every submission of an assignment in parallel."
    )
    parser.add_argument("assignment", help="the assignment id, e.g. wg1-pretest-valuation")
    parser.add_argument(
        "--workers", type=int, default=min(2, os.cpu_count() or 1), help="grading processes (default: 2)"
    )
    parser.add_argument("--course", type=Path, default=None, help="the nbgrader course directory")
    parser.add_argument(
        "--timeout", type=int, default=None, help="seconds one cell may run (default: config)"
    )
    parser.add_argument("--report", type=Path, default=None, help="where to write the CSV report")
    return parser


def _bar(done: int, total: int, candidate: str, status: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {candidate}: {status}"
    if sys.stdout.isatty():
        print("\r" + line.ljust(78), end="" if done < total else "\n", flush=True)
    else:
        print(line, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mtp grade`` with ``argv`` and return the exit code.

    >>> main(["wg1-pretest-valuation", "--course", "/nonexistent"])
    mtp grade: /nonexistent has no gradebook (gradebook.db): run 'nbgrader generate_assignment wg1-pretest-valuation' there first
    1
    """
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    course = args.course or default_course()
    from mtp_kit.grading._runner import grade_assignment

    try:
        report = grade_assignment(
            course=course,
            assignment=args.assignment,
            workers=args.workers,
            timeout=args.timeout,
            report=args.report,
            progress=lambda done, total, row: _bar(done, total, row.candidate, row.status),
        )
    except GradingError as error:
        print(f"mtp grade: {error}")
        return 1
    if not report.rows:
        print(f"mtp grade: no submissions of {args.assignment!r} in {Path(course) / 'submitted'}")
        return 0
    print(
        f"{args.assignment}: {len(report.rows)} submissions in {report.seconds:.1f} s — "
        f"{report.count('graded')} graded, {report.count('flagged')} flagged, "
        f"{sum(row.late for row in report.rows)} late"
    )
    width = max(len(row.candidate) for row in report.rows)
    for row in report.rows:
        score = "no score" if row.score is None else f"{row.score:g}/{row.max_score:g}"
        late = ", late" if row.late else ""
        reason = f" — {row.reason}" if row.reason else ""
        print(f"  {row.candidate:<{width}}  {row.status:<8} {score}{late}{reason}")
    print(f"report: {report.csv_path}")
    return 1 if report.count("flagged") else 0
