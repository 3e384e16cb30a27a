"""The candidate-side helpers of mtp_kit.grading: format checks, variants, cases, marking, repairs."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtp_kit.grading import (
    AnswerMissing,
    NotYetRight,
    Variant,
    build_task,
    candidate_id,
    check,
    check_answer,
    mark_amount,
    mark_choice,
    mark_list,
    require_answer,
    variant_seed,
)
from mtp_kit.grading._inspect import SourceCell, inspect_submission
from mtp_kit.grading._nbgrader import hide_hidden_region

ids = st.from_regex(r"[a-z]{2}-[0-9]{3}", fullmatch=True)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("q1_heading", "8517"),
        ("q1_heading", "85.17"),
        ("q2_subheading", "8517.13"),
        ("q3_value", 10850.0),
        ("q3_value", "10,850.00"),
        ("q4_freight_treatment", "added"),
        ("q4_freight_treatment", " Excluded"),
        ("q5_gir", "3(b)"),
        ("q6_channel", "red"),
        ("q7_originates", False),
        ("q8_treatments", ["added", "deducted"]),
    ],
)
def test_check_accepts_answers_in_the_right_format(name: str, value: object) -> None:
    """The right form passes, whatever the answer's correctness."""
    assert check_answer(name, value).ok


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("q1_heading", 8517),
        ("q1_heading", "851713"),
        ("q3_value", "ten thousand"),
        ("q3_value", -5),
        ("q4_freight_treatment", "add"),
        ("q5_gir", "3(d)"),
        ("q7_originates", "yes"),
        ("q8_treatments", ["added", None]),
        ("q3_value", None),
    ],
)
def test_check_rejects_answers_in_the_wrong_format(name: str, value: object) -> None:
    """The wrong form fails, with the accepted form and an example in plain words."""
    verdict = check_answer(name, value)
    assert not verdict.ok
    assert "for example" in verdict.message


def test_check_never_says_an_answer_is_correct(capsys: pytest.CaptureFixture[str]) -> None:
    """The message for a well-formed answer says only that the format is right."""
    check(q1_heading="0101")
    out = capsys.readouterr().out
    assert "the format is right" in out
    assert "does not say whether it is correct" in out


def test_require_answer_fails_an_unanswered_cell() -> None:
    """The public test of an answer left as None raises, so nbgrader scores it 0."""
    with pytest.raises(AnswerMissing, match="not answered yet"):
        require_answer("q2_treatment", None)


@given(candidate=ids)
def test_the_same_candidate_always_gets_the_same_figures(candidate: str) -> None:
    """Two builds of one candidate's case are equal."""
    assert build_task("wg1-pretest-valuation", candidate=candidate) == build_task(
        "wg1-pretest-valuation", candidate=candidate
    )


def test_neighbours_get_different_figures() -> None:
    """Twenty candidates in a room get twenty different transactions."""
    cases = {
        build_task("wg2-intersessional-valuation", candidate=f"ke-{n:03}").transaction for n in range(20)
    }
    assert len(cases) == 20


def test_the_pretest_and_posttest_of_one_candidate_differ() -> None:
    """Parallel forms: same questions, other figures."""
    pre = build_task("wg1-pretest-valuation", candidate="ke-017")
    post = build_task("wg4-posttest-valuation", candidate="ke-017")
    assert pre.transaction != post.transaction
    assert len(pre.items) == len(post.items) == 3


def test_the_seed_is_fixed_across_python_runs() -> None:
    """The seed comes from SHA-256, not from Python's randomised hash()."""
    code = "from mtp_kit.grading import variant_seed; print(variant_seed(candidate='ke-017', assessment='x'))"
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout for _ in range(2)
    }
    assert runs == {f"{variant_seed(candidate='ke-017', assessment='x')}\n"}


def test_a_variant_draws_amounts_on_its_grid() -> None:
    """Amounts are whole multiples of the step inside the range."""
    variant = Variant(candidate="ke-017", assessment="wg1-pretest-valuation")
    amounts = [variant.amount(500, 1500, step=10) for _ in range(50)]
    assert all(500 <= a <= 1500 and a % 10 == 0 for a in amounts)


def test_the_candidate_id_comes_from_mtp_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    """MTP_CANDIDATE wins over the hub login; with neither, the practice variant."""
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-login")
    monkeypatch.setenv("MTP_CANDIDATE", "ke-017")
    assert candidate_id() == "ke-017"
    monkeypatch.delenv("MTP_CANDIDATE")
    assert candidate_id() == "hub-login"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert candidate_id() == "practice"


def test_the_case_shows_whose_figures_it_has() -> None:
    """The rendered case names the candidate, so a submission run on other figures can be caught."""
    assert "Figures for candidate 'ke-017'" in str(build_task("wg1-pretest-valuation", candidate="ke-017"))


