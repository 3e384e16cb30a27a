"""Certification readiness: the evidence store, the gradebook reader, the policy and the readiness engine.

A trainer keeps the evidence that is not a grade (cohorts, candidates, WG attendance, intersessional tasks,
training materials, delivery assessments, certification decisions, Master Trainer activity) in an
:class:`EvidenceStore`, fed from the CSV forms administrations send (:func:`import_csv`). :func:`read_gradebook`
reads the nbgrader gradebook with one SQL query; :func:`load_policy` reads the programme's TOML policy;
:func:`assess_readiness` applies rules R1–R6 (DOMAIN.md 6.2, all design assumptions, all configurable) and gives
every candidate a status, the evidence behind each rule and the next actions; :func:`cohort_view` sums it up by
administration or region; :func:`analyse_items` gives the item statistics of an assessment.

>>> store = EvidenceStore.open("sqlite://")
>>> report = assess_readiness(policy=load_policy(), evidence=store.load_evidence(), grades=read_gradebook("sqlite://"))
>>> report.candidates
()
"""

from __future__ import annotations

from mtp_kit.readiness._certificates import (
    CertificateRecord,
    Verification,
    issue_certificate,
    verify_code,
    write_certificate_pdf,
)
from mtp_kit.readiness._engine import (
    CandidateReadiness,
    Outcome,
    ReadinessReport,
    RuleResult,
    Status,
    assess_readiness,
    cohort_view,
    normalised_gain,
    score_fraction,
)
from mtp_kit.readiness._errors import ReadinessError
from mtp_kit.readiness._gradebook import GRADE_COLUMNS, candidate_totals, read_gradebook
from mtp_kit.readiness._imports import FORMS, ImportSummary, import_csv, import_rows
from mtp_kit.readiness._items import (
    ItemAnalysis,
    ItemStatistics,
    analyse_item_scores,
    analyse_items,
    item_matrix,
)
from mtp_kit.readiness._policy import (
    AccuracyRule,
    AssessmentMap,
    DeliveryRule,
    GainRule,
    KnowledgeRule,
    MaterialsRule,
    ParticipationRule,
    Policy,
    PostCertification,
    load_policy,
    parse_policy,
)
from mtp_kit.readiness._reports import (
    render_candidate_summary,
    render_dashboard,
    write_candidate_summaries,
    write_workbook,
    yearly_figures,
)
from mtp_kit.readiness._store import LATEST_VERSION, MIGRATIONS, Evidence, EvidenceStore, Migration
from mtp_kit.readiness._synthetic import SyntheticGradebook, build_synthetic_gradebook

__all__ = [
    "FORMS",
    "GRADE_COLUMNS",
    "LATEST_VERSION",
    "MIGRATIONS",
    "AccuracyRule",
    "AssessmentMap",
    "CandidateReadiness",
    "CertificateRecord",
    "DeliveryRule",
    "Evidence",
    "EvidenceStore",
    "GainRule",
    "ImportSummary",
    "ItemAnalysis",
    "ItemStatistics",
    "KnowledgeRule",
    "MaterialsRule",
    "Migration",
    "Outcome",
    "ParticipationRule",
    "Policy",
    "PostCertification",
    "ReadinessError",
    "ReadinessReport",
    "RuleResult",
    "Status",
    "SyntheticGradebook",
    "Verification",
    "analyse_item_scores",
    "analyse_items",
    "assess_readiness",
    "build_synthetic_gradebook",
    "candidate_totals",
    "cohort_view",
    "import_csv",
    "import_rows",
    "issue_certificate",
    "item_matrix",
    "load_policy",
    "normalised_gain",
    "parse_policy",
    "read_gradebook",
    "render_candidate_summary",
    "render_dashboard",
    "score_fraction",
    "verify_code",
    "write_candidate_summaries",
    "write_certificate_pdf",
    "write_workbook",
    "yearly_figures",
]
