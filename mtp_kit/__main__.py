"""``python -m mtp_kit`` runs the ``mtp`` command, for machines where the script is not on the PATH."""

import sys

from mtp_kit.cli import main

sys.exit(main())
