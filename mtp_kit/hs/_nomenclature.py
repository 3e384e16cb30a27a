"""The nomenclature as a tree that a course can walk.

A :class:`Nomenclature` holds the 21 sections and, under them, chapters, headings, subheadings (each with its
dash level) and optional national lines. It answers the questions a trainee asks while classifying: what is
this code, what is above it, what sits beside it at the same dash level (GIR 6), and which path leads to it
from the section. Every nomenclature says which edition it is and where its table came from, because a code is
only meaningful together with its edition.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtp_kit.errors import HSCodeError, NomenclatureError
from mtp_kit.hs._code import HSCode, Level, parse_code

if TYPE_CHECKING:
    from mtp_kit.hs._search import SearchHit, SearchIndex

__all__ = ["ROMAN_NUMERALS", "Entry", "Nomenclature", "Section", "subheading_dash"]

# fmt: off
ROMAN_NUMERALS = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
    "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
)
# fmt: on


def subheading_dash(digits: str) -> int:
    """The dash level of a six-digit subheading, read from its digits.

    A split on the 5th digit gives one-dash lines and a split on the 6th digit two-dash lines, so a final
    ``0`` means the one-dash line is not split further; ``00`` means the heading is not split at all.

    >>> subheading_dash("010121"), subheading_dash("010130"), subheading_dash("691200")
    (2, 1, 0)
    """
    if digits[4:] == "00":
        return 0
    return 1 if digits[5] == "0" else 2


@dataclass(frozen=True, slots=True)
class Section:
    """One of the 21 sections; its title guides the reader but has no legal force."""

    numeral: str
    title: str
    chapters: tuple[str, ...]

    @property
    def number(self) -> int:
        """The section as an integer, 1 to 21."""
        return ROMAN_NUMERALS.index(self.numeral) + 1

    def __str__(self) -> str:
        return f"Section {self.numeral}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the nomenclature: a chapter, heading, subheading or national line.

    ``dash`` is 0 for chapters, headings and undivided subheadings (``xxxx.00``), 1 or 2 for subheadings,
    and one more than its parent for a national line. ``duty_rate`` and ``unit`` come from national tariffs.
    """

    code: HSCode
    description: str
    section: str
    dash: int = 0
    duty_rate: str | None = None
    unit: str | None = None

    @property
    def level(self) -> Level:
        """Chapter, heading, subheading or national line."""
        return self.code.level

    @property
    def digits(self) -> str:
        """The code's digits, e.g. ``'851713'``."""
        return self.code.digits

    def __str__(self) -> str:
        return f"{self.code} {'- ' * self.dash}{self.description}"


