"""``mtp collect-zip FILE.zip ASSIGNMENT``: file e-mailed or USB submissions through nbgrader's zip collection.

Candidates name their notebook after themselves: ``ke-017.ipynb`` for a one-notebook assessment, or
``ke-017_<notebook>.ipynb`` when the assessment has several. The zip is placed in
``downloaded/<assignment>/archive/`` and nbgrader's ``ZipCollectApp`` extracts it and files each notebook under
``submitted/<candidate>/<assignment>/`` with :class:`CandidateFileCollector` reading the names.

A zip carries no trustworthy submission time (the dates inside it come from each candidate's clock), so lateness
is judged only when the trainer gives the time the submissions were received (``--received``, e.g. the e-mail's
arrival, with its time zone): every notebook of the zip is then stamped with it, and ``mtp grade`` marks late
work against the assignment's due date as it does for the exchange.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import List, Unicode

from mtp_kit.grading._cli import default_course
from mtp_kit.grading._errors import GradingError

__all__ = ["CandidateFileCollector", "collect_zip", "main", "received_time"]

_CANDIDATE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


class CandidateFileCollector(FileNameCollectorPlugin):
    """Reads ``<candidate>.ipynb`` or ``<candidate>_<notebook>.ipynb`` (also with ``-`` before the notebook)."""

    notebooks = List([], help="the released notebook names of the assignment, without .ipynb").tag(
        config=True
    )
    received = Unicode("", help="when the submissions were received (ISO 8601, UTC); empty: not known").tag(
        config=True
    )

    def collect(self, submitted_file: str) -> dict | None:
        stem, ext = os.path.splitext(os.path.basename(submitted_file))
        if ext != ".ipynb":
            return None
        for notebook in sorted(self.notebooks, key=len, reverse=True):
            for joint in ("_", "-"):
                if stem.endswith(joint + notebook) and _CANDIDATE.match(stem[: -len(notebook) - 1]):
                    return self._found(stem[: -len(notebook) - 1], notebook + ext)
        if len(self.notebooks) == 1 and _CANDIDATE.match(stem):
            return self._found(stem, self.notebooks[0] + ext)
        self.log.warning(
            "Skipped %s: name it <candidate>.ipynb or <candidate>_<notebook>.ipynb", submitted_file
        )
        return None

    def _found(self, candidate: str, file_id: str) -> dict:
        info = {"student_id": candidate, "file_id": file_id}
        return {**info, "timestamp": self.received} if self.received else info


def received_time(text: str) -> datetime:
    """The time submissions were received, read from ISO 8601 with its time zone, in UTC.

    >>> received_time("2026-11-20T17:30+03:00").isoformat()
    '2026-11-20T14:30:00+00:00'
    >>> received_time("2026-11-20 17:30")
    Traceback (most recent call last):
    ...
    mtp_kit.errors.GradingError: --received '2026-11-20 17:30' has no time zone: write it as 2026-11-20T17:30+03:00 (the offset of the place where the e-mail arrived) or 2026-11-20T14:30Z (UTC)
    """
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise GradingError(
            f"--received {text!r} is not a date and time: expected ISO 8601 such as 2026-11-20T17:30+03:00"
        ) from None
    if when.tzinfo is None:
        raise GradingError(
            f"--received {text!r} has no time zone: write it as 2026-11-20T17:30+03:00 (the offset of the place "
            "where the e-mail arrived) or 2026-11-20T14:30Z (UTC)"
        )
    return when.astimezone(timezone.utc)


def collect_zip(
    *, course: Path, archive: Path, assignment: str, received: datetime | None = None
) -> list[str]:
    """Collect the notebooks of ``archive`` into ``submitted/`` and return the candidates filed, sorted.

    ``received`` (timezone-aware) stamps every submission with the time it arrived, so lateness is judged.
    """
    from nbgrader.apps import ZipCollectApp
    from traitlets.config import Config

    course, archive = Path(course).resolve(), Path(archive).resolve()
    if not archive.is_file():
        raise GradingError(f"{archive} is not a file: expected the zip of e-mailed or USB submissions")
    released = course / "release" / assignment
    notebooks = sorted(p.stem for p in released.glob("*.ipynb"))
    if not notebooks:
        raise GradingError(
            f"{released} has no notebooks: run 'nbgrader generate_assignment {assignment}' first"
        )
    inbox = course / "downloaded" / assignment / "archive"
    if inbox.exists():
        shutil.rmtree(inbox)
    inbox.mkdir(parents=True)
    shutil.copy(archive, inbox / archive.name)
    config = Config()
    config.CourseDirectory.root = str(course)
    config.ZipCollectApp.collector_plugin = CandidateFileCollector
    config.CandidateFileCollector.notebooks = notebooks
    if received is not None:
        config.CandidateFileCollector.received = received.astimezone(timezone.utc).isoformat()
    config.ZipCollectApp.force = True
    app = ZipCollectApp(config=config)
    app.initialize([assignment])
    app.coursedir.assignment_id = assignment
    app.start()
    reader = CandidateFileCollector(notebooks=notebooks)
    with zipfile.ZipFile(archive) as bundle:
        found = (reader.collect(name) for name in bundle.namelist() if not name.endswith("/"))
        return sorted({info["student_id"] for info in found if info})


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mtp collect-zip`` with ``argv`` and return the exit code."""
    parser = argparse.ArgumentParser(
        prog="mtp collect-zip", description="File e-mailed or USB submissions (a zip) for grading."
    )
    parser.add_argument("archive", type=Path, help="the zip file of notebooks named by candidate")
    parser.add_argument("assignment", help="the assignment id, e.g. wg1-pretest-valuation")
    parser.add_argument("--course", type=Path, default=None, help="the nbgrader course directory")
    parser.add_argument(
        "--received",
        default=None,
        help="when the submissions arrived, with the time zone, e.g. 2026-11-20T17:30+03:00: late work is marked",
    )
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        received = received_time(args.received) if args.received else None
        filed = collect_zip(
            course=args.course or default_course(),
            archive=args.archive,
            assignment=args.assignment,
            received=received,
        )
    except GradingError as error:
        print(f"mtp collect-zip: {error}")
        return 1
    print(f"{args.assignment}: {len(filed)} candidates have a submission: {', '.join(filed) or 'none'}")
    if received is None:
        print("No --received time given: lateness is not judged for these submissions.")
    else:
        print(f"Stamped as received {received.isoformat(' ', 'minutes')}; mtp grade marks late work.")
    return 0
