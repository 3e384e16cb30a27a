"""Benchmark: 40 submissions of one assessment, graded by ``nbgrader autograde`` serially and by ``mtp grade``.

Run from the repository root: ``.venv/bin/python benchmarks/autograde.py [--submissions 40] [--workers 2]``.
Two identical course directories are made in a temporary folder (never in the repo) from
``assessments/source/wg1-pretest-valuation``, each with the same 40 generated submissions (a mix of right,
partly right and blank answers, every one on its candidate's own figures). The first is graded by
``nbgrader autograde ASSIGNMENT`` (one process, one submission after another), the second by
``mtp grade ASSIGNMENT --workers N``; both are timed from the command line, start-up included. The script then
compares every candidate's total score in the two gradebooks, prints both times and the ratio, and exits non-zero
if any score differs. Target from the issue: at least 1.8x on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from mtp_kit.grading import build_task

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "wg1-pretest-valuation"
TARGET_RATIO = 1.8
SCORES = (
    "SELECT s.student_id, ROUND(SUM(COALESCE(g.manual_score, g.auto_score, 0)), 2) FROM grade g "
    "JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s ON n.assignment_id = s.id "
    "GROUP BY s.student_id ORDER BY s.student_id"
)


def _env() -> dict[str, str]:
    return dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))


def _run(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        args, cwd=cwd, env=_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def _answered(released: dict, candidate: str, kind: int) -> dict:
    task = build_task(ASSIGNMENT, candidate=candidate)
    answers = {
        "q1_value = None": f"q1_value = {float(task.value(basis='CIF').total) + (0 if kind else 250)}",
        "q2_treatment = None": f"q2_treatment = {task.treatment_of(task.asked)!r}",
        "q3_value = None": f"q3_value = {float(task.value(basis='FOB').total)}",
    }
    notebook = json.loads(json.dumps(released))
    if kind == 2:
        return notebook  # blank
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        for old, new in answers.items():
            source = source.replace(old, new)
        cell["source"] = source
    return notebook


def _course(base: Path, submissions: int) -> Path:
    course = base / "course"
    course.mkdir()
    shutil.copy(ROOT / "assessments" / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "assessments" / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    _run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"], course)
    released = json.loads(
        (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    )
    for number in range(submissions):
        candidate = f"bench-{number:03}"
        folder = course / "submitted" / candidate / ASSIGNMENT
        folder.mkdir(parents=True)
        notebook = _answered(released, candidate, number % 3)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return course


def _scores(course: Path) -> list[tuple[str, float]]:
    with closing(sqlite3.connect(course / "gradebook.db")) as db:
        return db.execute(SCORES).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mtp-bench-") as work:
        (Path(work) / "serial").mkdir()
        serial_course = _course(Path(work) / "serial", args.submissions)
        parallel_course = Path(work) / "parallel" / "course"
        shutil.copytree(serial_course, parallel_course)
        print(f"{args.submissions} submissions of {ASSIGNMENT} on {os.cpu_count()} cores")
        serial = _run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], serial_course)
        print(f"  nbgrader autograde (serial):       {serial:7.1f} s")
        parallel = _grade(parallel_course, args.workers)
        print(f"  mtp grade --workers {args.workers}:              {parallel:7.1f} s")
        ratio = serial / parallel
        print(f"  ratio: {ratio:.2f}x (target >= {TARGET_RATIO}x)")
        serial_scores, parallel_scores = _scores(serial_course), _scores(parallel_course)
        same = serial_scores == parallel_scores and len(serial_scores) == args.submissions
        print(f"  scores identical for all {len(serial_scores)} candidates: {'yes' if same else 'NO'}")
        if not same:
            differ = sorted(set(serial_scores) ^ set(parallel_scores))
            print(f"  differing: {differ[:10]}")
        return 0 if same else 1


def _grade(course: Path, workers: int) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mtp_kit", "grade", ASSIGNMENT, "--workers", str(workers)],
        cwd=course,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"mtp grade failed:\n{done.stdout[-2000:]}")
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
