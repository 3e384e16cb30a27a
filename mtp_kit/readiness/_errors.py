"""The error the readiness package raises for evidence it cannot use, re-exported from :mod:`mtp_kit.errors`.

:class:`ReadinessError` is an :class:`~mtp_kit.errors.MtpKitError` (and so a :class:`ValueError`) like every
other error a user can cause; it lives in the one error module and is named here for the package's own imports.
"""

from __future__ import annotations

from mtp_kit.errors import ReadinessError

__all__ = ["ReadinessError"]
