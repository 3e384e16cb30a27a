"""An agreement's rules of origin as data: its parties, general provisions and product-specific rules.

The general provisions (cumulation, tolerance and the chapters it excludes, insufficient operations) are
fields of :class:`Agreement`, so that the same product can be judged under different agreements or under a
changed parameter (``dataclasses.replace(agreement, tolerance_percent=Decimal(10))``). Example agreements ship
as JSON files in ``mtp_kit/origin/data/``, written in the project's own words; a programme can load its own
file with the same schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from mtp_kit.errors import OriginError
from mtp_kit.origin._codes import format_code, normalise_code, parse_code_range
from mtp_kit.origin._goods import to_decimal
from mtp_kit.origin._rules import DEFAULT_PROVISIONS, Rule, rule_from_data

__all__ = ["Agreement", "agreement_from_data", "list_agreements", "load_agreement"]

_DATA = "data"


def _chapters(items: object, what: str) -> frozenset[str]:
    if isinstance(items, str):
        items = [items]
    chapters: set[str] = set()
    for item in items:  # type: ignore[union-attr]
        low, high = parse_code_range(item, what=what)
        if len(low) != 2:
            raise OriginError(f"{what} {item!r} is not a chapter: give 2 digits or a range such as '50-63'")
        chapters.update(f"{n:02d}" for n in range(int(low), int(high) + 1))
    return frozenset(chapters)


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    """One agreement's origin regime: parties, cumulation, tolerance, insufficient operations and PSRs.

    ``rules`` maps a chapter (2 digits), heading (4) or subheading (6) to its rule; the most specific one
    applies.
    ``tolerance_percent`` is a share of the ex-works price, or ``None`` when the figure is not set (then no
    tolerance applies unless the assessment supplies one). ``insufficient_operations`` maps short names to
    descriptions.

    >>> a = Agreement(key="demo", name="Demo", parties={"AA", "BB"}, rules={"09": "CC", "0901": "CTSH"})
    >>> a.rule_for("0901.21")
    ('0901', TariffShift(level=<Level.CTSH: 'CTSH'>, except_from=()))
    """

    key: str
    name: str
    parties: frozenset[str]
    rules: Mapping[str, Rule]
    cumulation: bool = True
    tolerance_percent: Decimal | None = None
    tolerance_excluded_chapters: frozenset[str] = frozenset()
    insufficient_operations: Mapping[str, str] = field(default_factory=dict)
    provisions: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_PROVISIONS))
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("key", "name"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise OriginError(f"agreement {name} {value!r} is empty: give a {name}")
        parties = [self.parties] if isinstance(self.parties, str) else list(self.parties)
        for party in parties:
            if not isinstance(party, str) or not party.strip():
                raise OriginError(f"agreement {self.key!r}: party {party!r} is not a code such as 'KE'")
        if not parties:
            raise OriginError(f"agreement {self.key!r} has no parties: list at least one")
        object.__setattr__(self, "parties", frozenset(p.strip().upper() for p in parties))
        if not isinstance(self.rules, Mapping):
            raise OriginError(
                f"agreement {self.key!r}: rules {self.rules!r} are not a mapping of HS code → rule"
            )
        rules: dict[str, Rule] = {}
        for code, rule in self.rules.items():
            digits = normalise_code(code, what=f"agreement {self.key!r} rule code", lengths=(2, 4, 6))
            if digits in rules:
                raise OriginError(f"agreement {self.key!r}: rule code {code!r} appears twice")
            rules[digits] = rule_from_data(rule)
        object.__setattr__(self, "rules", MappingProxyType(rules))
        if not isinstance(self.cumulation, bool):
            raise OriginError(f"agreement {self.key!r}: cumulation {self.cumulation!r} is not True or False")
        if self.tolerance_percent is not None:
            tolerance = to_decimal(self.tolerance_percent, f"agreement {self.key!r} tolerance percentage")
            if tolerance > 100:
                raise OriginError(
                    f"agreement {self.key!r}: tolerance {self.tolerance_percent!r} is above 100%"
                )
            object.__setattr__(self, "tolerance_percent", tolerance)
        object.__setattr__(
            self,
            "tolerance_excluded_chapters",
            _chapters(self.tolerance_excluded_chapters, f"agreement {self.key!r} tolerance excluded chapter"),
        )
        operations = {}
        for name, description in dict(self.insufficient_operations).items():
            if not isinstance(name, str) or not name.strip() or not isinstance(description, str):
                raise OriginError(
                    f"agreement {self.key!r}: insufficient operation {name!r} needs a name and text"
                )
            operations[name.strip().lower()] = description
        object.__setattr__(self, "insufficient_operations", MappingProxyType(operations))
        unknown = sorted(set(self.provisions) - set(DEFAULT_PROVISIONS))
        if unknown:
            raise OriginError(
                f"agreement {self.key!r}: provisions {unknown} are not known: "
                f"expected {sorted(DEFAULT_PROVISIONS)}"
            )
        object.__setattr__(self, "provisions", MappingProxyType({**DEFAULT_PROVISIONS, **self.provisions}))
        object.__setattr__(self, "notes", tuple(self.notes))

    def rule_for(self, hs_code: str) -> tuple[str, Rule]:
        """The most specific rule for ``hs_code`` (subheading, then heading, then chapter), with its key.

        >>> load_agreement("teaching-fta").rule_for("9403.60")[0]
        '9403'
        """
        digits = normalise_code(hs_code, what="product HS code")
        for length in (6, 4, 2):
            if digits[:length] in self.rules:
                return digits[:length], self.rules[digits[:length]]
        known = ", ".join(format_code(code) for code in sorted(self.rules))
        raise OriginError(
            f"agreement {self.key!r} has no product-specific rule for {format_code(digits)!r}: "
            "rules exist for "
            f"{known}; pass rule=... to assess_origin to state one"
        )


def agreement_from_data(data: Mapping[str, object]) -> Agreement:
    """Build an :class:`Agreement` from the JSON schema of ``mtp_kit/origin/data/*.json``.

    >>> data = {"key": "x", "name": "X", "parties": ["AA"], "rules": {"09": "CC"},
    ...         "tolerance": {"percent": "10", "excluded_chapters": ["50-63"]}}
    >>> agreement_from_data(data).tolerance_percent
    Decimal('10')
    """
    if not isinstance(data, Mapping):
        raise OriginError(f"agreement data {data!r} is not a mapping")
    missing = [key for key in ("key", "name", "parties", "rules") if key not in data]
    if missing:
        raise OriginError(f"agreement data is missing {missing}: expected key, name, parties and rules")
    tolerance = data.get("tolerance", {})
    if not isinstance(tolerance, Mapping):
        raise OriginError(
            f"agreement tolerance {tolerance!r} is not a mapping with 'percent' and 'excluded_chapters'"
        )
    rules_data = data["rules"]
    if not isinstance(rules_data, Mapping):
        raise OriginError(f"agreement rules {rules_data!r} are not a mapping of HS code → rule")
    # A rule may be wrapped as {"rule": ..., "note": ...} so that data files can say where it comes from.
    rules = {
        code: (rule["rule"] if isinstance(rule, Mapping) and "rule" in rule else rule)
        for code, rule in rules_data.items()
    }
    return Agreement(
        key=data["key"],  # type: ignore[arg-type]
        name=data["name"],  # type: ignore[arg-type]
        parties=data["parties"],  # type: ignore[arg-type]
        rules=rules,
        cumulation=data.get("cumulation", True),  # type: ignore[arg-type]
        tolerance_percent=tolerance.get("percent"),
        tolerance_excluded_chapters=tolerance.get("excluded_chapters", ()),
        insufficient_operations=data.get("insufficient_operations", {}),  # type: ignore[arg-type]
        provisions=data.get("provisions", {}),  # type: ignore[arg-type]
        notes=tuple(data.get("notes", ())),  # type: ignore[arg-type]
    )


def list_agreements() -> tuple[str, ...]:
    """Keys of the example agreements shipped with the toolkit.

    >>> list_agreements()
    ('afcfta-teaching', 'teaching-fta')
    """
    folder = resources.files("mtp_kit.origin") / _DATA
    return tuple(
        sorted(entry.name[: -len(".json")] for entry in folder.iterdir() if entry.name.endswith(".json"))
    )


def load_agreement(name: str | Path) -> Agreement:
    """Load an example agreement by key, or any agreement file by path.

    >>> load_agreement("afcfta-teaching").tolerance_percent is None
    True
    """
    if isinstance(name, Path) or (isinstance(name, str) and name.endswith(".json")):
        path = Path(name)
        if not path.is_file():
            raise OriginError(f"agreement file {str(path)!r} does not exist")
        text = path.read_text(encoding="utf-8")
    elif isinstance(name, str) and name in list_agreements():
        text = (resources.files("mtp_kit.origin") / _DATA / f"{name}.json").read_text(encoding="utf-8")
    else:
        raise OriginError(
            f"agreement {name!r} is not known: expected one of {list(list_agreements())} "
            "or a path to a .json file"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OriginError(f"agreement file for {name!r} is not valid JSON: {exc}") from None
    return agreement_from_data(data)
