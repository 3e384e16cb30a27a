"""MTP Kit: courses, assessments and certification tracking for customs Master Trainer programmes.

The top-level package exports the error family and the names a course notebook needs most; each topic lives in
its own module (``mtp_kit.valuation``, ``mtp_kit.hs`` …) with the full API. Importing ``mtp_kit`` loads only the standard
library: Jupyter, pandas and nbgrader are imported by the adapters that need them, when they need them.
"""

from mtp_kit.errors import (
    AuditError,
    ConfigError,
    GradingError,
    HSCodeError,
    HSError,
    MtpKitError,
    NomenclatureError,
    OriginError,
    ReadinessError,
    RiskError,
    ValuationError,
)
from mtp_kit.valuation import CostElement, CustomsValue, Transaction, compute_customs_value

__version__ = "0.1.0"

__all__ = [
    "AuditError",
    "ConfigError",
    "CostElement",
    "CustomsValue",
    "GradingError",
    "HSCodeError",
    "HSError",
    "MtpKitError",
    "NomenclatureError",
    "OriginError",
    "ReadinessError",
    "RiskError",
    "Transaction",
    "ValuationError",
    "__version__",
    "compute_customs_value",
]
