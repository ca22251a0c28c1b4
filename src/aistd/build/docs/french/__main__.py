"""`python -m aistd.build.docs.french [--out DIR]`: write the French site's pages (developers).

Build-time only: it needs a source checkout and the `docs` extra (Jinja2). Exit 0 when done; 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from aistd.build.docs.french.site import DOCS_FOLDER, generate_french_pages, write_french_pages
from aistd.knowledge import artifacts


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the French pages into their docs folder; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m aistd.build.docs.french", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help=f"the folder to write into (default: {DOCS_FOLDER}/)")
    args = parser.parse_args(argv)
    root = artifacts.checkout_root()
    if root is None:
        print("aistd.build.docs.french: not in a source checkout (no schema/ folder)", file=sys.stderr)
        return 2
    out = args.out or root / DOCS_FOLDER
    started = time.perf_counter()
    done = write_french_pages(generate_french_pages(artifacts.ARTIFACT_DIR, root / "docs"), out)
    seconds = time.perf_counter() - started
    print(
        f"{done.pages} French files under {out}: {len(done.written)} written, {len(done.removed)} removed "
        f"({seconds:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
