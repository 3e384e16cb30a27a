"""Loading nomenclatures: the shipped teaching extract, the full HS table, and national tariffs.

Three sources feed a :class:`Nomenclature`:

- the teaching extract shipped in ``mtp_kit/hs/data`` (HS 2022 structure, descriptions in the project's own
  words: every section and chapter, and every heading and subheading of the chapters the courses use);
- the full HS table in the schema of the open-data file ``harmonized-system.csv``
  (``section, hscode, description, parent, level``);
- a national tariff, CSV or Excel (``.xlsx``), with a code, a description and optionally a duty rate and a
  unit, laid over a base nomenclature.

Every loader checks the structure (every parent exists, levels agree with the digits, no code twice) and
rejects a bad file with its row number and the reason, so that a trainer can fix the file rather than
debug the toolkit. Excel files are read with the standard library only, to keep the core free of pandas.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

from mtp_kit.errors import HSCodeError, NomenclatureError
from mtp_kit.hs._code import DEFAULT_EDITION, HSCode, Level, parse_code
from mtp_kit.hs._nomenclature import ROMAN_NUMERALS, Entry, Nomenclature, Section, subheading_dash

__all__ = ["load_harmonized_system", "load_national_tariff", "load_teaching_extract"]

_HS_COLUMNS = ("section", "hscode", "description", "parent", "level")
_NOT_HS_NOTE = (
    "Left out the UN Comtrade rows that are not HS codes: '99', '9999' and '999999' "
    "(commodities not specified according to kind) and the grand total 'TOTAL'."
)


def _data_text(name: str) -> str:
    return resources.files("mtp_kit.hs").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _own_sections() -> tuple[tuple[str, str, str, str], ...]:
    """(numeral, first chapter, last chapter, title) of each section, in the project's own words."""
    rows = csv.DictReader(io.StringIO(_data_text("sections.csv")))
    return tuple((r["section"], r["first_chapter"], r["last_chapter"], r["title"]) for r in rows)


@lru_cache(maxsize=1)
def load_teaching_extract() -> Nomenclature:
    """The HS 2022 teaching extract shipped with MTP Kit (loaded once, then shared).

    >>> hs = load_teaching_extract()
    >>> hs.edition, len(hs.sections), len(hs.chapters)
    ('HS 2022', 21, 96)
    >>> hs["8517.13"].description
    'Smartphones'
    """
    section_of: dict[str, str] = {}
    for numeral, first, last, _title in _own_sections():
        for number in range(int(first), int(last) + 1):
            section_of[f"{number:02d}"] = numeral
    entries = []
    reader = csv.DictReader(io.StringIO(_data_text("teaching_extract.csv")))
    for row in reader:
        digits = row["code"]
        entries.append(
            Entry(
                code=HSCode(digits, DEFAULT_EDITION),
                description=row["description"],
                section=section_of[digits[:2]],
                dash=int(row["dash"]),
            )
        )
    chapters = {e.code.digits for e in entries if e.code.level is Level.CHAPTER}
    sections = [
        Section(numeral, title, tuple(c for c in sorted(chapters) if section_of[c] == numeral))
        for numeral, _first, _last, title in _own_sections()
    ]
    return Nomenclature(
        sections=sections,
        entries=entries,
        edition=DEFAULT_EDITION,
        source="MTP Kit teaching extract (HS 2022 structure, descriptions in the project's own words)",
    )


