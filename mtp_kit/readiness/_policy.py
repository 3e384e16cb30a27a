"""The programme's certification policy: one TOML file mapping assessments to rules and stating every threshold.

DOMAIN.md section 6.2 proposes six rules (R1 knowledge, R2 applied accuracy, R3 training delivery, R4 materials,
R5 participation, R6 learner gain). None of them is published by WCO/JICA: they are design assumptions to be
validated with the programme owners, so every threshold is a key of the policy file and the defaults are the
6.2 values. The post-certification requirements (sessions per year, a refresher every N years) are documented
nowhere at all; they are optional, off unless the file states them, and :attr:`PostCertification.note` says so
in every report that uses them.

Fractions are written as decimals between 0 and 1 (``overall_min = 0.80``) and read as :class:`~decimal.Decimal`
straight from the TOML text (never through a binary float), so ``0.8`` is exactly eight tenths. A file that
cannot be used raises :class:`~mtp_kit.errors.ConfigError` naming the key, the bad value and what is accepted;
unknown keys are refused too, because a misspelt threshold silently falling back to its default is the worst
failure a certification rule can have. ``mtp_kit/readiness/data/example-policy.toml`` is a complete example.

>>> policy = parse_policy('[programme]\\nid = "cv"\\n[rules.R1]\\noverall_min = 0.85')
>>> policy.r1.overall_min, policy.r1.sub_area_min, policy.r6.gain_min
(Decimal('0.85'), Decimal('0.70'), Decimal('0.3'))
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from mtp_kit.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 needs the backport: `tomli; python_version < "3.11"` in the dependencies
    import tomli as tomllib

__all__ = [
    "EXAMPLE_POLICY",
    "AccuracyRule",
    "AssessmentMap",
    "DeliveryRule",
    "GainRule",
    "KnowledgeRule",
    "MaterialsRule",
    "ParticipationRule",
    "Policy",
    "PostCertification",
    "load_policy",
    "parse_policy",
]

EXAMPLE_POLICY = "example-policy.toml"

_RUBRIC = ("objectives", "accuracy", "adult_learning", "facilitation", "time", "learner_assessment")
_MATERIALS = ("session_plan", "slides", "exercise_with_key", "pre_post_test")


@dataclass(frozen=True, slots=True, kw_only=True)
class AssessmentMap:
    """One nbgrader assignment and what it is evidence of: R1 (knowledge) or R2 (applied accuracy)."""

    name: str
    rule: str
    topic: str
    sub_area: str
    wg: int | None = None
    cell_sub_areas: tuple[tuple[str, str], ...] = ()

    def sub_area_of(self, cell: str) -> str:
        """The R1 sub-area a graded cell (nbgrader grade id) belongs to; unlisted cells take ``sub_area``.

        >>> post = AssessmentMap(name="wg4", rule="R1", topic="cv", sub_area="cv",
        ...                      cell_sub_areas=(("wg4-q1-tests", "article 8"),))
        >>> post.sub_area_of("wg4-q1-tests"), post.sub_area_of("wg4-q2-tests")
        ('article 8', 'cv')
        """
        return dict(self.cell_sub_areas).get(cell, self.sub_area)


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeRule:
    """R1: topic post-tests, overall and in every sub-area.

    A sub-area is an assessment's ``sub_area`` or, cell by cell, its ``cell_sub_areas``. The overall share uses
    scores after the late penalty (when ``scoring.apply_late_penalty``); the sub-area floors use the points
    scored before it, because a penalty for lateness says nothing about one sub-area.
    """

    overall_min: Decimal = Decimal("0.80")
    sub_area_min: Decimal = Decimal("0.70")


@dataclass(frozen=True, slots=True, kw_only=True)
class AccuracyRule:
    """R2: unseen calculation and classification cases."""

    min: Decimal = Decimal("0.90")


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryRule:
    """R3: a full session to real trainees, scored on a rubric by several assessors.

    ``criterion_min`` applies to each criterion's mean over the assessors (one assessor's 1 and another's 3
    average to 2, which passes a floor of 2); ``mean_min`` to the mean of all scores of the session.
    """

    criteria: tuple[str, ...] = _RUBRIC
    scale_max: int = 4
    mean_min: Decimal = Decimal(3)
    criterion_min: Decimal = Decimal(2)
    assessors_min: int = 2
    sessions_min: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class MaterialsRule:
    """R4: the material package, every item approved after peer review, due by the end of WG ``due_wg``."""

    required: tuple[str, ...] = _MATERIALS
    due_wg: int = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipationRule:
    """R5: attendance at every WG (``make_ups_allowed`` absences may be made up) and intersessional tasks."""

    working_groups: int = 5
    make_ups_allowed: int = 1
    tasks_min: Decimal = Decimal("0.90")


@dataclass(frozen=True, slots=True, kw_only=True)
class GainRule:
    """R6: the normalised learning gain of the trainees the candidate taught.

    ``method = "class_means"`` (default) is Hake's gain on the class averages, (mean post − mean pre) /
    (100 − mean pre); ``"trainee_mean"`` averages each trainee's own gain and leaves out trainees who scored
    100 on the pre-test (their gain is undefined).
    """

    gain_min: Decimal = Decimal("0.3")
    method: str = "class_means"
    trainees_min: int = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class PostCertification:
    """Optional requirements after certification, **not documented by the programme** (DOMAIN 6.1)."""

    sessions_per_year: int | None = None
    refresher_every_years: int | None = None
    note: str = (
        "post-certification requirements are not documented by WCO/JICA; set by this programme's policy"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """A programme's policy: its assessments and the thresholds of rules R1 to R6."""

    programme: str
    name: str = ""
    topic: str = ""
    assessments: tuple[AssessmentMap, ...] = ()
    apply_late_penalty: bool = True
    r1: KnowledgeRule = field(default_factory=KnowledgeRule)
    r2: AccuracyRule = field(default_factory=AccuracyRule)
    r3: DeliveryRule = field(default_factory=DeliveryRule)
    r4: MaterialsRule = field(default_factory=MaterialsRule)
    r5: ParticipationRule = field(default_factory=ParticipationRule)
    r6: GainRule = field(default_factory=GainRule)
    post_certification: PostCertification | None = None

    def assessments_for(self, rule: str) -> tuple[AssessmentMap, ...]:
        """The assessments that are evidence of ``rule`` ("R1" or "R2").

        >>> Policy(programme="x", assessments=(AssessmentMap(name="a", rule="R2", topic="t", sub_area="t"),)
        ...        ).assessments_for("R2")[0].name
        'a'
        """
        return tuple(a for a in self.assessments if a.rule == rule)


