"""The Binder files say what repo2docker needs and agree with pyproject.toml (the build itself: scripts/check-binder)."""

import os
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser from PyPI
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not pinned with =="
            pins[name.lower()] = version
    return pins


def test_every_runtime_dependency_is_pinned_within_the_pyproject_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for dependency in project["dependencies"]:
        requirement = Requirement(dependency)
        binder_python = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
        if requirement.marker and not requirement.marker.evaluate({"python_version": binder_python}):
            continue  # e.g. tomli, needed only below Python 3.11
        assert requirement.name.lower() in pins, (
            f"{requirement.name} is not pinned in binder/requirements.txt"
        )
        assert requirement.specifier.contains(pins[requirement.name.lower()]), (
            requirement,
            pins[requirement.name.lower()],
        )


def test_runtime_python_is_one_the_project_supports():
    version = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    supported = SpecifierSet(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    )
    assert supported.contains(version + ".0")


def test_post_build_is_executable_stops_on_error_and_keeps_the_pins():
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK)
    text = script.read_text()
    assert "set -euo pipefail" in text
    assert "--no-deps ." in text
    assert "pip check" in text


def test_readme_gives_the_binder_link_form_opening_the_course_map():
    assert "?urlpath=lab/tree/courses/index.ipynb" in (BINDER / "README.md").read_text()


def test_post_build_turns_off_nbgrader_for_self_study():
    """Binder has no exchange or gradebook: nbgrader's lab menus and every server extension are disabled."""
    text = (BINDER / "postBuild").read_text()
    assert "jupyter labextension disable --level=sys_prefix @jupyter/nbgrader" in text
    for extension in ("formgrader", "assignment_list", "course_list", "validate_assignment"):
        assert extension in text
    assert 'jupyter server extension disable --sys-prefix "nbgrader.server_extensions.$extension"' in text
