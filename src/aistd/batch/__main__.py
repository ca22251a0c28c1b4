"""`python -m aistd.batch validate|convert ...`: the batch command without the main command line."""

import sys

from aistd.batch.cli import main

if __name__ == "__main__":  # worker processes are spawned: they import this module, and must not run it
    sys.exit(main())
