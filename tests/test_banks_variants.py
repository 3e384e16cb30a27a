"""Valuation bank assessments with per-candidate figures (``mtp bank assessment --variants``).

The example bank's four Lakeport cases carry the author's hand-worked values (expected_value); scaling every
amount of a case by a factor scales its customs value by the same factor, so each candidate's right answer is
the author's value times their factor, worked out here without the code that scales the cases.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from nbgrader_support import generate_assignments, validate

from mtp_kit.errors import ConfigError
from mtp_kit.exercises import read_bank, show_bank_case
from mtp_kit.exercises._assessment import _facts_only, assessment_notebook
from mtp_kit.exercises._cli import main
from mtp_kit.exercises._variants import FACTORS, factor_for, pack, scaled, unpack
from mtp_kit.grading._runner import grade_assignment
from mtp_kit.valuation import Treatment

REPO = Path(__file__).resolve().parents[1]
BANK = REPO / "mtp_kit" / "exercises" / "data" / "banks" / "valuation-cases.csv"
AID = "wg3-lakeport-yours"
# Pinned draws (SHA-256 of assessment/case and candidate): if these move, every released assessment's figures
# move with them, so a change here must be deliberate.
DRAWS = {
    "ke-017": ("0.90", "0.95", "0.90", "1.05"),
    "ke-018": ("1.20", "0.90", "1.15", "0.80"),
    "ke-020": ("1.05", "0.85", "1.20", "0.85"),  # differs from ke-017 in every case
}


# The bank's values on its own figures, worked by hand (the first three are the author's expected_value):
# lk-v4 leaves its value to the check: (10,000 + 300 + 100) EUR x 140 + (1,200 + 60) USD x 130 = 1,619,800.00.
BASE_VALUES = {
    "lk-v1": Decimal("2808000.00"),
    "lk-v2": Decimal("10682000.00"),
    "lk-v3": Decimal("4407000.00"),
    "lk-v4": Decimal("1619800.00"),
}


@pytest.fixture(scope="module")
def bank():
    return read_bank(BANK)


def test_the_factors_run_from_080_to_125_without_100():
    """Nobody works the bank's own figures."""
    assert [str(f) for f in FACTORS] == [
        "0.80",
        "0.85",
        "0.90",
        "0.95",
        "1.05",
        "1.10",
        "1.15",
        "1.20",
        "1.25",
    ]


def test_draws_are_stable_and_differ_between_neighbours(bank):
    """The same candidate always gets the same factors; two candidates side by side mostly do not."""
    for candidate, factors in DRAWS.items():
        drawn = tuple(
            str(factor_for(assessment=AID, candidate=candidate, case_id=c.case_id)) for c in bank.cases
        )
        assert drawn == factors
    everyone = {factor_for(assessment=AID, candidate=f"ke-{n:03d}", case_id="lk-v1") for n in range(1, 61)}
    assert everyone == set(FACTORS)  # sixty candidates use every factor


def test_every_amount_is_scaled_and_the_value_follows(bank):
    """Case 2 at 1.15: (92,000 - 5,750 - 805 + 2,300) x 140 = 12,284,300.00, which is 1.15 x the bank's 10,682,000."""
    case = bank.cases[1]
    assert case.expected_value == Decimal("10682000.00")
    mine = scaled(case, Decimal("1.15"))
    assert mine.transaction.price == Decimal("92000.00")
    assert [e.amount for e in mine.transaction.elements] == [
        Decimal("5750.00"),
        Decimal("805.00"),
        Decimal("2300.00"),
    ]
    assert mine.solve().total == Decimal("12284300.00")
    assert mine.expected_value is None
    assert mine.working == ""


def test_scaling_never_changes_a_treatment(bank):
    """Treatments follow from the facts and the price term, so they are the bank's for every factor."""
    for case in bank.cases:
        treatments = [line.treatment for line in case.solve().lines]
        for factor in FACTORS:
            assert [line.treatment for line in scaled(case, factor).solve().lines] == treatments


def test_the_candidate_sees_their_own_figures_and_no_answer(bank):
    """The sheet shows the scaled price and names the candidate; the packed facts hold no expected value."""
    packed = pack(_facts_only(bank, 0))
    facts = unpack(packed)
    assert "expected_value" not in facts
    assert "working" not in facts
    assert "2808000" not in facts  # the author's value of case 1
    sheet = show_bank_case(packed, number=1, assessment=AID, candidate="ke-017")
    assert "Price actually paid or payable: 18,000.00 USD" in str(sheet)  # 20,000 x 0.90
    assert "(Figures for candidate 'ke-017'.)" in str(sheet)
    assert "*(Figures for candidate `ke-017`.)*" in sheet._repr_markdown_()
    assert not hasattr(sheet, "solve")
    assert not hasattr(sheet, "value")


