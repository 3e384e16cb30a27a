"""``mtp collect-zip FILE.zip ASSIGNMENT``: file e-mailed or USB submissions through nbgrader's zip collection.

Candidates name their notebook after themselves: ``ke-017.ipynb`` for a one-notebook assessment, or
``ke-017_<notebook>.ipynb`` when the assessment has several. The zip is placed in
``downloaded/<assignment>/archive/`` and nbgrader's ``ZipCollectApp`` extracts it and files each notebook under
``submitted/<candidate>/<assignment>/`` with :class:`CandidateFileCollector` reading the names.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import List

from mtp_kit.grading._cli import default_course
from mtp_kit.grading._errors import GradingError

__all__ = ["CandidateFileCollector", "collect_zip", "main"]

_CANDIDATE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


class CandidateFileCollector(FileNameCollectorPlugin):
    """Reads ``<candidate>.ipynb`` or ``<candidate>_<notebook>.ipynb`` (also with ``-`` before the notebook)."""

    notebooks = List([], help="the released notebook names of the assignment, without .ipynb").tag(
        config=True
    )

    def collect(self, submitted_file: str) -> dict | None:
        stem, ext = os.path.splitext(os.path.basename(submitted_file))
        if ext != ".ipynb":
            return None
        for notebook in sorted(self.notebooks, key=len, reverse=True):
            for joint in ("_", "-"):
                if stem.endswith(joint + notebook) and _CANDIDATE.match(stem[: -len(notebook) - 1]):
                    return {"student_id": stem[: -len(notebook) - 1], "file_id": notebook + ext}
        if len(self.notebooks) == 1 and _CANDIDATE.match(stem):
            return {"student_id": stem, "file_id": self.notebooks[0] + ext}
        self.log.warning(
            "Skipped %s: name it <candidate>.ipynb or <candidate>_<notebook>.ipynb", submitted_file
        )
        return None


def collect_zip(*, course: Path, archive: Path, assignment: str) -> list[str]:
    """Collect the notebooks of ``archive`` into ``submitted/`` and return the candidates filed, sorted."""
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
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        filed = collect_zip(
            course=args.course or default_course(), archive=args.archive, assignment=args.assignment
        )
    except GradingError as error:
        print(f"mtp collect-zip: {error}")
        return 1
    print(f"{args.assignment}: {len(filed)} candidates have a submission: {', '.join(filed) or 'none'}")
    return 0
