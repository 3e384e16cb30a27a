"""Behaviour of the rules-of-origin engine (mtp_kit.origin)."""

from __future__ import annotations

import dataclasses
import inspect
import json
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mtp_kit.origin as origin
from mtp_kit.errors import MtpKitError, OriginError
from mtp_kit.origin import (
    Agreement,
    AllOf,
    AnyOf,
    Base,
    Level,
    Material,
    Product,
    SpecificProcess,
    TariffShift,
    ValueMethod,
    ValueRule,
    WhollyObtained,
    agreement_from_data,
    assess_origin,
    compute_value_content,
    list_agreements,
    load_agreement,
    rule_from_data,
)

AFCFTA = load_agreement("afcfta-teaching")
FTA = load_agreement("teaching-fta")


def non_originating(description, hs_code, value):
    return Material(description=description, hs_code=hs_code, value=value)


def product(hs_code="1905.31", materials=(), ex_works="2000", **kwargs):
    kwargs.setdefault("operations", ["mixing", "baking"])
    return Product(
        description=kwargs.pop("description", "biscuits"),
        hs_code=hs_code,
        party=kwargs.pop("party", "NTH"),
        ex_works_price=ex_works,
        materials=materials,
        **kwargs,
    )


# --- value formulas (DOMAIN 3.2) -------------------------------------------------------------------------


def test_the_domain_example_gives_40_build_down_32_5_build_up_and_60_maxnom():
    content = compute_value_content(base_value="2000", non_originating="1200", originating="650")
    # build-down (2,000 − 1,200) ÷ 2,000 = 800 ÷ 2,000 = 40 %
    assert content.build_down == Decimal("40.00")
    # build-up 650 ÷ 2,000 = 32.5 %
    assert content.build_up == Decimal("32.5")
    # MaxNOM 1,200 ÷ 2,000 = 60 %
    assert content.max_nom == Decimal("60")


def test_the_base_comes_from_the_rule_ex_works_fails_where_fob_passes():
    goods = product(
        hs_code="8703.23",
        ex_works="1800",
        fob_price="2000",
        materials=[non_originating("engine", "8407.34", "1150")],
    )
    on_exw = assess_origin(
        product=goods, agreement=FTA, rule={"value": "build-down", "percent": "40", "base": "exw"}
    )
    on_fob = assess_origin(
        product=goods, agreement=FTA, rule={"value": "build-down", "percent": "40", "base": "fob"}
    )
    # ex-works: (1,800 − 1,150) ÷ 1,800 = 650 ÷ 1,800 = 36.111… % → shown 36.11, below 40
    assert on_exw.originating is False
    assert on_exw.values[0].percent == Decimal("36.11")
    assert on_exw.values[0].base is Base.EX_WORKS
    # FOB: (2,000 − 1,150) ÷ 2,000 = 850 ÷ 2,000 = 42.5 %, at least 40
    assert on_fob.originating is True
    assert on_fob.values[0].percent == Decimal("42.50")
    assert "(FOB price 2000 − non-originating materials 1150) ÷ 2000 = 42.50%" in on_fob.reason


def test_build_up_counts_only_originating_materials():
    goods = product(
        materials=[
            non_originating("flour", "1101.00", "1200"),
            Material(description="sugar", hs_code="1701.99", value="650", origin="NTH"),
        ],
    )
    verdict = assess_origin(product=goods, agreement=FTA, rule={"value": "build-up", "percent": "35"})
    # 650 ÷ 2,000 = 32.5 % < 35 %, although build-down would be 40 %
    assert verdict.originating is False
    assert verdict.values[0].percent == Decimal("32.5")


def test_a_percentage_that_rounds_onto_the_threshold_is_shown_with_more_digits():
    goods = product(ex_works="100000", materials=[non_originating("flour", "1101.00", "60001")])
    verdict = assess_origin(product=goods, agreement=FTA, rule={"value": "maxnom", "percent": "60"})
    # 60,001 ÷ 100,000 = 60.001 % > 60 %: not met, though it would display as 60.00
    assert verdict.originating is False
    assert "60.001000%" in verdict.reason


# --- wholly obtained ------------------------------------------------------------------------------------


def test_a_wholly_obtained_product_originates():
    fish = product(hs_code="0302.11", description="trout", wholly_obtained=True, operations=[])
    verdict = assess_origin(product=fish, agreement=FTA)
    assert verdict.originating is True
    assert verdict.decided_by == "wholly obtained products"


