"""Certificates of Master Trainer certification: a PDF each, with a code anyone can check offline.

A certificate is issued only for a candidate whose latest certification decision is ``certified``. Its
verification code is an HMAC-SHA256 of (candidate id, programme, topic, decision date) under a secret of the
programme, drawn once with :mod:`secrets` and kept in the evidence store; the first 80 bits are written in
Crockford's base 32 as ``XXXX-XXXX-XXXX-XXXX`` (no I, L, O or U, so a code read aloud or retyped from paper
survives). Each issued certificate is recorded beside the decision it rests on, so that :func:`verify_code`
can say whose certificate a code is without a network: a code that is not recorded is unknown (a typo or a
forgery), and a recorded one whose facts no longer give the same HMAC has been tampered with.

The two tables (``programme_secret``, ``certificate``) are migration 3 of the evidence store.

>>> store = EvidenceStore.open("sqlite://")
>>> verify_code(store, code="0000-0000-0000-0000").valid
False
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from mtp_kit.readiness._errors import ReadinessError
from mtp_kit.readiness._store import (
    Candidate,
    CertificateRow,
    CertificationDecision,
    Cohort,
    EvidenceStore,
    Programme,
    ProgrammeSecret,
)

__all__ = [
    "CertificateRecord",
    "Verification",
    "certificate_code",
    "issue_certificate",
    "verify_code",
    "write_certificate_pdf",
]

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateRecord:
    """What a certificate states, and its verification code."""

    code: str
    candidate: str
    name: str
    administration: str
    programme: str
    programme_name: str
    topic: str
    decided_on: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """The answer to "is this code genuine?": valid or not, the certificate if any, and why, in words."""

    code: str
    valid: bool
    message: str
    certificate: CertificateRecord | None = None


def certificate_code(*, secret: str, candidate: str, programme: str, topic: str, decided_on: dt.date) -> str:
    """The verification code of a certificate: 80 bits of HMAC-SHA256 in Crockford base 32, in four groups.

    >>> certificate_code(secret="00", candidate="c1", programme="p", topic="t", decided_on=dt.date(2025, 1, 2))
    'SM6W-8YFW-V612-1YNV'
    """
    message = "\x1f".join((candidate, programme, topic, decided_on.isoformat())).encode("utf-8")
    digest = hmac.new(bytes.fromhex(secret), message, hashlib.sha256).digest()
    number = int.from_bytes(digest[:10], "big")
    chars = "".join(_ALPHABET[(number >> shift) & 31] for shift in range(75, -1, -5))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def _normalise(code: str) -> str:
    plain = code.strip().upper().replace("-", "").replace(" ", "").translate(_CONFUSABLE)
    if len(plain) != 16 or any(ch not in _ALPHABET for ch in plain):
        raise ReadinessError(
            f"{code!r} is not a certificate code; expected 16 letters and digits such as ABCD-1234-EFGH-5678"
        )
    return "-".join(plain[i : i + 4] for i in range(0, 16, 4))


def _ensure_tables(store: EvidenceStore) -> None:
    # A store opened with migrate=False may predate the certificate tables (migration 3).
    store.migrate()


def _secret(session: object, programme: str) -> str:
    row = session.get(ProgrammeSecret, programme)  # type: ignore[attr-defined]
    if row is None:
        row = ProgrammeSecret(programme_id=programme, secret=secrets.token_hex(32))
        session.add(row)  # type: ignore[attr-defined]
    return row.secret


def _record(row: CertificateRow) -> CertificateRecord:
    return CertificateRecord(
        code=row.code,
        candidate=row.candidate_id,
        name=row.name,
        administration=row.administration,
        programme=row.programme_id,
        programme_name=row.programme_name,
        topic=row.topic,
        decided_on=row.decided_on,
    )


def issue_certificate(
    store: EvidenceStore, *, candidate: str, as_of: dt.date | None = None
) -> CertificateRecord:
    """Record (or find again) the certificate of a certified candidate and return it with its code.

    The candidate's latest decision on or before ``as_of`` (default today) must be ``certified``; issuing
    twice gives the same code.
    """
    as_of = as_of or dt.date.today()
    _ensure_tables(store)
    with store.session() as session:
        person = session.get(Candidate, candidate)
        if person is None:
            raise ReadinessError(
                f"{candidate!r} is not a candidate in the evidence store; expected a student id"
            )
        decisions = (
            session.execute(
                select(CertificationDecision)
                .where(CertificationDecision.candidate_id == candidate)
                .where(CertificationDecision.decided_on <= as_of)
                .order_by(CertificationDecision.decided_on)
            )
            .scalars()
            .all()
        )
        if not decisions or decisions[-1].decision != "certified":
            latest = decisions[-1].decision.replace("_", " ") if decisions else "no decision recorded"
            raise ReadinessError(
                f"{candidate!r} is not certified ({latest}); a certificate needs a 'certified' decision "
                "in the decisions form"
            )
        decided_on = decisions[-1].decided_on
        cohort = session.get(Cohort, person.cohort_id)
        assert cohort is not None  # a foreign key
        programme = session.get(Programme, cohort.programme_id)
        assert programme is not None
        code = certificate_code(
            secret=_secret(session, programme.id),
            candidate=candidate,
            programme=programme.id,
            topic=cohort.topic,
            decided_on=decided_on,
        )
        row = session.get(CertificateRow, code)
        if row is None:
            row = CertificateRow(
                code=code,
                candidate_id=candidate,
                name=person.name,
                administration=person.administration,
                programme_id=programme.id,
                programme_name=programme.name,
                topic=cohort.topic,
                decided_on=decided_on,
            )
            session.add(row)
        return _record(row)


def verify_code(store: EvidenceStore, *, code: str) -> Verification:
    """Check a certificate code against the store: whose certificate it is, or that it is unknown or tampered."""
    try:
        normalised = _normalise(code)
    except ReadinessError as error:
        return Verification(code=code, valid=False, message=str(error))
    _ensure_tables(store)
    with store.session() as session:
        row = session.get(CertificateRow, normalised)
        if row is None:
            return Verification(
                code=normalised,
                valid=False,
                message=f"{normalised} is unknown: no certificate was issued with this code "
                "(mistyped, tampered with, or from another programme's store)",
            )
        secret_row = session.get(ProgrammeSecret, row.programme_id)
        expected = (
            None
            if secret_row is None
            else certificate_code(
                secret=secret_row.secret,
                candidate=row.candidate_id,
                programme=row.programme_id,
                topic=row.topic,
                decided_on=row.decided_on,
            )
        )
        record = _record(row)
    if expected is None or not hmac.compare_digest(expected, normalised):
        return Verification(
            code=normalised,
            valid=False,
            message=f"{normalised} does not match the certificate recorded under it: the record was tampered with",
            certificate=record,
        )
    return Verification(
        code=normalised,
        valid=True,
        message=(
            f"{normalised} is genuine: {record.name} ({record.candidate}, {record.administration}) was certified "
            f"as Master Trainer in {record.topic} by {record.programme_name} on {record.decided_on.isoformat()}"
        ),
        certificate=record,
    )


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1 only; anything else becomes '?', never an error.
    return text.encode("latin-1", "replace").decode("latin-1")


def write_certificate_pdf(record: CertificateRecord, *, path: str | Path) -> Path:
    """Write a one-page landscape A4 certificate with the verification code; return its path."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    path = Path(path)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_creation_date(dt.datetime.combine(record.decided_on, dt.time(), tzinfo=dt.timezone.utc))
    pdf.add_page()
    pdf.set_draw_color(30, 70, 120)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)

    def line(text: str, *, size: float, style: str = "", height: float = 10, gap: float = 0) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        while size > 8 and pdf.get_string_width(_latin1(text)) > pdf.epw:  # a very long name or title
            size -= 1
            pdf.set_font("Helvetica", style=style, size=size)
        pdf.cell(0, height, _latin1(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

    pdf.set_y(32)
    pdf.set_text_color(30, 70, 120)
    line(record.programme_name, size=14, gap=6)
    line("Certificate of Master Trainer", size=30, style="B", height=14, gap=8)
    pdf.set_text_color(0, 0, 0)
    line("This certifies that", size=13, gap=2)
    line(record.name, size=26, style="B", height=14)
    line(record.administration, size=13, gap=6)
    line(f"is certified as a Master Trainer in {record.topic},", size=14)
    line(
        "having met the programme's requirements in knowledge, applied accuracy, training delivery,", size=12
    )
    line("training materials, participation and learner gain.", size=12, gap=6)
    line(f"Decision of the certification panel: {record.decided_on.strftime('%d %B %Y')}", size=12, gap=14)
    pdf.set_text_color(30, 70, 120)
    line(f"Verification code: {record.code}", size=14, style="B")
    pdf.set_text_color(80, 80, 80)
    line(
        f"Check it offline with 'mtp verify {record.code}' on the programme's evidence store",
        size=9,
        height=5,
    )
    line(f"(candidate {record.candidate}, programme {record.programme}).", size=9, height=5)
    pdf.output(str(path))
    return path
