"""Classical item analysis of one assessment, to improve the item bank between cohorts.

For every item (a graded cell) of an assessment:

- **facility index** p: the mean share of the item's points scored (0 = nobody, 1 = everybody);
- **discrimination index** D: the facility in the upper group minus the facility in the lower group, the
  groups being the top and bottom 27% of candidates by total score (Kelley's 27%), at least one candidate
  each; candidates are ranked by total, highest first, ties broken by candidate id so the result is repeatable;
- **point-biserial** r: the correlation of the item score with the rest of the test (the total without the item,
  the "corrected" item-total correlation), so that an item is not credited for correlating with itself; for a
  partial-credit item it is the same Pearson correlation;

and for the test, **Cronbach's alpha**, which for items scored 0 or 1 is **KR-20** (reported as ``kr20`` only
then). Variances are population variances (divided by n) throughout; alpha is the same with n − 1 as long as
all variances use the same divisor.

Only candidates who submitted the assessment and whose every item is graded are analysed. Flags use the common
rules of thumb, all keyword arguments: facility below 0.20 (hard) or above 0.90 (easy), D below 0.20
(weak; negative means the weaker candidates did better — check the answer key), point-biserial below 0.20, and
an item everyone scored the same on. Statistics are rounded to 6 decimals before they are compared, so a
value printed as 0.2 is not flagged as below 0.2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtp_kit.readiness._errors import ReadinessError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ItemAnalysis", "ItemStatistics", "analyse_item_scores", "analyse_items", "item_matrix"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemStatistics:
    """The statistics of one item and the reasons it is flagged for review (empty when it is fine)."""

    item: str
    max_score: float
    facility: float
    discrimination: float | None
    point_biserial: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemAnalysis:
    """The item statistics of one assessment, with the test's reliability."""

    assignment: str
    candidates: int
    group_size: int
    items: tuple[ItemStatistics, ...]
    alpha: float | None
    kr20: float | None

    @property
    def flagged(self) -> tuple[ItemStatistics, ...]:
        """The items with at least one flag."""
        return tuple(item for item in self.items if item.flags)

    def to_frame(self) -> pd.DataFrame:
        """One row per item: item, max_score, facility, discrimination, point_biserial, flags (joined by "; ")."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "item": i.item,
                    "max_score": i.max_score,
                    "facility": i.facility,
                    "discrimination": i.discrimination,
                    "point_biserial": i.point_biserial,
                    "flags": "; ".join(i.flags),
                }
                for i in self.items
            ],
            columns=["item", "max_score", "facility", "discrimination", "point_biserial", "flags"],
        )


def item_matrix(grades: pd.DataFrame, *, assignment: str) -> tuple[pd.DataFrame, dict[str, float]]:
    """Raw scores of one assignment, one row per fully graded submission and one column per ``notebook/cell``.

    Returns the matrix and each item's maximum score.
    """
    rows = grades[grades["assignment"] == assignment]
    if rows.empty:
        raise ReadinessError(f"{assignment!r} is not an assignment of the gradebook")
    rows = rows[rows["submitted"]]
    item = rows["notebook"].astype(str) + "/" + rows["cell"].astype(str)
    maxima = dict(zip(item, rows["max_score"].astype(float), strict=True))
    incomplete = rows["score"].isna() | rows["needs_manual_grade"].fillna(False).astype(bool)
    excluded = set(rows.loc[incomplete, "candidate"])
    matrix = rows.assign(item=item).pivot_table(
        index="candidate", columns="item", values="score", aggfunc="first"
    )
    matrix = matrix.loc[~matrix.index.isin(excluded)].dropna()
    matrix.columns.name = None
    return matrix.sort_index(axis=0).sort_index(axis=1), {k: maxima[k] for k in sorted(maxima)}


def _round(value: float) -> float:
    return round(value, 6)


def _pearson(x: list[float], y: list[float]) -> float | None:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    return _round(sxy / math.sqrt(sxx * syy))


def _variance(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def analyse_item_scores(
    scores: pd.DataFrame,
    *,
    max_scores: Mapping[str, float] | None = None,
    assignment: str = "",
    group_share: float = 0.27,
    facility_range: tuple[float, float] = (0.20, 0.90),
    discrimination_min: float = 0.20,
    point_biserial_min: float = 0.20,
) -> ItemAnalysis:
    """Item statistics of a score matrix (rows candidates, index their ids; columns items; raw scores).

    ``max_scores`` defaults to 1 per item (items scored right or wrong).

    >>> import pandas as pd
    >>> scores = pd.DataFrame({"q1": [1, 1, 0], "q2": [1, 0, 0]}, index=["a", "b", "c"])
    >>> analysis = analyse_item_scores(scores)
    >>> [(i.item, i.facility, i.discrimination) for i in analysis.items]
    [('q1', 0.666667, 1.0), ('q2', 0.333333, 1.0)]
    """
    if not 0 < group_share <= 0.5:
        raise ReadinessError(
            f"group_share = {group_share!r} is not accepted; expected a share above 0 and at most 0.5"
        )
    items = [str(c) for c in scores.columns]
    maxima = {item: float((max_scores or {}).get(item, 1.0)) for item in items}
    for item, maximum in maxima.items():
        if maximum <= 0:
            raise ReadinessError(f"item {item!r} has max_score {maximum}; expected a positive number")
    candidates = [str(c) for c in scores.index]
    n = len(candidates)
    columns = {
        item: [float(v) for v in scores[column]] for item, column in zip(items, scores.columns, strict=True)
    }
    totals = [sum(columns[item][row] for item in items) for row in range(n)]
    group = max(1, math.floor(group_share * n + 0.5)) if n >= 2 else 0
    order = sorted(range(n), key=lambda row: (-totals[row], candidates[row]))
    upper, lower = order[:group], order[n - group :] if group else []

    statistics = []
    low, high = facility_range
    for item in items:
        values, maximum = columns[item], maxima[item]
        if n == 0:
            statistics.append(
                ItemStatistics(
                    item=item,
                    max_score=maximum,
                    facility=math.nan,
                    discrimination=None,
                    point_biserial=None,
                    flags=("no graded submission",),
                )
            )
            continue
        facility = _round(sum(values) / (n * maximum))
        discrimination = (
            _round((sum(values[r] for r in upper) - sum(values[r] for r in lower)) / (group * maximum))
            if group
            else None
        )
        rest = [totals[row] - values[row] for row in range(n)]
        point_biserial = _pearson(values, rest) if n >= 2 else None
        flags = []
        if facility < low:
            flags.append(f"hard: facility {facility:.2f} below {low:.2f}")
        elif facility > high:
            flags.append(f"easy: facility {facility:.2f} above {high:.2f}")
        if len(set(values)) == 1:
            flags.append("every candidate scored the same: the item tells nothing apart")
        elif discrimination is not None and discrimination < 0:
            flags.append(
                f"negative discrimination {discrimination:.2f}: weaker candidates did better, check the answer key"
            )
        elif discrimination is not None and discrimination < discrimination_min:
            flags.append(f"weak discrimination {discrimination:.2f} below {discrimination_min:.2f}")
        if point_biserial is not None and point_biserial < point_biserial_min:
            flags.append(f"point-biserial {point_biserial:.2f} below {point_biserial_min:.2f}")
        statistics.append(
            ItemStatistics(
                item=item,
                max_score=maximum,
                facility=facility,
                discrimination=discrimination,
                point_biserial=point_biserial,
                flags=tuple(flags),
            )
        )
    alpha = None
    k = len(items)
    if k >= 2 and n >= 2:
        total_variance = _variance(totals)
        if total_variance > 0:
            item_variance = sum(_variance(columns[item]) for item in items)
            alpha = _round(k / (k - 1) * (1 - item_variance / total_variance))
    dichotomous = all(set(columns[item]) <= {0.0, maxima[item]} for item in items)
    return ItemAnalysis(
        assignment=assignment,
        candidates=n,
        group_size=group,
        items=tuple(statistics),
        alpha=alpha,
        kr20=alpha if dichotomous else None,
    )


def analyse_items(grades: pd.DataFrame, *, assignment: str, **thresholds: float) -> ItemAnalysis:
    """Item statistics of one assignment of a tidy gradebook frame (:func:`read_gradebook`).

    Keyword arguments ``group_share``, ``discrimination_min``, ``point_biserial_min`` and
    ``facility_range`` are passed to :func:`analyse_item_scores`.
    """
    matrix, maxima = item_matrix(grades, assignment=assignment)
    return analyse_item_scores(matrix, max_scores=maxima, assignment=assignment, **thresholds)  # type: ignore[arg-type]
