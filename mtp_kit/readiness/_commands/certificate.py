"""``mtp certificate CANDIDATE`` writes PDF certificates with a verification code for certified candidates;
see :func:`mtp_kit.readiness._cli.certificate_main`."""

from __future__ import annotations

from mtp_kit.readiness._cli import certificate_main as main

__all__ = ["main"]
