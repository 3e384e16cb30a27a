"""Reports for programme managers and administrations: an HTML dashboard, an Excel workbook, candidate pages.

Everything here reads a :class:`~mtp_kit.readiness.ReadinessReport`, the :class:`~mtp_kit.readiness.Evidence`
it was made from and the gradebook frame, and writes files that work offline on an old laptop:

- :func:`render_dashboard` — one self-contained HTML page (inline CSS, charts drawn as inline SVG by this
  module, no script, no font or stylesheet fetched from anywhere): progress by working group, readiness by
  administration, the score distribution of each assessment, the candidates' table and the yearly figures;
- :func:`write_workbook` — an Excel workbook for administrations, one sheet per view;
- :func:`render_candidate_summary` — one printable page per candidate: each rule met, not met or not yet
  assessable with its evidence, the status and the next actions;
- :func:`yearly_figures` — what certified Master Trainers delivered, by region and year, from the activity
  evidence (the figure programmes quote: "Master Trainers have trained more than 49,000 people").

>>> from mtp_kit.readiness import EvidenceStore
>>> yearly_figures(EvidenceStore.open("sqlite://").load_evidence()).columns.tolist()
['region', 'year', 'master_trainers_active', 'sessions', 'people_trained', 'customs', 'other_agencies', 'private_sector']
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtp_kit.readiness._engine import (
    RULE_TITLES,
    CandidateReadiness,
    Outcome,
    ReadinessReport,
    Status,
    cohort_view,
)
from mtp_kit.readiness._errors import ReadinessError
from mtp_kit.readiness._gradebook import candidate_totals
from mtp_kit.readiness._items import ItemAnalysis, analyse_items

if TYPE_CHECKING:
    import pandas as pd

    from mtp_kit.readiness._store import Evidence

__all__ = [
    "SHEETS",
    "assessment_scores",
    "item_analyses",
    "render_candidate_summary",
    "render_dashboard",
    "wg_progress",
    "write_candidate_summaries",
    "write_workbook",
    "yearly_figures",
]

SHEETS = (
    "Candidates",
    "Rule evidence",
    "By administration",
    "By region",
    "Item statistics",
    "Yearly figures",
)

YEARLY_COLUMNS = [
    "region",
    "year",
    "master_trainers_active",
    "sessions",
    "people_trained",
    "customs",
    "other_agencies",
    "private_sector",
]

# One colour per status, in ladder order, chosen to be told apart in greyscale print too.
STATUS_COLOURS = {
    Status.NOT_STARTED: "#c9ced6",
    Status.IN_PROGRESS: "#7fb3e0",
    Status.AT_RISK: "#e0793b",
    Status.READY: "#f2c14e",
    Status.CERTIFIED: "#5aa469",
    Status.ACTIVE: "#1f6f3a",
    Status.REFRESHER_DUE: "#9b59b6",
    Status.INACTIVE: "#6b6b6b",
}
OUTCOME_MARKS = {Outcome.MET: "met", Outcome.NOT_MET: "not met", Outcome.NOT_YET: "not yet assessable"}


# ---------------------------------------------------------------------------------------------------- figures


def yearly_figures(evidence: Evidence) -> pd.DataFrame:
    """Per region and calendar year: Master Trainers who delivered, sessions, people trained (by type).

    The last rows, region ``all regions``, give each year's programme totals.
    """
    import pandas as pd

    activity = evidence.activity
    if activity.empty:
        return pd.DataFrame(columns=YEARLY_COLUMNS)
    region_of = dict(zip(evidence.candidates["id"], evidence.candidates["region"], strict=True))
    rows = pd.DataFrame(
        {
            "candidate": activity["candidate_id"].astype(str),
            "region": activity["candidate_id"].map(region_of).astype(str),
            "year": [d.year for d in activity["delivered_on"]],
            "customs": activity["customs"].astype(int),
            "other_agencies": activity["other_agencies"].astype(int),
            "private_sector": activity["private_sector"].astype(int),
        }
    )
    rows["people_trained"] = rows["customs"] + rows["other_agencies"] + rows["private_sector"]

    def summarise(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        grouped = frame.groupby(keys, sort=True)
        out = grouped[["people_trained", "customs", "other_agencies", "private_sector"]].sum()
        out["sessions"] = grouped.size()
        out["master_trainers_active"] = grouped["candidate"].nunique()
        return out.reset_index()

    by_region = summarise(rows, ["region", "year"])
    totals = summarise(rows, ["year"]).assign(region="all regions")
    table = pd.concat([by_region, totals], ignore_index=True)[YEARLY_COLUMNS]
    return table.astype(dict.fromkeys(YEARLY_COLUMNS[1:], "int64")).reset_index(drop=True)


def wg_progress(evidence: Evidence, *, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per cohort and working group held by ``as_of`` (default: every scheduled one): candidates present, at a
    make-up, absent and not recorded. Cohorts with no attendance recorded at all are left out.

    >>> from mtp_kit.readiness import EvidenceStore
    >>> wg_progress(EvidenceStore.open("sqlite://").load_evidence()).columns.tolist()
    ['cohort', 'wg', 'present', 'make_up', 'absent', 'not_recorded']
    """
    import pandas as pd

    columns = ["cohort", "wg", "present", "make_up", "absent", "not_recorded"]
    cohort_of = dict(zip(evidence.candidates["id"], evidence.candidates["cohort_id"], strict=True))
    size: dict[str, int] = {}
    for cohort in cohort_of.values():
        size[cohort] = size.get(cohort, 0) + 1
    recorded: dict[tuple[str, int], list[str]] = {}
    for candidate, wg, status in zip(
        evidence.attendance["candidate_id"],
        evidence.attendance["wg"],
        evidence.attendance["status"],
        strict=True,
    ):
        recorded.setdefault((cohort_of[candidate], int(wg)), []).append(status)
    held = {
        (cohort, int(number))
        for cohort, number, starts in zip(
            evidence.working_groups["cohort_id"],
            evidence.working_groups["number"],
            evidence.working_groups["starts_on"],
            strict=True,
        )
        if as_of is None or starts <= as_of
    }
    with_attendance = {cohort for cohort, _ in recorded}
    rows = []
    for cohort, wg in sorted(held | set(recorded)):
        if cohort not in with_attendance:
            continue
        statuses = recorded.get((cohort, wg), [])
        counts = {s: statuses.count(s) for s in ("present", "make_up", "absent")}
        rows.append(
            {"cohort": cohort, "wg": wg, **counts, "not_recorded": size.get(cohort, 0) - len(statuses)}
        )
    return pd.DataFrame(rows, columns=columns)


