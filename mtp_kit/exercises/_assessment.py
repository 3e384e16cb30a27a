"""Turning a checked case bank into an nbgrader source assignment: answer cells, format checks, hidden tests.

The notebook is written the way the hand-made sources in ``assessments/source/`` are: a locked setup cell
(``<id>-case``), then per question a markdown prompt, an answer cell (``<id>-q<N>-answer``: the candidate
replaces ``None``, :func:`mtp_kit.grading.check` says whether the *format* is right) and a test cell
(``<id>-q<N>-tests``: :func:`~mtp_kit.grading.require_answer` in public, the marking in hidden tests). The
candidate sees each case's facts but never the bank's answers: each hidden test carries its own case as bank
text (settings, header and that case's rows) and asks the engine, through the grading package's marking
helpers, for the points — so partial credit is the grading package's, and the key is never typed by hand.
With ``variants`` (valuation banks only), each candidate works the bank's cases on their own figures
(:mod:`mtp_kit.exercises._variants`): the setup cell carries each case's facts, a locked cell under each case
shows the candidate's figures, and the solution and the hidden test draw the same figures for the candidate
being graded. Regenerating from an unchanged bank writes the same
bytes; nbformat is imported only when a notebook is written.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from mtp_kit.errors import ConfigError
from mtp_kit.exercises._banks import CaseBank, _text_rows, read_bank
from mtp_kit.exercises._generate import _python_text
from mtp_kit.exercises._variants import _money, drop_columns, pack, valuation_story
from mtp_kit.origin import Agreement, assess_origin, load_agreement
from mtp_kit.origin._codes import format_code

__all__ = ["ASSESSMENT_KINDS", "assessment_notebook", "write_assessment"]

ASSESSMENT_KINDS = ("classification", "origin", "quiz", "risk", "valuation")
_ID = re.compile(r"^wg[1-9]-[a-z0-9]+(-[a-z0-9]+)*$")
_HOW = (
    "**How to answer.** Replace `None` on the answer line with your answer, then run the cell (Shift+Enter). "
    "`check()` tells you whether the *format* is right — a number, one of the listed words — never whether the "
    "answer is correct. Do not delete or edit the grey test cells; they are restored from the original when your "
    "work is graded. Save the notebook before you submit."
)
_INTRO = {
    "classification": (
        "For each case give the **six-digit subheading** and the **General Interpretative Rule** that decides "
        "it. Partial credit: the chapter, the heading, the subheading and the rule earn one quarter each, in that "
        "order."
    ),
    "valuation": (
        "For each shipment give the **customs value** in the national currency and, when the file lists cost "
        "elements, the **treatment** of each element in the order listed: *added*, *deducted*, *included* "
        "(already in the price, nothing to do) or *excluded* (not part of the value). A value within 1 % earns "
        "half the points; each right treatment earns its share."
    ),
    "origin": (
        "For each case say whether the product is **originating** under the agreement (`True`) or **not "
        "originating** (`False`) and, when its rule has a value test, give the **percentage** that test computes, "
        "as a number without the % sign, rounded to two decimals."
    ),
    "risk": (
        "For each register entry give its **score** (likelihood × impact, a whole number) and the **channel** that "
        "score gives on the matrix: *red*, *yellow* or *green* (or *blue* when the bands have it)."
    ),
    "quiz": (
        "Answer each question. For a multiple-choice question give the **letter** of the option; for a numeric "
        "question give the **number** only, without the unit."
    ),
}
_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def _nbgrader(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: float | None = None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked}
    if points is not None:
        meta["points"] = points
    meta.update({"schema_version": 3, "solution": solution})
    return {"nbgrader": meta}


def _case_text(bank: CaseBank, number: int) -> str:
    """The bank as CSV text with its settings, its header and only the rows of case ``number``."""
    first, rows = bank.rows[0], bank.rows
    end = rows[number + 1] if number + 1 < len(rows) else None
    keep = [
        cells
        for row, cells in _text_rows(bank.text)
        if row < first or (rows[number] <= row and (end is None or row < end))
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(keep)
    return out.getvalue()


def _hidden(bank: CaseBank, number: int, imports: list[str], mark: list[str], vary: str = "") -> list[str]:
    """The hidden test: the case rebuilt from the bank's text, with the candidate's figures when ``vary`` (the
    assessment id) is given, then the marking lines."""
    varied = (
        [
            "from mtp_kit.exercises._variants import for_candidate as _vary",
            f"_case = _vary(_case, assessment={vary!r})",
        ]
        if vary
        else []
    )
    return [
        "### BEGIN HIDDEN TESTS",
        "from mtp_kit.exercises import read_bank_text as _read",
        *imports,
        "",
        f"_CASE = {_python_text(_case_text(bank, number))}",
        f"_case = _read(_CASE, name={bank.file!r}).cases[0]",
        *varied,
        *mark,
        "### END HIDDEN TESTS",
    ]


_VARIANTS = (
    "**Your own figures.** Every candidate works these cases with figures of their own: run the grey cell under "
    "each case to see yours, and answer with those. Answers are marked against your own figures."
)


def _facts_only(bank: CaseBank, number: int) -> str:
    """Case ``number``'s bank text without the author's answer columns: what the candidate's notebook carries."""
    return drop_columns(_case_text(bank, number), "case_id", ("expected_value", "working"))


