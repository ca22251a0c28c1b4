"""`python -m aistd.build.changelog`: paste `aistd diff 0.1.0 current` into docs/changelog.md (developers).

The changelog shows the schema diff of the release being made; tests/test_migrate.py fails when the two differ,
and this rewrites the block between its marker line and the closing fence.
"""

from __future__ import annotations

import contextlib
import io
import sys

from aistd.cli import main as cli
from aistd.knowledge import artifacts

MARKER = "`aistd diff 0.1.0 current` (the schema as it stands):\n\n```text\n"


def main() -> int:
    """Rewrite the diff block; 2 outside a checkout or when the changelog has no block."""
    root = artifacts.checkout_root()
    if root is None:
        print("aistd.build.changelog: not in a source checkout", file=sys.stderr)
        return 2
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli(["diff", "0.1.0", "current"])
    path = root / "docs" / "changelog.md"
    text = path.read_text(encoding="utf-8")
    if MARKER not in text:
        print(f"aistd.build.changelog: {path} has no diff block", file=sys.stderr)
        return 2
    start = text.index(MARKER) + len(MARKER)
    end = text.index("```\n", start)
    path.write_text(text[:start] + out.getvalue() + text[end:], encoding="utf-8")
    print(f"{path}: the diff block is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
