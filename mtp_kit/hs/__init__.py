"""The Harmonized System for MTP Kit: codes, nomenclatures, instant search and classification marking.

Everything here is pure Python (standard library only) so that courses and widgets can use it without pandas
or nbgrader, and so that it can later run in the browser.

- :func:`parse_code` reads every notation officers use (``8517.13``, ``851713``, ``85.17``, ``8517 13 00 10``)
  into an :class:`HSCode`.
- :func:`load_teaching_extract` gives the shipped HS 2022 teaching nomenclature; :func:`load_harmonized_system`
  and :func:`load_national_tariff` load full and national tables. All return a :class:`Nomenclature` tree.
- :meth:`Nomenclature.search` ranks lines by keywords, fast enough for every keystroke.
- :func:`mark_classification` marks an answer to a :class:`ClassificationCase` with partial credit;
  :func:`load_case_bank` gives the shipped teaching cases.

>>> from mtp_kit.hs import load_teaching_extract, parse_code
>>> hs = load_teaching_extract()
>>> str(hs.search("smartphone", limit=1)[0].code)
'8517.13'
"""

from mtp_kit.hs._code import DEFAULT_EDITION, HSCode, Level, parse_code
from mtp_kit.hs._loaders import load_harmonized_system, load_national_tariff, load_teaching_extract
from mtp_kit.hs._marking import (
    GIRS,
    ClassificationCase,
    ClassificationMark,
    MarkWeights,
    load_case_bank,
    mark_classification,
    parse_gir,
)
from mtp_kit.hs._nomenclature import Entry, Nomenclature, Section, subheading_dash
from mtp_kit.hs._search import SearchHit, SearchIndex

__all__ = [
    "DEFAULT_EDITION",
    "GIRS",
    "ClassificationCase",
    "ClassificationMark",
    "Entry",
    "HSCode",
    "Level",
    "MarkWeights",
    "Nomenclature",
    "SearchHit",
    "SearchIndex",
    "Section",
    "load_case_bank",
    "load_harmonized_system",
    "load_national_tariff",
    "load_teaching_extract",
    "mark_classification",
    "parse_code",
    "parse_gir",
    "subheading_dash",
]