def _valuation(bank: CaseBank, aid: str, variants: bool = False) -> list[tuple[str, str, dict]]:
    cells: list[tuple[str, str, dict]] = []
    q = 0  # questions are numbered through the notebook: a case with elements asks two
    vary = aid if variants else ""
    for number, case in enumerate(bank.cases):
        deal = case.transaction
        if variants:
            # The facts travel in the setup cell (CASE_FILES); this locked cell prints the candidate's figures.
            show = f'show_bank_case(CASE_FILES[{number}], number={number + 1}, assessment="{aid}")'
            meta = _nbgrader(f"{aid}-case{number + 1}", solution=False, grade=False, locked=True)
            cells.append(("code", show, meta))
        else:
            cells.append(("markdown", "\n".join(valuation_story(case, number + 1)), {}))
        value = case.solve()
        q += 1
        name = f"q{q}_value"
        yours = " with the figures shown for you" if variants else ""
        prompt = (
            f"**Q{q} (3 points).** What is the customs value of case {number + 1}{yours} in "
            f"{case.national_currency}? Give the number only, rounded to two decimals."
        )
        stub = f"{name} = None  # the customs value in {case.national_currency}, e.g. 12345.67"
        mark = [
            "from mtp_kit.grading import mark_amount as _mark",
            f'_mark({name}, _case.solve().total, points=3, question="Q{q}")',
        ]
        if variants:
            key = (
                "from mtp_kit.exercises._variants import candidate_case as _yours\n"
                f'{name} = float(_yours(CASE_FILES[{number}], assessment="{aid}").solve().total)'
            )
        else:
            key = f"{name} = {float(value.total)!r}"
        cells += _question(bank, number, aid, q, prompt, [stub], [key], [name], 3, mark, vary)
        if not deal.elements:
            continue
        q += 1
        name, points = f"q{q}_treatments", len(deal.elements)
        words = [line.treatment.name.lower() for line in value.lines if line.treatment.name != "PRICE"]
        prompt = (
            f"**Q{q} ({points} point{'s' if points > 1 else ''}).** What happens to each cost element of case "
            f"{number + 1}, in the order listed, on a {case.basis.name} basis?"
        )
        stub = f'{name} = None  # a list, one word per element, e.g. ["added", "excluded"]'
        mark = [
            "from mtp_kit.grading import mark_list as _mark",
            "_lines = [line for line in _case.solve().lines if line.treatment.name != 'PRICE']",
            f'_mark({name}, [line.treatment.name.lower() for line in _lines], points={points}, question="Q{q}")',
        ]
        cells += _question(
            bank, number, aid, q, prompt, [stub], [f"{name} = {words!r}"], [name], points, mark, vary
        )
    return cells


_PERCENT = {
    "MAX_NOM": "share of non-originating materials (MaxNOM)",
    "BUILD_DOWN": "regional value content by the build-down method",
    "BUILD_UP": "regional value content by the build-up method",
}


def _agreement(bank: CaseBank) -> tuple[Agreement, list[str]]:
    """The bank's agreement, and the hidden-test lines that load it: by key, or from the file's text inline."""
    name = bank.agreement_name()
    agreement = load_agreement(name)  # an unknown key or a missing file is refused here, in plain words
    if not name.endswith(".json"):
        return agreement, [
            "from mtp_kit.origin import assess_origin as _assess, load_agreement as _load",
            f"_agreement = _load({name!r})",
        ]
    text = Path(name).read_text(encoding="utf-8")  # graded far from the bank: the notebook carries the file
    return agreement, [
        "import json as _json",
        "from mtp_kit.origin import agreement_from_data as _from, assess_origin as _assess",
        f"_agreement = _from(_json.loads({_python_text(text)}))",
    ]


