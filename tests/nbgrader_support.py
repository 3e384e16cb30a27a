"""Running nbgrader on a temporary course directory, shared by the assessment tests.

nbgrader's own commands call ``alembic`` by name, so they run with this virtual environment's ``bin`` first on
PATH; ``generate_assignment`` runs in a subprocess so that its traitlets configuration does not leak into pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))

_GENERATE = (
    "import sys\n"
    "from nbgrader.apps import NbGraderAPI\n"
    "from nbgrader.coursedir import CourseDirectory\n"
    "from traitlets.config.loader import PyFileConfigLoader\n"
    "config = PyFileConfigLoader('nbgrader_config.py', path='.').load_config()\n"
    "config.CourseDirectory.root = '.'\n"
    "api = NbGraderAPI(CourseDirectory(config=config), config=config)\n"
    "for name in sys.argv[1:]:\n"
    "    result = api.generate_assignment(name, force=True)\n"
    "    print(name, result['success'], result.get('error', '')[-500:])\n"
)


def generate_assignments(course: Path, names: list[str]) -> None:
    """Release every assignment in ``names`` from ``course/source``; fail loudly with nbgrader's words if one fails."""
    done = subprocess.run(
        [sys.executable, "-c", _GENERATE, *names],
        cwd=course,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split().count("True") == len(names), done.stdout


def validate(course: Path, paths: list[str]) -> subprocess.CompletedProcess:
    """``nbgrader validate`` on source notebooks, run in ``course``."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", *paths],
        cwd=course,
        env=ENV,
        capture_output=True,
        text=True,
    )


def run_nbgrader(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``nbgrader ARGS`` in ``cwd``, with extra environment variables from ``env``; never raises on failure."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env={**ENV, **env},
        capture_output=True,
        text=True,
        check=False,
    )
