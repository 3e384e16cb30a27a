"""Behaviour of the risk management engine (mtp_kit.risk)."""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mtp_kit.risk as risk
from mtp_kit.errors import MtpKitError, RiskError
from mtp_kit.risk import (
    DEFAULT_MATRIX,
    Channel,
    ChannelBands,
    Indicator,
    LevelBands,
    RiskEntry,
    RiskMatrix,
    ScoringPolicy,
    assess_consignment,
    build_heat_map,
    compute_hit_rate,
    rate_register,
    review_profiles,
    score_indicators,
)

CATALOGUE = (
    Indicator(code="new-importer", description="new importer", weight="25"),
    Indicator(code="low-value", description="unit value far below reference", weight="30"),
    Indicator(code="diversion-hub", description="routed through a known diversion hub", weight="20"),
    Indicator(code="aeo", description="AEO status", weight="-40"),
    Indicator(code="clean-history", description="five years without offence", weight="-20"),
    Indicator(code="intel", description="intelligence alert on this consignee", weight="10", alert=True),
)
CODES = [indicator.code for indicator in CATALOGUE]
BLUE_MATRIX = RiskMatrix(bands=ChannelBands(((15, "red"), (8, "yellow"), (5, "blue"), (1, "green"))))


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "channel"),
    [
        (3, 5, 15, Channel.RED),  # 3 × 5 = 15: the first red score
        (5, 5, 25, Channel.RED),  # 5 × 5 = 25: the top of the scale
        (2, 5, 10, Channel.YELLOW),  # 2 × 5 = 10: inside 8–14
        (2, 4, 8, Channel.YELLOW),  # 2 × 4 = 8: the first yellow score
        (1, 5, 5, Channel.GREEN),  # 1 × 5 = 5: at most 7 is green
        (1, 1, 1, Channel.GREEN),  # 1 × 1 = 1
    ],
)
def test_matrix_score_is_likelihood_times_impact_and_teaching_thresholds_pick_the_channel(
    likelihood, impact, score, channel
):
    rating = DEFAULT_MATRIX.rate(likelihood=likelihood, impact=impact)
    assert (rating.score, rating.channel) == (score, channel)


def test_an_administration_can_add_a_blue_channel_for_release_with_later_audit():
    # 2 × 3 = 6: between the blue threshold 5 and the yellow threshold 8
    rating = BLUE_MATRIX.rate(likelihood=2, impact=3)
    assert rating.channel is Channel.BLUE
    assert "release, with post-clearance audit later" in rating.reason


def test_thresholds_are_configurable():
    strict = RiskMatrix(bands=ChannelBands(((10, "red"), (4, "yellow"), (1, "green"))))
    # 2 × 5 = 10 is red under the stricter policy, yellow under the teaching default
    assert strict.rate(likelihood=2, impact=5).channel is Channel.RED
    assert DEFAULT_MATRIX.rate(likelihood=2, impact=5).channel is Channel.YELLOW


def test_a_rating_explains_the_arithmetic_and_the_thresholds():
    rating = DEFAULT_MATRIX.rate(likelihood=4, impact=4)
    assert rating.reason == "likelihood 4 × impact 4 = 16; 16 is at or above 15 → red: physical examination"
    assert rating.provision == "5 × 5 matrix (red ≥ 15, yellow ≥ 8, green ≥ 1)"


def test_the_register_is_ordered_by_score_then_id():
    entries = [
        RiskEntry(id="R-3", statement="misdeclared origin of sugar", likelihood=2, impact=3),
        RiskEntry(
            id="R-1",
            statement="undervalued used cars",
            likelihood=4,
            impact=4,
            review_date=dt.date(2026, 6, 1),
        ),
        RiskEntry(id="R-2", statement="smuggled cigarettes", likelihood=3, impact=2),
    ]
    # scores: R-3 = 6, R-1 = 16, R-2 = 6 → R-1 first, then the two sixes by id
    assert [rated.entry.id for rated in rate_register(entries=entries)] == ["R-1", "R-2", "R-3"]


