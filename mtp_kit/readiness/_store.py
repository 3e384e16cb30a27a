"""The evidence store: every fact about a cohort that is not a grade, in one SQL database with a versioned schema.

A programme runs cohorts; a cohort has candidates (their id is the nbgrader student id, so grades join without a
mapping table), working groups (WGs) with dates, and per candidate the WG attendance, intersessional tasks,
training materials, delivery assessments (a rubric score per criterion per assessor, and the pre/post test
results of the trainees the candidate taught), certification decisions and, after certification, the Master
Trainer's activity and refresher courses.

Every table has a natural key (candidate + WG, candidate + session + assessor + criterion, …) as its primary
key, so that re-importing the same form updates rows instead of duplicating them. Decimal facts (trainees' test
percentages) are stored as text and read back as :class:`~decimal.Decimal`, which keeps them exact on every
database and avoids SQLite's lossy ``NUMERIC``.

The schema is versioned by :data:`MIGRATIONS`, an ordered list of small functions recorded in the
``schema_version`` table as they are applied. A change to a table is a new migration (``ALTER TABLE`` or a new
table), never an edit of an old one; ``test_migrated_schema_matches_the_models`` fails when a model changes
without one. SQLite is the default (a file path); any SQLAlchemy URL works, e.g. ``postgresql://…``.

>>> store = EvidenceStore.open("sqlite://")
>>> store.schema_version == LATEST_VERSION
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    TypeDecorator,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from mtp_kit.readiness._errors import ReadinessError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Activity",
    "Attendance",
    "Candidate",
    "CertificationDecision",
    "Cohort",
    "Delivery",
    "Evidence",
    "EvidenceStore",
    "Material",
    "Migration",
    "Programme",
    "Refresher",
    "RubricScore",
    "TaskCompletion",
    "TraineeResult",
    "WorkingGroup",
]


class DecimalText(TypeDecorator[Decimal]):
    """A :class:`~decimal.Decimal` stored as its exact text, identical on SQLite and PostgreSQL."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    """The declarative base of the evidence store (its own metadata, never nbgrader's)."""


_ID = String(128)
_CANDIDATE_FK = "candidate.id"


class SchemaVersion(Base):
    """One applied migration."""

    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Programme(Base):
    """A Master Trainer programme (e.g. the MTP on customs valuation for Southern Africa)."""

    __tablename__ = "programme"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(Text)


class Cohort(Base):
    """One intake of candidates who go through the working groups together."""

    __tablename__ = "cohort"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programme.id"))
    name: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(Text)


class WorkingGroup(Base):
    """A working-group session of a cohort, numbered 1 to 5."""

    __tablename__ = "working_group"
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohort.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str | None] = mapped_column(Text, nullable=True)


class Candidate(Base):
    """A nominated officer; ``id`` is the nbgrader student id."""

    __tablename__ = "candidate"
    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohort.id"))
    name: Mapped[str] = mapped_column(Text)
    administration: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text, nullable=True)


class Attendance(Base):
    """Attendance of one candidate at one WG: ``present``, ``absent`` or ``make_up`` (attended a make-up)."""

    __tablename__ = "attendance"
    candidate_id: Mapped[str] = mapped_column(ForeignKey(_CANDIDATE_FK), primary_key=True)
    wg: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))


class TaskCompletion(Base):
    """An intersessional task given to a candidate, and whether it was completed."""

    __tablename__ = "task_completion"
    candidate_id: Mapped[str] = mapped_column(ForeignKey(_CANDIDATE_FK), primary_key=True)
    task: Mapped[str] = mapped_column(String(128), primary_key=True)
    wg: Mapped[int | None] = mapped_column(Integer, nullable=True)
    completed: Mapped[bool]


class Material(Base):
    """One training material of a candidate (session plan, slides, …) and its review status."""

    __tablename__ = "material"
    candidate_id: Mapped[str] = mapped_column(ForeignKey(_CANDIDATE_FK), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str | None] = mapped_column(Text, nullable=True)


class Delivery(Base):
    """A training session a candidate delivered to real trainees."""

    __tablename__ = "delivery"
    candidate_id: Mapped[str] = mapped_column(ForeignKey(_CANDIDATE_FK), primary_key=True)
    session: Mapped[str] = mapped_column(String(128), primary_key=True)
    delivered_on: Mapped[dt.date] = mapped_column(Date)
    topic: Mapped[str | None] = mapped_column(Text, nullable=True)


_DELIVERY_FK = ForeignKeyConstraint(
    ["candidate_id", "session"], ["delivery.candidate_id", "delivery.session"]
)


