"""`python -m scoring ...`: see scoring/cli.py and docs/cli-contract.md."""

import sys

from scoring.cli import main

sys.exit(main())
