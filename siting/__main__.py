"""Entry point for ``python -m siting``."""

import sys

from .cli import main

sys.exit(main())
