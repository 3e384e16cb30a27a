"""``mtp cohort import|status|report`` imports a cohort's evidence forms, shows its status and writes the reports;
see :func:`mtp_kit.readiness._cli.cohort_main`."""

from __future__ import annotations

from mtp_kit.readiness._cli import cohort_main as main

__all__ = ["main"]
