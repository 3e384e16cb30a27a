"""Read an nbgrader gradebook into one tidy pandas frame with a single set-based SQL query.

nbgrader's own API computes every score through per-object ORM properties, which is why its export takes
minutes for a few hundred students. This reader sends five flat ``SELECT`` statements (the graded cells,
``grade_cells`` and ``task_cells``, with their notebook and assignment; the students; the submissions; the
submitted notebooks; the grades) and lays the grades on the full grid of students x cells with numpy, so that a
candidate who did not submit an assignment appears with a missing score (``NaN``, ``submitted`` False), never
with a zero.
It reads only nbgrader's tables (``student``, ``assignment``, ``notebook``, ``base_cell``, ``grade_cells``,
``task_cells``, ``submitted_assignment``, ``submitted_notebook``, ``grade``) and does not import nbgrader.

A cell's score follows nbgrader's rule: the manual score if set, else the auto score, plus extra credit; a
grade row with neither counts 0. ``late_penalty`` belongs to the submitted notebook and is repeated on each of
its cells; :func:`candidate_totals` takes it once per notebook and, like ``nbgrader export``, floors each
assignment's score at 0.

>>> read_gradebook("sqlite://").columns.tolist()
['candidate', 'assignment', 'notebook', 'cell', 'score', 'max_score', 'late_penalty', 'needs_manual_grade', 'flagged', 'submitted']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtp_kit.readiness._errors import ReadinessError

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.engine import Engine

__all__ = ["GRADE_COLUMNS", "candidate_totals", "read_gradebook"]

GRADE_COLUMNS = (
    "candidate",
    "assignment",
    "notebook",
    "cell",
    "score",
    "max_score",
    "late_penalty",
    "needs_manual_grade",
    "flagged",
    "submitted",
)

_NBGRADER_TABLES = frozenset(
    {
        "student",
        "assignment",
        "notebook",
        "base_cell",
        "grade_cells",
        "task_cells",
        "submitted_assignment",
        "submitted_notebook",
        "grade",
    }
)

# Portable SQL (SQLite and PostgreSQL). Five flat SELECTs, a few joins each; the student x cell grid is then
# assembled with numpy, which is several times faster than letting the database materialise the cross join.
_CELLS = """
SELECT bc.id, bc.name, nb.id, nb.name, a.id, a.name, COALESCE(gc.max_score, tc.max_score, 0.0)
FROM base_cell bc
JOIN notebook nb ON nb.id = bc.notebook_id
JOIN assignment a ON a.id = nb.assignment_id
LEFT JOIN grade_cells gc ON gc.id = bc.id
LEFT JOIN task_cells tc ON tc.id = bc.id
WHERE gc.id IS NOT NULL OR tc.id IS NOT NULL
"""
_STUDENTS = "SELECT id FROM student"
_SUBMISSIONS = "SELECT student_id, assignment_id FROM submitted_assignment"
_SUBMITTED_NOTEBOOKS = """
SELECT sn.id, sa.student_id, sn.notebook_id, COALESCE(sn.late_submission_penalty, 0.0), sn.flagged
FROM submitted_notebook sn
JOIN submitted_assignment sa ON sa.id = sn.assignment_id
"""
# nbgrader's Grade.score: the manual score if set, else the auto score, plus extra credit; 0 when neither.
_GRADES = """
SELECT g.notebook_id, g.cell_id,
       CASE
           WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0.0)
           WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0.0)
           ELSE 0.0
       END,
       g.needs_manual_grade