def load_harmonized_system(path: str | Path, *, edition: str = DEFAULT_EDITION) -> Nomenclature:
    """Load the full HS table from a CSV in the open-data schema ``section, hscode, description, parent, level``.

    ``path`` is the CSV file or the folder holding ``harmonized-system.csv``. Section titles come from
    ``sections.csv`` beside it when present, otherwise from the teaching extract. UN Comtrade's rows that are
    not HS codes (``99``, ``9999``, ``999999``, ``TOTAL``) are left out, and the nomenclature's ``notes`` say so.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     table = pathlib.Path(folder) / "hs.csv"
    ...     _ = table.write_text(
    ...         "section,hscode,description,parent,level\\n"
    ...         "I,01,Live animals,TOTAL,2\\nI,0101,Horses,01,4\\nI,010121,Horses for breeding,0101,6\\n"
    ...         "I,010120,Horses again,0101,6\\n")
    ...     load_harmonized_system(table)
    Traceback (most recent call last):
    ...
    mtp_kit.errors.NomenclatureError: hs.csv, row 5: codes 0101.20 (row 5) and 0101.21 (row 4) cannot both exist: ...
    """
    path = Path(path)
    if path.is_dir():
        path = path / "harmonized-system.csv"
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    missing = [c for c in _HS_COLUMNS if c not in header]
    if missing:
        raise NomenclatureError(
            f"{path.name} lacks the column(s) {', '.join(missing)}: expected a header {','.join(_HS_COLUMNS)}"
        )
    # Plain csv.reader with fixed positions: DictReader costs a third of the load time on the full table.
    at_section, at_code, at_text, at_parent, at_level = (header.index(c) for c in _HS_COLUMNS)
    width = max(at_section, at_code, at_text, at_parent, at_level) + 1
    entries: dict[str, Entry] = {}
    rows: dict[str, int] = {}
    parents: dict[str, str] = {}
    skipped = 0
    sections = frozenset(ROMAN_NUMERALS)
    for row_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        section, digits = row[at_section].strip(), row[at_code].strip()
        if section == "TOTAL" or digits == "TOTAL":
            skipped += 1
            continue
        level, size = row[at_level].strip(), len(digits)
        if level not in ("2", "4", "6") or not (digits.isascii() and digits.isdigit()):
            raise NomenclatureError(
                f"{path.name}, row {row_number}: code {digits!r} with level {level!r} cannot be read: expected "
                "a code of 2, 4 or 6 digits (as text, leading zeros kept) and a level of 2, 4 or 6"
            )
        if size != int(level):
            raise NomenclatureError(
                f"{path.name}, row {row_number}: code {digits} has {size} digits but level {level}; the level "
                "must equal the number of digits"
            )
        if section not in sections:
            raise NomenclatureError(
                f"{path.name}, row {row_number}: section {section!r} is not a numeral I to XXI"
            )
        if digits in entries:
            raise NomenclatureError(
                f"{path.name}, row {row_number}: code {digits} already appeared on row {rows[digits]}; "
                "each code must be unique"
            )
        parent = row[at_parent].strip()
        expected_parent = "TOTAL" if size == 2 else digits[:-2]
        if parent != expected_parent:
            raise NomenclatureError(
                f"{path.name}, row {row_number}: code {digits} names parent {parent!r}, expected {expected_parent!r}"
            )
        description = row[at_text].strip()
        if not description:
            raise NomenclatureError(f"{path.name}, row {row_number}: code {digits} has no description")
        dash = 0
        if size == 6:
            if digits[4] == "0" and digits[5] != "0":
                raise NomenclatureError(
                    f"{path.name}, row {row_number}: code {digits} is not a valid subheading here: a 6th-digit "
                    "split needs a one-dash group on the 5th digit (xxxx.10 to xxxx.90), or 'xxxx.00' for an "
                    "undivided heading"
                )
            dash = subheading_dash(digits)
        entries[digits] = Entry(HSCode(digits, edition), description, section, dash)
        rows[digits] = row_number
        parents[digits] = parent
    _check_tree(path.name, entries, rows, parents)
    _check_dash_groups(path.name, entries, rows)
    return Nomenclature(
        sections=_sections_for(path.parent / "sections.csv", entries),
        entries=entries.values(),
        edition=edition,
        source=str(path),
        notes=(_NOT_HS_NOTE,) if skipped else (),
    )


def _check_tree(name: str, entries: dict[str, Entry], rows: dict[str, int], parents: dict[str, str]) -> None:
    for digits, entry in entries.items():
        if len(digits) == 2:
            continue
        parent = entries.get(parents[digits])
        if parent is None:
            raise NomenclatureError(
                f"{name}, row {rows[digits]}: parent {parents[digits]} of code {digits} is not in the file"
            )
        if parent.section != entry.section:
            raise NomenclatureError(
                f"{name}, row {rows[digits]}: code {digits} is in section {entry.section} but its parent "
                f"{parent.code} is in section {parent.section}"
            )


def _check_dash_groups(name: str, entries: dict[str, Entry], rows: dict[str, int]) -> None:
    # A one-dash line that is not split ('xxxx.10') cannot also have two-dash lines ('xxxx.11').
    split = {digits[:5]: digits for digits in entries if len(digits) == 6 and digits[5] != "0"}
    for digits in entries:
        if len(digits) == 6 and digits[5] == "0" and digits[4] != "0" and digits[:5] in split:
            clash = split[digits[:5]]
            later = max(rows[digits], rows[clash])
            raise NomenclatureError(
                f"{name}, row {later}: codes {HSCode(digits)} (row {rows[digits]}) and {HSCode(clash)} "
                f"(row {rows[clash]}) cannot both exist: a one-dash line ending in 0 is not split further, "
                "so it cannot have two-dash lines"
            )


