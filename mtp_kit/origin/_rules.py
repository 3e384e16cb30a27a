"""Product-specific rules of origin as small composable objects, and how each one judges a product.

A rule is wholly obtained, a change of tariff classification (CC, CTH, CTSH, optionally "except from"), a
value rule (MaxNOM, build-down or build-up RVC on an ex-works or FOB base), a specific process, or an
"or"/"and" of other rules. Each rule can describe itself in words and returns a :class:`RuleFinding` that
says, material by material and percentage by percentage, why it is met or not."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from mtp_kit.errors import OriginError
from mtp_kit.origin._codes import format_code, parse_code_range
from mtp_kit.origin._goods import Material, Product, round_half_up, to_decimal

__all__ = [
    "AllOf",
    "AnyOf",
    "Base",
    "Level",
    "MaterialCheck",
    "Rule",
    "RuleFinding",
    "SpecificProcess",
    "TariffShift",
    "ValueContent",
    "ValueFinding",
    "ValueMethod",
    "ValueRule",
    "WhollyObtained",
    "compute_value_content",
    "rule_from_data",
]

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)

# Default provision labels; an agreement's data file may replace them with its own wording.
DEFAULT_PROVISIONS: Mapping[str, str] = {
    "wholly_obtained": "wholly obtained products",
    "sufficient_working": "product-specific rule (sufficient working or processing)",
    "insufficient": "insufficient operations",
    "tolerance": "tolerance",
    "cumulation": "cumulation",
}


class Level(enum.Enum):
    """The level a change of tariff classification is tested at."""

    CC = "CC"
    CTH = "CTH"
    CTSH = "CTSH"

    @property
    def digits(self) -> int:
        """Digits compared: 2, 4 or 6.

        >>> Level.CTH.digits
        4
        """
        return {Level.CC: 2, Level.CTH: 4, Level.CTSH: 6}[self]

    @property
    def word(self) -> str:
        """'chapter', 'heading' or 'subheading'.

        >>> Level.CTSH.word
        'subheading'
        """
        return {Level.CC: "chapter", Level.CTH: "heading", Level.CTSH: "subheading"}[self]


class Base(enum.Enum):
    """The price a value rule divides by; it comes from the rule, never from convenience (DOMAIN 3.2)."""

    EX_WORKS = "ex-works"
    FOB = "fob"

    @property
    def label(self) -> str:
        """How a reason names the base.

        >>> Base.FOB.label
        'FOB price'
        """
        return "ex-works price" if self is Base.EX_WORKS else "FOB price"


class ValueMethod(enum.Enum):
    """The three value tests of DOMAIN 3.2.

    Value added ((EXW − VNM) ÷ EXW) is build-down on an ex-works base.
    """

    MAX_NOM = "maxnom"
    BUILD_DOWN = "build-down"
    BUILD_UP = "build-up"


def _where(digits: str) -> str:
    """'chapter 85', 'heading 85.17' or 'subheading 8517.13'."""
    if len(digits) == 2:
        return format_code(digits)
    word = "heading" if len(digits) == 4 else "subheading"
    return f"{word} {format_code(digits)}"


def _show(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True, slots=True)
class MaterialCheck:
    """How one non-originating material fares under one tariff-shift rule."""

    material: str
    hs_code: str
    value: Decimal
    rule: str
    passed: bool
    tolerated: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ValueFinding:
    """One percentage computed for a value rule: formula, base, amounts, result and threshold.

    ``exact`` is the exact percentage (a fraction) that decides; ``percent`` is it rounded half-up to 2
    decimals for display.
    """

    method: ValueMethod
    base: Base
    base_value: Decimal
    materials_value: Decimal
    percent: Decimal
    threshold: Decimal
    passed: bool
    reason: str
    exact: Fraction = field(repr=False)


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """A rule's outcome: met or not, why, which provision, and its parts, material checks and percentages."""

    rule: str
    passed: bool
    reason: str
    provision: str
    parts: tuple[RuleFinding, ...] = ()
    checks: tuple[MaterialCheck, ...] = ()
    values: tuple[ValueFinding, ...] = ()
    used_tolerance: bool = False  # the rule is met only because the tolerance excused some material

    def walk(self) -> Iterator[RuleFinding]:
        """This finding and every finding inside it, depth first.

        >>> f = RuleFinding("a or b", True, "", "", parts=(RuleFinding("a", False, "", ""),))
        >>> [x.rule for x in f.walk()]
        ['a or b', 'a']
        """
        yield self
        for part in self.parts:
            yield from part.walk()


