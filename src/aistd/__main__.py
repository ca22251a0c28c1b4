"""Run the command line with ``python -m aistd``."""

from aistd.cli import entry

if __name__ == "__main__":  # processes a run spawns import this module again, and must not run it
    entry()
