"""The cases of the HS classification and the origin-and-risk assessments, built from the candidate's variant.

Classification: each candidate gets cases from the HS teaching bank (:func:`mtp_kit.hs.load_case_bank`), one per
group of rules, in an order of their own; the pre-test takes the first case of each shuffled group and the
post-test the second, so the two are parallel forms that never repeat a case for one candidate. Answers are
marked with :func:`mtp_kit.hs.mark_classification` (chapter, heading, subheading and rule: partial credit).

Origin and risk: value-content figures for :func:`mtp_kit.origin.compute_value_content`, a likelihood and an
impact for the teaching risk matrix, and inspection counts for :func:`mtp_kit.risk.compute_hit_rate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mtp_kit.grading._variant import Variant

__all__ = ["ClassificationTask", "OriginRiskTask", "classification_task", "origin_risk_task"]

# Groups of rules the parallel forms draw from, one case each.
_FORMS = {
    "wg1-pretest-hs": (0, ("1",), ("3(a)", "3(b)", "3(c)"), ("6",)),
    "wg4-posttest-hs": (1, ("1",), ("3(a)", "3(b)", "3(c)"), ("6",)),
    "wg2-intersessional-classification": (
        0,
        ("2(a)", "2(b)"),
        ("3(b)", "3(c)"),
        ("5(a)", "5(b)"),
        ("1", "6"),
    ),
}


@dataclass(frozen=True, slots=True)
class ClassificationTask:
    """One candidate's classification cases, in the order the questions ask them."""

    assessment: str
    candidate: str
    cases: tuple  # tuple[ClassificationCase, ...]; mtp_kit.hs is imported only when a task is built

    def __str__(self) -> str:
        lines = []
        for number, case in enumerate(self.cases, start=1):
            lines.append(f"Case {number}: {case.title}. {case.goods}")
            lines.extend(f"  - {fact}" for fact in case.facts)
        lines.append(f"(Figures for candidate {self.candidate!r}; nomenclature {self.cases[0].edition}.)")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        parts = []
        for number, case in enumerate(self.cases, start=1):
            facts = "\n".join(f"- {fact}" for fact in case.facts)
            parts.append(f"**Case {number}: {case.title}.** {case.goods}\n\n{facts}")
        parts.append(f"*(Figures for candidate `{self.candidate}`; nomenclature {self.cases[0].edition}.)*")
        return "\n\n".join(parts)


def classification_task(variant: Variant) -> ClassificationTask:
    """The cases of ``variant.assessment`` for ``variant.candidate``."""
    from mtp_kit.hs import load_case_bank

    form, *groups = _FORMS[variant.assessment]
    # One shuffle shared by the pre- and post-test, so the two forms of one candidate never share a case.
    shared = Variant(candidate=variant.candidate, assessment="hs-parallel-forms")
    bank = load_case_bank()
    cases = []
    for group in groups:
        pool = [case for case in bank if case.gir in group and case not in cases]
        cases.append(shared.shuffled(pool)[form])
    return ClassificationTask(variant.assessment, variant.candidate, tuple(cases))


@dataclass(frozen=True, slots=True)
class OriginRiskTask:
    """One candidate's origin and risk figures."""

    assessment: str
    candidate: str
    ex_works: Decimal
    non_originating: Decimal
    originating: Decimal
    threshold: Decimal
    likelihood: int
    impact: int
    inspections: int
    findings: int

    def value_content(self):  # -> mtp_kit.origin.ValueContent
        """The engine's value-content percentages for these figures."""
        from mtp_kit.origin import compute_value_content

        return compute_value_content(
            base_value=self.ex_works, non_originating=self.non_originating, originating=self.originating
        )

    def originates(self) -> bool:
        """Does the build-down RVC reach the threshold? Decided on the exact fraction, not the rounded one."""
        return self.value_content().exact_build_down >= self.threshold

    def channel(self) -> str:
        """The channel of the teaching 5 × 5 matrix for the likelihood and impact."""
        from mtp_kit.risk import DEFAULT_MATRIX

        return DEFAULT_MATRIX.rate(likelihood=self.likelihood, impact=self.impact).channel.value

    def hit_rate(self) -> Decimal:
        """The profile's hit rate in per cent, 2 decimals."""
        from mtp_kit.risk import compute_hit_rate

        return compute_hit_rate(inspections=self.inspections, findings=self.findings).rate

    def __str__(self) -> str:
        text = "\n".join(self._lines())
        return text.replace("**", "").replace("*(", "(").replace(")*", ")").replace("`", "'")

    def _lines(self) -> list[str]:
        return [
            f"**Origin.** A manufacturer exports cooking pots at an ex-works price of {self.ex_works:,.0f}. "
            f"It used non-originating materials worth {self.non_originating:,.0f} and originating materials "
            f"worth {self.originating:,.0f}. The product-specific rule asks for a regional value content of at "
            f"least {self.threshold:.0f} % by the build-down method on the ex-works price.",
            f"**Risk.** A consignment profile is rated likelihood {self.likelihood} and impact {self.impact} on "
            "the programme's teaching 5 × 5 matrix (15 or more red, 8 to 14 yellow, 7 or less green).",
            f"**Profile review.** Last quarter the profile selected {self.inspections} consignments for "
            f"inspection; {self.findings} of them had a positive finding.",
            f"*(Figures for candidate `{self.candidate}`.)*",
        ]

    def _repr_markdown_(self) -> str:
        return "\n\n".join(self._lines())


def origin_risk_task(variant: Variant) -> OriginRiskTask:
    """The figures of ``variant.assessment`` for ``variant.candidate``."""
    ex_works = variant.amount(1500, 4000, step=50)
    non_originating = Decimal(int(ex_works * Decimal(variant.choice((45, 52, 58, 61, 66))) / 100 / 5) * 5)
    originating = Decimal(int((ex_works - non_originating) * Decimal("0.6") / 5) * 5)
    inspections = variant.amount(200, 800, step=10)
    return OriginRiskTask(
        assessment=variant.assessment,
        candidate=variant.candidate,
        ex_works=ex_works,
        non_originating=non_originating,
        originating=originating,
        threshold=Decimal(40),
        likelihood=variant.choice((1, 2, 3, 4, 5)),
        impact=variant.choice((2, 3, 4, 5)),
        inspections=int(inspections),
        findings=int(inspections * variant.choice((2, 4, 6, 9, 12)) // 100),
    )