def test_a_wholly_obtained_claim_fails_when_non_originating_material_was_used():
    fish = product(
        hs_code="0304.41",
        description="fillets",
        wholly_obtained=True,
        materials=[non_originating("imported salmon", "0302.14", "100")],
    )
    verdict = assess_origin(product=fish, agreement=FTA)
    assert verdict.originating is False
    assert "non-originating material (imported salmon) was used" in verdict.reason


# --- change of tariff classification --------------------------------------------------------------------


def test_cth_fails_for_a_material_of_the_same_heading_and_passes_for_another():
    goods = product(
        hs_code="0901.21",
        description="roasted coffee",
        materials=[non_originating("green coffee", "0901.11", "1200")],
    )
    cth = assess_origin(product=goods, agreement=FTA, rule="CTH")
    ctsh = assess_origin(product=goods, agreement=FTA, rule="CTSH")
    # 09.01 → 09.01: no change of heading; 0901.11 → 0901.21: change of subheading
    assert cth.originating is False
    assert (
        cth.materials[0].checks[0].reason
        == "green coffee (0901.11) is in the same heading as the product (heading 09.01)"
    )
    assert ctsh.originating is True


def test_cc_needs_a_change_of_chapter_not_only_of_heading():
    goods = product(hs_code="1905.31", materials=[non_originating("malt extract", "1901.90", "300")])
    # 19.01 → 19.05 changes heading but stays in chapter 19
    assert assess_origin(product=goods, agreement=FTA, rule="CTH").originating is True
    assert assess_origin(product=goods, agreement=FTA, rule="CC").originating is False


def test_materials_of_an_excepted_heading_may_not_be_used():
    goods = product(
        hs_code="1905.31",
        party="KE",
        materials=[non_originating("wheat", "1001.99", "900"), non_originating("flour", "1101.00", "400")],
    )
    verdict = assess_origin(product=goods, agreement=AFCFTA, rule={"shift": "CTH", "except": ["10.01"]})
    assert verdict.originating is False
    wheat, flour = verdict.materials
    assert wheat.checks[0].reason == "wheat (1001.99) changes heading, but the rule excepts heading 10.01"
    assert flour.checks[0].passed is True


def test_an_excepted_range_covers_every_heading_inside_it():
    structure = product(hs_code="7308.90", party="KE", description="steel structure", operations=["welding"])
    plate = dataclasses.replace(structure, materials=(non_originating("plate", "7210.49", "500"),))
    tube = dataclasses.replace(structure, materials=(non_originating("tube", "7306.61", "500"),))
    # AfCFTA teaching rule for 73.08: CTH except from 72.08–72.16; 72.10 is inside, 73.06 is not
    assert assess_origin(product=plate, agreement=AFCFTA).originating is False
    assert assess_origin(product=tube, agreement=AFCFTA).originating is True


def test_originating_materials_are_not_tested_for_a_change_of_classification():
    goods = product(
        hs_code="0901.21",
        materials=[Material(description="green coffee", hs_code="0901.11", value="1200", origin="NTH")],
    )
    verdict = assess_origin(product=goods, agreement=FTA, rule="CTH")
    assert verdict.originating is True
    assert verdict.materials[0].checks == ()


# --- tolerance ------------------------------------------------------------------------------------------


def test_the_tolerance_excuses_failing_materials_up_to_its_share_of_the_ex_works_price():
    goods = product(
        hs_code="0901.21",
        materials=[
            non_originating("green coffee", "0901.11", "200"),
            non_originating("cans", "7310.21", "900"),
        ],
    )
    verdict = assess_origin(product=goods, agreement=FTA, rule="CTH")
    # tolerance 10 % × 2,000 = 200; green coffee (200) fails CTH but 200 ≤ 200
    assert verdict.originating is True
    assert verdict.materials[0].checks[0].tolerated is True
    assert "tolerance" in verdict.decided_by


def test_failing_materials_above_the_tolerance_decide_against_origin():
    goods = product(hs_code="0901.21", materials=[non_originating("green coffee", "0901.11", "200.01")])
    verdict = assess_origin(product=goods, agreement=FTA, rule="CTH")
    # 200.01 > 10 % × 2,000 = 200
    assert verdict.originating is False
    assert "the value 200.01 exceeds the tolerance of 200" in verdict.reason


