"""Behaviour of the programme policy file: DOMAIN 6.2 defaults, exact thresholds, and errors that name the key."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mtp_kit.errors import ConfigError
from mtp_kit.readiness import load_policy, parse_policy

MINIMAL = '[programme]\nid = "cv"\n'


def test_defaults_are_the_rule_set_of_domain_section_6_2():
    policy = parse_policy(MINIMAL)
    assert (policy.r1.overall_min, policy.r1.sub_area_min) == (Decimal("0.80"), Decimal("0.70"))
    assert policy.r2.min == Decimal("0.90")
    assert (policy.r3.mean_min, policy.r3.criterion_min, policy.r3.scale_max, policy.r3.assessors_min) == (
        3,
        2,
        4,
        2,
    )
    assert policy.r3.criteria == (
        "objectives",
        "accuracy",
        "adult_learning",
        "facilitation",
        "time",
        "learner_assessment",
    )
    assert policy.r4.required == ("session_plan", "slides", "exercise_with_key", "pre_post_test")
    assert (policy.r5.working_groups, policy.r5.make_ups_allowed, policy.r5.tasks_min) == (
        5,
        1,
        Decimal("0.90"),
    )
    assert (policy.r6.gain_min, policy.r6.method) == (Decimal("0.3"), "class_means")


def test_post_certification_requirements_are_off_unless_stated():
    assert parse_policy(MINIMAL).post_certification is None


def test_stated_post_certification_requirements_carry_the_not_documented_label():
    policy = parse_policy(MINIMAL + "[post_certification]\nsessions_per_year = 2\n")
    assert policy.post_certification.sessions_per_year == 2
    assert policy.post_certification.refresher_every_years is None
    assert "not documented" in policy.post_certification.note


def test_thresholds_are_read_as_exact_decimals_not_binary_floats():
    policy = parse_policy(MINIMAL + "[rules.R2]\nmin = 0.1\n[rules.R1]\noverall_min = 0.7\n")
    assert policy.r2.min == Decimal("0.1")
    assert policy.r1.overall_min == Decimal("0.7")


def test_the_shipped_example_policy_loads_and_maps_assessments_to_rules_and_wgs():
    policy = load_policy()
    assert policy.programme == "mtp-cv-demo"
    assert [(a.name, a.wg) for a in policy.assessments_for("R1")] == [("wg4-posttest-valuation", 4)]
    assert [(a.name, a.wg) for a in policy.assessments_for("R2")] == [("wg2-intersessional-valuation", 2)]
    post_test = policy.assessments_for("R1")[0]
    assert post_test.sub_area_of("wg4-posttest-valuation-q2-tests") == "additions and deductions"
    assert post_test.sub_area_of("wg4-posttest-valuation-q1-tests") == "computing the customs value"
    assert policy.post_certification.refresher_every_years == 3


def test_a_policy_file_is_read_from_a_path(tmp_path):
    path = tmp_path / "programme.toml"
    path.write_text(
        MINIMAL + '[[assessments]]\nname = "wg1-hs"\nrule = "R1"\ntopic = "HS"\n', encoding="utf-8"
    )
    policy = load_policy(path)
    assert policy.assessments[0].sub_area == "HS"  # the sub-area defaults to the topic


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[rules.R1]\noverall_min = 1.5",
            r"rules\.R1\.overall_min = Decimal\('1\.5'\) is not accepted; expected a fraction from 0 to 1",
        ),
        (
            '[rules.R1]\noverall_min = "80%"',
            r"rules\.R1\.overall_min = '80%' is not accepted; expected a fraction",
        ),
        (
            "[rules.R3]\nmean_min = 5",
            r"rules\.R3\.mean_min = 5 is not accepted; expected a rubric score from 0 to 4",
        ),
        (
            "[rules.R5]\nmake_ups_allowed = -1",
            r"rules\.R5\.make_ups_allowed = -1 is not accepted; expected a whole number from 0",
        ),
        (
            '[rules.R6]\nmethod = "median"',
            r"rules\.R6\.method = 'median' is not accepted; expected one of 'class_means', 'trainee_mean'",
        ),
        (
            "[rules.R1]\noveral_min = 0.8",
            r"rules\.R1\.overal_min is not a known key; expected one of overall_min, sub_area_min",
        ),
        ("[rules.R7]\nmin = 1", r"rules\.R7 is not a known key"),
        (
            "[rules.R3]\ncriteria = []",
            r"rules\.R3\.criteria = \[\] is not accepted; expected a non-empty list of names",
        ),
        ("[rules.R4]\ndue_wg = 6", r"rules\.R4\.due_wg = 6 is not accepted; expected a WG from 1 to 5"),
        (
            "[post_certification]\nrefresher_every_years = 0",
            r"post_certification\.refresher_every_years = 0 is not accepted",
        ),
        (
            '[[assessments]]\nname = "a"\nrule = "R9"\ntopic = "t"',
            r"assessments\[0\]\.rule = 'R9' is not accepted; expected one of 'R1', 'R2'",
        ),
        (
            '[[assessments]]\nname = "a"\ntopic = "t"\nwg = 7',
            r"assessment 'a' has wg = 7; expected a WG from 1 to 5",
        ),
        (
            '[[assessments]]\nname = "a"\ntopic = "t"\n[[assessments]]\nname = "a"\ntopic = "t"',
            r"assessments\[1\]\.name = 'a' is listed twice",
        ),
    ],
)
def test_a_bad_policy_names_the_key_and_what_is_accepted(toml, message):
    with pytest.raises(ConfigError, match=message):
        parse_policy(MINIMAL + toml, source="programme.toml")


def test_a_policy_without_a_programme_id_is_refused():
    with pytest.raises(ConfigError, match=r"programme\.id is missing; expected a non-empty string"):
        parse_policy("[rules.R1]\noverall_min = 0.8\n")


def test_text_that_is_not_toml_is_a_config_error_naming_the_file():
    with pytest.raises(ConfigError, match=r"programme\.toml: not valid TOML"):
        parse_policy("[programme\nid = ", source="programme.toml")


def test_a_missing_policy_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the policy file"):
        load_policy(tmp_path / "absent.toml")


def test_cells_of_a_post_test_can_be_mapped_to_sub_areas():
    policy = parse_policy(
        MINIMAL + '[[assessments]]\nname = "wg4"\ntopic = "cv"\nsub_area = "general"\n'
        '[assessments.cell_sub_areas]\n"wg4-q1-tests" = "article 8"\n'
    )
    assert policy.assessments[0].cell_sub_areas == (("wg4-q1-tests", "article 8"),)
    assert policy.assessments[0].sub_area_of("wg4-q2-tests") == "general"


def test_sub_areas_on_an_applied_assessment_are_refused():
    with pytest.raises(ConfigError, match=r"assessments\[0\]\.cell_sub_areas = .* \(only R1 has sub-areas\)"):
        parse_policy(
            MINIMAL + '[[assessments]]\nname = "wg2"\nrule = "R2"\ntopic = "cv"\n'
            '[assessments.cell_sub_areas]\n"q1" = "a"\n'
        )


def test_a_cell_mapped_to_an_empty_sub_area_is_refused():
    with pytest.raises(
        ConfigError, match=r"cell_sub_areas = \{'q1': ''\} is not accepted; expected a table of cell"
    ):
        parse_policy(
            MINIMAL + '[[assessments]]\nname = "wg4"\ntopic = "cv"\n[assessments.cell_sub_areas]\n"q1" = ""\n'
        )
