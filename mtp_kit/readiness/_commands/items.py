"""``mtp items ASSIGNMENT`` prints the item statistics of one assessment from the gradebook;
see :func:`mtp_kit.readiness._cli.items_main`."""

from __future__ import annotations

from mtp_kit.readiness._cli import items_main as main

__all__ = ["main"]