def test_the_tolerance_never_lifts_a_value_threshold():
    goods = product(materials=[non_originating("flour", "1101.00", "1040")])
    verdict = assess_origin(product=goods, agreement=FTA, rule={"value": "maxnom", "percent": "50"})
    # 1,040 ÷ 2,000 = 52 % > 50 %; a 10 % tolerance (200) does not bring it down to 50 %
    assert verdict.originating is False
    assert verdict.values[0].percent == Decimal("52")
    assert "the tolerance never lifts a value threshold" in verdict.reason


def test_the_tolerance_does_not_apply_in_excluded_chapters():
    shirts = product(
        hs_code="6205.20",
        description="shirts",
        materials=[non_originating("cut shirt panels", "6205.90", "10")],
    )
    verdict = assess_origin(product=shirts, agreement=FTA, rule="CTH")
    # 10 ≤ 10 % × 2,000 = 200, but chapter 62 is excluded from the tolerance in this agreement
    assert verdict.originating is False
    assert "does not apply to products of chapter 62" in verdict.reason


def test_the_unconfirmed_afcfta_tolerance_is_not_applied_until_an_exercise_states_it():
    goods = product(
        hs_code="0901.21", party="KE", materials=[non_originating("green coffee", "0901.11", "150")]
    )
    without = assess_origin(product=goods, agreement=AFCFTA, rule="CTH")
    stated = assess_origin(product=goods, agreement=AFCFTA, rule="CTH", tolerance_percent="10")
    assert AFCFTA.tolerance_percent is None
    assert without.originating is False
    assert "the agreement sets no tolerance figure" in without.reason
    # 150 ≤ 10 % × 2,000 = 200
    assert stated.originating is True


# --- cumulation -----------------------------------------------------------------------------------------


def test_materials_of_another_party_count_as_originating_under_cumulation():
    goods = product(
        hs_code="0901.21",
        party="KE",
        materials=[Material(description="green coffee", hs_code="0901.11", value="1200", origin="UG")],
    )
    verdict = assess_origin(product=goods, agreement=AFCFTA, rule="CTH")
    assert verdict.originating is True
    assert verdict.materials[0].originating is True
    assert "Annex 2: cumulation among State Parties" in verdict.materials[0].reason
    without = dataclasses.replace(AFCFTA, cumulation=False)
    assert assess_origin(product=goods, agreement=without, rule="CTH").originating is False


def test_materials_from_a_non_party_are_non_originating():
    goods = product(
        hs_code="0901.21",
        materials=[Material(description="green coffee", hs_code="0901.11", value="1200", origin="BR")],
    )
    verdict = assess_origin(product=goods, agreement=FTA, rule="CTH")
    assert verdict.materials[0].originating is False
    assert verdict.materials[0].reason == "originates in BR, not a party"


# --- insufficient operations ----------------------------------------------------------------------------


def test_insufficient_operations_override_a_rule_that_is_met():
    sugar = product(
        hs_code="1701.99",
        party="KE",
        description="bagged sugar",
        operations=["packing", "labelling"],
        materials=[non_originating("bulk sugar", "1212.93", "800")],
    )
    verdict = assess_origin(product=sugar, agreement=AFCFTA)
    # CC is met (chapter 12 → 17), but packing and labelling are both insufficient
    assert verdict.finding.passed is True
    assert verdict.originating is False
    assert verdict.decided_by == "Annex 2: operations insufficient to confer origin"


def test_one_substantive_operation_lets_the_product_specific_rule_decide():
    sugar = product(
        hs_code="1701.99",
        party="KE",
        operations=["refining", "packing"],
        materials=[non_originating("cane", "1212.93", "800")],
    )
    assert assess_origin(product=sugar, agreement=AFCFTA).originating is True


# --- specific process and combinations ------------------------------------------------------------------


def test_a_specific_process_rule_needs_that_process():
    shirt = product(
        hs_code="6109.10",
        party="KE",
        description="T-shirt",
        materials=[non_originating("yarn", "5205.12", "500")],
    )
    knitted = dataclasses.replace(shirt, processes=("knitting-from-yarn",))
    assert assess_origin(product=shirt, agreement=AFCFTA).originating is False
    assert assess_origin(product=knitted, agreement=AFCFTA).originating is True


