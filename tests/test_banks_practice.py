"""Practice notebooks generated from case banks: the course template, identical regeneration, and clean runs."""

import ast
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from test_banks import BANKS, EXAMPLES, csv_rows, write_bank, write_xlsx

from mtp_kit.errors import ConfigError
from mtp_kit.exercises import read_bank
from mtp_kit.exercises._cli import main
from mtp_kit.exercises._generate import practice_notebook, write_practice_notebook


def run(path: Path) -> nbformat.NotebookNode:
    """Execute a notebook from a clean kernel in its own folder and fail on any error or stderr output."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", (
                f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
            )
            assert not (output.output_type == "stream" and output.name == "stderr"), output.text
    return notebook


def test_practice_writes_a_notebook_beside_the_bank_by_default(tmp_path, capsys):
    bank = tmp_path / "quiz.csv"
    bank.write_bytes((BANKS / "quiz-valuation.csv").read_bytes())
    assert main(["practice", str(bank)]) == 0
    written = tmp_path / "quiz-practice.ipynb"
    assert capsys.readouterr().out == f"quiz.csv: 4 quiz cases -> {written}\n"
    assert written.is_file()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_regenerating_from_an_unchanged_bank_gives_identical_bytes(tmp_path, path):
    first = write_practice_notebook(path, out=tmp_path / "a" / "practice.ipynb").read_bytes()
    second = write_practice_notebook(path, out=tmp_path / "b" / "practice.ipynb").read_bytes()
    assert first == second
    notebook = json.loads(first)
    assert [cell["id"] for cell in notebook["cells"]] == [f"c{n:02d}" for n in range(len(notebook["cells"]))]


def test_a_changed_bank_changes_the_notebook(tmp_path):
    bank = tmp_path / "risk.csv"
    bank.write_text((BANKS / "risk-register.csv").read_text(encoding="utf-8").replace("Smuggled", "smuggled"))
    before = write_practice_notebook(BANKS / "risk-register.csv", out=tmp_path / "one.ipynb").read_text()
    after = write_practice_notebook(bank, out=tmp_path / "two.ipynb").read_text()
    assert before != after


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_practice_notebook_follows_the_course_template_and_is_committed_clean(tmp_path, path):
    notebook = json.loads(write_practice_notebook(path, out=tmp_path / "p.ipynb").read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    for part in ("By the end of this notebook you can", "## How to work", "## Your turn", "## Summary"):
        assert part in markdown, part
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_the_valuation_notebook_shows_one_exercise_per_case_after_the_worked_example(tmp_path):
    notebook = json.loads(
        write_practice_notebook(BANKS / "valuation-cases.csv", out=tmp_path / "v.ipynb").read_text(
            encoding="utf-8"
        )
    )
    sources = ["".join(cell["source"]) for cell in notebook["cells"]]
    assert sum("ValuationExercise(case.transaction" in s for s in sources) == 3
    assert any("## Worked example" in s for s in sources)
    assert "### Case 4: Ceramic tiles, EXW, costs in two currencies" in sources


def test_a_bank_with_errors_is_not_turned_into_a_notebook(tmp_path):
    path = write_bank(tmp_path, "bad.csv", "bank,risk\nid,statement,likelihood,impact\nR1,s,9,1\n")
    with pytest.raises(ConfigError, match=r"bad\.csv has 1 error"):
        practice_notebook(read_bank(path), out=tmp_path / "bad.ipynb")


def test_cell_text_that_is_not_safe_in_triple_quotes_is_embedded_line_by_line(tmp_path):
    path = write_bank(
        tmp_path,
        "quiz.csv",
        'bank,quiz\nid,question,answer,explanation\nq1,"Back\\slash and ""quotes""""""?",4,ok\n',
    )
    bank = read_bank(path)
    setup = "".join(json.loads(practice_notebook(bank, out=tmp_path / "q.ipynb"))["cells"][2]["source"])
    literal = setup[setup.index("BANK = ") + len("BANK = ") : setup.index("\nbank = read_bank_text")]
    assert literal.startswith("(")
    assert ast.literal_eval(literal) == bank.text


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_practice_notebook_of_each_example_bank_runs_top_to_bottom(tmp_path, path):
    notebook = run(write_practice_notebook(path, out=tmp_path / "practice.ipynb"))
    shown = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    widgets = [
        output for output in shown if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    assert widgets, "no widget was shown"


@pytest.mark.slow
def test_an_xlsx_bank_round_trips_to_a_running_notebook(tmp_path):
    workbook = write_xlsx(tmp_path / "cases.xlsx", csv_rows(BANKS / "classification-cases.csv"))
    assert main(["practice", str(workbook), "--out", str(tmp_path / "out")]) == 0
    notebook = run(tmp_path / "out" / "cases-practice.ipynb")
    text = "".join(output.get("text", "") for cell in notebook.cells for output in cell.get("outputs", []))
    assert "0901.22 - - Roasted coffee, decaffeinated" in text


@pytest.mark.slow
def test_a_notebook_finds_the_national_tariff_its_bank_names(tmp_path):
    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "tariff.csv").write_text(
        "code,description\n0901.22.10,Decaffeinated roasted coffee in beans\n", encoding="utf-8"
    )
    path = write_bank(
        tmp_path / "banks",
        "hs.csv",
        "bank,classification\nnomenclature,national-tariff\nnomenclature_file,tariff.csv\n"
        "id,title,goods,heading,subheading,gir,explanation\n"
        "c1,Coffee,Beans,0901,0901.22,6,Decaf.\nc2,Coffee again,Beans,0901,0901.21,6,Not decaf.\n",
    )
    written = write_practice_notebook(path, out=tmp_path / "notebooks" / "hs.ipynb")
    assert "folder='../banks'" in written.read_text(encoding="utf-8")
    run(written)
