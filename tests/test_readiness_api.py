"""The shape of mtp_kit.readiness: its pinned public names, its errors, and what importing it loads."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import mtp_kit.readiness as readiness
from mtp_kit.errors import MtpKitError


def test_public_names_are_pinned_in_ruffs_isort_order():
    # Constants first, then classes, then functions, each group alphabetical (ruff RUF022).
    assert readiness.__all__ == [
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
    for name in readiness.__all__:
        assert hasattr(readiness, name), name


def test_readiness_error_belongs_to_the_one_error_family():
    assert issubclass(readiness.ReadinessError, MtpKitError)
    assert issubclass(readiness.ReadinessError, ValueError)


def test_results_are_frozen_dataclasses():
    for cls in (
        readiness.CandidateReadiness,
        readiness.ReadinessReport,
        readiness.RuleResult,
        readiness.ItemAnalysis,
        readiness.ItemStatistics,
        readiness.ImportSummary,
        readiness.Policy,
        readiness.SyntheticGradebook,
    ):
        assert dataclasses.is_dataclass(cls), cls
        assert cls.__dataclass_params__.frozen, cls


def test_importing_readiness_loads_neither_nbgrader_nor_jupyter():
    code = (
        "import sys, mtp_kit.readiness; "
        "print(sorted({'nbgrader', 'ipywidgets', 'IPython', 'traitlets'} & {m.split('.')[0] for m in sys.modules}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
