"""Turning a checked case bank into a practice notebook: widgets with instant feedback, no grading.

The notebook follows the course template (objectives, how to work, a worked example, the exercises, a
summary). The bank's cases are embedded in the notebook as the bank's own CSV text and read back with
:func:`read_bank_text` when it runs, so that one notebook file can be copied to a hub, a USB stick or Binder
without the spreadsheet, while the cases keep one source of truth: change the bank and regenerate. Files the
bank only names (a national tariff, an agreement file) are found through a path relative to the notebook.
Regenerating from an unchanged bank writes the same bytes: cell ids are fixed and nothing records the time.
nbformat is imported only when a notebook is written, so ``mtp_kit.exercises`` itself stays Jupyter-free.
"""

from __future__ import annotations

import os
from pathlib import Path

from mtp_kit.errors import ConfigError
from mtp_kit.exercises._banks import CaseBank, read_bank

__all__ = ["practice_notebook", "write_practice_notebook"]

_OBJECTIVES = {
    "classification": [
        "classify goods to the six-digit subheading from a description and its facts;",
        "name the General Interpretative Rule that decides, and say why;",
        "compare subheadings only at the same dash level (GIR 6).",
    ],
    "valuation": [
        "value a whole shipment from its documents, line by line;",
        "explain each addition, deduction and exclusion with its article;",
        "check yourself against the engine and see where you left the path.",
    ],
    "origin": [
        "sort the materials of a product into originating and non-originating;",
        "apply the product-specific rule, and the tolerance where it is allowed;",
        "recognise operations that never confer origin.",
    ],
    "risk": [
        "score register entries on the 5 × 5 matrix (likelihood × impact);",
        "choose the channel from the score and explain it with the thresholds.",
    ],
    "quiz": [
        "check your understanding question by question;",
        "read why each option is right or wrong.",
    ],
}
_HOW = {
    "classification": (
        "For each case read the goods and the facts, find the heading and the subheading, choose the rule that "
        "decides and press **Check**. Work in the order of the GIRs: notes and heading texts first (GIR 1), "
        "then GIRs 2 to 5 only when needed, then GIR 6 for the subheading. The feedback says where your answer "
        "left the correct path."
    ),
    "valuation": (
        "For every line choose what happens to it, type the customs value in the national currency, and press "
        "**Check**. Work on paper first: (1) start from the price; (2) take out what is in the price but not part "
        "of the value (only if shown separately); (3) add what Article 8 adds and the price does not contain; "
        "(4) convert each amount at its own rate; (5) add up and round once."
    ),
    "origin": (
        "For each product say which materials count as originating, how each fares under the rule, and whether "
        "the product originates. Work in order: sort the materials, apply the product-specific rule (with the "
        "tolerance where allowed), then check that more than insufficient operations were carried out."
    ),
    "risk": (
        "For each register entry type the score (likelihood × impact) and choose the channel. Each answer is "
        "marked at once, with the thresholds that decide."
    ),
    "quiz": (
        "Answer each question; choosing an option or typing a number marks it at once and says why. "
        "Type numbers in digits, such as 1250.50."
    ),
}
_SUMMARY = {
    "classification": [
        "Heading texts and legal notes decide first; titles only guide.",
        "The subheading is chosen among lines of the same dash level (GIR 6).",
    ],
    "valuation": [
        "Work from the documents in a fixed order, and round once.",
        "Each line has a reason and an article: say them aloud when you teach.",
    ],
    "origin": [
        "Sort the materials first; cumulation can make a material of another party originating.",
        "The tolerance excuses small tariff-shift failures, never a value threshold.",
        "Insufficient operations never confer origin, whatever the rule says.",
    ],
    "risk": [
        "Score = likelihood × impact; the thresholds, not the impact alone, decide the channel.",
        "Thresholds are a policy choice of each administration; these are the bank's.",
    ],
    "quiz": ["Read the explanation of the options you did not choose too."],
}
_LABEL = {
    "classification": "HS classification",
    "valuation": "Customs valuation",
    "origin": "Rules of origin",
    "risk": "Risk management",
    "quiz": "Self-check",
}