def test_weights_are_added_and_trust_indicators_lower_the_score():
    result = score_indicators(indicators=CATALOGUE, present=["new-importer", "low-value", "aeo"])
    # 25 + 30 − 40 = 15 → below 30: green
    assert result.raw == Decimal(15)
    assert result.score == Decimal(15)
    assert result.channel is Channel.GREEN
    assert "AEO status: −40 (trust indicator)" in [line.reason for line in result.lines]


def test_the_score_is_kept_at_the_cap():
    policy = ScoringPolicy(floor=0, cap=60)
    result = score_indicators(
        indicators=CATALOGUE, present=["new-importer", "low-value", "diversion-hub"], policy=policy
    )
    # 25 + 30 + 20 = 75 → capped at 60
    assert (result.raw, result.score) == (Decimal(75), Decimal(60))
    assert "kept at the cap 60" in result.reason


def test_the_score_is_kept_at_the_floor():
    result = score_indicators(indicators=CATALOGUE, present=["aeo", "clean-history"])
    # −40 − 20 = −60 → floor 0
    assert (result.raw, result.score) == (Decimal(-60), Decimal(0))
    assert "kept at the floor 0" in result.reason


def test_an_intelligence_alert_forces_examination_even_for_a_trusted_trader():
    result = score_indicators(indicators=CATALOGUE, present=["aeo", "clean-history", "intel"])
    # −40 − 20 + 10 = −50 → floor 0, which alone would be green; the alert makes it red
    assert result.score == Decimal(0)
    assert result.channel is Channel.RED
    assert "intelligence alert (intel) forces red" in result.reason


def test_likelihood_and_impact_come_from_configurable_bands():
    result = assess_consignment(
        indicators=CATALOGUE, present=["new-importer", "low-value"], revenue_at_risk="60000"
    )
    # score 25 + 30 = 55 → cuts 20/40/60/80 → likelihood 3
    # revenue 60,000 → cuts 1,000/10,000/50,000/250,000 → impact 4
    # 3 × 4 = 12 → yellow
    assert (result.likelihood, result.impact, result.rating.score) == (3, 4, 12)
    assert result.channel is Channel.YELLOW
    narrow = LevelBands(what="revenue at risk", cuts=(100, 200, 300, 400))
    result = assess_consignment(
        indicators=CATALOGUE,
        present=["new-importer", "low-value"],
        revenue_at_risk="60000",
        impact_bands=narrow,
    )
    # 60,000 ≥ 400 → impact 5; 3 × 5 = 15 → red
    assert (result.impact, result.channel) == (5, Channel.RED)


def test_an_alert_overrides_a_green_matrix_rating_and_says_so():
    result = assess_consignment(indicators=CATALOGUE, present=["intel"], revenue_at_risk="10")
    # score 10 → likelihood 1; revenue 10 → impact 1; 1 × 1 = 1 → green, overridden to red
    assert result.rating.channel is Channel.GREEN
    assert result.channel is Channel.RED
    assert result.reasons[-1] == "intelligence alert overrides the matrix (green) → red"


def test_hit_rate_is_findings_over_inspections():
    # 45 ÷ 600 = 0.075 = 7.5 %
    assert compute_hit_rate(inspections=600, findings=45).rate == Decimal("7.50")
    # 1 ÷ 3 = 33.333… → 33.33
    assert compute_hit_rate(inspections=3, findings=1).rate == Decimal("33.33")
    # 2 ÷ 3 = 66.666… → 66.67 (half-up)
    assert compute_hit_rate(inspections=3, findings=2).rate == Decimal("66.67")


