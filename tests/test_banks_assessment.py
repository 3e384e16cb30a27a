"""A bank becomes an nbgrader source assignment that releases, validates, and grades blank as 0 and right as full.

The example banks are turned into sources in a temporary copy of the course directory (nbgrader never writes
into the repo); the slow tests run nbgrader there once for the module, as ``tests/test_assessments.py`` does.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from nbgrader_support import generate_assignments, validate

from mtp_kit.errors import ConfigError
from mtp_kit.exercises import read_bank, write_assessment
from mtp_kit.exercises._assessment import assessment_notebook
from mtp_kit.exercises._cli import main
from mtp_kit.grading._runner import grade_assignment

REPO = Path(__file__).resolve().parents[1]
BANKS = REPO / "mtp_kit" / "exercises" / "data" / "banks"
# (bank, assessment id, max score): valuation 3 points a value + 1 a cost element (3 + 3 + 3 + 3 + 3 + 4 + 3
# + 4 = 26); classification 4 points a case (4 x 4); quiz 1 point a question (4); origin 2 points a verdict and
# none of the example's rules has a value test (4 x 2); risk 1 point a score + 1 a channel (4 x 2).
MADE = [
    ("valuation-cases.csv", "wg3-lakeport-valuation", 26),
    ("classification-cases.csv", "wg3-lakeport-hs", 16),
    ("quiz-valuation.csv", "wg3-basics-quiz", 4),
    ("origin-cases.csv", "wg3-teaching-origin", 8),
    ("risk-register.csv", "wg3-lakeport-risk", 8),
]
# An origin bank whose stated rules have value tests: each case asks the verdict (2) and the percentage (1).
VALUE_ORIGIN = """\
bank,origin
title,Origin value tests
agreement,AGREEMENT
case_id,title,product,hs_code,party,ex_works_price,fob_price,operations,rule,expected,material,material_hs_code,value,origin
v1,Bags over the MaxNOM ceiling,polyethylene carrier bags,3923.21,STH,2000,,extrusion; printing,maxnom 60 ex-works,not originating,polyethylene granules,3901.20,1250,
v2,Bags built down on FOB,polyethylene carrier bags,3923.21,STH,2000,2500,extrusion; printing,build-down 40 fob,originating,polyethylene granules,3901.20,1200,
"""
ROUND_TRIP = [*MADE, ("value-origin.csv", "wg3-origin-values", 6)]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _grade_ids(path: Path) -> list[str]:
    return [c["metadata"]["nbgrader"]["grade_id"] for c in _cells(path) if "nbgrader" in c["metadata"]]


def test_a_valuation_bank_becomes_questions_on_value_and_treatments(tmp_path: Path) -> None:
    """Case lk-v1 (three elements) asks Q1 its value (3 points) and Q2 its treatments (3 points), keyed by the engine."""
    path = write_assessment(
        BANKS / "valuation-cases.csv", assessment="wg3-lakeport-valuation", course=tmp_path
    )
    assert path == tmp_path / "source" / "wg3-lakeport-valuation" / "wg3-lakeport-valuation.ipynb"
    cells = {c["metadata"]["nbgrader"]["grade_id"]: c for c in _cells(path) if "nbgrader" in c["metadata"]}
    assert list(cells)[:5] == [
        "wg3-lakeport-valuation-case",
        "wg3-lakeport-valuation-q1-answer",
        "wg3-lakeport-valuation-q1-tests",
        "wg3-lakeport-valuation-q2-answer",
        "wg3-lakeport-valuation-q2-tests",
    ]
    # (20,000 + 1,500 + 100) x 130 = 2,808,000.00; the buying commission is not part of the value.
    assert "q1_value = 2808000.0\n" in "".join(cells["wg3-lakeport-valuation-q1-answer"]["source"])
    assert "q2_treatments = ['added', 'added', 'excluded']" in "".join(
        cells["wg3-lakeport-valuation-q2-answer"]["source"]
    )
    assert cells["wg3-lakeport-valuation-q1-tests"]["metadata"]["nbgrader"] == {
        "grade": True,
        "grade_id": "wg3-lakeport-valuation-q1-tests",
        "locked": True,
        "points": 3,
        "schema_version": 3,
        "solution": False,
    }


def test_the_key_stays_in_solutions_and_hidden_tests(tmp_path: Path) -> None:
    """Outside the solution and hidden-test blocks, no cell shows the bank's expected value or subheading."""
    for bank, name, _ in MADE[:2]:
        path = write_assessment(BANKS / bank, assessment=name, course=tmp_path)
        for cell in _cells(path):
            text = "".join(cell["source"])
            for begin, end in (
                ("### BEGIN SOLUTION", "### END SOLUTION"),
                ("### BEGIN HIDDEN", "### END HIDDEN"),
            ):
                if begin in text:
                    text = text[: text.index(begin)] + text[text.index(end) :]
            assert "2808000" not in text
            assert "0901.22" not in text
            assert "expected_value" not in text