@dataclass(frozen=True, slots=True)
class _Context:
    """What every rule needs to judge one product under one agreement."""

    product: Product
    originating: tuple[Material, ...]
    non_originating: tuple[Material, ...]
    tolerance: Decimal | None
    tolerance_text: str
    provisions: Mapping[str, str]


class Rule:
    """Base of every product-specific rule: it can describe itself and judge a product."""

    __slots__ = ()

    def describe(self) -> str:
        """The rule in words; every concrete rule says itself.

        >>> str(TariffShift(Level.CC))
        'change of chapter (CC)'
        """
        raise NotImplementedError

    def _evaluate(self, ctx: _Context) -> RuleFinding:
        """Judge the product in ``ctx``."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, slots=True)
class WhollyObtained(Rule):
    """The product must be wholly obtained in the exporting party.

    >>> WhollyObtained().describe()
    'wholly obtained'
    """

    def describe(self) -> str:
        """The rule in words.

        >>> WhollyObtained().describe()
        'wholly obtained'
        """
        return "wholly obtained"

    def _evaluate(self, ctx: _Context) -> RuleFinding:
        """Met when the product is claimed wholly obtained and no material is non-originating."""
        provision = ctx.provisions["wholly_obtained"]
        party = ctx.product.party
        if not ctx.product.wholly_obtained:
            return RuleFinding(
                self.describe(), False, f"the product is not wholly obtained in {party}", provision
            )
        if ctx.non_originating:
            names = ", ".join(m.description for m in ctx.non_originating)
            reason = f"non-originating material ({names}) was used, so the product is not wholly obtained"
            return RuleFinding(self.describe(), False, reason, provision)
        return RuleFinding(self.describe(), True, f"the product is wholly obtained in {party}", provision)


@dataclass(frozen=True, slots=True)
class TariffShift(Rule):
    """Every non-originating material must be classified in another chapter, heading or subheading.

    ``except_from`` lists codes (2, 4 or 6 digits) or ranges ``"7208-7229"`` whose non-originating materials
    may not be used even though they change classification.

    >>> TariffShift(Level.CTH, except_from=("10.06",)).describe()
    'change of tariff heading (CTH), except from heading 10.06'
    """

    level: Level
    except_from: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.level, Level):
            try:
                object.__setattr__(self, "level", Level(str(self.level).upper()))
            except ValueError:
                raise OriginError(
                    f"tariff-shift level {self.level!r} is not known: expected 'CC', 'CTH' or 'CTSH'"
                ) from None
        if isinstance(self.except_from, str):
            object.__setattr__(self, "except_from", (self.except_from,))
        ranges = tuple(parse_code_range(item) for item in self.except_from)
        object.__setattr__(
            self, "except_from", tuple(low if low == high else f"{low}-{high}" for low, high in ranges)
        )

    def _ranges(self) -> tuple[tuple[str, str], ...]:
        return tuple(parse_code_range(item) for item in self.except_from)

    def describe(self) -> str:
        """The rule in words.

        >>> TariffShift(Level.CC, except_from=("50-63",)).describe()
        'change of chapter (CC), except from chapters 50–63'
        """
        name = {Level.CC: "change of chapter", Level.CTH: "change of tariff heading"}.get(
            self.level, "change of tariff subheading"
        )
        text = f"{name} ({self.level.value})"
        if self.except_from:
            text += ", except from " + ", ".join(_describe_range(low, high) for low, high in self._ranges())
        return text

    def _evaluate(self, ctx: _Context) -> RuleFinding:
        """Test every non-originating material; the tolerance may excuse those that fail.

        Each tariff-shift condition measures its failing materials against the whole tolerance; a rule
        with two tariff-shift conditions joined by "and" (rare) would therefore not share it out.
        """
        provision = ctx.provisions["sufficient_working"]
        digits = self.level.digits
        product = ctx.product
        if len(product.hs_code) < digits:
            raise OriginError(
                f"product {product.description!r} HS code {format_code(product.hs_code)!r} has "
                f"{len(product.hs_code)} digits: {self.level.value} compares {self.level.word}s, "
                "give 6 digits"
            )
        target = product.hs_code[:digits]
        checks = [self._check(material, target, digits) for material in ctx.non_originating]
        failing = [check for check in checks if not check.passed]
        word = self.level.word
        if not ctx.non_originating:
            reason = f"no non-originating material is used, so no change of {word} is needed"
            return RuleFinding(self.describe(), True, reason, provision, checks=tuple(checks))
        if not failing:
            reason = f"every non-originating material changes {word}"
            return RuleFinding(self.describe(), True, reason, provision, checks=tuple(checks))
        failing_value = sum((check.value for check in failing), _ZERO)
        unchanged = [check.material for check in failing if "but the rule excepts" not in check.reason]
        excepted = [check.material for check in failing if "but the rule excepts" in check.reason]
        clauses = []
        if unchanged:
            clauses.append(
                f"{', '.join(unchanged)} {'does' if len(unchanged) == 1 else 'do'} not change {word}"
            )
        if excepted:
            clauses.append(
                f"{', '.join(excepted)} {'comes' if len(excepted) == 1 else 'come'} from a {word} the rule excepts"
            )
        what = "; ".join(clauses)
        if ctx.tolerance is not None and failing_value <= ctx.tolerance:
            tolerated = tuple(
                _replace_check(check, tolerated=True, passed=True) if not check.passed else check
                for check in checks
            )
            reason = (
                f"{what}, but the value {_show(failing_value)} "
                f"is within the tolerance of {_show(round_half_up(ctx.tolerance))} ({ctx.tolerance_text}), "
                "so it is disregarded"
            )
            return RuleFinding(
                self.describe(),
                True,
                reason,
                ctx.provisions["tolerance"],
                checks=tolerated,
                used_tolerance=True,
            )
        if ctx.tolerance is None:
            tolerance_part = f"no tolerance can excuse this ({ctx.tolerance_text})"
        else:
            tolerance_part = (
                f"the value {_show(failing_value)} exceeds the tolerance of "
                f"{_show(round_half_up(ctx.tolerance))} ({ctx.tolerance_text})"
            )
        reason = f"{what}, and {tolerance_part}"
        return RuleFinding(self.describe(), False, reason, provision, checks=tuple(checks))

    def _check(self, material: Material, target: str, digits: int) -> MaterialCheck:
        code = material.hs_code
        if len(code) < digits:
            raise OriginError(
                f"material {material.description!r} HS code {format_code(code)!r} has {len(code)} digits: "
                f"{self.level.value} compares {self.level.word}s, give 6 digits"
            )
        own = code[:digits]
        label = f"{material.description} ({format_code(code)})"
        if own == target:
            passed, reason = (
                False,
                f"{label} is in the same {self.level.word} as the product ({_where(target)})",
            )
        else:
            excepted = self._excepted_by(material)
            if excepted:
                passed, reason = False, f"{label} changes {self.level.word}, but the rule excepts {excepted}"
            else:
                passed, reason = (
                    True,
                    f"{label} is in {_where(own)}, the product in {_where(target)}: changed",
                )
        return MaterialCheck(
            material.description, code, material.value, self.describe(), passed, False, reason
        )

    def _excepted_by(self, material: Material) -> str:
        code = material.hs_code
        for low, high in self._ranges():
            if len(code) < len(low):
                raise OriginError(
                    f"material {material.description!r} HS code {format_code(code)!r} "
                    f"cannot be tested against the exception {_describe_range(low, high)}: "
                    "give the material's 6-digit subheading"
                )
            if low <= code[: len(low)] <= high:
                return _describe_range(low, high)
        return ""


def _replace_check(check: MaterialCheck, *, tolerated: bool, passed: bool) -> MaterialCheck:
    reason = f"{check.reason}; disregarded under the tolerance"
    return MaterialCheck(check.material, check.hs_code, check.value, check.rule, passed, tolerated, reason)


def _describe_range(low: str, high: str) -> str:
    if low == high:
        return _where(low)
    plural = {2: "chapters", 4: "headings", 6: "subheadings"}[len(low)]
    if len(low) == 2:
        return f"{plural} {low}–{high}"
    return f"{plural} {format_code(low)}–{format_code(high)}"


@dataclass(frozen=True, slots=True)
class ValueContent:
    """The three percentages of DOMAIN 3.2 on one base, rounded half-up to 2 decimals for display.

    The ``exact_*`` fields keep the exact fractions that decisions are made on, so that no rounding ever
    turns a pass into a fail.

    >>> vc = compute_value_content(base_value="2000", non_originating="1200", originating="650")
    >>> vc.build_down, vc.build_up, vc.max_nom
    (Decimal('40.00'), Decimal('32.50'), Decimal('60.00'))
    """

    base_value: Decimal
    non_originating: Decimal
    originating: Decimal
    build_down: Decimal
    build_up: Decimal
    max_nom: Decimal
    exact_build_down: Fraction = field(repr=False)
    exact_build_up: Fraction = field(repr=False)
    exact_max_nom: Fraction = field(repr=False)


def compute_value_content(
    *, base_value: object, non_originating: object, originating: object = _ZERO
) -> ValueContent:
    """Build-down RVC = (AV − VNM) ÷ AV, build-up RVC = VOM ÷ AV, MaxNOM = VNM ÷ AV, as percentages.

    >>> vc = compute_value_content(base_value="1800", non_originating="1150")
    >>> vc.build_down, vc.exact_build_down
    (Decimal('36.11'), Fraction(325, 9))
    """
    base = to_decimal(base_value, "base value (ex-works or FOB price)", positive=True)
    vnm = to_decimal(non_originating, "value of non-originating materials")
    vom = to_decimal(originating, "value of originating materials")
    # Fractions are exact: (AV − VNM) ÷ AV is exactly 100 − VNM ÷ AV, which a 28-digit Decimal division
    # is not.
    build_down = Fraction(base - vnm) * 100 / Fraction(base)
    build_up = Fraction(vom) * 100 / Fraction(base)
    max_nom = Fraction(vnm) * 100 / Fraction(base)
    return ValueContent(
        base_value=base,
        non_originating=vnm,
        originating=vom,
        build_down=_round_fraction(build_down),
        build_up=_round_fraction(build_up),
        max_nom=_round_fraction(max_nom),
        exact_build_down=build_down,
        exact_build_up=build_up,
        exact_max_nom=max_nom,
    )


def _round_fraction(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact fraction half-up (away from zero on a tie) straight to ``places`` decimals, once."""
    scale = 10**places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    rounded = Decimal(magnitude).scaleb(-places)
    return -rounded if value < 0 else rounded