def test_profiles_below_the_threshold_are_flagged_on_exact_values():
    reviews = review_profiles(
        results={"cars": (600, 45), "textiles": (300, 12), "tiny": (5, 0), "edge": (2000, 99)},
        threshold="5",
        min_inspections=30,
    )
    flagged = {review.profile: review.flagged for review in reviews}
    # cars 7.5 % keep; textiles 12/300 = 4 % flag; tiny only 5 inspections: not judged;
    # edge 99/2000 = 4.95 % is below 5 % and flagged
    assert flagged == {"cars": False, "edge": True, "textiles": True, "tiny": False}
    tiny = next(review for review in reviews if review.profile == "tiny")
    assert tiny.hit_rate is None
    assert "fewer than the 30 needed" in tiny.reason


def test_a_profile_exactly_at_the_threshold_is_kept():
    # 30 ÷ 600 = 5 % exactly, not below 5 %
    (review,) = review_profiles(results={"p": (600, 30)}, threshold=5)
    assert review.flagged is False


def test_the_heat_map_places_entries_and_colours_every_cell():
    entries = [
        RiskEntry(id="R-1", statement="a", likelihood=4, impact=5),
        RiskEntry(id="R-2", statement="b", likelihood=4, impact=5),
        RiskEntry(id="R-3", statement="c", likelihood=1, impact=2),
    ]
    heat = build_heat_map(entries=entries)
    assert len(heat.cells) == 25
    assert heat.cell(likelihood=4, impact=5).entry_ids == ("R-1", "R-2")
    assert heat.cell(likelihood=1, impact=2).count == 1
    # top row is impact 5: scores 5, 10, 15, 20, 25 → green, yellow, red, red, red
    assert [cell.channel for cell in heat.rows[0]] == [
        Channel.GREEN,
        Channel.YELLOW,
        Channel.RED,
        Channel.RED,
        Channel.RED,
    ]
    # bottom row is impact 1: scores 1…5, all green
    assert {cell.channel for cell in heat.rows[4]} == {Channel.GREEN}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: DEFAULT_MATRIX.rate(likelihood=6, impact=1),
            r"likelihood 6 is out of range: expected a whole number from 1 to 5",
        ),
        (lambda: DEFAULT_MATRIX.rate(likelihood=2, impact=0), r"impact 0 is out of range"),
        (
            lambda: RiskEntry(id="R-9", statement="s", likelihood="3", impact=1),
            r"risk R-9: likelihood '3' is out of range",
        ),
        (lambda: ChannelBands(((8, "yellow"), (15, "red"))), r"must fall strictly, highest first"),
        (
            lambda: ChannelBands(((15, "purple"),)),
            r"channel 'purple' is not known: expected one of 'red', 'yellow', 'blue', 'green'",
        ),
        (
            lambda: RiskMatrix(bands=ChannelBands(((15, "red"), (8, "yellow")))),
            r"a score of 1 has no channel",
        ),
        (lambda: ScoringPolicy(floor=50, cap=10), r"score cap 10 is not above the floor 50"),
        (
            lambda: score_indicators(indicators=CATALOGUE, present=["cheap"]),
            r"indicator 'cheap' is not in the catalogue: expected one of \['aeo'",
        ),
        (
            lambda: Indicator(code="x", description="x", weight="heavy"),
            r"indicator 'x' weight 'heavy' is not a number",
        ),
        (lambda: compute_hit_rate(inspections=10, findings=11), r"findings 11 exceed inspections 10"),
        (lambda: compute_hit_rate(inspections=0, findings=0), r"inspections 0 gives no hit rate"),
        (lambda: compute_hit_rate(inspections=-1, findings=0), r"inspections -1 is not a count"),
        (
            lambda: review_profiles(results={"p": (10, 1)}, threshold="120"),
            r"threshold '120' is out of range",
        ),
        (
            lambda: LevelBands(what="revenue at risk", cuts=(1, 2, 3)),
            r"revenue at risk cuts \(1, 2, 3\) are not 4 values",
        ),
        (
            lambda: assess_consignment(indicators=CATALOGUE, present=[], revenue_at_risk="-1"),
            r"revenue at risk '-1' is negative",
        ),
        (
            lambda: rate_register(entries=[RiskEntry(id="A", statement="s", likelihood=1, impact=1)] * 2),
            r"risk ids \['A'\] appear twice",
        ),
    ],
)
def test_bad_input_raises_a_risk_error_naming_the_value(build, message):
    with pytest.raises(RiskError, match=message) as caught:
        build()
    assert isinstance(caught.value, MtpKitError)