def test_or_needs_one_alternative_and_says_which():
    goods = product(hs_code="1905.31", party="KE", materials=[non_originating("wheat", "1001.99", "1000")])
    verdict = assess_origin(product=goods, agreement=AFCFTA)
    # CTH except 10.01 fails (wheat is excepted); MaxNOM 1,000 ÷ 2,000 = 50 % ≤ 60 % is met
    assert verdict.originating is True
    assert "non-originating materials (MaxNOM) of at most 60% of the ex-works price' is met" in verdict.reason


def test_and_needs_every_condition():
    wire = product(
        hs_code="8544.49",
        party="KE",
        description="wire",
        materials=[non_originating("copper", "7408.11", "1300")],
    )
    verdict = assess_origin(product=wire, agreement=AFCFTA)
    # CTH met (74.08 → 85.44); MaxNOM 1,300 ÷ 2,000 = 65 % > 60 %: not met
    assert verdict.originating is False
    assert [part.passed for part in verdict.finding.parts] == [True, False]


def test_the_most_specific_rule_in_the_agreement_applies():
    wardrobe = product(
        hs_code="9403.60", description="wardrobe", materials=[non_originating("boards", "4410.11", "500")]
    )
    chair = dataclasses.replace(wardrobe, hs_code="9401.61", description="chair")
    # 94.03 has "CTH except from chapter 44"; 94.01 falls back to chapter 94's plain CTH
    assert assess_origin(product=wardrobe, agreement=FTA).originating is False
    assert assess_origin(product=chair, agreement=FTA).originating is True
    assert assess_origin(product=wardrobe, agreement=FTA).rule_source == "heading 94.03"


# --- rules and agreements as data -----------------------------------------------------------------------


def test_rules_read_from_data_describe_themselves():
    rule = rule_from_data(
        {
            "all": [
                {"shift": "CTSH", "except": ["8517.79"]},
                {"value": "build-up", "percent": "35", "base": "fob"},
            ]
        }
    )
    assert rule == AllOf(
        (TariffShift(Level.CTSH, ("851779",)), ValueRule(ValueMethod.BUILD_UP, Decimal(35), Base.FOB))
    )
    assert rule.describe() == (
        "change of tariff subheading (CTSH), except from subheading 8517.79 and "
        "regional value content (build-up) of at least 35% of the FOB price"
    )
    assert rule_from_data("WO") == WhollyObtained()
    assert isinstance(rule_from_data({"any": ["CC", {"process": "roasting"}]}), AnyOf)
    assert rule_from_data({"process": "Roasting"}) == SpecificProcess("roasting", "roasting")


def test_every_example_agreement_loads_and_every_rule_is_readable():
    assert list_agreements() == ("afcfta-teaching", "teaching-fta")
    for key in list_agreements():
        agreement = load_agreement(key)
        assert agreement.rules
        assert all(rule.describe() for rule in agreement.rules.values())


