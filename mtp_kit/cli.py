"""The ``mtp`` command: parses the first word, hands the rest to the subcommand that owns it, exits with its code.

Each subcommand lives beside the code it drives (grading, readiness …) as ``main(argv) -> int`` and is imported
only when asked for, so ``mtp --help`` stays instant and a trainer without nbgrader installed can still use the
rest. Errors a user can cause print one clear line and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from mtp_kit.errors import MtpKitError

__all__ = ["COMMANDS", "main"]

# command -> (module with main(argv) -> int, one-line summary)
COMMANDS: dict[str, tuple[str, str]] = {
    "bank": ("mtp_kit.exercises._cli", "check a case bank and turn it into practice notebooks"),
    "certificate": ("mtp_kit.readiness._commands.certificate", "PDF certificates with a verification code"),
    "cohort": ("mtp_kit.readiness._commands.cohort", "import a cohort's evidence, status, reports"),
    "collect-zip": ("mtp_kit.grading._collect", "file e-mailed or USB submissions (a zip) for grading"),
    "doctor": ("mtp_kit._doctor", "what this machine has for the courses and tools, and what to fix"),
    "feedback": ("mtp_kit.grading._feedback", "feedback pages without hidden tests or answer keys"),
    "grade": ("mtp_kit.grading._cli", "autograde submissions in parallel, with a report"),
    "items": ("mtp_kit.readiness._commands.items", "item statistics of one assessment"),
    "readiness": ("mtp_kit.readiness._commands.readiness", "status, rules R1-R6 and next actions"),
    "verify": ("mtp_kit.readiness._commands.verify", "check a certificate's verification code, offline"),
}


def _usage() -> str:
    lines = ["usage: mtp COMMAND [ARGS...]", "", "commands:"]
    width = max((len(name) for name in COMMANDS), default=0)
    lines += [f"  {name.ljust(width)}  {summary}" for name, (_, summary) in sorted(COMMANDS.items())]
    if not COMMANDS:
        lines.append("  (none installed yet)")
    lines += ["", "Run 'mtp COMMAND --help' for the arguments of one command."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mtp`` with ``argv`` (default: the process arguments) and return the exit code.

    >>> main(["--version"])
    mtp 0.1.0
    0
    >>> main(["frobnicate"])
    mtp: unknown command 'frobnicate'; run 'mtp --help' for the list
    2
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(_usage())
        return 0 if args else 2
    if args[0] == "--version":
        from mtp_kit import __version__

        print(f"mtp {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"mtp: unknown command {name!r}; run 'mtp --help' for the list")
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    try:
        return int(module.main(rest))
    except MtpKitError as error:
        print(f"mtp {name}: {error}")
        return 1
    except KeyboardInterrupt:
        print(f"mtp {name}: interrupted")
        return 130