def test_the_notebook_shows_each_case_through_a_locked_cell(bank):
    """One locked cell per case prints the figures; the prompts ask for the value on those figures."""
    notebook = json.loads(assessment_notebook(bank, assessment=AID, variants=True))
    shows = [c for c in notebook["cells"] if "show_bank_case(CASE_FILES[" in "".join(c["source"])]
    assert len(shows) == len(bank.cases) == 4
    assert all(c["metadata"]["nbgrader"]["locked"] for c in shows)
    assert [c["metadata"]["nbgrader"]["grade_id"] for c in shows] == [f"{AID}-case{n}" for n in range(1, 5)]
    text = json.dumps(notebook)
    assert "with the figures shown for you" in text


def test_variants_are_refused_for_a_risk_bank():
    """A register entry's score has no amount to scale."""
    risk = read_bank(BANK.parent / "risk-register.csv")
    with pytest.raises(
        ConfigError, match="is a risk bank: per-candidate figures are drawn for valuation banks only"
    ):
        assessment_notebook(risk, assessment="wg3-risk", variants=True)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("variants")
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", root)
    assert main(["assessment", str(BANK), "--id", AID, "--course", str(root), "--variants"]) == 0
    generate_assignments(root, [AID])
    return root


def _answers(bank, candidate: str) -> dict[str, str]:
    """Right answers for ``candidate``: the hand-worked value times their pinned factor; the bank's treatments."""
    answers, q = {}, 0
    for case, factor in zip(bank.cases, DRAWS[candidate], strict=True):
        q += 1
        answers[f"q{q}_value"] = repr(float(BASE_VALUES[case.case_id] * Decimal(factor)))
        if case.transaction.elements:
            q += 1
            words = [
                line.treatment.name.lower()
                for line in case.solve().lines
                if line.treatment is not Treatment.PRICE
            ]
            answers[f"q{q}_treatments"] = repr(words)
    return answers


def _submit(course: Path, candidate: str, answers: dict[str, str], *, ran_as: str | None = None) -> None:
    """``candidate`` hands in the release with ``answers``; ``ran_as``: the case cells show that candidate's sheet."""
    released = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    for cell in released["cells"]:
        if ran_as and cell["metadata"].get("nbgrader", {}).get("grade_id", "").startswith(f"{AID}-case"):
            sheet = f"...\n(Figures for candidate {ran_as!r}.)"
            cell["outputs"] = [
                {"output_type": "execute_result", "data": {"text/plain": sheet}, "metadata": {}}
            ]
            cell["execution_count"] = 1
        source = "".join(cell["source"])
        for name, value in answers.items():
            source = "\n".join(
                f"{name} = {value}" if line.startswith(f"{name} = None") else line
                for line in source.splitlines()
            )
        cell["source"] = source
    folder = course / "submitted" / candidate / AID
    folder.mkdir(parents=True)
    (folder / f"{AID}.ipynb").write_text(json.dumps(released), encoding="utf-8")


@pytest.mark.slow
def test_the_release_carries_no_key_and_the_source_validates(course: Path) -> None:
    """nbgrader strips solutions and hidden tests; the source's solutions pass their own tests."""
    text = (course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text
    assert "BEGIN HIDDEN TESTS" not in text
    assert "_yours" not in text
    assert "_vary" not in text
    done = validate(course, [str(course / "source" / AID / f"{AID}.ipynb")])
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout[-3000:]


@pytest.mark.slow
def test_each_candidate_earns_full_marks_on_their_own_figures_and_loses_them_on_a_neighbours(
    course: Path, bank
) -> None:
    """26 points for right answers on one's own figures; ke-020 handing in ke-017's values, whose factors differ
    in every case, keeps only the treatments: 26 - 4 x 3 = 14."""
    _submit(course, "ke-017", _answers(bank, "ke-017"))
    _submit(course, "ke-018", _answers(bank, "ke-018"))
    copied = {
        **_answers(bank, "ke-020"),
        **{k: v for k, v in _answers(bank, "ke-017").items() if "value" in k},
    }
    _submit(course, "ke-020", copied)
    _submit(course, "ke-021", _answers(bank, "ke-017"), ran_as="ke-017")  # ke-017's notebook, handed in again
    report = grade_assignment(course=course, assignment=AID, workers=2, report=course / "report.csv")
    scores = {row.candidate: (row.status, row.score, row.max_score) for row in report.rows}
    flagged = scores.pop("ke-021")
    assert scores == {
        "ke-017": ("graded", 26.0, 26.0),
        "ke-018": ("graded", 26.0, 26.0),
        "ke-020": ("graded", 14.0, 26.0),
    }
    reason = next(row.reason for row in report.rows if row.candidate == "ke-021")
    assert flagged[0] == "flagged"
    assert "last run with the figures of 'ke-017'" in reason
