"""The README's example runs and prints what it says, and its commands exist."""

import re
from decimal import Decimal
from pathlib import Path

from mtp_kit.cli import COMMANDS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_valuation_example_runs_and_gives_the_total_it_states(capsys):
    (block,) = re.findall(r"```python\n(.*?)```", README, re.S)
    namespace: dict = {}
    exec(block, namespace)
    # 12,000 + 400 + 150 + 1,100 + 80 + 500 = 14,230 (the buying commission is not added) x 1.25 = 17,787.50
    assert namespace["value"].total == Decimal("17787.50")
    assert "17,787.50 KES" in capsys.readouterr().out


def test_every_mtp_command_the_readme_shows_is_registered():
    shown = set(re.findall(r"^mtp ([a-z-]+)", README, re.M))
    assert shown
    assert shown <= set(COMMANDS)


def test_every_make_target_the_readme_shows_exists():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"^make ([a-z]+)", README, re.M)):
        assert re.search(rf"^{target}:", makefile, re.M), target
