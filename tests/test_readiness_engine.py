"""Behaviour of the readiness engine: rules R1–R6, the status ladder, next actions and cohort views.

Every expected value is worked out by hand in the comments next to the evidence that produces it.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest

from mtp_kit.readiness import (
    GRADE_COLUMNS,
    EvidenceStore,
    Outcome,
    ReadinessError,
    Status,
    assess_readiness,
    cohort_view,
    import_rows,
    normalised_gain,
    parse_policy,
    score_fraction,
)

POLICY = parse_policy(
    """
[programme]
id = "test"

[[assessments]]
name = "wg1-a"
rule = "R1"
topic = "cv"
sub_area = "A"
wg = 1

[[assessments]]
name = "wg2-b"
rule = "R1"
topic = "cv"
sub_area = "B"
wg = 2

[[assessments]]
name = "wg4-cases"
rule = "R2"
topic = "cv"
wg = 4

[rules.R6]
trainees_min = 2

[post_certification]
sessions_per_year = 1
refresher_every_years = 2
"""
)
AS_OF = dt.date(2025, 6, 30)
CRITERIA = POLICY.r3.criteria
MATERIALS = POLICY.r4.required


def _grades(entries):
    """entries: (candidate, assignment, cells) with cells a list of (score, max) or None for no submission."""
    rows = []
    for candidate, assignment, cells, *pending in entries:
        waiting = pending[0] if pending else 0
        for index, (score, maximum) in enumerate(cells or [(math.nan, 10.0)]):
            rows.append(
                {
                    "candidate": candidate,
                    "assignment": assignment,
                    "notebook": "nb1",
                    "cell": f"nb1-q{index + 1}-tests",
                    "score": score,
                    "max_score": maximum,
                    "late_penalty": 0.0 if cells else math.nan,
                    "needs_manual_grade": (index < waiting) if cells else pd.NA,
                    "flagged": False if cells else pd.NA,
                    "submitted": cells is not None,
                }
            )
    frame = pd.DataFrame(rows, columns=list(GRADE_COLUMNS))
    return frame.astype({"needs_manual_grade": "boolean", "flagged": "boolean", "submitted": bool})


def _candidate(cid, cohort="c1", administration="KRA", region="East Africa"):
    return {
        "candidate": cid,
        "cohort": cohort,
        "name": cid.title(),
        "administration": administration,
        "country": "X",
        "region": region,
    }


def _attend(store, cid, statuses):
    rows = [{"candidate": cid, "wg": wg, "status": status} for wg, status in enumerate(statuses, start=1)]
    import_rows(store, kind="attendance", rows=rows)


def _tasks(store, cid, *, done, total):
    rows = [{"candidate": cid, "task": f"t{i:02d}", "completed": i < done} for i in range(total)]
    import_rows(store, kind="tasks", rows=rows)


def _materials(store, cid, status="approved", **override):
    rows = [{"candidate": cid, "material": kind, "status": override.get(kind, status)} for kind in MATERIALS]
    import_rows(store, kind="materials", rows=rows)


def _rubric(store, cid, session, scores_by_assessor):
    rows = [
        {
            "candidate": cid,
            "session": session,
            "delivered_on": "2025-06-05",
            "assessor": assessor,
            "criterion": criterion,
            "score": score,
        }
        for assessor, scores in scores_by_assessor.items()
        for criterion, score in scores.items()
    ]
    import_rows(store, kind="rubric", rows=rows)


def _all(score, **override):
    return {criterion: override.get(criterion, score) for criterion in CRITERIA}


def _trainees(store, cid, session, pairs):
    rows = [
        {"candidate": cid, "session": session, "trainee": f"t{i}", "pre": pre, "post": post}
        for i, (pre, post) in enumerate(pairs)
    ]
    import_rows(store, kind="trainees", rows=rows)


def _complete_delivery(store, cid):
    _materials(store, cid)
    _attend(store, cid, ["present"] * 5)
    _tasks(store, cid, done=10, total=10)
    _rubric(store, cid, "s1", {"expert-a": _all(3), "expert-b": _all(3)})
    # class means: pre (40 + 60) / 2 = 50, post (70 + 80) / 2 = 75, gain (75 - 50) / (100 - 50) = 0.5
    _trainees(store, cid, "s1", [(40, 70), (60, 80)])


@pytest.fixture(scope="module")
def cohort():
    store = EvidenceStore.open("sqlite://")
    import_rows(store, kind="programmes", rows=[{"programme": "p", "name": "P", "topic": "cv"}])
    import_rows(
        store,
        kind="cohorts",
        rows=[
            {"cohort": "c1", "programme": "p", "name": "2025", "topic": "cv"},
            {"cohort": "c2", "programme": "p", "name": "2026", "topic": "cv"},
        ],
    )
    # c1: all five WGs held before AS_OF; c2 starts after AS_OF.
    wgs = [
        {"cohort": "c1", "wg": wg, "starts_on": f"2025-0{wg}-02", "ends_on": f"2025-0{wg}-06"}
        for wg in range(1, 6)
    ]
    wgs += [{"cohort": "c2", "wg": wg, "starts_on": f"2025-{wg + 6:02d}-07"} for wg in range(1, 6)]
    import_rows(store, kind="working_groups", rows=wgs)
    people = [
        _candidate("ready", administration="KRA"),
        _candidate("weak-b", administration="KRA"),
        _candidate("floor", administration="URA"),
        _candidate("absent", administration="URA"),
        _candidate("low-gain", administration="URA", region="East Africa"),
        _candidate("pending", administration="ZRA", region="Southern Africa"),
        _candidate("active", administration="ZRA", region="Southern Africa"),
        _candidate("due", administration="ZRA", region="Southern Africa"),
        _candidate("inactive", administration="ZRA", region="Southern Africa"),
        _candidate("newcomer", cohort="c2", administration="RRA"),
        _candidate("started", cohort="c2", administration="RRA"),
        _candidate("missed", cohort="c2", administration="RRA"),
    ]
    import_rows(store, kind="candidates", rows=people)
    for cid in ("ready", "weak-b", "floor", "low-gain", "pending", "active", "due", "inactive"):
        _complete_delivery(store, cid)

    # floor: assessor a scores time 1, assessor b time 2 -> time mean 1.5 < 2 although the session mean
    # (10 x 4 + 1 + 2) / 12 = 43 / 12 = 3.58 is above 3.
    _rubric(store, "floor", "s1", {"expert-a": _all(4, time=1), "expert-b": _all(4, time=2)})
    # absent: missed WG2 and WG3, two absences for one make-up allowed; 8 of 10 tasks = 0.8 < 0.9.
    _attend(store, "absent", ["present", "absent", "absent", "present", "present"])
    _tasks(store, "absent", done=8, total=10)
    # low-gain: pre 50 and 50, post 60 and 60 -> (60 - 50) / (100 - 50) = 0.2 < 0.3.
    _trainees(store, "low-gain", "s1", [(50, 60), (50, 60)])
    # post-certification, as of 2025-06-30 with 1 session a year and a refresher every 2 years:
    decisions = [
        # certified 2024-06-01, delivered 2025-03-01 (within 12 months), refresher due 2026-06-01 -> active
        {"candidate": "active", "decided_on": "2024-06-01", "decision": "certified"},
        # certified 2023-05-01, no refresher: due 2025-05-01, before AS_OF -> refresher due
        {"candidate": "due", "decided_on": "2023-05-01", "decision": "certified"},
        # certified 2023-09-01, refresher 2025-01-10 (next due 2027), no session since 2024-06-29 -> inactive
        {"candidate": "inactive", "decided_on": "2023-09-01", "decision": "certified"},
    ]
    import_rows(store, kind="decisions", rows=decisions)
    activity = [
        ("active", "m1", "2025-03-01"),
        ("due", "m1", "2025-02-01"),
        ("inactive", "m1", "2024-06-29"),
    ]
    import_rows(
        store,
        kind="activity",
        rows=[
            {
                "candidate": c,
                "session": s,
                "delivered_on": d,
                "topic": "cv",
                "customs": 20,
                "other_agencies": 2,
                "private_sector": 3,
            }
            for c, s, d in activity
        ],
    )
    import_rows(
        store,
        kind="refreshers",
        rows=[{"candidate": "inactive", "course": "r1", "completed_on": "2025-01-10"}],
    )
    # missed (c2, nothing held yet): absent from WG1 -> at risk until made up
    _attend(store, "missed", ["absent"])

    full = [(8.0, 10.0)]  # 8 / 10 = 0.8: exactly the R1 threshold
    grades = _grades(
        [
            ("ready", "wg1-a", full),
            ("ready", "wg2-b", full),
            # 0.7 + 0.2 is 0.8999999999999999 in binary floating point; out of 0.5 + 0.5 it must meet 0.90.
            ("ready", "wg4-cases", [(0.7, 0.5), (0.2, 0.5)]),
            # weak-b: A 10/10, B 6.5/10 -> overall 16.5/20 = 82.5% >= 80%, but B 65% < 70%
            ("weak-b", "wg1-a", [(10.0, 10.0)]),
            ("weak-b", "wg2-b", [(6.5, 10.0)]),
            ("weak-b", "wg4-cases", [(9.0, 10.0)]),
            ("pending", "wg1-a", full),
            ("pending", "wg2-b", [(0.0, 5.0), (5.0, 5.0)], 1),  # one answer waits for a grader
            ("pending", "wg4-cases", [(10.0, 10.0)]),
            ("started", "wg1-a", [(9.0, 10.0)]),
            ("started", "wg2-b", None),
            ("stranger", "wg1-a", full),
        ]
        + [
            (c, a, full if a != "wg4-cases" else [(9.0, 10.0)])
            for c in ("floor", "absent", "low-gain")
            for a in ("wg1-a", "wg2-b", "wg4-cases")
        ]
    )
    return store, assess_readiness(policy=POLICY, evidence=store.load_evidence(), grades=grades, as_of=AS_OF)


def _outcomes(readiness):
    return {r.rule: r.outcome for r in readiness.rules}


def test_a_candidate_meeting_every_rule_is_ready_for_final_assessment(cohort):
    ready = cohort[1].candidate("ready")
    assert _outcomes(ready) == dict.fromkeys(("R1", "R2", "R3", "R4", "R5", "R6"), Outcome.MET)
    assert ready.status is Status.READY
    assert ready.trainer_actions == ("put the candidate to the certification panel: R1 to R6 are met",)
    assert ready.candidate_actions == ()


def test_exactly_eighty_percent_meets_the_eighty_percent_threshold(cohort):
    r1 = cohort[1].candidate("ready").rule("R1")
    assert "overall: 16/20 = 80.0% >= 80%" in r1.evidence


def test_float_noise_in_scores_does_not_fail_a_threshold_that_is_met(cohort):
    r2 = cohort[1].candidate("ready").rule("R2")
    assert r2.outcome is Outcome.MET
    assert "applied cases: 0.9/1 = 90.0% >= 90%" in r2.evidence


def test_a_weak_sub_area_fails_knowledge_even_when_the_overall_score_passes(cohort):
    weak = cohort[1].candidate("weak-b")
    r1 = weak.rule("R1")
    assert r1.outcome is Outcome.NOT_MET
    assert "overall: 16.5/20 = 82.5% >= 80%" in r1.evidence
    assert "sub-area B: 65.0% < 70%" in r1.evidence
    assert weak.status is Status.AT_RISK
    assert "revise B and retake its assessment" in weak.candidate_actions


def test_a_criterion_mean_below_the_floor_fails_delivery_despite_a_good_overall_mean(cohort):
    r3 = cohort[1].candidate("floor").rule("R3")
    assert r3.outcome is Outcome.NOT_MET
    assert r3.evidence == ("session s1: 2 assessors, mean 3.58 >= 3 of 4; time 1.50 < 2",)
    assert "work on time before the next delivery" in r3.candidate_actions


def test_two_absences_with_one_make_up_allowed_fail_participation(cohort):
    absent = cohort[1].candidate("absent")
    r5 = absent.rule("R5")
    assert r5.outcome is Outcome.NOT_MET
    assert "attended 3 of 5 WGs; absent from WG2, WG3" in r5.evidence
    assert "intersessional tasks: 8/10 = 80.0% < 90%" in r5.evidence
    assert "complete the intersessional task t08" in absent.candidate_actions


def test_a_normalised_gain_below_the_threshold_fails_learner_gain(cohort):
    r6 = cohort[1].candidate("low-gain").rule("R6")
    assert r6.outcome is Outcome.NOT_MET
    assert r6.evidence == ("session s1: 2 trainees, normalised gain 0.20 < 0.3 (class means)",)


def test_an_answer_waiting_for_manual_grading_makes_knowledge_not_yet_assessable(cohort):
    pending = cohort[1].candidate("pending")
    assert pending.rule("R1").outcome is Outcome.NOT_YET
    assert "grade by hand the 1 answer(s) of wg2-b" in pending.trainer_actions
    assert pending.status is Status.IN_PROGRESS


def test_a_candidate_with_no_evidence_has_not_started(cohort):
    newcomer = cohort[1].candidate("newcomer")
    assert newcomer.status is Status.NOT_STARTED
    assert set(_outcomes(newcomer).values()) == {Outcome.NOT_YET}
    assert "submit wg1-a (WG1)" in newcomer.candidate_actions


def test_materials_missing_before_their_due_wg_are_not_yet_assessable_not_failed(cohort):
    started = cohort[1].candidate("started")
    assert started.rule("R4").outcome is Outcome.NOT_YET
    assert started.rule("R1").evidence[:2] == ("wg1-a: 9/10 = 90.0%", "wg2-b (WG2): not submitted")
    assert started.status is Status.IN_PROGRESS


def test_materials_still_missing_after_their_due_wg_fail(cohort):
    store, _ = cohort
    # The 'ready' candidate of c1 (WG4 held) with its slides sent back to draft.
    evidence = store.load_evidence()
    evidence.materials.loc[
        (evidence.materials.candidate_id == "ready") & (evidence.materials.kind == "slides"), "status"
    ] = "draft"
    again = assess_readiness(policy=POLICY, evidence=evidence, grades=_grades([]), as_of=AS_OF).candidate(
        "ready"
    )
    r4 = again.rule("R4")
    assert r4.outcome is Outcome.NOT_MET
    assert r4.evidence[-1] == "due by WG4, which has been held"
    assert "finish the slides and send it for peer review" in again.candidate_actions


def test_an_absence_that_can_still_be_made_up_puts_the_candidate_at_risk(cohort):
    missed = cohort[1].candidate("missed")
    assert missed.rule("R5").outcome is Outcome.NOT_YET
    assert missed.rule("R5").at_risk
    assert missed.status is Status.AT_RISK
    assert "arrange a make-up for WG1" in missed.trainer_actions


def test_a_certified_trainer_who_delivered_this_year_is_active(cohort):
    active = cohort[1].candidate("active")
    assert active.status is Status.ACTIVE
    assert "1 session(s) delivered in the last 12 months, 25 people trained" in active.notes
    assert "refresher due on 2026-06-01" in active.notes


def test_a_certified_trainer_past_the_refresher_period_has_a_refresher_due(cohort):
    due = cohort[1].candidate("due")
    assert due.status is Status.REFRESHER_DUE
    assert due.candidate_actions == ("attend a refresher course",)
    assert any("not documented" in note for note in due.notes)


def test_a_certified_trainer_with_no_session_in_a_year_is_inactive(cohort):
    assert cohort[1].candidate("inactive").status is Status.INACTIVE


def test_without_post_certification_requirements_a_certified_candidate_stays_certified(cohort):
    store, _ = cohort
    policy = parse_policy('[programme]\nid = "p"\n')
    report = assess_readiness(
        policy=policy, evidence=store.load_evidence(), grades=_grades([]), as_of=dt.date(2027, 1, 1)
    )
    assert report.candidate("due").status is Status.CERTIFIED  # no session since 2025-02-01, no requirement


def test_gradebook_students_who_are_not_candidates_are_counted_in_the_notes(cohort):
    assert "1 gradebook student(s) are not candidates in the evidence store" in cohort[1].notes


def test_cohort_view_counts_statuses_by_administration(cohort):
    view = cohort_view(cohort[1], by="administration")
    assert view.loc["KRA", "candidates"] == 2
    assert view.loc["KRA", "ready for final assessment"] == 1
    assert view.loc["KRA", "at risk"] == 1
    assert view.loc[
        "ZRA", ["in progress", "active Master Trainer", "refresher due", "inactive"]
    ].tolist() == [1, 1, 1, 1]
    assert view.loc["ZRA", "ready_or_certified"] == 3
    assert view.loc["RRA", "R1_met"] == 0.0


def test_cohort_view_by_region_covers_every_candidate(cohort):
    view = cohort_view(cohort[1], by="region")
    assert view["candidates"].to_dict() == {"East Africa": 8, "Southern Africa": 4}


def test_cohort_view_refuses_an_unknown_grouping(cohort):
    with pytest.raises(ReadinessError, match="'district' is not a grouping"):
        cohort_view(cohort[1], by="district")


def test_the_report_frame_has_one_row_per_candidate_with_each_rule(cohort):
    frame = cohort[1].to_frame()
    assert len(frame) == 12
    ready = frame.set_index("candidate").loc["ready"]
    assert ready["status"] == "ready for final assessment"
    assert ready[["R1", "R2", "R3", "R4", "R5", "R6"]].tolist() == ["met"] * 6


def test_one_assessor_is_not_enough_to_assess_a_delivery():
    store = EvidenceStore.open("sqlite://")
    import_rows(store, kind="programmes", rows=[{"programme": "p", "name": "P", "topic": "cv"}])
    import_rows(store, kind="cohorts", rows=[{"cohort": "c1", "programme": "p", "name": "n", "topic": "cv"}])
    import_rows(store, kind="candidates", rows=[_candidate("solo")])
    _rubric(store, "solo", "s1", {"expert-a": _all(4)})
    result = assess_readiness(policy=POLICY, evidence=store.load_evidence(), grades=_grades([]), as_of=AS_OF)
    r3 = result.candidate("solo").rule("R3")
    assert r3.outcome is Outcome.NOT_YET
    assert "obtain 1 more assessor rubric(s) for session s1" in r3.trainer_actions


# ------------------------------------------------------------------------------------------ exact numbers


def test_normalised_gain_on_class_means_is_hakes_gain():
    # pre mean (20 + 40 + 60) / 3 = 40, post mean (50 + 70 + 90) / 3 = 70: (70 - 40) / (100 - 40) = 1/2
    assert normalised_gain(pre=[20, 40, 60], post=[50, 70, 90]) == Fraction(1, 2)


def test_per_trainee_gain_can_differ_from_the_gain_on_means():
    # trainee gains: (60 - 0) / 100 = 0.6 and (95 - 90) / 10 = 0.5, mean 0.55;
    # on means: pre 45, post 77.5 -> 32.5 / 55 = 13/22 = 0.5909...
    assert normalised_gain(pre=[0, 90], post=[60, 95], method="trainee_mean") == Fraction(11, 20)
    assert normalised_gain(pre=[0, 90], post=[60, 95]) == Fraction(13, 22)


def test_per_trainee_gain_leaves_out_trainees_who_scored_full_marks_before():
    # (100 - 100) / (100 - 100) is undefined: only the second trainee counts, (80 - 50) / 50 = 0.6
    assert normalised_gain(pre=[100, 50], post=[100, 80], method="trainee_mean") == Fraction(3, 5)


def test_a_gain_exactly_at_the_threshold_meets_it():
    # pre 40, post 58: 18 / 60 = 0.3 exactly
    assert normalised_gain(pre=[Decimal("40")], post=[Decimal("58")]) >= Fraction(POLICY.r6.gain_min)


def test_scores_are_rounded_to_a_millionth_of_a_point_before_comparison():
    assert score_fraction(0.7 + 0.2) == Fraction(9, 10)
    assert score_fraction(7.9999994) == Fraction(7999999, 1000000)


# ------------------------------------------------------------------------------------------ policy switches

ONE_TEST = '[programme]\nid = "p"\n[[assessments]]\nname = "wg1-a"\nrule = "R1"\ntopic = "cv"\n'


def _single_candidate_store():
    store = EvidenceStore.open("sqlite://")
    import_rows(store, kind="programmes", rows=[{"programme": "p", "name": "P", "topic": "cv"}])
    import_rows(store, kind="cohorts", rows=[{"cohort": "c1", "programme": "p", "name": "n", "topic": "cv"}])
    import_rows(store, kind="candidates", rows=[_candidate("late")])
    return store


def test_the_late_penalty_is_subtracted_unless_the_policy_says_otherwise():
    store = _single_candidate_store()
    grades = _grades([("late", "wg1-a", [(8.5, 10.0)])])
    grades["late_penalty"] = 1.0
    evidence = store.load_evidence()
    # 8.5 - 1 = 7.5 out of 10 = 75% < 80%; without the penalty 85% >= 80%
    with_penalty = assess_readiness(
        policy=parse_policy(ONE_TEST), evidence=evidence, grades=grades, as_of=AS_OF
    )
    without = assess_readiness(
        policy=parse_policy(ONE_TEST + "[scoring]\napply_late_penalty = false\n"),
        evidence=evidence,
        grades=grades,
        as_of=AS_OF,
    )
    assert with_penalty.candidate("late").rule("R1").outcome is Outcome.NOT_MET
    assert "overall: 7.5/10 = 75.0% < 80%" in with_penalty.candidate("late").rule("R1").evidence
    assert without.candidate("late").rule("R1").outcome is Outcome.MET


def test_the_policy_can_average_each_trainees_gain_instead():
    store = _single_candidate_store()
    _rubric(store, "late", "s1", {"expert-a": _all(3)})
    # trainees (pre, post): (0, 60) gains 0.6 and (90, 91) gains 0.1 -> mean 0.35 >= 0.3;
    # on class means: pre 45, post 75.5 -> 30.5 / 55 = 0.5545...
    _trainees(store, "late", "s1", [(0, 60), (90, 91)])
    policy = parse_policy(ONE_TEST + '[rules.R6]\nmethod = "trainee_mean"\ntrainees_min = 2\n')
    report = assess_readiness(policy=policy, evidence=store.load_evidence(), grades=_grades([]), as_of=AS_OF)
    assert report.candidate("late").rule("R6").evidence == (
        "session s1: 2 trainees, normalised gain 0.35 >= 0.3 (trainee mean)",
    )


def test_too_few_trainees_leave_learner_gain_not_yet_assessable():
    store = _single_candidate_store()
    _rubric(store, "late", "s1", {"expert-a": _all(3)})
    _trainees(store, "late", "s1", [(40, 90)])
    report = assess_readiness(
        policy=parse_policy(ONE_TEST), evidence=store.load_evidence(), grades=_grades([]), as_of=AS_OF
    )
    r6 = report.candidate("late").rule("R6")
    assert r6.outcome is Outcome.NOT_YET
    assert r6.evidence == ("session s1: 1 trainee, fewer than the 5 needed",)


def test_readiness_runs_on_a_gradebook_read_from_disk(tmp_path):
    from mtp_kit.readiness import build_synthetic_gradebook, read_gradebook

    build_synthetic_gradebook(
        tmp_path / "g.db",
        candidates=6,
        assignments=1,
        notebooks=1,
        cells=2,
        submit_rate=0.5,
        seed=2,
        assignment_names=("wg1-a",),
    )
    grades = read_gradebook(tmp_path / "g.db")
    store = EvidenceStore.open(tmp_path / "e.db")
    import_rows(store, kind="programmes", rows=[{"programme": "p", "name": "P", "topic": "cv"}])
    import_rows(store, kind="cohorts", rows=[{"cohort": "c1", "programme": "p", "name": "n", "topic": "cv"}])
    import_rows(store, kind="candidates", rows=[_candidate(f"c{i:04d}") for i in range(1, 7)])
    report = assess_readiness(
        policy=parse_policy(ONE_TEST), evidence=store.load_evidence(), grades=grades, as_of=AS_OF
    )
    submitted = set(grades.loc[grades.submitted, "candidate"])
    for readiness in report.candidates:
        not_submitted = "wg1-a: not submitted" in readiness.rule("R1").evidence
        assert not_submitted == (readiness.candidate not in submitted), readiness.candidate


def test_sub_areas_can_be_mapped_cell_by_cell_within_one_post_test():
    store = _single_candidate_store()
    policy = parse_policy(
        '[programme]\nid = "p"\n[[assessments]]\nname = "wg4-post"\nrule = "R1"\ntopic = "cv"\n'
        'sub_area = "transaction value"\n[assessments.cell_sub_areas]\n"nb1-q3-tests" = "article 8"\n'
    )
    # q1 6/6 and q2 6/6 are transaction value, q3 2/3 is article 8, and a late penalty of 1 on the notebook:
    # overall (14 - 1) / 15 = 86.7% >= 80%; transaction value 12/12 = 100%; article 8 2/3 = 66.7% < 70%
    # (sub-areas count the points before the penalty).
    grades = _grades([("late", "wg4-post", [(6.0, 6.0), (6.0, 6.0), (2.0, 3.0)])])
    grades["late_penalty"] = 1.0
    report = assess_readiness(policy=policy, evidence=store.load_evidence(), grades=grades, as_of=AS_OF)
    r1 = report.candidate("late").rule("R1")
    assert r1.outcome is Outcome.NOT_MET
    assert r1.evidence[1:] == (
        "overall: 13/15 = 86.7% >= 80%",
        "sub-area article 8: 66.7% < 70%",
        "sub-area transaction value: 100.0% >= 70%",
    )
    assert "revise article 8 and retake its assessment" in report.candidate("late").candidate_actions
