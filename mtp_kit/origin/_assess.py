"""Judge one product under one agreement and explain the verdict material by material.

Order of work, as an officer would do it: (1) sort materials into originating and non-originating, counting
materials of other parties as originating where the agreement allows cumulation; (2) accept a wholly obtained
product; (3) apply the product-specific rule, letting the tolerance excuse tariff-shift failures but never a
value threshold; (4) refuse origin when everything done in the exporting party is an insufficient operation,
whatever the rule says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from mtp_kit.errors import OriginError
from mtp_kit.origin._agreement import Agreement
from mtp_kit.origin._codes import format_code
from mtp_kit.origin._goods import Material, Product, round_half_up, to_decimal
from mtp_kit.origin._rules import (
    MaterialCheck,
    Rule,
    RuleFinding,
    ValueFinding,
    _Context,
    _show,
    _where,
    rule_from_data,
)

__all__ = ["MaterialFinding", "OriginVerdict", "assess_origin"]

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class MaterialFinding:
    """One material: originating or not and why, and how it fared under each tariff-shift rule."""

    description: str
    hs_code: str
    value: Decimal
    originating: bool
    reason: str
    provision: str
    checks: tuple[MaterialCheck, ...]


@dataclass(frozen=True, slots=True)
class OriginVerdict:
    """Originating or not, the provision that decided, and everything computed on the way."""

    product: str
    hs_code: str
    agreement: str
    rule: str
    rule_source: str
    originating: bool
    decided_by: str
    reason: str
    materials: tuple[MaterialFinding, ...]
    finding: RuleFinding
    values: tuple[ValueFinding, ...]
    notes: tuple[str, ...]

    def explain(self) -> str:
        """Print-ready explanation of the verdict.

        >>> from mtp_kit.origin import load_agreement
        >>> p = Product(description="fish", hs_code="0302", party="AA", ex_works_price="100",
        ...             wholly_obtained=True)
        >>> print(assess_origin(product=p, agreement=load_agreement("teaching-fta")).explain())
        fish (03.02) under Teaching FTA between Northland and Southland (fictional): ORIGINATING
          decided by: wholly obtained products
          reason: the product is wholly obtained in AA
          rule (chapter 03): wholly obtained
        """
        status = "ORIGINATING" if self.originating else "NOT ORIGINATING"
        out = [
            f"{self.product} ({format_code(self.hs_code)}) under {self.agreement}: {status}",
            f"  decided by: {self.decided_by}",
            f"  reason: {self.reason}",
            f"  rule ({self.rule_source}): {self.rule}",
        ]
        for material in self.materials:
            state = "originating" if material.originating else "non-originating"
            out.append(
                f"  - {material.description} ({format_code(material.hs_code)}, {material.value}): {state}, "
                f"{material.reason}"
            )
            out.extend(
                f"      {'~' if c.tolerated else '✓' if c.passed else '✗'} {c.reason}"
                for c in material.checks
            )
        if self.finding.parts:
            # Composite rules: show every condition that was tested, so the trainee sees all routes.
            out.extend(
                f"  {'✓' if leaf.passed else '✗'} {leaf.rule}: {leaf.reason}"
                for leaf in self.finding.walk()
                if not leaf.parts
            )
        out.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(out)


def _sort_material(material: Material, product: Product, agreement: Agreement) -> MaterialFinding:
    origin = material.origin
    label = agreement.provisions["cumulation"]
    if origin == product.party:
        return MaterialFinding(
            material.description,
            material.hs_code,
            material.value,
            True,
            f"originates in {origin}, the exporting party",
            "origin of the material",
            (),
        )
    if origin is not None and origin in agreement.parties:
        if agreement.cumulation:
            return MaterialFinding(
                material.description,
                material.hs_code,
                material.value,
                True,
                f"originates in {origin}, another party: counted as originating ({label})",
                label,
                (),
            )
        return MaterialFinding(
            material.description,
            material.hs_code,
            material.value,
            False,
            f"originates in {origin}, another party, but this agreement allows no cumulation",
            label,
            (),
        )
    reason = f"originates in {origin}, not a party" if origin else "no proof of origin"
    return MaterialFinding(
        material.description, material.hs_code, material.value, False, reason, "origin of the material", ()
    )


def assess_origin(
    *,
    product: Product,
    agreement: Agreement,
    rule: Rule | str | dict | None = None,
    tolerance_percent: Decimal | int | str | None = None,
) -> OriginVerdict:
    """Decide whether ``product`` originates under ``agreement`` and say why.

    ``rule`` overrides the agreement's product-specific rule (useful for exercises that state the rule);
    ``tolerance_percent`` overrides the agreement's tolerance, e.g. when the data file leaves it unset because
    the legal figure is not confirmed.

    >>> from mtp_kit.origin import load_agreement
    >>> fta = load_agreement("teaching-fta")
    >>> coffee = Product(description="roasted coffee", hs_code="0901.21", party="NTH", ex_works_price="2000",
    ...                  processes=["roasting"], operations=["roasting", "packing"],
    ...                  materials=[Material(description="green coffee", hs_code="0901.11", value="1200")])
    >>> verdict = assess_origin(product=coffee, agreement=fta, rule="CTSH")
    >>> verdict.originating, verdict.decided_by
    (True, 'product-specific rule (sufficient working or processing)')
    """
    if not isinstance(product, Product):
        raise OriginError(f"product {product!r} is not a Product: build it with Product(...)")
    if not isinstance(agreement, Agreement):
        raise OriginError(f"agreement {agreement!r} is not an Agreement: use load_agreement('teaching-fta')")
    if rule is None:
        source_code, chosen = agreement.rule_for(product.hs_code)
        rule_source = _where(source_code)
    else:
        chosen, rule_source = rule_from_data(rule), "stated for this case"

    materials = tuple(_sort_material(m, product, agreement) for m in product.materials)
    originating = tuple(m for m, f in zip(product.materials, materials, strict=True) if f.originating)
    non_originating = tuple(m for m, f in zip(product.materials, materials, strict=True) if not f.originating)
    tolerance, tolerance_text = _tolerance(product, agreement, tolerance_percent)
    ctx = _Context(product, originating, non_originating, tolerance, tolerance_text, agreement.provisions)
    finding = chosen._evaluate(ctx)
    notes: list[str] = []

    # Attach each material's tariff-shift checks to the material, so a trainee reads them in one place.
    checks_by_material: dict[str, list[MaterialCheck]] = {}
    for part in finding.walk():
        for check in part.checks:
            checks_by_material.setdefault(check.material, []).append(check)
    materials = tuple(
        replace(m, checks=tuple(checks_by_material.get(m.description, ()))) if not m.originating else m
        for m in materials
    )
    values = tuple(v for part in finding.walk() for v in part.values)

    provisions = agreement.provisions
    if product.wholly_obtained and not non_originating:
        originating_flag, decided_by = True, provisions["wholly_obtained"]
        reason = f"the product is wholly obtained in {product.party}"
    elif non_originating and product.operations and _only_insufficient(product, agreement):
        originating_flag, decided_by = False, provisions["insufficient"]
        done = ", ".join(f"{op} ({agreement.insufficient_operations[op]})" for op in product.operations)
        reason = (
            f"everything done in {product.party} is an insufficient operation: {done}; this overrides the "
            f"product-specific rule, which was {'met' if finding.passed else 'not met'}"
        )
    else:
        originating_flag, decided_by = finding.passed, provisions["sufficient_working"]
        if finding.passed and finding.used_tolerance:
            decided_by += f", with the {provisions['tolerance']}"
        reason = f"the product-specific rule is {'met' if finding.passed else 'not met'}: {finding.reason}"
        if product.wholly_obtained:
            notes.append("the product was claimed wholly obtained, but it uses non-originating material")
        if non_originating and not product.operations:
            notes.append(
                "no operations were listed, so the insufficient-operations provision was not tested: "
                "list them in Product(operations=...)"
            )
    total = sum((m.value for m in product.materials), _ZERO)
    if total > product.ex_works_price:
        # Not an error (an exercise may test exactly this), but a trainee should notice it.
        notes.append(
            f"the materials add up to {_show(total)}, "
            f"more than the ex-works price {_show(product.ex_works_price)}: "
            "check the figures"
        )
    if finding.passed and finding.used_tolerance:
        notes.append(f"tolerance used: {tolerance_text}")
    return OriginVerdict(
        product=product.description,
        hs_code=product.hs_code,
        agreement=agreement.name,
        rule=chosen.describe(),
        rule_source=rule_source,
        originating=originating_flag,
        decided_by=decided_by,
        reason=reason,
        materials=materials,
        finding=finding,
        values=values,
        notes=tuple(notes),
    )


def _only_insufficient(product: Product, agreement: Agreement) -> bool:
    # A combination of insufficient operations is itself insufficient, so every listed operation must be one.
    return all(op in agreement.insufficient_operations for op in product.operations)


def _tolerance(product: Product, agreement: Agreement, override: object) -> tuple[Decimal | None, str]:
    """The tolerance amount available to this product, and the sentence explaining it."""
    if override is not None:
        percent: Decimal | None = to_decimal(override, "tolerance percentage")
        if percent is not None and percent > _HUNDRED:
            raise OriginError(f"tolerance percentage {override!r} is above 100: expected 0 to 100")
        source = "as stated for this case"
    else:
        percent, source = agreement.tolerance_percent, "as set in the agreement"
    chapter = product.hs_code[:2]
    if chapter in agreement.tolerance_excluded_chapters:
        return None, f"the tolerance does not apply to products of chapter {chapter} under this agreement"
    if percent is None:
        return None, "the agreement sets no tolerance figure; give tolerance_percent to apply one"
    amount = percent * product.ex_works_price / _HUNDRED
    shown = _show(percent)
    return amount, (
        f"{shown}% of the ex-works price {_show(product.ex_works_price)} = "
        f"{_show(round_half_up(amount))}, {source}"
    )
