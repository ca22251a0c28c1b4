"""`python -m aistd.build.docs [--out DIR]`: write the site's generated pages and downloads (developers).

Build-time only: it needs a source checkout (the compiled tables, `mappings/`, `benchmarks/results/`) and the
`docs` extra (Jinja2). Exit 0 when done; 2 on a usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from aistd.build.docs.command import run_generator
from aistd.build.docs.site import Written, generate_pages, write_pages
from aistd.knowledge import artifacts


def _generate(root: Path, out: Path) -> Written:
    return write_pages(generate_pages(artifacts.ARTIFACT_DIR, root / "mappings"), out)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the pages into the docs folder; return the exit code."""
    return run_generator("python -m aistd.build.docs", __doc__, "docs", _generate, "generated files", argv)


if __name__ == "__main__":
    sys.exit(main())
