"""The public face of mtp_kit.hs: a pinned list of names, and a core that loads no Jupyter or pandas."""

from __future__ import annotations

import subprocess
import sys

import mtp_kit.hs


def test_the_exported_names_are_pinned():
    """Adding or removing a public name is a decision, so this list changes only on purpose."""
    assert mtp_kit.hs.__all__ == [
        "DEFAULT_EDITION",
        "GIRS",
        "ClassificationCase",
        "ClassificationMark",
        "Entry",
        "HSCode",
        "Level",
        "MarkWeights",
        "Nomenclature",
        "SearchHit",
        "SearchIndex",
        "Section",
        "load_case_bank",
        "load_harmonized_system",
        "load_national_tariff",
        "load_teaching_extract",
        "mark_classification",
        "parse_code",
        "parse_gir",
        "subheading_dash",
    ]
    assert mtp_kit.hs.__all__ == sorted(mtp_kit.hs.__all__, key=lambda name: (not name.isupper(), name))
    assert all(hasattr(mtp_kit.hs, name) for name in mtp_kit.hs.__all__)


def test_the_hs_core_is_free_of_jupyter_pandas_and_nbgrader():
    """Importing and using mtp_kit.hs loads none of the heavy adapters, so it can run in the browser later."""
    code = (
        "import sys, mtp_kit.hs as hs; t = hs.load_teaching_extract(); t.search('horse'); "
        "hs.mark_classification(hs.load_case_bank()[0], answer='8423.10'); "
        "print(sorted({'ipywidgets', 'nbgrader', 'pandas', 'numpy', 'IPython'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