def _sections_for(sections_csv: Path, entries: dict[str, Entry]) -> list[Section]:
    titles = {numeral: title for numeral, _first, _last, title in _own_sections()}
    if sections_csv.is_file():
        with sections_csv.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("section") in titles and (row.get("name") or "").strip():
                    titles[row["section"]] = row["name"].strip()
    chapters: dict[str, list[str]] = {numeral: [] for numeral in ROMAN_NUMERALS}
    for digits, entry in entries.items():
        if len(digits) == 2:
            chapters[entry.section].append(digits)
    return [Section(numeral, titles[numeral], tuple(chapters[numeral])) for numeral in ROMAN_NUMERALS]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NomenclatureError(f"{str(path)!r} does not exist: expected a CSV nomenclature file") from None
    except UnicodeDecodeError as error:
        raise NomenclatureError(
            f"{path.name} is not UTF-8 text (byte {error.start}): save the file as CSV UTF-8"
        ) from None


# -- national tariffs ---------------------------------------------------------------------------------

_NATIONAL_COLUMNS = {
    "code": ("code", "hscode", "hs_code", "tariff_code", "commodity_code"),
    "description": ("description", "desc", "label"),
    "duty_rate": ("duty_rate", "duty", "rate", "duty rate"),
    "unit": ("unit", "supplementary_unit", "uom"),
}