def _origin(bank: CaseBank, aid: str) -> list[tuple[str, str, dict]]:
    agreement, load = _agreement(bank)
    verdict_line = (
        "_verdict = _assess(product=_case.product, agreement=_agreement, rule=_case.rule, "
        "tolerance_percent=_case.tolerance_percent)"
    )
    cells: list[tuple[str, str, dict]] = []
    q = 0  # questions are numbered through the notebook: a case with a value test asks two
    for number, case in enumerate(bank.cases):
        product = case.product
        verdict = assess_origin(
            product=product, agreement=agreement, rule=case.rule, tolerance_percent=case.tolerance_percent
        )
        tolerance = (
            case.tolerance_percent if case.tolerance_percent is not None else agreement.tolerance_percent
        )
        story = [
            f"### Case {number + 1}: {case.title}",
            "",
            f"Product: **{product.description}** (HS {format_code(product.hs_code)}), exported from **{product.party}** under "
            f"{agreement.name}. Ex-works price: **{_money(product.ex_works_price)}**"
            + (f"; FOB price: **{_money(product.fob_price)}**" if product.fob_price is not None else "")
            + ".",
            "",
            f"- Rule ({verdict.rule_source}): {verdict.rule}",
            f"- Tolerance: {f'{tolerance}% of the ex-works price' if tolerance is not None else 'none set'}",
            f"- Claimed wholly obtained: {'yes' if product.wholly_obtained else 'no'}",
        ]
        if product.operations:
            story.append(f"- Operations carried out in {product.party}: {'; '.join(product.operations)}")
        if product.processes:
            story.append(f"- Specific processes: {'; '.join(product.processes)}")
        if product.materials:
            story += ["", "Materials used:", ""]
            for n, material in enumerate(product.materials, start=1):
                where = f"originating in {material.origin}" if material.origin else "no proof of origin"
                story.append(
                    f"{n}. {material.description} (HS {format_code(material.hs_code)}): {_money(material.value)}, {where}"
                )
        cells.append(("markdown", "\n".join(story), {}))
        q += 1
        name = f"q{q}_originates"
        prompt = (
            f"**Q{q} (2 points).** Is the product of case {number + 1} originating or not originating? "
            "Answer `True` (originating) or `False` (not originating), no quotes."
        )
        stub = f"{name} = None  # True or False"
        mark = [
            "from mtp_kit.grading import mark_choice as _mark",
            *load,
            verdict_line,
            f'_mark({name}, repr(_verdict.originating), points=2, question="Q{q}")',
        ]
        key = f"{name} = {verdict.originating!r}"
        cells += _question(bank, number, aid, q, prompt, [stub], [key], [name], 2, mark)
        if not verdict.values:
            continue
        value = verdict.values[0]
        q += 1
        name = f"q{q}_percent"
        prompt = (
            f"**Q{q} (1 point).** What is the {_PERCENT[value.method.name]} of case {number + 1}, in per cent of "
            f"the {value.base.label}? Give the number only, rounded to two decimals."
        )
        stub = f"{name} = None  # a percentage such as 42.5"
        mark = [
            "from mtp_kit.grading import mark_amount as _mark",
            *load,
            verdict_line,
            f'_mark({name}, _verdict.values[0].percent, points=1, question="Q{q}", tolerance="0.01")',
        ]
        cells += _question(
            bank, number, aid, q, prompt, [stub], [f"{name} = {float(value.percent)!r}"], [name], 1, mark
        )
    return cells


