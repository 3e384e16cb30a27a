"""The readiness commands of ``mtp``: cohort import/status/report, readiness, items, certificate, verify.

Each command is ``<name>_main(argv) -> int``; :func:`main` dispatches on the first word (``main(["verify",
CODE])``), and ``mtp_kit.readiness._commands`` gives each its own module for the ``mtp`` dispatcher. The
options every command shares take their defaults from one place (:func:`_common`): the evidence store
``mtp-evidence.sqlite`` in the current folder (``--store``, a path or a database URL), the gradebook of the
course directory (``--gradebook``; the course is the current folder if it holds ``nbgrader_config.py``, else
``./assessments``), the policy shipped as an example (``--policy``) and today's date (``--as-of``). A mistake
prints one line and exits 1 (bad evidence) or 2 (bad arguments); nothing prints a traceback.

>>> main(["frobnicate"])
mtp: 'frobnicate' is not a readiness command; expected one of cohort, readiness, items, certificate, verify
2
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mtp_kit.errors import MtpKitError
from mtp_kit.readiness._errors import ReadinessError

if TYPE_CHECKING:
    import pandas as pd

    from mtp_kit.readiness._engine import ReadinessReport
    from mtp_kit.readiness._store import Evidence, EvidenceStore

__all__ = [
    "DEFAULT_STORE",
    "certificate_main",
    "cohort_main",
    "default_gradebook",
    "items_main",
    "main",
    "readiness_main",
    "verify_main",
]

DEFAULT_STORE = "mtp-evidence.sqlite"


class _UsageError(Exception):
    """Bad arguments: argparse's message, printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def default_gradebook() -> Path | str:
    """The course directory's gradebook, found as ``mtp grade`` finds it: the course is the current folder if it
    has ``nbgrader_config.py``, else ``./assessments``; its gradebook is the database URL nbgrader's configuration
    names (``CourseDirectory.db_url``, e.g. a programme server's PostgreSQL), else ``gradebook.db`` there."""
    from mtp_kit.grading._runner import _gradebook

    here = Path.cwd()
    course = here if (here / "nbgrader_config.py").exists() else here / "assessments"
    url, database = _gradebook(course.resolve())
    return database if database is not None else url


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def _common(parser: argparse.ArgumentParser, *, grades: bool = True, policy: bool = True) -> None:
    parser.add_argument(
        "--store",
        default=DEFAULT_STORE,
        help=f"evidence store: a path or a database URL (default: {DEFAULT_STORE})",
    )
    if grades:
        parser.add_argument(
            "--gradebook",
            default=None,
            help="nbgrader gradebook: a path or a URL (default: gradebook.db of the course directory)",
        )
    if policy:
        parser.add_argument(
            "--policy", default=None, help="the programme's policy TOML (default: the example)"
        )
        parser.add_argument("--as-of", type=_date, default=None, help="date of the report (default: today)")
        parser.add_argument("--cohort", default=None, help="only this cohort's candidates")


def _open_store(target: str, *, create: bool = False) -> EvidenceStore:
    from mtp_kit.readiness._store import EvidenceStore

    if "://" not in target and not create and not Path(target).is_file():
        raise ReadinessError(
            f"no evidence store at {target!r}; import the cohort first with 'mtp cohort import FOLDER' "
            "or pass --store PATH_OR_URL"
        )
    return EvidenceStore.open(target)


def _grades(target: str | None) -> pd.DataFrame:
    from mtp_kit.readiness._gradebook import read_gradebook

    if target is None:
        path = default_gradebook()
        if isinstance(path, str):  # a database server named by the course's nbgrader configuration
            return read_gradebook(path)
        if not path.is_file():
            raise ReadinessError(
                f"no gradebook at {path}; pass --gradebook PATH_OR_URL (nbgrader's gradebook.db) "
                "or run the command in the course directory"
            )
        return read_gradebook(path)
    if "://" not in target and not Path(target).is_file():
        raise ReadinessError(
            f"no gradebook at {target!r}; expected nbgrader's gradebook.db or a database URL"
        )
    return read_gradebook(target)