def test_the_afcfta_data_says_its_tolerance_is_not_confirmed():
    text = (resources.files("mtp_kit.origin") / "data" / "afcfta-teaching.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["tolerance"]["percent"] is None
    assert "not confirmed" in data["tolerance"]["note"].lower()
    assert {f"{n}" for n in range(50, 64)} == AFCFTA.tolerance_excluded_chapters


def test_an_agreement_can_be_loaded_from_a_file(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"key": "mine", "name": "Mine", "parties": ["AA"], "rules": {"09": "CC"}}))
    agreement = load_agreement(path)
    assert agreement.rule_for("0901.21") == ("09", TariffShift(Level.CC))
    assert agreement.tolerance_percent is None


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: non_originating("bolts", "73181", "5"),
            r"material 'bolts' HS code '73181' is not an HS code: expected 4 or 6 digits",
        ),
        (lambda: non_originating("bolts", 7318, "5"), r"HS code 7318 is not a string: write codes as text"),
        (lambda: non_originating("bolts", "7318.15", "-5"), r"material 'bolts' value '-5' is not an amount"),
        (
            lambda: non_originating("bolts", "7318.15", "five"),
            r"material 'bolts' value 'five' is not a number",
        ),
        (
            lambda: product(ex_works="0"),
            r"ex-works price '0' is not an amount: expected a finite number more than zero",
        ),
        (lambda: product(fob_price="1500"), r"FOB price '1500' is below its ex-works price 2000"),
        (
            lambda: product(materials=[non_originating("a", "1101", "1"), non_originating("a", "1102", "1")]),
            r"lists materials \['a'\] more than once",
        ),
        (
            lambda: load_agreement("nafta"),
            r"agreement 'nafta' is not known: expected one of \['afcfta-teaching', 'teaching-fta'\]",
        ),
        (lambda: rule_from_data("CTX"), r"rule 'CTX' is not known: expected 'WO', 'CC', 'CTH', 'CTSH'"),
        (
            lambda: rule_from_data({"value": "maxnom", "percent": "120"}),
            r"maxnom percentage '120' is above 100",
        ),
        (
            lambda: rule_from_data({"value": "maxnom", "percent": "50", "base": "cif"}),
            r"value base 'cif' is not known: expected one of 'ex-works', 'fob'",
        ),
        (
            lambda: rule_from_data({"shift": "CTH", "except": ["7229-7208"]}),
            r"range '7229-7208' is not a range",
        ),
        (lambda: rule_from_data({"any": ["CTH"]}), r"'or' joins at least two rules"),
        (
            lambda: assess_origin(product=product(hs_code="0901"), agreement=FTA, rule="CTSH"),
            r"HS code '09.01' has 4 digits: CTSH compares subheadings, give 6 digits",
        ),
        (
            lambda: assess_origin(product=product(hs_code="2401.10"), agreement=FTA),
            r"agreement 'teaching-fta' has no product-specific rule for '2401.10'",
        ),
        (
            lambda: assess_origin(product=product(hs_code="8703.23"), agreement=FTA),
            r"has no FOB price, but the rule .* is on an FOB base",
        ),
        (
            lambda: assess_origin(product=product(), agreement=FTA, rule="CTH", tolerance_percent="150"),
            r"tolerance percentage '150' is above 100",
        ),
        (
            lambda: Agreement(key="x", name="X", parties=["AA"], rules={}, tolerance_excluded_chapters=["5"]),
            r"tolerance excluded chapter '5' is not an HS code",
        ),
        (
            lambda: agreement_from_data({"key": "x"}),
            r"agreement data is missing \['name', 'parties', 'rules'\]",
        ),
    ],
)
def test_bad_input_raises_an_origin_error_naming_the_value(build, message):
    with pytest.raises(OriginError, match=message) as caught:
        build()
    assert isinstance(caught.value, MtpKitError)


# --- properties -----------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value="0.01", max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
codes = st.sampled_from(
    [
        "0901.11",
        "0901.21",
        "1001.99",
        "1101.00",
        "1701.99",
        "1905.31",
        "1905.90",
        "4819.10",
        "8517.13",
        "8517.79",
    ]
)
parties = st.sampled_from(["NTH", "STH", "BR", None])
rules = st.sampled_from(
    [
        "CC",
        "CTH",
        "CTSH",
        {"shift": "CTH", "except": ["10"]},
        {"value": "maxnom", "percent": "50"},
        {"value": "build-down", "percent": "40"},
        {"value": "build-up", "percent": "30"},
        {"any": ["CTH", {"value": "maxnom", "percent": "60"}]},
        {"all": ["CTSH", {"value": "build-down", "percent": "35"}]},
    ]
)


@st.composite
def cases(draw):
    materials = draw(st.lists(st.tuples(codes, amounts, parties), max_size=5))
    return product(
        hs_code=draw(codes),
        ex_works=draw(positive),
        materials=[
            Material(description=f"m{n}", hs_code=code, value=value, origin=origin)
            for n, (code, value, origin) in enumerate(materials)
        ],
        operations=draw(st.sampled_from([["mixing"], ["packing"], ["packing", "baking"]])),
    )


@given(base=positive, vnm=amounts)
def test_build_down_rvc_is_100_minus_maxnom_on_the_same_base(base, vnm):
    content = compute_value_content(base_value=base, non_originating=vnm)
    assert content.exact_build_down == 100 - content.exact_max_nom
    # the displayed values are each rounded once, so they may differ from 100 by at most one cent
    assert abs(content.build_down + content.max_nom - 100) <= Decimal("0.01")


@given(case=cases(), rule=rules, code=codes, value=amounts, tolerance=st.sampled_from([None, "0", "10"]))
def test_adding_an_originating_material_never_turns_originating_into_not(case, rule, code, value, tolerance):
    before = assess_origin(product=case, agreement=FTA, rule=rule, tolerance_percent=tolerance)
    extra = Material(description="added", hs_code=code, value=value, origin="NTH")
    after = assess_origin(
        product=dataclasses.replace(case, materials=(*case.materials, extra)),
        agreement=FTA,
        rule=rule,
        tolerance_percent=tolerance,
    )
    if before.originating:
        assert after.originating


