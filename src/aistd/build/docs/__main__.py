"""`python -m aistd.build.docs [--out DIR]`: write the site's generated pages and downloads (developers).

Build-time only: it needs a source checkout (the compiled tables, `mappings/`, `benchmarks/results/`) and the
`docs` extra (Jinja2). Exit 0 when done; 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from aistd.build.docs.site import generate_pages, write_pages
from aistd.knowledge import artifacts


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the pages into the docs folder; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m aistd.build.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="the docs folder to write into (default: docs/)")
    args = parser.parse_args(argv)
    root = artifacts.checkout_root()
    if root is None:
        print("aistd.build.docs: not in a source checkout (no schema/ folder)", file=sys.stderr)
        return 2
    out = args.out or root / "docs"
    started = time.perf_counter()
    done = write_pages(generate_pages(artifacts.ARTIFACT_DIR, root / "mappings"), out)
    seconds = time.perf_counter() - started
    print(
        f"{done.pages} generated files under {out}: {len(done.written)} written, {len(done.removed)} removed "
        f"({seconds:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