class Nomenclature:
    """A validated tree of sections, chapters, headings, subheadings and optional national lines.

    Build one with a loader (:func:`load_teaching_extract`, :func:`load_harmonized_system`,
    :func:`load_national_tariff`) rather than by hand. Lookups accept any notation :func:`parse_code` reads.

    >>> from mtp_kit.hs import load_teaching_extract
    >>> hs = load_teaching_extract()
    >>> hs["0101.21"].dash, [str(e.code) for e in hs.siblings("0101.21")]
    (2, ['0101.29'])
    >>> [str(step).split(" ")[0] for step in hs.path("010121")]
    ['Section', '01', '01.01', '0101.21']
    """

    def __init__(
        self,
        *,
        sections: Iterable[Section],
        entries: Iterable[Entry],
        edition: str,
        source: str,
        notes: Iterable[str] = (),
    ) -> None:
        self.edition = edition
        self.source = source
        self.notes = tuple(notes)
        sections = tuple(sections)
        for section in sections:
            if section.numeral not in ROMAN_NUMERALS:
                raise NomenclatureError(
                    f"section {section.numeral!r} of {source} is not a numeral I to XXI; HS has 21 sections"
                )
        self._sections = tuple(sorted(sections, key=lambda s: s.number))
        self._section_by_numeral = {s.numeral: s for s in self._sections}
        self._section_by_chapter = {ch: s for s in self._sections for ch in s.chapters}
        ordered = sorted(entries, key=lambda e: e.code.digits)
        self._entries = tuple(ordered)
        self._digits = [e.code.digits for e in ordered]
        self._by_digits: dict[str, Entry] = {}
        self._children: dict[str | None, list[Entry]] = {}
        self._index: SearchIndex | None = None
        for entry in ordered:
            if entry.code.digits in self._by_digits:
                raise NomenclatureError(
                    f"code {entry.code} appears twice in {source}; each code must be unique"
                )
            self._by_digits[entry.code.digits] = entry
        for entry in ordered:
            self._check(entry)
            self._children.setdefault(self._parent_digits(entry.code.digits), []).append(entry)

    def _check(self, entry: Entry) -> None:
        digits = entry.code.digits
        if entry.section not in self._section_by_numeral:
            raise NomenclatureError(
                f"code {entry.code} is in section {entry.section!r}, which is not one of the sections "
                f"of {self.source} ({', '.join(self._section_by_numeral)})"
            )
        if len(digits) == 2:
            if self._section_by_chapter.get(digits) is not self._section_by_numeral[entry.section]:
                raise NomenclatureError(
                    f"chapter {digits} is listed in section {entry.section} but that section's chapters are "
                    f"{', '.join(self._section_by_numeral[entry.section].chapters)}"
                )
            expected_dash = 0
        else:
            parent = self._by_digits.get(self._parent_digits(digits) or "")
            if parent is None:
                raise NomenclatureError(
                    f"code {entry.code} has no parent {entry.code.parent} in {self.source}; "
                    "every heading needs its chapter and every subheading its heading"
                )
            if parent.section != entry.section:
                raise NomenclatureError(
                    f"code {entry.code} is in section {entry.section} but its parent {parent.code} "
                    f"is in section {parent.section}"
                )
            if len(digits) == 4:
                expected_dash = 0
            elif len(digits) == 6:
                expected_dash = subheading_dash(digits)
            else:
                expected_dash = parent.dash + 1
        if entry.dash != expected_dash:
            raise NomenclatureError(
                f"code {entry.code} has dash level {entry.dash}, expected {expected_dash} "
                "(5th-digit split: one dash, 6th-digit split: two dashes, 'xxxx.00': none)"
            )

    def _parent_digits(self, digits: str) -> str | None:
        if len(digits) == 2:
            return None
        if len(digits) == 10 and digits[:8] not in self._by_digits:
            # A ten-digit line whose tariff has no eight-digit line hangs straight from the subheading.
            return digits[:6]
        return digits[:-2]

    # -- lookup ---------------------------------------------------------------------------------------

    def _digits_of(self, code: str | HSCode) -> str:
        if isinstance(code, str) and code in self._by_digits:
            return code
        return parse_code(code).digits

    def get(self, code: str | HSCode) -> Entry | None:
        """The entry for ``code``, or None when the nomenclature has no such line."""
        return self._by_digits.get(self._digits_of(code))

    def __getitem__(self, code: str | HSCode) -> Entry:
        digits = self._digits_of(code)
        entry = self._by_digits.get(digits)
        if entry is None:
            nearest = next(
                (self._by_digits[digits[:n]] for n in (8, 6, 4, 2) if digits[:n] in self._by_digits), None
            )
            hint = (
                f"; the nearest line that exists is {nearest.code} {nearest.description}" if nearest else ""
            )
            raise HSCodeError(f"{code!r} is not a code of {self.edition} in {self.source}{hint}")
        return entry

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, (str, HSCode)):
            return False
        try:
            return self._digits_of(code) in self._by_digits
        except HSCodeError:
            return False

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Nomenclature {self.edition}: {len(self)} lines from {self.source}>"

    # -- levels ---------------------------------------------------------------------------------------

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections in order, I to XXI."""
        return self._sections

    def section(self, key: str | int) -> Section:
        """A section by numeral (``'XVI'``) or number (``16``)."""
        numeral = ROMAN_NUMERALS[key - 1] if isinstance(key, int) and 1 <= key <= 21 else str(key).upper()
        try:
            return self._section_by_numeral[numeral]
        except KeyError:
            raise HSCodeError(
                f"{key!r} is not a section: expected a numeral I to XXI or a number 1 to 21"
            ) from None

    def section_of(self, code: str | HSCode) -> Section:
        """The section whose chapters include ``code``."""
        return self._section_by_numeral[self[code].section]

    def entries(self, level: Level) -> tuple[Entry, ...]:
        """Every entry of one level, in code order."""
        return tuple(e for e in self._entries if e.code.level is level)

    @property
    def chapters(self) -> tuple[Entry, ...]:
        """Every chapter, in order."""
        return self.entries(Level.CHAPTER)

    @property
    def headings(self) -> tuple[Entry, ...]:
        """Every heading, in order."""
        return self.entries(Level.HEADING)

    @property
    def subheadings(self) -> tuple[Entry, ...]:
        """Every six-digit subheading, in order."""
        return self.entries(Level.SUBHEADING)

    @property
    def national_lines(self) -> tuple[Entry, ...]:
        """Every national line of 8 or 10 digits, in order."""
        return self.entries(Level.NATIONAL)

    # -- the tree -------------------------------------------------------------------------------------

    def parent(self, code: str | HSCode) -> Entry | None:
        """The line directly above ``code`` (None for a chapter, whose parent is a section)."""
        parent = self._parent_digits(self[code].code.digits)
        return None if parent is None else self._by_digits[parent]

    def children(self, code: str | HSCode) -> tuple[Entry, ...]:
        """The lines directly below ``code``: a heading's children are all its subheadings."""
        return tuple(self._children.get(self[code].code.digits, ()))

    def siblings(self, code: str | HSCode) -> tuple[Entry, ...]:
        """The other lines a trainee compares ``code`` with under GIR 6: same parent, same dash level.

        Two-dash subheadings are compared only within their one-dash group (same 5th digit). The uncoded
        one-dash group lines of the legal text (e.g. "- Horses:") are not lines of this table.
        """
        entry = self[code]
        digits = entry.code.digits
        family = self._children.get(self._parent_digits(digits), ())
        if entry.level is Level.SUBHEADING and entry.dash == 2:
            return tuple(e for e in family if e is not entry and e.dash == 2 and e.digits[4] == digits[4])
        return tuple(e for e in family if e is not entry and e.dash == entry.dash)

    def path(self, code: str | HSCode) -> tuple[Section | Entry, ...]:
        """The way down from the section to ``code``: section, chapter, heading, subheading, ..."""
        entry = self[code]
        steps: list[Section | Entry] = [entry]
        parent = self._parent_digits(entry.code.digits)
        while parent is not None:
            steps.append(self._by_digits[parent])
            parent = self._parent_digits(parent)
        steps.append(self._section_by_numeral[entry.section])
        return tuple(reversed(steps))

    def span(self, within: str | HSCode | Section) -> tuple[int, int]:
        """Positions ``[start, stop)`` of the entries under a section, chapter or heading, in code order."""
        if isinstance(within, Section):
            first, last = within.chapters[0], within.chapters[-1]
        elif isinstance(within, str) and within.strip().upper() in self._section_by_numeral:
            section = self._section_by_numeral[within.strip().upper()]
            first, last = section.chapters[0], section.chapters[-1]
        else:
            try:
                first = last = self[within].code.digits
            except HSCodeError as error:
                raise HSCodeError(
                    f"{within!r} cannot restrict a search: expected a section numeral I to XXI, or a chapter, "
                    f"heading or subheading of {self.edition} ({error})"
                ) from None
        # Every code under ``last`` sorts before ``last`` followed by a character above '9'.
        return bisect_left(self._digits, first), bisect_right(self._digits, last + ":")

    def entry_at(self, position: int) -> Entry:
        """The entry at a position in code order (used by the search index)."""
        return self._entries[position]

    # -- search ---------------------------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The keyword index over the descriptions, built on first use and kept."""
        if self._index is None:
            from mtp_kit.hs._search import SearchIndex

            self._index = SearchIndex(self)
        return self._index

    def search(
        self, query: str, *, limit: int = 10, within: str | HSCode | Section | None = None
    ) -> tuple[SearchHit, ...]:
        """Ranked keyword search over the descriptions; see :meth:`SearchIndex.search`."""
        return self.index.search(query, limit=limit, within=within)
