"""Origin widgets driven through their controls, without a browser."""

import pytest

from mtp_kit.origin import Material, Product
from mtp_kit.widgets import OriginChecker, OriginExercise


@pytest.fixture
def coffee():
    # Roasted coffee 0901.21 made in Northland from green coffee 0901.11 of unknown origin, ex-works 2,000.
    return OriginChecker(
        agreement="teaching-fta",
        description="roasted coffee",
        hs_code="0901.21",
        party="NTH",
        ex_works_price="2000",
        operations=["roasting", "packing"],
        rule="CTSH",
        materials=[dict(description="green coffee", hs_code="0901.11", value="1200")],
    )


def test_a_change_of_subheading_makes_roasted_coffee_originating(coffee):
    assert coffee.verdict == "originating"
    assert coffee.decided_by == "product-specific rule (sufficient working or processing)"
    [green] = coffee.materials
    assert (green["originating"], green["reason"]) == (False, "no proof of origin")
    assert "subheading 0901.11, the product in subheading 0901.21: changed" in green["checks"][0]
    assert "ORIGINATING" in coffee.output.value


def test_the_agreements_own_rule_is_a_change_of_heading_which_roasting_does_not_make(coffee):
    coffee.rule_choice.value = "agreement"
    # 0901.11 and 0901.21 share heading 09.01; the 1,200 of green coffee is far above the 10% tolerance
    # (10% x 2,000 = 200).
    assert coffee.verdict == "not originating"
    assert coffee.rule == "change of tariff heading (CTH) (heading 09.01)"
    assert "exceeds the tolerance of 200" in coffee.reason
    assert "NOT ORIGINATING" in coffee.output.value


@pytest.fixture
def domain_example():
    # DOMAIN 3.2: AV 2,000; VNM 1,200; VOM 650 -> build-down 40%, build-up 32.5%, MaxNOM 60%.
    return OriginChecker(
        description="radio set",
        hs_code="8527.13",
        party="NTH",
        ex_works_price="2000",
        operations=["assembly"],
        rule="build-down",
        percent="40",
        materials=[
            dict(description="imported circuit boards", hs_code="8529.90", value="1200"),
            dict(description="local plastic housing", hs_code="3926.90", value="650", origin="NTH"),
        ],
    )


def test_value_rules_show_the_percentage_the_rule_names(domain_example):
    assert domain_example.verdict == "originating"  # (2,000 - 1,200) / 2,000 = 40%, at least 40%
    [pct] = domain_example.percentages
    assert (pct["method"], pct["percent"], pct["passed"]) == ("build-down", "40.00", True)
    assert domain_example.value_content == {"build_down": "40.00", "build_up": "32.50", "max_nom": "60.00"}
    domain_example.rule_choice.value = "build-up"
    domain_example.percent.value = "35"
    assert domain_example.verdict == "not originating"  # 650 / 2,000 = 32.5%, below 35%
    assert domain_example.percentages[0]["percent"] == "32.50"
    assert "below the 35% required" in domain_example.output.value


def test_maxnom_is_at_most_so_60_percent_passes_a_60_percent_ceiling(domain_example):
    domain_example.rule_choice.value = "maxnom"
    domain_example.percent.value = "60"
    assert domain_example.verdict == "originating"  # 1,200 / 2,000 = 60%, not above 60%
    domain_example.percent.value = "59"
    assert domain_example.verdict == "not originating"


def test_the_base_comes_from_the_rule_ex_works_and_fob_give_different_answers():
    # DOMAIN 3.2: EXW 1,800, FOB 2,000, VNM 1,150 -> build-down 36.11% on EXW but 42.5% on FOB.
    checker = OriginChecker(
        description="pump",
        hs_code="8413.70",
        party="NTH",
        ex_works_price="1800",
        fob_price="2000",
        operations=["machining", "assembly"],
        rule="build-down",
        percent="40",
        materials=[dict(description="imported castings", hs_code="7325.99", value="1150")],
    )
    assert checker.verdict == "not originating"
    assert checker.percentages[0]["percent"] == "36.11"
    checker.base.value = "fob"
    assert checker.verdict == "originating"
    assert checker.percentages[0]["percent"] == "42.50"


def test_an_fob_rule_without_an_fob_price_is_shown_as_a_message(domain_example):
    domain_example.base.value = "fob"
    assert domain_example.verdict == ""
    assert "has no FOB price" in domain_example.error
    assert "Check your input" in domain_example.output.value


def test_material_of_the_other_party_counts_as_originating_under_cumulation(domain_example):
    domain_example.rows[0].origin.value = "STH"
    boards = domain_example.materials[0]
    assert boards["originating"] is True
    assert "counted as originating (bilateral cumulation)" in boards["reason"]
    # Nothing non-originating left: build-down (2,000 - 0) / 2,000 = 100%.
    assert domain_example.percentages[0]["percent"] == "100.00"
    domain_example.rows[0].origin.value = "XX"
    assert "originates in XX, not a party" in domain_example.materials[0]["reason"]