def assessment_scores(report: ReadinessReport, grades: pd.DataFrame) -> pd.DataFrame:
    """Per candidate of the report and policy assessment: the score as a percentage (missing if not submitted)."""
    import pandas as pd

    columns = ["candidate", "assignment", "rule", "percent"]
    names = {a.name: a.rule for a in report.policy.assessments}
    known = {c.candidate for c in report.candidates}
    relevant = grades[grades["assignment"].isin(list(names)) & grades["candidate"].isin(list(known))]
    if relevant.empty:
        return pd.DataFrame(columns=columns)
    totals = candidate_totals(relevant)
    score = totals["score"] if report.policy.apply_late_penalty else totals["raw_score"]
    percent = (score / totals["max_score"].where(totals["max_score"] > 0) * 100).round(1)
    return pd.DataFrame(
        {
            "candidate": totals["candidate"].astype(str),
            "assignment": totals["assignment"].astype(str),
            "rule": totals["assignment"].astype(str).map(names),
            "percent": percent.astype("float64"),
        }
    )[columns]


def item_analyses(report: ReadinessReport, grades: pd.DataFrame) -> tuple[ItemAnalysis, ...]:
    """The item analysis of every policy assessment found in the gradebook with at least two graded submissions."""
    present = set(grades["assignment"].astype(str)) if len(grades) else set()
    analyses = []
    for assessment in report.policy.assessments:
        if assessment.name not in present:
            continue
        try:
            analysis = analyse_items(grades, assignment=assessment.name)
        except ReadinessError:
            continue
        if analysis.candidates >= 2:
            analyses.append(analysis)
    return tuple(analyses)


