"""Risk widgets driven through their controls, without a browser."""

import pytest

from mtp_kit.risk import Indicator, RiskEntry
from mtp_kit.widgets import ConsignmentExercise, HitRateView, IndicatorScorer, RiskExercise, RiskMatrixView

REGISTER = [
    RiskEntry(id="R-01", statement="Undervalued used cars from new importers", likelihood=4, impact=4),
    RiskEntry(id="R-02", statement="Misdeclared textiles", likelihood=2, impact=3),
    RiskEntry(id="R-03", statement="Drugs concealed in fruit containers", likelihood=2, impact=5),
]

CATALOGUE = [
    Indicator(code="new-importer", description="new importer", weight="45"),
    Indicator(code="low-price", description="unit value far below reference", weight="30"),
    Indicator(code="aeo", description="AEO status", weight="-30"),
    Indicator(code="alert", description="alert from the intelligence unit", weight="0", alert=True),
]


def test_matrix_multiplies_likelihood_by_impact_and_picks_the_channel():
    view = RiskMatrixView(likelihood=3, impact=3)
    assert (view.score, view.channel) == (9, "yellow")  # 3 x 3 = 9, in 8-14
    view.likelihood.value = 4
    view.impact.value = 4
    assert (view.score, view.channel) == (16, "red")  # 16 >= 15
    assert "likelihood 4 × impact 4 = 16" in view.reason
    view.impact.value = 1
    assert (view.score, view.channel) == (4, "green")  # 4 <= 7


def test_heat_map_is_an_html_grid_with_the_chosen_cell_marked():
    view = RiskMatrixView(likelihood=5, impact=2)
    # Top row is impact 5: 5, 10, 15, 20, 25 -> green, yellow, red, red, red.
    assert view.grid[0] == ["green", "yellow", "red", "red", "red"]
    # Bottom row is impact 1: 1..5, all green.
    assert view.grid[4] == ["green"] * 5
    html = view.output.value
    assert html.count("border:3px solid #000") == 1
    assert 'title="likelihood 5 × impact 2 = 10: yellow"' in html


def test_a_blue_channel_can_be_switched_on_below_yellow():
    view = RiskMatrixView(likelihood=1, impact=5)
    assert view.channel == "green"  # 5 <= 7
    view.use_blue.value = True  # blue from 5
    assert view.channel == "blue"
    assert "release, with post-clearance audit later" in view.output.value


def test_thresholds_are_settings_and_bad_ones_are_shown_not_raised():
    view = RiskMatrixView(likelihood=3, impact=4)
    assert view.channel == "yellow"  # 12
    view.red_from.value = "12"
    assert view.channel == "red"
    view.red_from.value = "7"  # below yellow's 8
    assert view.channel == ""
    assert "must fall strictly" in view.error
    assert "Check your input" in view.output.value


def test_register_entries_are_rated_highest_first_and_placed_on_the_heat_map():
    view = RiskMatrixView(entries=REGISTER)
    # 16 red; R-03: 2 x 5 = 10 yellow; R-02: 2 x 3 = 6 green.
    assert [(e["id"], e["score"], e["channel"]) for e in view.register] == [
        ("R-01", 16, "red"),
        ("R-03", 10, "yellow"),
        ("R-02", 6, "green"),
    ]
    assert "<b>16</b><br>R-01" in view.output.value


@pytest.fixture
def scorer():
    # New importer 45 -> likelihood 3 (40-59); revenue at risk 12,000 -> impact 3 (10,000-49,999); 3 x 3 = 9.
    return IndicatorScorer(CATALOGUE, present=["new-importer"], revenue_at_risk="12000")


def test_indicator_score_gives_likelihood_and_revenue_gives_impact(scorer):
    assert (scorer.score, scorer.likelihood, scorer.impact, scorer.channel) == ("45", 3, 3, "yellow")
    scorer.boxes["low-price"].value = True
    # 45 + 30 = 75 -> likelihood 4 (60-79); 4 x 3 = 12, still yellow.
    assert (scorer.score, scorer.likelihood, scorer.channel) == ("75", 4, "yellow")
    scorer.revenue.value = "60,000"
    # Impact 4 (50,000-249,999): 4 x 4 = 16, red.
    assert (scorer.impact, scorer.channel) == (4, "red")


def test_a_trust_indicator_lowers_the_score(scorer):
    scorer.boxes["aeo"].value = True
    # 45 - 30 = 15 -> likelihood 1; 1 x 3 = 3, green.
    assert (scorer.score, scorer.likelihood, scorer.channel) == ("15", 1, "green")
    assert "AEO status: −30 (trust indicator)" in scorer.reasons


def test_an_intelligence_alert_forces_red_even_with_a_trust_indicator(scorer):
    scorer.boxes["aeo"].value = True
    scorer.boxes["alert"].value = True
    assert scorer.channel == "red"
    assert "intelligence alert overrides the matrix (green) → red" in scorer.reasons
    assert "RED" in scorer.output.value


def test_a_mistyped_revenue_is_shown_as_a_message(scorer):
    scorer.revenue.value = "a lot"
    assert scorer.channel == ""
    assert "'a lot'" in scorer.error


def test_hit_rates_flag_profiles_below_the_threshold():
    view = HitRateView({"used cars": (600, 45), "textiles": (200, 4)}, threshold="5")
    # 45 / 600 = 7.5% keep; 4 / 200 = 2% below 5%.
    assert [(r["profile"], r["rate"], r["flagged"]) for r in view.reviews] == [
        ("textiles", "2.00", True),
        ("used cars", "7.50", False),
    ]
    view.threshold.value = "8"
    assert view.reviews[1]["flagged"] is True  # 7.5% < 8%
    view.min_inspections.value = 300
    assert view.reviews[0]["rate"] == ""  # 200 inspections: not judged yet
    assert "rework or retire" in view.output.value


def test_findings_above_inspections_are_shown_as_a_message():
    view = HitRateView({"P1": (10, 2)})
    view.findings["P1"].value = 11
    assert "findings 11 exceed inspections 10" in view.error
    assert view.reviews == []


def test_risk_exercise_asks_score_and_channel_for_each_entry():
    exercise = RiskExercise(REGISTER)
    assert exercise.out_of == 6
    exercise.inputs[0].value = "16"  # R-01 score
    exercise.inputs[1].value = 0  # red
    exercise.inputs[3].value = 2  # R-02 (2 x 3 = 6): green is the third option
    assert exercise.score == 3
    exercise.inputs[2].value = "5"
    assert "the answer is 6" in exercise.outputs[2].value


def test_consignment_exercise_explains_each_step():
    # 45 + 30 - 30 = 45 -> likelihood 3; revenue 2,000 -> impact 2 (1,000-9,999); 3 x 2 = 6 green.
    exercise = ConsignmentExercise(
        CATALOGUE, present=["new-importer", "low-price", "aeo"], revenue_at_risk="2000"
    )
    exercise.inputs[0].value = "45"
    exercise.inputs[1].value = "3"
    exercise.inputs[2].value = "3"
    exercise.inputs[3].value = 2  # green
    assert (exercise.score, exercise.out_of) == (3, 4)
    assert "revenue at risk 2000 is at or above 1000 and below 10000 → level 2" in exercise.outputs[2].value
    assert "unit value far below reference" in exercise.children[1].value
