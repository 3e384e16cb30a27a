"""Keyword search over a nomenclature, fast enough to run on every keystroke.

The index is built once per nomenclature: each description is cut into words, each word reduced to a light
stem (so "horse" finds "horses" and "knives" finds "knife"), and each stem points to the lines that use it.
A subheading also carries the words of its heading at a lower weight, so "live horse breeding" reaches
0101.21 even though its own text does not repeat "live". At query time every word is expanded to the stems
it can mean: itself, a few everyday synonyms, the words it begins (the last word while the user is still
typing), and words one typo away. Lines that match all the words rank before lines that match only some.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from mtp_kit.errors import HSCodeError
from mtp_kit.hs._code import HSCode, parse_code

if TYPE_CHECKING:
    from mtp_kit.hs._nomenclature import Entry, Nomenclature, Section

__all__ = ["SearchHit", "SearchIndex", "stem", "tokenize"]

_WORD = re.compile(r"[a-z0-9]+")

# Words that occur in hundreds of lines and tell the reader nothing about the goods.
# fmt: off
_STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "nes", "n", "e", "c", "of", "on", "or", "other", "others", "such", "than", "that",
    "the", "their", "thereof", "these", "this", "those", "to", "which", "whether", "with", "without", "not",
])
# fmt: on

_IRREGULAR = {
    "knives": "knife",
    "leaves": "leaf",
    "loaves": "loaf",
    "halves": "half",
    "shelves": "shelf",
    "wolves": "wolf",
    "calves": "calf",
    "women": "woman",
    "men": "man",
    "children": "child",
    "teeth": "tooth",
    "feet": "foot",
    "geese": "goose",
    "mice": "mouse",
    "oxen": "ox",
    "dice": "die",
    "tyre": "tire",
    "tyres": "tire",
    "colour": "color",
    "colours": "color",
    "aluminium": "aluminum",
    "jewellery": "jewelry",
    "grey": "gray",
    "moulded": "molded",
    "mould": "mold",
    "moulds": "mold",
    "fibre": "fiber",
    "fibres": "fiber",
    "centre": "center",
    "litre": "liter",
    "litres": "liter",
}

# Everyday words a trainee types, mapped to the words the nomenclature uses. Kept short on purpose: it is
# a bridge for common goods, not a thesaurus, and every pair must be true in every chapter it can reach.
_SYNONYMS = {
    "phone": "telephone",
    "mobile": "cellular",
    "cellphone": "telephone cellular",
    "laptop": "portable data processing",
    "computer": "data processing",
    "notebook": "portable",
    "car": "motor cars vehicles",
    "passenger": "persons",
    "passengers": "persons",
    "toothpaste": "dentifrices",
    "gold": "precious metal",
    "silver": "precious metal",
    "automobile": "motor cars vehicles",
    "truck": "goods transport vehicle",
    "lorry": "goods transport vehicle",
    "motorbike": "motorcycles",
    "bike": "bicycles cycles",
    "tv": "television",
    "telly": "television",
    "fridge": "refrigerators",
    "freezer": "freezers refrigerating",
    "drone": "unmanned aircraft",
    "sneakers": "footwear sports",
    "trainers": "footwear sports",
    "shoes": "footwear",
    "boots": "footwear",
    "sandals": "footwear",
    "slippers": "footwear",
    "prawn": "shrimps prawns",
    "shrimp": "shrimps prawns",
    "beef": "bovine",
    "pork": "swine",
    "cow": "bovine cattle",
    "cows": "bovine cattle",
    "pig": "swine",
    "pigs": "swine",
    "chicken": "fowls gallus poultry",
    "whiskey": "whisky",
    "vape": "inhalation nicotine",
    "purse": "handbags wallets",
    "suitcase": "trunks suitcases",
    "luggage": "trunks suitcases",
    "sofa": "seats",
    "couch": "seats",
    "chair": "seats",
    "chairs": "seats",
    "lamp": "lamps luminaires",
    "tshirt": "t shirts",
    "jeans": "trousers denim",
    "rug": "carpets",
    "mug": "mugs tableware",
    "sweater": "jerseys pullovers",
    "jumper": "jerseys pullovers",
    "hoodie": "sweatshirts",
    "printer": "printers printing",
    "battery": "accumulators batteries",
    "batteries": "accumulators batteries",
    "violin": "violins string",
    "guitar": "guitars string",
    "shampoo": "shampoos hair",
    "lipstick": "lip make",
    "solar": "photosensitive photovoltaic",
    "medicine": "medicaments",
    "drug": "medicaments",
    "pill": "medicaments",
    "petrol": "motor spirit petroleum",
    "gasoline": "motor spirit petroleum",
    "diesel": "gas oils petroleum",
    # Staple goods whose chapters the teaching extract holds only by title ("Cereal grains"): an officer types
    # the commodity, the title names its family.
    "rice": "cereal",
    "maize": "cereal",
    "sorghum": "cereal",
    "millet": "cereal",
    "cassava": "roots tubers",
    "yam": "roots tubers",
    "yams": "roots tubers",
    "timber": "wood",
    "lumber": "wood",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Reduce a lower-case word to the stem the index stores: plurals and common endings go.

    >>> stem("horses"), stem("horse"), stem("berries"), stem("knives"), stem("roasted")
    ('hors', 'hors', 'berry', 'knif', 'roast')
    """
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zzes")) or (word.endswith("oes") and len(word) > 5):
        # "boxes", "glasses", "potatoes": the plural adds "es", which must go for "box" to meet "boxes".
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and not word.endswith("eed") and len(word) > 4:
        word = word[:-2]
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]
    # A final "e" goes so that "slice" meets "sliced"; short words keep it, or "care" would meet "car".
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    # Accents are dropped so that "café" and "cafe", "crème" and "creme" meet.
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# One pass of str.translate lowers ASCII letters and turns every other ASCII character into a space, which
# is several times faster than a regular expression over the 7,000 descriptions of the full table.
_ASCII_WORDS = str.maketrans({chr(i): (chr(i).lower() if chr(i).isalnum() else " ") for i in range(128)})


