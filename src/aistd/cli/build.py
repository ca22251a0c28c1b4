"""`aistd build [--check]`: regenerate the artifacts from `schema/` and `mappings/` (developers).

The build is build-time code (`aistd.build`, in a source checkout with the dev extras, in no wheel); this
command runs it as `python -m aistd.build` in a child process, so that nothing at run time imports it.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

from aistd.cli.base import add_command, usage_error


def register(commands: Any) -> None:
    """Add `build` to the command line."""
    build = add_command(
        commands,
        "build",
        help="regenerate every artifact from the schema (developers)",
        description="Regenerate every derived artifact from schema/ and mappings/ (a source checkout with the dev "
        "extras); --check exits 1 when a committed artifact is out of date.",
        examples=("aistd build --check", "aistd build"),
    )
    build.add_argument("--check", action="store_true", help="exit 1 if a committed artifact is out of date")
    build.add_argument("--schema", type=Path, default=None, help="the schema's entry file")
    build.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `python -m aistd.build` with the same options; its exit code."""
    if importlib.util.find_spec("aistd.build") is None:
        return usage_error("build", "the build needs a source checkout installed with its dev extras")
    command = [sys.executable, "-m", "aistd.build", *(["--check"] if args.check else [])]
    if args.schema is not None:
        command += ["--schema", str(args.schema)]
    return subprocess.run(command, check=False).returncode
