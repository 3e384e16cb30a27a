"""Risk-management widgets: the 5 × 5 risk matrix with its heat map, indicator scoring, profile hit rates, and
two practice exercises.

Views only. Scores, channels, levels and hit rates all come from :mod:`mtp_kit.risk`; the widgets turn control
values into its arguments (thresholds into :class:`~mtp_kit.risk.ChannelBands`, ticked boxes into the codes of
the indicators present) and draw what it returns. Colours and the words beside each level are presentation, not
policy. Results are also traits (``score``, ``channel``, ``reason``, ``error`` …), so tests and notebooks can
read them without a browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from html import escape

import ipywidgets as widgets
import traitlets

from mtp_kit.errors import MtpKitError
from mtp_kit.exercises import ChoiceQuestion, NumericQuestion, Option, Quiz
from mtp_kit.risk import (
    DEFAULT_IMPACT_BANDS,
    DEFAULT_LIKELIHOOD_BANDS,
    DEFAULT_MATRIX,
    Channel,
    ChannelBands,
    HeatMap,
    Indicator,
    RiskEntry,
    RiskMatrix,
    assess_consignment,
    build_heat_map,
    rate_register,
    review_profiles,
)
from mtp_kit.widgets._quiz import QuizView
from mtp_kit.widgets._render import error_html, table_html

__all__ = [
    "ConsignmentExercise",
    "HitRateView",
    "IndicatorScorer",
    "RiskExercise",
    "RiskMatrixView",
]

COLOURS = {
    Channel.RED: "#ef9a9a",
    Channel.YELLOW: "#fff59d",
    Channel.BLUE: "#90caf9",
    Channel.GREEN: "#a5d6a7",
}
# Words shown beside the levels, to help a reader pick one; the matrix itself works on the numbers only.
LIKELIHOOD_WORDS = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
IMPACT_WORDS = {1: "negligible", 2: "minor", 3: "moderate", 4: "major", 5: "severe"}


def heat_map_html(heat_map: HeatMap, *, selected: tuple[int, int] | None = None) -> str:
    """The 5 × 5 heat map as an HTML grid: impact 5 at the top, likelihood 1 at the left.

    Each cell shows its score, its channel as a colour, and the register entries sitting in it; the
    ``selected`` (likelihood, impact) cell gets a thick border.

    >>> html = heat_map_html(build_heat_map(entries=[]), selected=(4, 4))
    >>> html.count("<td"), "border:3px solid #000" in html
    (36, True)
    """
    cell_style = "width:72px;height:44px;text-align:center;vertical-align:middle;font-size:85%;"
    rows = []
    for row in heat_map.rows:
        impact = row[0].impact
        cells = [
            f'<td style="text-align:right;padding:2px 6px;font-size:85%">{impact} {IMPACT_WORDS[impact]}</td>'
        ]
        for cell in row:
            border = (
                "border:3px solid #000"
                if selected == (cell.likelihood, cell.impact)
                else "border:1px solid #fff"
            )
            ids = "<br>".join(escape(entry) for entry in cell.entry_ids)
            title = (
                f"likelihood {cell.likelihood} × impact {cell.impact} = {cell.score}: {cell.channel.value}"
            )
            cells.append(
                f'<td title="{escape(title)}" style="{cell_style}background:{COLOURS[cell.channel]};{border}">'
                f"<b>{cell.score}</b>{'<br>' + ids if ids else ''}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    foot = (
        '<tr><td style="font-size:85%;text-align:right;padding:2px 6px">impact ↑ / likelihood →</td>'
        + "".join(
            f'<td style="text-align:center;font-size:85%">{n}<br>{LIKELIHOOD_WORDS[n]}</td>'
            for n in range(1, 6)
        )
    )
    return f'<table style="border-collapse:collapse">{"".join(rows)}{foot}</tr></table>'


def _badge(channel: Channel) -> str:
    return (
        f'<span style="background:{COLOURS[channel]};padding:2px 8px;border-radius:3px">'
        f"<b>{channel.value.upper()}</b></span> {escape(channel.action)}"
    )


def _level_control(description: str, words: Mapping[int, str], value: int) -> widgets.Dropdown:
    return widgets.Dropdown(
        options=[(f"{n} – {words[n]}", n) for n in range(1, 6)],
        value=value,
        description=description,
        style={"description_width": "90px"},
    )


class RiskMatrixView(widgets.VBox):
    """Choose a likelihood and an impact; see the score, the channel and where it sits on the heat map.

    The thresholds are editable, and a blue channel (release with later post-clearance audit) can be switched
    on. Register entries given to the view are rated, listed highest first and placed on the heat map.

    Traits: ``score`` (0 while the input has a problem), ``channel`` (e.g. ``"red"``), ``reason``,
    ``register`` (the rated entries as dicts), ``grid`` (the heat map's channels, impact 5 row first) and
    ``error``.
    """

    score = traitlets.Int(0)
    channel = traitlets.Unicode("")
    reason = traitlets.Unicode("")
    register = traitlets.List()
    grid = traitlets.List()
    error = traitlets.Unicode("")

    def __init__(
        self,
        *,
        likelihood: int = 3,
        impact: int = 3,
        entries: Iterable[RiskEntry] = (),
        matrix: RiskMatrix = DEFAULT_MATRIX,
    ):
        self.entries = tuple(entries)
        starts = {channel: low for low, channel in matrix.bands.bands}
        self.likelihood = _level_control("Likelihood", LIKELIHOOD_WORDS, likelihood)
        self.impact = _level_control("Impact", IMPACT_WORDS, impact)
        small = {"description_width": "110px"}
        self.red_from = widgets.Text(
            value=str(starts.get(Channel.RED, 15)),
            description="red from",
            style=small,
            layout=widgets.Layout(width="180px"),
        )
        self.yellow_from = widgets.Text(
            value=str(starts.get(Channel.YELLOW, 8)),
            description="yellow from",
            style=small,
            layout=widgets.Layout(width="180px"),
        )
        self.use_blue = widgets.Checkbox(
            value=Channel.BLUE in starts,
            description="add a blue channel (release, audit later)",
            indent=False,
        )
        self.blue_from = widgets.Text(
            value=str(starts.get(Channel.BLUE, 5)),
            description="blue from",
            style=small,
            layout=widgets.Layout(width="180px"),
        )
        self.output = widgets.HTML()
        controls = [
            self.likelihood,
            self.impact,
            self.red_from,
            self.yellow_from,
            self.use_blue,
            self.blue_from,
        ]
        super().__init__(
            [
                widgets.HBox([self.likelihood, self.impact]),
                widgets.HBox([self.red_from, self.yellow_from, self.use_blue, self.blue_from]),
                self.output,
            ]
        )
        for control in controls:
            control.observe(self.refresh, names="value")
        self.refresh()

    def matrix(self) -> RiskMatrix:
        """The matrix the thresholds describe; green always takes what is left, from 1 (raises RiskError)."""
        bands: list[tuple[str, str]] = [(self.red_from.value, "red"), (self.yellow_from.value, "yellow")]
        if self.use_blue.value:
            bands.append((self.blue_from.value, "blue"))
        bands.append(("1", "green"))
        return RiskMatrix(bands=ChannelBands(tuple(bands)))

    def refresh(self, change: object = None) -> None:
        """Re-rate and redraw; an input problem is shown, never raised."""
        self.blue_from.layout.display = None if self.use_blue.value else "none"
        try:
            matrix = self.matrix()
            rating = matrix.rate(likelihood=self.likelihood.value, impact=self.impact.value)
            heat = build_heat_map(entries=self.entries, matrix=matrix)
            rated = rate_register(entries=self.entries, matrix=matrix)
        except MtpKitError as problem:
            self.error, self.score, self.channel, self.reason = str(problem), 0, "", ""
            self.register, self.grid = [], []
            self.output.value = error_html(str(problem))
            return
        self.error = ""
        self.score, self.channel, self.reason = rating.score, rating.channel.value, rating.reason
        self.grid = [[cell.channel.value for cell in row] for row in heat.rows]
        self.register = [
            {
                "id": r.entry.id,
                "statement": r.entry.statement,
                "likelihood": r.entry.likelihood,
                "impact": r.entry.impact,
                "score": r.rating.score,
                "channel": r.rating.channel.value,
                "owner": r.entry.owner,
                "treatment": r.entry.treatment,
            }
            for r in rated
        ]
        register = ""
        if rated:
            register = "<b>Register, highest score first</b>" + table_html(
                ["id", "risk", "L", "I", "score", "channel", "owner", "treatment"],
                [
                    (
                        r.entry.id,
                        r.entry.statement,
                        r.entry.likelihood,
                        r.entry.impact,
                        r.rating.score,
                        r.rating.channel.value,
                        r.entry.owner or "–",
                        r.entry.treatment or "–",
                    )
                    for r in rated
                ],
            )
        self.output.value = (
            f"<h4>Score {rating.score}: {_badge(rating.channel)}</h4>"
            f"<div>{escape(rating.reason)}</div><div><small>{escape(rating.provision)}</small></div><br>"
            f"{heat_map_html(heat, selected=(rating.likelihood, rating.impact))}<br>{register}"
        )


class IndicatorScorer(widgets.VBox):
    """Tick the indicators present on a consignment and give the revenue at risk; see the channel and why.

    Likelihood comes from the weighted indicator score, impact from the revenue at risk, and the 5 × 5 matrix
    decides, except that an intelligence alert forces red (all in :func:`~mtp_kit.risk.assess_consignment`).

    Traits: ``raw_score`` and ``score`` (text), ``likelihood``, ``impact``, ``channel``, ``reasons`` and
    ``error``.
    """

    raw_score = traitlets.Unicode("")
    score = traitlets.Unicode("")
    likelihood = traitlets.Int(0)
    impact = traitlets.Int(0)
    channel = traitlets.Unicode("")
    reasons = traitlets.List()
    error = traitlets.Unicode("")

    def __init__(
        self,
        indicators: Sequence[Indicator],
        *,
        present: Iterable[str] = (),
        revenue_at_risk: object = "0",
        **settings: object,
    ):
        self.indicators = tuple(indicators)
        self.settings = settings
        present = set(present)
        self.boxes: dict[str, widgets.Checkbox] = {}
        for indicator in self.indicators:
            weight = "alert" if indicator.alert else f"{indicator.weight:+}"
            self.boxes[indicator.code] = widgets.Checkbox(
                value=indicator.code in present,
                description=f"{indicator.description} ({weight})",
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
        self.revenue = widgets.Text(
            value=str(revenue_at_risk), description="Revenue at risk", style={"description_width": "120px"}
        )
        self.output = widgets.HTML()
        super().__init__(
            [
                widgets.HTML("<b>Indicators present</b>"),
                *self.boxes.values(),
                self.revenue,
                self.output,
            ]
        )
        for control in (*self.boxes.values(), self.revenue):
            control.observe(self.refresh, names="value")
        self.refresh()

    @property
    def present(self) -> list[str]:
        """Codes of the indicators ticked, in catalogue order."""
        return [code for code, box in self.boxes.items() if box.value]

    def refresh(self, change: object = None) -> None:
        """Re-assess and redraw; an input problem is shown, never raised."""
        try:
            result = assess_consignment(
                indicators=self.indicators,
                present=self.present,
                revenue_at_risk=self.revenue.value,
                **self.settings,
            )
        except MtpKitError as problem:
            self.error, self.raw_score, self.score, self.channel = str(problem), "", "", ""
            self.likelihood, self.impact, self.reasons = 0, 0, []
            self.output.value = error_html(str(problem))
            return
        self.error = ""
        self.raw_score, self.score = str(result.score.raw), str(result.score.score)
        self.likelihood, self.impact = result.likelihood, result.impact
        self.channel, self.reasons = result.channel.value, list(result.reasons)
        matrix = self.settings.get("matrix", DEFAULT_MATRIX)
        heat = build_heat_map(entries=[], matrix=matrix)
        steps = "".join(f"<li>{escape(reason)}</li>" for reason in result.reasons)
        self.output.value = (
            f"<h4>Channel: {_badge(result.channel)}</h4>"
            f"<div>Indicator score {result.score.score} → likelihood {result.likelihood}; "
            f"impact {result.impact}</div><ol>{steps}</ol>"
            f"{heat_map_html(heat, selected=(result.likelihood, result.impact))}"
        )


class HitRateView(widgets.VBox):
    """Inspections and positive findings per selection profile; see each hit rate and which to rework.

    Traits: ``reviews`` (one dict per profile: ``profile``, ``rate`` (text, empty when not judged),
    ``flagged``, ``reason``) and ``error``.
    """

    reviews = traitlets.List()
    error = traitlets.Unicode("")

    def __init__(
        self,
        profiles: Mapping[str, tuple[int, int]],
        *,
        threshold: object = "5",
        min_inspections: int = 1,
    ):
        self.inspections: dict[str, widgets.IntText] = {}
        self.findings: dict[str, widgets.IntText] = {}
        rows = []
        for name, (inspections, findings) in profiles.items():
            self.inspections[name] = widgets.IntText(
                value=inspections, description="inspections", layout=widgets.Layout(width="200px")
            )
            self.findings[name] = widgets.IntText(
                value=findings, description="findings", layout=widgets.Layout(width="200px")
            )
            label = widgets.Label(name, layout=widgets.Layout(width="220px"))
            rows.append(widgets.HBox([label, self.inspections[name], self.findings[name]]))
        self.threshold = widgets.Text(
            value=str(threshold), description="Threshold %", style={"description_width": "120px"}
        )
        self.min_inspections = widgets.IntText(
            value=min_inspections, description="Judge from", style={"description_width": "120px"}
        )
        self.output = widgets.HTML()
        super().__init__([*rows, widgets.HBox([self.threshold, self.min_inspections]), self.output])
        for control in (
            *self.inspections.values(),
            *self.findings.values(),
            self.threshold,
            self.min_inspections,
        ):
            control.observe(self.refresh, names="value")
        self.refresh()

    def refresh(self, change: object = None) -> None:
        """Review every profile again and redraw; an input problem is shown, never raised."""
        results = {
            name: (self.inspections[name].value, self.findings[name].value) for name in self.inspections
        }
        try:
            reviews = review_profiles(
                results=results, threshold=self.threshold.value, min_inspections=self.min_inspections.value
            )
        except MtpKitError as problem:
            self.error, self.reviews = str(problem), []
            self.output.value = error_html(str(problem))
            return
        self.error = ""
        self.reviews = [
            {
                "profile": r.profile,
                "rate": "" if r.hit_rate is None else str(r.hit_rate.rate),
                "flagged": r.flagged,
                "reason": r.reason,
            }
            for r in reviews
        ]
        self.output.value = table_html(
            ["profile", "hit rate", "decision", "why"],
            [
                (
                    r.profile,
                    "–" if r.hit_rate is None else f"{r.hit_rate.rate}%",
                    "rework or retire" if r.flagged else "keep",
                    r.reason,
                )
                for r in reviews
            ],
        )


class RiskExercise(QuizView):
    """Practice rating register entries: the score and the channel of each, marked with the matrix's reason.

    Traits (from :class:`QuizView`): ``score`` and ``answered``; ``out_of`` is the number of questions.
    """

    out_of = traitlets.Int(0)

    def __init__(self, entries: Iterable[RiskEntry], *, matrix: RiskMatrix = DEFAULT_MATRIX, title: str = ""):
        rated = sorted(rate_register(entries=entries, matrix=matrix), key=lambda r: r.entry.id)
        channels = [channel for _, channel in matrix.bands.bands]
        questions: list[ChoiceQuestion | NumericQuestion] = []
        for r in rated:
            name = f"{r.entry.id} ({r.entry.statement}; likelihood {r.entry.likelihood}, impact {r.entry.impact})"
            questions.append(
                NumericQuestion(
                    f"{name}: what is the score?", answer=r.rating.score, explanation=r.rating.reason
                )
            )
            questions.append(
                ChoiceQuestion(
                    f"{r.entry.id}: which channel?",
                    tuple(
                        Option(f"{c.value}: {c.action}", c is r.rating.channel, r.rating.reason)
                        for c in channels
                    ),
                )
            )
        super().__init__(Quiz(title or "Exercise: rate the register", tuple(questions)))
        self.out_of = len(self.quiz.questions)


class ConsignmentExercise(QuizView):
    """Practice scoring one consignment: indicator score, likelihood, impact and channel, each explained.

    Every answer comes from :func:`~mtp_kit.risk.assess_consignment` with the same arguments.
    Traits (from :class:`QuizView`): ``score`` and ``answered``; ``out_of`` is the number of questions.
    """

    out_of = traitlets.Int(0)

    def __init__(
        self,
        indicators: Sequence[Indicator],
        *,
        present: Iterable[str],
        revenue_at_risk: object,
        title: str = "",
        **settings: object,
    ):
        present = list(present)
        self.result = assess_consignment(
            indicators=indicators,
            present=present,
            revenue_at_risk=revenue_at_risk,
            **settings,
        )
        r = self.result
        likelihood_bands = settings.get("likelihood_bands", DEFAULT_LIKELIHOOD_BANDS)
        impact_bands = settings.get("impact_bands", DEFAULT_IMPACT_BANDS)
        revenue = Decimal(str(revenue_at_risk).replace(",", "").strip())
        steps = "; ".join(r.reasons)
        lines = "; ".join(line.reason for line in r.score.lines) or "no indicator present"
        questions = (
            NumericQuestion(
                "What is the indicator score (after floor and cap)?",
                answer=r.score.score,
                explanation=f"{lines}; {r.reasons[len(r.score.lines)]}",
            ),
            NumericQuestion(
                "Which likelihood level (1–5) does that score give?",
                answer=r.likelihood,
                explanation=likelihood_bands.describe(r.score.score),
            ),
            NumericQuestion(
                "Which impact level (1–5) does the revenue at risk give?",
                answer=r.impact,
                explanation=impact_bands.describe(revenue),
            ),
            ChoiceQuestion(
                "Which channel?",
                tuple(Option(f"{c.value}: {c.action}", c is r.channel, steps) for c in _channels(settings)),
            ),
        )
        super().__init__(Quiz(title or "Exercise: score the consignment", questions))
        self.out_of = len(self.quiz.questions)
        by_code = {indicator.code: indicator for indicator in indicators}
        facts = table_html(
            ["indicator present", "weight"],
            [
                (by_code[code].description, "alert" if by_code[code].alert else f"{by_code[code].weight:+}")
                for code in dict.fromkeys(present)
            ],
        )
        intro = widgets.HTML(f"{facts}<p>Revenue at risk: {revenue:,}</p>")
        title_widget, *rest = self.children
        self.children = (title_widget, intro, *rest)


def _channels(settings: Mapping[str, object]) -> list[Channel]:
    matrix = settings.get("matrix", DEFAULT_MATRIX)
    channels = [channel for _, channel in matrix.bands.bands]
    # An alert forces red even on a matrix without it; red must then be offered.
    return channels if Channel.RED in channels else [Channel.RED, *channels]
