"""`python -m aistd.build [--check]`: regenerate every artifact from `schema/` and `mappings/` (developers).

Build-time only: it needs a source checkout and the `build` extra (LinkML, SSSOM, rdflib), and ships in no
wheel. Exit 0 when done (or, with --check, when nothing drifted); 1 when --check finds drift; 2 on a usage
error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aistd.build import run_build
from aistd.knowledge import artifacts


def main(argv: Sequence[str] | None = None) -> int:
    """Build, or check, the artifacts; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m aistd.build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed artifact is out of date")
    parser.add_argument("--schema", type=Path, default=None, help="the schema's entry file")
    args = parser.parse_args(argv)
    schema = args.schema
    if schema is None:
        root = artifacts.checkout_root()
        if root is None:
            print("aistd.build: no schema/ folder here; pass --schema", file=sys.stderr)
            return 2
        schema = root / "schema" / "aistd.yaml"
    if not schema.is_file():
        print(f"aistd.build: no such schema file: {schema}", file=sys.stderr)
        return 2
    result = run_build(schema, check=args.check)
    for path in result.drifted:
        print(f"{path}: {'out of date' if args.check else 'written'}")
    print(f"{len(result.drifted)} artifacts {'differ' if args.check else 'changed'} ({result.seconds:.1f} s)")
    return 1 if args.check and result.drifted else 0


if __name__ == "__main__":
    sys.exit(main())
