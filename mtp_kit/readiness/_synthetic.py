"""Build synthetic nbgrader gradebooks of any size with bulk SQL, for tests, benchmarks and the demo.

The tables are nbgrader's own (created from ``nbgrader.api``'s metadata, imported here and only here, when a
gradebook is built), so ``nbgrader export`` and :func:`~mtp_kit.readiness.read_gradebook` read the same file.
Rows are written with a few ``executemany`` calls, not through nbgrader's ORM, which would take minutes for
thousands of candidates. Scores come from a seeded random model (an ability per candidate, a difficulty per
cell) so that item statistics look like a real test's; some candidates skip assignments, some notebooks carry
a late penalty, some grades have a manual score or extra credit, and a share of cells waits for manual grading.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SyntheticGradebook", "build_synthetic_gradebook"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SyntheticGradebook:
    """What was built: the database URL and how many rows of each kind it holds."""

    url: str
    candidates: int
    assignments: int
    notebooks: int
    cells: int
    submissions: int
    grades: int


def build_synthetic_gradebook(
    target: str | Path,
    *,
    candidates: int,
    assignments: int,
    notebooks: int,
    cells: int,
    submit_rate: float = 0.9,
    manual_rate: float = 0.02,
    seed: int = 7,
    assignment_names: tuple[str, ...] | None = None,
) -> SyntheticGradebook:
    """Create a new gradebook at a SQLite path (or URL) with candidates x assignments x notebooks x cells.

    Candidate ids are ``c0001``…, assignments ``a01``… unless ``assignment_names`` is given, notebooks
    ``nb1``…, cells ``nbN-qM-tests`` (nbgrader's naming of the project). Every cell is worth 1, 2 or 4 points.
    """
    from nbgrader.api import Base as NbgraderBase
    from sqlalchemy import create_engine, insert

    text = str(target)
    url = text if "://" in text else f"sqlite:///{Path(text)}"
    names = assignment_names or tuple(f"a{i + 1:02d}" for i in range(assignments))
    if len(names) != assignments:
        raise ValueError(f"assignment_names has {len(names)} names for {assignments} assignments")
    rng = random.Random(seed)
    tables = NbgraderBase.metadata.tables
    due = dt.datetime(2025, 3, 1, 17, 0)

    students = [
        {"id": f"c{i + 1:04d}", "first_name": f"First{i + 1}", "last_name": f"Last{i + 1}", "email": None}
        for i in range(candidates)
    ]
    ability = {s["id"]: rng.betavariate(5, 2) for s in students}
    assignment_rows, notebook_rows, base_cells, grade_cells = [], [], [], []
    cell_info: list[
        tuple[str, str, str, float, float]
    ] = []  # assignment id, notebook id, cell id, max, difficulty
    for a, name in enumerate(names):
        assignment_id = f"A{a:04d}"
        assignment_rows.append(
            {
                "id": assignment_id,
                "name": name,
                "duedate": due + dt.timedelta(weeks=a),
                "course_id": "default_course",
            }
        )
        for n in range(notebooks):
            notebook_id = f"{assignment_id}N{n:02d}"
            notebook_rows.append({"id": notebook_id, "name": f"nb{n + 1}", "assignment_id": assignment_id})
            for c in range(cells):
                cell_id = f"{notebook_id}C{c:03d}"
                max_score = float(rng.choice((1, 2, 4)))
                base_cells.append(
                    {
                        "id": cell_id,
                        "name": f"nb{n + 1}-q{c + 1}-tests",
                        "notebook_id": notebook_id,
                        "type": "GradeCell",
                    }
                )
                grade_cells.append({"id": cell_id, "max_score": max_score, "cell_type": "code"})
                cell_info.append((assignment_id, notebook_id, cell_id, max_score, rng.uniform(-0.25, 0.25)))

    submitted_assignments, submitted_notebooks, grades = [], [], []
    by_notebook: dict[str, list[tuple[str, float, float]]] = {}
    for _assignment_id, notebook_id, cell_id, max_score, difficulty in cell_info:
        by_notebook.setdefault(notebook_id, []).append((cell_id, max_score, difficulty))
    for s in students:
        for a, row in enumerate(assignment_rows):
            if rng.random() >= submit_rate:
                continue
            submission_id = f"S{s['id']}{row['id']}"
            late = rng.random() < 0.05
            submitted_assignments.append(
                {
                    "id": submission_id,
                    "assignment_id": row["id"],
                    "student_id": s["id"],
                    "timestamp": row["duedate"] + dt.timedelta(hours=30 if late else -2),
                }
            )
            for n in range(notebooks):
                notebook_id = f"{row['id']}N{n:02d}"
                submitted_notebook_id = f"{submission_id}N{n:02d}"
                submitted_notebooks.append(
                    {
                        "id": submitted_notebook_id,
                        "assignment_id": submission_id,
                        "notebook_id": notebook_id,
                        "flagged": rng.random() < 0.01,
                        "late_submission_penalty": 1.0 if late else None,
                    }
                )
                for cell_id, max_score, difficulty in by_notebook[notebook_id]:
                    p = min(1.0, max(0.0, ability[s["id"]] - difficulty))
                    correct = rng.random() < p
                    manual = rng.random() < manual_rate
                    graded_by_hand = not manual and rng.random() < 0.03
                    grades.append(
                        {
                            "id": f"G{submitted_notebook_id}{cell_id[-4:]}",
                            "notebook_id": submitted_notebook_id,
                            "cell_id": cell_id,
                            "auto_score": None if manual else (max_score if correct else 0.0),
                            "manual_score": (max_score / 2 if graded_by_hand else None),
                            "extra_credit": (0.5 if graded_by_hand and a == 0 else None),
                            "needs_manual_grade": manual,
                        }
                    )
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            NbgraderBase.metadata.create_all(connection)
            connection.execute(insert(tables["course"]), [{"id": "default_course"}])
            for name, rows in (
                ("student", students),
                ("assignment", assignment_rows),
                ("notebook", notebook_rows),
                ("base_cell", base_cells),
                ("grade_cells", grade_cells),
                ("submitted_assignment", submitted_assignments),
                ("submitted_notebook", submitted_notebooks),
                ("grade", grades),
            ):
                if rows:
                    connection.execute(insert(tables[name]), rows)
    finally:
        engine.dispose()
    return SyntheticGradebook(
        url=url,
        candidates=candidates,
        assignments=assignments,
        notebooks=notebooks * assignments,
        cells=len(cell_info),
        submissions=len(submitted_assignments),
        grades=len(grades),
    )