def _risk(bank: CaseBank, aid: str) -> list[tuple[str, str, dict]]:
    matrix = bank.matrix()
    read = f"_matrix = _read(_CASE, name={bank.file!r}).matrix()"
    bands = "; ".join(f"*{channel.value}* from {low}" for low, channel in matrix.bands.bands)
    words = ", ".join(f'"{channel.value}"' for _, channel in matrix.bands.bands)
    cells: list[tuple[str, str, dict]] = []
    for number, case in enumerate(bank.cases):
        entry, rating = case.entry, case.entry.rate(matrix)
        story = [
            f"### Entry {number + 1}: {entry.id}",
            "",
            entry.statement,
            "",
            f"- Likelihood: **{entry.likelihood}** of 5",
            f"- Impact: **{entry.impact}** of 5",
        ]
        if entry.indicators:
            story.append(f"- Indicators: {'; '.join(entry.indicators)}")
        if entry.owner:
            story.append(f"- Owner: {entry.owner}")
        cells.append(("markdown", "\n".join(story), {}))
        q = 2 * number + 1
        name = f"q{q}_score"
        prompt = f"**Q{q} (1 point).** What is the risk score of entry {entry.id}?"
        stub = f"{name} = None  # a whole number, e.g. 12"
        mark = [
            "from mtp_kit.grading import mark_amount as _mark",
            read,
            f'_mark({name}, _case.entry.rate(_matrix).score, points=1, question="Q{q}", tolerance="0")',
        ]
        cells += _question(
            bank, number, aid, q, prompt, [stub], [f"{name} = {rating.score!r}"], [name], 1, mark
        )
        q += 1
        name = f"q{q}_channel"
        prompt = (
            f"**Q{q} (1 point).** Which channel does that score send entry {entry.id} to? The bands: {bands}."
        )
        stub = f"{name} = None  # one of {words}"
        mark = [
            "from mtp_kit.grading import mark_choice as _mark",
            read,
            f'_mark({name}, _case.entry.rate(_matrix).channel.value, points=1, question="Q{q}")',
        ]
        key = f"{name} = {rating.channel.value!r}"
        cells += _question(bank, number, aid, q, prompt, [stub], [key], [name], 1, mark)
    return cells


def _question(bank, number, aid, q, prompt, stubs, keys, names, points, mark, vary=""):
    """The prompt, answer cell and test cell of question ``q`` about case ``number`` of ``bank``."""
    answer = [*stubs, "### BEGIN SOLUTION", *keys, "### END SOLUTION"]
    answer.append("check(" + ", ".join(f"{n}={n}" for n in names) + ")")
    test = [f'require_answer("{names[0]}", {names[0]})', *_hidden(bank, number, mark[:1], mark[1:], vary)]
    return [
        ("markdown", prompt, {}),
        (
            "code",
            "\n".join(answer),
            _nbgrader(f"{aid}-q{q}-answer", solution=True, grade=False, locked=False),
        ),
        (
            "code",
            "\n".join(test),
            _nbgrader(f"{aid}-q{q}-tests", solution=False, grade=True, locked=True, points=points),
        ),
    ]


def _classification(bank: CaseBank, aid: str) -> list[tuple[str, str, dict]]:
    cells: list[tuple[str, str, dict]] = []
    for number, case in enumerate(bank.cases):
        q = number + 1
        story = [f"### Case {q}: {case.title}", "", case.goods]
        if case.facts:
            story += ["", *(f"- {fact}" for fact in case.facts)]
        cells.append(("markdown", "\n".join(story), {}))
        names = [f"q{q}_subheading", f"q{q}_gir"]
        stubs = [
            f'{names[0]} = None  # six digits as text, e.g. "8517.13"',
            f'{names[1]} = None  # the rule that decides, e.g. "3(b)"',
        ]
        keys = [f"{names[0]} = {str(case.subheading)!r}", f"{names[1]} = {case.gir!r}"]
        mark = [
            "from mtp_kit.grading import mark_classification_answer as _mark",
            f'_mark(_case, code={names[0]}, gir={names[1]}, points=4, question="Q{q}")',
        ]
        prompt = f"**Q{q} (4 points).** Classify case {q} ({case.edition}): the subheading and the rule that decides."
        cells += _question(bank, number, aid, q, prompt, stubs, keys, names, 4, mark)
    return cells


def _quiz(bank: CaseBank, aid: str) -> list[tuple[str, str, dict]]:
    cells: list[tuple[str, str, dict]] = []
    for number, question in enumerate(bank.cases):
        q = number + 1
        if hasattr(question, "options"):
            letters = "abcdefghijklmnopqrstuvwxyz"
            options = [f"- **{letters[i]}** {option.text}" for i, option in enumerate(question.options)]
            right = next(letters[i] for i, option in enumerate(question.options) if option.correct)
            prompt = "\n".join([f"**Q{q} (1 point).** {question.prompt}", "", *options])
            name = f"q{q}_text"
            stub = f'{name} = None  # the letter of your option, e.g. "a"'
            key = f"{name} = {right!r}"
            mark = [
                "from mtp_kit.grading import mark_choice as _mark",
                "_right = 'abcdefghijklmnopqrstuvwxyz'[[o.correct for o in _case.options].index(True)]",
                f'_mark({name}, _right, points=1, question="Q{q}")',
            ]
        else:
            unit = f" (in {question.unit})" if question.unit else ""
            prompt = f"**Q{q} (1 point).** {question.prompt}{unit}"
            # amounts are checked as non-negative numbers; a negative answer gets no format rule
            name = f"q{q}_amount" if question.answer >= 0 else f"q{q}_number"
            stub = f"{name} = None  # a number, e.g. 1250.50"
            key = f"{name} = {str(question.answer)!r}"
            mark = [
                "from mtp_kit.grading import mark_amount as _mark",
                f'_mark({name}, _case.answer, points=1, question="Q{q}", tolerance=str(_case.tolerance))',
            ]
        cells += _question(bank, number, aid, q, prompt, [stub], [key], [name], 1, mark)
    return cells