@pytest.fixture
def chair():
    # Teaching FTA chapter 94: CTH. Fabric (54.07) changes heading; the frame part (94.01) does not.
    return OriginChecker(
        description="upholstered chair",
        hs_code="9401.61",
        party="NTH",
        ex_works_price="2000",
        operations=["cutting", "upholstering"],
        materials=[
            dict(description="polyester fabric", hs_code="5407.61", value="300"),
            dict(description="seat frame", hs_code="9401.90", value="150"),
        ],
    )


def test_the_tolerance_excuses_a_small_material_that_fails_the_tariff_shift(chair):
    # 150 of seat frame fails CTH, but 150 <= 10% x 2,000 = 200.
    assert chair.verdict == "originating"
    assert chair.decided_by.endswith("with the general tolerance (10% of the ex-works price)")
    assert "disregarded under the tolerance" in chair.materials[1]["checks"][0]
    chair.tolerance.value = "5"
    # 5% x 2,000 = 100 < 150.
    assert chair.verdict == "not originating"
    assert "exceeds the tolerance of 100" in chair.reason


def test_removing_the_failing_material_recomputes(chair):
    chair.tolerance.value = "0"
    assert chair.verdict == "not originating"
    chair.remove_material(chair.rows[1])
    assert chair.verdict == "originating"
    assert len(chair.materials) == 1


def test_insufficient_operations_refuse_origin_even_when_the_rule_is_met(chair):
    chair.operations.value = "packing, labelling"
    assert chair.verdict == "not originating"
    assert chair.decided_by == "insufficient operations"
    assert "overrides the product-specific rule, which was met" in chair.reason


def test_a_wholly_obtained_fish_originates():
    checker = OriginChecker(
        description="fresh tuna", hs_code="0302.31", party="STH", ex_works_price="500", wholly_obtained=True
    )
    assert (checker.verdict, checker.decided_by) == ("originating", "wholly obtained products")
    assert checker.rule == "wholly obtained (chapter 03)"


def test_a_mistyped_material_value_is_shown_as_a_message_not_raised(chair):
    row = chair.add_material(description="glue", hs_code="3506.10", value="ten")
    assert chair.verdict == ""
    assert "'ten'" in chair.error
    row.value.value = "10"
    assert chair.verdict == "originating"  # glue (35.06) changes heading: still only 150 fails CTH


def test_switching_to_an_agreement_without_a_tolerance_figure_says_so(chair):
    chair.agreement.value = "afcfta-teaching"
    # The AfCFTA extract has no rule for chapter 94.
    assert "no product-specific rule for '9401.61'" in chair.error
    chair.rule_choice.value = "CTH"
    assert chair.verdict == "not originating"
    assert "the agreement sets no tolerance figure" in chair.reason
    chair.tolerance.value = "10"
    assert chair.verdict == "originating"


def test_origin_exercise_marks_each_answer_with_the_verdicts_reason():
    chair = Product(
        description="upholstered chair",
        hs_code="9401.61",
        party="NTH",
        ex_works_price="2000",
        operations=["cutting", "upholstering"],
        materials=[
            Material(description="polyester fabric", hs_code="5407.61", value="300"),
            Material(description="seat frame", hs_code="9401.90", value="150"),
        ],
    )
    exercise = OriginExercise(chair, "teaching-fta")
    # Per material: originating? and its CTH check; then the verdict: 2 + 2 + 1 questions.
    assert exercise.out_of == 5
    assert "seat frame" in exercise.children[1].value
    exercise.inputs[0].value = 1  # fabric: non-originating
    exercise.inputs[1].value = 0  # fabric meets CTH
    exercise.inputs[3].value = 2  # frame "fails": wrong, the tolerance excuses it
    exercise.inputs[4].value = 0  # originating
    assert (exercise.score, exercise.answered) == (3, 4)
    assert "disregarded under the tolerance" in exercise.outputs[3].value
    assert "general tolerance" in exercise.outputs[4].value


def test_origin_exercise_asks_for_the_percentage_of_a_value_rule():
    radio = Product(
        description="radio set",
        hs_code="8527.13",
        party="NTH",
        ex_works_price="1800",
        fob_price="2000",
        operations=["assembly"],
        materials=[Material(description="circuit boards", hs_code="8529.90", value="1150")],
    )
    exercise = OriginExercise(
        radio, "teaching-fta", rule={"value": "build-down", "percent": "40", "base": "fob"}
    )
    percent = exercise.inputs[1]
    percent.value = "42.5"  # (2,000 - 1,150) / 2,000
    assert exercise.score == 1
    assert "= 42.50%" in exercise.outputs[1].value