def test_a_buying_commission_outside_the_price_is_excluded_in_the_key() -> None:
    """The key comes from the engine: price 10,000 FOB + freight 800 + insurance 50, commission left out."""
    task = build_task("wg1-pretest-valuation", candidate="ke-017")
    from mtp_kit.valuation import CostElement, Transaction

    deal = Transaction(
        price=10000,
        currency="USD",
        incoterm="FOB",
        elements=[
            CostElement(kind="main_freight", amount=800),
            CostElement(kind="insurance", amount=50),
            CostElement(label="buying commission", kind="buying_commission", amount=300),
        ],
    )
    fixed = type(task)(
        assessment=task.assessment,
        candidate="x",
        story=(),
        items=(),
        transaction=deal,
        exchange_rates=(("USD", Decimal("1.5")),),
        asked="buying commission",
    )
    assert fixed.value(basis="CIF").total == Decimal("16275.00")
    assert fixed.value(basis="FOB").total == Decimal("15000.00")
    assert fixed.treatment_of("buying commission") == "excluded"


def test_an_amount_close_to_the_key_earns_half() -> None:
    """Within 1 % (a rounding or rate slip) half the points; exact, all of them."""
    assert mark_amount("16275.00", Decimal("16275.00"), points=3, question="Q1") == 3.0
    assert mark_amount(16300, Decimal("16275.00"), points=3, question="Q1") == 1.5


def test_a_wrong_answer_fails_without_revealing_the_key() -> None:
    """The message names the question, never the expected amount."""
    with pytest.raises(NotYetRight) as raised:
        mark_amount(1, Decimal("16275.00"), points=3, question="Q1")
    assert "16275" not in str(raised.value)
    assert "16,275" not in str(raised.value)


def test_treatments_earn_one_share_each() -> None:
    """Four of six right is four sixths of the points."""
    given_ = ["added", "added", "added", "excluded", "deducted", "added"]
    expected = ["added", "added", "added", "added", "excluded", "added"]
    assert mark_list(given_, expected, points=6, question="Q1") == 4.0


def test_a_choice_is_marked_whatever_its_case() -> None:
    """'Deducted' and 'deducted' are the same answer."""
    assert mark_choice("Deducted", "deducted", points=1, question="Q2") == 1.0


def test_feedback_source_drops_the_hidden_region() -> None:
    """Public lines stay, hidden ones are replaced by the note."""
    source = 'require_answer("q1", q1)\n### BEGIN HIDDEN TESTS\n_mark(q1, 42)\n### END HIDDEN TESTS'
    assert hide_hidden_region(source, "# hidden") == 'require_answer("q1", q1)\n# hidden'


def _released() -> dict:
    def cell(gid: str, kind: str, source: str, **meta: object) -> dict:
        body = {
            "cell_type": kind,
            "metadata": {"nbgrader": {"grade_id": f"nb-{gid}", **meta}},
            "source": source,
        }
        return {**body, "outputs": [], "execution_count": None} if kind == "code" else body

    return {
        "nbformat": 4,
        "nbformat_minor": 4,
        "metadata": {},
        "cells": [
            cell("case", "code", "task = 1", locked=True, grade=False, solution=False),
            cell("q1-answer", "code", "q1_value = None", solution=True, grade=False, locked=False),
            cell(
                "q1-tests", "code", "require_answer('q1_value', q1_value)", grade=True, locked=True, points=3
            ),
        ],
    }


SOURCES = {
    "nb-case": SourceCell("task = 1", "code", True),
    "nb-q1-tests": SourceCell(
        "require_answer('q1_value', q1_value)\n### BEGIN HIDDEN TESTS\nx\n### END", "code", True
    ),
}


def test_a_deleted_test_cell_is_put_back_in_place_with_its_hidden_tests() -> None:
    """The restored cell follows the answer cell and holds the gradebook's source."""
    submitted = _released()
    del submitted["cells"][2]
    result = inspect_submission(
        raw=json.dumps(submitted).encode(),
        released=_released(),
        sources=SOURCES,
        notebook="nb",
        candidate="c",
    )
    assert [c["metadata"]["nbgrader"]["grade_id"] for c in result.notebook["cells"]] == [
        "nb-case",
        "nb-q1-answer",
        "nb-q1-tests",
    ]
    assert "BEGIN HIDDEN TESTS" in result.notebook["cells"][2]["source"]
    assert result.flags == ("q1-tests: the test cell was deleted; restored from the source",)


def test_an_untouched_test_cell_is_not_reported() -> None:
    """A clean submission gets no flag, though its test cell lacks the hidden part."""
    submitted = copy.deepcopy(_released())
    submitted["cells"][1]["source"] = "q1_value = 12.5"
    result = inspect_submission(
        raw=json.dumps(submitted).encode(),
        released=_released(),
        sources=SOURCES,
        notebook="nb",
        candidate="c",
    )
    assert (result.flags, result.notes) == ((), ())


