"""Import evidence forms (CSV files shaped like the sheets administrations send) into the evidence store.

Each kind of form (:data:`FORMS`) names its columns, how each cell is read, and the natural key of a row. An
import reads and checks the whole file first; the first bad cell rejects the file with its row and column named
(row 1 is the header, as a spreadsheet numbers it) and nothing is written. A good file is written in one
transaction as upserts on the natural key, so importing the same file again changes nothing and a corrected
file updates only the rows that changed. Columns are matched by name, case and surrounding spaces ignored;
extra columns (a "comments" column, say) are ignored and listed in the summary. Files may be comma-, semicolon-
or tab-separated and may start with the byte-order mark Excel writes.

>>> store = EvidenceStore.open("sqlite://")
>>> import_rows(store, kind="programmes", rows=[{"programme": "cv", "name": "CV MTP", "topic": "valuation"}])
ImportSummary(kind='programmes', rows=1, inserted=1, updated=0, unchanged=0, ignored_columns=())
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_

from mtp_kit.readiness._errors import ReadinessError
from mtp_kit.readiness._store import (
    Activity,
    Attendance,
    Base,
    Candidate,
    CertificationDecision,
    Cohort,
    Delivery,
    EvidenceStore,
    Material,
    Programme,
    Refresher,
    RubricScore,
    TaskCompletion,
    TraineeResult,
    WorkingGroup,
)

__all__ = ["FORMS", "Form", "ImportSummary", "import_csv", "import_rows"]

Parser = Callable[[str], Any]


class _CellError(ValueError):
    """A cell that cannot be read; the message says what is accepted."""


def _text(value: str) -> str:
    if not value:
        raise _CellError("is empty; expected a value")
    return value


def _optional_text(value: str) -> str | None:
    return value or None


def _integer(low: int, high: int | None = None) -> Parser:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise _CellError(
                f"expected a whole number from {low}{'' if high is None else f' to {high}'}"
            ) from None
        if number < low or (high is not None and number > high):
            raise _CellError(
                f"is out of range; expected a whole number from {low}{'' if high is None else f' to {high}'}"
            )
        return number

    return parse


def _optional(parse: Parser) -> Parser:
    def parse_optional(value: str) -> Any:
        return None if value == "" else parse(value)

    return parse_optional


def _percentage(value: str) -> Decimal:
    try:
        number = Decimal(value.removesuffix("%").strip())
    except InvalidOperation:
        raise _CellError("expected a percentage from 0 to 100 such as 62.5") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise _CellError("is out of range; expected a percentage from 0 to 100 such as 62.5")
    return number


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _CellError("expected a date written YYYY-MM-DD such as 2025-02-03") from None


def _choice(*choices: str) -> Parser:
    def parse(value: str) -> str:
        normalised = value.lower().replace("-", "_").replace(" ", "_")
        if normalised not in choices:
            raise _CellError(f"expected one of {', '.join(choices)}")
        return normalised

    return parse


_TRUE = {"yes", "y", "true", "1", "done", "completed", "x"}
_FALSE = {"no", "n", "false", "0", "not_done", "not done", "missing", ""}


def _yes_no(value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _CellError("expected yes or no (also accepted: done/true/1, not done/false/0, empty for no)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One column of a form: its header, how a cell is read, and the model attribute it fills."""

    header: str
    parse: Parser
    attribute: str
    required: bool = True


def _col(header: str, parse: Parser, attribute: str | None = None, *, required: bool = True) -> Column:
    return Column(header=header, parse=parse, attribute=attribute or header, required=required)


@dataclass(frozen=True, slots=True, kw_only=True)
class Form:
    """A kind of evidence form: the model it fills, its columns, its natural key and the parents it refers to.

    ``parents`` maps a tuple of attributes to the model whose primary key they must name, checked before
    anything is written so that a row pointing at an unknown candidate is rejected with its row and column.
    ``creates`` names a parent model that the form also upserts from the same rows (a rubric sheet carries
    the date of the session it scores, so it creates the delivery).
    """

    kind: str
    model: type[Base]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    parents: tuple[tuple[tuple[str, ...], type[Base]], ...] = ()
    creates: tuple[type[Base], tuple[str, ...], tuple[str, ...]] | None = None