def _words(text: str) -> list[str]:
    if text.isascii():
        return text.translate(_ASCII_WORDS).split()
    return _WORD.findall(_fold(text))


def tokenize(text: str) -> list[str]:
    """The stems of the meaningful words of ``text``, in order.

    >>> tokenize("Horses, asses, mules and hinnies; live")
    ['hors', 'ass', 'mule', 'hinny', 'live']
    """
    return [stem(w) for w in _words(text) if w not in _STOPWORDS]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit_away(term: str) -> set[str]:
    """Every string one deletion, swap of neighbours, substitution or insertion away from ``term``.

    Generating the few hundred neighbours of a query word and looking them up costs less than a tenth of a
    millisecond, and unlike a precomputed typo index it adds nothing to the time to build the index.

    >>> sorted(w for w in _one_edit_away("hros") if w in {"hors", "ros", "hero", "horse"})
    ['hors', 'ros']
    """
    splits = [(term[:i], term[i:]) for i in range(len(term) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    edits.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    edits.update(a + c + b for a, b in splits for c in _LETTERS)
    edits.discard(term)
    return edits


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the line, its score, the query words it matched and its path from the section.

    ``score`` only orders results of one query (higher is better); a line found by typing its code scores
    ``inf`` so that it always comes first. ``all_words`` is True when the line matched every query word.
    """

    entry: Entry
    score: float
    matched: tuple[str, ...]
    all_words: bool
    path: tuple[Section | Entry, ...]

    @property
    def code(self) -> HSCode:
        """The code of the line found."""
        return self.entry.code


# How much a line's own words count against the words it inherits from the line above, and how much a
# looser match counts against an exact one. Tuned on the everyday-query list of the tests.
_INHERITED = 0.4
_SYNONYM, _PREFIX, _TYPO = 0.9, 0.8, 0.7
_FUZZY_MIN = 4  # shorter words have too many neighbours one typo away to guess from
# An officer who types "washing machine" means the machine; its parts line ("Parts of washing machines") is
# short, so brevity alone would put it first. A line that is only about parts ("Parts of ...", "Pumps; parts
# thereof", "Other parts ...") counts this much less unless the query asks for parts; a line for goods "and
# their parts" is a line for the goods and keeps its weight.
_PARTS_LINE = 0.5
_PART = "part"
_PARTS_ONLY = re.compile(r"(?:^|;)\s*(?:other\s+)?parts?\b", re.IGNORECASE)


class SearchIndex:
    """An inverted index over the descriptions of one nomenclature.

    >>> from mtp_kit.hs import load_teaching_extract
    >>> index = load_teaching_extract().index
    >>> [str(hit.code) for hit in index.search("horse", limit=2)]
    ['01.01', '0101.21']
    >>> str(index.search("hrose", limit=1)[0].code)  # one typo is forgiven
    '01.01'
    """

    def __init__(self, nomenclature: Nomenclature) -> None:
        self.nomenclature = nomenclature
        # Per word, the positions of the lines that use it themselves and of those that inherit it from the
        # line above; two lists of ints cost far less to build than a (position, weight) pair per hit.
        own_hits: dict[str, list[int]] = {}
        inherited_hits: dict[str, list[int]] = {}
        lengths: list[int] = []
        parts_lines: list[int] = []
        terms_of: dict[str, set[str]] = {}
        # A plain dict in front of stem() saves a function call per word: the build runs on every start-up.
        stems: dict[str, str] = {}
        stopwords = _STOPWORDS
        for position, entry in enumerate(nomenclature):
            digits = entry.code.digits
            own: list[str] = []
            for word in _words(entry.description):
                if word not in stopwords:
                    term = stems.get(word)
                    if term is None:
                        term = stems[word] = stem(word)
                    own.append(term)
            lengths.append(len(own))
            own_terms = terms_of[digits] = set(own)
            if _PART in own_terms and _PARTS_ONLY.search(entry.description):
                parts_lines.append(position)
            for term in own_terms:
                hits = own_hits.get(term)
                if hits is None:
                    own_hits[term] = [position]
                else:
                    hits.append(position)
            inherited = terms_of.get(digits[:-2]) if len(digits) > 2 else None
            if inherited:
                for term in inherited - own_terms:
                    hits = inherited_hits.get(term)
                    if hits is None:
                        inherited_hits[term] = [position]
                    else:
                        hits.append(position)
        count = max(len(lengths), 1)
        self._postings: dict[str, tuple[float, list[int], list[int]]] = {}
        for term in own_hits.keys() | inherited_hits.keys():
            own_list, inherited_list = own_hits.get(term, []), inherited_hits.get(term, [])
            idf = math.log(1 + count / (len(own_list) + len(inherited_list)))
            self._postings[term] = (idf, own_list, inherited_list)
        # Shorter lines are more specific: "Horses" should outrank a long list that mentions horses once.
        self._brevity = [1.0 / (1.0 + 0.04 * n) for n in lengths]
        self._parts_brevity = self._brevity.copy()
        for position in parts_lines:
            self._parts_brevity[position] *= _PARTS_LINE
        self._vocabulary = sorted(self._postings)
        self._synonyms = {stem(word): tuple(tokenize(words)) for word, words in _SYNONYMS.items()}

    def __len__(self) -> int:
        return len(self._vocabulary)

    def _expand(self, term: str, *, last: bool) -> list[tuple[tuple[str, ...], float]]:
        """The groups of index terms a query term can mean, each with how much a match is worth.

        A synonym may be a phrase ("laptop" is "portable data processing"): a line earns the full value
        only when it has every word of the phrase.
        """
        postings = self._postings
        exact = term in postings
        found: list[tuple[tuple[str, ...], float]] = [((term,), 1.0)] if exact else []
        phrase = tuple(t for t in self._synonyms.get(term, ()) if t in postings and t != term)
        if phrase:
            found.append((phrase, _SYNONYM))
        if not exact and (len(term) >= 4 or (last and len(term) >= 3)):
            # While the user types, the last word is probably unfinished ("smartph" means "smartphone"), and
            # officers abbreviate ("decaf"). A word that is already complete ("car") is not stretched.
            start = bisect_left(self._vocabulary, term)
            for other in self._vocabulary[start : start + 40]:
                if not other.startswith(term):
                    break
                found.append(((other,), _PREFIX))
        if not found and len(term) >= _FUZZY_MIN and not term.isdigit():
            for other in sorted(_one_edit_away(term) & self._postings.keys()):
                # Typists rarely miss the first letter; a neighbour that differs there is a weaker guess.
                found.append(((other,), _TYPO if other[0] == term[0] else _TYPO * 0.7))
        return found

    def search(
        self, query: str, *, limit: int = 10, within: str | HSCode | Section | None = None
    ) -> tuple[SearchHit, ...]:
        """The lines best matching ``query``, best first, with the lines matching every word first.

        ``within`` restricts the search to a section (``'XVI'``), a chapter (``'85'``) or a heading. A query
        that is itself a code of the nomenclature returns that line first.
        """
        if limit < 1:
            raise HSCodeError(f"limit={limit!r} cannot be used: ask for at least 1 result")
        nomenclature = self.nomenclature
        start, stop = (0, len(nomenclature)) if within is None else nomenclature.span(within)
        exact = self._code_hit(query, start, stop)
        words = list(dict.fromkeys(tokenize(query)))
        last_open = bool(query) and not query[-1].isspace()
        whole = start == 0 and stop == len(nomenclature)
        postings = self._postings
        scores: dict[int, float] = {}
        counts: dict[int, int] = {}
        bests: list[dict[int, float]] = []
        for i, term in enumerate(words):
            best: dict[int, float] = {}
            for group, factor in self._expand(term, last=last_open and i == len(words) - 1):
                if len(group) == 1:
                    idf, own, inherited = postings[group[0]]
                    scale = idf * factor
                    lower = scale * _INHERITED
                    if whole and not best:
                        # The usual case, one word over the whole table, is one dict build and one loop.
                        best = dict.fromkeys(own, scale)
                        for position in inherited:
                            best[position] = lower
                        continue
                    for positions, value in ((own, scale), (inherited, lower)):
                        for position in positions:
                            if (whole or start <= position < stop) and value > best.get(position, 0.0):
                                best[position] = value
                    continue
                share = factor / len(group)
                values: dict[int, float] = {}
                for other in group:
                    idf, own, inherited = postings[other]
                    for positions, value in ((own, idf * share), (inherited, idf * share * _INHERITED)):
                        for position in positions:
                            if whole or start <= position < stop:
                                values[position] = values.get(position, 0.0) + value
                for position, value in values.items():
                    if value > best.get(position, 0.0):
                        best[position] = value
            for position, value in best.items():
                scores[position] = scores.get(position, 0.0) + value
                counts[position] = counts.get(position, 0) + 1
            bests.append(best)
        brevity = self._brevity if _PART in words else self._parts_brevity
        # Lines matching more words come first; the score, discounted for long texts, orders lines that
        # match as many words; code order settles the rest so results never shuffle between keystrokes.
        ranked = heapq.nlargest(limit, scores, key=lambda p: (counts[p], scores[p] * brevity[p], -p))
        hits = [
            SearchHit(
                entry=nomenclature.entry_at(p),
                score=round(scores[p] * brevity[p], 4),
                matched=tuple(term for term, best in zip(words, bests, strict=True) if p in best),
                all_words=counts[p] == len(words),
                path=nomenclature.path(nomenclature.entry_at(p).code),
            )
            for p in ranked
            if exact is None or nomenclature.entry_at(p) is not exact.entry
        ]
        if exact is not None:
            hits.insert(0, exact)
        return tuple(hits[:limit])

    def _code_hit(self, query: str, start: int, stop: int) -> SearchHit | None:
        if not any(ch.isdigit() for ch in query):
            return None
        try:
            code = parse_code(query)
        except HSCodeError:
            return None
        entry = self.nomenclature.get(code)
        if entry is None:
            return None
        position = self.nomenclature.span(code)[0]
        if not start <= position < stop:
            return None
        return SearchHit(entry, float("inf"), (code.digits,), True, self.nomenclature.path(code))