def _show_pct(percent: Fraction, threshold: Decimal) -> str:
    shown = _round_fraction(percent)
    # A value that rounds onto the threshold without reaching it would read as a contradiction: show more
    # digits.
    if shown == threshold and percent != Fraction(threshold):
        return f"{_round_fraction(percent, 6)}%"
    return f"{shown}%"


@dataclass(frozen=True, slots=True)
class ValueRule(Rule):
    """A value test on the base the rule names: MaxNOM at most, or build-down / build-up RVC at least,
    ``percent``.

    >>> ValueRule(ValueMethod.BUILD_DOWN, Decimal(40), Base.FOB).describe()
    'regional value content (build-down) of at least 40% of the FOB price'
    """

    method: ValueMethod
    percent: Decimal
    base: Base = Base.EX_WORKS

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", _member(ValueMethod, self.method, "value method"))
        base = (
            self.base if isinstance(self.base, Base) else _BASE_ALIASES.get(str(self.base).lower(), self.base)
        )
        object.__setattr__(self, "base", _member(Base, base, "value base"))
        percent = to_decimal(self.percent, f"{self.method.value} percentage")
        if percent > _HUNDRED:
            raise OriginError(
                f"{self.method.value} percentage {self.percent!r} is above 100: expected 0 to 100"
            )
        object.__setattr__(self, "percent", percent)

    def describe(self) -> str:
        """The rule in words.

        >>> ValueRule(ValueMethod.MAX_NOM, Decimal(60)).describe()
        'non-originating materials (MaxNOM) of at most 60% of the ex-works price'
        """
        pct, base = _show(self.percent), self.base.label
        if self.method is ValueMethod.MAX_NOM:
            return f"non-originating materials (MaxNOM) of at most {pct}% of the {base}"
        kind = "build-down" if self.method is ValueMethod.BUILD_DOWN else "build-up"
        return f"regional value content ({kind}) of at least {pct}% of the {base}"

    def _evaluate(self, ctx: _Context) -> RuleFinding:
        """Compute the percentage on the rule's base; tolerance never lifts it."""
        product = ctx.product
        if self.base is Base.FOB:
            if product.fob_price is None:
                raise OriginError(
                    f"product {product.description!r} has no FOB price, "
                    f"but the rule '{self.describe()}' is on an FOB base: "
                    "give fob_price (ex-works + inland transport + export loading)"
                )
            base_value = product.fob_price
        else:
            base_value = product.ex_works_price
        vnm = sum((m.value for m in ctx.non_originating), _ZERO)
        vom = sum((m.value for m in ctx.originating), _ZERO)
        content = compute_value_content(base_value=base_value, non_originating=vnm, originating=vom)
        label, thr = self.base.label, self.percent
        if self.method is ValueMethod.MAX_NOM:
            percent, amount = content.exact_max_nom, vnm
            passed = percent <= Fraction(thr)
            formula = f"non-originating materials {_show(vnm)} ÷ {label} {_show(base_value)}"
            verdict = (
                f"within the maximum of {_show(thr)}%" if passed else f"above the maximum of {_show(thr)}%"
            )
        elif self.method is ValueMethod.BUILD_DOWN:
            percent, amount = content.exact_build_down, vnm
            passed = percent >= Fraction(thr)
            formula = (
                f"({label} {_show(base_value)} − non-originating materials {_show(vnm)}) "
                f"÷ {_show(base_value)}"
            )
            verdict = (
                f"at least the {_show(thr)}% required" if passed else f"below the {_show(thr)}% required"
            )
        else:
            percent, amount = content.exact_build_up, vom
            passed = percent >= Fraction(thr)
            formula = f"originating materials {_show(vom)} ÷ {label} {_show(base_value)}"
            verdict = (
                f"at least the {_show(thr)}% required" if passed else f"below the {_show(thr)}% required"
            )
        reason = f"{formula} = {_show_pct(percent, thr)}, {verdict}"
        if ctx.tolerance is not None and ctx.non_originating:
            reason += (
                "; the tolerance never lifts a value threshold, so every non-originating material counts"
            )
        finding = ValueFinding(
            self.method, self.base, base_value, amount, _round_fraction(percent), thr, passed, reason, percent
        )
        return RuleFinding(
            self.describe(), passed, reason, ctx.provisions["sufficient_working"], values=(finding,)
        )