_CANDIDATE = (("candidate_id",), Candidate)
_DELIVERY = (("candidate_id", "session"), Delivery)

FORMS: Mapping[str, Form] = {
    form.kind: form
    for form in (
        Form(
            kind="programmes",
            model=Programme,
            columns=(_col("programme", _text, "id"), _col("name", _text), _col("topic", _text)),
            key=("id",),
        ),
        Form(
            kind="cohorts",
            model=Cohort,
            columns=(
                _col("cohort", _text, "id"),
                _col("programme", _text, "programme_id"),
                _col("name", _text),
                _col("topic", _text),
            ),
            key=("id",),
            parents=((("programme_id",), Programme),),
        ),
        Form(
            kind="working_groups",
            model=WorkingGroup,
            columns=(
                _col("cohort", _text, "cohort_id"),
                _col("wg", _integer(1, 9), "number"),
                _col("starts_on", _date),
                _col("ends_on", _optional(_date), required=False),
                _col("place", _optional_text, required=False),
            ),
            key=("cohort_id", "number"),
            parents=((("cohort_id",), Cohort),),
        ),
        Form(
            kind="candidates",
            model=Candidate,
            columns=(
                _col("candidate", _text, "id"),
                _col("cohort", _text, "cohort_id"),
                _col("name", _text),
                _col("administration", _text),
                _col("country", _text),
                _col("region", _text),
                _col("email", _optional_text, required=False),
            ),
            key=("id",),
            parents=((("cohort_id",), Cohort),),
        ),
        Form(
            kind="attendance",
            model=Attendance,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("wg", _integer(1, 9)),
                _col("status", _choice("present", "absent", "make_up")),
            ),
            key=("candidate_id", "wg"),
            parents=(_CANDIDATE,),
        ),
        Form(
            kind="tasks",
            model=TaskCompletion,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("task", _text),
                _col("wg", _optional(_integer(1, 9)), required=False),
                _col("completed", _yes_no),
            ),
            key=("candidate_id", "task"),
            parents=(_CANDIDATE,),
        ),
        Form(
            kind="materials",
            model=Material,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("material", _text, "kind"),
                _col("status", _choice("draft", "reviewed", "approved")),
                _col("reviewer", _optional_text, required=False),
            ),
            key=("candidate_id", "kind"),
            parents=(_CANDIDATE,),
        ),
        Form(
            kind="rubric",
            model=RubricScore,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("session", _text),
                _col("delivered_on", _date),
                _col("topic", _optional_text, required=False),
                _col("assessor", _text),
                _col("criterion", _text),
                _col("score", _integer(1, 4)),
            ),
            key=("candidate_id", "session", "assessor", "criterion"),
            parents=(_CANDIDATE,),
            creates=(Delivery, ("candidate_id", "session"), ("delivered_on", "topic")),
        ),
        Form(
            kind="trainees",
            model=TraineeResult,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("session", _text),
                _col("trainee", _text),
                _col("pre", _percentage),
                _col("post", _percentage),
            ),
            key=("candidate_id", "session", "trainee"),
            parents=(_CANDIDATE, _DELIVERY),
        ),
        Form(
            kind="decisions",
            model=CertificationDecision,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("decided_on", _date),
                _col("decision", _choice("certified", "deferred", "not_certified")),
                _col("decided_by", _optional_text, required=False),
            ),
            key=("candidate_id", "decided_on"),
            parents=(_CANDIDATE,),
        ),
        Form(
            kind="activity",
            model=Activity,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("session", _text),
                _col("delivered_on", _date),
                _col("topic", _text),
                _col("customs", _integer(0)),
                _col("other_agencies", _integer(0)),
                _col("private_sector", _integer(0)),
            ),
            key=("candidate_id", "session"),
            parents=(_CANDIDATE,),
        ),
        Form(
            kind="refreshers",
            model=Refresher,
            columns=(
                _col("candidate", _text, "candidate_id"),
                _col("course", _text),
                _col("completed_on", _date),
            ),
            key=("candidate_id", "course"),
            parents=(_CANDIDATE,),
        ),
    )
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSummary:
    """What an import did: rows read, and how many were inserted, updated or already as in the file."""

    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    ignored_columns: tuple[str, ...]


