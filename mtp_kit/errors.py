"""The one exception family of MTP Kit.

Every mistake a user can make (a mistyped HS code, a negative freight, a currency with no exchange rate)
raises a subclass of :class:`MtpKitError` whose message names the bad value and says what is accepted, so
that a notebook can show the message to a customs officer instead of a traceback.

The hierarchy::

    MtpKitError
    ├── ValuationError          customs valuation (WTO Valuation Agreement)
    ├── HSError                 the Harmonized System
    │   ├── HSCodeError         a code that cannot be read
    │   └── NomenclatureError   a nomenclature file or tree that is inconsistent
    ├── OriginError             rules of origin
    ├── RiskError               risk management
    ├── AuditError              post-clearance audit recovery
    ├── GradingError            course directories, submissions and grading runs
    ├── ReadinessError          certification evidence, stores and gradebooks
    └── ConfigError             a configuration or data file that cannot be used

Catch :class:`MtpKitError` to handle any of them; every class is also a :class:`ValueError`, because each one
means "this value is not acceptable".
"""

from __future__ import annotations

__all__ = [
    "AuditError",
    "ConfigError",
    "GradingError",
    "HSCodeError",
    "HSError",
    "MtpKitError",
    "NomenclatureError",
    "OriginError",
    "ReadinessError",
    "RiskError",
    "ValuationError",
]


class MtpKitError(ValueError):
    """Base class of every error MTP Kit raises on purpose."""


class ValuationError(MtpKitError):
    """A transaction, cost element or valuation question that cannot be valued as given."""


class HSError(MtpKitError):
    """A problem with Harmonized System codes or nomenclatures."""


class HSCodeError(HSError):
    """A string that is not a readable HS or national tariff code."""


class NomenclatureError(HSError):
    """A nomenclature whose structure is inconsistent (missing parent, duplicate code, bad level)."""


class OriginError(MtpKitError):
    """A product, material or rule of origin that cannot be assessed as given."""


class RiskError(MtpKitError):
    """A risk register entry, indicator or threshold that is out of range."""


class AuditError(MtpKitError):
    """A post-clearance audit declaration or national setting that cannot be used."""


class GradingError(MtpKitError):
    """A course directory, assignment or submission that cannot be graded as given."""


class ReadinessError(MtpKitError):
    """An evidence file, store or gradebook that cannot be used as given."""


class ConfigError(MtpKitError):
    """A configuration or data file that cannot be used."""
