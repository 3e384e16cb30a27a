"""Reports: the self-contained dashboard, the Excel workbook, candidate pages, yearly figures and certificates.

The cohort is small enough to work out by hand: administration "Amaru" has a1 (every rule met: ready) and a2
(knowledge post-test 5/10: at risk); administration "Belonia" has b1, certified on 2024-01-15, who delivered
two sessions (15 people in 2024, 30 in 2025).
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from mtp_kit.errors import ReadinessError
from mtp_kit.readiness import GRADE_COLUMNS, EvidenceStore, assess_readiness, import_rows, parse_policy
from mtp_kit.readiness._certificates import (
    CertificateRow,
    issue_certificate,
    verify_code,
    write_certificate_pdf,
)
from mtp_kit.readiness._reports import (
    SHEETS,
    render_candidate_summary,
    render_dashboard,
    wg_progress,
    write_candidate_summaries,
    write_workbook,
    yearly_figures,
)
from mtp_kit.readiness._store import CertificationDecision

POLICY = parse_policy(
    """
[programme]
id = "p"
name = "Test programme"
topic = "customs valuation"

[[assessments]]
name = "post"
rule = "R1"
topic = "cv"
wg = 4

[[assessments]]
name = "cases"
rule = "R2"
topic = "cv"
wg = 2
"""
)
AS_OF = dt.date(2025, 6, 30)
CRITERIA = POLICY.r3.criteria


def _grades():
    rows = []
    for candidate, post, cases in (("a1", 9.0, 10.0), ("a2", 5.0, 10.0)):
        for assignment, score in (("post", post), ("cases", cases)):
            rows.append(
                (candidate, assignment, "nb", f"{assignment}-q1-tests", score, 10.0, 0.0, False, False, True)
            )
    rows.append(("b1", "post", "nb", "post-q1-tests", math.nan, 10.0, math.nan, None, None, False))
    frame = pd.DataFrame(
        rows,
        columns=list(GRADE_COLUMNS),
    )
    return frame.astype({"needs_manual_grade": "boolean", "flagged": "boolean"})


def _full_evidence(store, candidate):
    import_rows(
        store,
        kind="attendance",
        rows=[{"candidate": candidate, "wg": w, "status": "present"} for w in range(1, 6)],
    )
    import_rows(store, kind="tasks", rows=[{"candidate": candidate, "task": "t1", "completed": "yes"}])
    import_rows(
        store,
        kind="materials",
        rows=[{"candidate": candidate, "material": m, "status": "approved"} for m in POLICY.r4.required],
    )
    import_rows(
        store,
        kind="rubric",
        rows=[
            {
                "candidate": candidate,
                "session": "s1",
                "delivered_on": "2025-03-01",
                "assessor": assessor,
                "criterion": c,
                "score": 3,
            }
            for assessor in ("x", "y")
            for c in CRITERIA
        ],
    )
    import_rows(
        store,
        kind="trainees",
        rows=[
            {"candidate": candidate, "session": "s1", "trainee": f"t{i}", "pre": 40, "post": 80}
            for i in range(5)
        ],
    )


@pytest.fixture
def store(tmp_path):
    store = EvidenceStore.open(tmp_path / "evidence.sqlite")
    import_rows(store, kind="programmes", rows=[{"programme": "p", "name": "Test programme", "topic": "cv"}])
    import_rows(
        store,
        kind="cohorts",
        rows=[{"cohort": "k", "programme": "p", "name": "K", "topic": "customs valuation"}],
    )
    import_rows(
        store,
        kind="working_groups",
        rows=[{"cohort": "k", "wg": w, "starts_on": f"2025-0{w}-01"} for w in range(1, 6)],
    )
    import_rows(
        store,
        kind="candidates",
        rows=[
            {
                "candidate": "a1",
                "cohort": "k",
                "name": "Ana One",
                "administration": "Amaru",
                "country": "Amaru",
                "region": "East",
            },
            {
                "candidate": "a2",
                "cohort": "k",
                "name": "Abel Two",
                "administration": "Amaru",
                "country": "Amaru",
                "region": "East",
            },
            {
                "candidate": "b1",
                "cohort": "k",
                "name": "Bea Three",
                "administration": "Belonia",
                "country": "Belonia",
                "region": "South",
            },
        ],
    )
    for candidate in ("a1", "a2"):
        _full_evidence(store, candidate)
    import_rows(
        store,
        kind="decisions",
        rows=[{"candidate": "b1", "decided_on": "2024-01-15", "decision": "certified"}],
    )
    import_rows(
        store,
        kind="activity",
        rows=[
            {
                "candidate": "b1",
                "session": "b1-1",
                "delivered_on": "2024-05-02",
                "topic": "cv",
                "customs": 10,
                "other_agencies": 2,
                "private_sector": 3,
            },
            {
                "candidate": "b1",
                "session": "b1-2",
                "delivered_on": "2025-04-10",
                "topic": "cv",
                "customs": 20,
                "other_agencies": 0,
                "private_sector": 10,
            },
        ],
    )
    return store


@pytest.fixture
def report(store):
    return assess_readiness(policy=POLICY, evidence=store.load_evidence(), grades=_grades(), as_of=AS_OF)


def test_the_hand_worked_cohort_has_the_statuses_the_reports_show(report):
    assert {c.candidate: c.status.value for c in report.candidates} == {
        "a1": "ready for final assessment",
        "a2": "at risk",
        "b1": "active Master Trainer",
    }


def test_dashboard_is_one_file_with_no_external_url_script_or_stylesheet(store, report):
    page = render_dashboard(report=report, evidence=store.load_evidence(), grades=_grades())
    assert "http" not in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"(src|href)\s*=", page)
    assert "<style>" in page


def test_dashboard_draws_progress_readiness_and_score_distribution_charts(store, report):
    page = render_dashboard(report=report, evidence=store.load_evidence(), grades=_grades())
    assert (
        page.count("<svg") == 4
    )  # progress by WG, readiness by administration, one histogram per assessment
    assert "Progress by working group" in page
    assert "Readiness by administration" in page
    # Amaru's bar: one ready, one at risk; a2 scored 50% on the post-test and a1 90%.
    assert "<title>Amaru: ready for final assessment 1</title>" in page
    assert "<title>Amaru: at risk 1</title>" in page
    assert "<title>50–60%: 1</title>" in page
    assert "<title>90–100%: 1</title>" in page
    # WG attendance: a1 and a2 present at WG1, b1 not recorded.
    assert "<title>k WG1: present 2</title>" in page
    assert "<title>k WG1: not recorded 1</title>" in page


def test_wg_progress_counts_present_absent_and_unrecorded_per_cohort(store):
    progress = wg_progress(store.load_evidence(), as_of=AS_OF)
    assert progress[["wg", "present", "absent", "not_recorded"]].values.tolist() == [
        [w, 2, 0, 1] for w in range(1, 6)
    ]


def test_yearly_figures_count_trainers_sessions_and_people_by_region_and_year(store):
    figures = yearly_figures(store.load_evidence())
    assert figures.values.tolist() == [
        ["South", 2024, 1, 1, 15, 10, 2, 3],
        ["South", 2025, 1, 1, 30, 20, 0, 10],
        ["all regions", 2024, 1, 1, 15, 10, 2, 3],
        ["all regions", 2025, 1, 1, 30, 20, 0, 10],
    ]


def test_workbook_has_one_sheet_per_view_with_the_hand_worked_numbers(tmp_path, store, report):
    path = write_workbook(
        tmp_path / "r.xlsx", report=report, evidence=store.load_evidence(), grades=_grades()
    )
    book = load_workbook(path)
    assert book.sheetnames == list(SHEETS)
    candidates = list(book["Candidates"].iter_rows(values_only=True))
    assert candidates[0][:7] == (
        "candidate",
        "name",
        "cohort",
        "administration",
        "country",
        "region",
        "status",
    )
    assert [(r[0], r[6], r[7]) for r in candidates[1:]] == [
        ("a1", "ready for final assessment", "met"),
        ("a2", "at risk", "not met"),
        ("b1", "active Master Trainer", "not yet assessable"),
    ]
    by_admin = list(book["By administration"].iter_rows(values_only=True))
    header = by_admin[0]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in by_admin[1:]}
    assert rows["Amaru"]["candidates"] == 2
    assert rows["Amaru"]["at risk"] == 1
    assert rows["Amaru"]["ready for final assessment"] == 1
    assert rows["Amaru"]["R1_met"] == 0.5
    assert rows["Belonia"]["active Master Trainer"] == 1
    assert rows["Belonia"]["ready_or_certified"] == 1
    yearly = list(book["Yearly figures"].iter_rows(values_only=True))
    assert yearly[-1] == ("all regions", 2025, 1, 1, 30, 20, 0, 10)
    evidence = list(book["Rule evidence"].iter_rows(values_only=True))
    assert len(evidence) == 1 + 3 * 6  # a row per candidate and rule
    assert ("a2", "R1 knowledge", "not met") in {(r[0], r[3], r[4]) for r in evidence}


def test_candidate_summary_lists_every_rule_with_evidence_status_and_next_actions(report):
    page = render_candidate_summary(report.candidate("a2"), report=report)
    assert "Abel Two" in page
    assert "at risk" in page
    assert "5 rule(s) met, 1 not met, 0 not yet assessable" in page
    assert "post: 5/10 = 50.0%" in page
    assert "arrange a retake for overall 50.0%" in page
    assert page.count('<tr class="') == 6


def test_candidate_pages_are_written_one_per_candidate(tmp_path, report):
    paths = write_candidate_summaries(report, folder=tmp_path / "pages")
    assert [p.name for p in paths] == ["a1.html", "a2.html", "b1.html"]
    assert "http" not in paths[0].read_text(encoding="utf-8")


def test_a_certificate_pdf_is_written_and_its_code_verifies(tmp_path, store):
    record = issue_certificate(store, candidate="b1", as_of=AS_OF)
    path = write_certificate_pdf(record, path=tmp_path / "b1.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    result = verify_code(store, code=record.code)
    assert result.valid
    assert "Bea Three (b1, Belonia)" in result.message
    assert "2024-01-15" in result.message


def test_a_code_is_read_in_lower_case_without_dashes_and_with_confusable_letters(store):
    code = issue_certificate(store, candidate="b1", as_of=AS_OF).code
    assert verify_code(store, code=code.lower().replace("-", "").replace("1", "l").replace("0", "o")).valid


def test_issuing_again_gives_the_same_code(store):
    assert issue_certificate(store, candidate="b1", as_of=AS_OF) == issue_certificate(
        store, candidate="b1", as_of=AS_OF
    )


def test_a_tampered_code_is_unknown(store):
    code = issue_certificate(store, candidate="b1", as_of=AS_OF).code
    tampered = ("1" if code[0] != "1" else "2") + code[1:]
    result = verify_code(store, code=tampered)
    assert not result.valid
    assert "unknown" in result.message


def test_a_record_altered_in_the_store_is_reported_as_tampered(store):
    code = issue_certificate(store, candidate="b1", as_of=AS_OF).code
    with store.session() as session:
        session.get(CertificateRow, code).candidate_id = "a1"
    result = verify_code(store, code=code)
    assert not result.valid
    assert "tampered" in result.message


def test_a_code_that_is_not_a_code_says_what_is_expected(store):
    result = verify_code(store, code="hello")
    assert not result.valid
    assert "expected 16 letters and digits" in result.message


def test_a_candidate_not_certified_gets_no_certificate(store):
    with pytest.raises(ReadinessError, match=r"'a1' is not certified \(no decision recorded\)"):
        issue_certificate(store, candidate="a1", as_of=AS_OF)
    with store.session() as session:
        session.add(
            CertificationDecision(candidate_id="b1", decided_on=dt.date(2025, 2, 1), decision="deferred")
        )
    with pytest.raises(ReadinessError, match=r"'b1' is not certified \(deferred\)"):
        issue_certificate(store, candidate="b1", as_of=AS_OF)