@dataclass(frozen=True, slots=True)
class SpecificProcess(Rule):
    """A named process must have been carried out in the exporting party (e.g. 'chemical-reaction').

    >>> SpecificProcess("knitting-from-yarn", "knitted and made up from yarn").describe()
    'specific process: knitted and made up from yarn'
    """

    process: str
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.process, str) or not self.process.strip():
            raise OriginError(
                f"specific process {self.process!r} is empty: give a short name such as 'roasting'"
            )
        object.__setattr__(self, "process", self.process.strip().lower())
        if not self.description:
            object.__setattr__(self, "description", self.process)

    def describe(self) -> str:
        """The rule in words.

        >>> SpecificProcess("roasting").describe()
        'specific process: roasting'
        """
        return f"specific process: {self.description}"

    def _evaluate(self, ctx: _Context) -> RuleFinding:
        """Met when the product lists the process among those carried out."""
        done = self.process in ctx.product.processes
        listed = ", ".join(ctx.product.processes) or "none"
        reason = (
            f"the process '{self.process}' was carried out"
            if done
            else f"the process '{self.process}' is not among the processes carried out ({listed})"
        )
        return RuleFinding(self.describe(), done, reason, ctx.provisions["sufficient_working"])


@dataclass(frozen=True, slots=True)
class AnyOf(Rule):
    """Alternatives joined by "or": met when at least one is met.

    >>> AnyOf((TariffShift(Level.CTH), ValueRule(ValueMethod.MAX_NOM, Decimal(60)))).describe()
    'change of tariff heading (CTH) or non-originating materials (MaxNOM)
     of at most 60% of the ex-works price'
    """

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", _rules(self.rules, "or"))

    def describe(self) -> str:
        """The rule in words; an "and" inside an "or" is bracketed.

        >>> AnyOf((WhollyObtained(), AllOf((TariffShift(Level.CTH), SpecificProcess("roasting"))))).describe()
        'wholly obtained or (change of tariff heading (CTH) and specific process: roasting)'
        """
        return " or ".join(f"({r.describe()})" if isinstance(r, AllOf) else r.describe() for r in self.rules)

    def _evaluate(self, ctx: _Context) -> RuleFinding:
        """Every alternative is evaluated, so that the verdict can show all of them."""
        parts = tuple(rule._evaluate(ctx) for rule in self.rules)
        # An alternative met without the tolerance decides before one that needs it.
        met = sorted((p for p in parts if p.passed), key=lambda p: p.used_tolerance)
        reason = f"the alternative '{met[0].rule}' is met" if met else "none of the alternatives is met"
        return RuleFinding(
            self.describe(),
            bool(met),
            reason,
            ctx.provisions["sufficient_working"],
            parts=parts,
            used_tolerance=bool(met) and met[0].used_tolerance,
        )


