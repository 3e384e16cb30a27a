"""The `mtp` command's own behaviour: help, version, unknown commands, and errors as one line."""

import subprocess
import sys

from mtp_kit import cli


def test_help_lists_usage_and_exits_zero(capsys):
    assert cli.main(["--help"]) == 0
    assert "usage: mtp COMMAND" in capsys.readouterr().out


def test_no_arguments_prints_usage_and_exits_two(capsys):
    assert cli.main([]) == 2
    assert "usage: mtp COMMAND" in capsys.readouterr().out


def test_unknown_command_is_one_line_and_exit_two(capsys):
    assert cli.main(["frobnicate"]) == 2
    assert capsys.readouterr().out.strip().count("\n") == 0


def test_a_user_error_in_a_subcommand_prints_one_line_and_exits_one(capsys, monkeypatch, tmp_path):
    module = tmp_path / "fake_command.py"
    module.write_text(
        "from mtp_kit.errors import ConfigError\n"
        "def main(argv):\n"
        "    raise ConfigError('policy.toml: key r1.pass_mark is 120: expected 0 to 100')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli.COMMANDS, "fake", ("fake_command", "a test command"))
    assert cli.main(["fake"]) == 1
    assert capsys.readouterr().out == "mtp fake: policy.toml: key r1.pass_mark is 120: expected 0 to 100\n"


def test_python_dash_m_runs_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "mtp_kit", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("mtp ")
