"""The grading package's error, re-exported from :mod:`mtp_kit.errors` for the package's own imports.

:class:`GradingError` means a course directory, submission or command that cannot be graded as given; like every
error a user can cause it is an :class:`~mtp_kit.errors.MtpKitError`.
"""

from __future__ import annotations

from mtp_kit.errors import GradingError

__all__ = ["GradingError"]