def _python_text(text: str) -> str:
    """A Python literal for ``text``: a readable triple-quoted string when that is safe."""
    safe = all(ch.isprintable() or ch == "\n" for ch in text)
    if safe and '"""' not in text and "\\" not in text and not text.endswith('"'):
        return '"""\\\n' + text + '"""'
    lines = text.splitlines(keepends=True) or [""]
    return "(\n" + "".join(f"    {line!r}\n" for line in lines) + ")"


def _code(bank: CaseBank, out: Path, source: Path | None) -> list[tuple[str, str]]:
    """The (cell type, source) pairs of the notebook."""
    kind, cases = bank.kind, bank.cases
    widgets = {
        "classification": "ClassificationExercise",
        "valuation": "ValuationExercise",
        "origin": "OriginExercise",
        "risk": "RiskExercise",
        "quiz": "QuizView",
    }[kind]
    worked = kind != "quiz" and len(cases) >= 2
    about = bank.settings.get("about", "")
    title = bank.title if "practice" in bank.title.lower() else f"Practice: {bank.title}"
    noun = {"quiz": "question", "risk": "register entry"}.get(kind, "case")
    plural = noun if len(cases) == 1 else noun.replace("entry", "entrie") + "s"
    head = [
        f"# {title}",
        "",
        f"*{_LABEL[kind]} · {len(cases)} {plural} from `{bank.file}`*",
        "",
        "**By the end of this notebook you can:**",
        *(f"- {line}" for line in _OBJECTIVES[kind]),
    ]
    if about:
        head += ["", f"*About these cases:* {about}"]
    cells = [("markdown", "\n".join(head)), ("markdown", f"## How to work\n\n{_HOW[kind]}")]

    imports = ["from mtp_kit.exercises import read_bank_text"]
    if kind == "quiz":
        imports = ["from mtp_kit.exercises import Quiz, read_bank_text"]
    if kind == "origin":
        imports.append("from mtp_kit.origin import assess_origin, load_agreement")
    imports.append(f"from mtp_kit.widgets import {widgets}")
    folder = ""
    names_files = bank.settings.get("agreement", "").endswith(".json") or any(
        bank.settings.get(name) for name in ("nomenclature_file", "base_file")
    )
    if source is not None and names_files:
        try:
            relative = os.path.relpath(source.parent.resolve(), out.parent.resolve())
        except ValueError:  # another drive on Windows
            relative = str(source.parent.resolve())
        folder = f", folder={Path(relative).as_posix()!r}"
    setup = [
        *imports,
        "",
        f"# The cases of {bank.file}, copied in so that this notebook runs anywhere. To change them, edit the",
        f"# bank, run `mtp bank check {bank.file}`, then `mtp bank practice {bank.file}` again.",
        f"BANK = {_python_text(bank.text)}",
        f"bank = read_bank_text(BANK, name={bank.file!r}{folder})",
    ]
    if kind == "classification":
        setup.append("nomenclature = bank.nomenclature()")
    if kind == "origin":
        setup.append("agreement = load_agreement(bank.agreement_name())")
    if kind == "risk":
        setup.append("matrix = bank.matrix()")
    shown = {"quiz": "case.prompt", "risk": "case.entry.id"}.get(kind, "case.title")
    setup.append(f"[{shown} for case in bank.cases]")
    cells.append(("code", "\n".join(setup)))

    if worked:
        cells.append(
            (
                "markdown",
                "## Worked example: the first case, solved\n\nRead the explanation once, then do the other cases yourself.",
            )
        )
        cells.append(("code", _worked(kind)))
    cells.append(("markdown", "## Your turn"))
    start = 1 if worked else 0
    if kind == "quiz":
        cells.append(("code", "QuizView(Quiz(bank.title, bank.cases))"))
    elif kind == "risk":
        cells.append(
            (
                "code",
                f"RiskExercise([case.entry for case in bank.cases[{start}:]], matrix=matrix, title=bank.title)",
            )
        )
    else:
        for number in range(start, len(cases)):
            title = getattr(cases[number], "title", "")
            cells.append(("markdown", f"### Case {number + 1}: {title}"))
            cells.append(("code", _exercise(kind, number)))
    summary = [
        "## Summary",
        "",
        *(f"- {line}" for line in _SUMMARY[kind]),
        f"- These cases come from the bank `{bank.file}`; trainers add their own cases to a bank like it "
        "(see `docs/authoring.md`).",
    ]
    cells.append(("markdown", "\n".join(summary)))
    return cells