def assessment_notebook(bank: CaseBank, *, assessment: str, variants: bool = False) -> str:
    """The nbgrader source notebook of ``bank`` for the assignment ``assessment``, as ipynb text.

    A bank with errors, of a kind other than :data:`ASSESSMENT_KINDS`, or asked for variants is refused.

    >>> from mtp_kit.exercises._banks import read_bank_text
    >>> bank = read_bank_text("bank,quiz\\nid,question,answer\\nq1,2 + 2?,4\\n", name="q.csv")
    >>> text = assessment_notebook(bank, assessment="wg3-sums")
    >>> '"grade_id": "wg3-sums-q1-tests"' in text, "### BEGIN HIDDEN TESTS" in text
    (True, True)
    """
    import nbformat

    if not _ID.match(assessment):
        raise ConfigError(
            f"{assessment!r} is not an assessment id: expected wgN-slug in lower case, such as 'wg3-lakeport-valuation'"
        )
    if bank.kind not in ASSESSMENT_KINDS:
        raise ConfigError(
            f"{bank.file} is a {bank.kind or 'unnamed'} bank: assessments can be made from "
            f"{', '.join(ASSESSMENT_KINDS)} banks only"
        )
    if variants and bank.kind != "valuation":
        raise ConfigError(
            f"{bank.file} is a {bank.kind} bank: per-candidate figures are drawn for valuation banks only (every "
            "amount of a case scaled for the candidate); leave out --variants and every candidate gets the bank's "
            "cases"
        )
    if bank.errors:
        raise ConfigError(
            f"{bank.file} has {len(bank.errors)} error(s): run 'mtp bank check {bank.file}' and fix them first"
        )
    if not bank.cases:
        raise ConfigError(f"{bank.file} has no cases: add at least one case")
    makers = {
        "classification": _classification,
        "origin": _origin,
        "quiz": _quiz,
        "risk": _risk,
        "valuation": _valuation,
    }
    body = _valuation(bank, assessment, variants=True) if variants else makers[bank.kind](bank, assessment)
    about = bank.settings.get("about", "")
    head = [f"# {bank.title}", "", _INTRO[bank.kind], ""]
    if about:
        head += [f"*About these cases:* {about}", ""]
    head.append(_HOW)
    setup = ["from mtp_kit.grading import check, require_answer"]
    if variants:
        head += ["", _VARIANTS]
        setup += [
            "from mtp_kit.exercises import show_bank_case",
            "",
            "# The facts of each case, packed; the cell under each case shows them with your own figures.",
            "CASE_FILES = [",
            *(f'    "{pack(_facts_only(bank, number))}",' for number in range(len(bank.cases))),
            "]",
        ]
    cells = [
        ("markdown", "\n".join(head), {}),
        ("code", "\n".join(setup), _nbgrader(f"{assessment}-case", solution=False, grade=False, locked=True)),
        *body,
    ]
    notebook = nbformat.from_dict(
        {
            "cells": [
                {"cell_type": kind, "metadata": meta, "source": text}
                | ({"execution_count": None, "outputs": []} if kind == "code" else {})
                for kind, text, meta in cells
            ],
            "metadata": _METADATA,
            "nbformat": 4,
            "nbformat_minor": 4,  # as the hand-made sources: no cell ids, which nbgrader does not need
        }
    )
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def write_assessment(
    path: str | Path,
    *,
    assessment: str,
    course: str | Path = "assessments",
    variants: bool = False,
    force: bool = False,
) -> Path:
    """Read the bank at ``path`` and write ``<course>/source/<assessment>/<assessment>.ipynb``; return that path.

    An existing assignment folder is kept unless ``force``. Writing twice from an unchanged bank gives identical
    bytes.
    """
    folder = Path(course) / "source" / assessment
    bank = read_bank(path)
    text = assessment_notebook(bank, assessment=assessment, variants=variants)
    if folder.exists() and not force:
        raise ConfigError(
            f"{str(folder)!r} already exists: choose another --id, or pass --force to overwrite it"
        )
    target = folder / f"{assessment}.ipynb"
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    return target
