"""`python -m aistd.build.docs.french [--out DIR]`: write the French site's pages (developers).

Build-time only: it needs a source checkout and the `docs` extra (Jinja2). Exit 0 when done; 2 on a usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from aistd.build.docs.command import run_generator
from aistd.build.docs.french.site import DOCS_FOLDER, generate_french_pages, write_french_pages
from aistd.build.docs.site import Written
from aistd.knowledge import artifacts


def _generate(root: Path, out: Path) -> Written:
    return write_french_pages(generate_french_pages(artifacts.ARTIFACT_DIR, root / "docs"), out)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the French pages into their docs folder; return the exit code."""
    return run_generator("python -m aistd.build.docs.french", __doc__, DOCS_FOLDER, _generate, "French files", argv)


if __name__ == "__main__":
    sys.exit(main())