class _Reader:
    """Reads one table of the TOML document, naming the full key in every error."""

    def __init__(self, data: Mapping[str, Any], prefix: str, source: str) -> None:
        self.data, self.prefix, self.source, self.used = data, prefix, source, set()

    def _fail(self, key: str, value: Any, accepted: str) -> ConfigError:
        return ConfigError(
            f"{self.source}: {self.prefix}{key} = {value!r} is not accepted; expected {accepted}"
        )

    def _get(self, key: str, default: Any) -> Any:
        self.used.add(key)
        return self.data.get(key, default)

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default)
        if not isinstance(value, str) or not value.strip():
            if value is None:
                raise ConfigError(
                    f"{self.source}: {self.prefix}{key} is missing; expected a non-empty string"
                )
            raise self._fail(key, value, "a non-empty string")
        return value.strip()

    def integer(self, key: str, default: int | None, *, low: int, high: int | None = None) -> int:
        value = self._get(key, default)
        accepted = f"a whole number from {low}" + ("" if high is None else f" to {high}")
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < low
            or (high is not None and value > high)
        ):
            raise self._fail(key, value, accepted)
        return value

    def optional_integer(self, key: str, *, low: int) -> int | None:
        # TOML has no null: an absent key means "no requirement".
        self.used.add(key)
        return None if key not in self.data else self.integer(key, None, low=low)

    def decimal(
        self, key: str, default: Decimal, *, high: Decimal = Decimal(1), what: str = "a fraction"
    ) -> Decimal:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(0) <= value <= high:
            raise self._fail(key, value, f"{what} from 0 to {high} such as {default}")
        return Decimal(value)

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        value = self._get(key, default)
        if value not in choices:
            raise self._fail(key, value, "one of " + ", ".join(repr(c) for c in choices))
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, value, "true or false")
        return value

    def names(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self._get(key, list(default))
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise self._fail(key, value, "a non-empty list of names such as " + repr(list(default[:2])))
        if len(set(value)) != len(value):
            raise self._fail(key, value, "a list without repeated names")
        return tuple(v.strip() for v in value)

    def mapping(self, key: str) -> tuple[tuple[str, str], ...]:
        value = self._get(key, {})
        if not isinstance(value, dict) or not all(
            isinstance(v, str) and v.strip() and str(k).strip() for k, v in value.items()
        ):
            raise self._fail(
                key, value, 'a table of cell = "sub-area" such as {"wg4-q1-tests" = "article 8"}'
            )
        return tuple((str(k).strip(), v.strip()) for k, v in value.items())

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise ConfigError(
                f"{self.source}: {self.prefix}{unknown[0]} is not a known key; expected one of "
                + ", ".join(sorted(self.used))
            )


def _table(data: Mapping[str, Any], key: str, prefix: str, source: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: {prefix}{key} must be a table ([{prefix}{key}]), not {value!r}")
    return value


def _assessments(items: Any, source: str) -> tuple[AssessmentMap, ...]:
    if not isinstance(items, list):
        raise ConfigError(
            f"{source}: assessments must be an array of tables ([[assessments]]), not {items!r}"
        )
    result, seen = [], set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ConfigError(f"{source}: assessments[{index}] must be a table, not {item!r}")
        read = _Reader(item, f"assessments[{index}].", source)
        name = read.text("name")
        if name in seen:
            raise ConfigError(
                f"{source}: assessments[{index}].name = {name!r} is listed twice; expected unique names"
            )
        seen.add(name)
        rule = read.choice("rule", "R1", ("R1", "R2"))
        topic = read.text("topic")
        sub_area = read.text("sub_area", topic)
        wg = read.optional_integer("wg", low=1)
        if wg is not None and wg > 9:
            raise read._fail("wg", wg, "a whole number from 1 to 9")
        cells = read.mapping("cell_sub_areas")
        if cells and rule != "R1":
            raise read._fail(
                "cell_sub_areas", dict(cells), "no cell_sub_areas on an R2 assessment (only R1 has sub-areas)"
            )
        read.done()
        result.append(
            AssessmentMap(name=name, rule=rule, topic=topic, sub_area=sub_area, wg=wg, cell_sub_areas=cells)
        )
    return tuple(result)


def parse_policy(text: str, *, source: str = "policy") -> Policy:
    """Read a policy from TOML text; missing keys take the DOMAIN 6.2 defaults, unknown keys are refused."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: not valid TOML ({exc}); expected a policy file like {EXAMPLE_POLICY}"
        ) from exc
    top = _Reader(data, "", source)
    programme = _Reader(_table(data, "programme", "", source), "programme.", source)
    top.used |= {"programme", "assessments", "rules", "scoring", "post_certification"}
    top.done()
    programme_id = programme.text("id")
    name = programme.text("name", programme_id)
    topic = programme.text("topic", "any")
    programme.done()
    scoring = _Reader(_table(data, "scoring", "", source), "scoring.", source)
    apply_late_penalty = scoring.boolean("apply_late_penalty", True)
    scoring.done()

    rules = _table(data, "rules", "", source)
    rules_reader = _Reader(rules, "rules.", source)
    rules_reader.used |= {"R1", "R2", "R3", "R4", "R5", "R6"}
    rules_reader.done()

    def rule(key: str) -> _Reader:
        return _Reader(_table(rules, key, "rules.", source), f"rules.{key}.", source)

    d1, d2, d3, d4, d5, d6 = (
        KnowledgeRule(),
        AccuracyRule(),
        DeliveryRule(),
        MaterialsRule(),
        ParticipationRule(),
        GainRule(),
    )
    read = rule("R1")
    r1 = KnowledgeRule(
        overall_min=read.decimal("overall_min", d1.overall_min),
        sub_area_min=read.decimal("sub_area_min", d1.sub_area_min),
    )
    read.done()
    read = rule("R2")
    r2 = AccuracyRule(min=read.decimal("min", d2.min))
    read.done()
    read = rule("R3")
    scale_max = read.integer("scale_max", d3.scale_max, low=2, high=10)
    scale = Decimal(scale_max)
    r3 = DeliveryRule(
        criteria=read.names("criteria", d3.criteria),
        scale_max=scale_max,
        mean_min=read.decimal("mean_min", d3.mean_min, high=scale, what="a rubric score"),
        criterion_min=read.decimal("criterion_min", d3.criterion_min, high=scale, what="a rubric score"),
        assessors_min=read.integer("assessors_min", d3.assessors_min, low=1, high=10),
        sessions_min=read.integer("sessions_min", d3.sessions_min, low=1, high=10),
    )
    read.done()
    read = rule("R4")
    r4 = MaterialsRule(
        required=read.names("required", d4.required), due_wg=read.integer("due_wg", d4.due_wg, low=1, high=9)
    )
    read.done()
    read = rule("R5")
    r5 = ParticipationRule(
        working_groups=read.integer("working_groups", d5.working_groups, low=1, high=9),
        make_ups_allowed=read.integer("make_ups_allowed", d5.make_ups_allowed, low=0, high=9),
        tasks_min=read.decimal("tasks_min", d5.tasks_min),
    )
    read.done()
    read = rule("R6")
    r6 = GainRule(
        gain_min=read.decimal("gain_min", d6.gain_min),
        method=read.choice("method", d6.method, ("class_means", "trainee_mean")),
        trainees_min=read.integer("trainees_min", d6.trainees_min, low=1),
    )
    read.done()

    post = None
    if "post_certification" in data:
        read = _Reader(_table(data, "post_certification", "", source), "post_certification.", source)
        post = PostCertification(
            sessions_per_year=read.optional_integer("sessions_per_year", low=0),
            refresher_every_years=read.optional_integer("refresher_every_years", low=1),
        )
        read.done()
    assessments = _assessments(data.get("assessments", []), source)
    for assessment in assessments:
        if assessment.wg is not None and assessment.wg > r5.working_groups:
            raise ConfigError(
                f"{source}: assessment {assessment.name!r} has wg = {assessment.wg}; expected a WG from 1 to "
                f"{r5.working_groups} (rules.R5.working_groups)"
            )
    if r4.due_wg > r5.working_groups:
        raise ConfigError(
            f"{source}: rules.R4.due_wg = {r4.due_wg} is not accepted; expected a WG from 1 to {r5.working_groups}"
        )
    return Policy(
        programme=programme_id,
        name=name,
        topic=topic,
        assessments=assessments,
        apply_late_penalty=apply_late_penalty,
        r1=r1,
        r2=r2,
        r3=r3,
        r4=r4,
        r5=r5,
        r6=r6,
        post_certification=post,
    )


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy file; without a path, the example policy shipped in ``mtp_kit/readiness/data``.

    >>> load_policy().r3.criteria[:2]
    ('objectives', 'accuracy')
    """
    if path is None:
        text = (
            resources.files("mtp_kit.readiness")
            .joinpath("data")
            .joinpath(EXAMPLE_POLICY)
            .read_text(encoding="utf-8")
        )
        return parse_policy(text, source=EXAMPLE_POLICY)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the policy file {path}: {exc}; expected a UTF-8 TOML file") from exc
    return parse_policy(text, source=path.name)
