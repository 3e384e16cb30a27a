"""``mtp verify CODE`` checks a certificate's verification code against the evidence store, offline;
see :func:`mtp_kit.readiness._cli.verify_main`."""

from __future__ import annotations

from mtp_kit.readiness._cli import verify_main as main

__all__ = ["main"]
