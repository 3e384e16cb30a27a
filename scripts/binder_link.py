#!/usr/bin/env python3
"""The Binder launch link and README badge for wherever this repository is published.

mybinder.org builds a public repository from its address, so the link can only be written once the project has
one. This script derives it from a git remote (``origin`` by default) or an address given on the command line,
prints the link and the badge, and with ``--write`` puts the badge into README.md in place of the current one.

    python3 scripts/binder_link.py                       # from `git remote get-url origin`, branch main
    python3 scripts/binder_link.py https://github.com/wco-mtp/mtp-kit --branch main --write

GitHub and GitLab addresses get mybinder.org's short forms (``gh``, ``gl``); any other public git address the
generic ``git`` form. The link opens JupyterLab on the course map, the page ``make lab`` opens.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BINDER = "https://mybinder.org/v2"
URLPATH = "lab/tree/courses/index.ipynb"
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"
BADGE_TEXT = "Open the courses on Binder"
#: The README line that holds the badge: the image, then the link.
BADGE_LINE = re.compile(r"^\[!\[" + re.escape(BADGE_TEXT) + r"\]\([^)]*\)\]\([^)]*\)$", re.MULTILINE)

_HOSTED = re.compile(
    r"^(?:https?://|ssh://git@|git@)(?P<host>github\.com|gitlab\.com)[/:](?P<path>[\w.-]+(?:/[\w.-]+)+)$"
)


def launch_link(address: str, *, branch: str = "main") -> str:
    """The mybinder.org link that builds *address* at *branch* and opens the course map.

    >>> launch_link("git@github.com:wco-mtp/mtp-kit.git")
    'https://mybinder.org/v2/gh/wco-mtp/mtp-kit/main?urlpath=lab/tree/courses/index.ipynb'
    """
    if not branch or any(char.isspace() for char in branch):
        raise ValueError(f"{branch!r} is not a branch name: expected a name such as 'main'")
    address = address.strip().rstrip("/")
    hosted = _HOSTED.match(address.removesuffix(".git"))
    if hosted and hosted["host"] == "github.com":
        owner_repo = hosted["path"]
        if owner_repo.count("/") != 1:
            raise ValueError(f"{address!r} is not a GitHub repository: expected github.com/OWNER/REPOSITORY")
        return f"{BINDER}/gh/{owner_repo}/{quote(branch, safe='')}?urlpath={URLPATH}"
    if not hosted and re.search(r"(^|[/@])(github|gitlab)\.com\b", address):
        raise ValueError(
            f"{address!r} names no repository: expected github.com/OWNER/REPOSITORY or gitlab.com/GROUP/PROJECT"
        )
    if hosted:
        return f"{BINDER}/gl/{quote(hosted['path'], safe='')}/{quote(branch, safe='')}?urlpath={URLPATH}"
    if re.match(r"^https?://[^/\s]+/\S+$", address):
        return f"{BINDER}/git/{quote(address, safe='')}/{quote(branch, safe='')}?urlpath={URLPATH}"
    raise ValueError(
        f"{address!r} is not a public repository address: expected https://github.com/OWNER/REPOSITORY, "
        "git@github.com:OWNER/REPOSITORY.git, a GitLab address, or another https:// git address"
    )


def badge(link: str) -> str:
    """The README line: Binder's badge image linking to *link*.

    >>> badge("https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/courses/index.ipynb")
    '[![Open the courses on Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/courses/index.ipynb)'
    """
    return f"[![{BADGE_TEXT}]({BADGE_IMAGE})]({link})"


def write_badge(readme: Path, link: str) -> bool:
    """Replace the badge line of *readme* with one for *link*; True when the file changed."""
    text = readme.read_text(encoding="utf-8")
    found = BADGE_LINE.findall(text)
    if len(found) != 1:
        raise ValueError(f"{readme} should hold exactly one Binder badge line, it holds {len(found)}")
    updated = BADGE_LINE.sub(lambda _: badge(link), text)
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    return updated != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", nargs="?", help="the public repository address (default: the git remote)")
    parser.add_argument("--remote", default="origin", help="git remote to read when no address is given")
    parser.add_argument("--branch", default="main", help="the branch Binder builds (default: main)")
    parser.add_argument("--write", action="store_true", help="put the badge into README.md")
    args = parser.parse_args(argv)
    address = args.address
    if not address:
        remote = subprocess.run(
            ["git", "remote", "get-url", args.remote], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if remote.returncode:
            print(
                f"this checkout has no git remote {args.remote!r}: give the public address, for example "
                "python3 scripts/binder_link.py https://github.com/OWNER/REPOSITORY"
            )
            return 2
        address = remote.stdout.strip()
    try:
        link = launch_link(address, branch=args.branch)
    except ValueError as error:
        print(error)
        return 2
    print(link)
    print(badge(link))
    if args.write:
        changed = write_badge(ROOT / "README.md", link)
        print("README.md badge updated" if changed else "README.md badge already points there")
    return 0


if __name__ == "__main__":
    sys.exit(main())
