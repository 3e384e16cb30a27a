"""Course notebooks: committed clean, linked from the index, and running top to bottom from a clean kernel."""

import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
COURSES = ROOT / "courses"
NOTEBOOKS = sorted(COURSES.rglob("*.ipynb"))
NOTEBOOKS = [path for path in NOTEBOOKS if ".ipynb_checkpoints" not in path.parts]
LESSONS = [path for path in NOTEBOOKS if path.name != "index.ipynb"]


def _ids(path: Path) -> str:
    return str(path.relative_to(COURSES))


def test_there_are_course_notebooks():
    assert len(NOTEBOOKS) >= 8


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_is_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a code cell has outputs"
            assert cell["execution_count"] is None, f"{path.name}: a code cell has an execution count"


def test_every_notebook_is_linked_from_the_index():
    index = (COURSES / "index.ipynb").read_text(encoding="utf-8")
    links = set(re.findall(r"\]\(([^)]+\.ipynb)\)", index))
    expected = {str(path.relative_to(COURSES)) for path in NOTEBOOKS if path.name != "index.ipynb"}
    assert expected - links == set()
    assert {link for link in links if not (COURSES / link).exists()} == set()


@pytest.mark.parametrize("path", LESSONS, ids=_ids)
def test_lesson_follows_the_course_template(path):
    text = "\n".join(
        "".join(cell["source"])
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
    )
    for part in (
        "By the end of this notebook you can",
        "Worked example",
        "Your turn",
        "Self-check",
        "Summary",
    ):
        assert part in text, f"{path.name} lacks '{part}'"
    source = path.read_text(encoding="utf-8")
    assert "QuizView(Quiz(" in source


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_runs_top_to_bottom_without_errors(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", (
                f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
            )
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"{path.name}: {output.text}"
            )
    print(f"{path.relative_to(COURSES)} ran in {elapsed:.1f} s")
