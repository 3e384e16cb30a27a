"""Classification cases and a marker that gives partial credit and says why.

A :class:`ClassificationCase` describes goods the way an officer meets them (a description and the facts that
matter), with the expected heading and subheading, the General Interpretative Rule that decides, and the
reasoning. :func:`mark_classification` scores a candidate's answer level by level — chapter, heading,
subheading, then the rule claimed — with configurable weights, and returns feedback a trainee can read: what
was right, where the answer left the correct path, and which rule decides. A mistyped answer is marked, not
raised, so that one typo never stops the grading of a whole cohort.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from mtp_kit.errors import HSCodeError, HSError
from mtp_kit.hs._code import DEFAULT_EDITION, HSCode, Level, parse_code
from mtp_kit.hs._nomenclature import Nomenclature

__all__ = [
    "GIRS",
    "ClassificationCase",
    "ClassificationMark",
    "MarkWeights",
    "load_case_bank",
    "mark_classification",
    "parse_gir",
]

GIRS = ("1", "2(a)", "2(b)", "3(a)", "3(b)", "3(c)", "4", "5(a)", "5(b)", "6")
_GIR_BY_KEY = {g.replace("(", "").replace(")", ""): g for g in GIRS}
_GIR_NOISE = re.compile(r"^(gir|gri|rgi|rule)s?|[\s().\-]", re.IGNORECASE)


def parse_gir(text: str) -> str:
    """Read a General Interpretative Rule as officers write it and return its canonical label.

    >>> parse_gir("GIR 3 (b)"), parse_gir("3b"), parse_gir("rule 1"), parse_gir("RGI 5a")
    ('3(b)', '3(b)', '1', '5(a)')
    """
    if not isinstance(text, str):
        raise HSError(f"{text!r} is not a General Interpretative Rule: write it as text such as '3(b)'")
    key = _GIR_NOISE.sub("", text.strip()).lower()
    key = _GIR_NOISE.sub("", key)
    if key in _GIR_BY_KEY:
        return _GIR_BY_KEY[key]
    raise HSError(f"{text!r} is not a General Interpretative Rule: expected one of {', '.join(GIRS)}")


@dataclass(frozen=True, slots=True)
class MarkWeights:
    """Points for each level of a classification answer; their sum is the mark out of which it is scored."""

    chapter: int = 2
    heading: int = 3
    subheading: int = 3
    gir: int = 2

    def __post_init__(self) -> None:
        for name in ("chapter", "heading", "subheading", "gir"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise HSError(
                    f"{name}={value!r} cannot be used as a weight: expected a whole number 0 or more"
                )
        if self.total == 0:
            raise HSError("weights that are all 0 cannot mark anything: give at least one level some points")

    @property
    def total(self) -> int:
        """The maximum mark."""
        return self.chapter + self.heading + self.subheading + self.gir


@dataclass(frozen=True, slots=True)
class ClassificationCase:
    """One teaching case: the goods, the facts that matter, the expected codes, the deciding rule and why."""

    case_id: str
    title: str
    goods: str
    facts: tuple[str, ...]
    heading: HSCode
    subheading: HSCode
    gir: str
    reasoning: str
    edition: str = DEFAULT_EDITION

    def __post_init__(self) -> None:
        if self.heading.level is not Level.HEADING:
            raise HSError(f"case {self.case_id}: heading {self.heading} is not a 4-digit heading")
        if self.subheading.level is not Level.SUBHEADING or not self.subheading.is_within(self.heading):
            raise HSError(
                f"case {self.case_id}: subheading {self.subheading} is not a 6-digit subheading of {self.heading}"
            )
        if self.gir not in GIRS:
            raise HSError(f"case {self.case_id}: {self.gir!r} is not one of {', '.join(GIRS)}")

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ClassificationCase:
        """Build a case from the JSON form used by the case bank."""
        edition = str(data.get("edition", DEFAULT_EDITION))
        facts = data.get("facts", ())
        return cls(
            case_id=str(data["id"]),
            title=str(data["title"]),
            goods=str(data["goods"]),
            facts=tuple(str(f) for f in facts) if isinstance(facts, (list, tuple)) else (),
            heading=parse_code(str(data["heading"]), edition=edition),
            subheading=parse_code(str(data["subheading"]), edition=edition),
            gir=parse_gir(str(data["gir"])),
            reasoning=str(data["reasoning"]),
            edition=edition,
        )


@dataclass(frozen=True, slots=True)
class ClassificationMark:
    """The mark of one answer: points per level, where it left the correct path, and readable feedback."""

    case_id: str
    answer: HSCode | None
    claimed_gir: str | None
    points: float
    max_points: int
    chapter_right: bool
    heading_right: bool
    subheading_right: bool
    gir_right: bool
    left_path_at: Level | None
    feedback: tuple[str, ...] = field(default=())

    @property
    def fraction(self) -> float:
        """The mark as a share of the maximum, 0.0 to 1.0."""
        return self.points / self.max_points

    def __str__(self) -> str:
        return "\n".join([f"{self.points:g}/{self.max_points}", *self.feedback])


def _missing_from(code: HSCode, nomenclature: Nomenclature) -> bool:
    """True when the nomenclature lists the lines around ``code`` and ``code`` is not one of them.

    A teaching extract holds some chapters only as titles; a code under such a chapter may well exist in the
    full table, so it is not called wrong.
    """
    if code in nomenclature:
        return False
    parent = code.parent
    while parent is not None and parent not in nomenclature:
        parent = parent.parent
    return parent is None or bool(nomenclature.children(parent))


def _named(code: HSCode, nomenclature: Nomenclature | None) -> str:
    entry = nomenclature.get(code) if nomenclature is not None else None
    return f"{code} ({entry.description})" if entry is not None else str(code)


def mark_classification(
    case: ClassificationCase,
    *,
    answer: str | HSCode,
    gir: str | None = None,
    weights: MarkWeights | None = None,
    nomenclature: Nomenclature | None = None,
) -> ClassificationMark:
    """Mark a candidate's classification of ``case`` with partial credit per level.

    The chapter, heading and subheading earn their points in turn until the answer leaves the correct path;
    the rule claimed in ``gir`` earns full points when it is the deciding rule and half when only the letter
    differs (3(a) for 3(b)). ``nomenclature``, when given, adds the descriptions of the codes to the feedback
    and flags codes that do not exist.

    >>> case = next(c for c in load_case_bank() if c.case_id == "gir3b-mug-gift-box")
    >>> mark = mark_classification(case, answer="6912.00", gir="3(b)")
    >>> mark.points, mark.max_points
    (10.0, 10)
    >>> mark = mark_classification(case, answer="6911.10", gir="3(a)")
    >>> mark.points, mark.left_path_at
    (3.0, <Level.HEADING: 'heading'>)
    """
    weights = weights or MarkWeights()
    feedback: list[str] = []
    decides = f"The deciding rule is GIR {case.gir}: {case.reasoning}"
    try:
        code = parse_code(answer, edition=case.edition)
    except HSCodeError as error:
        return ClassificationMark(
            case.case_id, None, None, 0.0, weights.total, False, False, False, False, Level.CHAPTER,
            (f"The answer could not be read: {error}.", decides),
        )  # fmt: skip
    claimed: str | None = None
    if gir is not None and str(gir).strip():
        try:
            claimed = parse_gir(gir)
        except HSError as error:
            feedback.append(f"The rule you named could not be read: {error}.")
    if code.level is Level.NATIONAL:
        feedback.append(
            f"{code} is a national line; it is marked on its six HS digits {HSCode(code.digits[:6])}, "
            "national digits are not marked here."
        )
        code = HSCode(code.digits[:6], code.edition)
    if nomenclature is not None and _missing_from(code, nomenclature):
        feedback.append(
            f"{code} is not a code of {nomenclature.edition}: check the digits against the tariff."
        )

    points = 0.0
    left: Level | None = None
    chapter_right = code.chapter == case.heading.chapter
    heading_right = chapter_right and code.heading == case.heading.digits
    subheading_right = heading_right and code.subheading == case.subheading.digits
    right_chapter = HSCode(case.heading.chapter, case.edition)
    if chapter_right:
        points += weights.chapter
        feedback.append(f"Chapter {_named(right_chapter, nomenclature)} is right.")
    else:
        left = Level.CHAPTER
        feedback.append(
            f"The answer leaves the correct path at the chapter: you chose chapter "
            f"{_named(HSCode(code.chapter, case.edition), nomenclature)}, but the goods belong in chapter "
            f"{_named(right_chapter, nomenclature)}. Read the section and chapter notes before the headings."
        )
    if heading_right:
        points += weights.heading
        feedback.append(f"Heading {_named(case.heading, nomenclature)} is right.")
    elif chapter_right:
        left = Level.HEADING
        if code.heading is None:
            feedback.append(
                f"You gave only the chapter; the goods go to heading {_named(case.heading, nomenclature)}."
            )
        else:
            chosen = HSCode(code.heading, case.edition)
            feedback.append(
                f"The answer leaves the correct path at the heading: you chose {_named(chosen, nomenclature)}, "
                f"but the goods belong in {_named(case.heading, nomenclature)}."
            )
    if subheading_right:
        points += weights.subheading
        feedback.append(f"Subheading {_named(case.subheading, nomenclature)} is right.")
    elif heading_right:
        left = Level.SUBHEADING
        if code.subheading is None:
            feedback.append(
                f"You stopped at the heading; the answer needs six digits: {_named(case.subheading, nomenclature)}."
            )
        else:
            feedback.append(
                f"The answer leaves the correct path at the subheading: you chose {_named(code, nomenclature)}, "
                f"but the goods belong in {_named(case.subheading, nomenclature)}. Under GIR 6, compare only "
                f"subheadings at the same dash level within {case.heading}."
            )
    gir_right = claimed == case.gir
    if gir_right:
        points += weights.gir
        feedback.append(f"GIR {case.gir} is indeed the rule that decides.")
    elif claimed is not None and claimed[0] == case.gir[0]:
        points += weights.gir / 2
        feedback.append(
            f"Close: the rule is GIR {case.gir}, not GIR {claimed} (half the points for the rule)."
        )
    elif claimed is not None:
        feedback.append(f"GIR {claimed} does not decide this case; GIR {case.gir} does.")
    else:
        feedback.append(f"You did not say which rule decides; here it is GIR {case.gir}.")
    feedback.append(decides)
    return ClassificationMark(
        case_id=case.case_id,
        answer=code,
        claimed_gir=claimed,
        points=points,
        max_points=weights.total,
        chapter_right=chapter_right,
        heading_right=heading_right,
        subheading_right=subheading_right,
        gir_right=gir_right,
        left_path_at=left,
        feedback=tuple(feedback),
    )


@lru_cache(maxsize=1)
def load_case_bank() -> tuple[ClassificationCase, ...]:
    """The teaching cases shipped with MTP Kit, in the order of the bank.

    >>> cases = load_case_bank()
    >>> len(cases) >= 30, sorted({c.gir for c in cases}) == sorted(GIRS)
    (True, True)
    """
    text = resources.files("mtp_kit.hs").joinpath("data").joinpath("cases.json").read_text(encoding="utf-8")
    return tuple(ClassificationCase.from_dict(item) for item in json.loads(text)["cases"])
