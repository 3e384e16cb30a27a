"""The demo cohort: a fictional programme, its evidence forms and the plan of its simulated submissions.

``data/demo/`` holds the CSV forms of the fictional customs-valuation programme ``mtp-cv-demo`` (seven
invented administrations in four regions, three intakes, 24 candidates, every name made up) exactly as
``mtp cohort import`` reads them, and ``submissions.csv``: which questions each candidate of the 2025 intake
answers wrong in the two assessments the example policy counts, and the points the trainer gives the free-text
answer. ``scripts/demo`` turns that plan into real notebooks and grades them; :func:`planned_grades` gives the
gradebook the plan implies, without running a notebook, so that tests can check the designed statuses fast.

The statuses are designed for :data:`DEMO_AS_OF` (see :data:`DESIGNED_STATUSES`).

>>> planned_grades().groupby("assignment")["max_score"].sum().to_dict()
{'wg2-intersessional-valuation': 156.0, 'wg4-posttest-valuation': 108.0}
"""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from mtp_kit.readiness._imports import FORMS, ImportSummary, import_csv

if TYPE_CHECKING:
    import pandas as pd

    from mtp_kit.readiness._store import EvidenceStore

__all__ = [
    "DEMO_AS_OF",
    "DEMO_QUESTIONS",
    "DESIGNED_STATUSES",
    "demo_folder",
    "import_demo",
    "planned_grades",
    "submission_plan",
]

DEMO_AS_OF = dt.date(2026, 6, 30)

# The graded cells of the two assessments the example policy counts: question -> (grade id, points, autograded).
DEMO_QUESTIONS: dict[str, dict[str, tuple[str, int, bool]]] = {
    "wg2-intersessional-valuation": {
        "q1": ("wg2-intersessional-valuation-q1-tests", 6, True),
        "q2": ("wg2-intersessional-valuation-q2-tests", 4, True),
        "q3": ("wg2-intersessional-valuation-q3-answer", 2, False),
    },
    "wg4-posttest-valuation": {
        "q1": ("wg4-posttest-valuation-q1-tests", 3, True),
        "q2": ("wg4-posttest-valuation-q2-tests", 1, True),
        "q3": ("wg4-posttest-valuation-q3-tests", 3, True),
        "q4": ("wg4-posttest-valuation-q4-answer", 2, False),
    },
}

# What the demo is designed to show on DEMO_AS_OF, and why (the evidence is in data/demo/).
DESIGNED_STATUSES: dict[str, str] = {
    # 2021 intake, certified on 2022-03-15; refresher every 3 years, one session a year
    "am-01": "active Master Trainer",  # refresher 2025, delivered in April 2026
    "be-01": "active Master Trainer",  # refresher 2024, delivered in March 2026
    "co-01": "refresher due",  # no refresher since 2022: due since 2025-03-15
    "du-01": "inactive",  # last session in November 2024
    "es-01": "active Master Trainer",
    # 2025 intake: all five WGs held, delivery at WG5, panel on 2026-03-20
    "am-02": "active Master Trainer",  # certified, delivered in May 2026
    "be-02": "certified",  # certified, no session yet
    "co-02": "ready for final assessment",
    "du-02": "ready for final assessment",
    "es-02": "ready for final assessment",  # WG2 by make-up
    "fa-01": "at risk",  # R1: Q1 of the post-test wrong, 6/9
    "fa-02": "at risk",  # R5: absent from WG3 and WG4 (and R1: post-test Q3 wrong)
    "go-01": "at risk",  # R3: delivery mean 2.5 of 4; deferred by the panel (and R2: Q2 wrong)
    "go-02": "at risk",  # R6: trainees' gain 0.11 (and R1: post-test Q2 wrong)
    "am-03": "at risk",  # R2: Q2 of the applied cases wrong, 8/12
    "be-03": "at risk",  # R4: slides still a draft after WG4 (and R2: Q1 wrong)
    "du-03": "in progress",  # post-test not submitted, delivery scored by one assessor so far
    "es-03": "in progress",  # trainees' pre/post results not recorded yet
    # 2026 intake: WG1 held in May 2026
    "am-04": "in progress",
    "be-04": "in progress",
    "co-04": "in progress",
    "du-04": "not started",
    "fa-03": "at risk",  # absent from WG1, task not done
    "go-03": "not started",
}


def demo_folder() -> Path:
    """The folder of the demo's CSV forms (inside the installed package)."""
    return Path(str(resources.files("mtp_kit.readiness").joinpath("data").joinpath("demo")))


def import_demo(store: EvidenceStore) -> tuple[ImportSummary, ...]:
    """Import every demo form into ``store``, parents first."""
    folder = demo_folder()
    return tuple(
        import_csv(store, kind=kind, path=folder / f"{kind}.csv")
        for kind in FORMS
        if (folder / f"{kind}.csv").is_file()
    )


def submission_plan() -> tuple[tuple[str, str, frozenset[str], int], ...]:
    """(candidate, assignment, questions answered wrong, points for the free-text answer) per submission."""
    with (demo_folder() / "submissions.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            (row["candidate"], row["assignment"], frozenset(row["wrong"].split()), int(row["manual_points"]))
            for row in csv.DictReader(handle)
        )


def planned_grades() -> pd.DataFrame:
    """The gradebook frame (as :func:`~mtp_kit.readiness.read_gradebook` gives it) the plan should produce."""
    import pandas as pd

    from mtp_kit.readiness._gradebook import GRADE_COLUMNS

    rows = []
    for candidate, assignment, wrong, manual in submission_plan():
        for question, (cell, points, auto) in DEMO_QUESTIONS[assignment].items():
            score = float(manual if not auto else 0 if question in wrong else points)
            rows.append(
                (candidate, assignment, assignment, cell, score, float(points), 0.0, False, False, True)
            )
    frame = pd.DataFrame(rows, columns=list(GRADE_COLUMNS))
    return frame.astype({"needs_manual_grade": "boolean", "flagged": "boolean"})