@dataclass(frozen=True, slots=True)
class AllOf(Rule):
    """Cumulative conditions joined by "and": met only when every one is met.

    >>> AllOf((TariffShift(Level.CTH), ValueRule(ValueMethod.MAX_NOM, Decimal(50)))).describe()
    'change of tariff heading (CTH) and non-originating materials (MaxNOM)
     of at most 50% of the ex-works price'
    """

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", _rules(self.rules, "and"))

    def describe(self) -> str:
        """The rule in words; an "or" inside an "and" is bracketed.

        >>> AllOf((WhollyObtained(), AnyOf((TariffShift(Level.CC), TariffShift(Level.CTH))))).describe()
        'wholly obtained and (change of chapter (CC) or change of tariff heading (CTH))'
        """
        return " and ".join(f"({r.describe()})" if isinstance(r, AnyOf) else r.describe() for r in self.rules)

    def _evaluate(self, ctx: _Context) -> RuleFinding:
        """Every condition is evaluated, so that the verdict can show all of them."""
        parts = tuple(rule._evaluate(ctx) for rule in self.rules)
        unmet = [p.rule for p in parts if not p.passed]
        reason = "every condition is met" if not unmet else f"condition(s) not met: {'; '.join(unmet)}"
        return RuleFinding(
            self.describe(),
            not unmet,
            reason,
            ctx.provisions["sufficient_working"],
            parts=parts,
            used_tolerance=not unmet and any(p.used_tolerance for p in parts),
        )