class RubricScore(Base):
    """One assessor's score (1 to 4) on one rubric criterion of one delivery."""

    __tablename__ = "rubric_score"
    __table_args__ = (_DELIVERY_FK,)
    candidate_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    session: Mapped[str] = mapped_column(String(128), primary_key=True)
    assessor: Mapped[str] = mapped_column(String(128), primary_key=True)
    criterion: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)


class TraineeResult(Base):
    """The pre- and post-test percentages of one trainee taught in a delivery."""

    __tablename__ = "trainee_result"
    __table_args__ = (
        ForeignKeyConstraint(["candidate_id", "session"], ["delivery.candidate_id", "delivery.session"]),
    )
    candidate_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    session: Mapped[str] = mapped_column(String(128), primary_key=True)
    trainee: Mapped[str] = mapped_column(String(128), primary_key=True)
    pre: Mapped[Decimal] = mapped_column(DecimalText)
    post: Mapped[Decimal] = mapped_column(DecimalText)


class CertificationDecision(Base):
    """The programme's decision on a candidate: ``certified``, ``deferred`` or ``not_certified``."""

    __tablename__ = "certification_decision"
    candidate_id: Mapped[str] = mapped_column(ForeignKey(_CANDIDATE_FK), primary_key=True)
    decided_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    decision: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str | None] = mapped_column(Text, nullable=True)


class Activity(Base):
    """A session a certified Master Trainer delivered, with participants by type."""

    __tablename__ = "activity"
    candidate_id: Mapped[str] = mapped_column(ForeignKey(_CANDIDATE_FK), primary_key=True)
    session: Mapped[str] = mapped_column(String(128), primary_key=True)
    delivered_on: Mapped[dt.date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(Text)
    customs: Mapped[int] = mapped_column(Integer)
    other_agencies: Mapped[int] = mapped_column(Integer)
    private_sector: Mapped[int] = mapped_column(Integer)


class Refresher(Base):
    """A refresher course a Master Trainer completed."""

    __tablename__ = "refresher"
    candidate_id: Mapped[str] = mapped_column(ForeignKey(_CANDIDATE_FK), primary_key=True)
    course: Mapped[str] = mapped_column(String(128), primary_key=True)
    completed_on: Mapped[dt.date] = mapped_column(Date)


class ProgrammeSecret(Base):
    """The HMAC key of one programme's certificate codes (hex text), drawn once when it first certifies."""

    __tablename__ = "programme_secret"
    programme_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    secret: Mapped[str] = mapped_column(String(128))


class CertificateRow(Base):
    """One issued certificate, recorded with the decision it rests on, so its code can be checked offline."""

    __tablename__ = "certificate"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    candidate_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(Text)
    administration: Mapped[str] = mapped_column(Text)
    programme_id: Mapped[str] = mapped_column(String(64))
    programme_name: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[dt.date] = mapped_column(Date)


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One step of the schema: applied once, in order, inside the same transaction as its version row."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _create(*models: type[Base]) -> Callable[[Connection], None]:
    # Creating a table from its model is safe only while that table has never changed; a later change must be
    # its own migration (ALTER TABLE), which the schema test enforces.
    def apply(connection: Connection) -> None:
        Base.metadata.create_all(connection, tables=[m.__table__ for m in models])  # type: ignore[misc]

    return apply


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="cohorts, candidates, attendance, tasks, materials, deliveries, decisions",
        apply=_create(
            Programme,
            Cohort,
            WorkingGroup,
            Candidate,
            Attendance,
            TaskCompletion,
            Material,
            Delivery,
            RubricScore,
            TraineeResult,
            CertificationDecision,
        ),
    ),
    Migration(
        version=2,
        description="post-certification tracking: Master Trainer activity and refresher courses",
        apply=_create(Activity, Refresher),
    ),
    Migration(
        version=3,
        description="certificates: a secret per programme and every issued certificate with its code",
        apply=_create(ProgrammeSecret, CertificateRow),
    ),
)
LATEST_VERSION = MIGRATIONS[-1].version