def _worked(kind: str) -> str:
    if kind == "valuation":
        return (
            "first = bank.cases[0]\nprint(first.title)\nprint(first.solve())\nif first.working:\n"
            '    print()\n    print("Author\'s working:", first.working)'
        )
    if kind == "classification":
        return (
            "first = bank.cases[0]\nprint(first.title, '-', first.goods)\n"
            "for step in nomenclature.path(first.subheading):\n    print(' ', step)\n"
            "print(f'GIR {first.gir}: {first.reasoning}')"
        )
    if kind == "origin":
        return (
            "first = bank.cases[0]\n"
            "verdict = assess_origin(product=first.product, agreement=agreement, rule=first.rule,\n"
            "                        tolerance_percent=first.tolerance_percent)\n"
            'print(verdict.explain())\nif first.explanation:\n    print()\n    print("Author\'s note:", first.explanation)'
        )
    return (
        "first = bank.cases[0]\nprint(first.entry.id, '-', first.entry.statement)\n"
        'print(first.entry.rate(matrix).reason)\nif first.explanation:\n    print("Author\'s note:", first.explanation)'
    )


def _exercise(kind: str, number: int) -> str:
    if kind == "valuation":
        return (
            f"case = bank.cases[{number}]\n"
            "ValuationExercise(case.transaction, basis=case.basis, exchange_rates=case.rates,\n"
            "                  national_currency=case.national_currency, title=case.title)"
        )
    if kind == "classification":
        return f"ClassificationExercise(bank.cases[{number}], nomenclature=nomenclature)"
    return (
        f"case = bank.cases[{number}]\n"
        "OriginExercise(case.product, agreement, rule=case.rule, tolerance_percent=case.tolerance_percent,\n"
        "               title=case.title)"
    )


def practice_notebook(bank: CaseBank, *, out: str | Path, source: str | Path | None = None) -> str:
    """The practice notebook for ``bank`` as ipynb text, to be written at ``out``.

    ``source`` is the bank file; it is needed only when the bank names other files (a nomenclature or an
    agreement file), which the notebook then finds relative to ``out``. A bank with errors is refused.

    >>> from mtp_kit.exercises._banks import read_bank_text
    >>> bank = read_bank_text("bank,quiz\\nid,question,answer\\nq1,2 + 2?,4\\n", name="q.csv")
    >>> text = practice_notebook(bank, out="q-practice.ipynb")
    >>> '"id": "c00"' in text, "QuizView(Quiz(bank.title, bank.cases))" in text
    (True, True)
    """
    import nbformat
    from nbformat import v4

    if bank.errors:
        raise ConfigError(
            f"{bank.file} has {len(bank.errors)} error(s): run 'mtp bank check {bank.file}' and fix them first"
        )
    if not bank.cases:
        raise ConfigError(f"{bank.file} has no cases: add at least one case")
    cells = []
    for number, (kind, text) in enumerate(_code(bank, Path(out), Path(source) if source else None)):
        maker = v4.new_markdown_cell if kind == "markdown" else v4.new_code_cell
        cells.append(maker(text, id=f"c{number:02d}"))
    notebook = v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    notebook.nbformat_minor = 5
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def write_practice_notebook(path: str | Path, *, out: str | Path | None = None) -> Path:
    """Read the bank at ``path`` and write its practice notebook (default: beside it, ``<name>-practice.ipynb``).

    Returns the path written. Writing twice from an unchanged bank gives identical bytes.
    """
    path = Path(path)
    bank = read_bank(path)
    target = Path(out) if out is not None else path.with_name(f"{path.stem}-practice.ipynb")
    if target.is_dir() or target.suffix.lower() != ".ipynb":
        # A folder (existing or to be made): the notebook takes the bank's name inside it.
        target = target / f"{path.stem}-practice.ipynb"
    text = practice_notebook(bank, out=target, source=path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    return target
