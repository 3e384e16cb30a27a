"""The shape of the package: its public names, its layering, and its documentation."""

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import mtp_kit
import mtp_kit.errors
import mtp_kit.valuation

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser from PyPI
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_top_level_exports_are_pinned():
    assert mtp_kit.__all__ == [
        "AuditError",
        "ConfigError",
        "CostElement",
        "CustomsValue",
        "GradingError",
        "HSCodeError",
        "HSError",
        "MtpKitError",
        "NomenclatureError",
        "OriginError",
        "ReadinessError",
        "RiskError",
        "Transaction",
        "ValuationError",
        "__version__",
        "compute_customs_value",
    ]


@pytest.mark.parametrize("module", [mtp_kit, mtp_kit.errors, mtp_kit.valuation], ids=lambda m: m.__name__)
def test_all_is_sorted_and_every_name_exists(module):
    assert module.__all__ == sorted(module.__all__)
    for name in module.__all__:
        assert hasattr(module, name), name


def test_version_matches_pyproject():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert mtp_kit.__version__ == meta["project"]["version"]


def test_every_error_is_an_mtp_kit_error_and_a_value_error():
    for name in mtp_kit.errors.__all__:
        error = getattr(mtp_kit.errors, name)
        assert issubclass(error, mtp_kit.errors.MtpKitError)
        assert issubclass(error, ValueError)


def test_error_hierarchy_is_drawn_in_the_module_docstring():
    for name in mtp_kit.errors.__all__:
        assert name in mtp_kit.errors.__doc__, name


@pytest.mark.parametrize("module", ["mtp_kit", "mtp_kit.valuation"])
def test_domain_is_jupyter_free(module):
    code = f"import sys, {module}; print(sorted({{'ipywidgets', 'nbgrader', 'pandas', 'IPython', 'traitlets'}} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_valuation_imports_only_the_standard_library():
    code = (
        "import sys; before = set(sys.modules); import mtp_kit.valuation; "
        "print(sorted({m.split('.')[0] for m in set(sys.modules) - before} - set(sys.stdlib_module_names)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['mtp_kit']"


def _public_callables(module):
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, classmethod | staticmethod):
                    member = member.__func__
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member):
                    yield f"{name}.{attr}", member


def test_every_public_function_of_valuation_has_a_doctest():
    missing = [name for name, fn in _public_callables(mtp_kit.valuation) if ">>>" not in (fn.__doc__ or "")]
    assert missing == []


def test_every_module_starts_with_a_paragraph_saying_what_it_is_for():
    for path in sorted((ROOT / "mtp_kit").rglob("*.py")):
        # Read the docstring without importing: __main__ would run the command.
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, path
        assert len(doc.split()) >= 8, path