FROM grade g
"""


def _engine(source: str | Path | Engine) -> Engine:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import Engine

    if isinstance(source, Engine):
        return source
    text = str(source)
    if "://" not in text:
        path = Path(text)
        if not path.is_file():
            raise ReadinessError(
                f"{text!r} is not a gradebook file; expected a path such as gradebook.db or a URL"
            )
        text = f"sqlite:///{path}"
    try:
        return create_engine(text)
    except Exception as exc:  # an unknown dialect, a missing driver or a malformed URL
        shown = text.split("://", 1)[0] + "://" + text.split("@", 1)[-1] if "@" in text else text
        raise ReadinessError(
            f"cannot open the gradebook {shown!r}: {exc}; expected a SQLAlchemy URL such as sqlite:///gradebook.db "
            "or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
        ) from exc


def _empty_frame() -> pd.DataFrame:
    import pandas as pd

    return _typed(pd.DataFrame({name: [] for name in GRADE_COLUMNS}))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for name in ("candidate", "assignment", "notebook", "cell"):
        frame[name] = frame[name].astype("string")
    for name in ("score", "max_score", "late_penalty"):
        frame[name] = frame[name].astype("float64")
    for name in ("needs_manual_grade", "flagged"):
        frame[name] = frame[name].astype("boolean")
    frame["submitted"] = frame["submitted"].astype(bool)
    return frame


def _fetch(connection: Any, query: str) -> list[tuple[Any, ...]]:
    # The DBAPI cursor returns plain tuples, several times faster to load than SQLAlchemy Row objects.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(query)
        return cursor.fetchall()
    finally:
        cursor.close()


def _assemble(
    cells: list[tuple[Any, ...]],
    students: list[str],
    submissions: list[tuple[Any, ...]],
    notebooks: list[tuple[Any, ...]],
    grades: list[tuple[Any, ...]],
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    cells = sorted(cells, key=lambda c: (c[5], c[3], c[1]))  # assignment, notebook, cell names
    students = sorted(students)
    n_students, n_cells = len(students), len(cells)
    student_index = {sid: i for i, sid in enumerate(students)}
    cell_index = {c[0]: j for j, c in enumerate(cells)}
    assignment_ids = list(dict.fromkeys(c[4] for c in cells))
    notebook_ids = list(dict.fromkeys(c[2] for c in cells))
    assignment_index = {aid: k for k, aid in enumerate(assignment_ids)}
    notebook_index = {nid: k for k, nid in enumerate(notebook_ids)}
    cell_assignment = np.array([assignment_index[c[4]] for c in cells], dtype=np.int64)
    cell_notebook = np.array([notebook_index[c[2]] for c in cells], dtype=np.int64)

    # Per student x assignment, then per student x notebook, broadcast to every cell of it.
    submitted = np.zeros((n_students, len(assignment_ids)), dtype=bool)
    for student, assignment in submissions:
        if student in student_index and assignment in assignment_index:
            submitted[student_index[student], assignment_index[assignment]] = True
    penalty = np.full((n_students, len(notebook_ids)), np.nan)
    flagged = np.full((n_students, len(notebook_ids)), np.nan)
    submitted_notebook: dict[str, int] = {}
    for sn_id, student, notebook, late, flag in notebooks:
        i, k = student_index.get(student), notebook_index.get(notebook)
        if i is not None and k is not None:
            penalty[i, k] = late
            flagged[i, k] = bool(flag) if flag is not None else np.nan
            submitted_notebook[sn_id] = i

    score = np.full(n_students * n_cells, np.nan)
    manual = np.full(n_students * n_cells, np.nan)
    if grades:
        rows = np.array([submitted_notebook.get(g[0], -1) for g in grades], dtype=np.int64)
        columns = np.array([cell_index.get(g[1], -1) for g in grades], dtype=np.int64)
        keep = (rows >= 0) & (columns >= 0)
        flat = rows[keep] * n_cells + columns[keep]
        score[flat] = np.array([g[2] for g in grades], dtype=float)[keep]
        manual[flat] = np.array([bool(g[3]) for g in grades], dtype=float)[keep]

    def names(position: int) -> np.ndarray:
        return np.tile(np.array([c[position] for c in cells], dtype=object), n_students)

    def boolean(values: np.ndarray) -> pd.arrays.BooleanArray:
        return pd.arrays.BooleanArray(np.nan_to_num(values).astype(bool), np.isnan(values))

    frame = pd.DataFrame(
        {
            "candidate": np.repeat(np.array(students, dtype=object), n_cells),
            "assignment": names(5),
            "notebook": names(3),
            "cell": names(1),
            "score": score,
            "max_score": np.tile(np.array([c[6] for c in cells], dtype=float), n_students),
            "late_penalty": penalty[:, cell_notebook].reshape(-1),
            "needs_manual_grade": boolean(manual),
            "flagged": boolean(flagged[:, cell_notebook].reshape(-1)),
            "submitted": submitted[:, cell_assignment].reshape(-1),
        }
    )
    return _typed(frame)


def read_gradebook(source: str | Path | Engine) -> pd.DataFrame:
    """Return one row per candidate x graded cell of an nbgrader gradebook (a file path, a URL or an engine).

    Rows are sorted by candidate, assignment, notebook and cell. ``needs_manual_grade`` and ``flagged`` are
    nullable booleans, missing where nothing was submitted. An empty database (no nbgrader tables) gives an
    empty frame with the same columns.
    """
    from sqlalchemy import inspect
    from sqlalchemy.engine import Engine

    engine = _engine(source)
    owned = not isinstance(source, Engine)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if not tables:
                return _empty_frame()
            missing = sorted(_NBGRADER_TABLES - tables)
            if missing:
                raise ReadinessError(
                    f"{engine.url.render_as_string(hide_password=True)!r} is not an nbgrader gradebook: "
                    f"table {missing[0]!r} is missing; expected the database nbgrader writes (gradebook.db)"
                )
            parts = [
                _fetch(connection, q)
                for q in (_CELLS, _STUDENTS, _SUBMISSIONS, _SUBMITTED_NOTEBOOKS, _GRADES)
            ]
    finally:
        if owned:
            engine.dispose()
    cells, students, submissions, notebooks, grades = parts
    return _assemble(cells, [s[0] for s in students], submissions, notebooks, grades)


def candidate_totals(grades: pd.DataFrame) -> pd.DataFrame:
    """Per candidate and assignment: raw score, late penalty and score as ``nbgrader export`` computes them.

    ``score`` is ``max(0, raw_score - late_penalty)`` for a submission and missing (``NaN``) for none, where
    the export writes 0; ``max_score`` is the assignment's maximum either way.

    >>> import pandas as pd
    >>> grades = pd.DataFrame({
    ...     "candidate": ["a", "a", "a", "b", "b", "b"], "assignment": ["wg1"] * 6,
    ...     "notebook": ["n1", "n1", "n2"] * 2, "cell": ["q1", "q2", "q1"] * 2,
    ...     "score": [2.0, 1.0, 3.0, None, None, None], "max_score": [2.0, 2.0, 4.0] * 2,
    ...     "late_penalty": [1.0, 1.0, 0.5, None, None, None], "submitted": [True] * 3 + [False] * 3})
    >>> candidate_totals(grades)[["candidate", "raw_score", "late_penalty", "score", "max_score"]]
      candidate  raw_score  late_penalty  score  max_score
    0         a        6.0           1.5    4.5        8.0
    1         b        NaN           NaN    NaN        8.0
    """
    import numpy as np
    import pandas as pd

    keys = ["candidate", "assignment"]
    by_assignment = grades.groupby(keys, sort=True, observed=True)
    raw = pd.DataFrame(
        {
            "raw_score": by_assignment["score"].sum(min_count=1),
            "max_score": by_assignment["max_score"].sum(),
            "submitted": by_assignment["submitted"].any(),
        }
    )
    penalty = (
        grades.drop_duplicates([*keys, "notebook"])
        .groupby(keys, sort=True, observed=True)["late_penalty"]
        .sum(min_count=1)
    )
    totals = raw.join(penalty).reset_index()
    totals.loc[totals["submitted"] & totals["raw_score"].isna(), "raw_score"] = 0.0
    totals.loc[totals["submitted"] & totals["late_penalty"].isna(), "late_penalty"] = 0.0
    totals["score"] = np.where(
        totals["submitted"], (totals["raw_score"] - totals["late_penalty"]).clip(lower=0.0), np.nan
    )
    totals = totals.astype({"raw_score": "float64", "late_penalty": "float64", "score": "float64"})
    return pd.DataFrame(totals[[*keys, "raw_score", "late_penalty", "score", "max_score", "submitted"]])
