"""The readiness engine: apply a programme's policy to the evidence and say where each candidate stands.

For every candidate, each rule R1–R6 is **met**, **not met** or **not yet assessable**, with the evidence
behind it in words; a rule that cannot be decided yet but is below its threshold on the evidence so far is
marked ``at_risk``. The rules give a status on the ladder

    not started → in progress → at risk → ready for final assessment → certified → active Master Trainer
    → refresher due or inactive

and the next actions, one list for the candidate and one for the trainer. "Ready for final assessment" means
every rule is met and the candidate goes to the certification panel: the decision stays with the programme and
is recorded as evidence. The post-certification steps are used only when the policy states requirements, which
the programme has not documented (see :class:`~mtp_kit.readiness.PostCertification`).

**Exact comparisons.** Every threshold test is done in exact rational arithmetic (integers and
:class:`fractions.Fraction`), never in binary floating point: thresholds come from the policy as decimals,
trainees' percentages from the store as decimals, rubric scores are integers, and nbgrader's float scores are
first rounded to whole millionths of a point (no assessment has finer marks, and it turns the binary noise of
``0.7 + 0.2 = 0.8999999999999999`` back into ``0.9``). A ratio meets a threshold when
``score × denominator >= numerator × maximum`` holds exactly, threshold = numerator / denominator, so 8 out of
10 meets 0.80 and 7.999999 out of 10 does not. Percentages in the evidence text are rounded half-up for display
only and never compared.

**Learning gain (R6)** is by default Hake's normalised gain on the class means,
``g = (mean post − mean pre) / (100 − mean pre)``: Hake (1998) defined the gain, and its 0.3 "medium gain"
band, on class averages; it stays defined when a trainee scores 100 on the pre-test (a per-trainee gain
divides by zero there); and one strong or weak trainee moves it less in the small groups a candidate teaches. ``method = "trainee_mean"`` in the
policy averages the trainees' own gains instead, leaving out those with a pre-test of 100.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mtp_kit.readiness._errors import ReadinessError
from mtp_kit.readiness._gradebook import candidate_totals
from mtp_kit.readiness._policy import Policy

if TYPE_CHECKING:
    import pandas as pd

    from mtp_kit.readiness._store import Evidence

__all__ = [
    "CandidateReadiness",
    "Outcome",
    "ReadinessReport",
    "RuleResult",
    "Status",
    "assess_readiness",
    "cohort_view",
    "normalised_gain",
    "score_fraction",
]

RULE_TITLES = {
    "R1": "knowledge",
    "R2": "applied accuracy",
    "R3": "training delivery",
    "R4": "training materials",
    "R5": "participation",
    "R6": "learner gain",
}


class Outcome(enum.Enum):
    """Where a rule stands for one candidate."""

    MET = "met"
    NOT_MET = "not met"
    NOT_YET = "not yet assessable"


class Status(enum.Enum):
    """A candidate's place on the certification ladder, in ladder order."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    AT_RISK = "at risk"
    READY = "ready for final assessment"
    CERTIFIED = "certified"
    ACTIVE = "active Master Trainer"
    REFRESHER_DUE = "refresher due"
    INACTIVE = "inactive"


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleResult:
    """One rule for one candidate: the outcome, the evidence in words, and what to do about it."""

    rule: str
    outcome: Outcome
    evidence: tuple[str, ...]
    at_risk: bool = False
    candidate_actions: tuple[str, ...] = ()
    trainer_actions: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The rule's short name, e.g. "knowledge" for R1."""
        return RULE_TITLES[self.rule]


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateReadiness:
    """Everything the engine concluded about one candidate."""

    candidate: str
    name: str
    administration: str
    country: str
    region: str
    cohort: str
    status: Status
    rules: tuple[RuleResult, ...]
    candidate_actions: tuple[str, ...]
    trainer_actions: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def rule(self, code: str) -> RuleResult:
        """The result of one rule, by its code ("R1" … "R6")."""
        for result in self.rules:
            if result.rule == code:
                return result
        raise ReadinessError(f"{code!r} is not a rule; expected one of {', '.join(RULE_TITLES)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadinessReport:
    """The readiness of every candidate of a store (or cohort) on one date, under one policy."""

    policy: Policy
    as_of: dt.date
    candidates: tuple[CandidateReadiness, ...]
    notes: tuple[str, ...] = ()

    def candidate(self, candidate_id: str) -> CandidateReadiness:
        """One candidate's readiness, by nbgrader student id."""
        for readiness in self.candidates:
            if readiness.candidate == candidate_id:
                return readiness
        raise ReadinessError(f"{candidate_id!r} is not a candidate of this report")

    def to_frame(self) -> pd.DataFrame:
        """One row per candidate: who, status, each rule's outcome, and the first next action of each side."""
        import pandas as pd

        rows = []
        for c in self.candidates:
            row: dict[str, Any] = {
                "candidate": c.candidate,
                "name": c.name,
                "cohort": c.cohort,
                "administration": c.administration,
                "country": c.country,
                "region": c.region,
                "status": c.status.value,
            }
            row |= {r.rule: r.outcome.value for r in c.rules}
            row["at_risk_rules"] = ", ".join(
                r.rule for r in c.rules if r.at_risk or r.outcome is Outcome.NOT_MET
            )
            row["next_candidate_action"] = c.candidate_actions[0] if c.candidate_actions else ""
            row["next_trainer_action"] = c.trainer_actions[0] if c.trainer_actions else ""
            rows.append(row)
        columns = [
            "candidate",
            "name",
            "cohort",
            "administration",
            "country",
            "region",
            "status",
            *RULE_TITLES,
            "at_risk_rules",
            "next_candidate_action",
            "next_trainer_action",
        ]
        return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------------------------------- numbers


def score_fraction(value: float | Decimal | int) -> Fraction:
    """An nbgrader score (a float) as an exact fraction, rounded to a millionth of a point first.

    >>> score_fraction(0.1 + 0.2), score_fraction(7.9999999999)
    (Fraction(3, 10), Fraction(8, 1))
    """
    if isinstance(value, float):
        return Fraction(round(value * _MICRO), _MICRO)
    return Fraction(value)


_MICRO = 1_000_000


@lru_cache(maxsize=64)
def _fraction(threshold: Decimal) -> Fraction:
    return Fraction(threshold)


def _meets(score: Fraction | int, maximum: Fraction | int, threshold: Decimal) -> bool:
    # Exact: score / maximum >= threshold  <=>  score x denominator >= numerator x maximum (maximum > 0).
    t = _fraction(threshold)
    return score * t.denominator >= t.numerator * maximum


def _percent(score: Fraction | int, maximum: Fraction | int) -> str:
    """score / maximum as a percentage with one decimal, rounded half-up, for display only."""
    if maximum == 0:
        return "n/a"
    if isinstance(score, int) and isinstance(maximum, int) and score >= 0 and maximum > 0:
        tenths = (2000 * score + maximum) // (2 * maximum)  # 1000 x ratio, rounded half-up, in integers
        return f"{tenths // 10}.{tenths % 10}%"
    ratio = Fraction(score) * 100 / Fraction(maximum)
    value = Decimal(ratio.numerator) / Decimal(ratio.denominator)
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _points(micro: int) -> str:
    """Whole millionths of a point shown as points, without trailing zeros (16500000 -> '16.5')."""
    text = f"{Decimal(micro).scaleb(-6):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _threshold_percent(threshold: Decimal) -> str:
    return f"{(threshold * 100).normalize():f}%"


def _two_decimals(value: Fraction) -> str:
    shown = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return f"{shown}"


def normalised_gain(
    *, pre: Iterable[Decimal | int | str], post: Iterable[Decimal | int | str], method: str = "class_means"
) -> Fraction | None:
    """The normalised learning gain of a group of trainees (percentages 0–100), exactly; None if undefined.

    ``class_means`` (Hake): (mean post − mean pre) / (100 − mean pre). ``trainee_mean``: the mean of each
    trainee's (post − pre) / (100 − pre), leaving out trainees whose pre-test is 100.

    >>> normalised_gain(pre=[40, 60], post=[70, 80])   # means 50 → 75: 25 / 50
    Fraction(1, 2)
    >>> normalised_gain(pre=[40, 60], post=[70, 80], method="trainee_mean")  # (30/60 + 20/40) / 2
    Fraction(1, 2)
    >>> normalised_gain(pre=[100], post=[100]) is None
    True
    """
    pairs = [(_decimal(a), _decimal(b)) for a, b in zip(pre, post, strict=True)]
    if not pairs:
        return None
    if method == "class_means":
        # Decimal sums of percentages are exact; only the two totals become fractions.
        total_pre = Fraction(sum(p for p, _ in pairs))
        room = 100 * len(pairs) - total_pre
        return None if room == 0 else (Fraction(sum(q for _, q in pairs)) - total_pre) / room
    if method == "trainee_mean":
        gains = [Fraction(q - p) / Fraction(100 - p) for p, q in pairs if p != 100]
        return sum(gains, Fraction(0)) / len(gains) if gains else None
    raise ReadinessError(
        f"{method!r} is not a learning-gain method; expected 'class_means' or 'trainee_mean'"
    )


# ---------------------------------------------------------------------------------------------------- evidence


def _decimal(value: Decimal | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True, slots=True)
class _Assignment:
    """One candidate's submission of one assessment; points are whole millionths (see score_fraction)."""

    submitted: bool
    pending: int
    score: int
    maximum: int
    areas: tuple[tuple[str, int, int], ...] = ()  # R1 sub-area, points before the late penalty, maximum


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    # Column lists zipped into dicts: several times faster than DataFrame.to_dict("records").
    columns = [str(c) for c in frame.columns]
    values = [frame[c].tolist() for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _by_candidate(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in _records(frame):
        grouped[record["candidate_id"]].append(record)
    return grouped


def _gradebook_assignments(grades: pd.DataFrame, policy: Policy) -> dict[tuple[str, str], _Assignment]:
    import numpy as np

    names = {a.name for a in policy.assessments}
    relevant = grades[grades["assignment"].isin(names)]
    if relevant.empty:
        return {}
    totals = candidate_totals(relevant)
    pending = (
        relevant[relevant["needs_manual_grade"].fillna(False).astype(bool)]
        .groupby(["candidate", "assignment"], observed=True)
        .size()
        .to_dict()
    )
    areas = _sub_area_points(relevant, policy)
    score_column = "score" if policy.apply_late_penalty else "raw_score"
    # Whole millionths of a point, rounded like score_fraction, computed for every row at once.
    scores = (
        np.rint(totals[score_column].fillna(0.0).to_numpy(dtype=float) * _MICRO).astype(np.int64).tolist()
    )
    maxima = np.rint(totals["max_score"].to_numpy(dtype=float) * _MICRO).astype(np.int64).tolist()
    result = {}
    for candidate, assignment, score, maximum, submitted in zip(
        totals["candidate"].astype(str).tolist(),
        totals["assignment"].astype(str).tolist(),
        scores,
        maxima,
        totals["submitted"].tolist(),
        strict=True,
    ):
        result[candidate, assignment] = _Assignment(
            submitted=bool(submitted),
            pending=int(pending.get((candidate, assignment), 0)),
            score=score if submitted else 0,
            maximum=maximum,
            areas=areas.get((candidate, assignment), ()),
        )
    return result


def _sub_area_points(
    relevant: pd.DataFrame, policy: Policy
) -> dict[tuple[str, str], tuple[tuple[str, int, int], ...]]:
    """Per candidate and R1 assessment: points and maximum of each sub-area, in whole millionths."""
    import numpy as np

    knowledge = {a.name: a for a in policy.assessments_for("R1")}
    rows = relevant[relevant["submitted"] & relevant["assignment"].isin(list(knowledge))]
    if rows.empty:
        return {}
    pairs = rows[["assignment", "cell"]].drop_duplicates()
    area_of = {
        (a, c): knowledge[a].sub_area_of(c)
        for a, c in zip(
            pairs["assignment"].astype(str).tolist(), pairs["cell"].astype(str).tolist(), strict=True
        )
    }
    keys = rows["assignment"].astype(str) + "\x1f" + rows["cell"].astype(str)
    area = keys.map({f"{a}\x1f{c}": v for (a, c), v in area_of.items()})
    sums = (
        rows.assign(area=area, score=rows["score"].fillna(0.0))
        .groupby(["candidate", "assignment", "area"], observed=True)[["score", "max_score"]]
        .sum()
        .reset_index()
    )
    points = np.rint(sums["score"].to_numpy(dtype=float) * _MICRO).astype(np.int64).tolist()
    maxima = np.rint(sums["max_score"].to_numpy(dtype=float) * _MICRO).astype(np.int64).tolist()
    result: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for candidate, assignment, name, p, m in zip(
        sums["candidate"].astype(str).tolist(),
        sums["assignment"].astype(str).tolist(),
        sums["area"].astype(str).tolist(),
        points,
        maxima,
        strict=True,
    ):
        result[candidate, assignment].append((name, p, m))
    return {key: tuple(value) for key, value in result.items()}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    policy: Policy
    as_of: dt.date
    assignments: Mapping[tuple[str, str], _Assignment]
    held: Mapping[str, frozenset[int]]  # cohort -> WGs held by as_of


def _wg(assessment_wg: int | None) -> str:
    return "" if assessment_wg is None else f" (WG{assessment_wg})"


# ---------------------------------------------------------------------------------------------------- R1, R2


def _assess_scores(candidate: str, rule: str, ctx: _Context) -> RuleResult:
    policy = ctx.policy
    mapped = policy.assessments_for(rule)
    if not mapped:
        return RuleResult(
            rule=rule,
            outcome=Outcome.NOT_YET,
            evidence=(f"the policy maps no assessment to {rule}",),
            trainer_actions=(f"map the {RULE_TITLES[rule]} assessments to {rule} in the policy file",),
        )
    evidence, candidate_actions, trainer_actions = [], [], []
    missing, pending = [], []
    done: list[_Assignment] = []
    for assessment in mapped:
        record = ctx.assignments.get((candidate, assessment.name))
        if record is None or not record.submitted:
            missing.append(assessment)
            evidence.append(f"{assessment.name}{_wg(assessment.wg)}: not submitted")
            candidate_actions.append(f"submit {assessment.name}{_wg(assessment.wg)}")
        elif record.pending:
            pending.append(assessment)
            evidence.append(f"{assessment.name}: {record.pending} answer(s) waiting for manual grading")
            trainer_actions.append(f"grade by hand the {record.pending} answer(s) of {assessment.name}")
        else:
            done.append(record)
            evidence.append(
                f"{assessment.name}: {_points(record.score)}/{_points(record.maximum)} = "
                f"{_percent(record.score, record.maximum)}"
            )
    score = sum(r.score for r in done)
    maximum = sum(r.maximum for r in done)
    overall_min = policy.r1.overall_min if rule == "R1" else policy.r2.min
    below = []
    if done:
        ok = _meets(score, maximum, overall_min)
        relation = ">=" if ok else "<"
        evidence.append(
            f"{'overall' if rule == 'R1' else 'applied cases'}: {_points(score)}/{_points(maximum)} = "
            f"{_percent(score, maximum)} {relation} {_threshold_percent(overall_min)}"
        )
        if not ok:
            below.append(f"overall {_percent(score, maximum)}")
    if rule == "R1" and done:
        areas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for record in done:
            for area, points, most in record.areas:
                areas[area][0] += points
                areas[area][1] += most
        for area, (s, m) in sorted(areas.items()):
            ok = _meets(s, m, policy.r1.sub_area_min)
            evidence.append(
                f"sub-area {area}: {_percent(s, m)} {'>=' if ok else '<'} {_threshold_percent(policy.r1.sub_area_min)}"
            )
            if not ok:
                below.append(f"sub-area {area} {_percent(s, m)}")
                candidate_actions.append(f"revise {area} and retake its assessment")
    if missing or pending:
        return RuleResult(
            rule=rule,
            outcome=Outcome.NOT_YET,
            evidence=tuple(evidence),
            at_risk=bool(below),
            candidate_actions=tuple(candidate_actions),
            trainer_actions=tuple(trainer_actions),
        )
    if below:
        if rule == "R2":
            candidate_actions.append("practise unseen cases and retake the applied assessment")
        trainer_actions.append(f"arrange a retake for {', '.join(below)}")
        return RuleResult(
            rule=rule,
            outcome=Outcome.NOT_MET,
            evidence=tuple(evidence),
            candidate_actions=tuple(candidate_actions),
            trainer_actions=tuple(trainer_actions),
        )
    return RuleResult(rule=rule, outcome=Outcome.MET, evidence=tuple(evidence))


# ---------------------------------------------------------------------------------------------------- R3


def _assess_delivery(rubric: list[dict[str, Any]], ctx: _Context) -> RuleResult:
    rule = ctx.policy.r3
    criteria = set(rule.criteria)
    sessions: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in rubric:
        if row["criterion"] in criteria:
            sessions[row["session"]][row["assessor"]][row["criterion"]] = int(row["score"])
    if not sessions:
        return RuleResult(
            rule="R3",
            outcome=Outcome.NOT_YET,
            evidence=("no delivery assessed yet",),
            candidate_actions=("deliver a full training session to real trainees",),
            trainer_actions=(f"schedule the candidate's delivery with {rule.assessors_min} assessors",),
        )
    evidence, candidate_actions, trainer_actions = [], [], []
    passed = failed = incomplete = 0
    for session, assessors in sorted(sessions.items()):
        complete = {a: scores for a, scores in assessors.items() if set(scores) == criteria}
        for assessor, scores in sorted(assessors.items()):
            if assessor not in complete:
                gaps = ", ".join(sorted(criteria - set(scores)))
                trainer_actions.append(f"complete {assessor}'s rubric for session {session} (missing {gaps})")
        if len(complete) < rule.assessors_min:
            incomplete += 1
            evidence.append(
                f"session {session}: {len(complete)} complete rubric(s) of {rule.assessors_min} needed"
            )
            trainer_actions.append(
                f"obtain {rule.assessors_min - len(complete)} more assessor rubric(s) for session {session}"
            )
            continue
        # Means compared exactly in integers: sum >= minimum x count.
        all_scores = [s for scores in complete.values() for s in scores.values()]
        weak = []
        for criterion in rule.criteria:
            values = [scores[criterion] for scores in complete.values()]
            if not _meets(sum(values), len(values), rule.criterion_min):
                weak.append((criterion, Fraction(sum(values), len(values))))
        mean_ok = _meets(sum(all_scores), len(all_scores), rule.mean_min)
        evidence.append(
            f"session {session}: {len(complete)} assessors, "
            f"mean {_two_decimals(Fraction(sum(all_scores), len(all_scores)))} "
            f"{'>=' if mean_ok else '<'} {rule.mean_min} of {rule.scale_max}"
            + "".join(f"; {c} {_two_decimals(m)} < {rule.criterion_min}" for c, m in weak)
        )
        if mean_ok and not weak:
            passed += 1
        else:
            failed += 1
            for criterion, _ in weak:
                candidate_actions.append(f"work on {criterion.replace('_', ' ')} before the next delivery")
    if passed >= rule.sessions_min:
        return RuleResult(rule="R3", outcome=Outcome.MET, evidence=tuple(evidence))
    if failed and not incomplete:
        candidate_actions.append("deliver another full session")
        trainer_actions.append("schedule another assessed delivery")
        return RuleResult(
            rule="R3",
            outcome=Outcome.NOT_MET,
            evidence=tuple(evidence),
            candidate_actions=tuple(candidate_actions),
            trainer_actions=tuple(trainer_actions),
        )
    if not failed and not incomplete:
        candidate_actions.append(f"deliver {rule.sessions_min - passed} more assessed session(s)")
    return RuleResult(
        rule="R3",
        outcome=Outcome.NOT_YET,
        evidence=tuple(evidence),
        at_risk=bool(failed),
        candidate_actions=tuple(candidate_actions),
        trainer_actions=tuple(trainer_actions),
    )


# ---------------------------------------------------------------------------------------------------- R4


def _assess_materials(materials: list[dict[str, Any]], cohort: str, ctx: _Context) -> RuleResult:
    rule = ctx.policy.r4
    status = {row["kind"]: row["status"] for row in materials}
    evidence, candidate_actions, trainer_actions = [], [], []
    for kind in rule.required:
        state = status.get(kind, "missing")
        evidence.append(f"{kind.replace('_', ' ')}: {state}")
        if state in ("missing", "draft"):
            candidate_actions.append(f"finish the {kind.replace('_', ' ')} and send it for peer review")
        elif state == "reviewed":
            trainer_actions.append(f"approve the {kind.replace('_', ' ')} or return it with comments")
    if not candidate_actions and not trainer_actions:
        return RuleResult(rule="R4", outcome=Outcome.MET, evidence=tuple(evidence))
    overdue = rule.due_wg in ctx.held.get(cohort, frozenset())
    if overdue:
        evidence.append(f"due by WG{rule.due_wg}, which has been held")
    return RuleResult(
        rule="R4",
        outcome=Outcome.NOT_MET if overdue else Outcome.NOT_YET,
        evidence=tuple(evidence),
        candidate_actions=tuple(candidate_actions),
        trainer_actions=tuple(trainer_actions),
    )


# ---------------------------------------------------------------------------------------------------- R5


def _assess_participation(
    attendance: list[dict[str, Any]], tasks: list[dict[str, Any]], cohort: str, ctx: _Context
) -> RuleResult:
    rule = ctx.policy.r5
    held = ctx.held.get(cohort, frozenset())
    status = {int(row["wg"]): row["status"] for row in attendance}
    evidence, candidate_actions, trainer_actions = [], [], []
    make_ups = sum(1 for s in status.values() if s == "make_up")
    absences = sorted(wg for wg, s in status.items() if s == "absent")
    attended = sorted(wg for wg, s in status.items() if s in ("present", "make_up"))
    unrecorded = sorted(wg for wg in held if wg not in status and wg <= rule.working_groups)
    evidence.append(
        f"attended {len(attended)} of {rule.working_groups} WGs"
        + (f" ({make_ups} by make-up)" if make_ups else "")
        + (f"; absent from WG{', WG'.join(map(str, absences))}" if absences else "")
    )
    for wg in unrecorded:
        trainer_actions.append(f"record attendance at WG{wg}")
    for wg in absences:
        candidate_actions.append(f"attend a make-up for WG{wg}")
        trainer_actions.append(f"arrange a make-up for WG{wg}")
    attendance_failed = make_ups + len(absences) > rule.make_ups_allowed
    if attendance_failed:
        evidence.append(f"{make_ups + len(absences)} absences for {rule.make_ups_allowed} make-up(s) allowed")
    attendance_met = len(attended) >= rule.working_groups and make_ups <= rule.make_ups_allowed
    assigned = len(tasks)
    completed = sum(1 for row in tasks if row["completed"])
    tasks_ok = assigned > 0 and _meets(Fraction(completed), Fraction(assigned), rule.tasks_min)
    if assigned:
        evidence.append(
            f"intersessional tasks: {completed}/{assigned} = {_percent(Fraction(completed), Fraction(assigned))} "
            f"{'>=' if tasks_ok else '<'} {_threshold_percent(rule.tasks_min)}"
        )
        for row in sorted(tasks, key=lambda r: r["task"]):
            if not row["completed"]:
                candidate_actions.append(f"complete the intersessional task {row['task']}")
    else:
        evidence.append("no intersessional task recorded")
        trainer_actions.append("record the intersessional tasks")
    all_held = all(wg in held for wg in range(1, rule.working_groups + 1))
    if attendance_met and tasks_ok:
        outcome = Outcome.MET
    elif attendance_failed or (all_held and (not attendance_met or (assigned and not tasks_ok))):
        outcome = Outcome.NOT_MET
    else:
        outcome = Outcome.NOT_YET
    return RuleResult(
        rule="R5",
        outcome=outcome,
        evidence=tuple(evidence),
        at_risk=outcome is Outcome.NOT_YET and (bool(absences) or (assigned > 0 and not tasks_ok)),
        candidate_actions=tuple(candidate_actions),
        trainer_actions=tuple(trainer_actions),
    )


# ---------------------------------------------------------------------------------------------------- R6


def _assess_gain(trainees: list[dict[str, Any]], ctx: _Context) -> RuleResult:
    rule = ctx.policy.r6
    sessions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in trainees:
        sessions[row["session"]].append(row)
    if not sessions:
        return RuleResult(
            rule="R6",
            outcome=Outcome.NOT_YET,
            evidence=("no trainee pre/post results recorded",),
            candidate_actions=("give the pre-test and post-test in the delivered session",),
            trainer_actions=("record the trainees' pre/post results of the delivered session",),
        )
    evidence, trainer_actions = [], []
    qualifying = met = 0
    for session, rows in sorted(sessions.items()):
        gain = normalised_gain(
            pre=[r["pre"] for r in rows], post=[r["post"] for r in rows], method=rule.method
        )
        if len(rows) < rule.trainees_min:
            evidence.append(
                f"session {session}: {_count(len(rows), 'trainee')}, fewer than the {rule.trainees_min} needed"
            )
            trainer_actions.append(
                f"record the results of at least {rule.trainees_min} trainees for session {session}"
            )
            continue
        if gain is None:
            evidence.append(f"session {session}: gain undefined (every pre-test at 100%)")
            continue
        qualifying += 1
        ok = gain >= Fraction(rule.gain_min)
        met += ok
        evidence.append(
            f"session {session}: {_count(len(rows), 'trainee')}, normalised gain {_two_decimals(gain)} "
            f"{'>=' if ok else '<'} {rule.gain_min} ({rule.method.replace('_', ' ')})"
        )
    if met:
        return RuleResult(rule="R6", outcome=Outcome.MET, evidence=tuple(evidence))
    if qualifying:
        return RuleResult(
            rule="R6",
            outcome=Outcome.NOT_MET,
            evidence=tuple(evidence),
            candidate_actions=("rework the session's exercises and checks of learning, then deliver again",),
            trainer_actions=("review the session design with the candidate before the next delivery",),
        )
    return RuleResult(
        rule="R6", outcome=Outcome.NOT_YET, evidence=tuple(evidence), trainer_actions=tuple(trainer_actions)
    )


# ---------------------------------------------------------------------------------------------------- status


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _post_certification(
    certified_on: dt.date,
    activity: list[dict[str, Any]],
    refreshers: list[dict[str, Any]],
    ctx: _Context,
) -> tuple[Status, list[str], list[str], list[str]]:
    post = ctx.policy.post_certification
    year_ago = ctx.as_of - dt.timedelta(days=365)
    recent = [a for a in activity if year_ago < a["delivered_on"] <= ctx.as_of]
    people = sum(int(a["customs"]) + int(a["other_agencies"]) + int(a["private_sector"]) for a in recent)
    notes = [
        f"certified on {certified_on.isoformat()}",
        f"{len(recent)} session(s) delivered in the last 12 months, {people} people trained",
    ]
    candidate_actions: list[str] = []
    trainer_actions: list[str] = []
    if post is None:
        return (Status.ACTIVE if recent else Status.CERTIFIED), notes, candidate_actions, trainer_actions
    notes.append(post.note)
    status = Status.ACTIVE if len(recent) >= max(1, post.sessions_per_year or 0) else Status.CERTIFIED
    refresher_due = False
    if post.refresher_every_years:
        completed = [r["completed_on"] for r in refreshers if r["completed_on"] <= ctx.as_of]
        last = max([certified_on, *completed])
        due_on = _add_years(last, post.refresher_every_years)
        refresher_due = ctx.as_of >= due_on
        notes.append(f"refresher {'due since' if refresher_due else 'due on'} {due_on.isoformat()}")
        if refresher_due:
            candidate_actions.append("attend a refresher course")
            trainer_actions.append("schedule a refresher course")
    inactive = (
        post.sessions_per_year is not None
        and ctx.as_of >= _add_years(certified_on, 1)
        and len(recent) < post.sessions_per_year
    )
    if inactive:
        candidate_actions.append(
            f"deliver at least {post.sessions_per_year} session(s) a year and report them"
        )
        trainer_actions.append("ask the administration for the Master Trainer's delivery report")
        status = Status.INACTIVE
    elif refresher_due:
        status = Status.REFRESHER_DUE
    return status, notes, candidate_actions, trainer_actions


def _has_started(candidate: str, evidence: Mapping[str, list[dict[str, Any]]], ctx: _Context) -> bool:
    if any(
        record.submitted
        for assessment in ctx.policy.assessments
        if (record := ctx.assignments.get((candidate, assessment.name))) is not None
    ):
        return True
    if any(row["status"] in ("present", "make_up") for row in evidence["attendance"]):
        return True
    if any(row["completed"] for row in evidence["tasks"]):
        return True
    return bool(evidence["materials"] or evidence["rubric"])


def _held_working_groups(frames: Evidence, as_of: dt.date) -> dict[str, frozenset[int]]:
    held: dict[str, set[int]] = defaultdict(set)
    for row in _records(frames.working_groups):
        finished = row["ends_on"] or row["starts_on"]
        if finished <= as_of:
            held[row["cohort_id"]].add(int(row["number"]))
    # A WG with attendance recorded for anyone of the cohort has been held, whatever the schedule says.
    cohort_of = (
        dict(zip(frames.candidates["id"], frames.candidates["cohort_id"], strict=True))
        if len(frames.candidates)
        else {}
    )
    for row in _records(frames.attendance):
        if row["candidate_id"] in cohort_of:
            held[cohort_of[row["candidate_id"]]].add(int(row["wg"]))
    return {cohort: frozenset(wgs) for cohort, wgs in held.items()}


def assess_readiness(
    *, policy: Policy, evidence: Evidence, grades: pd.DataFrame, as_of: dt.date | None = None
) -> ReadinessReport:
    """Apply ``policy`` to every candidate of ``evidence``, with their grades from :func:`read_gradebook`.

    ``as_of`` (default today) decides which WGs have been held and which post-certification periods ran out.
    Gradebook students who are not candidates in the store are left out and counted in the report's notes.
    """
    as_of = as_of or dt.date.today()
    ctx = _Context(
        policy=policy,
        as_of=as_of,
        assignments=_gradebook_assignments(grades, policy),
        held=_held_working_groups(evidence, as_of),
    )
    grouped = {
        "attendance": _by_candidate(evidence.attendance),
        "tasks": _by_candidate(evidence.tasks),
        "materials": _by_candidate(evidence.materials),
        "rubric": _by_candidate(evidence.rubric),
        "trainees": _by_candidate(evidence.trainees),
        "decisions": _by_candidate(evidence.decisions),
        "activity": _by_candidate(evidence.activity),
        "refreshers": _by_candidate(evidence.refreshers),
    }
    results = []
    for person in sorted(_records(evidence.candidates), key=lambda r: r["id"]):
        candidate = person["id"]
        mine = {name: rows.get(candidate, []) for name, rows in grouped.items()}
        rules = (
            _assess_scores(candidate, "R1", ctx),
            _assess_scores(candidate, "R2", ctx),
            _assess_delivery(mine["rubric"], ctx),
            _assess_materials(mine["materials"], person["cohort_id"], ctx),
            _assess_participation(mine["attendance"], mine["tasks"], person["cohort_id"], ctx),
            _assess_gain(mine["trainees"], ctx),
        )
        candidate_actions = [a for r in rules for a in r.candidate_actions]
        trainer_actions = [a for r in rules for a in r.trainer_actions]
        notes: list[str] = []
        decisions = sorted(
            (d for d in mine["decisions"] if d["decided_on"] <= as_of), key=lambda d: d["decided_on"]
        )
        latest = decisions[-1] if decisions else None
        if latest is not None and latest["decision"] == "certified":
            status, notes, candidate_actions, trainer_actions = _post_certification(
                latest["decided_on"], mine["activity"], mine["refreshers"], ctx
            )
        elif all(r.outcome is Outcome.MET for r in rules):
            status = Status.READY
            candidate_actions = []
            trainer_actions = ["put the candidate to the certification panel: R1 to R6 are met"]
        elif any(r.outcome is Outcome.NOT_MET or r.at_risk for r in rules):
            status = Status.AT_RISK
        elif _has_started(candidate, mine, ctx):
            status = Status.IN_PROGRESS
        else:
            status = Status.NOT_STARTED
        if latest is not None and latest["decision"] != "certified":
            notes.append(
                f"{latest['decision'].replace('_', ' ')} by the panel on {latest['decided_on'].isoformat()}"
            )
        results.append(
            CandidateReadiness(
                candidate=candidate,
                name=person["name"],
                administration=person["administration"],
                country=person["country"],
                region=person["region"],
                cohort=person["cohort_id"],
                status=status,
                rules=rules,
                candidate_actions=tuple(dict.fromkeys(candidate_actions)),
                trainer_actions=tuple(dict.fromkeys(trainer_actions)),
                notes=tuple(notes),
            )
        )
    report_notes = []
    known = {r.candidate for r in results}
    strangers = {str(c) for c in grades["candidate"].dropna().unique()} - known
    if strangers:
        report_notes.append(f"{len(strangers)} gradebook student(s) are not candidates in the evidence store")
    unmapped = {a.name for a in policy.assessments} - {str(a) for a in grades["assignment"].dropna().unique()}
    if unmapped:
        report_notes.append(
            f"assessments in the policy but not in the gradebook: {', '.join(sorted(unmapped))}"
        )
    return ReadinessReport(policy=policy, as_of=as_of, candidates=tuple(results), notes=tuple(report_notes))


def cohort_view(report: ReadinessReport, *, by: str = "administration") -> pd.DataFrame:
    """Counts of candidates per status, and the share meeting each rule, per administration, region or cohort.

    Columns: ``candidates``, one per status (ladder order), ``ready_or_certified`` and ``R1_met`` … ``R6_met``
    (shares from 0 to 1, rounded to 3 decimals for display).
    """
    import pandas as pd

    if by not in ("administration", "region", "country", "cohort"):
        raise ReadinessError(f"{by!r} is not a grouping; expected administration, region, country or cohort")
    frame = report.to_frame()
    statuses = [s.value for s in Status]
    if frame.empty:
        return pd.DataFrame(
            columns=["candidates", *statuses, "ready_or_certified", *(f"{r}_met" for r in RULE_TITLES)]
        )
    counts = pd.crosstab(frame[by], frame["status"]).reindex(columns=statuses, fill_value=0)
    counts.columns.name = None
    view = pd.concat([frame.groupby(by).size().rename("candidates"), counts], axis=1)
    advanced = {
        Status.READY.value,
        Status.CERTIFIED.value,
        Status.ACTIVE.value,
        Status.REFRESHER_DUE.value,
        Status.INACTIVE.value,
    }
    view["ready_or_certified"] = frame.assign(x=frame["status"].isin(advanced)).groupby(by)["x"].sum()
    for rule in RULE_TITLES:
        view[f"{rule}_met"] = (frame[rule] == Outcome.MET.value).groupby(frame[by]).mean().round(3)
    return view.sort_index()