def test_a_notebook_that_is_not_json_is_unreadable() -> None:
    """No notebook comes back, only the reason."""
    result = inspect_submission(
        raw=b"<html>", released=_released(), sources=SOURCES, notebook="nb", candidate="c"
    )
    assert not result.readable
    assert "not valid notebook JSON" in result.flags[0]


def test_the_zip_collector_reads_candidate_names() -> None:
    """ke-017.ipynb and ke-017_<notebook>.ipynb both belong to ke-017; other files are skipped."""
    from mtp_kit.grading._collect import CandidateFileCollector

    reader = CandidateFileCollector(notebooks=["wg1-pretest-valuation"])
    assert reader.collect("/x/ke-017.ipynb") == {
        "student_id": "ke-017",
        "file_id": "wg1-pretest-valuation.ipynb",
    }
    assert reader.collect("/x/ke-017_wg1-pretest-valuation.ipynb")["student_id"] == "ke-017"
    assert reader.collect("/x/readme.txt") is None


def test_a_notebook_importing_the_candidate_helpers_does_not_load_nbgrader() -> None:
    """check() and build_task() run in a kernel without nbgrader (Binder, a laptop, later the browser)."""
    code = (
        "import sys, mtp_kit.grading as g; g.build_task('wg1-pretest-hs', candidate='x'); "
        "print(sorted({'nbgrader', 'pandas', 'ipywidgets'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@given(candidate=ids)
def test_the_hs_pretest_and_posttest_never_share_a_case(candidate: str) -> None:
    """Parallel forms: one case per group of rules, different cases in the two tests."""
    pre = build_task("wg1-pretest-hs", candidate=candidate).cases
    post = build_task("wg4-posttest-hs", candidate=candidate).cases
    assert not {c.case_id for c in pre} & {c.case_id for c in post}
    assert [c.gir[0] for c in pre] == [c.gir[0] for c in post] == ["1", "3", "6"]


def test_an_hs_answer_right_to_the_heading_earns_half() -> None:
    """Chapter and heading right, subheading and rule wrong: two quarters of 4 points."""
    from mtp_kit.grading import mark_classification_answer
    from mtp_kit.hs import load_case_bank

    case = next(c for c in load_case_bank() if c.case_id == "gir1-smartphone")
    assert mark_classification_answer(case, code="8517.62", gir="6", points=4, question="Q1") == 2.0


def test_the_origin_task_decides_on_the_exact_percentage() -> None:
    """1,750 ex-works with 1,050 non-originating is exactly 40 % build-down: the rule of at least 40 % is met."""
    from mtp_kit.grading import OriginRiskTask

    task = OriginRiskTask(
        assessment="wg3-intersessional-origin-risk",
        candidate="x",
        ex_works=Decimal(1750),
        non_originating=Decimal(1050),
        originating=Decimal(400),
        threshold=Decimal(40),
        likelihood=3,
        impact=5,
        inspections=400,
        findings=30,
    )
    assert (task.value_content().build_down, task.originates(), task.channel(), task.hit_rate()) == (
        Decimal("40.00"),
        True,
        "red",
        Decimal("7.50"),
    )


def test_feedback_test_cells_keep_only_the_last_traceback_line() -> None:
    """A failed hidden test shows 'NotYetRight: Q1: ...', not the hidden line that raised it."""
    from nbformat.v4 import new_code_cell, new_output

    from mtp_kit.grading._nbgrader import HideHiddenTests

    cell = new_code_cell(
        "require_answer('q1_value', q1_value)\n### BEGIN HIDDEN TESTS\n_mark(q1_value, 42)\n### END HIDDEN TESTS"
    )
    cell.metadata = {"nbgrader": {"grade": True, "solution": False, "grade_id": "nb-q1-tests", "points": 3}}
    cell.outputs = [
        new_output(
            "error",
            ename="NotYetRight",
            evalue="Q1: the amount is not right yet.",
            traceback=["----> 3 _mark(q1_value, 42)", "NotYetRight: Q1: the amount is not right yet."],
        )
    ]
    cleaned, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "_mark" not in cleaned.source
    assert cleaned.outputs[0].traceback == ["NotYetRight: Q1: the amount is not right yet."]


def test_one_huge_output_line_is_cut_to_the_limit() -> None:
    """LimitOutput counts lines; LimitOutputSize also cuts a single 1 MB line to 1,000 characters."""
    from nbformat.v4 import new_code_cell, new_output

    from mtp_kit.grading._nbgrader import LimitOutputSize

    cell = new_code_cell("print('x' * 1_000_000)")
    cell.outputs = [new_output("stream", name="stdout", text="x" * 1_000_000)]
    cut, _ = LimitOutputSize(max_chars=1000).preprocess_cell(cell, {}, 0)
    assert len(cut.outputs[0].text) < 1100
    assert "999,000 more characters not kept" in cut.outputs[0].text