weights = st.decimals(min_value=-100, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(
    catalogue_weights=st.lists(weights, min_size=1, max_size=8),
    data=st.data(),
    floor=st.integers(min_value=-50, max_value=40),
    span=st.integers(min_value=1, max_value=200),
)
def test_a_score_never_leaves_its_floor_and_cap(catalogue_weights, data, floor, span):
    catalogue = [
        Indicator(code=f"i{n}", description=f"i{n}", weight=w) for n, w in enumerate(catalogue_weights)
    ]
    present = data.draw(st.lists(st.sampled_from([i.code for i in catalogue]), unique=True))
    policy = ScoringPolicy(floor=floor, cap=floor + span, bands=ChannelBands(((floor, "green"),)))
    result = score_indicators(indicators=catalogue, present=present, policy=policy)
    assert policy.floor <= result.score <= policy.cap


@given(present=st.lists(st.sampled_from(CODES), unique=True))
def test_an_intelligence_alert_is_always_red_whatever_else_is_present(present):
    result = score_indicators(indicators=CATALOGUE, present=[*present, "intel"])
    assert result.channel is Channel.RED


@given(likelihood=st.integers(1, 4), impact=st.integers(1, 5))
def test_a_higher_likelihood_never_lowers_the_channel(likelihood, impact):
    for matrix in (DEFAULT_MATRIX, BLUE_MATRIX):
        lower = matrix.rate(likelihood=likelihood, impact=impact).channel
        higher = matrix.rate(likelihood=likelihood + 1, impact=impact).channel
        assert higher.severity >= lower.severity


@given(inspections=st.integers(1, 10**6), data=st.data())
def test_a_hit_rate_is_a_percentage_between_0_and_100(inspections, data):
    findings = data.draw(st.integers(0, inspections))
    assert Decimal(0) <= compute_hit_rate(inspections=inspections, findings=findings).rate <= Decimal(100)


def test_the_public_api_is_pinned():
    """Adding or removing an exported name is a deliberate change: update this list with it."""
    assert risk.__all__ == [
        "DEFAULT_IMPACT_BANDS",
        "DEFAULT_LIKELIHOOD_BANDS",
        "DEFAULT_MATRIX",
        "DEFAULT_SCORING",
        "Channel",
        "ChannelBands",
        "ConsignmentAssessment",
        "HeatMap",
        "HeatMapCell",
        "HitRate",
        "Indicator",
        "IndicatorLine",
        "IndicatorScore",
        "LevelBands",
        "ProfileReview",
        "RatedEntry",
        "RiskEntry",
        "RiskMatrix",
        "RiskRating",
        "ScoringPolicy",
        "assess_consignment",
        "build_heat_map",
        "compute_hit_rate",
        "rate_register",
        "review_profiles",
        "score_indicators",
    ]
    assert all(hasattr(risk, name) for name in risk.__all__)


def test_every_public_function_of_risk_has_a_doctest():
    missing = []
    for name in risk.__all__:
        obj = getattr(risk, name)
        members = [(name, obj)] if inspect.isfunction(obj) else []
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                member = member.fget if isinstance(member, property) else member
                if not attr.startswith("_") and inspect.isfunction(member):
                    members.append((f"{name}.{attr}", member))
        missing += [label for label, member in members if ">>>" not in (member.__doc__ or "")]
    assert missing == []
