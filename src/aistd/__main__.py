"""Run the command line with ``python -m aistd``."""

from aistd.cli import main

raise SystemExit(main())