def _rules(rules: object, joiner: str) -> tuple[Rule, ...]:
    if isinstance(rules, (str, Rule)):
        raise OriginError(f"'{joiner}' needs a list of rules, not {rules!r}")
    items = tuple(rule_from_data(r) for r in rules)  # type: ignore[union-attr]
    if len(items) < 2:
        raise OriginError(f"'{joiner}' joins at least two rules, got {len(items)}: {items!r}")
    return items


def _member(kind: type[enum.Enum], value: object, what: str) -> enum.Enum:
    if isinstance(value, kind):
        return value
    try:
        return kind(str(value).lower())
    except ValueError:
        accepted = ", ".join(repr(m.value) for m in kind)
        raise OriginError(f"{what} {value!r} is not known: expected one of {accepted}") from None


_SHIFTS = {"CC": Level.CC, "CTH": Level.CTH, "CTSH": Level.CTSH}
# Spellings trainees and legal texts use for the two bases.
_BASE_ALIASES = {"exw": "ex-works", "ex works": "ex-works", "ex-works price": "ex-works", "fob price": "fob"}
_RULE_KEYS = ("shift", "value", "process", "any", "all", "wholly_obtained")


def rule_from_data(data: object) -> Rule:
    """Build a rule from its data form, as written in agreement files.

    Forms: ``"WO"``, ``"CC"``, ``"CTH"``, ``"CTSH"``; ``{"shift": "CTH", "except": ["1006", "7208-7229"]}``;
    ``{"value": "maxnom" | "build-down" | "build-up", "percent": "60", "base": "ex-works" | "fob"}``;
    ``{"process": "roasting", "description": "..."}``; ``{"any": [...]}`` ("or"); ``{"all": [...]}`` ("and").

    >>> rule_from_data({"any": ["CTH", {"value": "maxnom", "percent": "60", "base": "ex-works"}]}).describe()
    'change of tariff heading (CTH) or non-originating materials (MaxNOM)
     of at most 60% of the ex-works price'
    """
    if isinstance(data, Rule):
        return data
    if isinstance(data, str):
        key = data.strip().upper()
        if key == "WO":
            return WhollyObtained()
        if key in _SHIFTS:
            return TariffShift(_SHIFTS[key])
        raise OriginError(f"rule {data!r} is not known: expected 'WO', 'CC', 'CTH', 'CTSH' or a rule object")
    if not isinstance(data, Mapping):
        raise OriginError(f"rule {data!r} is not a rule: expected a string such as 'CTH' or a mapping")
    kinds = [key for key in _RULE_KEYS if key in data]
    if len(kinds) != 1:
        raise OriginError(f"rule {dict(data)!r} must have exactly one of the keys {list(_RULE_KEYS)}")
    kind = kinds[0]
    if kind == "shift":
        return TariffShift(data["shift"], tuple(data.get("except", ())))
    if kind == "value":
        if "percent" not in data:
            raise OriginError(f"value rule {dict(data)!r} has no 'percent'")
        return ValueRule(data["value"], data["percent"], data.get("base", Base.EX_WORKS))
    if kind == "process":
        return SpecificProcess(data["process"], data.get("description", ""))
    if kind == "any":
        return AnyOf(data["any"])
    if kind == "all":
        return AllOf(data["all"])
    return WhollyObtained()