def load_national_tariff(path: str | Path, *, base: Nomenclature, sheet: str | None = None) -> Nomenclature:
    """Lay the 8- or 10-digit lines of a national tariff file over ``base`` and return the combined tree.

    The file is CSV (UTF-8) or Excel ``.xlsx`` with a header row naming at least ``code`` and ``description``,
    and optionally ``duty_rate`` and ``unit``. Codes may be written with dots or spaces. Rows with 2, 4 or 6
    digits must already be in ``base`` (their national wording is not kept); every national line needs its
    subheading in ``base``. ``sheet`` picks an Excel worksheet by name (default: the first).

    >>> import tempfile, pathlib
    >>> from mtp_kit.hs import load_teaching_extract
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     file = pathlib.Path(folder) / "tariff.csv"
    ...     _ = file.write_text("code,description,duty_rate,unit\\n0101.21.00,Pure-bred horses,0%,u\\n")
    ...     tariff = load_national_tariff(file, base=load_teaching_extract())
    >>> line = tariff["01012100"]
    >>> str(line.code), line.duty_rate, tariff.parent(line.code).description
    ('0101.21.00', '0%', 'Horses kept for pure-bred breeding')
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path, sheet)
    elif suffix in (".csv", ".txt"):
        rows = ((values, frozenset()) for values in csv.reader(io.StringIO(_read_text(path))))
    else:
        raise NomenclatureError(
            f"{path.name} cannot be read: expected a .csv (UTF-8) or .xlsx file; save older .xls files as .xlsx"
        )
    columns: dict[str, int] = {}
    lines: dict[str, Entry] = {}
    row_of: dict[str, int] = {}
    for row_number, (values, numeric) in enumerate(rows, start=1):
        cells = [str(v).strip() for v in values]
        if not any(cells):
            continue
        if not columns:
            columns = _national_header(path.name, cells)
            continue
        where = f"{path.name}, row {row_number}"
        raw_code = _cell(cells, columns, "code")
        try:
            code = parse_code(raw_code, edition=base.edition)
        except HSCodeError as error:
            hint = ""
            if columns["code"] in numeric:
                hint = " (the cell holds a number: format the code column as text so leading zeros are kept)"
            raise NomenclatureError(f"{where}: {error}{hint}") from None
        digits = code.digits
        if digits in row_of:
            raise NomenclatureError(
                f"{where}: code {code} already appeared on row {row_of[digits]}; each code must be unique"
            )
        row_of[digits] = row_number
        if code.level is not Level.NATIONAL:
            if digits not in base:
                raise NomenclatureError(
                    f"{where}: code {code} is not in the base nomenclature ({base.edition}, {base.source})"
                )
            continue
        if digits in base:
            raise NomenclatureError(
                f"{where}: national line {code} is already in the base nomenclature ({base.source}); "
                "load each national tariff once"
            )
        parent = base.get(digits[:6])
        if parent is None:
            raise NomenclatureError(
                f"{where}: national line {code} has no subheading {HSCode(digits[:6])} in the base "
                f"nomenclature ({base.edition}, {base.source})"
            )
        description = _cell(cells, columns, "description")
        if not description:
            raise NomenclatureError(f"{where}: national line {code} has no description")
        lines[digits] = Entry(
            code=code,
            description=description,
            section=parent.section,
            dash=0,
            duty_rate=_cell(cells, columns, "duty_rate") or None,
            unit=_cell(cells, columns, "unit") or None,
        )
    if not columns:
        raise NomenclatureError(f"{path.name} is empty: expected a header row with code and description")
    # Dash levels of national lines follow their parent line, which is only known once all lines are read.
    entries = {e.code.digits: e for e in base}
    for digits in sorted(lines):
        parent_digits = digits[:8] if len(digits) == 10 and digits[:8] in lines else digits[:6]
        line = lines[digits]
        entries[digits] = Entry(
            line.code,
            line.description,
            line.section,
            entries[parent_digits].dash + 1,
            line.duty_rate,
            line.unit,
        )
    return Nomenclature(
        sections=base.sections,
        entries=entries.values(),
        edition=base.edition,
        source=f"{base.source} + national tariff {path.name}",
        notes=base.notes,
    )


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else ""


def _national_header(name: str, cells: list[str]) -> dict[str, int]:
    normalised = [re.sub(r"[\s\-]+", "_", c.lower()) for c in cells]
    columns: dict[str, int] = {}
    for key, aliases in _NATIONAL_COLUMNS.items():
        for alias in aliases:
            alias = alias.replace(" ", "_")
            if alias in normalised:
                columns[key] = normalised.index(alias)
                break
    missing = [key for key in ("code", "description") if key not in columns]
    if missing:
        raise NomenclatureError(
            f"{name}, row 1: the header {cells!r} has no {' or '.join(missing)} column: expected columns "
            "code, description and optionally duty_rate and unit"
        )
    return columns


_XLSX = {
    "main": "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
    "rel": "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}",
    "pkg": "{http://schemas.openxmlformats.org/package/2006/relationships}",
}


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[list[str], frozenset[int]]]:
    """Rows of one worksheet as text cells, with the positions of the cells that held numbers."""
    main = _XLSX["main"]
    try:
        archive = zipfile.ZipFile(path)
    except (FileNotFoundError, zipfile.BadZipFile) as error:
        raise NomenclatureError(f"{path.name} cannot be opened as an .xlsx workbook ({error})") from None
    with archive:
        names = set(archive.namelist())
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for item in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).iter(f"{main}si"):
                shared.append("".join(t.text or "" for t in item.iter(f"{main}t")))
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheets = [(s.get("name"), s.get(f"{_XLSX['rel']}id")) for s in workbook.iter(f"{main}sheet")]
        if sheet is None:
            chosen = sheets[0] if sheets else None
        else:
            chosen = next((s for s in sheets if s[0] == sheet), None)
        if chosen is None:
            available = ", ".join(repr(s[0]) for s in sheets)
            raise NomenclatureError(f"{path.name} has no worksheet {sheet!r}: its sheets are {available}")
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = next(
            r.get("Target") for r in relations.iter(f"{_XLSX['pkg']}Relationship") if r.get("Id") == chosen[1]
        )
        target = target.lstrip("/")
        target = target if target.startswith("xl/") else f"xl/{target}"
        data = ElementTree.fromstring(archive.read(target))
    for row in data.iter(f"{main}row"):
        values: dict[int, str] = {}
        numeric: set[int] = set()
        for cell in row.iter(f"{main}c"):
            column = _column_index(cell.get("r", ""), default=len(values))
            kind = cell.get("t", "n")
            value = cell.find(f"{main}v")
            if kind == "s" and value is not None:
                text = shared[int(value.text or 0)]
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{main}t"))
            else:
                text = value.text or "" if value is not None else ""
                if kind == "n" and text.endswith(".0"):
                    text = text[:-2]
            values[column] = text
            if kind == "n" and text:
                numeric.add(column)
        width = max(values, default=-1) + 1
        yield [values.get(i, "") for i in range(width)], frozenset(numeric)


def _column_index(reference: str, *, default: int) -> int:
    letters = "".join(ch for ch in reference if ch.isalpha())
    if not letters:
        return default
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1
