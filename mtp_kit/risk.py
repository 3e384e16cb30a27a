"""Risk management for customs control: the register, the 5 × 5 matrix, indicator scoring and profile review.

This module computes what a risk analyst computes when deciding how a consignment is treated: a likelihood and
an impact (1–5 each) read from indicators and from the revenue at risk, a matrix score and the channel it
falls in (red: physical examination, yellow: documentary check, green: release, optionally blue: release with
later post-clearance audit), a weighted indicator score kept between a floor and a cap, and the hit rate that
tells whether a selection profile still earns its inspections. Every result says why, so that a widget can
show the reasoning beside the colour.

The thresholds in ``DEFAULT_MATRIX``, ``DEFAULT_SCORING``, ``DEFAULT_LIKELIHOOD_BANDS`` and
``DEFAULT_IMPACT_BANDS`` are teaching defaults **[assumption, DOMAIN 5]**, not any administration's policy:
every function takes its own thresholds as keyword arguments. Indicator weights are summed exactly
(``Decimal``); only a hit rate is divided, and it is shown rounded half-up to 2 decimals while the flagging
decision compares exact values.

>>> DEFAULT_MATRIX.rate(likelihood=4, impact=4).channel
<Channel.RED: 'red'>
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from mtp_kit._numbers import parse_decimal
from mtp_kit.errors import RiskError

__all__ = [
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

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)


def _decimal(value: object, what: str) -> Decimal:
    """Read a number typed by a trainee: Decimal, int, str, or a float (read through its shortest repr)."""
    number = parse_decimal(value)
    if number is None:
        raise RiskError(
            f"{what} {value!r} is not a number: give a Decimal, an int or a string such as '12.5'"
        )
    if not number.is_finite():
        raise RiskError(f"{what} {value!r} is not a finite number")
    return number


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RiskError(f"{what} {value!r} is not a count: expected a whole number 0 or more")
    return value


def _level(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise RiskError(f"{what} {value!r} is out of range: expected a whole number from 1 to 5")
    return value


def _show(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class Channel(enum.Enum):
    """The lane a declaration is sent to; ``severity`` orders them (blue and green both release)."""

    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    GREEN = "green"

    @property
    def action(self) -> str:
        """What an officer does in this channel.

        >>> Channel.YELLOW.action
        'documentary check'
        """
        return _ACTIONS[self]

    @property
    def severity(self) -> int:
        """3 for red down to 0 for green, so that channels can be compared.

        >>> Channel.RED.severity > Channel.BLUE.severity > Channel.GREEN.severity
        True
        """
        return _SEVERITY[self]


_ACTIONS = {
    Channel.RED: "physical examination",
    Channel.YELLOW: "documentary check",
    Channel.BLUE: "release, with post-clearance audit later",
    Channel.GREEN: "release (a small random share may still be checked)",
}
_SEVERITY = {Channel.RED: 3, Channel.YELLOW: 2, Channel.BLUE: 1, Channel.GREEN: 0}


def _channel(value: object) -> Channel:
    if isinstance(value, Channel):
        return value
    try:
        return Channel(value)
    except ValueError:
        accepted = ", ".join(repr(c.value) for c in Channel)
        raise RiskError(f"channel {value!r} is not known: expected one of {accepted}") from None


@dataclass(frozen=True, slots=True)
class ChannelBands:
    """Score thresholds: each band is ``(lowest score, channel)``, highest band first.

    A score goes to the first band whose lowest score it reaches. The lowest band must start at or below the
    lowest possible score, so that every score has a channel.

    >>> bands = ChannelBands(((15, "red"), (8, "yellow"), (1, "green")))
    >>> bands.channel_for(Decimal(8)), bands.channel_for(Decimal(7))
    (<Channel.YELLOW: 'yellow'>, <Channel.GREEN: 'green'>)
    """

    bands: tuple[tuple[Decimal, Channel], ...]

    def __post_init__(self) -> None:
        try:
            raw = tuple(self.bands)
            pairs = tuple((_decimal(low, "band threshold"), _channel(ch)) for low, ch in raw)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, RiskError):
                raise
            raise RiskError(
                f"channel bands {self.bands!r} are not (threshold, channel) pairs: "
                "e.g. ((15, 'red'), (8, 'yellow'))"
            ) from None
        if not pairs:
            raise RiskError("channel bands () are empty: give at least one (threshold, channel) pair")
        lows = [low for low, _ in pairs]
        if any(a <= b for a, b in itertools.pairwise(lows)):
            raise RiskError(
                f"channel band thresholds {[_show(x) for x in lows]} must fall strictly, highest first"
            )
        channels = [ch for _, ch in pairs]
        if len(set(channels)) != len(channels):
            raise RiskError(
                f"channel bands {[c.value for c in channels]} name a channel twice: each channel once"
            )
        object.__setattr__(self, "bands", pairs)

    def channel_for(self, score: Decimal) -> Channel:
        """The channel of ``score``.

        >>> ChannelBands(((60, "red"), (0, "green"))).channel_for(Decimal(60))
        <Channel.RED: 'red'>
        """
        for low, channel in self.bands:
            if score >= low:
                return channel
        raise RiskError(f"score {_show(score)} is below the lowest band ({_show(self.bands[-1][0])})")

    def describe(self, score: Decimal) -> str:
        """Say which band ``score`` fell in and why.

        >>> ChannelBands(((15, "red"), (8, "yellow"), (1, "green"))).describe(Decimal(9))
        '9 is at or above 8 and below 15 → yellow'
        """
        upper: Decimal | None = None
        for low, channel in self.bands:
            if score >= low:
                below = f" and below {_show(upper)}" if upper is not None else ""
                return f"{_show(score)} is at or above {_show(low)}{below} → {channel.value}"
            upper = low
        raise RiskError(f"score {_show(score)} is below the lowest band ({_show(self.bands[-1][0])})")

    def _check_covers(self, lowest: Decimal, what: str) -> None:
        if self.bands[-1][0] > lowest:
            raise RiskError(
                f"{what} lowest band starts at {_show(self.bands[-1][0])}, "
                f"so a score of {_show(lowest)} has no channel: "
                f"start the last band at {_show(lowest)} or lower"
            )


@dataclass(frozen=True, slots=True)
class RiskRating:
    """A likelihood × impact score and its channel, with the sentence that explains it."""

    likelihood: int
    impact: int
    score: int
    channel: Channel
    reason: str
    provision: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskMatrix:
    """The 5 × 5 matrix: score = likelihood × impact (1–25), channel from configurable bands.

    >>> blue = RiskMatrix(bands=ChannelBands(((15, "red"), (8, "yellow"), (5, "blue"), (1, "green"))))
    >>> blue.rate(likelihood=2, impact=3).channel
    <Channel.BLUE: 'blue'>
    """

    bands: ChannelBands = field(
        default_factory=lambda: ChannelBands(((15, Channel.RED), (8, Channel.YELLOW), (1, Channel.GREEN)))
    )
    name: str = "5 × 5 matrix"

    def __post_init__(self) -> None:
        if not isinstance(self.bands, ChannelBands):
            object.__setattr__(self, "bands", ChannelBands(self.bands))
        self.bands._check_covers(Decimal(1), "matrix")
        if self.bands.bands[0][0] > 25:
            raise RiskError(
                f"matrix band threshold {_show(self.bands.bands[0][0])} is above 25, the highest score"
            )

    def rate(self, *, likelihood: int, impact: int) -> RiskRating:
        """Score and channel of one likelihood and impact (each 1–5).

        >>> print(DEFAULT_MATRIX.rate(likelihood=3, impact=3).reason)
        likelihood 3 × impact 3 = 9; 9 is at or above 8 and below 15 → yellow: documentary check
        """
        likelihood = _level(likelihood, "likelihood")
        impact = _level(impact, "impact")
        score = likelihood * impact
        channel = self.bands.channel_for(Decimal(score))
        reason = (
            f"likelihood {likelihood} × impact {impact} = {score}; "
            f"{self.bands.describe(Decimal(score))}: {channel.action}"
        )
        thresholds = ", ".join(f"{c.value} ≥ {_show(low)}" for low, c in self.bands.bands)
        return RiskRating(likelihood, impact, score, channel, reason, f"{self.name} ({thresholds})")


DEFAULT_MATRIX = RiskMatrix()
"""Teaching default **[assumption, DOMAIN 5]**: ≥ 15 red, 8–14 yellow, ≤ 7 green."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskEntry:
    """One row of a risk register (DOMAIN 5): what, who and how, indicators, likelihood and impact, treatment.

    >>> entry = RiskEntry(id="R-01", statement="Undervaluation of used cars by new importers",
    ...                   likelihood=4, impact=4, owner="Valuation unit")
    >>> entry.rate().channel
    <Channel.RED: 'red'>
    """

    id: str
    statement: str
    likelihood: int
    impact: int
    indicators: tuple[str, ...] = ()
    owner: str = ""
    treatment: str = ""
    review_date: dt.date | None = None
    status: str = "open"

    def __post_init__(self) -> None:
        for name in ("id", "statement"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise RiskError(f"risk entry {name} {value!r} is empty: give a {name}")
        _level(self.likelihood, f"risk {self.id}: likelihood")
        _level(self.impact, f"risk {self.id}: impact")
        object.__setattr__(self, "indicators", tuple(self.indicators))
        if self.review_date is not None and not isinstance(self.review_date, dt.date):
            raise RiskError(f"risk {self.id}: review_date {self.review_date!r} is not a date")

    @property
    def score(self) -> int:
        """Likelihood × impact.

        >>> RiskEntry(id="R", statement="s", likelihood=2, impact=5).score
        10
        """
        return self.likelihood * self.impact

    def rate(self, matrix: RiskMatrix | None = None) -> RiskRating:
        """Rate this entry on ``matrix`` (the teaching default when omitted).

        >>> RiskEntry(id="R", statement="s", likelihood=1, impact=5).rate().channel
        <Channel.GREEN: 'green'>
        """
        return (matrix or DEFAULT_MATRIX).rate(likelihood=self.likelihood, impact=self.impact)


@dataclass(frozen=True, slots=True)
class RatedEntry:
    """A register entry with its rating."""

    entry: RiskEntry
    rating: RiskRating


def rate_register(
    *, entries: Iterable[RiskEntry], matrix: RiskMatrix | None = None
) -> tuple[RatedEntry, ...]:
    """Rate every entry and order the register highest score first (ties by id).

    >>> entries = [RiskEntry(id="A", statement="a", likelihood=1, impact=2),
    ...            RiskEntry(id="B", statement="b", likelihood=5, impact=4)]
    >>> [rated.entry.id for rated in rate_register(entries=entries)]
    ['B', 'A']
    """
    entries = tuple(entries)
    for entry in entries:
        if not isinstance(entry, RiskEntry):
            raise RiskError(f"register entry {entry!r} is not a RiskEntry")
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RiskError(f"risk ids {duplicates!r} appear twice in the register: each id once")
    rated = [RatedEntry(entry, entry.rate(matrix)) for entry in entries]
    return tuple(sorted(rated, key=lambda r: (-r.rating.score, r.entry.id)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """A risk indicator and its weight; trust indicators (AEO, clean history) carry negative weights.

    ``alert`` marks an intelligence alert: when present it forces examination whatever the score.

    >>> Indicator(code="new-importer", description="first declaration in 12 months", weight="15").weight
    Decimal('15')
    """

    code: str
    description: str
    weight: Decimal
    alert: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise RiskError(
                f"indicator code {self.code!r} is empty: give a short code such as 'new-importer'"
            )
        object.__setattr__(self, "weight", _decimal(self.weight, f"indicator {self.code!r} weight"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoringPolicy:
    """Floor, cap and channel bands of weighted indicator scoring.

    >>> ScoringPolicy().cap
    Decimal('100')
    """

    floor: Decimal = Decimal(0)
    cap: Decimal = Decimal(100)
    bands: ChannelBands = field(
        default_factory=lambda: ChannelBands(((60, Channel.RED), (30, Channel.YELLOW), (0, Channel.GREEN)))
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "floor", _decimal(self.floor, "score floor"))
        object.__setattr__(self, "cap", _decimal(self.cap, "score cap"))
        if self.cap <= self.floor:
            raise RiskError(f"score cap {_show(self.cap)} is not above the floor {_show(self.floor)}")
        if not isinstance(self.bands, ChannelBands):
            object.__setattr__(self, "bands", ChannelBands(self.bands))
        self.bands._check_covers(self.floor, "scoring")


DEFAULT_SCORING = ScoringPolicy()
"""Teaching default **[assumption]**: score kept within 0–100; ≥ 60 red, 30–59 yellow, below 30 green."""


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One indicator found present, with its weight and the sentence explaining it."""

    code: str
    weight: Decimal
    alert: bool
    reason: str


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """Sum of weights, the score kept within floor and cap, the channel, and why."""

    raw: Decimal
    score: Decimal
    channel: Channel
    alert: bool
    lines: tuple[IndicatorLine, ...]
    reason: str


def _present_indicators(indicators: Iterable[Indicator], present: Iterable[str]) -> list[Indicator]:
    catalogue: dict[str, Indicator] = {}
    for indicator in indicators:
        if not isinstance(indicator, Indicator):
            raise RiskError(f"indicator {indicator!r} is not an Indicator")
        if indicator.code in catalogue:
            raise RiskError(f"indicator code {indicator.code!r} is defined twice: each code once")
        catalogue[indicator.code] = indicator
    if isinstance(present, str):
        present = [present]
    found: list[Indicator] = []
    for code in dict.fromkeys(present):  # a code ticked twice counts once
        if code not in catalogue:
            raise RiskError(
                f"indicator {code!r} is not in the catalogue: expected one of {sorted(catalogue)}"
            )
        found.append(catalogue[code])
    return found


def score_indicators(
    *, indicators: Iterable[Indicator], present: Iterable[str], policy: ScoringPolicy = DEFAULT_SCORING
) -> IndicatorScore:
    """Add the weights of the indicators present, keep the sum within floor and cap, and pick a channel.

    An intelligence alert sends the consignment to red whatever the score: trust indicators lower the score
    but never switch an alert off.

    >>> catalogue = [Indicator(code="new", description="new importer", weight="40"),
    ...              Indicator(code="aeo", description="AEO status", weight="-30"),
    ...              Indicator(code="intel", description="intelligence alert", weight="0", alert=True)]
    >>> score_indicators(indicators=catalogue, present=["new", "aeo"]).channel
    <Channel.GREEN: 'green'>
    >>> score_indicators(indicators=catalogue, present=["aeo", "intel"]).channel
    <Channel.RED: 'red'>
    """
    if not isinstance(policy, ScoringPolicy):
        raise RiskError(f"policy {policy!r} is not a ScoringPolicy")
    found = _present_indicators(indicators, present)
    lines = tuple(
        IndicatorLine(
            code=ind.code,
            weight=ind.weight,
            alert=ind.alert,
            reason=(
                f"{ind.description}: intelligence alert, forces examination"
                if ind.alert
                else f"{ind.description}: {'+' if ind.weight >= 0 else '−'}{_show(abs(ind.weight))}"
                + (" (trust indicator)" if ind.weight < 0 else "")
            ),
        )
        for ind in found
    )
    raw = sum((ind.weight for ind in found), Decimal(0))
    score = min(max(raw, policy.floor), policy.cap)
    parts = [_sum_text(raw, policy)]
    alert = any(ind.alert for ind in found)
    if alert:
        channel = Channel.RED
        codes = ", ".join(ind.code for ind in found if ind.alert)
        parts.append(f"intelligence alert ({codes}) forces red: {Channel.RED.action}, whatever the score")
    else:
        channel = policy.bands.channel_for(score)
        parts.append(f"{policy.bands.describe(score)}: {channel.action}")
    return IndicatorScore(raw, score, channel, alert, lines, "; ".join(parts))


def _sum_text(raw: Decimal, policy: ScoringPolicy) -> str:
    text = f"weights add up to {_show(raw)}"
    if raw > policy.cap:
        text += f"; kept at the cap {_show(policy.cap)}"
    elif raw < policy.floor:
        text += f"; kept at the floor {_show(policy.floor)}"
    return text


@dataclass(frozen=True, slots=True)
class LevelBands:
    """Four ascending cut points turning a value into a level 1–5; a value at a cut goes to the higher level.

    >>> bands = LevelBands(what="revenue at risk", cuts=(1000, 10000, 50000, 250000))
    >>> bands.level(Decimal(999)), bands.level(Decimal(1000)), bands.level(Decimal(300000))
    (1, 2, 5)
    """

    what: str
    cuts: tuple[Decimal, Decimal, Decimal, Decimal]

    def __post_init__(self) -> None:
        cuts = tuple(_decimal(c, f"{self.what} cut") for c in self.cuts)
        if len(cuts) != 4:
            raise RiskError(
                f"{self.what} cuts {self.cuts!r} are not 4 values: a 1–5 scale needs 4 cut points"
            )
        if any(a >= b for a, b in itertools.pairwise(cuts)):
            raise RiskError(f"{self.what} cuts {[_show(c) for c in cuts]} must rise strictly")
        object.__setattr__(self, "cuts", cuts)

    def level(self, value: Decimal) -> int:
        """The level (1–5) of ``value``.

        >>> DEFAULT_LIKELIHOOD_BANDS.level(Decimal(45))
        3
        """
        return 1 + sum(1 for cut in self.cuts if value >= cut)

    def describe(self, value: Decimal) -> str:
        """Say which level ``value`` reaches and why.

        >>> DEFAULT_LIKELIHOOD_BANDS.describe(Decimal(45))
        'indicator score 45 is at or above 40 and below 60 → level 3'
        """
        level = self.level(value)
        low = f"at or above {_show(self.cuts[level - 2])}" if level > 1 else "below " + _show(self.cuts[0])
        high = f" and below {_show(self.cuts[level - 1])}" if 1 < level < 5 else ""
        return f"{self.what} {_show(value)} is {low}{high} → level {level}"


DEFAULT_LIKELIHOOD_BANDS = LevelBands(what="indicator score", cuts=(20, 40, 60, 80))
"""Teaching default **[assumption]**: likelihood from an indicator score of 0–100 in steps of 20."""

DEFAULT_IMPACT_BANDS = LevelBands(what="revenue at risk", cuts=(1_000, 10_000, 50_000, 250_000))
"""Teaching default **[assumption]**: impact from revenue at risk in national currency."""


@dataclass(frozen=True, slots=True)
class ConsignmentAssessment:
    """Indicator score, likelihood and impact derived from it and from revenue at risk, the matrix rating and
    the final channel (red whenever an intelligence alert is present), with every reason."""

    score: IndicatorScore
    likelihood: int
    impact: int
    rating: RiskRating
    channel: Channel
    reasons: tuple[str, ...]

    def explain(self) -> str:
        """Print-ready explanation.

        >>> cat = [Indicator(code="new", description="new importer", weight="45")]
        >>> a = assess_consignment(indicators=cat, present=["new"], revenue_at_risk="12000")
        >>> print(a.explain())
        Channel: yellow (documentary check)
          - new importer: +45
          - weights add up to 45
          - likelihood: indicator score 45 is at or above 40 and below 60 → level 3
          - impact: revenue at risk 12000 is at or above 10000 and below 50000 → level 3
          - likelihood 3 × impact 3 = 9; 9 is at or above 8 and below 15 → yellow: documentary check
        """
        head = f"Channel: {self.channel.value} ({self.channel.action})"
        return "\n".join([head, *(f"  - {r}" for r in self.reasons)])


def assess_consignment(
    *,
    indicators: Iterable[Indicator],
    present: Iterable[str],
    revenue_at_risk: Decimal | int | str,
    scoring: ScoringPolicy = DEFAULT_SCORING,
    likelihood_bands: LevelBands = DEFAULT_LIKELIHOOD_BANDS,
    impact_bands: LevelBands = DEFAULT_IMPACT_BANDS,
    matrix: RiskMatrix = DEFAULT_MATRIX,
) -> ConsignmentAssessment:
    """Derive likelihood from the indicator score and impact from revenue at risk, then rate on the matrix.

    The matrix channel decides, except that an intelligence alert forces red.

    >>> cat = [Indicator(code="intel", description="alert from the intelligence unit", weight="0",
    ...                  alert=True)]
    >>> assess_consignment(indicators=cat, present=["intel"], revenue_at_risk="500").channel
    <Channel.RED: 'red'>
    """
    revenue = _decimal(revenue_at_risk, "revenue at risk")
    if revenue < 0:
        raise RiskError(f"revenue at risk {revenue_at_risk!r} is negative: expected zero or more")
    score = score_indicators(indicators=indicators, present=present, policy=scoring)
    likelihood = likelihood_bands.level(score.score)
    impact = impact_bands.level(revenue)
    rating = matrix.rate(likelihood=likelihood, impact=impact)
    reasons = [line.reason for line in score.lines]
    # The scoring policy's own channel bands are not used here: the matrix decides, so only the sum is shown.
    reasons += [
        _sum_text(score.raw, scoring),
        f"likelihood: {likelihood_bands.describe(score.score)}",
        f"impact: {impact_bands.describe(revenue)}",
        rating.reason,
    ]
    channel = rating.channel
    if score.alert and channel is not Channel.RED:
        channel = Channel.RED
        reasons.append(f"intelligence alert overrides the matrix ({rating.channel.value}) → red")
    return ConsignmentAssessment(score, likelihood, impact, rating, channel, tuple(reasons))


@dataclass(frozen=True, slots=True)
class HitRate:
    """Positive findings ÷ inspections for one profile, as a percentage rounded for display."""

    profile: str
    inspections: int
    findings: int
    rate: Decimal
    reason: str


def compute_hit_rate(*, inspections: int, findings: int, profile: str = "") -> HitRate:
    """Hit rate = positive findings ÷ inspections × 100, shown to 2 decimals (half-up).

    >>> compute_hit_rate(inspections=600, findings=45).rate
    Decimal('7.50')
    """
    inspections = _count(inspections, f"{profile or 'profile'}: inspections")
    findings = _count(findings, f"{profile or 'profile'}: findings")
    if inspections == 0:
        raise RiskError(
            f"{profile or 'profile'}: inspections 0 gives no hit rate: expected at least 1 inspection"
        )
    if findings > inspections:
        raise RiskError(
            f"{profile or 'profile'}: findings {findings} exceed inspections {inspections}: "
            "each inspection finds at most one positive result"
        )
    rate = (Decimal(findings) * _HUNDRED / Decimal(inspections)).quantize(_CENT, rounding=ROUND_HALF_UP)
    reason = f"{findings} positive findings ÷ {inspections} inspections = {rate}%"
    return HitRate(profile, inspections, findings, rate, reason)


@dataclass(frozen=True, slots=True)
class ProfileReview:
    """Whether a selection profile is flagged for rework or retirement, and why."""

    profile: str
    hit_rate: HitRate | None
    flagged: bool
    reason: str


def review_profiles(
    *,
    results: Mapping[str, tuple[int, int]],
    threshold: Decimal | int | str,
    min_inspections: int = 1,
) -> tuple[ProfileReview, ...]:
    """Flag every profile whose hit rate is below ``threshold`` % (in profile-name order).

    ``results`` maps a profile to ``(inspections, findings)``. Profiles with fewer than
    ``min_inspections`` are not judged yet: a handful of inspections says little. The comparison is exact,
    not on the rounded rate.

    >>> reviews = review_profiles(results={"P1": (600, 45), "P2": (200, 4)}, threshold="5")
    >>> [(r.profile, r.flagged) for r in reviews]
    [('P1', False), ('P2', True)]
    """
    limit = _decimal(threshold, "hit-rate threshold")
    if not 0 <= limit <= 100:
        raise RiskError(
            f"hit-rate threshold {threshold!r} is out of range: expected a percentage from 0 to 100"
        )
    minimum = _count(min_inspections, "min_inspections")
    if not isinstance(results, Mapping):
        raise RiskError(f"results {results!r} is not a mapping of profile → (inspections, findings)")
    reviews = []
    for profile in sorted(results):
        try:
            inspections, findings = results[profile]
        except (TypeError, ValueError):
            raise RiskError(
                f"profile {profile!r}: {results[profile]!r} is not (inspections, findings): e.g. (600, 45)"
            ) from None
        inspections = _count(inspections, f"{profile}: inspections")
        if inspections < max(minimum, 1):
            reviews.append(
                ProfileReview(
                    profile,
                    None,
                    False,
                    f"{inspections} inspections, fewer than the {max(minimum, 1)} needed to judge: "
                    "not flagged yet",
                )
            )
            continue
        hit = compute_hit_rate(inspections=inspections, findings=findings, profile=profile)
        # Exact comparison: findings / inspections < limit / 100.
        below = Decimal(hit.findings) * _HUNDRED < limit * hit.inspections
        verdict = (
            f"below the threshold of {_show(limit)}%: rework or retire this profile"
            if below
            else f"at or above the threshold of {_show(limit)}%: keep"
        )
        reviews.append(ProfileReview(profile, hit, below, f"{hit.reason}, {verdict}"))
    return tuple(reviews)


@dataclass(frozen=True, slots=True)
class HeatMapCell:
    """One cell of the 5 × 5 heat map with the register entries that sit in it."""

    likelihood: int
    impact: int
    score: int
    channel: Channel
    entry_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many entries sit in this cell.

        >>> HeatMapCell(1, 1, 1, Channel.GREEN, ("R-1",)).count
        1
        """
        return len(self.entry_ids)


@dataclass(frozen=True, slots=True)
class HeatMap:
    """The 25 cells of the matrix, ready for a widget.

    ``rows`` gives impact 5 at the top and likelihood 1 at the left, as the matrix is usually drawn.
    """

    cells: tuple[HeatMapCell, ...]

    @property
    def rows(self) -> tuple[tuple[HeatMapCell, ...], ...]:
        """Five rows, impact 5 first, each with likelihood 1 to 5.

        >>> [cell.score for cell in build_heat_map(entries=[]).rows[0]]
        [5, 10, 15, 20, 25]
        """
        by_position = {(c.likelihood, c.impact): c for c in self.cells}
        return tuple(tuple(by_position[(lk, im)] for lk in range(1, 6)) for im in range(5, 0, -1))

    def cell(self, *, likelihood: int, impact: int) -> HeatMapCell:
        """The cell at one likelihood and impact.

        >>> build_heat_map(entries=[]).cell(likelihood=5, impact=3).channel
        <Channel.RED: 'red'>
        """
        _level(likelihood, "likelihood")
        _level(impact, "impact")
        return next(c for c in self.cells if c.likelihood == likelihood and c.impact == impact)


def build_heat_map(*, entries: Iterable[RiskEntry], matrix: RiskMatrix = DEFAULT_MATRIX) -> HeatMap:
    """Place register entries on the 5 × 5 grid with each cell's score and channel.

    >>> entries = [RiskEntry(id="R-1", statement="s", likelihood=4, impact=5)]
    >>> build_heat_map(entries=entries).cell(likelihood=4, impact=5).entry_ids
    ('R-1',)
    """
    rated = rate_register(entries=entries, matrix=matrix)
    cells = []
    for impact in range(1, 6):
        for likelihood in range(1, 6):
            ids = tuple(
                sorted(
                    r.entry.id for r in rated if (r.entry.likelihood, r.entry.impact) == (likelihood, impact)
                )
            )
            score = likelihood * impact
            cells.append(
                HeatMapCell(likelihood, impact, score, matrix.bands.channel_for(Decimal(score)), ids)
            )
    return HeatMap(tuple(cells))
