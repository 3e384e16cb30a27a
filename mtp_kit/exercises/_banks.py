"""Case banks as plain files: a trainer's spreadsheet of cases, read into the objects the engines and widgets use.

A bank is one CSV (UTF-8) file or one Excel ``.xlsx`` worksheet holding cases of one exercise type. It opens
with settings rows (a name in the first cell, its value in the second: ``bank``, ``title``, ``nomenclature`` …),
then a header row naming the columns, then one row per case — or, for valuation, origin and choice questions,
one row per cost element, material or option, grouped by the case id. ``docs/authoring.md`` documents every
format. Reading never stops at the first mistake: every row is read, and each problem is kept with the file,
row and field it belongs to, so that :func:`check_bank` can show them all at once. Only the standard library
is used (Excel files are read by the same reader as national tariffs).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from xml.etree import ElementTree

from mtp_kit.errors import ConfigError, MtpKitError
from mtp_kit.exercises._quiz import ChoiceQuestion, NumericQuestion, Option
from mtp_kit.hs import (
    ClassificationCase,
    Nomenclature,
    load_harmonized_system,
    load_national_tariff,
    load_teaching_extract,
    parse_code,
    parse_gir,
)
from mtp_kit.hs._loaders import _xlsx_rows
from mtp_kit.origin import Material, Product, rule_from_data
from mtp_kit.risk import DEFAULT_MATRIX, Channel, RiskEntry, RiskMatrix
from mtp_kit.valuation import (
    Basis,
    CostElement,
    CustomsValue,
    Transaction,
    compute_customs_value,
    to_decimal,
)

__all__ = [
    "BANK_KINDS",
    "BankProblem",
    "CaseBank",
    "OriginBankCase",
    "RiskBankCase",
    "ValuationBankCase",
    "read_bank",
    "read_bank_text",
]

BANK_KINDS = ("classification", "valuation", "origin", "risk", "quiz")

_SETTINGS = {
    "bank": "the exercise type",
    "title": "the title of the bank",
    "about": "a note on where the cases come from",
    "edition": "the HS edition the codes belong to",
    "nomenclature": "teaching, harmonized-system or national-tariff",
    "nomenclature_file": "the nomenclature file, relative to the bank",
    "base_file": "the full HS table a national tariff is laid over",
    "basis": "the default valuation basis, CIF or FOB",
    "national_currency": "the default national currency",
    "rates": "default exchange rates, e.g. USD=129.50; EUR=140.20",
    "agreement": "the origin agreement: teaching-fta, afcfta-teaching or a .json file",
    "tolerance_percent": "the default origin tolerance, percent of the ex-works price",
    "bands": "risk channel bands, e.g. red 15; yellow 8; green 1",
}
_NOMENCLATURES = ("teaching", "harmonized-system", "national-tariff")
_BAD = object()  # a cell that could not be converted (its problem is already recorded)
_CODE_FIELDS = {"heading", "subheading", "hs_code", "material_hs_code"}


@dataclass(frozen=True, slots=True)
class BankProblem:
    """One thing wrong (or to confirm) in a bank, pointing at the file, the row and the field.

    ``severity`` is ``"error"`` (the bank cannot be used as it is), ``"confirm"`` (the author left a value to
    be computed and should check it) or ``"note"`` (worth a look, not wrong). ``details`` are extra lines,
    such as the engine's breakdown.

    >>> print(BankProblem("cases.csv", 7, "heading", "'8599' is not in HS 2022", case_id="c3"))
    cases.csv, row 7, field 'heading' (case c3): '8599' is not in HS 2022
    """

    file: str
    row: int | None
    field: str | None
    message: str
    case_id: str | None = None
    severity: str = "error"
    details: tuple[str, ...] = ()
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if self.field:
            where.append(f"field {self.field!r}")
        case = f" (case {self.case_id})" if self.case_id else ""
        head = "" if self.severity == "error" else f"[{self.severity}] "
        return "\n".join(
            [f"{', '.join(where)}{case}: {head}{self.message}", *(f"    {d}" for d in self.details)]
        )


@dataclass(frozen=True, slots=True)
class ValuationBankCase:
    """A valuation case from a bank: the transaction, the administration's settings and the author's answer.

    ``expected_value`` is None when the author left it to be computed. ``element_rows`` gives the bank row of
    each cost element, in ledger order.
    """

    case_id: str
    title: str
    transaction: Transaction
    basis: Basis
    national_currency: str
    rates: Mapping[str, str]
    expected_value: Decimal | None
    working: str
    row: int
    element_rows: tuple[int, ...] = ()

    def solve(self) -> CustomsValue:
        """The engine's explained answer.

        >>> bank = read_bank_text("bank,valuation\\ncase_id,title,price,currency,incoterm\\nv1,Tea,100,USD,CIF\\n")
        >>> bank.cases[0].solve().total
        Decimal('100.00')
        """
        return compute_customs_value(
            self.transaction,
            basis=self.basis,
            exchange_rates=dict(self.rates),
            national_currency=self.national_currency,
        )


@dataclass(frozen=True, slots=True)
class OriginBankCase:
    """An origin case from a bank: the product, the rule (None: the agreement's), and the author's verdict."""

    case_id: str
    title: str
    product: Product
    rule: object
    tolerance_percent: Decimal | None
    expected: bool | None
    explanation: str
    row: int
    material_rows: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RiskBankCase:
    """A risk register entry from a bank, with the author's expected score and channel."""

    entry: RiskEntry
    expected_score: int | None
    expected_channel: Channel | None
    explanation: str
    row: int

    @property
    def case_id(self) -> str:
        """The entry's id."""
        return self.entry.id


@dataclass(frozen=True, slots=True)
class CaseBank:
    """A bank read from a file: its kind, settings, the cases that could be built, and every problem found.

    ``cases`` holds :class:`mtp_kit.hs.ClassificationCase`, :class:`ValuationBankCase`,
    :class:`OriginBankCase`, :class:`RiskBankCase`, or quiz questions, by kind. ``rows`` gives the first bank
    row of each case, in the same order.
    """

    file: str
    kind: str
    title: str
    settings: Mapping[str, str]
    cases: tuple[object, ...]
    rows: tuple[int, ...]
    problems: tuple[BankProblem, ...] = ()
    folder: str = "."
    text: str = field(default="", repr=False)
    columns: Mapping[str, str] = field(default_factory=dict, repr=False)
    setting_rows: Mapping[str, int] = field(default_factory=dict, repr=False)

    def place(self, problem: BankProblem) -> BankProblem:
        """``problem`` with the spreadsheet column of its field, and the row of a setting it is about."""
        column = self.columns.get(problem.field or "")
        row = problem.row if problem.row is not None else self.setting_rows.get(problem.field or "")
        return replace(problem, column=problem.column or column, row=row)

    @property
    def errors(self) -> tuple[BankProblem, ...]:
        """The problems that make the bank unusable as it is."""
        return tuple(p for p in self.problems if p.severity == "error")

    def nomenclature(self) -> Nomenclature:
        """The nomenclature the bank names (loaded once per file).

        >>> read_bank_text("bank,classification\\nid\\n").nomenclature().edition
        'HS 2022'
        """
        kind = self.settings.get("nomenclature", "teaching")
        return _load_nomenclature(
            kind,
            _resolve(self.folder, self.settings.get("nomenclature_file", "")),
            _resolve(self.folder, self.settings.get("base_file", "")),
            self.settings.get("edition", ""),
        )

    def matrix(self) -> RiskMatrix:
        """The risk matrix the bank names (the teaching default unless ``bands`` is set)."""
        text = self.settings.get("bands", "")
        return _matrix(text) if text else DEFAULT_MATRIX

    def agreement_name(self) -> str:
        """The agreement key or file path (resolved against the bank's folder)."""
        name = self.settings.get("agreement", "teaching-fta")
        return _resolve(self.folder, name) if name.endswith(".json") else name


def _resolve(folder: str, name: str) -> str:
    if not name:
        return ""
    path = Path(name)
    return str(path if path.is_absolute() else Path(folder) / path)


@lru_cache(maxsize=8)
def _load_nomenclature(kind: str, file: str, base: str, edition: str) -> Nomenclature:
    if kind == "teaching":
        return load_teaching_extract()
    if not file:
        raise ConfigError(f"the nomenclature {kind!r} needs the setting nomenclature_file (a path)")
    if kind == "harmonized-system":
        return load_harmonized_system(file, **({"edition": edition} if edition else {}))
    base_tree = load_harmonized_system(base) if base else load_teaching_extract()
    return load_national_tariff(file, base=base_tree)


def _matrix(text: str) -> RiskMatrix:
    pairs = []
    for part in _split(text):
        words = re.sub(r">=|=|:|≥", " ", part).split()
        if len(words) != 2:
            raise ConfigError(
                f"risk band {part!r} cannot be read: write a channel and a score, e.g. 'red 15'"
            )
        pairs.append((words[1], words[0].lower()))
    return RiskMatrix(bands=pairs)


# -- reading rows ----------------------------------------------------------------------------------------------


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _file_rows(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """Numbered rows of cells, and the file as CSV text (for embedding in a notebook)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            # Excel leaves empty rows out of the file, so rows are numbered as read; authoring.md says so.
            rows = [(n, [str(v) for v in values]) for n, (values, _) in enumerate(_xlsx_rows(path, None), 1)]
        except (MtpKitError, KeyError, OSError, RuntimeError, ElementTree.ParseError) as error:
            raise ConfigError(f"{path.name} cannot be read as an .xlsx workbook: {error}") from None
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(values for _, values in rows)
        return rows, out.getvalue()
    if suffix not in (".csv", ".txt"):
        raise ConfigError(f"{path.name} cannot be read: expected a .csv (UTF-8) or .xlsx file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{str(path)!r} does not exist: expected a case bank (.csv or .xlsx)") from None
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path.name} is not UTF-8 text (byte {error.start}): save it as CSV UTF-8"
        ) from None
    return _text_rows(text), text


def _text_rows(text: str) -> list[tuple[int, list[str]]]:
    return list(enumerate(csv.reader(io.StringIO(text)), start=1))


@dataclass
class _Row:
    number: int
    cells: dict[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


class _Reader:
    """Collects problems while the rows of one bank are turned into cases."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[BankProblem] = []

    def problem(
        self, row: int | None, field_name: str | None, message: str, case_id: str | None = None, **kw
    ):
        if field_name in _CODE_FIELDS and "not an HS code" in message:
            # Spreadsheets read 0901 as the number 901: the commonest slip when a bank is saved from Excel.
            message += "; if a leading zero was lost, format the column as text and type the code again"
        self.problems.append(BankProblem(self.file, row, field_name, message, case_id, **kw))

    def value(self, row: _Row, name: str, convert: Callable[[str], object], case_id: str | None = None):
        """Convert one cell, or record the problem and return None."""
        text = row.get(name)
        try:
            return convert(text)
        except MtpKitError as error:
            self.problem(row.number, name, str(error), case_id)
            return None


def _split_table(
    reader: _Reader, rows: list[tuple[int, list[str]]]
) -> tuple[dict[str, str], dict[str, int], list[str], int, list[_Row]]:
    settings: dict[str, str] = {}
    setting_rows: dict[str, int] = {}
    header: list[str] = []
    header_row = 0
    table: list[_Row] = []
    for number, cells in rows:
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if not header:
            key = _normal(cells[0])
            if key in _SETTINGS and not any(cells[2:]):
                if key in settings:
                    reader.problem(number, key, f"the setting {key!r} is given twice")
                settings[key] = cells[1] if len(cells) > 1 else ""
                setting_rows[key] = number
                continue
            header, header_row = [_normal(c) for c in cells], number
            repeated = sorted({c for c in header if c and header.count(c) > 1})
            for name in repeated:
                reader.problem(number, name, f"the column {name!r} appears twice in the header")
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
        table.append(_Row(number, values))
    return settings, setting_rows, header, header_row, table


# -- converting cells ----------------------------------------------------------------------------------------

_TRUE = {"yes", "y", "true", "t", "1", "x"}
_FALSE = {"no", "n", "false", "f", "0"}


def _bool(text: str, *, what: str = "the cell") -> bool | None:
    word = text.strip().lower()
    if not word:
        return None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ConfigError(f"{what} is {text!r}: expected yes or no (or leave it empty when not stated)")


def _required(text: str, what: str) -> str:
    if not text.strip():
        raise ConfigError(f"{what} is empty: this column is required")
    return text.strip()


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def _rates(text: str, currency: str | None = None) -> dict[str, str]:
    """Read ``USD=129.50; EUR=140.20`` (or a bare rate for the price's currency).

    >>> _rates("USD=129.50; eur = 140.2"), _rates("4050", "EUR")
    ({'USD': '129.50', 'EUR': '140.2'}, {'EUR': '4050'})
    """
    rates: dict[str, str] = {}
    for part in _split(text):
        if "=" not in part:
            if currency is None:
                raise ConfigError(f"rate {part!r} names no currency: write it as USD=129.50")
            name, value = currency, part
        else:
            name, value = (piece.strip() for piece in part.split("=", 1))
        to_decimal(value, what=f"the exchange rate for {name.upper()}")
        rates[name.upper()] = value
    return rates


def _case_rates(defaults: str, currency: str, text: str) -> dict[str, str]:
    """The bank's default rates, overridden by the case's own."""
    return {**_rates(defaults), **_rates(text, currency)}


def _whole(text: str, *, what: str) -> int:
    number = to_decimal(text, what=what)
    if number != number.to_integral_value():
        raise ConfigError(f"{what} is {text!r}: expected a whole number")
    return int(number)


# -- the bank kinds ------------------------------------------------------------------------------------------


def _grouped(reader: _Reader, table: list[_Row], id_column: str) -> list[tuple[str, list[_Row]]]:
    """Rows grouped by case id; an empty id continues the case above, an id seen before is a duplicate."""
    groups: list[tuple[str, list[_Row]]] = []
    first_row: dict[str, int] = {}
    for row in table:
        case_id = row.get(id_column)
        if not case_id:
            if not groups:
                reader.problem(
                    row.number, id_column, f"the first row has no {id_column}: give every case an id"
                )
                continue
            groups[-1][1].append(row)
            continue
        if groups and groups[-1][0] == case_id:
            groups[-1][1].append(row)
            continue
        if case_id in first_row:
            reader.problem(
                row.number,
                id_column,
                f"duplicate id {case_id!r}: it was already used on row {first_row[case_id]}; keep the rows of one "
                "case together and give each case its own id",
                case_id,
            )
            continue
        first_row[case_id] = row.number
        groups.append((case_id, [row]))
    return groups


def _case_value(reader: _Reader, case_id: str, rows: list[_Row], name: str) -> tuple[str, int]:
    """A case-level cell: the first non-empty one of the case's rows; a different later value is a problem."""
    found, at = "", rows[0].number
    for row in rows:
        text = row.get(name)
        if not text:
            continue
        if not found:
            found, at = text, row.number
        elif text != found:
            reader.problem(
                row.number,
                name,
                f"{text!r} differs from {found!r} on row {at}: a case has one {name}",
                case_id,
            )
    return found, at


class _Cells:
    """Converts the case-level cells of one case, recording a problem (and returning _BAD) when one fails."""

    def __init__(self, reader: _Reader, values: dict[str, tuple[str, int]], case_id: str):
        self.reader, self.values, self.case_id = reader, values, case_id

    def convert(self, name: str, function: Callable[[str], object], default: str = "") -> object:
        text, at = self.values[name]
        try:
            return function(text or default)
        except MtpKitError as error:
            self.reader.problem(at, name, str(error), self.case_id)
            return _BAD


def _check_columns(reader: _Reader, header: list[str], number: int, required: Iterable[str], known: set[str]):
    for name in required:
        if name not in header:
            reader.problem(number, name, f"the header has no column {name!r}: it is required")
    unknown = [name for name in header if name and name not in known]
    for name in unknown:
        reader.problem(
            number, name, f"the column {name!r} is not known: expected some of {', '.join(sorted(known))}"
        )


_CLASSIFICATION = ["id", "title", "goods", "facts", "heading", "subheading", "gir", "explanation"]


def _classification(reader: _Reader, table: list[_Row], settings: Mapping[str, str]):
    edition = settings.get("edition") or "HS 2022"
    cases, rows, seen = [], [], {}
    for row in table:
        case_id = row.get("id")
        if not case_id:
            reader.problem(row.number, "id", "the id is empty: give every case an id")
            continue
        if case_id in seen:
            reader.problem(
                row.number, "id", f"duplicate id {case_id!r}: already used on row {seen[case_id]}", case_id
            )
            continue
        seen[case_id] = row.number
        values = {}
        for name in ("title", "goods", "explanation"):
            values[name] = reader.value(row, name, lambda t, n=name: _required(t, n), case_id)
        sub = reader.value(
            row, "subheading", lambda t: parse_code(_required(t, "subheading"), edition=edition), case_id
        )
        gir = reader.value(row, "gir", lambda t: parse_gir(_required(t, "gir")), case_id)
        heading_text = row.get("heading")
        heading = None
        if heading_text:
            heading = reader.value(row, "heading", lambda t: parse_code(t, edition=edition), case_id)
        elif sub is not None and sub.heading is not None:
            heading = parse_code(sub.heading, edition=edition)
        if None in (*values.values(), sub, gir, heading):
            continue
        try:
            case = ClassificationCase(
                case_id=case_id,
                title=values["title"],
                goods=values["goods"],
                facts=tuple(_split(row.get("facts"))),
                heading=heading,
                subheading=sub,
                gir=gir,
                reasoning=values["explanation"],
                edition=edition,
            )
        except MtpKitError as error:
            field_name = "heading" if "not a 4-digit heading" in str(error) else "subheading"
            reader.problem(row.number, field_name, str(error).split(": ", 1)[-1], case_id)
            continue
        cases.append(case)
        rows.append(row.number)
    return cases, rows


_VALUATION_CASE = [
    "case_id", "title", "description", "price", "currency", "incoterm", "basis", "national_currency", "rates",
    "expected_value", "working",
]  # fmt: skip
_VALUATION_ELEMENT = ["element", "amount", "element_currency", "label", "facts"]
_OPTIONAL_FACTS = {
    "included_in_price", "done_in_importing_country", "related_to_goods", "condition_of_sale", "in_writing",
    "rate_not_above_prevailing", "paid_to_seller",
}  # fmt: skip
_DEFAULT_FACTS = {"shown_separately", "borne_by_buyer", "reproduction_right", "one_with_goods"}
_FACTS = sorted(
    _OPTIONAL_FACTS | _DEFAULT_FACTS | {"apportionment", "units_in_shipment", "units_total", "paid_by_seller"}
)


def _fact(name: str, text: str) -> object:
    if name in _OPTIONAL_FACTS or name in _DEFAULT_FACTS:
        return _bool(text, what=f"the fact {name!r}")
    if name in ("units_in_shipment", "units_total"):
        return _whole(text, what=name) if text.strip() else None
    if name == "paid_by_seller":
        return to_decimal(text, what=name) if text.strip() else None
    return text.strip() or None


def _element(reader: _Reader, case_id: str, row: _Row) -> CostElement | None:
    kind = row.get("element")
    amount = row.get("amount")
    if not kind:
        reader.problem(row.number, "element", "the amount has no element kind: say what the cost is", case_id)
        return None
    if not amount:
        reader.problem(row.number, "amount", f"the element {kind!r} has no amount", case_id)
        return None
    facts: dict[str, object] = {}
    sources: list[tuple[str, str, str]] = [(name, row.get(name), name) for name in _FACTS if row.get(name)]
    for part in _split(row.get("facts")):
        name, _, text = part.partition("=")
        sources.append((_normal(name), text.strip(), "facts"))
    ok = True
    for name, text, column in sources:
        if name not in _FACTS:
            reader.problem(
                row.number,
                column,
                f"the fact {name!r} is not known: expected one of {', '.join(_FACTS)}",
                case_id,
            )
            ok = False
            continue
        try:
            value = _fact(name, text)
        except MtpKitError as error:
            reader.problem(row.number, column, str(error), case_id)
            ok = False
            continue
        if value is not None:
            facts[name] = value
    if not ok:
        return None
    try:
        return CostElement(
            kind=kind,
            amount=amount,
            currency=row.get("element_currency") or None,
            label=row.get("label"),
            **facts,
        )
    except MtpKitError as error:
        message = str(error)
        column = (
            "element" if message.startswith("cost kind") else "amount" if "amount of" in message else "facts"
        )
        if "currency" in message:
            column = "element_currency"
        reader.problem(row.number, column, message, case_id)
        return None


def _valuation(reader: _Reader, table: list[_Row], settings: Mapping[str, str]):
    cases, rows = [], []
    for case_id, group in _grouped(reader, table, "case_id"):
        values = {name: _case_value(reader, case_id, group, name) for name in _VALUATION_CASE[1:]}
        first = group[0].number
        ok = True
        for name in ("title", "price", "currency", "incoterm"):
            if not values[name][0]:
                reader.problem(first, name, f"the case has no {name}: this column is required", case_id)
                ok = False
        elements, element_rows = [], []
        for row in group:
            if not (row.get("element") or row.get("amount")):
                continue
            element = _element(reader, case_id, row)
            ok = ok and element is not None
            elements.append(element)
            element_rows.append(row.number)

        currency = values["currency"][0]
        cell = _Cells(reader, values, case_id)
        basis = cell.convert("basis", Basis.parse, settings.get("basis", "CIF"))
        national = values["national_currency"][0] or settings.get("national_currency") or currency
        rates = cell.convert("rates", partial(_case_rates, settings.get("rates", ""), currency))
        expected = cell.convert(
            "expected_value", lambda t: to_decimal(t, what="the expected value") if t.strip() else None
        )
        if not ok or any(value is _BAD for value in (basis, rates, expected)):
            continue
        try:
            transaction = Transaction(
                price=values["price"][0],
                currency=currency,
                incoterm=values["incoterm"][0],
                elements=elements,
                description=values["description"][0],
            )
        except MtpKitError as error:
            message = str(error)
            name = "incoterm" if "Incoterm" in message else "currency" if "currency" in message else "price"
            reader.problem(values[name][1], name, message, case_id)
            continue
        cases.append(
            ValuationBankCase(
                case_id=case_id,
                title=values["title"][0],
                transaction=transaction,
                basis=basis,
                national_currency=national,
                rates=rates,
                expected_value=expected,
                working=values["working"][0],
                row=first,
                element_rows=tuple(element_rows),
            )
        )
        rows.append(first)
    return cases, rows


_ORIGIN_CASE = [
    "case_id", "title", "product", "hs_code", "party", "ex_works_price", "fob_price", "wholly_obtained",
    "processes", "operations", "rule", "tolerance_percent", "expected", "explanation",
]  # fmt: skip
_ORIGIN_MATERIAL = ["material", "material_hs_code", "value", "origin"]
_VALUE_METHODS = ("maxnom", "build-down", "build-up")


def parse_rule(text: str) -> object:
    """Read a product-specific rule as a trainer writes it into one cell, into the agreement-file form.

    ``CTH``, ``CTH except 44; 7208-7229``, ``maxnom 60 ex-works``, ``build-down 40 fob``, ``process roasting``,
    and alternatives joined by `` or `` (or cumulative conditions by `` and ``). Text starting with ``{`` is
    read as the JSON form of the agreement files.

    >>> parse_rule("CTH except 44"), parse_rule("maxnom 60 ex-works or CTSH")
    ({'shift': 'CTH', 'except': ['44']}, {'any': [{'value': 'maxnom', 'percent': '60', 'base': 'ex-works'}, 'CTSH']})
    """
    text = text.strip()
    if text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ConfigError(f"rule {text!r} is not valid JSON ({error.msg})") from None
    for joiner, key in ((" or ", "any"), (" and ", "all")):
        parts = re.split(joiner, text, flags=re.IGNORECASE)
        if len(parts) > 1:
            return {key: [parse_rule(part) for part in parts]}
    words = text.split()
    if not words:
        raise ConfigError("the rule is empty: write CC, CTH, CTSH, WO, a value rule or a process")
    head = words[0].lower()
    if head in _VALUE_METHODS:
        if len(words) not in (2, 3):
            raise ConfigError(f"value rule {text!r} cannot be read: write e.g. 'maxnom 60 ex-works'")
        rule = {"value": head, "percent": words[1].rstrip("%")}
        if len(words) == 3:
            rule["base"] = words[2].lower()
        return rule
    if head == "process":
        if len(words) < 2:
            raise ConfigError(f"process rule {text!r} names no process: write e.g. 'process roasting'")
        return {"process": "-".join(words[1:]).lower()}
    if len(words) > 2 and words[1].lower() == "except":
        return {
            "shift": words[0].upper(),
            "except": [p.strip() for p in re.split(r"[;,]", " ".join(words[2:])) if p.strip()],
        }
    if len(words) == 1:
        return words[0].upper()
    raise ConfigError(
        f"rule {text!r} cannot be read: write CC, CTH, CTSH, WO, 'CTH except 44', 'maxnom 60 ex-works' or 'process NAME'"
    )


def _verdict(text: str) -> bool | None:
    word = _normal(text)
    if not word:
        return None
    if word in ("originating", "yes", "y", "true"):
        return True
    if word in ("not_originating", "non_originating", "no", "n", "false"):
        return False
    raise ConfigError(f"the expected verdict is {text!r}: expected 'originating' or 'not originating'")


def _origin(reader: _Reader, table: list[_Row], settings: Mapping[str, str]):
    cases, rows = [], []
    for case_id, group in _grouped(reader, table, "case_id"):
        values = {name: _case_value(reader, case_id, group, name) for name in _ORIGIN_CASE[1:]}
        first = group[0].number
        ok = True
        for name in ("title", "product", "hs_code", "party", "ex_works_price"):
            if not values[name][0]:
                reader.problem(first, name, f"the case has no {name}: this column is required", case_id)
                ok = False

        cell = _Cells(reader, values, case_id)
        wholly = cell.convert("wholly_obtained", lambda t: bool(_bool(t, what="wholly_obtained")))
        rule = cell.convert("rule", lambda t: rule_from_data(parse_rule(t)) if t.strip() else None)
        tolerance = cell.convert(
            "tolerance_percent",
            lambda t: to_decimal(t.rstrip("%"), what="the tolerance") if t.strip() else None,
            settings.get("tolerance_percent", ""),
        )
        expected = cell.convert("expected", _verdict)
        materials, material_rows = [], []
        for row in group:
            if not any(row.get(name) for name in _ORIGIN_MATERIAL):
                continue
            missing = [name for name in ("material", "material_hs_code", "value") if not row.get(name)]
            for name in missing:
                reader.problem(row.number, name, f"the material has no {name}", case_id)
            if missing:
                ok = False
                continue
            try:
                materials.append(
                    Material(
                        description=row.get("material"),
                        hs_code=row.get("material_hs_code"),
                        value=row.get("value"),
                        origin=row.get("origin") or None,
                    )
                )
                material_rows.append(row.number)
            except MtpKitError as error:
                message = str(error)
                name = (
                    "material_hs_code"
                    if "HS code" in message
                    else "origin"
                    if "origin" in message
                    else "value"
                )
                reader.problem(row.number, name, message, case_id)
                ok = False
        if not ok or any(value is _BAD for value in (wholly, rule, tolerance, expected)):
            continue
        try:
            product = Product(
                description=values["product"][0],
                hs_code=values["hs_code"][0],
                party=values["party"][0],
                ex_works_price=values["ex_works_price"][0],
                fob_price=values["fob_price"][0] or None,
                wholly_obtained=wholly,
                processes=_split(values["processes"][0].replace(",", ";")),
                operations=_split(values["operations"][0].replace(",", ";")),
                materials=materials,
            )
        except MtpKitError as error:
            message = str(error)
            name = next(
                (n for n, word in (("hs_code", "HS code"), ("party", "party"), ("fob_price", "FOB"),
                                   ("ex_works_price", "ex-works"), ("materials", "materials")) if word in message),
                "product",
            )  # fmt: skip
            reader.problem(values.get(name, ("", first))[1], name, message, case_id)
            continue
        cases.append(
            OriginBankCase(
                case_id=case_id,
                title=values["title"][0],
                product=product,
                rule=rule,
                tolerance_percent=tolerance,
                expected=expected,
                explanation=values["explanation"][0],
                row=first,
                material_rows=tuple(material_rows),
            )
        )
        rows.append(first)
    return cases, rows


_RISK = ["id", "statement", "likelihood", "impact", "indicators", "owner", "treatment", "expected_score",
         "expected_channel", "explanation"]  # fmt: skip


def _risk(reader: _Reader, table: list[_Row], settings: Mapping[str, str]):
    cases, rows, seen = [], [], {}
    for row in table:
        case_id = row.get("id")
        if not case_id:
            reader.problem(row.number, "id", "the id is empty: give every entry an id")
            continue
        if case_id in seen:
            reader.problem(
                row.number, "id", f"duplicate id {case_id!r}: already used on row {seen[case_id]}", case_id
            )
            continue
        seen[case_id] = row.number
        statement = reader.value(row, "statement", lambda t: _required(t, "statement"), case_id)
        likelihood = reader.value(
            row, "likelihood", lambda t: _whole(_required(t, "likelihood"), what="likelihood"), case_id
        )
        impact = reader.value(row, "impact", lambda t: _whole(_required(t, "impact"), what="impact"), case_id)
        score = reader.value(
            row, "expected_score", lambda t: _whole(t, what="expected_score") if t else None, case_id
        )
        channel = reader.value(row, "expected_channel", lambda t: _channel(t) if t else None, case_id)
        if None in (statement, likelihood, impact) or (row.get("expected_score") and score is None):
            continue
        if row.get("expected_channel") and channel is None:
            continue
        try:
            entry = RiskEntry(
                id=case_id,
                statement=statement,
                likelihood=likelihood,
                impact=impact,
                indicators=tuple(_split(row.get("indicators"))),
                owner=row.get("owner"),
                treatment=row.get("treatment"),
            )
        except MtpKitError as error:
            name = "likelihood" if "likelihood" in str(error) else "impact"
            reader.problem(row.number, name, str(error), case_id)
            continue
        cases.append(RiskBankCase(entry, score, channel, row.get("explanation"), row.number))
        rows.append(row.number)
    return cases, rows


def _channel(text: str) -> Channel:
    word = text.strip().lower().split(":")[0].strip()
    try:
        return Channel(word)
    except ValueError:
        accepted = ", ".join(c.value for c in Channel)
        raise ConfigError(f"channel {text!r} is not known: expected one of {accepted}") from None


_QUIZ = ["id", "type", "question", "option", "correct", "explanation", "answer", "tolerance", "unit"]


def _quiz(reader: _Reader, table: list[_Row], settings: Mapping[str, str]):
    questions, rows = [], []
    for case_id, group in _grouped(reader, table, "id"):
        first = group[0].number
        prompt, _ = _case_value(reader, case_id, group, "question")
        kind, kind_at = _case_value(reader, case_id, group, "type")
        kind = _normal(kind) or ("numeric" if any(r.get("answer") for r in group) else "choice")
        if not prompt:
            reader.problem(first, "question", "the question is empty: this column is required", case_id)
            continue
        if kind in ("choice", "multiple_choice", "mcq"):
            options = []
            ok = True
            for row in group:
                if not row.get("option"):
                    if row.get("correct") or row.get("explanation"):
                        reader.problem(
                            row.number, "option", "the row explains an option but has no option text", case_id
                        )
                        ok = False
                    continue
                correct = reader.value(row, "correct", lambda t: bool(_bool(t, what="correct")), case_id)
                ok = ok and correct is not None
                options.append(Option(row.get("option"), bool(correct), row.get("explanation")))
            if len(options) < 2:
                reader.problem(
                    first,
                    "option",
                    f"the question has {len(options)} option(s): give at least 2, one row each",
                    case_id,
                )
                continue
            if not ok:
                continue
            try:
                questions.append(ChoiceQuestion(prompt, tuple(options)))
            except MtpKitError as error:
                reader.problem(first, "correct", f"{error}; mark one option yes", case_id)
                continue
        elif kind == "numeric":
            explanation, _ = _case_value(reader, case_id, group, "explanation")
            answer, answer_at = _case_value(reader, case_id, group, "answer")
            tolerance, tolerance_at = _case_value(reader, case_id, group, "tolerance")
            unit, _ = _case_value(reader, case_id, group, "unit")
            if not answer:
                reader.problem(
                    first, "answer", "the numeric question has no answer: this column is required", case_id
                )
                continue
            try:
                questions.append(
                    NumericQuestion(
                        prompt,
                        answer=answer,
                        explanation=explanation,
                        tolerance=tolerance or "0.01",
                        unit=unit,
                    )
                )
            except MtpKitError as error:
                name = "tolerance" if "tolerance" in str(error) else "answer"
                reader.problem(tolerance_at if name == "tolerance" else answer_at, name, str(error), case_id)
                continue
        else:
            reader.problem(
                kind_at, "type", f"question type {kind!r} is not known: expected choice or numeric", case_id
            )
            continue
        rows.append(first)
    return questions, rows


_KINDS: dict[str, tuple[list[str], list[str], Callable]] = {
    "classification": (["id", "goods", "subheading", "gir", "explanation", "title"], _CLASSIFICATION, _classification),
    "valuation": (["case_id", "title", "price", "currency", "incoterm"], _VALUATION_CASE + _VALUATION_ELEMENT + _FACTS, _valuation),
    "origin": (["case_id", "title", "product", "hs_code", "party", "ex_works_price"], _ORIGIN_CASE + _ORIGIN_MATERIAL, _origin),
    "risk": (["id", "statement", "likelihood", "impact"], _RISK, _risk),
    "quiz": (["id", "question"], _QUIZ, _quiz),
}  # fmt: skip


def _build(name: str, rows: list[tuple[int, list[str]]], *, folder: str, text: str) -> CaseBank:
    reader = _Reader(name)
    settings, setting_rows, header, header_row, table = _split_table(reader, rows)
    columns = {column: _column_letter(i) for i, column in enumerate(header) if column}
    kind = _normal(settings.get("bank", ""))

    def finish(title: str, cases: list[object], case_rows: list[int]) -> CaseBank:
        bank = CaseBank(
            name,
            kind,
            title,
            settings,
            tuple(cases),
            tuple(case_rows),
            (),
            folder,
            text,
            columns,
            setting_rows,
        )
        return replace(bank, problems=tuple(bank.place(problem) for problem in reader.problems))

    if kind not in _KINDS:
        given = f"is {settings['bank']!r}" if "bank" in settings else "is missing"
        reader.problem(
            setting_rows.get("bank", 1),
            "bank",
            f"the setting 'bank' {given}: the first row must say which kind of bank this is, e.g. "
            f"'bank,valuation'; expected one of {', '.join(BANK_KINDS)}",
        )
        return finish(settings.get("title", ""), [], [])
    nomenclature = _normal(settings.get("nomenclature", "teaching")).replace("_", "-")
    if nomenclature not in _NOMENCLATURES:
        reader.problem(
            None,
            "nomenclature",
            f"the nomenclature {settings['nomenclature']!r} is not known: expected one of {', '.join(_NOMENCLATURES)}",
        )
    else:
        settings["nomenclature"] = nomenclature
    required, known, builder = _KINDS[kind]
    if header:
        _check_columns(reader, header, header_row, required, set(known))
    elif not table:
        reader.problem(
            None, None, "the bank has no header row and no cases: add a header row after the settings"
        )
    cases, case_rows = builder(reader, table, settings)
    if header and not table:
        reader.problem(header_row, None, "the bank has a header but no cases")
    title = settings.get("title") or Path(name).stem.replace("-", " ").replace("_", " ").capitalize()
    return finish(title, cases, case_rows)


def read_bank_text(text: str, *, name: str = "bank.csv", folder: str | Path = ".") -> CaseBank:
    """Read a bank from CSV text (as a practice notebook embeds it); ``folder`` resolves relative file names.

    Problems are kept in :attr:`CaseBank.problems`, not raised.

    >>> bank = read_bank_text("bank,quiz\\nid,question,answer\\nq1,How much is 2 + 2?,4\\n")
    >>> bank.kind, bank.cases[0].answer
    ('quiz', Decimal('4'))
    """
    return _build(name, _text_rows(text), folder=str(folder), text=text)


def read_bank(path: str | Path) -> CaseBank:
    """Read a bank file (CSV UTF-8 or ``.xlsx``); every problem is kept in :attr:`CaseBank.problems`.

    A file that cannot be opened at all raises :class:`~mtp_kit.errors.ConfigError`.

    >>> from importlib import resources
    >>> folder = resources.files("mtp_kit.exercises") / "data" / "banks"
    >>> bank = read_bank(folder / "valuation-cases.csv")
    >>> bank.kind, len(bank.cases), bank.errors
    ('valuation', 4, ())
    """
    path = Path(path)
    rows, text = _file_rows(path)
    return _build(path.name, rows, folder=str(path.parent), text=text)