def test_regenerating_from_an_unchanged_bank_is_byte_identical(tmp_path: Path) -> None:
    """Two writes, the second forced, give the same bytes."""
    for bank, name, _ in ROUND_TRIP:
        bank = BANKS / bank if bank in {m[0] for m in MADE} else _value_bank(tmp_path)
        first = write_assessment(bank, assessment=name, course=tmp_path).read_bytes()
        again = write_assessment(bank, assessment=name, course=tmp_path, force=True).read_bytes()
        assert first == again


def test_an_existing_assignment_folder_is_kept_without_force(tmp_path: Path, capsys) -> None:
    """The command refuses, names the folder and --force, and leaves the folder as it was."""
    folder = tmp_path / "source" / "wg3-lakeport-hs"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    bank = str(BANKS / "classification-cases.csv")
    assert main(["assessment", bank, "--id", "wg3-lakeport-hs", "--course", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert main(["assessment", bank, "--id", "wg3-lakeport-hs", "--course", str(tmp_path), "--force"]) == 0
    assert (folder / "wg3-lakeport-hs.ipynb").exists()


def _value_bank(folder: Path, agreement: str = "teaching-fta") -> Path:
    bank = folder / "value-origin.csv"
    bank.write_text(VALUE_ORIGIN.replace("AGREEMENT", agreement), encoding="utf-8")
    return bank


def _answer(cells: dict, grade_id: str) -> str:
    return "".join(cells[grade_id]["source"])


def test_an_origin_bank_asks_the_verdict_and_a_value_tests_percentage(tmp_path: Path) -> None:
    """Every case asks originating or not (2 points); a rule with a value test also asks its percentage (1)."""
    path = write_assessment(BANKS / "origin-cases.csv", assessment="wg3-teaching-origin", course=tmp_path)
    cells = {c["metadata"]["nbgrader"]["grade_id"]: c for c in _cells(path) if "nbgrader" in c["metadata"]}
    # The example's rules are tariff shifts: four cases, four questions.
    assert [g for g in cells if g.endswith("-tests")] == [
        f"wg3-teaching-origin-q{q}-tests" for q in (1, 2, 3, 4)
    ]
    # o1: green coffee (09.01) roasted stays in 09.01, so CTH fails and 1,200 is far above the 10 % tolerance
    # (200); o2: the same beans from Southland count as originating (bilateral cumulation).
    assert "q1_originates = False\n" in _answer(cells, "wg3-teaching-origin-q1-answer")
    assert "q2_originates = True\n" in _answer(cells, "wg3-teaching-origin-q2-answer")
    assert cells["wg3-teaching-origin-q1-tests"]["metadata"]["nbgrader"]["points"] == 2
    assert "mark_choice as _mark" in _answer(cells, "wg3-teaching-origin-q1-tests")

    path = write_assessment(_value_bank(tmp_path), assessment="wg3-origin-values", course=tmp_path)
    cells = {c["metadata"]["nbgrader"]["grade_id"]: c for c in _cells(path) if "nbgrader" in c["metadata"]}
    # v1: MaxNOM 1,250 / 2,000 = 62.50 %, above the 60 % ceiling: not originating.
    assert "q1_originates = False\n" in _answer(cells, "wg3-origin-values-q1-answer")
    assert "q2_percent = 62.5\n" in _answer(cells, "wg3-origin-values-q2-answer")
    # v2: build-down on FOB (2,500 - 1,200) / 2,500 = 52.00 %, at least 40 %: originating.
    assert "q3_originates = True\n" in _answer(cells, "wg3-origin-values-q3-answer")
    assert "q4_percent = 52.0\n" in _answer(cells, "wg3-origin-values-q4-answer")
    assert cells["wg3-origin-values-q4-tests"]["metadata"]["nbgrader"] == {
        "grade": True,
        "grade_id": "wg3-origin-values-q4-tests",
        "locked": True,
        "points": 1,
        "schema_version": 3,
        "solution": False,
    }
    assert 'tolerance="0.01"' in _answer(cells, "wg3-origin-values-q4-tests")


def test_a_risk_bank_asks_each_entrys_score_and_channel(tmp_path: Path) -> None:
    """Each register entry asks its score (1 point) and its channel on the bank's bands (1 point)."""
    path = write_assessment(BANKS / "risk-register.csv", assessment="wg3-lakeport-risk", course=tmp_path)
    cells = {c["metadata"]["nbgrader"]["grade_id"]: c for c in _cells(path) if "nbgrader" in c["metadata"]}
    assert len([g for g in cells if g.endswith("-tests")]) == 8
    # 4 x 4 = 16, at least 15: red. R-03: 2 x 5 = 10, between 8 and 14: yellow.
    assert "q1_score = 16\n" in _answer(cells, "wg3-lakeport-risk-q1-answer")
    assert "q2_channel = 'red'\n" in _answer(cells, "wg3-lakeport-risk-q2-answer")
    assert "q5_score = 10\n" in _answer(cells, "wg3-lakeport-risk-q5-answer")
    assert "q6_channel = 'yellow'\n" in _answer(cells, "wg3-lakeport-risk-q6-answer")
    assert {
        cells[f"wg3-lakeport-risk-q{q}-tests"]["metadata"]["nbgrader"]["points"] for q in range(1, 9)
    } == {1}
    # the key is never shown outside the solution and the hidden test
    released = [c for c in _cells(path) if "nbgrader" not in c["metadata"]]
    assert not any("16" in "".join(c["source"]) for c in released)


def test_an_origin_bank_naming_an_agreement_file_carries_it_into_the_hidden_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notebook is graded far from the bank: its hidden tests carry the agreement file and still mark right."""
    shutil.copy(REPO / "mtp_kit" / "origin" / "data" / "teaching-fta.json", tmp_path / "my-fta.json")
    path = write_assessment(_value_bank(tmp_path, "my-fta.json"), assessment="wg3-own-fta", course=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    space: dict = {}
    marks = []
    for cell in _cells(path):
        text = "".join(cell["source"])
        if cell["cell_type"] == "code":
            if "### BEGIN HIDDEN TESTS" in text:
                *setup, last = text.split("### END HIDDEN TESTS")[0].rstrip().splitlines()
                exec("\n".join(setup), space)  # the source's own solutions answer
                marks.append(eval(last, space))
            else:
                exec(text, space)
    assert "_agreement = _from(_json.loads(" in json.dumps(_cells(path))  # the file's text, not its path
    assert marks == [2.0, 1.0, 2.0, 1.0]


def test_a_bank_of_another_kind_is_refused_naming_the_supported_kinds(tmp_path: Path) -> None:
    """Only the kinds with a generator are accepted; the message lists them."""
    bank = replace(read_bank(BANKS / "risk-register.csv"), kind="tariff")
    with pytest.raises(ConfigError, match="classification, origin, quiz, risk, valuation banks only"):
        assessment_notebook(bank, assessment="wg3-risk")


def test_variants_are_refused_for_banks_other_than_valuation(tmp_path: Path, capsys) -> None:
    """Only a valuation case has amounts to vary, so --variants on a quiz bank says so and writes nothing."""
    bank = str(BANKS / "quiz-valuation.csv")
    assert main(["assessment", bank, "--id", "wg3-v", "--course", str(tmp_path), "--variants"]) == 1
    out = capsys.readouterr().out
    assert "is a quiz bank: per-candidate figures are drawn for valuation banks only" in out
    assert not (tmp_path / "source").exists()


def test_an_id_that_is_not_wgN_slug_is_refused(tmp_path: Path) -> None:
    """nbgrader grade ids are built from the id, so it must be lower-case wgN-slug."""
    with pytest.raises(ConfigError, match="expected wgN-slug"):
        write_assessment(BANKS / "quiz-valuation.csv", assessment="Quiz 1", course=tmp_path)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("assessments")
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", root)
    for bank, name, _ in ROUND_TRIP:
        path = BANKS / bank if bank in {m[0] for m in MADE} else _value_bank(root)
        assert main(["assessment", str(path), "--id", name, "--course", str(root)]) == 0
    generate_assignments(root, [name for _, name, _ in ROUND_TRIP])
    return root


@pytest.mark.slow
def test_generated_sources_release_without_keys_and_pass_nbgrader_validate(course: Path) -> None:
    """The release has no solution or hidden test; the sources' solutions pass their own tests."""
    for _, name, _ in ROUND_TRIP:
        text = (course / "release" / name / f"{name}.ipynb").read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text
        assert "BEGIN HIDDEN TESTS" not in text
        assert "_CASE" not in text
    paths = [str(course / "source" / name / f"{name}.ipynb") for _, name, _ in ROUND_TRIP]
    done = validate(course, paths)
    assert done.stdout.count("Success! Your notebook passes all the tests.") == len(ROUND_TRIP), done.stdout[
        -3000:
    ]


def _answered(course: Path, name: str) -> dict:
    """The released notebook with each answer cell replaced by the source's solution, markers removed."""
    released = json.loads((course / "release" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
    solutions = {}
    for cell in _cells(course / "source" / name / f"{name}.ipynb"):
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer"):
            lines = "".join(cell["source"]).splitlines()
            solutions[grade_id] = "\n".join(line for line in lines if "SOLUTION" not in line)
    for cell in released["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id in solutions:
            cell["source"] = solutions[grade_id]
    return released


@pytest.mark.slow
@pytest.mark.parametrize(("bank", "name", "max_score"), ROUND_TRIP, ids=[name for _, name, _ in ROUND_TRIP])
def test_blank_release_earns_nothing_and_a_right_one_earns_full_marks(
    course: Path, bank: str, name: str, max_score: int
) -> None:
    """Autograded, the release as handed out scores 0 and the same release answered right scores every point."""
    blank = course / "submitted" / "blank-candidate" / name
    blank.mkdir(parents=True)
    shutil.copy(course / "release" / name / f"{name}.ipynb", blank)
    right = course / "submitted" / "right-candidate" / name
    right.mkdir(parents=True)
    (right / f"{name}.ipynb").write_text(json.dumps(_answered(course, name)), encoding="utf-8")
    report = grade_assignment(course=course, assignment=name, workers=2, report=course / f"{name}.csv")
    scores = {row.candidate: (row.status, row.score, row.max_score) for row in report.rows}
    assert scores == {
        "blank-candidate": ("graded", 0.0, max_score),
        "right-candidate": ("graded", float(max_score), max_score),
    }
