"""Run the command line with ``python -m aistd``."""

import sys

from aistd.cli import main

if __name__ == "__main__":  # processes a run spawns import this module again, and must not run it
    sys.exit(main())