# -------------------------------------------------------------------------------------------------------- SVG


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _stacked_bars_svg(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    width: int = 640,
) -> str:
    """Horizontal stacked bars: one row per category, one coloured segment per series, a legend below."""
    longest = max((len(c) for c in categories), default=0)
    label_width, bar_height, gap, top = min(280, 40 + 7 * longest), 20, 8, 28
    totals = [sum(values[i] for _, _, values in series) for i in range(len(categories))]
    scale = max(totals, default=0) or 1
    plot = width - label_width - 50
    height = top + len(categories) * (bar_height + gap) + 22 * ((len(series) + 2) // 3) + 12
    parts = [
        f'<svg class="chart" role="img" aria-label="{_esc(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<text x="0" y="16" class="title">{_esc(title)}</text>',
    ]
    for row, category in enumerate(categories):
        y = top + row * (bar_height + gap)
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{_esc(category)}</text>')
        x = float(label_width)
        for name, colour, values in series:
            value = values[row]
            if value <= 0:
                continue
            w = plot * value / scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
                f"<title>{_esc(category)}: {_esc(name)} {value}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{totals[row]}</text>')
    legend_top = top + len(categories) * (bar_height + gap) + 6
    for index, (name, colour, _) in enumerate(series):
        lx = (index % 3) * (width // 3)
        ly = legend_top + (index // 3) * 22
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 17}" y="{ly + 11}">{_esc(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram_svg(*, title: str, percents: Sequence[float], threshold: float | None) -> str:
    """Counts of scores in ten bands of 10 percentage points (100% falls in the top band), with the pass line."""
    width, height, left, bottom, top = 320, 170, 28, 30, 26
    bins = [0] * 10
    for value in percents:
        bins[min(9, int(value // 10))] += 1
    peak = max(bins) or 1
    plot_w, plot_h = width - left - 24, height - top - bottom
    bar = plot_w / 10
    parts = [
        f'<svg class="chart" role="img" aria-label="{_esc(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<text x="0" y="14" class="title">{_esc(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#444"/>',
    ]
    for index, count in enumerate(bins):
        h = plot_h * count / peak
        x = left + index * bar
        if count:
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                f'fill="#3b6ea5"><title>{index * 10}–{index * 10 + 10}%: {count}</title></rect>'
            )
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle">{count}</text>'
            )
    for tick in (0, 50, 100):
        x = left + plot_w * tick / 100
        parts.append(f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle">{tick}%</text>')
    if threshold is not None:
        x = left + plot_w * threshold
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#c0392b" '
            f'stroke-dasharray="4 3"><title>pass mark {threshold * 100:g}%</title></line>'
        )
    parts.append(f'<text x="{left}" y="{height - 1}" class="small">{len(percents)} submission(s)</text>')
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:24px;color:#1d2733;max-width:1100px}
h1{font-size:1.5em;margin-bottom:0}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ccd}
.sub{color:#556;margin-top:4px}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #ccd;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:1.6em}.charts{display:flex;flex-wrap:wrap;gap:18px}
svg.chart{font-size:12px;background:#fff}svg .title{font-weight:bold;font-size:13px}svg .small{font-size:10px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #d5d9e0;padding:3px 7px;
text-align:left;vertical-align:top}th{background:#eef1f5}td.num{text-align:right}
.met{background:#dff0e0}.not-met{background:#f8d7cf}.not-yet{background:#f4f4f4}.risk{color:#b2501b}
.note{color:#556;font-size:12px}ul{margin:4px 0 4px 18px;padding:0}
@media print{body{margin:0}h2{break-after:avoid}}
"""

_OUTCOME_CLASS = {Outcome.MET: "met", Outcome.NOT_MET: "not-met", Outcome.NOT_YET: "not-yet"}


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def _table(frame: pd.DataFrame, *, numeric: Sequence[str] = ()) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            shown = "" if value is None or (isinstance(value, float) and value != value) else value
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{_esc(shown)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _candidates_table(report: ReadinessReport) -> str:
    head = "".join(
        f"<th>{_esc(h)}</th>"
        for h in ("candidate", "name", "administration", "status", *RULE_TITLES, "next action (trainer)")
    )
    rows = []
    for c in report.candidates:
        rules = "".join(
            f'<td class="{_OUTCOME_CLASS[r.outcome]}" title="{_esc("; ".join(r.evidence))}">'
            f"{_esc(OUTCOME_MARKS[r.outcome])}{' (at risk)' if r.at_risk else ''}</td>"
            for r in c.rules
        )
        rows.append(
            f"<tr><td>{_esc(c.candidate)}</td><td>{_esc(c.name)}</td><td>{_esc(c.administration)}</td>"
            f'<td style="border-left:5px solid {STATUS_COLOURS[c.status]}">{_esc(c.status.value)}</td>{rules}'
            f"<td>{_esc(c.trainer_actions[0] if c.trainer_actions else '')}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _ladder(report: ReadinessReport) -> list[tuple[Status, int]]:
    counts = dict.fromkeys(Status, 0)
    for c in report.candidates:
        counts[c.status] += 1
    return list(counts.items())


def render_dashboard(
    *, report: ReadinessReport, evidence: Evidence, grades: pd.DataFrame, title: str = ""
) -> str:
    """The cohort dashboard as one self-contained HTML page (inline CSS and SVG, no script, no external link)."""
    policy = report.policy
    title = title or f"{policy.name or policy.programme}: cohort dashboard"
    ladder = _ladder(report)
    cards = "".join(
        f'<div class="card" style="border-left:6px solid {STATUS_COLOURS[s]}"><b>{n}</b>{_esc(s.value)}</div>'
        for s, n in ladder
        if n
    )
    progress = wg_progress(evidence, as_of=report.as_of)
    wg_chart = _stacked_bars_svg(
        title="Progress by working group (attendance per cohort)",
        categories=[f"{c} WG{w}" for c, w in zip(progress["cohort"], progress["wg"], strict=True)],
        series=[
            ("present", "#1f6f3a", progress["present"].tolist()),
            ("make-up", "#7fb3e0", progress["make_up"].tolist()),
            ("absent", "#e0793b", progress["absent"].tolist()),
            ("not recorded", "#c9ced6", progress["not_recorded"].tolist()),
        ],
    )
    administrations = sorted({c.administration for c in report.candidates})
    admin_chart = _stacked_bars_svg(
        title="Readiness by administration",
        categories=administrations,
        series=[
            (
                s.value,
                STATUS_COLOURS[s],
                [
                    sum(1 for c in report.candidates if c.administration == a and c.status is s)
                    for a in administrations
                ],
            )
            for s, n in ladder
            if n
        ],
    )
    scores = assessment_scores(report, grades)
    histograms = []
    for assessment in policy.assessments:
        values = scores.loc[(scores["assignment"] == assessment.name) & scores["percent"].notna(), "percent"]
        threshold = float(policy.r1.overall_min if assessment.rule == "R1" else policy.r2.min)
        histograms.append(
            _histogram_svg(
                title=f"{assessment.name} ({assessment.rule})",
                percents=[float(v) for v in values],
                threshold=threshold,
            )
        )
    candidates_table = _candidates_table(report)
    view = cohort_view(report, by="region").reset_index(names="region")
    shown_view = view[["region", "candidates", "ready_or_certified", *(f"{r}_met" for r in RULE_TITLES)]]
    yearly = yearly_figures(evidence)
    analyses = item_analyses(report, grades)
    flagged = [
        f"<li><b>{_esc(a.assignment)}</b> {_esc(i.item)}: {_esc('; '.join(i.flags))}</li>"
        for a in analyses
        for i in a.flagged
    ]
    reliability = "".join(
        f"<li>{_esc(a.assignment)}: {a.candidates} graded submissions, Cronbach's alpha "
        f"{'n/a' if a.alpha is None else f'{a.alpha:.2f}'}</li>"
        for a in analyses
    )
    body = [
        f"<h1>{_esc(title)}</h1>",
        f'<p class="sub">{len(report.candidates)} candidates, '
        f"{len(administrations)} administrations · readiness as of {report.as_of.isoformat()} · "
        f"policy {_esc(policy.programme)}</p>",
        f'<div class="cards">{cards}</div>',
        "<h2>Progress and readiness</h2>",
        f'<div class="charts">{wg_chart}{admin_chart}</div>',
        "<h2>Score distributions</h2>",
        '<p class="note">Share of points per submission; the dashed line is the pass mark of the rule.</p>',
        f'<div class="charts">{"".join(histograms)}</div>',
        "<h2>Candidates</h2>",
        candidates_table,
        "<h2>By region</h2>",
        _table(shown_view, numeric=[c for c in shown_view.columns if c != "region"]),
        "<h2>What certified Master Trainers delivered</h2>",
        _table(yearly, numeric=YEARLY_COLUMNS[1:])
        if len(yearly)
        else '<p class="note">No Master Trainer activity recorded yet.</p>',
        "<h2>Item statistics</h2>",
        f"<ul>{reliability}</ul>" if reliability else '<p class="note">No assessment graded yet.</p>',
        f"<p>Items flagged for review:</p><ul>{''.join(flagged)}</ul>" if flagged else "",
        '<p class="note">Rules R1–R6 and their thresholds are design assumptions of MTP Kit (DOMAIN.md 6.2), '
        "to be validated with the programme; the certification decision stays with the programme.</p>",
        *(f'<p class="note">{_esc(n)}</p>' for n in report.notes),
    ]
    return _page(title, "\n".join(body))


def render_candidate_summary(readiness: CandidateReadiness, *, report: ReadinessReport) -> str:
    """One printable page: the candidate, the status, every rule with its evidence, and the next actions."""
    rows = []
    for rule in readiness.rules:
        risk = ' <span class="risk">(at risk)</span>' if rule.at_risk else ""
        evidence = "".join(f"<li>{_esc(e)}</li>" for e in rule.evidence)
        rows.append(
            f'<tr class="{_OUTCOME_CLASS[rule.outcome]}"><td>{rule.rule} {_esc(rule.title)}</td>'
            f"<td>{_esc(OUTCOME_MARKS[rule.outcome])}{risk}</td><td><ul>{evidence}</ul></td></tr>"
        )

    def actions(items: Sequence[str]) -> str:
        return "<ul>" + "".join(f"<li>{_esc(a)}</li>" for a in items) + "</ul>" if items else "<p>none</p>"

    counts = {o: sum(1 for r in readiness.rules if r.outcome is o) for o in Outcome}
    body = [
        f"<h1>{_esc(readiness.name)}</h1>",
        f'<p class="sub">{_esc(readiness.candidate)} · {_esc(readiness.administration)} '
        f"({_esc(readiness.country)}, {_esc(readiness.region)}) · cohort {_esc(readiness.cohort)}</p>",
        f'<p>Status on {report.as_of.isoformat()}: <b style="border-left:6px solid '
        f'{STATUS_COLOURS[readiness.status]};padding-left:6px">{_esc(readiness.status.value)}</b> · '
        f"{counts[Outcome.MET]} rule(s) met, {counts[Outcome.NOT_MET]} not met, "
        f"{counts[Outcome.NOT_YET]} not yet assessable</p>",
        "<table><thead><tr><th>rule</th><th>outcome</th><th>evidence</th></tr></thead>",
        f"<tbody>{''.join(rows)}</tbody></table>",
        "<h2>Next actions for the candidate</h2>",
        actions(readiness.candidate_actions),
        "<h2>Next actions for the trainer</h2>",
        actions(readiness.trainer_actions),
        *(f'<p class="note">{_esc(n)}</p>' for n in readiness.notes),
        '<p class="note">Rules and thresholds are design assumptions of MTP Kit, to be validated with the '
        "programme; the certification decision stays with the programme.</p>",
    ]
    return _page(f"{readiness.name} ({readiness.candidate}): readiness", "\n".join(body))


def write_candidate_summaries(report: ReadinessReport, *, folder: str | Path) -> tuple[Path, ...]:
    """Write ``<candidate>.html`` for every candidate of the report into ``folder`` (created if missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for readiness in report.candidates:
        path = folder / f"{readiness.candidate}.html"
        path.write_text(render_candidate_summary(readiness, report=report), encoding="utf-8")
        paths.append(path)
    return tuple(paths)


# ------------------------------------------------------------------------------------------------------ Excel


def _sheet_rows(frame: pd.DataFrame) -> list[list[Any]]:
    rows: list[list[Any]] = [[str(c) for c in frame.columns]]
    for values in frame.itertuples(index=False):
        row = []
        for value in values:
            if value is None or (isinstance(value, float) and value != value):
                row.append(None)
            elif hasattr(value, "item") and not isinstance(value, (str, dt.date)):
                row.append(value.item())  # numpy scalar -> Python number
            else:
                row.append(value)
        rows.append(row)
    return rows


_ITEM_COLUMNS = [
    "assignment",
    "item",
    "max_score",
    "facility",
    "discrimination",
    "point_biserial",
    "flags",
    "candidates",
    "alpha",
]


def _item_sheet(analyses: Sequence[ItemAnalysis]) -> pd.DataFrame:
    """Every assessment's item table (ItemAnalysis.to_frame) with the assessment's own figures beside it."""
    import pandas as pd

    frames = [
        a.to_frame().assign(assignment=a.assignment, candidates=a.candidates, alpha=a.alpha)
        for a in analyses
        if a.items
    ]
    return (
        pd.concat(frames, ignore_index=True)[_ITEM_COLUMNS] if frames else pd.DataFrame(columns=_ITEM_COLUMNS)
    )


def write_workbook(
    path: str | Path, *, report: ReadinessReport, evidence: Evidence, grades: pd.DataFrame
) -> Path:
    """Write the Excel workbook for administrations, one sheet per view (see :data:`SHEETS`); return its path."""
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    path = Path(path)
    frame = report.to_frame()
    evidence_rows = [
        {
            "candidate": c.candidate,
            "name": c.name,
            "administration": c.administration,
            "rule": f"{r.rule} {r.title}",
            "outcome": r.outcome.value,
            "at_risk": "yes" if r.at_risk else "",
            "evidence": "; ".join(r.evidence),
            "candidate_actions": "; ".join(r.candidate_actions),
            "trainer_actions": "; ".join(r.trainer_actions),
        }
        for c in report.candidates
        for r in c.rules
    ]
    views = {
        "Candidates": frame,
        "Rule evidence": pd.DataFrame(
            evidence_rows,
            columns=[
                "candidate",
                "name",
                "administration",
                "rule",
                "outcome",
                "at_risk",
                "evidence",
                "candidate_actions",
                "trainer_actions",
            ],
        ),
        "By administration": cohort_view(report, by="administration").reset_index(names="administration"),
        "By region": cohort_view(report, by="region").reset_index(names="region"),
        "Item statistics": _item_sheet(item_analyses(report, grades)),
        "Yearly figures": yearly_figures(evidence),
    }
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    header_fill = PatternFill(fill_type="solid", start_color="FFEEF1F5", end_color="FFEEF1F5")
    for name in SHEETS:
        sheet = workbook.create_sheet(title=name)
        for row in _sheet_rows(views[name]):
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = header_fill
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, longest + 2))
    workbook.properties.title = f"{report.policy.name or report.policy.programme}: readiness {report.as_of}"
    workbook.save(path)
    return path
