"""The Binder launch link and the README badge: right form for each host, and the badge opens the course map."""

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("binder_link", ROOT / "scripts" / "binder_link.py")
binder_link = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(binder_link)

COURSE_MAP = "?urlpath=lab/tree/courses/index.ipynb"


@pytest.mark.parametrize(
    "address",
    [
        "https://github.com/wco-mtp/mtp-kit",
        "https://github.com/wco-mtp/mtp-kit.git",
        "https://github.com/wco-mtp/mtp-kit/",
        "git@github.com:wco-mtp/mtp-kit.git",
        "ssh://git@github.com/wco-mtp/mtp-kit.git",
    ],
)
def test_every_way_of_writing_a_github_address_gives_the_same_link(address):
    """HTTPS, SSH, with or without .git: Binder's short gh form, owner and repository only."""
    assert binder_link.launch_link(address) == f"https://mybinder.org/v2/gh/wco-mtp/mtp-kit/main{COURSE_MAP}"


def test_the_branch_is_part_of_the_link():
    """A programme that publishes from a release branch gets that branch built."""
    link = binder_link.launch_link("https://github.com/o/r", branch="release-2027")
    assert link == f"https://mybinder.org/v2/gh/o/r/release-2027{COURSE_MAP}"


def test_gitlab_projects_in_subgroups_are_encoded_whole():
    """GitLab's form takes the project path as one encoded segment."""
    link = binder_link.launch_link("https://gitlab.com/wco/capacity/mtp-kit.git")
    assert link == f"https://mybinder.org/v2/gl/wco%2Fcapacity%2Fmtp-kit/main{COURSE_MAP}"


def test_another_git_host_uses_the_generic_form():
    """An administration's own public git server: the whole address, encoded."""
    link = binder_link.launch_link("https://git.customs.example.org/training/mtp-kit.git")
    assert link == (
        "https://mybinder.org/v2/git/https%3A%2F%2Fgit.customs.example.org%2Ftraining%2Fmtp-kit.git/main"
        + COURSE_MAP
    )


@pytest.mark.parametrize(
    ("address", "branch", "words"),
    [
        ("https://github.com/only-owner", "main", "names no repository"),
        ("/home/trainer/mtp-kit", "main", "is not a public repository address"),
        ("https://github.com/o/r", "two words", "is not a branch name"),
    ],
)
def test_an_address_binder_cannot_build_is_refused_with_what_is_accepted(address, branch, words):
    """A local path or an incomplete address would give a link that fails on mybinder.org."""
    with pytest.raises(ValueError, match=words) as raised:
        binder_link.launch_link(address, branch=branch)
    assert repr(branch if "branch" in words else address) in str(raised.value)


def test_the_readme_badge_opens_the_course_map_that_make_lab_opens():
    """The badge has Binder's form, and its path is the notebook make lab starts on."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = binder_link.BADGE_LINE.findall(readme)
    link = re.search(r"\]\((https://mybinder\.org/v2/[^)]*)\)$", line)[1]
    assert link.endswith(COURSE_MAP)
    assert (ROOT / "courses" / "index.ipynb").exists()
    assert "lab/tree/index.ipynb" in (ROOT / "Makefile").read_text(
        encoding="utf-8"
    )  # make lab, rooted at courses/
    assert line == binder_link.badge(binder_link.launch_link("https://github.com/OWNER/REPOSITORY"))


def test_write_replaces_only_the_badge_line(tmp_path):
    """--write swaps the badge and leaves every other line of the README as it was."""
    readme = tmp_path / "README.md"
    original = (ROOT / "README.md").read_text(encoding="utf-8")
    readme.write_text(original, encoding="utf-8")
    link = binder_link.launch_link("git@github.com:wco-mtp/mtp-kit.git")
    assert binder_link.write_badge(readme, link) is True
    after = readme.read_text(encoding="utf-8").splitlines()
    before = original.splitlines()
    changed = [index for index, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1
    assert after[changed[0]] == binder_link.badge(link)
    assert binder_link.write_badge(readme, link) is False


def test_write_refuses_a_readme_without_exactly_one_badge(tmp_path):
    """Nothing is written when the README has no badge line to replace."""
    readme = tmp_path / "README.md"
    readme.write_text("# MTP Kit\n", encoding="utf-8")
    with pytest.raises(ValueError, match="exactly one Binder badge line, it holds 0"):
        binder_link.write_badge(readme, binder_link.launch_link("https://github.com/o/r"))
    assert readme.read_text(encoding="utf-8") == "# MTP Kit\n"


def test_the_script_reads_the_origin_remote(tmp_path):
    """Run in a checkout whose origin is on GitHub, the script prints that repository's link and badge."""
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "binder_link.py"
    script.write_bytes((ROOT / "scripts" / "binder_link.py").read_bytes())
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    subprocess.run(
        ["git", "remote", "add", "origin", "git@github.com:wco-mtp/mtp-kit.git"], cwd=tmp_path, check=True
    )
    done = subprocess.run(["python3", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    link = f"https://mybinder.org/v2/gh/wco-mtp/mtp-kit/main{COURSE_MAP}"
    assert done.stdout.splitlines() == [link, binder_link.badge(link)]


def test_the_script_without_a_remote_asks_for_the_address(tmp_path):
    """A checkout with no remote gets exit status 2 and the command to give the address."""
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "binder_link.py"
    script.write_bytes((ROOT / "scripts" / "binder_link.py").read_bytes())
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    done = subprocess.run(["python3", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "has no git remote 'origin'" in done.stdout
    assert "scripts/binder_link.py https://github.com/OWNER/REPOSITORY" in done.stdout
