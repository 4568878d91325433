"""`python -m scoring ...`: see scoring/cli.py and shared/contract.md."""

import sys

from scoring.cli import main

sys.exit(main())