# Tables read by EvidenceStore.load_evidence, in the order of the Evidence fields.
_EVIDENCE_TABLES: dict[str, type[Base]] = {
    "programmes": Programme,
    "cohorts": Cohort,
    "working_groups": WorkingGroup,
    "candidates": Candidate,
    "attendance": Attendance,
    "tasks": TaskCompletion,
    "materials": Material,
    "deliveries": Delivery,
    "rubric": RubricScore,
    "trainees": TraineeResult,
    "decisions": CertificationDecision,
    "activity": Activity,
    "refreshers": Refresher,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Every evidence table of a store (or of one cohort) as pandas frames, columns named as in the database."""

    programmes: pd.DataFrame
    cohorts: pd.DataFrame
    working_groups: pd.DataFrame
    candidates: pd.DataFrame
    attendance: pd.DataFrame
    tasks: pd.DataFrame
    materials: pd.DataFrame
    deliveries: pd.DataFrame
    rubric: pd.DataFrame
    trainees: pd.DataFrame
    decisions: pd.DataFrame
    activity: pd.DataFrame
    refreshers: pd.DataFrame


def _to_url(target: str | Path) -> str:
    text = str(target)
    return text if "://" in text else f"sqlite:///{Path(text)}"


def _enable_sqlite_foreign_keys(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class EvidenceStore:
    """A handle on one evidence database: its engine, its sessions and its schema version.

    Open it with :meth:`open`, which brings the schema up to :data:`LATEST_VERSION` unless told not to.
    """

    def __init__(self, *, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @classmethod
    def open(cls, target: str | Path, *, migrate: bool = True) -> EvidenceStore:
        """Open the store at a SQLite file path or a SQLAlchemy URL (``sqlite://`` is a throw-away in-memory one).

        >>> EvidenceStore.open("sqlite://", migrate=False).schema_version
        0
        """
        url = _to_url(target)
        if "://" not in str(target) and not Path(target).parent.is_dir():
            raise ReadinessError(
                f"cannot create the evidence store {str(target)!r}: its folder does not exist; "
                "expected a path in an existing folder"
            )
        kwargs: dict[str, Any] = {}
        if url in ("sqlite://", "sqlite:///:memory:"):
            # One in-memory database shared by every connection of this engine.
            from sqlalchemy.pool import StaticPool

            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        try:
            engine = create_engine(url, **kwargs)
        except Exception as exc:  # an unknown dialect or a malformed URL
            raise ReadinessError(
                f"cannot open the evidence store {url!r}: {exc}; expected a file path or a SQLAlchemy URL"
            ) from exc
        if engine.dialect.name == "sqlite":
            _enable_sqlite_foreign_keys(engine)
        store = cls(engine=engine)
        if migrate:
            store.migrate()
        return store

    @property
    def schema_version(self) -> int:
        """The highest migration applied to this database (0 for an empty one)."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table(SchemaVersion.__tablename__):
                return 0
            versions = connection.execute(select(SchemaVersion.version)).scalars().all()
        return max(versions, default=0)

    def migrate(self) -> tuple[int, ...]:
        """Apply the pending migrations in order, each in its own transaction; return the versions applied.

        >>> store = EvidenceStore.open("sqlite://", migrate=False)
        >>> store.migrate(), store.migrate()
        ((1, 2, 3), ())
        """
        current = self.schema_version
        if current > LATEST_VERSION:
            raise ReadinessError(
                f"the evidence store is at schema version {current}, newer than this MTP Kit knows "
                f"({LATEST_VERSION}); upgrade MTP Kit before opening it"
            )
        applied = []
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self.engine.begin() as connection:
                SchemaVersion.__table__.create(connection, checkfirst=True)
                migration.apply(connection)
                connection.execute(
                    SchemaVersion.__table__.insert().values(
                        version=migration.version,
                        description=migration.description,
                        applied_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                    )
                )
            applied.append(migration.version)
        return tuple(applied)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def load_evidence(self, *, cohort: str | None = None) -> Evidence:
        """Read every evidence table (optionally one cohort's rows) into pandas frames, one SELECT per table."""
        import pandas as pd

        frames: dict[str, pd.DataFrame] = {}
        with self.engine.connect() as connection:
            ids = None
            if cohort is not None:
                ids = set(
                    connection.execute(select(Candidate.id).where(Candidate.cohort_id == cohort)).scalars()
                )
            for name, model in _EVIDENCE_TABLES.items():
                table = model.__table__
                query = select(table)
                if cohort is not None:
                    if "candidate_id" in table.c:
                        query = query.where(table.c.candidate_id.in_(ids or {""}))
                    elif "cohort_id" in table.c:
                        query = query.where(table.c.cohort_id == cohort)
                    elif model is Cohort:
                        query = query.where(table.c.id == cohort)
                result = connection.execute(query)
                columns = list(result.keys())
                frames[name] = pd.DataFrame([tuple(row) for row in result], columns=columns, dtype=object)
        return Evidence(**frames)