def _form(kind: str) -> Form:
    try:
        return FORMS[kind]
    except KeyError:
        raise ReadinessError(
            f"{kind!r} is not a kind of evidence form; expected one of {', '.join(FORMS)}"
        ) from None


def _reject(source: str, row: int, header: str, message: str) -> ReadinessError:
    return ReadinessError(f"{source}: row {row}, column {header!r}: {message}; nothing was imported")


def _parse_rows(
    form: Form, rows: Sequence[tuple[int, Mapping[str, str]]], headers: Sequence[str], source: str
) -> tuple[list[tuple[int, dict[str, Any]]], tuple[str, ...]]:
    by_name = {header.strip().lower(): header for header in headers}
    missing = [c.header for c in form.columns if c.required and c.header not in by_name]
    if missing:
        raise ReadinessError(
            f"{source}: column {missing[0]!r} is missing; a {form.kind} form has the columns "
            f"{', '.join(c.header for c in form.columns)}; nothing was imported"
        )
    known = {c.header for c in form.columns}
    ignored = tuple(h for h in headers if h.strip().lower() not in known)
    records: list[tuple[int, dict[str, Any]]] = []
    first_row_of: dict[tuple[Any, ...], int] = {}
    for index, row in rows:
        record: dict[str, Any] = {}
        for column in form.columns:
            raw = row.get(by_name[column.header], "") if column.header in by_name else ""
            raw = "" if raw is None else str(raw).strip()
            try:
                record[column.attribute] = column.parse(raw)
            except _CellError as exc:
                raise _reject(source, index, column.header, f"{raw!r} {exc}") from None
        key = tuple(record[a] for a in form.key)
        if key in first_row_of:
            header = next(c.header for c in form.columns if c.attribute == form.key[-1])
            raise _reject(source, index, header, f"repeats the entry of row {first_row_of[key]} ({key})")
        first_row_of[key] = index
        records.append((index, record))
    return records, ignored


def _check_parents(session: Any, form: Form, records: list[tuple[int, dict[str, Any]]], source: str) -> None:
    for attributes, parent in form.parents:
        pk = tuple(parent.__table__.primary_key.columns)  # type: ignore[attr-defined]
        existing = {tuple(row) for row in session.execute(select(*pk))}
        if form.creates is not None and form.creates[0] is parent:
            existing |= {tuple(r[a] for a in attributes) for _, r in records}
        for index, record in records:
            value = tuple(record[a] for a in attributes)
            if value not in existing:
                header = next(c.header for c in form.columns if c.attribute == attributes[-1])
                what = parent.__tablename__.replace("_", " ")
                shown = value[0] if len(value) == 1 else value
                raise _reject(source, index, header, f"{shown!r} is not a known {what}; import it first")


def _upsert(
    session: Any, model: type[Base], key: tuple[str, ...], records: list[dict[str, Any]]
) -> tuple[int, int, int]:
    table = model.__table__  # type: ignore[attr-defined]
    key_columns = [table.c[a] for a in key]
    wanted = {tuple(r[a] for a in key) for r in records}
    existing: dict[tuple[Any, ...], Any] = {}
    # One SELECT for the rows the file names, in chunks to stay under the databases' parameter limits.
    keys = sorted(wanted, key=repr)
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        condition = (
            key_columns[0].in_([k[0] for k in chunk]) if len(key) == 1 else tuple_(*key_columns).in_(chunk)
        )
        for obj in session.execute(select(model).where(condition)).scalars():
            existing[tuple(getattr(obj, a) for a in key)] = obj
    inserted = updated = unchanged = 0
    for record in records:
        obj = existing.get(tuple(record[a] for a in key))
        if obj is None:
            session.add(model(**record))
            inserted += 1
        elif all(getattr(obj, a) == v for a, v in record.items()):
            unchanged += 1
        else:
            for attribute, value in record.items():
                setattr(obj, attribute, value)
            updated += 1
    session.flush()
    return inserted, updated, unchanged


