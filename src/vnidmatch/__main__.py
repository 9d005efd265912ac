"""``python -m vnidmatch``: the command line."""

from __future__ import annotations

import sys

from vnidmatch.cli import main

sys.exit(main())
