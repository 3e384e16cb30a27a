"""The ``mtp bank`` command: check a trainer's case bank, and turn it into a practice notebook or an assessment.

``mtp bank check FILE`` prints every problem with its file, row and field and exits 1 when anything is wrong
(values left for the author to confirm are shown but do not fail the check). ``mtp bank practice FILE
[--out PATH]`` checks the bank the same way, refuses a bank with errors, and writes the notebook. ``mtp bank
assessment FILE --id wgN-slug [--course DIR] [--force]`` checks it too and writes the nbgrader source
assignment ``DIR/source/<id>/<id>.ipynb`` (every bank kind: classification, origin, quiz, risk, valuation).
Defaults come from the Python functions.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Sequence

from mtp_kit.errors import MtpKitError
from mtp_kit.exercises._assessment import ASSESSMENT_KINDS, write_assessment
from mtp_kit.exercises._bank_check import check_bank
from mtp_kit.exercises._generate import write_practice_notebook

__all__ = ["main"]

_COURSE = inspect.signature(write_assessment).parameters["course"].default


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtp bank", description="Check a case bank (CSV or .xlsx) and turn it into practice notebooks."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{check,practice,assessment}")
    check = commands.add_parser("check", help="check every case against the engines; exit 1 on any error")
    check.add_argument("file", help="the bank: a .csv (UTF-8) or .xlsx file")
    practice = commands.add_parser("practice", help="write a practice notebook (widgets, instant feedback)")
    practice.add_argument("file", help="the bank: a .csv (UTF-8) or .xlsx file")
    practice.add_argument(
        "--out",
        default=None,
        help="the notebook to write (default: FILE's name with -practice.ipynb, beside it)",
    )
    assessment = commands.add_parser(
        "assessment",
        help="write an nbgrader source assignment (answer cells, format checks, hidden tests) from a "
        f"{', '.join(ASSESSMENT_KINDS[:-1])} or {ASSESSMENT_KINDS[-1]} bank",
    )
    assessment.add_argument("file", help="the bank: a .csv (UTF-8) or .xlsx file")
    assessment.add_argument(
        "--id", required=True, help="the assignment id, wgN-slug, e.g. wg3-lakeport-valuation"
    )
    assessment.add_argument(
        "--course", default=_COURSE, help=f"the nbgrader course directory (default: {_COURSE}/)"
    )
    assessment.add_argument(
        "--variants",
        action="store_true",
        help="valuation banks: every candidate works the cases on figures of their own",
    )
    assessment.add_argument("--force", action="store_true", help="overwrite an existing assignment folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mtp bank`` with ``argv`` and return the exit code.

    >>> main(["check", "/nonexistent/cases.csv"])
    mtp bank: '/nonexistent/cases.csv' does not exist: expected a case bank (.csv or .xlsx)
    1
    """
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as stop:  # argparse exits on --help and on bad arguments
        return int(stop.code or 0)
    try:
        report = check_bank(args.file)
        if args.command == "check" or not report.ok:
            print(report.format())
            if not report.ok:
                if args.command != "check":
                    print(f"mtp bank {args.command}: no notebook written; fix the errors above first")
                return 1
            return 0
        if args.command == "assessment":
            written = write_assessment(
                args.file, assessment=args.id, course=args.course, variants=args.variants, force=args.force
            )
        else:
            written = write_practice_notebook(args.file, out=args.out)
    except MtpKitError as error:
        print(f"mtp bank: {error}")
        return 1
    print(f"{report.bank.file}: {len(report.bank.cases)} {report.bank.kind} cases -> {written}")
    return 0
