"""Behaviour of item analysis, checked against statistics worked out by hand on tiny score tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mtp_kit.readiness import (
    ReadinessError,
    analyse_item_scores,
    analyse_items,
    build_synthetic_gradebook,
    read_gradebook,
)

# Five candidates, three items scored 0 or 1.
#
#        i1 i2 i3  total
#    A    1  1  1    3
#    B    1  1  0    2
#    C    1  0  1    2
#    D    1  0  0    1
#    E    0  0  0    0
#
# Facility: i1 4/5 = 0.8, i2 2/5 = 0.4, i3 2/5 = 0.4.
# Groups: 27% of 5 = 1.35 -> 1 candidate each; upper A (3), lower E (0); D = 1 - 0 = 1 for every item.
# Alpha / KR-20 with population variances: item variances p(1 - p) = 0.16 + 0.24 + 0.24 = 0.64;
#   totals 3, 2, 2, 1, 0 have mean 1.6 and variance (1.96 + 0.16 + 0.16 + 0.36 + 2.56) / 5 = 1.04;
#   alpha = 3/2 x (1 - 0.64 / 1.04) = 1.5 x 0.4 / 1.04 = 15/26 = 0.576923.
# Point-biserial of i1 with the rest (i2 + i3 = 2, 1, 1, 0, 0):
#   cov = mean(i1 x rest) - 0.8 x 0.8 = 0.8 - 0.64 = 0.16; var(i1) = 0.16; var(rest) = 1.2 - 0.64 = 0.56;
#   r = 0.16 / sqrt(0.16 x 0.56) = sqrt(2/7) = 0.534522.
# Point-biserial of i2 with the rest (i1 + i3 = 2, 1, 2, 1, 0):
#   cov = 0.6 - 0.4 x 1.2 = 0.12; var(i2) = 0.24; var(rest) = 2 - 1.44 = 0.56;
#   r = 0.12 / sqrt(0.24 x 0.56) = 0.327327 (i3 is the mirror image of i2 and gives the same).
DICHOTOMOUS = pd.DataFrame(
    {"i1": [1, 1, 1, 1, 0], "i2": [1, 1, 0, 0, 0], "i3": [1, 0, 1, 0, 0]}, index=["A", "B", "C", "D", "E"]
)


def _by_item(analysis):
    return {item.item: item for item in analysis.items}


def test_facility_is_the_share_of_points_scored():
    items = _by_item(analyse_item_scores(DICHOTOMOUS))
    assert [items[i].facility for i in ("i1", "i2", "i3")] == [0.8, 0.4, 0.4]


def test_discrimination_compares_the_upper_and_lower_27_percent():
    analysis = analyse_item_scores(DICHOTOMOUS)
    assert analysis.group_size == 1
    assert [item.discrimination for item in analysis.items] == [1.0, 1.0, 1.0]


def test_point_biserial_correlates_each_item_with_the_rest_of_the_test():
    items = _by_item(analyse_item_scores(DICHOTOMOUS))
    assert items["i1"].point_biserial == pytest.approx(math.sqrt(2 / 7), abs=1e-6)
    assert items["i2"].point_biserial == pytest.approx(0.327327, abs=1e-6)
    assert items["i3"].point_biserial == pytest.approx(0.327327, abs=1e-6)


def test_kr20_is_alpha_for_items_scored_right_or_wrong():
    analysis = analyse_item_scores(DICHOTOMOUS)
    assert analysis.alpha == pytest.approx(15 / 26, abs=1e-6)
    assert analysis.kr20 == analysis.alpha


def test_good_items_carry_no_flag():
    assert analyse_item_scores(DICHOTOMOUS).flagged == ()


# Three candidates, two items worth 2 points each.
#
#        i1 i2  total
#    A    2  2    4
#    B    1  2    3
#    C    0  1    1
#
# Facility: i1 mean 1 / 2 = 0.5; i2 mean 5/3 / 2 = 5/6 = 0.833333.
# Variances: i1 (1 + 0 + 1) / 3 = 2/3; i2 (1/9 + 1/9 + 4/9) / 3 = 2/9; totals mean 8/3,
#   (16/9 + 1/9 + 25/9) / 3 = 14/9. Alpha = 2/1 x (1 - (2/3 + 2/9) / (14/9)) = 2 x (1 - 8/14) = 6/7 = 0.857143.
# Groups: 27% of 3 = 0.81 -> 1; upper A, lower C: D(i1) = (2 - 0) / 2 = 1, D(i2) = (2 - 1) / 2 = 0.5.
PARTIAL = pd.DataFrame({"i1": [2, 1, 0], "i2": [2, 2, 1]}, index=["A", "B", "C"])


def test_cronbachs_alpha_on_partial_credit_items_and_no_kr20():
    analysis = analyse_item_scores(PARTIAL, max_scores={"i1": 2, "i2": 2})
    assert analysis.alpha == pytest.approx(6 / 7, abs=1e-6)
    assert analysis.kr20 is None
    items = _by_item(analysis)
    assert (items["i1"].facility, items["i2"].facility) == (0.5, pytest.approx(5 / 6, abs=1e-6))
    assert (items["i1"].discrimination, items["i2"].discrimination) == (1.0, 0.5)


# Four candidates, four items.
#
#        i1 i2 i3 i4  total
#    A    1  1  1  0    3
#    B    1  1  1  0    3
#    C    1  1  1  0    3
#    D    1  0  0  1    2
#
# i1: everyone right -> facility 1.0 (easy) and no variance.
# i4: only the weakest candidate right -> upper A (ties broken by id) scores 0, lower D scores 1: D = -1;
#   rest = 3, 3, 3, 1: cov = 0.25 - 0.25 x 2.5 = -0.375, var(i4) = 0.1875, var(rest) = 7 - 6.25 = 0.75,
#   r = -0.375 / sqrt(0.140625) = -1.
PROBLEMS = pd.DataFrame(
    {"i1": [1, 1, 1, 1], "i2": [1, 1, 1, 0], "i3": [1, 1, 1, 0], "i4": [0, 0, 0, 1]},
    index=["A", "B", "C", "D"],
)


def test_an_item_everyone_answers_right_is_flagged_easy_and_uninformative():
    flags = _by_item(analyse_item_scores(PROBLEMS))["i1"].flags
    assert flags == (
        "easy: facility 1.00 above 0.90",
        "every candidate scored the same: the item tells nothing apart",
    )


def test_an_item_the_weaker_candidates_do_better_on_is_flagged_for_its_key():
    i4 = _by_item(analyse_item_scores(PROBLEMS))["i4"]
    assert (i4.facility, i4.discrimination, i4.point_biserial) == (0.25, -1.0, -1.0)
    assert i4.flags == (
        "negative discrimination -1.00: weaker candidates did better, check the answer key",
        "point-biserial -1.00 below 0.20",
    )


def test_flag_thresholds_are_parameters():
    analysis = analyse_item_scores(DICHOTOMOUS, facility_range=(0.5, 0.95))
    assert [i.item for i in analysis.flagged] == ["i2", "i3"]
    assert analysis.flagged[0].flags == ("hard: facility 0.40 below 0.50",)


def test_a_group_share_above_half_is_refused():
    with pytest.raises(ReadinessError, match=r"group_share = 0\.6 is not accepted"):
        analyse_item_scores(DICHOTOMOUS, group_share=0.6)


def test_items_of_a_gradebook_assignment_are_analysed_on_graded_submissions_only(tmp_path):
    build_synthetic_gradebook(
        tmp_path / "g.db",
        candidates=60,
        assignments=2,
        notebooks=2,
        cells=3,
        submit_rate=0.8,
        manual_rate=0.05,
        seed=5,
    )
    grades = read_gradebook(tmp_path / "g.db")
    analysis = analyse_items(grades, assignment="a01")
    rows = grades[grades.assignment == "a01"]
    waiting = rows[rows.needs_manual_grade.fillna(False).astype(bool)].candidate.nunique()
    assert analysis.candidates == rows[rows.submitted].candidate.nunique() - waiting
    assert len(analysis.items) == 6
    assert analysis.to_frame().columns.tolist() == [
        "item",
        "max_score",
        "facility",
        "discrimination",
        "point_biserial",
        "flags",
    ]


def test_an_unknown_assignment_is_named():
    grades = pd.DataFrame({"assignment": ["a01"]})
    with pytest.raises(ReadinessError, match="'wg9' is not an assignment of the gradebook"):
        analyse_items(grades, assignment="wg9")
