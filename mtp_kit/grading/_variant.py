"""Per-candidate variants: the figures of a case derived from the candidate id and the assessment id.

Neighbours in a room get different numbers, the same candidate always gets the same ones, and the hidden tests
rebuild the candidate's own case to grade it. The seed is a SHA-256 of ``"<assessment>/<candidate>"``, so it is
stable across Python versions and machines (unlike :func:`hash`), and :class:`random.Random` draws the figures.

Where the candidate id comes from, in order (see :func:`candidate_id`):

1. ``MTP_CANDIDATE`` in the environment. ``mtp grade`` and plain ``nbgrader autograde`` set it to nbgrader's
   student id for each submission (the ``CandidateExecute`` preprocessor of ``assessments/nbgrader_config.py``),
   so grading always uses the submitter's own variant. A candidate working on a laptop sets it once with
   ``%env MTP_CANDIDATE=their-id`` — the id their submission will be filed under.
2. ``JUPYTERHUB_USER``: on the programme's hub the login is the nbgrader student id.
3. Otherwise ``"practice"``: a shared practice variant (used by ``nbgrader validate``).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from decimal import Decimal

from mtp_kit.errors import MtpKitError

__all__ = ["PRACTICE", "Variant", "candidate_id", "variant_seed"]

PRACTICE = "practice"
# Any id nbgrader accepts: one line of printable text, spaces inside allowed ("Jean Dupont").
_ID = re.compile(r"^\S(?:[^\n\r\t]{0,198}\S)?$")


def candidate_id() -> str:
    """The id whose variant this kernel works on: ``MTP_CANDIDATE``, else ``JUPYTERHUB_USER``, else practice.

    >>> os.environ["MTP_CANDIDATE"] = "ke-017"
    >>> candidate_id()
    'ke-017'
    >>> del os.environ["MTP_CANDIDATE"]
    """
    for variable in ("MTP_CANDIDATE", "JUPYTERHUB_USER"):
        value = os.environ.get(variable, "").strip()
        if value:
            return value
    return PRACTICE


def variant_seed(*, candidate: str, assessment: str) -> int:
    """A 64-bit seed from the candidate and the assessment: stable everywhere, different for neighbours.

    >>> variant_seed(candidate="ke-017", assessment="wg1-pretest-valuation")
    7647138291182948170
    """
    for what, value in (("candidate id", candidate), ("assessment id", assessment)):
        if not isinstance(value, str) or not _ID.match(value):
            raise MtpKitError(
                f"{what} {value!r} cannot seed a variant: expected one line of text, such as 'ke-017'"
            )
    digest = hashlib.sha256(f"{assessment}/{candidate}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


class Variant:
    """A deterministic source of case figures for one candidate and one assessment.

    >>> a = Variant(candidate="ke-017", assessment="wg1-pretest-valuation")
    >>> b = Variant(candidate="ke-017", assessment="wg1-pretest-valuation")
    >>> a.amount(1000, 5000, step=50) == b.amount(1000, 5000, step=50)
    True
    """

    def __init__(self, *, candidate: str, assessment: str) -> None:
        self.candidate = candidate
        self.assessment = assessment
        self._random = random.Random(variant_seed(candidate=candidate, assessment=assessment))

    def amount(self, low: int, high: int, *, step: int = 10) -> Decimal:
        """A whole amount between ``low`` and ``high`` (inclusive) in multiples of ``step``."""
        return Decimal(self._random.randrange(low // step, high // step + 1) * step)

    def rate(self, low: str, high: str, *, places: int = 4) -> Decimal:
        """An exchange rate between ``low`` and ``high`` with ``places`` decimals."""
        scale = 10**places
        lo, hi = int(Decimal(low) * scale), int(Decimal(high) * scale)
        return Decimal(self._random.randint(lo, hi)) / scale

    def choice(self, options: tuple | list):
        """One of ``options``."""
        return options[self._random.randrange(len(options))]

    def shuffled(self, items: tuple | list) -> list:
        """The items in a candidate-specific order."""
        out = list(items)
        self._random.shuffle(out)
        return out