def _assess(args: argparse.Namespace) -> tuple[ReadinessReport, Evidence, pd.DataFrame]:
    from mtp_kit.readiness._engine import assess_readiness
    from mtp_kit.readiness._policy import load_policy

    store = _open_store(args.store)
    evidence = store.load_evidence(cohort=args.cohort)
    if args.cohort is not None and evidence.cohorts.empty:
        raise ReadinessError(f"{args.cohort!r} is not a cohort of the evidence store")
    grades = _grades(args.gradebook)
    report = assess_readiness(
        policy=load_policy(args.policy), evidence=evidence, grades=grades, as_of=args.as_of
    )
    return report, evidence, grades


def _run(name: str, parser: argparse.ArgumentParser, argv: Sequence[str], body: Callable[..., int]) -> int:
    try:
        args = parser.parse_args(list(argv))
    except _UsageError as error:
        print(f"mtp {name}: {error}; run 'mtp {name} --help'")
        return 2
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    try:
        return body(args)
    except MtpKitError as error:
        print(f"mtp {name}: {error}")
        return 1


# ----------------------------------------------------------------------------------------------------- cohort


def _form_kind(path: Path) -> str | None:
    from mtp_kit.readiness._imports import FORMS

    # "03-candidates.csv", "Candidates.csv" and "working-groups.csv" all name a form.
    stem = path.stem.lower().lstrip("0123456789").lstrip("-_ ").replace("-", "_").replace(" ", "_")
    return stem if stem in FORMS else None


def _cohort_import(args: argparse.Namespace) -> int:
    from mtp_kit.readiness._imports import FORMS, import_csv

    files: list[tuple[str, Path]] = []
    for target in map(Path, args.paths):
        if target.is_dir():
            forms = sorted([*target.glob("*.csv"), *target.glob("*.xlsx")])
            found = [(kind, p) for p in forms if (kind := _form_kind(p))]
            if not found:
                raise ReadinessError(
                    f"{target} holds no evidence form; expected CSV or Excel files named after a form "
                    f"({', '.join(FORMS)})"
                )
            files += found
        elif target.is_file():
            kind = args.kind or _form_kind(target)
            if kind is None:
                raise ReadinessError(
                    f"cannot tell which form {target.name} is; name it after a form ({', '.join(FORMS)}) "
                    "or pass --kind"
                )
            files.append((kind, target))
        else:
            raise ReadinessError(
                f"{target} does not exist; expected a CSV or Excel form, or a folder of them"
            )
    order = list(FORMS)
    files.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
    store = _open_store(args.store, create=True)
    for kind, path in files:
        s = import_csv(store, kind=kind, path=path)
        ignored = f" (ignored columns: {', '.join(s.ignored_columns)})" if s.ignored_columns else ""
        print(
            f"{path.name}: {s.rows} {kind} row(s): {s.inserted} new, {s.updated} updated, "
            f"{s.unchanged} unchanged{ignored}"
        )
    print(f"evidence store: {args.store}")
    return 0


def _cohort_status(args: argparse.Namespace) -> int:
    from mtp_kit.readiness._engine import Status, cohort_view

    report, _, _ = _assess(args)
    if not report.candidates:
        print("no candidates in the evidence store; import the candidates form first")
        return 0
    counts = {s: sum(1 for c in report.candidates if c.status is s) for s in Status}
    print(f"{len(report.candidates)} candidates on {report.as_of.isoformat()} ({report.policy.programme})")
    for status, count in counts.items():
        if count:
            print(f"  {status.value:<28}{count:>4}")
    view = cohort_view(report, by=args.by)
    columns = ["candidates", *(s.value for s in Status if counts[s])]
    print()
    print(view[columns].to_string())
    for note in report.notes:
        print(f"note: {note}")
    return 0


