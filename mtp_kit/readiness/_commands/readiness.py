"""``mtp readiness`` prints each candidate's status, rules R1 to R6 and next actions;
see :func:`mtp_kit.readiness._cli.readiness_main`."""

from __future__ import annotations

from mtp_kit.readiness._cli import readiness_main as main

__all__ = ["main"]
