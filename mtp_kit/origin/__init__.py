"""Rules of origin: decide whether a product originates under an agreement, and explain why.

An officer checking a preferential origin claim sorts the materials into originating and non-originating
(cumulation lets materials of other parties count as originating), applies the product-specific rule — wholly
obtained, a change of chapter, heading or subheading with its exceptions, a value test on an ex-works or FOB
base, a specific process, or an "or"/"and" of these — lets the tolerance excuse small tariff-shift failures
(never a value threshold, and not in excluded chapters), and refuses origin when only insufficient operations
were carried out. :func:`assess_origin` does the same and returns an :class:`OriginVerdict` that names, for
every material and every percentage, what was computed and which provision decided.

General provisions are parameters of :class:`Agreement`, never constants: the AfCFTA tolerance figure is not
confirmed, so the AfCFTA teaching extract leaves it unset and exercises state it (DOMAIN 3.3). Example
agreements live in ``mtp_kit/origin/data/`` as JSON written in the project's own words; they teach the
mechanics and are not legal texts.

HS codes are digit strings compared at chapter (2), heading (4) or subheading (6) level; this package does not
depend on :mod:`mtp_kit.hs`. Percentages are decided on exact fractions (``ValueFinding.exact``) and rounded
half-up to 2 decimals once, for display (``ValueFinding.percent``); amounts are ``Decimal`` and never rounded.

>>> vc = compute_value_content(base_value="2000", non_originating="1200", originating="650")
>>> vc.build_down, vc.build_up, vc.max_nom
(Decimal('40.00'), Decimal('32.50'), Decimal('60.00'))
"""

from __future__ import annotations

from mtp_kit.origin._agreement import Agreement, agreement_from_data, list_agreements, load_agreement
from mtp_kit.origin._assess import MaterialFinding, OriginVerdict, assess_origin
from mtp_kit.origin._goods import Material, Product
from mtp_kit.origin._rules import (
    AllOf,
    AnyOf,
    Base,
    Level,
    MaterialCheck,
    Rule,
    RuleFinding,
    SpecificProcess,
    TariffShift,
    ValueContent,
    ValueFinding,
    ValueMethod,
    ValueRule,
    WhollyObtained,
    compute_value_content,
    rule_from_data,
)

__all__ = [
    "Agreement",
    "AllOf",
    "AnyOf",
    "Base",
    "Level",
    "Material",
    "MaterialCheck",
    "MaterialFinding",
    "OriginVerdict",
    "Product",
    "Rule",
    "RuleFinding",
    "SpecificProcess",
    "TariffShift",
    "ValueContent",
    "ValueFinding",
    "ValueMethod",
    "ValueRule",
    "WhollyObtained",
    "agreement_from_data",
    "assess_origin",
    "compute_value_content",
    "list_agreements",
    "load_agreement",
    "rule_from_data",
]