def _cohort_report(args: argparse.Namespace) -> int:
    from mtp_kit.readiness._reports import render_dashboard, write_candidate_summaries, write_workbook

    report, evidence, grades = _assess(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    dashboard = out / "dashboard.html"
    dashboard.write_text(render_dashboard(report=report, evidence=evidence, grades=grades), encoding="utf-8")
    workbook = write_workbook(out / "readiness.xlsx", report=report, evidence=evidence, grades=grades)
    report.to_frame().to_csv(out / "readiness.csv", index=False)
    pages = write_candidate_summaries(report, folder=out / "candidates")
    print(f"dashboard:          {dashboard}")
    print(f"Excel workbook:     {workbook}")
    print(f"readiness (CSV):    {out / 'readiness.csv'}")
    print(f"candidate pages:    {out / 'candidates'} ({len(pages)} pages)")
    return 0


def cohort_main(argv: Sequence[str]) -> int:
    """``mtp cohort import PATH... | status | report``: load the evidence forms, see the cohort, write reports.

    >>> cohort_main(["status", "--store", "/nonexistent/store.sqlite"])
    mtp cohort: no evidence store at '/nonexistent/store.sqlite'; import the cohort first with 'mtp cohort import FOLDER' or pass --store PATH_OR_URL
    1
    """
    parser = _Parser(
        prog="mtp cohort", description="Import a cohort's evidence, see its status, write reports."
    )
    sub = parser.add_subparsers(dest="action", required=True, parser_class=_Parser)
    imp = sub.add_parser(
        "import", help="import CSV evidence forms (files, or folders of files named by form)"
    )
    imp.add_argument("paths", nargs="+", help="CSV forms or folders holding them")
    imp.add_argument("--kind", default=None, help="the form of a file whose name does not say it")
    _common(imp, grades=False, policy=False)
    status = sub.add_parser("status", help="candidates per status, by administration or region")
    status.add_argument(
        "--by", default="administration", choices=["administration", "region", "country", "cohort"]
    )
    _common(status)
    rep = sub.add_parser("report", help="write the dashboard, the Excel workbook and the candidate pages")
    rep.add_argument("--out", default="readiness-report", help="output folder (default: readiness-report)")
    _common(rep)
    actions = {"import": _cohort_import, "status": _cohort_status, "report": _cohort_report}
    return _run("cohort", parser, argv, lambda args: actions[args.action](args))


# -------------------------------------------------------------------------------------------------- readiness

_MARK = {"met": "met", "not met": "NOT MET", "not yet assessable": "-"}


def _readiness(args: argparse.Namespace) -> int:
    from mtp_kit.readiness._engine import RULE_TITLES

    report, _, _ = _assess(args)
    if args.csv:
        report.to_frame().to_csv(args.csv, index=False)
        print(f"readiness of {len(report.candidates)} candidates written to {args.csv}")
        return 0
    if args.candidate:
        c = report.candidate(args.candidate)
        print(f"{c.name} ({c.candidate}, {c.administration}): {c.status.value} on {report.as_of.isoformat()}")
        for rule in c.rules:
            risk = " (at risk)" if rule.at_risk else ""
            print(f"  {rule.rule} {rule.title}: {rule.outcome.value}{risk}")
            for line in rule.evidence:
                print(f"      {line}")
        for who, actions in (("candidate", c.candidate_actions), ("trainer", c.trainer_actions)):
            if actions:
                print(f"  next for the {who}:")
                for action in actions:
                    print(f"    - {action}")
        for note in c.notes:
            print(f"  note: {note}")
        return 0
    frame = report.to_frame()
    if frame.empty:
        print("no candidates in the evidence store; import the candidates form first")
        return 0
    shown = frame[["candidate", "name", "administration", "status", *RULE_TITLES]].copy()
    for rule in RULE_TITLES:
        shown[rule] = shown[rule].map(_MARK)
    print(_left_aligned(shown))
    print(f"\nR1-R6: met / NOT MET / - not yet assessable; as of {report.as_of.isoformat()}")
    for note in report.notes:
        print(f"note: {note}")
    return 0


def _left_aligned(frame: pd.DataFrame) -> str:
    """A frame as plain text, every column left-aligned (names read better than pandas' right alignment).

    >>> import pandas as pd
    >>> print(_left_aligned(pd.DataFrame({"id": ["a1", "b22"], "status": ["ready", "at risk"]})))
    id   status
    a1   ready
    b22  at risk
    """
    rows = [
        [str(c) for c in frame.columns],
        *([str(v) for v in row] for row in frame.itertuples(index=False)),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def readiness_main(argv: Sequence[str]) -> int:
    """``mtp readiness [--candidate ID] [--csv PATH]``: each candidate's status and rules R1–R6."""
    parser = _Parser(prog="mtp readiness", description="Where each candidate stands on rules R1 to R6.")
    parser.add_argument("--candidate", default=None, help="one candidate's evidence and next actions")
    parser.add_argument("--csv", default=None, help="write the table as CSV instead of printing it")
    _common(parser)
    return _run("readiness", parser, argv, _readiness)


# ------------------------------------------------------------------------------------------------------ items


def _items(args: argparse.Namespace) -> int:
    from mtp_kit.readiness._items import analyse_items

    grades = _grades(args.gradebook)
    if args.assignment not in set(grades["assignment"].astype(str)):
        known = ", ".join(sorted(set(grades["assignment"].astype(str)))) or "none"
        raise ReadinessError(
            f"{args.assignment!r} is not an assignment of the gradebook; expected one of: {known}"
        )
    analysis = analyse_items(grades, assignment=args.assignment)
    frame = analysis.to_frame()
    if args.csv:
        frame.to_csv(args.csv, index=False)
    alpha = "n/a" if analysis.alpha is None else f"{analysis.alpha:.3f}"
    kr20 = "" if analysis.kr20 is None else f", KR-20 {analysis.kr20:.3f}"
    print(
        f"{analysis.assignment}: {analysis.candidates} fully graded submission(s), groups of "
        f"{analysis.group_size}; Cronbach's alpha {alpha}{kr20}"
    )
    if not frame.empty:
        print(frame.to_string(index=False))
    print(f"{len(analysis.flagged)} item(s) flagged for review")
    if args.csv:
        print(f"written to {args.csv}")
    return 0


def items_main(argv: Sequence[str]) -> int:
    """``mtp items ASSIGNMENT``: facility, discrimination, point-biserial, alpha and flags of one assessment."""
    parser = _Parser(prog="mtp items", description="Item statistics of one assessment, from the gradebook.")
    parser.add_argument("assignment", help="the nbgrader assignment, e.g. wg4-posttest-valuation")
    parser.add_argument(
        "--gradebook", default=None, help="nbgrader gradebook (default: the course's gradebook.db)"
    )
    parser.add_argument("--csv", default=None, help="also write the table as CSV")
    return _run("items", parser, argv, _items)


# ----------------------------------------------------------------------------------------------- certificates


def _certificate(args: argparse.Namespace) -> int:
    from mtp_kit.readiness._certificates import issue_certificate, write_certificate_pdf

    store = _open_store(args.store)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    records = [issue_certificate(store, candidate=c, as_of=args.as_of) for c in args.candidates]
    for record in records:
        path = write_certificate_pdf(record, path=out / f"certificate-{record.candidate}.pdf")
        print(f"{record.name} ({record.candidate}): {path}  code {record.code}")
    return 0


def certificate_main(argv: Sequence[str]) -> int:
    """``mtp certificate CANDIDATE...``: a PDF certificate with a verification code for certified candidates."""
    parser = _Parser(prog="mtp certificate", description="Certificates (PDF) for certified candidates.")
    parser.add_argument("candidates", nargs="+", metavar="CANDIDATE", help="nbgrader student id(s)")
    parser.add_argument("--out", default="certificates", help="output folder (default: certificates)")
    parser.add_argument(
        "--as-of", type=_date, default=None, help="decisions up to this date (default: today)"
    )
    _common(parser, grades=False, policy=False)
    return _run("certificate", parser, argv, _certificate)


def _verify(args: argparse.Namespace) -> int:
    from mtp_kit.readiness._certificates import verify_code

    result = verify_code(_open_store(args.store), code=args.code)
    print(result.message)
    return 0 if result.valid else 1


def verify_main(argv: Sequence[str]) -> int:
    """``mtp verify CODE``: whose certificate a code is, or that it is unknown or tampered (exit 1)."""
    parser = _Parser(prog="mtp verify", description="Check a certificate's verification code, offline.")
    parser.add_argument("code", help="the code printed on the certificate, e.g. ABCD-1234-EFGH-5678")
    _common(parser, grades=False, policy=False)
    return _run("verify", parser, argv, _verify)


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "cohort": cohort_main,
    "readiness": readiness_main,
    "items": items_main,
    "certificate": certificate_main,
    "verify": verify_main,
}


def main(argv: Sequence[str]) -> int:
    """Run one readiness command: ``main(["cohort", "status"])`` is ``mtp cohort status``."""
    args = list(argv)
    if not args or args[0] not in COMMANDS:
        given = repr(args[0]) if args else "nothing"
        print(f"mtp: {given} is not a readiness command; expected one of {', '.join(COMMANDS)}")
        return 2
    return COMMANDS[args[0]](args[1:])