@given(case=cases(), x=percents)
def test_maxnom_x_and_build_down_100_minus_x_always_agree(case, x):
    maxnom = assess_origin(product=case, agreement=FTA, rule={"value": "maxnom", "percent": x})
    build_down = assess_origin(product=case, agreement=FTA, rule={"value": "build-down", "percent": 100 - x})
    assert maxnom.finding.passed == build_down.finding.passed


@given(case=cases(), rule=rules, low=percents, extra=percents)
def test_a_larger_tolerance_never_takes_origin_away(case, rule, low, extra):
    high = min(low + extra, Decimal(100))
    before = assess_origin(product=case, agreement=FTA, rule=rule, tolerance_percent=low)
    after = assess_origin(product=case, agreement=FTA, rule=rule, tolerance_percent=high)
    if before.originating:
        assert after.originating


def test_the_public_api_is_pinned():
    """Adding or removing an exported name is a deliberate change: update this list with it."""
    assert origin.__all__ == [
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
    assert all(hasattr(origin, name) for name in origin.__all__)


def test_the_explanation_names_every_material_the_percentages_and_the_deciding_provision():
    goods = product(
        hs_code="1905.31",
        party="KE",
        materials=[
            non_originating("wheat", "1001.99", "1000"),
            Material(description="sugar", hs_code="1701.99", value="300", origin="UG"),
        ],
    )
    text = assess_origin(product=goods, agreement=AFCFTA).explain()
    assert "ORIGINATING" in text
    assert "decided by: Annex 2: sufficiently worked or processed products" in text
    assert "✗ wheat (1001.99) changes heading, but the rule excepts heading 10.01" in text
    assert "sugar (1701.99, 300): originating, originates in UG, another party" in text
    # MaxNOM 1,000 ÷ 2,000 = 50 %
    assert "non-originating materials 1000 ÷ ex-works price 2000 = 50.00%, within the maximum of 60%" in text


def test_materials_worth_more_than_the_product_are_pointed_out():
    goods = product(ex_works="1000", materials=[non_originating("flour", "1101.00", "1200")])
    verdict = assess_origin(product=goods, agreement=FTA, rule="CTH")
    # 1,200 > 1,000: the verdict still follows the rule, with a note
    assert verdict.originating is True
    assert (
        "the materials add up to 1200, more than the ex-works price 1000: check the figures" in verdict.notes
    )


def test_every_public_function_of_origin_has_a_doctest():
    missing = []
    for name in origin.__all__:
        obj = getattr(origin, name)
        members = [(name, obj)] if inspect.isfunction(obj) else []
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                member = member.fget if isinstance(member, property) else member
                if not attr.startswith("_") and inspect.isfunction(member):
                    members.append((f"{name}.{attr}", member))
        missing += [label for label, member in members if ">>>" not in (member.__doc__ or "")]
    assert missing == []


def test_an_alternative_met_without_the_tolerance_is_not_credited_to_the_tolerance():
    goods = product(
        hs_code="0901.21",
        materials=[non_originating("green coffee", "0901.11", "200")],
    )
    # CTH fails for green coffee (same heading 09.01) but 200 ≤ 10 % × 2,000 = 200 would excuse it;
    # MaxNOM 50 %: 200 / 2,000 = 10 % ≤ 50 % is met on its own, so it decides, without the tolerance.
    rule = {"any": ["CTH", {"value": "maxnom", "percent": "50"}]}
    verdict = assess_origin(product=goods, agreement=FTA, rule=rule)
    assert verdict.originating is True
    assert "tolerance" not in verdict.decided_by
    assert not any(note.startswith("tolerance used") for note in verdict.notes)


def test_a_material_from_an_excepted_heading_is_said_to_come_from_it_not_to_stay_in_the_same_heading():
    goods = product(
        hs_code="1905.31",
        materials=[non_originating("wheat grain", "1001.99", "300")],
    )
    verdict = assess_origin(product=goods, agreement=FTA, rule={"shift": "CTH", "except": ["10.01"]})
    # 300 > 10 % × 2,000 = 200: not excused.
    assert verdict.originating is False
    assert "wheat grain comes from a heading the rule excepts" in verdict.reason
    assert "does not change" not in verdict.reason