def _check_created_parent(
    form: Form, records: list[tuple[int, dict[str, Any]]], source: str
) -> list[dict[str, Any]]:
    assert form.creates is not None
    _, key, values = form.creates
    parents: dict[tuple[Any, ...], dict[str, Any]] = {}
    for index, record in records:
        parent = {a: record[a] for a in (*key, *values)}
        seen = parents.setdefault(tuple(record[a] for a in key), parent)
        if seen != parent:
            differing = next(a for a in values if seen[a] != parent[a])
            raise _reject(
                source,
                index,
                differing,
                f"{parent[differing]!r} differs from {seen[differing]!r} on the same session",
            )
    return list(parents.values())


def _import(
    store: EvidenceStore,
    form: Form,
    rows: Sequence[tuple[int, Mapping[str, str]]],
    headers: Sequence[str],
    source: str,
) -> ImportSummary:
    records, ignored = _parse_rows(form, rows, headers, source)
    with store.session() as session:
        _check_parents(session, form, records, source)
        if form.creates is not None:
            parent_model, parent_key, _ = form.creates
            _upsert(session, parent_model, parent_key, _check_created_parent(form, records, source))
        model_attributes = set(form.model.__table__.c.keys())  # type: ignore[attr-defined]
        own = [{a: v for a, v in r.items() if a in model_attributes} for _, r in records]
        inserted, updated, unchanged = _upsert(session, form.model, form.key, own)
    return ImportSummary(
        kind=form.kind,
        rows=len(records),
        inserted=inserted,
        updated=updated,
        unchanged=unchanged,
        ignored_columns=ignored,
    )


def import_rows(
    store: EvidenceStore, *, kind: str, rows: Iterable[Mapping[str, Any]], source: str = "rows"
) -> ImportSummary:
    """Check and upsert rows given as mappings of column header to cell (text or plain values), all or nothing.

    Rows are numbered from 2, as if the first mapping were the line under a header row.
    """
    form = _form(kind)
    text_rows = [{str(k): "" if v is None else str(v) for k, v in row.items()} for row in rows]
    headers = list(dict.fromkeys(h for row in text_rows for h in row)) or [c.header for c in form.columns]
    return _import(store, form, list(enumerate(text_rows, start=2)), headers, source)


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV form would hold: 12.0 -> '12', a date -> '2025-03-14'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _import_xlsx(store: EvidenceStore, form: object, path: Path, sheet: str | None) -> ImportSummary:
    from openpyxl import load_workbook  # trainer-side dependency, loaded only for Excel forms

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a file it cannot read
        raise ReadinessError(f"cannot read {path}: {exc}; expected an Excel .xlsx workbook") from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ReadinessError(
                f"{path.name}: there is no sheet {sheet!r}; expected one of {', '.join(workbook.sheetnames)}"
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        table = [[_cell_text(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not table or not any(cell.strip() for cell in table[0]):
        raise ReadinessError(f"{path.name}: the sheet is empty; expected a header row naming the columns")
    headers = [h.strip().lower() for h in table[0]]
    while headers and not headers[-1]:
        headers.pop()
    rows: list[tuple[int, Mapping[str, str]]] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(headers) :]):
            raise _reject(
                path.name, number, headers[-1], f"the row has cells beyond the {len(headers)} named columns"
            )
        rows.append((number, dict(zip(headers, cells[: len(headers)], strict=False))))
    return _import(store, form, rows, headers, path.name)


def import_csv(
    store: EvidenceStore, *, kind: str, path: str | Path, sheet: str | None = None
) -> ImportSummary:
    """Import one form of the given kind (see :data:`FORMS`) from a CSV file or an Excel ``.xlsx`` workbook
    (its first sheet, or ``sheet``); a bad row rejects the whole file.

    Blank lines are skipped but keep their number, so the row named in an error is the spreadsheet's row.
    """
    form = _form(kind)
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _import_xlsx(store, form, path, sheet)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadinessError(f"cannot read {path}: {exc}; expected a UTF-8 CSV file") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    headers = [h.strip().lower() for h in next(reader, [])]
    if not any(headers):
        raise ReadinessError(f"{path.name}: the file is empty; expected a header row naming the columns")
    rows: list[tuple[int, Mapping[str, str]]] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(headers):
            raise _reject(
                path.name, number, headers[-1], f"the row has {len(cells)} cells for {len(headers)} columns"
            )
        rows.append((number, dict(zip(headers, cells, strict=False))))
    return _import(store, form, rows, headers, path.name)
